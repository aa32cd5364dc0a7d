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
- On top of this, `Adjustments` fuses a second embedder, adds language and country
  priors and scores duplicate documents alike (`retrieval/fusion.py`); queries are read
  with their @handles and #hashtags spelled out (`retrieval/queries.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from narrativewatch.retrieval.bm25 import BM25Index, Scores
from narrativewatch.retrieval.dense import DenseIndex, ProgressCallback, top_k
from narrativewatch.retrieval.fusion import (
    collapse_duplicates,
    country_prior,
    fuse_dense,
    language_prior,
)
from narrativewatch.retrieval.languages import language_code
from narrativewatch.retrieval.queries import spell_out_tags

Method = Literal["dense", "bm25", "hybrid"]
METHODS: tuple[Method, ...] = ("dense", "bm25", "hybrid")

# Tuned on CheckThat! 2020 train queries (dev never seen), see docs/retrieval.md.
DEFAULT_LEXICAL_WEIGHT = 0.4


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
    """One query: its text, its language as the data names it (None if unknown) and the
    countries it names (country codes, for the country prior)."""

    text: str
    language: str | None = None
    countries: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Adjustments:
    """Optional evidence beyond one embedder and BM25 (`retrieval/fusion.py`).

    - ``second_dense``: the same documents embedded by a second model; its scores are
      fused into the dense ones with ``ensemble_weight`` (`fusion.fuse_dense`).
    - ``document_languages``: per document, the languages it circulated in; a document
      listing the query's language gains ``language_weight`` times the query's score
      spread (`fusion.language_prior`).
    - ``document_countries``: per document, the countries it is about; a document about
      the countries the query names gains up to ``country_weight`` times the query's
      score spread (`fusion.country_prior`).
    - ``duplicate_of``: per document, the index of the first document with the same text
      (`fusion.duplicate_groups`); duplicates are scored alike, the first ranked first.
    """

    second_dense: DenseIndex | None = None
    ensemble_weight: float = 0.0
    document_languages: Sequence[frozenset[str]] | None = None
    language_weight: float = 0.0
    document_countries: Sequence[frozenset[str]] | None = None
    country_weight: float = 0.0
    duplicate_of: npt.NDArray[np.int64] | None = None


class HybridRetriever:
    """Rank one collection for many queries with dense, BM25 or hybrid scores.

    ``dense`` and ``lexical`` index the same documents in the same order;
    ``collection_language`` is the language of the collection's texts (None if mixed);
    ``split_sentences`` scores long queries by their whole text and best sentence
    (`DenseIndex.query_scores`); ``adjustments`` adds a second embedder, a language prior
    and duplicate handling (dense and hybrid methods only; BM25 stays plain BM25).
    """

    def __init__(
        self,
        dense: DenseIndex | None,
        lexical: BM25Index | None,
        collection_language: str | None,
        weight: float = DEFAULT_LEXICAL_WEIGHT,
        split_sentences: bool = False,
        adjustments: Adjustments | None = None,
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
        self.adjustments = adjustments or Adjustments()
        size = dense.size if dense is not None else lexical.size  # type: ignore[union-attr]
        second = self.adjustments.second_dense
        if second is not None and second.size != size:
            raise ValueError("the second dense index must hold the same documents")
        languages = self.adjustments.document_languages
        if languages is not None and len(languages) != size:
            raise ValueError("document_languages needs one entry per document")
        countries = self.adjustments.document_countries
        if countries is not None and len(countries) != size:
            raise ValueError("document_countries needs one entry per document")

    def score_matrix(
        self,
        queries: Sequence[Query],
        method: Method,
        progress: ProgressCallback | None = None,
    ) -> Scores:
        """Scores of every document for every query, shape (queries, documents).

        Queries are read with their @handles and #hashtags spelled out
        (`queries.spell_out_tags`), by every method.
        """
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
        queries = [Query(spell_out_tags(q.text), q.language, q.countries) for q in queries]
        if method in ("dense", "hybrid"):
            if self.dense is None:
                raise ValueError(f"method {method!r} needs a dense index")
            dense = self._dense_scores(queries, progress)
            if method == "dense":
                return self._finish(dense, queries)
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
        return self._finish(fused, queries)

    def _dense_scores(self, queries: Sequence[Query], progress: ProgressCallback | None) -> Scores:
        assert self.dense is not None
        texts = [q.text for q in queries]
        dense = self.dense.query_scores(texts, self.split_sentences, progress)
        second = self.adjustments.second_dense
        if second is None or self.adjustments.ensemble_weight == 0 or not queries:
            return dense
        other = second.query_scores(texts, self.split_sentences, progress)
        return fuse_dense(dense, other, self.adjustments.ensemble_weight)

    def _finish(self, scores: Scores, queries: Sequence[Query]) -> Scores:
        """The language and country priors and duplicate collapsing, applied last."""
        extra = self.adjustments
        # Priors count in units of each query's score spread, as the second embedder's
        # weight: a fixed bonus would count for less under a model that spreads its
        # scores wider (the fine-tuned retrieval adapter does).
        if not queries:
            return scores
        spread = scores.std(axis=1, keepdims=True)
        if extra.document_languages is not None and extra.language_weight:
            scores = scores + spread * language_prior(
                [q.language for q in queries], extra.document_languages, extra.language_weight
            )
        if extra.document_countries is not None and extra.country_weight:
            scores = scores + spread * country_prior(
                [q.countries for q in queries], extra.document_countries, extra.country_weight
            )
        if extra.duplicate_of is not None:
            scores = collapse_duplicates(scores, extra.duplicate_of)
        return scores

    def search(
        self, queries: Sequence[Query], k: int, method: Method = "hybrid"
    ) -> list[list[tuple[int, float]]]:
        """The ``k`` best documents per query as (document index, score), best first."""
        return [top_k(row, k) for row in self.score_matrix(queries, method)]
