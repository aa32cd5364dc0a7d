"""Multilingual USE on ONNX Runtime (`retrieval/use_onnx.py`, the default engine) against
the package's numpy backend: the same vectors up to 8-bit rounding, whatever the batch."""

from __future__ import annotations

import numpy as np
import pytest

from narrativewatch.retrieval.second_embedder import UniversalSentenceEncoder

_SENTENCES = [
    "Peskov said the troops near the border were a reason for concern.",
    "Песков заявил, что концентрация войск у границы вызывает беспокойство.",
    "Речник Кремля заявив, що скупчення військ біля кордону викликає занепокоєння.",
    "The State Border Guard Service of Ukraine called the statement a fake.",
    "Sanctions against Russia have failed, and Europe is freezing without Russian gas.",
    "Weather: sunny, 24 degrees.",
    "OK",
    "",
    # Longer than the engine's token group on its own.
    " ".join(["The referendum in the occupied territories was held at gunpoint"] * 40),
]


@pytest.fixture(scope="module")
def engines() -> tuple[UniversalSentenceEncoder, UniversalSentenceEncoder]:
    return (
        UniversalSentenceEncoder(threads=1, engine="onnx"),
        UniversalSentenceEncoder(threads=1, engine="numpy"),
    )


def test_the_default_engine_is_onnx_runtime(engines) -> None:
    onnx_engine, numpy_engine = engines
    assert onnx_engine.engine == "onnx"
    assert numpy_engine.engine == "numpy"
    assert onnx_engine.model_id == numpy_engine.model_id


def test_vectors_match_the_package_backend(engines) -> None:
    onnx_engine, numpy_engine = engines
    ours = onnx_engine.embed_passages(_SENTENCES)
    theirs = numpy_engine.embed_passages(_SENTENCES)
    assert ours.shape == theirs.shape == (len(_SENTENCES), 512)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() > 0.999, cosines
    # The products are rounded, not the meaning: sentences keep their neighbours.
    assert np.array_equal(
        np.argsort(-(ours @ ours.T), axis=1)[:, :3], np.argsort(-(theirs @ theirs.T), axis=1)[:, :3]
    )


def test_a_vector_does_not_depend_on_its_batch(engines) -> None:
    onnx_engine, _ = engines
    together = onnx_engine.embed_passages(_SENTENCES)
    alone = np.vstack([onnx_engine.embed_passages([s]) for s in _SENTENCES])
    reversed_batch = onnx_engine.embed_passages(_SENTENCES[::-1])[::-1]
    assert np.allclose(together, alone, atol=1e-5)
    assert np.allclose(together, reversed_batch, atol=1e-5)


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown USE engine"):
        UniversalSentenceEncoder(engine="tensorflow")
