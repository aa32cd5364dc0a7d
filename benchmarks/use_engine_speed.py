"""Multilingual USE on its two engines: the package's numpy backend against ONNX Runtime
with 8-bit products (`retrieval/use_onnx.py`, the default), on the same real sentences.

Sentences: the first ``--articles`` PolNeAR training articles (real English news), split
at sentence-final punctuation and embedded in one call per engine, as the pipeline embeds
an article's claims. Reported per engine and thread count: seconds (best of ``--repeat``)
and sentences per second; and how close the two engines' vectors are (cosine: minimum and
mean). Run on an idle machine: other load on the 2 cores halves the figures.

    .venv/bin/python benchmarks/use_engine_speed.py [--articles 100] [--repeat 2]

Prints one JSON line per engine and thread count, then the cosines; writes
benchmarks/results/use_engine_speed.json.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import numpy as np

from narrativewatch.retrieval.second_embedder import UniversalSentenceEncoder

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets" / "polnear" / "data" / "train" / "text"
RESULTS = ROOT / "benchmarks" / "results" / "use_engine_speed.json"
# A plain splitter: sentence boundaries barely change the cost per sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def sentences(data: Path, articles: int) -> list[str]:
    found = []
    for path in sorted(data.glob("*.txt"))[:articles]:
        text = path.read_text(encoding="utf-8")
        found += [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    texts = sentences(args.data, args.articles)
    results: list[dict[str, object]] = []
    vectors: dict[str, np.ndarray] = {}
    for threads in (1, 2):
        for engine in ("numpy", "onnx"):
            encoder = UniversalSentenceEncoder(threads=threads, engine=engine)
            encoder.embed_passages(texts[:50])  # warm up: sessions, caches
            best = float("inf")
            for _ in range(args.repeat):
                started = time.perf_counter()
                vectors[engine] = encoder.embed_passages(texts)
                best = min(best, time.perf_counter() - started)
            result = {
                "engine": engine,
                "threads": threads,
                "sentences": len(texts),
                "seconds": round(best, 2),
                "sentences_per_second": round(len(texts) / best),
            }
            print(json.dumps(result), flush=True)
            results.append(result)
    cosines = (vectors["numpy"] * vectors["onnx"]).sum(axis=1)
    closeness = {
        "cosine_min": round(float(cosines.min()), 5),
        "cosine_mean": round(float(cosines.mean()), 5),
    }
    print(json.dumps(closeness), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"runs": results, **closeness}, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
