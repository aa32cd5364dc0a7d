"""Language names as data files write them ("English", "en", "eng", "Spanish, Castilian"),
read as one code per language."""

from __future__ import annotations

_LANGUAGE_CODES = {
    "en": "en",
    "eng": "en",
    "english": "en",
    "ru": "ru",
    "rus": "ru",
    "russian": "ru",
    "uk": "uk",
    "ukr": "uk",
    "ukrainian": "uk",
}


def language_code(name: str | None) -> str | None:
    """ "en", "ru" or "uk" for the names and codes of those languages, any other language
    lower-cased as given, and None when it is missing."""
    if name is None or not name.split(",")[0].strip():
        return None
    # "Spanish, Castilian": the ISO 639 name form lists variants after a comma.
    folded = name.split(",")[0].strip().lower()
    return _LANGUAGE_CODES.get(folded, folded)
