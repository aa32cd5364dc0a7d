"""Storage behind a small interface, chosen by a factory that refuses unknown values."""

from __future__ import annotations

from pathlib import Path

from narrativewatch.errors import ConfigError
from narrativewatch.store.base import AddResult, NarrativeOverview, Store, StoredDocument

__all__ = ["AddResult", "NarrativeOverview", "Store", "StoredDocument", "open_store"]


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
