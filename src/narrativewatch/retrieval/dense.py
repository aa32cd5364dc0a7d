"""Dense retrieval: exact cosine top-k over an embedded collection.

Each document may carry several texts ("fields", e.g. a fact-check's claim and its
title); a document's score is the mean or the maximum of its fields' cosines. Exact search
is a single matrix product — 10,000 documents × 384 dimensions costs about a millisecond
per query — so an approximate index is not worth its recall loss at this scale.

Embedding is the slow part (the whole CheckThat! evaluation, e5 and USE over 20,750 texts,
took 2.5 minutes on two cores with an empty cache), so vectors go through the on-disk
`VectorCache`, keyed by model id and text hash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from narrativewatch.matching.embedder import Embedder, Vectors
from narrativewatch.matching.index import VectorCache

Scores = npt.NDArray[np.float32]
FieldCombination = Literal["mean", "max"]
# Called with (texts embedded so far, total) after each batch.
ProgressCallback = Callable[[int, int], None]

# Embedding in batches lets a long run report progress and keeps what was embedded in the
# cache if it is interrupted; the bundled e5 embeds one text per call anyway
# (matching/e5_onnx.py), so larger batches would not embed faster.
_BATCH = 256


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    cache_dir: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> Vectors:
    """L2-normalised vectors of ``texts``, through the disk cache when ``cache_dir`` is set.

    Texts are embedded with ``embed_passages``; for the bundled e5 that is the same
    "query: " encoding as ``embed_queries``, so one cache serves queries and documents.
    """
    texts = list(texts)
    cache = VectorCache(cache_dir, embedder.model_id) if cache_dir is not None else None
    parts = []
    for start in range(0, len(texts), _BATCH):
        batch = texts[start : start + _BATCH]
        parts.append(cache.embed(batch, embedder) if cache else embedder.embed_passages(batch))
        if progress is not None:
            progress(min(start + _BATCH, len(texts)), len(texts))
    if not parts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.concatenate(parts).astype(np.float32)


class DenseIndex:
    """Cosine similarity of queries against documents made of one or more text fields.

    ``fields`` is a list of fields, each a list with one text per document (all of the same
    length). An empty text falls back to the document's first non-empty field, so that a
    missing title does not pull a document towards other empty titles.
    """

    def __init__(
        self,
        fields: Sequence[Sequence[str]],
        embedder: Embedder,
        cache_dir: str | Path | None = None,
        combine: FieldCombination = "mean",
        progress: ProgressCallback | None = None,
    ) -> None:
        if not fields:
            raise ValueError("DenseIndex needs at least one field")
        size = len(fields[0])
        if any(len(field) != size for field in fields):
            raise ValueError("every field must have one text per document")
        if combine not in ("mean", "max"):
            raise ValueError(f"combine must be 'mean' or 'max', not {combine!r}")
        filled = [
            [text or next((f[i] for f in fields if f[i]), "") for i, text in enumerate(field)]
            for field in fields
        ]
        flat = [text for field in filled for text in field]
        vectors = embed_texts(flat, embedder, cache_dir, progress)
        self.size = size
        self.combine: FieldCombination = combine
        self.embedder = embedder
        self.cache_dir = cache_dir
        # (fields, documents, dim): one matrix product per field at query time.
        self.vectors = vectors.reshape(len(fields), size, embedder.dim)

    def scores(self, query_vectors: Vectors) -> Scores:
        """Scores of every document for every query: shape (queries, documents)."""
        per_field = np.einsum("qd,fnd->fqn", query_vectors, self.vectors)
        combined = per_field.mean(axis=0) if self.combine == "mean" else per_field.max(axis=0)
        return np.asarray(combined, dtype=np.float32)

    def embed_queries(
        self, queries: Sequence[str], progress: ProgressCallback | None = None
    ) -> Vectors:
        """Vectors of ``queries`` with this index's embedder and cache."""
        return embed_texts(queries, self.embedder, self.cache_dir, progress)

    def query_scores(
        self,
        queries: Sequence[str],
        split_sentences: bool = False,
        progress: ProgressCallback | None = None,
    ) -> Scores:
        """Scores of every document for every query, embedding the queries.

        With ``split_sentences``, a query of several sentences scores the mean of its whole
        text's cosine and its best sentence's: a case title usually paraphrases one
        sentence of a long excerpt, which the whole-text vector dilutes (chosen on the
        EUvsDisinfo development half, docs/retrieval.md).
        """
        scores = self.scores(self.embed_queries(queries, progress))
        if not split_sentences:
            return scores
        parts = [sentences(query) for query in queries]
        multi = [i for i, part in enumerate(parts) if len(part) > 1]
        flat = [sentence for i in multi for sentence in parts[i]]
        sentence_scores = self.scores(self.embed_queries(flat, progress))
        start = 0
        for i in multi:
            end = start + len(parts[i])
            scores[i] = (scores[i] + sentence_scores[start:end].max(axis=0)) / 2
            start = end
        return scores

    def search(self, queries: Sequence[str], k: int) -> list[list[tuple[int, float]]]:
        """The ``k`` best documents for each query, as (document index, score), best first."""
        scores = self.scores(self.embed_queries(queries))
        return [top_k(row, k) for row in scores]


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def sentences(text: str, min_words: int = 4) -> list[str]:
    """The sentences of ``text`` with at least ``min_words`` words (datelines and
    fragments carry no claim), or ``[text]`` when none qualifies."""
    kept = [s for s in _SENTENCE_END.split(text.strip()) if len(s.split()) >= min_words]
    return kept or [text]


def top_k(scores: Scores, k: int) -> list[tuple[int, float]]:
    """The ``k`` highest entries of a score vector, best first; ties broken by index so
    that rankings are deterministic."""
    k = min(k, len(scores))
    if k <= 0:
        return []
    # argpartition is O(n); only the k survivors are sorted.
    candidates = np.argpartition(-scores, k - 1)[:k]
    order = sorted(candidates.tolist(), key=lambda i: (-float(scores[i]), i))
    return [(i, float(scores[i])) for i in order]
