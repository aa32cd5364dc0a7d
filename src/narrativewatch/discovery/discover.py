"""New narratives from the stored stream: cluster the claims that match nothing, propose
the clusters that grow fast, promote one into the catalog.

``update`` reads only the documents stored since its last run (a watermark on document
ids), takes each one's *unmatched* claims — worth matching by the matcher's own rule
(``MatchOptions.worth_matching``: rule score ≥ the claim threshold, or check-worthy) and
supporting no match — embeds them, centres them (``discovery.background``) and adds them
to the clusters restored from the store. Near-duplicate copies are skipped: a copy's
claims are its original's, and the growth rule counts outlets, not reposts.

``candidates`` lists the clusters the growth rule proposes (``discovery.growth``), with
representative sentences per language and their evidence (document id and offsets).
``promote`` writes one as a narrative into a user catalog file and marks it promoted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.analysis.cues import as_statement
from narrativewatch.analysis.rejections import dismisses, rejects, states_what_is_rejected
from narrativewatch.catalog.loader import MIN_STATEMENTS_PER_LANGUAGE
from narrativewatch.catalog.tools import add_narrative, build_entry
from narrativewatch.discovery.appearances import known_coverage
from narrativewatch.discovery.background import Background, load_background
from narrativewatch.discovery.clusters import (
    CLUSTER_SIMILARITY,
    ClusterConfig,
    ClusterItem,
    IncrementalClusterer,
)
from narrativewatch.discovery.growth import GrowthRule, Member, proposal_position, recent_members
from narrativewatch.discovery.records import (
    DiscoveryState,
    StoredItem,
    add_items,
    decide,
    decisions,
    item_key,
    load_items,
    load_state,
    reassign,
    save_state,
)
from narrativewatch.discovery.stance import outlet_stance
from narrativewatch.errors import CatalogError, ConfigError, InputError
from narrativewatch.matching.embedder import Embedder
from narrativewatch.matching.index import VectorCache
from narrativewatch.model import SUPPORTED_LANGUAGES, Narrative, Stance
from narrativewatch.store.sqlite import SQLiteStore


@dataclass(frozen=True, slots=True)
class DiscoveryOptions:
    # Each claim against the cluster's claims in its own language, on centred vectors, at
    # 0.3 (docs/discovery.md: the linkage chosen on the VoxCheck training folds; the
    # threshold the product has kept since average linkage, which RUWA's alerts were
    # measured with). The rule is GrowthRule's default: 6 claims from 2 outlets within 30
    # days.
    clusters: ClusterConfig = field(
        default_factory=lambda: ClusterConfig(threshold=CLUSTER_SIMILARITY, linkage="language")
    )
    rule: GrowthRule = field(default_factory=GrowthRule)
    claim_threshold: float = 0.5  # the matcher's (Settings.claim_threshold)
    per_language: int = 2
    batch_size: int = 64


@dataclass(frozen=True, slots=True)
class UpdateResult:
    documents: int  # documents read since the last run
    claims: int  # unmatched claims added
    watermark: int
    clusters: int  # live clusters after the update


@dataclass(frozen=True, slots=True)
class Evidence:
    language: str
    text: str
    document_id: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Candidate:
    cluster_id: int
    size: int
    outlets: tuple[str, ...]
    languages: dict[str, int]
    first_seen: datetime | None
    last_seen: datetime | None
    proposed_at: datetime | None  # date of the claim that met the growth rule
    recent: int  # claims within the rule's window before the newest claim stored
    growing: bool  # the rule holds within that window
    representatives: tuple[Evidence, ...]
    status: str | None = None  # "promoted" / "dismissed" once decided
    # The catalog narrative closest to the cluster (centred cosine of its centroid with the
    # narrative's nearest statement), so that an analyst does not promote a known one again.
    nearest_narrative: str | None = None
    nearest_similarity: float | None = None
    # The catalog narrative that most of the cluster's documents already match
    # (`appearances.known_coverage`): then the cluster is that narrative's coverage —
    # reactions, context — not a new story; no new-story alert is raised for it.
    covered_by: str | None = None
    covered_documents: int = 0
    documents: int = 0


# From this similarity up, a cluster's nearest known narrative (statements and variants)
# was its own or a sibling sub-narrative in all 21 such VoxCheck clusters (training folds
# and test); below it, about half the time (docs/discovery.md, "How far to trust the
# nearest known narrative").
LIKELY_KNOWN_SIMILARITY = 0.6


@dataclass(frozen=True, slots=True)
class KnownStatements:
    """Catalog statements and variants in the clusters' space: one centred vector each."""

    narrative_ids: tuple[str, ...]
    vectors: np.ndarray

    def nearest(self, centroid: np.ndarray) -> tuple[str | None, float | None]:
        if not self.narrative_ids:
            return None, None
        similarities = self.vectors @ centroid
        best = int(np.argmax(similarities))
        return self.narrative_ids[best], round(float(similarities[best]), 3)


