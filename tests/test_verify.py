"""Role-aware verification: embeddings score these as near-identical; verification must not."""

from __future__ import annotations

import pytest

from narrativewatch.matching.index import agent_and_actors
from narrativewatch.matching.matcher import rank_claims
from narrativewatch.model import Document, MatchStatus, Stance
from narrativewatch.pipeline import Pipeline, analyze

NARRATIVE = "ukraine-preparing-attack-on-belarus"
CASES = [
    ("en", "Ukraine is massing troops near the border with Belarus.", ()),
    ("en", "Belarus is massing troops near the border with Ukraine.", ("roles_reversed",)),
    ("en", "Ukraine is withdrawing troops from the border with Belarus.", ("opposite_action",)),
    ("en", "Ukraine is not massing any troops near the border with Belarus.", ("negated",)),
    ("ru", "Украина стягивает войска к границе с Беларусью.", ()),
    ("ru", "Беларусь стягивает войска к границе с Украиной.", ("roles_reversed",)),
    ("ru", "Украина отводит войска от границы с Беларусью.", ("opposite_action",)),
    ("uk", "Україна стягує війська до кордону з Білоруссю.", ()),
    ("uk", "Білорусь стягує війська до кордону з Україною.", ("roles_reversed",)),
    ("uk", "Україна відводить війська від кордону з Білоруссю.", ("opposite_action",)),
    # Another side acting: not the narrative; the same side under another name: it is.
    ("en", "Poland is massing troops near the border with Belarus.", ("other_agent",)),
    ("ru", "Польша стягивает войска к границе с Беларусью.", ("other_agent",)),
    ("en", "The Armed Forces of Ukraine are massing troops near the border with Belarus.", ()),
    # A passive's subject is what the action is done to: the agent is after "by".
    ("en", "Belarus is being threatened by Ukraine, which is massing troops near its border.", ()),
    ("en", "Belarus is threatened by Ukrainian troops massing near the border.", ()),
    # A fronted place phrase: the name after its comma is the subject, not another place.
    ("en", "Near the border with Belarus, Ukraine is massing troops.", ()),
    # A contrast that denies the narrative's side and says what is true instead
    # (tests/test_stance_markers.py has the contrasts that assert it).
    (
        "en",
        "Ukraine is not massing troops near the border with Belarus, but building shelters.",
        ("negated",),
    ),
]


@pytest.mark.parametrize(("language", "text", "signals"), CASES)
def test_verification_signals(
    pipeline: Pipeline, language: str, text: str, signals: tuple[str, ...]
) -> None:
    scores = rank_claims([text], language, pipeline.index, pipeline.embedder, pipeline.registry)
    top = scores.candidates[0][0]
    assert top.narrative_id == NARRATIVE  # the embedder alone cannot tell them apart
    assert top.signals == signals
    assert top.verified is (signals == ())


@pytest.mark.parametrize(("language", "text", "signals"), CASES)
def test_only_verified_claims_are_matched(
    pipeline: Pipeline, language: str, text: str, signals: tuple[str, ...]
) -> None:
    document = Document(text=text, content_hash="t", source="test", language=language)
    matched = {m.narrative_id: m for m in analyze(document, pipeline).matches}
    if signals == ():
        assert NARRATIVE in matched and matched[NARRATIVE].stance is not Stance.REFUTES
    elif "roles_reversed" in signals or "other_agent" in signals:
        assert NARRATIVE not in matched  # about other actors: not this narrative at all
    else:
        # A negated or opposite claim never supports the narrative: alone, it refutes it
        # (counter-evidence), and only ever as a suggestion for review.
        match = matched[NARRATIVE]
        assert (match.stance, match.status) == (Stance.REFUTES, MatchStatus.SUGGESTED)


