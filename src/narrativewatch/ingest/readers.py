"""``read_sources``: files, directories, URLs and stdin in, documents and item errors out."""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from narrativewatch.errors import InputError
from narrativewatch.ingest.fetch import FetchedPage, fetch_url, format_size, too_large_reason
from narrativewatch.ingest.normalize import binary_kind, decode_bytes
from narrativewatch.ingest.options import IngestOptions
from narrativewatch.ingest.readers_corpora import read_csv, read_json, read_jsonl, read_telegram
from narrativewatch.ingest.readers_documents import host_of, read_html, read_text
from narrativewatch.ingest.readers_feeds import read_feed
from narrativewatch.model import Document

Fetch = Callable[[str, IngestOptions], FetchedPage]

STDIN_SOURCE = "<stdin>"
# Formats by file extension. ".json" is "json": a Telegram export or an array of records.
EXTENSION_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".json": "json",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})
_XML_TYPES = frozenset({"application/xml", "text/xml"})
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")
_FEED_MARKERS = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>]")
_HTML_MARKERS = re.compile(r"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]")
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
_SNIFF_CHARS = 2048


def read_sources(
    sources: Iterable[str], options: IngestOptions, fetch: Fetch = fetch_url
) -> Iterator[Document | InputError]:
    """Read every source and yield its documents, and an ``InputError`` for each bad item.

    A source is a file path, a directory (its supported files, recursively, sorted,
    hidden files and directories skipped), an http(s) URL (fetched with ``fetch``), or
    ``-`` for stdin (format detected from the content). The format comes from
    ``options.source_format``, else the file extension, else the content. Never raises for
    a bad item: a missing, unreadable, oversized, binary or unparseable file, URL, line,
    row, entry or message is yielded as an error naming it, and reading goes on.
    """
    for source in sources:
        yield from _guarded(_read_source(source, options, fetch))


def detect_format(name: str, text: str) -> str:
    """The reader for a file: by extension (see ``EXTENSION_FORMATS``), else by content."""
    by_extension = EXTENSION_FORMATS.get(Path(name).suffix.lower())
    return by_extension or sniff_format(text)


def sniff_format(text: str) -> str:
    """Guess a format from the start of the text: ``feed`` (``<rss``, ``<feed``,
    ``<rdf:RDF``), ``html``, ``json`` (a whole JSON document), ``jsonl`` (a JSON object on
    the first line), else ``text``."""
    head = text[:_SNIFF_CHARS].lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<"):
        if _FEED_MARKERS.search(head):
            return "feed"
        if _HTML_MARKERS.search(head):
            return "html"
        return "text"
    if head.startswith(("{", "[")):
        return _sniff_json(text)
    return "text"


def _guarded(items: Iterator[Document | InputError]) -> Iterator[Document | InputError]:
    """``items``, with an ``InputError`` raised while reading them yielded as the last item.

    Readers are generators: they raise for a whole-source failure (a missing file, invalid
    JSON) and yield errors for single records, so both end up in the output stream."""
    try:
        yield from items
    except InputError as error:
        yield error


def _read_source(
    source: str, options: IngestOptions, fetch: Fetch
) -> Iterator[Document | InputError]:
    if source == "-":
        yield from _read_stdin(options)
    elif _URL.match(source):
        yield from _read_url(source, options, fetch)
    elif os.path.isdir(source):
        yield from _read_directory(Path(source), source, options)
    else:
        yield from _read_file(Path(source), source, options)


