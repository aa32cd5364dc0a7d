"""A document that mentions a narrative only to deny it refutes it: counter-evidence for
traces and alerts, never spread (matching.document._denial_match)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from narrativewatch.ingest import make_document
from narrativewatch.model import MatchStatus, Stance
from narrativewatch.pipeline import Pipeline, analyze

NARRATIVE = "ukraine-preparing-attack-on-belarus"
PUBLISHED = datetime(2024, 7, 1, 12, tzinfo=UTC)

DENIALS = {
    "uk": (
        "Речник Державної прикордонної служби України Андрій Демченко заявив, що "
        "твердження білоруської сторони про те, ніби Україна стягує війська до кордону з "
        "Білоруссю, не відповідають дійсності. За його словами, ситуація на кордоні "
        "залишається стабільною і контрольованою."
    ),
    "en": (
        "Ukraine is not massing troops near the border with Belarus, the State Border Guard "
        "Service of Ukraine said on Monday. Its spokesman Andriy Demchenko said the "
        "situation on the border remained stable and under control."
    ),
}


@pytest.mark.parametrize("language", sorted(DENIALS))
def test_a_denial_alone_is_a_refuting_match_for_review(pipeline: Pipeline, language: str) -> None:
    document = make_document(
        DENIALS[language], source="test", language=language, published_at=PUBLISHED
    )
    analysis = analyze(document, pipeline)
    found = [m for m in analysis.matches if m.narrative_id == NARRATIVE]
    assert found, [(m.narrative_id, m.stance) for m in analysis.matches]
    match = found[0]
    assert match.stance is Stance.REFUTES
    assert match.status is MatchStatus.SUGGESTED
    assert all(s.stance is not Stance.PROMOTES for s in match.actor_stances)
    evidence = document.text[match.evidence.start : match.evidence.end]
    assert "війська" in evidence or "troops" in evidence


def test_a_claim_that_repeats_the_narrative_still_promotes(pipeline: Pipeline) -> None:
    document = make_document(
        "Ukraine is massing troops near the border with Belarus and preparing an attack, "
        "the State Border Committee of Belarus said on Thursday.",
        source="test",
        language="en",
        published_at=PUBLISHED,
    )
    found = [m for m in analyze(document, pipeline).matches if m.narrative_id == NARRATIVE]
    assert found and found[0].method != "hybrid:dense+lexical:denial"
    assert any(s.stance is Stance.PROMOTES for s in found[0].actor_stances)
