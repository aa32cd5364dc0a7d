"""`narrativewatch train checkworthiness`: train the check-worthiness model
(`narrativewatch.analysis.checkworthiness`) on a CheckThat! 2024 Task 1 training split,
choose each head's threshold on the dev split, and write the artifact with the SHA-256 of
the files it learnt from and the scores it reached.

Reproducible: every random choice (folds, initial weights, batch order) draws from one
seeded generator and training runs in one process, so the same files and options give the
same weights, byte for byte, on the same machine and library versions.

Steps:

1. features of every sentence (`extract_features`, language "en");
2. the n-gram logistic regression, fitted on all of train; the value the heads see for a
   *training* sentence is its out-of-fold logit (k folds), so the heads learn how much to
   trust the n-grams on sentences the regression has not memorised;
3. each head: standardised blocks, an ensemble of one-hidden-layer networks (Adam,
   mini-batches), then the threshold that maximises F1 on dev, smoothed over a window so
   that a lucky spike on 238 positive sentences does not decide it;
4. scores on train, dev and (only measured, never used) dev-test.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from narrativewatch.analysis.checkworthiness import (
    DEFAULT_MODEL,
    HEAD_BLOCKS,
    MODEL_NAME,
    NGRAM_BUCKETS,
    SURFACE_FEATURES,
    Array,
    Encoders,
    Ensemble,
    Head,
    SparseRows,
    extract_features,
    head_inputs,
    language_offsets,
    linear_ngram_logits,
    load_encoders,
    save_model,
    sigmoid,
)
from narrativewatch.errors import EXIT_OK, EXIT_USAGE, ConfigError
from narrativewatch.evaluation.checkworthiness import (
    DataError,
    LabelledSentence,
    Scores,
    positive_class_scores,
    read_labelled_sentences,
)
from narrativewatch.training import file_sha256


@dataclass(frozen=True, slots=True)
class TrainingOptions:
    """Hyper-parameters, chosen on dev F1 and average precision (docs/checkworthiness.md)."""

    seed: int = 0
    folds: int = 5
    ngram_l2: float = 10.0
    ngram_iterations: int = 300
    ngram_learning_rate: float = 0.05
    hidden: int = 128
    members: int = 3
    epochs: int = 20
    batch: int = 128
    learning_rate: float = 1e-3
    weight_decay: float = 1e-2
    threshold_window: float = 0.05

    def __post_init__(self) -> None:
        if self.folds < 2:
            raise ValueError("folds must be at least 2")
        if self.members < 1 or self.epochs < 1 or self.hidden < 1:
            raise ValueError("members, epochs and hidden must be at least 1")


@dataclass(frozen=True)
class Split:
    name: str
    path: Path
    sentences: list[LabelledSentence]

    @property
    def labels(self) -> npt.NDArray[np.bool_]:
        return np.asarray([s.checkworthy for s in self.sentences], dtype=bool)


# ------------------------------------------------------------------------------ fitting


def fit_ngram_regression(
    sparse: SparseRows, labels: npt.NDArray[np.bool_], options: TrainingOptions
) -> tuple[npt.NDArray[np.float64], float]:
    """L2-regularised logistic regression on hashed n-grams, full-batch Adam (float64,
    deterministic). Returns (weights per bucket, bias); unseen buckets stay exactly 0."""
    target = labels.astype(np.float64)
    n = sparse.count
    # One vector: the bucket weights, then the bias (which is not regularised).
    params = np.zeros(NGRAM_BUCKETS + 1)
    moment = np.zeros_like(params)
    square = np.zeros_like(params)
    penalty = np.full(NGRAM_BUCKETS + 1, options.ngram_l2 / n)
    penalty[-1] = 0.0
    for step in range(1, options.ngram_iterations + 1):
        logits = np.bincount(sparse.rows, params[sparse.buckets], minlength=n) + params[-1]
        residual = (sigmoid(logits) - target) / n
        grad = penalty * params
        grad[:-1] += np.bincount(sparse.buckets, residual[sparse.rows], minlength=NGRAM_BUCKETS)
        grad[-1] += residual.sum()
        moment = 0.9 * moment + 0.1 * grad
        square = 0.999 * square + 0.001 * grad**2
        unbiased = moment / (1 - 0.9**step)
        params -= (
            options.ngram_learning_rate * unbiased / (np.sqrt(square / (1 - 0.999**step)) + 1e-8)
        )
    return params[:-1], float(params[-1])


def out_of_fold_logits(
    sparse: SparseRows,
    labels: npt.NDArray[np.bool_],
    options: TrainingOptions,
    rng: np.random.Generator,
) -> Array:
    """Each training sentence's n-gram logit from a regression that did not see it."""
    fold_of = rng.permutation(sparse.count) % options.folds
    logits = np.zeros(sparse.count, dtype=np.float32)
    for fold in range(options.folds):
        held = np.flatnonzero(fold_of == fold)
        kept = np.flatnonzero(fold_of != fold)
        weights, bias = fit_ngram_regression(sparse.subset(kept), labels[kept], options)
        logits[held] = linear_ngram_logits(sparse.subset(held), weights, bias)
    return logits


