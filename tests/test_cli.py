"""The command line: help everywhere, JSON output, batches with bad input, exit codes."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest

from narrativewatch.cli import build_parser, main
from narrativewatch.errors import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE

from .conftest import ARTICLES

# The project's own rendering of the sample, so the CLI tests need nothing outside the repo.
ARTICLE = ARTICLES / "up-2024-07-01-kremlin-troops-belarus.uk.txt"

GOOD_RU = (
    "Пресс-секретарь президента России Дмитрий Песков заявил, что Украина стягивает войска "
    "к границе с Беларусью. Госпогранслужба Украины назвала это заявление фейком.\n"
)


def _subparsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((name, sub))
                found.extend((f"{name} {n}", s) for n, s in _subparsers(sub))
    return found


def test_every_command_has_help() -> None:
    parser = build_parser()
    commands = _subparsers(parser)
    assert {
        "analyze",
        "ingest",
        "overview",
        "demo",
        "show",
        "narratives list",
        "narratives validate",
        "settings",
    } <= {name for name, _ in commands}
    for name, sub in commands:
        assert sub.description and len(sub.description) > 30, name
        for action in sub._actions:
            if action.dest != "help" and not isinstance(action, argparse._SubParsersAction):
                assert action.help, f"{name}: {action.dest} has no help"
        assert "exit codes" in sub.format_help()


def test_analyze_json_is_stable(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(ARTICLE), "--json"]) == EXIT_OK
    result = json.loads(capsys.readouterr().out)
    assert list(result) == [
        "schema",
        "model_id",
        "document",
        "language",
        "published_at",
        "published_at_source",
        "actors",
        "entities",
        "quotes",
        "attributions",
        "time_expressions",
        "claims",
        "matches",
        "document_stance",
        "actor_stances",
        "warnings",
    ]
    assert result["schema"] == "narrativewatch.analysis/1"
    match = result["matches"][0]
    assert set(match) >= {"narrative_id", "score", "evidence", "document_stance", "actor_stances"}
    why = match["explanation"]
    assert why["margin"] == match["confidence"] and why["margin"] >= why["thresholds"]["suggest"]
    text = ARTICLE.read_text(encoding="utf-8")
    assert result["document"]["characters"] > 0
    evidence = match["evidence"]
    assert evidence["text"] in text


def test_analyze_text_report(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(ARTICLE)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Narratives" in out and "Dmitry Peskov" in out and "outlet stance: refutes" in out


def test_ingest_batch_with_bad_input(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = cli_env / "batch"
    batch.mkdir()
    (batch / "empty.txt").write_text("")
    (batch / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with open(batch / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (batch / "broken.html").write_text("<html><body><div><p>unclosed <<<>>> </html")
    (batch / "cp1251.txt").write_bytes(GOOD_RU.encode("cp1251"))
    (batch / "corpus.jsonl").write_text(
        json.dumps(
            {
                "text": "Lavrov said that NATO is preparing an attack on Belarus from "
                "Poland and Lithuania.",
                "published_at": "2024-05-07T10:00:00+03:00",
            }
        )
        + "\n{not json\n"
        + json.dumps({"title": "no text field"})
        + "\n",
        encoding="utf-8",
    )
    code = main(
        [
            "ingest",
            str(batch),
            "http://127.0.0.1:9/nothing-listens-here",
            "--quiet",
            "--db",
            "batch.db",
        ]
    )
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if "error" in line]
    assert code == EXIT_PARTIAL
    for item in (
        "empty.txt",
        "binary.txt",
        "huge.txt",
        "broken.html",
        "corpus.jsonl:2",
        "corpus.jsonl:3",
        "http://127.0.0.1:9/nothing-listens-here",
    ):
        assert sum(item in line for line in errors) == 1, (item, errors)
    assert len(errors) == 7
    assert "2 stored" in captured.out
    with sqlite3.connect(cli_env / "batch.db") as db:
        texts = [row[0] for row in db.execute("SELECT text FROM documents ORDER BY id")]
    assert any("Песков" in t for t in texts)  # cp1251 decoded, not an error
    # Ingesting the same batch again changes nothing.
    assert main(["ingest", str(batch), "--quiet", "--db", "batch.db"]) == EXIT_PARTIAL
    assert "0 stored" in capsys.readouterr().out
    with sqlite3.connect(cli_env / "batch.db") as db:
        assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2


def test_nothing_readable_is_a_failure(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (cli_env / "empty.txt").write_text("   \n")
    assert main(["ingest", "empty.txt", "--quiet"]) == EXIT_FAILED
    assert "empty.txt: no text" in capsys.readouterr().err


def test_workers_must_be_a_positive_number(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for bad in ("0", "two"):
        with pytest.raises(SystemExit) as exit_info:
            main(["ingest", str(ARTICLE), "--workers", bad])
        assert exit_info.value.code == EXIT_USAGE
        assert f"{bad!r} is not a positive integer" in capsys.readouterr().err


def test_invalid_catalog_is_a_usage_error(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = cli_env / "bad.yaml"
    bad.write_text("format: narrativewatch-catalog/1\nnarratives:\n  - id: x\n    title: X\n")
    assert main(["analyze", str(ARTICLE), "--catalog", str(bad)]) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert err.startswith("narrativewatch: error: ")
    assert "bad.yaml: narrative 'x': field 'summary': is required" in err
    assert main(["narratives", "validate", str(bad)]) == EXIT_USAGE


def test_validate_reports_every_invalid_entry(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = cli_env / "bad.yaml"
    bad.write_text(
        "format: narrativewatch-catalog/1\nnarratives:\n"
        "  - id: x\n    title: X\n"
        "  - id: Not-Kebab\n    title: Y\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["narratives", "validate", str(bad)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "narrative 'x': field 'summary': is required" in err
    assert "narrative 'x': field 'references': is required" in err
    assert "narrative 'Not-Kebab': field 'id': must be kebab-case" in err
    # Every missing field of both entries (5 each) and the bad id.
    assert "11 problems" in err


def test_unknown_narrative(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["narratives", "show", "no-such-thing"]) == EXIT_FAILED
    assert "no narrative 'no-such-thing'" in capsys.readouterr().err


def test_a_command_group_without_an_action_prints_its_own_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["review"]) == EXIT_USAGE
    out = capsys.readouterr().out
    assert out.startswith("usage: narrativewatch review") and "confirm" in out


def test_narratives_show_prints_variants_keywords_contrary_terms_and_techniques(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "catalog.yaml"
    statements = "\n".join(
        f"      {lang}: [{first!r}, {second!r}]"
        for lang, first, second in (
            ("en", "Kyiv is hiding troops in schools.", "Kyiv puts guns in hospitals."),
            ("ru", "Киев прячет войска в школах.", "Киев ставит пушки в больницах."),
            ("uk", "Київ ховає війська в школах.", "Київ ставить гармати в лікарнях."),
        )
    )
    variants = [f"Variant number {i} about troops hidden in schools." for i in range(8)]
    catalog.write_text(
        "format: narrativewatch-catalog/1\n"
        "narratives:\n"
        "  - id: troops-in-schools\n"
        "    title: Troops in schools\n"
        "    summary: Claims that Kyiv hides troops in schools.\n"
        "    category: staged-atrocities\n"
        "    risk: low\n"
        f"    statements:\n{statements}\n"
        f"    variants:\n      en: {variants!r}\n"
        "    keywords: {en: [schools, hospitals], ru: [школы]}\n"
        "    contrary: {en: [evacuated the school]}\n"
        "    techniques: [T0004]\n"
        "    references: [https://example.org/a]\n",
        encoding="utf-8",
    )
    assert main(["narratives", "show", "troops-in-schools", "--catalog", str(catalog)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Variants (8; --json lists all):" in out
    assert "Variant number 4" in out and "Variant number 5" not in out
    assert "Keywords: schools, hospitals, школы" in out
    assert "Contrary terms: evacuated the school" in out
    assert "Techniques: T0004" in out
