"""An outlet that does not speak for the narratives' side does not voice them in its own
words: what its sentences share with a narrative is the topic.

e5 scores the topic: "Ukrainian refugees in Germany receive housing and benefits" lands
near "Ukrainian refugees are a burden on Europe". Published by a Ukrainian or a British
outlet in its own voice, it is not that accusation; quoted from someone, refuted, stated
outright, or published by an outlet that speaks for the Kremlin (or that nobody places),
it still counts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from narrativewatch.actors.registry import load_actor_file, load_registry
from narrativewatch.errors import CatalogError
from narrativewatch.model import Document, Stance
from narrativewatch.pipeline import Pipeline, analyze

NARRATIVE = "ukrainian-refugees-are-a-burden"
TOPIC_ONLY = "Ukrainian refugees in Germany receive housing and benefits."
# Quoted and refuted below: a narrative whose subject (crime) the sentences name.
QUOTED_NARRATIVE = "ukrainian-refugees-are-criminals"


def _matches(pipeline: Pipeline, text: str, outlet: str | None) -> dict[str, Stance]:
    document = Document(
        text=text,
        content_hash=f"home-{outlet}-{hash(text)}",
        source="test",
        outlet=outlet,
        published_at=datetime(2022, 5, 1, tzinfo=UTC),
        language="en",
    )
    return {m.narrative_id: m.stance for m in analyze(document, pipeline).matches}


def test_the_topic_alone_resembles_the_narrative(pipeline: Pipeline) -> None:
    # the premise: without knowing the outlet, the embedding suggests the narrative
    assert NARRATIVE in _matches(pipeline, TOPIC_ONLY, None)


def test_an_outlet_of_another_side_does_not_voice_the_narrative_in_its_own_words(
    pipeline: Pipeline,
) -> None:
    assert NARRATIVE not in _matches(pipeline, TOPIC_ONLY, "ukrinform.net")  # the accused
    assert NARRATIVE not in _matches(pipeline, TOPIC_ONLY, "bbc.com")  # a third country
    # the narratives' own side, and an outlet nobody places, are not concerned
    assert NARRATIVE in _matches(pipeline, TOPIC_ONLY, "rt.com")
    assert NARRATIVE in _matches(pipeline, TOPIC_ONLY, "some-blog.example")


def test_an_outlet_aligned_with_the_accusing_side_is_judged_by_that_side(
    pipeline: Pipeline,
) -> None:
    strana = pipeline.registry.get("strana-ua")
    assert strana is not None and strana.country == "UA" and strana.voice_country == "RU"
    assert NARRATIVE in _matches(pipeline, TOPIC_ONLY, "strana.ua")


def test_quoting_or_refuting_the_narrative_still_counts(pipeline: Pipeline) -> None:
    quoted = (
        "Russian state television claimed that Ukrainian refugees are behind a wave of crime "
        "in Poland."
    )
    assert _matches(pipeline, quoted, "ukrinform.net").get(QUOTED_NARRATIVE) is Stance.REPORTS
    refuted = (
        "The claim that Ukrainian refugees are bringing crime to Poland is a fake spread by "
        "Russian propaganda."
    )
    assert _matches(pipeline, refuted, "ukrinform.net").get(QUOTED_NARRATIVE) is Stance.REFUTES


def test_stating_the_narrative_itself_is_kept_whoever_publishes_it(pipeline: Pipeline) -> None:
    # at the auto margin the claim is the accusation, not the topic
    stated = "Ukrainian forces shelled the Zaporizhzhia nuclear power plant overnight."
    assert "ukraine-nuclear-provocation-zaporizhzhia" in _matches(pipeline, stated, "ukrinform.net")


def test_pro_kremlin_speakers_outside_russia_do_not_count_as_the_accused() -> None:
    registry = load_registry()
    medvedchuk = registry.get("viktor-medvedchuk")
    zelensky = registry.get("volodymyr-zelensky")
    assert medvedchuk is not None and medvedchuk.voice_country == "RU"
    assert zelensky is not None and zelensky.voice_country == "UA"


def test_aligned_with_must_be_a_country_code(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "format: narrativewatch-actors/1\n"
        "actors:\n"
        "  - id: some-outlet\n"
        "    kind: outlet\n"
        "    country: MD\n"
        "    aligned_with: [RU]\n"
        "    names: {en: Some Outlet}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match="aligned_with"):
        load_actor_file(path)
    path.write_text(path.read_text().replace("[RU]", "RU"), encoding="utf-8")
    (actor,) = load_actor_file(path)
    assert (actor.country, actor.voice_country) == ("MD", "RU")


def test_the_page_address_names_the_outlet_when_its_field_does_not(pipeline: Pipeline) -> None:
    document = Document(
        text=TOPIC_ONLY,
        content_hash="home-address",
        source="test",
        outlet="Новини України та світу",  # a site title the registry does not know
        url="https://www.ukrinform.net/rubric-society/3500000-refugees.html",
        published_at=datetime(2022, 5, 1, tzinfo=UTC),
        language="en",
    )
    analysis = analyze(document, pipeline)
    assert analysis.outlet_actor is not None and analysis.outlet_actor.id == "ukrinform"
    assert NARRATIVE not in {m.narrative_id for m in analysis.matches}


def test_its_own_sides_action_is_not_a_denial_either(pipeline: Pipeline) -> None:
    # "repulsed an offensive" opposes "Kyiv is preparing an assault" only by its verb
    headline = "Ukrainian troops repulsed an enemy offensive near Donetsk."
    narrative = "ukraine-massing-forces-to-retake-donbas"
    assert _matches(pipeline, headline, None).get(narrative) is Stance.REFUTES  # the premise
    assert narrative not in _matches(pipeline, headline, "ukrinform.net")
    # an explicit denial from the same outlet still refutes it
    denial = (
        "The Ukrainian army is not amassing troops near Donetsk and is not preparing an "
        "assault on the Donbas."
    )
    assert _matches(pipeline, denial, "ukrinform.net").get(narrative) is Stance.REFUTES


@pytest.mark.parametrize(
    ("outlet", "stance"),
    [
        ("rt.com", Stance.PROMOTES),  # the side's own media relays its voice
        ("tass.com", Stance.PROMOTES),
        ("reuters.com", Stance.REPORTS),  # others report who says it
        (None, Stance.REPORTS),
    ],
)
def test_the_sides_own_media_relaying_its_voice_promotes(
    pipeline: Pipeline, outlet: str | None, stance: Stance
) -> None:
    text = (
        "Moscow has accused Kiev of striking the Zaporozhye nuclear power plant, risking a "
        "repeat of the Chernobyl disaster."
    )
    assert _matches(pipeline, text, outlet)["ukraine-nuclear-provocation-zaporizhzhia"] is stance
