"""A learnt narrative classifier over sentence embeddings, for catalogs with variants.

The matcher (`narrativewatch.matching.matcher`) scores a narrative by its single closest
statement. When the catalog holds several example texts (variants) per narrative, a model
learnt from all of them does better: docs/narrative-match.md measures it on VoxCheck.

The model has two parts, both pure numpy:

1. **A linear probe** — multinomial logistic regression (softmax over narratives, L2
   penalty, accelerated gradient descent from zero, so fitting is deterministic) on the
   catalog rows' vectors. Narratives are the *labels*; each label belongs to one *group*
   (for VoxCheck: sub-narrative → narrative). A group's probability is the sum of its
   labels' probabilities, so the two levels never disagree.
2. **Neighbour votes** (`neighbour_votes`) — the k most similar catalog rows vote for their
   label with weight ``exp((similarity − best) / T)``. The caller computes the similarity
   (e.g. dense + lexical bonus), so this module needs no index.

`combine` mixes both into one distribution per query and ranks by it. How sure a match is
comes from `agreed_confidence`, the weaker of the two parts' support for the mixed top
group, which `calibrate_threshold` (a wanted precision of everything above) and
`calibrate_probability_threshold` (a wanted probability that this one match is right)
turn into suggest/auto thresholds on held-out training data.

**Languages.** The probe is trained on one language (the catalog's English variants) and
applied to queries in others. Multilingual encoders place each language around its own
centre and turn it slightly, and a linear model trained on one language reads that offset
as evidence. `fit_alignment` learns, from *parallel* unlabelled text (row i is the same
statement in every language — e.g. the bundled catalog's en/ru/uk statements), each
language's centre and the rotation that best maps its centred vectors onto the target
language's (orthogonal Procrustes, the standard alignment of cross-lingual embeddings).
The probe sees every vector centred, rotated and L2-normalised again. Because the texts
are the same in every language, the centres and the rotation capture the language, not
the topic; no labels and no batch of queries are needed. A language the alignment does not
know is centred on the target's centre and not rotated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ClassifierOptions:
    """Hyper-parameters. The defaults were chosen by grouped 5-fold cross-validation on
    the training half of VoxCheck (docs/narrative-match.md): ``l2`` 1e-2–1e-5 and
    400–2000 iterations were tried for the probe; ``neighbour_weight`` 0–2 for the mix;
    the neighbour defaults are those of the ``knn`` method (k=20, T=0.02)."""

    l2: float = 1e-4
    iterations: int = 800
    neighbours: int = 20
    neighbour_temperature: float = 0.02
    neighbour_weight: float = 1.0  # weight of the votes against the probe's probability

    def __post_init__(self) -> None:
        if self.l2 < 0 or self.iterations < 1 or self.neighbours < 1:
            raise ValueError("l2 must be ≥ 0, iterations and neighbours ≥ 1")
        if self.neighbour_temperature <= 0 or self.neighbour_weight < 0:
            raise ValueError("neighbour_temperature must be > 0 and neighbour_weight ≥ 0")


@dataclass(frozen=True)
class NarrativeClassifier:
    """A fitted probe. ``labels[c]`` is the label of weight column c; ``parents[c]`` its
    group; ``groups`` the distinct groups in first-seen order."""

    labels: tuple[str, ...]
    parents: tuple[str, ...]
    groups: tuple[str, ...]
    weights: Matrix  # dim × labels
    bias: Matrix  # labels
    alignment: LanguageAlignment
    membership: Matrix = field(init=False, repr=False)  # labels × groups, 0/1

    def __post_init__(self) -> None:
        membership = np.zeros((len(self.labels), len(self.groups)))
        column = {group: g for g, group in enumerate(self.groups)}
        for c, parent in enumerate(self.parents):
            membership[c, column[parent]] = 1.0
        object.__setattr__(self, "membership", membership)


@dataclass(frozen=True)
class Prediction:
    """Per query (rows): a probability per label and per group, in the classifier's
    column orders; ``confidence`` is each query's top group probability."""

    label_probabilities: Matrix  # queries × labels
    group_probabilities: Matrix  # queries × groups

    @property
    def confidence(self) -> Matrix:
        if self.group_probabilities.shape[1] == 0:
            return np.zeros(self.group_probabilities.shape[0])
        return np.asarray(self.group_probabilities.max(axis=1), dtype=np.float64)


