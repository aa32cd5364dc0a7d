"""Trace: the chain of a narrative from separate documents, through the real pipeline and
store, and the rules of narrativewatch.trace.chain on hand-built appearances."""

from __future__ import annotations

import argparse
import json
import random
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from narrativewatch.ingest import IngestOptions
from narrativewatch.model import Appearance, AppearanceRole, Span, Stance
from narrativewatch.pipeline import Pipeline
from narrativewatch.service import ingest_sources
from narrativewatch.settings import Settings
from narrativewatch.store.sqlite import SQLiteStore
from narrativewatch.trace import (
    Citation,
    EdgeKind,
    NodePart,
    Trace,
    build_trace,
    command,
    trace_narrative,
    trace_to_json,
)
from narrativewatch.trace.command import render_text
from narrativewatch.trace.graph import render_svg

from .conftest import ROOT, SAMPLE

CORPUS = ROOT / "tests" / "data" / "trace" / "belarus-border-chain.jsonl"
NARRATIVE = "ukraine-preparing-attack-on-belarus"
SVG = "{http://www.w3.org/2000/svg}"


# -- the chain of the sample, from separate documents through the real pipeline ------------


@pytest.fixture(scope="module")
def traced_store(
    pipeline: Pipeline, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, int]]:
    """A real SQLite file holding the corpus and the sample; the document ids by outlet."""
    if not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} not found: put shared/ beside the clone")
    path = tmp_path_factory.mktemp("trace") / "trace.db"
    store = SQLiteStore(path)
    try:
        corpus = ingest_sources([str(CORPUS)], settings, store=store, pipeline=pipeline)
        sample = ingest_sources(
            [str(SAMPLE)],
            settings,
            IngestOptions(outlet="Ukrainska Pravda"),
            store=store,
            pipeline=pipeline,
        )
        assert not corpus.errors and not sample.errors
        ids = {s.document.outlet or "": s.document.id or 0 for s in store.documents()}
    finally:
        store.close()
    return path, ids


@pytest.fixture(scope="module")
def trace(traced_store: tuple[Path, dict[str, int]]) -> Trace:
    store = SQLiteStore(traced_store[0])
    try:
        return trace_narrative(store, NARRATIVE)
    finally:
        store.close()


def edge_between(trace: Trace, source: str, target: str, kind: EdgeKind) -> list[datetime]:
    return [
        e.at
        for e in trace.edges
        if (e.source, e.target, e.kind) == (source, target, kind) and e.at is not None
    ]


def test_origin_is_the_belarusian_border_committee(trace: Trace) -> None:
    assert trace.origin is not None
    assert trace.origin.actor == "belarus-state-border-committee"
    assert trace.origin.outlet == "belta"
    assert trace.origin.published_at is not None
    assert trace.origin.published_at.date() == date(2024, 6, 20)


def test_peskov_and_ria_novosti_amplify_on_1_july(trace: Trace) -> None:
    committee, peskov, ria = "belarus-state-border-committee", "dmitry-peskov", "ria-novosti"
    repeated = edge_between(trace, committee, peskov, EdgeKind.REPEATS)
    cited = edge_between(trace, peskov, ria, EdgeKind.CITES)
    assert [d.date() for d in repeated] == [date(2024, 7, 1)]
    assert [d.date() for d in cited] == [date(2024, 7, 1)]
    # RIA Novosti's own item names the committee's earlier statement
    assert edge_between(trace, committee, ria, EdgeKind.CITES)
    parts = {node.id: node.parts for node in trace.nodes}
    assert NodePart.AMPLIFIER in parts[peskov] and NodePart.AMPLIFIER in parts[ria]


def test_refuters_are_counter_evidence_not_spread(
    trace: Trace, traced_store: tuple[Path, dict[str, int]]
) -> None:
    ids = traced_store[1]
    refuters = {"ukraine-state-border-guard-service", "ukrainska-pravda"}
    nodes = {node.id: node for node in trace.nodes}
    for refuter in refuters:
        assert nodes[refuter].parts == (NodePart.REFUTER,)
        assert not [
            e for e in trace.edges if e.target == refuter and e.kind is not EdgeKind.REFUTES
        ]
    countered = {(c.node, c.document_id) for c in trace.counter_evidence}
    assert ("ukrainska-pravda", ids["Ukrainska Pravda"]) in countered
    assert ("ukraine-state-border-guard-service", ids["Ukrinform"]) in countered
    assert set(trace.refuting_documents) == {ids["Ukrainska Pravda"], ids["Ukrinform"]}
    # the border guards refute the committee; the reporting outlet refutes Peskov
    assert edge_between(
        trace, "belarus-state-border-committee", "ukraine-state-border-guard-service",
        EdgeKind.REFUTES,
    )  # fmt: skip
    assert edge_between(trace, "dmitry-peskov", "ukrainska-pravda", EdgeKind.REFUTES)


