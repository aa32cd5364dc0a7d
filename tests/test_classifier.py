"""The learnt narrative classifier (narrativewatch.matching.classifier), on small synthetic
vectors whose right answers are known by construction."""

from __future__ import annotations

import math

import numpy as np
import pytest

from narrativewatch.matching.classifier import (
    ClassifierOptions,
    LanguageAlignment,
    Prediction,
    agreed_confidence,
    calibrate_probability_threshold,
    calibrate_threshold,
    combine,
    fit_alignment,
    fit_classifier,
    neighbour_votes,
    predict,
)

PARENTS = {"a1": "A", "a2": "A", "b1": "B"}


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def _clusters(rng: np.random.Generator, per_label: int, noise: float = 0.2) -> tuple:
    """Three labels around three orthogonal directions of an 8-dimensional space."""
    vectors, labels = [], []
    for column, label in enumerate(PARENTS):
        centre = np.zeros(8)
        centre[column] = 1.0
        vectors.append(centre + noise * rng.standard_normal((per_label, 8)))
        labels += [label] * per_label
    return _unit(np.vstack(vectors)), labels


def test_probe_learns_separable_labels_and_sums_them_into_groups() -> None:
    rng = np.random.default_rng(0)
    vectors, labels = _clusters(rng, 10)
    model = fit_classifier(vectors, labels, PARENTS)
    assert model.labels == ("a1", "a2", "b1")
    assert model.parents == ("A", "A", "B")
    assert model.groups == ("A", "B")
    fresh, truth = _clusters(rng, 5)
    prediction = predict(model, fresh, "en")
    assert [model.labels[i] for i in prediction.label_probabilities.argmax(axis=1)] == truth
    np.testing.assert_allclose(prediction.label_probabilities.sum(axis=1), 1.0)
    np.testing.assert_allclose(
        prediction.group_probabilities[:, 0], prediction.label_probabilities[:, :2].sum(axis=1)
    )
    np.testing.assert_allclose(prediction.confidence, prediction.group_probabilities.max(axis=1))


def test_fitting_is_deterministic() -> None:
    vectors, labels = _clusters(np.random.default_rng(1), 4)
    first = fit_classifier(vectors, labels, PARENTS)
    second = fit_classifier(vectors, labels, PARENTS)
    np.testing.assert_array_equal(first.weights, second.weights)
    np.testing.assert_array_equal(first.bias, second.bias)


def test_row_weights_decide_a_contested_point() -> None:
    # The same vector labelled both ways: the heavier row wins.
    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    parents = {"x": "X", "y": "Y", "z": "Z"}
    for weights, winner in (([3.0, 1.0, 1.0], "x"), ([1.0, 3.0, 1.0], "y")):
        model = fit_classifier(vectors, ["x", "y", "z"], parents, weights=weights)
        scores = predict(model, [[1.0, 0.0]], "en").label_probabilities[0]
        assert model.labels[int(scores.argmax())] == winner


def test_alignment_undoes_a_language_shift_and_rotation() -> None:
    rng = np.random.default_rng(2)
    vectors, labels = _clusters(rng, 10)
    # "xx" is "en" moved towards b1's direction and turned by 90° in the first plane, as a
    # multilingual encoder might place another language; the parallel texts reveal both.
    rotation = np.eye(8)
    rotation[:2, :2] = [[0.0, 1.0], [-1.0, 0.0]]
    shift = np.zeros(8)
    shift[2] = 2.0

    def to_xx(matrix: np.ndarray) -> np.ndarray:
        return _unit(matrix @ rotation + shift)

    parallel = _unit(rng.standard_normal((40, 8)))
    alignment = fit_alignment({"en": parallel, "xx": to_xx(parallel)})
    assert set(alignment.rotations) == {"xx"}
    fresh, truth = _clusters(rng, 5)
    queries = to_xx(fresh)
    aligned = fit_classifier(vectors, labels, PARENTS, alignment)
    naive = fit_classifier(vectors, labels, PARENTS)
    right = predict(aligned, queries, "xx").label_probabilities.argmax(axis=1)
    wrong = predict(naive, queries, "xx").label_probabilities.argmax(axis=1)
    assert [aligned.labels[i] for i in right] == truth
    assert sum(naive.labels[i] == gold for i, gold in zip(wrong, truth, strict=True)) <= 5
    # A language the alignment does not know is centred on English's centre, not rotated.
    np.testing.assert_allclose(
        alignment.transform(fresh, "de"), _unit(fresh - alignment.centres["en"])
    )
    np.testing.assert_allclose(LanguageAlignment().transform([[3.0, 4.0]], "en"), [[0.6, 0.8]])


def test_neighbour_votes_by_hand() -> None:
    model = fit_classifier([[1.0, 0.0], [0.0, 1.0]], ["a1", "b1"], PARENTS)
    similarity = [[0.90, 0.88, 0.50, 0.89]]
    rows = ["a1", "b1", "a1", "a1"]
    options = ClassifierOptions(neighbours=3, neighbour_temperature=0.01)
    votes = neighbour_votes(similarity, rows, model, options)
    # rows 0, 3, 1 are the 3 nearest: weights 1, e^-1, e^-2 for a1, a1, b1
    total = 1 + math.exp(-1) + math.exp(-2)
    np.testing.assert_allclose(
        votes.label_probabilities, [[(1 + math.exp(-1)) / total, math.exp(-2) / total]]
    )
    np.testing.assert_allclose(votes.group_probabilities, votes.label_probabilities)


