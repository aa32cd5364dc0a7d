"""The `classifier` method of `narrativewatch eval narrative-match`, on the hand-written
VoxCheck fixture with a bag-of-words stand-in for the embedder (no model is loaded)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.actors.registry import load_registry
from narrativewatch.evaluation.narrative_match import (
    MatchOptions,
    QueryVectorCache,
    build_catalog,
    evaluate,
)
from narrativewatch.evaluation.voxcheck import VoxCase, load_voxcheck
from narrativewatch.matching.embedder import Thresholds, Vectors

DATA = Path(__file__).resolve().parent / "data" / "voxcheck"


class WordsEmbedder:
    """Hashed bag of lower-cased words: texts sharing words are similar, nothing else."""

    model_id = "test-words"
    dim = 64
    thresholds = Thresholds(suggest=0.1, auto=0.2, relevant=0.05)

    def __init__(self) -> None:
        self.query_calls = 0

    def _encode(self, texts: list[str]) -> Vectors:
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms

    def embed_queries(self, texts: list[str]) -> Vectors:
        self.query_calls += len(texts)
        return self._encode(texts)

    def embed_passages(self, texts: list[str]) -> Vectors:
        return self._encode(texts)


def _cases(prefix: str, words: dict[str, str]) -> list[VoxCase]:
    """One case per (sub-narrative, text) — each sub-narrative has its own vocabulary."""
    parent = {"sub alpha": "first", "sub delta": "first", "sub omega": "second"}
    return [
        VoxCase(f"https://x.org/{prefix}{n}", parent[sub], sub, {"en": text, "ru": "", "uk": ""})
        for n, (text, sub) in enumerate(words.items())
    ]


def test_classifier_method_finds_the_narrative_that_shares_the_words() -> None:
    train = _cases(
        "train",
        {
            "alpha beta gamma": "sub alpha",
            "beta gamma kappa": "sub alpha",
            "delta epsilon zeta": "sub delta",
            "epsilon zeta eta": "sub delta",
            "omega psi chi": "sub omega",
            "psi chi rho": "sub omega",
        },
    )
    test = _cases("test", {"gamma kappa beta": "sub alpha", "eta zeta": "sub delta"})
    test += _cases("other", {"rho chi": "sub omega"})
    options = MatchOptions(method="classifier", calibration_folds=2)
    report = evaluate(train, test, WordsEmbedder(), load_registry(), options)
    english = report["by_language"]["en"]
    assert english["narrative_acc@1"] == english["subnarrative_acc@1"] == 1.0
    assert english["queries"] == 3
    assert report["by_language"]["ru"]["skipped_empty"] == 3
    assert list(english)[-2:] == ["suggest_threshold", "auto_threshold"]


def test_classifier_method_on_the_fixture() -> None:
    train, test = load_voxcheck(DATA / "train").cases, load_voxcheck(DATA / "test").cases
    options = MatchOptions(method="classifier", calibration_folds=2)
    report = evaluate(train, test, WordsEmbedder(), load_registry(), options)
    assert [m["queries"] for m in report["by_language"].values()] == [3, 3, 2]
    for metrics in report["by_language"].values():
        assert all(0.0 <= metrics[key] <= 1.0 for key in list(metrics)[:6])
        # calibrated on 4 links' worth of held-out cases: too few for any threshold
        assert metrics["auto_threshold"] is None
        assert metrics["auto_matches"] == 0


def test_given_thresholds_replace_the_calibration() -> None:
    train, test = load_voxcheck(DATA / "train").cases, load_voxcheck(DATA / "test").cases
    options = MatchOptions(method="classifier", suggest=0.0, auto=0.0)
    report = evaluate(train, test, WordsEmbedder(), load_registry(), options)
    english = report["by_language"]["en"]
    assert english["narrative_acc@1"] > 0.0
    assert (english["suggest_threshold"], english["auto_threshold"]) == (0.0, 0.0)
    assert english["auto_matches"] == 3
    assert english["auto_match_precision"] == english["narrative_acc@1"]


def test_query_vectors_are_cached_on_disk(tmp_path: Path) -> None:
    first, second = WordsEmbedder(), WordsEmbedder()
    texts = ["Kyiv takes orders from Washington.", "The Boeing was shot down."]
    vectors = QueryVectorCache(first, tmp_path).embed_queries(texts)
    again = QueryVectorCache(second, tmp_path).embed_queries(texts)
    np.testing.assert_array_equal(vectors, again)
    assert (first.query_calls, second.query_calls) == (2, 0)
    assert list((tmp_path / "queries").iterdir())  # kept apart from passage vectors


def test_catalog_keeps_the_most_frequent_debunk() -> None:
    def case(debunk: str) -> VoxCase:
        return VoxCase("https://x.org", "N", "S", {"en": debunk + " case"}, debunk)

    catalog = build_catalog([case("Rare."), case("Usual."), case("Usual."), case("")])
    assert catalog.narratives[0].debunk == "Usual."
    assert build_catalog([case("")]).narratives[0].debunk is None


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="method"):
        MatchOptions(method="oracle")
    with pytest.raises(ValueError, match="calibration_folds"):
        MatchOptions(calibration_folds=1)
