"""Evaluation commands: the project's own measurements on public data formats.

Each command module exposes ``configure_parser(parser)`` and ``main(args) -> int``; the
CLI's ``eval`` group wires them (see ``narrativewatch.cli``).
"""
