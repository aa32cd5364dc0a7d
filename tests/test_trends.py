"""Timelines and surges read from a store filled through ``store.add_document``."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from narrativewatch.actors.registry import load_registry
from narrativewatch.ingest import make_document
from narrativewatch.model import Analysis, Span, Stance
from narrativewatch.pipeline import outlet_actor
from narrativewatch.store.sqlite import SQLiteStore
from narrativewatch.trends import command
from narrativewatch.trends.surges import SurgeConfig, store_surges, surging_days
from narrativewatch.trends.timeline import render_timeline, timeline

from .conftest import stored_match

NARRATIVE = "ukraine-preparing-attack-on-belarus"
OTHER = "western-weapons-resold"
START = date(2024, 6, 1)
REGISTRY = load_registry()


def _story(n: int) -> str:
    # Texts that share no shingles, so that none is taken for a near-duplicate of another.
    words = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")
    return " ".join(f"{words[(n + i) % 8]}{n}x{i}" for i in range(40))


def _add(
    store: SQLiteStore,
    n: int,
    offset: int,
    outlet: str,
    stance: Stance = Stance.PROMOTES,
    narrative_id: str = NARRATIVE,
) -> None:
    day = START + timedelta(days=offset)
    document = make_document(
        _story(n),
        source="test",
        outlet=outlet,
        published_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
    )
    evidence = Span(0, 40)
    match = stored_match(narrative_id, evidence, stance)
    analysis = Analysis(
        document=document,
        language="en",
        sentences=(),
        entities=(),
        actors=(),
        quotes=(),
        attributions=(),
        time_expressions=(),
        claims=(),
        matches=(match,),
        outlet_actor=outlet_actor(outlet, REGISTRY),
    )
    store.add_document(document, analysis, {"model_id": "test"})


@pytest.fixture
def surging_store(store: SQLiteStore) -> SQLiteStore:
    """A quiet narrative (one RU story every fourth day) that surges on day 30 across
    three outlets, and a second narrative pushed 12 times by one outlet on day 30."""
    n = 0
    for offset in range(0, 30, 4):
        n += 1
        _add(store, n, offset, "ria.ru")
    for outlet in ("ria.ru", "tass.ru", "rt.com", "ria.ru", "tass.ru", "rt.com", "tass.ru"):
        n += 1
        _add(store, n, 30, outlet)
    n += 1
    _add(store, n, 30, "pravda.com.ua", Stance.REFUTES)
    for _ in range(12):
        n += 1
        _add(store, n, 30, "rt.com", narrative_id=OTHER)
    return store


def test_timeline_zero_fills_the_range_and_leaves_out_refutations(
    surging_store: SQLiteStore,
) -> None:
    since, until = START + timedelta(days=28), START + timedelta(days=31)
    result = timeline(surging_store, "narrative", since=since, until=until)
    assert result.days == (since, since + timedelta(days=1), since + timedelta(days=2), until)
    by_key = {s.key: [c.documents for c in s.counts] for s in result.series}
    assert by_key == {NARRATIVE: [1, 0, 7, 0], OTHER: [0, 0, 12, 0]}
    assert result.series[0].key == OTHER  # busiest first
    one = timeline(surging_store, "narrative", narrative_id=NARRATIVE, since=since, until=until)
    assert [s.key for s in one.series] == [NARRATIVE]


def test_timeline_by_country_counts_outlet_countries(surging_store: SQLiteStore) -> None:
    result = timeline(surging_store, "country")
    assert [s.key for s in result.series] == ["RU"]  # the refuting UA story is not spread
    assert result.series[0].total == 8 + 7 + 12
    assert len(result.days) == 31 and result.days[0] == START


def test_timeline_refuses_unknown_facet(store: SQLiteStore) -> None:
    with pytest.raises(ValueError, match="expected one of"):
        timeline(store, "weather")
    assert timeline(store, "narrative").series == ()


def test_surges_fire_on_the_spread_jump_but_not_on_one_outlets_bulk(
    surging_store: SQLiteStore,
) -> None:
    points = store_surges(surging_store, "narrative", since=START + timedelta(days=29))
    surging = surging_days(points)
    assert [(p.day, p.key) for p in surging] == [(START + timedelta(days=30), NARRATIVE)]
    bulk = next(p for p in points if p.key == OTHER and p.documents == 12)
    assert bulk.score == 0.0 and not bulk.surging
    # The baseline before --since was read: the expectation is the quiet rate, floored.
    assert surging[0].expected == SurgeConfig().min_expected
    assert all(p.day >= START + timedelta(days=29) for p in points)


def test_render_timeline_marks_surging_days(surging_store: SQLiteStore) -> None:
    result = timeline(surging_store, "narrative", since=START + timedelta(days=30))
    text = render_timeline(result, [(START + timedelta(days=30), NARRATIVE)])
    lines = text.splitlines()
    assert lines[0].split() == ["day", "narrative", "stories", "copies", "outlets", "top", "share"]
    assert lines[1].split() == ["2024-07-01", NARRATIVE, "7", "0", "3", "0.43", "*"]
    assert lines[2].split() == ["2024-07-01", OTHER, "12", "0", "1", "1.00"]


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    command.configure_parser(parser)
    code = command.main(parser.parse_args([*argv, "--db", str(tmp_path / "nw.db")]))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_trends_command_json_and_surges(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled = SQLiteStore(str(tmp_path / "nw.db"))
    for n in range(10):
        _add(filled, n, 10, ("ria.ru", "tass.ru", "rt.com", "Sputnik")[n % 4])
    _add(filled, 99, 0, "ria.ru")
    filled.close()

    code, out, _ = _run(
        tmp_path, capsys, "--json", "--since", "2024-06-10", "--until", "2024-06-12"
    )
    assert code == 0
    report = json.loads(out)
    assert report["by"] == "narrative" and report["since"] == "2024-06-10"
    (series,) = report["series"]
    assert [d["documents"] for d in series["days"]] == [0, 10, 0]
    assert series["days"][1]["outlets"] == 4 and series["days"][1]["surging"] is True

    code, out, _ = _run(tmp_path, capsys, "--surges", "--json")
    assert code == 0
    assert [(s["day"], s["key"]) for s in json.loads(out)["surges"]] == [("2024-06-11", NARRATIVE)]

    code, out, _ = _run(tmp_path, capsys, "--surges", "--by", "country")
    assert code == 0 and out.splitlines()[1].split()[:3] == ["2024-06-11", "RU", "10"]


def test_trends_command_refuses_an_unknown_narrative(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(tmp_path, capsys, "--narrative", "no-such-narrative")
    assert (code, out) == (2, "") and "no such store" in err  # a mistyped --db makes nothing
    assert not (tmp_path / "nw.db").exists()
    SQLiteStore(str(tmp_path / "nw.db")).close()
    code, out, err = _run(tmp_path, capsys, "--narrative", "no-such-narrative")
    assert (code, out) == (2, "")
    assert "unknown narrative 'no-such-narrative'" in err
    code, out, err = _run(tmp_path, capsys, "--narrative", "us-military-biolabs-in-ukraine")
    assert code == 0 and "no spread" in out  # known, just not in this store


def test_trends_command_refuses_inverted_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(tmp_path, capsys, "--since", "2024-06-12", "--until", "2024-06-10")
    assert (code, out) == (2, "")
    assert "after --until" in err
