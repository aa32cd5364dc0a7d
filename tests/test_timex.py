"""Dates resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from narrativewatch.analysis.timex import extract_time_expressions

PUBLISHED = date(2024, 7, 1)  # a Monday


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("On 20 June, the committee stated", date(2024, 6, 20)),
        ("20 июня Госпогранкомитет заявил", date(2024, 6, 20)),
        ("20 червня Державний прикордонний комітет", date(2024, 6, 20)),
        ("Monday, 1 July 2024, 13:03", date(2024, 7, 1)),
        ("on June 28 the ministry said", date(2024, 6, 28)),
        ("31 декабря власти сообщили", date(2023, 12, 31)),  # the past, not half a year ahead
        ("вчера в Минске", date(2024, 6, 30)),
        ("позавчора ввечері", date(2024, 6, 29)),
        ("on Thursday he said", date(2024, 6, 27)),
        ("у п'ятницю речник", date(2024, 6, 28)),
        ("published 2024-05-03 in", date(2024, 5, 3)),
        ("від 03.05.2024 року", date(2024, 5, 3)),
    ],
)
def test_resolves(text: str, value: date) -> None:
    found = extract_time_expressions(text, PUBLISHED)
    assert [t.value for t in found] == [value]
    assert text[found[0].span.start : found[0].span.end] == found[0].text


def test_month_granularity_and_no_false_dates() -> None:
    found = extract_time_expressions("в июне 2024 года; he may say now a second time", PUBLISHED)
    assert [(t.value, t.granularity) for t in found] == [(date(2024, 6, 1), "month")]


def test_without_publication_date_only_absolute_dates() -> None:
    found = extract_time_expressions("On 20 June and on 3 May 2023, yesterday", None)
    assert [t.value for t in found] == [date(2023, 5, 3)]
