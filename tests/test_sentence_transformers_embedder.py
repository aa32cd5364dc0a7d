"""The sentence-transformers embedder: prefixes for the e5 family, errors that name the
problem. The library and its models need the internet, so a stand-in module takes the
library's place here: it records what it is asked to encode."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from typing import ClassVar

import numpy as np
import pytest

from narrativewatch.errors import ConfigError
from narrativewatch.matching.embedder import SentenceTransformerEmbedder, load_embedder


class _StandIn:
    encoded: ClassVar[list[list[str]]] = []
    missing: ClassVar[set[str]] = set()

    def __init__(self, name: str) -> None:
        if name in self.missing:
            raise OSError(f"{name} is not a valid model identifier")

    def get_sentence_embedding_dimension(self) -> int:
        return 4

    def encode(self, texts: list[str], normalize_embeddings: bool) -> np.ndarray:
        assert normalize_embeddings
        _StandIn.encoded.append(list(texts))
        rows = np.array([[len(t), t.count(" ") + 1, 1.0, 0.0] for t in texts], dtype=np.float64)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture
def library(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_StandIn]]:
    module = types.ModuleType("sentence_transformers")
    module.SentenceTransformer = _StandIn  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sentence_transformers", module)
    _StandIn.encoded = []
    _StandIn.missing = set()
    yield _StandIn


def test_e5_models_read_claims_and_statements_with_the_query_prefix(
    library: type[_StandIn],
) -> None:
    embedder = SentenceTransformerEmbedder("intfloat/multilingual-e5-large")
    vectors = embedder.embed_queries(["Ukraine is massing troops"])
    embedder.embed_passages(["Україна стягує війська"])
    assert library.encoded == [
        ["query: Ukraine is massing troops"],
        ["query: Україна стягує війська"],
    ]
    assert vectors.shape == (1, 4) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    # Vectors made with the prefix are another model's for the cache.
    assert embedder.model_id == "sentence-transformers/intfloat/multilingual-e5-large[query:]"


def test_other_models_read_the_text_as_it_is(library: type[_StandIn]) -> None:
    embedder = SentenceTransformerEmbedder("sentence-transformers/LaBSE")
    embedder.embed_queries(["Ukraine is massing troops"])
    assert library.encoded == [["Ukraine is massing troops"]]
    assert embedder.model_id == "sentence-transformers/sentence-transformers/LaBSE"
    # "e5" inside another word of the name is no e5 model; an explicit prefix wins.
    assert SentenceTransformerEmbedder("org/not-e5-model").prefix == ""
    assert SentenceTransformerEmbedder("org/LaBSE", prefix="passage: ").prefix == "passage: "


def test_no_texts_give_an_empty_matrix_without_calling_the_model(
    library: type[_StandIn],
) -> None:
    assert SentenceTransformerEmbedder("intfloat/e5-base-v2").embed_queries([]).shape == (0, 4)
    assert library.encoded == []


def test_a_model_that_cannot_be_loaded_is_a_configuration_error(
    library: type[_StandIn],
) -> None:
    library.missing = {"org/absent"}
    with pytest.raises(ConfigError, match="org/absent"):
        load_embedder("sentence-transformers:org/absent")


def test_without_the_library_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(ConfigError, match=r"narrativewatch\[sentence-transformers\]"):
        SentenceTransformerEmbedder("intfloat/multilingual-e5-large")