def known_statements(
    narratives: Sequence[Narrative], embedder: Embedder, background: Background, cache_dir: str
) -> KnownStatements:
    """The catalog's statements and variants embedded (through the matcher's on-disk
    vector cache, so usually without embedding anything) and centred like discovery's
    claims. Variants — worded as the news words a narrative, and including what analysts
    confirmed — find the cluster's own known narrative more often than statements alone
    (docs/discovery.md: its own or a sibling for 57 % of VoxCheck clusters against 45 % on
    the training folds, 57 % against 24 % on the test split)."""
    rows = [(n.id, s.language, s.text) for n in narratives for s in (*n.statements, *n.variants)]
    if not rows:
        return KnownStatements((), np.zeros((0, embedder.dim), dtype=np.float32))
    texts = [text for _, _, text in rows]
    vectors = (
        VectorCache(cache_dir, embedder.model_id).embed(texts, embedder)
        if cache_dir
        else embedder.embed_passages(texts)
    )
    centred = background.center(vectors, [language for _, language, _ in rows])
    return KnownStatements(tuple(n for n, _, _ in rows), centred)


def unmatched_claims(
    analysis: Mapping[str, Any], claim_threshold: float
) -> list[tuple[int, Mapping[str, Any]]]:
    """(index, claim) of the stored analysis's claims that are worth matching and support
    no match (``store.get_analysis`` JSON: "claims", "matches")."""
    supporting = {
        index for match in analysis.get("matches", []) for index in match["supporting_claims"]
    }
    found = []
    for index, claim in enumerate(analysis.get("claims", [])):
        worth = (claim.get("rule_score") or 0.0) >= claim_threshold or bool(
            claim.get("check_worthy")
        )
        if not worth or index in supporting or not claim.get("text"):
            continue
        quote = _quote_of(analysis, claim)
        if quote is not None and dismisses(
            quote["cue"]["text"], quote["content"]["text"], analysis.get("language")
        ):
            continue  # «заявили, что это фейк»: a verdict on something said, no claim
        found.append((index, claim))
    return found


def claim_speaker(analysis: Mapping[str, Any], claim: Mapping[str, Any]) -> str | None:
    """The actor who voices a claim — not one who reports it to reject it ("the IAEA
    denied reports that …"): a discovered cluster counts its speakers as promoting it."""
    quote = _quote_of(analysis, claim)
    language = analysis.get("language")
    if quote is not None:
        cue, content = quote["cue"]["text"], quote["content"]["text"]
        if rejects(cue, content, language) and states_what_is_rejected(content, language):
            return None  # not "Russia denies involvement": that one voices its denial
    return claim.get("speaker_actor_id")


