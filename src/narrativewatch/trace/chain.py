"""The trace of one narrative: where it started, who carried it on, where it crossed a
border and what refutes it — built from appearances alone (pure, no store).

Nodes are actors and outlets. An edge reads "target KIND source": ``cites`` (the target
names the source as its source, or quotes it), ``copies`` (the target's document is a
near-duplicate of the source's), ``repeats`` (time order only: the target voiced the
narrative after the source, with no explicit link to anyone upstream) and ``refutes``
(the target refutes what the source said). docs/trace.md gives the rules and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from narrativewatch.model import Appearance, AppearanceRole, Stance
from narrativewatch.trace.documents import (
    TracedDocument,
    carries,
    citations_by_document,
    copy_pair,
    group_by_document,
    promotions,
    time_key,
)
from narrativewatch.trace.model import (
    SPREAD_EDGE_KINDS,
    Citation,
    CounterEvidence,
    CrossBorderJump,
    EdgeEvidence,
    EdgeKind,
    NodePart,
    Origin,
    Trace,
    TraceEdge,
    TraceNode,
    node_id,
)


def build_trace(
    narrative_id: str,
    appearances: Sequence[Appearance],
    citations: Iterable[Citation] = (),
) -> Trace:
    """The trace of ``narrative_id`` from its appearances and the explicit citations of the
    documents they come from. Appearances of other narratives are ignored; the order of
    the input does not matter (results are sorted), so the trace is deterministic."""
    rows = sorted(
        (a for a in appearances if a.narrative_id == narrative_id),
        key=lambda a: (time_key(a.published_at), a.document_id, a.evidence.start, node_id(a)),
    )
    documents = group_by_document(rows)
    cited = citations_by_document(c for c in citations if carries(c, documents))
    edges = _EdgeSet()
    for document_id, document in documents.items():
        copy_source = copy_pair(document, documents)
        if copy_source is not None:
            original, copy = copy_source
            edges.add(
                original.outlet_node,
                copy.outlet_node,
                EdgeKind.COPIES,
                copy.outlet,
                copy.outlet.published_at,
            )
            continue
        _citation_edges(document, cited.get(document_id, ()), edges)
    origin = _origin(rows, documents, cited)
    _refutation_edges(documents, origin, edges)
    _time_order_edges(rows, documents, origin, edges)
    nodes = _nodes(rows, cited, documents, origin)
    countries = {n.id: n.country for n in nodes}
    final_edges = edges.freeze()
    return Trace(
        narrative_id=narrative_id,
        origin=origin,
        nodes=nodes,
        edges=final_edges,
        jumps=_jumps(final_edges, countries),
        counter_evidence=tuple(
            CounterEvidence(node_id(a), a.document_id, a.published_at, a.role, a.evidence)
            for a in rows
            if a.stance is Stance.REFUTES
        ),
        refuting_documents=tuple(d for d, doc in documents.items() if doc.refutes),
        stories=len({doc.story for doc in documents.values() if not doc.refutes}),
        copies=tuple((d, doc.outlet.copy_of) for d, doc in documents.items() if doc.outlet.copy_of),
        warnings=tuple(
            f"document {d} has no date: left out of the time order"
            for d, doc in documents.items()
            if doc.outlet.published_at is None
        ),
    )


# -- edges ------------------------------------------------------------------------------


class _EdgeSet:
    """Edges merged by (source, target, kind): the earliest date, every document and span."""

    def __init__(self) -> None:
        self._edges: dict[tuple[str, str, EdgeKind], list[Appearance | Citation]] = {}
        self._at: dict[tuple[str, str, EdgeKind], datetime | None] = {}
        self._incoming: dict[str, set[EdgeKind]] = defaultdict(set)

    def add(
        self,
        source: str,
        target: str,
        kind: EdgeKind,
        evidence: Appearance | Citation,
        at: datetime | None,
    ) -> None:
        if source == target:
            return
        key = (source, target, kind)
        self._edges.setdefault(key, []).append(evidence)
        self._incoming[target].add(kind)
        if key not in self._at or time_key(at) < time_key(self._at[key]):
            self._at[key] = at

    def has_incoming(self, target: str, kinds: frozenset[EdgeKind]) -> bool:
        return not kinds.isdisjoint(self._incoming.get(target, ()))

    def freeze(self) -> tuple[TraceEdge, ...]:
        edges = []
        for (source, target, kind), items in self._edges.items():
            spans = sorted(
                {EdgeEvidence(i.document_id, i.evidence) for i in items},
                key=lambda e: (e.document_id, e.span.start, e.span.end),
            )
            edges.append(
                TraceEdge(
                    source=source,
                    target=target,
                    kind=kind,
                    at=self._at[(source, target, kind)],
                    documents=tuple(sorted({e.document_id for e in spans})),
                    evidence=tuple(spans),
                )
            )
        edges.sort(key=lambda e: (time_key(e.at), list(EdgeKind).index(e.kind), e.source, e.target))
        return tuple(edges)


def _citation_edges(
    document: TracedDocument, citations: Sequence[Citation], edges: _EdgeSet
) -> None:
    """What the document says about who passed the narrative to whom.

    "V, citing S" says V cites S, whatever the document's own stance: a refuting article
    that names RIA Novosti citing Peskov is still evidence that RIA carried Peskov. Each
    promoter the document voices is cited by the outlet — through V when the document
    got S's words via V — unless the document refutes (then _refutation_edges link it)."""
    at = document.outlet.published_at
    relays = [c for c in citations if c.via_actor_id]
    for citation in relays:
        edges.add(
            citation.source_actor_id, str(citation.via_actor_id), EdgeKind.CITES, citation, at
        )
    if document.refutes:
        return
    relayed = {c.source_actor_id for c in relays}
    for voice in document.promoters():
        if node_id(voice) not in relayed:
            edges.add(node_id(voice), document.outlet_node, EdgeKind.CITES, voice, at)
    for citation in relays:
        edges.add(str(citation.via_actor_id), document.outlet_node, EdgeKind.CITES, citation, at)


