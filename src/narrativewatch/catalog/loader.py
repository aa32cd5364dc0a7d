"""Load and validate narrative catalog files (format ``narrativewatch-catalog/1``).

The format is documented in docs/catalog.md. Validation is strict and every error names
the file, the narrative and the field, because a catalog is written by hand and a silent
typo would silently lose matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

from narrativewatch.errors import CatalogError
from narrativewatch.matching.contrary import read_contrary
from narrativewatch.matching.terms import names_any, term_problem
from narrativewatch.model import SUPPORTED_LANGUAGES, Narrative, NarrativeStatement

T = TypeVar("T")

# libyaml's parser when PyYAML was built with it (the wheels are): the same documents as
# the pure-Python SafeLoader, 8x faster — the catalog and the actor registry are parsed
# at every process start, workers included.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CATALOG_FORMAT = "narrativewatch-catalog/1"

CATEGORIES: Mapping[str, str] = {
    "pretext-escalation": "Ukraine or the West is preparing an attack, provocation or false "
    "flag; used to justify escalation",
    "nato-aggression": "NATO expansion, encirclement or planned attack threatens Russia or Belarus",
    "ukraine-nazi": "Ukraine is run by Nazis; 'denazification'",
    "western-puppet": "Ukraine is a puppet or colony of the West",
    "biolabs": "US military biological laboratories in Ukraine and nearby",
    "sanctions-backfire": "Sanctions hurt Europe more than Russia",
    "failed-state": "Ukraine is a failed, corrupt or illegitimate state; aid is stolen",
    "russia-not-aggressor": "Russia is not an aggressor; it only defends itself",
    "staged-atrocities": "Atrocities are staged; war crimes are denied or blamed on Ukraine",
    "russophobia": "Russians and Russian speakers are persecuted; Western russophobia",
    "historical-revisionism": "Ukraine is not a real nation; Maidan was a coup",
    "mh17": "Russia had nothing to do with the downing of MH17",
    "religious-persecution": "Kyiv persecutes the Moscow-linked Orthodox Church",
    "energy-blackmail": "Energy, gas and pipelines as leverage; who blew up Nord Stream",
    "west-decline": "The West is collapsing, decadent or tired of Ukraine",
    "refugees": "Ukrainian refugees are criminals or a burden",
}
RISK_LEVELS: tuple[str, ...] = ("low", "medium", "high", "critical")
MIN_STATEMENTS_PER_LANGUAGE = 2
_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REQUIRED = ("id", "title", "summary", "category", "risk", "statements", "references")
_OPTIONAL = ("keywords", "contrary", "about", "techniques", "debunk", "variants")
_TECHNIQUE_PATTERN = re.compile(r"^T\d{4}(?:\.\d{3})?$")


def builtin_catalog_files() -> list[Path]:
    """The YAML files of the catalog bundled with the package, sorted by name."""
    root = resources.files("narrativewatch.catalog") / "data"
    return sorted(Path(str(entry)) for entry in root.iterdir() if entry.name.endswith(".yaml"))


def expand_catalog_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files for the given paths: a file as is, a directory as its ``*.yaml``/``*.yml``
    (for narrative catalogs and actor registries alike). Raises CatalogError for a path
    that does not exist."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml"}))
        elif path.exists():
            files.append(path)
        else:
            raise CatalogError(str(path), "no such file or directory")
    return files


def load_catalog(
    paths: Iterable[str | Path] = (), *, include_builtin: bool = True
) -> tuple[Narrative, ...]:
    """Load the bundled catalog (unless ``include_builtin`` is false) and the user's files.

    Returns narratives in file order. Raises CatalogError naming file, entry and field for
    any invalid file, and for an id defined twice.
    """
    files = _catalog_files(paths, include_builtin)
    narratives = _load_files(files, None)
    if not narratives:
        raise _empty(files)
    return tuple(narratives)


def validate_catalog(
    paths: Iterable[str | Path] = (), *, include_builtin: bool = True
) -> tuple[tuple[Narrative, ...], list[CatalogError]]:
    """The valid narratives of the catalog ``load_catalog`` would load, and everything
    wrong with it — an unreadable file, each invalid entry, each id defined twice —
    instead of the first problem only: what ``narratives validate`` reports, so that one
    run shows every entry to fix."""
    files = _catalog_files(paths, include_builtin)
    problems: list[CatalogError] = []
    narratives = _load_files(files, problems)
    if not narratives and not problems:
        problems.append(_empty(files))
    return tuple(narratives), problems


def _catalog_files(paths: Iterable[str | Path], include_builtin: bool) -> list[Path]:
    return (builtin_catalog_files() if include_builtin else []) + expand_catalog_paths(paths)


def _load_files(files: Sequence[Path], problems: list[CatalogError] | None) -> list[Narrative]:
    """The narratives of ``files`` in order. Raises the first CatalogError; with
    ``problems``, adds each there and leaves out what it concerns instead."""
    narratives: list[Narrative] = []
    first_seen: dict[str, str] = {}
    for path in files:
        try:
            loaded = load_catalog_file(path, problems)
        except CatalogError as error:
            if problems is None:
                raise
            problems.append(error)
            continue
        for narrative in loaded:
            if narrative.id in first_seen:
                twice = CatalogError(
                    str(path),
                    f"id already defined in {first_seen[narrative.id]}",
                    entry=f"narrative '{narrative.id}'",
                    field="id",
                )
                if problems is None:
                    raise twice
                problems.append(twice)
                continue
            first_seen[narrative.id] = str(path)
            narratives.append(narrative)
    return narratives


def _empty(files: Sequence[Path]) -> CatalogError:
    return CatalogError(", ".join(map(str, files)) or "(none)", "the catalog is empty")


def narrative_known(
    narrative_id: str, paths: Iterable[str | Path] = (), *, include_builtin: bool = True
) -> bool:
    """Whether ``narrative_id`` names a discovered cluster ("discovered:12") or a narrative
    of the catalog as ``load_catalog`` loads it: for a command to tell a mistyped id from a
    narrative that has not appeared yet."""
    from narrativewatch.discovery.appearances import is_discovered

    return is_discovered(narrative_id) or any(
        n.id == narrative_id for n in load_catalog(paths, include_builtin=include_builtin)
    )


def load_catalog_file(
    path: str | Path, problems: list[CatalogError] | None = None
) -> list[Narrative]:
    """Parse and validate one catalog file. Raises CatalogError; with ``problems``, an
    invalid entry is added there and left out instead (the file must still parse)."""
    name = str(path)
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(name, f"cannot read: {exc}") from None
    try:
        document = yaml.load(raw, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CatalogError(name, f"invalid YAML{where}: {problem}") from None
    return parse_catalog(document, name, problems)


def parse_catalog(
    document: Any, name: str, problems: list[CatalogError] | None = None
) -> list[Narrative]:
    """Validate a parsed catalog document (a dict) and build narratives. Raises
    CatalogError; with ``problems``, each invalid entry is added there instead."""
    if not isinstance(document, dict):
        raise CatalogError(name, "expected a mapping with 'format' and 'narratives'")
    if document.get("format") != CATALOG_FORMAT:
        raise CatalogError(
            name, f"expected format: {CATALOG_FORMAT}, got {document.get('format')!r}"
        )
    entries = document.get("narratives")
    if not isinstance(entries, list) or not entries:
        raise CatalogError(name, "'narratives' must be a non-empty list")
    narratives = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        try:
            narrative = _parse_narrative(entry, name, position)
            if narrative.id in seen:
                raise CatalogError(name, "duplicate id", f"narrative '{narrative.id}'", "id")
        except CatalogError as error:
            if problems is None:
                raise
            problems.extend((error, *error.others))
            continue
        seen.add(narrative.id)
        narratives.append(narrative)
    return narratives


def _parse_narrative(entry: Any, name: str, position: int) -> Narrative:
    """The narrative of one catalog entry. Raises CatalogError for its first invalid field;
    the error's ``others`` hold the rest, so that `narratives validate` shows every field
    to fix in one run."""
    label = f"narrative #{position}"
    if not isinstance(entry, dict):
        raise CatalogError(name, "must be a mapping", label)
    narrative_id = entry.get("id")
    if isinstance(narrative_id, str) and narrative_id:
        label = f"narrative '{narrative_id}'"

    def fail(field_name: str, reason: str) -> CatalogError:
        return CatalogError(name, reason, label, field_name)

    problems: list[CatalogError] = []

    def checked(parse: Callable[[], T]) -> T | None:
        try:
            return parse()
        except CatalogError as error:
            problems.append(error)
            return None

    missing = [k for k in _REQUIRED if k not in entry or entry[k] in (None, "", [], {})]
    problems.extend(fail(key, "is required") for key in missing)
    known = ", ".join(_REQUIRED + _OPTIONAL)
    for key in sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL), key=str):
        problems.append(fail(str(key), f"unknown field; known fields: {known}"))
    if "id" not in missing and (
        not isinstance(narrative_id, str) or not _ID_PATTERN.match(narrative_id)
    ):
        problems.append(fail("id", "must be kebab-case: lowercase letters, digits and hyphens"))
    for key in ("title", "summary"):
        if key not in missing and not isinstance(entry[key], str):
            problems.append(fail(key, "must be text"))
    if "category" not in missing and entry["category"] not in CATEGORIES:
        problems.append(fail("category", f"must be one of {', '.join(CATEGORIES)}"))
    if "risk" not in missing and entry["risk"] not in RISK_LEVELS:
        problems.append(fail("risk", f"must be one of {', '.join(RISK_LEVELS)}"))
    statements: tuple[NarrativeStatement, ...] = ()
    if "statements" not in missing:
        statements = (
            checked(
                lambda: _parse_statements(entry["statements"], "statements", fail, required=True)
            )
            or ()
        )
    variants = (
        checked(
            lambda: _parse_statements(entry.get("variants") or {}, "variants", fail, required=False)
        )
        or ()
    )
    keywords = checked(lambda: _parse_words(entry.get("keywords") or {}, "keywords", fail)) or ()
    contrary = checked(lambda: _parse_words(entry.get("contrary") or {}, "contrary", fail)) or ()
    problems.extend(_contrary_problems(contrary, statements, fail))
    about = checked(lambda: _parse_words(entry.get("about") or {}, "about", fail)) or ()
    problems.extend(_about_problems(about, statements, fail))
    techniques = entry.get("techniques") or []
    if not isinstance(techniques, list) or not all(
        isinstance(t, str) and _TECHNIQUE_PATTERN.match(t) for t in techniques
    ):
        problems.append(fail("techniques", "must be a list of DISARM technique ids such as T0022"))
    debunk = entry.get("debunk")
    if debunk is not None and not isinstance(debunk, str):
        problems.append(fail("debunk", "must be text"))
    references: tuple[str, ...] = ()
    if "references" not in missing:
        references = checked(lambda: _parse_references(entry["references"], fail)) or ()
    if problems:
        first = problems[0]
        first.others = tuple(problems[1:])
        raise first
    return Narrative(
        id=str(narrative_id),
        title=entry["title"].strip(),
        summary=" ".join(entry["summary"].split()),
        category=entry["category"],
        risk=entry["risk"],
        statements=statements,
        references=references,
        techniques=tuple(techniques),
        debunk=" ".join(debunk.split()) if debunk else None,
        variants=variants,
        keywords=keywords,
        contrary=contrary,
        about=about,
        source_file=name,
    )


def _parse_statements(
    value: Any, field_name: str, fail: Any, *, required: bool
) -> tuple[NarrativeStatement, ...]:
    if not isinstance(value, dict):
        raise fail(field_name, "must map a language (en, ru, uk) to a list of sentences")
    result: list[NarrativeStatement] = []
    if required:
        for language in sorted(SUPPORTED_LANGUAGES):
            texts = value.get(language)
            if not isinstance(texts, list) or len(texts) < MIN_STATEMENTS_PER_LANGUAGE:
                raise fail(
                    f"{field_name}.{language}",
                    f"needs at least {MIN_STATEMENTS_PER_LANGUAGE} statements",
                )
    for language, texts in value.items():
        if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2,3}", language):
            raise fail(f"{field_name}.{language}", "language must be an ISO 639-1 code")
        if not isinstance(texts, list):
            raise fail(f"{field_name}.{language}", "must be a list of sentences")
        for text in texts:
            if not isinstance(text, str) or not text.strip():
                raise fail(f"{field_name}.{language}", "every statement must be non-empty text")
            result.append(NarrativeStatement(language=language, text=" ".join(text.split())))
    return tuple(result)


def _parse_words(value: Any, field_name: str, fail: Any) -> tuple[str, ...]:
    """Keywords, contrary or about terms: a list, or a list per language (read together)."""
    if isinstance(value, list):
        groups: Iterable[Any] = [value]
    elif isinstance(value, dict):
        groups = value.values()
    else:
        raise fail(field_name, "must be a list, or map a language to a list")
    words: list[str] = []
    for group in groups:
        if not isinstance(group, list) or not all(isinstance(w, str) and w.strip() for w in group):
            raise fail(field_name, "every entry must be non-empty text")
        words.extend(" ".join(w.split()) for w in group)
    return tuple(words)


def _contrary_problems(
    terms: Sequence[str], statements: Sequence[NarrativeStatement], fail: Any
) -> list[CatalogError]:
    """Contrary terms that cannot be read, or that the narrative's own statements assert:
    a term its statements use in their own voice would contradict the narrative itself."""
    problems = _unreadable_terms("contrary", terms, fail)
    if problems:
        return problems
    for statement in statements:
        found = read_contrary(statement.text, terms, statement.language).asserted
        if found is not None:
            word = statement.text[found.start : found.end]
            problems.append(
                fail(
                    "contrary",
                    f"the {statement.language} statement {statement.text!r} asserts the "
                    f"contrary term {word!r}: a term must name what the narrative denies",
                )
            )
    return problems


def _unreadable_terms(field_name: str, terms: Sequence[str], fail: Any) -> list[CatalogError]:
    """Contrary or about terms that are not a sequence of words (`terms.term_problem`)."""
    return [
        fail(field_name, f"{term!r} {reason}")
        for term in terms
        if (reason := term_problem(term)) is not None
    ]


def _about_problems(
    terms: Sequence[str], statements: Sequence[NarrativeStatement], fail: Any
) -> list[CatalogError]:
    """About terms that cannot be read, or a statement that names none of them: the
    narrative's own statements must name its subject, or the narrative could never be
    matched in words like its own."""
    problems = _unreadable_terms("about", terms, fail)
    if problems or not terms:
        return problems
    return [
        fail(
            "about",
            f"the {statement.language} statement {statement.text!r} names none of the "
            "about terms: add the word it uses for the narrative's subject",
        )
        for statement in statements
        if not names_any(statement.text, terms)
    ]


def _parse_references(value: Any, fail: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise fail("references", "must be a non-empty list")
    urls = []
    for reference in value:
        url = reference.get("url") if isinstance(reference, dict) else reference
        if not isinstance(url, str) or not re.match(r"^https?://\S+$", url):
            raise fail("references", f"not a public http(s) URL: {url!r}")
        urls.append(url)
    return tuple(urls)
