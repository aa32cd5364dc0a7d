"""From ranked claims to the narratives a document carries, with stances and evidence.

A narrative is matched when at least one check-worthy claim ranks it first with a margin
(see `matching.matcher`) at or above the *suggest* threshold; at or above *auto* the match
is accepted without review. The best claim is the evidence; the others support it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from narrativewatch.matching.matcher import ClaimScores
from narrativewatch.matching.stance import denies, document_stance
from narrativewatch.model import (
    ActorStance,
    Attribution,
    Candidate,
    Claim,
    Match,
    MatchStatus,
    Quote,
    Sentence,
    Span,
    Stance,
)


# A quote is about narrative N only if N is (within this much of) its best candidate.
RELEVANCE_MARGIN = 0.015


@dataclass(frozen=True, slots=True)
class MatchOptions:
    claim_threshold: float  # smallest check-worthiness score of a claim worth matching
    suggest: float
    auto: float
    relevant: float  # a quote or reported claim is *about* the narrative (a margin)


def match_narratives(
    text: str,
    language: str | None,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    attributions: Sequence[Attribution],
    claims: Sequence[Claim],
    scores: ClaimScores,
    title: Span | None,
    options: MatchOptions,
) -> tuple[Match, ...]:
    """Matches for one document, best first."""
    supporting: dict[str, list[tuple[float, int, Candidate]]] = {}
    for claim_index, claim in enumerate(claims):
        if claim.score < options.claim_threshold or not scores.candidates[claim_index]:
            continue
        top = scores.candidates[claim_index][0]
        if top.margin >= options.suggest:
            supporting.setdefault(top.narrative_id, []).append((top.margin, claim_index, top))
    matches = []
    for narrative_id, found in supporting.items():
        found.sort(key=lambda item: -item[0])
        best_margin, best_index, best = found[0]
        claim_indexes = [index for _, index, _ in found]
        evidence_sentences = sorted({claims[i].sentence_index for i in claim_indexes})
        context = sorted(
            {j for i in evidence_sentences for j in (i - 1, i + 1) if 0 <= j < len(sentences)}
            - set(evidence_sentences)
        )
        attributed = all(
            claims[i].attributed or _in_scope(claims[i].span, attributions) for i in claim_indexes
        )
        stance, markers = document_stance(
            text,
            [sentences[i].span for i in evidence_sentences],
            [sentences[i].span for i in context],
            title,
            quotes,
            attributed,
            language,
        )
        matches.append(
            Match(
                narrative_id=narrative_id,
                score=best.score,
                confidence=best_margin,
                method="hybrid:dense+lexical",
                status=MatchStatus.AUTO if best_margin >= options.auto else MatchStatus.SUGGESTED,
                evidence=claims[best_index].span,
                evidence_sentence=sentences[claims[best_index].sentence_index].span,
                claim_index=best_index,
                statement=best.statement,
                stance=stance,
                stance_evidence=markers,
                actor_stances=_actor_stances(
                    narrative_id, language, claims, claim_indexes, attributions, scores, options
                ),
                supporting_claims=tuple(sorted(claim_indexes)),
            )
        )
    matches.sort(key=lambda m: (-m.confidence, -m.score))
    return tuple(matches)


def _in_scope(span: Span, attributions: Sequence[Attribution]) -> bool:
    return any(a.scope.contains(span) for a in attributions)


def _actor_stances(
    narrative_id: str,
    language: str | None,
    claims: Sequence[Claim],
    supporting: Sequence[int],
    attributions: Sequence[Attribution],
    scores: ClaimScores,
    options: MatchOptions,
) -> tuple[ActorStance, ...]:
    """What each quoted or cited actor does with the narrative, with the evidence span."""
    chosen: dict[str, tuple[float, ActorStance]] = {}

    def offer(actor_id: str, strength: float, stance: ActorStance) -> None:
        if actor_id not in chosen or strength > chosen[actor_id][0]:
            chosen[actor_id] = (strength, stance)

    # What an actor is reported to say, when it is about the narrative.
    for claim_index, claim in enumerate(claims):
        if claim.speaker_actor_id is None:
            continue
        if not scores.candidates[claim_index]:
            continue
        relevance = scores.margin(claim_index, narrative_id)
        top = scores.candidates[claim_index][0].margin
        # About this narrative, not merely near it: "NATO could attack Belarus" is close to
        # "Ukraine masses troops near Belarus" but is first of all another narrative.
        if relevance < options.relevant or relevance < top - RELEVANCE_MARGIN:
            continue
        closest = scores.statement(claim_index, narrative_id)
        refutes = denies(claim.text, closest.text, language, closest.language) or (
            scores.closer_to_debunk(claim_index, narrative_id)
        )
        stance = Stance.REFUTES if refutes else Stance.PROMOTES
        offer(claim.speaker_actor_id, 1.0 + relevance,
              ActorStance(claim.speaker_actor_id, stance, claim.span, "quote"))
    # Sources cited for a passage that carries the narrative vouch for it.
    supporting_spans = [claims[i].span for i in supporting]
    for attribution in attributions:
        if not any(attribution.scope.contains(span) for span in supporting_spans):
            continue
        for actor_id in (attribution.source_actor_id, attribution.via_actor_id):
            if actor_id is not None:
                offer(actor_id, 0.5,
                      ActorStance(actor_id, Stance.PROMOTES, attribution.span, "attribution"))
    return tuple(stance for _, stance in sorted(chosen.values(), key=lambda c: c[1].evidence.start))