@dataclass(frozen=True)
class LanguageAlignment:
    """Maps vectors of any language into the ``target`` language's space: minus the
    language's centre, times its rotation, L2-normalised. An empty alignment (no centres)
    only re-normalises."""

    target: str = "en"
    centres: Mapping[str, Matrix] = field(default_factory=dict)
    rotations: Mapping[str, Matrix] = field(default_factory=dict)

    def transform(self, vectors: npt.ArrayLike, language: str) -> Matrix:
        """``vectors`` (rows, written in ``language``) in the target's space."""
        array = np.asarray(vectors, dtype=np.float64)
        centre = self.centres.get(language, self.centres.get(self.target))
        if centre is not None:
            array = array - centre
        rotation = self.rotations.get(language)
        if rotation is not None:
            array = array @ rotation
        norms = np.linalg.norm(array, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return np.asarray(array / norms, dtype=np.float64)


def fit_alignment(
    parallel: Mapping[str, npt.ArrayLike], target: str = "en", rotate: bool = True
) -> LanguageAlignment:
    """Learn each language's centre and, with ``rotate``, its rotation onto ``target``
    from parallel vectors: ``parallel[language][i]`` embeds the same text i in every
    language (see the module docstring). Raises ValueError when ``target`` is missing,
    a language has no rows, or the row counts differ."""
    arrays = {language: np.asarray(v, dtype=np.float64) for language, v in parallel.items()}
    if target not in arrays:
        raise ValueError(f"no vectors for the target language {target!r}")
    rows = arrays[target].shape[0]
    for language, array in arrays.items():
        if array.ndim != 2 or array.shape[0] == 0:
            raise ValueError(f"no vectors for language {language!r}")
        if array.shape[0] != rows:
            raise ValueError(f"{language}: {array.shape[0]} rows, {target}: {rows}; need pairs")
    centres = {language: array.mean(axis=0) for language, array in arrays.items()}
    rotations: dict[str, Matrix] = {}
    if rotate:
        goal = _unit(arrays[target] - centres[target])
        for language, array in arrays.items():
            if language != target:
                # Orthogonal Procrustes: R = UVᵀ from the SVD of AᵀB minimises |AR − B|.
                u, _, vt = np.linalg.svd(_unit(array - centres[language]).T @ goal)
                rotations[language] = u @ vt
    return LanguageAlignment(target, centres, rotations)


def _unit(array: Matrix) -> Matrix:
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(array / norms, dtype=np.float64)


def fit_classifier(
    vectors: npt.ArrayLike,
    labels: Sequence[str],
    parents: Mapping[str, str],
    alignment: LanguageAlignment | None = None,
    options: ClassifierOptions | None = None,
    weights: Sequence[float] | None = None,
) -> NarrativeClassifier:
    """Fit the probe on catalog rows: ``vectors[i]`` (written in ``alignment.target``) is
    an example of ``labels[i]``; ``parents`` maps every label to its group. Without an
    ``alignment`` queries in other languages are scored as they come. ``weights`` (default: all
    1) scale each row's share of the loss — e.g. less for loosely related text such as
    sentences of a debunk than for real examples.

    Raises ValueError when there are no rows, the lengths differ, a weight is negative or
    all are zero, or a label has no parent.
    """
    options = options or ClassifierOptions()
    matrix = np.asarray(vectors, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] == 0:
        raise ValueError("fit_classifier needs at least one row")
    if matrix.shape[0] != len(labels):
        raise ValueError(f"{matrix.shape[0]} vectors but {len(labels)} labels")
    row_weights = np.ones(len(labels)) if weights is None else np.asarray(weights, float)
    if row_weights.shape != (len(labels),):
        raise ValueError(f"{len(labels)} labels but {row_weights.size} weights")
    if (row_weights < 0).any() or row_weights.sum() <= 0:
        raise ValueError("weights must be ≥ 0 and not all zero")
    order = list(dict.fromkeys(labels))
    missing = [label for label in order if label not in parents]
    if missing:
        raise ValueError(f"labels without a parent: {', '.join(missing[:5])}")
    column = {label: c for c, label in enumerate(order)}
    targets = np.array([column[label] for label in labels], dtype=np.int64)
    alignment = alignment or LanguageAlignment()
    features = alignment.transform(matrix, alignment.target)
    coefficients, bias = _fit_softmax(
        features, targets, row_weights / row_weights.sum(), len(order), options
    )
    return NarrativeClassifier(
        labels=tuple(order),
        parents=tuple(parents[label] for label in order),
        groups=tuple(dict.fromkeys(parents[label] for label in order)),
        weights=coefficients,
        bias=bias,
        alignment=alignment,
    )


def _fit_softmax(
    features: Matrix,
    targets: npt.NDArray[np.int64],
    shares: Matrix,
    classes: int,
    options: ClassifierOptions,
) -> tuple[Matrix, Matrix]:
    """Cross-entropy weighted by ``shares`` (summing to 1) + l2/2·|W|² (bias not
    penalised), minimised by Nesterov-accelerated gradient descent with step 1/L. Convex,
    started from zero: deterministic. (A few hundred rows × 384 dimensions: no need for
    scipy's L-BFGS.)"""
    n, dim = features.shape
    onehot = np.zeros((n, classes))
    onehot[np.arange(n), targets] = 1.0
    # Lipschitz constant of the gradient: softmax curvature ≤ 1/2 times XᵀWX, plus l2.
    gram = (features * shares[:, None]).T @ features
    lipschitz = 0.5 * float(np.linalg.eigvalsh(gram).max()) + options.l2
    step = 1.0 / max(lipschitz, 1e-12)
    weights = np.zeros((dim, classes))
    bias = np.zeros(classes)
    previous_w, previous_b = weights.copy(), bias.copy()
    momentum = 1.0
    for _ in range(options.iterations):
        gradient = (_softmax(features @ weights + bias) - onehot) * shares[:, None]
        new_w = weights - step * (features.T @ gradient + options.l2 * weights)
        new_b = bias - step * gradient.sum(axis=0)
        next_momentum = (1.0 + math.sqrt(1.0 + 4.0 * momentum * momentum)) / 2.0
        factor = (momentum - 1.0) / next_momentum
        weights = new_w + factor * (new_w - previous_w)
        bias = new_b + factor * (new_b - previous_b)
        previous_w, previous_b, momentum = new_w, new_b, next_momentum
    return previous_w, previous_b


def _softmax(logits: Matrix) -> Matrix:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float64)