def fit_ensemble(
    inputs: Array,
    labels: npt.NDArray[np.bool_],
    options: TrainingOptions,
    rng: np.random.Generator,
) -> Ensemble:
    """``options.members`` one-hidden-layer ReLU networks on standardised ``inputs``, each
    trained with Adam on mini-batches in its own random order from its own start."""
    members = [_fit_network(inputs, labels, options, rng) for _ in range(options.members)]
    return Ensemble(
        hidden_weights=np.stack([m[0] for m in members]),
        hidden_bias=np.stack([m[1] for m in members]),
        output_weights=np.stack([m[2] for m in members]),
        output_bias=np.asarray([m[3] for m in members], dtype=np.float32),
    )


def _fit_network(
    inputs: Array,
    labels: npt.NDArray[np.bool_],
    options: TrainingOptions,
    rng: np.random.Generator,
) -> list[Array]:
    n, width = inputs.shape
    target = labels.astype(np.float32)
    params: list[Array] = [
        rng.normal(0, np.sqrt(2 / width), (width, options.hidden)).astype(np.float32),
        np.zeros(options.hidden, dtype=np.float32),
        rng.normal(0, np.sqrt(1 / options.hidden), options.hidden).astype(np.float32),
        np.zeros((), dtype=np.float32),
    ]
    moments = [np.zeros_like(p) for p in params]
    squares = [np.zeros_like(p) for p in params]
    step = 0
    for _ in range(options.epochs):
        order = rng.permutation(n)
        for start in range(0, n, options.batch):
            batch = order[start : start + options.batch]
            x, y = inputs[batch], target[batch]
            pre = x @ params[0] + params[1]
            hidden = np.maximum(pre, 0)
            probability = sigmoid(hidden @ params[2] + params[3]).astype(np.float32)
            # float32 throughout: a float64 error would upcast every product below.
            error = ((probability - y) / np.float32(len(batch))).astype(np.float32)
            back = np.outer(error, params[2]) * (pre > 0)
            grads = [
                x.T @ back + options.weight_decay * params[0],
                back.sum(axis=0),
                hidden.T @ error + options.weight_decay * params[2],
                np.asarray(error.sum(), dtype=np.float32),
            ]
            step += 1
            correction = (1 - 0.9**step, 1 - 0.999**step)
            for i, grad in enumerate(grads):
                moments[i] = 0.9 * moments[i] + 0.1 * grad
                squares[i] = 0.999 * squares[i] + 0.001 * grad**2
                update = (moments[i] / correction[0]) / (np.sqrt(squares[i] / correction[1]) + 1e-8)
                params[i] = (params[i] - options.learning_rate * update).astype(np.float32)
    return params


