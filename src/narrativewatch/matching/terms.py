"""Catalog terms: the word patterns a narrative's ``contrary`` and ``about`` fields list.

A term is a sequence of word beginnings, matched without regard to case: "sham
referendum" also finds "sham referendums", «аннекс» finds «аннексия» and
«аннексировала»; a term never starts inside a word. "…" (or "...")
between two words lets up to four words stand between them ("storage … full"). Word
beginnings are how one term covers Russian and Ukrainian inflection without a lemmatiser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

_GAP = r"(?:\W+[\w'’-]+){0,4}?\W+"  # "…": up to four words between two of a term's words
_GAP_MARKS = ("…", "...")


def term_problem(term: str) -> str | None:
    """Why a catalog term cannot be used, or None."""
    words = term.split()
    if not words or all(word in _GAP_MARKS for word in words):
        return "must contain a word"
    if words[0] in _GAP_MARKS or words[-1] in _GAP_MARKS:
        return "cannot begin or end with '…'"
    return None


@cache
def term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that finds any of ``terms`` (each must pass `term_problem`)."""
    alternatives = []
    for term in terms:
        parts: list[str] = []
        for word in term.split():
            if word in _GAP_MARKS:
                parts[-1] = _GAP
                continue
            parts.extend((re.escape(word) + r"[\w'’-]*", r"\W+"))
        alternatives.append("".join(parts[:-1]))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def names_any(text: str, terms: Sequence[str]) -> bool:
    """Whether ``text`` contains one of ``terms`` anywhere."""
    return bool(terms) and term_pattern(tuple(terms)).search(text) is not None
