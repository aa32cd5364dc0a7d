"""Render a trace as an SVG image: time runs left to right, one box per actor or outlet,
arrows labelled with what they mean and when.

Written by hand rather than through a graph library: the layout is simple (one column per
moment of first appearance), the output must be byte-for-byte deterministic for tests and
caching, and a plotting dependency would be heavier than this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from narrativewatch.trace.model import EdgeKind, NodePart, Trace, TraceEdge, TraceNode

COLUMN_WIDTH = 250
ROW_HEIGHT = 74
NODE_WIDTH = 190
NODE_HEIGHT = 54
MARGIN = 40
HEADER = 70  # the title and the time axis above the first row

EDGE_COLOURS: dict[EdgeKind, str] = {
    EdgeKind.CITES: "#1f5fa8",
    EdgeKind.COPIES: "#6b6b6b",
    EdgeKind.REPEATS: "#d9822b",
    EdgeKind.REFUTES: "#2e8b57",
}
EDGE_DASHES: dict[EdgeKind, str] = {
    EdgeKind.CITES: "",
    EdgeKind.COPIES: "2,3",
    EdgeKind.REPEATS: "7,4",
    EdgeKind.REFUTES: "4,3",
}
PART_FILLS: dict[NodePart, str] = {
    NodePart.ORIGIN: "#f8d0cc",
    NodePart.AMPLIFIER: "#fde7c8",
    NodePart.REFUTER: "#d6efdc",
    NodePart.NAMED: "#ececec",
}


@dataclass(frozen=True, slots=True)
class _Box:
    x: int
    y: int

    @property
    def left(self) -> tuple[int, int]:
        return self.x, self.y + NODE_HEIGHT // 2

    @property
    def right(self) -> tuple[int, int]:
        return self.x + NODE_WIDTH, self.y + NODE_HEIGHT // 2


def render_svg(trace: Trace) -> str:
    """The SVG document (a string) of ``trace``. The same trace always gives the same bytes."""
    columns = _columns(trace.nodes)
    boxes: dict[str, _Box] = {}
    for index, (_, nodes) in enumerate(columns):
        for row, node in enumerate(nodes):
            boxes[node.id] = _Box(MARGIN + index * COLUMN_WIDTH, HEADER + MARGIN + row * ROW_HEIGHT)
    rows = max((len(nodes) for _, nodes in columns), default=0)
    width = MARGIN * 2 + max(len(columns), 1) * COLUMN_WIDTH
    height = HEADER + MARGIN * 2 + max(rows, 1) * ROW_HEIGHT + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f"<title>{_text('Trace of ' + trace.narrative_id)}</title>",
        _markers(),
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="28" font-size="16" font-weight="bold">'
        f"{_text('Trace: ' + trace.narrative_id)}</text>",
    ]
    parts.extend(_axis(columns))
    drawn = _readable_edges(trace)
    parts.extend(_edge(edge, boxes) for edge in drawn if _drawable(edge, boxes))
    parts.extend(_node(node, boxes[node.id]) for _, nodes in columns for node in nodes)
    parts.append(_legend(height - 18))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _readable_edges(trace: Trace) -> list[TraceEdge]:
    """Every spread edge, but one refutation per refuter: the one of the earliest node it
    refutes (usually the origin). A refuting article names every promoter, and an arrow
    from each refuter to each of them would hide the chain; the JSON keeps them all."""
    first_at = {node.id: node.first_at for node in trace.nodes}
    refuted: dict[str, TraceEdge] = {}
    for edge in trace.edges:
        if edge.kind is not EdgeKind.REFUTES:
            continue
        best = refuted.get(edge.target)
        if best is None or _moment(first_at.get(edge.source)) < _moment(first_at.get(best.source)):
            refuted[edge.target] = edge
    kept = set(map(id, refuted.values()))
    return [e for e in trace.edges if e.kind is not EdgeKind.REFUTES or id(e) in kept]


def _moment(value: datetime | None) -> tuple[int, float]:
    return (1, 0.0) if value is None else (0, value.timestamp())


def _columns(nodes: Iterable[TraceNode]) -> list[tuple[datetime | None, list[TraceNode]]]:
    """One column per distinct moment of first appearance, in time order; undated last."""
    grouped: dict[datetime | None, list[TraceNode]] = {}
    for node in nodes:
        grouped.setdefault(node.first_at, []).append(node)
    order = sorted(grouped, key=lambda t: (t is None, t.timestamp() if t else 0.0))
    return [(t, sorted(grouped[t], key=_node_order)) for t in order]


def _node_order(node: TraceNode) -> tuple[int, str, str]:
    rank = min((list(NodePart).index(p) for p in node.parts), default=len(NodePart))
    return rank, node.name.casefold(), node.id


def _axis(columns: list[tuple[datetime | None, list[TraceNode]]]) -> list[str]:
    y = HEADER + 10
    width = MARGIN * 2 + len(columns) * COLUMN_WIDTH
    lines = [f'<line x1="{MARGIN}" y1="{y}" x2="{width - MARGIN}" y2="{y}" stroke="#999"/>']
    for index, (moment, _) in enumerate(columns):
        x = MARGIN + index * COLUMN_WIDTH
        label = _utc(moment) if moment else "undated"
        lines.append(f'<line x1="{x}" y1="{y - 5}" x2="{x}" y2="{y + 5}" stroke="#999"/>')
        lines.append(f'<text x="{x}" y="{y - 10}" fill="#555">{_text(label)}</text>')
    return lines


def _node(node: TraceNode, box: _Box) -> str:
    fill = PART_FILLS[node.parts[0]] if node.parts else "#ffffff"
    country = f" ({node.country})" if node.country else ""
    detail = ", ".join(p.value for p in node.parts) or "cited"
    first, second = _two_lines(node.name + country, 30)
    return (
        f'<g class="node" data-id="{_attr(node.id)}">'
        f"<title>{_text(node.name + country + ': ' + detail)}</title>"
        f'<rect x="{box.x}" y="{box.y}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="6" '
        f'fill="{fill}" stroke="#444"/>'
        f'<text x="{box.x + 8}" y="{box.y + 16}" font-weight="bold">{_text(first)}</text>'
        f'<text x="{box.x + 8}" y="{box.y + 30}" font-weight="bold">{_text(second)}</text>'
        f'<text x="{box.x + 8}" y="{box.y + 46}" fill="#444">{_text(_clip(detail, 32))}</text>'
        "</g>"
    )


def _edge(edge: TraceEdge, boxes: dict[str, _Box]) -> str:
    source, target = boxes[edge.source], boxes[edge.target]
    if source.x < target.x:
        (x1, y1), (x2, y2) = source.right, target.left
        bend = (x2 - x1) / 2
        path = f"M {x1} {y1} C {x1 + bend:.1f} {y1} {x2 - bend:.1f} {y2} {x2} {y2}"
        label_x, label_y = (x1 + x2) / 2, (y1 + y2) / 2 - 4
    else:
        # Same moment (or drawn backwards): loop out to the right of the boxes.
        (x1, y1), (x2, y2) = source.right, target.right
        reach = max(x1, x2) + 40
        path = f"M {x1} {y1} C {reach} {y1} {reach} {y2} {x2} {y2}"
        label_x, label_y = reach - 10, (y1 + y2) / 2
    colour, dashes = EDGE_COLOURS[edge.kind], EDGE_DASHES[edge.kind]
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    when = _utc(edge.at)[:10] if edge.at else "undated"
    return (
        f'<g class="edge" data-kind="{edge.kind.value}" data-source="{_attr(edge.source)}" '
        f'data-target="{_attr(edge.target)}">'
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.5"{dash} '
        f'marker-end="url(#arrow-{edge.kind.value})"/>'
        f'<text x="{label_x:.1f}" y="{label_y:.1f}" font-size="10" fill="{colour}" '
        f'text-anchor="middle">{_text(edge.kind.value + " · " + when)}</text>'
        "</g>"
    )


def _markers() -> str:
    markers = "".join(
        f'<marker id="arrow-{kind.value}" viewBox="0 0 10 10" refX="10" refY="5" '
        f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>'
        for kind, colour in EDGE_COLOURS.items()
    )
    return f"<defs>{markers}</defs>"


def _legend(y: int) -> str:
    items = [
        f'<text x="{MARGIN + i * 170}" y="{y}" fill="{EDGE_COLOURS[kind]}">'
        f"{_text('→ ' + _LEGEND[kind])}</text>"
        for i, kind in enumerate(EdgeKind)
    ]
    return "".join(items)


_LEGEND: dict[EdgeKind, str] = {
    EdgeKind.CITES: "cites (quotes or names)",
    EdgeKind.COPIES: "copies (near-duplicate)",
    EdgeKind.REPEATS: "repeats (time order)",
    EdgeKind.REFUTES: "refutes",
}


def _drawable(edge: TraceEdge, boxes: dict[str, _Box]) -> bool:
    return edge.source in boxes and edge.target in boxes


def _utc(moment: datetime) -> str:
    """Every label in UTC, so that two sources in different zones line up."""
    if moment.utcoffset() is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _two_lines(text: str, limit: int) -> tuple[str, str]:
    """Split a name at the last space that fits on the first line; clip what is left."""
    if len(text) <= limit:
        return text, ""
    cut = text.rfind(" ", 0, limit + 1)
    cut = cut if cut > 0 else limit
    return text[:cut], _clip(text[cut:].strip(), limit)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: str) -> str:
    return escape(value)


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})
