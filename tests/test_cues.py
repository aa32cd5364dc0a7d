"""Word-list helpers of `analysis.cues` that other stages build on."""

from __future__ import annotations

import pytest

from narrativewatch.analysis.cues import as_statement


@pytest.mark.parametrize(
    ("content", "language", "statement"),
    [
        (
            "что зерно, вывозимое из украинских портов, уходит в Европу",
            "ru",
            "Зерно, вывозимое из украинских портов, уходит в Европу",
        ),
        ("о том, что Киев готовит провокацию", "ru", "Киев готовит провокацию"),
        ("про те, що Україна готує напад на Білорусь", "uk", "Україна готує напад на Білорусь"),
        ("that the drills were  routine\nand planned", "en", "The drills were routine and planned"),
        # Unknown language: every language's complementizers are tried.
        ("якобы Киев готовит провокацию", None, "Киев готовит провокацию"),
        # Not an opening complementizer: a word that starts with one, or a sentence.
        ("Thatcher's government fell in 1990", "en", "Thatcher's government fell in 1990"),
        ("Что-то происходит на границе с Польшей", "ru", "Что-то происходит на границе с Польшей"),
        # Too little would be left to stand as a statement.
        ("что да, это так", "ru", "что да, это так"),
    ],
)
def test_a_reported_content_reads_as_a_statement(
    content: str, language: str | None, statement: str
) -> None:
    assert as_statement(content, language) == statement
