"""Trace a narrative: its origin, the chain of citations, copies and repetitions that
carried it, the borders it crossed and what refutes it (docs/trace.md)."""

from narrativewatch.trace.chain import build_trace
from narrativewatch.trace.model import (
    Citation,
    CounterEvidence,
    CrossBorderJump,
    EdgeKind,
    NodePart,
    Origin,
    Trace,
    TraceEdge,
    TraceNode,
)
from narrativewatch.trace.stored import trace_narrative, trace_to_json

__all__ = [
    "Citation",
    "CounterEvidence",
    "CrossBorderJump",
    "EdgeKind",
    "NodePart",
    "Origin",
    "Trace",
    "TraceEdge",
    "TraceNode",
    "build_trace",
    "trace_narrative",
    "trace_to_json",
]
