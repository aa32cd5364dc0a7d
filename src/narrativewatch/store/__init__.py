"""Storage behind a small interface, chosen by a factory that refuses unknown values."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from narrativewatch.errors import ConfigError
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


def open_store(location: str | Path) -> Store:
    """Open the store a setting names: a SQLite file path (the default), ``sqlite:PATH``,
    or ``:memory:``. Other schemes (``postgresql://``) are refused until their backend
    lands. Raises ConfigError or StoreError."""
    text = str(location)
    if "://" in text and not text.startswith("sqlite:"):
        scheme = text.split("://", 1)[0]
        raise ConfigError(f"unknown store backend {scheme!r}: use a SQLite file path")
    from narrativewatch.store.sqlite import SQLiteStore

    return SQLiteStore(text.removeprefix("sqlite:"))


def open_sqlite_store(location: str | Path, needed_by: str) -> SQLiteStore:
    """``open_store`` for features that keep their own tables in SQLite (alerts,
    discovery). Raises ConfigError naming ``needed_by`` for another backend."""
    from narrativewatch.store.sqlite import SQLiteStore

    store = open_store(location)
    if not isinstance(store, SQLiteStore):
        store.close()
        raise ConfigError(f"{location}: {needed_by} works only with the SQLite store")
    return store