def _quote_of(analysis: Mapping[str, Any], claim: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The stored quote whose reported content holds the claim, if any."""
    for quote in analysis.get("quotes", []):
        content, cue = quote.get("content") or {}, quote.get("cue") or {}
        if (
            cue.get("text")
            and content.get("start") is not None
            and content["start"] <= claim["start"]
            and claim["end"] <= content["end"]
        ):
            return quote
    return None


def update(store: SQLiteStore, embedder: Embedder, options: DiscoveryOptions) -> UpdateResult:
    """Add the unmatched claims of the documents stored since the last run. Raises
    ConfigError when the stored clusters were built with another embedding model."""
    state = load_state(store)
    if state.model_id is not None and state.model_id != embedder.model_id:
        raise ConfigError(
            f"discovery clusters in {store.path} were built with {state.model_id}, not "
            f"{embedder.model_id}: use the same embedder"
        )
    background = state.background or load_background(embedder)
    document_ids = [
        row["id"]
        for row in store.connection.execute(
            "SELECT id FROM documents WHERE id > ? ORDER BY id", (state.watermark,)
        )
    ]
    pending: list[tuple[int, int, Mapping[str, Any], Mapping[str, Any]]] = []
    refuted: set[tuple[int, int]] = set()  # (document, claim) its own outlet rates false
    for document_id in document_ids:
        analysis = store.get_analysis(document_id)
        if analysis is None or analysis.get("document", {}).get("duplicate_of") is not None:
            continue
        claims = unmatched_claims(analysis, options.claim_threshold)
        stored_document = store.get_document(document_id) if claims else None
        for index, claim in claims:
            pending.append((document_id, index, claim, analysis))
            if stored_document is not None:
                document = stored_document.document
                if outlet_stance(document.text, document.title, analysis, claim) is (
                    Stance.REFUTES
                ):
                    refuted.add((document_id, index))
    stored = load_items(store)
    clusterer = IncrementalClusterer.restore(
        ((s.item, s.cluster_id) for s in stored), options.clusters
    )
    new_items: list[StoredItem] = []
    for start in range(0, len(pending), options.batch_size):
        batch = pending[start : start + options.batch_size]
        languages = [analysis.get("language") for _, _, _, analysis in batch]
        vectors = background.center(
            embedder.embed_queries([claim["text"] for _, _, claim, _ in batch]), languages
        )
        items = [
            ClusterItem(
                key=item_key(document_id, index),
                text=claim["text"],
                language=language,
                vector=vector,
                published_at=_date(analysis.get("published_at")),
                outlet=analysis.get("document", {}).get("outlet"),
            )
            for (document_id, index, claim, analysis), language, vector in zip(
                batch, languages, vectors, strict=True
            )
        ]
        clusterer.add_many(items)
        new_items += [
            StoredItem(
                item,
                -1,
                document_id,
                index,
                claim["start"],
                claim["end"],
                claim_speaker(analysis, claim),
                (document_id, index) in refuted,
            )
            for item, (document_id, index, claim, analysis) in zip(items, batch, strict=True)
        ]
    assignments = clusterer.assignments()
    moved = {
        s.item.key: assignments[s.item.key]
        for s in stored
        if assignments[s.item.key] != s.cluster_id
    }
    watermark = max(document_ids, default=state.watermark)
    with store.transaction():
        add_items(
            store,
            [replace(s, cluster_id=assignments[s.item.key]) for s in new_items],
        )
        if moved:
            reassign(store, moved)
        save_state(store, DiscoveryState(watermark, embedder.model_id, background))
    return UpdateResult(len(document_ids), len(new_items), watermark, len(clusterer.clusters()))


def candidates(
    store: SQLiteStore,
    options: DiscoveryOptions,
    now: datetime | None = None,
    include_decided: bool = False,
    known: KnownStatements | None = None,
) -> list[Candidate]:
    """The clusters the growth rule proposes, those growing within the rule's window
    before ``now`` (default: the newest claim's date) first, then by recent claims."""
    stored = load_items(store)
    clusterer = IncrementalClusterer.restore(
        ((s.item, s.cluster_id) for s in stored), options.clusters
    )
    by_key = {s.item.key: s for s in stored}
    members: dict[int, list[StoredItem]] = defaultdict(list)
    for s in stored:
        members[s.cluster_id].append(s)
    if now is None:
        now = max((s.item.published_at for s in stored if s.item.published_at), default=None)
    decided = decisions(store)
    found: list[Candidate] = []
    for cluster_id, group in members.items():
        status = decided[cluster_id].status if cluster_id in decided else None
        if status is not None and not include_decided:
            continue
        timeline = [Member(s.item.published_at, _source(s)) for s in group]
        position = proposal_position(timeline, options.rule)
        if position is None:
            continue
        recent = recent_members(timeline, now, options.rule.window_days) if now else timeline
        growing = proposal_position(recent, options.rule) is not None
        cluster = clusterer.cluster(cluster_id)
        representatives = tuple(
            Evidence(
                item.language or "und",
                item.text,
                by_key[item.key].document_id,
                by_key[item.key].start,
                by_key[item.key].end,
            )
            for item in clusterer.representatives(cluster_id, options.per_language)
        )
        nearest, similarity = known.nearest(cluster.centroid) if known else (None, None)
        documents = {s.document_id for s in group}
        coverage = known_coverage(store, documents)
        found.append(
            Candidate(
                cluster_id=cluster_id,
                size=cluster.size,
                outlets=tuple(sorted({_source(s) for s in group})),
                languages=cluster.languages,
                first_seen=cluster.first_seen,
                last_seen=cluster.last_seen,
                proposed_at=group[position].item.published_at,
                recent=len(recent),
                growing=growing,
                representatives=representatives,
                status=status,
                nearest_narrative=nearest,
                nearest_similarity=similarity,
                covered_by=coverage[0] if coverage else None,
                covered_documents=coverage[1] if coverage else 0,
                documents=len(documents),
            )
        )
    # New stories first: a known narrative's coverage is listed, last, for the record.
    found.sort(
        key=lambda c: (c.covered_by is not None, not c.growing, -c.recent, -c.size, c.cluster_id)
    )
    return found


def promote(
    store: SQLiteStore,
    cluster_id: int,
    *,
    narrative_id: str,
    title: str,
    category: str,
    catalog_file: str | Path,
    loaded: Sequence[Narrative] = (),
    summary: str | None = None,
    risk: str = "medium",
    statements: Iterable[tuple[str, str]] = (),
    references: Iterable[str] = (),
    options: DiscoveryOptions | None = None,
) -> Narrative:
    """Write cluster ``cluster_id`` as a narrative into ``catalog_file`` (created if
    missing) and mark it promoted. Its statements are the cluster's representatives (up
    to three per language) plus ``statements``; its references, the http(s) URLs of the
    representatives' documents plus ``references``. Raises InputError for an unknown
    cluster, CatalogError (naming the file and field) when the entry is invalid — e.g. a
    language with fewer than two statements: add some with ``statements``."""
    options = options or DiscoveryOptions()
    stored = [s for s in load_items(store) if s.cluster_id == cluster_id]
    if not stored:
        raise InputError(f"cluster {cluster_id}", f"no such discovery cluster in {store.path}")
    clusterer = IncrementalClusterer.restore(
        ((s.item, cluster_id) for s in stored), options.clusters
    )
    chosen = clusterer.representatives(cluster_id, per_language=3)
    by_key = {s.item.key: s for s in stored}
    urls: list[str] = []
    for item in chosen:
        document = store.get_document(by_key[item.key].document_id)
        url = document.document.url if document else None
        if url and url.startswith(("http://", "https://")) and url not in urls:
            urls.append(url)
    dates = sorted(s.item.published_at.date().isoformat() for s in stored if s.item.published_at)
    span = f", {dates[0]} to {dates[-1]}" if dates else ""
    # Sentences of an unknown language cannot be catalog statements.
    all_statements = [
        *(
            (item.language, as_statement(item.text, item.language))
            for item in chosen
            if item.language
        ),
        *statements,
    ]
    for language in sorted(SUPPORTED_LANGUAGES):
        have = sum(1 for lang, _ in all_statements if lang == language)
        if have < MIN_STATEMENTS_PER_LANGUAGE:
            raise CatalogError(
                str(catalog_file),
                f"the cluster gives {have} {language} sentence(s) and the catalog needs "
                f"{MIN_STATEMENTS_PER_LANGUAGE}: add some with --statement {language}:TEXT",
                f"narrative '{narrative_id}'",
                f"statements.{language}",
            )
    entry = build_entry(
        narrative_id=narrative_id,
        title=title,
        summary=summary
        or f"Discovered from {len(stored)} unmatched claims in {len({_source(s) for s in stored})} "
        f"outlets{span}.",
        category=category,
        risk=risk,
        statements=all_statements,
        references=[*urls, *references],
    )
    narrative = add_narrative(catalog_file, entry, loaded)
    with store.transaction():
        decide(store, cluster_id, "promoted", narrative.id)
    return narrative


def dismiss(store: SQLiteStore, cluster_id: int) -> None:
    """Mark a cluster dismissed: it is no longer proposed. Raises InputError if unknown."""
    row = store.connection.execute(
        "SELECT 1 FROM discovery_items WHERE cluster_id = ? LIMIT 1", (cluster_id,)
    ).fetchone()
    if row is None:
        raise InputError(f"cluster {cluster_id}", f"no such discovery cluster in {store.path}")
    with store.transaction():
        decide(store, cluster_id, "dismissed", None)


def _source(stored: StoredItem) -> str:
    return stored.item.outlet or f"doc:{stored.document_id}"


def _date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    # Naive UTC throughout: stored dates may or may not carry an offset, and the two
    # kinds cannot be compared.
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed
