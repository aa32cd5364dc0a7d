"""Training commands for the models NarrativeWatch ships (`narrativewatch train …`).

Each module exposes ``configure_parser(parser)`` and ``main(args) -> int`` like the
evaluation commands, trains reproducibly (fixed seeds) and records in its artifact the
SHA-256 of the data it learnt from.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file read for training, as the artifacts' cards record it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def log_progress(message: str) -> None:
    """A line on stderr, at once: training runs for minutes and is watched."""
    print(message, file=sys.stderr, flush=True)
