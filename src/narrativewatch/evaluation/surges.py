"""`narrativewatch eval surges`: how early does discovery + the surge detector flag the
events of a labelled, dated news stream, and how often does it flag nothing?

The format is RUWA's CSV (a header, then one news item per row): columns ``Date``
(mm/dd/yyyy, or yyyy-mm-dd), ``Site`` (the outlet), ``Event`` (the item's label),
``title`` and ``desc`` (headline and lead; either may be empty, not both). Columns are
found by name, case-insensitively; other columns are ignored. A row with a bad date, no
label or no text is reported on stderr by its line and skipped.

The chain measured is the product's early warning for stories outside the catalog
(`narrativewatch discover`, then `narrativewatch alerts` with a ``scope = "discovered"``
rule): items in date order are embedded and clustered incrementally as discover embeds and
clusters an unmatched claim — e5 query vectors of "title\\nlead", centred on their
language's mean, average linkage at discover's threshold (``--vectors discover``, the
default; ``--vectors items`` clusters raw e5 passage vectors instead, the first design);
each cluster's daily series goes through the surge
detector (``narrativewatch.trends.surges``) and the first surging day of a cluster's
episode (no surging day in the ``episode_gap_days`` before it) is an alert. Everything is
causal: an alert on day t uses the items of days up to t only. Labels are used only to
score:

- an event's **episodes** are its runs of *active* days, days on which its labelled items
  reach ``max(min_items, peak_fraction * its busiest day)`` (capped at the busiest day),
  merged when less than ``merge_gap_days`` apart. Its **onset** is the first day of its
  first episode. Keyword labels are noisy (RUWA tags items of 2021 with 2022 events), so
  the first labelled item says little; it is reported beside.
- an alert is **attributed** to the event holding most of its cluster's labelled items up
  to the alert day. It is a **hit** when its day falls within ``window_days`` of one of
  that event's episodes; every other alert is a **false alert**.
- per event, ``first_alert`` is its earliest hit and ``delay_days`` = first_alert - onset
  (negative: before the onset threshold was reached). ``false_alerts_per_month`` = false
  alerts / (days scored / 30.44). Scoring starts ``baseline_days`` after the first item:
  the detector needs a baseline before it can tell a surge from the stream's start.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from narrativewatch.discovery.clusters import LINKAGES, ClusterConfig
from narrativewatch.evaluation import DataError, run_command
from narrativewatch.model import DailyCount
from narrativewatch.trends.surges import DISCOVERY_SURGES, SurgeConfig, score_day

csv.field_size_limit(sys.maxsize)

DAYS_PER_MONTH = 30.44
_WARNINGS_SHOWN = 5  # RUWA alone has 194 rows without text: name a few, count the rest
# What is clustered: the centred query vector `narrativewatch discover` gives a claim
# ("discover", the default: the product's chain), or each item's raw e5 passage vector
# ("items", the first design, kept for comparison).
REPRESENTATIONS = ("discover", "items")
DEFAULT_CLUSTER_LINKAGE = "average"
# How an item joins a cluster: with "items" vectors, its mean cosine to the members; with
# "discover" vectors, discover's own linkage (its mean cosine to the members in its
# language) and threshold (DiscoveryOptions, chosen on VoxCheck); nothing about the
# clustering is tuned on RUWA. With "items" vectors, 0.87 was chosen with DISCOVERY_SURGES
# on the calibration windows of RUWA (docs/trends.md, 2026-12-03).
ITEMS_CLUSTER_SIMILARITY = 0.87
DEFAULT_CLUSTER_IDLE_DAYS: float | None = None
_COLUMNS = ("date", "site", "event", "title", "desc")

Vectors = npt.NDArray[np.float32]
# Assigns each item (in the order given: date order) a cluster id, seeing only the items
# before it: the discovery stage, injected so that the scoring can be tested on its own.
Clusterer = Callable[[Sequence["NewsItem"], Vectors], list[int]]


@dataclass(frozen=True, slots=True)
class NewsItem:
    line: int  # line of the CSV where the row starts, for messages
    day: date
    outlet: str
    event: str
    text: str


@dataclass(frozen=True, slots=True)
class OnsetRule:
    """How an event's episodes and onset are read from its labelled daily counts."""

    min_items: int = 5
    peak_fraction: float = 0.2
    merge_gap_days: int = 7
    window_days: int = 7  # an attributed alert this close to an episode is a hit


