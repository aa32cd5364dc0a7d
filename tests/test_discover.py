"""`narrativewatch discover` over a real store: unmatched claims of newly stored documents
are clustered incrementally, a growing cluster is proposed with evidence, and promoting it
writes a catalog entry the loader accepts."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from narrativewatch.alerts import command as alerts_command
from narrativewatch.catalog.loader import CATEGORIES, load_catalog
from narrativewatch.discovery import command
from narrativewatch.discovery.background import load_background
from narrativewatch.discovery.clusters import ClusterConfig
from narrativewatch.discovery.discover import (
    Candidate,
    DiscoveryOptions,
    candidates,
    claim_speaker,
    known_statements,
    promote,
    unmatched_claims,
    update,
)
from narrativewatch.discovery.growth import GrowthRule
from narrativewatch.discovery.records import load_items, load_state
from narrativewatch.errors import EXIT_OK, ConfigError, InputError, StoreError
from narrativewatch.model import NarrativeStatement
from narrativewatch.pipeline import Pipeline
from narrativewatch.service import ingest_sources
from narrativewatch.settings import Settings
from narrativewatch.store.sqlite import SQLiteStore

# A narrative no catalog entry covers, in three languages and three outlets.
WOLVES = [
    (
        "en",
        "North Wire",
        "2024-05-02",
        "Finnish border guards are secretly releasing packs "
        "of wolves into Russia to destroy farms in Karelia, a regional deputy claimed.",
    ),
    (
        "en",
        "East Daily",
        "2024-05-03",
        "Finland's border service is deliberately sending "
        "wolves across the border to kill Russian livestock, the deputy said.",
    ),
    (
        "ru",
        "Вестник Севера",
        "2024-05-03",
        "Финские пограничники тайно выпускают стаи волков "
        "в Россию, чтобы уничтожать фермы в Карелии, заявил региональный депутат.",
    ),
    (
        "ru",
        "East Daily",
        "2024-05-04",
        "Пограничная служба Финляндии намеренно отправляет "
        "волков через границу, чтобы они убивали российский скот, сказал депутат.",
    ),
    (
        "uk",
        "North Wire",
        "2024-05-04",
        "Фінські прикордонники таємно випускають зграї вовків "
        "у Росію, щоб знищувати ферми в Карелії, заявив регіональний депутат.",
    ),
    (
        "uk",
        "Вестник Севера",
        "2024-05-05",
        "Прикордонна служба Фінляндії навмисно відправляє "
        "вовків через кордон, щоб вони вбивали російську худобу, сказав депутат.",
    ),
]
OTHER = [
    (
        "en",
        "Sports Desk",
        "2024-05-03",
        "The national football team won the friendly match "
        "three to one on Saturday, the coach said after the game.",
    ),
]
OPTIONS = DiscoveryOptions(
    clusters=ClusterConfig(threshold=0.3, linkage="average"), rule=GrowthRule(3, 2, 30.0)
)


def _write(path: Path, rows: list[tuple[str, str, str, str]], start: int) -> Path:
    lines = [
        json.dumps(
            {
                "outlet": outlet,
                "url": f"https://example.org/story/{start + i}",
                "title": f"Story {start + i}",
                "published_at": f"{day}T10:00:00+00:00",
                "language": language,
                "text": text,
            },
            ensure_ascii=False,
        )
        for i, (language, outlet, day, text) in enumerate(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ingest(path: Path, settings: Settings, store: SQLiteStore, pipeline: Pipeline) -> None:
    report = ingest_sources([str(path)], settings, store=store, pipeline=pipeline)
    assert report.stored >= 1, report.summary()


def test_discover_is_incremental_and_promotes_into_the_catalog(
    settings: Settings, pipeline: Pipeline, tmp_path: Path
) -> None:
    store = SQLiteStore(tmp_path / "nw.db")
    try:
        first = _write(tmp_path / "first.jsonl", [*WOLVES[:3], *OTHER], 0)
        _ingest(first, settings, store, pipeline)
        first_ids = [d.document.id for d in store.documents()]
        first_run = update(store, pipeline.embedder, OPTIONS)
        assert first_run.documents == len(first_ids) == 4
        assert first_run.claims >= 3
        assert first_run.watermark == max(first_ids)
        # Nothing new: a second run reads no document and adds nothing.
        again = update(store, pipeline.embedder, OPTIONS)
        assert (again.documents, again.claims) == (0, 0)

        second = _write(tmp_path / "second.jsonl", WOLVES[3:], 10)
        _ingest(second, settings, store, pipeline)
        before = {s.item.key: s.cluster_id for s in load_items(store)}
        second_run = update(store, pipeline.embedder, OPTIONS)
        assert second_run.documents == 3
        items = load_items(store)
        # Only claims of the new documents were added; old ones kept their clusters.
        new_documents = {s.document_id for s in items if s.item.key not in before}
        assert new_documents and min(new_documents) > max(first_ids)
        assert {s.item.key: s.cluster_id for s in items if s.item.key in before} == before
        assert load_state(store).watermark == second_run.watermark

        # The wolves story is proposed, with evidence pointing into the stored texts.
        found = candidates(store, OPTIONS)
        wolves = [
            c
            for c in found
            if any(
                "волк" in e.text or "wolves" in e.text or "вовк" in e.text
                for e in c.representatives
            )
        ]
        assert wolves, [c.representatives for c in found]
        candidate = wolves[0]
        assert candidate.growing and len(candidate.outlets) >= 2
        assert set(candidate.languages) >= {"en", "ru", "uk"}
        assert not any("football" in e.text for e in candidate.representatives)
        for evidence in candidate.representatives:
            stored = store.get_document(evidence.document_id)
            assert stored is not None
            assert evidence.text in stored.document.text[evidence.start - 5 : evidence.end + 5]

        catalog_file = tmp_path / "mine.yaml"
        narrative = promote(
            store,
            candidate.cluster_id,
            narrative_id="finland-releases-wolves",
            title="Finland releases wolves into Russia",
            category=next(iter(sorted({n.category for n in pipeline.catalog}))),
            catalog_file=catalog_file,
            loaded=pipeline.catalog,
            options=OPTIONS,
        )
        (loaded,) = load_catalog([catalog_file], include_builtin=False)
        assert loaded.id == narrative.id == "finland-releases-wolves"
        assert {s.language for s in loaded.statements} == {"en", "ru", "uk"}
        assert all(r.startswith("https://example.org/story/") for r in loaded.references)
        # A promoted cluster is no longer proposed.
        assert candidate.cluster_id not in {c.cluster_id for c in candidates(store, OPTIONS)}
        # Candidates name the nearest known narrative: now the promoted one.
        background = load_state(store).background
        assert background is not None
        known = known_statements(
            [*pipeline.catalog, loaded], pipeline.embedder, background, settings.cache_dir
        )
        shown = {
            c.cluster_id: c for c in candidates(store, OPTIONS, include_decided=True, known=known)
        }
        assert shown[candidate.cluster_id].nearest_narrative == "finland-releases-wolves"
        with pytest.raises(InputError, match="cluster 999"):
            promote(
                store,
                999,
                narrative_id="x-y",
                title="t",
                category=loaded.category,
                catalog_file=catalog_file,
                options=OPTIONS,
            )
    finally:
        store.close()


def test_unmatched_claims_skips_matched_and_unworthy_claims() -> None:
    analysis = {
        "claims": [
            {"text": "matched", "rule_score": 0.9, "check_worthy": None},
            {"text": "weak", "rule_score": 0.1, "check_worthy": False},
            {"text": "worthy", "rule_score": 0.1, "check_worthy": True},
            {"text": "asserted", "rule_score": 0.8, "check_worthy": False},
        ],
        "matches": [{"supporting_claims": [0]}],
    }
    assert [i for i, _ in unmatched_claims(analysis, claim_threshold=0.5)] == [2, 3]


def _stored_quote(text: str, cue: str, content: str) -> dict[str, Any]:
    start = text.index(content)
    return {
        "cue": {"text": cue, "start": text.index(cue), "end": text.index(cue) + len(cue)},
        "content": {"text": content, "start": start, "end": start + len(content)},
    }


def test_rejections_are_no_claims_and_rejecters_no_speakers() -> None:
    text = (
        "Минобороны заявило, что Киев готовит провокацию на станции. "
        "МАГАТЭ опровергло сообщения о том, что станция заминирована военными. "
        "В Энергоатоме заявили, что это очередной фейк российской пропаганды."
    )

    def claim(content: str) -> dict[str, Any]:
        start = text.index(content)
        return {
            "text": content,
            "start": start,
            "end": start + len(content),
            "rule_score": 0.9,
            "speaker_actor_id": "someone",
        }

    asserted = "что Киев готовит провокацию на станции"
    rejected = "о том, что станция заминирована военными"
    verdict = "что это очередной фейк российской пропаганды"
    analysis = {
        "language": "ru",
        "claims": [claim(asserted), claim(rejected), claim(verdict)],
        "quotes": [
            _stored_quote(text, "заявило", asserted),
            _stored_quote(text, "опровергло", "сообщения " + rejected),
            _stored_quote(text, "заявили", verdict),
        ],
        "matches": [],
    }
    found = unmatched_claims(analysis, claim_threshold=0.5)
    assert [i for i, _ in found] == [0, 1]
    assert [claim_speaker(analysis, c) for _, c in found] == ["someone", None]


def _command_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    command.configure_parser(parser)
    return parser.parse_args(list(argv))


def test_discover_command_on_an_empty_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("NARRATIVEWATCH_CATALOG", raising=False)
    db = str(tmp_path / "empty.db")
    with pytest.raises(StoreError, match="no such store"):  # a mistyped --db makes nothing
        command.main(_command_args("--db", db, "--json"))
    assert not Path(db).exists()
    SQLiteStore(db).close()
    assert command.main(_command_args("--db", db, "--json")) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["update"] == {"documents": 0, "claims": 0, "watermark": 0, "clusters": 0}
    assert report["candidates"] == []
    assert report["rule"] == {"min_items": 6, "min_sources": 2, "window_days": 30.0}
    # Options given before the subcommand survive it; promote needs a catalog file.
    args = _command_args(
        "--db",
        db,
        "promote",
        "3",
        "--id",
        "a-b",
        "--title",
        "T",
        "--category",
        sorted(CATEGORIES)[0],
    )
    assert args.db == db and args.action == "promote"
    with pytest.raises(ConfigError, match="--file"):
        command.main(args)
    with pytest.raises(InputError, match="cluster 3"):
        command.main(_command_args("dismiss", "3", "--db", db))


def test_alerts_discover_warns_of_a_new_story_surging_across_outlets(
    settings: Settings,
    pipeline: Pipeline,
    cli_env: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The product's early warning for a story outside the catalog, end to end: ingest,
    then `alerts --discover` clusters the unmatched claims and the bundled rule
    `new-story-surging` raises one alert with the claims as evidence."""
    db = cli_env / "nw.db"
    store = SQLiteStore(db)
    try:
        # The wolves story told by three outlets in three languages on one day.
        same_day = [(lang, outlet, "2024-05-03", text) for lang, outlet, _, text in WOLVES]
        _ingest(_write(cli_env / "wolves.jsonl", [*same_day, *OTHER], 0), settings, store, pipeline)
    finally:
        store.close()
    parser = argparse.ArgumentParser()
    alerts_command.configure_parser(parser)
    code = alerts_command.main(parser.parse_args(["--db", str(db), "--discover", "--json"]))
    captured = capsys.readouterr()
    assert code == EXIT_OK
    assert "discovery: 7 new documents" in captured.err
    alerts = json.loads(captured.out)["changed"]
    discovered = [a for a in alerts if a["narrative"]["id"].startswith("discovered:")]
    (alert,) = discovered
    assert alert["rules"][0]["id"] == "new-story-surging"
    assert alert["surge"]["surging_days"] == ["2024-05-03"]
    assert "football" not in json.dumps(alert["evidence"])
    texts = " ".join(e["text"] for e in alert["evidence"])
    assert "wolves" in texts and "волк" in texts and "вовк" in texts
    store = SQLiteStore(db)
    try:
        for evidence in alert["evidence"]:
            stored = store.get_document(evidence["document_id"])
            assert stored is not None
            assert stored.document.text[evidence["start"] : evidence["end"]] == evidence["text"]
    finally:
        store.close()


