"""Items found by where they sit in the text: which lie inside a span, which overlap it.

The extraction stages ask, for every sentence, quote or mention, which entities, quotes or
time expressions fall inside or across it. Testing every item each time costs the product
of the two counts: nothing on an article, but tens of seconds on a 200,000-character text
of five thousand quotes, where each new quote was checked against all the earlier ones
(docs/performance.md, "Text that is no article"). Items kept sorted by start and bisected
answer in O(log n + k), k the items near the span.

Answers come in the order the items were given or added, whatever their positions, so a
caller that took "the first" or "the last" of a list keeps the same choice.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from narrativewatch.model import Span

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """``items`` with the span ``span_of`` gives each; more may be ``add``-ed later."""

    def __init__(self, items: Iterable[T], span_of: Callable[[T], Span]) -> None:
        self._span_of = span_of
        self._starts: list[int] = []
        self._entries: list[tuple[int, Span, T]] = []  # (order added, span, item)
        self._longest = 0
        for item in items:
            self.add(item)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, item: T) -> None:
        span = self._span_of(item)
        at = bisect_right(self._starts, span.start)
        self._starts.insert(at, span.start)
        self._entries.insert(at, (len(self._entries), span, item))
        self._longest = max(self._longest, len(span))

    def inside(self, span: Span) -> list[T]:
        """The items whose span ``span`` contains."""
        low = bisect_left(self._starts, span.start)
        high = bisect_right(self._starts, span.end)
        return self._in_order(e for e in self._entries[low:high] if span.contains(e[1]))

    def overlapping(self, span: Span) -> list[T]:
        """The items whose span overlaps ``span`` (shares at least one character)."""
        # An item starting more than the longest span before ours ends before ours starts.
        low = bisect_left(self._starts, span.start - self._longest)
        high = bisect_left(self._starts, span.end)
        return self._in_order(e for e in self._entries[low:high] if span.overlaps(e[1]))

    def any_overlapping(self, span: Span) -> bool:
        low = bisect_left(self._starts, span.start - self._longest)
        high = bisect_left(self._starts, span.end)
        return any(span.overlaps(e[1]) for e in self._entries[low:high])

    def any_inside(self, span: Span) -> bool:
        low = bisect_left(self._starts, span.start)
        high = bisect_right(self._starts, span.end)
        return any(span.contains(e[1]) for e in self._entries[low:high])

    @staticmethod
    def _in_order(entries: Iterable[tuple[int, Span, T]]) -> list[T]:
        return [item for _, _, item in sorted(entries, key=lambda e: e[0])]
