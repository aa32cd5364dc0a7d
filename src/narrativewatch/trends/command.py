"""`narrativewatch trends`: daily spread per narrative, outlet country or actor type, and
the days that surge."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from narrativewatch.catalog.loader import narrative_known
from narrativewatch.errors import EXIT_OK, EXIT_USAGE, NarrativeWatchError
from narrativewatch.trends.surges import SurgeConfig, SurgePoint, store_surges, surging_days
from narrativewatch.trends.timeline import TIMELINE_KEYS, Timeline, render_timeline, timeline


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch trends`."""
    parser.add_argument(
        "--by",
        choices=TIMELINE_KEYS,
        default="narrative",
        help="one series per narrative, per outlet country, or per quoted/cited actor type "
        "(default: narrative)",
    )
    parser.add_argument("--narrative", metavar="ID", help="only this narrative's spread")
    parser.add_argument("--since", type=_day, metavar="DAY", help="first day (YYYY-MM-DD)")
    parser.add_argument("--until", type=_day, metavar="DAY", help="last day (YYYY-MM-DD)")
    parser.add_argument(
        "--surges",
        action="store_true",
        help="list the surging days only (score against the trailing baseline; see docs/trends.md)",
    )
    parser.add_argument("--json", action="store_true", help="print the series as JSON")
    parser.add_argument(
        "--db", help="SQLite store file (default: narrativewatch.db, or NARRATIVEWATCH_DB)"
    )


def main(args: argparse.Namespace) -> int:
    """Print the timeline (or its surging days); 0, or 2 on a bad argument or store."""
    from narrativewatch.settings import Settings
    from narrativewatch.store import open_store

    try:
        if args.since and args.until and args.since > args.until:
            raise ValueError(f"--since {args.since} is after --until {args.until}")
        settings = Settings.from_args(args)
        store = open_store(settings.db, existing=True)
        try:
            series = timeline(
                store, args.by, narrative_id=args.narrative, since=args.since, until=args.until
            )
            points = store_surges(
                store, args.by, narrative_id=args.narrative, since=args.since, until=args.until
            )
        finally:
            store.close()
        if (
            args.narrative
            and not series.series
            and not narrative_known(
                args.narrative, settings.catalog, include_builtin=settings.builtin_catalog
            )
        ):
            raise ValueError(
                f"unknown narrative {args.narrative!r}: not in the catalog and never seen in "
                "the store (see `narrativewatch narratives list`)"
            )
    except (NarrativeWatchError, ValueError) as exc:
        print(f"narrativewatch: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(trends_json(series, points, args.surges), ensure_ascii=False, indent=2))
    elif args.surges:
        print(render_surges(surging_days(points), args.by))
    else:
        print(render_timeline(series, [(p.day, p.key) for p in surging_days(points)]))
    return EXIT_OK


def trends_json(series: Timeline, points: list[SurgePoint], surges_only: bool) -> dict[str, Any]:
    """The command's JSON: every series with its zero-filled days and their surge scores,
    or with ``surges_only`` the list of surging days."""
    config = SurgeConfig()
    header: dict[str, Any] = {
        "by": series.by,
        "since": series.since.isoformat() if series.since else None,
        "until": series.until.isoformat() if series.until else None,
        "detector": {
            "baseline_days": config.baseline_days,
            "min_documents": config.min_documents,
            "min_outlets": config.min_outlets,
            "threshold": config.threshold,
            "min_expected": config.min_expected,
        },
    }
    if surges_only:
        header["surges"] = [_point_json(p) for p in surging_days(points)]
        return header
    scored = {(p.key, p.day): p for p in points}
    header["series"] = [
        {
            "key": s.key,
            "total": s.total,
            "days": [
                {
                    "day": c.day.isoformat(),
                    "documents": c.documents,
                    "copies": c.copies,
                    "outlets": c.outlets,
                    "top_outlet_share": round(c.top_outlet_share, 4),
                    **_score_json(scored.get((s.key, c.day))),
                }
                for c in s.counts
            ],
        }
        for s in series.series
    ]
    return header


def render_surges(points: list[SurgePoint], by: str) -> str:
    """One line per surging day: day, key, stories, expected stories and score."""
    if not points:
        return "no surging day in the range"
    header = ["day", by, "stories", "expected", "score"]
    rows = [
        [p.day.isoformat(), p.key, str(p.documents), f"{p.expected:.1f}", f"{p.score:.1f}"]
        for p in points
    ]
    widths = [max(len(line[i]) for line in (header, *rows)) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            c.rjust(w) if i >= 2 else c.ljust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in (header, *rows)
    )


def _point_json(point: SurgePoint) -> dict[str, Any]:
    return {
        "day": point.day.isoformat(),
        "key": point.key,
        "documents": point.documents,
        **_score_json(point),
    }


def _score_json(point: SurgePoint | None) -> dict[str, Any]:
    if point is None:
        return {"expected": None, "score": None, "surging": False}
    return {"expected": point.expected, "score": point.score, "surging": point.surging}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
