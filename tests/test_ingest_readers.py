"""Ingest readers: every format's happy path, and each kind of bad input reported as one
line naming the item while the good items of the same batch still come through."""

from __future__ import annotations

import io
import json
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import narrativewatch.ingest.readers as readers_module
from narrativewatch.errors import ConfigError, InputError
from narrativewatch.ingest import (
    FieldMapping,
    IngestOptions,
    content_hash,
    decode_bytes,
    find_dateline,
    make_document,
    normalize_text,
    parse_datetime,
    read_sources,
    sniff_format,
)
from narrativewatch.model import Document, Span

DATA = Path(__file__).parent / "data" / "ingest"
KYIV = IngestOptions(default_timezone="Europe/Kyiv")
MSK = timezone(timedelta(hours=3))

RUSSIAN_PARAGRAPH = (
    "Пресс-секретарь президента России Дмитрий Песков заявил, что сообщения о скоплении "
    "украинских военных у белорусской границы вызывают обеспокоенность в Москве. По его "
    "словам, Минск и Москва поддерживают постоянный контакт по линии спецслужб."
)


def read(sources: list[str | Path], options: IngestOptions = KYIV) -> list[Document | InputError]:
    return list(read_sources([str(source) for source in sources], options))


def documents(items: list[Document | InputError]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items: list[Document | InputError]) -> list[str]:
    return [str(item) for item in items if isinstance(item, InputError)]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# --- plain text -------------------------------------------------------------------------


def test_plain_text_document_has_title_dateline_and_full_text() -> None:
    path = DATA / "article_en.txt"
    [document] = read([path])
    text = normalize_text(path.read_text(encoding="utf-8"))
    assert document == Document(
        text=text,
        content_hash=content_hash(text),
        source=str(path),
        title="Kremlin repeats Minsk claim that Ukraine is massing troops at Belarus border",
        published_at=datetime(2024, 7, 1, 13, 3, tzinfo=document.published_at.tzinfo),
        published_at_source="text",
    )
    assert document.text.startswith("Kremlin repeats Minsk claim")  # title kept in the text
    assert document.published_at == utc(2024, 7, 1, 10, 3)  # 13:03 in Kyiv (EEST)


@pytest.mark.parametrize(
    ("name", "expected_utc"),
    [("article_uk.txt", utc(2024, 7, 1, 10, 3)), ("article_ru.txt", utc(2024, 7, 1, 11, 30))],
)
def test_plain_text_datelines_in_ukrainian_and_russian(name: str, expected_utc: datetime) -> None:
    [document] = read([DATA / name])
    assert document.published_at == expected_utc
    assert document.published_at_source == "text"
    assert document.title is not None and not document.title.endswith(".")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Fact check: No, Zelensky did not buy a villa in Florida\n\nBy Jane Doe\n"
            "March 3, 2024\n\nA video circulating on X claims that he did.\n",
            "Fact check: No, Zelensky did not buy a villa in Florida",
        ),
        (
            "ЦПД спростував фейк про біолабораторії\nАвтор: Іван Петренко\n15 березня 2022\n"
            "Центр протидії дезінформації спростував заяву.\n",
            "ЦПД спростував фейк про біолабораторії",
        ),
        # "By" before a number is a headline's own word.
        (
            "By 2030 Russia wants a new army\n\nThe plan was published on Monday.\n",
            "By 2030 Russia wants a new army",
        ),
    ],
)
def test_a_byline_is_not_the_title(tmp_path: Path, text: str, title: str) -> None:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    [document] = read([path])
    assert document.title == title


def test_outlet_option_sets_the_outlet_of_every_document() -> None:
    options = IngestOptions(outlet="Example Outlet")
    items = read([DATA / "article_en.txt", DATA / "feed.rss", DATA / "corpus.jsonl"], options)
    assert {document.outlet for document in documents(items)} == {"Example Outlet"}


def test_text_without_dateline_has_no_date_and_long_first_line_is_no_title(
    tmp_path: Path,
) -> None:
    path = tmp_path / "note.txt"
    path.write_text(
        "On 1 July 2024 Peskov said that the reports were a reason for concern in Moscow.\n"
        "Second line.\n",
        encoding="utf-8",
    )
    [document] = read([path])
    assert (document.title, document.published_at, document.published_at_source) == (
        None,
        None,
        None,
    )


