"""Alerts on stories outside the catalog: the episodes of discovery's clusters.

`narrativewatch discover` clusters the claims that match no catalog narrative
(docs/discovery.md). To the alert rules a cluster is a narrative without a name: its
claims are appearances of the outlets that published them, so the same episodes, surge
detector and evidence apply. A rule selects clusters with ``scope = "discovered"``; catalog
rules never see them, since a cluster has no category, no risk and no actors yet.

The series of a cluster is scored from the first day of the whole discovery stream (zeros
before the cluster's first claim), as ``narrativewatch eval surges`` scores it: a new
cluster's baseline is then the detector's floor, and a day counting three stories once its
busiest outlet is capped at the others' total (three outlets, or two with two stories
each) makes a new story surge (``trends.surges.DISCOVERY_SURGES``).

Clusters the analyst promoted (now a catalog narrative, alerted under its own id once
documents are analysed with that catalog) or dismissed are left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np

from narrativewatch.actors.registry import ActorRegistry
from narrativewatch.alerts.episodes import Episode
from narrativewatch.alerts.records import StoredAlert
from narrativewatch.analysis.cues import as_statement
from narrativewatch.discovery.appearances import (
    ClusterClaims,
    cluster_claims,
    cluster_id_of,
    discovered_key,
    stream_start,
)
from narrativewatch.discovery.clusters import CLUSTER_SIMILARITY
from narrativewatch.model import Appearance, AppearanceRole, DailyCount, Stance
from narrativewatch.store.sqlite import SQLiteStore
from narrativewatch.trends.timeline import zero_count

_LABEL_LENGTH = 160  # a label is one claim, cut to what is enough to recognise it
# Two clusters are one story when this share of the smaller one's documents is in both,
SAME_STORY_SHARE = 0.5
# or when their claims of a day they both surge on are, on average, as close as
# discovery asks a claim to be to a cluster's members (mean cosine of centred vectors).
STORY_SIMILARITY = CLUSTER_SIMILARITY


@dataclass(frozen=True, slots=True)
class DiscoveredSeries:
    """One discovery cluster as alerts see it."""

    key: str  # discovered_key(cluster id)
    claims: ClusterClaims
    counts: tuple[DailyCount, ...]  # daily stories from the stream's first day

    @property
    def appearances(self) -> tuple[Appearance, ...]:
        return self.claims.appearances


def discovered_series(
    store: SQLiteStore,
    min_stories: int,
    registry: ActorRegistry | None = None,
    clusters: Iterable[int] | None = None,
) -> list[DiscoveredSeries]:
    """The undecided clusters (of ``clusters``; all when None) with at least
    ``min_stories`` dated stories (documents): a smaller cluster cannot surge. An outlet's
    country, for cross-border rules, comes from its entry in ``registry`` (none without
    one). Raises StoreError on store failure."""
    first = stream_start(store)
    if first is None:
        return []
    if clusters is not None:
        clusters = set(clusters)
        if not clusters:
            return []
    series = []
    for claims in cluster_claims(
        store,
        clusters=clusters,
        min_stories=min_stories,
        undecided_only=True,
        registry=registry,
    ):
        key = discovered_key(claims.cluster_id)
        counts = daily_counts_of(key, claims.appearances, _utc_day(first))
        series.append(DiscoveredSeries(key, claims, counts))
    return series


def episode_label(
    store: SQLiteStore, series: DiscoveredSeries, appearances: Sequence[Appearance]
) -> str:
    """The name an episode of a discovered cluster goes by until the analyst promotes it:
    of its claims, the one nearest their mean (discovery's centred vectors). Taken from
    the episode's own claims, so that it describes what surged — a cluster can absorb a
    new story months after its first claim — and changes only when the episode grows."""
    wanted = sorted(
        {
            series.claims.positions[(a.document_id, a.evidence.start, a.evidence.end)]
            for a in appearances
        }
    )
    if not wanted:
        return ""
    marks = ",".join("?" * len(wanted))
    rows = store.connection.execute(
        f"SELECT text, language, vector FROM discovery_items WHERE position IN ({marks}) "
        "ORDER BY position",
        wanted,
    ).fetchall()
    vectors = np.stack([_unit(row["vector"]) for row in rows])
    nearest = int(np.argmax(vectors @ vectors.mean(axis=0)))  # ties: the earliest claim
    return _label(as_statement(rows[nearest]["text"], rows[nearest]["language"]))


def one_alert_per_story(
    store: SQLiteStore,
    drafts: Sequence[tuple[Episode, dict[str, object]]],
    stored: Sequence[StoredAlert],
) -> list[tuple[Episode, dict[str, object]]]:
    """``drafts`` (episodes of discovered clusters) without the second alert of a story.

    Discovery clusters claims, and one story brings several: Putin's grain speech gave
    "the grain goes to Europe" and "only two of 87 ships reached the poorest countries",
    two clusters over the same four documents, and two HIGH alerts for one episode. Two
    episodes are one story when at least ``SAME_STORY_SHARE`` of the smaller one's
    documents are in both, or when they surge on the same day with claims that mean the
    same: their claims of those days are as close as discovery asks of a cluster's
    members (average cosine ≥ ``STORY_SIMILARITY``). The second case is a new story split
    between its own cluster and old, broad ones that absorbed some of its claims: on the
    day of the Kremenchuk mall strike a year-old "missile strikes" cluster surged beside
    the strike's own. An episode whose cluster already has an alert on these days keeps
    it (it is updated as before); a new one is dropped when its story already has an
    alert — stored, of another cluster, on overlapping days — or a larger draft (more
    claims on its surging days, then more documents, then more claims, then the older
    cluster)."""
    documents = [frozenset(a.document_id for a in episode.spread) for episode, _ in drafts]
    surging = [_surging_days(content) for _, content in drafts]
    claims = _SurgingClaims(store)

    def alerted(episode: Episode, alert: StoredAlert) -> bool:
        return alert.first_day <= episode.last_day and episode.first_day <= alert.last_day

    discovered_alerts = [a for a in stored if cluster_id_of(a.narrative_id) is not None]
    established = [
        any(
            a.narrative_id == episode.narrative_id and alerted(episode, a)
            for a in discovered_alerts
        )
        for episode, _ in drafts
    ]
    others = [
        (alert, _cluster_documents(store, alert.narrative_id), _surging_days(alert.payload))
        for alert in discovered_alerts
    ]
    order = sorted(
        range(len(drafts)),
        key=lambda i: (
            not established[i],
            -claims.count(drafts[i][0].narrative_id, surging[i]),
            -len(documents[i]),
            -len(drafts[i][0].spread),
            cluster_id_of(drafts[i][0].narrative_id) or 0,
        ),
    )
    kept: list[int] = []
    for i in order:
        episode = drafts[i][0]
        key = episode.narrative_id
        if not established[i] and (
            any(
                same_story(documents[i], documents[j])
                or claims.same_meaning(key, drafts[j][0].narrative_id, surging[i] & surging[j])
                for j in kept
            )
            or any(
                alert.narrative_id != key
                and alerted(episode, alert)
                and (
                    same_story(documents[i], alert_documents)
                    or claims.same_meaning(key, alert.narrative_id, surging[i] & alert_days)
                )
                for alert, alert_documents, alert_days in others
            )
        ):
            continue
        kept.append(i)
    return [drafts[i] for i in sorted(kept)]


def same_story(first: frozenset[int], second: frozenset[int]) -> bool:
    smaller = min(len(first), len(second))
    return smaller > 0 and len(first & second) >= SAME_STORY_SHARE * smaller


def _surging_days(payload: Mapping[str, object]) -> frozenset[str]:
    surge = payload.get("surge")
    days = surge.get("surging_days") if isinstance(surge, Mapping) else None
    return frozenset(str(day) for day in days) if isinstance(days, list) else frozenset()


class _SurgingClaims:
    """Discovery's vectors of a cluster's claims published on given days (UTC dates,
    ISO), read once per cluster."""

    def __init__(self, store: SQLiteStore) -> None:
        self.store = store
        self._by_cluster: dict[int, list[tuple[str, np.ndarray]]] = {}

    def _claims(self, narrative_id: str) -> list[tuple[str, np.ndarray]]:
        cluster = cluster_id_of(narrative_id)
        if cluster is None:
            return []
        if cluster not in self._by_cluster:
            rows = self.store.connection.execute(
                "SELECT published_at, vector FROM discovery_items WHERE cluster_id = ?",
                (cluster,),
            ).fetchall()
            self._by_cluster[cluster] = [
                (
                    _utc_day(datetime.fromisoformat(row["published_at"])).isoformat(),
                    _unit(row["vector"]),
                )
                for row in rows
                if row["published_at"]
            ]
        return self._by_cluster[cluster]

    def vectors(self, narrative_id: str, days: frozenset[str]) -> np.ndarray | None:
        found = [vector for day, vector in self._claims(narrative_id) if day in days]
        return np.stack(found) if found else None

    def count(self, narrative_id: str, days: frozenset[str]) -> int:
        return sum(1 for day, _ in self._claims(narrative_id) if day in days)

    def same_meaning(self, first: str, second: str, days: frozenset[str]) -> bool:
        """Whether two clusters' claims of ``days`` are one story by discovery's measure."""
        if not days or first == second:
            return False
        a, b = self.vectors(first, days), self.vectors(second, days)
        return a is not None and b is not None and float((a @ b.T).mean()) >= STORY_SIMILARITY


def _unit(blob: bytes) -> np.ndarray:
    vector = np.frombuffer(blob, dtype=np.float32)
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def _cluster_documents(store: SQLiteStore, narrative_id: str) -> frozenset[int]:
    rows = store.connection.execute(
        "SELECT DISTINCT document_id FROM discovery_items WHERE cluster_id = ?",
        (cluster_id_of(narrative_id),),
    ).fetchall()
    return frozenset(int(row["document_id"]) for row in rows)


def daily_counts_of(
    key: str, appearances: Sequence[Appearance], since: date | None = None
) -> tuple[DailyCount, ...]:
    """Daily stories of one series: distinct documents a day, distinct outlets (a document
    without an outlet is its own source, as in discovery's growth rule) and the busiest
    outlet's share. A zero count on ``since`` (when earlier than the first day) makes the
    series start there, so the surge detector's baseline holds the quiet days before.
    As for a catalog narrative (`SQLiteStore.daily_counts`), a story counts by its outlet,
    and a refuting outlet's — a fact check's — is counter-evidence, not volume."""
    per_day: dict[date, dict[int, str]] = defaultdict(dict)
    for appearance in appearances:
        if (
            appearance.published_at is None
            or appearance.role is not AppearanceRole.OUTLET
            or appearance.stance is Stance.REFUTES
        ):
            continue
        source = appearance.outlet or f"document:{appearance.document_id}"
        per_day[_utc_day(appearance.published_at)][appearance.document_id] = source
    counts = []
    if since is not None and per_day and since < min(per_day):
        counts.append(zero_count(since, key))
    for day in sorted(per_day):
        sources = Counter(per_day[day].values())
        stories = len(per_day[day])
        counts.append(
            DailyCount(day, key, stories, 0, len(sources), max(sources.values()) / stories)
        )
    return tuple(counts)


def _label(text: str) -> str:
    return text if len(text) <= _LABEL_LENGTH else text[: _LABEL_LENGTH - 1].rstrip() + "…"


def _utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()  # as alerts.episodes places an appearance
