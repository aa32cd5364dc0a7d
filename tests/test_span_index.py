"""SpanIndex answers as a scan of every item would, in the order the items were given."""

import random

from narrativewatch.analysis.span_index import SpanIndex
from narrativewatch.model import Span


def _random_spans(rng: random.Random, count: int, longest: int) -> list[Span]:
    spans = []
    for _ in range(count):
        start = rng.randrange(0, 1000)
        spans.append(Span(start, start + rng.randrange(0, longest)))
    return spans


def test_inside_and_overlapping_agree_with_a_scan_in_the_given_order() -> None:
    rng = random.Random(7)
    items = _random_spans(rng, 400, 60)
    index = SpanIndex(items[:200], lambda span: span)
    for span in items[200:]:
        index.add(span)  # added later: the order of the answers is still the given one
    for query in _random_spans(rng, 300, 120):
        assert index.inside(query) == [s for s in items if query.contains(s)]
        assert index.overlapping(query) == [s for s in items if query.overlaps(s)]
        assert index.any_inside(query) == any(query.contains(s) for s in items)
        assert index.any_overlapping(query) == any(query.overlaps(s) for s in items)


def test_a_long_item_added_last_is_still_found_far_from_its_start() -> None:
    index = SpanIndex([Span(500, 505)], lambda span: span)
    index.add(Span(0, 900))
    assert index.overlapping(Span(800, 801)) == [Span(0, 900)]
    assert index.inside(Span(400, 600)) == [Span(500, 505)]
    assert index.overlapping(Span(950, 960)) == []
    assert len(index) == 2


def test_points_count_at_both_ends_of_a_span() -> None:
    points = [("a", 10), ("b", 20), ("c", 30)]
    index = SpanIndex(points, lambda point: Span(point[1], point[1]))
    assert [name for name, _ in index.inside(Span(10, 20))] == ["a", "b"]
    assert index.inside(Span(11, 19)) == []
