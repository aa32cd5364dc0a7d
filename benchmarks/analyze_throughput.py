"""Throughput and peak memory of the analysis pipeline on real news articles, naive design
against ours, in the same run.

Analyses the PolNeAR training articles (real English news, ~840 files) with the full
pipeline — language, sentences, entities, quotes, sources, dates, claims, narrative
matching and stance — three ways:

- **naive**: every claim of every sentence is embedded with e5 (first tier off, no
  check-worthiness cut), as a design that "embeds everything" would;
- **check-worthy only**: the previous design — check-worthy or attributed claims, all
  embedded (first tier off);
- **ours, 1 process**: check-worthy or attributed claims, filtered by the static first
  tier (`matching/first_tier.py`); a document that matches gets the full treatment;
- **ours, N workers**: the same in worker processes (`narrativewatch.workers`), as
  `narrativewatch ingest --workers N` runs it.

It also compares the matches: every (article, narrative) match of the naive and the
check-worthy runs that ours misses, and the reverse, is counted (and the missed ones listed
in the JSON). Each run starts with an empty embedding cache. Then the embedder alone is
timed on sentences of the same articles (the ceiling of a design that embeds every
sentence).

    .venv/bin/python benchmarks/analyze_throughput.py [--articles N] [--workers 2]

Prints a table and writes benchmarks/results/analyze_throughput.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from dataclasses import replace
from pathlib import Path

from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.ingest import make_document
from narrativewatch.matching.embedder import CachingEmbedder
from narrativewatch.model import Analysis, Document
from narrativewatch.pipeline import Pipeline, analyze, load_pipeline
from narrativewatch.settings import Settings
from narrativewatch.workers import analyse_in_parallel

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "polnear" / "data" / "train" / "text"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_inline(documents: list[Document], pipeline: Pipeline) -> tuple[float, list[Analysis]]:
    # An empty cache: a run must not reuse the vectors of the run before it.
    inner = getattr(pipeline.embedder, "inner", pipeline.embedder)
    pipeline = replace(pipeline, embedder=CachingEmbedder(inner))
    started = time.perf_counter()
    analyses = [analyze(d, pipeline) for d in documents]
    return time.perf_counter() - started, analyses


def matched(analyses: list[Analysis]) -> set[tuple[str, str]]:
    return {(a.document.source, m.narrative_id) for a in analyses for m in a.matches}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=0, help="0: all")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--embed-sentences", type=int, default=2000)
    parser.add_argument(
        "--ours-only",
        action="store_true",
        help="only our design (1 process and --workers), for A/B runs of one change "
        "(e.g. NARRATIVEWATCH_ATTRIBUTION_TAGGER=false); writes "
        "analyze_throughput_ours.json unless --output is given",
    )
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    name = "analyze_throughput_ours.json" if args.ours_only else "analyze_throughput.json"
    output = args.output or ROOT / "benchmarks" / "results" / name

    paths = sorted(args.data.glob("*.txt"))
    if args.articles:
        paths = paths[: args.articles]
    documents = [
        make_document(p.read_text(encoding="utf-8"), source=p.name, language="en") for p in paths
    ]
    settings = Settings.load()
    started = time.perf_counter()
    pipeline = load_pipeline(settings)
    pipeline.nlp.warm_up(("en",))
    load_seconds = time.perf_counter() - started
    rss_loaded = peak_rss_mb()
    assert pipeline.first_tier is not None, "the first tier is not calibrated"
    naive = replace(
        pipeline, first_tier=None, options=replace(pipeline.options, claim_threshold=0.0)
    )
    worthy = replace(pipeline, first_tier=None)
    # Warm every path on one article so that none pays first-use costs.
    for variant in (pipeline,) if args.ours_only else (pipeline, naive, worthy):
        analyze(documents[0], variant)

    if args.ours_only:
        ours_only(documents, pipeline, settings, args.workers, load_seconds, output)
        return
    naive_seconds, naive_analyses = run_inline(documents, naive)
    worthy_seconds, worthy_analyses = run_inline(documents, worthy)
    ours_seconds, ours_analyses = run_inline(documents, pipeline)
    rss_pipeline = peak_rss_mb()
    started = time.perf_counter()
    parallel = list(analyse_in_parallel(documents, pipeline, settings, args.workers))
    parallel_seconds = time.perf_counter() - started  # includes the workers' model loading
    parallel_analyses = [outcome[0] for _, outcome in parallel if not isinstance(outcome, str)]

    sentences_total = sum(len(a.sentences) for a in ours_analyses)
    embedded_naive = sum(1 for a in naive_analyses for c in a.candidates if c)
    embedded_ours = sum(1 for a in ours_analyses for c in a.candidates if c)
    embedded_worthy = sum(1 for a in worthy_analyses for c in a.candidates if c)
    naive_matches, ours_matches = matched(naive_analyses), matched(ours_analyses)
    worthy_matches = matched(worthy_analyses)

    sentences = [
        s.span.text_of(d.text)
        for d in documents
        for s in split_sentences(d.text, "en", pipeline.nlp)
    ][: args.embed_sentences]
    inner = getattr(pipeline.embedder, "inner", pipeline.embedder)  # the model, not the cache
    started = time.perf_counter()
    for offset in range(0, len(sentences), 64):
        inner.embed_queries(sentences[offset : offset + 64])
    embed_rate = len(sentences) / (time.perf_counter() - started)
    n = len(documents)

    result = {
        "command": "python benchmarks/analyze_throughput.py",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "articles": n,
        "sentences": sentences_total,
        "model_load_seconds": round(load_seconds, 1),
        "naive_articles_per_second": round(n / naive_seconds, 2),
        "naive_claims_embedded": embedded_naive,
        "checkworthy_articles_per_second": round(n / worthy_seconds, 2),
        "checkworthy_claims_embedded": embedded_worthy,
        "ours_1_process_articles_per_second": round(n / ours_seconds, 2),
        "ours_claims_embedded": embedded_ours,
        f"ours_{args.workers}_workers_articles_per_second": round(n / parallel_seconds, 2),
        "parallel_failures": len(parallel) - len(parallel_analyses),
        "matches_naive": len(naive_matches),
        "matches_ours": len(ours_matches),
        "matches_checkworthy": len(worthy_matches),
        "naive_matches_missed_by_ours": len(naive_matches - ours_matches),
        "ours_matches_not_in_naive": len(ours_matches - naive_matches),
        "checkworthy_matches_missed_by_ours": len(worthy_matches - ours_matches),
        "ours_matches_not_in_checkworthy": len(ours_matches - worthy_matches),
        "parallel_matches_differ_from_ours": len(matched(parallel_analyses) ^ ours_matches),
        "embedder_sentences_per_second": round(embed_rate, 1),
        "embedder_ceiling_articles_per_second": round(embed_rate * n / sentences_total, 2),
        "peak_rss_mb_after_load": round(rss_loaded),
        "peak_rss_mb": round(max(rss_pipeline, peak_rss_mb())),
    }
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:{width}}  {value}")
    result["checkworthy_matches_missed_by_ours_list"] = sorted(worthy_matches - ours_matches)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def ours_only(
    documents: list[Document],
    pipeline: Pipeline,
    settings: Settings,
    workers: int,
    load_seconds: float,
    output: Path,
) -> None:
    """Our design alone, in one process and in ``workers`` processes."""
    ours_seconds, ours_analyses = run_inline(documents, pipeline)
    started = time.perf_counter()
    parallel = list(analyse_in_parallel(documents, pipeline, settings, workers))
    parallel_seconds = time.perf_counter() - started
    failures = sum(1 for _, outcome in parallel if isinstance(outcome, str))
    n = len(documents)
    result = {
        "command": "python benchmarks/analyze_throughput.py --ours-only",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "settings": {"attribution_tagger": settings.attribution_tagger},
        "articles": n,
        "model_load_seconds": round(load_seconds, 1),
        "ours_1_process_articles_per_second": round(n / ours_seconds, 2),
        "ours_claims_embedded": sum(1 for a in ours_analyses for c in a.candidates if c),
        "quotes": sum(len(a.quotes) for a in ours_analyses),
        f"ours_{workers}_workers_articles_per_second": round(n / parallel_seconds, 2),
        "parallel_failures": failures,
        "matches_ours": len(matched(ours_analyses)),
        "peak_rss_mb": round(peak_rss_mb()),
    }
    for key, value in result.items():
        print(f"{key:36}  {value}")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