# --- normalisation, hashes, decoding ----------------------------------------------------


def test_normalize_text_cleans_invisible_characters_and_keeps_paragraphs() -> None:
    raw = (
        "\ufeff  Title\u00a0line  \r\n"
        "Pes\u200bkov\u00adsaid\x07 this.\t \r\n\r\n\r\n\r\n\r\n"
        "Second\u202fparagraph\u2028next\r"
        "Cafe\u0301   \n\n"
    )
    assert normalize_text(raw) == ("Title line\nPeskovsaid this.\n\n\nSecond paragraph\nnext\nCafé")
    assert normalize_text(normalize_text(raw)) == normalize_text(raw)


def test_same_text_with_different_whitespace_has_the_same_content_hash() -> None:
    one = make_document("Peskov said:\n\nthe troops  are massing.", source="a")
    two = make_document("  Peskov   said: the\ttroops\r\nare massing.\n", source="b")
    three = make_document("PESKOV SAID: THE TROOPS ARE MASSING.", source="c")
    other = make_document("Peskov said: the troops are not massing.", source="d")
    assert one.content_hash == two.content_hash == three.content_hash
    assert one.content_hash != other.content_hash
    assert len(one.content_hash) == 64


def test_make_document_refuses_empty_text_and_naive_dates() -> None:
    with pytest.raises(InputError, match=r"^blank\.txt: no text$"):
        make_document(" \n\u200b\t ", source="blank.txt")
    with pytest.raises(ValueError, match="has no timezone"):
        make_document("text", source="x", published_at=datetime(2024, 7, 1))


def test_cp1251_russian_file_is_decoded_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.txt"
    path.write_bytes(RUSSIAN_PARAGRAPH.encode("cp1251"))
    items = read([path, DATA / "article_en.txt"])
    assert errors(items) == []
    first, _ = documents(items)
    assert first.text == RUSSIAN_PARAGRAPH
    assert decode_bytes(RUSSIAN_PARAGRAPH.encode("cp1251"), "x") == (RUSSIAN_PARAGRAPH, "cp1251")


def test_koi8r_and_utf16_and_utf8_bom_are_decoded() -> None:
    assert decode_bytes(RUSSIAN_PARAGRAPH.encode("koi8-r"), "x") == (RUSSIAN_PARAGRAPH, "koi8_r")
    assert decode_bytes(RUSSIAN_PARAGRAPH.encode("utf-16"), "x") == (RUSSIAN_PARAGRAPH, "utf-16")
    bom = b"\xef\xbb\xbf" + RUSSIAN_PARAGRAPH.encode("utf-8")
    assert decode_bytes(bom, "x") == (RUSSIAN_PARAGRAPH, "utf-8-sig")


# --- bad files: one clear line each, the rest of the batch still read ---------------------


def test_missing_and_empty_files_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\t\n")
    items = read([tmp_path / "missing.txt", empty, blank, DATA / "article_en.txt"])
    assert errors(items) == [
        f"{tmp_path / 'missing.txt'}: no such file",
        f"{empty}: empty file",
        f"{blank}: no text",
    ]
    assert [document.source for document in documents(items)] == [str(DATA / "article_en.txt")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
            "binary file (looks like PNG image), not text",
        ),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "binary file (looks like PDF document), not text",
        ),
        (
            b"PK\x03\x04\x14\x00\x00\x00",
            "binary file (looks like ZIP archive or Office document), not text",
        ),
        (b"some text\x00\x00\x01\x02 more", "binary file (contains NUL bytes), not text"),
    ],
)
def test_binary_file_is_refused_with_a_clear_message(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(content)
    items = read([path, DATA / "article_en.txt"])
    assert errors(items) == [f"{path}: {message}"]
    assert len(documents(items)) == 1


def test_fifty_megabyte_text_file_is_refused_by_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no 50 MB written to disk
        handle.truncate(50_000_000)
    started = time.perf_counter()
    items = read([path, DATA / "article_en.txt"])
    assert time.perf_counter() - started < 2
    assert errors(items) == [f"{path}: too large (50 MB > 20 MB limit)"]
    assert len(documents(items)) == 1


def test_unreadable_file_is_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text", encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        # chmod 0 does not stop root, which runs the tests in containers
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refuse)
    items = read([path, DATA / "article_en.txt"])
    assert errors(items) == [f"{path}: permission denied"]
    assert len(documents(items)) == 1


