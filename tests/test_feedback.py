"""Analyst feedback: confirm → variant and better matching; reject → never suggested again;
the `review` command; the 0004 migration on a store created before it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from narrativewatch.cli import main
from narrativewatch.errors import EXIT_FAILED, EXIT_OK
from narrativewatch.feedback import (
    REPOST_REJECTION_NOTE,
    FeedbackError,
    apply_variants,
    reject_stored_reposts,
    reopen_stored_reposts,
    review_items,
    review_match,
)
from narrativewatch.ingest import IngestOptions, read_sources
from narrativewatch.matching.matcher import rank_claims
from narrativewatch.matching.rejected import rejected_claims
from narrativewatch.model import Document
from narrativewatch.pipeline import Pipeline, analyze, load_pipeline
from narrativewatch.service import ingest_sources
from narrativewatch.settings import Settings
from narrativewatch.store import migrations as migrations_module
from narrativewatch.store import sqlite as sqlite_module
from narrativewatch.store.base import StoredVariant
from narrativewatch.store.sqlite import SQLiteStore

NARRATIVE = "ukraine-preparing-attack-on-belarus"
# An unusual phrasing of the narrative: it is only just suggested, so a variant learnt
# from it visibly helps its paraphrases.
CLAIM = (
    "Украинская армия сосредоточила у границы с Белоруссией две танковые бригады и системы HIMARS."
)
PARAPHRASE_EN = (
    "The Ukrainian army has concentrated two tank brigades and HIMARS systems at the "
    "border with Belarus."
)


def _ingest(
    text: str, path: Path, settings: Settings, store: SQLiteStore, pipeline: Pipeline
) -> int:
    path.write_text(text, encoding="utf-8")
    report = ingest_sources([str(path)], settings, store=store, pipeline=pipeline)
    assert report.stored == 1, report.summary()
    return report.document_ids[0]


def _suggested(settings: Settings, store: SQLiteStore, pipeline: Pipeline, tmp_path: Path) -> int:
    document_id = _ingest(CLAIM + "\n", tmp_path / "a.txt", settings, store, pipeline)
    match = store.get_match(document_id, NARRATIVE)
    assert match is not None and match.status in {"suggested", "auto"}
    return document_id


def test_confirm_stores_a_variant_that_later_matching_uses(
    settings: Settings, store: SQLiteStore, pipeline: Pipeline, tmp_path: Path
) -> None:
    document_id = _suggested(settings, store, pipeline, tmp_path)
    before = rank_claims(
        [PARAPHRASE_EN], "en", pipeline.index, pipeline.embedder, pipeline.registry
    )

    entry = review_match(store, document_id, NARRATIVE, "confirmed", analyst="ann", note="ok")

    assert entry.claim_text == CLAIM
    assert entry.claim_language == "ru"
    match = store.get_match(document_id, NARRATIVE)
    assert match is not None and match.status == "confirmed"
    assert store.narrative_variants() == [
        StoredVariant(NARRATIVE, "ru", CLAIM, document_id, 1),
    ]
    learnt = load_pipeline(settings, store=store, embedder=pipeline.embedder)
    narrative = learnt.narrative(NARRATIVE)
    assert narrative.variants[-1].text == CLAIM
    assert any(row.is_variant and row.text == CLAIM for row in learnt.index.rows)
    after = rank_claims([PARAPHRASE_EN], "en", learnt.index, learnt.embedder, learnt.registry)
    assert after.score(0, NARRATIVE) > before.score(0, NARRATIVE)
    assert after.margin(0, NARRATIVE) > before.margin(0, NARRATIVE)


def test_reject_is_not_suggested_again(
    settings: Settings, store: SQLiteStore, pipeline: Pipeline, tmp_path: Path
) -> None:
    document_id = _suggested(settings, store, pipeline, tmp_path)
    review_match(store, document_id, NARRATIVE, "rejected", analyst="bob")

    match = store.get_match(document_id, NARRATIVE)
    assert match is not None and match.status == "rejected"
    assert store.narrative_variants() == []
    later = _document(CLAIM + " Погода в Минске остаётся тёплой.", tmp_path / "b.txt")
    assert NARRATIVE in {m.narrative_id for m in analyze(later, pipeline).matches}
    learnt = load_pipeline(settings, store=store, embedder=pipeline.embedder)
    assert NARRATIVE not in {m.narrative_id for m in analyze(later, learnt).matches}
    # A repost of the rejected claim is rejected too; a claim with one word changed is a
    # new claim, asked about afresh.
    repost = _document("СРОЧНО: " + CLAIM.rstrip(".") + ", пишут СМИ.", tmp_path / "c.txt")
    assert NARRATIVE in {m.narrative_id for m in analyze(repost, pipeline).matches}
    assert NARRATIVE not in {m.narrative_id for m in analyze(repost, learnt).matches}
    changed = _document(CLAIM.replace("две", "три"), tmp_path / "d.txt")
    assert NARRATIVE in {m.narrative_id for m in analyze(changed, learnt).matches}


def test_a_later_decision_overrides_an_earlier_one(
    settings: Settings, store: SQLiteStore, pipeline: Pipeline, tmp_path: Path
) -> None:
    document_id = _suggested(settings, store, pipeline, tmp_path)
    review_match(store, document_id, NARRATIVE, "rejected")
    assert store.claim_decisions() == [(CLAIM, NARRATIVE, "rejected")]
    assert rejected_claims(store.claim_decisions()).covers(CLAIM, NARRATIVE)
    review_match(store, document_id, NARRATIVE, "confirmed")
    assert store.claim_decisions() == [(CLAIM, NARRATIVE, "confirmed")]
    assert not rejected_claims(store.claim_decisions())
    assert [v.text for v in store.narrative_variants()] == [CLAIM]
    review_match(store, document_id, NARRATIVE, "rejected")
    assert store.narrative_variants() == []


REPOST = "СРОЧНО: " + CLAIM.rstrip(".") + ", пишут СМИ."


def test_a_rejection_clears_the_stored_reposts_awaiting_review(
    settings: Settings, store: SQLiteStore, pipeline: Pipeline, tmp_path: Path
) -> None:
    first = _suggested(settings, store, pipeline, tmp_path)
    repost = _ingest(REPOST + "\n", tmp_path / "c.txt", settings, store, pipeline)
    changed = _ingest(
        CLAIM.replace("две", "три") + "\n", tmp_path / "d.txt", settings, store, pipeline
    )
    confirmed_repost = _ingest(
        "Минск, 20 июня. " + CLAIM + "\n", tmp_path / "e.txt", settings, store, pipeline
    )
    review_match(store, confirmed_repost, NARRATIVE, "confirmed", analyst="ann")
    # The evidence read in one query is the analysis's own (Cyrillic after a prefix: the
    # offsets count characters, not bytes).
    items = review_items(store, narrative_id=NARRATIVE)
    assert len(items) == 4
    for item in items:
        analysis = store.get_analysis(item.match.document_id)
        assert analysis is not None and item.language == analysis["language"] == "ru"
        (evidence,) = [
            m["evidence"]["text"] for m in analysis["matches"] if m["narrative_id"] == NARRATIVE
        ]
        assert item.evidence_text == evidence
    assert {i.match.document_id for i in items if i.match.evidence_start > 0} == {
        repost,
        confirmed_repost,
    }

    entry = review_match(store, first, NARRATIVE, "rejected", analyst="bob")
    cleared = reject_stored_reposts(store, entry)

    assert [c.document_id for c in cleared] == [repost]
    assert cleared[0].analyst == "bob"
    assert cleared[0].note == f"repost of the claim rejected in document {first}"
    status = {d: store.get_match(d, NARRATIVE).status for d in (repost, changed, confirmed_repost)}  # type: ignore[union-attr]
    # a changed word is a new claim; an analyst's own decision stands
    assert status == {repost: "rejected", changed: "suggested", confirmed_repost: "confirmed"}
    assert reject_stored_reposts(store, entry) == []  # nothing left awaiting review
    assert reject_stored_reposts(store, review_match(store, changed, NARRATIVE, "confirmed")) == []


def test_confirming_a_repost_later_lifts_the_rejection_of_its_claim(
    settings: Settings, store: SQLiteStore, pipeline: Pipeline, tmp_path: Path
) -> None:
    first = _suggested(settings, store, pipeline, tmp_path)
    repost = _ingest(REPOST + "\n", tmp_path / "c.txt", settings, store, pipeline)
    reject_stored_reposts(store, review_match(store, first, NARRATIVE, "rejected"))
    later = _document("Погода в Минске остаётся тёплой. " + CLAIM, tmp_path / "b.txt")
    learnt = load_pipeline(settings, store=store, embedder=pipeline.embedder)
    assert NARRATIVE not in {m.narrative_id for m in analyze(later, learnt).matches}

    # The analyst changes their mind on the repost: the claim and its reposts count again.
    review_match(store, repost, NARRATIVE, "confirmed", analyst="ann")
    relearnt = load_pipeline(settings, store=store, embedder=pipeline.embedder)
    assert NARRATIVE in {m.narrative_id for m in analyze(later, relearnt).matches}
    # A later rejection of the claim stands again.
    review_match(store, first, NARRATIVE, "rejected")
    again = load_pipeline(settings, store=store, embedder=pipeline.embedder)
    assert NARRATIVE not in {m.narrative_id for m in analyze(later, again).matches}


def test_confirming_a_repost_reopens_the_reposts_rejected_with_its_claim(
    settings: Settings, store: SQLiteStore, pipeline: Pipeline, tmp_path: Path
) -> None:
    """The stored reposts a rejection cleared automatically come back for review when the
    analyst confirms the claim's family after all; an analyst's own rejection stays."""
    first = _suggested(settings, store, pipeline, tmp_path)
    repost = _ingest(REPOST + "\n", tmp_path / "c.txt", settings, store, pipeline)
    other = _ingest(
        "Минск, 20 июня. " + CLAIM + "\n", tmp_path / "e.txt", settings, store, pipeline
    )
    changed = _ingest(
        CLAIM.replace("две", "три") + "\n", tmp_path / "d.txt", settings, store, pipeline
    )
    review_match(store, changed, NARRATIVE, "rejected", analyst="ann")  # another claim
    cleared = reject_stored_reposts(store, review_match(store, first, NARRATIVE, "rejected"))
    assert sorted(c.document_id for c in cleared) == sorted([repost, other])
    assert {c.derived_from for c in cleared} == {first}
    assert other not in {a.document_id for a in store.appearances(narrative_id=NARRATIVE)}

    entry = review_match(store, repost, NARRATIVE, "confirmed", analyst="ann")
    assert reopen_stored_reposts(store, entry) == [other]

    status = {
        d: store.get_match(d, NARRATIVE).status  # type: ignore[union-attr]
        for d in (first, repost, other, changed)
    }
    assert status == {
        first: "rejected",  # the analyst's own decision
        repost: "confirmed",
        other: "suggested",  # reopened
        changed: "rejected",  # not the same claim
    }
    latest = store.latest_feedback(other, NARRATIVE)
    assert latest is not None and latest.decision == "rejected"  # the history stays
    # counted again in the narrative's spread
    assert other in {a.document_id for a in store.appearances(narrative_id=NARRATIVE)}
    # Nothing is reopened twice, and a rejection reopens nothing.
    assert reopen_stored_reposts(store, entry) == []
    assert reopen_stored_reposts(store, review_match(store, first, NARRATIVE, "rejected")) == []


def test_an_analysts_rejection_is_never_reopened_whatever_its_note_says(
    settings: Settings, store: SQLiteStore, pipeline: Pipeline, tmp_path: Path
) -> None:
    """What was derived is recorded as such (`derived_from`), not read from the note an
    analyst may have written in the same words."""
    first = _suggested(settings, store, pipeline, tmp_path)
    repost = _ingest(REPOST + "\n", tmp_path / "c.txt", settings, store, pipeline)
    note = f"{REPOST_REJECTION_NOTE} {first}"  # an analyst's words, not a derivation
    review_match(store, repost, NARRATIVE, "rejected", analyst="ann", note=note)
    latest = store.latest_feedback(repost, NARRATIVE)
    assert latest is not None and latest.derived_from is None
    entry = review_match(store, first, NARRATIVE, "confirmed", analyst="ann")
    assert reopen_stored_reposts(store, entry) == []
    assert store.get_match(repost, NARRATIVE).status == "rejected"  # type: ignore[union-attr]


def test_unknown_pair_and_decision(store: SQLiteStore) -> None:
    with pytest.raises(FeedbackError, match="no match of narrative 'nope' in document 7"):
        review_match(store, 7, "nope", "confirmed")
    with pytest.raises(ValueError, match="decision must be one of confirmed, rejected"):
        review_match(store, 7, "nope", "maybe")  # type: ignore[arg-type]


def test_apply_variants_skips_unknown_narratives_and_known_texts(pipeline: Pipeline) -> None:
    catalog = pipeline.catalog[:2]
    first = catalog[0]
    variants = [
        StoredVariant(first.id, "en", "A new phrasing.", 1, 1),
        StoredVariant(first.id, "en", first.statements[0].text, 1, 2),
        StoredVariant("not-in-catalog", "en", "Whatever.", 1, 3),
    ]
    result = apply_variants(catalog, variants)
    assert [v.text for v in result[0].variants[len(first.variants) :]] == ["A new phrasing."]
    assert result[1] == catalog[1]


def test_review_command(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (cli_env / "a.txt").write_text(CLAIM + "\n", encoding="utf-8")
    assert main(["ingest", "a.txt", "--quiet"]) == EXIT_OK
    capsys.readouterr()

    assert main(["review", "list", "--narrative", NARRATIVE]) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["doc", "narrative", "status", "score", "evidence"]
    assert out[1].split()[:2] == ["1", NARRATIVE]
    assert out[1].endswith(CLAIM[:40]) or CLAIM[:40] in out[1]

    assert main(["review", "confirm", "1", NARRATIVE, "--analyst", "ann", "--note", "yes"]) == 0
    assert capsys.readouterr().out == f"confirmed: {NARRATIVE} in document 1\n"
    assert main(["review", "list", "--status", "confirmed"]) == EXIT_OK
    assert f"1  {NARRATIVE}" in capsys.readouterr().out
    assert main(["review", "list", "--status", "suggested"]) == EXIT_OK
    assert capsys.readouterr().out == "No matches.\n"

    assert main(["review", "reject", "1", NARRATIVE]) == EXIT_OK
    assert capsys.readouterr().out == f"rejected: {NARRATIVE} in document 1\n"
    # A repost ingested after the rejection is not matched at all.
    (cli_env / "b.txt").write_text(REPOST + "\n", encoding="utf-8")
    assert main(["ingest", "b.txt", "--quiet"]) == EXIT_OK
    capsys.readouterr()
    assert main(["review", "list", "--narrative", NARRATIVE]) == EXIT_OK
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]] == ["1"]

    assert main(["review", "reject", "9", NARRATIVE]) == EXIT_FAILED
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"narrativewatch: error: no match of narrative '{NARRATIVE}' in document 9 "
        "(see `narrativewatch review list`)\n"
    )


def test_review_reject_clears_stored_reposts(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (cli_env / "a.txt").write_text(CLAIM + "\n", encoding="utf-8")
    (cli_env / "b.txt").write_text(REPOST + "\n", encoding="utf-8")
    (cli_env / "c.txt").write_text(REPOST.replace("СРОЧНО", "ВАЖНО") + "\n", encoding="utf-8")
    assert main(["ingest", "a.txt", "b.txt", "c.txt", "--quiet"]) == EXIT_OK
    capsys.readouterr()
    assert main(["review", "reject", "1", NARRATIVE, "--analyst", "bob"]) == EXIT_OK
    assert capsys.readouterr().out == (
        f"rejected: {NARRATIVE} in document 1\n"
        "also rejected, as reposts of the same claim: documents 2, 3\n"
    )
    assert main(["review", "list", "--status", "suggested"]) == EXIT_OK
    assert capsys.readouterr().out == "No matches.\n"
    # The analyst confirms one repost after all: the other comes back for review.
    assert main(["review", "confirm", "2", NARRATIVE]) == EXIT_OK
    assert capsys.readouterr().out == (
        f"confirmed: {NARRATIVE} in document 2\n"
        "reopened for review (their rejection came from this claim's): documents 3\n"
    )
    assert main(["review", "list", "--status", "suggested"]) == EXIT_OK
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]] == ["3"]


def test_migration_0004_upgrades_an_existing_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    before = tuple(m for m in migrations_module.MIGRATIONS if m[0] < "0004")
    monkeypatch.setattr(sqlite_module, "MIGRATIONS", before)
    old = SQLiteStore(path)
    assert "0004_feedback" not in old.applied_migrations()
    old.close()
    monkeypatch.setattr(sqlite_module, "MIGRATIONS", migrations_module.MIGRATIONS)

    upgraded = SQLiteStore(path)
    try:
        assert "0004_feedback" in upgraded.applied_migrations()
        assert upgraded.narrative_variants() == []
        assert upgraded.claim_decisions() == []
        assert review_items(upgraded) == []
    finally:
        upgraded.close()
    tables = {
        row[0]
        for row in sqlite3.connect(path).execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )
    }
    assert {"feedback", "narrative_variants"} <= tables


def _document(text: str, path: Path) -> Document:
    path.write_text(text, encoding="utf-8")
    (document,) = list(read_sources([str(path)], IngestOptions()))
    assert isinstance(document, Document)
    return document
