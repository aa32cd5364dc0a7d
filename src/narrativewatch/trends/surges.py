"""Surge detection on daily series: is today's volume surprising given the recent past?

For each key (a narrative, a country, a cluster) and each day ``t`` of the range, the
detector compares the day's count with a trailing baseline of the ``baseline_days`` days
before it (``t - W`` .. ``t - 1``; quiet days count as zeros, days before the range are
unknown and left out):

- ``m`` and ``v``: mean and sample variance of the baseline's daily stories;
- ``expected = max(m, min_expected)``: the floor keeps a new or quiet series from alerting
  on its first two stories (with a zero baseline every count would be "infinitely"
  surprising);
- the day's count is modelled as negative binomial with that mean and variance
  ``max(v, expected)`` — news volume is over-dispersed, so a series that already jumps
  about needs a bigger jump to alert — falling back to Poisson(``expected``) when the
  baseline is not over-dispersed (NB size ``r = expected**2 / (variance - expected)``);
- the count scored is the day's distinct stories with the busiest outlet capped at as many
  stories as all other outlets together: ``x = others + min(top, others)`` where
  ``top = round(top_outlet_share * documents)``. One outlet's bulk reposting therefore
  adds nothing on its own (50 stories from one outlet score as 0; 50 + 1 as 2);
- ``score = -log10 P(X >= x)``, the upper-tail probability on a log scale: 3 means a day
  this busy happens once in a thousand days of the baseline's regime.

A day is surging when its score reaches ``threshold``, it has at least ``min_documents``
stories and at least ``min_outlets`` outlets. The rejected alternative, Kleinberg's burst
automaton, needs the whole series (or a lag) to settle its states and has two parameters
with no probabilistic reading; a tail score is causal (day ``t`` uses days before ``t``
only), so the first surging day is known on that day.

The default threshold (3, with a floor of 0.5 stories a day) is a conventional one-in-a-
thousand-days test for established series such as a narrative's spread; no labelled data of
narrative surges exists to calibrate it. ``DISCOVERY_SURGES`` is the setting calibrated for
the series of discovery clusters on the RUWA war-news stream (docs/trends.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from narrativewatch.model import DailyCount
from narrativewatch.trends.timeline import (
    TIMELINE_KEYS,
    DailyCountSource,
    days_between,
    zero_count,
    zero_filled,
)

# A tail probability below 1e-50 is "never under the baseline"; capping keeps scores
# comparable and JSON-friendly.
MAX_SCORE = 50.0
_TAIL_EPSILON = 1e-15

_LogPmf = Callable[[int], float]


@dataclass(frozen=True, slots=True)
class SurgeConfig:
    """How surprising a day must be to surge (see the module docstring for the formula)."""

    baseline_days: int = 28  # trailing window before the day scored
    min_documents: int = 3  # a day below this never surges
    min_outlets: int = 2  # one outlet's bulk reposting cannot trigger alone
    threshold: float = 3.0  # -log10 tail probability at which a day is surging
    min_expected: float = 0.5  # floor on the baseline's expected stories per day

    def __post_init__(self) -> None:
        if self.baseline_days < 1:
            raise ValueError(f"baseline_days must be at least 1, not {self.baseline_days}")
        if self.min_documents < 1 or self.min_outlets < 1:
            raise ValueError("min_documents and min_outlets must be at least 1")
        if self.min_expected <= 0:
            raise ValueError(f"min_expected must be positive, not {self.min_expected}")
        if self.threshold <= 0:
            raise ValueError(f"threshold must be positive, not {self.threshold}")


# The setting for the daily series of discovery clusters (new stories, no catalog
# narrative): a cluster is usually new, so its baseline is the floor, and the question is
# "how many stories from how many outlets in one day make a new story". Chosen on the
# calibration windows of the RUWA stream (before 2022-04-16 and after 2022-08-15) with the
# clusterer at mean cosine 0.87 (average linkage), and measured on the held-out window
# (docs/trends.md): in effect three stories from at least two outlets, counted with the
# busiest outlet capped, on a new cluster; on an established one, a day at odds of 1 in 300.
DISCOVERY_SURGES = SurgeConfig(threshold=2.5, min_expected=0.2)


@dataclass(frozen=True, slots=True)
class SurgePoint:
    day: date
    key: str
    documents: int
    expected: float  # baseline expectation for the day
    score: float  # -log10 P(a day at least this busy | baseline); larger = more surprising
    surging: bool


def detect_surges(
    counts: Sequence[DailyCount], config: SurgeConfig = SurgeConfig()
) -> list[SurgePoint]:
    """Score every (key, day) from the first to the last day found in ``counts`` (quiet
    days included, as zeros), ordered by key then day. Raises ValueError when a key has two
    counts for one day."""
    points: list[SurgePoint] = []
    for series in zero_filled(counts).values():
        documents = [count.documents for count in series]
        for index, count in enumerate(series):
            baseline = documents[max(0, index - config.baseline_days) : index]
            points.append(score_day(count, baseline, config))
    return points


def detect_surges_within(
    counts: Sequence[DailyCount], since: date, until: date, config: SurgeConfig = SurgeConfig()
) -> list[SurgePoint]:
    """The points of ``detect_surges(counts, config)`` whose day is in ``[since, until]``,
    computing only those: scoring one episode of a long series costs the episode's days,
    not the series'. Raises ValueError when a key has two counts for one day."""
    by_key: dict[str, dict[date, DailyCount]] = {}
    for count in counts:
        days = by_key.setdefault(count.key, {})
        if count.day in days:
            raise ValueError(f"two daily counts for {count.key!r} on {count.day.isoformat()}")
        days[count.day] = count
    if not by_key:
        return []
    # detect_surges scores every key over the first to the last day found across all keys
    first = min(min(days) for days in by_key.values())
    last = max(max(days) for days in by_key.values())
    window = days_between(max(first, since), min(last, until))
    points: list[SurgePoint] = []
    for key in sorted(by_key):
        days = by_key[key]
        for day in window:
            back = (day - timedelta(days=offset) for offset in range(config.baseline_days, 0, -1))
            baseline = [days[d].documents if d in days else 0 for d in back if d >= first]
            points.append(score_day(days.get(day) or zero_count(day, key), baseline, config))
    return points


