"""Speed of the cross-encoder reranker (`retrieval.rerank`): what re-ranking one query's
top candidates costs on top of retrieval.

Texts: the paragraphs of the project's test articles (en/ru/uk). Each paragraph is a
query; the next ``--depth`` paragraphs are its candidates (the pair budgets, 64 + 72
tokens, cut them as they cut real claims). For each engine and thread count, in a fresh
process each (thread pools are set when a library loads): p50 / p95 milliseconds per
query and the pairs scored per second.

    .venv/bin/python benchmarks/rerank_speed.py [--threads 1 2] [--engines onnx numpy] [--depth 10]

Prints one JSON line per engine and thread count; writes benchmarks/results/rerank_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def paragraphs() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")):
        texts += [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
    return texts


def measure(engine: str, depth: int) -> dict[str, Any]:
    import numpy as np

    from narrativewatch.retrieval.rerank import CrossEncoder

    texts = paragraphs()
    started = time.perf_counter()
    encoder = CrossEncoder(engine=engine)
    load_s = time.perf_counter() - started
    encoder.score(texts[0], texts[1 : 1 + depth])  # warm-up: session, thread pool
    timings = []
    for index, query in enumerate(texts):
        candidates = [texts[(index + k) % len(texts)] for k in range(1, depth + 1)]
        started = time.perf_counter()
        encoder.score(query, candidates)
        timings.append(time.perf_counter() - started)
    per_query = np.array(timings) * 1000
    return {
        "engine": engine,
        "depth": depth,
        "queries": len(texts),
        "load_s": round(load_s, 2),
        "p50_ms_per_query": round(float(np.percentile(per_query, 50)), 1),
        "p95_ms_per_query": round(float(np.percentile(per_query, 95)), 1),
        "pairs_per_s": round(depth * len(texts) / sum(timings), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engines", nargs="+", default=["onnx", "numpy"])
    parser.add_argument("--depth", type=int, default=10)
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks" / "results" / "rerank_speed.json"
    )
    parser.add_argument("--_child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._child:
        print(json.dumps(measure(args._child[0], int(args._child[1]))))
        return 0
    results = []
    for engine in args.engines:
        for threads in args.threads:
            # The ONNX engine's pool reads OMP_NUM_THREADS (`threads.embedder_threads`),
            # numpy's BLAS the other two.
            variables = {
                name: str(threads)
                for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
            }
            child = subprocess.run(
                [sys.executable, __file__, "--_child", engine, str(args.depth)],
                env={**os.environ, **variables},
                capture_output=True,
                text=True,
                check=True,
            )
            result = {**json.loads(child.stdout.strip().splitlines()[-1]), "threads": threads}
            print(json.dumps(result), flush=True)
            results.append(result)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
