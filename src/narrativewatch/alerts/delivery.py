"""Deliver queued alert versions from the durable outbox: never lost, never sent twice to a
receiver that honours the idempotency key.

The order of bookkeeping is what makes this safe:

1. the alert version and its outbox row are committed before anything is sent;
2. each attempt is counted (committed) before the send;
3. a delivery is marked delivered only after the sink acknowledged it (HTTP 2xx, or the
   JSONL line flushed to disk).

A failure leaves the row pending for the next run. A crash between 3's acknowledgement and
its commit leaves it pending too, so the next run sends it *again with the same delivery
id*: exactly-once needs the receiver to drop a repeated ``Idempotency-Key`` — no sender can
know whether a lost answer meant a lost request. An acknowledged delivery is never re-sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from narrativewatch.alerts.records import (
    Delivery,
    deliveries,
    record_attempt,
    record_delivered,
    record_failure,
)
from narrativewatch.alerts.rules import WebhookOptions
from narrativewatch.alerts.sinks import SinkError, send
from narrativewatch.store.sqlite import SQLiteStore

Sender = Callable[[str, Delivery, float], None]
DEFAULT_WEBHOOK = WebhookOptions()


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    delivered: tuple[Delivery, ...] = ()
    # still queued: (delivery, last error); a sink that failed every retry is not tried
    # again for its later deliveries in the same run, they stay queued in order
    pending: tuple[tuple[Delivery, str], ...] = field(default_factory=tuple)


def deliver_pending(
    store: SQLiteStore,
    options: WebhookOptions = DEFAULT_WEBHOOK,
    *,
    sinks: Sequence[str] | None = None,
    sender: Sender = send,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> DeliveryReport:
    """Send every pending delivery (of ``sinks``, or of every sink when None) in the order
    queued, retrying each with exponential backoff. Returns what was delivered and what
    is still queued."""
    delivered: list[Delivery] = []
    pending: list[tuple[Delivery, str]] = []
    failed_sinks: dict[str, str] = {}
    for delivery in deliveries(store, status="pending"):
        if sinks is not None and delivery.sink not in sinks:
            continue
        if delivery.sink in failed_sinks:
            pending.append((delivery, failed_sinks[delivery.sink]))
            continue
        error = _deliver_one(store, delivery, options, sender, sleep, clock)
        if error is None:
            delivered.append(delivery)
        else:
            failed_sinks[delivery.sink] = error
            pending.append((delivery, error))
    return DeliveryReport(tuple(delivered), tuple(pending))


def backoff_delays(options: WebhookOptions) -> list[float]:
    """The waits before the 2nd, 3rd, … attempt: backoff, 2×backoff, 4×…, capped."""
    return [
        min(options.backoff_seconds * 2**n, options.max_backoff_seconds)
        for n in range(options.retries)
    ]


def _deliver_one(
    store: SQLiteStore,
    delivery: Delivery,
    options: WebhookOptions,
    sender: Sender,
    sleep: Callable[[float], None],
    clock: Callable[[], datetime],
) -> str | None:
    """Deliver with retries; None when acknowledged, else the last error."""
    error = "not attempted"
    for wait in [0.0, *backoff_delays(options)]:
        if wait:
            sleep(wait)
        record_attempt(store, delivery, clock())
        try:
            sender(delivery.sink, delivery, options.timeout_seconds)
        except SinkError as exc:
            error = str(exc)
            continue
        record_delivered(store, delivery, clock())
        return None
    record_failure(store, delivery, error)
    return error
