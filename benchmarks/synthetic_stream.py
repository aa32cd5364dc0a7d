"""A synthetic store of appearances shaped like a real monitoring stream, for benchmarks.

Shape (documented so that the numbers can be judged):

- narratives: popularity follows Zipf (s = 1.1) over ``narratives`` ids, so a few narratives
  hold most appearances, as in EUvsDisinfo's case counts;
- time: ``days`` days; daily volume follows a weekly cycle plus random bursts (a narrative
  bursts on ~2% of days, ×3–×10);
- documents: one outlet appearance each, plus 0–3 quoted or cited actors (mean ~1.5);
  stances 45% promotes, 40% reports, 15% refutes; ~20% of documents are near-duplicate
  copies of an earlier document of the same narrative;
- outlets: ``outlets`` outlets, 40% Russian, 25% Ukrainian, 5% Belarusian, the rest
  elsewhere; actors: ``actors`` actors with kinds and levels (head_of_state, spokesperson,
  ministry, state_media) like the bundled registry's.

Rows are written with bulk SQL into the product's own schema (the store's migrations), so
every query the benchmark times runs on exactly the tables and indexes the product uses.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from narrativewatch.store.sqlite import SQLiteStore

COUNTRIES = ("RU",) * 8 + ("UA",) * 5 + ("BY",) + ("US", "GB", "DE", "PL", "FR", "MD")
LEVELS = ("head_of_state", "spokesperson", "ministry", "state_media", None, None, None)
KINDS = ("person", "state_body", "organization", "party")
STANCES = ("promotes",) * 9 + ("reports",) * 8 + ("refutes",) * 3


def narrative_ids(count: int) -> list[str]:
    return [f"synthetic-narrative-{i:04d}" for i in range(count)]


def build_store(
    path: Path,
    appearances: int = 1_000_000,
    *,
    narratives: int = 200,
    outlets: int = 400,
    actors: int = 3_000,
    days: int = 730,
    start: date = date(2023, 1, 1),
    seed: int = 7,
) -> dict[str, int]:
    """Fill a new SQLite store at ``path`` with about ``appearances`` appearances."""
    rng = random.Random(seed)
    store = SQLiteStore(path)
    db = store.connection
    ids = narrative_ids(narratives)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(narratives)]
    outlet_rows = [(f"outlet{i}.example", rng.choice(COUNTRIES)) for i in range(outlets)]
    actor_rows = [
        (
            f"synthetic-actor-{i}",
            f"Actor {i}",
            rng.choice(KINDS),
            rng.choice(COUNTRIES),
            rng.choice(LEVELS),
        )
        for i in range(actors)
    ]
    db.executemany(
        "INSERT INTO actors (id, name, kind, country, level) VALUES (?, ?, ?, ?, ?)",
        actor_rows,
    )
    bursts = {(n, d) for n in ids for d in range(days) if rng.random() < 0.02}
    day_weights = [(0.6 if (start + timedelta(d)).weekday() >= 5 else 1.0) for d in range(days)]
    documents = 0
    written = 0
    recent: dict[str, list[int]] = {n: [] for n in ids}
    with store.transaction():
        while written < appearances:
            narrative = rng.choices(ids, weights)[0]
            day = rng.choices(range(days), day_weights)[0]
            published = datetime.combine(start + timedelta(day), datetime.min.time(), UTC)
            published += timedelta(minutes=rng.randrange(24 * 60))
            repeats = rng.randint(3, 10) if (narrative, day) in bursts else 1
            for _ in range(repeats):
                documents += 1
                outlet, country = outlet_rows[rng.randrange(outlets)]
                copy_of = None
                if recent[narrative] and rng.random() < 0.2:
                    copy_of = rng.choice(recent[narrative][-50:])
                text = f"synthetic document {documents}"
                cursor = db.execute(
                    """INSERT INTO documents (content_hash, source, outlet, text, language,
                       published_at, ingested_at, duplicate_of, extra)
                       VALUES (?, 'synthetic', ?, ?, 'en', ?, ?, ?, '{}')""",
                    (
                        hashlib.sha256(text.encode()).hexdigest(),
                        outlet,
                        text,
                        published.isoformat(),
                        published.isoformat(),
                        copy_of,
                    ),
                )
                document_id = int(cursor.lastrowid or 0)
                if copy_of is None:
                    recent[narrative].append(document_id)
                stance = rng.choice(STANCES)
                db.execute(
                    """INSERT INTO matches (document_id, narrative_id, score, status, stance,
                       evidence_start, evidence_end, statement)
                       VALUES (?, ?, 0.9, 'auto', ?, 0, 8, 'synthetic')""",
                    (document_id, narrative, stance),
                )
                rows = [
                    (
                        narrative,
                        document_id,
                        None,
                        outlet,
                        "outlet",
                        stance,
                        published,
                        "outlet",
                        "state_media" if country == "RU" and rng.random() < 0.3 else "media",
                        country,
                    )
                ]
                for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                    actor_id, _, kind, actor_country, level = actor_rows[rng.randrange(actors)]
                    rows.append(
                        (
                            narrative,
                            document_id,
                            actor_id,
                            outlet,
                            rng.choice(("speaker", "source")),
                            rng.choice(STANCES),
                            published,
                            kind,
                            level,
                            actor_country,
                        )
                    )
                db.executemany(
                    """INSERT INTO appearances (narrative_id, document_id, actor_id, outlet,
                       role, stance, published_at, evidence_start, evidence_end, day,
                       actor_kind, actor_level, country, story_id)
                       VALUES (?, ?, ?, ?, ?, ?, ?, 0, 8, ?, ?, ?, ?, ?)""",
                    [
                        (
                            n,
                            d,
                            a,
                            o,
                            r,
                            s,
                            p.isoformat(),
                            p.date().isoformat(),
                            k,
                            lv,
                            c,
                            copy_of or document_id,
                        )
                        for n, d, a, o, r, s, p, k, lv, c in rows
                    ],
                )
                written += len(rows)
    store.connection.execute("ANALYZE")
    store.close()
    return {"appearances": written, "documents": documents, "narratives": narratives}
