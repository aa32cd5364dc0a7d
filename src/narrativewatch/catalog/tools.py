"""Catalog tools: export the loaded catalog, add a narrative to a user file, and import
catalogs from EUvsDisinfo-style CSV and VoxCheck-style JSON (docs/catalog.md, "Catalog
tools").

Everything written here is validated with the loader before it is written, so a tool
never leaves a catalog file that `load_catalog` would refuse.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from narrativewatch.catalog.loader import (
    CATALOG_FORMAT,
    CATEGORIES,
    MIN_STATEMENTS_PER_LANGUAGE,
    RISK_LEVELS,
    parse_catalog,
)
from narrativewatch.errors import CatalogError
from narrativewatch.model import SUPPORTED_LANGUAGES, Narrative, NarrativeStatement

REQUIRED_LANGUAGES: tuple[str, ...] = ("en", "ru", "uk")
# Statements kept per language by the importers: the loader needs 2, docs advise 3–5.
MAX_IMPORTED_STATEMENTS = 5
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"«“„(]?[A-ZА-ЯЁІЇЄҐ0-9])")

# EUvsDisinfo keyword → category: each keyword (lowercased) is checked for these substrings,
# category by category in this order; the first hit wins, no hit gives --default-category.
EUVSDISINFO_KEYWORD_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pretext-escalation", ("chemical weapons", "false flag", "provocation", "dirty bomb",
                            "nuclear", "war preparation")),
    ("biolabs", ("biological weapons", "biolab")),
    ("mh17", ("mh17",)),
    ("ukraine-nazi", ("nazi", "fascis", "azov")),
    ("nato-aggression", ("encircling russia", "nato", "us presence in europe")),
    ("western-puppet", ("puppet", "colour revolution", "george soros")),
    ("sanctions-backfire", ("sanctions",)),
    ("energy-blackmail", ("nord stream", "gas", "energy")),
    ("religious-persecution", ("orthodox", "church")),
    ("refugees", ("refugee", "migration")),
    ("russophobia", ("russophobia", "anti-russian", "russian language", "ethnic russians",
                     "genocide")),
    ("historical-revisionism", ("euromaidan", "coup", "historical revisionism",
                                "ukrainian statehood", "wwii")),
    ("russia-not-aggressor", ("crimea", "donbas", "civil war", "war in ukraine")),
    ("failed-state", ("corruption", "ukrainian disintegration")),
    ("west-decline", ("abandoned ukraine", "eu disintegration", "western values",
                      "european values", "lgbt")),
)  # fmt: skip

# VoxCheck narrative (English name, lowercased) → category; other names and rows without a
# narrative get --default-category.
VOXCHECK_NARRATIVE_CATEGORIES: Mapping[str, str] = {
    "maidan in 2014 was a coup d'état": "historical-revisionism",
    "nazis and ultra-nationalists in ukraine": "ukraine-nazi",
    "nord stream-2": "energy-blackmail",
    "russia needs to protect itself": "russia-not-aggressor",
    "ukraine is an illiberal state": "failed-state",
    "ukraine is a failed state": "failed-state",
    "the west controls ukraine and uses it to its advantage": "western-puppet",
    "the west is not interested in dealing with ukraine, moreover, solving its problems.": (
        "west-decline"
    ),
    "russians are discriminated in ukraine": "russophobia",
    "russia is not an agressor towards ukraine": "russia-not-aggressor",
    "ukraine is conducting an aggressive policy": "pretext-escalation",
    "schismatic ukrainian church": "religious-persecution",
    "russia is not involved in mh17 crash; ukraine shot down the plane": "mh17",
}

_LANGUAGE_NAMES: Mapping[str, str] = {
    "english": "en", "russian": "ru", "ukrainian": "uk", "german": "de", "french": "fr",
    "spanish": "es", "italian": "it", "polish": "pl", "estonian": "et", "latvian": "lv",
    "lithuanian": "lt", "czech": "cs", "slovak": "sk", "hungarian": "hu", "bulgarian": "bg",
    "serbian": "sr", "georgian": "ka", "armenian": "hy", "arabic": "ar", "romanian": "ro",
}  # fmt: skip


# -- export -------------------------------------------------------------------------------


def narrative_to_entry(narrative: Narrative) -> dict[str, Any]:
    """A narrative as a catalog entry (the mapping `load_catalog_file` reads back)."""
    entry: dict[str, Any] = {
        "id": narrative.id,
        "title": narrative.title,
        "summary": narrative.summary,
        "category": narrative.category,
        "risk": narrative.risk,
        "statements": _by_language(narrative.statements),
    }
    if narrative.keywords:
        entry["keywords"] = list(narrative.keywords)
    if narrative.contrary:
        entry["contrary"] = list(narrative.contrary)
    if narrative.about:
        entry["about"] = list(narrative.about)
    if narrative.techniques:
        entry["techniques"] = list(narrative.techniques)
    if narrative.debunk:
        entry["debunk"] = narrative.debunk
    entry["references"] = list(narrative.references)
    if narrative.variants:
        entry["variants"] = _by_language(narrative.variants)
    return entry


def export_catalog(narratives: Sequence[Narrative], fmt: str = "yaml") -> str:
    """The narratives as one catalog document, ``fmt`` "yaml" or "json". Both load back with
    `load_catalog_file` (JSON is valid YAML). Raises ValueError for another format."""
    document = {"format": CATALOG_FORMAT, "narratives": [narrative_to_entry(n) for n in narratives]}
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt != "yaml":
        raise ValueError(f"unknown export format {fmt!r}: use yaml or json")
    return "# Exported by `narrativewatch narratives export`.\n" + _dump_yaml(document)


# -- add ----------------------------------------------------------------------------------


def parse_statement(value: str) -> tuple[str, str]:
    """``LANG:TEXT`` (as given to ``--statement``) → (language, text). Raises ValueError."""
    language, separator, text = value.partition(":")
    language = language.strip()
    if not separator or not re.fullmatch(r"[a-z]{2,3}", language) or not text.strip():
        raise ValueError(f'expected LANG:TEXT such as en:"Kyiv is …", got {value!r}')
    return language, text.strip()


def build_entry(
    *,
    narrative_id: str,
    title: str,
    summary: str,
    category: str,
    risk: str,
    statements: Iterable[tuple[str, str]],
    references: Iterable[str],
    keywords: Iterable[str] = (),
    debunk: str | None = None,
    contrary: Iterable[str] = (),
    about: Iterable[str] = (),
) -> dict[str, Any]:
    """A catalog entry from command-line style values (not yet validated)."""
    grouped: dict[str, list[str]] = {}
    for language, text in statements:
        grouped.setdefault(language, []).append(text)
    entry: dict[str, Any] = {
        "id": narrative_id,
        "title": title,
        "summary": summary,
        "category": category,
        "risk": risk,
        "statements": grouped,
        "references": list(references),
    }
    if keywords:
        entry["keywords"] = list(keywords)
    if contrary:
        entry["contrary"] = list(contrary)
    if about:
        entry["about"] = list(about)
    if debunk:
        entry["debunk"] = debunk
    return entry


def add_narrative(
    path: str | Path, entry: Mapping[str, Any], loaded: Sequence[Narrative] = ()
) -> Narrative:
    """Append a validated ``entry`` to the user catalog file ``path`` (created with the
    format header if missing) and return the narrative.

    ``loaded`` is the catalog the file will be used with; an id defined there or in the
    file is refused. Raises CatalogError naming the file and id; the file is unchanged then.
    """
    path = Path(path)
    name = str(path)
    (narrative,) = parse_catalog({"format": CATALOG_FORMAT, "narratives": [dict(entry)]}, name)
    label = f"narrative '{narrative.id}'"
    for other in loaded:
        if other.id == narrative.id and other.source_file != name:
            raise CatalogError(name, f"id already defined in {other.source_file}", label, "id")
    if not path.exists():
        header = (
            "# Your narratives, added with `narrativewatch narratives add` or "
            f"`narrativewatch discover promote`.\nformat: {CATALOG_FORMAT}\n"
        )
        _write(path, header + _dump_yaml({"narratives": [dict(entry)]}))
        return narrative
    text = path.read_text(encoding="utf-8")
    try:
        existing = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogError(name, f"invalid YAML, fix it first: {exc}") from None
    if any(n.id == narrative.id for n in parse_catalog(existing, name)):
        raise CatalogError(name, f"id already defined in {name}", label, "id")
    # Appending keeps the user's comments; if the file's layout makes that unsafe, the
    # whole document is rewritten instead (its comments are then lost).
    indent = re.search(r"^( *)- ", text, re.MULTILINE)
    item = _indent(_dump_yaml([dict(entry)]), indent.group(1) if indent else "  ")
    appended = text if text.endswith("\n") else text + "\n"
    appended += item
    try:
        if [n.id for n in parse_catalog(yaml.safe_load(appended), name)][-1] != narrative.id:
            raise ValueError("entry did not land last")
    except (yaml.YAMLError, CatalogError, ValueError):
        existing["narratives"].append(dict(entry))
        appended = _dump_yaml(existing)
    _write(path, appended)
    return narrative


# -- import -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How imported entries are completed. ``fill_languages``: pad a required language
    that has fewer than two texts with texts of the other languages (see docs); without
    it such entries are left out and reported."""

    default_category: str = "russia-not-aggressor"
    risk: str = "medium"
    id_prefix: str = ""
    fill_languages: bool = True

    def __post_init__(self) -> None:
        if self.default_category not in CATEGORIES:
            raise CatalogError("--default-category", f"must be one of {', '.join(CATEGORIES)}")
        if self.risk not in RISK_LEVELS:
            raise CatalogError("--risk", f"must be one of {', '.join(RISK_LEVELS)}")


