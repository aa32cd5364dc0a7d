"""Evaluation commands: the project's own measurements on public data formats.

Each command module exposes ``configure_parser(parser)`` and ``main(args) -> int``; the
CLI's ``eval`` group wires them (see ``narrativewatch.cli``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from narrativewatch.errors import EXIT_OK


def print_metrics(
    metrics: dict[str, Any], as_json: bool, table: Callable[[dict[str, Any]], str]
) -> int:
    """Print an evaluation's metrics as JSON or as its table; the command's exit code."""
    print(json.dumps(metrics, indent=2, ensure_ascii=False) if as_json else table(metrics))
    return EXIT_OK