@pytest.mark.parametrize(
    ("language", "text", "agent"),
    [
        # The place comes first, the actor after it.
        (
            "uk",
            "В Україні нібито розробляли біологічну зброю на замовлення Пентагону.",
            "us-department-of-defense",
        ),
        ("ru", "На Украине якобы создавали биологическое оружие для Пентагона.", None),
        (
            "en",
            "In Ukraine, the Pentagon is said to fund secret laboratories.",
            "us-department-of-defense",
        ),
        ("ru", "Беларусь стягивает войска к границе с Украиной.", "belarus"),
    ],
)
def test_an_actor_after_a_preposition_is_not_the_agent(
    pipeline: Pipeline, language: str, text: str, agent: str | None
) -> None:
    found, actors = agent_and_actors(text, pipeline.registry)
    assert "ukraine" in actors
    assert found == agent


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # The Russian MoD's standing formula is the chemical false flag, not the dirty bomb
        # (both are "provocations" to blame Russia; the weapon tells them apart).
        (
            "ru",
            "Украинские военные готовят провокацию с применением химического оружия "
            "в Харьковской области",
        ),
        (
            "uk",
            "Українські військові готують провокацію із застосуванням хімічної зброї на Харківщині",
        ),
        (
            "en",
            "Ukrainian troops are preparing a provocation using chemical weapons "
            "in the Kharkiv region",
        ),
    ],
)
def test_a_chemical_provocation_is_not_the_dirty_bomb(
    pipeline: Pipeline, language: str, text: str
) -> None:
    scores = rank_claims([text], language, pipeline.index, pipeline.embedder, pipeline.registry)
    top = scores.candidates[0][0]
    assert top.narrative_id == "ukraine-chemical-weapons-false-flag"
    assert top.margin >= pipeline.options.suggest


ZNPP = "ukraine-nuclear-provocation-zaporizhzhia"


def _signals(pipeline: Pipeline, language: str, text: str, narrative: str) -> tuple[str, ...]:
    index = pipeline.index
    scores = rank_claims(
        [text], language, index, pipeline.embedder, pipeline.registry, top_k=len(index.narratives)
    )
    return next(c for c in scores.candidates[0] if c.narrative_id == narrative).signals


@pytest.mark.parametrize(
    ("language", "text", "signals"),
    [
        # War news about the same plant: another side shelling it, or only the topic.
        (
            "en",
            "Russian shelling hit the Zaporizhzhia nuclear power plant on Friday.",
            "other_agent",
        ),
        ("en", "Russian shelling hits Ukraine power plant", "other_agent"),
        ("ru", "Российские войска обстреляли Запорожскую АЭС.", "other_agent"),
        ("uk", "Російські окупанти знову обстріляли Запорізьку АЕС.", "other_agent"),
        (
            "en",
            "The Zaporizhzhia nuclear power plant lost its external power line after shelling.",
            "agent_absent",
        ),
        (
            "en",
            "Shelling damaged a backup power line of the Zaporizhzhia nuclear plant.",
            "agent_absent",
        ),
        # The narrative itself, stated or reported.
        ("en", "Kiev's shelling of the Zaporozhye nuclear power plant puts lives at risk.", None),
        ("en", "Moscow accused Kyiv of shelling the Zaporizhzhia nuclear power plant.", None),
        ("ru", "ВСУ обстреляли Запорожскую АЭС.", None),
        # An accusation: the accused is said to act, whoever accuses, in a passive or with
        # the accused put first.
        ("en", "Ukraine was accused by Moscow of shelling the Zaporizhzhia nuclear plant.", None),
        (
            "en",
            "Russia was accused by Kyiv of shelling the Zaporizhzhia nuclear power plant.",
            "other_agent",
        ),
        ("ru", "Украину обвиняют в обстреле Запорожской АЭС.", None),
        ("ru", "Россию обвинили в обстреле Запорожской АЭС.", "agent_absent"),
        ("uk", "Росію звинуватили в обстрілі Запорізької АЕС.", "agent_absent"),
        # «обстреле Запорожской АЭС» names the target, not a side acting.
        ("ru", "Киев обвинил Россию в обстреле Запорожской АЭС.", "roles_reversed"),
    ],
)
def test_who_shells_the_plant_decides_the_match(
    pipeline: Pipeline, language: str, text: str, signals: str | None
) -> None:
    found = _signals(pipeline, language, text, ZNPP)
    assert found == ((signals,) if signals else ()), found


