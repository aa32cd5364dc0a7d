"""The Store interface every backend implements, and the records it returns.

SQLite is the embedded default; a PostgreSQL backend implements the same methods, and the
same store tests run against both.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol

from narrativewatch.model import Analysis, Appearance, DailyCount, Document, Span


@dataclass(frozen=True, slots=True)
class AddResult:
    """What happened to a document given to the store.

    ``status``: "new"; "duplicate" (the same text is already stored as ``document_id``,
    nothing was written); "near_duplicate" (stored, and linked to ``original_id``, the
    earliest copy of its group).
    """

    status: Literal["new", "duplicate", "near_duplicate"]
    document_id: int
    original_id: int | None
    similarity: float | None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    document: Document
    ingested_at: str


@dataclass(frozen=True, slots=True)
class NarrativeOverview:
    narrative_id: str
    documents: int  # distinct stories: near-duplicate copies count once
    copies: int
    promoting: int
    reporting: int
    refuting: int
    first_seen: str | None
    last_seen: str | None
    promoting_actors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoredCitation:
    """An explicit citation in a stored document ("citing Peskov", "Source: RIA Novosti")
    whose source resolved to an actor; ``via`` passed on what the source said."""

    document_id: int
    source_actor_id: str
    source_name: str | None
    via_actor_id: str | None
    via_name: str | None
    evidence: Span


@dataclass(frozen=True, slots=True)
class StoredMatch:
    """A narrative match as stored: the evidence claim is ``[evidence_start, evidence_end)``
    of the document's text; ``status`` is suggested, auto, confirmed or rejected."""

    document_id: int
    narrative_id: str
    score: float
    status: str
    stance: str
    evidence_start: int
    evidence_end: int
    statement: str


@dataclass(frozen=True, slots=True)
class FeedbackEntry:
    """One analyst decision on a stored match (see `narrativewatch.feedback`)."""

    document_id: int
    narrative_id: str
    claim_start: int
    claim_end: int
    claim_text: str
    claim_key: str  # text_key(claim_text): recognises the same claim in other documents
    claim_language: str | None
    decision: Literal["confirmed", "rejected"]
    analyst: str | None = None
    note: str | None = None
    # the document whose decision this one was derived from (a repost rejected with the
    # claim it copies), or None for an analyst's own decision
    derived_from: int | None = None


@dataclass(frozen=True, slots=True)
class StoredVariant:
    """A phrasing of a narrative learnt from a confirmed match."""

    narrative_id: str
    language: str
    text: str
    document_id: int | None
    feedback_id: int | None


class Store(Protocol):
    backend: str

    def transaction(self) -> AbstractContextManager[None]: ...

    def find_by_hash(self, content_hash: str) -> int | None: ...

    def add_document(
        self,
        document: Document,
        analysis: Analysis | None = None,
        result: dict[str, Any] | None = None,
    ) -> AddResult: ...

    def count_documents(self) -> int: ...

    def get_document(self, document_id: int) -> StoredDocument | None: ...

    def documents(self) -> list[StoredDocument]: ...

    def get_analysis(self, document_id: int) -> dict[str, Any] | None: ...

    def search(self, query: str, limit: int = 20) -> list[int]: ...

    def narrative_overview(self) -> list[NarrativeOverview]: ...

    def list_matches(
        self, status: str | None = None, narrative_id: str | None = None
    ) -> list[StoredMatch]: ...

    def match_evidence(
        self,
        status: str | None = None,
        narrative_id: str | None = None,
        document_id: int | None = None,
    ) -> list[tuple[StoredMatch, str, str | None]]: ...

    def get_match(self, document_id: int, narrative_id: str) -> StoredMatch | None: ...

    def appearances(
        self,
        narrative_id: str | None = None,
        *,
        since: date | None = None,
        until: date | None = None,
        include_rejected: bool = False,
        first_documents: int | None = None,
    ) -> list[Appearance]: ...

    def citations(self, document_ids: Sequence[int]) -> list[StoredCitation]: ...

    def daily_counts(
        self,
        by: str = "narrative",
        *,
        narrative_id: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[DailyCount]: ...

    def add_feedback(self, entry: FeedbackEntry, *, add_variant: bool) -> int: ...

    def latest_feedback(self, document_id: int, narrative_id: str) -> FeedbackEntry | None: ...

    def reopen_match(self, document_id: int, narrative_id: str) -> None: ...

    def narrative_variants(self) -> list[StoredVariant]: ...

    def claim_decisions(self) -> list[tuple[str, str, str]]: ...

    def applied_migrations(self) -> list[str]: ...

    def close(self) -> None: ...
