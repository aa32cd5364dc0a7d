"""Named schema migrations, applied in order, each in its own transaction.

A migration is never edited once released: a schema change is a new migration appended
here. The store records the name of every migration it applied.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_documents",
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            outlet TEXT,
            url TEXT,
            title TEXT,
            text TEXT NOT NULL,
            language TEXT,
            published_at TEXT,            -- ISO 8601 in UTC, or NULL when unknown
            published_at_source TEXT,
            ingested_at TEXT NOT NULL,
            duplicate_of INTEGER REFERENCES documents(id),
            duplicate_similarity REAL,
            extra TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX documents_published_at ON documents(published_at);
        CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
        CREATE INDEX documents_url ON documents(url);
        CREATE TABLE document_signatures (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            signature BLOB NOT NULL
        );
        CREATE TABLE document_bands (
            band_key TEXT NOT NULL,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
        );
        CREATE INDEX document_bands_key ON document_bands(band_key);
        """,
    ),
    (
        "0002_analyses",
        """
        CREATE TABLE analyses (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            analyzed_at TEXT NOT NULL,
            model_id TEXT NOT NULL,
            result TEXT NOT NULL          -- the JSON document of docs/json-output.md
        );
        CREATE TABLE actors (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            country TEXT,
            level TEXT
        );
        CREATE TABLE matches (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            narrative_id TEXT NOT NULL,
            score REAL NOT NULL,
            status TEXT NOT NULL,
            stance TEXT NOT NULL,
            evidence_start INTEGER NOT NULL,
            evidence_end INTEGER NOT NULL,
            statement TEXT NOT NULL,
            UNIQUE (document_id, narrative_id)
        );
        CREATE INDEX matches_narrative ON matches(narrative_id);
        -- Who carried a narrative where and when: the outlet (role 'outlet', its document
        -- stance) and every quoted or cited actor (role 'speaker' or 'source').
        CREATE TABLE appearances (
            id INTEGER PRIMARY KEY,
            narrative_id TEXT NOT NULL,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            actor_id TEXT,
            outlet TEXT,
            role TEXT NOT NULL,
            stance TEXT NOT NULL,
            published_at TEXT,
            evidence_start INTEGER NOT NULL,
            evidence_end INTEGER NOT NULL
        );
        CREATE INDEX appearances_narrative_time ON appearances(narrative_id, published_at);
        CREATE INDEX appearances_actor ON appearances(actor_id);
        """,
    ),
    (
        "0003_fulltext",
        """
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='id', tokenize='unicode61'
        );
        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END;
        """,
    ),
    (
        "0004_feedback",
        """
        -- One row per analyst decision on a stored match; the latest decision wins.
        -- claim_text is kept (not only the span) because a rejected (claim, narrative)
        -- pair must be recognised in other documents, where the span means nothing.
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            narrative_id TEXT NOT NULL,
            claim_start INTEGER NOT NULL,
            claim_end INTEGER NOT NULL,
            claim_text TEXT NOT NULL,
            claim_key TEXT NOT NULL,      -- text_key(claim_text): the rejected-pair key
            claim_language TEXT,
            decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
            analyst TEXT,
            note TEXT,
            decided_at TEXT NOT NULL
        );
        CREATE INDEX feedback_match ON feedback(document_id, narrative_id);
        CREATE INDEX feedback_pair ON feedback(claim_key, narrative_id);
        -- Further phrasings of a narrative learnt from confirmed matches; the pipeline adds
        -- them to the catalog's Narrative.variants.
        CREATE TABLE narrative_variants (
            id INTEGER PRIMARY KEY,
            narrative_id TEXT NOT NULL,
            language TEXT NOT NULL,
            text TEXT NOT NULL,
            document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            feedback_id INTEGER REFERENCES feedback(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            UNIQUE (narrative_id, language, text)
        );
        CREATE INDEX narrative_variants_narrative ON narrative_variants(narrative_id);
        """,
    ),
)