def test_the_copy_counts_once_but_stays_visible(
    trace: Trace, traced_store: tuple[Path, dict[str, int]]
) -> None:
    ids = traced_store[1]
    assert trace.copies == ((ids["Izvestia"], ids["RIA Novosti"]),)
    assert edge_between(trace, "ria-novosti", "izvestia", EdgeKind.COPIES)
    assert trace.stories == 2  # BelTA's statement and RIA Novosti's item; not the copy
    assert trace_to_json(trace)["volume"] == {"stories": 2, "copies": 1}


def test_cross_border_jump_from_belarus_to_russia(trace: Trace) -> None:
    jumps = [(j.from_country, j.to_country) for j in trace.jumps]
    assert ("BY", "RU") in jumps
    first = next(j for j in trace.jumps if (j.from_country, j.to_country) == ("BY", "RU"))
    assert first.source == "belarus-state-border-committee"
    assert first.at is not None and first.at.date() == date(2024, 7, 1)
    assert all(j.kind is not EdgeKind.REFUTES for j in trace.jumps)


def test_svg_parses_and_names_the_nodes(trace: Trace) -> None:
    svg = render_svg(trace)
    root = ET.fromstring(svg)
    titles = {t.text for t in root.iter(f"{SVG}title")}
    for name in (
        "State Border Committee of Belarus (BY)",
        "Dmitry Peskov (RU)",
        "RIA Novosti (RU)",
        "State Border Guard Service of Ukraine (UA)",
        "Ukrainska Pravda (UA)",
    ):
        assert any(t and t.startswith(name + ":") for t in titles), name
    kinds = {g.get("data-kind") for g in root.iter(f"{SVG}g") if g.get("class") == "edge"}
    assert kinds == {"cites", "copies", "repeats", "refutes"}
    assert render_svg(trace) == svg


def test_trace_command_prints_json_and_writes_svg(
    traced_store: tuple[Path, dict[str, int]],
    cli_env: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = argparse.ArgumentParser()
    command.configure_parser(parser)
    image = cli_env / "trace.svg"
    args = parser.parse_args(
        [NARRATIVE, "--json", "--svg", str(image), "--db", str(traced_store[0])]
    )
    assert command.main(args) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["origin"]["actor"] == "belarus-state-border-committee"
    assert printed["origin"]["published_at"].startswith("2024-06-20")
    assert ET.parse(image).getroot().tag == f"{SVG}svg"

    text_args = parser.parse_args([NARRATIVE, "--db", str(traced_store[0])])
    assert command.main(text_args) == 0
    text = capsys.readouterr().out
    assert "origin: State Border Committee of Belarus (published by BelTA), 2024-06-20" in text
    assert "cross-border jumps: BY→RU" in text

    quiet = parser.parse_args(["us-military-biolabs-in-ukraine", "--db", str(traced_store[0])])
    assert command.main(quiet) == 3  # a catalog narrative that has not appeared yet
    assert "no appearances of narrative 'us-military-biolabs-in-ukraine'" in (
        capsys.readouterr().err
    )
    mistyped = parser.parse_args(["no-such-narrative", "--db", str(traced_store[0])])
    assert command.main(mistyped) == 2
    assert "unknown narrative 'no-such-narrative'" in capsys.readouterr().err


# -- the rules, on hand-built appearances -------------------------------------------------

DAY = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)


def appear(
    document: int,
    role: str,
    stance: str,
    actor: str | None,
    *,
    day: int | None = 0,
    country: str | None = None,
    outlet: str | None = None,
    copy_of: int | None = None,
    start: int = 0,
) -> Appearance:
    return Appearance(
        narrative_id="n",
        document_id=document,
        role=AppearanceRole(role),
        stance=Stance(stance),
        published_at=None if day is None else DAY + timedelta(days=day),
        evidence=Span(start, start + 10),
        outlet=outlet or f"outlet {document}",
        actor_id=actor,
        actor_name=actor.title() if actor else None,
        country=country,
        copy_of=copy_of,
    )


def kinds(trace: Trace) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in trace.edges}


def test_empty_and_other_narratives() -> None:
    other = Appearance("other", 1, AppearanceRole.OUTLET, Stance.PROMOTES, DAY, Span(0, 1))
    trace = build_trace("n", [other])
    assert trace.origin is None and trace.nodes == () and trace.edges == ()


