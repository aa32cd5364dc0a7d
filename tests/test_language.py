"""Language identification: en/ru/uk articles and short headlines, and texts without letters."""

from __future__ import annotations

import pytest

from narrativewatch.analysis.language import (
    LanguageDetector,
    _settle_east_slavic,
    detect_language,
)


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Kremlin makes up fake news about Ukraine massing troops at Belarus border", "en"),
        ("Peskov: border reports are a reason for concern", "en"),
        ("Кремль выдумал фейк о скоплении украинских войск у границы с Белоруссией", "ru"),
        ("Кремль вигадав фейк про скупчення українських військ біля кордону з Білоруссю", "uk"),
        ("Зеленский провел совещание со Ставкой", "ru"),
        ("Зеленський провів нараду зі Ставкою", "uk"),
        ("Путин угрожает Западу", "ru"),
        ("Путін погрожує Заходу", "uk"),
        ("Россия атаковала Киев ракетами", "ru"),
        ("Росія атакувала Київ ракетами", "uk"),
        ("Генштаб: ворог втратив ще 1200 солдатів", "uk"),
        ("Минобороны России сообщило об уничтожении дронов", "ru"),
        ("Песков: ситуация на границе вызывает обеспокоенность", "ru"),
        ("Пєсков заявив, що ситуація на кордоні викликає занепокоєння", "uk"),
    ],
)
def test_headlines(detector: LanguageDetector, text: str, language: str) -> None:
    detected, confidence = detector.detect(text)
    assert detected == language
    assert 0.5 < confidence <= 1.0


def test_paragraphs_with_line_breaks(detector: LanguageDetector) -> None:
    russian = (
        "Пресс-секретарь президента России Дмитрий Песков заявил,\nчто сообщения о скоплении "
        "украинских военных у белорусской границы\nвызывают обеспокоенность в Москве."
    )
    ukrainian = (
        "Державна прикордонна служба України заявила,\nщо на кордоні з Білоруссю немає жодних "
        "провокацій з українського боку.\n\nСили оборони захищають суверенну територію."
    )
    english = (
        "Ukraine's State Border Guard Service said there were no provocations\non the "
        "Ukrainian side of the border with Belarus."
    )
    assert [detector.detect(text)[0] for text in (russian, ukrainian, english)] == [
        "ru",
        "uk",
        "en",
    ]


def test_a_russian_headline_quoting_a_ukrainian_name_stays_russian(
    detector: LanguageDetector,
) -> None:
    assert detector.detect("Песков прокомментировал заявление Київ Post о войсках")[0] == "ru"


def test_long_text_is_read_from_its_start(detector: LanguageDetector) -> None:
    text = "The Kremlin repeated the claim. " * 100 + "Кремль повторил заявление. " * 500
    assert detector.detect(text)[0] == "en"


@pytest.mark.parametrize("text", ["", "   \n\t", "12345 !!! 2024-07-01", "— … ***"])
def test_text_without_letters_has_no_language(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text) == (None, 0.0)


def test_detect_language_function_without_a_detector() -> None:
    language, confidence = detect_language("Речник Кремля Дмитро Пєсков заявив про занепокоєння")
    assert language == "uk"
    assert confidence > 0.5


@pytest.mark.parametrize(
    ("text", "model_says", "expected"),
    [
        ("Заява МЗС щодо Білорусі", ("ru", 0.95), ("uk", 0.95)),  # two Ukrainian letters
        ("Мінськ заявив", ("bg", 0.6), ("uk", 0.6)),  # one letter, unsure model
        ("Заявление о Київ Post", ("ru", 0.97), ("ru", 0.97)),  # one letter, sure model
        ("Объявлена эвакуация", ("bg", 0.5), ("ru", 0.5)),
        ("Зяўленне МЗС Беларусі", ("be", 0.87), ("be", 0.87)),  # ў: Belarusian
        ("Сили оборони", ("ru", 0.69), ("ru", 0.69)),  # no telling letters: the model decides
        ("Peskov said", ("en", 0.9), ("en", 0.9)),
    ],
)
def test_spelling_settles_russian_and_ukrainian(
    text: str, model_says: tuple[str, float], expected: tuple[str, float]
) -> None:
    assert _settle_east_slavic(text, *model_says) == expected
