"""Settings are declared once and every one is documented."""

from __future__ import annotations

import pytest

from narrativewatch.errors import ConfigError
from narrativewatch.settings import SETTINGS, Settings

from .conftest import ROOT


def test_every_setting_documented() -> None:
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for spec in SETTINGS:
        assert f"`{spec.name}`" in doc and spec.env_var in doc, spec.name


def test_environment_then_overrides() -> None:
    settings = Settings.load(
        {"db": "x.db"},
        environ={"NARRATIVEWATCH_DB": "env.db", "NARRATIVEWATCH_CLAIM_THRESHOLD": "0.7"},
    )
    assert settings.db == "x.db" and settings.claim_threshold == 0.7


def test_bad_values_named() -> None:
    with pytest.raises(ConfigError, match="NARRATIVEWATCH_CLAIM_THRESHOLD='2'"):
        Settings.load(environ={"NARRATIVEWATCH_CLAIM_THRESHOLD": "2"})
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        Settings.load({"colour": "red"})


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("NARRATIVEWATCH_MAX_BYTES", "-5", "not a positive integer"),
        ("NARRATIVEWATCH_HTTP_TIMEOUT", "0", "not a positive number"),
        ("NARRATIVEWATCH_TIMEZONE", "Mars/Olympus", "not a known IANA zone"),
    ],
)
def test_ingest_settings_are_checked_where_they_are_read(
    variable: str, value: str, reason: str
) -> None:
    with pytest.raises(ConfigError, match=f"{variable}='{value}': .*{reason}"):
        Settings.load(environ={variable: value})


@pytest.mark.parametrize(
    "argv",
    [
        ["alerts", "--db", "cli.db", "--catalog", "extra.yaml", "--no-builtin-catalog"],
        ["discover", "--db", "cli.db", "--catalog", "extra.yaml", "--no-builtin-catalog"],
        ["trends", "--db", "cli.db"],
        ["trace", "some-narrative", "--db", "cli.db"],
        ["ingest", "article.txt", "--db", "cli.db", "--catalog", "extra.yaml"],
    ],
)
def test_every_command_resolves_settings_alike(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command's options override the environment through the same path."""
    from narrativewatch.cli import build_parser

    monkeypatch.setenv("NARRATIVEWATCH_DB", "env.db")
    monkeypatch.setenv("NARRATIVEWATCH_CLAIM_THRESHOLD", "0.7")
    settings = Settings.from_args(build_parser().parse_args(argv))
    assert settings.db == "cli.db"
    assert settings.claim_threshold == 0.7  # the environment still applies
    if "--catalog" in argv:
        assert settings.catalog == ("extra.yaml",)
    assert settings.builtin_catalog is ("--no-builtin-catalog" not in argv)