def test_a_voice_wins_a_tie_with_its_outlet_and_the_cited_root_wins_among_voices() -> None:
    rows = [
        appear(1, "outlet", "reports", "wire", country="RU"),
        appear(1, "source", "promotes", "agency", country="RU", start=5),
        appear(1, "source", "promotes", "spokesman", country="RU", start=20),
    ]
    # "agency, citing spokesman": the spokesman is the root although named later
    citation = Citation(1, "spokesman", Span(20, 30), via_actor_id="agency")
    trace = build_trace("n", rows, [citation])
    assert trace.origin is not None and trace.origin.actor == "spokesman"
    assert kinds(trace) == {("spokesman", "agency", "cites"), ("agency", "wire", "cites")}
    without_citation = build_trace("n", rows)
    assert without_citation.origin is not None and without_citation.origin.actor == "agency"


def test_input_order_does_not_matter() -> None:
    rows = [
        appear(1, "outlet", "promotes", "a", day=0, country="BY"),
        appear(2, "outlet", "reports", "b", day=3, country="RU"),
        appear(2, "speaker", "promotes", "c", day=3, country="RU"),
        appear(3, "outlet", "refutes", "d", day=4, country="UA"),
        appear(3, "speaker", "promotes", "c", day=4, country="RU", start=40),
    ]
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    assert build_trace("n", shuffled) == build_trace("n", rows)
    assert render_svg(build_trace("n", shuffled)) == render_svg(build_trace("n", rows))


def test_time_order_links_to_the_earliest_promoter_not_the_latest() -> None:
    rows = [
        appear(1, "outlet", "promotes", "first", day=0),
        appear(2, "outlet", "promotes", "second", day=1),
        appear(3, "outlet", "promotes", "third", day=2),
        appear(4, "outlet", "promotes", "same-time", day=0),
    ]
    trace = build_trace("n", rows)
    assert trace.origin is not None and trace.origin.actor == "first"
    assert kinds(trace) == {("first", "second", "repeats"), ("first", "third", "repeats")}


def test_an_explicit_citation_replaces_the_time_order_guess() -> None:
    rows = [
        appear(1, "outlet", "promotes", "first", day=0),
        appear(2, "outlet", "promotes", "second", day=1),
        appear(3, "outlet", "reports", "third", day=2),
        appear(3, "source", "promotes", "second", day=2),
    ]
    trace = build_trace("n", rows)
    assert kinds(trace) == {("first", "second", "repeats"), ("second", "third", "cites")}


def test_undated_appearances_are_never_ordered() -> None:
    rows = [
        appear(1, "outlet", "promotes", "undated", day=None),
        appear(2, "outlet", "promotes", "dated", day=5),
        appear(3, "outlet", "promotes", "later", day=6),
    ]
    trace = build_trace("n", rows)
    assert trace.origin is not None and trace.origin.actor == "dated"
    assert kinds(trace) == {("dated", "later", "repeats")}
    assert trace.warnings == ("document 1 has no date: left out of the time order",)
    only_undated = build_trace("n", rows[:1])
    assert only_undated.origin is not None and only_undated.origin.published_at is None
    assert render_svg(trace).count("undated") >= 1


def test_a_copy_published_before_its_linked_original_points_the_other_way() -> None:
    rows = [
        appear(1, "outlet", "promotes", "original-site", day=2),
        appear(2, "outlet", "promotes", "early-copier", day=1, copy_of=1),
    ]
    trace = build_trace("n", rows)
    assert kinds(trace) == {("early-copier", "original-site", "copies")}
    assert trace.copies == ((2, 1),)
    assert trace.stories == 1


def test_a_copy_adds_no_citations_of_its_own() -> None:
    rows = [
        appear(1, "outlet", "reports", "wire", day=0),
        appear(1, "speaker", "promotes", "official", day=0),
        appear(2, "outlet", "reports", "reprint", day=1, copy_of=1),
        appear(2, "speaker", "promotes", "official", day=1),
    ]
    trace = build_trace("n", rows)
    assert kinds(trace) == {("official", "wire", "cites"), ("wire", "reprint", "copies")}
    assert trace.stories == 1 and len(trace.copies) == 1


