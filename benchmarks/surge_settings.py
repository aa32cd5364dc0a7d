"""Choose the discovery-surge settings on RUWA's calibration windows (docs/trends.md).

For every clustering similarity × surge threshold of the grid, runs `narrativewatch eval
surges`' evaluation on the calibration windows only (up to 2022-04-15 and from 2022-08-16
on; the held-out window 2022-04-16..2022-08-15 is never scored here) and prints one row per
setting, ranked by the selection rule fixed before the search: all calibration events
first, then fewest false alerts a month, then the shortest median delay.

The vectors are embedded once (cached like the command's, under --cache-dir), so a grid of
dozens of settings takes minutes.

    .venv/bin/python benchmarks/surge_settings.py --data RUWA_04.08.23.csv \\
        --vectors discover --similarities 0.2,0.25,0.3,0.35,0.4 --thresholds 1.5,2,2.5,3
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from narrativewatch.evaluation.surges import (
    REPRESENTATIONS,
    discovery_clusterer,
    embed_items,
    evaluate,
    read_items,
)
from narrativewatch.matching.index import default_cache_dir
from narrativewatch.trends.surges import DISCOVERY_SURGES

CALIBRATION_UNTIL = date(2022, 4, 15)
CALIBRATION_SINCE = date(2022, 8, 16)


def _floats(text: str) -> list[float]:
    return [float(part) for part in text.split(",") if part.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--vectors", choices=REPRESENTATIONS, default="discover")
    parser.add_argument("--linkage", default="average")
    parser.add_argument("--similarities", type=_floats, required=True)
    parser.add_argument("--thresholds", type=_floats, default=[1.5, 2.0, 2.5, 3.0])
    parser.add_argument("--min-expected", type=float, default=DISCOVERY_SURGES.min_expected)
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args()

    items = read_items(args.data, warn=lambda message: None)
    vectors = embed_items(items, args.cache_dir or default_cache_dir(), None, args.vectors)
    rows = []
    for similarity in args.similarities:
        clusterer = discovery_clusterer(similarity, None, args.linkage)
        for threshold in args.thresholds:
            config = replace(DISCOVERY_SURGES, threshold=threshold, min_expected=args.min_expected)
            windows = [
                evaluate(items, vectors, clusterer, config, score_until=CALIBRATION_UNTIL),
                evaluate(items, vectors, clusterer, config, score_since=CALIBRATION_SINCE),
            ]
            detected = sum(w["detected"] for w in windows)
            events = sum(len(w["events"]) for w in windows)
            false_alerts = sum(w["false_alerts"] for w in windows)
            months = sum(w["months"] for w in windows)
            delays = [
                e["delay_days"] for w in windows for e in w["events"] if e["delay_days"] is not None
            ]
            rows.append(
                (
                    similarity,
                    threshold,
                    detected,
                    events,
                    false_alerts,
                    months,
                    statistics.median(delays) if delays else None,
                )
            )
            print(f"done {similarity} / {threshold}", file=sys.stderr, flush=True)
    rows.sort(key=lambda r: (-r[2], r[4], r[6] if r[6] is not None else 1e9))
    print("| similarity | threshold | detected | false alerts (per month) | median delay |")
    print("|---|---|---|---|---|")
    for similarity, threshold, detected, events, false_alerts, months, delay in rows:
        print(
            f"| {similarity:g} | {threshold:g} | {detected}/{events} | "
            f"{false_alerts} ({false_alerts / months:.2f}) | {delay} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
