"""Who a store lists as promoting the catalog's narratives, by the side they speak for.

The catalog's narratives are the Kremlin's. An actor outside Russia and Belarus listed as
*promoting* one is either a real case (Viktor Orbán on sanctions) or a claim on the
narrative's topic read as the narrative (the IAEA on the danger at the Zaporizhzhia plant).
This script lists the speakers and cited sources a store's appearances give as promoters,
grouped by country, and every one outside Russia and Belarus with its narrative and
evidence, for reading. Run it on the store `benchmarks/ruwa_product_chain.py` leaves in
its work directory (docs/matching.md, section 4):

    .venv/bin/python benchmarks/promoters_by_side.py DIR/ruwa.db
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import Counter
from pathlib import Path

NARRATIVES_SIDE = ("RU", "BY")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path, help="a NarrativeWatch SQLite store")
    args = parser.parse_args()
    if not args.db.is_file():
        parser.error(f"{args.db}: no such store")
    connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    rows = connection.execute(
        """SELECT a.actor_id, a.country, a.narrative_id,
                  substr(d.text, a.evidence_start + 1, a.evidence_end - a.evidence_start)
           FROM appearances a JOIN documents d ON d.id = a.document_id
           WHERE a.role != 'outlet' AND a.stance = 'promotes' AND a.rejected = 0
           ORDER BY a.actor_id, a.narrative_id"""
    ).fetchall()
    by_country = Counter(country or "unknown" for _, country, _, _ in rows)
    outside = [
        {"actor": actor, "country": country, "narrative": narrative, "evidence": evidence}
        for actor, country, narrative, evidence in rows
        if country not in NARRATIVES_SIDE
    ]
    print(
        json.dumps(
            {
                "promoting_appearances": len(rows),
                "by_country": dict(by_country.most_common()),
                "outside_russia_and_belarus": len(outside),
                "outside": outside,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
