"""Discovery's tables in the SQLite store (migration 0007_discovery): items with their
clusters, analyst decisions on clusters, and the state of the last run (watermark, model,
background). Every function takes the store; nothing else touches these tables."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from narrativewatch.discovery.background import Background
from narrativewatch.discovery.clusters import ClusterItem
from narrativewatch.store.sqlite import SQLiteStore


@dataclass(frozen=True, slots=True)
class StoredItem:
    """An unmatched claim in a cluster, with its evidence in the stored document."""

    item: ClusterItem
    cluster_id: int
    document_id: int
    claim_index: int
    start: int
    end: int
    speaker_actor_id: str | None = None  # who the document quotes as saying the claim
    outlet_refutes: bool = False  # the outlet rates the claim false (discovery/stance.py)


@dataclass(frozen=True, slots=True)
class DiscoveryState:
    watermark: int  # the last document id processed (0: none yet)
    model_id: str | None
    background: Background | None


@dataclass(frozen=True, slots=True)
class Decision:
    cluster_id: int
    status: str  # "promoted" | "dismissed"
    narrative_id: str | None
    decided_at: str


def item_key(document_id: int, claim_index: int) -> str:
    return f"doc:{document_id}/claim:{claim_index}"


def load_state(store: SQLiteStore) -> DiscoveryState:
    rows = {
        row["name"]: row
        for row in store.connection.execute("SELECT name, value, data FROM discovery_state")
    }
    watermark = int(rows["watermark"]["value"]) if "watermark" in rows else 0
    model_id = rows["model_id"]["value"] if "model_id" in rows else None
    background = None
    if "background" in rows:
        languages = rows["background"]["value"].split(",")
        with np.load(io.BytesIO(rows["background"]["data"])) as data:
            background = Background.from_arrays(languages, data["means"])
    return DiscoveryState(watermark, model_id, background)


def save_state(store: SQLiteStore, state: DiscoveryState) -> None:
    """Write the state (call inside ``store.transaction()`` with the items it covers)."""
    values: list[tuple[str, str, bytes | None]] = [("watermark", str(state.watermark), None)]
    if state.model_id is not None:
        values.append(("model_id", state.model_id, None))
    if state.background is not None:
        languages, means = state.background.to_arrays()
        buffer = io.BytesIO()
        np.savez(buffer, means=means)
        values.append(("background", ",".join(languages), buffer.getvalue()))
    store.connection.executemany(
        "INSERT INTO discovery_state (name, value, data) VALUES (?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET value = excluded.value, data = excluded.data",
        values,
    )


def load_items(store: SQLiteStore) -> list[StoredItem]:
    """Every stored item in arrival order."""
    return [
        StoredItem(
            ClusterItem(
                key=row["key"],
                text=row["text"],
                language=row["language"],
                vector=np.frombuffer(row["vector"], dtype=np.float32),
                published_at=datetime.fromisoformat(row["published_at"])
                if row["published_at"]
                else None,
                outlet=row["outlet"],
            ),
            row["cluster_id"],
            row["document_id"],
            row["claim_index"],
            row["start"],
            row["end"],
            row["speaker_actor_id"],
            row["outlet_stance"] == "refutes",
        )
        for row in store.connection.execute("SELECT * FROM discovery_items ORDER BY position")
    ]


def add_items(store: SQLiteStore, items: list[StoredItem]) -> None:
    """Append items (call inside ``store.transaction()``)."""
    store.connection.executemany(
        "INSERT INTO discovery_items (key, cluster_id, document_id, claim_index, start, end, "
        "text, language, outlet, published_at, vector, speaker_actor_id, outlet_stance) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s.item.key,
                s.cluster_id,
                s.document_id,
                s.claim_index,
                s.start,
                s.end,
                s.item.text,
                s.item.language,
                s.item.outlet,
                s.item.published_at.isoformat() if s.item.published_at else None,
                np.asarray(s.item.vector, dtype=np.float32).tobytes(),
                s.speaker_actor_id,
                "refutes" if s.outlet_refutes else "reports",
            )
            for s in items
        ],
    )


def reassign(store: SQLiteStore, assignments: dict[str, int]) -> None:
    """Set the cluster of existing items (after merges; inside a transaction)."""
    store.connection.executemany(
        "UPDATE discovery_items SET cluster_id = ? WHERE key = ?",
        [(cluster_id, key) for key, cluster_id in assignments.items()],
    )


def decisions(store: SQLiteStore) -> dict[int, Decision]:
    return {
        row["id"]: Decision(row["id"], row["status"], row["narrative_id"], row["decided_at"])
        for row in store.connection.execute("SELECT * FROM discovery_clusters ORDER BY id")
    }


def decide(store: SQLiteStore, cluster_id: int, status: str, narrative_id: str | None) -> None:
    """Record the analyst's decision on a cluster (replacing an earlier one)."""
    store.connection.execute(
        "INSERT INTO discovery_clusters (id, status, narrative_id, decided_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status = excluded.status, "
        "narrative_id = excluded.narrative_id, decided_at = excluded.decided_at",
        (cluster_id, status, narrative_id, datetime.now(UTC).isoformat(timespec="seconds")),
    )
