"""Actors' stances: an outlet that relays someone's words takes their stance
(matching.document._relayed); only the narrative's voice promotes it by a claim on its topic."""

from __future__ import annotations

from datetime import UTC, datetime

from narrativewatch.model import Document, Stance
from narrativewatch.pipeline import Pipeline, analyze

from .conftest import actor_stances

PUBLISHED = datetime(2024, 7, 1, 12, tzinfo=UTC)


def test_an_agency_relaying_a_claim_takes_the_speakers_stance(pipeline: Pipeline) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov said on Monday that reports of Ukrainian forces "
        "gathering near the Belarusian border were a reason for concern for Moscow as well as "
        "for Minsk, the Russian state news agency RIA Novosti reported. The State Border "
        "Committee of Belarus said on 20 June that Ukraine was massing troops near the border "
        "and preparing an attack on Belarus."
    )
    _, stances = actor_stances(
        pipeline, text, "en", "ukraine-preparing-attack-on-belarus", PUBLISHED
    )
    assert stances.get("dmitry-peskov") is Stance.PROMOTES, stances
    assert stances.get("ria-novosti") is Stance.PROMOTES, stances


def test_calling_the_narrative_moscows_accusation_keeps_it_at_a_distance(
    pipeline: Pipeline,
) -> None:
    text = (
        "Russia's Defence Ministry said on Sunday that Ukrainian special services were "
        "preparing a chemical provocation in Donbas to accuse the Russian army. Ukraine's "
        "Centre for Countering Disinformation warned that Moscow's accusations of chemical "
        '"provocations" could be cover for an attack of its own.'
    )
    _, stances = actor_stances(
        pipeline, text, "en", "ukraine-chemical-weapons-false-flag", PUBLISHED
    )
    assert stances.get("russia-ministry-of-defence") is Stance.PROMOTES, stances
    assert stances.get("ukraine-ccd") is Stance.REFUTES, stances


def test_a_speaker_of_a_second_accused_country_answers_the_narrative(pipeline: Pipeline) -> None:
    # "US military biolabs in Ukraine" accuses the US as much as Ukraine: a US body
    # describing its own programme answers the claim, it does not repeat it.
    text = (
        "On 6 March the Russian Ministry of Defence claimed that the US ran secret military "
        "biolabs in Ukraine. The documents "
        "Moscow published describe public-health laboratories that monitor outbreaks of "
        "diseases such as anthrax. The United States has supported their biosafety for years "
        "under a programme meant to secure dangerous material left from the Soviet era."
    )
    _, stances = actor_stances(pipeline, text, "en", "us-military-biolabs-in-ukraine", PUBLISHED)
    assert stances.get("united-states") is Stance.REFUTES, stances


ZNPP = "ukraine-nuclear-provocation-zaporizhzhia"
TOPICAL = (
    "A potential nuclear disaster at the Zaporizhzhia nuclear power plant could threaten "
    "public health in Ukraine and beyond, {speaker} said."
)


def _stances_with_outlet(
    pipeline: Pipeline, text: str, outlet: str | None, narrative_id: str
) -> dict[str, Stance]:
    document = Document(
        text=text,
        content_hash=f"voice-{outlet}-{hash(text)}",
        source="test",
        outlet=outlet,
        published_at=PUBLISHED,
        language="en",
    )
    found = [m for m in analyze(document, pipeline).matches if m.narrative_id == narrative_id]
    assert found, "the topic alone is matched (the premise)"
    return {s.actor_id: s.stance for s in found[0].actor_stances}


def test_a_warning_on_the_topic_is_not_promoting_it_unless_the_speaker_voices_the_kremlin(
    pipeline: Pipeline,
) -> None:
    # the IAEA on the plant's danger is on the narrative's topic, not its voice
    iaea = _stances_with_outlet(pipeline, TOPICAL.format(speaker="the IAEA"), None, ZNPP)
    assert "iaea" not in iaea
    # the same words from Russia's foreign ministry promote it
    russian = TOPICAL.format(speaker="the Russian Foreign Ministry")
    assert _stances_with_outlet(pipeline, russian, "reuters.com", ZNPP) == {
        "russia-ministry-of-foreign-affairs": Stance.PROMOTES
    }
    # someone the registry does not know takes the side of the outlet that quotes them,
    # and of no one when that is unknown too
    unknown = TOPICAL.format(speaker="John Smith")
    assert _stances_with_outlet(pipeline, unknown, "reuters.com", ZNPP) == {}
    assert _stances_with_outlet(pipeline, unknown, "rt.com", ZNPP) == {
        "adhoc:john-smith": Stance.PROMOTES
    }
    assert _stances_with_outlet(pipeline, unknown, None, ZNPP) == {
        "adhoc:john-smith": Stance.PROMOTES
    }


def test_stating_the_narrative_itself_promotes_it_whoever_says_it(pipeline: Pipeline) -> None:
    stated = (
        "Ukrainian forces keep shelling the Zaporizhzhia nuclear power plant and risk a new "
        "Chernobyl, the IAEA said."
    )
    assert _stances_with_outlet(pipeline, stated, "reuters.com", ZNPP) == {"iaea": Stance.PROMOTES}
