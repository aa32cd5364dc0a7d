"""Which claims count as one an analyst rejected (`matching/rejected.py`): the same words
or a repost of them, never a changed word."""

from __future__ import annotations

from narrativewatch.matching.rejected import RejectedClaims, rejected_claims, words
from narrativewatch.pipeline import Pipeline

NARRATIVE = "sanctions-backfire"
REJECTED = "EU Council expands sanctions against Russia"


def _rejected() -> RejectedClaims:
    return rejected_claims(
        [(REJECTED, NARRATIVE, "rejected"), ("Треть беженцев — дети.", "refugees", "rejected")]
    )


def test_words_ignore_case_punctuation_spacing_and_character_forms() -> None:
    assert words("«EU Council»\u00a0expands  sanctions — against Russia!") == words(REJECTED)
    assert words("ﬁnal") == ("final",)
    assert words("Треть беженцев - дети") == ("треть", "беженцев", "дети")


def test_the_same_words_and_reposts_are_covered() -> None:
    rejected = _rejected()
    assert rejected.covers("EU council expands sanctions against Russia.", NARRATIVE)
    assert rejected.covers("BREAKING: EU Council expands sanctions against Russia", NARRATIVE)
    assert rejected.covers(
        "EU Council expands sanctions against Russia, Reuters reports", NARRATIVE
    )
    assert rejected.covers("ТРЕТЬ беженцев - дети", "refugees")


def test_a_changed_word_or_another_narrative_is_asked_about_afresh() -> None:
    rejected = _rejected()
    # the opposite claim: e5 puts it at cosine 0.98 from the rejected one
    assert not rejected.covers("EU Council lifts sanctions against Russia", NARRATIVE)
    assert not rejected.covers("EU countries to strengthen sanctions against Russia", NARRATIVE)
    assert not rejected.covers(REJECTED, "another-narrative")
    # the rejected words inside a longer claim of its own
    assert not rejected.covers(
        "Hungary says the EU Council expands sanctions against Russia while its own "
        "economy pays the price of every new package",
        NARRATIVE,
    )
    # part of a word is not the word
    assert not rejected.covers(
        "Treasury: EU Council expands sanctions against Russian banks", NARRATIVE
    )


def test_the_latest_decision_on_the_claim_or_a_repost_of_it_wins() -> None:
    repost = "BREAKING: " + REJECTED
    reported = REJECTED + ", Reuters reports"

    def covered(*decisions: tuple[str, str, str]) -> bool:
        return rejected_claims(decisions).covers(REJECTED, NARRATIVE)

    rejected = (REJECTED, NARRATIVE, "rejected")
    # a later confirmation of a repost, or of the claim a rejected repost reposts, lifts it
    assert not covered(rejected, (repost, NARRATIVE, "confirmed"))
    assert not rejected_claims(
        [(reported, NARRATIVE, "rejected"), (REJECTED, NARRATIVE, "confirmed")]
    ).covers(reported, NARRATIVE)
    # an earlier confirmation does not; nor one of another claim or narrative
    assert covered((repost, NARRATIVE, "confirmed"), rejected)
    assert covered(rejected, ("EU Council lifts sanctions against Russia", NARRATIVE, "confirmed"))
    assert covered(rejected, (repost, "another-narrative", "confirmed"))
    # a second rejection, of a repost, keeps the first
    assert covered(rejected, (reported, NARRATIVE, "rejected"))
    assert rejected_claims([rejected, (reported, NARRATIVE, "rejected")]).covers(repost, NARRATIVE)


def test_nothing_rejected_covers_nothing() -> None:
    empty = rejected_claims([])
    assert not empty and len(empty) == 0
    assert not empty.covers(REJECTED, NARRATIVE)
    assert len(_rejected()) == 2


def test_why_not_by_meaning(pipeline: Pipeline) -> None:
    """The embedder puts a claim's opposite and its reversal next to it (the numbers in
    `matching/rejected.py` and docs/review.md): a rejection by closeness of meaning would
    silence them."""
    pairs = [
        (REJECTED, "EU Council lifts sanctions against Russia"),  # 0.981
        ("Ukraine masses troops near Belarus", "Belarus masses troops near Ukraine"),  # 0.997
    ]
    for rejected, other in pairs:
        first, second = pipeline.embedder.embed_queries([rejected, other])
        assert float(first @ second) > 0.97
        assert not rejected_claims([(rejected, NARRATIVE, "rejected")]).covers(other, NARRATIVE)
