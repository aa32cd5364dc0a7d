"""Okapi BM25 over stemmed terms, with a per-query self-score for normalisation.

Terms come from `narrativewatch.matching.lexical.terms` (Snowball for English and Russian,
a light suffix stripper for Ukrainian, stop words removed), so the lexical signal here and
in the matcher agree. The index is an inverted file of numpy arrays: a query touches only
the postings of its own terms, which keeps 100,000 documents well under a millisecond per
query term.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from narrativewatch.matching.lexical import terms
from narrativewatch.retrieval.dense import top_k

Scores = npt.NDArray[np.float32]

# The usual Okapi defaults (Robertson & Zaragoza 2009); not tuned here, so that the
# lexical scores do not depend on the evaluation data.
K1 = 1.2
B = 0.75


class BM25Index:
    """BM25 scores of queries against a fixed list of ``(text, language)`` documents.

    ``language`` is "en", "ru", "uk" or None (guessed from the script, as in `terms`).
    """

    def __init__(self, documents: Sequence[tuple[str, str | None]]) -> None:
        doc_terms = [Counter(terms(text, language)) for text, language in documents]
        self.size = len(doc_terms)
        lengths = np.array([sum(c.values()) for c in doc_terms], dtype=np.float32)
        self.average_length = float(lengths.mean()) if self.size and lengths.sum() else 1.0
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for index, counts in enumerate(doc_terms):
            for term, count in counts.items():
                ids, tfs = postings.setdefault(term, ([], []))
                ids.append(index)
                tfs.append(count)
        norm = K1 * (1 - B + B * lengths / self.average_length)
        # The whole per-posting weight, idf included, is computed once: a query only adds.
        self._postings: dict[str, tuple[npt.NDArray[np.int64], Scores]] = {}
        for term, (ids, tfs) in postings.items():
            id_array = np.array(ids, dtype=np.int64)
            tf = np.array(tfs, dtype=np.float32)
            weight = self.idf(len(ids)) * tf * (K1 + 1) / (tf + norm[id_array])
            self._postings[term] = (id_array, weight.astype(np.float32))

    def idf(self, document_frequency: int) -> float:
        """Lucene's non-negative BM25 idf; a term absent from the collection gets the
        highest value, which is what makes `self_score` penalise foreign words."""
        n = self.size
        return math.log(1 + (n - document_frequency + 0.5) / (document_frequency + 0.5))

    def scores(self, query: str, language: str | None) -> Scores:
        """The BM25 score of every document for ``query`` (zeros when nothing is shared)."""
        result = np.zeros(self.size, dtype=np.float32)
        for term in set(terms(query, language)):
            posting = self._postings.get(term)
            if posting is not None:
                ids, weight = posting
                result[ids] += weight  # ids are unique within a posting list
        return result

    def self_score(self, query: str, language: str | None) -> float:
        """The score ``query`` would get against a copy of itself in the collection.

        BM25 is unbounded and grows with query length; dividing by this gives a share in
        roughly [0, 1] that is comparable across queries. A query in another language
        than the collection keeps a large self-score (its words are rare here) but scores
        near zero against every document, so its normalised lexical evidence vanishes.
        """
        counts = Counter(terms(query, language))
        length = sum(counts.values())
        if not length:
            return 0.0
        norm = K1 * (1 - B + B * length / self.average_length)
        total = 0.0
        for term, tf in counts.items():
            posting = self._postings.get(term)
            frequency = len(posting[0]) if posting is not None else 0
            total += self.idf(frequency) * tf * (K1 + 1) / (tf + norm)
        return total

    def normalised_scores(self, query: str, language: str | None) -> Scores:
        """`scores` divided by `self_score`, clipped to [0, 1]."""
        own = self.self_score(query, language)
        if own <= 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.clip(self.scores(query, language) / own, 0.0, 1.0).astype(np.float32)

    def search(self, query: str, language: str | None, k: int) -> list[tuple[int, float]]:
        """The ``k`` best documents as (document index, score), best first; documents
        sharing no term with the query are never returned."""
        scores = self.scores(query, language)
        return [(i, s) for i, s in top_k(scores, k) if s > 0]