# --- HTML -------------------------------------------------------------------------------


def test_html_page_gives_article_text_and_metadata() -> None:
    path = DATA / "page.html"
    [document] = read([path])
    assert document.title == "Kremlin repeats Minsk claim about troops"
    assert document.outlet == "Example Pravda"
    assert document.url == "https://news.example.org/eng/2024/07/01/kremlin-troops/"
    assert document.language == "en"
    assert document.published_at == utc(2024, 7, 1, 10, 3)
    assert document.published_at_source == "metadata"
    assert document.text.split("\n") == [
        "Kremlin repeats Minsk claim about troops",
        "The Kremlin on Monday echoed statements by Belarusian officials that Ukraine is "
        "allegedly gathering troops near the Belarusian border, calling the situation a "
        "reason for concern in Moscow.",
        "Source: RIA Novosti, citing Kremlin spokesman Dmitry Peskov.",
        "Ukraine's State Border Guard Service said there were no provocations on the "
        "Ukrainian side and that its forces were defending the country's sovereign territory.",
    ]
    assert "Support us" not in document.text and "All rights reserved" not in document.text


_ARTICLE_BODY = (
    "<body><article><p>Пресс-секретарь президента России Дмитрий Песков заявил, что сообщения "
    "о концентрации украинских войск у границы вызывают беспокойство в Москве.</p>"
    "</article></body></html>"
)