@dataclass
class ImportResult:
    """Entries ready to write, with per-entry notes (written as comments) and the problems
    of the entries that were left out."""

    source: str
    entries: list[dict[str, Any]] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def to_yaml(self) -> str:
        """The catalog file text, validated with the loader. Raises CatalogError when no
        entry could be imported."""
        if not self.entries:
            raise CatalogError(self.source, "nothing to import: " + "; ".join(self.problems[:3]))
        lines = [
            f"# Imported from {self.source} by `narrativewatch narratives import`.",
            "# Review categories and risk; statements marked 'copied from' need translating.",
            f"format: {CATALOG_FORMAT}",
            "narratives:",
        ]
        for entry in self.entries:
            lines.extend(f"  # {note}" for note in self.notes.get(entry["id"], []))
            lines.append(_indent(_dump_yaml([entry]), "  ").rstrip("\n"))
        text = "\n".join(lines) + "\n"
        parse_catalog(yaml.safe_load(text), self.source)
        return text


def write_import(result: ImportResult, output: str | Path) -> None:
    """Write an import to ``output`` (validated first). Raises CatalogError."""
    _write(Path(output), result.to_yaml())


def import_euvsdisinfo(
    paths: str | Path | Sequence[str | Path], options: ImportOptions
) -> ImportResult:
    """One narrative per case of one or more EUvsDisinfo-style CSV files (``,`` ``;`` or
    tab separated); rows of the same case are merged, also across files (titles from one
    file, excerpts from another).

    Columns, matched case-insensitively: ``id``/``case_id`` (a case URL or any id),
    ``title``/``case_title_en``, ``summary``/``text``, ``keywords``/``case_keywords``
    (``+``, ``,`` or ``;`` separated), ``disproof``, ``url``/``source``/``link``, and
    ``article_excerpt`` with ``article_language`` (texts in their own language).
    """
    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    source = ", ".join(map(str, files))
    rows = [
        (f"{file}:{number}" if len(files) > 1 else f"line {number}", row)
        for file in files
        for number, row in enumerate(_read_csv(file), start=2)
    ]
    cases: dict[str, dict[str, Any]] = {}
    for where, row in rows:
        title = _first(row, "title", "case_title_en", "title_en")
        raw_id = _first(row, "id", "case_id", "url")
        if not title and not raw_id:
            continue
        key = raw_id or title
        case = cases.setdefault(
            key,
            {"id": raw_id, "title": title, "texts": {}, "keywords": [], "refs": [], "line": where},
        )
        case["title"] = case["title"] or title
        summary = _first(row, "summary", "text", "description")
        if summary:
            case["texts"].setdefault("en", []).extend(_sentences(summary))
        excerpt = _first(row, "article_excerpt", "excerpt")
        language = _language(_first(row, "article_language", "excerpt_language"))
        if excerpt and language:
            case["texts"].setdefault(language, []).extend(_sentences(excerpt)[:2])
        for word in re.split(r"[+;,]", _first(row, "keywords", "case_keywords", "tags")):
            if word.strip() and word.strip() not in case["keywords"]:
                case["keywords"].append(word.strip())
        for value in (raw_id, _first(row, "url", "link", "source", "case_url")):
            if re.match(r"^https?://\S+$", value) and value not in case["refs"]:
                case["refs"].append(value)
        case.setdefault("debunk", _first(row, "disproof", "debunk", "debunking"))
    result = ImportResult(source)
    if not cases:
        # Say what was looked for: the cause is almost always the columns.
        found = sorted({column for _, row in rows for column in row if column})
        result.problems.append(
            f"no case found in {len(rows)} rows: each needs an id (id, case_id, url) or a "
            "title (title, case_title_en); "
            + (f"the columns are: {', '.join(found)}" if found else "no columns could be read")
        )
    used: set[str] = set()
    for case in cases.values():
        slug = _slug(case["id"].rstrip("/").rsplit("/", 1)[-1] if case["id"] else case["title"])
        narrative_id = _unique(options.id_prefix + slug, used)
        texts = {lang: _dedupe(items) for lang, items in case["texts"].items()}
        texts["en"] = _dedupe([case["title"], *texts.get("en", [])])
        entry = {
            "id": narrative_id,
            "title": case["title"] or slug.replace("-", " "),
            "summary": " ".join(texts["en"][1:3]) or case["title"],
            "category": _keyword_category(case["keywords"], options.default_category),
            "risk": options.risk,
            "statements": texts,
            "keywords": case["keywords"],
            "debunk": " ".join(_sentences(case.get("debunk") or "")[:3]) or None,
            "references": case["refs"][:5],
        }
        _finish(result, entry, case["line"], options)
    return result


