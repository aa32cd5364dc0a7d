"""The RUWA early-warning measurement through the product itself: ingest, discover, alerts.

`narrativewatch eval surges` clusters each RUWA item (headline and lead) the way
`discover` clusters a claim. This script runs the real chain instead, as a user would:

1. every RUWA item becomes a document (JSONL corpus: the item's text, outlet, date) and is
   ingested through the whole pipeline (`ingest_sources`: analysis, claims, matching,
   near-duplicates) into a SQLite store;
2. `discover`'s update clusters the unmatched claims of every stored document;
3. `evaluate_alerts` runs the bundled rules on discovered clusters (`new-story-surging`);
4. each alert's surging days are read as the command reads alerts: a run of surging days
   (no surging day in the 7 days before) is one alert on its first day, attributed to the
   RUWA label held by most of its cluster's documents up to that day; then the same
   scoring as `eval surges` (`evaluation.surges.score_alerts`: onsets, hits within 7 days
   of an event's episode, false alerts per month), on the whole stream and on the windows.

Slow (the whole pipeline over 16,000 items, then discovery's embeddings): ~20–30 min on the
2-core machine. ``--work-dir`` keeps the store, so a re-run skips what is done.

    .venv/bin/python benchmarks/ruwa_product_chain.py --work-dir /tmp/ruwa-chain \\
        [--data ../shared/datasets/ruwa-ukraine-war-news/RUWA_04.08.23.csv]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from narrativewatch.alerts import evaluate_alerts, load_rules
from narrativewatch.alerts.rules import AlertConfig
from narrativewatch.discovery.discover import DiscoveryOptions, update
from narrativewatch.evaluation.surges import Alert, event_episodes, read_items, score_alerts
from narrativewatch.matching.embedder import load_embedder
from narrativewatch.service import ingest_sources
from narrativewatch.settings import Settings
from narrativewatch.store.sqlite import SQLiteStore
from narrativewatch.trends.surges import DISCOVERY_SURGES

ROOT = Path(__file__).resolve().parents[1]
RUWA = ROOT.parent / "shared" / "datasets" / "ruwa-ukraine-war-news" / "RUWA_04.08.23.csv"
WINDOWS = {
    "whole stream": (None, None),
    "calibration, early": (None, date(2022, 4, 15)),
    "calibration, late": (date(2022, 8, 16), None),
    "held out": (date(2022, 4, 16), date(2022, 8, 15)),
}
GAP_DAYS = 7  # as eval surges: a surging day after a quiet week is a new alert
URL = "https://ruwa.invalid/line/{}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=RUWA)
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, help="only the first N items (a smoke test)")
    args = parser.parse_args()
    args.work_dir.mkdir(parents=True, exist_ok=True)
    items = read_items(args.data, warn=lambda message: None)[: args.limit]
    event_of = {URL.format(item.line): item.event for item in items}
    timings: dict[str, float] = {}

    db = args.work_dir / "ruwa.db"
    settings = Settings.load({"db": str(db)}, environ={})
    store = SQLiteStore(db)
    try:
        if store.count_documents() == 0:
            corpus = args.work_dir / "ruwa.jsonl"
            with corpus.open("w", encoding="utf-8") as out:
                for item in items:
                    moment = datetime.combine(item.day, datetime.min.time(), UTC)
                    record = {
                        "text": item.text,
                        "outlet": item.outlet,
                        "url": URL.format(item.line),
                        "published_at": (moment + timedelta(hours=12)).isoformat(),
                        "language": "en",
                    }
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            started = time.perf_counter()
            report = ingest_sources([str(corpus)], settings, store=store, workers=args.workers)
            timings["ingest_seconds"] = round(time.perf_counter() - started, 1)
            print(report.summary(), file=sys.stderr, flush=True)
        started = time.perf_counter()
        options = DiscoveryOptions(claim_threshold=settings.claim_threshold)
        result = update(store, load_embedder(settings.embedder), options)
        timings["discover_seconds"] = round(time.perf_counter() - started, 1)
        print(f"discovery: {result}", file=sys.stderr, flush=True)
        bundled = load_rules()
        config = AlertConfig(
            tuple(rule for rule in bundled.rules if rule.scope == "discovered"),
            bundled.quiet_days,
            bundled.levels,
        )
        started = time.perf_counter()
        evaluate_alerts(store, (), config)
        timings["alerts_seconds"] = round(time.perf_counter() - started, 1)
        alerts = _alerts(store, event_of)
        documents = store.count_documents()
        claims, clusters, with_claims = store.connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT cluster_id), COUNT(DISTINCT document_id) "
            "FROM discovery_items"
        ).fetchone()
    finally:
        store.close()

    events = event_episodes(items)
    first, last = items[0].day, items[-1].day
    warm_up_end = first + timedelta(days=DISCOVERY_SURGES.baseline_days)
    results: dict[str, Any] = {
        "documents": documents,
        "documents_with_unmatched_claims": with_claims,
        "claims_clustered": claims,
        "clusters": clusters,
        **timings,
    }
    for name, (since, until) in WINDOWS.items():
        scored_from = max(warm_up_end, since or warm_up_end)
        scored_until = min(last, until or last)
        metrics = score_alerts(events, alerts, scored_from, scored_until)
        results[name] = {
            key: metrics[key]
            for key in ("detected", "median_delay_days", "false_alerts_per_month", "alerts")
        } | {
            "events": {e["event"]: e["delay_days"] for e in metrics["events"]},
            "false_alerts": metrics["false_alerts"],
        }
    print(json.dumps(results, indent=2))
    return 0


def _alerts(store: SQLiteStore, event_of: dict[str, str]) -> list[Alert]:
    """Every stored discovered alert's surging runs as eval-surges alerts, each attributed
    to the majority label of its cluster's documents up to that day."""
    from narrativewatch.alerts.records import latest_alerts

    labelled: dict[int, list[tuple[date, str]]] = {}
    rows = store.connection.execute(
        """SELECT i.cluster_id, i.document_id, d.url, d.published_at
           FROM discovery_items i JOIN documents d ON d.id = i.document_id"""
    )
    seen: set[tuple[int, int]] = set()
    for row in rows:
        key = (row["cluster_id"], row["document_id"])
        event = event_of.get(row["url"] or "")
        if key in seen or event is None or not row["published_at"]:
            continue
        seen.add(key)
        day = datetime.fromisoformat(row["published_at"]).astimezone(UTC).date()
        labelled.setdefault(row["cluster_id"], []).append((day, event))
    alerts = []
    for stored in latest_alerts(store):
        if not stored.narrative_id.startswith("discovered:"):
            continue
        cluster = int(stored.narrative_id.split(":", 1)[1])
        surging = [date.fromisoformat(d) for d in stored.payload["surge"]["surging_days"]]
        previous: date | None = None
        for day in sorted(surging):
            if previous is None or (day - previous).days > GAP_DAYS:
                labels = Counter(e for d, e in labelled.get(cluster, ()) if d <= day)
                event = max(labels, key=lambda e: (labels[e], e)) if labels else None
                stories = stored.payload["episode"]["stories"]
                score = stored.payload["surge"]["max_score"] or 0.0
                alerts.append(Alert(day, cluster, stories, score, event))
            previous = day
    return sorted(alerts, key=lambda a: (a.day, a.cluster))


if __name__ == "__main__":
    sys.exit(main())
