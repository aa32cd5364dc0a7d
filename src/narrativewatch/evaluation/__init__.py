"""Evaluation commands: the project's own measurements on public data formats.

Each command module exposes ``configure_parser(parser)`` and ``main(args) -> int``; the
CLI's ``eval`` group wires them (see ``narrativewatch.cli``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from narrativewatch.errors import EXIT_OK, EXIT_USAGE


class DataError(Exception):
    """An input file is missing, unreadable or not in the expected format."""


def print_metrics(
    metrics: dict[str, Any], as_json: bool, table: Callable[[dict[str, Any]], str]
) -> int:
    """Print an evaluation's metrics as JSON or as its table; the command's exit code."""
    print(json.dumps(metrics, indent=2, ensure_ascii=False) if as_json else table(metrics))
    return EXIT_OK


def run_command(
    args: argparse.Namespace,
    run: Callable[[argparse.Namespace], dict[str, Any]],
    table: Callable[[dict[str, Any]], str],
) -> int:
    """An evaluation command's ``main``: run it and print the metrics (exit 0), or print
    the bad file or argument on one line (exit 2)."""
    try:
        metrics = run(args)
    except (DataError, ValueError) as exc:
        print(f"narrativewatch: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return print_metrics(metrics, args.json, table)
