"""Alert rules: which narrative episodes raise an alert, and how severe it is.

Rules live in a TOML file (docs/alerts.md); the bundled ``default_rules.toml`` is used when
the user gives none. Every error names the file and the key, e.g.
``rules.toml: rules[2].min_actor_level: must be one of head_of_state, spokesperson, …``.

Actor levels are ordered ``head_of_state > spokesperson > ministry > state_media``. A rule's
``min_actor_level`` is met when at least one actor *promoting* the narrative in the episode
sits at that level or above. The actor registry is finer-grained than these four tiers, so
the ``[levels]`` table says which registry levels belong to which tier (a registry level
in no tier, such as ``media`` or ``place``, never meets a level condition).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

from narrativewatch.catalog.loader import CATEGORIES
from narrativewatch.errors import ConfigError
from narrativewatch.urls import http_url_problem

RULES_FORMAT = "narrativewatch-alert-rules/1"
# Highest first: a condition "at least spokesperson" is met by a head of state too.
ACTOR_TIERS: tuple[str, ...] = ("head_of_state", "spokesperson", "ministry", "state_media")
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")

_TOP_KEYS = {
    "format",
    "episodes",
    "levels",
    "surges",
    "discovery_surges",
    "webhook",
    "sinks",
    "rules",
}
# What a rule watches: catalog narratives (the default), or the clusters of unmatched
# claims that discovery found (alerts.discovered), which have no category or actors yet.
SCOPES: tuple[str, ...] = ("catalog", "discovered")
# Conditions a discovered cluster can never meet: a rule giving one would be silently dead.
_CATALOG_ONLY = ("categories", "narratives")
_RULE_KEYS = {
    "id",
    "severity",
    "description",
    "scope",
    "categories",
    "narratives",
    "min_actor_level",
    "surging",
    "min_surge_score",
    "first_appearance",
    "cross_border",
    "min_documents",
}
_SURGE_KEYS = {"baseline_days", "min_documents", "min_outlets", "threshold", "min_expected"}


@dataclass(frozen=True, slots=True)
class AlertRule:
    """One rule. Every condition given must hold (they are ANDed); an absent one is ignored."""

    id: str
    severity: str
    description: str = ""
    scope: str = "catalog"  # one of SCOPES
    categories: frozenset[str] = frozenset()  # narrative categories; empty = any
    narratives: frozenset[str] = frozenset()  # narrative ids; empty = any
    min_actor_level: str | None = None  # one of ACTOR_TIERS
    surging: bool = False  # the surge detector flags a day of the episode
    min_surge_score: float | None = None  # the episode's highest daily surge score
    first_appearance: bool = False  # the narrative's first episode in the store
    cross_border: bool = False  # spread from two or more countries in the episode
    min_documents: int = 1  # distinct stories (copies once) spreading it in the episode


@dataclass(frozen=True, slots=True)
class WebhookOptions:
    """Retries within one run: ``retries`` more attempts after the first, waiting
    ``backoff_seconds * 2**n`` (at most ``max_backoff_seconds``) before attempt n+1."""

    timeout_seconds: float = 10.0
    retries: int = 3
    backoff_seconds: float = 1.0
    max_backoff_seconds: float = 60.0


@dataclass(frozen=True, slots=True)
class AlertConfig:
    """A loaded rules file: the rules, the episode gap, the level tiers and the sinks."""

    rules: tuple[AlertRule, ...]
    quiet_days: int = 14  # an episode ends after this many days without spread
    levels: Mapping[str, str] = field(default_factory=dict)  # registry level -> tier
    surge_options: Mapping[str, float] = field(default_factory=dict)  # SurgeConfig fields
    # the same for the series of discovered clusters (defaults: DISCOVERY_SURGES)
    discovery_surge_options: Mapping[str, float] = field(default_factory=dict)
    webhook: WebhookOptions = WebhookOptions()
    sinks: tuple[str, ...] = ()  # "jsonl:PATH", "webhook:URL"
    source: str = "<bundled>"

    @property
    def watches_discoveries(self) -> bool:
        """Whether a rule watches discovery's clusters (``scope = "discovered"``)."""
        return any(rule.scope == "discovered" for rule in self.rules)

    def tier_rank(self, registry_level: str | None) -> int | None:
        """The rank of an actor's level (0 = head_of_state), or None when in no tier."""
        tier = self.levels.get(registry_level or "")
        return ACTOR_TIERS.index(tier) if tier is not None else None