def _read_directory(
    root: Path, item: str, options: IngestOptions
) -> Iterator[Document | InputError]:
    files = []
    unreadable: list[str] = []

    def note_unreadable(error: OSError) -> None:  # os.walk skips what it cannot list
        unreadable.append(f"{error.filename}: {error.strerror or error}")

    for directory, subdirectories, names in os.walk(root, onerror=note_unreadable):
        subdirectories[:] = [name for name in subdirectories if not name.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            if options.source_format is None and Path(name).suffix.lower() not in EXTENSION_FORMATS:
                continue
            files.append(Path(directory, name))
    for problem in unreadable:
        yield InputError(item, f"cannot list {problem}")
    if not files:
        if unreadable:
            return
        supported = " ".join(sorted(EXTENSION_FORMATS))
        raise InputError(item, f"no supported files in directory (looked for {supported})")
    for path in sorted(files, key=lambda path: path.relative_to(root).parts):
        yield from _guarded(_read_file(path, str(path), options))


def _read_file(path: Path, item: str, options: IngestOptions) -> Iterator[Document | InputError]:
    try:
        status = path.stat()
    except FileNotFoundError:
        raise InputError(item, "no such file") from None
    except PermissionError:
        raise InputError(item, "permission denied") from None
    except OSError as exc:
        raise InputError(item, f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(status.st_mode):
        raise InputError(item, "not a regular file")
    # Checked before reading, so a huge file costs nothing.
    if status.st_size > options.max_bytes:
        raise InputError(item, too_large_reason(status.st_size, options.max_bytes))
    if status.st_size == 0:
        raise InputError(item, "empty file")
    try:
        with path.open("rb") as handle:
            data = handle.read(options.max_bytes + 1)
    except PermissionError:
        raise InputError(item, "permission denied") from None
    except OSError as exc:
        raise InputError(item, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > options.max_bytes:  # the file grew after stat
        raise InputError(item, too_large_reason(len(data), options.max_bytes))
    yield from _read_bytes(data, item, options, name=path.name)


def _read_stdin(options: IngestOptions) -> Iterator[Document | InputError]:
    try:
        data = sys.stdin.buffer.read(options.max_bytes + 1)
    except (OSError, AttributeError, ValueError) as exc:
        raise InputError(STDIN_SOURCE, f"cannot read stdin: {exc}") from None
    if len(data) > options.max_bytes:
        limit = format_size(options.max_bytes)
        raise InputError(STDIN_SOURCE, f"too large (more than the {limit} limit)")
    yield from _read_bytes(data, STDIN_SOURCE, options, name="")


def _read_url(url: str, options: IngestOptions, fetch: Fetch) -> Iterator[Document | InputError]:
    page = fetch(url, options)
    media_type = page.content_type
    text = _decode(page.body, url, page.encoding)
    if options.source_format is not None:
        source_format = options.source_format
    elif media_type in _HTML_TYPES:
        source_format = "html"
    elif media_type in _FEED_TYPES:
        source_format = "feed"
    elif media_type in _XML_TYPES:
        if sniff_format(text) != "feed":
            raise InputError(url, f"{media_type} document is not an RSS or Atom feed")
        source_format = "feed"
    elif media_type == "text/plain":
        source_format = "text"
    elif media_type == "application/json":
        source_format = _sniff_json(text)
    elif not media_type:
        source_format = sniff_format(text)
    else:
        raise InputError(url, f"unsupported content type {media_type}")
    yield from _dispatch(
        source_format,
        text,
        page.body,
        url,
        options,
        url=page.final_url,
        content_type=media_type or None,
        fallback_outlet=host_of(page.final_url),
    )


def _read_bytes(
    data: bytes, item: str, options: IngestOptions, *, name: str
) -> Iterator[Document | InputError]:
    if not data.strip():
        raise InputError(item, "empty file" if not data else "no text")
    declared = _declared_charset(data)
    text = _decode(data, item, declared)
    source_format = options.source_format or detect_format(name, text)
    delimiter = "\t" if name.lower().endswith(".tsv") else ","
    yield from _dispatch(source_format, text, data, item, options, delimiter=delimiter)


def _dispatch(
    source_format: str,
    text: str,
    data: bytes,
    item: str,
    options: IngestOptions,
    *,
    url: str | None = None,
    content_type: str | None = None,
    fallback_outlet: str | None = None,
    delimiter: str = ",",
) -> Iterator[Document | InputError]:
    if source_format == "text":
        yield from read_text(text, item, options, url=url)
    elif source_format == "html":
        yield from read_html(text, item, options, url=url, fallback_outlet=fallback_outlet)
    elif source_format == "feed":
        yield from read_feed(data, item, options, content_type=content_type)
    elif source_format == "jsonl":
        yield from read_jsonl(text, item, options)
    elif source_format == "json":
        yield from read_json(text, item, options)
    elif source_format == "telegram":
        yield from read_telegram(text, item, options)
    elif source_format == "csv":
        yield from read_csv(text, item, options, delimiter=delimiter)
    else:  # IngestOptions validates source_format; this guards the internal formats
        raise InputError(item, f"unknown format {source_format!r}")


def _sniff_json(text: str) -> str:
    """``jsonl`` when the first line is a JSON object other than a one-line Telegram
    export, else ``json``."""
    first_line = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    try:
        first = json.loads(first_line)
    except json.JSONDecodeError:
        return "json"
    if isinstance(first, dict) and not isinstance(first.get("messages"), list):
        return "jsonl"
    return "json"


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", "replace").lower()


def _decode(data: bytes, item: str, declared: str | None) -> str:
    """Decode with ``decode_bytes``, except that a charset the server or the page declares
    is preferred to guessing when the bytes are not UTF-8."""
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        kind = binary_kind(data)
        if kind is not None:
            raise InputError(item, kind)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, item)[0]
