"""Hybrid retrieval: dense cosine plus BM25, but only where lexical evidence can exist.

    score = dense + w · bm25 / self_score    for a query in the collection's language
                                             (or of unknown language)
    score = dense                            for a query known to be in another language

- ``bm25 / self_score`` (`BM25Index.normalised_scores`) is a share in [0, 1], comparable
  across queries of different lengths; a query in another script keeps a large self-score
  and gets almost nothing.
- Measured in this project: fusing with equal weight hurts cross-lingual queries — a
  Russian excerpt shares no word with an English case, and the few it does share (numbers,
  Latin-script names) rank unrelated cases first. So the lexical term is switched off when
  the query is known to be in another language than the collection.
- ``w`` was tuned on CheckThat! 2020 train queries only. Reciprocal-rank fusion and
  z-scored or max-normalised BM25 were measured too and did no better on train
  (docs/retrieval.md). RRF looked far better at first only because it inherited BM25's
  tie order: the collection holds near-duplicate claims with identical terms, and the
  gold one is usually the first in the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from narrativewatch.retrieval.bm25 import BM25Index, Scores
from narrativewatch.retrieval.dense import DenseIndex, ProgressCallback, top_k

Method = Literal["dense", "bm25", "hybrid"]
METHODS: tuple[Method, ...] = ("dense", "bm25", "hybrid")

# Tuned on CheckThat! 2020 train queries (dev never seen), see docs/retrieval.md.
DEFAULT_LEXICAL_WEIGHT = 0.4

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
    if name is None or not name.strip():
        return None
    folded = name.strip().lower()
    return _LANGUAGE_CODES.get(folded, folded)


def stemmer_language(name: str | None) -> str | None:
    """The language argument for `narrativewatch.matching.lexical.terms`: a language it
    stems, or None to let it guess from the script."""
    code = language_code(name)
    return code if code in ("en", "ru", "uk") else None


def lexical_weight(
    query_language: str | None, collection_language: str | None, weight: float
) -> float:
    """The weight of the lexical term for one query: ``weight`` when lexical evidence can
    exist (same language, or either language unknown), else 0."""
    query = language_code(query_language)
    collection = language_code(collection_language)
    if query is None or collection is None or query == collection:
        return weight
    return 0.0


@dataclass(frozen=True, slots=True)
class Query:
    """One query: its text and its language as the data names it (None if unknown)."""

    text: str
    language: str | None = None


class HybridRetriever:
    """Rank one collection for many queries with dense, BM25 or hybrid scores.

    ``dense`` and ``lexical`` index the same documents in the same order;
    ``collection_language`` is the language of the collection's texts (None if mixed);
    ``split_sentences`` scores long queries by their whole text and best sentence
    (`DenseIndex.query_scores`).
    """

    def __init__(
        self,
        dense: DenseIndex | None,
        lexical: BM25Index | None,
        collection_language: str | None,
        weight: float = DEFAULT_LEXICAL_WEIGHT,
        split_sentences: bool = False,
    ) -> None:
        if dense is not None and lexical is not None and dense.size != lexical.size:
            raise ValueError("the dense and lexical indexes must hold the same documents")
        if dense is None and lexical is None:
            raise ValueError("HybridRetriever needs a dense or a lexical index")
        self.dense = dense
        self.lexical = lexical
        self.collection_language = collection_language
        self.weight = weight
        self.split_sentences = split_sentences

    def score_matrix(
        self,
        queries: Sequence[Query],
        method: Method,
        progress: ProgressCallback | None = None,
    ) -> Scores:
        """Scores of every document for every query, shape (queries, documents)."""
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
        if method in ("dense", "hybrid"):
            if self.dense is None:
                raise ValueError(f"method {method!r} needs a dense index")
            texts = [q.text for q in queries]
            dense = self.dense.query_scores(texts, self.split_sentences, progress)
            if method == "dense":
                return dense
        if self.lexical is None:
            raise ValueError(f"method {method!r} needs a lexical index")
        if method == "bm25":
            return (
                np.stack(
                    [self.lexical.scores(q.text, stemmer_language(q.language)) for q in queries]
                )
                if queries
                else np.zeros((0, self.lexical.size), dtype=np.float32)
            )
        fused = dense.copy()
        for row, query in enumerate(queries):
            weight = lexical_weight(query.language, self.collection_language, self.weight)
            if weight > 0:
                fused[row] += weight * self.lexical.normalised_scores(
                    query.text, stemmer_language(query.language)
                )
        return fused

    def search(
        self, queries: Sequence[Query], k: int, method: Method = "hybrid"
    ) -> list[list[tuple[int, float]]]:
        """The ``k`` best documents per query as (document index, score), best first."""
        return [top_k(row, k) for row in self.score_matrix(queries, method)]