def store_surges(
    store: DailyCountSource,
    by: str = "narrative",
    *,
    narrative_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
    config: SurgeConfig = SurgeConfig(),
) -> list[SurgePoint]:
    """Score the days ``[since, until]`` of the store's daily spread per ``by`` (as in
    ``timeline``). The ``baseline_days`` before ``since`` are read too, so that the first
    days of the range have a baseline; their points are not returned. Raises ValueError
    for an unknown ``by``."""
    if by not in TIMELINE_KEYS:
        raise ValueError(f"surges by {by!r}: expected one of {', '.join(TIMELINE_KEYS)}")
    history = since - timedelta(days=config.baseline_days) if since else None
    counts = store.daily_counts(by, narrative_id=narrative_id, since=history, until=until)
    points = detect_surges(counts, config)
    return [p for p in points if (since is None or p.day >= since)]


def surging_days(points: Sequence[SurgePoint]) -> list[SurgePoint]:
    """The surging points, by day then key."""
    return sorted((p for p in points if p.surging), key=lambda p: (p.day, p.key))


def score_day(count: DailyCount, baseline: Sequence[int], config: SurgeConfig) -> SurgePoint:
    """One day's point given the stories of the days before it (oldest first)."""
    mean, variance = _moments(baseline)
    expected = max(mean, config.min_expected)
    observed = counted_stories(count)
    score = tail_score(observed, expected, max(variance, expected))
    surging = (
        score >= config.threshold
        and count.documents >= config.min_documents
        and count.outlets >= config.min_outlets
    )
    return SurgePoint(
        day=count.day,
        key=count.key,
        documents=count.documents,
        expected=round(expected, 4),
        score=round(score, 4),
        surging=surging,
    )


def counted_stories(count: DailyCount) -> int:
    """Stories with the busiest outlet capped at as many as all the others together."""
    top = round(count.top_outlet_share * count.documents)
    others = count.documents - top
    return others + min(top, others)


def tail_score(observed: int, mean: float, variance: float) -> float:
    """``-log10 P(X >= observed)`` for X negative binomial with ``mean`` and ``variance``
    (Poisson when variance <= mean), capped at MAX_SCORE; 0 for observed <= 0."""
    if observed <= 0:
        return 0.0
    log_pmf = _log_pmf_function(mean, variance)
    if observed <= mean:
        below = sum(math.exp(log_pmf(k)) for k in range(observed))
        tail = max(1.0 - below, 0.0)
    else:
        # Past the mode the terms only shrink: sum them until they stop mattering.
        tail, k = 0.0, observed
        while True:
            term = math.exp(log_pmf(k))
            tail += term
            if term <= tail * _TAIL_EPSILON or k - observed > 100_000:
                break
            k += 1
    if tail <= 10.0**-MAX_SCORE:
        return MAX_SCORE
    return min(MAX_SCORE, max(0.0, -math.log10(tail)))


def _log_pmf_function(mean: float, variance: float) -> _LogPmf:
    if variance <= mean * (1 + 1e-9):
        log_mean = math.log(mean)
        return lambda k: -mean + k * log_mean - math.lgamma(k + 1)
    size = mean * mean / (variance - mean)
    log_success = math.log(size / (size + mean))
    log_failure = math.log(mean / (size + mean))
    constant = size * log_success - math.lgamma(size)
    return lambda k: math.lgamma(k + size) - math.lgamma(k + 1) + constant + k * log_failure


def _moments(values: Sequence[int]) -> tuple[float, float]:
    if not values:
        return 0.0, 0.0
    mean = sum(values) / len(values)
    if len(values) < 2:
        return mean, 0.0
    variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    return mean, variance