def test_the_sentence_before_names_whom_a_claim_refers_back_to(pipeline: Pipeline) -> None:
    claim = "Цель — взорвать радиоактивное устройство на своей же территории и обвинить Россию."
    before = "Киев готовит провокацию с «грязной бомбой»."
    narrative = "ukraine-preparing-dirty-bomb"
    index = pipeline.index
    alone, with_context = (
        next(
            c
            for c in rank_claims(
                [claim],
                "ru",
                index,
                pipeline.embedder,
                pipeline.registry,
                top_k=len(index.narratives),
                contexts=contexts,
            ).candidates[0]
            if c.narrative_id == narrative
        )
        for contexts in (None, [before])
    )
    assert alone.signals == ("agent_absent",)
    assert with_context.signals == ()
    # A claim with no word referring back does not borrow the actor of the sentence before.
    topic = "Радиоактивное устройство опасно для всего региона."
    (scores,) = rank_claims(
        [topic],
        "ru",
        index,
        pipeline.embedder,
        pipeline.registry,
        top_k=len(index.narratives),
        contexts=[before],
    ).candidates
    assert "agent_absent" in next(c for c in scores if c.narrative_id == narrative).signals


@pytest.mark.parametrize(
    ("language", "text", "narrative", "signals"),
    [
        # The closest statements name no agent ("toxic agents were delivered to Ukrainian
        # units"); Russia acting is still not the narrative, which never has Russia act.
        (
            "uk",
            "Зафіксовано 465 фактів застосування російською федерацією боєприпасів, які "
            "споряджені отруйними хімічними речовинами.",
            "ukraine-chemical-weapons-false-flag",
            ("other_agent",),
        ),
        # ... while the side it accuses, named where it could act, carries it.
        (
            "ru",
            "В Украине чествуют ветеранов дивизии СС «Галичина».",
            "ukraine-glorifies-nazi-collaborators",
            (),
        ),
    ],
)
def test_russia_acting_does_not_carry_a_narrative_it_never_acts_in(
    pipeline: Pipeline, language: str, text: str, narrative: str, signals: tuple[str, ...]
) -> None:
    assert _signals(pipeline, language, text, narrative) == signals


def test_a_statement_without_an_agent_counts_the_side_it_names(pipeline: Pipeline) -> None:
    from narrativewatch.matching.index import _acting_countries, _statement_row, claim_actors

    texts = [
        "Роддом превратили в базу «Азова».",  # no agent; Azov named where it could act
        "В Киеве прославляют нацистских пособников.",  # no agent; Kyiv as the place
        "Украина готовит провокацию.",
    ]
    rows = [
        _statement_row("n", "ru", text, False, claim_actors(text, pipeline.registry, "ru"))
        for text in texts
    ]
    assert [row.agent for row in rows] == [None, None, "ukraine"]
    assert _acting_countries(rows, pipeline.registry) == {"n": frozenset({"UA"})}


@pytest.mark.parametrize(
    ("text", "narrative"),
    [
        # The statement "The West will fight Russia to the last Ukrainian" has no agent the
        # registry knows; read without a parse, its object Russia was, and NATO acting
        # here was "another agent".
        ("NATO will fight Russia to the last Ukrainian.", "west-fights-to-the-last-ukrainian"),
        (
            "NATO is arming Ukraine to use it as a springboard for aggression against Russia.",
            "ukraine-turned-into-nato-bridgehead",
        ),
        # An object still names the narrative's accused side ("agent absent").
        (
            "Neo-Nazis control Ukraine's government, army and security services.",
            "ukraine-ruled-by-neo-nazis",
        ),
    ],
)
def test_an_english_statement_s_object_is_not_its_agent(
    pipeline: Pipeline, text: str, narrative: str
) -> None:
    assert _signals(pipeline, "en", text, narrative) == ()


@pytest.mark.parametrize(
    ("language", "text", "narrative"),
    [
        # "US" in capitals is the United States (it was read as the pronoun "us" and left
        # out, so the narrative's own claim had no agent: "agent absent").
        ("en", "The US blew up the Nord Stream pipelines.", "us-blew-up-nord-stream"),
        # A lab acts for the country that hosts it, and a country the narrative accuses
        # acting carries it though its statements have another country act (the US).
        ("en", "Secret biolabs in Ukraine are developing biological weapons.",
         "us-military-biolabs-in-ukraine"),
        ("en", "The Lugar lab in Georgia is developing biological weapons.",
         "lugar-lab-georgia-bioweapons"),
        ("ru", "На Украине работают секретные биолаборатории, где разрабатывают биологическое "
         "оружие.", "us-military-biolabs-in-ukraine"),
        # A capital beyond Moscow, Kyiv, Minsk and Washington acts for its government.
        ("en", "Warsaw is preparing to send troops into western Ukraine and annex Lviv.",
         "poland-plans-to-annex-western-ukraine"),
        # NATO and a member acting are one camp (registry `member_of`).
        ("en", "The United States broke its promise that NATO would not expand eastwards.",
         "nato-broke-promise-not-to-expand"),
    ],
)  # fmt: skip
def test_the_accused_acting_under_another_name_carries_the_narrative(
    pipeline: Pipeline, language: str, text: str, narrative: str
) -> None:
    assert _signals(pipeline, language, text, narrative) == ()


