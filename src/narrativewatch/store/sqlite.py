"""The embedded SQLite store: one file, WAL journal, full-text index, named migrations.

Every document is written in its own transaction together with its analysis, so a crash
in the middle of a batch loses nothing that was committed before it, and re-running the
batch skips what is already there (the content hash is unique).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.appearances import appearances_of
from narrativewatch.errors import StoreError
from narrativewatch.ingest.dedupe import (
    NEAR_DUPLICATE_THRESHOLD,
    lsh_band_keys,
    minhash_signature,
    signature_similarity,
)
from narrativewatch.model import (
    Actor,
    Analysis,
    Appearance,
    AppearanceRole,
    DailyCount,
    Document,
    Span,
    Stance,
)
from narrativewatch.store.base import (
    AddResult,
    FeedbackEntry,
    NarrativeOverview,
    StoredCitation,
    StoredDocument,
    StoredMatch,
    StoredVariant,
)
from narrativewatch.store.migrations import MIGRATIONS


class SQLiteStore:
    """The default store. ``path`` is a file, or ":memory:" for tests."""

    backend = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA busy_timeout = 5000")
            if self.path != ":memory:":
                self._set_wal_mode()
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from None

    def _set_wal_mode(self, patience: float = 10.0) -> None:
        """Switch to write-ahead logging. Switching needs the database to itself, and
        SQLite answers "database is locked" at once, without the busy timeout, while
        another process sets up the same new store: wait for it a little."""
        deadline = time.monotonic() + patience
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    # -- schema -----------------------------------------------------------------------

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
        )
        applied = {row[0] for row in self._db.execute("SELECT name FROM schema_migrations")}
        for name, script in MIGRATIONS:
            if name in applied:
                continue
            with self.transaction():
                # Another process opening the same new store may have applied it since.
                if self._db.execute(
                    "SELECT 1 FROM schema_migrations WHERE name = ?", (name,)
                ).fetchone():
                    continue
                for statement in _statements(script):
                    self._db.execute(statement)
                self._db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, _now()))

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection, for the modules that keep their own tables in this store
        (alerts/records.py, discovery/records.py) and for benchmarks. Writes that must be
        atomic go inside ``transaction()``."""
        return self._db

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT name FROM schema_migrations ORDER BY name")]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    # -- documents ----------------------------------------------------------------------

    def find_by_hash(self, content_hash: str) -> int | None:
        row = self._db.execute(
            "SELECT id FROM documents WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return int(row[0]) if row else None

    def add_document(
        self,
        document: Document,
        analysis: Analysis | None = None,
        result: dict[str, Any] | None = None,
    ) -> AddResult:
        """Store a document (and its analysis) in one transaction.

        The same text twice is stored once (``AddResult.status == "duplicate"``); a near
        copy is stored and linked to the earliest copy (``"near_duplicate"``).
        """
        existing = self.find_by_hash(document.content_hash)
        if existing is not None:
            return AddResult("duplicate", existing, None, None)
        signature = minhash_signature(_body(document))
        bands = lsh_band_keys(signature)
        with self.transaction():
            # Again under the write lock: another process may have stored the same text
            # since the check above (two ingests of one batch at once).
            existing = self.find_by_hash(document.content_hash)
            if existing is not None:
                return AddResult("duplicate", existing, None, None)
            root, similarity = self._near_duplicate_root(signature, bands)
            cursor = self._db.execute(
                """INSERT INTO documents (content_hash, source, outlet, url, title, text, language,
                   published_at, published_at_source, ingested_at, extra)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    document.content_hash,
                    document.source,
                    document.outlet,
                    document.url,
                    document.title,
                    document.text,
                    (analysis.language if analysis else None) or document.language,
                    _iso(document.published_at),
                    document.published_at_source,
                    _now(),
                    json.dumps(document.extra, ensure_ascii=False, sort_keys=True),
                ),
            )
            document_id = int(cursor.lastrowid or 0)
            self._db.execute(
                "INSERT INTO document_signatures VALUES (?, ?)",
                (document_id, signature.astype(np.uint64).tobytes()),
            )
            self._db.executemany(
                "INSERT INTO document_bands VALUES (?, ?)", [(key, document_id) for key in bands]
            )
            canonical = None
            if root is not None:
                canonical = self._link_copy(document_id, document.published_at, root, similarity)
            if analysis is not None and result is not None:
                self._save_analysis(document_id, analysis, result, canonical)
        if root is None:
            return AddResult("new", document_id, None, None)
        return AddResult("near_duplicate", document_id, canonical, similarity)

    def _near_duplicate_root(
        self, signature: np.ndarray, bands: Sequence[str]
    ) -> tuple[int | None, float | None]:
        placeholders = ",".join("?" * len(bands))
        candidates = [
            int(r[0])
            for r in self._db.execute(
                "SELECT DISTINCT document_id FROM document_bands "
                f"WHERE band_key IN ({placeholders})",
                list(bands),
            )
        ]
        best: tuple[float, int] | None = None
        for candidate in candidates:
            row = self._db.execute(
                "SELECT signature FROM document_signatures WHERE document_id = ?", (candidate,)
            ).fetchone()
            other = np.frombuffer(row[0], dtype=np.uint64)
            similarity = signature_similarity(signature, other)
            if similarity >= NEAR_DUPLICATE_THRESHOLD and (best is None or similarity > best[0]):
                best = (similarity, candidate)
        if best is None:
            return None, None
        similarity, candidate = best
        root_row = self._db.execute(
            "SELECT COALESCE(duplicate_of, id) FROM documents WHERE id = ?", (candidate,)
        ).fetchone()
        return int(root_row[0]), round(similarity, 4)

    def _link_copy(
        self, document_id: int, published_at: datetime | None, root: int, similarity: float | None
    ) -> int:
        """Link a new copy to the earliest document of its group; if the new one is earlier
        than the group's current original, it becomes the original. Returns the original."""
        root_published = self._db.execute(
            "SELECT published_at FROM documents WHERE id = ?", (root,)
        ).fetchone()[0]
        new_is_earlier = (
            published_at is not None
            and root_published is not None
            and _iso(published_at) < root_published
        )
        if new_is_earlier:
            self._db.execute(
                "UPDATE documents SET duplicate_of = ? WHERE duplicate_of = ? OR id = ?",
                (document_id, root, root),
            )
            self._db.execute(
                "UPDATE appearances SET story_id = ? WHERE story_id = ?", (document_id, root)
            )
            self._db.execute(
                "UPDATE documents SET duplicate_similarity = ? WHERE id = ?", (similarity, root)
            )
            return document_id
        self._db.execute(
            "UPDATE documents SET duplicate_of = ?, duplicate_similarity = ? WHERE id = ?",
            (root, similarity, document_id),
        )
        return root

    def _save_analysis(
        self, document_id: int, analysis: Analysis, result: dict[str, Any], canonical: int | None
    ) -> None:
        result = dict(result)
        result["document"] = {**result.get("document", {}), "id": document_id}
        self._db.execute(
            "INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?)",
            (
                document_id,
                _now(),
                result.get("model_id", ""),
                json.dumps(result, ensure_ascii=False),
            ),
        )
        for actor in analysis.actors:
            self._upsert_actor(actor)
        if analysis.outlet_actor is not None:
            self._upsert_actor(analysis.outlet_actor)
        self._db.executemany(
            """INSERT INTO citations (document_id, source_actor_id, source_name, via_actor_id,
               via_name, evidence_start, evidence_end) VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [(document_id, *row) for row in _citation_rows(result)],
        )
        for match in analysis.matches:
            self._db.execute(
                """INSERT OR REPLACE INTO matches (document_id, narrative_id, score, status, stance,
                   evidence_start, evidence_end, statement) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    document_id,
                    match.narrative_id,
                    match.score,
                    match.status.value,
                    match.stance.value,
                    match.evidence.start,
                    match.evidence.end,
                    match.statement,
                ),
            )
        self._db.executemany(
            """INSERT INTO appearances (narrative_id, document_id, actor_id, outlet, role, stance,
               published_at, evidence_start, evidence_end, day, actor_kind, actor_level, country,
               story_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    a.narrative_id,
                    document_id,
                    a.actor_id,
                    a.outlet,
                    a.role.value,
                    a.stance.value,
                    _iso(a.published_at),
                    a.evidence.start,
                    a.evidence.end,
                    _day(a.published_at),
                    a.actor_kind,
                    a.actor_level,
                    a.country,
                    canonical or document_id,
                )
                for a in appearances_of(analysis, document_id)
            ],
        )

    def _upsert_actor(self, actor: Actor) -> None:
        self._db.execute(
            """INSERT INTO actors VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET
               name = excluded.name, kind = excluded.kind, country = excluded.country,
               level = excluded.level""",
            (actor.id, actor.name, actor.kind.value, actor.country, actor.level),
        )

    # -- reading ------------------------------------------------------------------------

    def count_documents(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def get_document(self, document_id: int) -> StoredDocument | None:
        row = self._db.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        return _stored(row) if row else None

    def documents(self) -> list[StoredDocument]:
        return [_stored(r) for r in self._db.execute("SELECT * FROM documents ORDER BY id")]

    def get_analysis(self, document_id: int) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT result FROM analyses WHERE document_id = ?", (document_id,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def search(self, query: str, limit: int = 20) -> list[int]:
        """Document ids matching a full-text query (FTS5 syntax), best first."""
        rows = self._db.execute(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        )
        return [int(r[0]) for r in rows]

    def narrative_overview(self) -> list[NarrativeOverview]:
        """Per narrative: documents by outlet stance (near-duplicate copies counted once,
        and separately as copies), the actors promoting it, first and last appearance."""
        overview = []
        rows = self._db.execute(
            """SELECT m.narrative_id,
                      COUNT(DISTINCT COALESCE(d.duplicate_of, d.id)) AS documents,
                      SUM(d.duplicate_of IS NOT NULL) AS copies,
                      COUNT(DISTINCT CASE WHEN m.stance = 'promotes'
                            THEN COALESCE(d.duplicate_of, d.id) END) AS promoting,
                      COUNT(DISTINCT CASE WHEN m.stance = 'reports'
                            THEN COALESCE(d.duplicate_of, d.id) END) AS reporting,
                      COUNT(DISTINCT CASE WHEN m.stance = 'refutes'
                            THEN COALESCE(d.duplicate_of, d.id) END) AS refuting,
                      MIN(d.published_at) AS first_seen, MAX(d.published_at) AS last_seen,
                      MAX(m.score) AS best_score
               FROM matches m JOIN documents d ON d.id = m.document_id
               WHERE m.status != 'rejected'
               GROUP BY m.narrative_id
               ORDER BY documents DESC, best_score DESC"""
        ).fetchall()
        for row in rows:
            actors = self._db.execute(
                """SELECT a.actor_id, COALESCE(ac.name, a.actor_id) AS name, COUNT(*) AS n
                   FROM appearances a LEFT JOIN actors ac ON ac.id = a.actor_id
                   WHERE a.narrative_id = ? AND a.actor_id IS NOT NULL AND a.stance = 'promotes'
                     AND a.role != 'outlet'
                   GROUP BY a.actor_id ORDER BY n DESC, name LIMIT 5""",
                (row["narrative_id"],),
            ).fetchall()
            overview.append(
                NarrativeOverview(
                    narrative_id=row["narrative_id"],
                    documents=int(row["documents"]),
                    copies=int(row["copies"] or 0),
                    promoting=int(row["promoting"]),
                    reporting=int(row["reporting"]),
                    refuting=int(row["refuting"]),
                    first_seen=row["first_seen"],
                    last_seen=row["last_seen"],
                    promoting_actors=tuple(a["name"] for a in actors),
                )
            )
        return overview

    # -- appearances: timelines, traces, surges ---------------------------------------------

    def appearances(
        self,
        narrative_id: str | None = None,
        *,
        since: date | None = None,
        until: date | None = None,
        include_rejected: bool = False,
        first_documents: int | None = None,
    ) -> list[Appearance]:
        """Appearances in time order (undated last), optionally of one narrative and within
        ``[since, until]`` (UTC days). Appearances of rejected matches are left out. With
        ``first_documents``, only those of the earliest N documents (a trace of a narrative
        with a long history reads its beginning, not all of it)."""
        conditions, parameters = _appearance_filter(narrative_id, since, until, include_rejected)
        if first_documents is not None:
            ids = self._first_documents(conditions, parameters, first_documents)
            conditions = [*conditions, f"a.document_id IN ({','.join('?' * len(ids))})"]
            parameters = [*parameters, *ids]
        rows = self._db.execute(
            f"""SELECT a.*, m.status AS match_status, ac.name AS actor_name
                FROM appearances a
                JOIN matches m ON m.document_id = a.document_id
                     AND m.narrative_id = a.narrative_id
                LEFT JOIN actors ac ON ac.id = a.actor_id
                WHERE {" AND ".join(conditions)}
                ORDER BY a.published_at IS NULL, a.published_at, a.id""",
            parameters,
        )
        return [_appearance(row) for row in rows]

    def _first_documents(
        self, conditions: list[str], parameters: list[Any], limit: int
    ) -> list[int]:
        """The earliest ``limit`` documents among the appearances the conditions select,
        undated ones last. Dated and undated are read apart so that the dated ones come
        straight off the (narrative, published_at) index instead of a sort of them all."""
        where = " AND ".join([*conditions, "a.role = 'outlet'"])
        ids = [
            int(r[0])
            for r in self._db.execute(
                f"""SELECT a.document_id FROM appearances a
                    WHERE {where} AND a.published_at IS NOT NULL
                    ORDER BY a.published_at, a.document_id LIMIT ?""",
                [*parameters, limit],
            )
        ]
        if len(ids) < limit:
            ids += [
                int(r[0])
                for r in self._db.execute(
                    f"""SELECT a.document_id FROM appearances a
                        WHERE {where} AND a.published_at IS NULL
                        ORDER BY a.document_id LIMIT ?""",
                    [*parameters, limit - len(ids)],
                )
            ]
        return ids

    def citations(self, document_ids: Sequence[int]) -> list[StoredCitation]:
        """The resolved citations of the given documents, by document and position."""
        found: list[StoredCitation] = []
        ids = sorted(set(document_ids))
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            rows = self._db.execute(
                f"""SELECT * FROM citations WHERE document_id IN ({",".join("?" * len(part))})
                    ORDER BY document_id, evidence_start, id""",
                part,
            )
            found.extend(
                StoredCitation(
                    document_id=int(r["document_id"]),
                    source_actor_id=r["source_actor_id"],
                    source_name=r["source_name"],
                    via_actor_id=r["via_actor_id"],
                    via_name=r["via_name"],
                    evidence=Span(int(r["evidence_start"]), int(r["evidence_end"])),
                )
                for r in rows
            )
        return found

    def daily_counts(
        self,
        by: str = "narrative",
        *,
        narrative_id: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[DailyCount]:
        """Daily volume of spread, per ``by`` = "narrative", "country" (of the outlet) or
        "actor" (the kind or level of the quoted or cited actor). Refuting appearances are
        counter-evidence, not spread, and are left out; copies count once (``documents``)
        and are reported beside (``copies``)."""
        if by not in DAILY_COUNT_KEYS:
            raise StoreError(f"daily counts by {by!r}: expected one of {sorted(DAILY_COUNT_KEYS)}")
        key, role = DAILY_COUNT_KEYS[by]
        conditions, parameters = _appearance_filter(narrative_id, since, until, False)
        conditions += ["a.day IS NOT NULL", "a.stance != 'refutes'", role]
        # A story counts on the day of its original document; a near-duplicate copy adds
        # to ``copies``, not to ``documents``. Summing per outlet first gives the busiest
        # outlet's share in the same single pass over the covering index.
        rows = self._db.execute(
            f"""SELECT day, key, SUM(originals) AS stories, SUM(copies) AS copies,
                       COUNT(*) AS outlets, MAX(originals) AS top
                FROM (SELECT a.day AS day, {key} AS key, a.outlet AS outlet,
                             SUM(a.document_id = a.story_id) AS originals,
                             SUM(a.document_id != a.story_id) AS copies
                      FROM appearances a
                      WHERE {" AND ".join(conditions)}
                      GROUP BY a.day, key, a.outlet)
                GROUP BY day, key ORDER BY day, key""",
            parameters,
        )
        return [
            DailyCount(
                day=date.fromisoformat(r["day"]),
                key=r["key"],
                documents=int(r["stories"]),
                copies=int(r["copies"]),
                outlets=int(r["outlets"]),
                top_outlet_share=int(r["top"]) / int(r["stories"]) if r["stories"] else 0.0,
            )
            for r in rows
        ]

    # -- analyst feedback ---------------------------------------------------------------

    def list_matches(
        self, status: str | None = None, narrative_id: str | None = None
    ) -> list[StoredMatch]:
        """Stored matches, optionally of one status and/or narrative, best score first."""
        return [match for match, _, _ in self.match_evidence(status, narrative_id)]

    def match_evidence(
        self,
        status: str | None = None,
        narrative_id: str | None = None,
        document_id: int | None = None,
    ) -> list[tuple[StoredMatch, str, str | None]]:
        """Stored matches (optionally of one status, narrative and/or document), best score
        first, each with its evidence claim's text — its span of the stored document text
        — and the document's language: one query, however many matches."""
        conditions, parameters = [], []
        for column, value in (
            ("m.status", status),
            ("m.narrative_id", narrative_id),
            ("m.document_id", document_id),
        ):
            if value is not None:
                conditions.append(f"{column} = ?")
                parameters.append(value)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        # substr counts characters as Python's offsets do; it is 1-based.
        rows = self._db.execute(
            f"""SELECT m.document_id, m.narrative_id, m.score, m.status, m.stance,
                       m.evidence_start, m.evidence_end, m.statement, d.language,
                       substr(d.text, m.evidence_start + 1, m.evidence_end - m.evidence_start)
                         AS evidence_text
                FROM matches m JOIN documents d ON d.id = m.document_id
                {where} ORDER BY m.score DESC, m.document_id, m.narrative_id""",
            parameters,
        )
        return [(_match(row), str(row["evidence_text"]), row["language"]) for row in rows]

    def get_match(self, document_id: int, narrative_id: str) -> StoredMatch | None:
        row = self._db.execute(
            """SELECT document_id, narrative_id, score, status, stance, evidence_start,
                      evidence_end, statement
               FROM matches WHERE document_id = ? AND narrative_id = ?""",
            (document_id, narrative_id),
        ).fetchone()
        return _match(row) if row else None

    def add_feedback(self, entry: FeedbackEntry, *, add_variant: bool) -> int:
        """Record a decision, set the match's status to it and, with ``add_variant``, keep
        the claim as a variant of the narrative — all in one transaction. Returns the
        feedback id."""
        with self.transaction():
            cursor = self._db.execute(
                """INSERT INTO feedback (document_id, narrative_id, claim_start, claim_end,
                   claim_text, claim_key, claim_language, decision, analyst, note,
                   derived_from, decided_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    entry.document_id,
                    entry.narrative_id,
                    entry.claim_start,
                    entry.claim_end,
                    entry.claim_text,
                    entry.claim_key,
                    entry.claim_language,
                    entry.decision,
                    entry.analyst,
                    entry.note,
                    entry.derived_from,
                    _now(),
                ),
            )
            feedback_id = int(cursor.lastrowid or 0)
            self._db.execute(
                "UPDATE matches SET status = ? WHERE document_id = ? AND narrative_id = ?",
                (entry.decision, entry.document_id, entry.narrative_id),
            )
            self._db.execute(
                "UPDATE appearances SET rejected = ? WHERE document_id = ? AND narrative_id = ?",
                (int(entry.decision == "rejected"), entry.document_id, entry.narrative_id),
            )
            # A later decision overrides an earlier one: a confirmed claim is no longer a
            # variant once rejected, and vice versa.
            self._db.execute(
                "DELETE FROM narrative_variants WHERE narrative_id = ? AND text = ?",
                (entry.narrative_id, entry.claim_text),
            )
            if add_variant and entry.claim_language:
                self._db.execute(
                    """INSERT INTO narrative_variants (narrative_id, language, text, document_id,
                       feedback_id, created_at) VALUES (?, ?, ?, ?, ?, ?)""",
                    (
                        entry.narrative_id,
                        entry.claim_language,
                        entry.claim_text,
                        entry.document_id,
                        feedback_id,
                        _now(),
                    ),
                )
        return feedback_id

    def latest_feedback(self, document_id: int, narrative_id: str) -> FeedbackEntry | None:
        """The latest decision recorded on the match, or None."""
        row = self._db.execute(
            """SELECT document_id, narrative_id, claim_start, claim_end, claim_text, claim_key,
                      claim_language, decision, analyst, note, derived_from
               FROM feedback WHERE document_id = ? AND narrative_id = ?
               ORDER BY id DESC LIMIT 1""",
            (document_id, narrative_id),
        ).fetchone()
        return FeedbackEntry(*row) if row else None

    def reopen_match(self, document_id: int, narrative_id: str) -> None:
        """Put a rejected match back among those awaiting a decision (``suggested``), its
        appearance counted again; the feedback history stays as it was."""
        with self.transaction():
            self._db.execute(
                """UPDATE matches SET status = 'suggested'
                   WHERE document_id = ? AND narrative_id = ?""",
                (document_id, narrative_id),
            )
            self._db.execute(
                "UPDATE appearances SET rejected = 0 WHERE document_id = ? AND narrative_id = ?",
                (document_id, narrative_id),
            )

    def narrative_variants(self) -> list[StoredVariant]:
        rows = self._db.execute(
            """SELECT narrative_id, language, text, document_id, feedback_id
               FROM narrative_variants ORDER BY id"""
        )
        return [
            StoredVariant(r["narrative_id"], r["language"], r["text"], r[3], r[4]) for r in rows
        ]

    def claim_decisions(self) -> list[tuple[str, str, str]]:
        """(claim text, narrative id, decision): the latest decision on each exact claim
        text and narrative, in the order they were made."""
        rows = self._db.execute(
            """SELECT f.claim_text, f.narrative_id, f.decision FROM feedback f
               WHERE f.id = (SELECT MAX(g.id) FROM feedback g
                             WHERE g.claim_key = f.claim_key
                               AND g.narrative_id = f.narrative_id)
               ORDER BY f.id"""
        )
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]

    def table_counts(self) -> dict[str, int]:
        tables = ("documents", "analyses", "matches", "appearances", "actors")
        return {t: int(self._db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}


def _body(document: Document) -> str:
    """The text without its leading headline: a republished copy usually gets a new
    headline, and that must not hide that the body is the same."""
    if document.title and document.text.startswith(document.title):
        return document.text[len(document.title) :].lstrip() or document.text
    return document.text


def _match(row: sqlite3.Row) -> StoredMatch:
    return StoredMatch(
        document_id=int(row["document_id"]),
        narrative_id=row["narrative_id"],
        score=float(row["score"]),
        status=row["status"],
        stance=row["stance"],
        evidence_start=int(row["evidence_start"]),
        evidence_end=int(row["evidence_end"]),
        statement=row["statement"],
    )


def _statements(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    statements, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            statements.append(joined)
            current = []
    if "\n".join(current).strip():
        statements.append("\n".join(current))
    return statements


# daily_counts(by=...): the series key and which appearances feed it
DAILY_COUNT_KEYS: dict[str, tuple[str, str]] = {
    "narrative": ("a.narrative_id", "a.role = 'outlet'"),
    "country": ("COALESCE(a.country, 'unknown')", "a.role = 'outlet'"),
    "actor": ("COALESCE(a.actor_level, a.actor_kind, 'unknown')", "a.role != 'outlet'"),
}


def _citation_rows(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    """(source actor, source name, via actor, via name, start, end) of each attribution of
    a report (docs/json-output.md) whose source resolved to an actor."""
    rows = []
    for attribution in result.get("attributions", []):
        source = attribution.get("source") or {}
        if not source.get("actor_id"):
            continue
        via = attribution.get("via") or {}
        cue = attribution.get("cue") or {}
        starts = [v for v in (cue.get("start"), source.get("start")) if v is not None]
        ends = [v for v in (cue.get("end"), source.get("end")) if v is not None]
        if not starts or not ends:
            continue
        rows.append(
            (
                source["actor_id"],
                source.get("name"),
                via.get("actor_id"),
                via.get("name"),
                min(starts),
                max(ends),
            )
        )
    return rows


def _appearance_filter(
    narrative_id: str | None, since: date | None, until: date | None, include_rejected: bool
) -> tuple[list[str], list[Any]]:
    conditions: list[str] = ["1 = 1"]
    parameters: list[Any] = []
    if narrative_id is not None:
        conditions.append("a.narrative_id = ?")
        parameters.append(narrative_id)
    if since is not None:
        conditions.append("a.day >= ?")
        parameters.append(since.isoformat())
    if until is not None:
        conditions.append("a.day <= ?")
        parameters.append(until.isoformat())
    if not include_rejected:
        conditions.append("a.rejected = 0")
    return conditions, parameters


def _appearance(row: sqlite3.Row) -> Appearance:
    published = datetime.fromisoformat(row["published_at"]) if row["published_at"] else None
    return Appearance(
        narrative_id=row["narrative_id"],
        document_id=int(row["document_id"]),
        role=AppearanceRole(row["role"]),
        stance=Stance(row["stance"]),
        published_at=published,
        evidence=Span(int(row["evidence_start"]), int(row["evidence_end"])),
        outlet=row["outlet"],
        actor_id=row["actor_id"],
        actor_name=row["actor_name"],
        actor_kind=row["actor_kind"],
        actor_level=row["actor_level"],
        country=row["country"],
        copy_of=row["story_id"] if row["story_id"] != row["document_id"] else None,
        match_status=row["match_status"],
        id=int(row["id"]),
    )


def _day(value: datetime | None) -> str | None:
    iso = _iso(value)
    return iso[:10] if iso else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise StoreError("published_at must be timezone-aware")
    return value.astimezone(UTC).isoformat()


def _stored(row: sqlite3.Row) -> StoredDocument:
    published = datetime.fromisoformat(row["published_at"]) if row["published_at"] else None
    return StoredDocument(
        Document(
            text=row["text"],
            content_hash=row["content_hash"],
            source=row["source"],
            title=row["title"],
            outlet=row["outlet"],
            url=row["url"],
            language=row["language"],
            published_at=published,
            published_at_source=row["published_at_source"],
            id=int(row["id"]),
            duplicate_of=row["duplicate_of"],
            duplicate_similarity=row["duplicate_similarity"],
            extra=json.loads(row["extra"]),
        ),
        ingested_at=row["ingested_at"],
    )