def import_voxcheck(directory: str | Path, options: ImportOptions) -> ImportResult:
    """One narrative per VoxCheck sub-narrative ("Fakes") from ``dataEng.json``,
    ``dataRu.json`` and ``dataUkr.json`` joined on ``Link``: statements are the
    sub-narrative's name in en/ru/uk, the cases' texts become variants, the cases' links
    the references. Raises CatalogError when ``dataEng.json`` is missing or unreadable."""
    root = Path(directory)
    english = _read_json_rows(root / "dataEng.json", required=True)
    by_link = {
        language: {row.get("Link"): row for row in _read_json_rows(root / name, required=False)}
        for language, name in (("ru", "dataRu.json"), ("uk", "dataUkr.json"))
    }
    groups: dict[str, list[tuple[dict[str, Any], dict[str, dict[str, Any]]]]] = {}
    result = ImportResult(str(root))
    for position, row in enumerate(english, start=1):
        fake = _clean(str(row.get("Fakes") or ""))
        if not fake:
            result.problems.append(f"dataEng.json row {position}: no sub-narrative (Fakes)")
            continue
        translations = {
            lang: rows[row.get("Link")] for lang, rows in by_link.items() if row.get("Link") in rows
        }
        groups.setdefault(fake, []).append((row, {"en": row, **translations}))
    used: set[str] = set()
    for fake, members in groups.items():
        narrative_name = _clean(str(members[0][0].get("Narrative") or ""))
        statements: dict[str, list[str]] = {"en": [fake]}
        variants: dict[str, list[str]] = {}
        for _, rows in members:
            for language, row in rows.items():
                if language != "en" and row.get("Fakes"):
                    statements.setdefault(language, []).append(_clean(str(row["Fakes"])))
                case = _clean(_case_text(row))
                if case:
                    variants.setdefault(language, []).append(case)
        # Too few names in a language: the first sentences of its cases are the next texts.
        for language, cases in variants.items():
            names = _dedupe(statements.get(language, []))
            for case in cases:
                if len(names) >= MIN_STATEMENTS_PER_LANGUAGE:
                    break
                names = _dedupe([*names, _sentences(case)[0]])
            statements[language] = names
        links = _dedupe([str(r.get("Link") or "") for r, _ in members])
        debunk = _clean(
            re.sub(r"<[^>]+>", " ", html.unescape(str(members[0][0].get("Debunking") or "")))
        )
        entry = {
            "id": _unique(options.id_prefix + _slug(fake), used),
            "title": fake,
            "summary": f"{fake}. A sub-narrative of \u201c{narrative_name or 'unnamed'}\u201d "
            "in the VoxCheck propaganda diary.",
            "category": VOXCHECK_NARRATIVE_CATEGORIES.get(
                narrative_name.lower(), options.default_category
            ),
            "risk": options.risk,
            "statements": statements,
            "debunk": " ".join(_sentences(debunk)[:2]) or None,
            "references": [u for u in links if re.match(r"^https?://\S+$", u)][:5],
            "variants": {lang: _dedupe(texts) for lang, texts in variants.items()},
        }
        _finish(result, entry, f"sub-narrative {fake!r}", options)
    return result


