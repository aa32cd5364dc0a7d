"""Trends: daily series per narrative, country or actor type, and the surge detector."""

from narrativewatch.trends.surges import (
    DISCOVERY_SURGES,
    SurgeConfig,
    SurgePoint,
    detect_surges,
    store_surges,
    surging_days,
)
from narrativewatch.trends.timeline import Series, Timeline, render_timeline, timeline, zero_filled

__all__ = [
    "DISCOVERY_SURGES",
    "Series",
    "SurgeConfig",
    "SurgePoint",
    "Timeline",
    "detect_surges",
    "render_timeline",
    "store_surges",
    "surging_days",
    "timeline",
    "zero_filled",
]
