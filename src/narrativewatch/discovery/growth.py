"""When a cluster of unmatched claims becomes a candidate narrative: the growth rule.

A cluster is proposed the first time it holds at least ``min_items`` claims from at least
``min_sources`` distinct sources, all published within ``window_days`` of each other. A
source is the outlet (or, when the outlet is unknown, the document): one outlet reposting
its own story, or one article's sentences, never make a narrative on their own. Items
without a date count as inside every window, so undated input still clusters by size.

The defaults are the product's (docs/discovery.md): on VoxCheck, ``narrativewatch eval
discovery`` cannot tell 3 items from 6 (each case brings its three translations at once),
and 6 keeps one article's several sentences plus one echo from making a narrative; the
30-day window is what "fast-growing" means for a news stream (VoxCheck cases of one
sub-narrative span years, so the evaluation runs without one).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class GrowthRule:
    min_items: int = 6
    min_sources: int = 2
    window_days: float | None = 30.0  # None: no time limit

    def __post_init__(self) -> None:
        if self.min_items < 1:
            raise ValueError(f"min_items must be at least 1, not {self.min_items}")
        if self.min_sources < 1:
            raise ValueError(f"min_sources must be at least 1, not {self.min_sources}")
        if self.window_days is not None and self.window_days <= 0:
            raise ValueError(f"window_days must be positive or None, not {self.window_days}")


@dataclass(frozen=True, slots=True)
class Member:
    """What the rule needs of one cluster member, in the order it joined."""

    published_at: datetime | None
    source: str


def proposal_position(members: Sequence[Member], rule: GrowthRule) -> int | None:
    """The index of the member whose arrival first satisfied ``rule`` (members in arrival
    order), or None if the rule is never met.

    With a window, the members counted at member j are those dated within ``window_days``
    before j's date (or undated). Members are expected in time order, as a stream delivers
    them; a late-arriving older item only counts against windows that contain its date.
    """
    if rule.window_days is None:
        sources: Counter[str] = Counter()
        for position, member in enumerate(members):
            sources[member.source] += 1
            if position + 1 >= rule.min_items and len(sources) >= rule.min_sources:
                return position
        return None
    window = timedelta(days=rule.window_days)
    undated: Counter[str] = Counter()
    dated: deque[Member] = deque()
    for position, member in enumerate(members):
        if member.published_at is None:
            undated[member.source] += 1
        else:
            dated.append(member)
        newest = max((m.published_at for m in dated if m.published_at), default=None)
        in_window = [
            m
            for m in dated
            if newest is None or (m.published_at is not None and newest - m.published_at <= window)
        ]
        count = sum(undated.values()) + len(in_window)
        distinct = set(undated) | {m.source for m in in_window}
        if count >= rule.min_items and len(distinct) >= rule.min_sources:
            return position
    return None


def recent_members(
    members: Sequence[Member], now: datetime, window_days: float | None
) -> list[Member]:
    """The members dated within ``window_days`` before ``now`` (all, without a window)."""
    if window_days is None:
        return list(members)
    since = now - timedelta(days=window_days)
    return [m for m in members if m.published_at is None or since <= m.published_at <= now]
