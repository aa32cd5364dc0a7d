"""Episodes of a narrative, and which alert rules an episode meets (pure functions).

An episode is a run of days on which a narrative spreads, with no gap longer than the
configured quiet days. Only spread (promoting or reporting appearances) opens or extends an
episode; refutations inside it are kept beside as counter-evidence and never meet a rule.
Appearances without a date cannot be placed in time and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, timedelta

from narrativewatch.alerts.rules import ACTOR_TIERS, AlertConfig, AlertRule
from narrativewatch.discovery.appearances import is_discovered
from narrativewatch.model import Appearance, Narrative, Stance


@dataclass(frozen=True, slots=True)
class Episode:
    narrative_id: str
    index: int  # 0 = the narrative's first episode in the store
    first_day: date
    last_day: date
    spread: tuple[Appearance, ...]  # promoting or reporting, in time order
    counter: tuple[Appearance, ...]  # refuting, in time order


@dataclass(frozen=True, slots=True)
class SurgeSummary:
    """What the surge detector said about the days of one episode."""

    max_score: float | None = None
    surging_days: tuple[date, ...] = ()

    @property
    def surging(self) -> bool:
        return bool(self.surging_days)


@dataclass(frozen=True, slots=True)
class RuleHit:
    rule_id: str
    severity: str
    reasons: tuple[str, ...]


def split_episodes(appearances: Iterable[Appearance], quiet_days: int) -> list[Episode]:
    """The episodes of each narrative in ``appearances``, by narrative then time."""
    by_narrative: dict[str, list[Appearance]] = {}
    for appearance in appearances:
        if appearance.published_at is not None:
            by_narrative.setdefault(appearance.narrative_id, []).append(appearance)
    episodes: list[Episode] = []
    for narrative_id in sorted(by_narrative):
        ordered = sorted(by_narrative[narrative_id], key=_day_key)
        episodes.extend(_episodes_of(narrative_id, ordered, quiet_days))
    return episodes


def _episodes_of(
    narrative_id: str, ordered: Sequence[Appearance], quiet_days: int
) -> list[Episode]:
    runs: list[list[Appearance]] = []
    for appearance in ordered:
        if appearance.stance == Stance.REFUTES:
            continue
        if runs and (_day(appearance) - _day(runs[-1][-1])).days <= quiet_days:
            runs[-1].append(appearance)
        else:
            runs.append([appearance])
    episodes = []
    for index, run in enumerate(runs):
        first, last = _day(run[0]), _day(run[-1])
        window_end = last + timedelta(days=quiet_days)
        counter = tuple(
            a for a in ordered if a.stance == Stance.REFUTES and first <= _day(a) <= window_end
        )
        episodes.append(Episode(narrative_id, index, first, last, tuple(run), counter))
    return episodes


def assess_episode(
    episode: Episode, narrative: Narrative | None, surge: SurgeSummary, config: AlertConfig
) -> tuple[RuleHit, ...]:
    """The rules the episode meets, most severe first, each with the reasons it was met."""
    hits = []
    for rule in config.rules:
        reasons = _reasons(rule, episode, narrative, surge, config)
        if reasons is not None:
            hits.append(RuleHit(rule.id, rule.severity, tuple(reasons)))
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    return tuple(sorted(hits, key=lambda hit: order[hit.severity]))


def _reasons(
    rule: AlertRule,
    episode: Episode,
    narrative: Narrative | None,
    surge: SurgeSummary,
    config: AlertConfig,
) -> list[str] | None:
    """Why the rule is met, or None when a condition fails."""
    scope = "discovered" if is_discovered(episode.narrative_id) else "catalog"
    if rule.scope != scope:
        return None
    reasons: list[str] = []
    if scope == "discovered":
        reasons.append("a new story outside the catalog (discovery)")
    category = narrative.category if narrative else None
    if rule.categories:
        if category not in rule.categories:
            return None
        reasons.append(f"category {category}")
    if rule.narratives:
        if episode.narrative_id not in rule.narratives:
            return None
        reasons.append(f"narrative {episode.narrative_id}")
    stories = distinct_stories(episode.spread)
    if stories < rule.min_documents:
        return None
    if rule.min_documents > 1:
        reasons.append(f"{stories} stories")
    if rule.min_actor_level is not None:
        voices = promoting_voices(episode, config, ACTOR_TIERS.index(rule.min_actor_level))
        if not voices:
            return None
        reasons.append("voiced by " + ", ".join(voices))
    if rule.surging:
        if not surge.surging:
            return None
        days = ", ".join(day.isoformat() for day in surge.surging_days)
        reasons.append(f"surging on {days}")
    if rule.min_surge_score is not None:
        if surge.max_score is None or surge.max_score < rule.min_surge_score:
            return None
        reasons.append(f"surge score {surge.max_score:.2f} >= {rule.min_surge_score:g}")
    if rule.first_appearance:
        if episode.index != 0:
            return None
        reasons.append(f"first appearance in the store on {episode.first_day.isoformat()}")
    if rule.cross_border:
        countries = countries_in_order(episode.spread)
        if len(countries) < 2:
            return None
        reasons.append("spread across borders: " + " -> ".join(countries))
    return reasons


def promoting_voices(episode: Episode, config: AlertConfig, max_rank: int) -> list[str]:
    """Actors promoting the narrative in the episode at tier rank ``max_rank`` or higher
    (0 = head of state), as "name (level)", highest tier first, each once."""
    found: dict[str, tuple[int, str]] = {}
    for appearance in episode.spread:
        if appearance.stance != Stance.PROMOTES:
            continue
        rank = config.tier_rank(appearance.actor_level)
        if rank is None or rank > max_rank:
            continue
        name = appearance.actor_name or appearance.actor_id or appearance.outlet or "?"
        label = f"{name} ({appearance.actor_level})"
        if label not in found or rank < found[label][0]:
            found[label] = (rank, label)
    return [label for _, label in sorted(found.values())]


def distinct_stories(appearances: Iterable[Appearance]) -> int:
    """Distinct stories: a near-duplicate copy counts as its original."""
    return len({a.copy_of if a.copy_of is not None else a.document_id for a in appearances})


def countries_in_order(appearances: Iterable[Appearance]) -> list[str]:
    """Countries of the actors and outlets carrying the narrative, by first appearance.

    A country or place quoted as an actor ("France said …") is a mention, not a carrier:
    it is left out, so a story about Russia's claims to France is no jump to France."""
    seen: list[str] = []
    for appearance in appearances:
        if appearance.actor_kind in _NOT_CARRIERS:
            continue
        if appearance.country and appearance.country not in seen:
            seen.append(appearance.country)
    return seen


_NOT_CARRIERS = frozenset({"country", "place"})


def _day(appearance: Appearance) -> date:
    assert appearance.published_at is not None  # undated appearances are filtered out first
    return appearance.published_at.astimezone(UTC).date()


def _day_key(appearance: Appearance) -> tuple[date, int]:
    return (_day(appearance), appearance.id or 0)
