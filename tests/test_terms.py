"""Catalog terms: word beginnings with "…" gaps (matching/terms.py)."""

from __future__ import annotations

import pytest

from narrativewatch.matching.terms import names_any


@pytest.mark.parametrize(
    ("text", "terms", "named"),
    [
        ("The MH17 verdict", ("MH17",), True),
        ("the Malaysian Boeing", ("Malaysia",), True),  # a word beginning
        ("SMH17 is a code", ("MH17",), False),  # never inside a word
        ("в Краматорську", ("Краматорс",), True),
        ("the gas storage is now 95 percent full", ("storage … full",), True),
        ("the storage of grain was full of rats and more words here", ("storage … full",), True),
        ("storage one two three four five full", ("storage … full",), False),  # gap of 5
        ("Anything at all", (), False),
    ],
)
def test_names_any(text: str, terms: tuple[str, ...], named: bool) -> None:
    assert names_any(text, terms) is named
