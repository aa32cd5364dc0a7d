"""Training commands for the models NarrativeWatch ships (`narrativewatch train …`).

Each module exposes ``configure_parser(parser)`` and ``main(args) -> int`` like the
evaluation commands, trains reproducibly (fixed seeds) and records in its artifact the
SHA-256 of the data it learnt from.
"""
