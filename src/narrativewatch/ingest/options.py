"""Options for ingest: how corpus fields are named, which format to force, limits."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from narrativewatch.errors import ConfigError

SOURCE_FORMATS: tuple[str, ...] = ("text", "html", "jsonl", "csv", "telegram", "feed")


@dataclass(frozen=True, slots=True)
class FieldMapping:
    """Column (CSV) or key (JSONL, JSON records) names of a corpus's fields."""

    text: str = "text"
    title: str = "title"
    url: str = "url"
    outlet: str = "outlet"
    published_at: str = "published_at"
    language: str = "language"
    id: str = "id"

    @classmethod
    def parse(cls, spec: str) -> FieldMapping:
        """Build a mapping from ``"text=body,title=headline"``; unnamed fields keep defaults.

        Raises ``ValueError`` naming a bad pair, an unknown field (listing the valid ones)
        or an empty column name.
        """
        valid = [f.name for f in fields(cls)]
        overrides: dict[str, str] = {}
        for pair in spec.split(","):
            pair = pair.strip()
            if not pair:
                continue
            key, sep, column = pair.partition("=")
            key, column = key.strip(), column.strip()
            if not sep:
                raise ValueError(f"field mapping {pair!r}: expected FIELD=COLUMN, e.g. text=body")
            if key not in valid:
                raise ValueError(
                    f"field mapping: unknown field {key!r}; valid fields: {', '.join(valid)}"
                )
            if not column:
                raise ValueError(f"field mapping {pair!r}: empty column name for {key!r}")
            overrides[key] = column
        return cls(**overrides)


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How to read sources. Validated on construction (``ConfigError`` says how to fix it).

    ``source_format`` forces one of ``SOURCE_FORMATS`` (``None`` detects it by extension,
    then content); ``default_timezone`` is the IANA zone given to dates without an offset;
    ``outlet`` overrides the outlet of every document; ``max_bytes`` caps each file and each
    HTTP body.
    """

    fields: FieldMapping = field(default_factory=FieldMapping)
    source_format: str | None = None
    default_timezone: str = "UTC"
    outlet: str | None = None
    max_bytes: int = 20_000_000
    http_timeout: float = 20.0
    max_redirects: int = 5
    user_agent: str = (
        "NarrativeWatch/0.1 (+https://github.com/narrativewatch/narrativewatch; research crawler)"
    )

    def __post_init__(self) -> None:
        if self.source_format is not None and self.source_format not in SOURCE_FORMATS:
            raise ConfigError(
                f"source format {self.source_format!r} is not known; "
                f"use one of: {', '.join(SOURCE_FORMATS)}"
            )
        try:
            ZoneInfo(self.default_timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"default timezone {self.default_timezone!r} is not a known IANA zone; "
                "use a name like 'UTC', 'Europe/Kyiv' or 'Europe/Moscow'"
            ) from None
        if self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.http_timeout <= 0:
            raise ConfigError(f"http_timeout must be positive seconds, got {self.http_timeout}")
        if self.max_redirects < 0:
            raise ConfigError(f"max_redirects must be 0 or more, got {self.max_redirects}")
