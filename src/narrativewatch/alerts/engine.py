"""Evaluate the alert rules over the store: one alert per narrative episode, updated in
place (a new version) when the episode grows, never duplicated.

Re-running on the same store changes nothing; on a grown store, the alert whose days
overlap the grown episode gets a new version with the grown evidence, and its severity
follows the rules it now meets.

A run records how far it read (the newest document and analyst decision, under which rules
and catalog); the next run re-evaluates only the narratives with new documents or new
decisions since, so that running alerts after every ingest stays cheap on a large store.
Other narratives' episodes cannot have changed: episodes, surges and evidence are all
functions of a narrative's own appearances.

Rules with ``scope = "discovered"`` watch discovery's clusters of unmatched claims the same
way (alerts.discovered). A run re-reads only the clusters that gained claims since the
last run (`discover` appends claims; it never moves them), or all of them when the
discovery stream's first publication time moved: that is where every cluster's surge
baseline starts.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from narrativewatch.actors.registry import ActorRegistry, load_registry
from narrativewatch.alerts.discovered import (
    discovered_series,
    episode_label,
    one_alert_per_story,
)
from narrativewatch.alerts.episodes import Episode, assess_episode, split_episodes
from narrativewatch.alerts.payload import TextOf, alert_content, fingerprint
from narrativewatch.alerts.records import (
    StoredAlert,
    clusters_changed_since,
    current_watermark,
    enqueue,
    last_watermark,
    latest_alerts,
    narratives_changed_since,
    record_watermark,
    save_version,
)
from narrativewatch.alerts.rules import AlertConfig
from narrativewatch.alerts.surge_adapter import summarise_surges, surge_config
from narrativewatch.discovery.appearances import known_coverage
from narrativewatch.model import ActorKind, DailyCount, Narrative
from narrativewatch.store.sqlite import SQLiteStore
from narrativewatch.trends.surges import DISCOVERY_SURGES, SurgeConfig


@dataclass(frozen=True, slots=True)
class AlertRun:
    """What one evaluation did: alerts created or given a new version, and queued sends."""

    changed: tuple[StoredAlert, ...]
    unchanged: int  # stored alerts this run left as they were
    queued: int


def evaluate_alerts(
    store: SQLiteStore,
    catalog: Sequence[Narrative],
    config: AlertConfig,
    *,
    sinks: Sequence[str] = (),
    now: datetime | None = None,
    registry: ActorRegistry | None = None,
) -> AlertRun:
    """Evaluate ``config``'s rules over every episode in ``store``, save new alerts and new
    versions, and queue the latest version of every alert for each of ``sinks`` that has
    not had it (a newly added sink catches up on the current alerts). ``registry`` gives
    the outlets of discovered clusters their countries (default: the bundled registry).

    Raises ConfigError when the surge options are refused, StoreError on store failure."""
    now = now or datetime.now(UTC)
    narratives = {narrative.id: narrative for narrative in catalog}
    texts: dict[int, str | None] = {}

    def text_of(document_id: int) -> str | None:
        if document_id not in texts:
            stored = store.get_document(document_id)
            texts[document_id] = stored.document.text if stored else None
        return texts[document_id]

    surges = surge_config(config.surge_options, config.source)
    discovery_surges = surge_config(
        config.discovery_surge_options, config.source, DISCOVERY_SURGES, "discovery_surges"
    )
    # Only discovered clusters need outlet countries looked up (and the registry loaded).
    outlet_registry = (registry or load_registry()) if config.watches_discoveries else None
    scope = _scope(config, catalog, outlet_registry)
    watermark = current_watermark(store, scope)
    previous_run = last_watermark(store)
    same_scope = previous_run is not None and previous_run.scope == scope
    if previous_run is not None and same_scope:
        changed_narratives = sorted(narratives_changed_since(store, previous_run))
        appearances = [a for n in changed_narratives for a in store.appearances(n)]
    else:
        appearances = store.appearances()
    counts: dict[str, list[DailyCount]] = {}
    drafts: list[tuple[Episode, dict[str, object]]] = []
    for episode in split_episodes(appearances, config.quiet_days):
        key = episode.narrative_id
        if key not in counts:
            counts[key] = store.daily_counts("narrative", narrative_id=key)
        surge = summarise_surges(counts[key], episode.first_day, episode.last_day, surges)
        narrative = narratives.get(key)
        hits = assess_episode(episode, narrative, surge, config)
        if hits:
            drafts.append((episode, alert_content(episode, narrative, hits, surge, text_of)))
    if outlet_registry is not None:
        clusters = None  # all
        if (
            previous_run is not None
            and same_scope
            and previous_run.discovery_start == watermark.discovery_start
        ):
            clusters = clusters_changed_since(store, previous_run)
        drafts.extend(
            _discovered_drafts(store, config, discovery_surges, outlet_registry, text_of, clusters)
        )
    changed: list[StoredAlert] = []
    with store.transaction():
        existing: dict[str, list[StoredAlert]] = {}
        stored = latest_alerts(store)
        for alert in stored:
            existing.setdefault(alert.narrative_id, []).append(alert)
        claimed: set[int] = set()
        for episode, content in drafts:
            previous = _alert_of(episode, existing.get(episode.narrative_id, ()), claimed)
            content_fingerprint = fingerprint(content)
            if previous is not None:
                claimed.add(previous.id)
                if previous.fingerprint == content_fingerprint:
                    continue
            days = (episode.first_day, episode.last_day)
            changed.append(save_version(store, previous, content, content_fingerprint, days, now))
        queued = _queue_latest(store, sinks, now)
        record_watermark(store, watermark, now)
    updated = sum(1 for alert in changed if alert.version > 1)
    return AlertRun(tuple(changed), len(stored) - updated, queued)


def _discovered_drafts(
    store: SQLiteStore,
    config: AlertConfig,
    surges: SurgeConfig,
    registry: ActorRegistry,
    text_of: TextOf,
    clusters: set[int] | None,
) -> list[tuple[Episode, dict[str, object]]]:
    """The alerts the episodes of discovered clusters (``clusters``; all when None) would
    raise, as catalog ones."""
    drafts: list[tuple[Episode, dict[str, object]]] = []
    for series in discovered_series(store, surges.min_documents, registry, clusters):
        for episode in split_episodes(series.appearances, config.quiet_days):
            if known_coverage(store, (a.document_id for a in episode.spread)):
                continue  # the known narrative's own alert covers these documents
            surge = summarise_surges(series.counts, episode.first_day, episode.last_day, surges)
            hits = assess_episode(episode, None, surge, config)
            if hits:
                label = episode_label(store, series, episode.spread)
                content = alert_content(episode, None, hits, surge, text_of, label)
                drafts.append((episode, content))
    return one_alert_per_story(store, drafts, latest_alerts(store))


def _scope(
    config: AlertConfig, catalog: Sequence[Narrative], registry: ActorRegistry | None
) -> str:
    """A fingerprint of what alerts depend on besides the store: the rules, the catalog's
    categories and risks, and (when discoveries are watched) the registry's outlet
    countries. When it changes, every narrative and cluster is evaluated again."""
    # sets are sorted: their repr's order changes from one process to the next
    rules = repr(
        (
            [
                (
                    dataclasses.replace(r, categories=frozenset(), narratives=frozenset()),
                    sorted(r.categories),
                    sorted(r.narratives),
                )
                for r in config.rules
            ],
            config.quiet_days,
            sorted(config.levels.items()),
        )
    )
    surge = repr(
        (sorted(config.surge_options.items()), sorted(config.discovery_surge_options.items()))
    )
    narratives = repr(sorted((n.id, n.category, n.risk, n.title) for n in catalog))
    outlets = ""
    if registry is not None:
        outlets = repr(
            sorted(
                (a.id, a.name, a.country, sorted(a.names.items()), sorted(a.aliases))
                for a in registry.actors.values()
                if a.kind is ActorKind.OUTLET
            )
        )
    return hashlib.sha256(f"{rules}|{surge}|{narratives}|{outlets}".encode()).hexdigest()


def queue_latest(store: SQLiteStore, sinks: Sequence[str], now: datetime | None = None) -> int:
    """Queue the latest version of every stored alert for each of ``sinks`` that has not had
    it, without evaluating the rules. Returns how many deliveries were added."""
    with store.transaction():
        return _queue_latest(store, sinks, now or datetime.now(UTC))


def _queue_latest(store: SQLiteStore, sinks: Sequence[str], now: datetime) -> int:
    if not sinks:
        return 0
    return sum(enqueue(store, alert, sinks, now) for alert in latest_alerts(store))


def _alert_of(
    episode: Episode, existing: Sequence[StoredAlert], claimed: set[int]
) -> StoredAlert | None:
    """The stored alert of this episode: same narrative, overlapping days. A grown episode
    still covers the days it had, so it finds its alert even when a backfilled earlier
    document moved its first day."""
    for alert in existing:
        if (
            alert.id not in claimed
            and alert.narrative_id == episode.narrative_id
            and alert.first_day <= episode.last_day
            and episode.first_day <= alert.last_day
        ):
            return alert
    return None
