"""Analyst feedback: confirm or reject a stored narrative match.

A decision is recorded in the store (table ``feedback``) and becomes the match's status.
It then changes later matching, through `narrativewatch.pipeline.load_pipeline(...,
store=...)`:

- a **confirmed** match adds its evidence claim, in the document's language, as a variant
  of the narrative (table ``narrative_variants``), so the same claim — and its paraphrases
  and translations, which embed nearby — score higher for that narrative;
- a **rejected** match remembers the (claim text, narrative) pair, and that claim, or a
  repost of it (`matching.rejected`), never supports that narrative again, in any
  document; `reject_stored_reposts` also rejects the reposts already stored, and
  `reopen_stored_reposts` puts them back when a later confirmation reverses the rejection.

The claim text is the match's evidence span of the stored document text (the same text as
the stored analysis's ``matches[].evidence.text``), not the catalog's, so feedback
survives catalog edits; a variant of a narrative that is no longer in the catalog is
ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from narrativewatch.errors import NarrativeWatchError
from narrativewatch.matching.embedder import text_key
from narrativewatch.matching.rejected import rejected_claims, same_claim
from narrativewatch.model import Narrative, NarrativeStatement
from narrativewatch.store.base import FeedbackEntry, Store, StoredMatch, StoredVariant

Decision = Literal["confirmed", "rejected"]
DECISIONS: tuple[Decision, ...] = ("confirmed", "rejected")
MATCH_STATUSES: tuple[str, ...] = ("suggested", "auto", "confirmed", "rejected")
# The note `reject_stored_reposts` leaves on the rejections it derives, followed by the
# document decided on: for the analyst reading the history. The code reads
# `FeedbackEntry.derived_from` instead, which an analyst's own note cannot imitate.
REPOST_REJECTION_NOTE = "repost of the claim rejected in document"


class FeedbackError(NarrativeWatchError):
    """A decision cannot be recorded: no such match, or no analysis to take the claim from.
    (The CLI exits with status 3.)"""


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A stored match with the text an analyst needs to judge it."""

    match: StoredMatch
    evidence_text: str
    language: str | None


def review_match(
    store: Store,
    document_id: int,
    narrative_id: str,
    decision: Decision,
    analyst: str | None = None,
    note: str | None = None,
) -> FeedbackEntry:
    """Record an analyst's ``decision`` ("confirmed" or "rejected") on the match of
    ``narrative_id`` in document ``document_id``.

    Sets the match's status to the decision; a confirmation also stores the evidence claim
    as a variant of the narrative. Returns the recorded entry. Raises FeedbackError for an
    unknown document/narrative pair, ValueError for an unknown decision.
    """
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    entry = _decided(review_item(store, document_id, narrative_id), decision, analyst, note)
    store.add_feedback(entry, add_variant=decision == "confirmed")
    return entry


def _decided(
    item: ReviewItem, decision: Decision, analyst: str | None, note: str | None
) -> FeedbackEntry:
    """The feedback entry recording ``decision`` on a stored match."""
    return FeedbackEntry(
        document_id=item.match.document_id,
        narrative_id=item.match.narrative_id,
        claim_start=item.match.evidence_start,
        claim_end=item.match.evidence_end,
        claim_text=item.evidence_text,
        claim_key=text_key(item.evidence_text),
        claim_language=item.language,
        decision=decision,
        analyst=analyst,
        note=note,
    )


def reject_stored_reposts(store: Store, rejected: FeedbackEntry) -> list[FeedbackEntry]:
    """Apply a rejection to the matches already stored: every other match of the same
    narrative still awaiting a decision (``suggested`` or ``auto``) whose evidence claim
    is the rejected claim or a repost of it (`matching.rejected`) is rejected too, by the
    same analyst, with a note naming the document decided on. Matches an analyst decided
    are left alone. Returns the entries recorded, in document order.

    A rejection already keeps the claim and its reposts from matching the narrative in
    documents analysed later (`load_pipeline`); this clears the ones ingested before it.
    """
    if rejected.decision != "rejected":
        return []
    same = rejected_claims([(rejected.claim_text, rejected.narrative_id, "rejected")])
    entries = []
    for item in review_items(store, narrative_id=rejected.narrative_id):
        if (
            item.match.status not in ("suggested", "auto")
            or item.match.document_id == rejected.document_id
            or not same.covers(item.evidence_text, rejected.narrative_id)
        ):
            continue
        note = f"{REPOST_REJECTION_NOTE} {rejected.document_id}"
        entry = replace(
            _decided(item, "rejected", rejected.analyst, note),
            derived_from=rejected.document_id,
        )
        store.add_feedback(entry, add_variant=False)
        entries.append(entry)
    return sorted(entries, key=lambda entry: entry.document_id)