def _refutation_edges(
    documents: Mapping[int, TracedDocument], origin: Origin | None, edges: _EdgeSet
) -> None:
    """Each refuter answers the promoters its document names; a refutation that names
    none answers the narrative itself, that is its origin — unless it was published
    before the origin spoke: a fact check that pre-empts a narrative ("a prebunk") cannot
    answer a voice that came months later, so it stays a refuter with no edge."""
    for document in documents.values():
        refuters = document.refuters()
        if not refuters:
            continue
        promoters = [node_id(p) for p in document.promoters()]
        if not promoters and origin is not None and not _before(document, origin):
            promoters = [origin.actor]
        for refuter in refuters:
            for promoter in promoters:
                edges.add(
                    promoter, node_id(refuter), EdgeKind.REFUTES, refuter, refuter.published_at
                )


def _before(document: TracedDocument, origin: Origin) -> bool:
    """Whether ``document`` was published on a day before the origin's (a same-day
    refutation may answer it: wire times are often missing or rounded)."""
    published = document.outlet.published_at
    if published is None or origin.published_at is None:
        return False
    return published.date() < origin.published_at.date()


def _time_order_edges(
    rows: Sequence[Appearance],
    documents: Mapping[int, TracedDocument],
    origin: Origin | None,
    edges: _EdgeSet,
) -> None:
    """A promoter with no explicit link from anyone upstream "repeats" the earliest
    promoter before it. Not the latest one before it: time order alone is no evidence of
    an intermediate hop, so linking to the nearest predecessor would invent a chain; the
    earliest voice is the only one we know was already out there."""
    if origin is None:
        return
    explicit = frozenset({EdgeKind.CITES, EdgeKind.COPIES})
    first: dict[str, Appearance] = {}
    for row in sorted(promotions(rows, documents), key=lambda a: _rank(a, documents, {})):
        first.setdefault(node_id(row), row)
    earliest = first.get(origin.actor)
    for node, appearance in first.items():
        if node == origin.actor or earliest is None or appearance.published_at is None:
            continue
        if edges.has_incoming(node, explicit):
            continue
        if time_key(earliest.published_at) < time_key(appearance.published_at):
            edges.add(origin.actor, node, EdgeKind.REPEATS, appearance, appearance.published_at)


# -- origin, nodes, jumps -----------------------------------------------------------------


def _origin(
    rows: Sequence[Appearance],
    documents: Mapping[int, TracedDocument],
    cited: Mapping[int, Sequence[Citation]],
) -> Origin | None:
    """The earliest promotion. Ties go to a voice over the outlet that carries it, to a
    document that spreads over one that refutes, then to an actor other voices in the
    document cite (the root of "V, citing S" is S), then to the earlier place in the text."""
    candidates = promotions(rows, documents)
    if not candidates:
        return None
    relayed = {d: {c.source_actor_id for c in cs if c.via_actor_id} for d, cs in cited.items()}
    best = min(candidates, key=lambda a: _rank(a, documents, relayed))
    return Origin(
        actor=node_id(best),
        outlet=documents[best.document_id].outlet_node,
        published_at=best.published_at,
        document_id=best.document_id,
        evidence=best.evidence,
    )


