"""Claims (analysis.claims): whose voice a sentence is in."""

from __future__ import annotations

import pytest

from narrativewatch.model import Document
from narrativewatch.pipeline import Pipeline, analyze


def _claims(pipeline: Pipeline, text: str, language: str) -> dict[str, bool]:
    document = Document(text=text, content_hash="x", source="t", language=language)
    return {c.text: c.attributed for c in analyze(document, pipeline).claims}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("uk", "Путін в інтерв'ю Карлсону назвав Україну «штучною державою» та загрозою Росії."),
        ("ru", "Лавров на пресс-конференции назвал вторжение вынужденной мерой защиты Донбасса."),
        ("en", "Putin called Ukraine an artificial state created by the Bolsheviks in the 1920s."),
    ],
)
def test_a_sentence_that_reports_how_someone_named_something_is_theirs(
    pipeline: Pipeline, language: str, text: str
) -> None:
    claims = _claims(pipeline, text, language)
    assert claims and all(claims.values()), claims


def test_the_outlets_own_sentence_is_not_reported(pipeline: Pipeline) -> None:
    text = "Ukraine became an independent state in 1991 after a referendum held in December."
    claims = _claims(pipeline, text, "en")
    assert claims and not any(claims.values()), claims


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        # A rejection's verdict after the proposition: "dismissed … as absurd".
        (
            "Ukraine's foreign ministry dismissed Moscow's allegations that Kyiv was "
            "preparing a dirty bomb as absurd.",
            "that Kyiv was preparing a dirty bomb",
        ),
        # A comment on the claim, set off by a comma: its "rejected" denies nothing of it.
        (
            "The Kremlin has repeatedly accused Ukraine of planning to use a dirty bomb, a "
            "claim Kyiv and its allies have rejected.",
            "Ukraine of planning to use a dirty bomb",
        ),
    ],
)
def test_a_claim_leaves_out_what_is_said_about_it(
    pipeline: Pipeline, text: str, claim: str
) -> None:
    assert claim in _claims(pipeline, text, "en")


def test_a_proposition_ending_in_as_without_a_verdict_keeps_it(pipeline: Pipeline) -> None:
    text = "Peskov said that the troops would stay in Belarus as long as necessary."
    assert any(c.endswith("as long as necessary") for c in _claims(pipeline, text, "en"))


@pytest.mark.parametrize(
    ("language", "text", "claim"),
    [
        # «нібито», «якобы» ("allegedly") open the proposition after a reporting noun, as
        # «що», «что» do; a quotation closed inside it keeps its closing mark.
        (
            "uk",
            "Росія поширює фейк, нібито Україна готує «брудну бомбу».",
            "Україна готує «брудну бомбу»",
        ),
        (
            "ru",
            "Кремль распространяет фейк, якобы Украина готовит «грязную бомбу».",
            "Украина готовит «грязную бомбу»",
        ),
        (
            "ru",
            "Кремль распространяет фейк о том, что Украина готовит «грязную бомбу».",
            "Украина готовит «грязную бомбу»",
        ),
    ],
)
def test_allegedly_after_a_reporting_noun_opens_the_proposition(
    pipeline: Pipeline, language: str, text: str, claim: str
) -> None:
    claims = _claims(pipeline, text, language)
    assert claims.get(claim) is True, claims


def test_a_sentence_that_only_says_who_said_the_one_before_is_no_claim(
    pipeline: Pipeline,
) -> None:
    text = (
        "Киевский режим готовит провокацию на Запорожской атомной электростанции. Об этом в "
        "понедельник заявил пресс-секретарь президента РФ Дмитрий Песков."
    )
    claims = _claims(pipeline, text, "ru")
    assert [text[: len(c)] for c in claims] == list(claims)  # the first sentence only
    assert len(claims) == 1


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        ("ru", "Официальный представитель МИД России Мария Захарова назвала действия Киева "
               "«ядерным шантажом».", "maria-zakharova"),
        ("en", "Putin called Ukraine an artificial state created by the Bolsheviks.",
         "vladimir-putin"),
        # a body before the verb is often the writer's subject, not a voice
        ("ru", "В качестве эффективных лекарств Роспотребнадзор назвал «Рибавирин» и "
               "интерферон.", None),
    ],
)  # fmt: skip
def test_a_reported_sentence_names_the_nearest_reporter_as_its_speaker(
    pipeline: Pipeline, language: str, text: str, speaker: str | None
) -> None:
    document = Document(text=text, content_hash="x", source="t", language=language)
    claims = analyze(document, pipeline).claims
    assert [(c.speaker_actor_id, c.attributed) for c in claims] == [(speaker, True)]
