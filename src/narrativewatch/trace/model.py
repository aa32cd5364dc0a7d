"""The records of a narrative's trace: nodes (actors and outlets), edges (cites, copies,
repeats, refutes), the origin, cross-border jumps and counter-evidence. Built by
``narrativewatch.trace.chain.build_trace``; docs/trace.md explains the rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from narrativewatch.model import Appearance, AppearanceRole, Span


class EdgeKind(StrEnum):
    CITES = "cites"
    COPIES = "copies"
    REPEATS = "repeats"
    REFUTES = "refutes"


SPREAD_EDGE_KINDS: frozenset[EdgeKind] = frozenset(
    {EdgeKind.CITES, EdgeKind.COPIES, EdgeKind.REPEATS}
)


class NodePart(StrEnum):
    """What a node did: started the narrative, carried it on, refuted it, or was only
    named as a promoter by a document that refutes the narrative."""

    ORIGIN = "origin"
    AMPLIFIER = "amplifier"
    REFUTER = "refuter"
    NAMED = "named"


@dataclass(frozen=True, slots=True)
class Citation:
    """An explicit citation in one document ("Source: RIA Novosti", "RIA Novosti, citing
    Peskov"): ``via`` passed on what ``source`` said."""

    document_id: int
    source_actor_id: str
    evidence: Span
    source_name: str | None = None
    via_actor_id: str | None = None
    via_name: str | None = None


@dataclass(frozen=True, slots=True)
class TraceNode:
    id: str  # the registry actor id, or "outlet:<name>" for an outlet not in the registry
    name: str
    kind: str | None
    country: str | None
    level: str | None
    parts: tuple[NodePart, ...]
    first_at: datetime | None  # first appearance of any stance
    first_promoted_at: datetime | None  # first appearance promoting or reporting it
    documents: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class EdgeEvidence:
    document_id: int
    span: Span


@dataclass(frozen=True, slots=True)
class TraceEdge:
    """``target`` KIND ``source``, first seen at ``at``, in ``documents``."""

    source: str
    target: str
    kind: EdgeKind
    at: datetime | None
    documents: tuple[int, ...]
    evidence: tuple[EdgeEvidence, ...]


@dataclass(frozen=True, slots=True)
class Origin:
    """The earliest appearance: who said it (``actor``) and who published it (``outlet``)."""

    actor: str
    outlet: str | None
    published_at: datetime | None
    document_id: int
    evidence: Span


@dataclass(frozen=True, slots=True)
class CrossBorderJump:
    """A spread edge whose two ends belong to different countries."""

    from_country: str
    to_country: str
    at: datetime | None
    source: str
    target: str
    kind: EdgeKind
    document_id: int


@dataclass(frozen=True, slots=True)
class CounterEvidence:
    """One refutation: a node refuting the narrative in a document."""

    node: str
    document_id: int
    published_at: datetime | None
    role: AppearanceRole
    evidence: Span


@dataclass(frozen=True, slots=True)
class Trace:
    narrative_id: str
    origin: Origin | None
    nodes: tuple[TraceNode, ...]
    edges: tuple[TraceEdge, ...]
    jumps: tuple[CrossBorderJump, ...]
    counter_evidence: tuple[CounterEvidence, ...]
    refuting_documents: tuple[int, ...]  # documents whose own stance refutes the narrative
    stories: int  # spreading documents, near-duplicate copies counted once
    copies: tuple[tuple[int, int], ...]  # (copy, original) document pairs, all visible
    warnings: tuple[str, ...] = field(default=())


def node_id(appearance: Appearance) -> str:
    """The node an appearance belongs to: its actor, else its outlet by name."""
    if appearance.actor_id:
        return appearance.actor_id
    return f"outlet:{appearance.outlet or 'unknown'}"
