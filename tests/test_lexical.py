"""The lexical signal (`matching/lexical.py`): IDF-weighted share of a statement's terms
found in the claim, computed over posting arrays, against the definition written out."""

from __future__ import annotations

import math

import pytest

from narrativewatch.matching.lexical import LexicalIndex, terms

STATEMENTS = [
    ("Ukraine is massing troops near the border with Belarus.", "en"),
    ("NATO troops are massing on the Belarus border.", "en"),
    ("Western sanctions hurt Europe more than Russia.", "en"),
    ("Украина стягивает войска к границе с Беларусью.", "ru"),
    ("Україна стягує війська до кордону з Білоруссю.", "uk"),
    ("The weather was fine.", "en"),
]


def _by_definition(claim: str, language: str) -> dict[int, float]:
    row_terms = [set(terms(text, lang)) for text, lang in STATEMENTS]
    idf = {}
    for term in set().union(*row_terms):
        idf[term] = math.log(1 + len(row_terms) / sum(term in ts for ts in row_terms))
    query = set(terms(claim, language))
    out = {}
    for row, ts in enumerate(row_terms):
        shared = ts & query
        if shared:
            out[row] = sum(idf[t] for t in shared) / sum(idf[t] for t in ts)
    return out


@pytest.mark.parametrize(
    ("claim", "language"),
    [
        ("Belarus says Ukraine is massing troops at the border", "en"),
        ("Войска НАТО у границы с Беларусью", "ru"),
        ("Nothing in common here", "en"),
    ],
)
def test_scores_follow_the_definition(claim: str, language: str) -> None:
    index = LexicalIndex(STATEMENTS)
    got = index.scores(claim, language)
    expected = _by_definition(claim, language)
    assert dict(got) == pytest.approx(expected)
    assert list(got.rows) == sorted(expected)  # the ranking reads the sorted arrays
    assert got.best() == pytest.approx(max(expected.values(), default=0.0))
    for row in range(len(STATEMENTS)):
        assert got.get(row, 0.0) == pytest.approx(expected.get(row, 0.0))


def test_scores_restricted_to_rows() -> None:
    index = LexicalIndex(STATEMENTS)
    claim = "Belarus says Ukraine is massing troops at the border"
    everything = index.scores(claim, "en")
    assert len(everything) >= 2
    kept = index.scores(claim, "en", rows=[1, 5])
    assert dict(kept) == {row: everything[row] for row in everything if row in (1, 5)}
    with pytest.raises(KeyError):
        kept[0]


def test_rows_not_counted_leave_the_others_weights_alone() -> None:
    added = ("Ukrainian troops are massing near the border of Transnistria.", "en")
    claim = "Belarus says Ukraine is massing troops at the border"
    before = LexicalIndex(STATEMENTS).scores(claim, "en")
    counted = LexicalIndex([*STATEMENTS, added], [True] * len(STATEMENTS) + [False])
    after = counted.scores(claim, "en")
    assert {row: after[row] for row in after if row < len(STATEMENTS)} == pytest.approx(
        dict(before)
    )
    assert len(STATEMENTS) in set(after)  # the new row is scored, with the old weights
    # counted like the others, it would make "massing", "troops" and "border" commoner
    recounted = LexicalIndex([*STATEMENTS, added]).scores(claim, "en")
    assert recounted[1] != pytest.approx(before[1])  # "NATO" is not in the claim
