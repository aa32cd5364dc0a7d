"""Storage behind a small interface, chosen by a factory that refuses unknown values."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from narrativewatch.errors import ConfigError, StoreError
from narrativewatch.store.base import AddResult, NarrativeOverview, Store, StoredDocument

if TYPE_CHECKING:
    from narrativewatch.store.sqlite import SQLiteStore

__all__ = [
    "AddResult",
    "NarrativeOverview",
    "Store",
    "StoredDocument",
    "open_sqlite_store",
    "open_store",
]


def open_store(location: str | Path, *, existing: bool = False) -> Store:
    """Open the store a setting names: a SQLite file path (the default), ``sqlite:PATH``,
    or ``:memory:``. Other schemes (``postgresql://``) are refused until their backend
    lands. ``existing``: the store must already be there — for the commands that only
    read or review what was ingested, where a mistyped ``--db`` would otherwise make a new,
    empty file and report that nothing is in it. Raises ConfigError or StoreError."""
    text = str(location)
    if "://" in text and not text.startswith("sqlite:"):
        scheme = text.split("://", 1)[0]
        raise ConfigError(f"unknown store backend {scheme!r}: use a SQLite file path")
    from narrativewatch.store.sqlite import SQLiteStore

    path = text.removeprefix("sqlite:")
    if existing and path != ":memory:" and not Path(path).exists():
        raise StoreError(
            f"{path}: no such store (store documents in it first: "
            f"`narrativewatch ingest SOURCE… --db {path}`)"
        )
    return SQLiteStore(path)


def open_sqlite_store(
    location: str | Path, needed_by: str, *, existing: bool = False
) -> SQLiteStore:
    """``open_store`` for features that keep their own tables in SQLite (alerts,
    discovery). Raises ConfigError naming ``needed_by`` for another backend."""
    from narrativewatch.store.sqlite import SQLiteStore

    store = open_store(location, existing=existing)
    if not isinstance(store, SQLiteStore):
        store.close()
        raise ConfigError(f"{location}: {needed_by} works only with the SQLite store")
    return store
