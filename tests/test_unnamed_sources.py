"""Unnamed sources and whom a speaker told, in en/ru/uk (`unnamed_sources`, `addressees`)."""

from __future__ import annotations

import pytest

from narrativewatch.analysis.extraction import extract
from narrativewatch.model import Analysis, Document, Quote
from narrativewatch.pipeline import Pipeline, analyze
from narrativewatch.report import analysis_to_json


def _analysis(pipeline: Pipeline, language: str, text: str) -> Analysis:
    return analyze(Document(text=text, content_hash="x", source="t", language=language), pipeline)


def _read(quote: Quote, text: str) -> tuple[str | None, str | None, bool, str | None]:
    """(speaker mention, speaker actor, unnamed, addressee actor) of a quote."""
    mention = quote.speaker.text_of(text) if quote.speaker else None
    return mention, quote.speaker_actor_id, quote.speaker_anonymous, quote.addressee_actor_id


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # the outlet right after the verb is whom the source, after it, told
        ("ru", "Киев готовит провокацию на Запорожской АЭС, сообщил РИА Новости источник в "
         "силовых структурах.",
         ("источник в силовых структурах", None, True, "ria-novosti")),
        # where the source is, is whose it is; the outlet in the dative is whom it told
        ("ru", "Источник в Минобороны России сообщил ТАСС, что ВСУ потеряли за сутки до 500 "
         "человек.",
         ("Источник в Минобороны России", "russia-ministry-of-defence", True, "tass")),
        ("ru", "Как рассказал изданию «Известия» высокопоставленный дипломатический источник, "
         "переговоры с Вашингтоном зашли в тупик.",
         ("высокопоставленный дипломатический источник", None, True, "izvestia")),
        # the outlet in the genitive after the source noun spoke to it; it is not the source
        ("uk", "За словами співрозмовника «Української правди», окупанти накопичили понад "
         "сто ракет.",
         ("співрозмовника «Української правди", None, True, "ukrainska-pravda")),
        ("en", "Russia is preparing a new offensive in the south, a senior Ukrainian military "
         "official told Reuters on Tuesday.",
         ("a senior Ukrainian military official", "ukraine-armed-forces", True, "reuters")),
        # the country an adjective names
        ("en", "Russian officials said the claims were false.",
         ("Russian officials", "russia", True, None)),
        ("ru", "Высокопоставленный украинский чиновник сказал, что правительство устало.",
         ("Высокопоставленный украинский чиновник", "ukraine", True, None)),
        ("en", "Moscow plans to call up more reservists, according to sources in the Kremlin.",
         ("sources in the Kremlin", "kremlin", True, None)),
        ("en", "A person close to the Russian Defence Ministry said the decision had not been "
         "made.",
         ("A person close to the Russian Defence Ministry", "russia-ministry-of-defence", True,
          None)),
        # a person the source is close to, behind a preposition
        ("en", "A source close to Putin said that the Kremlin was ready to talk.",
         ("A source close to Putin", "vladimir-putin", True, None)),
        ("ru", "Источник в окружении Зеленского сообщил, что Киев не примет план.",
         ("Источник в окружении Зеленского", "volodymyr-zelensky", True, None)),
        # unnamed outlets, with the country an adjective names
        ("en", "Russian state media reported that Ukrainian forces had shelled the plant.",
         ("Russian state media", "russia", True, None)),
        ("ru", "Российские СМИ сообщили, что ВСУ обстреляли станцию.",
         ("Российские СМИ", "russia", True, None)),
        # the vague plural voices: "experts say", «военкоры сообщают»; a milblogger
        ("en", "Experts say the move is largely symbolic.", ("Experts", None, True, None)),
        ("en", "A prominent Russian milblogger claimed that Russian forces captured a "
         "settlement.", ("A prominent Russian milblogger", "russia", True, None)),
        ("ru", "Военкоры сообщают, что российские войска продвинулись под Авдеевкой.",
         ("Военкоры", None, True, None)),
        # researchers belong to where they work
        ("en", "Researchers at the Media Forensics Hub said the video first appeared on "
         "Telegram.", ("Researchers at the Media Forensics Hub", "adhoc:media-forensics-hub",
                       True, None)),
        ("uk", "Фахівці наголосили, що дамба може зруйнуватися.", ("Фахівці", None, True, None)),
        # an outlet's own analysts belong to it: they did not tell it
        ("ru", "Аналитики Bloomberg считают, что нефть подорожает до конца года.",
         ("Аналитики Bloomberg", "bloomberg", True, None)),
        # a named speaker and whom they told
        ("ru", "Лавров заявил ТАСС, что Запад готовит провокацию на Украине.",
         ("Лавров", "sergei-lavrov", False, "tass")),
        ("en", "Zelensky said in an interview with CNN that Russia was preparing a new "
         "offensive.",
         ("Zelensky", "volodymyr-zelensky", False, "cnn")),
        # the outlet right after a speaker put after the verb
        ("ru", "«Мы ответим», — сказал Лавров РИА Новости в понедельник.",
         ("Лавров РИА Новости в понедельник", "sergei-lavrov", False, "ria-novosti")),
    ],
)  # fmt: skip
def test_an_unnamed_source_and_whom_it_told(
    pipeline: Pipeline, language: str, text: str, expected: tuple[object, ...]
) -> None:
    analysis = _analysis(pipeline, language, text)
    assert [_read(q, text) for q in analysis.quotes] == [expected]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # "official" before a name is an adjective; TASS is the speaker, no source
        ("en", "The official Russian news agency TASS said that Kyiv was preparing a "
         "provocation."),
        # a spokesman speaks on the record
        ("en", "A spokesman for the Russian Defence Ministry said that Kyiv was preparing a "
         "provocation."),
        # whom he accused is no addressee
        ("ru", "Песков обвинил Зеленского в том, что Киев срывает переговоры."),
        # after a present tense the name is the subject, not whom it was told
        ("ru", "Шойгу провел совещание с командующими, сообщает ТАСС."),
        ("en", "Putin told a meeting of the Security Council that the West was preparing a "
         "provocation."),
        # a title before a name names that person
        ("ru", "Чиновник Минобороны Иван Петров заявил, что удар был нанесен по складу."),
        # a capitalised word inside a name is no source
        ("en", "Suspilne Media said that Russia had shelled Kherson overnight."),
        # a statement with someone is no interview
        ("en", "Britain said in a joint statement with NATO that Russia was massing troops."),
    ],
)  # fmt: skip
def test_no_unnamed_source_and_no_addressee(pipeline: Pipeline, language: str, text: str) -> None:
    analysis = _analysis(pipeline, language, text)
    assert analysis.quotes, "the quote itself is still found"
    assert all(not q.speaker_anonymous and q.addressee is None for q in analysis.quotes)


