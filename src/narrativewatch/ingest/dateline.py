"""Publication dates: the dateline printed at the head of an article, and metadata values."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

import dateparser

from narrativewatch.model import Span

# A dateline sits in the header of the body: the first lines, before the story starts.
_MAX_LINES = 10
_MAX_CHARS = 800
# "Понеділок, 1 липня 2024, 13:03 | Українська правда" is 50 characters; a sentence of the
# body that happens to contain a date is longer and fails the vocabulary check anyway.
_MAX_LINE_LENGTH = 100

_LABEL = re.compile(
    r"(?:published|updated|posted|date|дата(?: публикации| публікації)?|опубликовано|"
    r"обновлено|опубліковано|оновлено)\s*:?\s*",
    re.IGNORECASE,
)
# A dateline often shares its line with the outlet or author: "1 July 2024 | Reuters".
_SEGMENT_SEPARATOR = re.compile(r"\s+[-|•·—–]\s+|\s*[|•·]\s*")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_ALLOWED_CHARS = re.compile(r"[\w\s,.:/+\-()'’ʼ]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)?")

_EN_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_EN_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?"
)
_RU_MONTHS = (
    r"январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|"
    r"сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе]|"
    r"янв|фев|мар|апр|авг|сент?|окт|нояб?|дек"
)
_RU_WEEKDAYS = (
    r"понедельник|вторник|сред[аыу]|четверг|пятниц[аыу]|суббот[аыу]|воскресенье|"
    r"пн|вт|ср|чт|пт|сб|вс"
)
_UK_MONTHS = (
    r"січ(?:ень|ня)?|лют(?:ий|ого)?|берез(?:ень|ня)?|квіт(?:ень|ня)?|трав(?:ень|ня)?|"
    r"черв(?:ень|ня)?|лип(?:ень|ня)?|серп(?:ень|ня)?|верес(?:ень|ня)?|жовт(?:ень|ня)?|"
    r"листоп(?:ад|ада)?|груд(?:ень|ня)?|бер|вер|лист"
)
_UK_WEEKDAYS = (
    r"понеділ(?:ок|ка)|вівтор(?:ок|ка)|серед[аиу]|четвер|п['’ʼ]?ятниц[яіу]|субот[аиу]|"
    r"неділ[яіу]|пн|вт|ср|чт|пт|сб|нд"
)
# Words that may surround a date in a dateline: "1 июля 2024 г.", "1 липня 2024 року",
# "at 13:03 Kyiv time", "13:03 (МСК)", ordinal suffixes "1st".
_FILLERS = (
    r"г|гг|года|году|р|року|рік|at|on|of|о|об|в|во|am|pm|utc|gmt|msk|мск|eet|eest|cet|cest|"
    r"kyiv|kiev|moscow|time|київ|києва|за|часом|київським|по|московскому|времени|st|nd|rd|th|h|ч"
)
_DATE_WORD = re.compile(
    "|".join(
        f"(?:{alternatives})"
        for alternatives in (
            _EN_MONTHS,
            _EN_WEEKDAYS,
            _RU_MONTHS,
            _RU_WEEKDAYS,
            _UK_MONTHS,
            _UK_WEEKDAYS,
            _FILLERS,
        )
    ),
    re.IGNORECASE,
)

_DATELINE_SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    # A dateline must name the day: "July 2024" is not a publication time, and dateparser
    # would otherwise fill the missing parts from today's date.
    "REQUIRE_PARTS": ["day", "month", "year"],
    # No relative dates ("yesterday"): they depend on the clock of the machine ingesting.
    "PARSERS": ["custom-formats", "absolute-time"],
}
# Metadata values commonly seen in corpora that ``fromisoformat`` does not take.
_METADATA_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y", "%d.%m.%Y, %H:%M")
_TIMESTAMP = re.compile(r"[+-]?\d{9,}(?:\.\d+)?")
# Seconds since 1970 stay below 1e11 until the year 5138; larger numbers are milliseconds.
_MILLISECONDS_ABOVE = 1e11


# The wire agencies' dateline opens the first paragraph: a place, a comma, the date, then
# the story after a full stop, a dash or the agency in brackets — "Москва, 24 октября
# 2022 года. Официальный…", "КИЇВ, 1 липня 2024 — …", "WASHINGTON, July 1, 2024 (Reuters) -".
# Only the date's own words may stand between the comma and the break (`_looks_like_date`).
_WIRE_DATELINE = re.compile(
    r"[ \t]*(?:[^\W\d_][\w'’ʼ-]*)(?:[ \t][^\W\d_][\w'’ʼ-]*){0,2},[ \t]+"
    r"(?P<date>[^\n]{6,45}?)"
    r"(?=[ \t]*(?:[—–(]|[ \t]-[ \t]|\.[ \t]+[^\W\d_a-zа-яёіїєґ]|\.?[ \t]*$))"
)


def find_dateline(
    text: str, languages: Sequence[str] = ("en", "ru", "uk"), tz: str | tzinfo = "UTC"
) -> tuple[datetime, Span] | None:
    """Find the publication date printed in the header of an article body.

    Looks at the first 10 non-empty lines within the first 800 characters and accepts a
    short line (or a ``|``/``—``-separated part of one) made only of a date with a year:
    day, month, year, optionally weekday and time ("Понеділок, 1 липня 2024, 13:03",
    "1 июля 2024 г., 14:30", "2024-07-01 13:03"), or the wire agencies' dateline that opens
    a paragraph ("Москва, 24 октября 2022 года. …", "WASHINGTON, July 1, 2024 (Reuters) -
    …"). Any other date inside a body sentence is not a dateline. Returns the
    timezone-aware datetime (``tz`` for a date without an offset) and the span of the date
    in ``text``, or ``None``.
    """
    zone = _zone(tz)
    seen = 0
    for line in re.finditer(r"[^\n]+", text):
        if line.start() >= _MAX_CHARS or seen >= _MAX_LINES:
            break
        if not line.group().strip():
            continue
        seen += 1
        candidates = (
            []
            if len(line.group().strip()) > _MAX_LINE_LENGTH
            else [*_segments(text, line.start(), line.end())]
        )
        wire = _WIRE_DATELINE.match(text, line.start(), line.end())
        if wire is not None:
            candidates.append((wire.start("date"), wire.end("date")))
        for start, end in candidates:
            candidate, named_zone = _without_named_zone(text[start:end])
            if not _looks_like_date(candidate):
                continue
            parsed = dateparser.parse(
                candidate, languages=list(languages), settings=_DATELINE_SETTINGS
            )
            if parsed is not None:
                return _attach_zone(parsed, named_zone or zone), Span(start, end)
    return None


# "24 October 2022, 18:45 (Kyiv time)": the dateline names its zone, which beats the default.
_NAMED_ZONES = (
    (
        re.compile(
            r"\(?\s*(?:kyiv|kiev) time\s*\)?|\(?\s*(?:за київським часом|по киевскому "
            r"времени)\s*\)?",
            re.IGNORECASE,
        ),
        "Europe/Kyiv",
    ),
    (
        re.compile(
            r"\(?\s*(?:moscow time|msk|мск|по московскому времени|за московським "
            r"часом)\s*\)?",
            re.IGNORECASE,
        ),
        "Europe/Moscow",
    ),
    (re.compile(r"\(?\s*(?:minsk time|по минскому времени)\s*\)?", re.IGNORECASE), "Europe/Minsk"),
)


def _without_named_zone(candidate: str) -> tuple[str, tzinfo | None]:
    for pattern, name in _NAMED_ZONES:
        found = pattern.search(candidate)
        if found:
            cleaned = (candidate[: found.start()] + candidate[found.end() :]).strip(" ,")
            return cleaned, ZoneInfo(name)
    return candidate, None


def parse_datetime(value: str | int | float, tz: str | tzinfo = "UTC") -> datetime:
    """Parse a date from metadata into a timezone-aware datetime.

    Takes ISO 8601 (with or without an offset), RFC 822 ("Mon, 01 Jul 2024 13:03:00
    +0300"), unix timestamps (seconds or milliseconds, as numbers or digit strings),
    "01.07.2024 13:03", and, as a fallback, absolute dates dateparser understands in
    en/ru/uk. A value without an offset is taken to be in ``tz``. Raises ``ValueError``
    naming the value when it is not a date.
    """
    zone = _zone(tz)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        return _from_timestamp(float(value), value)
    text = value.strip()
    if not text:
        raise ValueError("empty date")
    if _TIMESTAMP.fullmatch(text):
        return _from_timestamp(float(text), value)
    try:
        return _attach_zone(datetime.fromisoformat(text), zone)
    except ValueError:
        pass
    try:
        return _attach_zone(parsedate_to_datetime(text), zone)
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _METADATA_FORMATS:
        try:
            return _attach_zone(datetime.strptime(text, fmt), zone)
        except ValueError:
            pass
    parsed = dateparser.parse(text, languages=["en", "ru", "uk"], settings=_DATELINE_SETTINGS)
    if parsed is None:
        raise ValueError(f"cannot parse date {value!r}")
    return _attach_zone(parsed, zone)


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the separator-delimited parts of ``text[start:end]``, label and
    surrounding whitespace and commas trimmed."""
    parts = []
    cursor = start
    for separator in _SEGMENT_SEPARATOR.finditer(text, start, end):
        parts.append((cursor, separator.start()))
        cursor = separator.end()
    parts.append((cursor, end))
    trimmed = []
    for part_start, part_end in parts:
        label = _LABEL.match(text, part_start, part_end)
        if label:
            part_start = label.end()
        while part_start < part_end and text[part_start] in " \t,;":
            part_start += 1
        while part_end > part_start and text[part_end - 1] in " \t,;:":
            part_end -= 1
        if part_start < part_end:
            trimmed.append((part_start, part_end))
    return trimmed


def _looks_like_date(candidate: str) -> bool:
    """A year, only date characters, and every word a month, weekday or date filler."""
    if not _YEAR.search(candidate) or not _ALLOWED_CHARS.fullmatch(candidate):
        return False
    if not re.search(r"\d{1,2}\D+\d{1,2}|\d{1,2}\s*[^\W\d_]", candidate) and not re.search(
        r"\d{4}-\d{2}-\d{2}", candidate
    ):
        return False
    return all(_DATE_WORD.fullmatch(word) for word in _WORD.findall(candidate))


def _zone(tz: str | tzinfo) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def _attach_zone(value: datetime, zone: tzinfo) -> datetime:
    offset = value.utcoffset()
    if offset is None:
        return value.replace(tzinfo=zone)
    # dateparser returns pytz-style zones; a fixed offset is what the text actually said.
    return value.replace(tzinfo=UTC if offset == timedelta(0) else timezone(offset))


def _from_timestamp(number: float, original: object) -> datetime:
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"not a date: {original!r}")
    if abs(number) > _MILLISECONDS_ABOVE:
        number /= 1000
    try:
        return datetime.fromtimestamp(number, UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"timestamp out of range: {original!r}") from None