def test_a_people_carries_its_country_s_narrative(pipeline: Pipeline) -> None:
    # "the Americans" names the United States where it could act: no longer "agent absent".
    text = "The Americans blew up the Nord Stream pipelines."
    assert _signals(pipeline, "en", text, "us-blew-up-nord-stream") == ()


@pytest.mark.parametrize(
    ("language", "text", "signals"),
    [
        # The narrative's statement "… as long as Russia bleeds" had Russia as its agent,
        # so Russia acting carried the narrative: the mirror claims about Moscow matched.
        ("en", "Moscow does not care how many of its soldiers die as long as Ukraine bleeds.",
         ("other_agent",)),
        ("en", "The Kremlin is ready to fight to the last Russian soldier.", ("other_agent",)),
        # the dative of «всё равно» is the one who does not care
        ("ru", "Москве всё равно, сколько её солдат погибнет, лишь бы Украина истекала кровью.",
         ("other_agent",)),
        # ... and Washington acting was "another agent" against that statement.
        ("en", "Washington does not care how many Ukrainians die as long as Russia is weakened.",
         ()),
        ("ru", "Западу всё равно, сколько украинцев погибнет, лишь бы Россия ослабла.", ()),
    ],
)  # fmt: skip
def test_the_subject_of_a_clause_of_purpose_is_not_who_acts(
    pipeline: Pipeline, language: str, text: str, signals: tuple[str, ...]
) -> None:
    assert _signals(pipeline, language, text, "west-fights-to-the-last-ukrainian") == signals


@pytest.mark.parametrize(
    ("language", "text", "narrative"),
    [
        # the reported proposition's "it" is the speaker, named before it in the sentence
        (
            "en",
            "Moscow says it is only holding military exercises near the border and has no "
            "plans to invade.",
            "russia-only-holding-exercises",
        ),
        (
            "en",
            "Russia says it strikes only military targets.",
            "russia-strikes-only-military-targets",
        ),
        # Russian and Ukrainian leave such a subject out: a plural verb opens the proposition
        (
            "ru",
            "В Минобороны России заявили, что наносят удары только по военным объектам.",
            "russia-strikes-only-military-targets",
        ),
        (
            "uk",
            "У Міноборони РФ заявили, що завдають ударів лише по військових об'єктах.",
            "russia-strikes-only-military-targets",
        ),
    ],
)
def test_the_speaker_is_who_acts_in_a_proposition_without_a_subject(
    pipeline: Pipeline, language: str, text: str, narrative: str
) -> None:
    analysis = analyze(
        Document(text=text, content_hash="x", source="t", language=language), pipeline
    )
    assert any(m.narrative_id == narrative for m in analysis.matches), analysis.candidates


@pytest.mark.parametrize(
    ("text", "language", "refers"),
    [
        ("что наносят удары только по военным объектам", "ru", True),
        ("что цели удара были военными", "ru", False),
        ("что солдат там нет", "ru", False),
        ("що завдають ударів лише по військових об'єктах", "uk", True),
        ("що цілі удару були військовими", "uk", False),
    ],
)
def test_a_plural_verb_opening_the_proposition_refers_back(
    pipeline: Pipeline, text: str, language: str, refers: bool
) -> None:
    from narrativewatch.matching.index import claim_actors
    from narrativewatch.matching.verify import refers_back

    found = claim_actors(text, pipeline.registry, language)
    assert refers_back(text, found, language) is refers


