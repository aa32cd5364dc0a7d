"""The stable JSON document of an analysis (schema in docs/json-output.md), and the
readable text report built from that same document — so the two can never disagree."""

from __future__ import annotations

import textwrap
from typing import Any

from narrativewatch.matching.verify import VERIFICATION_CHECKS
from narrativewatch.model import Actor, Analysis, Span, in_registry
from narrativewatch.pipeline import Pipeline

SCHEMA = "narrativewatch.analysis/1"


def _span(text: str, span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"text": span.text_of(text), "start": span.start, "end": span.end}


def analysis_to_json(analysis: Analysis, pipeline: Pipeline) -> dict[str, Any]:
    """The JSON-ready dict of an analysis. Keys are stable (see docs/json-output.md)."""
    document = analysis.document
    text = document.text
    actors: dict[str, Actor] = {a.id: a for a in analysis.actors}

    def actor_name(actor_id: str | None) -> str | None:
        if actor_id is None:
            return None
        actor = actors.get(actor_id) or pipeline.registry.get(actor_id)
        return actor.name if actor else actor_id

    matches: list[dict[str, Any]] = []
    for match in analysis.matches:
        narrative = pipeline.narrative(match.narrative_id)
        evidence_candidates = (
            analysis.candidates[match.claim_index]
            if match.claim_index < len(analysis.candidates)
            else ()
        )
        why = next((c for c in evidence_candidates if c.narrative_id == match.narrative_id), None)
        matches.append(
            {
                "narrative_id": match.narrative_id,
                "title": narrative.title,
                "category": narrative.category,
                "risk": narrative.risk,
                "score": round(match.score, 4),
                "confidence": round(match.confidence, 4),
                "status": match.status.value,
                "method": match.method,
                "matched_statement": match.statement,
                # Why: the signals behind the score, and the verification checks it passed.
                "explanation": {
                    "dense": why.dense if why else None,
                    "lexical": why.lexical if why else None,
                    "margin": why.margin if why else None,
                    "statement_language": why.statement_language if why else None,
                    "checks_passed": list(VERIFICATION_CHECKS),
                    "thresholds": {
                        "suggest": pipeline.options.suggest,
                        "auto": pipeline.options.auto,
                    },
                },
                "evidence": _span(text, match.evidence),
                "evidence_sentence": _span(text, match.evidence_sentence),
                "supporting_claims": list(match.supporting_claims),
                "document_stance": match.stance.value,
                "stance_markers": [_span(text, s) for s in match.stance_evidence],
                "actor_stances": [
                    {
                        "actor_id": s.actor_id,
                        "name": actor_name(s.actor_id),
                        "stance": s.stance.value,
                        "via": s.via,
                        "evidence": _span(text, s.evidence),
                    }
                    for s in match.actor_stances
                ],
            }
        )
    return {
        "schema": SCHEMA,
        "model_id": pipeline.embedder.model_id,
        "document": {
            "id": document.id,
            "source": document.source,
            "title": document.title,
            "outlet": document.outlet,
            "url": document.url,
            "content_hash": document.content_hash,
            "duplicate_of": document.duplicate_of,
            "characters": len(text),
            "outlet_actor": {
                "id": analysis.outlet_actor.id,
                "name": analysis.outlet_actor.name,
                "country": analysis.outlet_actor.country,
                "aligned_with": analysis.outlet_actor.aligned_with,
                "level": analysis.outlet_actor.level,
            }
            if analysis.outlet_actor
            else None,
        },
        "language": analysis.language,
        "published_at": document.published_at.isoformat() if document.published_at else None,
        "published_at_source": document.published_at_source,
        "actors": [
            {
                "id": actor.id,
                "name": actor.name,
                "kind": actor.kind.value,
                "country": actor.country,
                "aligned_with": actor.aligned_with,
                "level": actor.level,
                "names": dict(actor.names),
                "in_registry": in_registry(actor.id),
                "roles_in_text": sorted(
                    {e.role for e in analysis.entities if e.actor_id == actor.id and e.role}
                ),
            }
            for actor in analysis.actors
        ],
        "entities": [
            {
                "text": e.text,
                "type": e.type.value,
                "actor_id": e.actor_id,
                "start": e.span.start,
                "end": e.span.end,
                "role": e.role,
                "method": e.method,
            }
            for e in analysis.entities
        ],
        "quotes": [
            {
                "kind": q.kind.value,
                "speaker": {
                    "actor_id": q.speaker_actor_id,
                    "name": actor_name(q.speaker_actor_id),
                    **(_span(text, q.speaker) or {"text": None, "start": None, "end": None}),
                    "anonymous": q.speaker_anonymous,
                },
                "addressee": {
                    "actor_id": q.addressee_actor_id,
                    "name": actor_name(q.addressee_actor_id) or q.addressee.text_of(text),
                    **(_span(text, q.addressee) or {}),
                }
                if q.addressee is not None
                else None,
                "cue": _span(text, q.cue),
                "content": _span(text, q.content),
                "start": q.span.start,
                "end": q.span.end,
            }
            for q in analysis.quotes
        ],
        "attributions": [
            {
                "source": {
                    "actor_id": a.source_actor_id,
                    "name": actor_name(a.source_actor_id) or a.source_text,
                    **(_span(text, a.source) or {}),
                    "anonymous": a.source_anonymous,
                },
                "via": {"actor_id": a.via_actor_id, "name": actor_name(a.via_actor_id)}
                if a.via_actor_id
                else None,
                "cue": _span(text, a.cue),
                "scope": {"start": a.scope.start, "end": a.scope.end},
            }
            for a in analysis.attributions
        ],
        "time_expressions": [
            {
                "text": t.text,
                "value": t.value.isoformat(),
                "granularity": t.granularity,
                "start": t.span.start,
                "end": t.span.end,
            }
            for t in analysis.time_expressions
        ],
        "claims": [
            {
                "text": c.text,
                "start": c.span.start,
                "end": c.span.end,
                "sentence": c.sentence_index,
                "checkworthiness": (
                    None if c.checkworthiness is None else round(c.checkworthiness, 3)
                ),
                "check_worthy": c.check_worthy,
                "rule_score": round(c.score, 3),
                "speaker_actor_id": c.speaker_actor_id,
                "attributed": c.attributed,
                "candidates": [
                    {
                        "narrative_id": cand.narrative_id,
                        "score": cand.score,
                        "dense": cand.dense,
                        "lexical": cand.lexical,
                        "margin": cand.margin,
                        "verified": cand.verified,
                        "signals": list(cand.signals),
                        "statement": cand.statement,
                        "statement_language": cand.statement_language,
                    }
                    for cand in (analysis.candidates[i] if i < len(analysis.candidates) else ())
                ],
            }
            for i, c in enumerate(analysis.claims)
        ],
        "matches": matches,
        "document_stance": {m["narrative_id"]: m["document_stance"] for m in matches},
        "actor_stances": [
            {"narrative_id": m["narrative_id"], **s} for m in matches for s in m["actor_stances"]
        ],
        "warnings": list(analysis.warnings),
    }


