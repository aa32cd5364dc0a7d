"""A lone capital letter's full stop: an initial, or a sentence's end before a pronoun."""

from __future__ import annotations

import pytest

from narrativewatch.analysis.initials import letter_ends_sentence, sentence_ends_after_letters


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("She posted it on X. He agreed.", True),
        ("Він написав у X. Вона погодилась.", True),
        ("Он написал в X. Это правда.", True),
        ("John F. Kennedy spoke.", False),
        ("J. I. Smith left.", False),  # "I" is another initial here
        ("Officials in the U.S. The end.", False),  # not a lone letter
        ("Malcolm X. Little was born.", False),
    ],
)
def test_letter_ends_sentence(text: str, ends: bool) -> None:
    stop = text.index(". ") if "U.S." not in text else text.index("S.") + 1
    assert letter_ends_sentence(text, stop) is ends


def test_sentence_ends_after_letters_lists_each_end_within_the_range() -> None:
    text = "on X. He said. on X. They said."
    assert sentence_ends_after_letters(text, 0, len(text)) == [5, 20]
    assert sentence_ends_after_letters(text, 6, len(text)) == [20]
