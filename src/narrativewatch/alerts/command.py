"""`narrativewatch alerts`: evaluate the alert rules over the store and deliver the alerts.

A thin shell: it loads the rules and the catalog, calls ``evaluate_alerts`` and
``deliver_pending``, and prints. Exit 0 when everything queued was delivered, 1 when some
deliveries are still queued (they go out on a later run), 2 on a bad rules file or option.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from narrativewatch.alerts.delivery import DeliveryReport, deliver_pending
from narrativewatch.alerts.engine import AlertRun, evaluate_alerts, queue_latest
from narrativewatch.alerts.records import cancel_pending, deliveries, latest_alerts
from narrativewatch.alerts.rules import AlertConfig, load_rules
from narrativewatch.alerts.sinks import jsonl_sink, render_alert, webhook_sink
from narrativewatch.errors import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from narrativewatch.settings import Settings
from narrativewatch.store import open_sqlite_store
from narrativewatch.store.sqlite import SQLiteStore


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch alerts`."""
    parser.add_argument(
        "--db", help="SQLite store file (default: narrativewatch.db, or NARRATIVEWATCH_DB)"
    )
    parser.add_argument(
        "--catalog",
        action="append",
        metavar="PATH",
        help="extra catalog file or directory of *.yaml (repeatable)",
    )
    parser.add_argument(
        "--no-builtin-catalog",
        action="store_true",
        help="use only the --catalog files, not the bundled catalog",
    )
    parser.add_argument(
        "--rules", metavar="PATH", help="alert rules TOML file (default: the bundled rules)"
    )
    parser.add_argument(
        "--jsonl", metavar="PATH", help="append every new alert version to this JSONL file"
    )
    parser.add_argument(
        "--webhook",
        metavar="URL",
        help="POST every new alert version as JSON to this URL (retried; queued while down)",
    )
    parser.add_argument(
        "--discover",
        action="store_true",
        help="first add the documents stored since discovery's last run to its clusters, as "
        "`narrativewatch discover` does (loads the embedder), so that rules with scope = "
        '"discovered" see them',
    )
    parser.add_argument(
        "--list", action="store_true", help="list the stored alerts and queued deliveries only"
    )
    parser.add_argument(
        "--cancel",
        metavar="SINK",
        help="remove the queued deliveries to SINK (as --list shows it, or its bare URL or "
        "path), e.g. a mistyped webhook; the alerts themselves stay",
    )
    parser.add_argument(
        "--deliver-only",
        action="store_true",
        help="do not evaluate the rules; only deliver what is queued",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def main(args: argparse.Namespace) -> int:
    """Run `narrativewatch alerts`. Raises ConfigError / StoreError (the CLI maps them)."""
    settings = Settings.from_args(args)
    config = load_rules(args.rules)
    sinks = list(config.sinks)
    if args.jsonl:
        sinks.append(jsonl_sink(args.jsonl))
    if args.webhook:
        sinks.append(webhook_sink(args.webhook))
    store = open_sqlite_store(settings.db, "alerts", existing=True)
    try:
        if args.list:
            return _list(store, args.json)
        if args.cancel:
            return _cancel(store, args.cancel, args.json)
        run = None
        if not args.deliver_only:
            from narrativewatch.catalog import load_catalog

            catalog = load_catalog(settings.catalog, include_builtin=settings.builtin_catalog)
            if args.discover:
                _update_discovery(store, settings)
            registry = None
            if config.watches_discoveries:
                from narrativewatch.actors.registry import load_registry

                registry = load_registry(settings.actors)
                _warn_if_discovery_behind(store)
            run = evaluate_alerts(store, catalog, config, sinks=sinks, registry=registry)
        else:
            queue_latest(store, sinks)
        report = deliver_pending(store, config.webhook)
    finally:
        store.close()
    _print_run(run, report, config, args.json)
    return EXIT_PARTIAL if report.pending else EXIT_OK


def _warn_if_discovery_behind(store: SQLiteStore) -> None:
    """Rules on discovered clusters see only what `discover` has read: say so when it has
    not read the newest documents."""
    from narrativewatch.discovery.records import load_state

    newest = store.connection.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0]
    read = load_state(store).watermark
    if newest > read:
        print(
            f"note: discovery has read documents up to {read} of {newest}; rules with "
            'scope = "discovered" do not see the rest until `narrativewatch discover` (or '
            "`alerts --discover`) runs",
            file=sys.stderr,
        )