@pytest.mark.parametrize(
    ("head", "title"),
    [
        # The headline's own dash: no part names the site, so the <title> is whole.
        (
            "<title>Песков: рост сил ВСУ у границы — повод для беспокойства Москвы</title>",
            "Песков: рост сил ВСУ у границы — повод для беспокойства Москвы",
        ),
        # The part after the dash is the site's name: dropped.
        (
            "<title>Песков: рост сил ВСУ у границы | Демо Вести</title>"
            '<meta property="og:site_name" content="Демо Вести">',
            "Песков: рост сил ВСУ у границы",
        ),
        # Left whole by trafilatura, the site's name at the end still goes; a section
        # name before it is no site's and stays.
        (
            "<title>Zelensky does not want talks with Putin « War in Ukraine | Censor.NET"
            '</title><meta property="og:site_name" content="Censor.NET">',
            "Zelensky does not want talks with Putin « War in Ukraine",
        ),
        # og:title is the headline as the page gives it.
        (
            "<title>Песков: рост сил ВСУ — Демо</title>"
            '<meta property="og:title" content="Песков: рост сил ВСУ">',
            "Песков: рост сил ВСУ",
        ),
    ],
)
def test_html_title_keeps_the_headline_whole(tmp_path: Path, head: str, title: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(f'<html lang="ru"><head>{head}</head>{_ARTICLE_BODY}', encoding="utf-8")
    [document] = read([path])
    assert document.title == title


def test_html_date_without_time_is_made_precise_by_the_printed_dateline(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(
        '<html lang="uk"><head><title>Заява</title><meta name="date" content="2024-07-01">'
        "</head><body><article><p>Понеділок, 1 липня 2024, 13:03</p>"
        "<p>Державна прикордонна служба України заявила, що жодних провокацій з українського "
        "боку немає, а сили оборони захищають суверенну територію держави.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    [document] = read([path])
    assert (document.published_at, document.published_at_source) == (
        utc(2024, 7, 1, 10, 3),
        "text",
    )
    assert document.language == "uk"


def test_broken_html_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.html"
    truncated.write_text("<html><body><div><p", encoding="utf-8")
    items = read([DATA / "broken.html", truncated, DATA / "page.html"])
    assert errors(items) == [
        f"{DATA / 'broken.html'}: no article text found in HTML",
        f"{truncated}: no article text found in HTML",
    ]
    assert [document.outlet for document in documents(items)] == ["Example Pravda"]


# --- JSONL, CSV, JSON records -------------------------------------------------------------


def test_jsonl_corpus_maps_fields_and_reports_bad_lines_by_number() -> None:
    path = DATA / "corpus.jsonl"
    options = IngestOptions(
        fields=FieldMapping.parse("text=body,title=headline"), default_timezone="Europe/Moscow"
    )
    items = read([path], options)
    assert errors(items) == [
        f"{path}:2: invalid JSON (Expecting ',' delimiter at column 65)",
        f"{path}:5: missing text field 'body'",
        f"{path}:6: field 'published_at': cannot parse date 'sometime soon'",
    ]
    first, second, third = documents(items)
    assert first == Document(
        # The headline leads the stored text, so claims in it have offsets too.
        text="Peskov on the border\n\nPeskov said the reports of Ukrainian troops near the "
        "border were a reason for concern.",
        content_hash=first.content_hash,
        source=f"{path}:1",
        title="Peskov on the border",
        outlet="Example Wire",
        url="https://example.org/a1",
        language="en",
        published_at=datetime(2024, 7, 1, 13, 3, tzinfo=MSK),
        published_at_source="metadata",
        extra={"id": "a1", "illustrative": "true"},
    )
    assert (second.source, second.language, second.extra) == (f"{path}:4", "ru", {"id": "a3"})
    assert second.published_at == utc(2024, 7, 1, 11, 30)  # naive 14:30 taken as Moscow time
    assert (third.source, third.language, third.published_at) == (
        f"{path}:7",
        "uk",
        utc(2024, 7, 1, 10, 3),
    )


def test_csv_corpus_with_multiline_fields_and_an_empty_text_row() -> None:
    path = DATA / "corpus.csv"
    options = IngestOptions(
        fields=FieldMapping.parse("text=body, title=headline, published_at=published")
    )
    items = read([path], options)
    assert errors(items) == [f"{path}:2: missing text field 'body'"]
    first, third = documents(items)
    assert first.text == (
        "Peskov on the border\n\n"
        "Peskov said the reports were a reason for concern.\n\nSecond paragraph, with a comma."
    )
    assert (first.source, first.title, first.outlet) == (
        f"{path}:1",
        "Peskov on the border",
        "Example Wire",
    )
    assert first.published_at == utc(2024, 7, 1, 13, 3)  # default timezone UTC
    assert first.extra == {"id": "r1", "note": "first"}
    assert (third.source, third.outlet, third.published_at) == (
        f"{path}:3",
        None,
        utc(2024, 7, 1, 12, 0),
    )


def test_csv_row_with_an_unclosed_quote_is_reported_with_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    path.write_text(
        "title,text,published_at\n"
        'Good,"Zakharova said the labs were secret.",2022-03-10\n'
        'Broken,"this quote never ends,2022-03-11\n'
        'Swallowed,"Sanctions hurt Europe more, Peskov said.",2022-12-20\n'
        "Last,Lavrov spoke in Minsk.,2022-12-21\n",
        encoding="utf-8",
    )
    items = read([path])
    assert [d.title for d in documents(items)] == ["Good", "Last"]
    assert errors(items) == [
        f"{path}:2: a quoted field is not closed: it runs from line 3 to line 4 and swallows "
        "the rows in between (lines 3–4 skipped)"
    ]


def test_csv_quote_that_runs_to_the_end_is_reported_but_a_short_multiline_row_is_not(
    tmp_path: Path,
) -> None:
    short = tmp_path / "short.csv"  # the date column is simply missing on row 1
    short.write_text(
        'title,text,published_at\nA,"Line one.\nLine two."\nB,Plain text.,2022-03-10\n',
        encoding="utf-8",
    )
    items = read([short])
    assert errors(items) == []
    assert [(d.title, d.published_at) for d in documents(items)] == [
        ("A", None),
        ("B", datetime(2022, 3, 10, tzinfo=timezone(timedelta(hours=2)))),
    ]
    assert "Line one.\nLine two." in documents(items)[0].text
    open_end = tmp_path / "open.csv"
    open_end.write_text(
        'title,text,published_at\nA,Fine.,2022-03-10\nB,"never closed,2022-03-11\n'
        "C,Swallowed.,2022-03-12\n",
        encoding="utf-8",
    )
    items = read([open_end])
    assert [d.title for d in documents(items)] == ["A"]
    assert errors(items) == [
        f"{open_end}:2: a quoted field is not closed: it runs from line 3 to line 4 and "
        "swallows the rows in between (lines 3–4 skipped)"
    ]


def test_tsv_with_a_long_field_and_csv_without_the_text_column(tmp_path: Path) -> None:
    long_text = "слово " * 40_000  # 240 KB: above the csv module's default field limit
    tsv = tmp_path / "corpus.tsv"
    tsv.write_text(f"text\tlanguage\n{long_text}\tru\n", encoding="utf-8")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("headline,content\nA,B\n", encoding="utf-8")
    items = read([tsv, wrong])
    [document] = documents(items)
    assert (document.source, document.language, len(document.text)) == (
        f"{tsv}:1",
        "ru",
        len(long_text.strip()),
    )
    assert errors(items) == [
        f"{wrong}: no column 'text' for the text (columns: headline, content); "
        "map it with a field mapping such as text=body"
    ]


def test_json_array_of_records_and_json_of_unknown_shape(tmp_path: Path) -> None:
    records = tmp_path / "records.json"
    records.write_text(
        json.dumps([{"text": "First record.", "url": "https://example.org/1"}, 42]),
        encoding="utf-8",
    )
    other = tmp_path / "other.json"
    other.write_text('{"data": []}', encoding="utf-8")
    items = read([records, other])
    [document] = documents(items)
    assert (document.source, document.url) == (f"{records}: record 1", "https://example.org/1")
    assert errors(items) == [
        f"{records}: record 2: not a JSON object (got a number)",
        f"{other}: JSON is neither a Telegram export (an object with a 'messages' list) "
        "nor an array of records",
    ]


# --- Telegram ---------------------------------------------------------------------------


def test_telegram_export_string_and_list_texts_skip_service_and_photo_messages() -> None:
    path = DATA / "telegram_export.json"
    items = read([path], IngestOptions(default_timezone="Europe/Moscow"))
    assert errors(items) == []
    first, second = documents(items)
    assert first == Document(
        text="Песков: ситуация у белорусской границы вызывает обеспокоенность.",
        content_hash=first.content_hash,
        source=f"{path}: message 17",
        outlet="Example Channel",
        url="tg://channel/1234567890/17",
        published_at=utc(2024, 7, 1, 10, 3),  # from date_unixtime
        published_at_source="metadata",
        extra={"telegram_message_id": "17"},
    )
    assert second.text == "Срочно: в Минске заявили о скоплении войск у границы."
    assert second.published_at == utc(2024, 7, 1, 11, 0)  # naive "date", Moscow time
    assert second.extra == {"telegram_message_id": "19", "forwarded_from": "Border Committee"}


def test_telegram_export_with_username_links_to_t_me(tmp_path: Path) -> None:
    export = json.loads((DATA / "telegram_export.json").read_text(encoding="utf-8"))
    export["username"] = "@examplechannel"
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    urls = [document.url for document in documents(read([path]))]
    assert urls == ["https://t.me/examplechannel/17", "https://t.me/examplechannel/19"]


def test_telegram_message_whose_text_is_an_object_is_reported(tmp_path: Path) -> None:
    export = json.loads((DATA / "telegram_export.json").read_text(encoding="utf-8"))
    export["messages"].append({"id": 3105, "type": "message", "text": {"weird": "object"}})
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    items = read([path])
    assert len(documents(items)) == 2  # the good messages are read as before
    assert errors(items) == [
        f"{path}: message 3105: 'text' is an object, not a string or a list of text parts"
    ]


# --- feeds ------------------------------------------------------------------------------


def _rss(*items: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title>'
        + "".join(items)
        + "</channel></rss>"
    )


def test_feed_dates_feedparser_cannot_read_are_parsed_or_reported(tmp_path: Path) -> None:
    path = tmp_path / "f.rss"
    path.write_text(
        _rss(
            "<item><title>A</title><description>Первый текст о границе.</description>"
            "<pubDate>1 июля 2024, 13:03</pubDate></item>",
            "<item><title>B</title><description>Second text.</description>"
            "<pubDate>32 Foo 2024 99:99:99</pubDate></item>",
            "<item><title>C</title><description>Third text.</description>"
            "<pubDate>Mon, 01 Jul 2024 10:03:00 +0000</pubDate></item>",
        ),
        encoding="utf-8",
    )
    items = read([path])
    dated = {d.title: d.published_at for d in documents(items)}
    # A localised date is read in the default time zone (Kyiv, UTC+3 in July).
    assert dated == {"A": utc(2024, 7, 1, 10, 3), "C": utc(2024, 7, 1, 10, 3)}
    [error] = errors(items)
    assert error.startswith(f"{path}: entry 2: <pubDate/published>: ")
    assert "32 Foo 2024" in error


def test_rss_feed_entries_and_an_entry_without_text() -> None:
    path = DATA / "feed.rss"
    items = read([path])
    [document] = documents(items)
    assert document == Document(
        text="Песков прокомментировал ситуацию на границе\n\n"
        "Песков назвал сообщения о войсках поводом для обеспокоенности.\nВторой абзац.",
        content_hash=document.content_hash,
        source=f"{path}: entry 1",
        title="Песков прокомментировал ситуацию на границе",
        outlet="Example Wire",
        url="https://wire.example.org/politics/1",
        language="ru",
        published_at=utc(2024, 7, 1, 10, 3),
        published_at_source="metadata",
        extra={"guid": "https://wire.example.org/politics/1"},
    )
    assert errors(items) == [f"{path}: entry 2: no text"]


def test_atom_feed_entry_text_is_stripped_of_markup_and_scripts() -> None:
    [document] = read([DATA / "feed.atom"])
    assert isinstance(document, Document)
    assert (document.text, document.title, document.outlet, document.url) == (
        "Border guards deny provocations\n\nUkraine's border guards said there were no "
        "provocations.",
        "Border guards deny provocations",
        "Example Atom News",
        "https://atom.example.org/a/1",
    )
    assert document.published_at == utc(2024, 7, 1, 10, 3)


def test_malformed_feed_is_reported_and_the_batch_goes_on() -> None:
    path = DATA / "malformed_feed.xml"
    items = read([path, DATA / "feed.atom"])
    assert errors(items) == [
        f"{path}: malformed feed: <unknown>:2:50: not well-formed (invalid token)"
    ]
    assert len(documents(items)) == 1


# --- directories, stdin, format detection ------------------------------------------------


def test_directory_is_read_recursively_sorted_skipping_hidden_and_unsupported(
    tmp_path: Path,
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Two.", encoding="utf-8")
    (tmp_path / "a.md").write_text("One.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "Three."}\n', encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / ".git" / "HEAD.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    items = read([tmp_path])
    assert [(document.source, document.text) for document in documents(items)] == [
        (str(tmp_path / "a.md"), "One."),
        (str(tmp_path / "b" / "two.txt"), "Two."),
        (f"{tmp_path / 'c.jsonl'}:1", "Three."),
    ]
    assert errors(items) == []


def test_empty_directory_is_reported(tmp_path: Path) -> None:
    [error] = errors(read([tmp_path]))
    assert error.startswith(f"{tmp_path}: no supported files in directory")


def test_stdin_is_read_as_bytes_and_its_format_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = b'{"text": "From stdin.", "language": "en"}\n{"text": "Second."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    items = read(["-"])
    assert [(document.source, document.text) for document in documents(items)] == [
        ("<stdin>:1", "From stdin."),
        ("<stdin>:2", "Second."),
    ]


def test_forced_source_format_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text('{"text": "Forced."}\n', encoding="utf-8")
    [as_text] = read([path])
    [as_jsonl] = read([path], IngestOptions(source_format="jsonl"))
    assert isinstance(as_text, Document) and isinstance(as_jsonl, Document)
    assert (as_text.source, as_text.text) == (str(path), '{"text": "Forced."}')
    assert (as_jsonl.source, as_jsonl.text) == (f"{path}:1", "Forced.")


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "export.dat"
    path.write_text('{"text": "Sniffed."}\n', encoding="utf-8")
    [document] = read([path])
    assert isinstance(document, Document)
    assert (document.source, document.text) == (f"{path}:1", "Sniffed.")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<?xml version="1.0"?>\n<rss version="2.0"><channel>', "feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', "feed"),
        ("<!DOCTYPE html>\n<html><body>", "html"),
        ("<html lang='ru'><head>", "html"),
        ('{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        ('{\n "name": "Channel",\n "messages": []\n}', "json"),
        ('{"name": "Channel", "messages": []}', "json"),
        ('[{"text": "a"}]', "json"),
        ("Plain text.\nMore.", "text"),
    ],
)
def test_sniff_format(head: str, expected: str) -> None:
    assert sniff_format(head) == expected


# --- datelines and metadata dates ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dateline", "expected"),
    [
        (
            "Title\n\nMonday, 1 July 2024, 13:03\nBody.",
            "Monday, 1 July 2024, 13:03",
            (2024, 7, 1, 13, 3),
        ),
        (
            "Заголовок\nПонеділок, 1 липня 2024, 13:03\nТекст.",
            "Понеділок, 1 липня 2024, 13:03",
            (2024, 7, 1, 13, 3),
        ),
        ("Заголовок\n1 июля 2024 г., 14:30\nТекст.", "1 июля 2024 г., 14:30", (2024, 7, 1, 14, 30)),
        (
            "Title\n12 March 2022, 10:15 | Reuters\nBody.",
            "12 March 2022, 10:15",
            (2022, 3, 12, 10, 15),
        ),
        ("2024-07-01 13:03\nBody.", "2024-07-01 13:03", (2024, 7, 1, 13, 3)),
        ("Title\nPublished: 01.07.2024 13:03\nBody.", "01.07.2024 13:03", (2024, 7, 1, 13, 3)),
        ("Заголовок\n1 липня 2024 року\nТекст.", "1 липня 2024 року", (2024, 7, 1, 0, 0)),
        # The wire agencies' dateline, opening the first paragraph.
        (
            "Заголовок\n\nМосква, 24 октября 2022 года. Мария Захарова заявила, что Киев "
            "готовит провокацию.",
            "24 октября 2022 года",
            (2022, 10, 24, 0, 0),
        ),
        (
            "Title\nWASHINGTON, July 1, 2024 (Reuters) - The United States said on Monday it "
            "would send more air defence systems.",
            "July 1, 2024",
            (2024, 7, 1, 0, 0),
        ),
        (
            "КИЇВ, 1 липня 2024 — Державна прикордонна служба спростувала заяви Мінська.",
            "1 липня 2024",
            (2024, 7, 1, 0, 0),
        ),
        ("НЬЮ-ЙОРК, 12 марта 2022 - РИА Новости.", "12 марта 2022", (2022, 3, 12, 0, 0)),
    ],
)
def test_find_dateline_forms(text: str, dateline: str, expected: tuple[int, ...]) -> None:
    found = find_dateline(text, tz="Europe/Kyiv")
    assert found is not None
    when, span = found
    assert span == Span(text.index(dateline), text.index(dateline) + len(dateline))
    assert when == datetime(*expected, tzinfo=when.tzinfo)
    assert when.utcoffset() == timedelta(hours=2 if expected[1] == 3 else 3)


def test_find_dateline_keeps_an_explicit_offset() -> None:
    found = find_dateline("Title\n1 July 2024, 13:03 UTC\nBody.", tz="Europe/Kyiv")
    assert found is not None and found[0] == utc(2024, 7, 1, 13, 3)


@pytest.mark.parametrize(
    "text",
    [
        "Title\nOn 1 July 2024, Peskov said the troops were massing near the border.\nMore.",
        "Title\nJuly 2024\nBody.",
        "Title\n2024: the year in review\nBody.",
        "Title\nВчера, 14:30\nТекст.",
        "\n".join(f"Line {n} of the story." for n in range(12)) + "\n1 July 2024, 13:03\n",
        # A place and a date that run on into the sentence, or a date without its year.
        "Title\nIn Moscow, on 1 July 2024, the spokesman said Kyiv was preparing an attack.",
        "Title\nKYIV, Oct. 25 (Reuters) - Russia again accused Ukraine of preparing a bomb.",
        "Title\nMoscow, 1 July 2024 saw the largest rally in years.",
    ],
)
def test_find_dateline_ignores_dates_that_are_not_datelines(text: str) -> None:
    assert find_dateline(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-07-01T13:03:00+03:00", utc(2024, 7, 1, 10, 3)),
        ("2024-07-01T10:03:00Z", utc(2024, 7, 1, 10, 3)),
        ("2024-07-01 13:03", utc(2024, 7, 1, 10, 3)),  # naive: Kyiv
        ("Mon, 01 Jul 2024 13:03:00 +0300", utc(2024, 7, 1, 10, 3)),
        (1719828180, utc(2024, 7, 1, 10, 3)),
        (1719828180.0, utc(2024, 7, 1, 10, 3)),
        ("1719828180", utc(2024, 7, 1, 10, 3)),
        (1719828180000, utc(2024, 7, 1, 10, 3)),  # milliseconds
        ("01.07.2024 13:03", utc(2024, 7, 1, 10, 3)),
        ("1 июля 2024, 13:03", utc(2024, 7, 1, 10, 3)),
        ("1 липня 2024 13:03", utc(2024, 7, 1, 10, 3)),
    ],
)
def test_parse_datetime(value: str | int | float, expected: datetime) -> None:
    parsed = parse_datetime(value, "Europe/Kyiv")
    assert parsed == expected
    assert parsed.tzinfo is not None


@pytest.mark.parametrize("value", ["sometime soon", "", "July 2024", "yesterday"])
def test_parse_datetime_refuses_non_dates(value: str) -> None:
    with pytest.raises(ValueError, match=r"date"):
        parse_datetime(value, "UTC")


# --- options ----------------------------------------------------------------------------


def test_field_mapping_parse() -> None:
    assert FieldMapping.parse("text=body, title=headline") == FieldMapping(
        text="body", title="headline"
    )
    with pytest.raises(ValueError) as excinfo:
        FieldMapping.parse("txt=body")
    assert str(excinfo.value) == (
        "field mapping: unknown field 'txt'; valid fields: "
        "text, title, url, outlet, published_at, language, id"
    )
    with pytest.raises(ValueError, match="expected FIELD=COLUMN"):
        FieldMapping.parse("text")


def test_ingest_options_validation() -> None:
    with pytest.raises(ConfigError, match="'Mars/Olympus' is not a known IANA zone"):
        IngestOptions(default_timezone="Mars/Olympus")
    with pytest.raises(ConfigError, match="use one of: text, html, jsonl, csv, telegram, feed"):
        IngestOptions(source_format="pdf")


def test_dateline_names_its_time_zone() -> None:
    from narrativewatch.ingest.dateline import find_dateline

    found = find_dateline("Headline here\n\n24 October 2022, 18:45 (Kyiv time)\n\nBody text.")
    assert found is not None
    assert found[0].isoformat() == "2022-10-24T18:45:00+03:00"
    moscow = find_dateline("Заголовок новости\n\n1 июля 2024, 13:03 (МСК)\n\nТекст.", tz="UTC")
    assert moscow is not None and moscow[0].utcoffset() is not None
    assert moscow[0].isoformat() == "2024-07-01T13:03:00+03:00"


def test_a_directory_that_cannot_be_listed_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not "no supported files": os.walk reports what it cannot list to ``onerror``
    (root can list anything, so the refusal is simulated)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "a.txt").write_text("Text.", encoding="utf-8")

    def refusing_walk(top: Any, onerror: Any = None, **kwargs: Any) -> Any:
        onerror(PermissionError(13, "Permission denied", str(top)))
        return iter(())

    monkeypatch.setattr(readers_module.os, "walk", refusing_walk)
    assert errors(read([folder])) == [f"{folder}: cannot list {folder}: Permission denied"]