# -- helpers ------------------------------------------------------------------------------


def _finish(
    result: ImportResult, entry: dict[str, Any], where: str, options: ImportOptions
) -> None:
    """Complete an imported entry's languages, drop empty optional fields, validate it and
    add it to ``result`` — or record why it was left out."""
    statements = {k: v[:MAX_IMPORTED_STATEMENTS] for k, v in entry["statements"].items() if v}
    notes = []
    lacking = _lacking(statements)
    # en, ru, uk first, then other languages: the order texts are borrowed in
    pool = _dedupe(t for lang in sorted(statements, key=_language_order) for t in statements[lang])
    if lacking and options.fill_languages and len(pool) < MIN_STATEMENTS_PER_LANGUAGE:
        result.problems.append(
            f"{where}: narrative '{entry['id']}' left out: only one text "
            f"({_short(pool[0] if pool else '')!r}); it needs a summary, text or excerpt too"
        )
        return
    if lacking and options.fill_languages:
        for language in lacking:
            own = statements.get(language, [])
            borrowed = [t for t in pool if t not in own][: MIN_STATEMENTS_PER_LANGUAGE - len(own)]
            if borrowed:
                statements[language] = own + borrowed
                notes.append(f"statements.{language}: {len(borrowed)} copied from other languages")
        lacking = _lacking(statements)
    entry = {k: v for k, v in entry.items() if v not in (None, "", [], {})}
    entry["statements"] = {
        lang: statements[lang] for lang in sorted(statements, key=_language_order)
    }
    if lacking:
        counts = ", ".join(f"{lang} {len(statements.get(lang, []))}" for lang in lacking)
        result.problems.append(
            f"{where}: narrative '{entry['id']}' left out: needs {MIN_STATEMENTS_PER_LANGUAGE} "
            f"statements in en, ru and uk, has {counts}"
        )
        return
    if not entry.get("references"):
        result.problems.append(f"{where}: narrative '{entry['id']}' left out: no http(s) URL")
        return
    try:
        parse_catalog({"format": CATALOG_FORMAT, "narratives": [entry]}, result.source)
    except CatalogError as exc:
        result.problems.append(f"{where}: left out: {exc}")
        return
    result.entries.append(entry)
    if notes:
        result.notes[entry["id"]] = notes