def test_a_fact_check_of_a_new_story_is_counter_evidence(
    settings: Settings, pipeline: Pipeline, tmp_path: Path
) -> None:
    """An outlet that rates a story false carries its claims as the thing it rates: in a
    discovered cluster they refute, and the story's volume does not count them."""
    from narrativewatch.alerts.discovered import daily_counts_of
    from narrativewatch.discovery.appearances import cluster_claims
    from narrativewatch.model import AppearanceRole, Stance

    fact_check = {
        "outlet": "Perevirka",
        "url": "https://example.org/fact-check/wolves",
        "title": "Фейк: фінські прикордонники випускають вовків у Росію",
        "published_at": "2024-05-03T12:00:00+00:00",
        "language": "uk",
        "text": "Фейк: фінські прикордонники випускають вовків у Росію\n\n"
        "Проросійські канали поширюють твердження, що фінські прикордонники таємно "
        "випускають зграї вовків у Росію, щоб знищувати ферми в Карелії. Це неправда: "
        "жодних доказів немає.",
    }
    path = _write(tmp_path / "wolves.jsonl", WOLVES, 0)
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(fact_check, ensure_ascii=False) + "\n")
    store = SQLiteStore(tmp_path / "nw.db")
    try:
        _ingest(path, settings, store, pipeline)
        update(store, pipeline.embedder, OPTIONS)
        checked = store.connection.execute(
            "SELECT id FROM documents WHERE outlet = 'Perevirka'"
        ).fetchone()["id"]
        items = load_items(store)
        assert {s.outlet_refutes for s in items if s.document_id == checked} == {True}
        assert not any(s.outlet_refutes for s in items if s.document_id != checked)
        cluster = next(s.cluster_id for s in items if s.document_id == checked)
        (claims,) = cluster_claims(store, clusters=[cluster])
        outlet_stances = {
            a.document_id: a.stance for a in claims.appearances if a.role is AppearanceRole.OUTLET
        }
        assert outlet_stances[checked] is Stance.REFUTES
        assert len(outlet_stances) >= 3  # the story's other tellings share its cluster
        counted = sum(c.documents for c in daily_counts_of("k", claims.appearances))
        assert counted == len(set(outlet_stances)) - 1  # every story but the fact check
    finally:
        store.close()


