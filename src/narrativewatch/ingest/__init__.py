"""Ingest: turn files, directories, URLs, feeds, corpora and Telegram exports into documents.

``read_sources(sources, options)`` is the entry point; it yields a ``Document`` per article
and an ``InputError`` per bad item, never raising for one bad input.
"""

from narrativewatch.ingest.dateline import find_dateline, parse_datetime
from narrativewatch.ingest.dedupe import (
    NEAR_DUPLICATE_THRESHOLD,
    lsh_band_keys,
    minhash_signature,
    shingles,
    signature_similarity,
)
from narrativewatch.ingest.fetch import FetchedPage, fetch_url
from narrativewatch.ingest.normalize import (
    content_hash,
    decode_bytes,
    make_document,
    normalize_text,
)
from narrativewatch.ingest.options import SOURCE_FORMATS, FieldMapping, IngestOptions
from narrativewatch.ingest.readers import detect_format, read_sources, sniff_format

__all__ = [
    "NEAR_DUPLICATE_THRESHOLD",
    "SOURCE_FORMATS",
    "FetchedPage",
    "FieldMapping",
    "IngestOptions",
    "content_hash",
    "decode_bytes",
    "detect_format",
    "fetch_url",
    "find_dateline",
    "lsh_band_keys",
    "make_document",
    "minhash_signature",
    "normalize_text",
    "parse_datetime",
    "read_sources",
    "shingles",
    "signature_similarity",
    "sniff_format",
]
