"""Appearances: what the store records for every match, and the daily counts read from it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from importlib import resources

import pytest

from narrativewatch.actors.registry import load_registry
from narrativewatch.appearances import appearances_of
from narrativewatch.ingest import make_document
from narrativewatch.model import (
    Actor,
    ActorKind,
    ActorStance,
    Analysis,
    AppearanceRole,
    Span,
    Stance,
)
from narrativewatch.pipeline import outlet_actor
from narrativewatch.store.base import FeedbackEntry
from narrativewatch.store.sqlite import SQLiteStore

from .conftest import stored_match

NARRATIVE = "ukraine-preparing-attack-on-belarus"
PESKOV = Actor(
    "dmitry-peskov", "Dmitry Peskov", ActorKind.PERSON, country="RU", level="spokesperson"
)


def _analysis(
    text: str,
    day: int,
    outlet: str,
    stance: Stance,
    actors: tuple[tuple[Actor, Stance, str], ...] = (),
    narrative_id: str = NARRATIVE,
) -> Analysis:
    document = make_document(
        text, source="test", outlet=outlet, published_at=datetime(2024, 7, day, 9, tzinfo=UTC)
    )
    evidence = Span(0, min(len(document.text), 40))
    match = stored_match(
        narrative_id,
        evidence,
        stance,
        statement="Ukraine is preparing to attack Belarus",
        actor_stances=tuple(
            ActorStance(actor.id, actor_stance, evidence, via)
            for actor, actor_stance, via in actors
        ),
    )
    return Analysis(
        document=document,
        language="en",
        sentences=(),
        entities=(),
        actors=tuple(actor for actor, _, _ in actors),
        quotes=(),
        attributions=(),
        time_expressions=(),
        claims=(),
        matches=(match,),
        outlet_actor=outlet_actor(outlet, load_registry()),
    )


def _store(store: SQLiteStore, analysis: Analysis) -> int:
    return store.add_document(analysis.document, analysis, {"model_id": "test"}).document_id


def _story(n: int) -> str:
    # Texts that share no shingles, so that none is taken for a near-duplicate of another.
    words = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")
    return " ".join(f"{words[(n + i) % 8]}{n}x{i}" for i in range(40))


def test_one_appearance_for_the_outlet_and_each_actor() -> None:
    analysis = _analysis(
        _story(1),
        1,
        "ria.ru",
        Stance.REPORTS,
        ((PESKOV, Stance.PROMOTES, "quote"), (PESKOV, Stance.PROMOTES, "claim")),
    )
    rows = appearances_of(analysis, 7)
    assert [(a.role, a.actor_id, a.stance) for a in rows] == [
        (AppearanceRole.OUTLET, "ria-novosti", Stance.REPORTS),
        (AppearanceRole.SPEAKER, "dmitry-peskov", Stance.PROMOTES),
    ]
    assert rows[0].country == "RU" and rows[0].actor_level == "state_media"
    assert rows[1].actor_level == "spokesperson" and all(a.document_id == 7 for a in rows)


def test_store_round_trip_keeps_facets_copies_and_time_order(store: SQLiteStore) -> None:
    later = _analysis(_story(2), 3, "pravda.com.ua", Stance.REFUTES)
    earlier = _analysis(
        _story(3), 1, "ria.ru", Stance.PROMOTES, ((PESKOV, Stance.PROMOTES, "quote"),)
    )
    _store(store, later)
    original = _store(store, earlier)
    copy_text = earlier.document.text.replace(" ", "  ", 1) + " Read more."
    copy = _analysis(copy_text, 2, "tass.ru", Stance.PROMOTES)
    copy_id = _store(store, copy)

    rows = store.appearances(NARRATIVE)
    assert [a.published_at.day if a.published_at else None for a in rows] == [1, 1, 2, 3]
    assert rows[0].role is AppearanceRole.OUTLET and rows[0].country == "RU"
    assert rows[1].actor_name == "Dmitry Peskov"
    copied = [a for a in rows if a.document_id == copy_id]
    assert copied and copied[0].copy_of == original
    assert (
        store.appearances(NARRATIVE, since=date(2024, 7, 2), until=date(2024, 7, 2))[0].document_id
        == copy_id
    )


def test_daily_counts_leave_out_refutes_and_count_copies_once(store: SQLiteStore) -> None:
    original = _analysis(
        _story(4), 1, "ria.ru", Stance.PROMOTES, ((PESKOV, Stance.PROMOTES, "quote"),)
    )
    _store(store, original)
    _store(store, _analysis(original.document.text + " Read more.", 1, "tass.ru", Stance.PROMOTES))
    _store(store, _analysis(_story(5), 1, "ria.ru", Stance.PROMOTES))
    _store(store, _analysis(_story(6), 1, "pravda.com.ua", Stance.REFUTES))

    (day,) = store.daily_counts("narrative")
    assert (day.day, day.key, day.documents, day.copies, day.outlets) == (
        date(2024, 7, 1),
        NARRATIVE,
        2,
        1,
        2,
    )
    assert day.top_outlet_share == 1.0  # both stories are ria.ru's; tass.ru only copied one
    by_country = {c.key: c.documents for c in store.daily_counts("country")}
    assert by_country == {"RU": 2}
    by_actor = {c.key: c.documents for c in store.daily_counts("actor")}
    assert by_actor == {"spokesperson": 1}


def test_rejected_matches_leave_timelines(store: SQLiteStore) -> None:
    analysis = _analysis(_story(7), 1, "ria.ru", Stance.PROMOTES)
    document_id = _store(store, analysis)
    store.add_feedback(
        FeedbackEntry(
            document_id, NARRATIVE, 0, 40, "claim", "claim", "en", "rejected", analyst="test"
        ),
        add_variant=False,
    )
    assert store.appearances(NARRATIVE) == []
    assert store.daily_counts() == []
    assert len(store.appearances(NARRATIVE, include_rejected=True)) == 1


def test_outlet_actor_accepts_names_and_hosts_but_only_outlets() -> None:
    registry = load_registry()
    assert outlet_actor("www.ria.ru", registry) is not None
    resolved = outlet_actor("RIA Novosti", registry)
    assert resolved is not None and resolved.country == "RU"
    assert outlet_actor("Vladimir Putin", registry) is None
    assert outlet_actor("", registry) is None
    # An edition or language in parentheses is the same outlet.
    edition = outlet_actor("RIA Novosti (en)", registry)
    assert edition is not None and edition.id == resolved.id
    assert outlet_actor("(ru)", registry) is None


@pytest.mark.parametrize(
    ("outlet", "actor_id"),
    [
        # a language or mobile edition is its site's outlet
        ("en.news-front.info", "news-front"),
        ("https://en.news-front.info/2022/03/01/some-story/", "news-front"),
        ("m.censor.net", "censor-net"),
        ("eng.belta.by", "belta"),
        ("edition.cnn.com", "cnn"),
        # a site's own domain wins over its bare label: these are not Russia's Interfax,
        # RBC or Pravda.ru
        ("interfax.com.ua", "interfax-ukraine"),
        ("rbc.ua", "rbc-ukraine"),
        ("www.rbc.ru", "rbc"),
        ("www.pravda.com.ua", "ukrainska-pravda"),
        ("english.pravda.ru", "pravda-ru"),
        # a country's second-level domain is not a site's name
        ("www.bbc.co.uk", "bbc"),
        ("abcnews.go.com", "abc-news"),
        # a Telegram link names its channel
        ("t.me/rybar", "rybar"),
        ("https://t.me/s/rybar/12345", "rybar"),
        ("www.aljazeera.com", "al-jazeera"),
    ],
)
def test_outlet_actor_reads_hosts_and_links(outlet: str, actor_id: str) -> None:
    actor = outlet_actor(outlet, load_registry())
    assert actor is not None and actor.id == actor_id


def test_outlet_actor_does_not_guess_from_generic_labels() -> None:
    registry = load_registry()
    for outlet in ("uk.news.yahoo.com", "example.com", "localhost", "t.me/", "com.ua"):
        assert outlet_actor(outlet, registry) is None, outlet
    # malformed addresses name nothing, and raise nothing
    for outlet in ("://", "http://", "t.me/s/", "a..b", "[::1]:80", ".", "/", "www."):
        assert outlet_actor(outlet, registry) is None, outlet
    # credentials, a port and a trailing dot are not part of the site's name
    resolved = outlet_actor("https://user@ria.ru.:443/news", registry)
    assert resolved is not None and resolved.id == "ria-novosti"


def test_the_demo_outlets_have_the_countries_they_are_modelled_on() -> None:
    demo = resources.files("narrativewatch") / "demo"
    registry = load_registry([str(demo / "outlets.yaml")])
    outlets = {
        json.loads(line)["outlet"]
        for line in (demo / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    }
    countries = {
        outlet: getattr(outlet_actor(outlet, registry), "country", None) for outlet in outlets
    }
    assert countries["Demo Minsk Wire (ru)"] == "BY"
    assert countries["Demo State Wire (ru)"] == countries["Demo Vesti (ru)"] == "RU"
    assert countries["Demo Kyiv Wire (uk)"] == countries["Demo Perevirka (uk)"] == "UA"
    assert countries["Demo Wire (en)"] is None  # an international wire: no country
