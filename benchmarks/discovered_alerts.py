"""How long does `narrativewatch alerts` take to watch discovery's clusters on a big store?

Builds a SQLite store (the product's schema) with ``--documents`` documents over
``--days`` days from ``--outlets`` outlets, and ``--items`` unmatched claims filed under
``--clusters`` discovery clusters whose sizes follow Zipf (s = 1.1: a few big stories,
many small ones; claims of a cluster come in bursts around a random day, as news stories
do). Then times ``evaluate_alerts`` with the bundled rules on discovered clusters: the
first run (every cluster read, every alert new) and a second run with nothing new (no
cluster gained a claim, so none is read).

    .venv/bin/python benchmarks/discovered_alerts.py [--items 200000] [--clusters 20000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from narrativewatch.alerts import evaluate_alerts, load_rules
from narrativewatch.alerts.rules import AlertConfig
from narrativewatch.store.sqlite import SQLiteStore

START = datetime(2024, 1, 1, tzinfo=UTC)


def build(path: Path, args: argparse.Namespace) -> None:
    rng = random.Random(7)
    store = SQLiteStore(path)
    db = store.connection
    outlets = [f"outlet{i}.example" for i in range(args.outlets)]
    text = "Filler sentence. " * 20 + "The claim sits here, as a news sentence would. " * 3
    claim_start = text.index("The claim")
    claim_end = claim_start + len("The claim sits here, as a news sentence would.")
    with store.transaction():
        db.executemany(
            "INSERT INTO documents (id, content_hash, source, outlet, text, published_at, "
            "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    i + 1,
                    hashlib.sha256(str(i).encode()).hexdigest(),
                    f"synthetic-{i}",
                    rng.choice(outlets),
                    text,
                    (START + timedelta(minutes=i * args.days * 1440 // args.documents)).isoformat(),
                    START.isoformat(),
                )
                for i in range(args.documents)
            ),
        )
        weights = [1 / (rank + 1) ** 1.1 for rank in range(args.clusters)]
        clusters = rng.choices(range(args.clusters), weights, k=args.items)
        centre = {c: rng.randrange(args.days) for c in range(args.clusters)}
        per_day = args.documents / args.days
        vector = np.zeros(384, dtype=np.float32).tobytes()
        rows = []
        for position, cluster in enumerate(clusters):
            day = min(args.days - 1, max(0, int(rng.gauss(centre[cluster], 5))))
            document = int(day * per_day + rng.randrange(max(1, int(per_day)))) + 1
            document = min(document, args.documents)
            published = db.execute(
                "SELECT outlet, published_at FROM documents WHERE id = ?", (document,)
            ).fetchone()
            rows.append(
                (
                    position + 1,
                    f"doc:{document}/claim:{position}",
                    cluster,
                    document,
                    position,
                    claim_start,
                    claim_end,
                    "The claim sits here, as a news sentence would.",
                    "en",
                    published["outlet"],
                    published["published_at"],
                    vector,
                )
            )
        db.executemany(
            "INSERT INTO discovery_items (position, key, cluster_id, document_id, claim_index, "
            "start, end, text, language, outlet, published_at, vector) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=50_000)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--clusters", type=int, default=20_000)
    parser.add_argument("--outlets", type=int, default=300)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    bundled = load_rules()
    config = AlertConfig(
        tuple(rule for rule in bundled.rules if rule.scope == "discovered"),
        bundled.quiet_days,
        bundled.levels,
    )
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "discovered.db"
        started = time.perf_counter()
        build(path, args)
        built = time.perf_counter() - started
        store = SQLiteStore(path)
        try:
            timings = []
            for _ in range(2):
                started = time.perf_counter()
                run = evaluate_alerts(store, (), config)
                timings.append((time.perf_counter() - started, len(run.changed)))
        finally:
            store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "documents": args.documents,
                "items": args.items,
                "clusters": args.clusters,
                "build_seconds": round(built, 1),
                "first_run_seconds": round(timings[0][0], 2),
                "alerts_raised": timings[0][1],
                "second_run_seconds": round(timings[1][0], 2),
                "second_run_changed": timings[1][1],
                "peak_rss_mb": round(peak),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
