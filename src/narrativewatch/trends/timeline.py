"""Daily series per narrative, per outlet country or per actor type, with zero-filled days.

The store answers with the days on which something appeared (``store.daily_counts``); a
chart, a table or a surge detector needs every day of the range, the quiet ones included,
so this module fills the gaps with explicit zero counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from narrativewatch.model import DailyCount

TIMELINE_KEYS = ("narrative", "country", "actor")


class DailyCountSource(Protocol):
    """The part of a store a timeline reads (SQLiteStore and any other backend)."""

    def daily_counts(
        self,
        by: str = "narrative",
        *,
        narrative_id: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[DailyCount]: ...


@dataclass(frozen=True, slots=True)
class Series:
    """One key's daily counts, one per day of the timeline (zero days included)."""

    key: str
    counts: tuple[DailyCount, ...]

    @property
    def total(self) -> int:
        """Distinct stories over the whole range."""
        return sum(count.documents for count in self.counts)


@dataclass(frozen=True, slots=True)
class Timeline:
    """Daily series of every key seen in ``[since, until]``, busiest key first."""

    by: str
    since: date | None
    until: date | None
    series: tuple[Series, ...]

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(count.day for count in self.series[0].counts) if self.series else ()


def zero_count(day: date, key: str) -> DailyCount:
    """The count of a day on which nothing of ``key`` appeared."""
    return DailyCount(day=day, key=key, documents=0, copies=0, outlets=0, top_outlet_share=0.0)


def days_between(since: date, until: date) -> list[date]:
    """Every day from ``since`` to ``until``, both included (empty when since > until)."""
    return [since + timedelta(days=offset) for offset in range((until - since).days + 1)]


def zero_filled(
    counts: Iterable[DailyCount], since: date | None = None, until: date | None = None
) -> dict[str, list[DailyCount]]:
    """Per key, one count per day from ``since`` to ``until`` (default: the first and last
    day found across all keys), zero counts on the missing days. Counts outside the range
    are dropped; two counts of the same key and day are a caller's error (ValueError)."""
    by_key: dict[str, dict[date, DailyCount]] = defaultdict(dict)
    for count in counts:
        if count.day in by_key[count.key]:
            raise ValueError(f"two daily counts for {count.key!r} on {count.day.isoformat()}")
        by_key[count.key][count.day] = count
    seen_days = [day for per_day in by_key.values() for day in per_day]
    if not seen_days:
        return {}
    first = since or min(seen_days)
    last = until or max(seen_days)
    calendar = days_between(first, last)
    return {
        key: [per_day.get(day) or zero_count(day, key) for day in calendar]
        for key, per_day in sorted(by_key.items())
        if any(first <= day <= last for day in per_day)
    }


def timeline(
    store: DailyCountSource,
    by: str = "narrative",
    *,
    narrative_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Timeline:
    """Daily spread (refutations left out, copies once) per ``by`` = "narrative",
    "country" (of the outlet) or "actor" (kind of the quoted or cited actor), optionally of
    one narrative, from ``since`` to ``until`` with zero-filled days.

    Raises ValueError for an unknown ``by`` or since > until; the store's own errors
    (StoreError) pass through."""
    if by not in TIMELINE_KEYS:
        raise ValueError(f"timeline by {by!r}: expected one of {', '.join(TIMELINE_KEYS)}")
    if since and until and since > until:
        raise ValueError(f"since {since.isoformat()} is after until {until.isoformat()}")
    counts = store.daily_counts(by, narrative_id=narrative_id, since=since, until=until)
    filled = zero_filled(counts, since, until)
    series = [Series(key, tuple(days)) for key, days in filled.items()]
    series.sort(key=lambda s: (-s.total, s.key))
    return Timeline(by=by, since=since, until=until, series=tuple(series))


def render_timeline(
    timeline_: Timeline, marks: Sequence[tuple[date, str]] = (), *, show_zero_days: bool = False
) -> str:
    """A plain-text table, one row per key and day: stories, copies, outlets and the busiest
    outlet's share. Days marked in ``marks`` (e.g. surging days) get a ``*``. Zero days are
    left out unless ``show_zero_days``: a year of quiet days would bury the busy ones."""
    marked = set(marks)
    header = ["day", timeline_.by, "stories", "copies", "outlets", "top share", ""]
    rows: list[list[str]] = []
    for series in timeline_.series:
        for count in series.counts:
            if count.documents == 0 and not show_zero_days:
                continue
            rows.append(
                [
                    count.day.isoformat(),
                    series.key,
                    str(count.documents),
                    str(count.copies),
                    str(count.outlets),
                    f"{count.top_outlet_share:.2f}",
                    "*" if (count.day, series.key) in marked else "",
                ]
            )
    if not rows:
        return f"no spread by {timeline_.by} in the range"
    rows.sort(key=lambda row: (row[0], row[1]))
    return _table(header, rows)


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(line[i]) for line in (header, *rows)) for i in range(len(header))]
    numeric = {2, 3, 4, 5}
    return "\n".join(
        "  ".join(
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in (header, *rows)
    )
