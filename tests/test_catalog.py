"""The bundled catalog is valid and complete; invalid catalogs get errors naming file,
entry and field; users can add files beside or instead of the bundled catalog."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from narrativewatch.catalog import CATEGORIES, load_catalog, load_catalog_file
from narrativewatch.catalog.loader import validate_catalog
from narrativewatch.errors import CatalogError

VALID_ENTRY = {
    "id": "my-narrative",
    "title": "A test narrative",
    "summary": "What it claims.",
    "category": "biolabs",
    "risk": "low",
    "statements": {
        "en": ["First statement.", "Second statement."],
        "ru": ["Первое утверждение.", "Второе утверждение."],
        "uk": ["Перше твердження.", "Друге твердження."],
    },
    "references": [{"url": "https://example.org/a", "title": "A"}],
}


def write_catalog(path: Path, *entries: dict) -> Path:
    path.write_text(
        yaml.safe_dump(
            {"format": "narrativewatch-catalog/1", "narratives": list(entries)}, allow_unicode=True
        ),
        encoding="utf-8",
    )
    return path


def test_bundled_catalog_covers_the_narrative_families() -> None:
    narratives = load_catalog()
    assert len(narratives) >= 40
    categories = Counter(n.category for n in narratives)
    for needed in (
        "pretext-escalation",
        "nato-aggression",
        "ukraine-nazi",
        "western-puppet",
        "biolabs",
        "sanctions-backfire",
    ):
        assert categories[needed] >= 2, needed
    assert set(categories) <= set(CATEGORIES)
    for narrative in narratives:
        per_language = Counter(s.language for s in narrative.statements)
        assert min(per_language[lang] for lang in ("en", "ru", "uk")) >= 2, narrative.id
        assert narrative.references and narrative.summary and narrative.risk
    assert len({n.id for n in narratives}) == len(narratives)


def test_user_catalog_beside_and_instead(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "mine.yaml", VALID_ENTRY)
    beside = load_catalog([path])
    assert beside[-1].id == "my-narrative" and len(beside) > 40
    instead = load_catalog([tmp_path], include_builtin=False)
    assert [n.id for n in instead] == ["my-narrative"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"risk": "extreme"}, "mine.yaml: narrative 'my-narrative': field 'risk': must be one of"),
        ({"category": "aliens"}, "narrative 'my-narrative': field 'category': must be one of"),
        (
            {"statements": {"en": ["x", "y"], "ru": ["x", "y"], "uk": ["only one"]}},
            "narrative 'my-narrative': field 'statements.uk': needs at least 2 statements",
        ),
        ({"references": ["not a url"]}, "field 'references': not a public http(s) URL"),
        ({"id": "Bad Id"}, "field 'id': must be kebab-case"),
        ({"colour": "red"}, "field 'colour': unknown field"),
        ({"title": None}, "field 'title': is required"),
        ({"contrary": "annex"}, "field 'contrary': must be a list, or map a language to a list"),
        ({"contrary": {"en": ["… full"]}}, "field 'contrary': '… full' cannot begin or end"),
        # A contrary term names what the narrative denies; its own statement cannot assert it.
        (
            {"contrary": {"en": ["second"]}},
            "field 'contrary': the en statement 'Second statement.' asserts the contrary "
            "term 'Second'",
        ),
        ({"about": {"en": ["… statement"]}}, "field 'about': '… statement' cannot begin or end"),
        ({"about": {"en": [2014]}}, "field 'about': every entry must be non-empty text"),
        # Every statement must name the subject, or words like the narrative's own could
        # never match it.
        (
            {"about": {"en": ["statement"], "ru": ["утвержден"], "uk": ["Перше"]}},
            "field 'about': the uk statement 'Друге твердження.' names none of the about terms",
        ),
    ],
)
def test_invalid_entry_named(tmp_path: Path, change: dict, message: str) -> None:
    entry = {**VALID_ENTRY, **change}
    path = write_catalog(tmp_path / "mine.yaml", entry)
    with pytest.raises(CatalogError) as error:
        load_catalog_file(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_about_terms_load_when_every_statement_names_one(tmp_path: Path) -> None:
    about = {"en": ["statement"], "ru": ["утвержден"], "uk": ["твердженн"]}
    path = write_catalog(tmp_path / "mine.yaml", {**VALID_ENTRY, "about": about})
    (narrative,) = load_catalog_file(path)
    assert narrative.about == ("statement", "утвержден", "твердженн")


def test_bundled_about_terms_are_named_by_their_statements() -> None:
    with_about = [n for n in load_catalog() if n.about]
    # The event-bound narratives name their subject (docs/catalog.md, "About terms").
    assert {
        "ukraine-shot-down-mh17",
        "bucha-massacre-staged",
        "crimea-voluntary-reunification",
    } <= {n.id for n in with_about}


def test_validation_reports_every_bad_field_of_an_entry(tmp_path: Path) -> None:
    bad = {**VALID_ENTRY, "id": "bad-one", "risk": "extreme", "category": "aliens"}
    bad["references"] = ["ftp://x"]
    write_catalog(tmp_path / "mine.yaml", bad, {**VALID_ENTRY, "id": "good-one"})
    narratives, problems = validate_catalog([tmp_path], include_builtin=False)
    assert [n.id for n in narratives] == ["good-one"]
    assert [(p.entry, p.field) for p in problems] == [
        ("narrative 'bad-one'", "category"),
        ("narrative 'bad-one'", "risk"),
        ("narrative 'bad-one'", "references"),
    ]
    # Loading stops at the first.
    with pytest.raises(CatalogError, match="field 'category'"):
        load_catalog([tmp_path], include_builtin=False)


def test_invalid_yaml_and_format(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: narrativewatch-catalog/1\nnarratives: [\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"broken.yaml: invalid YAML at line \d+"):
        load_catalog_file(broken)
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("format: something-else\nnarratives: []\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="expected format: narrativewatch-catalog/1"):
        load_catalog_file(wrong)


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    write_catalog(tmp_path / "a.yaml", VALID_ENTRY)
    write_catalog(tmp_path / "b.yaml", VALID_ENTRY)
    with pytest.raises(
        CatalogError,
        match=r"b\.yaml: narrative 'my-narrative': field 'id': id already defined in .*a\.yaml",
    ):
        load_catalog([tmp_path], include_builtin=False)


def test_missing_catalog_path(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"nowhere\.yaml: no such file"):
        load_catalog([tmp_path / "nowhere.yaml"])