def predict(model: NarrativeClassifier, vectors: npt.ArrayLike, language: str) -> Prediction:
    """The probe's probabilities for query ``vectors`` written in ``language``."""
    matrix = np.asarray(vectors, dtype=np.float64).reshape(-1, model.weights.shape[0])
    features = model.alignment.transform(matrix, language)
    probabilities = _softmax(features @ model.weights + model.bias)
    return Prediction(probabilities, probabilities @ model.membership)


def neighbour_votes(
    similarity: npt.ArrayLike,
    row_labels: Sequence[str],
    model: NarrativeClassifier,
    options: ClassifierOptions | None = None,
) -> Prediction:
    """Votes of the ``options.neighbours`` most similar rows (queries × rows ``similarity``),
    each weighted by ``exp((similarity − best similarity) / T)``, normalised per query to
    shares of 1. ``row_labels[r]`` must be one of ``model.labels``. Several close examples
    outvote one lucky neighbour; a group whose votes are spread over its labels still wins.
    """
    options = options or ClassifierOptions()
    scores = np.asarray(similarity, dtype=np.float64)
    scores = scores.reshape(-1, len(row_labels)) if len(row_labels) else scores
    column = {label: c for c, label in enumerate(model.labels)}
    row_column = np.array([column[label] for label in row_labels], dtype=np.int64)
    votes = np.zeros((scores.shape[0], len(model.labels)))
    k = min(options.neighbours, len(row_labels))
    for q in range(scores.shape[0] if k else 0):
        nearest = np.argsort(-scores[q], kind="stable")[:k]
        weights = np.exp(
            (scores[q, nearest] - scores[q, nearest[0]]) / options.neighbour_temperature
        )
        np.add.at(votes[q], row_column[nearest], weights)
        votes[q] /= votes[q].sum()
    return Prediction(votes, votes @ model.membership)


def combine(
    probe: Prediction, votes: Prediction, options: ClassifierOptions | None = None
) -> Prediction:
    """``(probe + w · votes) / (1 + w)`` at both levels, w = ``options.neighbour_weight``:
    still a distribution, which ranks the answers; how sure the top one is, to threshold,
    is ``agreed_confidence``."""
    weight = (options or ClassifierOptions()).neighbour_weight
    return Prediction(
        (probe.label_probabilities + weight * votes.label_probabilities) / (1.0 + weight),
        (probe.group_probabilities + weight * votes.group_probabilities) / (1.0 + weight),
    )


