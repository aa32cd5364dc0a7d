"""What the English attribution tagger adds on war news: every quote the trained tagger
adds to the rule quotes, on a random sample of RUWA items (English war news, 2022).

The tagger was trained on PolNeAR, US campaign news of 2016, where "attacked", "hit" and
"fired back" report positions. This lists what it adds on the product's own domain, for
reading by hand (docs/attribution.md, "War news"): run it on two commits and compare.

    .venv/bin/python benchmarks/war_news_quotes.py [--items 1200] [--seed 5] [--data RUWA_CSV]

Prints one line per added quote (RUWA line, speaker, cue, content) and a count by cue.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from narrativewatch.actors.registry import load_registry
from narrativewatch.analysis.extraction import extract
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.evaluation.surges import read_items

ROOT = Path(__file__).resolve().parents[1]
RUWA = ROOT.parent / "shared" / "datasets" / "ruwa-ukraine-war-news" / "RUWA_04.08.23.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=RUWA)
    parser.add_argument("--items", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    items = read_items(args.data, warn=lambda message: None)
    sample = random.Random(args.seed).sample(items, min(args.items, len(items)))
    nlp, registry = NlpModels(), load_registry()
    added = []
    for item in sample:
        text = item.text
        with_tagger = extract(text, "en", nlp, registry, checkworthiness=None)
        rules_only = extract(
            text, "en", nlp, registry, checkworthiness=None, attribution_tagger=None
        )
        by_rules = {(q.cue, q.content) for q in rules_only.quotes}
        for quote in with_tagger.quotes:
            if (quote.cue, quote.content) not in by_rules:
                content = " ".join(quote.content.text_of(text).split())
                added.append(
                    (item.line, quote.speaker_text or "-", quote.cue.text_of(text), content[:110])
                )
    for row in added:
        print("\t".join(map(str, row)))
    print(f"# {len(sample)} items, {len(added)} quotes added by the tagger")
    for cue, count in Counter(row[2] for row in added).most_common(15):
        print(f"# {count:4d}  {cue}")


if __name__ == "__main__":
    main()
