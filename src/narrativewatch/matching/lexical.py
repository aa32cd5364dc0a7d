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
from collections.abc import Iterable, Sequence
from functools import cache

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


class LexicalIndex:
    """IDF-weighted term overlap against a fixed set of statements."""

    def __init__(self, statements: Sequence[tuple[str, str | None]]) -> None:
        self._terms = [set(terms(text, language)) for text, language in statements]
        frequency: Counter[str] = Counter(t for ts in self._terms for t in ts)
        total = max(1, len(self._terms))
        self._idf = {t: math.log(1 + total / n) for t, n in frequency.items()}
        self._weight = [sum(self._idf[t] for t in ts) or 1.0 for ts in self._terms]
        self._rows_of_term: dict[str, list[int]] = {}
        for row, row_terms in enumerate(self._terms):
            for term in row_terms:
                self._rows_of_term.setdefault(term, []).append(row)

    def scores(
        self, text: str, language: str | None, rows: Iterable[int] | None = None
    ) -> dict[int, float]:
        """For each statement row sharing a term with ``text`` (all rows, or only ``rows``),
        the IDF-weighted share of the row's terms present in ``text``."""
        query = set(terms(text, language))
        shared: dict[int, float] = {}
        for term in query:
            for row in self._rows_of_term.get(term, ()):
                shared[row] = shared.get(row, 0.0) + self._idf[term]
        if rows is not None:
            wanted = set(rows)
            shared = {row: value for row, value in shared.items() if row in wanted}
        return {row: value / self._weight[row] for row, value in shared.items()}