def test_combine_is_a_weighted_mean() -> None:
    probe = Prediction(np.array([[0.6, 0.4]]), np.array([[1.0]]))
    votes = Prediction(np.array([[0.0, 1.0]]), np.array([[1.0]]))
    mixed = combine(probe, votes, ClassifierOptions(neighbour_weight=3.0))
    np.testing.assert_allclose(mixed.label_probabilities, [[0.15, 0.85]])
    np.testing.assert_allclose(mixed.confidence, [1.0])


def test_calibrate_threshold() -> None:
    confidence = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    correct = [True, True, True, True, False, True]
    assert calibrate_threshold(confidence, correct, 0.95, min_support=2) == 0.6
    assert calibrate_threshold(confidence, correct, 0.8, min_support=2) == 0.4
    # too few predictions above any threshold that is precise enough
    assert calibrate_threshold(confidence, correct, 0.95, min_support=5) == math.inf
    # a wrong top prediction in a set smaller than min_support does not hide the precise
    # band below it (3/4 at 0.7, 4/5 at 0.6; 4/6 at 0.5 stops the search)...
    assert calibrate_threshold([0.99, *confidence], [False, *correct], 0.75, 4) == 0.6
    # ...but once a large enough set falls short, no lower threshold can qualify
    assert calibrate_threshold([0.99, *confidence], [False, *correct], 0.75, 3) == math.inf
    assert calibrate_threshold([0.9, 0.9, 0.5], [True, False, True], 0.6, 1) == math.inf
    # equal confidences are never split
    assert calibrate_threshold([0.7, 0.7, 0.7], [True, True, False], 0.9, 1) == math.inf


def test_calibrate_probability_threshold_reads_a_fitted_curve() -> None:
    rng = np.random.default_rng(3)
    confidence = rng.uniform(0, 1, 4000)
    # rightness drawn with probability 1 / (1 + exp(-(10·c − 5))): 0.93 is reached at
    # c = (5 + ln(0.93 / 0.07)) / 10 ≈ 0.759
    correct = rng.uniform(0, 1, 4000) < 1 / (1 + np.exp(-(10 * confidence - 5)))
    threshold = calibrate_probability_threshold(confidence, correct, 0.93)
    assert threshold == pytest.approx((5 + math.log(0.93 / 0.07)) / 10, abs=0.03)
    # one lucky or unlucky case at the top hardly moves it (a precision curve's step would)
    flipped = correct.copy()
    flipped[np.argmax(confidence)] = not flipped[np.argmax(confidence)]
    moved = calibrate_probability_threshold(confidence, flipped, 0.93)
    assert abs(moved - threshold) < 0.005
    # confidence that does not predict rightness never auto-matches
    assert calibrate_probability_threshold(confidence, confidence < 0.5, 0.93) == math.inf
    # nothing to fit
    assert calibrate_probability_threshold([0.3, 0.6, 0.9], [True] * 3, 0.9, 2) == 0.3
    assert calibrate_probability_threshold([0.3, 0.6, 0.9], [False] * 3, 0.9, 2) == math.inf
    # a threshold that only extrapolation reaches is refused
    few = calibrate_probability_threshold(confidence, correct, 0.93, min_support=4000)
    assert few == math.inf
    with pytest.raises(ValueError, match="probability"):
        calibrate_probability_threshold([0.5], [True], 1.0)


def test_agreed_confidence_is_the_weaker_support_for_the_mixed_answer() -> None:
    probe = Prediction(np.zeros((2, 0)), np.array([[0.9, 0.1], [0.55, 0.45]]))
    votes = Prediction(np.zeros((2, 0)), np.array([[0.6, 0.4], [0.1, 0.9]]))
    mixed = combine(probe, votes, ClassifierOptions(neighbour_weight=1.0))
    # query 1: both back group 0; query 2: the mix picks group 1 (0.675), which the probe
    # gives only 0.45
    np.testing.assert_allclose(agreed_confidence(probe, votes, mixed), [0.6, 0.45])
    np.testing.assert_allclose(mixed.confidence, [0.75, 0.675])


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="labels without a parent: c"):
        fit_classifier([[1.0, 0.0]], ["c"], PARENTS)
    with pytest.raises(ValueError, match="2 vectors but 1 labels"):
        fit_classifier([[1.0, 0.0], [0.0, 1.0]], ["a1"], PARENTS)
    with pytest.raises(ValueError, match="weights"):
        fit_classifier([[1.0, 0.0]], ["a1"], PARENTS, weights=[0.0])
    with pytest.raises(ValueError, match="need pairs"):
        fit_alignment({"en": np.eye(3), "ru": np.eye(3)[:2]})
    with pytest.raises(ValueError, match="target language"):
        fit_alignment({"ru": np.eye(3)})
    with pytest.raises(ValueError):
        ClassifierOptions(neighbours=0)
    with pytest.raises(ValueError, match="precision"):
        calibrate_threshold([0.5], [True], 1.5)
