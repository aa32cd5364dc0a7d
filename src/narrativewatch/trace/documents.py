"""The appearances of one narrative grouped by document: the unit the trace rules read
(a document's outlet, its stance, its voices, and whether it is a near-duplicate copy)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from narrativewatch.model import Appearance, AppearanceRole, Stance
from narrativewatch.trace.model import Citation, node_id


@dataclass(frozen=True, slots=True)
class TracedDocument:
    outlet: Appearance  # the role-outlet appearance: the document's own stance and date
    voices: tuple[Appearance, ...]  # quoted and cited actors

    @property
    def id(self) -> int:
        return self.outlet.document_id

    @property
    def outlet_node(self) -> str:
        return node_id(self.outlet)

    @property
    def refutes(self) -> bool:
        return self.outlet.stance is Stance.REFUTES

    @property
    def story(self) -> int:
        return self.outlet.copy_of or self.id

    def promoters(self) -> list[Appearance]:
        return [v for v in self.voices if v.stance is not Stance.REFUTES]

    def refuters(self) -> list[Appearance]:
        everyone = [self.outlet, *self.voices]
        return [a for a in everyone if a.stance is Stance.REFUTES]


def group_by_document(rows: Sequence[Appearance]) -> dict[int, TracedDocument]:
    """One entry per document in time order. A document without an outlet row (only
    possible for hand-built input) gets one from its first appearance, with that stance."""
    grouped: dict[int, list[Appearance]] = defaultdict(list)
    for row in rows:
        grouped[row.document_id].append(row)
    result: dict[int, TracedDocument] = {}
    for document_id, group in grouped.items():
        outlet = next((a for a in group if a.role is AppearanceRole.OUTLET), None)
        if outlet is None:
            first = group[0]
            outlet = Appearance(
                first.narrative_id,
                document_id,
                AppearanceRole.OUTLET,
                first.stance,
                first.published_at,
                first.evidence,
                outlet=first.outlet,
                copy_of=first.copy_of,
            )
        voices = tuple(a for a in group if a.role is not AppearanceRole.OUTLET)
        result[document_id] = TracedDocument(outlet, voices)
    return result


def carries(citation: Citation, documents: Mapping[int, TracedDocument]) -> bool:
    """A citation counts only when its source voices this narrative in the document: the
    same article may cite other sources for its other claims."""
    document = documents.get(citation.document_id)
    return document is not None and any(
        node_id(v) == citation.source_actor_id for v in document.voices
    )


def citations_by_document(citations: Iterable[Citation]) -> dict[int, tuple[Citation, ...]]:
    grouped: dict[int, list[Citation]] = defaultdict(list)
    for citation in citations:
        grouped[citation.document_id].append(citation)
    return {d: tuple(sorted(cs, key=lambda c: c.evidence.start)) for d, cs in grouped.items()}


def copy_pair(
    document: TracedDocument, documents: Mapping[int, TracedDocument]
) -> tuple[TracedDocument, TracedDocument] | None:
    """(original, copy) for a near-duplicate whose original is in the trace, else None.
    The copy edge runs from the earlier-published of the two: the store links a copy to the
    first one stored, which need not be the first one published."""
    original = documents.get(document.outlet.copy_of or -1)
    if original is None:
        return None
    if time_key(document.outlet.published_at) < time_key(original.outlet.published_at):
        return document, original
    return original, document


def promotions(
    rows: Iterable[Appearance], documents: Mapping[int, TracedDocument]
) -> list[Appearance]:
    """Appearances that show someone promoting or carrying the narrative: every voice that
    does not refute, and the outlet of a document that does not refute."""
    return [
        a
        for a in rows
        if a.stance is not Stance.REFUTES
        and not (a.role is AppearanceRole.OUTLET and documents[a.document_id].refutes)
    ]


def time_key(value: datetime | None) -> tuple[int, float]:
    """Dated before undated; dated in time order (aware datetimes compare across zones)."""
    return (1, 0.0) if value is None else (0, value.timestamp())
