"""How long does one `narrativewatch alerts` evaluation take on a big store?

Builds a synthetic store of ``--appearances`` appearances (`synthetic_stream.py`: Zipf
narratives, bursts, copies, refutations, state voices) and times ``evaluate_alerts`` with
the bundled rules twice: the first run (every narrative evaluated, every alert new) and a
second with nothing new (only the watermark check).

    .venv/bin/python benchmarks/alerts_run.py [--appearances 100000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from narrativewatch.alerts import evaluate_alerts, load_rules
from narrativewatch.store.sqlite import SQLiteStore
from synthetic_stream import build_store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--appearances", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "synthetic.db"
        build_store(path, args.appearances)
        store = SQLiteStore(path)
        try:
            runs = []
            for _ in range(2):
                started = time.perf_counter()
                run = evaluate_alerts(store, (), load_rules())
                runs.append((round(time.perf_counter() - started, 2), len(run.changed)))
        finally:
            store.close()
    print(
        json.dumps(
            {
                "appearances": args.appearances,
                "first_run_seconds": runs[0][0],
                "alerts": runs[0][1],
                "second_run_seconds": runs[1][0],
                "second_run_changed": runs[1][1],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
