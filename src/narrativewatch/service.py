"""Library entry points that combine ingest, analysis and the store: what the CLI, and
later the HTTP API, call.

`ingest_sources` reads every source, skips texts already stored, analyses the rest and
writes each document with its analysis in its own transaction — so an error in one item
or a crash mid-batch loses nothing committed before it, and a re-run does nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from narrativewatch.errors import InputError
from narrativewatch.ingest import IngestOptions, read_sources
from narrativewatch.model import Document
from narrativewatch.pipeline import PARTIAL_ANALYSIS, Pipeline, load_pipeline
from narrativewatch.progress import Progress
from narrativewatch.settings import Settings
from narrativewatch.store import NarrativeOverview, Store, open_store
from narrativewatch.workers import analyse_in_parallel, analyse_one


@dataclass
class IngestReport:
    """What an ingest run did. ``errors`` name each failed item."""

    stored: int = 0
    near_duplicates: int = 0
    duplicates: int = 0
    matches: int = 0
    errors: list[InputError] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    # (item, warning) of stored documents analysed only in part: a text cut at the
    # analysis limit, a language that is not analysed (pipeline.PARTIAL_ANALYSIS)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.stored + self.duplicates

    def summary(self) -> str:
        parts = [
            f"{self.stored} stored",
            f"{self.near_duplicates} of them near-duplicates linked to an earlier copy",
            f"{self.duplicates} already stored (skipped)",
            f"{len(self.errors)} failed",
            f"{self.matches} narrative matches",
        ]
        return "ingest: " + ", ".join(parts)


def ingest_sources(
    sources: Iterable[str],
    settings: Settings,
    options: IngestOptions | None = None,
    *,
    store: Store | None = None,
    pipeline: Pipeline | None = None,
    progress: Progress | None = None,
    on_error: Callable[[InputError], None] | None = None,
    workers: int = 1,
    on_warning: Callable[[str, str], None] | None = None,
) -> IngestReport:
    """Read, analyse and store every document of ``sources``.

    With ``workers`` > 1 the documents are analysed in that many processes
    (`narrativewatch.workers`); they are still stored one by one, in input order.
    Input errors are collected in the report (and passed to ``on_error`` as they happen),
    never raised. Raises CatalogError /
    ConfigError / StoreError for problems that stop the whole run before anything is read.
    """
    options = options or IngestOptions(default_timezone=settings.timezone)
    own_store = store is None
    if own_store:
        # A catalog that does not load stops the run; find out before making a new store.
        from narrativewatch.catalog import load_catalog

        load_catalog(settings.catalog, include_builtin=settings.builtin_catalog)
    store = store or open_store(settings.db)
    progress = progress or Progress(enabled=False)
    report = IngestReport()
    try:
        # With the store, analyst feedback applies: confirmed variants, rejected claims.
        pipeline = pipeline or load_pipeline(settings, store=store)
        fresh = _fresh_documents(read_sources(sources, options), store, report, on_error)
        tracked = progress.track(fresh, "ingest")
        if workers > 1:
            analysed = analyse_in_parallel(tracked, pipeline, settings, workers)
        else:
            analysed = ((item, analyse_one(item, pipeline)) for item in tracked)
        for item, outcome in analysed:
            if isinstance(outcome, str):
                _failed(report, InputError(item.source, outcome), on_error)
                continue
            analysis, result = outcome
            added = store.add_document(item, analysis, result)
            if added.status == "duplicate":
                report.duplicates += 1
                continue
            report.stored += 1
            report.document_ids.append(added.document_id)
            for warning in analysis.warnings:
                if not any(marker in warning for marker in PARTIAL_ANALYSIS):
                    continue
                report.warnings.append((item.source, warning))
                if on_warning is not None:
                    on_warning(item.source, warning)
            report.matches += len(analysis.matches)
            if added.status == "near_duplicate":
                report.near_duplicates += 1
    finally:
        if own_store:
            store.close()
    return report


def _fresh_documents(
    items: Iterable[Document | InputError],
    store: Store,
    report: IngestReport,
    on_error: Callable[[InputError], None] | None,
) -> Iterator[Document]:
    """The documents read that are not stored yet; read errors and known texts are
    counted in the report as they pass."""
    for item in items:
        if isinstance(item, InputError):
            _failed(report, item, on_error)
        elif store.find_by_hash(item.content_hash) is not None:
            report.duplicates += 1
        else:
            yield item


def _failed(
    report: IngestReport, error: InputError, on_error: Callable[[InputError], None] | None
) -> None:
    report.errors.append(error)
    if on_error is not None:
        on_error(error)


def overview(settings: Settings, store: Store | None = None) -> list[dict[str, Any]]:
    """The narrative overview of the store, with catalog titles, as JSON-ready dicts."""
    from narrativewatch.catalog import load_catalog

    catalog = {
        n.id: n for n in load_catalog(settings.catalog, include_builtin=settings.builtin_catalog)
    }
    own_store = store is None
    store = store or open_store(settings.db, existing=True)
    try:
        rows: list[NarrativeOverview] = store.narrative_overview()
        total = store.count_documents()
    finally:
        if own_store:
            store.close()
    result = []
    for row in rows:
        narrative = catalog.get(row.narrative_id)
        result.append(
            {
                "narrative_id": row.narrative_id,
                "title": narrative.title if narrative else None,
                "category": narrative.category if narrative else None,
                "risk": narrative.risk if narrative else None,
                "documents": row.documents,
                "copies": row.copies,
                "promoting": row.promoting,
                "reporting": row.reporting,
                "refuting": row.refuting,
                "promoting_actors": list(row.promoting_actors),
                "first_seen": row.first_seen,
                "last_seen": row.last_seen,
                "store_documents": total,
            }
        )
    return result


def render_overview(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No narratives recognised in the store yet."
    lines = [
        f"Narrative overview — {rows[0]['store_documents']} documents in the store",
        "",
        f"{'narrative':44} {'category':20} {'risk':8} {'docs':>4} {'prom':>4} {'rep':>4} "
        f"{'ref':>4} {'copies':>6}  first seen .. last seen",
    ]
    for row in rows:
        first = (row["first_seen"] or "?")[:10]
        last = (row["last_seen"] or "?")[:10]
        lines.append(
            f"{row['narrative_id'][:44]:44} {(row['category'] or '?')[:20]:20} "
            f"{(row['risk'] or '?'):8} {row['documents']:>4} {row['promoting']:>4} "
            f"{row['reporting']:>4} {row['refuting']:>4} {row['copies']:>6}  {first} .. {last}"
        )
        if row["promoting_actors"]:
            lines.append(f"{'':44}   promoted by: {', '.join(row['promoting_actors'])}")
    lines.append("")
    lines.append(
        "docs: distinct documents (near-duplicate copies count once); prom/rep/ref: "
        "documents whose own stance promotes / reports / refutes the narrative."
    )
    return "\n".join(lines)
