"""Time the two attribution taggers on PolNeAR articles: the CRF and the fine-tuned e5.

Sentences and entities are computed once per article, outside the timing; each tagger's
``relations`` is then timed over the same articles (the best of ``--repeat`` passes).
Prints seconds per article, words per second and relations found per article.

    .venv/bin/python benchmarks/attribution_e5_speed.py --articles 40
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from narrativewatch.actors.registry import load_registry
from narrativewatch.analysis.attribution_e5 import E5AttributionTagger
from narrativewatch.analysis.attribution_tagger import load_attribution_tagger
from narrativewatch.analysis.entities import extract_entities
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.analysis.sentences import split_sentences

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/datasets/polnear/data/dev/text"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of .txt articles")
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--engine", default="onnx", choices=("onnx", "numpy"))
    args = parser.parse_args()

    nlp, registry = NlpModels(), load_registry()
    paths = sorted(args.data.glob("*.txt"))[: args.articles]
    prepared = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        sentences = split_sentences(text, "en", nlp)
        entities = extract_entities(text, sentences, "en", registry, nlp).entities
        prepared.append((text, sentences, entities))
    words = sum(len(text.split()) for text, _, _ in prepared)
    taggers = {"crf": load_attribution_tagger("en"), "e5": E5AttributionTagger(engine=args.engine)}
    print(f"{len(prepared)} articles, {words} words ({words / len(prepared):.0f} per article)")
    for name, tagger in taggers.items():
        assert tagger is not None
        tagger.relations(*prepared[0])  # warm-up: sessions, caches
        best, found = float("inf"), 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            found = sum(len(tagger.relations(*item)) for item in prepared)
            best = min(best, time.perf_counter() - started)
        print(
            f"{name:>4}: {best / len(prepared):.3f} s per article, {words / best:,.0f} words/s, "
            f"{found / len(prepared):.1f} relations per article"
        )


if __name__ == "__main__":
    main()
