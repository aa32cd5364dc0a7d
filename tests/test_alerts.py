"""Alerts: rules, episodes, severity, evidence, versions, the JSONL sink and the command.

Stores are built from hand-made analyses (a match with the outlet's stance and a quoted
actor's stance), so these tests exercise the alert logic on the real store without loading
the NLP models.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from narrativewatch.alerts import (
    alert_versions,
    command,
    deliver_pending,
    evaluate_alerts,
    latest_alerts,
    load_rules,
    parse_rules,
)
from narrativewatch.alerts.records import deliveries
from narrativewatch.alerts.rules import default_rules_text
from narrativewatch.alerts.sinks import jsonl_sink
from narrativewatch.catalog.loader import load_catalog
from narrativewatch.errors import ConfigError
from narrativewatch.ingest import make_document
from narrativewatch.model import (
    Actor,
    ActorKind,
    ActorStance,
    Analysis,
    Appearance,
    MatchStatus,
    Narrative,
    Span,
    Stance,
)
from narrativewatch.store.base import FeedbackEntry
from narrativewatch.store.sqlite import SQLiteStore

from .conftest import stored_match

PRETEXT = "ukraine-preparing-attack-on-belarus"  # category pretext-escalation
OTHER = "sanctions-hurt-europe-more-than-russia"  # category sanctions-backfire
CLAIM = "Ukraine is massing troops near the border with Belarus."
QUOTE = '"Kyiv is preparing a provocation on the border," the official said.'
DAY = date(2024, 6, 20)

PESKOV = Actor("t-peskov", "Dmitry Peskov", ActorKind.PERSON, country="RU", level="spokesperson")
LUKASHENKO = Actor(
    "t-luk", "Alexander Lukashenko", ActorKind.PERSON, country="BY", level="head_of_state"
)
MINISTRY = Actor(
    "t-mfa", "Ministry of Foreign Affairs", ActorKind.STATE_BODY, country="RU", level="ministry"
)
BLOGGER = Actor("t-blog", "A blogger", ActorKind.PERSON, country="RU", level="media")
GUARDS = Actor(
    "t-dpsu", "State Border Guard Service", ActorKind.STATE_BODY, country="UA", level="state_body"
)
BELTA = Actor("t-belta", "BelTA", ActorKind.OUTLET, country="BY", level="state_media")
FRANCE = Actor("t-fr", "France", ActorKind.COUNTRY, country="FR", level="country")
RIA = Actor("t-ria", "RIA Novosti", ActorKind.OUTLET, country="RU", level="state_media")


@pytest.fixture(scope="module")
def catalog() -> tuple[Narrative, ...]:
    return load_catalog()


def add_story(
    store: SQLiteStore,
    serial: int,
    day: date,
    *,
    narrative_id: str = PRETEXT,
    outlet: str = "outlet-a",
    stance: Stance = Stance.REPORTS,
    speaker: Actor | None = PESKOV,
    speaker_stance: Stance = Stance.PROMOTES,
    outlet_actor: Actor | None = None,
) -> int:
    """Store one distinct story matching ``narrative_id``; returns its document id."""
    # Distinct words per story, so the near-duplicate detector sees different stories.
    filler = " ".join(f"detail{serial}w{i}" for i in range(40))
    document = make_document(
        f"{CLAIM} {QUOTE} Story {serial}: {filler}.",
        source=f"test-{serial}",
        outlet=outlet,
        published_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
        + timedelta(minutes=serial),
    )
    claim = Span(document.text.index(CLAIM), document.text.index(CLAIM) + len(CLAIM))
    quote = Span(document.text.index(QUOTE), document.text.index(QUOTE) + len(QUOTE))
    stances = (ActorStance(speaker.id, speaker_stance, quote, "quote"),) if speaker else ()
    match = stored_match(
        narrative_id,
        claim,
        stance,
        statement=CLAIM,
        actor_stances=stances,
        status=MatchStatus.SUGGESTED,
        confidence=0.3,
    )
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
        matches=(match,),
        outlet_actor=outlet_actor,
    )
    added = store.add_document(document, analysis, {"model_id": "test"})
    assert added.status == "new"
    return added.document_id


def surge_day(store: SQLiteStore, first_serial: int, day: date, **story: object) -> list[int]:
    """Six stories from three outlets on one day: a surge for a quiet narrative."""
    return [
        add_story(store, first_serial + i, day, outlet=f"outlet-{i % 3}", **story)  # type: ignore[arg-type]
        for i in range(6)
    ]


def test_pretext_voiced_by_spokesperson_and_surging_is_high(
    store: SQLiteStore, catalog: tuple[Narrative, ...]
) -> None:
    documents = surge_day(store, 0, DAY)
    refuting = add_story(
        store,
        50,
        DAY,
        outlet="kyiv-independent",
        stance=Stance.REFUTES,
        speaker=GUARDS,
        speaker_stance=Stance.REFUTES,
    )
    run = evaluate_alerts(store, catalog, load_rules())
    assert len(run.changed) == 1
    alert = run.changed[0].payload
    assert alert["severity"] == "high"
    assert alert["narrative"]["category"] == "pretext-escalation"
    rule_ids = [rule["id"] for rule in alert["rules"]]
    assert rule_ids[0] == "pretext-officials-surging"
    reasons = " ".join(alert["rules"][0]["reasons"])
    assert "Dmitry Peskov (spokesperson)" in reasons and DAY.isoformat() in reasons
    assert alert["surge"]["surging_days"] == [DAY.isoformat()]
    assert alert["episode"]["stories"] == 6 and alert["episode"]["refuting_documents"] == 1
    # Evidence: every spreading document, with offsets that point at the stored text.
    evidence = alert["evidence"]
    assert sorted({item["document_id"] for item in evidence}) == sorted(documents)
    assert refuting not in {item["document_id"] for item in evidence}
    for item in evidence:
        text = store.get_document(item["document_id"]).document.text  # type: ignore[union-attr]
        assert item["text"] == text[item["start"] : item["end"]]
        sentence = item["sentence"]
        assert sentence["text"] == text[sentence["start"] : sentence["end"]]
        assert sentence["start"] <= item["start"] and item["end"] <= sentence["end"]
    spokesperson = [e for e in evidence if e["actor_id"] == PESKOV.id]
    assert len(spokesperson) == 6 and spokesperson[0]["text"] == QUOTE
    assert {e["stance"] for e in spokesperson} == {"promotes"}
    assert [e["document_id"] for e in alert["counter_evidence"]] == [refuting] * 2


def test_pretext_voiced_by_officials_without_surge_is_only_medium(
    store: SQLiteStore, catalog: tuple[Narrative, ...]
) -> None:
    add_story(store, 0, DAY)
    run = evaluate_alerts(store, catalog, load_rules())
    assert [a.payload["severity"] for a in run.changed] == ["medium"]
    assert run.changed[0].payload["surge"]["surging_days"] == []


def test_refuting_appearances_alone_never_alert(
    store: SQLiteStore, catalog: tuple[Narrative, ...]
) -> None:
    # A surge of refutations, quoting a head of state refuting it: counter-evidence only.
    for i in range(6):
        add_story(
            store,
            i,
            DAY,
            outlet=f"outlet-{i % 3}",
            stance=Stance.REFUTES,
            speaker=LUKASHENKO,
            speaker_stance=Stance.REFUTES,
        )
    run = evaluate_alerts(store, catalog, load_rules())
    assert run.changed == () and latest_alerts(store) == []


def test_a_growing_episode_updates_its_alert_instead_of_duplicating_it(
    store: SQLiteStore, catalog: tuple[Narrative, ...]
) -> None:
    rules = load_rules()
    add_story(store, 0, DAY)
    first = evaluate_alerts(store, catalog, rules)
    assert [(a.version, a.severity) for a in first.changed] == [(1, "medium")]
    again = evaluate_alerts(store, catalog, rules)
    assert (again.changed, again.unchanged) == ((), 1)

    surge_day(store, 10, DAY + timedelta(days=3))  # within the 14 quiet days: same episode
    grown = evaluate_alerts(store, catalog, rules)
    assert len(grown.changed) == 1
    updated = grown.changed[0]
    assert (updated.uid, updated.version, updated.severity) == (first.changed[0].uid, 2, "high")
    assert updated.payload["created_at"] == first.changed[0].payload["created_at"]
    assert updated.payload["episode"]["last_day"] == (DAY + timedelta(days=3)).isoformat()
    assert updated.payload["evidence_total"] == 14 > first.changed[0].payload["evidence_total"]
    assert [v["version"] for v in alert_versions(store, updated.uid)] == [1, 2]
    assert len(latest_alerts(store)) == 1

    add_story(store, 30, DAY + timedelta(days=40))  # after a quiet gap: a new episode
    later = evaluate_alerts(store, catalog, rules)
    assert [a.version for a in later.changed] == [1]
    assert later.changed[0].uid != updated.uid
    assert len(latest_alerts(store)) == 2


def test_minimum_surge_score(store: SQLiteStore, catalog: tuple[Narrative, ...]) -> None:
    surge_day(store, 0, DAY, narrative_id=OTHER, speaker=None)
    rules = '[[rules]]\nid = "big"\nseverity = "high"\nmin_surge_score = {}\n'
    assert evaluate_alerts(store, catalog, parse_rules(rules.format(1000), "r")).changed == ()
    run = evaluate_alerts(store, catalog, parse_rules(rules.format(3), "r"))
    score = run.changed[0].payload["surge"]["max_score"]
    assert 3 <= score < 1000
    assert run.changed[0].payload["rules"][0]["reasons"] == [f"surge score {score:.2f} >= 3"]


def test_minimum_actor_level_follows_the_documented_order(
    store: SQLiteStore, catalog: tuple[Narrative, ...]
) -> None:
    rules = parse_rules(
        '[[rules]]\nid = "spokesperson-or-higher"\nseverity = "medium"\n'
        'min_actor_level = "spokesperson"\n',
        "inline.toml",
    )
    add_story(store, 0, DAY, narrative_id=OTHER, speaker=MINISTRY)  # below spokesperson
    add_story(store, 1, DAY, narrative_id=PRETEXT, speaker=BLOGGER)  # in no tier
    assert evaluate_alerts(store, catalog, rules).changed == ()
    add_story(store, 2, DAY, narrative_id=OTHER, speaker=LUKASHENKO)  # above: head of state
    run = evaluate_alerts(store, catalog, rules)
    assert [a.narrative_id for a in run.changed] == [OTHER]
    reasons = run.changed[0].payload["rules"][0]["reasons"]
    assert reasons == ["voiced by Alexander Lukashenko (head_of_state)"]


def test_cross_border_jump_and_first_appearance(
    store: SQLiteStore, catalog: tuple[Narrative, ...]
) -> None:
    rules = parse_rules(
        '[[rules]]\nid = "jump"\nseverity = "medium"\ncross_border = true\n'
        '[[rules]]\nid = "new"\nseverity = "low"\nfirst_appearance = true\n'
        'min_actor_level = "state_media"\n',
        "inline.toml",
    )
    # France quoted as an actor is a mention, not a carrier: no jump to FR.
    add_story(
        store, 0, DAY, outlet="BelTA", outlet_actor=BELTA, stance=Stance.PROMOTES, speaker=FRANCE
    )
    first = evaluate_alerts(store, catalog, rules)
    assert [r["id"] for r in first.changed[0].payload["rules"]] == ["new"]
    add_story(store, 1, DAY + timedelta(days=2), outlet="RIA", outlet_actor=RIA, speaker=None)
    grown = evaluate_alerts(store, catalog, rules)
    payload = grown.changed[0].payload
    assert [r["id"] for r in payload["rules"]] == ["jump", "new"]
    assert payload["rules"][0]["reasons"] == ["spread across borders: BY -> RU"]
    assert payload["episode"]["countries"] == ["BY", "RU"]
    add_story(
        store,
        2,
        DAY + timedelta(days=60),
        outlet="BelTA",
        outlet_actor=BELTA,
        stance=Stance.PROMOTES,
        speaker=None,
    )
    later = evaluate_alerts(store, catalog, rules).changed
    assert later == ()  # a second episode is no first appearance, and stays in one country


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[[rules]]\nid = "x"\nseverity = "high"\nmin_actor_level = "president"\n',
            "rules[0].min_actor_level: must be one of head_of_state, spokesperson, ministry, "
            "state_media",
        ),
        ('[[rules]]\nid = "x"\nseverity = "urgent"\n', "rules[0].severity: must be one of"),
        ('[[rules]]\nid = "x"\nseverity = "low"\nsurge = true\n', "rules[0].surge: unknown key"),
        (
            '[[rules]]\nid = "x"\nseverity = "low"\ncategories = ["pretext"]\n',
            "rules[0].categories: unknown category 'pretext'",
        ),
        (
            '[episodes]\nquiet_days = 0\n[[rules]]\nid = "x"\nseverity = "low"\n',
            "episodes.quiet_days: must be a whole number of at least 1",
        ),
        ('[[rules]\nid = "x"', "not valid TOML"),
        ('format = "narrativewatch-alert-rules/1"\n', "rules: must be a non-empty array"),
    ],
)
def test_a_malformed_rules_file_names_the_file_and_the_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "my-rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_rules(path)
    assert str(error.value).startswith(f"{path}: ")
    assert expected in str(error.value)


def test_the_bundled_rules_load_and_order_the_levels() -> None:
    config = load_rules()
    assert config.tier_rank("head_of_government") == 0
    assert config.tier_rank("spokesperson") == 1
    assert config.tier_rank("minister") == 2 and config.tier_rank("state_media") == 3
    assert config.tier_rank("media") is None
    assert any(r.severity == "high" and r.surging for r in config.rules)


def test_sinks_in_the_rules_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    head = '[sinks]\njsonl = "out/a.jsonl"\nwebhook = ["https://example.org/h"]\n'
    rule = '[[rules]]\nid = "x"\nseverity = "low"\n'
    config = parse_rules(head + rule, "r.toml")
    assert config.sinks == (
        f"jsonl:{tmp_path / 'out' / 'a.jsonl'}",
        "webhook:https://example.org/h",
    )
    with pytest.raises(
        ConfigError, match=r"r\.toml: sinks\.webhook: 'example\.org': unsupported URL scheme"
    ):
        parse_rules('[sinks]\nwebhook = "example.org"\n' + rule, "r.toml")
    with pytest.raises(ConfigError, match=r"sinks\.webhook: 'http://\[bad': invalid URL"):
        parse_rules('[sinks]\nwebhook = "http://[bad"\n' + rule, "r.toml")


def test_jsonl_sink_gets_one_line_per_alert_version(
    store: SQLiteStore, catalog: tuple[Narrative, ...], tmp_path: Path
) -> None:
    path = tmp_path / "out" / "alerts.jsonl"
    sinks = [jsonl_sink(path)]
    rules = load_rules()
    add_story(store, 0, DAY)
    for _ in range(2):  # the second run changes nothing and appends nothing
        evaluate_alerts(store, catalog, rules, sinks=sinks)
        deliver_pending(store, rules.webhook, sleep=_no_sleep)
    surge_day(store, 10, DAY + timedelta(days=1))
    evaluate_alerts(store, catalog, rules, sinks=sinks)
    report = deliver_pending(store, rules.webhook, sleep=_no_sleep)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(line["alert"]["version"], line["alert"]["severity"]) for line in lines] == [
        (1, "medium"),
        (2, "high"),
    ]
    assert lines[0]["alert"]["id"] == lines[1]["alert"]["id"]
    assert [line["delivery_id"] for line in lines] == [
        f"{lines[0]['alert']['id']}/v1",
        f"{lines[0]['alert']['id']}/v2",
    ]
    assert [d.delivery_id for d in report.delivered] == [lines[1]["delivery_id"]]
    assert deliveries(store, status="pending") == []


def test_alerts_command_prints_stores_and_lists(
    tmp_path: Path,
    catalog: tuple[Narrative, ...],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NARRATIVEWATCH_DB", raising=False)
    db = tmp_path / "nw.db"
    store = SQLiteStore(db)
    surge_day(store, 0, DAY)
    store.close()
    parser = argparse.ArgumentParser()
    command.configure_parser(parser)
    jsonl = tmp_path / "alerts.jsonl"
    code = command.main(parser.parse_args(["--db", str(db), "--jsonl", str(jsonl)]))
    out = capsys.readouterr()
    assert code == 0
    assert out.out.startswith(f"[HIGH] {PRETEXT} — ")
    assert "rule pretext-officials-surging (high): " in out.out
    assert "evidence doc 1 [56:123] Dmitry Peskov (speaker, spokesperson, promotes): " in out.out
    assert "deliveries: 1 delivered, 0 still queued" in out.err
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 1

    code = command.main(parser.parse_args(["--db", str(db), "--list", "--json"]))
    listing = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [a["severity"] for a in listing["alerts"]] == ["high"]
    assert listing["pending_deliveries"] == []

    bad = tmp_path / "bad.toml"
    bad.write_text('[[rules]]\nid = "x"\nseverity = "low"\nmin_actor_level = "tsar"\n')
    with pytest.raises(ConfigError, match=r"bad\.toml: rules\[0\]\.min_actor_level"):
        command.main(parser.parse_args(["--db", str(db), "--rules", str(bad)]))


def _no_sleep(seconds: float) -> None:
    raise AssertionError(f"no retry expected, asked to sleep {seconds}s")


def test_a_run_re_evaluates_only_what_changed_since_the_last(
    store: SQLiteStore, catalog: tuple[Narrative, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = load_rules()
    add_story(store, 0, DAY)
    add_story(store, 1, DAY, narrative_id=OTHER, speaker=MINISTRY)
    first = evaluate_alerts(store, catalog, rules)
    assert {a.narrative_id for a in first.changed} == {PRETEXT, OTHER}

    read: list[str | None] = []
    original = store.appearances

    def spy(narrative_id: str | None = None, **options: object) -> list[Appearance]:
        read.append(narrative_id)
        return original(narrative_id, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "appearances", spy)
    quiet = evaluate_alerts(store, catalog, rules)
    assert (quiet.changed, quiet.unchanged, read) == ((), 2, [])

    surge_day(store, 10, DAY + timedelta(days=2))  # only the pretext narrative grows
    grown = evaluate_alerts(store, catalog, rules)
    assert read == [PRETEXT]
    assert [(a.narrative_id, a.version) for a in grown.changed] == [(PRETEXT, 2)]
    assert grown.unchanged == 1

    # An analyst decision re-evaluates its narrative, though no document was added.
    other_document = add_story(store, 40, DAY + timedelta(days=60), narrative_id=OTHER)
    read.clear()
    evaluate_alerts(store, catalog, rules)
    assert read == [OTHER]
    read.clear()
    store.add_feedback(
        FeedbackEntry(other_document, OTHER, 0, 10, CLAIM, CLAIM, "en", "rejected"),
        add_variant=False,
    )
    evaluate_alerts(store, catalog, rules)
    assert read == [OTHER]

    # Other rules: everything is evaluated again (and nothing changes for OTHER).
    read.clear()
    other_rules = parse_rules(
        default_rules_text().replace("quiet_days = 14", "quiet_days = 10"), "edited.toml"
    )
    evaluate_alerts(store, catalog, other_rules)
    assert read == [None]
