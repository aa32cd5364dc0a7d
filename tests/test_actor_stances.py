"""An outlet that relays someone's words takes their stance (matching.document._relayed)."""

from __future__ import annotations

from datetime import UTC, datetime

from narrativewatch.model import Stance
from narrativewatch.pipeline import Pipeline

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
        "The claim was launched on 6 March by the Russian Ministry of Defence. The documents "
        "Moscow published describe public-health laboratories that monitor outbreaks of "
        "diseases such as anthrax. The United States has supported their biosafety for years "
        "under a programme meant to secure dangerous material left from the Soviet era."
    )
    _, stances = actor_stances(pipeline, text, "en", "us-military-biolabs-in-ukraine", PUBLISHED)
    assert stances.get("united-states") is Stance.REFUTES, stances