@pytest.mark.parametrize(
    ("language", "text", "narrative", "signals", "stance"),
    [
        # News of the facts a narrative denies: as close to it as its own statements, but
        # the catalog's contrary terms show the claim says the opposite.
        (
            "en",
            "Russia annexed Crimea after a sham referendum held under military occupation.",
            "crimea-voluntary-reunification",
            ("contrary",),
            None,
        ),
        (
            "en",
            "European gas storage is 95 percent full ahead of winter.",
            "europe-will-freeze-without-russian-gas",
            ("contrary",),
            None,
        ),
        # Fact reports found on 2026-12-06 (fourth session): each was a suggestion or an
        # auto-match that the outlet promotes the narrative.
        (
            "en",
            "Europe got through the winter without gas shortages despite the loss of Russian "
            "supplies.",
            "europe-will-freeze-without-russian-gas",
            ("contrary",),
            None,
        ),
        (
            "en",
            "The Hague court convicted three men of murder for shooting down MH17 with a "
            "Russian Buk missile.",
            "ukraine-shot-down-mh17",
            ("contrary",),
            None,
        ),
        (
            "ru",
            "Суд в Гааге признал троих обвиняемых виновными в крушении MH17, сбитого "
            "российским «Буком».",
            "ukraine-shot-down-mh17",
            ("contrary",),
            None,
        ),
        (
            "en",
            # (crime statistics: the subject is named; the claim is its opposite)
            "Ukrainian refugees are finding jobs quickly in Germany, crime statistics show.",
            "ukrainian-refugees-are-criminals",
            ("contrary",),
            None,
        ),
        (
            "en",
            "Finland joined NATO after Russia's invasion of Ukraine.",
            "nato-encircling-russia",
            ("contrary",),
            None,
        ),
        # Ukrinform in the RUWA stream: an auto-match that promoted the narrative (fifth
        # session); who fired is named, and it is not Ukraine.
        (
            "en",
            "An enemy missile has been shot down in Kyiv's Darnytskyi District, causing damage "
            "to an apartment block.",
            "ukraine-shells-own-civilians",
            ("contrary",),
            None,
        ),
        (
            "uk",
            "Уламки російської ракети пошкодили житловий будинок у Дарницькому районі Києва.",
            "ukraine-shells-own-civilians",
            ("agent_absent", "contrary"),
            None,
        ),
        # Censor.NET in the RUWA stream, the same session: the accused evacuating civilians
        (
            "en",
            "Between shooting battles, Azov fighters are engaged in the evacuation of local "
            "residents.",
            "ukraine-uses-civilians-as-human-shields",
            ("contrary",),
            None,
        ),
        # The narrative's denial of the invasion is its own negation: verified (below
        # *suggest*, so no match).
        (
            "en",
            "Russia didn't invade Ukraine, it struck first because Kyiv was about to attack "
            "Donbas.",
            "russia-struck-first-to-preempt-attack",
            (),
            None,
        ),
        # RT in the RUWA stream: the narrative's own "won't replace" (a contraction, read
        # as a negation since 2026-12-06) denies the facts, not the narrative.
        (
            "en",
            "Energy generated from organic waste won’t replace even half the gas Germany gets "
            "from Russia",
            "sanctions-deindustrialise-europe",
            (),
            Stance.PROMOTES,
        ),
        (
            "en",
            "Germany replaced most Russian gas with LNG imports and its industrial output rose "
            "last year.",
            "sanctions-deindustrialise-europe",
            ("contrary",),
            None,
        ),
        # "Y, not X": the narrative's own claim, its negation the other side's.
        (
            "ru",
            "MH17 сбила украинская ракета «Бук», а не российская, заявили в Минобороны России.",
            "ukraine-shot-down-mh17",
            (),
            Stance.REPORTS,
        ),
        # The same words negated where they stand are the narrative's denial of the facts.
        (
            "en",
            "Crimea was never annexed, it voluntarily reunited with Russia.",
            "crimea-voluntary-reunification",
            (),
            Stance.PROMOTES,
        ),
        (
            "ru",
            "Никакой аннексии не было — крымчане добровольно вернулись в Россию.",
            "crimea-voluntary-reunification",
            (),
            Stance.PROMOTES,
        ),
        (
            "ru",
            "Так называемая аннексия Крыма — это свободный выбор крымчан на референдуме.",
            "crimea-voluntary-reunification",
            (),
            Stance.PROMOTES,
        ),
        (
            "en",
            "The court's verdict on MH17 was based on solid evidence, the prosecutors said.",
            "mh17-investigation-biased",
            ("contrary",),
            None,
        ),
        # Sanctions news: what hurts Russia is what the backfire narratives deny; an aim
        # ("meant to hit Russia") is no fact, and the narrative's own claim stays a match.
        (
            "en",
            "The sanctions have hurt Russia far more than Europe.",
            "sanctions-hurt-europe-more-than-russia",
            ("contrary",),
            None,
        ),
        (
            "en",
            "Western sanctions are hitting the Russian economy hard, the IMF said.",
            "sanctions-make-russia-stronger",
            ("contrary",),
            None,
        ),
        (
            "en",
            "Under the influence of international economic sanctions, Russia's economy is "
            "already significantly degrading.",
            "sanctions-hurt-europe-more-than-russia",
            ("contrary",),
            None,
        ),
        (
            "uk",
            "Економіка Росії скоротилася на 4% під тиском санкцій.",
            "sanctions-make-russia-stronger",
            ("contrary",),
            None,
        ),
        (
            "en",
            "Sanctions meant to hit Russia have hurt Europe instead.",
            "sanctions-hurt-europe-more-than-russia",
            (),
            Stance.PROMOTES,
        ),
        # "Myth" aimed at the facts is the narrative's voice: neither the aggression it
        # names (no opposite action) nor a debunk in the outlet's words.
        (
            "ru",
            "Миф о российской агрессии придуман Западом, Россия лишь защищается.",
            "special-operation-is-defensive",
            (),
            Stance.PROMOTES,
        ),
    ],
)
def test_a_claim_stating_what_the_narrative_denies_contradicts_it(
    pipeline: Pipeline,
    language: str,
    text: str,
    narrative: str,
    signals: tuple[str, ...],
    stance: Stance | None,
) -> None:
    scores = rank_claims([text], language, pipeline.index, pipeline.embedder, pipeline.registry)
    top = scores.candidates[0][0]
    assert (top.narrative_id, top.signals) == (narrative, signals)
    analysis = analyze(
        Document(text=text, content_hash="x", source="t", language=language), pipeline
    )
    # A report of the facts is neither the narrative nor a rebuttal of it: no match.
    expected = [(narrative, stance)] if stance else []
    assert [(m.narrative_id, m.stance) for m in analysis.matches] == expected


