"""How far can the bundled e5 go on VoxCheck narratives? Fine-tune it on the training cases.

For each of 5 folds by link of a VoxCheck training split (``voxcheck.link_folds``, seed
13), the bundled e5 gets a rank-8 low-rank adapter and a softmax head over the fold's
sub-narratives (reading the normalised mean-pooled states × 20), trained on the fold's
English cases and the sub-narrative names: cross-entropy, ``--epochs`` epochs in batches
of 16, AdamW ``--lr`` (the head 4×), 20 warm-up steps and linear decay. The held-out cases
are then classified in en, ru and uk; a narrative's probability is the sum of its
sub-narratives'. Prints the running narrative / sub-narrative acc@1 (passage labels)
after each fold. Needs PyTorch (``pip install -e '.[train]'``); ~4 minutes a fold on two
cores. Results: docs/narrative-match.md.

    python benchmarks/voxcheck_finetune_ceiling.py SPLIT/train [--epochs 8] [--lr 5e-4]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from torch import nn

from narrativewatch.evaluation.voxcheck import link_folds, load_voxcheck, passage_labels
from narrativewatch.matching.e5_numpy import bundled_model_file
from narrativewatch.training.e5_torch import TorchE5

BATCH = 16
MAX_TOKENS = 192
SCALE = 20.0  # the head reads unit vectors; this sets the logits' range


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("train", type=Path, help="a VoxCheck-format training split")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--folds", type=int, default=5, help="folds to run (of 5)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    cases = load_voxcheck(args.train).cases
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for fold, (train, held_out) in enumerate(link_folds(cases, 5, 13)[: args.folds]):
        started = time.time()
        subnarratives = sorted({c.subnarrative for c in train})
        column = {s: i for i, s in enumerate(subnarratives)}
        parent = {c.subnarrative: c.narrative for c in train}
        data = [(c.texts["en"], column[c.subnarrative]) for c in train if c.texts.get("en")]
        data += [(s, column[s]) for s in subnarratives]
        model = TorchE5(bundled_model_file())
        torch.manual_seed(fold)
        low_rank = model.add_low_rank(8, 2.0, fold)
        head = nn.Linear(model.header.hidden, len(subnarratives))
        optimiser = torch.optim.AdamW(
            [{"params": low_rank, "lr": args.lr}, {"params": head.parameters(), "lr": 4 * args.lr}],
            weight_decay=0.0,
        )
        steps = args.epochs * ((len(data) + BATCH - 1) // BATCH)
        scheduler = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda step, n=steps: min(1.0, (step + 1) / 20) * max(0.0, 1 - step / n)
        )

        def logits(
            texts: list[str], model: TorchE5 = model, head: nn.Linear = head
        ) -> torch.Tensor:
            ids, mask = model.token_batch(texts, max_tokens=MAX_TOKENS)
            return head(nn.functional.normalize(model.pooled(ids, mask), dim=-1) * SCALE)

        order = random.Random(fold)
        model.train()
        for _ in range(args.epochs):
            order.shuffle(data)
            for start in range(0, len(data), BATCH):
                batch = data[start : start + BATCH]
                loss = nn.functional.cross_entropy(
                    logits([t for t, _ in batch]), torch.tensor([y for _, y in batch])
                )
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                scheduler.step()
        model.eval()
        gold = passage_labels(held_out)
        for language in ("en", "ru", "uk"):
            queries = [(c, g) for c, g in zip(held_out, gold, strict=True) if c.texts.get(language)]
            with torch.no_grad():
                probabilities = np.vstack(
                    [
                        torch.softmax(logits([c.texts[language] for c, _ in chunk]), -1).numpy()
                        for chunk in (queries[i : i + 32] for i in range(0, len(queries), 32))
                    ]
                )
            for (_, labels), row in zip(queries, probabilities, strict=True):
                narratives: dict[str, float] = defaultdict(float)
                for subnarrative, probability in zip(subnarratives, row, strict=True):
                    narratives[parent[subnarrative]] += float(probability)
                total = totals[language]
                total[0] += 1
                total[1] += max(narratives, key=narratives.__getitem__) in labels.narratives
                total[2] += subnarratives[int(row.argmax())] in labels.subnarratives
        scores = {
            language: f"{t[1] / t[0]:.3f} / {t[2] / t[0]:.3f} ({t[0]})"
            for language, t in totals.items()
        }
        print(f"fold {fold}: {time.time() - started:.0f} s; {scores}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
