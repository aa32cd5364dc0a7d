"""The webhook sink against a real HTTP server on localhost: retries with backoff, queued
while the endpoint is down, delivered later, never re-sent once acknowledged, and — when
the sender is killed mid-delivery — re-sent with the same idempotency key, so a receiver
that deduplicates on it sees every alert version exactly once."""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from narrativewatch.alerts import (
    WebhookOptions,
    command,
    deliver_pending,
    evaluate_alerts,
    load_rules,
)
from narrativewatch.alerts.delivery import backoff_delays
from narrativewatch.alerts.records import cancel_pending, deliveries, latest_alerts
from narrativewatch.alerts.rules import default_rules_text
from narrativewatch.alerts.sinks import webhook_sink
from narrativewatch.catalog.loader import load_catalog
from narrativewatch.errors import EXIT_PARTIAL, ConfigError
from narrativewatch.store.sqlite import SQLiteStore
from tests.test_alerts import OTHER, PRETEXT, add_story

FAST = WebhookOptions(timeout_seconds=5, retries=2, backoff_seconds=0.01, max_backoff_seconds=1)
DELIVER_SCRIPT = """
import sys
from narrativewatch.alerts import WebhookOptions, deliver_pending
from narrativewatch.store.sqlite import SQLiteStore
store = SQLiteStore(sys.argv[1])
deliver_pending(store, WebhookOptions(timeout_seconds=60, retries=0))
"""


class Receiver:
    """A webhook endpoint that records every request, answers from a script of status codes
    (then 200), can hold a request open, and deduplicates on the Idempotency-Key."""

    def __init__(self, port: int = 0) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.gets: list[str] = []
        self.statuses: list[int] = []
        self.hold_next = False
        self.holding = threading.Event()
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.requests.append((self.headers["Idempotency-Key"], body))
                if receiver.hold_next:
                    receiver.hold_next = False
                    receiver.holding.set()
                    receiver.release.wait(30)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                try:
                    self.send_response(status)
                    if 300 <= status < 400:
                        self.send_header("Location", "/moved")
                    self.end_headers()
                except OSError:
                    pass  # the sender is gone

            def do_GET(self) -> None:
                receiver.gets.append(self.path)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def seen_once(self) -> dict[str, dict[str, Any]]:
        """What a deduplicating receiver keeps: the first body per idempotency key."""
        kept: dict[str, dict[str, Any]] = {}
        for key, body in self.requests:
            kept.setdefault(key, body)
        return kept

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    opened = Receiver()
    yield opened
    opened.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def alerts_for(store: SQLiteStore, url: str, narratives: tuple[str, ...] = (PRETEXT,)) -> None:
    for serial, narrative_id in enumerate(narratives):
        add_story(store, serial, date(2024, 6, 20), narrative_id=narrative_id)
    run = evaluate_alerts(store, load_catalog(), load_rules(), sinks=[webhook_sink(url)])
    assert len(run.changed) == len(narratives)


def test_retries_with_exponential_backoff_then_delivers(
    store: SQLiteStore, receiver: Receiver
) -> None:
    alerts_for(store, receiver.url)
    receiver.statuses = [503, 503]
    waits: list[float] = []
    report = deliver_pending(store, FAST, sleep=waits.append)
    assert waits == [0.01, 0.02]
    assert len(report.delivered) == 1 and report.pending == ()
    keys = [key for key, _ in receiver.requests]
    assert keys == [report.delivered[0].delivery_id] * 3
    body = receiver.requests[-1][1]
    assert body["delivery_id"] == keys[0] and body["alert"]["severity"] == "medium"
    assert body["alert"]["evidence"][0]["text"] == (
        "Ukraine is massing troops near the border with Belarus."
    )


def test_endpoint_down_then_up_queues_then_delivers_exactly_once(store: SQLiteStore) -> None:
    port = free_port()  # nothing listens here yet: connection refused
    alerts_for(store, f"http://127.0.0.1:{port}/hook", (PRETEXT, OTHER))
    waits: list[float] = []
    down = deliver_pending(store, FAST, sleep=waits.append)
    assert down.delivered == () and len(down.pending) == 2
    assert "cannot reach" in down.pending[0][1]
    # The first delivery used its retries; the second waits its turn rather than hammer
    # an endpoint known to be down.
    assert waits == [0.01, 0.02]
    queued = deliveries(store, status="pending")
    assert [d.attempts for d in queued] == [3, 0]

    receiver = Receiver(port)
    try:
        up = deliver_pending(store, FAST, sleep=waits.append)
        assert [d.delivery_id for d in up.delivered] == [d.delivery_id for d in queued]
        assert [key for key, _ in receiver.requests] == [d.delivery_id for d in queued]
        # Acknowledged deliveries are never sent again.
        again = deliver_pending(store, FAST, sleep=waits.append)
        assert again.delivered == () and again.pending == ()
        assert len(receiver.requests) == 2
    finally:
        receiver.close()


def test_a_new_version_is_delivered_and_the_acknowledged_one_is_not_resent(
    store: SQLiteStore, receiver: Receiver
) -> None:
    alerts_for(store, receiver.url)
    deliver_pending(store, FAST)
    for serial in range(10, 16):
        add_story(store, serial, date(2024, 6, 21), outlet=f"outlet-{serial % 3}")
    run = evaluate_alerts(store, load_catalog(), load_rules(), sinks=[webhook_sink(receiver.url)])
    assert [a.version for a in run.changed] == [2]
    deliver_pending(store, FAST)
    versions = [
        (body["alert"]["version"], body["alert"]["severity"]) for _, body in receiver.requests
    ]
    assert versions == [(1, "medium"), (2, "high")]
    first, second = (key for key, _ in receiver.requests)
    assert first.endswith("/v1") and second == first.replace("/v1", "/v2")


