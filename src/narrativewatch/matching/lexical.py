"""The lexical signal: shared content words between a claim and a catalog statement.

Stemmed terms (Snowball for English and Russian; a light suffix stripper for Ukrainian,
which Snowball lacks), stop words removed, weighted by inverse document frequency over the
catalog. The score is the IDF-weighted share of a statement's terms found in the claim, in
[0, 1]. It only ever adds to the dense score: a Russian claim shares no word with an English
statement, and that must not count against it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache

import numpy as np
import snowballstemmer

from narrativewatch.analysis.tokens import fold, is_cyrillic

_STOP = {
    "en": set(
        [
            "a",
            "an",
            "the",
            "of",
            "to",
            "in",
            "on",
            "at",
            "by",
            "for",
            "from",
            "with",
            "and",
            "or",
            "but",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "has",
            "have",
            "had",
            "it",
            "its",
            "this",
            "that",
            "these",
            "those",
            "as",
            "into",
            "about",
            "near",
            "than",
            "then",
            "there",
            "their",
            "they",
            "them",
            "he",
            "she",
            "his",
            "her",
            "we",
            "our",
            "you",
            "your",
            "i",
            "not",
            "no",
            "so",
            "such",
            "also",
            "which",
            "who",
            "whom",
            "whose",
            "will",
            "would",
            "can",
            "could",
            "should",
            "may",
            "might",
            "must",
            "do",
            "does",
            "did",
        ]
    ),
    "ru": set(
        [
            "и",
            "в",
            "во",
            "на",
            "с",
            "со",
            "к",
            "ко",
            "о",
            "об",
            "от",
            "до",
            "по",
            "за",
            "из",
            "у",
            "не",
            "ни",
            "что",
            "как",
            "так",
            "это",
            "этот",
            "эта",
            "эти",
            "то",
            "же",
            "ли",
            "бы",
            "был",
            "была",
            "были",
            "быть",
            "есть",
            "его",
            "ее",
            "её",
            "их",
            "он",
            "она",
            "они",
            "мы",
            "вы",
            "я",
            "а",
            "но",
            "или",
            "для",
            "при",
            "над",
            "под",
            "уже",
            "еще",
            "ещё",
            "также",
            "якобы",
            "чтобы",
            "который",
            "которая",
            "которые",
        ]
    ),
    "uk": set(
        [
            "і",
            "й",
            "та",
            "в",
            "у",
            "на",
            "з",
            "із",
            "зі",
            "до",
            "по",
            "за",
            "від",
            "для",
            "при",
            "над",
            "під",
            "не",
            "ні",
            "що",
            "як",
            "так",
            "це",
            "цей",
            "ця",
            "ці",
            "те",
            "же",
            "чи",
            "би",
            "був",
            "була",
            "були",
            "бути",
            "є",
            "його",
            "її",
            "їх",
            "він",
            "вона",
            "вони",
            "ми",
            "ви",
            "я",
            "а",
            "але",
            "або",
            "вже",
            "ще",
            "також",
            "нібито",
            "щоб",
            "який",
            "яка",
            "які",
        ]
    ),
}
_UK_ENDINGS = sorted(
    [
        "ами",
        "ями",
        "ові",
        "еві",
        "ого",
        "ому",
        "ими",
        "іми",
        "ій",
        "ої",
        "ою",
        "ею",
        "ів",
        "их",
        "іх",
        "ам",
        "ям",
        "ах",
        "ях",
        "ом",
        "ем",
        "а",
        "я",
        "у",
        "ю",
        "і",
        "ї",
        "е",
        "є",
        "о",
        "и",
        "ь",
    ],
    key=len,
    reverse=True,
)
_WORD = re.compile(r"\w+(?:['’ʼ]\w+)*", re.UNICODE)


@cache
def _snowball(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer({"en": "english", "ru": "russian"}[language])


def _stem_uk(word: str) -> str:
    for ending in _UK_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def stem_word(word: str, language: str) -> str:
    """The stem of one folded word (Snowball en/ru, the light stripper for uk)."""
    if language == "uk":
        return _stem_uk(word)
    if language in {"en", "ru"}:
        return str(_snowball(language).stemWord(word))
    return word


def terms(text: str, language: str | None) -> list[str]:
    """Stemmed content terms of ``text``."""
    words = [fold(w) for w in _WORD.findall(text)]
    if language not in _STOP:
        language = "ru" if any(is_cyrillic(w) for w in words) else "en"
    stop = _STOP[language]
    kept = [w for w in words if w not in stop and len(w) > 1 and not w.isdigit()]
    if language == "uk":
        return [_stem_uk(w) for w in kept]
    return list(_snowball(language).stemWords(kept))


class LexicalScores(Mapping[int, float]):
    """One claim's lexical scores as a read-only mapping row → score, kept as two arrays:
    ``rows`` (sorted) and ``shares``. The ranking reads the arrays directly; at 100,000
    catalog rows a claim can share a term with tens of thousands of them, and a dict of
    that size cost more than the rest of the ranking (docs/performance.md)."""

    __slots__ = ("rows", "shares")

    def __init__(self, rows: np.ndarray, shares: np.ndarray) -> None:
        self.rows = rows
        self.shares = shares

    def __getitem__(self, row: int) -> float:
        at = int(np.searchsorted(self.rows, row))
        if at < len(self.rows) and self.rows[at] == row:
            return float(self.shares[at])
        raise KeyError(row)

    def __iter__(self) -> Iterator[int]:
        return iter(self.rows.tolist())

    def __len__(self) -> int:
        return len(self.rows)

    def best(self) -> float:
        """The largest score, 0 when no row shares a term."""
        return float(self.shares.max()) if len(self.shares) else 0.0


class LexicalIndex:
    """IDF-weighted term overlap against a fixed set of statements."""

    def __init__(
        self,
        statements: Sequence[tuple[str, str | None]],
        counted: Sequence[bool] | None = None,
    ) -> None:
        """``counted``: the statements whose words the IDF is taken over (default: all).
        The catalog counts its background narratives' rows only (`index.background_columns`),
        so that a narrative added since leaves every other row's weights as they were; a
        word only the others use counts as rare as a word can be."""
        row_terms = [set(terms(text, language)) for text, language in statements]
        counted = counted if counted is not None else [True] * len(row_terms)
        frequency: Counter[str] = Counter(
            t for ts, count in zip(row_terms, counted, strict=True) if count for t in ts
        )
        total = max(1, sum(counted))
        vocabulary: set[str] = set().union(*row_terms)
        self._idf = {t: math.log(1 + total / max(1, frequency[t])) for t in vocabulary}
        self._weight = np.array(
            [sum(self._idf[t] for t in ts) or 1.0 for ts in row_terms], dtype=np.float64
        )
        rows_of_term: dict[str, list[int]] = {}
        for row, terms_of_row in enumerate(row_terms):
            for term in terms_of_row:
                rows_of_term.setdefault(term, []).append(row)
        self._rows_of_term = {t: np.array(r, dtype=np.int64) for t, r in rows_of_term.items()}

    def scores(
        self, text: str, language: str | None, rows: Iterable[int] | None = None
    ) -> LexicalScores:
        """For each statement row sharing a term with ``text`` (all rows, or only ``rows``),
        the IDF-weighted share of the row's terms present in ``text``."""
        postings = [
            (self._rows_of_term[term], self._idf[term])
            for term in set(terms(text, language))
            if term in self._rows_of_term
        ]
        if not postings:
            return LexicalScores(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
        hits = np.concatenate([term_rows for term_rows, _ in postings])
        idf = np.repeat([idf for _, idf in postings], [len(r) for r, _ in postings])
        shared = np.bincount(hits, weights=idf, minlength=len(self._weight))
        found = np.flatnonzero(shared)
        if rows is not None:
            found = found[np.isin(found, np.fromiter(rows, dtype=np.int64))]
        return LexicalScores(found, shared[found] / self._weight[found])