def test_the_source_again_is_the_same_unnamed_source(pipeline: Pipeline) -> None:
    text = (
        "Russia is preparing a new offensive, a senior Ukrainian military official told "
        "Reuters. The official, who spoke on condition of anonymity, said Moscow had moved "
        'two brigades. "They are regrouping," the official said.'
    )
    quotes = _analysis(pipeline, "en", text).quotes
    assert [(q.speaker_actor_id, q.speaker_anonymous) for q in quotes] == [
        ("ukraine-armed-forces", True)
    ] * 3


def test_a_title_after_a_named_official_is_that_person_not_a_source(pipeline: Pipeline) -> None:
    text = (
        "Foreign Minister Dmytro Kuleba said that Russia was lying. The official added that "
        "Kyiv would present evidence."
    )
    quotes = _analysis(pipeline, "en", text).quotes
    assert [(q.speaker_actor_id, q.speaker_anonymous) for q in quotes] == [
        ("dmytro-kuleba", False)
    ] * 2


def test_the_source_named_no_one_is_never_the_person_quoted_before(pipeline: Pipeline) -> None:
    text = (
        "Мария Захарова заявила, что Киев готовит провокацию. «Они планируют обвинить Россию»,"
        " — сказал источник."
    )
    quotes = _analysis(pipeline, "ru", text).quotes
    assert [(q.speaker_actor_id, q.speaker_anonymous) for q in quotes] == [
        ("maria-zakharova", False),
        (None, True),
    ]


