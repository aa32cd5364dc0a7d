"""Precision of narrative matches on real war news: an audited sample of RUWA items.

RUWA (../shared/datasets/ruwa-ukraine-war-news) is English war news from Ukrainian,
Western and Russian outlets, February–October 2022. Run through the product
(`benchmarks/ruwa_product_chain.py`), about 4 % of its 16,000 items got a narrative
match; 210 of those matches were drawn at random and judged by hand, by reading the
evidence sentence and the narrative's title (`benchmarks/data/ruwa_match_audit.tsv`: the
RUWA line, the narrative, and whether the sentence *carries* it — states or reports the
narrative's claim about the same accused, or denies that claim — or is only about the same
topic, another actor doing the act, or something else). 140 were judged first and used to
develop verification ("dev"); 70 more were judged before the rules were run on them and
were used for nothing else ("held").

This script rebuilds each audited item's document as the chain ingests it, analyses it
with the current pipeline, and reports per split: how many of the audited matches are
still made, how many of those carry their narrative (precision), how many of the carrying
ones are kept (recall within the sample), and the auto-matches among them. Results:
docs/matching.md.

    .venv/bin/python benchmarks/ruwa_match_audit.py [--data RUWA_CSV]
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from narrativewatch.evaluation.surges import read_items
from narrativewatch.model import Document, MatchStatus
from narrativewatch.pipeline import analyze, load_pipeline
from narrativewatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
RUWA = ROOT.parent / "shared" / "datasets" / "ruwa-ukraine-war-news" / "RUWA_04.08.23.csv"
AUDIT = ROOT / "benchmarks" / "data" / "ruwa_match_audit.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=RUWA)
    args = parser.parse_args()
    with AUDIT.open(encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    items = {item.line: item for item in read_items(args.data, warn=lambda message: None)}
    pipeline = load_pipeline(Settings.load({}, environ={}))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for split, line, narrative_id, carries in rows:
        item = items[int(line)]
        moment = datetime.combine(item.day, datetime.min.time(), UTC) + timedelta(hours=12)
        document = Document(
            text=item.text,
            content_hash=f"ruwa-{line}",
            source=f"ruwa:{line}",
            outlet=item.outlet,
            published_at=moment,
            language="en",
        )
        match = next(
            (m for m in analyze(document, pipeline).matches if m.narrative_id == narrative_id),
            None,
        )
        tally = counts[split]
        tally["audited"] += 1
        tally["carrying"] += carries == "yes"
        if match is not None:
            tally["matched"] += 1
            tally["matched_carrying"] += carries == "yes"
            tally["auto"] += match.status is MatchStatus.AUTO
            tally["auto_carrying"] += match.status is MatchStatus.AUTO and carries == "yes"
    report = {}
    for split, tally in counts.items():
        report[split] = dict(tally) | {
            "precision": round(tally["matched_carrying"] / max(tally["matched"], 1), 3),
            "carrying_kept": round(tally["matched_carrying"] / max(tally["carrying"], 1), 3),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
