"""Readers of single documents: plain text and HTML pages."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import trafilatura

from narrativewatch.errors import InputError
from narrativewatch.ingest.dateline import find_dateline, parse_datetime
from narrativewatch.ingest.normalize import make_document, normalize_text
from narrativewatch.ingest.options import IngestOptions
from narrativewatch.model import Document

logger = logging.getLogger(__name__)

_MAX_TITLE_LENGTH = 200
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([a-zA-Z]{2,3})\b", re.IGNORECASE)
# htmldate keeps the time when asked to; without ``extensive_search`` it reads only the
# page's metadata and URL, not dates that happen to appear in the body (``find_dateline``
# handles the printed dateline, with stricter rules).
_DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}(?:T00:00:00)?")
# htmldate prefers a date in the URL path ("/2024/07/01/") to the page's own timestamp, and
# that loses the time of day; these metadata fields carry the full timestamp.
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_PUBLISHED_META_NAMES = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "dc.date.issued",
        "dcterms.created",
    }
)
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_METADATA_SCAN_CHARS = 200_000
_TITLE_SEARCH_LINES = 6
_MIN_TITLE_WORDS = 3
_MIN_LETTER_SHARE = 0.4
_MIN_WORDS = 3
_TITLE_ELEMENT = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1\b", re.IGNORECASE)
_TITLE_META_NAMES = frozenset({"og:title", "twitter:title"})
# How trafilatura splits a <title> into the headline and the site's name (its
# ``HTMLTITLE_REGEX``): at the last separator with spaces around it.
_TITLE_PARTS = re.compile(r"^(.+)?\s+[–•·—|⁄*⋆~‹«<›»>:-]\s+(.+)$")


def read_text(
    text: str, item: str, options: IngestOptions, *, url: str | None = None
) -> Iterator[Document | InputError]:
    """One document from plain text: the whole text, its first line as the title when it
    looks like one, and the printed dateline as ``published_at`` (source ``"text"``).

    Raises ``InputError(item, "no text")`` for text that is empty after normalisation.
    """
    normalized = normalize_text(text)
    if not normalized:
        raise InputError(item, "no text")
    dateline = find_dateline(normalized, tz=options.default_timezone)
    yield make_document(
        normalized,
        source=item,
        title=title_from_first_line(normalized, skip_end=dateline[1].end if dateline else None),
        outlet=options.outlet,
        url=url,
        published_at=dateline[0] if dateline else None,
        published_at_source="text" if dateline else None,
    )


# "By Jane Doe", «Автор: Іван Петренко», "Photo: Reuters": the byline and credits sit
# between the headline and the dateline, and are not the headline.
_BYLINE = re.compile(
    r"(?:by\s+(?=[A-Z])|written by\b|(?:author|photo|text|автор(?:ка)?|текст|фото)\s*[:—–-])",
    re.IGNORECASE,
)


def title_from_first_line(text: str, skip_end: int | None = None) -> str | None:
    """The headline among the first lines: a line of at least three words, at most 200
    characters, without a final period.

    When the text has a dateline (ending at ``skip_end``), the headline is the last such
    line before it — lines above are the site's name and section ("FACTLINE | Fact check",
    «Поддержите нас»). Otherwise it is the first such line. ``None`` if the text opens with
    a paragraph instead.
    """
    candidates: list[str] = []
    for number, line in enumerate(re.finditer(r"[^\n]+", text)):
        candidate = line.group().strip()
        if not candidate:
            continue
        if line.end() == skip_end:
            return candidates[-1] if candidates else None
        if number >= _TITLE_SEARCH_LINES or len(candidate) > _MAX_TITLE_LENGTH:
            break
        if len(candidate.split()) < _MIN_TITLE_WORDS or _BYLINE.match(candidate):
            continue
        if candidate.endswith("."):
            break
        candidates.append(candidate)
        if skip_end is None:
            break
    return candidates[0] if candidates else None


def read_html(
    html: str,
    item: str,
    options: IngestOptions,
    *,
    url: str | None = None,
    fallback_outlet: str | None = None,
) -> Iterator[Document | InputError]:
    """One document from an HTML page, extracted with trafilatura.

    Text, title, site name (the outlet, else ``fallback_outlet``), canonical URL (``url``
    wins when given: it is where the page was fetched), ``<html lang>`` and the publication
    date: the page metadata's, made precise by the printed dateline when both give the same
    day, else the dateline alone. Raises ``InputError(item, "no article text found in
    HTML")`` for pages with no extractable text, including broken markup.
    """
    metadata = _extract(html, url)
    body = normalize_text(str(metadata.get("text") or ""))
    if not _is_prose(body):
        raise InputError(item, "no article text found in HTML")
    published_at, published_source = _html_published_at(
        _published_timestamp(html) or metadata.get("date"), body, options.default_timezone
    )
    language_match = _HTML_LANG.search(html[:4096])
    yield make_document(
        body,
        source=item,
        title=_page_title(html, metadata, url),
        outlet=options.outlet or _as_str(metadata.get("sitename")) or fallback_outlet,
        url=url or _as_str(metadata.get("url")),
        language=language_match.group(1).lower() if language_match else None,
        published_at=published_at,
        published_at_source=published_source,
    )


def _page_title(html: str, metadata: dict[str, Any], url: str | None) -> str | None:
    """The headline, whole. With no <h1> or title metadata, trafilatura takes the page's
    <title> and cuts it at its last dash or bar to drop the site's name — also when the dash
    is the headline's own ("Песков: наращивание сил ВСУ у границы Беларуси — повод для
    беспокойства Москвы"). A part is dropped only when it names the site (its
    ``og:site_name``, or the host in ``url``); else the whole <title> is the headline: a
    site's name left in is a smaller loss than half a headline. When trafilatura leaves a
    <title> whole, a site's name at either end of it is still dropped."""
    title = _as_str(metadata.get("title"))
    head = html[:_METADATA_SCAN_CHARS]
    element = _TITLE_ELEMENT.search(head)
    if title is None or element is None or _has_headline(head):
        return title
    whole = " ".join(unescape(re.sub(r"<[^>]*>", " ", element.group(1))).split())
    parts = _TITLE_PARTS.match(whole)
    sitename = _as_str(metadata.get("sitename"))
    if parts is not None and parts[1] and title == whole:
        # Not cut by trafilatura ("… « War in Ukraine | Censor.NET"): the site's name at
        # either end still goes.
        if _names_site(parts[2], sitename, url):
            return parts[1]
        if _names_site(parts[1], sitename, url):
            return parts[2]
    if parts is None or title not in (parts[1], parts[2]):
        return title  # from the <h1> or the metadata, or not cut
    dropped = parts[2] if title == parts[1] else parts[1]
    return title if _names_site(dropped, sitename, url) else whole