def render_text(result: dict[str, Any], width: int = 100) -> str:
    """A readable report of the JSON document, evidence first."""
    lines: list[str] = []
    doc = result["document"]
    add = lines.append
    add(f"Document   {doc.get('title') or doc.get('source')}")
    add(f"Source     {doc.get('source')}" + (f"  ({doc['outlet']})" if doc.get("outlet") else ""))
    add(f"Language   {result['language'] or 'unknown'}")
    add(f"Published  {result['published_at'] or 'unknown'}")
    for warning in result["warnings"]:
        add(f"Warning    {warning}")
    add("")
    add(f"Narratives ({len(result['matches'])})")
    if not result["matches"]:
        add("  none recognised")
    for match in result["matches"]:
        add(
            f"  [{match['status']}] {match['narrative_id']}  score {match['score']:.3f}, "
            f"margin {match['confidence']:.3f}  "
            f"({match['category']}, risk {match['risk']})"
        )
        add(f"    {match['title']}")
        add(_wrapped("evidence", f"“{match['evidence']['text']}”", width))
        add(_wrapped("matched", match["matched_statement"], width))
        why = match["explanation"]
        if why["dense"] is not None:
            add(
                f"    why: dense {why['dense']:.3f} + lexical {why['lexical']:.2f} "
                f"({why['statement_language']} statement); margin {why['margin']:.3f} vs "
                f"suggest {why['thresholds']['suggest']:.3f} / auto "
                f"{why['thresholds']['auto']:.3f}; roles, negation and action verified"
            )
        markers = ", ".join(dict.fromkeys(m["text"] for m in match["stance_markers"]))
        add(
            f"    outlet stance: {match['document_stance']}"
            + (f"  (markers: {markers})" if markers else "")
        )
        for stance in match["actor_stances"]:
            add(
                f"    {stance['stance']:9} {stance['name']}  via {stance['via']}: "
                f"“{_short(stance['evidence']['text'])}”"
            )
    add("")
    add(f"Quotes ({len(result['quotes'])})")
    for quote in result["quotes"]:
        speaker = quote["speaker"]["name"] or quote["speaker"]["text"] or "unknown speaker"
        if quote["speaker"]["anonymous"]:
            speaker = _unnamed_source(quote["speaker"]["text"], quote["speaker"]["name"])
        if quote["addressee"] is not None:
            speaker += f" to {quote['addressee']['name']}"
        add(
            _wrapped(
                f"{quote['kind']:8}",
                f"{speaker} ({quote['cue']['text']}): “{_short(quote['content']['text'], 160)}”",
                width,
            )
        )
    add("")
    add(f"Cited sources ({len(result['attributions'])})")
    for attribution in result["attributions"]:
        via = f" via {attribution['via']['name']}" if attribution["via"] else ""
        source = attribution["source"]
        name = source["name"]
        if source["anonymous"]:
            name = _unnamed_source(source["text"], source["name"] if source["actor_id"] else None)
        add(f"  {name}{via}  (cue: {attribution['cue']['text']})")
    add("")
    add(f"Dates ({len(result['time_expressions'])})")
    for expression in result["time_expressions"]:
        add(f"  {expression['value']}  “{expression['text']}”")
    add("")
    named = [a for a in result["actors"] if a["kind"] != "place"]
    add(f"Actors ({len(named)})")
    for actor in named:
        roles = f" — {', '.join(actor['roles_in_text'])}" if actor["roles_in_text"] else ""
        add(f"  {actor['name']} [{actor['kind']}]{roles}")
    add("")

    # The classifier's probability when it ran, else the rules' score.
    def worthiness(claim: dict[str, Any]) -> float:
        value = claim["checkworthiness"]
        return float(claim["rule_score"] if value is None else value)

    # Every claim is listed by score, so the heading says how many passed the check-worthy
    # bar: "no check-worthy claim found" above a list of claims would read as a contradiction.
    ranked = sorted(result["claims"], key=lambda c: -worthiness(c))[:8]
    passed = sum(1 for claim in result["claims"] if claim["check_worthy"])
    add(
        f"Claims by check-worthiness ({passed} of {len(result['claims'])} check-worthy; "
        f"top {len(ranked)} shown)"
    )
    for claim in ranked:
        add(_wrapped(f"{worthiness(claim):.2f}", _short(claim["text"], 200), width))
    return "\n".join(lines)


def _unnamed_source(mention: str, body: str | None) -> str:
    """ "unnamed source “источник в Минобороны России” (Russian Ministry of Defence)"."""
    return f"unnamed source “{mention}”" + (f" ({body})" if body else "")


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrapped(label: str, text: str, width: int) -> str:
    prefix = f"    {label}: " if not label.strip().replace(".", "").isdigit() else f"  {label}  "
    return textwrap.fill(
        " ".join(text.split()),
        width=width,
        initial_indent=prefix,
        subsequent_indent=" " * len(prefix),
    )