def _candidate(similarity: float | None) -> Candidate:
    return Candidate(
        cluster_id=1,
        size=6,
        outlets=("a", "b"),
        languages={"en": 6},
        first_seen=None,
        last_seen=None,
        proposed_at=None,
        recent=6,
        growing=True,
        representatives=(),
        nearest_narrative="known-one" if similarity is not None else None,
        nearest_similarity=similarity,
    )


def test_the_nearest_known_narrative_says_how_far_to_trust_it() -> None:
    options = DiscoveryOptions()
    close, far = _candidate(0.64), _candidate(0.33)
    assert "0.64; likely that narrative" in command.render(None, [close], options)
    assert "0.33; weak" in command.render(None, [far], options)
    keys = command.report(None, [close, far, _candidate(None)], options)["candidates"]
    assert [c["nearest_likely_known"] for c in keys] == [True, False, False]


def test_known_statements_read_the_variants_too(pipeline: Pipeline) -> None:
    narrative = next(n for n in pipeline.catalog if n.statements)
    with_variant = replace(
        narrative, variants=(NarrativeStatement("en", "A confirmed wording of it."),)
    )
    background = load_background(pipeline.embedder)
    known = known_statements([with_variant], pipeline.embedder, background, "")
    assert known.narrative_ids == (narrative.id,) * (len(narrative.statements) + 1)
    assert known.vectors.shape == (len(narrative.statements) + 1, pipeline.embedder.dim)
