"""The SQLite store: migrations, exact and near duplicates, crash safety."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from narrativewatch.errors import ConfigError
from narrativewatch.ingest import make_document
from narrativewatch.store import open_store
from narrativewatch.store.migrations import MIGRATIONS
from narrativewatch.store.sqlite import SQLiteStore

STORY = (
    "The State Border Committee of Belarus said on Thursday that it had recorded an increase "
    "in the number of Ukrainian troops near the border. Ukrainian border guards denied any "
    "build-up and said there were no provocations on their part. Analysts in Kyiv said the "
    "statement repeated claims Minsk has made since 2022 without showing any evidence, and "
    "warned that Moscow could use it to justify new steps in its war against Ukraine."
)


def doc(text: str, day: int, source: str = "test") -> object:
    return make_document(text, source=source, published_at=datetime(2024, 6, day, tzinfo=UTC))


def test_migrations_are_named_and_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "nw.db"
    SQLiteStore(path).close()
    store = SQLiteStore(path)
    assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
    store.close()


def test_a_repost_rejection_from_before_its_column_is_recognised(tmp_path: Path) -> None:
    """0013 fills feedback.derived_from from the note older versions wrote instead."""
    path = tmp_path / "nw.db"
    store = SQLiteStore(path)
    document_id = store.add_document(doc(STORY, 20)).document_id
    notes = [
        "repost of the claim rejected in document 17",
        "looks like a repost of the claim rejected in document 3",  # an analyst's words
        None,
    ]
    with store.transaction():
        store.connection.executemany(
            """INSERT INTO feedback (document_id, narrative_id, claim_start, claim_end,
               claim_text, claim_key, claim_language, decision, note, decided_at)
               VALUES (?, 'n', 0, 5, 'claim', 'claim', 'en', 'rejected', ?, 'now')""",
            [(document_id, note) for note in notes],
        )
        # as the store was before the migration
        store.connection.execute("UPDATE feedback SET derived_from = NULL")
        store.connection.execute(
            "DELETE FROM schema_migrations WHERE name = '0013_feedback_derived_from'"
        )
        store.connection.execute("ALTER TABLE feedback DROP COLUMN derived_from")
    store.close()
    reopened = SQLiteStore(path)
    found = [
        row[0]
        for row in reopened.connection.execute("SELECT derived_from FROM feedback ORDER BY id")
    ]
    assert found == [17, None, None]
    reopened.close()


def test_same_text_twice_is_stored_once(store: SQLiteStore) -> None:
    first = store.add_document(doc(STORY, 20))
    again = store.add_document(doc("  " + STORY.replace(" ", "  ") + "\n", 21))
    assert first.status == "new"
    assert (again.status, again.document_id) == ("duplicate", first.document_id)
    assert store.count_documents() == 1


def test_near_duplicate_linked_to_earliest_copy(store: SQLiteStore) -> None:
    copy = STORY.replace("on Thursday", "on Thursday evening") + " Read more on our site."
    later = store.add_document(doc(copy, 22, "b"))
    earliest = store.add_document(doc(STORY, 20, "a"))
    assert later.status == "new"
    assert earliest.status == "near_duplicate" and earliest.original_id == earliest.document_id
    stored_later = store.get_document(later.document_id)
    assert stored_later is not None
    assert stored_later.document.duplicate_of == earliest.document_id
    third = store.add_document(doc(STORY.replace("Analysts", "Experts"), 23, "c"))
    assert third.status == "near_duplicate" and third.original_id == earliest.document_id
    unrelated = store.add_document(
        doc(
            "A completely different report about grain exports "
            "from Odesa and shipping insurance in the Black Sea.",
            24,
        )
    )
    assert unrelated.status == "new"


def test_rollback_keeps_what_was_committed(tmp_path: Path) -> None:
    path = tmp_path / "nw.db"
    store = SQLiteStore(path)
    store.add_document(doc(STORY, 20))
    with pytest.raises(RuntimeError), store.transaction():
        store.connection.execute(
            "INSERT INTO documents (content_hash, source, text, ingested_at) "
            "VALUES ('h', 's', 't', 'now')"
        )
        raise RuntimeError("crash mid-write")
    store.close()
    reopened = SQLiteStore(path)
    assert reopened.count_documents() == 1
    reopened.close()


def test_full_text_search(store: SQLiteStore) -> None:
    stored = store.add_document(doc(STORY, 20))
    assert store.search("provocations") == [stored.document_id]
    assert store.search("biolabs") == []


def test_unknown_backend_refused() -> None:
    with pytest.raises(ConfigError, match="unknown store backend 'mysql'"):
        open_store("mysql://localhost/db")


def test_naive_datetime_refused(store: SQLiteStore) -> None:
    naive = make_document(STORY, source="x")
    object.__setattr__(naive, "published_at", datetime(2024, 6, 20))
    with pytest.raises(Exception, match="timezone-aware"):
        store.add_document(naive)


def _open_and_store(path: str, text: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        store = SQLiteStore(path)
        results.put(store.add_document(doc(text, 20)).status)
        store.close()
    except Exception as exc:  # reported to the parent, which fails the test
        results.put(f"{type(exc).__name__}: {exc}")


def test_two_processes_opening_a_new_store_and_storing_one_text(tmp_path: Path) -> None:
    """Two ingests into one new database at once: both set it up, the text is stored
    once, the other sees it as already stored (not a crash, not a duplicate row)."""
    context = multiprocessing.get_context("spawn")
    for attempt in range(3):  # the race is not forced: try a few fresh databases
        path = str(tmp_path / f"race{attempt}.db")
        barrier, results = context.Barrier(3), context.Queue()
        workers = [
            context.Process(target=_open_and_store, args=(path, STORY, barrier, results))
            for _ in range(3)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        statuses = sorted(results.get(timeout=5) for _ in workers)
        assert statuses == ["duplicate", "duplicate", "new"], statuses
        store = SQLiteStore(path)
        count = store.connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        store.close()
        assert count == 1


def test_a_text_stored_by_another_process_after_the_check_is_a_duplicate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first look-up runs before the write lock; the text may arrive in between."""
    path = tmp_path / "nw.db"
    mine, theirs = SQLiteStore(path), SQLiteStore(path)
    first_lookup = {"done": False}
    real_find = mine.find_by_hash

    def stale_then_real(content_hash: str) -> int | None:
        if not first_lookup["done"]:
            first_lookup["done"] = True
            theirs.add_document(doc(STORY, 21))  # the other process wins the race
            return None
        return real_find(content_hash)

    monkeypatch.setattr(mine, "find_by_hash", stale_then_real)
    result = mine.add_document(doc(STORY, 20))
    assert result.status == "duplicate"
    assert mine.connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
    mine.close()
    theirs.close()
