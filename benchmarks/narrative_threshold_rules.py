"""Nested cross-validation of the VoxCheck classifier's auto-match threshold rules.

`narrativewatch eval narrative-match` calibrates its *auto* threshold on folds of
``--train`` and must deliver ≥ 0.95 precision on data it has not seen. A threshold chosen
on held-out predictions flatters them, so the rule is chosen here, on the training half
only: each outer fold's thresholds come from inner folds of its own training part
(`heldout_confidence`'s procedure), and are applied to the outer held-out cases. Printed:
per rule and language, the precision of those outer auto-matches, their number and the
spread of the thresholds across outer folds.

    .venv/bin/python benchmarks/narrative_threshold_rules.py --train /tmp/voxcheck-split/train

Confidences compared: the mix's top probability, and `agreed_confidence` (the weaker of
the probe's and the votes' support for it). Rules: the precision curve
(`calibrate_threshold`, aimed at a precision) and the fitted probability
(`calibrate_probability_threshold`). Correctness is scored with the passage's labels
(`voxcheck.passage_labels`) and, for comparison, with each row's own label only.
~10 min on two cores with an empty vector cache, ~4 min with a warm one.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from narrativewatch.actors.registry import ActorRegistry, load_registry
from narrativewatch.evaluation import narrative_match as nm
from narrativewatch.evaluation.voxcheck import VoxCase, link_folds, load_voxcheck, passage_labels
from narrativewatch.matching.classifier import (
    agreed_confidence,
    calibrate_probability_threshold,
    calibrate_threshold,
)
from narrativewatch.matching.embedder import Embedder, load_embedder
from narrativewatch.matching.index import default_cache_dir
from narrativewatch.settings import Settings


@dataclass(frozen=True)
class Answer:
    mixed: float  # the mix's top narrative probability
    agreed: float  # min(probe, votes) for that narrative
    right: bool  # among the passage's narratives
    right_alone: bool  # the row's own narrative


Rule = Callable[[Sequence[float], Sequence[bool]], float]
RULES: dict[str, Rule] = {
    "precision curve 0.95": lambda c, k: calibrate_threshold(c, k, 0.95),
    "precision curve 0.97": lambda c, k: calibrate_threshold(c, k, 0.97),
    "probability 0.90": lambda c, k: calibrate_probability_threshold(c, k, 0.90),
    "probability 0.93": lambda c, k: calibrate_probability_threshold(c, k, 0.93),
    "probability 0.95": lambda c, k: calibrate_probability_threshold(c, k, 0.95),
}


def answers(
    train: Sequence[VoxCase],
    held_out: Sequence[VoxCase],
    embedder: Embedder,
    registry: ActorRegistry,
    alignment: nm.LanguageAlignment,
    options: nm.MatchOptions,
    cache_dir: str,
) -> dict[str, list[Answer]]:
    """The classifier fitted on ``train``'s English cases, asked about ``held_out``."""
    catalog = nm.build_catalog(train)
    index = nm.build_catalog_index(catalog.narratives, embedder, registry, cache_dir=cache_dir)
    model = nm.fit_catalog_classifier(index, catalog, alignment, options)
    labels = passage_labels(held_out)
    found: dict[str, list[Answer]] = {}
    for language in nm.LANGUAGES:
        rows = [
            (case, label)
            for case, label in zip(held_out, labels, strict=True)
            if case.texts.get(language)
        ]
        texts = [case.texts[language] for case, _ in rows]
        probe, votes, mixed = nm.classifier_predictions(
            texts, language, index, model, embedder, options
        )
        top = mixed.group_probabilities.argmax(axis=1)
        agreed = agreed_confidence(probe, votes, mixed)
        found[language] = [
            Answer(
                mixed=float(mixed.confidence[q]),
                agreed=float(agreed[q]),
                right=model.groups[g] in label.narratives,
                right_alone=model.groups[g] == case.narrative,
            )
            for q, ((case, label), g) in enumerate(zip(rows, top, strict=True))
        ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", required=True, help="VoxCheck directory: the training half")
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 202])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    settings = Settings.load({})
    cache_dir = settings.cache_dir or str(default_cache_dir())
    embedder: Embedder = nm.QueryVectorCache(load_embedder(settings.embedder), cache_dir)
    options = nm.MatchOptions(method="classifier")
    alignment = nm.catalog_alignment(embedder, cache_dir)
    registry = load_registry()
    train = load_voxcheck(args.train).cases
    outer_runs = []
    for seed in args.seeds:
        for outer_train, outer_held in link_folds(train, args.folds, seed):
            inner: dict[str, list[Answer]] = {language: [] for language in nm.LANGUAGES}
            for inner_train, inner_held in link_folds(
                outer_train, options.calibration_folds, options.seed
            ):
                found = answers(
                    inner_train, inner_held, embedder, registry, alignment, options, cache_dir
                )
                for language, rows in found.items():
                    inner[language] += rows
            held = answers(
                outer_train, outer_held, embedder, registry, alignment, options, cache_dir
            )
            outer_runs.append((inner, held))
            print(f"seed {seed}: outer fold {len(outer_runs)} done", flush=True)

    confidences: dict[str, Callable[[Answer], float]] = {
        "mix": lambda a: a.mixed,
        "agreed": lambda a: a.agreed,
    }
    for scoring, right in (("passage labels", "right"), ("single label", "right_alone")):
        print(f"\n{scoring}: precision of outer held-out auto-matches (n), threshold mean ± sd")
        print("| confidence | rule | en | ru | uk |\n|---|---|---|---|---|")
        for name, confidence in confidences.items():
            for rule_name, rule in RULES.items():
                cells = []
                for language in nm.LANGUAGES:
                    hits = taken = 0
                    thresholds = []
                    for inner, held in outer_runs:
                        threshold = rule(
                            [confidence(a) for a in inner[language]],
                            [getattr(a, right) for a in inner[language]],
                        )
                        thresholds.append(threshold)
                        chosen = [a for a in held[language] if confidence(a) >= threshold]
                        taken += len(chosen)
                        hits += sum(getattr(a, right) for a in chosen)
                    finite = [t for t in thresholds if math.isfinite(t)]
                    spread = f"{np.mean(finite):.2f} ± {np.std(finite):.2f}" if finite else "never"
                    precision = hits / taken if taken else 0.0
                    cells.append(f"{precision:.3f} ({taken}), t {spread}")
                print(f"| {name} | {rule_name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
