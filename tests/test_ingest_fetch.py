"""Fetching URLs: limits, content types and failures, all mocked with pytest-httpx."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from pytest_httpx import HTTPXMock, IteratorStream

from narrativewatch.errors import InputError
from narrativewatch.ingest import FetchedPage, IngestOptions, fetch_url, read_sources
from narrativewatch.model import Document

DATA = Path(__file__).parent / "data" / "ingest"
OPTIONS = IngestOptions()
HTML = (DATA / "page.html").read_bytes()
ARTICLE_URL = "https://news.example.org/a/1"


def read(sources: list[str], options: IngestOptions = OPTIONS) -> list[Document | InputError]:
    return list(read_sources(sources, options))


def documents(items: list[Document | InputError]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items: list[Document | InputError]) -> list[str]:
    return [str(item) for item in items if isinstance(item, InputError)]


def test_fetch_url_returns_the_body_and_sends_the_user_agent(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=ARTICLE_URL, content=HTML, headers={"Content-Type": "text/html; charset=UTF-8"}
    )
    page = fetch_url(ARTICLE_URL, OPTIONS)
    assert page == FetchedPage(
        url=ARTICLE_URL,
        final_url=ARTICLE_URL,
        status=200,
        content_type="text/html",
        body=HTML,
        encoding="utf-8",
    )
    request = httpx_mock.get_request()
    assert request is not None
    assert request.headers["User-Agent"] == OPTIONS.user_agent


def test_html_url_becomes_a_document_with_the_final_url(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url="http://news.example.org/short", status_code=301, headers={"Location": ARTICLE_URL}
    )
    httpx_mock.add_response(url=ARTICLE_URL, content=HTML, headers={"Content-Type": "text/html"})
    [document] = read(["http://news.example.org/short"])
    assert isinstance(document, Document)
    assert (document.source, document.url, document.outlet, document.title) == (
        "http://news.example.org/short",
        ARTICLE_URL,
        "Example Pravda",
        "Kremlin repeats Minsk claim about troops",
    )
    assert document.published_at == datetime(2024, 7, 1, 10, 3, tzinfo=UTC)


def test_html_url_without_a_site_name_takes_the_host_as_outlet(httpx_mock: HTTPXMock) -> None:
    page = (
        b"<html><body><article><p>Ukraine's border guards said there were no provocations on "
        b"the Ukrainian side of the border with Belarus.</p></article></body></html>"
    )
    httpx_mock.add_response(
        url="https://www.border.example.net/news",
        content=page,
        headers={"Content-Type": "text/html"},
    )
    [document] = read(["https://www.border.example.net/news"])
    assert isinstance(document, Document)
    assert document.outlet == "border.example.net"


def test_feed_text_and_json_urls_use_their_readers(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url="https://wire.example.org/rss",
        content=(DATA / "feed.rss").read_bytes(),
        headers={"Content-Type": "application/rss+xml"},
    )
    httpx_mock.add_response(
        url="https://atom.example.org/feed",
        content=(DATA / "feed.atom").read_bytes(),
        headers={"Content-Type": "text/xml"},
    )
    httpx_mock.add_response(
        url="https://example.org/note.txt",
        content="Заголовок\n1 липня 2024 року\nТекст.".encode("cp1251"),
        headers={"Content-Type": "text/plain; charset=windows-1251"},
    )
    httpx_mock.add_response(
        url="https://example.org/api",
        content=b'[{"text": "From the API.", "language": "en"}]',
        headers={"Content-Type": "application/json"},
    )
    items = read(
        [
            "https://wire.example.org/rss",
            "https://atom.example.org/feed",
            "https://example.org/note.txt",
            "https://example.org/api",
        ]
    )
    assert [(item.source, item.url, item.text[:14]) for item in documents(items)] == [
        (
            "https://wire.example.org/rss: entry 1",
            "https://wire.example.org/politics/1",
            "Песков прокомм",  # the entry's title leads the stored text
        ),
        (
            "https://atom.example.org/feed: entry 1",
            "https://atom.example.org/a/1",
            "Border guards ",
        ),
        ("https://example.org/note.txt", "https://example.org/note.txt", "Заголовок\n1 ли"),
        ("https://example.org/api: record 1", None, "From the API."),
    ]
    assert errors(items) == ["https://wire.example.org/rss: entry 2: no text"]


def test_unreachable_url_is_one_line_and_the_batch_goes_on(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(
        httpx.ConnectError("[Errno -2] Name or service not known"), url="https://down.example/"
    )
    items = read(["https://down.example/", str(DATA / "article_en.txt")])
    assert errors(items) == [
        "https://down.example/: unreachable: [Errno -2] Name or service not known"
    ]
    assert len(documents(items)) == 1


def test_timeout_is_reported_as_unreachable(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("timed out"), url="https://slow.example/")
    assert errors(read(["https://slow.example/"])) == [
        "https://slow.example/: unreachable: timed out after 20 s"
    ]


def test_http_404_is_reported(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url="https://example.org/gone", status_code=404, text="Not here")
    items = read(["https://example.org/gone", str(DATA / "article_ru.txt")])
    assert errors(items) == ["https://example.org/gone: HTTP 404 Not Found"]
    assert len(documents(items)) == 1


def test_oversized_body_declared_by_content_length_is_refused(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url="https://example.org/big",
        content=b"x" * 2_000,
        headers={"Content-Type": "text/plain"},
    )
    options = IngestOptions(max_bytes=1_000)
    with pytest.raises(InputError) as excinfo:
        fetch_url("https://example.org/big", options)
    assert str(excinfo.value) == "https://example.org/big: too large (2 KB > 1 KB limit)"


def test_oversized_streamed_body_is_aborted(httpx_mock: HTTPXMock) -> None:
    chunks = [b"a" * 600_000] * 100  # 60 MB if read to the end; no Content-Length
    httpx_mock.add_response(
        url="https://example.org/stream",
        stream=IteratorStream(chunks),
        headers={"Content-Type": "text/plain"},
    )
    items = read(["https://example.org/stream", str(DATA / "article_en.txt")])
    assert errors(items) == ["https://example.org/stream: too large (more than the 20 MB limit)"]
    assert len(documents(items)) == 1


def test_wrong_content_type_is_refused(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url="https://example.org/logo.png",
        content=b"\x89PNG\r\n\x1a\n",
        headers={"Content-Type": "image/png"},
    )
    assert errors(read(["https://example.org/logo.png"])) == [
        "https://example.org/logo.png: unsupported content type image/png"
    ]


def test_xml_that_is_not_a_feed_is_refused(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url="https://example.org/sitemap.xml",
        content=b'<?xml version="1.0"?><urlset><url><loc>https://example.org/</loc></url></urlset>',
        headers={"Content-Type": "application/xml"},
    )
    assert errors(read(["https://example.org/sitemap.xml"])) == [
        "https://example.org/sitemap.xml: application/xml document is not an RSS or Atom feed"
    ]


def test_too_many_redirects(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url="https://loop.example/",
        status_code=302,
        headers={"Location": "https://loop.example/"},
        is_reusable=True,
    )
    assert errors(read(["https://loop.example/"])) == [
        "https://loop.example/: unreachable: too many redirects (more than 5)"
    ]
    assert len(httpx_mock.get_requests()) == 6  # the request and five redirects


def test_only_http_and_https_urls_are_fetched() -> None:
    assert errors(read(["ftp://example.org/file.txt"])) == [
        "ftp://example.org/file.txt: unsupported URL scheme 'ftp' (only http and https)"
    ]


def test_injected_fetch_function_replaces_the_network() -> None:
    def fake_fetch(url: str, options: IngestOptions) -> FetchedPage:
        return FetchedPage(url, url, 200, "text/plain", b"Offline text.", None)

    [document] = list(read_sources(["https://example.org/x"], OPTIONS, fetch=fake_fetch))
    assert isinstance(document, Document)
    assert (document.text, document.url) == ("Offline text.", "https://example.org/x")


def test_invalid_url_is_reported() -> None:
    [error] = errors(read(["https://example.org/\x00"]))
    assert error.startswith("https://example.org/\x00: invalid URL (Invalid non-printable ASCII")
    assert "\n" not in error


def test_url_that_does_not_parse_is_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Dmitry Peskov said on Monday that the situation was calm.", encoding="utf-8")
    items = read(["http://[bad", "https://", str(good)])
    assert errors(items) == [
        "http://[bad: invalid URL (Invalid IPv6 URL)",
        "https://: invalid URL (no host)",
    ]
    assert [d.text for d in documents(items)] == [good.read_text(encoding="utf-8")]