def test_a_speaker_stating_what_the_narrative_denies_refutes_it(pipeline: Pipeline) -> None:
    text = (
        "Russian Foreign Ministry spokeswoman Maria Zakharova claimed that Crimea voluntarily "
        "reunited with Russia after a free and democratic referendum. US Secretary of State "
        "Antony Blinken said that Russia annexed Crimea after a sham referendum held at gunpoint."
    )
    analysis = analyze(Document(text=text, content_hash="x", source="t", language="en"), pipeline)
    (match,) = [m for m in analysis.matches if m.narrative_id == "crimea-voluntary-reunification"]
    stances = {s.actor_id: s for s in match.actor_stances}
    assert stances["maria-zakharova"].stance is Stance.PROMOTES
    # Blinken's claim is no match of the narrative (contrary), but it answers it.
    blinken = stances["antony-blinken"]
    assert blinken.stance is Stance.REFUTES
    assert (
        "annexed Crimea after a sham referendum"
        in text[blinken.evidence.start : blinken.evidence.end]
    )


MH17 = "ukraine-shot-down-mh17"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # Air-defence news from the RUWA stream: another aircraft than MH17.
        ("en", "The Ukrainian military shot down a Russian Su-34 aircraft near Izium."),
        ("en", "An enemy plane, probably a Su-25, was shot down in southern Ukraine."),
        ("ru", "Украинские военные сбили российский Су-34 под Изюмом."),
        ("uk", "Українські військові збили російський Су-34 під Ізюмом."),
    ],
)
def test_a_document_that_never_names_the_subject_does_not_carry_it(
    pipeline: Pipeline, language: str, text: str
) -> None:
    assert "subject_absent" in _signals(pipeline, language, text, MH17)
    analysis = analyze(
        Document(text=text, content_hash="x", source="t", language=language), pipeline
    )
    assert MH17 not in [m.narrative_id for m in analysis.matches]