def test_a_refuter_who_is_also_quoted_promoting_is_both() -> None:
    rows = [
        appear(1, "outlet", "promotes", "origin", day=0, country="BY"),
        appear(2, "outlet", "refutes", "fact-checker", day=1, country="UA"),
        appear(2, "speaker", "refutes", "minister", day=1, country="UA"),
        appear(3, "outlet", "reports", "wire", day=2, country="RU"),
        appear(3, "speaker", "promotes", "minister", day=2, country="UA"),  # misquoted
    ]
    trace = build_trace("n", rows)
    minister = next(n for n in trace.nodes if n.id == "minister")
    assert minister.parts == (NodePart.AMPLIFIER, NodePart.REFUTER)
    assert [(c.node, c.document_id) for c in trace.counter_evidence] == [
        ("fact-checker", 2),
        ("minister", 2),
    ]
    # a refutation naming no promoter answers the origin; refutes edges are no jumps
    assert ("origin", "fact-checker", "refutes") in kinds(trace)
    assert ("origin", "minister", "refutes") in kinds(trace)
    assert trace.stories == 2
    assert {(j.from_country, j.to_country) for j in trace.jumps} == {("BY", "UA"), ("UA", "RU")}


def test_a_refutation_published_before_the_origin_answers_nobody() -> None:
    rows = [
        appear(1, "outlet", "refutes", "fact-checker", day=0),  # a prebunk
        appear(2, "outlet", "promotes", "minister", day=30),
        appear(3, "outlet", "refutes", "newspaper", day=30),  # same day: answers it
    ]
    trace = build_trace("n", rows)
    assert trace.origin is not None and trace.origin.actor == "minister"
    assert kinds(trace) == {("minister", "newspaper", "refutes")}
    checker = next(n for n in trace.nodes if n.id == "fact-checker")
    assert checker.parts == (NodePart.REFUTER,)
    lines = render_text(trace).splitlines()
    chain = lines[lines.index("chain:") + 1 :]
    assert chain[0].startswith("  2024-06-01  Fact-Checker refutes the narrative before anyone")
    assert chain[1].startswith("  2024-07-01  Newspaper refutes Minister")


def test_promoters_named_only_by_a_refutation_are_named_not_amplifiers() -> None:
    rows = [
        appear(1, "outlet", "promotes", "origin", day=0),
        appear(2, "outlet", "refutes", "newspaper", day=1),
        appear(2, "speaker", "promotes", "leader", day=1),
    ]
    trace = build_trace("n", rows)
    leader = next(n for n in trace.nodes if n.id == "leader")
    assert leader.parts == (NodePart.NAMED,)
    assert ("leader", "newspaper", "refutes") in kinds(trace)
    assert trace.stories == 1 and trace.refuting_documents == (2,)


def test_outlets_without_a_registry_entry_are_nodes_by_name() -> None:
    rows = [appear(1, "outlet", "promotes", None, outlet="Some <Channel> & Co")]
    trace = build_trace("n", rows)
    assert [n.id for n in trace.nodes] == ["outlet:Some <Channel> & Co"]
    root = ET.fromstring(render_svg(trace))
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Some <Channel> & Co" in texts


def test_citations_count_only_for_sources_that_carry_the_narrative() -> None:
    rows = [
        appear(1, "outlet", "reports", "paper", day=0),
        appear(1, "source", "promotes", "spokesman", day=0, start=30),
    ]
    citations = [
        # "a wire service, citing the spokesman": the wire has no appearance of its own
        Citation(1, "spokesman", Span(30, 40), via_actor_id="wire", via_name="The Wire"),
        # a citation for another claim of the same article
        Citation(1, "weather-office", Span(80, 90), via_actor_id="other-wire"),
    ]
    trace = build_trace("n", rows, citations)
    assert kinds(trace) == {("spokesman", "wire", "cites"), ("wire", "paper", "cites")}
    wire = next(n for n in trace.nodes if n.id == "wire")
    assert (wire.name, wire.parts, wire.first_at) == ("The Wire", (NodePart.AMPLIFIER,), DAY)
    assert {n.id for n in trace.nodes} == {"paper", "spokesman", "wire"}


def test_cli_parses_the_trace_command() -> None:
    from narrativewatch.cli import build_parser

    args = build_parser().parse_args(
        ["trace", NARRATIVE, "--db", "x.db", "--svg", "x.svg", "--max-documents", "5"]
    )
    assert (args.narrative_id, args.db, args.svg, args.json, args.max_documents) == (
        NARRATIVE,
        "x.db",
        "x.svg",
        False,
        5,
    )


def test_stored_reports_name_the_outlet_in_the_registry(
    traced_store: tuple[Path, dict[str, int]],
) -> None:
    path, ids = traced_store
    store = SQLiteStore(path)
    try:
        outlets = {
            outlet: (store.get_analysis(document_id) or {})["document"]["outlet_actor"]
            for outlet, document_id in ids.items()
        }
    finally:
        store.close()
    assert outlets["RIA Novosti"]["id"] == "ria-novosti"
    assert outlets["RIA Novosti"]["country"] == "RU"
    assert outlets["Ukrainska Pravda"]["country"] == "UA"