def default_rules_text() -> str:
    return (resources.files("narrativewatch.alerts") / "default_rules.toml").read_text("utf-8")


def load_rules(path: str | Path | None = None) -> AlertConfig:
    """Load and validate a rules file (the bundled default when ``path`` is None).

    Raises ConfigError naming the file and the offending key."""
    if path is None:
        return parse_rules(default_rules_text(), "default_rules.toml")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the alert rules: {exc.strerror}") from None
    return parse_rules(text, str(path))


def parse_rules(text: str, source: str) -> AlertConfig:
    """Parse rules TOML text; ``source`` names it in errors. Raises ConfigError."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    _unknown(raw, _TOP_KEYS, source, "")
    if raw.get("format", RULES_FORMAT) != RULES_FORMAT:
        _fail(source, "format", f"must be {RULES_FORMAT!r}")
    episodes = _table(raw, "episodes", source)
    _unknown(episodes, {"quiet_days"}, source, "episodes.")
    quiet_days = _int(episodes, "quiet_days", 14, source, "episodes.", minimum=1)
    levels = _levels(_table(raw, "levels", source), source)
    surge_options = _surge_options(_table(raw, "surges", source), source, "surges")
    discovery_surge_options = _surge_options(
        _table(raw, "discovery_surges", source), source, "discovery_surges"
    )
    webhook = _webhook(_table(raw, "webhook", source), source)
    sinks = _sinks(_table(raw, "sinks", source), source)
    rules_raw = raw.get("rules", [])
    if not isinstance(rules_raw, list) or not rules_raw:
        _fail(source, "rules", "must be a non-empty array of tables ([[rules]])")
    rules = tuple(_rule(entry, f"rules[{i}]", source) for i, entry in enumerate(rules_raw))
    ids = [rule.id for rule in rules]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        _fail(source, "rules", f"duplicate rule id {duplicated[0]!r}")
    return AlertConfig(
        rules, quiet_days, levels, surge_options, discovery_surge_options, webhook, sinks, source
    )


def _rule(entry: Any, where: str, source: str) -> AlertRule:
    if not isinstance(entry, dict):
        _fail(source, where, "must be a table")
    prefix = f"{where}."
    _unknown(entry, _RULE_KEYS, source, prefix)
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        _fail(source, f"{prefix}id", "must be a non-empty string")
    severity = entry.get("severity")
    if severity not in SEVERITIES:
        _fail(source, f"{prefix}severity", f"must be one of {', '.join(SEVERITIES)}")
    scope = entry.get("scope", "catalog")
    if scope not in SCOPES:
        _fail(source, f"{prefix}scope", f"must be one of {', '.join(SCOPES)}")
    if scope == "discovered":
        for key in _CATALOG_ONLY:
            if key in entry:
                _fail(
                    source,
                    f"{prefix}{key}",
                    'a rule with scope = "discovered" cannot use it: a discovered cluster '
                    "has no category or narrative id until the analyst promotes it",
                )
    categories = _strings(entry, "categories", source, prefix)
    unknown = sorted(categories - set(CATEGORIES))
    if unknown:
        _fail(
            source,
            f"{prefix}categories",
            f"unknown category {unknown[0]!r}; known: {', '.join(CATEGORIES)}",
        )
    level = entry.get("min_actor_level")
    if level is not None and level not in ACTOR_TIERS:
        _fail(source, f"{prefix}min_actor_level", f"must be one of {', '.join(ACTOR_TIERS)}")
    score = entry.get("min_surge_score")
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
        _fail(source, f"{prefix}min_surge_score", "must be a number")
    return AlertRule(
        id=rule_id,
        severity=severity,
        description=str(entry.get("description", "")),
        scope=scope,
        categories=categories,
        narratives=_strings(entry, "narratives", source, prefix),
        min_actor_level=level,
        surging=_bool(entry, "surging", source, prefix),
        min_surge_score=float(score) if score is not None else None,
        first_appearance=_bool(entry, "first_appearance", source, prefix),
        cross_border=_bool(entry, "cross_border", source, prefix),
        min_documents=_int(entry, "min_documents", 1, source, prefix, minimum=1),
    )


def _levels(table: dict[str, Any], source: str) -> dict[str, str]:
    if not table:
        table = {
            "head_of_state": ["head_of_state", "head_of_government"],
            "spokesperson": ["spokesperson"],
            "ministry": ["minister", "ministry", "military", "security_service", "state_body"],
            "state_media": ["state_media"],
        }
    _unknown(table, set(ACTOR_TIERS), source, "levels.")
    mapping: dict[str, str] = {}
    for tier in ACTOR_TIERS:
        for level in _strings(table, tier, source, "levels."):
            if level in mapping:
                _fail(source, f"levels.{tier}", f"{level!r} is already in tier {mapping[level]!r}")
            mapping[level] = tier
    return mapping


def _surge_options(table: dict[str, Any], source: str, name: str) -> dict[str, float]:
    _unknown(table, _SURGE_KEYS, source, f"{name}.")
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            _fail(source, f"{name}.{key}", "must be a non-negative number")
    return dict(table)


def _webhook(table: dict[str, Any], source: str) -> WebhookOptions:
    keys = {"timeout_seconds", "retries", "backoff_seconds", "max_backoff_seconds"}
    _unknown(table, keys, source, "webhook.")
    defaults = WebhookOptions()
    values: dict[str, Any] = {}
    for key in sorted(keys):
        value = table.get(key, getattr(defaults, key))
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            _fail(source, f"webhook.{key}", "must be a non-negative number")
        values[key] = value
    if int(values["retries"]) != values["retries"]:
        _fail(source, "webhook.retries", "must be a whole number")
    values["retries"] = int(values["retries"])
    return WebhookOptions(**values)


def _sinks(table: dict[str, Any], source: str) -> tuple[str, ...]:
    _unknown(table, {"jsonl", "webhook"}, source, "sinks.")
    sinks: list[str] = []
    for path in sorted(_strings(table, "jsonl", source, "sinks.", single=True)):
        sinks.append(f"jsonl:{Path(path).expanduser().resolve()}")
    for url in sorted(_strings(table, "webhook", source, "sinks.", single=True)):
        problem = http_url_problem(url)
        if problem:
            _fail(source, "sinks.webhook", f"{url!r}: {problem}")
        sinks.append(f"webhook:{url}")
    return tuple(sinks)


def _table(raw: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        _fail(source, key, "must be a table")
    return value


def _strings(
    entry: dict[str, Any], key: str, source: str, prefix: str, *, single: bool = False
) -> frozenset[str]:
    value = entry.get(key, [])
    if single and isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        _fail(source, f"{prefix}{key}", "must be an array of non-empty strings")
    return frozenset(value)


def _bool(entry: dict[str, Any], key: str, source: str, prefix: str) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        _fail(source, f"{prefix}{key}", "must be true or false")
    return value


def _int(
    entry: dict[str, Any], key: str, default: int, source: str, prefix: str, *, minimum: int
) -> int:
    value = entry.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        _fail(source, f"{prefix}{key}", f"must be a whole number of at least {minimum}")
    return value


def _unknown(entry: dict[str, Any], known: set[str], source: str, prefix: str) -> None:
    for key in sorted(entry):
        if key not in known:
            _fail(
                source, f"{prefix}{key}", f"unknown key; expected one of {', '.join(sorted(known))}"
            )


def _fail(source: str, key: str, reason: str) -> NoReturn:
    raise ConfigError(f"{source}: {key}: {reason}")
