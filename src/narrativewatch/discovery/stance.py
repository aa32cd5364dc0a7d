"""Whether the outlet of a discovered claim refutes it.

Discovery reads no narrative, so it cannot say who promotes a story; but an outlet's own
verdict does not need one. A fact check of a story the catalog does not hold ("Фейк:
українське зерно йде до Європи …") carries the story's claims as the thing it rates: its
claims are counter-evidence, not spread, as they are for a catalog narrative. The outlet's
stance is read as the matcher reads it (`matching.stance.document_stance`): debunk and
distancing markers in the outlet's own voice, counting fully in the title and the claim's
sentence, half around it and a quarter anywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from narrativewatch.alerts.payload import sentence_around
from narrativewatch.matching.stance import document_stance
from narrativewatch.model import Quote, QuoteKind, Span, Stance
from narrativewatch.pipeline import title_span

# Characters on each side of the claim's sentence read as its context (about a sentence).
_CONTEXT_CHARACTERS = 200


def outlet_stance(
    text: str, title: str | None, analysis: Mapping[str, Any], claim: Mapping[str, Any]
) -> Stance:
    """REFUTES when the outlet of ``text`` rates ``claim`` (a stored analysis's claim) false
    or keeps it at a distance, else REPORTS (the outlet carries it)."""
    span = Span(int(claim["start"]), int(claim["end"]))
    if span.end > len(text):
        return Stance.REPORTS
    sentence = sentence_around(text, span) or span
    context = [
        Span(max(0, sentence.start - _CONTEXT_CHARACTERS), sentence.start),
        Span(sentence.end, min(len(text), sentence.end + _CONTEXT_CHARACTERS)),
    ]
    stance, _ = document_stance(
        text,
        [sentence],
        context,
        title_span(text, title),
        [_quote(q) for q in analysis.get("quotes", [])],
        attributed=True,
        language=analysis.get("language"),
    )
    return Stance.REFUTES if stance is Stance.REFUTES else Stance.REPORTS


def _quote(stored: Mapping[str, Any]) -> Quote:
    def span(part: Mapping[str, Any]) -> Span:
        return Span(int(part["start"]), int(part["end"]))

    return Quote(
        span=Span(int(stored["start"]), int(stored["end"])),
        content=span(stored["content"]),
        cue=span(stored["cue"]),
        kind=QuoteKind(stored["kind"]),
        speaker_actor_id=None,  # the stance reads only where the quoted words are
        speaker=None,
        speaker_text=None,
    )
