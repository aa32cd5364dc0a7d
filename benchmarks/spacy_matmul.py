"""spaCy's English recogniser with thinc's two CPU matrix products: the bundled BLIS
(thinc's default) against numpy's OpenBLAS (`NumpyOps(use_blis=False)`, what
`NlpModels.spacy_en` sets since 2026-12-05), on the same real sentences.

Sentences: PolNeAR articles (real English news, ``--articles`` from ``--skip``), split by
the pipeline's splitter and run one article per `pipe` call, as the entity stage runs
them, on one BLAS thread as the pipeline's processes do. Reported per product: seconds
(best of ``--repeat``), sentences per second, and whether the entities (offsets and
labels) are the same in every sentence.

    .venv/bin/python benchmarks/spacy_matmul.py [--articles 300] [--skip 0] [--repeat 2]

Prints one JSON line per product; writes benchmarks/results/spacy_matmul.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from narrativewatch.analysis.nlp import ENGLISH_SPACY_MODEL, NlpModels
from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.threads import limit_blas_threads

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets" / "polnear" / "data"
RESULTS = ROOT / "benchmarks" / "results" / "spacy_matmul.json"

Entities = list[list[list[tuple[int, int, str]]]]


def recognise(pipeline: Any, articles: list[list[str]]) -> Entities:
    return [
        [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in pipeline.pipe(s)]
        for s in articles
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    limit_blas_threads()
    paths = sorted(args.data.glob("**/text/*.txt"))[args.skip : args.skip + args.articles]
    nlp = NlpModels()
    articles = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        articles.append([s.span.text_of(text) for s in split_sentences(text, "en", nlp)])
    count = sum(len(a) for a in articles)

    import spacy

    with_numpy = nlp.spacy_en  # the pipeline's own loading
    with_blis = spacy.load(ENGLISH_SPACY_MODEL, exclude=with_numpy.disabled)
    with_blis.select_pipes(enable=with_numpy.pipe_names)
    found: dict[str, Entities] = {}
    results = []
    for product, pipeline in (("blis", with_blis), ("numpy", with_numpy)):
        recognise(pipeline, articles[:20])  # warm up
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            found[product] = recognise(pipeline, articles)
            best = min(best, time.perf_counter() - started)
        result = {
            "product": product,
            "articles": len(articles),
            "sentences": count,
            "seconds": round(best, 2),
            "sentences_per_second": round(count / best),
        }
        print(json.dumps(result), flush=True)
        results.append(result)
    same = found["blis"] == found["numpy"]
    print(json.dumps({"same_entities": same}), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"runs": results, "same_entities": same}, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