def agreed_confidence(probe: Prediction, votes: Prediction, mixed: Prediction) -> Matrix:
    """Per query, the weaker of the probe's and the votes' probability for ``mixed``'s top
    group: high only when both scorers back the answer on their own. The mix's own top
    probability can be high when one part is sure and the other hesitant, and such answers
    were the confident errors: on nested folds of VoxCheck's training half, only this
    confidence kept auto-matches ≥ 0.95 right in en, ru and uk under both ways of scoring
    them (docs/narrative-match.md)."""
    if mixed.group_probabilities.shape[1] == 0:
        return np.zeros(mixed.group_probabilities.shape[0])
    top = mixed.group_probabilities.argmax(axis=1)
    rows = np.arange(len(top))
    return np.asarray(
        np.minimum(probe.group_probabilities[rows, top], votes.group_probabilities[rows, top]),
        dtype=np.float64,
    )


def calibrate_probability_threshold(
    confidence: npt.ArrayLike, correct: npt.ArrayLike, probability: float, min_support: int = 5
) -> float:
    """The confidence at which a held-out prediction is right with ``probability``,
    read from a logistic fit of rightness on confidence (two parameters, so a handful of
    cases at the top cannot move it the way they move a precision curve's steps). Every
    prediction above it is then at least that likely right. Returns ``math.inf`` (never)
    when confidence does not predict rightness (slope ≤ 0) or fewer than ``min_support``
    held-out predictions reach the threshold (no extrapolating beyond the data).

    Use held-out training data (e.g. cross-validation folds), never the test set.
    """
    x = np.asarray(confidence, dtype=np.float64).ravel()
    y = np.asarray(correct, dtype=np.float64).ravel()
    if len(x) != len(y):
        raise ValueError(f"{len(x)} confidences but {len(y)} outcomes")
    if not 0.0 < probability < 1.0:
        raise ValueError(f"probability must be in (0, 1), not {probability}")
    if len(x) < min_support or not y.any():
        return math.inf
    if y.all():  # nothing to fit: every held-out prediction was right
        return float(x.min())
    centre, scale = float(x.mean()), float(x.std()) or 1.0
    design = np.column_stack([np.ones_like(x), (x - centre) / scale])
    weights = np.zeros(2)
    for _ in range(100):  # Newton's method; the small ridge keeps separable data finite
        fitted = 1.0 / (1.0 + np.exp(-(design @ weights)))
        gradient = design.T @ (fitted - y) + 1e-3 * weights
        hessian = design.T @ (design * (fitted * (1.0 - fitted))[:, None]) + 1e-3 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-10:
            break
    intercept, slope = weights
    if slope <= 0:
        return math.inf
    threshold = centre + scale * (math.log(probability / (1.0 - probability)) - intercept) / slope
    return threshold if int((x >= threshold).sum()) >= min_support else math.inf


def calibrate_threshold(
    confidence: Sequence[float], correct: Sequence[bool], precision: float, min_support: int = 5
) -> float:
    """The lowest threshold t such that, among held-out predictions with confidence ≥ t,
    at least ``precision`` are correct — and the same holds for every higher threshold
    that keeps at least ``min_support`` predictions (so one lucky, isolated prediction
    cannot open the gate). Returns ``math.inf`` (never) when no threshold qualifies.

    Use held-out training data (e.g. cross-validation folds), never the test set.
    """
    if len(confidence) != len(correct):
        raise ValueError(f"{len(confidence)} confidences but {len(correct)} outcomes")
    if not 0.0 < precision <= 1.0:
        raise ValueError(f"precision must be in (0, 1], not {precision}")
    order = sorted(zip(confidence, correct, strict=True), key=lambda pair: -pair[0])
    threshold = math.inf
    hits = 0
    for taken, (value, right) in enumerate(order, start=1):
        hits += bool(right)
        if taken < len(order) and order[taken][0] == value:
            continue  # a threshold cannot split equal confidences
        if hits / taken < precision:
            if taken >= min_support:
                break
            continue
        if taken >= min_support:
            threshold = value
    return threshold
