"""The embedding cache returns each text's own vector, whatever its capacity."""

from __future__ import annotations

import numpy as np

from narrativewatch.matching.embedder import CachingEmbedder
from narrativewatch.retrieval.second_embedder import load_second_embedder


def test_a_call_with_more_new_texts_than_the_capacity_returns_them_all() -> None:
    """A large catalog's first build embeds more rows in one call than the cache holds."""
    use = load_second_embedder(threads=1)
    assert use is not None
    texts = [
        "Troops are massing near the border.",
        "The talks in Geneva ended without an agreement.",
        "Grain exports doubled in the spring.",
        "Troops are massing near the border.",  # a repeat inside the call
        "The ministry denied the report.",
    ]
    cache = CachingEmbedder(use, capacity=2)
    vectors = cache.embed_passages(texts)
    own = np.vstack([use.embed_passages([text]) for text in texts])
    assert vectors.shape == (5, use.dim)
    # Each row is its text's vector (up to the last bits a batch changes), the repeat too.
    assert np.allclose(vectors, own, atol=1e-5)
    assert np.array_equal(vectors[0], vectors[3])
    # Only the most recent texts stay, and a later call still gets every vector right.
    again = cache.embed_passages(texts[::-1])
    assert np.allclose(again, own[::-1], atol=1e-5)