def _update_discovery(store: SQLiteStore, settings: Settings) -> None:
    from narrativewatch.discovery.discover import DiscoveryOptions, update
    from narrativewatch.matching.embedder import load_embedder

    options = DiscoveryOptions(claim_threshold=settings.claim_threshold)
    result = update(store, load_embedder(settings.embedder), options)
    print(
        f"discovery: {result.documents} new documents, {result.claims} unmatched claims "
        f"added, {result.clusters} clusters",
        file=sys.stderr,
    )


def _cancel(store: SQLiteStore, target: str, as_json: bool) -> int:
    cancelled = cancel_pending(store, target)
    if as_json:
        print(json.dumps({"cancelled": [_queued(d) for d in cancelled]}, ensure_ascii=False))
    else:
        for delivery in cancelled:
            print(f"cancelled {delivery.delivery_id} -> {delivery.sink}")
    if not cancelled:
        print(f"no queued deliveries to {target!r} (see `alerts --list`)", file=sys.stderr)
        return EXIT_USAGE
    print(f"{len(cancelled)} queued deliveries cancelled", file=sys.stderr)
    return EXIT_OK


def _list(store: SQLiteStore, as_json: bool) -> int:
    alerts = [alert.payload for alert in latest_alerts(store)]
    queued = deliveries(store, status="pending")
    if as_json:
        listing = {"alerts": alerts, "pending_deliveries": [_queued(d) for d in queued]}
        print(json.dumps(listing, ensure_ascii=False, indent=2))
        return EXIT_OK
    for payload in alerts:
        print(render_alert(payload))
        print()
    for delivery in queued:
        print(
            f"queued {delivery.delivery_id} -> {delivery.sink}: {delivery.attempts} attempts, "
            f"last error: {delivery.last_error or 'none'}"
        )
    print(f"{len(alerts)} alerts, {len(queued)} deliveries queued", file=sys.stderr)
    return EXIT_OK


def _print_run(
    run: AlertRun | None, report: DeliveryReport, config: AlertConfig, as_json: bool
) -> None:
    if as_json:
        result: dict[str, Any] = {
            "rules": config.source,
            "changed": [alert.payload for alert in run.changed] if run else [],
            "unchanged": run.unchanged if run else 0,
            "delivered": [d.delivery_id for d in report.delivered],
            "queued": [{**_queued(d), "error": error} for d, error in report.pending],
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    if run is not None:
        for alert in run.changed:
            print(render_alert(alert.payload))
            print()
        print(
            f"alerts: {len(run.changed)} new or updated, {run.unchanged} unchanged "
            f"(rules: {config.source})",
            file=sys.stderr,
        )
    print(
        f"deliveries: {len(report.delivered)} delivered, {len(report.pending)} still queued",
        file=sys.stderr,
    )
    for delivery, error in report.pending:
        print(f"  queued {delivery.delivery_id} -> {delivery.sink}: {error}", file=sys.stderr)
    if report.pending:
        print(
            "  (they are sent on the next run; `alerts --cancel SINK` removes the deliveries "
            "to an endpoint that is wrong)",
            file=sys.stderr,
        )


def _queued(delivery: Any) -> dict[str, Any]:
    return {
        "delivery_id": delivery.delivery_id,
        "sink": delivery.sink,
        "attempts": delivery.attempts,
        "last_error": delivery.last_error,
    }