def choose_threshold(probabilities: Array, labels: npt.NDArray[np.bool_], window: float) -> float:
    """The threshold (grid 0.05–0.95, step 0.01) whose F1, averaged over the thresholds
    within ±``window`` of it, is highest: the centre of the best plateau, not a spike."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    f1 = np.array([positive_class_scores(probabilities >= t, list(labels)).f1 for t in grid])
    smoothed = np.array([f1[np.abs(grid - t) <= window + 1e-9].mean() for t in grid])
    best = grid[smoothed >= smoothed.max() - 1e-9]
    return float(best[len(best) // 2])


# ----------------------------------------------------------------------------- training


@dataclass(frozen=True)
class TrainingResult:
    path: Path
    metadata: dict[str, Any]


def train_checkworthiness(
    train: Split,
    dev: Split,
    out: Path,
    options: TrainingOptions | None = None,
    dev_test: Split | None = None,
    encoders: Encoders | None = None,
    parallel: dict[str, Sequence[str]] | None = None,
) -> TrainingResult:
    """Train both heads on ``train``, set their thresholds on ``dev``, measure them on every
    split given, compute the language offsets from ``parallel`` (language → the same
    statements in each language; default: the built-in catalog's), and write the artifact
    to ``out`` (.npz + .json)."""
    options = options or TrainingOptions()
    encoders = encoders or load_encoders()
    parallel_is_catalog = parallel is None
    parallel = parallel if parallel is not None else catalog_statements()
    offsets = language_offsets(parallel, encoders)
    rng = np.random.default_rng(options.seed)
    splits = [s for s in (train, dev, dev_test) if s is not None]
    features = {
        s.name: extract_features([x.text for x in s.sentences], "en", encoders) for s in splits
    }
    train_features = features[train.name]
    ngram_weights, ngram_bias = fit_ngram_regression(train_features.ngrams, train.labels, options)
    ngram_logits = {
        s.name: linear_ngram_logits(features[s.name].ngrams, ngram_weights, ngram_bias)
        for s in splits
    }
    ngram_logits[train.name] = out_of_fold_logits(train_features.ngrams, train.labels, options, rng)
    heads: dict[str, Head] = {}
    scores: dict[str, dict[str, dict[str, float | int]]] = {}
    for name, blocks in HEAD_BLOCKS.items():
        inputs = head_inputs(train_features, blocks, ngram_logits[train.name])
        mean = inputs.mean(axis=0)
        scale = (inputs.std(axis=0) + 1e-6).astype(np.float32)
        ensemble = fit_ensemble((inputs - mean) / scale, train.labels, options, rng)

        def probabilities(
            split: Split,
            blocks: tuple[str, ...] = blocks,
            ensemble: Ensemble = ensemble,
            mean: Array = mean,
            scale: Array = scale,
        ) -> Array:
            columns = head_inputs(features[split.name], blocks, ngram_logits[split.name])
            return ensemble.probabilities((columns - mean) / scale)

        threshold = choose_threshold(probabilities(dev), dev.labels, options.threshold_window)
        heads[name] = Head(blocks, mean, scale, ensemble, threshold)
        scores[name] = {
            s.name: _scores(probabilities(s), s.labels, threshold).as_dict() for s in splits
        }
    metadata = {
        "model_id": MODEL_NAME,
        "task": "CheckThat! 2024 Task 1 (English): is the sentence check-worthy?",
        "features": {
            "use": "multilingual USE v3 sentence vector (512)",
            "static": "e5-static-v1 sentence vector (256)",
            "surface": list(SURFACE_FEATURES),
            "ngram": f"logit of a logistic regression on {NGRAM_BUCKETS} hashed word uni- "
            "and bigram buckets (CRC-32), English-only",
        },
        "heads": {
            name: {
                "blocks": list(head.blocks),
                "languages": "en" if name == "en" else "any but en",
                "threshold": head.threshold,
                "threshold_chosen_on": dev.name,
            }
            for name, head in heads.items()
        },
        "language_offsets": {
            "languages": sorted(offsets),
            "source": "parallel statements of the built-in narrative catalog"
            if parallel_is_catalog
            else "parallel statements given to train_checkworthiness",
            "statements": {language: len(texts) for language, texts in sorted(parallel.items())},
        },
        "data": {
            s.name: {
                "file": s.path.name,
                "sha256": file_sha256(s.path),
                "sentences": len(s.sentences),
                "use": _ROLES[s.name],
            }
            for s in splits
        },
        "options": asdict(options),
        "scores": scores,
    }
    save_model(out, ngram_weights, ngram_bias, heads, offsets, metadata)
    return TrainingResult(out, metadata)


_ROLES = {
    "train": "weights fitted on it",
    "dev": "thresholds chosen on it",
    "dev-test": "only measured",
}


def catalog_statements() -> dict[str, Sequence[str]]:
    """The built-in catalog's statements by language (each narrative states the same
    claims in en, ru and uk)."""
    from narrativewatch.catalog.loader import load_catalog

    by_language: dict[str, list[str]] = {}
    for narrative in load_catalog():
        for statement in narrative.statements:
            by_language.setdefault(statement.language, []).append(statement.text)
    return dict(by_language)


def _scores(probabilities: Array, labels: npt.NDArray[np.bool_], threshold: float) -> Scores:
    return positive_class_scores(probabilities >= threshold, list(labels))


def weights_sha256(path: Path) -> str:
    """The hash of a model's arrays (names and bytes), independent of the zip container."""
    digest = hashlib.sha256()
    with np.load(path) as data:
        for name in sorted(data.files):
            digest.update(name.encode("utf-8"))
            digest.update(np.ascontiguousarray(data[name]).tobytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------------- CLI


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch train checkworthiness`."""
    parser.add_argument("--train", type=Path, required=True, help="training TSV (CheckThat! 2024)")
    parser.add_argument(
        "--dev", type=Path, required=True, help="dev TSV: the thresholds are chosen on it"
    )
    parser.add_argument(
        "--dev-test",
        type=Path,
        help="held-out TSV, only measured and recorded in the model's JSON, never used",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_MODEL,
        help=f"model .npz to write, a .json beside it (default: {DEFAULT_MODEL})",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")


def main(args: argparse.Namespace) -> int:
    """Train and write the model; 0 on success, 2 on a bad file."""
    started = time.monotonic()
    try:
        out = args.out if args.out.suffix == ".npz" else args.out / f"{MODEL_NAME}.npz"
        splits = [
            Split(name, path, read_labelled_sentences(path))
            for name, path in (
                ("train", args.train),
                ("dev", args.dev),
                ("dev-test", args.dev_test),
            )
            if path is not None
        ]
        result = train_checkworthiness(
            splits[0],
            splits[1],
            out,
            TrainingOptions(seed=args.seed),
            dev_test=splits[2] if len(splits) > 2 else None,
        )
    except (DataError, ConfigError, ValueError) as exc:
        print(f"narrativewatch: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(format_report(result, time.monotonic() - started))
    return EXIT_OK


def format_report(result: TrainingResult, seconds: float) -> str:
    """What was written, the data hash and a table of scores per head and split."""
    meta = result.metadata
    lines = [f"wrote {result.path} and {result.path.with_suffix('.json').name} ({seconds:.0f} s)"]
    for name, data in meta["data"].items():
        lines.append(f"{name}: {data['file']} sha256 {data['sha256']}")
    lines.append(f"{'head':4}  {'split':8}  {'threshold':>9}  {'P':>5}  {'R':>5}  {'F1':>5}")
    for head, by_split in meta["scores"].items():
        threshold = meta["heads"][head]["threshold"]
        for split, s in by_split.items():
            lines.append(
                f"{head:4}  {split:8}  {threshold:9.2f}  {s['precision']:5.3f}  "
                f"{s['recall']:5.3f}  {s['f1']:5.3f}"
            )
    return "\n".join(lines)
