"""Sentence splitting: offsets that point at the text, abbreviations that do not end a
sentence, line breaks as hard boundaries, and every language's own splitter."""

from __future__ import annotations

import pytest

from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.analysis.sentences import split_sentences


@pytest.fixture(scope="module")
def models() -> NlpModels:
    return NlpModels()


def texts(text: str, language: str, models: NlpModels) -> list[str]:
    sentences = split_sentences(text, language, models)
    return [s.span.text_of(text) for s in sentences]


def test_english_abbreviations_and_initials_do_not_end_a_sentence(models: NlpModels) -> None:
    text = (
        "Mr. Smith met U.S. officials in Washington on Jan. 5 to discuss aid. "
        "They left at 3 p.m. without a statement! Was it planned?"
    )
    assert texts(text, "en", models) == [
        "Mr. Smith met U.S. officials in Washington on Jan. 5 to discuss aid.",
        "They left at 3 p.m. without a statement!",
        "Was it planned?",
    ]


@pytest.mark.parametrize(
    "block",
    [
        "Dr. Ivanova of St. Petersburg State Univ. spoke at 9 a.m. on Fig. 3, e.g. the map. "
        "No. 5 was next. Gen. Miller (ret.) agreed, i.e. he signed. It ended.",
        "The Ft. Worth plant, Inc. and Co. Ltd. said so. Sen. Reyes, Gov. Hale and Lt. Col. "
        "Diaz met Pres. Zelensky vs. the Dept. of State in Jan. and Feb. Then they left.",
        "ALL CAPS ST. AND MT. ARE HERE. a. lower start. Nothing else matters. Al. Ed. Vol. 2.",
    ],
)
def test_the_english_splitter_splits_as_pysbd_itself(models: NlpModels, block: str) -> None:
    """The segmenter skips abbreviations a block cannot hold (analysis/nlp.py); pysbd's own
    English rules must give the same sentences."""
    import pysbd

    own = pysbd.Segmenter(language="en", clean=False, char_span=False)
    ours = models.sentence_segmenter("en")
    assert ours.language_module is not own.language_module
    expected = [str(s) for s in own.processor(block).process()]
    assert [str(s) for s in ours.processor(block).process()] == expected
    assert len(expected) >= 3


def test_offsets_survive_quotes_brackets_and_repeated_sentences(models: NlpModels) -> None:
    text = (
        'He said: "We will not retreat." The ministry confirmed it. '
        "He said it again. He said it again.\n\n• A bullet line without a period"
    )
    found = texts(text, "en", models)
    assert found[-1] == "A bullet line without a period"  # bullet left out of the span
    assert found.count("He said it again.") == 2
    assert "The ministry confirmed it." in found
    sentences = split_sentences(text, "en", models)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert sentences[-1].paragraph > sentences[0].paragraph
    starts = [s.span.start for s in sentences]
    assert starts == sorted(set(starts))


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "В 2022 г. армия отступила. Об этом сообщил т. н. «источник».", 2),
        ("uk", "Близько 5 тис. військових прибули. Про це повідомив речник ДПСУ.", 2),
    ],
)
def test_russian_and_ukrainian_abbreviations(
    models: NlpModels, language: str, text: str, expected: int
) -> None:
    assert len(texts(text, language, models)) == expected


def test_emoji_that_open_a_telegram_line_are_left_out(models: NlpModels) -> None:
    text = (
        "⚡️Срочно: ВСУ готовят провокацию на Запорожской АЭС\n\n"
        "🔺Киевский режим планирует обстрелять станцию.\n\n"
        "👉 Подписывайтесь на канал\n\n"
        "$75 million was spent on the villa."
    )
    assert texts(text, "ru", models) == [
        "Срочно: ВСУ готовят провокацию на Запорожской АЭС",
        "Киевский режим планирует обстрелять станцию.",
        "Подписывайтесь на канал",
        "$75 million was spent on the villa.",
    ]


def test_a_line_without_full_stops_is_cut_into_pieces_at_spaces(models: NlpModels) -> None:
    # A list or tag cloud run together: no stage may read it as one 12,000-word sentence
    # (several read a sentence once per cue or name in it).
    from narrativewatch.analysis.sentences import LONGEST_SENTENCE

    words = [f"word{i}" for i in range(12_000)]
    text = "Tags: " + " ".join(words)
    sentences = split_sentences(text, "en", models)
    pieces = [s.span.text_of(text) for s in sentences]
    assert len(pieces) > 1
    assert all(0 < len(piece) <= LONGEST_SENTENCE for piece in pieces)
    # Cut at spaces: every word whole, in order, nothing lost.
    assert " ".join(pieces) == text
    assert [s.index for s in sentences] == list(range(len(sentences)))


def test_a_long_word_run_is_cut_even_without_spaces(models: NlpModels) -> None:
    from narrativewatch.analysis.sentences import LONGEST_SENTENCE

    text = "x" * (2 * LONGEST_SENTENCE + 10)
    pieces = [s.span.text_of(text) for s in split_sentences(text, "en", models)]
    assert "".join(pieces) == text
    assert max(len(piece) for piece in pieces) <= LONGEST_SENTENCE


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "The minister wrote on X. He said Russia lies. John F. Kennedy spoke. "
            "J. I. Smith left.",
            [
                "The minister wrote on X.",
                "He said Russia lies.",
                "John F. Kennedy spoke.",
                "J. I. Smith left.",
            ],
        ),
        (
            "ru",
            "Министр написал в X. Он отметил, что всё спокойно. Его поддержал А. Петров.",
            ["Министр написал в X.", "Он отметил, что всё спокойно.", "Его поддержал А. Петров."],
        ),
    ],
)
def test_a_capital_letter_before_a_pronoun_ends_the_sentence(
    models: NlpModels, language: str, text: str, expected: list[str]
) -> None:
    # "X" is a platform; an initial is followed by a surname, never by "He" or «Он».
    assert texts(text, language, models) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "HEMPSTEAD, N.Y., Sept. 26 (UPI) — Jill Stein was escorted off the premises.",
            ["HEMPSTEAD, N.Y., Sept. 26 (UPI)", "Jill Stein was escorted off the premises."],
        ),
        (
            "en",
            "KYIV (Reuters) - Ukraine said it struck.",
            ["KYIV (Reuters)", "Ukraine said it struck."],
        ),
        ("en", "WASHINGTON — The president said no.", ["WASHINGTON", "The president said no."]),
        (
            "en",
            "KYIV/MOSCOW, March 3 - The Kremlin said no.",
            ["KYIV/MOSCOW, March 3", "The Kremlin said no."],
        ),
        (
            "uk",
            "КИЇВ, 12 листопада 2025 — Росія поширює фейки, повідомив Центр.",
            ["КИЇВ, 12 листопада 2025", "Росія поширює фейки, повідомив Центр."],
        ),
        # Not datelines: a dash for "is", an acronym, a range.
        (
            "ru",
            "НАТО — агрессивный блок, заявил Лавров.",
            ["НАТО — агрессивный блок, заявил Лавров."],
        ),
        ("en", "NATO — the alliance — said nothing.", ["NATO — the alliance — said nothing."]),
        ("en", "US - Russia talks ended.", ["US - Russia talks ended."]),
    ],
)
def test_a_dateline_is_a_sentence_of_its_own(
    models: NlpModels, language: str, text: str, expected: list[str]
) -> None:
    assert texts(text, language, models) == expected
