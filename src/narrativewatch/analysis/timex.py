"""Time expressions resolved against the publication date.

"On 20 June" in an article of 1 July 2024 is 2024-06-20; «вчера» is the day before
publication; "on Tuesday" is the last Tuesday on or before it. Candidates are found with
patterns for en/ru/uk month and weekday names (fast and predictable), then resolved here
rather than by a general date parser, which also finds "may", "now" and "second" in
running text.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from narrativewatch.model import Span, TimeExpression

_MONTH_STEMS: tuple[tuple[str, int], ...] = (
    ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("may", 5), ("jun", 6), ("jul", 7),
    ("aug", 8), ("sep", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    ("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("ма", 5), ("июн", 6),
    ("июл", 7), ("август", 8), ("сентябр", 9), ("октябр", 10), ("ноябр", 11),
    ("декабр", 12),
    ("січ", 1), ("лют", 2), ("берез", 3), ("квіт", 4), ("трав", 5), ("черв", 6), ("лип", 7),
    ("серп", 8), ("верес", 9), ("жовт", 10), ("листопад", 11), ("груд", 12),
)  # fmt: skip
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
    r"|(?:январ[ьяе]|феврал[ьяе]|март[аеу]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|"
    r"август[аеу]?|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"
    r"|(?:січ(?:ня|ень|ні)|лют(?:ого|ий|ому)|берез(?:ня|ень|ні)|квіт(?:ня|ень|ні)|"
    r"трав(?:ня|ень|ні)|черв(?:ня|ень|ні)|лип(?:ня|ень|ні)|серп(?:ня|ень|ні)|"
    r"верес(?:ня|ень|ні)|жовт(?:ня|ень|ні)|листопад(?:а|і)?|груд(?:ня|ень|ні))"
)
_YEAR = r"(?P<year>(?:19|20)\d{2})(?:\s*(?:г\.|года|году|год|р\.|року|рік))?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("dotted", re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d{2})\b")),
    (
        "day_month",
        re.compile(
            r"(?<![\w.])(?P<day>[0-3]?\d)(?:st|nd|rd|th|-?го)?\s+(?:of\s+)?(?P<mname>"
            + _MONTH
            + r")"
            r"(?:,?\s+" + _YEAR + r")?(?![\w])",
            re.IGNORECASE,
        ),
    ),
    (
        "month_day",
        re.compile(
            r"(?<![\w])(?P<mname>(?:January|February|March|April|May|June|July|August|September|"
            r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)\s+"
            r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+" + _YEAR + r")?(?![\w])"
        ),
    ),
    (
        "month_year",
        re.compile(r"(?<![\w])(?P<mname>" + _MONTH + r")\s+" + _YEAR + r"(?![\w])", re.IGNORECASE),
    ),
)
_WEEKDAYS: tuple[tuple[str, int], ...] = (
    ("monday", 0), ("tuesday", 1), ("wednesday", 2), ("thursday", 3), ("friday", 4),
    ("saturday", 5), ("sunday", 6),
    ("понедельник", 0), ("вторник", 1), ("среду", 2), ("четверг", 3), ("пятницу", 4),
    ("субботу", 5), ("воскресенье", 6),
    ("понеділок", 0), ("вівторок", 1), ("середу", 2), ("четвер", 3), ("п'ятницю", 4),
    ("п’ятницю", 4), ("суботу", 5), ("неділю", 6),
)  # fmt: skip
_WEEKDAY = re.compile(
    r"(?<![\w])(?:on|во?|у|в)\s+(?P<weekday>"
    + "|".join(re.escape(w) for w, _ in _WEEKDAYS)
    + r")(?![\w])",
    re.IGNORECASE,
)
_RELATIVE: tuple[tuple[str, int], ...] = (
    ("the day before yesterday", -2), ("yesterday", -1), ("today", 0),
    ("позавчера", -2), ("вчера", -1), ("сегодня", 0),
    ("позавчора", -2), ("учора", -1), ("вчора", -1), ("сьогодні", 0),
)  # fmt: skip
_RELATIVE_PATTERN = re.compile(
    r"(?<![\w])(?P<relative>" + "|".join(re.escape(w) for w, _ in _RELATIVE) + r")(?![\w])",
    re.IGNORECASE,
)


def extract_time_expressions(text: str, published: date | None) -> tuple[TimeExpression, ...]:
    """Dates in ``text``, resolved against ``published`` (expressions without a year, or
    relative ones, are skipped when the publication date is unknown)."""
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: date | None, granularity: str) -> None:
        if value is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(TimeExpression(Span(start, end), text[start:end], value, granularity))

    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value, granularity = _resolve(kind, match, published)
            add(match.start(), match.end(), value, granularity)
    if published is not None:
        for match in _WEEKDAY.finditer(text):
            weekday = _lookup(_WEEKDAYS, match.group("weekday"))
            back = (published.weekday() - weekday) % 7
            add(match.start("weekday"), match.end(), published - timedelta(days=back), "day")
        for match in _RELATIVE_PATTERN.finditer(text):
            offset = _lookup(_RELATIVE, match.group("relative"))
            add(match.start(), match.end(), published + timedelta(days=offset), "day")
    found.sort(key=lambda t: t.span.start)
    return tuple(found)


def _lookup(table: tuple[tuple[str, int], ...], word: str) -> int:
    lowered = word.lower()
    return next(value for key, value in table if key == lowered)


def month_number(name: str) -> int | None:
    lowered = name.lower().rstrip(".")
    for stem, number in _MONTH_STEMS:
        if lowered.startswith(stem):
            # "ма" is a Russian stem for May only as "май/мая/мае".
            if stem == "ма" and lowered not in {"май", "мая", "мае"}:
                continue
            return number
    return None


def _resolve(kind: str, match: re.Match[str], published: date | None) -> tuple[date | None, str]:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    month = month_number(groups["mname"]) if groups.get("mname") else int(groups["month"])
    if month is None or not 1 <= month <= 12:
        return None, "day"
    if kind == "month_year":
        return (date(year, month, 1), "month") if year else (None, "month")
    day = int(groups["day"])
    if year is None:
        if published is None:
            return None, "day"
        return _nearest_year(day, month, published), "day"
    try:
        return date(year, month, day), "day"
    except ValueError:
        return None, "day"


def _nearest_year(day: int, month: int, published: date) -> date | None:
    """The year that puts day/month nearest to publication; news reports the past more
    often than it announces the future, so a future date counts three times as far."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        distance = (candidate - published).days
        options.append((distance * 3 if distance > 0 else -distance, candidate))
    return min(options)[1] if options else None