@dataclass(frozen=True, slots=True)
class EventEpisodes:
    event: str
    first_labelled: date
    onset: date
    threshold: float  # labelled items per day that make a day active
    episodes: tuple[tuple[date, date], ...]

    def covers(self, day: date, window_days: int) -> bool:
        margin = timedelta(days=window_days)
        return any(start - margin <= day <= end + margin for start, end in self.episodes)


@dataclass(frozen=True, slots=True)
class Alert:
    day: date
    cluster: int
    documents: int
    score: float
    event: str | None  # the majority label of the cluster's items up to the day


# ------------------------------------------------------------------------------ reading


def read_items(
    path: Path,
    since: date | None = None,
    until: date | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[NewsItem]:
    """Read a RUWA-format CSV (see the module docstring), items of ``[since, until]`` in
    date order (file order within a day). Bad rows go to ``warn`` (default: stderr) by line
    and are skipped. Raises DataError when the file cannot be read, lacks a column or holds
    no usable row."""
    report = warn or (lambda message: print(f"narrativewatch: warning: {message}", file=sys.stderr))
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise DataError(f"{path}: empty file, expected a header with {_COLUMNS}")
            names = [cell.strip().lower() for cell in header]
            missing = [c for c in _COLUMNS if c not in names]
            if missing:
                raise DataError(
                    f"{path}: missing column(s) {', '.join(missing)} "
                    f"(found: {', '.join(header) or 'nothing'})"
                )
            where = {c: names.index(c) for c in _COLUMNS}
            items: list[NewsItem] = []
            line = reader.line_num + 1
            for row in reader:
                item = _item(row, where, line, path, report)
                line = reader.line_num + 1
                if (
                    item
                    and (since is None or item.day >= since)
                    and (until is None or item.day <= until)
                ):
                    items.append(item)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from None
    if not items:
        raise DataError(f"{path}: no usable dated, labelled item in the range")
    items.sort(key=lambda item: (item.day, item.line))
    return items


def _item(
    row: list[str], where: dict[str, int], line: int, path: Path, warn: Callable[[str], None]
) -> NewsItem | None:
    if not any(cell.strip() for cell in row):
        return None
    if len(row) <= max(where.values()):
        warn(f"{path}:{line}: expected at least {max(where.values()) + 1} columns; skipped")
        return None
    raw_date = row[where["date"]].strip()
    day = _parse_day(raw_date)
    if day is None:
        warn(f"{path}:{line}: date {raw_date!r} is not mm/dd/yyyy or yyyy-mm-dd; skipped")
        return None
    event = row[where["event"]].strip()
    text = item_text(row[where["title"]], row[where["desc"]])
    if not event or not text:
        warn(f"{path}:{line}: no {'event label' if not event else 'title or desc'}; skipped")
        return None
    return NewsItem(line, day, row[where["site"]].strip(), event, text)


def _parse_day(text: str) -> date | None:
    for pattern in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def item_text(title: str, lead: str) -> str:
    """The text embedded for an item: headline and lead, whitespace collapsed."""
    return "\n".join(part for part in (" ".join(title.split()), " ".join(lead.split())) if part)


# ------------------------------------------------------------------------------- events


def event_episodes(items: Sequence[NewsItem], rule: OnsetRule = OnsetRule()) -> list[EventEpisodes]:
    """Each event's episodes and onset, from its labelled daily counts only (see the module
    docstring), by onset."""
    per_event: dict[str, Counter[date]] = defaultdict(Counter)
    for item in items:
        per_event[item.event][item.day] += 1
    events = []
    for event, per_day in per_event.items():
        peak = max(per_day.values())
        threshold = min(max(rule.min_items, rule.peak_fraction * peak), peak)
        episodes: list[tuple[date, date]] = []
        for day in sorted(d for d, n in per_day.items() if n >= threshold):
            if episodes and (day - episodes[-1][1]).days <= rule.merge_gap_days:
                episodes[-1] = (episodes[-1][0], day)
            else:
                episodes.append((day, day))
        events.append(
            EventEpisodes(event, min(per_day), episodes[0][0], round(threshold, 2), tuple(episodes))
        )
    return sorted(events, key=lambda e: (e.onset, e.event))


# ------------------------------------------------------------------------------- alerts


def cluster_alerts(
    items: Sequence[NewsItem],
    cluster_ids: Sequence[int],
    config: SurgeConfig,
    episode_gap_days: int = 7,
) -> list[Alert]:
    """The first surging day of each episode of each cluster's daily series, by day. A
    cluster's series runs from the stream's first day (zeros before its first item), so
    the detector's baseline is the same for every cluster."""
    members: dict[int, list[NewsItem]] = defaultdict(list)
    for item, cluster in zip(items, cluster_ids, strict=True):
        members[cluster].append(item)
    stream_start = min(item.day for item in items)
    alerts = []
    for cluster, cluster_items in members.items():
        per_day: dict[date, list[NewsItem]] = defaultdict(list)
        for item in cluster_items:
            per_day[item.day].append(item)
        last_surge: date | None = None
        for day in sorted(per_day):
            if len(per_day[day]) < config.min_documents:
                continue  # cannot surge: skip the scoring, not the series
            count = _daily_count(cluster, day, per_day[day])
            baseline = [
                len(per_day.get(day - timedelta(days=back), ()))
                for back in range(config.baseline_days, 0, -1)
                if day - timedelta(days=back) >= stream_start
            ]
            point = score_day(count, baseline, config)
            if not point.surging:
                continue
            if last_surge is None or (day - last_surge).days > episode_gap_days:
                labels = Counter(i.event for i in cluster_items if i.day <= day)
                event = max(labels, key=lambda e: (labels[e], e)) if labels else None
                alerts.append(Alert(day, cluster, count.documents, point.score, event))
            last_surge = day
    return sorted(alerts, key=lambda a: (a.day, a.cluster))


def _daily_count(cluster: int, day: date, items: Sequence[NewsItem]) -> DailyCount:
    outlets = Counter(item.outlet for item in items)
    return DailyCount(
        day=day,
        key=str(cluster),
        documents=len(items),
        copies=0,
        outlets=len(outlets),
        top_outlet_share=max(outlets.values()) / len(items),
    )


# ------------------------------------------------------------------------------ scoring


def score_alerts(
    events: Sequence[EventEpisodes],
    alerts: Sequence[Alert],
    scored_from: date,
    scored_until: date,
    rule: OnsetRule = OnsetRule(),
) -> dict[str, Any]:
    """The metrics of the JSON contract for events with an onset in ``[scored_from,
    scored_until]`` and the alerts of those days (see the module docstring)."""
    by_event = {e.event: e for e in events}
    scored = [a for a in alerts if scored_from <= a.day <= scored_until]
    hits: dict[str, list[Alert]] = defaultdict(list)
    false_alerts = 0
    for alert in scored:
        episodes = by_event.get(alert.event or "")
        if episodes and episodes.covers(alert.day, rule.window_days):
            hits[episodes.event].append(alert)
        else:
            false_alerts += 1
    rows: list[dict[str, Any]] = []
    for event in events:
        if not scored_from <= event.onset <= scored_until:
            continue
        first = min((a.day for a in hits[event.event]), default=None)
        rows.append(
            {
                "event": event.event,
                "first_item": event.onset.isoformat(),
                "first_alert": first.isoformat() if first else None,
                "delay_days": (first - event.onset).days if first else None,
                "first_labelled_item": event.first_labelled.isoformat(),
                "onset_threshold": event.threshold,
                "episodes": len(event.episodes),
                "alerts": len(hits[event.event]),
            }
        )
    delays: list[int] = [row["delay_days"] for row in rows if row["delay_days"] is not None]
    months = ((scored_until - scored_from).days + 1) / DAYS_PER_MONTH
    return {
        "events": rows,
        "detected": len(delays),
        "median_delay_days": statistics.median(delays) if delays else None,
        "false_alerts_per_month": round(false_alerts / months, 3) if months > 0 else None,
        "alerts": len(scored),
        "false_alerts": false_alerts,
        "months": round(months, 2),
        "scored_from": scored_from.isoformat(),
        "scored_until": scored_until.isoformat(),
    }


def evaluate(
    items: Sequence[NewsItem],
    vectors: Vectors,
    cluster: Clusterer,
    config: SurgeConfig | None = None,
    rule: OnsetRule = OnsetRule(),
    score_since: date | None = None,
    score_until: date | None = None,
    episode_gap_days: int = 7,
) -> dict[str, Any]:
    """Cluster, detect and score (see the module docstring). Only alerts and event onsets
    in ``[score_since, score_until]`` are scored: the items before still build the
    clusters and baselines (a held-out later period), the items after are ignored."""
    config = config or DISCOVERY_SURGES
    cluster_ids = cluster(items, vectors)
    alerts = cluster_alerts(items, cluster_ids, config, episode_gap_days)
    warm_up_end = items[0].day + timedelta(days=config.baseline_days)
    scored_from = max(warm_up_end, score_since or warm_up_end)
    scored_until = min(items[-1].day, score_until or items[-1].day)
    if scored_from > scored_until:
        raise DataError(
            f"nothing to score: the items span {items[0].day}..{items[-1].day}, scoring "
            f"starts {config.baseline_days} days after the first item (warm-up) and "
            f"the scored period {scored_from}..{scored_until} is empty"
        )
    metrics = score_alerts(event_episodes(items, rule), alerts, scored_from, scored_until, rule)
    metrics.update(
        items=len(items),
        clusters=len(set(cluster_ids)),
        detector=asdict(config),
        onset_rule=asdict(rule),
    )
    return metrics


# --------------------------------------------------------------------------- embedding


def embed_items(
    items: Sequence[NewsItem],
    cache_dir: Path,
    progress: Callable[[int, int], None] | None = None,
    representation: str = "discover",
) -> Vectors:
    """Vectors of the items' texts, cached on disk by text hash under ``cache_dir`` so that
    a re-run embeds nothing. ``representation`` (REPRESENTATIONS): "discover", what
    `narrativewatch discover` clusters — query vectors centred on the mean of their language
    (discovery.background; the language detected per item); "items", e5 passage vectors."""
    from narrativewatch.matching.embedder import load_embedder
    from narrativewatch.matching.index import VectorCache
    from narrativewatch.settings import Settings

    if representation not in REPRESENTATIONS:
        raise DataError(f"representation {representation!r}: expected one of {REPRESENTATIONS}")
    queries = representation == "discover"
    embedder = load_embedder(Settings.load({}).embedder)
    store = VectorCache(cache_dir / ("surges-queries" if queries else "surges"), embedder.model_id)
    texts = list(dict.fromkeys(item.text for item in items))
    chunk = 1000  # the cache is rewritten after each chunk: an interrupted run keeps most
    for start in range(0, len(texts), chunk):
        store.embed(texts[start : start + chunk], embedder, queries=queries)
        if progress:
            progress(min(start + chunk, len(texts)), len(texts))
    vectors = store.embed([item.text for item in items], embedder, queries=queries)
    if not queries:
        return vectors
    from narrativewatch.analysis.language import LanguageDetector
    from narrativewatch.discovery.background import load_background

    detector = LanguageDetector()
    languages = [detector.detect(item.text)[0] for item in items]
    return load_background(embedder).center(vectors, languages)


def _discover_clusters() -> ClusterConfig:
    """Discover's own clustering (its threshold and linkage)."""
    from narrativewatch.discovery.discover import DiscoveryOptions

    return DiscoveryOptions().clusters


def discovery_clusterer(
    similarity: float = ITEMS_CLUSTER_SIMILARITY,
    idle_days: float | None = None,
    linkage: str = DEFAULT_CLUSTER_LINKAGE,
) -> Clusterer:
    """The product's discovery stage as a Clusterer: each item joins the cluster the
    incremental clusterer gives it on arrival (later merges do not rewrite the past)."""

    def cluster(items: Sequence[NewsItem], vectors: Vectors) -> list[int]:
        from narrativewatch.discovery.clusters import ClusterItem, IncrementalClusterer

        clusterer = IncrementalClusterer(
            ClusterConfig(threshold=similarity, idle_days=idle_days, linkage=linkage)
        )
        return clusterer.add_many(
            [
                ClusterItem(
                    key=str(item.line),
                    text=item.text,
                    language=None,
                    vector=vector,
                    published_at=datetime.combine(item.day, datetime.min.time(), UTC),
                    outlet=item.outlet,
                )
                for item, vector in zip(items, vectors, strict=True)
            ]
        )

    return cluster


# --------------------------------------------------------------------------------- CLI


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch eval surges`."""
    defaults = DISCOVERY_SURGES
    parser.add_argument(
        "--data",
        type=Path,
        required=True,
        help="news stream CSV in RUWA's format: Date (mm/dd/yyyy), Site, Event, title, desc",
    )
    parser.add_argument("--since", type=_date_argument, help="ignore items before DAY (ISO)")
    parser.add_argument("--until", type=_date_argument, help="ignore items after DAY (ISO)")
    parser.add_argument(
        "--limit", type=int, help="keep only the first N items (in date order) of the range"
    )
    parser.add_argument(
        "--events",
        help="comma-separated event labels: keep only their items (a small test slice)",
    )
    parser.add_argument(
        "--score-since",
        type=_date_argument,
        help="score only alerts and event onsets from DAY on; earlier items still build the "
        "clusters and baselines (a held-out later period)",
    )
    parser.add_argument(
        "--score-until",
        type=_date_argument,
        help="score only alerts and event onsets up to DAY (a calibration period)",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=defaults.threshold,
        help=f"surge score threshold, -log10 tail probability (default: {defaults.threshold})",
    )
    parser.add_argument(
        "--min-documents",
        type=int,
        default=defaults.min_documents,
        help=f"stories a day needs to surge (default: {defaults.min_documents})",
    )
    parser.add_argument(
        "--min-expected",
        type=float,
        default=defaults.min_expected,
        help=f"floor on the expected stories a day (default: {defaults.min_expected})",
    )
    parser.add_argument(
        "--baseline-days",
        type=int,
        default=defaults.baseline_days,
        help=f"trailing baseline window in days (default: {defaults.baseline_days})",
    )
    parser.add_argument(
        "--cluster-similarity",
        type=float,
        default=None,
        help="score (see --cluster-linkage) at which an item joins a cluster (default: "
        f"discover's own, {_discover_clusters().threshold}, with --vectors discover; "
        f"{ITEMS_CLUSTER_SIMILARITY} with --vectors items)",
    )
    parser.add_argument(
        "--cluster-linkage",
        choices=LINKAGES,
        default=None,
        help="an item's score for a cluster: its mean cosine to the members (average), to the "
        "members in its own language (language) or its cosine to the normalised centroid "
        f"(centroid) (default: discover's, {_discover_clusters().linkage}, with --vectors "
        f"discover; {DEFAULT_CLUSTER_LINKAGE} with --vectors items)",
    )
    parser.add_argument(
        "--cluster-idle-days",
        type=float,
        default=DEFAULT_CLUSTER_IDLE_DAYS,
        help="an item joins only a cluster with a member in the last N days "
        f"(default: {DEFAULT_CLUSTER_IDLE_DAYS}; 0: no limit)",
    )
    parser.add_argument(
        "--vectors",
        choices=REPRESENTATIONS,
        default="discover",
        help="what is clustered: the centred query vector `narrativewatch discover` gives a "
        "claim (discover), or each item's raw e5 passage vector (items) (default: discover)",
    )
    parser.add_argument(
        "--cache-dir", type=Path, help="vector cache directory (default: the user cache)"
    )
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")


def main(args: argparse.Namespace) -> int:
    """Run the evaluation; 0 on success, 2 on a bad file or argument."""
    return run_command(args, _run, format_table)


def _run(args: argparse.Namespace) -> dict[str, Any]:
    from narrativewatch.matching.index import default_cache_dir

    config = SurgeConfig(
        baseline_days=args.baseline_days,
        min_documents=args.min_documents,
        threshold=args.threshold,
        min_expected=args.min_expected,
        min_outlets=DISCOVERY_SURGES.min_outlets,
    )
    warnings: list[str] = []
    items = read_items(args.data, args.since, args.until, warn=warnings.append)
    for message in warnings[:_WARNINGS_SHOWN]:
        print(f"narrativewatch: warning: {message}", file=sys.stderr)
    if len(warnings) > _WARNINGS_SHOWN:
        print(
            f"narrativewatch: warning: {len(warnings) - _WARNINGS_SHOWN} more rows skipped "
            f"({len(warnings)} in all)",
            file=sys.stderr,
        )
    if args.events:
        wanted = {name.strip() for name in args.events.split(",") if name.strip()}
        items = [item for item in items if item.event in wanted]
        if not items:
            raise DataError(f"{args.data}: no item labelled {', '.join(sorted(wanted))}")
    if args.limit is not None:
        if args.limit < 1:
            raise DataError(f"--limit must be at least 1, not {args.limit}")
        items = items[: args.limit]

    def report(done: int, total: int) -> None:
        print(f"embedding: {done}/{total}", file=sys.stderr, flush=True)

    cache_dir = args.cache_dir or default_cache_dir()
    vectors = embed_items(items, cache_dir, report, args.vectors)
    # Unset, the clustering is discover's own for its vectors, the items design's else.
    discover = _discover_clusters()
    own = args.vectors == "discover"
    similarity = args.cluster_similarity
    if similarity is None:
        similarity = discover.threshold if own else ITEMS_CLUSTER_SIMILARITY
    linkage = args.cluster_linkage or (discover.linkage if own else DEFAULT_CLUSTER_LINKAGE)
    clusterer = discovery_clusterer(similarity, args.cluster_idle_days or None, linkage)
    metrics = evaluate(
        items,
        vectors,
        clusterer,
        config,
        score_since=args.score_since,
        score_until=args.score_until,
    )
    metrics["clustering"] = {
        "vectors": args.vectors,
        "linkage": linkage,
        "similarity": similarity,
        "idle_days": args.cluster_idle_days or None,
    }
    return metrics


def _date_argument(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def format_table(metrics: dict[str, Any]) -> str:
    """One row per event (onset, first alert, delay), then the summary line."""
    header = ["event", "onset", "first labelled", "first alert", "delay"]
    rows = [
        [
            row["event"],
            row["first_item"],
            row["first_labelled_item"],
            row["first_alert"] or "-",
            "-" if row["delay_days"] is None else str(row["delay_days"]),
        ]
        for row in metrics["events"]
    ]
    widths = [max(len(line[i]) for line in (header, *rows)) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in (header, *rows)
    ]
    median = metrics["median_delay_days"]
    lines.append(
        f"detected {metrics['detected']}/{len(rows)}, median delay "
        f"{'-' if median is None else median} days, {metrics['false_alerts']} false of "
        f"{metrics['alerts']} alerts = {metrics['false_alerts_per_month']} per month "
        f"({metrics['scored_from']}..{metrics['scored_until']})"
    )
    clustering = metrics.get("clustering")
    if clustering:
        lines.append(
            f"clustering: {clustering['vectors']} vectors, {clustering['linkage']} linkage at "
            f"{clustering['similarity']:g}; detector threshold {metrics['detector']['threshold']:g}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    _parser = argparse.ArgumentParser(prog="narrativewatch eval surges")
    configure_parser(_parser)
    sys.exit(main(_parser.parse_args()))
