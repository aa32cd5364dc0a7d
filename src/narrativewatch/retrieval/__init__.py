"""Retrieval of checked claims: BM25, dense (embeddings) and a language-aware hybrid.

Pure building blocks with no store and no global state, shared by the evaluation command
and, later, the matcher. See docs/retrieval.md for the design and the measurements.
"""

from narrativewatch.retrieval.bm25 import BM25Index
from narrativewatch.retrieval.dense import DenseIndex, embed_texts, top_k
from narrativewatch.retrieval.hybrid import (
    DEFAULT_LEXICAL_WEIGHT,
    METHODS,
    HybridRetriever,
    Method,
    Query,
    language_code,
    lexical_weight,
)

__all__ = [
    "DEFAULT_LEXICAL_WEIGHT",
    "METHODS",
    "BM25Index",
    "DenseIndex",
    "HybridRetriever",
    "Method",
    "Query",
    "embed_texts",
    "language_code",
    "lexical_weight",
    "top_k",
]
