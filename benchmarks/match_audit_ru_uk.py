"""Precision of narrative matches on real Russian and Ukrainian text: audited samples.

Two sources, run through the product's `analyze` one item at a time:

- `unlp`: the 2,470 Telegram posts of UNLP 2025 (`unlp2025-manipulation-uk`, Ukrainian and
  Russian, mostly from Ukrainian channels: war news and commentary, often about the same
  events the catalog's narratives distort);
- `semeval` and `zen`: the Russian articles of SemEval 2023 task 3 (142, news and opinion
  of 2022) and of ZenPropaganda (125 Yandex Zen posts), where the catalog's narratives are
  often voiced.

Every match the product made on them (before and after the change of 2026-12-05 that
read Russian and Ukrainian inflection) was judged by hand from the evidence sentence and
the narrative's title (`benchmarks/data/match_audit_ru_uk.tsv`: source, item id,
narrative, and `yes` — states, reports or denies the narrative's claim —, `family` — a
sibling narrative's claim, the same accused — or `no`). No text is stored. The UNLP
sample was read to find the errors the change fixes; the Russian sample was labelled
before the change was run on it, then two of its losses were read and fixed, so both
are development samples now (docs/matching.md gives the numbers at each step).

This script re-runs the pipeline on the audited items and reports, per source, the
matches made, how many carry their narrative (precision), how many carry a sibling's,
how many have no label (a new match someone must judge before the number means
anything), and the outlet's stance on the matches (`stance_refutes`, …).

    .venv/bin/python benchmarks/match_audit_ru_uk.py [--datasets DIR] [--show-unlabelled]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from narrativewatch.model import Document, MatchStatus
from narrativewatch.pipeline import analyze, load_pipeline
from narrativewatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
AUDIT = ROOT / "benchmarks" / "data" / "match_audit_ru_uk.tsv"


def read_items(datasets: Path) -> dict[tuple[str, str], str]:
    """(source, item id) -> text, for the three sources."""
    import pyarrow.parquet as pq  # the `bench` extra

    items: dict[tuple[str, str], str] = {}
    posts = datasets / "unlp2025-manipulation-uk" / "techniques_classification" / "train.parquet"
    for row in pq.read_table(posts).to_pylist():
        items["unlp", row["id"]] = row["content"]
    articles = datasets / "semeval2023-task3" / "data" / "ru" / "train-articles-subtask-1"
    for path in sorted(articles.glob("*.txt")):
        items["semeval", path.stem] = path.read_text(encoding="utf-8")
    zen = datasets / "zenpropaganda-ru" / "datasets" / "all.jsonl"
    for line in zen.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        items["zen", str(record["id"])] = record["text"]
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument(
        "--show-unlabelled",
        action="store_true",
        help="print each unlabelled match (item, narrative, evidence sentence) to stderr, to judge",
    )
    args = parser.parse_args()
    with AUDIT.open(encoding="utf-8") as handle:
        labels = {
            (source, item, narrative): label
            for source, item, narrative, label in (
                r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")
            )
        }
    items = read_items(args.datasets)
    pipeline = load_pipeline(Settings.load({}, environ={}))
    # Every item of a source is analysed (a new match on an unaudited item shows as
    # unlabelled): UNLP as the posts they are, the others as the articles they are.
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for (source, item), text in items.items():
        group = "unlp" if source == "unlp" else "ru articles"
        document = Document(
            text=text, content_hash=f"{source}:{item}", source=f"{source}:{item}", language=None
        )
        for match in analyze(document, pipeline).matches:
            label = labels.get((source, item, match.narrative_id), "unlabelled")
            if label == "unlabelled" and args.show_unlabelled:
                evidence = match.evidence_sentence.text_of(text)
                print(f"{source}\t{item}\t{match.narrative_id}\t{evidence}", file=sys.stderr)
            counts[group]["matches"] += 1
            counts[group][label] += 1
            counts[group][f"stance_{match.stance.value}"] += 1
            counts[group]["auto"] += match.status is MatchStatus.AUTO
            counts[group][f"auto_{label}"] += match.status is MatchStatus.AUTO
    report = {
        group: dict(tally)
        | {
            "precision": round(tally["yes"] / max(tally["matches"], 1), 3),
            "precision_with_family": round(
                (tally["yes"] + tally["family"]) / max(tally["matches"], 1), 3
            ),
        }
        for group, tally in sorted(counts.items())
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