def _has_headline(html: str) -> bool:
    """Whether trafilatura read the headline from where pages put it whole: a single
    <h1>, or a title ``<meta>`` (``og:title``, ``twitter:title``)."""
    if len(_H1.findall(html)) == 1:
        return True
    for tag in _META_TAG.finditer(html):
        attributes = {
            name.lower(): value.strip("\"'").lower()
            for name, value in _ATTRIBUTE.findall(tag.group())
        }
        if {attributes.get("property"), attributes.get("name")} & _TITLE_META_NAMES:
            return True
    return False


def _names_site(words: str, sitename: str | None, url: str | None) -> bool:
    folded = _letters_and_digits(words)
    host = host_of(url) if url else None
    return bool(folded) and (
        (sitename is not None and folded == _letters_and_digits(sitename))
        or (host is not None and folded in _letters_and_digits(host))
    )


def _letters_and_digits(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def host_of(url: str) -> str | None:
    """The host of ``url`` without a leading ``www.``, used as the outlet of last resort."""
    try:
        host = urlsplit(url).hostname
    except ValueError:  # "http://[bad": a page's own metadata may carry such a URL
        return None
    return host.removeprefix("www.") if host else None


def _extract(html: str, url: str | None) -> dict[str, Any]:
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            date_extraction_params=_DATE_PARAMS,
        )
    # trafilatura and lxml raise many exception types on hostile markup; for ingest every
    # one of them means the same thing: this page has no usable article.
    except Exception as exc:
        logger.debug("trafilatura failed: %s: %s", type(exc).__name__, exc)
        return {}
    if result is None:
        return {}
    return result if isinstance(result, dict) else dict(result.as_dict())


def _is_prose(text: str) -> bool:
    """Whether extracted text is words, not the debris trafilatura salvages from garbage:
    mostly letters, and at least a few words ("unclosed <<<>>>" is not an article)."""
    visible = "".join(text.split())
    letters = sum(1 for character in visible if character.isalpha())
    words = sum(1 for word in text.split() if any(c.isalpha() for c in word))
    return words >= _MIN_WORDS and letters >= _MIN_LETTER_SHARE * len(visible)


def _published_timestamp(html: str) -> str | None:
    """A publication timestamp with a time of day from ``<meta>`` tags or JSON-LD."""
    head = html[:_METADATA_SCAN_CHARS]
    for tag in _META_TAG.finditer(head):
        attributes = {
            name.lower(): value.strip("\"'") for name, value in _ATTRIBUTE.findall(tag.group())
        }
        names = {attributes.get(key, "").lower() for key in ("property", "name", "itemprop")}
        content = attributes.get("content", "")
        if names & _PUBLISHED_META_NAMES and _HAS_TIME.search(content):
            return content
    json_ld = _JSON_LD_PUBLISHED.search(head)
    if json_ld and _HAS_TIME.search(json_ld.group(1)):
        return json_ld.group(1)
    return None


def _html_published_at(
    value: object, body: str, timezone: str
) -> tuple[datetime | None, str | None]:
    metadata_date = None
    if isinstance(value, str) and value.strip():
        try:
            metadata_date = parse_datetime(value, timezone)
        except ValueError:
            logger.debug("unparseable metadata date %r", value)
    dateline = find_dateline(body, tz=timezone)
    if metadata_date is None:
        return (dateline[0], "text") if dateline else (None, None)
    date_only = isinstance(value, str) and _DATE_ONLY.fullmatch(value.strip()) is not None
    if date_only and dateline and dateline[0].date() == metadata_date.date():
        # The metadata has the day only; the dateline printed on the page has the time.
        return dateline[0], "text"
    return metadata_date, "metadata"


def _as_str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
