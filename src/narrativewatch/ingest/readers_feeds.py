"""Reader of RSS and Atom feeds: one document per entry."""

from __future__ import annotations

import calendar
import html
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from narrativewatch.errors import InputError
from narrativewatch.ingest.dateline import find_dateline, parse_datetime
from narrativewatch.ingest.normalize import make_document, normalize_text
from narrativewatch.ingest.options import IngestOptions
from narrativewatch.model import Document

logger = logging.getLogger(__name__)

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
     "tr", "table", "section", "article", "header", "footer", "figure", "figcaption", "pre",
     "hr", "dd", "dt"}
)  # fmt: skip
_DROPPED_TAGS = ("script", "style", "noscript", "template")
_LANGUAGE = re.compile(r"[a-zA-Z]{2,3}")


def read_feed(
    data: bytes, item: str, options: IngestOptions, *, content_type: str | None = None
) -> Iterator[Document | InputError]:
    """One document per feed entry: title, link, published (else updated) time in UTC,
    text from the entry's content (else its summary) with HTML stripped, outlet from the
    feed title, language from the feed or entry.

    ``data`` is the raw bytes, so feedparser can honour the XML encoding declaration.
    Raises ``InputError(item, "malformed feed: …")`` when nothing could be parsed; a feed
    with parse errors but with entries is used. An entry without text yields
    ``InputError("<item>: entry N", "no text")``.
    """
    headers = {"content-type": content_type} if content_type else None
    # Always bytes: given a str, feedparser may treat it as a URL or a file name to open.
    parsed: Any = feedparser.parse(data, response_headers=headers)
    if not parsed.entries:
        if parsed.get("bozo"):
            reason = " ".join(str(parsed.get("bozo_exception") or "parse error").split())
            raise InputError(item, f"malformed feed: {reason}")
        if not parsed.get("version"):
            raise InputError(item, "malformed feed: not an RSS or Atom feed")
        logger.info("%s: feed has no entries", item)
        return
    feed = parsed.feed
    outlet = options.outlet or _text_value(feed.get("title"))
    feed_language = _language(feed.get("language"))
    for number, entry in enumerate(parsed.entries, start=1):
        entry_item = f"{item}: entry {number}"
        try:
            yield _entry_document(entry, entry_item, options, outlet, feed_language)
        except InputError as error:
            yield error


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed content), one line per block element.

    Text without markup comes back unchanged (apart from whitespace normalisation).
    """
    if "<" not in fragment:
        return normalize_text(html.unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return normalize_text(fragment)
    for dropped in root.iter(*_DROPPED_TAGS):
        dropped.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return normalize_text("\n".join(line for line in lines if line))


# The feed element each feedparser date key comes from (RSS name / Atom name).
_DATE_ELEMENTS = {"published": "pubDate/published", "updated": "updated"}


def _entry_document(
    entry: Any, item: str, options: IngestOptions, outlet: str | None, feed_language: str | None
) -> Document:
    content = entry.get("content") or []
    raw = content[0].get("value", "") if content else entry.get("summary", "")
    text = html_fragment_to_text(raw or "")
    if not text:
        raise InputError(item, "no text")
    published_at: datetime | None = None
    published_source: str | None = None
    for key in ("published", "updated"):
        parsed_time = entry.get(f"{key}_parsed")
        if parsed_time:
            # feedparser gives struct_time already converted to UTC.
            published_at = datetime.fromtimestamp(calendar.timegm(parsed_time), UTC)
            published_source = "metadata"
            break
        raw_date = entry.get(key)
        if raw_date:
            # A date feedparser cannot read: localised ("1 июля 2024, 13:03") or broken.
            # Read it as corpus dates are; an item whose date is not a date is an error,
            # as it is in JSONL and CSV, not an undated document.
            try:
                published_at = parse_datetime(str(raw_date), options.default_timezone)
            except ValueError as exc:
                raise InputError(item, f"<{_DATE_ELEMENTS[key]}>: {exc}") from None
            published_source = "metadata"
            break
    if published_at is None:
        dateline = find_dateline(text, tz=options.default_timezone)
        if dateline:
            published_at, published_source = dateline[0], "text"
    extra = {}
    if entry.get("id"):
        extra["guid"] = str(entry["id"])
    language = None
    if content:
        language = _language(content[0].get("language"))
    return make_document(
        text,
        source=item,
        title=_text_value(entry.get("title")),
        outlet=outlet,
        url=entry.get("link") or None,
        language=language or feed_language,
        published_at=published_at,
        published_at_source=published_source,
        extra=extra,
    )


def _text_value(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return html_fragment_to_text(value) or None


def _language(value: object) -> str | None:
    """``"ru-RU"`` → ``"ru"``."""
    if not isinstance(value, str):
        return None
    match = _LANGUAGE.match(value.strip())
    return match.group().lower() if match else None
