"""Cited sources (analysis.attributions): who a citation names, and what it vouches for."""

from __future__ import annotations

from narrativewatch.analysis.extraction import extract
from narrativewatch.pipeline import Pipeline


def _sources(pipeline: Pipeline, text: str, language: str) -> list[tuple[str | None, str]]:
    found = extract(text, language, pipeline.nlp, pipeline.registry).attributions
    return [(a.source_actor_id, a.source.text_of(text)) for a in found]


def test_a_description_after_the_cue_is_the_body_named_before(pipeline: Pipeline) -> None:
    # The ministry is the source; the person after the comma is what it reports on.
    text = (
        "Russian Defence Minister Sergei Shoigu spoke to his counterparts on Sunday, the "
        "Russian Defence Ministry said.\n\n"
        "According to the ministry, Shoigu voiced concern that Kyiv intended to set off a "
        "dirty bomb."
    )
    assert _sources(pipeline, text, "en") == [("russia-ministry-of-defence", "ministry")]


def test_a_description_with_nobody_named_before_names_no_source(pipeline: Pipeline) -> None:
    text = "According to the ministry, Shoigu voiced concern about a dirty bomb."
    assert _sources(pipeline, text, "en") == []


def test_a_role_before_the_name_is_skipped(pipeline: Pipeline) -> None:
    text = "The report was carried by RIA Novosti, citing Putin's spokesman Dmitry Peskov."
    assert ("dmitry-peskov", "Dmitry Peskov") in _sources(pipeline, text, "en")


def test_a_role_set_off_by_a_comma_still_leads_to_the_name(pipeline: Pipeline) -> None:
    text = "According to the spokesman, Dmitry Peskov, the talks had failed again on Monday."
    assert ("dmitry-peskov", "Dmitry Peskov") in _sources(pipeline, text, "en")


def test_a_citing_verb_before_that_cites_its_subject_not_what_follows(
    pipeline: Pipeline,
) -> None:
    text = "ТАСС пишет, что Москва отвергла обвинения. Британская разведка пишет, что Москва теряет"
    text += " тысячу военных в день."
    assert _sources(pipeline, text, "ru") == [("tass", "ТАСС")]


def test_a_citing_verb_before_its_source_still_cites_it(pipeline: Pipeline) -> None:
    text = "Москва отвергла обвинения. Об этом пишет РБК."
    assert _sources(pipeline, text, "ru") == [("rbc", "РБК")]
