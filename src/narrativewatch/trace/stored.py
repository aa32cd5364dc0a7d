"""The trace of a narrative in a store, and its JSON form (what the CLI and API print)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from narrativewatch.actors.registry import ActorRegistry, load_registry
from narrativewatch.discovery.appearances import cluster_claims, cluster_id_of, is_discovered
from narrativewatch.model import Appearance, Span
from narrativewatch.store import Store
from narrativewatch.trace.chain import build_trace
from narrativewatch.trace.documents import time_key
from narrativewatch.trace.model import Citation, Trace

TRACE_SCHEMA = "narrativewatch.trace/1"


# A trace reads the beginning of a narrative's history: origin and early amplifiers are
# there, and a narrative with 100,000 documents must still trace in well under a second
# (benchmarks/trace_queries.py). The limit is stated in the trace's warnings when it bites.
DEFAULT_TRACE_DOCUMENTS = 1000


def trace_narrative(
    store: Store,
    narrative_id: str,
    *,
    max_documents: int | None = DEFAULT_TRACE_DOCUMENTS,
    registry: ActorRegistry | None = None,
) -> Trace:
    """The trace of ``narrative_id`` from the store's appearances (rejected matches left
    out) and the explicit citations stored with their documents; with ``max_documents``,
    of its earliest N documents only (None: all of them).

    ``discovered:<cluster id>`` traces a discovery cluster (a story outside the catalog,
    as alerts name it): its claims are the appearances of the outlets that published them,
    with the outlets' countries from ``registry`` (default: the bundled registry)."""
    if is_discovered(narrative_id):
        appearances = _discovered_appearances(store, narrative_id, max_documents, registry)
    else:
        appearances = store.appearances(narrative_id, first_documents=max_documents)
    document_ids = sorted({a.document_id for a in appearances})
    citations = [
        Citation(
            document_id=c.document_id,
            source_actor_id=c.source_actor_id,
            source_name=c.source_name,
            via_actor_id=c.via_actor_id,
            via_name=c.via_name,
            evidence=c.evidence,
        )
        for c in store.citations(document_ids)
    ]
    trace = build_trace(narrative_id, appearances, citations)
    if max_documents is not None and len(document_ids) >= max_documents:
        note = (
            f"the trace covers the earliest {max_documents} documents of this narrative; "
            "later ones are left out (see its timeline for the whole history)"
        )
        trace = replace(trace, warnings=(*trace.warnings, note))
    return trace


def _discovered_appearances(
    store: Store, narrative_id: str, max_documents: int | None, registry: ActorRegistry | None
) -> list[Appearance]:
    from narrativewatch.store.sqlite import SQLiteStore

    cluster = cluster_id_of(narrative_id)
    if cluster is None or not isinstance(store, SQLiteStore):
        return []
    found = cluster_claims(store, clusters=[cluster], registry=registry or load_registry())
    appearances = sorted(
        (a for claims in found for a in claims.appearances),
        key=lambda a: (time_key(a.published_at), a.document_id),
    )
    if max_documents is None:
        return appearances
    earliest = list(dict.fromkeys(a.document_id for a in appearances))[:max_documents]
    kept = set(earliest)
    return [a for a in appearances if a.document_id in kept]


def trace_to_json(trace: Trace) -> dict[str, Any]:
    """The JSON-ready dict of a trace. Dates are ISO 8601 (None when unknown); spans are
    character offsets into the stored text of the named document."""
    origin = trace.origin
    return {
        "schema": TRACE_SCHEMA,
        "narrative_id": trace.narrative_id,
        "origin": None
        if origin is None
        else {
            "actor": origin.actor,
            "outlet": origin.outlet,
            "published_at": _iso(origin.published_at),
            "document_id": origin.document_id,
            "evidence": _span(origin.evidence),
        },
        "nodes": [
            {
                "id": n.id,
                "name": n.name,
                "kind": n.kind,
                "country": n.country,
                "level": n.level,
                "parts": [p.value for p in n.parts],
                "first_at": _iso(n.first_at),
                "first_promoted_at": _iso(n.first_promoted_at),
                "documents": list(n.documents),
            }
            for n in trace.nodes
        ],
        "edges": [
            {
                "source": e.source,
                "target": e.target,
                "kind": e.kind.value,
                "at": _iso(e.at),
                "documents": list(e.documents),
                "evidence": [{"document_id": x.document_id, **_span(x.span)} for x in e.evidence],
            }
            for e in trace.edges
        ],
        "cross_border_jumps": [
            {
                "from_country": j.from_country,
                "to_country": j.to_country,
                "at": _iso(j.at),
                "source": j.source,
                "target": j.target,
                "kind": j.kind.value,
                "document_id": j.document_id,
            }
            for j in trace.jumps
        ],
        "counter_evidence": [
            {
                "node": c.node,
                "document_id": c.document_id,
                "published_at": _iso(c.published_at),
                "role": c.role.value,
                "evidence": _span(c.evidence),
            }
            for c in trace.counter_evidence
        ],
        "refuting_documents": list(trace.refuting_documents),
        "volume": {"stories": trace.stories, "copies": len(trace.copies)},
        "copies": [{"document_id": c, "copy_of": o} for c, o in trace.copies],
        "warnings": list(trace.warnings),
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _span(span: Span) -> dict[str, int]:
    return {"start": span.start, "end": span.end}
