"""Cross-encoder re-ranking: read the query and a candidate claim together.

A bi-encoder (e5, USE) embeds the query and each claim apart and compares the vectors;
it cannot see which words of one answer which words of the other, so paraphrases and
inferences ("Alabama took one look at Hurricane Dorian…" → the claim about Trump's
forecast map) slip past it. A cross-encoder runs the model once over the pair and scores
it: too slow for a whole catalog, affordable for the first few candidates of the hybrid
retriever. This one is the bundled e5 with a low-rank adapter and a linear head over the
mean-pooled states (`matching.adapter`), trained by ``narrativewatch train reranker`` on
CheckThat! 2020 training tweets and the hybrid's hard negatives; it runs on the same
numpy / ONNX engines as the embedder, without PyTorch.

Fusion (`rerank_row`): over the hybrid's top ``depth`` candidates, the hybrid scores and
the cross-encoder scores are each standardised (z-scores within the query's candidates,
so neither's scale matters) and added, the cross-encoder's weighted; the candidates below
keep their order. Depth 10 and weight 1 were chosen on held-out CheckThat! training tweets
(docs/retrieval.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

BUNDLED_RERANKER = (
    Path(__file__).resolve().parent.parent / "matching" / "data" / "e5-reranker-v1.npz"
)
DEFAULT_DEPTH = 10
DEFAULT_WEIGHT = 1.0
# Tweets and claims are short: 64 + 72 content tokens hold 99% of the CheckThat! pairs
# whole and keep a pair at ~100 tokens (the cost of a forward pass grows with length).
MAX_QUERY_TOKENS = 64
MAX_PASSAGE_TOKENS = 72


def pair_segment(
    tokenizer: Any, query: str, passage: str, max_query: int, max_passage: int
) -> list[int]:
    """Token ids of one pair as the model reads it, XLM-R's pair layout with e5's
    prefixes: ``<s> query: Q </s></s> passage: P </s>``, each side cut to its budget."""
    query_ids = tokenizer.content_ids("query: " + query)[:max_query]
    passage_ids = tokenizer.content_ids("passage: " + passage)[:max_passage]
    bos, eos = tokenizer.bos, tokenizer.eos
    return [bos, *query_ids, eos, eos, *passage_ids, eos]


def claim_passage(claim: str, title: str = "") -> str:
    """A checked claim as the cross-encoder reads it: its headline, then the claim."""
    claim, title = claim.strip(), title.strip()
    return f"{title}. {claim}" if title and title != claim else claim


class CrossEncoder:
    """Scores (query, passage) pairs; higher means the passage states the query's claim.

    ``path``: an adapter file with a scoring head (default: the bundled reranker);
    ``engine``: ``onnx`` (default) or ``numpy``. Raises ConfigError naming the file when
    it cannot be read or has no head."""

    def __init__(self, path: Path | None = None, engine: str = "onnx") -> None:
        from narrativewatch.matching.scored_e5 import ScoredE5

        self._scorer = ScoredE5(path or BUNDLED_RERANKER, engine, what="reranker")
        self.tokenizer = self._scorer.tokenizer
        self.model_id = f"e5-small-q4+reranker-{self._scorer.adapter_id}"
        self.card = self._scorer.card

    def score(self, query: str, passages: Sequence[str]) -> np.ndarray:
        """One float32 score per passage."""
        return self._scorer.score_segments(
            [
                pair_segment(self.tokenizer, query, passage, MAX_QUERY_TOKENS, MAX_PASSAGE_TOKENS)
                for passage in passages
            ]
        )


def rerank_row(
    scores: np.ndarray,
    query: str,
    passage_of: Callable[[int], str],
    encoder: CrossEncoder,
    depth: int = DEFAULT_DEPTH,
    weight: float = DEFAULT_WEIGHT,
) -> np.ndarray:
    """One query's scores over the collection with its top ``depth`` re-ordered by the
    fused score; they stay above every other candidate, whose scores are unchanged."""
    finite = np.flatnonzero(np.isfinite(scores))
    if depth < 2 or len(finite) < 2:
        return scores
    order = finite[np.argsort(-scores[finite], kind="stable")][:depth]
    cross = encoder.score(query, [passage_of(int(i)) for i in order])
    fused = _standardised(scores[order].astype(np.float64)) + weight * _standardised(
        cross.astype(np.float64)
    )
    out = scores.astype(np.float64).copy()
    # Above the best hybrid score, in fused order: the candidates below keep theirs.
    out[order] = scores[order[0]] + 1.0 + (fused - fused.min())
    return out.astype(scores.dtype)


def _standardised(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)
