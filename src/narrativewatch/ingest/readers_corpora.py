"""Readers of corpora: JSONL, CSV/TSV, JSON arrays of records, Telegram Desktop exports.

Each record becomes one document; a bad record yields an ``InputError`` naming it
(``corpus.jsonl:3``, ``corpus.csv:5``, ``export.json: message 17``) and reading goes on.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from collections.abc import Iterator, Mapping
from datetime import datetime

from narrativewatch.errors import InputError
from narrativewatch.ingest.dateline import find_dateline, parse_datetime
from narrativewatch.ingest.normalize import make_document
from narrativewatch.ingest.options import IngestOptions
from narrativewatch.model import Document

logger = logging.getLogger(__name__)


def read_jsonl(text: str, item: str, options: IngestOptions) -> Iterator[Document | InputError]:
    """One document per JSON object line; blank lines are skipped.

    A line that is not valid JSON yields ``InputError("<item>:<line>", "invalid JSON (…
    at column N)")``; records are mapped as in ``record_document``.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        line_item = f"{item}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(
                line_item, f"invalid JSON ({_json_problem(exc.msg, f'column {exc.colno}')})"
            )
            continue
        yield record_document(record, line_item, options)


def read_csv(
    text: str, item: str, options: IngestOptions, *, delimiter: str = ","
) -> Iterator[Document | InputError]:
    """One document per data row of a CSV (or, with ``delimiter="\\t"``, TSV) file with a
    header row; quoted fields may hold line breaks. Rows are numbered from 1 after the
    header (``corpus.csv:5``).

    Raises ``InputError(item, …)`` when there is no header or no column for the text.
    """
    # Article bodies exceed the csv module's default 128 KiB field limit; the file is
    # already capped at ``max_bytes``, so no field can be longer than that.
    csv.field_size_limit(max(csv.field_size_limit(), min(options.max_bytes, sys.maxsize)))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = reader.fieldnames
    except csv.Error as exc:
        raise InputError(item, f"invalid CSV header ({exc})") from None
    if not columns:
        raise InputError(item, "empty CSV: no header row")
    text_column = options.fields.text
    if text_column not in columns:
        raise InputError(
            item,
            f"no column {text_column!r} for the text (columns: {', '.join(columns)}); "
            "map it with a field mapping such as text=body",
        )
    total_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    number = 0
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputError(f"{item}:{number + 1}", f"invalid CSV ({exc})")
            return
        number += 1
        last_line = reader.line_num
        # A quote opened and never closed where it should be: the field runs on over the
        # next lines and takes their rows with it, until a later quote closes it (the row
        # then has too many fields) or to the end of the file (too few). Say so, rather
        # than store the mix. A short row whose quoted field legitimately holds line
        # breaks has too few fields too, but does not run to the end of the file.
        extra_fields = None in row
        ran_to_the_end = None in row.values() and last_line >= total_lines
        if (extra_fields or ran_to_the_end) and last_line > first_line:
            yield InputError(
                f"{item}:{number}",
                f"a quoted field is not closed: it runs from line {first_line} to line "
                f"{last_line} and swallows the rows in between (lines {first_line}–"
                f"{last_line} skipped)",
            )
            continue
        record = {key: value for key, value in row.items() if key is not None}
        yield record_document(record, f"{item}:{number}", options)


def read_json(text: str, item: str, options: IngestOptions) -> Iterator[Document | InputError]:
    """A whole JSON file: a Telegram Desktop export (an object with a ``messages`` list)
    or an array of records (``<item>: record N``).

    Raises ``InputError(item, …)`` for invalid JSON or any other JSON shape.
    """
    data = _load_json(text, item)
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        yield from read_telegram_export(data, item, options)
    elif isinstance(data, list):
        for number, record in enumerate(data, start=1):
            yield record_document(record, f"{item}: record {number}", options)
    else:
        raise InputError(
            item,
            "JSON is neither a Telegram export (an object with a 'messages' list) "
            "nor an array of records",
        )


def read_telegram(text: str, item: str, options: IngestOptions) -> Iterator[Document | InputError]:
    """A Telegram Desktop export given as text; see ``read_telegram_export``.

    Raises ``InputError(item, …)`` for invalid JSON or JSON that is not an export.
    """
    data = _load_json(text, item)
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise InputError(item, "not a Telegram export: no 'messages' list")
    yield from read_telegram_export(data, item, options)


