"""The one place alerts talk to the surge detector (narrativewatch.trends.surges).

Alerts only need, per episode, the highest daily surge score and the days flagged as
surging. Keeping that behind one function means the detector can change its scoring without
touching the rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from datetime import date
from typing import Any

from narrativewatch.alerts.episodes import SurgeSummary
from narrativewatch.errors import ConfigError
from narrativewatch.model import DailyCount
from narrativewatch.trends.surges import SurgeConfig, detect_surges_within


def surge_config(
    options: Mapping[str, float],
    source: str = "rules",
    base: SurgeConfig | None = None,
    table: str = "surges",
) -> SurgeConfig:
    """The detector's config from a rules file's ``[surges]`` (or ``[discovery_surges]``)
    table, over ``base`` for the keys it leaves out. Raises ConfigError."""
    base = base or SurgeConfig()
    known = {f.name for f in fields(SurgeConfig)}
    values: dict[str, Any] = {}
    for key, value in options.items():
        if key not in known:
            expected = ", ".join(sorted(known))
            raise ConfigError(f"{source}: {table}.{key}: unknown key; expected one of {expected}")
        if isinstance(getattr(base, key), int):
            if float(value) != int(value):
                raise ConfigError(f"{source}: {table}.{key}: must be a whole number, not {value}")
            values[key] = int(value)
        else:
            values[key] = float(value)
    try:
        return replace(base, **values)
    except ValueError as exc:
        raise ConfigError(f"{source}: {table}: {exc}") from None


def summarise_surges(
    counts: Sequence[DailyCount], first_day: date, last_day: date, config: SurgeConfig
) -> SurgeSummary:
    """Highest surge score and surging days within ``[first_day, last_day]`` of one series."""
    inside = detect_surges_within(counts, first_day, last_day, config)
    if not inside:
        return SurgeSummary()
    return SurgeSummary(
        max_score=max(p.score for p in inside),
        surging_days=tuple(sorted({p.day for p in inside if p.surging})),
    )
