"""`narrativewatch trace NARRATIVE_ID`: print a narrative's trace from the store as text or
JSON, and optionally write it as an SVG image. The store comes from --db (added here, unless
the CLI already added it)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from narrativewatch.catalog.loader import narrative_known
from narrativewatch.discovery.appearances import is_discovered
from narrativewatch.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from narrativewatch.trace.documents import time_key
from narrativewatch.trace.graph import render_svg
from narrativewatch.trace.model import EdgeKind, NodePart, Trace
from narrativewatch.trace.stored import DEFAULT_TRACE_DOCUMENTS, trace_narrative, trace_to_json


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("narrative_id", metavar="NARRATIVE_ID", help="the narrative to trace")
    parser.add_argument("--json", action="store_true", help="print the trace as JSON")
    parser.add_argument(
        "--svg", metavar="PATH", help="also write the trace as an SVG image to PATH"
    )
    parser.add_argument(
        "--max-documents",
        type=int,
        default=DEFAULT_TRACE_DOCUMENTS,
        metavar="N",
        help=f"trace the earliest N documents (default {DEFAULT_TRACE_DOCUMENTS}; 0: all)",
    )
    parser.add_argument(
        "--db", help="SQLite store file (default: narrativewatch.db, or NARRATIVEWATCH_DB)"
    )


def main(args: argparse.Namespace) -> int:
    from narrativewatch.settings import Settings
    from narrativewatch.store import open_store

    settings = Settings.from_args(args)
    store = open_store(settings.db, existing=True)
    try:
        registry = None
        if is_discovered(args.narrative_id):
            from narrativewatch.actors.registry import load_registry

            registry = load_registry(settings.actors)
        trace = trace_narrative(
            store, args.narrative_id, max_documents=args.max_documents or None, registry=registry
        )
    finally:
        store.close()
    if not trace.nodes:
        if not narrative_known(
            args.narrative_id, settings.catalog, include_builtin=settings.builtin_catalog
        ):
            print(
                f"narrativewatch: error: unknown narrative {args.narrative_id!r}: not in the "
                "catalog and never seen in the store (see `narrativewatch narratives list` "
                "and `narrativewatch overview`)",
                file=sys.stderr,
            )
            return EXIT_USAGE
        print(
            f"narrativewatch: error: no appearances of narrative {args.narrative_id!r} "
            f"in {settings.db} (ingest documents first; see `narrativewatch overview`)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if args.svg:
        try:
            Path(args.svg).write_text(render_svg(trace), encoding="utf-8")
        except OSError as exc:
            print(f"narrativewatch: error: --svg {args.svg}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
    if args.json:
        print(json.dumps(trace_to_json(trace), ensure_ascii=False, indent=2))
    else:
        print(render_text(trace))
    return EXIT_OK


def render_text(trace: Trace) -> str:
    """A readable summary: the origin, the spread edges in time order, the refuters."""
    names = {node.id: node.name for node in trace.nodes}
    lines = [f"trace of {trace.narrative_id}"]
    if trace.origin is not None:
        origin = trace.origin
        outlet = f" (published by {names.get(origin.outlet or '', origin.outlet)})"
        lines.append(
            f"origin: {names.get(origin.actor, origin.actor)}"
            f"{outlet if origin.outlet != origin.actor else ''}, {_date(origin.published_at)} "
            f"[document {origin.document_id}]"
        )
    lines.append(
        f"volume: {trace.stories} spreading stories (near-duplicate copies on top: "
        f"{len(trace.copies)}), refuting documents: {len(trace.refuting_documents)}"
    )
    lines.append("chain:")
    lines.extend(line for _, line in sorted(_chain_lines(trace, names), key=lambda e: e[0]))
    jumps = sorted({f"{j.from_country}→{j.to_country}" for j in trace.jumps})
    lines.append(f"cross-border jumps: {', '.join(jumps) if jumps else 'none'}")
    refuters = [n.name for n in trace.nodes if NodePart.REFUTER in n.parts]
    lines.append(f"refuted by: {', '.join(refuters) if refuters else 'nobody in the store'}")
    lines.extend(f"warning: {w}" for w in trace.warnings)
    return "\n".join(lines)


def _chain_lines(
    trace: Trace, names: dict[str, str]
) -> list[tuple[tuple[tuple[int, float], int], str]]:
    """The edges, and the refuters no edge links (a refutation published before anyone
    promoted the narrative), each with its time-order key."""
    entries = []
    for position, edge in enumerate(trace.edges):
        entries.append(
            (
                (time_key(edge.at), position),
                f"  {_date(edge.at)}  {names.get(edge.target, edge.target)} {edge.kind.value} "
                f"{names.get(edge.source, edge.source)}  [documents {_ids(edge.documents)}]",
            )
        )
    answering = {edge.target for edge in trace.edges if edge.kind is EdgeKind.REFUTES}
    unanswered = (
        "before anyone in the store promoted it"
        if trace.origin is not None
        else "(nobody in the store promotes it)"
    )
    for node in trace.nodes:
        if NodePart.REFUTER in node.parts and node.id not in answering:
            entries.append(
                (
                    (time_key(node.first_at), len(entries)),
                    f"  {_date(node.first_at)}  {node.name} refutes the narrative {unanswered}"
                    f"  [documents {_ids(node.documents)}]",
                )
            )
    return entries


def _date(value: datetime | None) -> str:
    return value.date().isoformat() if value else "undated"


def _ids(documents: tuple[int, ...]) -> str:
    return ", ".join(str(d) for d in documents)
