"""Alerts and their delivery outbox in the store (tables of migration 0006_alerts).

Functions here take the SQLiteStore and are the only alert code that touches SQL. Writes
that must be atomic are done by the caller inside ``store.transaction()``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from narrativewatch.store.sqlite import SQLiteStore


@dataclass(frozen=True, slots=True)
class StoredAlert:
    """The latest version of one alert. ``payload`` is what sinks receive."""

    id: int
    uid: str
    narrative_id: str
    first_day: date
    last_day: date
    severity: str
    version: int
    fingerprint: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Delivery:
    """One alert version queued for one sink ("webhook:URL" or "jsonl:PATH")."""

    outbox_id: int
    delivery_id: str
    sink: str
    alert_uid: str
    version: int
    status: str
    attempts: int
    last_error: str | None
    payload: dict[str, Any]

    def body(self) -> dict[str, Any]:
        """What is sent: the stable delivery id beside the alert version."""
        return {"delivery_id": self.delivery_id, "alert": self.payload}


@dataclass(frozen=True, slots=True)
class AlertWatermark:
    """How far an alert evaluation read: the newest document and analyst decision, under
    which rules and catalog (``scope``, a fingerprint)."""

    scope: str
    last_document_id: int
    last_feedback_id: int
    last_discovery_position: int = 0  # the newest discovered claim read
    discovery_start: str | None = None  # the discovery stream's first publication time


def current_watermark(store: SQLiteStore, scope: str) -> AlertWatermark:
    row = store.connection.execute(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM documents), "
        "(SELECT COALESCE(MAX(id), 0) FROM feedback), "
        "(SELECT COALESCE(MAX(position), 0) FROM discovery_items), "
        "(SELECT MIN(published_at) FROM discovery_items WHERE published_at IS NOT NULL)"
    ).fetchone()
    return AlertWatermark(scope, int(row[0]), int(row[1]), int(row[2]), row[3])


def last_watermark(store: SQLiteStore) -> AlertWatermark | None:
    row = store.connection.execute(
        "SELECT scope, last_document_id, last_feedback_id, last_discovery_position, "
        "discovery_start FROM alert_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return AlertWatermark(row[0], int(row[1]), int(row[2]), int(row[3]), row[4]) if row else None


def record_watermark(store: SQLiteStore, watermark: AlertWatermark, now: datetime) -> None:
    store.connection.execute(
        "INSERT INTO alert_runs (scope, last_document_id, last_feedback_id, "
        "last_discovery_position, discovery_start, finished_at) VALUES (?, ?, ?, ?, ?, ?)",
        (
            watermark.scope,
            watermark.last_document_id,
            watermark.last_feedback_id,
            watermark.last_discovery_position,
            watermark.discovery_start,
            now.astimezone(UTC).isoformat(timespec="seconds"),
        ),
    )


def clusters_changed_since(store: SQLiteStore, watermark: AlertWatermark) -> set[int]:
    """Discovery clusters that gained a claim after the watermark."""
    rows = store.connection.execute(
        "SELECT DISTINCT cluster_id FROM discovery_items WHERE position > ?",
        (watermark.last_discovery_position,),
    )
    return {int(row[0]) for row in rows}


def narratives_changed_since(store: SQLiteStore, watermark: AlertWatermark) -> set[str]:
    """Narratives with an appearance in a document stored after the watermark, or an
    analyst decision taken after it."""
    rows = store.connection.execute(
        """SELECT DISTINCT narrative_id FROM appearances WHERE document_id > ?
           UNION SELECT DISTINCT narrative_id FROM feedback WHERE id > ?""",
        (watermark.last_document_id, watermark.last_feedback_id),
    )
    return {row[0] for row in rows}


def latest_alerts(store: SQLiteStore, narrative_id: str | None = None) -> list[StoredAlert]:
    """The latest version of every alert (of one narrative), oldest episode first."""
    where, parameters = ("WHERE a.narrative_id = ?", [narrative_id]) if narrative_id else ("", [])
    rows = store.connection.execute(
        f"""SELECT a.*, v.fingerprint, v.payload FROM alerts a
            JOIN alert_versions v ON v.alert_id = a.id AND v.version = a.version
            {where} ORDER BY a.first_day, a.id""",
        parameters,
    )
    return [_alert(row) for row in rows]


def alert_versions(store: SQLiteStore, uid: str) -> list[dict[str, Any]]:
    """Every version of one alert's payload, oldest first."""
    rows = store.connection.execute(
        """SELECT v.payload FROM alert_versions v JOIN alerts a ON a.id = v.alert_id
           WHERE a.uid = ? ORDER BY v.version""",
        (uid,),
    )
    return [json.loads(row[0]) for row in rows]