# News on a narrative's topic that never names its subject (RUWA and UNLP suggestions of
# 2026-12-06, fifth session), and the narrative's own claim beside it.
@pytest.mark.parametrize(
    ("language", "text", "narrative", "absent"),
    [
        (
            "en",
            "Germany will supply Ukraine with heavy weapons and ammunition next week.",
            "western-weapons-resold-on-black-market",
            True,
        ),
        (
            "en",
            "Weapons supplied by the West to Ukraine are being resold on the black market.",
            "western-weapons-resold-on-black-market",
            False,
        ),
        (
            "ru",
            "Треть беженцев из Украины — подростки и дети.",
            "ukrainian-refugees-are-criminals",
            True,
        ),
        (
            "ru",
            "Украинские беженцы устраивают драки и грабят магазины в Польше.",
            "ukrainian-refugees-are-criminals",
            False,
        ),
        (
            "uk",
            "Польща скасовує виплати для українських біженців.",
            "poland-plans-to-annex-western-ukraine",
            True,
        ),
    ],
)
def test_a_narrative_s_subject_must_be_named(
    pipeline: Pipeline, language: str, text: str, narrative: str, absent: bool
) -> None:
    assert ("subject_absent" in _signals(pipeline, language, text, narrative)) is absent


@pytest.mark.parametrize(
    ("language", "text", "title"),
    [
        ("en", "Ukraine shot down MH17 with its own Buk, Russian media claimed.", None),
        # The subject named once, in the headline; the claim says "the plane".
        (
            "en",
            "New evidence on the Malaysian airliner. The plane was shot down by a Ukrainian "
            "Su-25 fighter jet flying beside it, a witness said.",
            None,
        ),
        (
            "ru",
            "Самолёт сбил украинский штурмовик Су-25, который летел рядом, заявил свидетель.",
            "Новые данные о крушении MH17",
        ),
    ],
)
def test_the_subject_named_anywhere_in_the_document_counts(
    pipeline: Pipeline, language: str, text: str, title: str | None
) -> None:
    document = Document(text=text, content_hash="x", source="t", language=language, title=title)
    analysis = analyze(document, pipeline)
    assert MH17 in [m.narrative_id for m in analysis.matches]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "В американских биолабораториях на Украине разрабатывали биологическое оружие."),
        ("en", "US biolabs in Ukraine were developing biological weapons."),
    ],
)
def test_a_narrative_whose_subject_is_absent_passes_the_lead_on(
    pipeline: Pipeline, language: str, text: str
) -> None:
    scores = rank_claims([text], language, pipeline.index, pipeline.embedder, pipeline.registry)
    ranked = [c.narrative_id for c in scores.candidates[0]]
    # The Lugar lab scores highest, but the text never names Georgia: the next one leads.
    assert ranked.index("lugar-lab-georgia-bioweapons") < ranked.index(
        "us-military-biolabs-in-ukraine"
    )
    analysis = analyze(
        Document(text=text, content_hash="x", source="t", language=language), pipeline
    )
    assert [m.narrative_id for m in analysis.matches] == ["us-military-biolabs-in-ukraine"]


@pytest.mark.parametrize(
    "text",
    [
        "Johnson calls for NATO meeting as soon as possible",
        "Ex-president of Georgia Mikheil Saakashvili thanked President of Ukraine Volodymyr "
        "Zelensky",
        "European Parliament calls on world to significantly increase arms supplies to Ukraine",
        "Belarus urges Russia-led military alliance to unite against West",
    ],
)
def test_what_someone_calls_for_or_thanks_carries_no_narrative(
    pipeline: Pipeline, text: str
) -> None:
    """The object of a demand or a thanks is cut out as the quote's content, and it scores
    as close to a narrative as a claim that states it — but it asserts nothing."""
    analysis = analyze(Document(text=text, content_hash="x", source="t", language="en"), pipeline)
    cut = [
        (claim, candidates)
        for claim, candidates in zip(analysis.claims, analysis.candidates, strict=True)
        if claim.quote_index is not None and candidates
    ]
    assert cut, "the object is a claim of its own"
    assert any(c[0].verified and c[0].margin >= pipeline.options.suggest for _, c in cut)
    assert analysis.matches == ()


def test_a_demand_to_stop_what_is_done_still_carries_it(pipeline: Pipeline) -> None:
    text = "Lavrov urged Kyiv to stop shelling the Zaporizhzhia nuclear power plant"
    analysis = analyze(Document(text=text, content_hash="x", source="t", language="en"), pipeline)
    (match,) = analysis.matches
    assert match.narrative_id == "ukraine-nuclear-provocation-zaporizhzhia"
    assert ("sergei-lavrov", Stance.PROMOTES) in [
        (s.actor_id, s.stance) for s in match.actor_stances
    ]