def read_telegram_export(
    export: Mapping[str, object], item: str, options: IngestOptions
) -> Iterator[Document | InputError]:
    """One document per ``"type": "message"`` with text in a Telegram Desktop channel export.

    The outlet is the channel name; the URL ``https://t.me/<username>/<id>`` when the export
    names the username, else ``tg://channel/<channel id>/<id>``; ``published_at`` from
    ``date_unixtime`` (exact, UTC) or ``date`` (local time, taken as
    ``options.default_timezone``). Service messages and messages without text (a photo
    alone) are skipped, and counted in a debug log line.
    """
    username = str(export.get("username") or "").strip().lstrip("@") or None
    channel_id = export.get("id")
    outlet = options.outlet or _scalar_str(export.get("name"))
    messages = export.get("messages")
    skipped_service = skipped_empty = 0
    for index, message in enumerate(messages if isinstance(messages, list) else [], start=1):
        if not isinstance(message, dict):
            yield InputError(f"{item}: message #{index}", "not a JSON object")
            continue
        message_id = message.get("id")
        message_item = f"{item}: message {message_id if message_id is not None else f'#{index}'}"
        if message.get("type") != "message":
            skipped_service += 1
            continue
        raw_text = message.get("text")
        if raw_text is not None and not isinstance(raw_text, (str, list)):
            yield InputError(
                message_item,
                f"'text' is {_json_type(raw_text)}, not a string or a list of text parts",
            )
            continue
        text = telegram_text(raw_text)
        if not text.strip():
            skipped_empty += 1
            continue
        try:
            published_at = _telegram_date(message, options.default_timezone)
        except ValueError as exc:
            yield InputError(message_item, f"bad date: {exc}")
            continue
        if message_id is None:
            url = None
        elif username:
            url = f"https://t.me/{username}/{message_id}"
        elif channel_id is not None:
            url = f"tg://channel/{channel_id}/{message_id}"
        else:
            url = None
        extra = {}
        if message_id is not None:
            extra["telegram_message_id"] = str(message_id)
        forwarded = _scalar_str(message.get("forwarded_from"))
        if forwarded:
            extra["forwarded_from"] = forwarded
        try:
            yield make_document(
                text,
                source=message_item,
                outlet=outlet,
                url=url,
                published_at=published_at,
                published_at_source="metadata" if published_at else None,
                extra=extra,
            )
        except InputError as error:
            yield error
    logger.debug(
        "%s: skipped %d service and %d empty messages", item, skipped_service, skipped_empty
    )


def telegram_text(value: object) -> str:
    """The plain text of a Telegram message ``text``: a string, or a list of strings and
    ``{"type": …, "text": …}`` entity objects, concatenated."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return ""
    parts = []
    for part in value:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(part["text"])
    return "".join(parts)


def record_document(record: object, item: str, options: IngestOptions) -> Document | InputError:
    """Map one corpus record through ``options.fields`` to a document (or the error).

    The text field is required; ``published_at`` goes through ``parse_datetime`` (a value
    that is not a date is an error for this record), else the printed dateline is used;
    the id field and any other scalar field go to ``Document.extra`` as strings.
    """
    if not isinstance(record, dict):
        return InputError(item, f"not a JSON object (got {_json_type(record)})")
    fields = options.fields
    text = record.get(fields.text)
    if text is None or (isinstance(text, str) and not text.strip()):
        return InputError(item, f"missing text field {fields.text!r}")
    if not isinstance(text, str):
        return InputError(item, f"text field {fields.text!r} is not a string")
    published_at: datetime | None = None
    published_source: str | None = None
    date_value = record.get(fields.published_at)
    if date_value is not None and date_value != "":
        if not isinstance(date_value, str | int | float):
            return InputError(item, f"field {fields.published_at!r}: not a date: {date_value!r}")
        try:
            published_at = parse_datetime(date_value, options.default_timezone)
        except ValueError as exc:
            return InputError(item, f"field {fields.published_at!r}: {exc}")
        published_source = "metadata"
    else:
        dateline = find_dateline(text, tz=options.default_timezone)
        if dateline:
            published_at, published_source = dateline[0], "text"
    mapped = {
        fields.text,
        fields.title,
        fields.url,
        fields.outlet,
        fields.published_at,
        fields.language,
        fields.id,
    }
    extra: dict[str, str] = {}
    record_id = _scalar_str(record.get(fields.id))
    if record_id is not None:
        extra["id"] = record_id
    for key, value in record.items():
        if key in mapped:
            continue
        as_text = _scalar_str(value)
        if as_text is not None:
            extra[str(key)] = as_text
    language = _scalar_str(record.get(fields.language))
    try:
        return make_document(
            text,
            source=item,
            title=_scalar_str(record.get(fields.title)),
            outlet=options.outlet or _scalar_str(record.get(fields.outlet)),
            url=_scalar_str(record.get(fields.url)),
            language=language.lower() if language else None,
            published_at=published_at,
            published_at_source=published_source,
            extra=extra,
        )
    except InputError as error:
        return error


def _telegram_date(message: Mapping[str, object], timezone: str) -> datetime | None:
    unixtime = message.get("date_unixtime")
    if isinstance(unixtime, int) and not isinstance(unixtime, bool):
        return parse_datetime(unixtime, timezone)
    if isinstance(unixtime, str) and unixtime.strip():
        if not unixtime.strip().isdigit():
            raise ValueError(f"date_unixtime is not a unix time: {unixtime!r}")
        return parse_datetime(int(unixtime), timezone)
    date = message.get("date")
    if isinstance(date, str) and date.strip():
        return parse_datetime(date, timezone)
    return None


def _load_json(text: str, item: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            item,
            f"invalid JSON ({_json_problem(exc.msg, f'line {exc.lineno} column {exc.colno}')})",
        ) from None


def _scalar_str(value: object) -> str | None:
    """A JSON scalar as text (``true``/``false`` for booleans); ``None`` for null, empty
    strings, lists and objects."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


def _json_problem(message: str, place: str) -> str:
    """json's message and where: some messages already end in "at" ("Unterminated string
    starting at")."""
    return f"{message} {place}" if message.endswith(" at") else f"{message} at {place}"


def _json_type(value: object) -> str:
    names = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        type(None): "null",
    }
    for python_type, name in names.items():
        if isinstance(value, python_type):
            return name
    return "a number" if isinstance(value, int | float) else type(value).__name__
