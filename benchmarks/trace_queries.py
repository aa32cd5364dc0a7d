"""Latency of timeline, trace and surge queries on a store of 1,000,000 appearances, and the
time to ingest the RUWA stream through the whole pipeline.

The store is synthetic but shaped like the real data (benchmarks/synthetic_stream.py says
how) and written into the product's own SQLite schema, so every query runs the product's
code on the product's tables and indexes. Each narrative of the store is queried once per
query kind, through the library calls the CLI uses:

- timeline: ``trends.timeline.timeline(store, narrative_id=...)`` — the narrative's daily
  spread over its whole history, zero-filled;
- breakdown: the same by outlet country and by actor level;
- surges: ``trends.surges.store_surges(store, narrative_id=..., since=last 90 days)``;
- trace: ``trace.trace_narrative(store, narrative_id)`` — origin, nodes, edges, jumps;
- dashboard: once, ``store_surges(store, since=the last day)`` — which narratives surge
  today, over all narratives.

Latencies are wall-clock per call (p50, p95, max over the narratives). The RUWA stream
(headline + lead of each row, the row's site as outlet, its date) is ingested with
``service.ingest_sources`` into a new SQLite file: analysis, matching and storage.

    .venv/bin/python benchmarks/trace_queries.py [--appearances 1000000] [--store PATH]
        [--ruwa ../shared/datasets/ruwa-ukraine-war-news/RUWA_04.08.23.csv] [--ruwa-limit N]
        [--workers 2]

Writes benchmarks/results/trace_queries.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from narrativewatch.settings import Settings
from narrativewatch.store.sqlite import SQLiteStore
from narrativewatch.trace import trace_narrative
from narrativewatch.trends.surges import store_surges
from narrativewatch.trends.timeline import timeline
from synthetic_stream import build_store, narrative_ids

ROOT = Path(__file__).resolve().parent.parent
RUWA = ROOT.parent / "shared" / "datasets" / "ruwa-ukraine-war-news" / "RUWA_04.08.23.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--appearances", type=int, default=1_000_000)
    parser.add_argument("--narratives", type=int, default=200)
    parser.add_argument("--store", type=Path, help="reuse or build the synthetic store here")
    parser.add_argument("--ruwa", type=Path, default=RUWA)
    parser.add_argument("--ruwa-limit", type=int, help="ingest only the first N rows")
    parser.add_argument("--skip-ruwa", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks" / "results" / "trace_queries.json"
    )
    args = parser.parse_args()

    result: dict[str, Any] = {"appearances": args.appearances, "narratives": args.narratives}
    with tempfile.TemporaryDirectory() as scratch:
        path = args.store or Path(scratch) / "synthetic.db"
        if not path.exists():
            started = time.perf_counter()
            shape = build_store(path, args.appearances, narratives=args.narratives)
            result["build_seconds"] = round(time.perf_counter() - started, 1)
            result.update(shape)
        store = SQLiteStore(path)
        try:
            result["queries"] = _query_latencies(store, narrative_ids(args.narratives))
        finally:
            store.close()
    print(json.dumps(result["queries"], indent=2))
    if not args.skip_ruwa:
        result["ruwa_ingest"] = _ruwa_ingest(args.ruwa, args.ruwa_limit, args.workers)
        print(json.dumps(result["ruwa_ingest"], indent=2))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


def _query_latencies(store: SQLiteStore, ids: list[str]) -> dict[str, Any]:
    last = store.connection.execute("SELECT MAX(day) FROM appearances").fetchone()[0]
    last_day = datetime.fromisoformat(last).date()
    kinds: dict[str, Callable[[str], object]] = {
        "timeline": lambda n: timeline(store, narrative_id=n),
        "breakdown_country": lambda n: timeline(store, "country", narrative_id=n),
        "breakdown_actor": lambda n: timeline(store, "actor", narrative_id=n),
        "surges_90_days": lambda n: store_surges(
            store, narrative_id=n, since=last_day - timedelta(days=90)
        ),
        "trace": lambda n: trace_narrative(store, n),
    }
    report: dict[str, Any] = {}
    for kind, query in kinds.items():
        report[kind] = _timed(query, ids)
        print(kind, report[kind], file=sys.stderr)
    report["dashboard_surges_today"] = _timed(
        lambda _: store_surges(store, since=last_day, until=last_day), ["all"] * 5
    )
    return report


def _timed(query: Callable[[str], object], ids: list[str]) -> dict[str, float]:
    latencies = []
    for narrative_id in ids:
        started = time.perf_counter()
        query(narrative_id)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    return {
        "calls": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))], 1),
        "max_ms": round(latencies[-1], 1),
    }


def _ruwa_ingest(path: Path, limit: int | None, workers: int) -> dict[str, Any]:
    from narrativewatch.service import ingest_sources

    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "ruwa.jsonl"
        rows = _ruwa_records(path, limit)
        with corpus.open("w", encoding="utf-8") as out:
            for record in rows:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        settings = Settings.load({"db": str(Path(scratch) / "ruwa.db")}, environ={})
        started = time.perf_counter()
        report = ingest_sources([str(corpus)], settings, workers=workers)
        seconds = time.perf_counter() - started
    return {
        "rows": len(rows),
        "stored": report.stored,
        "duplicates": report.duplicates,
        "near_duplicates": report.near_duplicates,
        "failed": len(report.errors),
        "matches": report.matches,
        "seconds": round(seconds, 1),
        "documents_per_second": round(len(rows) / seconds, 2),
        "workers": workers,
    }


def _ruwa_records(path: Path, limit: int | None) -> list[dict[str, str]]:
    """RUWA rows as the JSONL corpus format: headline and lead as the text."""
    records = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = ". ".join(p.strip() for p in (row["title"], row["desc"]) if p.strip())
            if not text:
                continue
            published = datetime.strptime(row["Date"], "%m/%d/%Y").replace(tzinfo=UTC)
            records.append(
                {
                    "text": text,
                    "outlet": row["Site"],
                    "url": row["src"],
                    "published_at": published.isoformat(),
                    "language": "en",
                }
            )
            if limit and len(records) >= limit:
                break
    return records


if __name__ == "__main__":
    sys.exit(main())