def test_killed_mid_delivery_resends_the_same_key_and_the_receiver_sees_each_once(
    tmp_path: Path, receiver: Receiver
) -> None:
    db = tmp_path / "nw.db"
    store = SQLiteStore(db)
    alerts_for(store, receiver.url, (PRETEXT, OTHER))
    store.close()
    receiver.hold_next = True  # receive the first delivery, then never answer in time
    sender = subprocess.Popen([sys.executable, "-c", DELIVER_SCRIPT, str(db)])
    try:
        assert receiver.holding.wait(60), "the sender never reached the receiver"
        sender.kill()  # SIGKILL: after the request arrived, before the answer was recorded
        sender.wait(30)
    finally:
        if sender.poll() is None:
            sender.kill()
    receiver.release.set()
    held_key = receiver.requests[0][0]

    store = SQLiteStore(db)
    try:
        queued = deliveries(store, status="pending")
        assert [(d.delivery_id == held_key, d.attempts) for d in queued] == [(True, 1), (False, 0)]
        restarted = deliver_pending(store, FAST)
        assert {d.delivery_id for d in restarted.delivered} == {d.delivery_id for d in queued}
        assert deliveries(store, status="pending") == []
        again = deliver_pending(store, FAST)
        assert again.delivered == ()
    finally:
        store.close()
    keys = [key for key, _ in receiver.requests]
    assert keys.count(held_key) == 2  # sent twice by the sender: it could not know
    kept = receiver.seen_once()
    assert len(kept) == len(keys) - 1 == 2
    assert sorted(body["alert"]["narrative"]["id"] for body in kept.values()) == sorted(
        (PRETEXT, OTHER)
    )


def test_a_redirect_is_no_acknowledgement(store: SQLiteStore, receiver: Receiver) -> None:
    alerts_for(store, receiver.url)
    receiver.statuses = [302, 302, 302]
    report = deliver_pending(store, FAST, sleep=lambda seconds: None)
    assert report.delivered == () and "HTTP 302" in report.pending[0][1]
    assert len(receiver.requests) == 3
    assert receiver.gets == []  # never followed to /moved as a body-less GET answered 200
    assert deliver_pending(store, FAST).delivered != ()  # the queued delivery goes out later


def test_only_http_urls_are_webhooks() -> None:
    with pytest.raises(ConfigError, match="unsupported URL scheme"):
        webhook_sink("ftp://example.org/hook")


@pytest.mark.parametrize(
    ("url", "problem"),
    [("http://[bad", "Invalid IPv6 URL"), ("https://", "no host"), ("http:///hook", "no host")],
)
def test_a_webhook_url_that_does_not_parse_is_refused_before_queueing(
    url: str, problem: str
) -> None:
    with pytest.raises(ConfigError, match=problem):
        webhook_sink(url)


def test_a_bad_url_queued_earlier_fails_its_delivery_not_the_run(
    store: SQLiteStore, receiver: Receiver
) -> None:
    """A store written before URLs were checked may hold one: its deliveries stay queued
    with the reason, the other sinks' go out, and `--cancel` removes them."""
    add_story(store, 0, date(2024, 6, 20))
    sinks = [webhook_sink(receiver.url), "webhook:http://[bad"]
    evaluate_alerts(store, load_catalog(), load_rules(), sinks=sinks)
    report = deliver_pending(store, FAST, sleep=lambda seconds: None)
    assert len(report.delivered) == 1 and len(receiver.requests) == 1
    [(stuck, error)] = report.pending
    assert stuck.sink == "webhook:http://[bad" and "invalid URL" in error
    cancelled = cancel_pending(store, "http://[bad")
    assert [d.delivery_id for d in cancelled] == [stuck.delivery_id]
    assert deliveries(store, status="pending") == []
    assert deliveries(store, status="delivered")[0].sink == webhook_sink(receiver.url)
    assert len(latest_alerts(store)) == 1  # the alert itself stays


def test_waits_double_up_to_the_cap() -> None:
    options = WebhookOptions(retries=5, backoff_seconds=1, max_backoff_seconds=5)
    assert backoff_delays(options) == [1, 2, 4, 5, 5]


def test_alerts_command_queues_while_down_and_delivers_on_a_later_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "nw.db"
    store = SQLiteStore(db)
    add_story(store, 0, date(2024, 6, 20))
    store.close()
    rules = tmp_path / "rules.toml"
    rules.write_text(
        default_rules_text().replace("backoff_seconds = 1 ", "backoff_seconds = 0.01 "),
        encoding="utf-8",
    )
    assert load_rules(rules).webhook.backoff_seconds == 0.01
    parser = argparse.ArgumentParser()
    command.configure_parser(parser)
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    options = ["--db", str(db), "--rules", str(rules)]

    assert command.main(parser.parse_args([*options, "--webhook", url])) == EXIT_PARTIAL
    err = capsys.readouterr().err
    assert "deliveries: 0 delivered, 1 still queued" in err and "cannot reach" in err

    receiver = Receiver(port)
    try:
        assert command.main(parser.parse_args([*options, "--deliver-only", "--json"])) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["changed"] == [] and result["queued"] == []
        assert result["delivered"] == [key for key, _ in receiver.requests]
        assert len(receiver.requests) == 1
        # A later full run with the same webhook: nothing changed, nothing re-sent.
        assert command.main(parser.parse_args([*options, "--webhook", url])) == 0
        assert "alerts: 0 new or updated, 1 unchanged" in capsys.readouterr().err
        assert len(receiver.requests) == 1
    finally:
        receiver.close()
