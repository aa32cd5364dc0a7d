"""Text normalisation, content hashes, byte decoding, and building a ``Document``."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from datetime import datetime

from charset_normalizer import from_bytes

from narrativewatch.errors import InputError
from narrativewatch.model import Document

# Invisible characters that split words for every later stage (tokenizers, full-text search,
# hashes) without changing what a reader sees. Soft hyphens are common in Russian web text.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
# Every Unicode space that is not a line break becomes an ordinary space.
_SPACES = "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u3000"
_TRANSLATE = {ord(c): None for c in _INVISIBLE} | {ord(c): " " for c in _SPACES}
_TRANSLATE |= {0x2028: "\n", 0x2029: "\n", 0x85: "\n"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{4,}")
_WHITESPACE = re.compile(r"\s+")

# Legacy encodings we expect in en/ru/uk news archives. Restricting charset-normalizer to
# them stops it from "finding" exotic code pages in short Cyrillic texts.
_CANDIDATE_ENCODINGS = [
    "cp1251",
    "koi8_r",
    "koi8_u",
    "cp866",
    "iso8859_5",
    "mac_cyrillic",
    "cp1252",
    "latin_1",
    "utf_16",
]
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh91AY&SY", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
)
_SNIFF_BYTES = 8192
# Text files have almost no C0 control bytes besides tab/newline/carriage return/form feed;
# a few per cent is already more than any real document has.
_MAX_CONTROL_SHARE = 0.05


def normalize_text(text: str) -> str:
    """Return ``text`` normalised for storage and analysis.

    Unicode NFC; ``\\r\\n``/``\\r`` → ``\\n``; zero-width characters, BOMs, soft hyphens and
    control characters (except newline and tab) removed; non-breaking and other Unicode
    spaces → space; trailing spaces of each line removed; runs of three or more blank lines
    cut to two; leading and trailing whitespace removed. Paragraph breaks are kept, and the
    function is idempotent.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_TRANSLATE)
    text = _CONTROL.sub("", text)
    # NFC last: removing invisible characters can bring a letter and its accent together.
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n\n", text)
    return text.strip()


def content_hash(text: str) -> str:
    """SHA-256 hex digest of ``text`` casefolded with whitespace runs collapsed.

    The same article re-ingested with different line breaks or spacing gets the same hash,
    which is the key of exact de-duplication.
    """
    key = _WHITESPACE.sub(" ", text.casefold()).strip()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def make_document(
    text: str,
    *,
    source: str,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    language: str | None = None,
    published_at: datetime | None = None,
    published_at_source: str | None = None,
    extra: dict[str, str] | None = None,
) -> Document:
    """Build a ``Document`` from raw text and metadata, normalising text, title and outlet.

    A title given apart from the body (feeds, corpora, HTML) is put in front of the text
    unless the text already opens with it: the headline is often the claim itself, and every
    annotation's offsets must point into one stored text.

    Raises ``InputError(source, "no text")`` if the text is empty after normalisation, and
    ``ValueError`` if ``published_at`` is naive (every stored date must carry its zone).
    """
    normalized = normalize_text(text)
    if not normalized:
        raise InputError(source, "no text")
    headline = _clean_field(title)
    if headline and headline not in normalized[: len(headline) + 300]:
        normalized = f"{headline}\n\n{normalized}"
    if published_at is not None and published_at.utcoffset() is None:
        raise ValueError(f"{source}: published_at {published_at!r} has no timezone")
    return Document(
        text=normalized,
        content_hash=content_hash(normalized),
        source=source,
        title=headline,
        outlet=_clean_field(outlet),
        url=_clean_field(url),
        language=_clean_field(language),
        published_at=published_at,
        published_at_source=published_at_source if published_at is not None else None,
        extra=dict(extra or {}),
    )


def _clean_field(value: str | None) -> str | None:
    """A one-line metadata value, or ``None`` when nothing is left of it."""
    if value is None:
        return None
    cleaned = _WHITESPACE.sub(" ", normalize_text(value)).strip()
    return cleaned or None


def decode_bytes(data: bytes, item: str) -> tuple[str, str]:
    """Decode the bytes of a text file; return ``(text, encoding name)``.

    Order: a BOM (UTF-8/16/32), then strict UTF-8, then charset-normalizer restricted to
    the legacy encodings of en/ru/uk text (cp1251, koi8-r/u, cp866, iso8859-5, cp1252,
    latin-1, UTF-16). Raises ``InputError(item, …)`` for binary data (a known file
    signature, NUL bytes, or many control bytes) and for bytes no candidate decodes.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(item, f"invalid {encoding} text ({exc.reason})") from None
    binary = binary_kind(data)
    if binary is not None:
        raise InputError(item, binary)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is None:
        raise InputError(item, "cannot decode text: not UTF-8 nor a known legacy encoding")
    return str(best), best.encoding


def binary_kind(data: bytes) -> str | None:
    """A message like ``"binary file (looks like PNG image), not text"``, or ``None``."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return f"binary file (looks like {kind}), not text"
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not text"
    if head:
        controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
        if controls / len(head) > _MAX_CONTROL_SHARE:
            return "binary file (many control bytes), not text"
    return None
