"""Word-list helpers of `analysis.cues` that other stages build on."""

from __future__ import annotations

import pytest

from narrativewatch.analysis.cues import as_statement, asserts_content


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


@pytest.mark.parametrize(
    ("cue", "asserts"),
    [
        ("said", True),
        ("has warned of", True),
        ("strongly condemns", True),
        (":", True),  # "Peskov: …"
        ("called", True),  # naming, a cue only with a verdict
        ("likened", True),  # "likened the events to the Western-backed Maidan coup"
        ("calls for", False),
        ("called on", False),
        ("pushing for", False),
        ("urges", False),
        ("has long sought", False),
        ("thanked", False),
        ("has instructed", False),  # "… his administration to add Nord Stream 2 AG to …"
        ("ordered", False),
    ],
)
def test_a_cue_says_whether_its_content_is_asserted(cue: str, asserts: bool) -> None:
    assert asserts_content(cue, "an emergency meeting of the alliance", "en") is asserts


@pytest.mark.parametrize(
    "content",
    [
        "Kyiv to stop shelling the Zaporizhzhia nuclear power plant",
        "the West to cease arming the regime in Kyiv",
        "NATO to end its military build-up near the border",
    ],
)
def test_a_demand_to_stop_something_asserts_that_it_is_done(content: str) -> None:
    assert asserts_content("urged", content, "en")
    assert not asserts_content("urged", "Kyiv to open talks with Moscow", "en")


def test_russian_and_ukrainian_cues_always_assert() -> None:
    # Their rule cues are speech verbs with a clause; nothing is listed to exclude.
    assert asserts_content("призвал", "Запад к переговорам", "ru")
    assert asserts_content("закликав", "Захід до переговорів", "uk")
