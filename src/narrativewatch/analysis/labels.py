"""Fact-check labels: "Claim: …", "Verdict: False.", «Фейк: …», «Правда: …».

Fact checks set their parts under one-word labels in a speaker's place ("Name: words"), and
NER models read the capitalised label as a name ("Verdict" as a PERSON). A label names no
one: what follows "Claim:" is the claim under review, not something "Claim" said.
"""

from __future__ import annotations

import re

from narrativewatch.model import Span

# Lowercase; per language, one string each so the lists stay readable.
_LABEL_WORDS = frozenset(
    " ".join(
        [
            "claim claims verdict rating fact facts fake false true misleading context "
            "conclusion myth reality truth debunk debunked fiction summary evidence check",
            "утверждение заявление вердикт фейк правда ложь неправда факт факты миф "
            "реальность вывод контекст оценка манипуляция опровержение",
            "твердження заява вердикт фейк правда брехня неправда факт факти міф реальність "
            "висновок контекст оцінка маніпуляція спростування",
        ]
    ).split()
)
# "Fact check:", "Our verdict:", «Наш вердикт:»: a label word after one of these.
_LABEL_LEADS = frozenset(["our", "the", "fact", "наш", "наша", "наше"])
_LABEL = re.compile(r"(?m)^[ \t>*•-]*(?P<label>[^\W\d_]+(?:[ \t-][^\W\d_]+)?)[ \t]*:")
# The labels under which a fact check states the claim it reviews (the rest introduce its
# own finding: "Verdict", "Fact", «Правда»).
_REVIEWED_CLAIM_LABELS = frozenset(
    {"claim", "claims", "fake", "myth"}
    | {"утверждение", "заявление", "фейк", "миф"}
    | {"твердження", "заява", "міф"}
)


def reviewed_claim_start(text: str, sentence: Span) -> int | None:
    """Where the claim under review starts when ``sentence`` opens with a label that
    introduces one ("Claim: Ukraine is …", «Фейк: українське зерно …»), else None."""
    # (?m)^ matches at ``sentence.start`` only when the sentence starts a line.
    match = _LABEL.match(text, sentence.start, sentence.end)
    if match is None:
        return None
    label = Span(match.start("label"), match.end("label"))
    words = re.split(r"[ \t-]+", match.group("label").lower())
    if words[-1] not in _REVIEWED_CLAIM_LABELS or not is_fact_check_label(text, label):
        return None
    start = match.end()
    while start < sentence.end and text[start] in " \t":
        start += 1
    return start if start < sentence.end else None


def is_fact_check_label(text: str, span: Span) -> bool:
    """Whether ``span`` of ``text`` is a fact-check label: one or two words at the start of
    a line, right before a colon, whose last word is a label word ("Claim", "Fact check",
    «Фейк»)."""
    line_start = text.rfind("\n", 0, span.start) + 1
    match = _LABEL.match(text, line_start)
    if match is None or match.start("label") > span.start or match.end("label") < span.end:
        return False
    words = re.split(r"[ \t-]+", match.group("label").lower())
    if words[-1] not in _LABEL_WORDS:
        return False
    return len(words) == 1 or words[0] in _LABEL_LEADS
