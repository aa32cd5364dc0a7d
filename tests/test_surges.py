"""The surge detector: tail score against a trailing baseline, outlet cap, zero-filled days."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest

from narrativewatch.model import DailyCount
from narrativewatch.trends.surges import (
    SurgeConfig,
    counted_stories,
    detect_surges,
    detect_surges_within,
    surging_days,
    tail_score,
)

START = date(2022, 3, 1)


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def count(
    offset: int, documents: int, outlets: int = 3, top_share: float | None = None, key: str = "n"
) -> DailyCount:
    share = top_share if top_share is not None else (1 / outlets if documents else 0.0)
    return DailyCount(day(offset), key, documents, 0, outlets if documents else 0, share)


def test_flat_series_never_surges() -> None:
    points = detect_surges([count(i, 6) for i in range(60)])
    assert len(points) == 60
    assert not any(p.surging for p in points[28:])
    assert all(p.expected == 6.0 for p in points[28:])


def test_a_jump_surges_on_its_first_day_only_against_the_baseline() -> None:
    counts = [count(i, 2) for i in range(40)] + [count(40, 25)]
    points = detect_surges(counts)
    assert [p.day for p in surging_days(points)] == [day(40)]
    jump = points[-1]
    assert jump.documents == 25
    assert jump.expected == 2.0
    assert jump.score > 8


def test_one_outlet_reposting_fifty_copies_does_not_surge() -> None:
    quiet = [count(i, 1, outlets=1) for i in range(40)]
    alone = detect_surges([*quiet, count(40, 50, outlets=1, top_share=1.0)])
    assert not alone[-1].surging
    # ... nor with one token story from a second outlet: the busiest outlet counts at most
    # as much as all the others together.
    helped = detect_surges([*quiet, count(40, 51, outlets=2, top_share=50 / 51)])
    assert not helped[-1].surging
    assert counted_stories(DailyCount(day(40), "n", 51, 0, 2, 50 / 51)) == 2
    # The same volume spread over many outlets does surge.
    spread = detect_surges([*quiet, count(40, 50, outlets=10, top_share=0.1)])
    assert spread[-1].surging


def test_baseline_window_is_honoured() -> None:
    # A burst 20 days back raises the baseline of a 28-day window, not of a 10-day one.
    counts = [count(i, 1) for i in range(40)]
    counts[20] = count(20, 30)
    counts.append(count(40, 8))
    wide = detect_surges(counts, SurgeConfig(baseline_days=28))[-1]
    narrow = detect_surges(counts, SurgeConfig(baseline_days=10))[-1]
    assert narrow.surging and not wide.surging
    assert narrow.expected == 1.0
    assert wide.expected == pytest.approx((27 + 30) / 28, abs=1e-3)


def test_missing_days_are_zero_filled_per_key() -> None:
    counts = [count(0, 1, key="a"), count(9, 1, key="a"), count(4, 7, key="b")]
    points = detect_surges(counts)
    assert [p.day for p in points if p.key == "a"] == [day(i) for i in range(10)]
    assert [p.day for p in points if p.key == "b"] == [day(i) for i in range(10)]
    assert [p.documents for p in points if p.key == "b"] == [0, 0, 0, 0, 7, 0, 0, 0, 0, 0]
    # A brand-new key is scored against the floor, and its first busy day surges.
    new = next(p for p in points if p.key == "b" and p.documents == 7)
    assert new.expected == SurgeConfig().min_expected and new.surging


def test_small_days_and_single_outlets_never_surge() -> None:
    config = SurgeConfig(min_documents=5, threshold=2.0)
    tiny = detect_surges([*(count(i, 0) for i in range(30)), count(30, 4)], config)
    assert tiny[-1].score > config.threshold and not tiny[-1].surging
    alone = detect_surges([*(count(i, 0) for i in range(30)), count(30, 9, outlets=1)], config)
    assert not alone[-1].surging


def test_tail_score_matches_poisson_and_negative_binomial_tails() -> None:
    # P(X >= 3 | Poisson 0.5) = 1 - e^-0.5 (1 + 0.5 + 0.125)
    poisson = 1 - math.exp(-0.5) * (1 + 0.5 + 0.125)
    assert tail_score(3, 0.5, 0.5) == pytest.approx(-math.log10(poisson), rel=1e-9)
    # Over-dispersion makes the same count less surprising.
    assert tail_score(10, 2.0, 10.0) < tail_score(10, 2.0, 2.0)
    assert tail_score(0, 1.0, 1.0) == 0.0
    assert tail_score(10_000, 0.5, 0.5) == 50.0


def test_duplicate_day_is_an_error() -> None:
    with pytest.raises(ValueError, match="two daily counts"):
        detect_surges([count(0, 1), count(0, 2)])


def test_config_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="baseline_days"):
        SurgeConfig(baseline_days=0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scoring_a_window_only_gives_the_points_of_the_whole_series(seed: int) -> None:
    rng = random.Random(seed)
    counts = [
        count(offset, rng.choice([0, 1, 1, 2, 5, 9]), rng.randint(1, 4), key=key)
        for key, offsets in (("a", range(0, 90)), ("b", range(20, 60, 3)))
        for offset in offsets
        if rng.random() < 0.6
    ]
    config = SurgeConfig(baseline_days=14, threshold=2.0, min_expected=0.2)
    for since, until in ((day(-5), day(10)), (day(30), day(45)), (day(80), day(120))):
        whole = [p for p in detect_surges(counts, config) if since <= p.day <= until]
        assert detect_surges_within(counts, since, until, config) == whole
    assert detect_surges_within([], day(0), day(3), config) == []
