"""Fact-check labels ("Claim:", "Verdict:", «Фейк:») name no one: no speaker, no person,
and the claim under review starts after the label."""

from __future__ import annotations

import pytest

from narrativewatch.analysis.labels import is_fact_check_label, reviewed_claim_start
from narrativewatch.model import Document, Span
from narrativewatch.pipeline import Pipeline, analyze


def _span_of(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words))


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Claim: Ukraine is massing troops.", "Claim", True),
        ("Intro.\nVerdict: False.", "Verdict", True),
        ("Fact check: the pictures are old.", "Fact check", True),
        ("Our verdict: misleading.", "Our verdict", True),
        ("Фейк: українське зерно йде до Європи", "Фейк", True),
        ("Dmitry Peskov: we are concerned.", "Dmitry Peskov", False),
        ("Комсомольская правда: в Киеве готовят провокацию", "Комсомольская правда", False),
        ("He called it a claim: nothing more.", "claim", False),  # not at a line start
        ("Claim that Ukraine attacked: false.", "Claim", False),  # no colon after the label
    ],
)
def test_what_counts_as_a_label(text: str, label: str, expected: bool) -> None:
    assert is_fact_check_label(text, _span_of(text, label)) is expected


def test_the_reviewed_claim_starts_after_its_label_and_a_verdict_is_no_claim_label() -> None:
    text = "Claim: Ukraine is massing troops near Belarus.\nVerdict: False, no evidence."
    first = text.split("\n")[0]
    assert reviewed_claim_start(text, Span(0, len(first))) == text.index("Ukraine")
    assert reviewed_claim_start(text, Span(len(first) + 1, len(text))) is None
    assert reviewed_claim_start("Peskov: Ukraine masses troops.", Span(0, 30)) is None


@pytest.mark.parametrize(
    ("language", "text", "claim"),
    [
        (
            "en",
            "Claim: Ukraine is concentrating troops near the border with Belarus.\n"
            "Verdict: No evidence. The State Border Guard Service of Ukraine denied it.",
            "Ukraine is concentrating troops near the border with Belarus.",
        ),
        (
            "uk",
            "Фейк: українське зерно йде до Європи, а не бідним країнам.\n"
            "Правда: більшість зерна отримали країни Азії та Африки.",
            "українське зерно йде до Європи, а не бідним країнам.",
        ),
    ],
)
def test_a_fact_check_label_is_no_speaker_and_no_person(
    pipeline: Pipeline, language: str, text: str, claim: str
) -> None:
    analysis = analyze(
        Document(text=text, content_hash="x", source="t", language=language), pipeline
    )
    labels = {"Claim", "Verdict", "Фейк", "Правда"}
    assert not [q for q in analysis.quotes if q.speaker and q.speaker.text_of(text) in labels]
    assert not [e for e in analysis.entities if e.text in labels]
    reviewed = [c for c in analysis.claims if c.text == claim]
    assert reviewed and reviewed[0].attributed, [c.text for c in analysis.claims]
