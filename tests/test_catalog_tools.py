"""Catalog tools: export round-trips, add validates and refuses duplicates, imports from
EUvsDisinfo-style CSV and VoxCheck-style JSON load with the loader."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from narrativewatch.catalog import load_catalog
from narrativewatch.catalog.loader import load_catalog_file
from narrativewatch.catalog.tools import (
    ImportOptions,
    export_catalog,
    import_euvsdisinfo,
    import_voxcheck,
    parse_statement,
)
from narrativewatch.cli import main
from narrativewatch.errors import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from narrativewatch.model import Narrative

IMPORT_DATA = Path(__file__).resolve().parent / "data" / "import"

ADD_ARGS = [
    "narratives",
    "add",
    "--id",
    "moon-is-russian",
    "--title",
    "The moon belongs to Russia",
    "--summary",
    "Claims that the moon is Russian territory.",
    "--category",
    "historical-revisionism",
    "--risk",
    "low",
    "--statement",
    "en:The moon has always been Russian land.",
    "--statement",
    "en:Russia owns the moon by right of history.",
    "--statement",
    "ru:Луна всегда была русской землёй.",
    "--statement",
    "ru:Луна исторически принадлежит России.",
    "--statement",
    "uk:Місяць завжди був російською землею.",
    "--statement",
    "uk:Місяць історично належить Росії.",
    "--reference",
    "https://example.org/moon",
]


def _without_source(narratives: tuple[Narrative, ...]) -> list[Narrative]:
    return [replace(n, source_file=None) for n in narratives]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_round_trips(cli_env: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    output = cli_env / f"exported.{fmt}"
    assert main(["narratives", "export", "--format", fmt, "--output", str(output)]) == EXIT_OK
    assert _without_source(load_catalog([output], include_builtin=False)) == _without_source(
        load_catalog()
    )
    if fmt == "json":
        assert json.loads(output.read_text(encoding="utf-8"))["format"] == (
            "narrativewatch-catalog/1"
        )
    capsys.readouterr()
    assert main(["narratives", "list", "--no-builtin-catalog", "--catalog", str(output)]) == 0
    assert capsys.readouterr().out.count("\n") == len(load_catalog())


def test_export_keeps_variants_and_user_files(tmp_path: Path) -> None:
    imported = import_voxcheck(IMPORT_DATA / "voxcheck", ImportOptions())
    source = tmp_path / "vox.yaml"
    source.write_text(imported.to_yaml(), encoding="utf-8")
    narratives = load_catalog([source], include_builtin=False)
    assert narratives[0].variants
    exported = tmp_path / "again.yaml"
    exported.write_text(export_catalog(narratives), encoding="utf-8")
    assert _without_source(load_catalog([exported], include_builtin=False)) == _without_source(
        narratives
    )


def test_add_creates_appends_and_refuses_duplicates(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = cli_env / "mine.yaml"
    assert main([*ADD_ARGS, "--file", str(target)]) == EXIT_OK
    assert capsys.readouterr().out == f"added moon-is-russian to {target}\n"
    (narrative,) = load_catalog_file(target)
    assert narrative.id == "moon-is-russian"
    assert [s.language for s in narrative.statements] == ["en", "en", "ru", "ru", "uk", "uk"]
    assert narrative.contrary == ()

    # A second entry is appended below the first, keeping the file's comments.
    target.write_text("# our desk\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    second = [*ADD_ARGS, "--file", str(target)]
    second[second.index("moon-is-russian")] = "moon-is-russian-again"
    assert main(second) == EXIT_OK
    assert target.read_text(encoding="utf-8").startswith("# our desk\n")
    assert [n.id for n in load_catalog_file(target)] == ["moon-is-russian", "moon-is-russian-again"]
    capsys.readouterr()

    before = target.read_text(encoding="utf-8")
    assert main([*ADD_ARGS, "--file", str(target)]) == EXIT_USAGE
    assert capsys.readouterr().err == (
        f"narrativewatch: error: {target}: narrative 'moon-is-russian': field 'id': "
        f"id already defined in {target}\n"
    )
    assert target.read_text(encoding="utf-8") == before


def test_add_refuses_a_bundled_id_and_an_invalid_entry(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled = load_catalog()[0]
    args = [*ADD_ARGS, "--file", "mine.yaml"]
    args[args.index("moon-is-russian")] = bundled.id
    assert main(args) == EXIT_USAGE
    assert f"id already defined in {bundled.source_file}" in capsys.readouterr().err
    assert not (cli_env / "mine.yaml").exists()

    invalid = list(ADD_ARGS)
    position = invalid.index("uk:Місяць історично належить Росії.")
    del invalid[position - 1 : position + 1]
    assert main([*invalid, "--file", "mine.yaml"]) == EXIT_USAGE
    assert capsys.readouterr().err == (
        "narrativewatch: error: mine.yaml: narrative 'moon-is-russian': "
        "field 'statements.uk': needs at least 2 statements\n"
    )
    assert not (cli_env / "mine.yaml").exists()


def test_add_takes_contrary_terms_and_refuses_one_a_statement_asserts(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*ADD_ARGS, "--file", "mine.yaml", "--contrary", "moon landing … American"]
    assert main(args) == EXIT_OK
    (narrative,) = load_catalog_file(cli_env / "mine.yaml")
    assert narrative.contrary == ("moon landing … American",)
    capsys.readouterr()

    # "The moon has always been Russian land." asserts "Russian land": refused, not written.
    args = [*ADD_ARGS, "--file", "other.yaml", "--contrary", "Russian land"]
    assert main(args) == EXIT_USAGE
    assert (
        "field 'contrary': the en statement 'The moon has always been Russian land.' "
        "asserts the contrary term 'Russian land'" in capsys.readouterr().err
    )
    assert not (cli_env / "other.yaml").exists()


def test_add_takes_about_terms_and_refuses_one_a_statement_does_not_name(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    about = ["--about", "moon", "--about", "Лун", "--about", "Місяц"]
    assert main([*ADD_ARGS, "--file", "mine.yaml", *about]) == EXIT_OK
    (narrative,) = load_catalog_file(cli_env / "mine.yaml")
    assert narrative.about == ("moon", "Лун", "Місяц")
    capsys.readouterr()
    assert main(["narratives", "show", "moon-is-russian", "--catalog", "mine.yaml"]) == EXIT_OK
    assert "About terms: moon, Лун, Місяц" in capsys.readouterr().out

    # "Russia owns the moon by right of history." names no "lunar": refused, not written.
    args = [*ADD_ARGS, "--file", "other.yaml", "--about", "lunar", "--about", "Лун"]
    assert main(args) == EXIT_USAGE
    assert (
        "field 'about': the en statement 'The moon has always been Russian land.' names none "
        "of the about terms" in capsys.readouterr().err
    )
    assert not (cli_env / "other.yaml").exists()


def test_parse_statement() -> None:
    assert parse_statement("uk: Київ готує наступ") == ("uk", "Київ готує наступ")
    with pytest.raises(ValueError, match="expected LANG:TEXT"):
        parse_statement("Kyiv is preparing")


def test_import_euvsdisinfo(tmp_path: Path) -> None:
    result = import_euvsdisinfo(IMPORT_DATA / "euvsdisinfo.csv", ImportOptions())
    assert [(e["id"], e["category"]) for e in result.entries] == [
        ("kyiv-plans-to-attack-minsk", "pretext-escalation"),
        ("sanctions-ruin-germany", "sanctions-backfire"),
    ]
    first = result.entries[0]
    assert first["statements"] == {
        "en": [
            "Kyiv plans to attack Minsk",
            "Ukrainian generals have drawn up a plan to strike Minsk.",
            "The offensive is said to start in spring.",
        ],
        "ru": [
            "Киев готовит удар по Минску.",
            "Украинские генералы уже утвердили план наступления.",
        ],
        "uk": ["Київ готує удар по Мінську.", "Українські генерали вже затвердили план наступу."],
    }
    assert first["references"] == ["https://example.org/report/kyiv-plans-to-attack-minsk/"]
    assert result.notes == {
        "sanctions-ruin-germany": [
            "statements.ru: 2 copied from other languages",
            "statements.uk: 2 copied from other languages",
        ]
    }
    assert result.problems == [
        "line 5: narrative 'headline-only' left out: only one text ('A headline without any "
        "text'); it needs a summary, text or excerpt too"
    ]
    output = tmp_path / "eu.yaml"
    output.write_text(result.to_yaml(), encoding="utf-8")
    assert [n.id for n in load_catalog([output], include_builtin=False)] == [
        "kyiv-plans-to-attack-minsk",
        "sanctions-ruin-germany",
    ]


def test_import_without_fill_leaves_out_untranslated_entries() -> None:
    result = import_euvsdisinfo(
        IMPORT_DATA / "euvsdisinfo.csv", ImportOptions(fill_languages=False)
    )
    assert [e["id"] for e in result.entries] == ["kyiv-plans-to-attack-minsk"]
    assert result.problems[0] == (
        "line 4: narrative 'sanctions-ruin-germany' left out: needs 2 statements in en, ru "
        "and uk, has ru 0, uk 0"
    )


def test_import_voxcheck(tmp_path: Path) -> None:
    result = import_voxcheck(IMPORT_DATA / "voxcheck", ImportOptions(id_prefix="vc-"))
    assert [(e["id"], e["category"]) for e in result.entries] == [
        ("vc-europe-will-freeze-without-russian-gas", "energy-blackmail"),
        ("vc-the-moon-belongs-to-russia", "russia-not-aggressor"),
    ]
    gas = result.entries[0]
    assert gas["statements"] == {
        "en": [
            "Europe will freeze without Russian gas",
            "Without Russian gas Europe faces a cold winter.",
        ],
        "ru": [
            "Европа замёрзнет без российского газа",
            "Без российского газа Европу ждёт холодная зима.",
        ],
        "uk": [
            "Європа замерзне без російського газу",
            "Без російського газу Європу чекає холодна зима.",
        ],
    }
    assert sorted(gas["variants"]) == ["en", "ru", "uk"]
    assert len(gas["variants"]["ru"]) == 2
    assert gas["references"] == ["https://example.org/a1", "https://example.org/a2"]
    assert (
        gas["debunk"] == "Europe filled its gas storage from other suppliers. No shortage followed."
    )
    assert result.problems == ["dataEng.json row 4: no sub-narrative (Fakes)"]
    output = tmp_path / "vox.yaml"
    output.write_text(result.to_yaml(), encoding="utf-8")
    assert len(load_catalog([output], include_builtin=False)) == 2


def test_import_command(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "narratives",
            "import",
            "--from",
            "voxcheck",
            str(IMPORT_DATA / "voxcheck"),
            "--output",
            "vox.yaml",
            "--no-fill",
        ]
    )
    assert code == EXIT_PARTIAL
    captured = capsys.readouterr()
    assert captured.out == "imported 1 narratives into vox.yaml\n"
    assert captured.err.splitlines() == [
        "narrativewatch: warning: dataEng.json row 4: no sub-narrative (Fakes)",
        "narrativewatch: warning: sub-narrative 'The moon belongs to Russia': narrative "
        "'the-moon-belongs-to-russia' left out: needs 2 statements in en, ru and uk, "
        "has ru 0, uk 0",
    ]
    assert main(["narratives", "validate", "vox.yaml"]) == EXIT_OK
    assert capsys.readouterr().out == "ok: 1 narratives valid\n"


def test_import_merges_csv_files_by_case_id() -> None:
    result = import_euvsdisinfo(
        [IMPORT_DATA / "euvsdisinfo.csv", IMPORT_DATA / "euvsdisinfo-excerpts.csv"],
        ImportOptions(),
    )
    assert result.problems == []
    headline = result.entries[-1]
    assert headline["id"] == "headline-only"
    assert headline["statements"] == {
        "en": ["A headline without any text", "Погода в Европе испортилась из-за санкций."],
        "ru": ["Погода в Европе испортилась из-за санкций.", "Дожди идут каждый день."],
        "uk": ["A headline without any text", "Погода в Европе испортилась из-за санкций."],
    }
    assert result.notes["headline-only"] == [
        "statements.en: 1 copied from other languages",
        "statements.uk: 2 copied from other languages",
    ]


def test_an_import_with_no_case_column_names_the_columns_it_found(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("headline;body\nA;B\n", encoding="utf-8")
    result = import_euvsdisinfo(wrong, ImportOptions())
    assert result.entries == []
    assert result.problems == [
        "no case found in 1 rows: each needs an id (id, case_id, url) or a title (title, "
        "case_title_en); the columns are: body, headline"
    ]