def _lacking(statements: Mapping[str, Sequence[str]]) -> list[str]:
    return [
        lang
        for lang in REQUIRED_LANGUAGES
        if len(statements.get(lang, ())) < MIN_STATEMENTS_PER_LANGUAGE
    ]


def _language_order(language: str) -> tuple[int, str]:
    return (REQUIRED_LANGUAGES.index(language) if language in REQUIRED_LANGUAGES else 9, language)


def _keyword_category(keywords: Sequence[str], default: str) -> str:
    for keyword in keywords:
        lowered = keyword.lower()
        for category, needles in EUVSDISINFO_KEYWORD_CATEGORIES:
            if any(needle in lowered for needle in needles):
                return category
    return default


def _by_language(statements: Sequence[NarrativeStatement]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for statement in statements:
        grouped.setdefault(statement.language, []).append(statement.text)
    return grouped


def _dump_yaml(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)


def _indent(text: str, prefix: str) -> str:
    return "".join(prefix + line if line.strip() else line for line in text.splitlines(True))


def _write(path: Path, text: str) -> None:
    """Write through a temporary file, so a failure never leaves half a catalog."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(str(path), f"cannot read: {exc}") from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.DictReader(text.splitlines(True), delimiter=delimiter)
    return [
        {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        for row in reader
    ]


def _read_json_rows(path: Path, *, required: bool) -> list[dict[str, Any]]:
    if not path.exists() and not required:
        return []
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(str(path), f"cannot read VoxCheck JSON: {exc}") from None
    if not isinstance(rows, list):
        raise CatalogError(str(path), "expected a JSON list of rows")
    return [row for row in rows if isinstance(row, dict)]


def _case_text(row: Mapping[str, Any]) -> str:
    """The case text column: ``Disinfo_cases_en``, ``Disinfo_cases_ru``, ``Disinfo_cases _ua``."""
    for key, value in row.items():
        if key.replace(" ", "").lower().startswith("disinfo_cases") and value:
            return str(value)
    return ""


def _first(row: Mapping[str, str], *names: str) -> str:
    return next((row[n] for n in names if row.get(n)), "")


def _language(value: str) -> str | None:
    value = value.strip().lower()
    if value in SUPPORTED_LANGUAGES or re.fullmatch(r"[a-z]{2}", value):
        return value
    return _LANGUAGE_NAMES.get(value)


def _sentences(text: str) -> list[str]:
    return [s for s in (_clean(part) for part in _SENTENCE_END.split(_clean(text))) if s]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clean(text: str) -> str:
    # Removed HTML tags leave a space before punctuation ("suppliers ."); close it up.
    return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split()))


def _dedupe(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t))


def _slug(text: str, limit: int = 60) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "narrative"


def _unique(candidate: str, used: set[str]) -> str:
    narrative_id, number = candidate.strip("-") or "narrative", 2
    while narrative_id in used:
        narrative_id = f"{candidate}-{number}"
        number += 1
    used.add(narrative_id)
    return narrative_id
