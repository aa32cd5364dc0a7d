"""The content of an alert: what fired, why, and the exact evidence (pure functions).

Evidence points into the stored text: for every appearance, the document, its character
offsets and text, and the sentence around it, so an analyst can check each alert against
the sources. The content is JSON-ready and hashed (``fingerprint``) to tell whether a
re-run changed an alert.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

from narrativewatch.alerts.episodes import (
    Episode,
    RuleHit,
    SurgeSummary,
    countries_in_order,
    distinct_stories,
)
from narrativewatch.model import Appearance, Narrative, Span

# Enough for an analyst to verify an alert, small enough for a webhook body; the totals are
# always reported beside, and the store keeps every appearance.
MAX_EVIDENCE = 50
MAX_COUNTER_EVIDENCE = 20
_SENTENCE_ENDS = ".!?\n…"

TextOf = Callable[[int], str | None]


def alert_content(
    episode: Episode,
    narrative: Narrative | None,
    hits: Sequence[RuleHit],
    surge: SurgeSummary,
    text_of: TextOf,
    label: str | None = None,
) -> dict[str, Any]:
    """The JSON-ready content of the alert for ``episode`` (``hits`` most severe first).
    ``label`` is the title when there is no catalog narrative (a discovered cluster)."""
    outlets = sorted({a.outlet for a in episode.spread if a.outlet})
    return {
        "narrative": {
            "id": episode.narrative_id,
            "title": narrative.title if narrative else label,
            "category": narrative.category if narrative else None,
            "risk": narrative.risk if narrative else None,
        },
        "severity": hits[0].severity,
        "rules": [
            {"id": hit.rule_id, "severity": hit.severity, "reasons": list(hit.reasons)}
            for hit in hits
        ],
        "episode": {
            "first_day": episode.first_day.isoformat(),
            "last_day": episode.last_day.isoformat(),
            "stories": distinct_stories(episode.spread),
            "documents": len({a.document_id for a in episode.spread}),
            "outlets": outlets,
            "countries": countries_in_order(episode.spread),
            "refuting_documents": len({a.document_id for a in episode.counter}),
        },
        "surge": {
            "max_score": round(surge.max_score, 4) if surge.max_score is not None else None,
            "surging_days": [day.isoformat() for day in surge.surging_days],
        },
        "evidence": [_evidence(a, text_of) for a in episode.spread[:MAX_EVIDENCE]],
        "evidence_total": len(episode.spread),
        "counter_evidence": [_evidence(a, text_of) for a in episode.counter[:MAX_COUNTER_EVIDENCE]],
        "counter_evidence_total": len(episode.counter),
    }


def fingerprint(content: dict[str, Any]) -> str:
    """A stable hash of alert content: equal content, equal fingerprint."""
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _evidence(appearance: Appearance, text_of: TextOf) -> dict[str, Any]:
    text = text_of(appearance.document_id) or ""
    span = appearance.evidence
    sentence = sentence_around(text, span) if text else None
    return {
        "document_id": appearance.document_id,
        "copy_of": appearance.copy_of,
        "published_at": (appearance.published_at.isoformat() if appearance.published_at else None),
        "outlet": appearance.outlet,
        "role": appearance.role.value,
        "stance": appearance.stance.value,
        "actor_id": appearance.actor_id,
        "actor_name": appearance.actor_name,
        "actor_level": appearance.actor_level,
        "country": appearance.country,
        "start": span.start,
        "end": span.end,
        "text": span.text_of(text) if text else None,
        "sentence": (
            {"start": sentence.start, "end": sentence.end, "text": sentence.text_of(text)}
            if sentence
            else None
        ),
    }


def sentence_around(text: str, span: Span) -> Span | None:
    """The sentence(s) holding ``span``: from the end of the previous sentence to the next
    sentence end. A plain punctuation search, not the analysis' sentence splitter: the
    store keeps spans, not sentences, and an evidence span is already claim-sized."""
    if span.end > len(text):
        return None
    start = max(text.rfind(mark, 0, span.start) for mark in _SENTENCE_ENDS) + 1
    while start < span.start and text[start].isspace():
        start += 1
    ends = [i for i in (text.find(mark, max(span.end - 1, span.start)) for mark in _SENTENCE_ENDS)]
    found = [i for i in ends if i >= 0]
    end = min(found) + 1 if found else len(text)
    if text[end - 1 : end] == "\n":
        end -= 1
    return Span(start, max(end, span.end))
