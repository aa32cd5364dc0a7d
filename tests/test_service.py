"""Ingesting into the store: crash safety, idempotence, near-duplicate copies, overview."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

import narrativewatch.pipeline as pipeline_module
from narrativewatch.ingest import IngestOptions
from narrativewatch.pipeline import MAX_ANALYSED_CHARS, Pipeline
from narrativewatch.service import ingest_sources, overview
from narrativewatch.settings import Settings
from narrativewatch.store.sqlite import SQLiteStore

DEMO = Path(str(resources.files("narrativewatch") / "demo"))


def write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    topics = [
        "grain exports",
        "power outages",
        "a court ruling",
        "school exams",
        "floods",
        "a football match",
        "bank rates",
    ]
    paths = []
    for number in range(count):
        path = folder / f"{number:02d}.txt"
        path.write_text(
            f"Local report number {number}\n\nOfficials in Lviv said on Monday that "
            f"{topics[number % len(topics)]} were discussed at length during meeting {number}. "
            "The mayor added that a decision would follow next week.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_crash_mid_batch_keeps_what_was_committed(
    tmp_path: Path, pipeline: Pipeline, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_articles(tmp_path / "batch", 5)
    store = SQLiteStore(tmp_path / "nw.db")
    # Each document is analysed through narrativewatch.pipeline.analyze (workers.analyse_one).
    real_analyze = pipeline_module.analyze
    calls = {"n": 0}

    def crash_on_third(document, pipe):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the process is killed mid-batch
        return real_analyze(document, pipe)

    monkeypatch.setattr(pipeline_module, "analyze", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        ingest_sources([str(tmp_path / "batch")], settings, store=store, pipeline=pipeline)
    store.close()

    reopened = SQLiteStore(tmp_path / "nw.db")
    assert reopened.count_documents() == 2
    monkeypatch.setattr(pipeline_module, "analyze", real_analyze)
    report = ingest_sources([str(tmp_path / "batch")], settings, store=reopened, pipeline=pipeline)
    assert (report.stored, report.duplicates) == (3, 2)
    assert reopened.count_documents() == 5
    reopened.close()


def test_demo_corpus_twice_changes_nothing(
    tmp_path: Path, pipeline: Pipeline, settings: Settings
) -> None:
    sources = [str(DEMO / n) for n in ("articles.jsonl", "telegram_export.json", "feed.xml")]
    store = SQLiteStore(tmp_path / "demo.db")
    first = ingest_sources(sources, settings, IngestOptions(), store=store, pipeline=pipeline)
    assert first.errors == []
    assert first.stored >= 20 and first.near_duplicates >= 1
    counts = store.table_counts()
    second = ingest_sources(sources, settings, IngestOptions(), store=store, pipeline=pipeline)
    assert (second.stored, second.duplicates) == (0, first.stored)
    assert store.table_counts() == counts

    rows = {row["narrative_id"]: row for row in overview(settings, store=store)}
    belarus = rows["ukraine-preparing-attack-on-belarus"]
    assert belarus["category"] == "pretext-escalation"
    assert belarus["promoting"] >= 1 and belarus["refuting"] >= 1
    assert belarus["copies"] >= 1  # the near-duplicate wire copy, counted once in documents
    store.close()


def test_a_text_cut_at_the_analysis_limit_is_stored_with_a_warning(
    tmp_path: Path, pipeline: Pipeline, settings: Settings
) -> None:
    long_text = tmp_path / "long.txt"
    sentence = "Officials in Minsk said the exercise was routine and would end on Friday. "
    long_text.write_text(sentence * (MAX_ANALYSED_CHARS // len(sentence) + 50), encoding="utf-8")
    short_text = tmp_path / "short.txt"
    short_text.write_text("The weather in Kyiv was mild on Tuesday.", encoding="utf-8")
    seen: list[tuple[str, str]] = []
    store = SQLiteStore(tmp_path / "nw.db")
    report = ingest_sources(
        [str(long_text), str(short_text)],
        settings,
        store=store,
        pipeline=pipeline,
        on_warning=lambda item, warning: seen.append((item, warning)),
    )
    store.close()
    assert report.stored == 2
    # Only the partial analysis is worth a warning, not the short text's lack of claims.
    cut = f"text longer than {MAX_ANALYSED_CHARS} characters: analysed the start only"
    assert seen == report.warnings == [(str(long_text), cut)]