def test_the_json_says_who_is_unnamed_and_whom_they_told(pipeline: Pipeline) -> None:
    text = "Источник в Минобороны России сообщил ТАСС, что ВСУ потеряли за сутки до 500 человек."
    quote = analysis_to_json(_analysis(pipeline, "ru", text), pipeline)["quotes"][0]
    assert quote["speaker"]["anonymous"] is True
    assert quote["addressee"]["actor_id"] == "tass"
    assert quote["addressee"]["text"] == "ТАСС"
    assert text[quote["addressee"]["start"] : quote["addressee"]["end"]] == "ТАСС"


def _cited(pipeline: Pipeline, language: str, text: str) -> list[tuple[str, str | None, bool]]:
    """(source as written, its actor, unnamed) of each cited source."""
    found = extract(text, language, pipeline.nlp, pipeline.registry).attributions
    return [(a.source.text_of(text), a.source_actor_id, a.source_anonymous) for a in found]


@pytest.mark.parametrize(
    ("language", "text", "cited"),
    [
        ("ru", "Украинские военные готовят провокацию, сообщает ТАСС со ссылкой на источник в "
         "силовых структурах.",
         ("источник в силовых структурах", None, True)),
        ("ru", "Об этом пишет РИА Новости со ссылкой на источник в Минобороны России.",
         ("источник в Минобороны России", "russia-ministry-of-defence", True)),
        ("ru", "Киев перебросил бригады, сообщает газета со ссылкой на украинского чиновника.",
         ("украинского чиновника", "ukraine", True)),
        ("en", "Moscow is preparing a new offensive, Reuters reported, citing two officials "
         "familiar with the matter.",
         ("two officials familiar with the matter", None, True)),
        # a named source stays named
        ("en", "The report was carried by RIA Novosti, citing Putin's spokesman Dmitry Peskov.",
         ("Dmitry Peskov", "dmitry-peskov", False)),
    ],
)  # fmt: skip
def test_a_cited_unnamed_source(
    pipeline: Pipeline, language: str, text: str, cited: tuple[str, str | None, bool]
) -> None:
    assert cited in _cited(pipeline, language, text)


def test_whom_an_outlet_cites_is_no_quote(pipeline: Pipeline) -> None:
    text = (
        "Moscow is preparing a new offensive, Reuters reported, citing two officials familiar "
        "with the matter."
    )
    quotes = _analysis(pipeline, "en", text).quotes
    assert [q.cue.text_of(text) for q in quotes] == ["reported"]


def test_an_unnamed_source_voices_its_body_only_as_an_unnamed_source(pipeline: Pipeline) -> None:
    text = (
        "Источник в Минобороны России сообщил ТАСС, что Киев готовит провокацию с применением "
        "«грязной бомбы» на своей территории, чтобы обвинить в этом Россию."
    )
    stances = [
        (s.actor_id, s.via)
        for m in _analysis(pipeline, "ru", text).matches
        if m.narrative_id == "ukraine-preparing-dirty-bomb"
        for s in m.actor_stances
    ]
    assert stances == [("russia-ministry-of-defence", "unnamed_source")]
    named = text.replace("Источник в Минобороны России", "Министерство обороны России")
    stances = [
        (s.actor_id, s.via)
        for m in _analysis(pipeline, "ru", named).matches
        for s in m.actor_stances
    ]
    assert ("russia-ministry-of-defence", "quote") in stances
