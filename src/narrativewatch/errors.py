"""Errors the library raises, and the exit codes the CLI maps them to.

Every error names the item it is about (a file, a URL, a line, a catalog entry), so one
line of output tells the user what to fix. Batch operations never stop on an item error:
they record it and go on.
"""

from __future__ import annotations

# Exit codes of the `narrativewatch` command (documented in README and `--help`).
EXIT_OK = 0
EXIT_PARTIAL = 1  # some inputs failed; everything else was processed and stored
EXIT_USAGE = 2  # bad arguments, invalid configuration or catalog: nothing was processed
EXIT_FAILED = 3  # no input could be processed at all
EXIT_INTERRUPTED = 130


class NarrativeWatchError(Exception):
    """Base class of every error the library raises on purpose."""


class InputError(NarrativeWatchError):
    """One input item (file, URL, line, feed entry) could not be read or used.

    ``item`` names it the way the user gave it ("corpus.jsonl:3", "https://…").
    """

    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason


class CatalogError(NarrativeWatchError):
    """A narrative catalog or actor registry file is invalid.

    The message names the file, the entry and the field, e.g.
    ``catalog.yaml: narrative 'ukraine-attack-belarus': field 'risk': must be one of …``.
    """

    def __init__(self, path: str, reason: str, entry: str | None = None, field: str | None = None):
        where = path
        if entry is not None:
            where += f": {entry}"
        if field is not None:
            where += f": field '{field}'"
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.entry = entry
        self.field = field
        self.reason = reason
        # More problems of the same entry, found with this one (catalog validation).
        self.others: tuple[CatalogError, ...] = ()


class ConfigError(NarrativeWatchError):
    """A setting has an invalid value; the message says how to fix it."""


class StoreError(NarrativeWatchError):
    """The store could not be opened or migrated."""
