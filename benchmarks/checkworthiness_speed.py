"""Speed of the check-worthiness model on CPU: sentences per second in one process, after
the model is loaded (loading is timed apart), per head.

The sentences are real ones from the project's demo articles (split at sentence-final
punctuation), repeated to reach ``--sentences``; they are scored in batches of
``--batch`` as the pipeline would score the sentences of a few articles at a time. USE,
the heaviest block, runs with the thread count `retrieval.second_embedder` gives it; run
on an idle machine (other processes on the 2 cores halve the figure).

    .venv/bin/python benchmarks/checkworthiness_speed.py [--sentences 3000] [--batch 64]
    .venv/bin/python benchmarks/checkworthiness_speed.py --model e5 --sentences 600

Prints one JSON line per head; writes benchmarks/results/checkworthiness_speed.json
(``checkworthiness_e5_speed.json`` for the fine-tuned e5, `analysis.checkworthiness_e5`).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from narrativewatch.evaluation.checkworthiness import load_any_model

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "src" / "narrativewatch" / "demo" / "articles.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "checkworthiness_speed.json"
RESULTS_E5 = ROOT / "benchmarks" / "results" / "checkworthiness_e5_speed.json"
# A plain splitter: the product's needs the NLP models, and sentence boundaries barely
# change the cost per sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def demo_sentences() -> dict[str, list[str]]:
    """The demo articles' sentences, by language."""
    by_language: dict[str, list[str]] = {}
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        language = article.get("language") or "en"
        text = article.get("text") or ""
        by_language.setdefault(language, []).extend(
            s for s in _SENTENCE_END.split(text) if len(s) > 10
        )
    return by_language


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--model", choices=("default", "e5"), default="default")
    args = parser.parse_args()
    started = time.perf_counter()
    model = load_any_model(args.model)
    model.scores(["Warm-up sentence of 2024."], "en")
    load_seconds = time.perf_counter() - started
    results = []
    for language, sentences in sorted(demo_sentences().items()):
        texts = (sentences * (args.sentences // max(len(sentences), 1) + 1))[: args.sentences]
        started = time.perf_counter()
        for i in range(0, len(texts), args.batch):
            model.scores(texts[i : i + args.batch], language)
        seconds = time.perf_counter() - started
        result = {
            "language": language,
            "model": args.model,
            "head": "e5" if args.model == "e5" else "en" if language == "en" else "xl",
            "sentences": len(texts),
            "distinct_sentences": len(sentences),
            "batch": args.batch,
            "seconds": round(seconds, 2),
            "sentences_per_second": round(len(texts) / seconds),
            "load_seconds": round(load_seconds, 2),
        }
        print(json.dumps(result), flush=True)
        results.append(result)
    out = RESULTS_E5 if args.model == "e5" else RESULTS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
