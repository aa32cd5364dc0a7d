"""A speaker who rejects a narrative refutes it, whether the quote restates it ("denied
reports that …") or only points back at it ("dismissed the allegations", «назвал это
заявление ложью»); one who rejects Kyiv's or the West's claims promotes it
(analysis.rejections; matching.document._rejecting_quotes, _rejections_by_reference)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from narrativewatch.analysis import rejections
from narrativewatch.ingest import make_document
from narrativewatch.model import Analysis, Stance
from narrativewatch.pipeline import Pipeline, analyze

from .conftest import actor_stances

PUBLISHED = datetime(2023, 7, 5, 12, tzinfo=UTC)
NUCLEAR = "ukraine-nuclear-provocation-zaporizhzhia"

# The Russian claim of July 2023, a rejection that restates it and one that points back.
ARTICLES = {
    "en": (
        "Russia says Ukraine plans nuclear provocation at Zaporizhzhia plant\n\n"
        "Russia's Defence Ministry said on Tuesday that Ukrainian forces were preparing a "
        "provocation at the Zaporizhzhia nuclear power plant to blame Moscow for a "
        "radiation leak.\n\n"
        "The International Atomic Energy Agency denied reports that Ukrainian forces had "
        "mined the Zaporizhzhia nuclear plant.\n\n"
        "Ukraine's nuclear operator Energoatom called the Russian statement a lie.\n"
    ),
    "ru": (
        "Минобороны России: Украина готовит провокацию на Запорожской АЭС\n\n"
        "Министерство обороны России заявило во вторник, что украинские военные готовят "
        "провокацию на Запорожской атомной электростанции, чтобы обвинить Москву в утечке "
        "радиации.\n\n"
        "Украинский оператор «Энергоатом» назвал заявление российского ведомства ложью.\n"
    ),
    "uk": (
        "Міноборони Росії: Україна готує провокацію на Запорізькій АЕС\n\n"
        "Міністерство оборони Росії заявило у вівторок, що українські військові готують "
        "провокацію на Запорізькій атомній електростанції, щоб звинуватити Москву у витоку "
        "радіації.\n\n"
        "Український оператор «Енергоатом» назвав заяву російського відомства брехнею.\n"
    ),
}


def _stances(
    pipeline: Pipeline, text: str, language: str, narrative_id: str = NUCLEAR
) -> tuple[Analysis, dict[str, Stance]]:
    return actor_stances(pipeline, text, language, narrative_id, PUBLISHED)


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_who_calls_the_claim_a_lie_refutes_it(pipeline: Pipeline, language: str) -> None:
    analysis, stances = _stances(pipeline, ARTICLES[language], language)
    assert stances.get("russia-ministry-of-defence") is Stance.PROMOTES
    assert stances.get("energoatom") is Stance.REFUTES, stances
    # The evidence shows the rejection itself, not only what was rejected.
    match = next(m for m in analysis.matches if m.narrative_id == NUCLEAR)
    energoatom = next(s for s in match.actor_stances if s.actor_id == "energoatom")
    shown = energoatom.evidence.text_of(analysis.document.text)
    assert rejections.has_verdict(shown, language), shown


def test_who_denies_a_report_refutes_what_it_reports(pipeline: Pipeline) -> None:
    _, stances = _stances(pipeline, ARTICLES["en"], "en")
    assert stances.get("iaea") is Stance.REFUTES, stances


def test_a_document_that_only_reports_a_rejection_is_no_spread(pipeline: Pipeline) -> None:
    text = (
        "The International Atomic Energy Agency on Wednesday denied claims that Ukrainian "
        "forces were preparing a provocation at the Zaporizhzhia nuclear power plant."
    )
    analysis = analyze(
        make_document(text, source="test", language="en", published_at=PUBLISHED), pipeline
    )
    for match in analysis.matches:
        assert all(s.stance is not Stance.PROMOTES for s in match.actor_stances), match


@pytest.mark.parametrize(
    ("cue", "content", "language", "rejects", "dismisses"),
    [
        ("denied", "the claim", "en", True, True),
        ("dismissed", "the allegations as absurd", "en", True, True),
        ("said", "the claim was false", "en", False, True),
        ("said", "the plant was safe", "en", False, False),
        ("заявили", "что это очередной фейк", "ru", False, True),
        ("заявили", "что это заявление", "ru", False, False),
        ("called", "the lieutenant a hero", "en", False, False),
        ("denied", "reports that Ukrainian forces had mined the plant", "en", True, False),
        ("опроверг", "эти обвинения", "ru", True, True),
        ("назвал", "его ложкой", "ru", False, False),
        ("назвав", "цю заяву маячнею", "uk", True, True),
        ("відкинули", "звинувачення про те, що Україна готує напад", "uk", True, False),
        # "fake" is both a verdict and a reporting noun; alone it points at nothing else
        ("said", "the fake referendums would never be recognised", "en", False, False),
        ("said", "the fake was planted by Kyiv", "en", False, False),
        ("said", "the claims were fake", "en", False, True),
        ("заявил", "что фейковые референдумы не признают", "ru", False, False),
        ("заявили", ", что это фейк", "ru", False, True),
        # a rejected noun phrase that states its content is no back reference …
        (
            "опровергли",
            "заявления Минска о скоплении украинских войск у границы",
            "ru",
            True,
            False,
        ),
        # … but a verdict passed on one still points back at what was said
        (
            "claims",
            "accusations of Bucha massacre by Russian forces are fake news",
            "en",
            False,
            True,
        ),
    ],
)
def test_rejection_cues(
    cue: str, content: str, language: str, rejects: bool, dismisses: bool
) -> None:
    assert rejections.rejects(cue, content, language) is rejects
    assert rejections.dismisses(cue, content, language) is dismisses


def test_a_verdict_on_what_was_said_refutes_it_and_matches_nothing_else(
    pipeline: Pipeline,
) -> None:
    text = ARTICLES["uk"].rsplit("\n\n", 1)[0] + (
        "\n\nУ Центрі протидії дезінформації заявили, що це черговий фейк російської пропаганди.\n"
    )
    analysis, stances = _stances(pipeline, text, "uk")
    assert stances.get("ukraine-ccd") is Stance.REFUTES, stances
    verdict_at = text.index("У Центрі")
    # The verdict carries no claim of its own: no match rests on it.
    assert all(m.evidence.start < verdict_at for m in analysis.matches), analysis.matches


def test_a_border_service_calling_the_claims_manipulation_refutes_them(
    pipeline: Pipeline,
) -> None:
    text = (
        "Лукашенко заявив про загрозу з боку України\n\n"
        "Олександр Лукашенко в суботу заявив, що Україна нібито стягує війська до "
        "білоруського кордону та готує диверсії на території Білорусі.\n\n"
        "У Державній прикордонній службі України такі заяви назвали маніпуляцією.\n"
    )
    _, stances = _stances(pipeline, text, "uk", "ukraine-preparing-attack-on-belarus")
    assert stances.get("alexander-lukashenko") is Stance.PROMOTES, stances
    assert stances.get("ukraine-state-border-guard-service") is Stance.REFUTES, stances


@pytest.mark.parametrize(
    ("content", "language", "expected"),
    [
        ("reports that Ukrainian forces had mined the plant", "en", True),
        ("involvement in the crash", "en", False),
        ("информацию о том, что станция заминирована", "ru", True),
        ("свою причастность к катастрофе", "ru", False),
        ("маніпуляцією заяви про те, що Україна стягує війська", "uk", True),
        # a reporting noun may say what was claimed with a noun phrase of its own …
        ("заявления Минска о скоплении украинских войск у границы", "ru", True),
        ("заяви Мінська про скупчення українських військ біля кордону", "uk", True),
        ("Minsk's reports of a build-up of Ukrainian troops near the border", "en", True),
        # … not with a word or two, nor with the verdict alone: those point back
        ("the allegations about him", "en", False),
        ("Western reports about the killings as fake", "en", False),
    ],
)
def test_only_a_rejected_proposition_is_reversed(
    content: str, language: str, expected: bool
) -> None:
    # "Russia denies involvement" denies no one's claim: it voices Russia's own line.
    assert rejections.states_what_is_rejected(content, language) is expected


def test_calling_a_denial_a_lie_promotes_the_narrative(pipeline: Pipeline) -> None:
    text = (
        "Ukraine is not massing troops near the border with Belarus, the State Border Guard "
        "Service of Ukraine said on Monday. The State Border Committee of Belarus called the "
        "Ukrainian statement a lie."
    )
    _, stances = _stances(pipeline, text, "en", "ukraine-preparing-attack-on-belarus")
    assert stances.get("belarus-state-border-committee") is Stance.PROMOTES, stances
    assert stances.get("ukraine-state-border-guard-service") is Stance.REFUTES, stances


def test_whose_statement_is_rejected_decides_the_stance(pipeline: Pipeline) -> None:
    # Zakharova rejects the West's reports (she promotes "Bucha was staged"); the prosecutor
    # rejects Russia's statements (he refutes it) — the nearest claim alone cannot tell.
    text = (
        "Moscow says Bucha images were staged\n\n"
        "Russia's Defence Ministry said on Monday that the images from Bucha were a staged "
        "provocation by the Kyiv regime intended for Western media.\n\n"
        "Foreign Ministry spokeswoman Maria Zakharova dismissed Western reports about the "
        "killings as fake.\n\n"
        "Ukraine's Prosecutor General called the Russian statements a lie.\n"
    )
    _, stances = _stances(pipeline, text, "en", "bucha-massacre-staged")
    assert stances.get("maria-zakharova") is Stance.PROMOTES, stances
    assert stances.get("adhoc:prosecutor-general") is Stance.REFUTES, stances


@pytest.mark.parametrize(
    ("content", "language", "owner"),
    [
        ("the Russian statement a lie", "en", "voice"),
        ("Western reports about the killings as fake", "en", "target"),
        ("reports about Russian shelling as fake", "en", None),
        ("заявление российского ведомства ложью", "ru", "voice"),
        ("заяви Мінська про нібито скупчення українських військ", "uk", "voice"),
        ("такі заяви назвали маніпуляцією", "uk", None),
    ],
)
def test_the_owner_of_a_rejected_statement(content: str, language: str, owner: str | None) -> None:
    assert rejections.statement_owner(content, language) == owner


def test_rejecting_a_claim_that_debunks_the_narrative_promotes_it(pipeline: Pipeline) -> None:
    text = (
        "Moscow says Bucha images were staged\n\n"
        "Russia's Defence Ministry said on Monday that the images from Bucha were a staged "
        "provocation by the Kyiv regime intended for Western media.\n\n"
        "Maria Zakharova rejected Western claims that Russian troops had killed civilians in "
        "Bucha.\n\n"
        "Ukraine's Prosecutor General rejected Russian claims that the killings in Bucha had "
        "been staged.\n"
    )
    _, stances = _stances(pipeline, text, "en", "bucha-massacre-staged")
    assert stances.get("maria-zakharova") is Stance.PROMOTES, stances
    assert stances.get("adhoc:prosecutor-general") is Stance.REFUTES, stances


@pytest.mark.parametrize(
    ("content", "language", "frames"),
    [
        ("Moscow accuses Kyiv of preparing attacks so that it can stage one itself", "en", True),
        ("the Kremlin has long claimed that the laboratories make weapons", "en", True),
        ("Российская сторона не раз называет постановкой то, что нельзя скрыть", "ru", True),
        ("Кремль роками стверджує, що Україну створили більшовики", "uk", True),
        ("Ukraine accuses Russia of shelling the plant", "en", False),
        # the owner nearest the verb is Ukraine, not the Russian troops
        ("Russian troops shelled the city and Ukraine called it a crime", "en", False),
        ("Russian forces used cluster munitions in Kharkiv", "en", False),
        ("Москва не будет выдавать своих граждан", "ru", False),
        ("российские войска продвигаются к городу", "ru", False),
        ("Moscow called for talks on the grain corridor", "en", False),
        ("Moscow calls everything it cannot hide a staging", "en", True),
    ],
)
def test_a_claim_described_as_the_kremlins(content: str, language: str, frames: bool) -> None:
    assert rejections.frames_voice_claim(content, language) is frames


# A Ukrainian answer that neither restates the narrative nor rejects it by its verb: it
# calls the claim a fabrication, or describes it as what Moscow always claims.
ANSWERS = {
    "en": (
        "Moscow says Bucha images were staged\n\n"
        "Russia's Defence Ministry said on Monday that the images from Bucha were a staged "
        "provocation by the Kyiv regime intended for Western media.\n\n"
        "Ukraine's Foreign Minister Dmytro Kuleba said: \"No fabrications will hide what "
        'the soldiers did in Bucha."\n\n'
        "Ukraine's Centre for Countering Disinformation said that Moscow calls everything it "
        "cannot hide a staging.\n\n"
        "German Chancellor Olaf Scholz said the fake referendums in the occupied regions "
        "would never be recognised.\n"
    ),
    "ru": (
        "В Москве назвали кадры из Бучи постановкой\n\n"
        "Министерство обороны России заявило в понедельник, что кадры из Бучи являются "
        "постановочной провокацией киевского режима для западных СМИ.\n\n"
        "«Никакие выдумки не скроют того, что солдаты сделали в Буче», — заявил министр "
        "иностранных дел Украины Дмитрий Кулеба.\n\n"
        "«Российская сторона не в первый раз называет постановкой то, что невозможно "
        "скрыть», — заявил Центр противодействия дезинформации при СНБО Украины.\n\n"
        "Канцлер Германии Олаф Шольц заявил, что фейковые референдумы на оккупированных "
        "территориях никогда не будут признаны.\n"
    ),
}


@pytest.mark.parametrize("language", sorted(ANSWERS))
def test_an_answer_in_its_own_words_refutes_what_it_answers(
    pipeline: Pipeline, language: str
) -> None:
    _, stances = _stances(pipeline, ANSWERS[language], language, "bucha-massacre-staged")
    assert stances.get("russia-ministry-of-defence") is Stance.PROMOTES, stances
    assert stances.get("dmytro-kuleba") is Stance.REFUTES, stances
    assert stances.get("ukraine-ccd") is Stance.REFUTES, stances
    # a debunking word of a speaker Bucha's narrative does not accuse: about something else
    assert "olaf-scholz" not in stances, stances


def test_the_kremlins_own_speaker_calling_a_report_a_myth_is_no_answer(
    pipeline: Pipeline,
) -> None:
    text = (
        "Moscow says Bucha images were staged\n\n"
        "Russia's Defence Ministry said on Monday that the images from Bucha were a staged "
        "provocation by the Kyiv regime intended for Western media.\n\n"
        'Foreign Ministry spokeswoman Maria Zakharova said: "The myths about Bucha were '
        'written in Kyiv."\n'
    )
    _, stances = _stances(pipeline, text, "en", "bucha-massacre-staged")
    assert stances.get("maria-zakharova") is not Stance.REFUTES, stances


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "В ГПСУ опровергли заявления Минска о скоплении украинских войск у границы."),
        ("uk", "У ДПСУ спростували заяви Мінська про скупчення українських військ біля кордону."),
    ],
)
def test_rejecting_what_a_noun_phrase_reports_refutes_it(
    pipeline: Pipeline, language: str, text: str
) -> None:
    # «заявления … о скоплении войск» states what it rejects: it was read as pointing back
    # at something said before, with nothing before it — and nothing was matched.
    analysis, stances = _stances(pipeline, text, language, "ukraine-preparing-attack-on-belarus")
    assert stances.get("ukraine-state-border-guard-service") is Stance.REFUTES, stances
    match = next(
        m for m in analysis.matches if m.narrative_id == "ukraine-preparing-attack-on-belarus"
    )
    assert match.stance is Stance.REFUTES


def test_a_speakers_rejection_is_not_the_outlets(pipeline: Pipeline) -> None:
    # Zakharova rejects Kyiv's reports: she promotes "Bucha was staged"; «опровергла» is
    # her verb, and the outlet only reports it.
    text = (
        "Захарова опровергла сообщения Киева о том, что российские военные убивали мирных "
        "жителей в Буче."
    )
    analysis, stances = _stances(pipeline, text, "ru", "bucha-massacre-staged")
    assert stances.get("maria-zakharova") is Stance.PROMOTES, stances
    match = next(m for m in analysis.matches if m.narrative_id == "bucha-massacre-staged")
    assert match.stance is Stance.REPORTS


@pytest.mark.parametrize(
    ("text", "narrative", "promoter", "refuter"),
    [
        (
            "Belarus claims Ukraine has massed troops on its border, a claim Kyiv dismissed "
            "as a provocation.",
            "ukraine-preparing-attack-on-belarus",
            "belarus",
            "kyiv",
        ),
        (
            "The Kremlin has repeatedly accused Ukraine of planning to use a dirty bomb, a "
            "claim Kyiv and its allies have rejected.",
            "ukraine-preparing-dirty-bomb",
            "kremlin",
            "kyiv",
        ),
        (
            "Minsk says Ukraine is massing troops near the border, which Kyiv denies.",
            "ukraine-preparing-attack-on-belarus",
            "minsk",
            "kyiv",
        ),
    ],
)
def test_a_rejection_set_off_by_a_comma_refutes_what_it_follows(
    pipeline: Pipeline, text: str, narrative: str, promoter: str, refuter: str
) -> None:
    _, stances = _stances(pipeline, text, "en", narrative)
    assert stances.get(promoter) is Stance.PROMOTES, stances
    assert stances.get(refuter) is Stance.REFUTES, stances


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "ru",
            "Минск заявил, что Украина стягивает войска к белорусской границе, что Киев отрицает.",
        ),
        (
            "uk",
            "Мінськ заявив, що Україна стягує війська до білоруського кордону, що в Києві "
            "заперечують.",
        ),
    ],
)
def test_a_russian_or_ukrainian_rejection_set_off_by_a_comma_refutes(
    pipeline: Pipeline, language: str, text: str
) -> None:
    # The claim ends before «, что Киев отрицает»: its «отрицает» had Minsk deny it.
    _, stances = _stances(pipeline, text, language, "ukraine-preparing-attack-on-belarus")
    assert stances.get("minsk") is Stance.PROMOTES, stances
    assert stances.get("kyiv") is Stance.REFUTES, stances


def test_what_is_said_after_a_rejecting_verb_is_no_comma_set_rejection(
    pipeline: Pipeline,
) -> None:
    text = "Песков заявил, что Киев отрицает свою причастность к теракту."
    analysis = analyze(make_document(text, source="test", language="ru"), pipeline)
    assert all(q.content.text_of(text) != "что" for q in analysis.quotes)


def test_a_rejection_set_off_by_a_comma_needs_a_named_speaker(pipeline: Pipeline) -> None:
    text = "Minsk says Ukraine is massing troops near the border, a claim officials reject."
    analysis = analyze(make_document(text, source="test", language="en"), pipeline)
    assert not any(q.cue.text_of(analysis.document.text) == "reject" for q in analysis.quotes)