def _rank(
    appearance: Appearance,
    documents: Mapping[int, TracedDocument],
    relayed: Mapping[int, set[str]],
) -> tuple[object, ...]:
    document = documents[appearance.document_id]
    return (
        time_key(appearance.published_at),
        appearance.role is AppearanceRole.OUTLET,
        document.refutes,
        document.outlet.copy_of is not None,
        node_id(appearance) not in relayed.get(appearance.document_id, set()),
        appearance.stance is not Stance.PROMOTES,
        appearance.document_id,
        appearance.evidence.start,
        node_id(appearance),
    )


def _nodes(
    rows: Sequence[Appearance],
    cited: Mapping[int, Sequence[Citation]],
    documents: Mapping[int, TracedDocument],
    origin: Origin | None,
) -> tuple[TraceNode, ...]:
    by_node: dict[str, list[Appearance]] = defaultdict(list)
    for row in rows:
        by_node[node_id(row)].append(row)
    promoted = {id(a) for a in promotions(rows, documents)}
    nodes = []
    for node, group in by_node.items():
        described = next((a for a in group if a.actor_name), group[0])
        promoting = [a for a in group if id(a) in promoted]
        spreads = [a for a in promoting if not documents[a.document_id].refutes]
        parts = []
        if origin is not None and node in (origin.actor, origin.outlet):
            parts.append(NodePart.ORIGIN)
        elif spreads:
            parts.append(NodePart.AMPLIFIER)
        if any(a.stance is Stance.REFUTES for a in group):
            parts.append(NodePart.REFUTER)
        if promoting and not spreads and NodePart.ORIGIN not in parts:
            parts.append(NodePart.NAMED)
        nodes.append(
            TraceNode(
                id=node,
                name=described.actor_name or described.outlet or node,
                kind=described.actor_kind
                or ("outlet" if described.role is AppearanceRole.OUTLET else None),
                country=described.country,
                level=described.actor_level,
                parts=tuple(parts),
                first_at=_earliest(a.published_at for a in group),
                first_promoted_at=_earliest(a.published_at for a in promoting),
                documents=tuple(sorted({a.document_id for a in group})),
            )
        )
    nodes.extend(_citation_only_nodes(cited, documents, set(by_node)))
    nodes.sort(key=lambda n: (time_key(n.first_at), n.id))
    return tuple(nodes)


def _citation_only_nodes(
    cited: Mapping[int, Sequence[Citation]],
    documents: Mapping[int, TracedDocument],
    known: set[str],
) -> list[TraceNode]:
    """Intermediaries named only inside a citation ("V, citing S" where V has no
    appearance of its own) still need a node for the edges to land on."""
    extra: dict[str, TraceNode] = {}
    for document_id in sorted(cited):
        for citation in cited[document_id]:
            for actor, name in (
                (citation.via_actor_id, citation.via_name),
                (citation.source_actor_id, citation.source_name),
            ):
                if actor and actor not in known and actor not in extra:
                    document = documents[document_id]
                    at = document.outlet.published_at
                    extra[actor] = TraceNode(
                        id=actor,
                        name=name or actor,
                        kind=None,
                        country=None,
                        level=None,
                        parts=(NodePart.NAMED if document.refutes else NodePart.AMPLIFIER,),
                        first_at=at,
                        first_promoted_at=at,
                        documents=(document_id,),
                    )
    return list(extra.values())


def _jumps(
    edges: Sequence[TraceEdge], countries: Mapping[str, str | None]
) -> tuple[CrossBorderJump, ...]:
    """Spread edges between nodes of two known, different countries, in time order."""
    jumps = []
    for edge in edges:
        source, target = countries.get(edge.source), countries.get(edge.target)
        if edge.kind in SPREAD_EDGE_KINDS and source and target and source != target:
            jumps.append(
                CrossBorderJump(
                    from_country=source,
                    to_country=target,
                    at=edge.at,
                    source=edge.source,
                    target=edge.target,
                    kind=edge.kind,
                    document_id=edge.documents[0],
                )
            )
    return tuple(jumps)


def _earliest(values: Iterable[datetime | None]) -> datetime | None:
    dated = [v for v in values if v is not None]
    return min(dated) if dated else None