def save_version(
    store: SQLiteStore,
    previous: StoredAlert | None,
    content: dict[str, Any],
    content_fingerprint: str,
    days: tuple[date, date],
    now: datetime,
) -> StoredAlert:
    """Write a new alert (``previous`` None) or its next version. Call inside a transaction."""
    stamp = now.astimezone(UTC).isoformat(timespec="seconds")
    first_day, last_day = (d.isoformat() for d in days)
    severity = str(content["severity"])
    if previous is None:
        uid = str(uuid.uuid4())
        version, created_at = 1, stamp
        cursor = store.connection.execute(
            """INSERT INTO alerts (uid, narrative_id, first_day, last_day, severity, version,
               created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (uid, content["narrative"]["id"], first_day, last_day, severity, 1, stamp, stamp),
        )
        alert_id = int(cursor.lastrowid or 0)
    else:
        alert_id, uid, version = previous.id, previous.uid, previous.version + 1
        created_at = str(previous.payload["created_at"])
        store.connection.execute(
            """UPDATE alerts SET first_day = ?, last_day = ?, severity = ?, version = ?,
               updated_at = ? WHERE id = ?""",
            (first_day, last_day, severity, version, stamp, alert_id),
        )
    payload = {
        "id": uid,
        "version": version,
        "created_at": created_at,
        "updated_at": stamp,
        **content,
    }
    store.connection.execute(
        "INSERT INTO alert_versions VALUES (?, ?, ?, ?, ?, ?)",
        (
            alert_id,
            version,
            severity,
            content_fingerprint,
            json.dumps(payload, ensure_ascii=False),
            stamp,
        ),
    )
    return StoredAlert(
        alert_id,
        uid,
        payload["narrative"]["id"],
        days[0],
        days[1],
        severity,
        version,
        content_fingerprint,
        payload,
    )


def enqueue(store: SQLiteStore, alert: StoredAlert, sinks: Iterable[str], now: datetime) -> int:
    """Queue the alert's current version for every sink that does not have it yet.
    Returns how many deliveries were added. Call inside a transaction."""
    added = 0
    stamp = now.astimezone(UTC).isoformat(timespec="seconds")
    for sink in sinks:
        cursor = store.connection.execute(
            """INSERT OR IGNORE INTO alert_outbox (delivery_id, alert_id, version, sink, status,
               created_at) VALUES (?, ?, ?, ?, 'pending', ?)""",
            (delivery_id(alert.uid, alert.version), alert.id, alert.version, sink, stamp),
        )
        added += cursor.rowcount
    return added


def delivery_id(alert_uid: str, version: int) -> str:
    """The same for every attempt, every run and every sink of one alert version."""
    return f"{alert_uid}/v{version}"


def deliveries(store: SQLiteStore, *, status: str | None = None) -> list[Delivery]:
    """Outbox rows (of one status), in the order they were queued."""
    where, parameters = ("WHERE o.status = ?", [status]) if status else ("", [])
    rows = store.connection.execute(
        f"""SELECT o.*, a.uid, v.payload FROM alert_outbox o
            JOIN alerts a ON a.id = o.alert_id
            JOIN alert_versions v ON v.alert_id = o.alert_id AND v.version = o.version
            {where} ORDER BY o.id""",
        parameters,
    )
    return [
        Delivery(
            outbox_id=int(row["id"]),
            delivery_id=row["delivery_id"],
            sink=row["sink"],
            alert_uid=row["uid"],
            version=int(row["version"]),
            status=row["status"],
            attempts=int(row["attempts"]),
            last_error=row["last_error"],
            payload=json.loads(row["payload"]),
        )
        for row in rows
    ]


def cancel_pending(store: SQLiteStore, target: str) -> list[Delivery]:
    """Remove the queued deliveries to one sink — named as ``alerts --list`` shows it
    ("webhook:URL", "jsonl:PATH") or by its bare URL or path — and return them. For an
    endpoint the analyst knows is wrong: its deliveries would otherwise wait for good.
    The alerts and their versions stay; only the pending sends go."""
    cancelled = [
        delivery
        for delivery in deliveries(store, status="pending")
        if target in (delivery.sink, delivery.sink.partition(":")[2])
    ]
    with store.transaction():
        store.connection.executemany(
            "DELETE FROM alert_outbox WHERE id = ? AND status = 'pending'",
            [(delivery.outbox_id,) for delivery in cancelled],
        )
    return cancelled


def record_attempt(store: SQLiteStore, delivery: Delivery, now: datetime) -> None:
    """Count an attempt before sending, so a crash mid-send still leaves a trace."""
    with store.transaction():
        store.connection.execute(
            "UPDATE alert_outbox SET attempts = attempts + 1, last_attempt_at = ? WHERE id = ?",
            (now.astimezone(UTC).isoformat(timespec="seconds"), delivery.outbox_id),
        )


def record_failure(store: SQLiteStore, delivery: Delivery, error: str) -> None:
    with store.transaction():
        store.connection.execute(
            "UPDATE alert_outbox SET last_error = ? WHERE id = ?", (error, delivery.outbox_id)
        )


def record_delivered(store: SQLiteStore, delivery: Delivery, now: datetime) -> None:
    with store.transaction():
        store.connection.execute(
            """UPDATE alert_outbox SET status = 'delivered', delivered_at = ?, last_error = NULL
               WHERE id = ?""",
            (now.astimezone(UTC).isoformat(timespec="seconds"), delivery.outbox_id),
        )


def _alert(row: Any) -> StoredAlert:
    return StoredAlert(
        id=int(row["id"]),
        uid=row["uid"],
        narrative_id=row["narrative_id"],
        first_day=date.fromisoformat(row["first_day"]),
        last_day=date.fromisoformat(row["last_day"]),
        severity=row["severity"],
        version=int(row["version"]),
        fingerprint=row["fingerprint"],
        payload=json.loads(row["payload"]),
    )
