"""Discovery's clusters as appearances: what alerts and traces read of a new story.

A cluster of unmatched claims is a narrative without a name. Each of its claims is an
appearance of the outlet that published it (stance ``reports``: discovery does not read
stance), with the claim's offsets as evidence, under the id ``discovered:<cluster id>`` —
so the episodes, surges, evidence and traces built for catalog narratives apply as they
are. An outlet's country is its actor-registry entry's, looked up when read. A claim the
document attributes to a known actor ("…, Zakharova said") is also an appearance of that
actor as *speaker*, promoting it: the voice that asserts a new line is what a rule on
actor levels asks about. (An actor who reports a claim only to reject it is not stored as
its speaker: `discovery.discover.claim_speaker`.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from narrativewatch.actors.registry import ActorRegistry, outlet_actor
from narrativewatch.model import Appearance, AppearanceRole, Span, Stance

if TYPE_CHECKING:  # the store module pulls in ingest; `trace` loads this at CLI start
    from narrativewatch.store.sqlite import SQLiteStore

DISCOVERED_PREFIX = "discovered:"
# More cluster ids than this are filtered after the query, not in it (SQLite's limit on
# bound parameters is 999 in older builds).
_MAX_SQL_IDS = 900


def discovered_key(cluster_id: int) -> str:
    """The narrative id under which a discovery cluster is alerted and traced."""
    return f"{DISCOVERED_PREFIX}{cluster_id}"


def is_discovered(narrative_id: str) -> bool:
    return narrative_id.startswith(DISCOVERED_PREFIX)


def cluster_id_of(narrative_id: str) -> int | None:
    """The cluster id in ``discovered:<id>``, or None when it is not such an id."""
    if not is_discovered(narrative_id):
        return None
    suffix = narrative_id[len(DISCOVERED_PREFIX) :]
    return int(suffix) if suffix.isdigit() else None


@dataclass(frozen=True, slots=True)
class ClusterClaims:
    """One cluster's dated claims as appearances, in arrival order."""

    cluster_id: int
    appearances: tuple[Appearance, ...]
    # per appearance, its row in discovery_items (to read the claim's vector)
    positions: dict[tuple[int, int, int], int]  # (document id, start, end) -> position


def cluster_claims(
    store: SQLiteStore,
    *,
    clusters: Iterable[int] | None = None,
    min_stories: int = 1,
    undecided_only: bool = False,
    registry: ActorRegistry | None = None,
) -> list[ClusterClaims]:
    """The dated claims of the given clusters (all when None) that hold at least
    ``min_stories`` dated documents; with ``undecided_only``, without the clusters the
    analyst promoted or dismissed. Raises StoreError on store failure."""
    conditions = ["i.published_at IS NOT NULL"]
    parameters: list[object] = []
    wanted = set(clusters) if clusters is not None else None
    if wanted is not None and len(wanted) <= _MAX_SQL_IDS:
        conditions.append(f"i.cluster_id IN ({','.join('?' * len(wanted))})")
        parameters.extend(sorted(wanted))
    if undecided_only:
        conditions.append("i.cluster_id NOT IN (SELECT id FROM discovery_clusters)")
    if min_stories > 1:
        conditions.append(
            "i.cluster_id IN (SELECT cluster_id FROM discovery_items WHERE published_at IS NOT "
            "NULL GROUP BY cluster_id HAVING COUNT(DISTINCT document_id) >= ?)"
        )
        parameters.append(min_stories)
    rows = store.connection.execute(
        f"""SELECT i.position, i.cluster_id, i.document_id, i.start, i.end, i.outlet,
                   i.published_at, i.outlet_stance, s.id AS speaker_id, s.name AS speaker_name,
                   s.kind AS speaker_kind, s.country AS speaker_country,
                   s.level AS speaker_level
            FROM discovery_items i LEFT JOIN actors s ON s.id = i.speaker_actor_id
            WHERE {" AND ".join(conditions)}
            ORDER BY i.cluster_id, i.position""",
        parameters,
    )
    countries: dict[str, str | None] = {}

    def country_of(outlet: str | None) -> str | None:
        if not outlet or registry is None:
            return None
        if outlet not in countries:
            actor = outlet_actor(outlet, registry)
            countries[outlet] = actor.country if actor else None
        return countries[outlet]

    members: dict[int, list[Appearance]] = defaultdict(list)
    positions: dict[int, dict[tuple[int, int, int], int]] = defaultdict(dict)
    for row in rows:
        cluster_id = int(row["cluster_id"])
        if wanted is not None and cluster_id not in wanted:
            continue
        where = (int(row["document_id"]), int(row["start"]), int(row["end"]))
        positions[cluster_id][where] = int(row["position"])
        outlet = Appearance(
            narrative_id=discovered_key(cluster_id),
            document_id=where[0],
            role=AppearanceRole.OUTLET,
            # A fact check of the story refutes it; any other outlet carries it.
            stance=Stance.REFUTES if row["outlet_stance"] == "refutes" else Stance.REPORTS,
            published_at=datetime.fromisoformat(row["published_at"]),
            evidence=Span(where[1], where[2]),
            outlet=row["outlet"],
            country=country_of(row["outlet"]),
        )
        members[cluster_id].append(outlet)
        if row["speaker_id"] is not None:
            members[cluster_id].append(
                replace(
                    outlet,
                    role=AppearanceRole.SPEAKER,
                    stance=Stance.PROMOTES,
                    actor_id=row["speaker_id"],
                    actor_name=row["speaker_name"],
                    actor_kind=row["speaker_kind"],
                    actor_level=row["speaker_level"],
                    country=row["speaker_country"],
                )
            )
    return [
        ClusterClaims(cluster_id, tuple(appearances), positions[cluster_id])
        for cluster_id, appearances in members.items()
    ]


def stream_start(store: SQLiteStore) -> datetime | None:
    """When discovery's first dated claim was published (None: no dated claim yet)."""
    first = store.connection.execute(
        "SELECT MIN(published_at) FROM discovery_items WHERE published_at IS NOT NULL"
    ).fetchone()[0]
    return datetime.fromisoformat(first) if first else None


# Claims clustered by discovery are a known narrative's coverage, not a new story, when at
# least this share of their documents already match one catalog narrative (not rejected):
# a wire story on "Ukraine masses troops near Belarus" also carries "this is a reason for
# concern in Moscow", which matches no narrative on its own and clusters with its copies.
KNOWN_COVERAGE_SHARE = 0.5


def known_coverage(store: SQLiteStore, document_ids: Iterable[int]) -> tuple[str, int] | None:
    """The catalog narrative matched (not rejected) by at least ``KNOWN_COVERAGE_SHARE``
    of ``document_ids``, and in how many of them; None when there is none."""
    documents = sorted(set(document_ids))
    if not documents:
        return None
    marks = ",".join("?" * len(documents))
    rows = store.connection.execute(
        f"""SELECT narrative_id, COUNT(DISTINCT document_id) AS documents FROM matches
            WHERE document_id IN ({marks}) AND status != 'rejected'
            GROUP BY narrative_id ORDER BY documents DESC, narrative_id LIMIT 1""",
        documents,
    ).fetchall()
    if not rows or rows[0]["documents"] < KNOWN_COVERAGE_SHARE * len(documents):
        return None
    return str(rows[0]["narrative_id"]), int(rows[0]["documents"])
