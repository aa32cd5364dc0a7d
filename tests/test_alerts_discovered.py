"""Alerts on discovered clusters: a story outside the catalog that surges raises one alert
with its evidence, grows it in place, and never fires on one outlet's reposting, on a
dismissed cluster or under catalog rules; and its trace, as for a narrative.

The store is real (SQLite); discovery's items are written with its own records module, as
`narrativewatch discover` writes them, so no model is loaded.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.alerts import (
    command,
    engine,
    evaluate_alerts,
    latest_alerts,
    load_rules,
    parse_rules,
)
from narrativewatch.alerts.discovered import daily_counts_of, discovered_series
from narrativewatch.discovery.appearances import discovered_key
from narrativewatch.discovery.clusters import ClusterItem
from narrativewatch.discovery.discover import DiscoveryOptions, candidates
from narrativewatch.discovery.records import StoredItem, add_items, decide, item_key
from narrativewatch.errors import ConfigError
from narrativewatch.ingest import make_document
from narrativewatch.model import (
    Actor,
    ActorKind,
    Analysis,
    Appearance,
    AppearanceRole,
    Span,
    Stance,
)
from narrativewatch.store.sqlite import SQLiteStore
from narrativewatch.trace import trace_narrative

from .conftest import stored_match

DAY = date(2024, 5, 20)
STORY = "Finnish border guards are releasing wolves into Karelia, a deputy claimed."


def _story_vector(cluster: int) -> tuple[float, ...]:
    return tuple(1.0 if i == cluster % 8 else 0.0 for i in range(8))


def add_claim(
    store: SQLiteStore,
    cluster: int,
    serial: int,
    day: date,
    outlet: str,
    claim: str = STORY,
    vector: tuple[float, ...] | None = None,
    speaker: Actor | None = None,
    known_narrative: str | None = None,
) -> int:
    """Store a document holding an unmatched claim and file the claim (with its discovery
    vector; by default one of its own per cluster: another cluster, another story) under
    ``cluster``, as discovery does; returns the document id. With
    ``known_narrative`` the document also matches that catalog narrative (on its first
    words), as a wire story carrying a known narrative and a reaction to it would."""
    filler = " ".join(f"detail{serial}w{i}" for i in range(40))  # distinct stories
    text = f"Report {serial}. {claim} {filler}."
    published = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(minutes=serial)
    document = make_document(text, source=f"test-{serial}", outlet=outlet, published_at=published)
    matches = ()
    if known_narrative:
        evidence = Span(0, len(f"Report {serial}."))
        matches = (stored_match(known_narrative, evidence, Stance.REPORTS),)
    analysis = Analysis(
        document=document,
        language="en",
        sentences=(),
        entities=(),
        actors=(speaker,) if speaker else (),
        quotes=(),
        attributions=(),
        time_expressions=(),
        claims=(),
        matches=matches,
    )
    added = store.add_document(document, analysis, {"model_id": "test"})
    start = text.index(claim)
    item = ClusterItem(
        key=item_key(added.document_id, 0),
        text=claim,
        language="en",
        vector=np.array(vector or _story_vector(cluster), dtype=np.float32),
        published_at=published,
        outlet=outlet,
    )
    with store.transaction():
        stored = StoredItem(
            item, cluster, added.document_id, 0, start, start + len(claim), speaker and speaker.id
        )
        add_items(store, [stored])
    return added.document_id


def test_a_surging_discovered_cluster_raises_one_alert_that_grows_in_place(
    store: SQLiteStore,
) -> None:
    add_claim(store, 1, 0, DAY - timedelta(days=20), "North Wire")  # the cluster's quiet start
    # BelTA is a Belarusian outlet in the bundled actor registry; Minsk Daily is unknown.
    surge = [add_claim(store, 1, 1 + i, DAY, ("BelTA", "Minsk Daily")[i % 2]) for i in range(4)]
    # Bulk reposting: five stories a day, all from one outlet, in another cluster.
    for i in range(5):
        add_claim(store, 2, 10 + i, DAY, "Repost Mill")
    config = load_rules()

    run = evaluate_alerts(store, (), config)
    (alert,) = run.changed
    assert alert.narrative_id == discovered_key(1)
    payload = alert.payload
    assert payload["severity"] == "medium"
    assert [rule["id"] for rule in payload["rules"]] == ["new-story-surging"]
    assert f"surging on {DAY.isoformat()}" in payload["rules"][0]["reasons"]
    assert payload["narrative"]["title"] == STORY
    assert payload["episode"]["stories"] == 4  # the quiet start is an episode of its own
    assert payload["surge"]["surging_days"] == [DAY.isoformat()]
    # Evidence points at the claim in each stored document.
    for evidence in payload["evidence"]:
        stored = store.get_document(evidence["document_id"])
        assert stored is not None
        assert (
            stored.document.text[evidence["start"] : evidence["end"]] == STORY == evidence["text"]
        )
    assert {e["document_id"] for e in payload["evidence"]} >= set(surge)

    assert evaluate_alerts(store, (), config).changed == ()  # nothing new, nothing changed
    assert payload["episode"]["countries"] == ["BY"]
    add_claim(store, 1, 20, DAY + timedelta(days=1), "TASS")
    (grown,) = evaluate_alerts(store, (), config).changed
    assert (grown.id, grown.version) == (alert.id, 2)
    assert grown.payload["episode"]["stories"] == 5
    assert grown.payload["episode"]["countries"] == ["BY", "RU"]
    assert len(latest_alerts(store)) == 1


def test_a_cluster_whose_documents_carry_a_known_narrative_raises_no_new_story_alert(
    store: SQLiteStore,
) -> None:
    """Reactions clustered from the documents of a known narrative ("a reason for concern
    in Moscow" beside "Ukraine masses troops") are its coverage: the known narrative's own
    alert covers those documents. The same surge in documents without it is a new story."""
    covered = "ukraine-preparing-attack-on-belarus"
    for i in range(4):  # 3 of 4 documents match the known narrative
        add_claim(
            store,
            1,
            i,
            DAY,
            ("BelTA", "Minsk Daily")[i % 2],
            known_narrative=covered if i else None,
        )
    assert evaluate_alerts(store, (), load_rules()).changed == ()
    for i in range(4):  # 1 of 4: a new story
        add_claim(
            store,
            2,
            10 + i,
            DAY,
            ("BelTA", "Minsk Daily")[i % 2],
            known_narrative=covered if i == 0 else None,
        )
    (alert,) = evaluate_alerts(store, (), load_rules()).changed
    assert alert.narrative_id == discovered_key(2)


def test_an_alert_is_named_by_the_claim_at_the_centre_of_its_episode(
    store: SQLiteStore,
) -> None:
    # The cluster began months earlier with another story; what surges is the new one.
    add_claim(
        store, 3, 0, DAY - timedelta(days=60), "a", "An old unrelated headline.", (0, 1, 0, 0)
    )
    surge = [
        ("Mall struck by missiles, officials say.", (1.0, 0.2, 0.0, 0.0)),
        ("Missiles hit a shopping mall in the city.", (1.0, 0.0, 0.05, 0.0)),
        ("Shopping centre hit, dozens feared dead.", (1.0, -0.2, 0.0, 0.0)),
        ("Rescuers search the mall's ruins.", (0.9, 0.0, 0.4, 0.0)),
    ]
    for i, (claim, vector) in enumerate(surge):
        add_claim(store, 3, 1 + i, DAY, f"outlet-{i % 2}", claim, vector)
    (alert,) = evaluate_alerts(store, (), load_rules()).changed
    assert alert.payload["narrative"]["title"] == "Missiles hit a shopping mall in the city."


def test_an_indirect_report_names_its_alert_without_the_complementizer(
    store: SQLiteStore,
) -> None:
    """The claim of "X said that P" is P with its "that" (the evidence is what the text
    says); the alert's name is P as a statement, the evidence still the exact span."""
    claim = "that Finnish border guards are releasing wolves into Karelia"
    for i in range(4):
        add_claim(store, 4, i, DAY, f"outlet-{i % 2}", claim)
    (alert,) = evaluate_alerts(store, (), load_rules()).changed
    title = alert.payload["narrative"]["title"]
    assert title == "Finnish border guards are releasing wolves into Karelia"
    assert {e["text"] for e in alert.payload["evidence"]} == {claim}


def test_dismissed_clusters_and_catalog_rules_never_alert_on_discoveries(
    store: SQLiteStore,
) -> None:
    for i in range(4):
        add_claim(store, 7, i, DAY, f"outlet-{i % 2}")
    catalog_only = parse_rules(
        '[[rules]]\nid = "any-surge"\nseverity = "low"\nsurging = true\n', "catalog.toml"
    )
    assert evaluate_alerts(store, (), catalog_only).changed == ()
    with store.transaction():
        decide(store, 7, "dismissed", None)
    assert evaluate_alerts(store, (), load_rules()).changed == ()


def test_a_quiet_cluster_is_scored_against_the_whole_stream() -> None:
    def claim(day: date, document: int, outlet: str | None) -> Appearance:
        moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        return Appearance(
            "discovered:3",
            document,
            AppearanceRole.OUTLET,
            Stance.REPORTS,
            moment,
            Span(0, 1),
            outlet,
        )

    counts = daily_counts_of(
        "discovered:3",
        [claim(DAY, 1, "a"), claim(DAY, 1, "a"), claim(DAY, 2, None), claim(DAY, 3, "a")],
        since=DAY - timedelta(days=10),
    )
    assert [(c.day, c.documents, c.outlets) for c in counts] == [
        (DAY - timedelta(days=10), 0, 0),
        (DAY, 3, 2),  # two claims of one document are one story; no outlet: its own source
    ]
    assert counts[1].top_outlet_share == pytest.approx(2 / 3)


def test_discovered_series_reads_only_clusters_big_enough_to_surge(store: SQLiteStore) -> None:
    add_claim(store, 1, 0, DAY, "a")
    for i in range(3):
        add_claim(store, 2, 1 + i, DAY, "b")
    (series,) = discovered_series(store, min_stories=3)
    assert series.key == discovered_key(2)
    assert series.counts[0].day == DAY


@pytest.mark.parametrize(
    ("rule", "key"),
    [
        ('scope = "discovered"\ncategories = ["pretext-escalation"]', "categories"),
        ('scope = "discovered"\nnarratives = ["x-y"]', "narratives"),
        ('scope = "everything"', "scope"),
    ],
)
def test_rules_on_discoveries_refuse_conditions_they_can_never_meet(rule: str, key: str) -> None:
    text = f'[[rules]]\nid = "x"\nseverity = "low"\n{rule}\n'
    with pytest.raises(ConfigError, match=rf"mine\.toml: rules\[0\]\.{key}: "):
        parse_rules(text, "mine.toml")


def test_discovery_surge_options_are_read_and_checked() -> None:
    rules = '[[rules]]\nid = "x"\nseverity = "low"\nscope = "discovered"\nsurging = true\n'
    config = parse_rules(f"[discovery_surges]\nthreshold = 4\n{rules}", "mine.toml")
    assert config.discovery_surge_options == {"threshold": 4}
    with pytest.raises(ConfigError, match=r"mine\.toml: discovery_surges\.floor: unknown key"):
        parse_rules(f"[discovery_surges]\nfloor = 4\n{rules}", "mine.toml")


def test_the_command_says_when_discovery_has_not_read_the_newest_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NARRATIVEWATCH_DB", raising=False)
    db = tmp_path / "nw.db"
    store = SQLiteStore(db)
    add_claim(store, 1, 0, DAY, "BelTA")  # filed by discovery: its watermark stays at 0
    store.close()
    parser = argparse.ArgumentParser()
    command.configure_parser(parser)
    assert command.main(parser.parse_args(["--db", str(db)])) == 0
    assert "note: discovery has read documents up to 0 of 1" in capsys.readouterr().err


def test_a_discovered_cluster_traces_to_its_first_outlet_and_across_borders(
    store: SQLiteStore,
) -> None:
    first = add_claim(store, 4, 0, DAY, "BelTA")
    add_claim(store, 4, 1, DAY + timedelta(days=1), "TASS")
    add_claim(store, 4, 2, DAY + timedelta(days=2), "Minsk Daily")
    add_claim(store, 5, 3, DAY - timedelta(days=1), "Other Wire")  # another cluster
    trace = trace_narrative(store, discovered_key(4))
    assert trace.origin is not None and trace.origin.document_id == first
    assert trace.origin.outlet == "outlet:BelTA"  # the node of the outlet
    assert [(j.from_country, j.to_country) for j in trace.jumps] == [("BY", "RU")]
    assert trace.stories == 3
    limited = trace_narrative(store, discovered_key(4), max_documents=2)
    assert limited.stories == 2 and any("earliest 2 documents" in w for w in limited.warnings)
    assert trace_narrative(store, "discovered:999").nodes == ()


def test_a_new_story_voiced_by_a_ministry_and_surging_is_high(store: SQLiteStore) -> None:
    ministry = Actor(
        "t-mfa", "Ministry of Foreign Affairs", ActorKind.STATE_BODY, "RU", level="ministry"
    )
    add_claim(store, 6, 0, DAY, "TASS", speaker=ministry)  # the ministry said it
    for i in range(1, 4):
        add_claim(store, 6, i, DAY, ("RIA Novosti", "Izvestia", "BelTA")[i - 1])
    (alert,) = evaluate_alerts(store, (), load_rules()).changed
    payload = alert.payload
    assert payload["severity"] == "high"
    rules = {rule["id"]: rule["reasons"] for rule in payload["rules"]}
    assert set(rules) == {"new-story-officials-surging", "new-story-surging"}
    assert (
        "voiced by Ministry of Foreign Affairs (ministry)" in rules["new-story-officials-surging"]
    )
    assert payload["episode"]["stories"] == 4  # the speaker's row adds a voice, not a story
    speakers = [e for e in payload["evidence"] if e["role"] == "speaker"]
    assert [(e["actor_id"], e["stance"]) for e in speakers] == [("t-mfa", "promotes")]
    trace = trace_narrative(store, discovered_key(6))
    assert trace.origin is not None and trace.origin.actor == "t-mfa"


def test_a_run_re_reads_only_clusters_with_new_claims(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    for cluster in (1, 2):
        for i in range(4):
            add_claim(store, cluster, 10 * cluster + i, DAY, f"outlet-{i % 2}")
    config = load_rules()
    assert len(evaluate_alerts(store, (), config).changed) == 2
    read: list[set[int] | None] = []
    real = engine.discovered_series

    def spy(*args: object, **kwargs: object) -> object:
        read.append(args[3] if len(args) > 3 else None)  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "discovered_series", spy)
    assert evaluate_alerts(store, (), config).changed == ()
    assert read[-1] == set()  # nothing new: no cluster read
    add_claim(store, 2, 30, DAY + timedelta(days=1), "outlet-9")
    (grown,) = evaluate_alerts(store, (), config).changed
    assert read[-1] == {2} and grown.narrative_id == discovered_key(2) and grown.version == 2
    # A claim older than the stream's start moves every cluster's baseline: all are re-read.
    add_claim(store, 7, 40, DAY - timedelta(days=90), "outlet-1")
    evaluate_alerts(store, (), config)
    assert read[-1] is None


def test_candidates_name_the_known_narrative_they_cover_and_come_last(
    store: SQLiteStore,
) -> None:
    covered = "ukraine-preparing-attack-on-belarus"
    for i in range(6):
        add_claim(store, 1, i, DAY, ("BelTA", "Minsk Daily")[i % 2], known_narrative=covered)
    for i in range(6):
        add_claim(store, 2, 10 + i, DAY - timedelta(days=3), ("Wire A", "Wire B")[i % 2])
    found = candidates(store, DiscoveryOptions())
    assert [(c.cluster_id, c.covered_by) for c in found] == [(2, None), (1, covered)]
    assert (found[1].covered_documents, found[1].documents) == (6, 6)


def file_second_claim(store: SQLiteStore, document_id: int, cluster: int, serial: int) -> None:
    """File another claim of a stored document (its "Report N." opening) under
    ``cluster``: one story's documents bring claims to several clusters."""
    stored = store.get_document(document_id)
    assert stored is not None
    text = stored.document.text
    end = text.index(".") + 1
    item = ClusterItem(
        key=item_key(document_id, 1),
        text=text[:end],
        language="en",
        vector=np.array(_story_vector(cluster), dtype=np.float32),
        published_at=stored.document.published_at,
        outlet=stored.document.outlet,
    )
    with store.transaction():
        add_items(store, [StoredItem(item, cluster, document_id, 1, 0, end, None)])


def test_two_clusters_of_one_story_raise_one_alert(store: SQLiteStore) -> None:
    outlets = ("BelTA", "Minsk Daily", "TASS", "North Wire")
    documents = [add_claim(store, 1, i, DAY, outlets[i]) for i in range(4)]
    for i, document_id in enumerate(documents[:3]):  # a second claim of 3 of the 4 stories
        file_second_claim(store, document_id, 2, i)
    other = [add_claim(store, 3, 10 + i, DAY, outlets[i], claim="Another story.") for i in range(4)]
    config = load_rules()

    changed = evaluate_alerts(store, (), config).changed
    # Cluster 2's documents are cluster 1's: one story, alerted once, by the larger
    # cluster. Cluster 3 is another story, over other documents.
    assert sorted(a.narrative_id for a in changed) == [discovered_key(1), discovered_key(3)]
    assert other
    # A later run in which only cluster 2 grows (its claims in the story's documents)
    # raises no second alert either.
    file_second_claim(store, documents[3], 2, 3)
    assert [a.narrative_id for a in evaluate_alerts(store, (), config).changed] == []
    assert len(latest_alerts(store)) == 2


def test_an_old_cluster_surging_with_a_new_storys_claims_raises_no_second_alert(
    store: SQLiteStore,
) -> None:
    """The Kremenchuk mall strike (RUWA, 27 June 2022): the strike's own cluster surged,
    and so did a year-old "missile strikes" cluster that absorbed some of its reports —
    other documents, the same story. One alert, by the cluster with more of the day's
    claims; a cluster with other claims that day keeps its own."""
    story = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.6, 0.8)
    near = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.8, 0.6)  # cosine 0.96 with the story's claims
    outlets = ("Wire A", "Wire B", "Wire C", "Wire D", "Wire E")
    for i in range(5):  # the old cluster's baseline, months before
        add_claim(store, 1, 50 + i, DAY - timedelta(days=60 + 7 * i), outlets[i], vector=near)
    for i in range(3):
        add_claim(store, 1, 60 + i, DAY, outlets[i], vector=near)
    for i in range(5):
        add_claim(store, 2, 70 + i, DAY, outlets[i], vector=story)
    for i in range(3):
        add_claim(store, 3, 80 + i, DAY, outlets[i], claim="Another story.")  # far away

    changed = evaluate_alerts(store, (), load_rules()).changed
    assert sorted(a.narrative_id for a in changed) == [discovered_key(2), discovered_key(3)]


def test_a_story_already_alerted_through_an_old_cluster_is_not_alerted_again(
    store: SQLiteStore,
) -> None:
    """Across runs: the old cluster's alert came first; when the story's own cluster surges
    later that day with claims of the same meaning, the story keeps its one alert."""
    story = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.6, 0.8)
    near = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.8, 0.6)
    outlets = ("Wire A", "Wire B", "Wire C", "Wire D", "Wire E")
    for i in range(5):
        add_claim(store, 1, 50 + i, DAY - timedelta(days=60 + 7 * i), outlets[i], vector=near)
    for i in range(3):
        add_claim(store, 1, 60 + i, DAY, outlets[i], vector=near)
    config = load_rules()
    assert [a.narrative_id for a in evaluate_alerts(store, (), config).changed] == [
        discovered_key(1)
    ]
    for i in range(5):
        add_claim(store, 2, 70 + i, DAY, outlets[i], vector=story)
    changed = evaluate_alerts(store, (), config).changed
    assert discovered_key(2) not in {a.narrative_id for a in changed}
    assert {a.narrative_id for a in latest_alerts(store)} == {discovered_key(1)}