def reopen_stored_reposts(store: Store, confirmed: FeedbackEntry) -> list[int]:
    """Undo what `reject_stored_reposts` derived from a rejection the analyst has now
    reversed: when a match is confirmed, every other match of the same narrative that was
    rejected *automatically* as a repost (its latest decision is such a rejection), and
    whose claim is the confirmed claim or a repost of it either way, goes back to
    ``suggested``, to be decided afresh. Matches an analyst rejected are left alone. Returns
    the documents reopened, in order.

    Later matching already follows the confirmation (`matching.rejected`: the latest
    decision wins across a claim's reposts); this brings the stored matches in line."""
    if confirmed.decision != "confirmed":
        return []
    reopened = []
    for item in review_items(store, "rejected", confirmed.narrative_id):
        document_id = item.match.document_id
        if document_id == confirmed.document_id or not same_claim(
            item.evidence_text, confirmed.claim_text
        ):
            continue
        latest = store.latest_feedback(document_id, confirmed.narrative_id)
        if latest is None or latest.derived_from is None:
            continue
        store.reopen_match(document_id, confirmed.narrative_id)
        reopened.append(document_id)
    return sorted(reopened)


def review_item(store: Store, document_id: int, narrative_id: str) -> ReviewItem:
    """The stored match of ``narrative_id`` in ``document_id`` with its evidence text.
    Raises FeedbackError when there is no such match."""
    found = store.match_evidence(narrative_id=narrative_id, document_id=document_id)
    if not found:
        raise FeedbackError(
            f"no match of narrative {narrative_id!r} in document {document_id} "
            "(see `narrativewatch review list`)"
        )
    return ReviewItem(*found[0])


def review_items(
    store: Store, status: str | None = None, narrative_id: str | None = None
) -> list[ReviewItem]:
    """Stored matches (optionally of one status and/or narrative) with their evidence text,
    best score first."""
    return [ReviewItem(*row) for row in store.match_evidence(status, narrative_id)]


def render_review_items(items: Sequence[ReviewItem], width: int = 70) -> str:
    """A plain-text table: document id, narrative, status, score and evidence text."""
    if not items:
        return "No matches."
    lines = [f"{'doc':>5}  {'narrative':44} {'status':9} {'score':>6}  evidence"]
    for item in items:
        evidence = " ".join(item.evidence_text.split())
        if len(evidence) > width:
            evidence = evidence[: width - 1] + "…"
        lines.append(
            f"{item.match.document_id:>5}  {item.match.narrative_id[:44]:44} "
            f"{item.match.status:9} {item.match.score:>6.3f}  {evidence}"
        )
    return "\n".join(lines)


def apply_variants(
    catalog: Sequence[Narrative], variants: Iterable[StoredVariant]
) -> tuple[Narrative, ...]:
    """The catalog with stored variants added to their narratives' ``variants`` (after
    the catalog's own). Variants of unknown narratives and texts the narrative already has
    are skipped."""
    learnt: dict[str, list[NarrativeStatement]] = {}
    for variant in variants:
        learnt.setdefault(variant.narrative_id, []).append(
            NarrativeStatement(variant.language, variant.text)
        )
    if not learnt:
        return tuple(catalog)
    result = []
    for narrative in catalog:
        extra = learnt.get(narrative.id)
        if extra:
            known = {s.text for s in (*narrative.statements, *narrative.variants)}
            new = tuple(s for s in dict.fromkeys(extra) if s.text not in known)
            narrative = replace(narrative, variants=narrative.variants + new)
        result.append(narrative)
    return tuple(result)
