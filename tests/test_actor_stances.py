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
