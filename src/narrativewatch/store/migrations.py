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
    (
        "0005_appearance_facets",
        """
        -- What timelines, traces and surges group by: the UTC day, and the actor's kind,
        -- level (head_of_state, spokesperson, ministry, state_media, ...) and country. For
        -- role 'outlet' these describe the outlet's registry entry, when it has one.
        -- story_id is the original of the document's near-duplicate group (the document
        -- itself when it is no copy) and rejected mirrors the match's status, so that daily
        -- counts read this one table through a covering index (benchmarks/trace_queries.py).
        ALTER TABLE appearances ADD COLUMN day TEXT;
        ALTER TABLE appearances ADD COLUMN actor_kind TEXT;
        ALTER TABLE appearances ADD COLUMN actor_level TEXT;
        ALTER TABLE appearances ADD COLUMN country TEXT;
        ALTER TABLE appearances ADD COLUMN story_id INTEGER;
        ALTER TABLE appearances ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
        UPDATE appearances SET day = substr(published_at, 1, 10) WHERE published_at IS NOT NULL;
        UPDATE appearances SET story_id = (
            SELECT COALESCE(d.duplicate_of, d.id) FROM documents d WHERE d.id = document_id);
        UPDATE appearances SET rejected = 1 WHERE EXISTS (
            SELECT 1 FROM matches m WHERE m.document_id = appearances.document_id
            AND m.narrative_id = appearances.narrative_id AND m.status = 'rejected');
        CREATE INDEX appearances_narrative_spread ON appearances(
            narrative_id, role, day, outlet, stance, rejected, story_id, document_id,
            country, actor_level, actor_kind);
        CREATE INDEX appearances_day_spread ON appearances(
            day, role, narrative_id, outlet, stance, rejected, story_id, document_id,
            country, actor_level, actor_kind);
        CREATE INDEX appearances_document ON appearances(document_id);
        CREATE INDEX appearances_story ON appearances(story_id);
        """,
    ),
    (
        "0006_alerts",
        """
        -- One alert per narrative episode (narrativewatch.alerts); every change is a new
        -- version, kept whole, so each delivered payload can be shown again.
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,     -- public id, stable across versions
            narrative_id TEXT NOT NULL,
            first_day TEXT NOT NULL,
            last_day TEXT NOT NULL,
            severity TEXT NOT NULL,
            version INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX alerts_narrative ON alerts(narrative_id, first_day);
        CREATE TABLE alert_versions (
            alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            severity TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (alert_id, version)
        );
        -- The durable outbox: one row per (alert version, sink). A row leaves 'pending' only
        -- when the sink acknowledged it; delivery_id is sent as the Idempotency-Key.
        CREATE TABLE alert_outbox (
            id INTEGER PRIMARY KEY,
            delivery_id TEXT NOT NULL,
            alert_id INTEGER NOT NULL,
            version INTEGER NOT NULL,
            sink TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'delivered')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            created_at TEXT NOT NULL,
            last_attempt_at TEXT,
            delivered_at TEXT,
            UNIQUE (alert_id, version, sink),
            FOREIGN KEY (alert_id, version) REFERENCES alert_versions(alert_id, version)
                ON DELETE CASCADE
        );
        CREATE INDEX alert_outbox_status ON alert_outbox(status, id);
        """,
    ),
    (
        "0007_discovery",
        """
        -- New-narrative discovery (narrativewatch.discovery): unmatched claims, the cluster
        -- each joined, in arrival order; the vector is the centred e5 vector (float32).
        CREATE TABLE discovery_items (
            position INTEGER PRIMARY KEY,  -- arrival order
            key TEXT NOT NULL UNIQUE,      -- "doc:<document id>/claim:<claim index>"
            cluster_id INTEGER NOT NULL,
            document_id INTEGER NOT NULL,
            claim_index INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            language TEXT,
            outlet TEXT,
            published_at TEXT,
            vector BLOB NOT NULL
        );
        CREATE INDEX discovery_items_cluster ON discovery_items(cluster_id);
        -- Analyst decisions on clusters: promoted into the catalog as narrative_id.
        CREATE TABLE discovery_clusters (
            id INTEGER PRIMARY KEY,
            status TEXT NOT NULL CHECK (status IN ('promoted', 'dismissed')),
            narrative_id TEXT,
            decided_at TEXT NOT NULL
        );
        -- The watermark (last document id processed), the embedding model and the
        -- background means the vectors were centred with.
        CREATE TABLE discovery_state (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            data BLOB
        );
        """,
    ),
    (
        "0008_citations",
        """
        -- Explicit citations with a resolved source ("citing Peskov", "Source: RIA Novosti"),
        -- so that a trace reads them for its documents in one query instead of parsing
        -- every stored analysis. Evidence spans the cue and the source's mention.
        CREATE TABLE citations (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            source_actor_id TEXT NOT NULL,
            source_name TEXT,
            via_actor_id TEXT,
            via_name TEXT,
            evidence_start INTEGER NOT NULL,
            evidence_end INTEGER NOT NULL
        );
        CREATE INDEX citations_document ON citations(document_id);
        INSERT INTO citations (document_id, source_actor_id, source_name, via_actor_id,
                               via_name, evidence_start, evidence_end)
        SELECT a.document_id,
               json_extract(j.value, '$.source.actor_id'),
               json_extract(j.value, '$.source.name'),
               json_extract(j.value, '$.via.actor_id'),
               json_extract(j.value, '$.via.name'),
               min(coalesce(json_extract(j.value, '$.cue.start'),
                            json_extract(j.value, '$.source.start')),
                   coalesce(json_extract(j.value, '$.source.start'),
                            json_extract(j.value, '$.cue.start'))),
               max(coalesce(json_extract(j.value, '$.cue.end'),
                            json_extract(j.value, '$.source.end')),
                   coalesce(json_extract(j.value, '$.source.end'),
                            json_extract(j.value, '$.cue.end')))
        FROM analyses a, json_each(a.result, '$.attributions') j
        WHERE json_extract(j.value, '$.source.actor_id') IS NOT NULL;
        """,
    ),
    (
        "0009_alert_runs",
        """
        -- Where the last alert evaluation stopped, so that the next one re-evaluates only
        -- the narratives with new documents or new analyst decisions since. A change of
        -- rules or catalog (scope) makes the next run evaluate everything again.
        CREATE TABLE alert_runs (
            id INTEGER PRIMARY KEY,
            scope TEXT NOT NULL,
            last_document_id INTEGER NOT NULL,
            last_feedback_id INTEGER NOT NULL,
            finished_at TEXT NOT NULL
        );
        """,
    ),
    (
        "0010_discovery_speakers",
        """
        -- Who the document quotes as saying each discovered claim (the analysis's
        -- speaker_actor_id), so that alerts and traces of a new story know its voices.
        -- Items clustered before this migration get theirs from the stored analyses.
        ALTER TABLE discovery_items ADD COLUMN speaker_actor_id TEXT;
        UPDATE discovery_items SET speaker_actor_id = (
            SELECT json_extract(a.result,
                                '$.claims[' || discovery_items.claim_index || '].speaker_actor_id')
            FROM analyses a WHERE a.document_id = discovery_items.document_id
        );
        """,
    ),
    (
        "0011_alert_runs_discovery",
        """
        -- How far an alert evaluation read discovery's clusters: the newest claim (its
        -- discovery_items position) and the first publication time of the discovery stream,
        -- which starts every cluster's surge baseline. The next run re-reads only the
        -- clusters with newer claims, or all of them when the stream's start moved.
        ALTER TABLE alert_runs ADD COLUMN last_discovery_position INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE alert_runs ADD COLUMN discovery_start TEXT;
        """,
    ),
    (
        "0012_discovery_outlet_stance",
        """
        -- Whether the outlet of each discovered claim refutes it ('refutes', else
        -- 'reports'): a fact check of a new story is counter-evidence, not spread
        -- (discovery/stance.py). Items clustered before this migration count as 'reports'.
        ALTER TABLE discovery_items ADD COLUMN outlet_stance TEXT;
        """,
    ),
    (
        "0013_feedback_derived_from",
        """
        -- The document whose decision a decision was derived from (a repost rejected along
        -- with the claim it copies: feedback.reject_stored_reposts), or NULL for an
        -- analyst's own decision. Before this column the derivation was only written in
        -- the note ("repost of the claim rejected in document N"); those notes fill it.
        ALTER TABLE feedback ADD COLUMN derived_from INTEGER;
        UPDATE feedback
           SET derived_from = CAST(substr(note, 42) AS INTEGER)
         WHERE note LIKE 'repost of the claim rejected in document %'
           AND CAST(substr(note, 42) AS INTEGER) > 0;
        """,
    ),
)
