"""Throughput and peak memory of the analysis pipeline on real news articles.

Analyses the PolNeAR training articles (real English news, ~840 files) with the full
pipeline — language, sentences, entities, quotes, sources, dates, claims, narrative
matching and stance — and then measures the bundled embedder alone on sentences of the
same articles (the ceiling if every sentence were embedded, as a naive design would).

    .venv/bin/python benchmarks/analyze_throughput.py [--articles N] [--embed-sentences N]

Prints a table and writes benchmarks/results/analyze_throughput.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
from pathlib import Path

from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.ingest import make_document
from narrativewatch.pipeline import analyze, load_pipeline
from narrativewatch.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "polnear" / "data" / "train" / "text"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=0, help="0: all")
    parser.add_argument("--embed-sentences", type=int, default=3000)
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks/results/analyze_throughput.json"
    )
    args = parser.parse_args()

    paths = sorted(args.data.glob("*.txt"))
    if args.articles:
        paths = paths[: args.articles]
    documents = [
        make_document(p.read_text(encoding="utf-8"), source=p.name, language="en") for p in paths
    ]
    started = time.perf_counter()
    pipeline = load_pipeline(Settings.load())
    pipeline.nlp.warm_up(("en",))
    load_seconds = time.perf_counter() - started
    rss_loaded = peak_rss_mb()

    sentences_total = claims_embedded = matches = 0
    started = time.perf_counter()
    for document in documents:
        analysis = analyze(document, pipeline)
        sentences_total += len(analysis.sentences)
        claims_embedded += sum(1 for c in analysis.candidates if c)
        matches += len(analysis.matches)
    pipeline_seconds = time.perf_counter() - started
    rss_pipeline = peak_rss_mb()

    sentences = [
        s.span.text_of(d.text)
        for d in documents
        for s in split_sentences(d.text, "en", pipeline.nlp)
    ][: args.embed_sentences]
    embedder = pipeline.embedder
    inner = getattr(embedder, "inner", embedder)  # measure the model, not the cache
    started = time.perf_counter()
    for offset in range(0, len(sentences), 64):
        inner.embed_queries(sentences[offset : offset + 64])
    embed_seconds = time.perf_counter() - started
    sentences_per_article = sentences_total / max(1, len(documents))
    embed_rate = len(sentences) / embed_seconds

    result = {
        "command": "python benchmarks/analyze_throughput.py",
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
        "articles": len(documents),
        "sentences": sentences_total,
        "claims_embedded": claims_embedded,
        "matches": matches,
        "model_load_seconds": round(load_seconds, 1),
        "pipeline_seconds": round(pipeline_seconds, 1),
        "pipeline_articles_per_second": round(len(documents) / pipeline_seconds, 2),
        "embedder_sentences_measured": len(sentences),
        "embedder_sentences_per_second": round(embed_rate, 1),
        "embedder_ceiling_articles_per_second": round(embed_rate / sentences_per_article, 2),
        "peak_rss_mb_after_load": round(rss_loaded),
        "peak_rss_mb": round(max(rss_pipeline, peak_rss_mb())),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:{width}}  {value}")


if __name__ == "__main__":
    main()
