"""Retrieval of checked claims: BM25, dense (embeddings) and a language-aware hybrid.

Pure building blocks with no store and no global state, shared by the evaluation command
and, later, the matcher. See docs/retrieval.md for the design and the measurements.
"""

from narrativewatch.retrieval.bm25 import BM25Index
from narrativewatch.retrieval.dense import DenseIndex, embed_texts, top_k
from narrativewatch.retrieval.fusion import (
    DEFAULT_ENSEMBLE_WEIGHT,
    DEFAULT_LANGUAGE_PRIOR,
    collapse_duplicates,
    duplicate_groups,
    fuse_dense,
    language_prior,
    parse_languages,
)
from narrativewatch.retrieval.hybrid import (
    DEFAULT_LEXICAL_WEIGHT,
    METHODS,
    Adjustments,
    HybridRetriever,
    Method,
    Query,
    lexical_weight,
)
from narrativewatch.retrieval.languages import language_code
from narrativewatch.retrieval.queries import spell_out_tags
from narrativewatch.retrieval.second_embedder import load_second_embedder

__all__ = [
    "DEFAULT_ENSEMBLE_WEIGHT",
    "DEFAULT_LANGUAGE_PRIOR",
    "DEFAULT_LEXICAL_WEIGHT",
    "METHODS",
    "Adjustments",
    "BM25Index",
    "DenseIndex",
    "HybridRetriever",
    "Method",
    "Query",
    "collapse_duplicates",
    "duplicate_groups",
    "embed_texts",
    "fuse_dense",
    "language_code",
    "language_prior",
    "lexical_weight",
    "load_second_embedder",
    "parse_languages",
    "spell_out_tags",
    "top_k",
]
