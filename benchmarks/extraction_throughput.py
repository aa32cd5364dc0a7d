"""Throughput of extraction without the embedder: sentences, entities and actors, quotes,
cited sources, dates, claims and their check-worthiness (`narrativewatch.analysis.
extraction.extract` with the trained classifier), on real news articles, with the time
each stage takes.

Issue #4 asks for at least 20 articles/s on the PolNeAR articles on a 2-core machine.
Language identification is timed too (a document from a feed has no language yet). With
``--workers N`` the articles are also extracted in N processes, as `narrativewatch ingest
--workers N` runs the stages (each process loads its own models; the load is not timed).

    .venv/bin/python benchmarks/extraction_throughput.py [--articles N] [--repeat 2] [--workers 2]

Prints a table and writes benchmarks/results/extraction_throughput.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from narrativewatch.actors.registry import load_registry
from narrativewatch.analysis.attribution_tagger import load_attribution_tagger
from narrativewatch.analysis.attributions import extract_attributions
from narrativewatch.analysis.checkworthiness import (
    DEFAULT_MODEL,
    CheckworthinessModel,
    load_encoders,
    read_model,
)
from narrativewatch.analysis.claims import extract_claims
from narrativewatch.analysis.entities import extract_entities
from narrativewatch.analysis.extraction import extract
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.analysis.quotes import extract_quotes
from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.analysis.timex import extract_time_expressions
from narrativewatch.threads import limit_blas_threads

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "polnear" / "data"


_worker_models: tuple[NlpModels, Any, CheckworthinessModel] | None = None


def load_classifier() -> CheckworthinessModel:
    # One USE thread, as the pipeline loads it (one process per core).
    return read_model(DEFAULT_MODEL, load_encoders(threads=1))


def _models() -> tuple[NlpModels, Any, CheckworthinessModel]:
    """This worker's models, loaded on its first task."""
    global _worker_models
    if _worker_models is None:
        # One BLAS thread, as the pipeline sets it (this module has imported numpy already,
        # so an environment variable set now would come too late, and would only tell
        # limit_blas_threads that the user chose a count).
        limit_blas_threads()
        nlp = NlpModels()
        nlp.warm_up(("en",))
        _worker_models = (nlp, load_registry(), load_classifier())
    return _worker_models


def _extract_in_worker(text: str, classify: bool = True) -> int:
    nlp, registry, classifier = _models()
    language, _ = nlp.language_detector.detect(text)
    model = classifier if classify else None
    return len(extract(text, language or "en", nlp, registry, checkworthiness=model).claims)


def _extract_without_classifier(text: str) -> int:
    return _extract_in_worker(text, classify=False)


def _load_in_worker(seconds: float) -> int:
    _models()
    time.sleep(seconds)  # hold this worker so that the next task goes to another
    return os.getpid()


def in_workers(texts: list[str], workers: int, classify: bool = True) -> float:
    """Seconds to extract every text in ``workers`` processes, after they have loaded."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        # Every worker loads its models before the clock starts.
        loaded: set[int] = set()
        while len(loaded) < workers:
            loaded.update(pool.map(_load_in_worker, [1.0] * workers))
        started = time.perf_counter()
        task = _extract_in_worker if classify else _extract_without_classifier
        list(pool.map(task, texts, chunksize=8))
        return time.perf_counter() - started


def stage_times(
    texts: list[str], nlp: NlpModels, registry: object, classifier: CheckworthinessModel
) -> dict[str, float]:
    """Seconds per stage over all texts, each stage fed by the previous ones."""
    tagger = load_attribution_tagger("en")
    spent: dict[str, float] = defaultdict(float)
    for text in texts:
        t0 = time.perf_counter()
        nlp.language_detector.detect(text)
        t1 = time.perf_counter()
        sentences = split_sentences(text, "en", nlp)
        t2 = time.perf_counter()
        found = extract_entities(text, sentences, "en", registry, nlp)  # type: ignore[arg-type]
        t3 = time.perf_counter()
        tagged = tagger.relations(text, sentences, found.entities) if tagger else []
        t3b = time.perf_counter()
        quotes = extract_quotes(text, sentences, found.entities, "en", tagged)
        t4 = time.perf_counter()
        extract_attributions(text, sentences, found.entities, "en")
        t5 = time.perf_counter()
        times = extract_time_expressions(text, None)
        t6 = time.perf_counter()
        claims = extract_claims(text, sentences, found.entities, quotes, times, "en")
        t7 = time.perf_counter()
        classifier.scores([c.text for c in claims], "en")
        t8 = time.perf_counter()
        for name, start, end in (
            ("language", t0, t1),
            ("sentences", t1, t2),
            ("entities", t2, t3),
            ("attribution tagger", t3, t3b),
            ("quotes", t3b, t4),
            ("cited sources", t4, t5),
            ("dates", t5, t6),
            ("claims", t6, t7),
            ("check-worthiness", t7, t8),
        ):
            spent[name] += end - start
    return dict(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=0, help="0: all")
    parser.add_argument("--repeat", type=int, default=2, help="timed passes; the best is kept")
    parser.add_argument("--workers", type=int, default=0, help="also time N processes")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks/results/extraction_throughput.json"
    )
    args = parser.parse_args()
    paths = sorted(args.data.glob("**/text/*.txt"))
    if args.articles:
        paths = paths[: args.articles]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    if not texts:
        raise SystemExit(f"no articles under {args.data}")

    limit_blas_threads()
    nlp = NlpModels()
    started = time.perf_counter()
    nlp.warm_up(("en",))
    registry = load_registry()
    classifier = load_classifier()
    load_seconds = time.perf_counter() - started
    extract(texts[0], "en", nlp, registry, checkworthiness=classifier)  # compile patterns

    passes = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for text in texts:
            language, _ = nlp.language_detector.detect(text)
            extract(text, language or "en", nlp, registry, checkworthiness=classifier)
        passes.append(time.perf_counter() - started)
    best = min(passes)
    stages = stage_times(texts, nlp, registry, classifier)
    result = {
        "articles": len(texts),
        "characters": sum(len(t) for t in texts),
        "load_seconds": round(load_seconds, 2),
        "seconds": round(best, 2),
        "articles_per_second": round(len(texts) / best, 2),
        "ms_per_article_by_stage": {k: round(1000 * v / len(texts), 2) for k, v in stages.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    if args.workers:
        seconds = in_workers(texts, args.workers)
        result[f"articles_per_second_{args.workers}_workers"] = round(len(texts) / seconds, 2)
        # The same without the check-worthiness classifier (rule scores only: the setting
        # checkworthiness = false): the classifier's USE encoding is its largest cost.
        seconds = in_workers(texts, args.workers, classify=False)
        result[f"articles_per_second_{args.workers}_workers_without_classifier"] = round(
            len(texts) / seconds, 2
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{result['articles']} articles, best of {args.repeat}: {best:.1f} s")
    print(f"  {result['articles_per_second']} articles/s (1 process)")
    if args.workers:
        key = f"articles_per_second_{args.workers}_workers"
        print(f"  {result[key]} articles/s ({args.workers} worker processes)")
        print(
            f"  {result[key + '_without_classifier']} articles/s ({args.workers} worker "
            "processes, without the check-worthiness classifier)"
        )
    for name, ms in result["ms_per_article_by_stage"].items():  # type: ignore[union-attr]
        print(f"  {name:<14} {ms:8.2f} ms/article")
    print(f"  peak RSS {result['peak_rss_mb']} MB; models loaded in {load_seconds:.1f} s")


if __name__ == "__main__":
    main()
