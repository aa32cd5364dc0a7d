"""Fetching a URL over HTTP, with size, type and redirect limits; every failure one line."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from narrativewatch.errors import InputError
from narrativewatch.ingest.options import IngestOptions
from narrativewatch.urls import http_url_problem

ACCEPTED_CONTENT_TYPES: frozenset[str] = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "application/json",
    }
)
_ACCEPT_HEADER = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,text/plain;q=0.8"
)


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A fetched HTTP body. ``content_type`` is the bare media type, lowercased (``""``
    when the server sent none); ``encoding`` is the charset the server declared, if any."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    encoding: str | None


def fetch_url(url: str, options: IngestOptions, client: httpx.Client | None = None) -> FetchedPage:
    """GET ``url`` and return its body.

    Follows up to ``options.max_redirects`` redirects, sends ``options.user_agent``, times
    out after ``options.http_timeout`` seconds, and stops reading as soon as the body
    exceeds ``options.max_bytes``. ``client`` is used as given (its own redirect limit and
    headers apply); without one, a client is made and closed here.

    Raises ``InputError(url, reason)`` with a one-line reason: an unsupported scheme,
    ``"HTTP 404 Not Found"``, ``"unsupported content type image/png"``, ``"too large (…)"``,
    or ``"unreachable: …"`` for connection errors, timeouts and redirect loops.
    """
    check_url(url)
    if client is not None:
        return _fetch(client, url, options)
    with httpx.Client(
        timeout=options.http_timeout,
        follow_redirects=True,
        max_redirects=options.max_redirects,
        headers={"User-Agent": options.user_agent, "Accept": _ACCEPT_HEADER},
    ) as own_client:
        return _fetch(own_client, url, options)


def check_url(url: str) -> None:
    """Raise ``InputError(url, reason)`` unless ``url`` is an http(s) URL with a host
    (`urls.http_url_problem`)."""
    problem = http_url_problem(url)
    if problem is not None:
        raise InputError(url, problem)


def _fetch(client: httpx.Client, url: str, options: IngestOptions) -> FetchedPage:
    try:
        with client.stream("GET", url, follow_redirects=True) as response:
            _check_response(url, response, options)
            body = _read_limited(url, response, options.max_bytes)
            media_type, charset = _parse_content_type(response.headers.get("content-type", ""))
            return FetchedPage(
                url=url,
                final_url=str(response.url),
                status=response.status_code,
                content_type=media_type,
                body=body,
                encoding=charset,
            )
    except httpx.TooManyRedirects:
        reason = f"too many redirects (more than {options.max_redirects})"
    except httpx.TimeoutException:
        reason = f"timed out after {options.http_timeout:g} s"
    except httpx.HTTPError as exc:
        reason = _one_line(str(exc)) or type(exc).__name__
    except httpx.InvalidURL as exc:
        raise InputError(url, f"invalid URL ({_one_line(str(exc))})") from None
    raise InputError(url, f"unreachable: {reason}")


def _check_response(url: str, response: httpx.Response, options: IngestOptions) -> None:
    if response.status_code >= 400:
        phrase = response.reason_phrase or ""
        raise InputError(url, f"HTTP {response.status_code} {phrase}".rstrip())
    media_type, _ = _parse_content_type(response.headers.get("content-type", ""))
    # No Content-Type at all: let the reader sniff the body (it refuses binary data).
    if media_type and media_type not in ACCEPTED_CONTENT_TYPES:
        raise InputError(url, f"unsupported content type {media_type}")
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > options.max_bytes:
        raise InputError(url, too_large_reason(int(declared), options.max_bytes))


def _read_limited(url: str, response: httpx.Response, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise InputError(url, f"too large (more than the {format_size(max_bytes)} limit)")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media_type.strip().lower(), charset


def too_large_reason(size: int, max_bytes: int) -> str:
    """``"too large (50 MB > 20 MB limit)"``."""
    return f"too large ({format_size(size)} > {format_size(max_bytes)} limit)"


def format_size(size: int) -> str:
    """``"50 MB"``, ``"1.5 KB"``, ``"300 bytes"`` (decimal units, one decimal at most)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def _one_line(text: str) -> str:
    return " ".join(text.split())
