"""Quote forms in en/ru/uk on short texts, with the registry's entities."""

from __future__ import annotations

import pytest

from narrativewatch.analysis.extraction import extract
from narrativewatch.model import Analysis, Document, Span
from narrativewatch.pipeline import Pipeline, analyze

CASES = [
    # (language, text, speaker (English name), kind, content substring)
    (
        "en",
        '"We see no threat from the border," Lukashenko said on Tuesday.',
        "Alexander Lukashenko",
        "direct",
        "We see no threat from the border",
    ),
    (
        "en",
        "Sergei Lavrov told reporters that the West was preparing a provocation in Ukraine.",
        "Sergei Lavrov",
        "indirect",
        "the West was preparing a provocation in Ukraine",
    ),
    (
        "en",
        "According to Maria Zakharova, Kyiv is hiding laboratories from inspectors.",
        "Maria Zakharova",
        "indirect",
        "Kyiv is hiding laboratories from inspectors",
    ),
    (
        "en",
        "Ukraine is preparing an attack on Belarus, Peskov said.",
        "Dmitry Peskov",
        "indirect",
        "Ukraine is preparing an attack on Belarus",
    ),
    (
        "ru",
        "«Мы не видим никакой угрозы», — заявил Лукашенко журналистам.",
        "Alexander Lukashenko",
        "direct",
        "Мы не видим никакой угрозы",
    ),
    (
        "ru",
        "Лавров заявил, что Запад готовит провокацию на Украине.",
        "Sergei Lavrov",
        "indirect",
        "Запад готовит провокацию на Украине",
    ),
    (
        "ru",
        "По словам Захаровой, Киев скрывает лаборатории от инспекторов.",
        "Maria Zakharova",
        "indirect",
        "Киев скрывает лаборатории от инспекторов",
    ),
    (
        "uk",
        "«Жодних провокацій з нашого боку немає», — заявив Демченко.",
        "Andriy Demchenko",
        "direct",
        "Жодних провокацій з нашого боку немає",
    ),
    (
        "uk",
        "Речник МЗС Георгій Тихий наголосив, що Росія поширює фейки про Україну.",
        "Heorhii Tykhyi",
        "indirect",
        "Росія поширює фейки про Україну",
    ),
    (
        "uk",
        "За словами Зеленського, Україна не планує жодних наступів на Білорусь.",
        "Volodymyr Zelensky",
        "indirect",
        "Україна не планує жодних наступів на Білорусь",
    ),
    # Ukrainian «заявив» is the past tense, not a gerund: a trailing report without a dash.
    (
        "uk",
        "Росія готує провокацію на Запорізькій АЕС, заявив Буданов.",
        "Kyrylo Budanov",
        "indirect",
        "Росія готує провокацію на Запорізькій АЕС",
    ),
    # The 2019 orthography's «прессекретар» is a title, not the name after it.
    (
        "uk",
        "Українські війська обстрілюють територію станції, заявив прессекретар Путіна Дмитро "
        "Пєсков.",
        "Dmitry Peskov",
        "indirect",
        "Українські війська обстрілюють територію станції",
    ),
    # «Как/Як» with any reporting verb, and a place or time between it and the speaker.
    (
        "uk",
        "Як пояснив у четвер на брифінгу речник ГУР Андрій Юсов, Кремль розраховує налякати "
        "європейських виборців.",
        "Andriy Yusov",
        "indirect",
        "Кремль розраховує налякати європейських виборців",
    ),
    (
        "ru",
        "Как подчеркнул в интервью телеканалу пресс-секретарь Кремля Дмитрий Песков, Россия "
        "не угрожает соседям.",
        "Dmitry Peskov",
        "indirect",
        "Россия не угрожает соседям",
    ),
    # A preposition inside a title is not an adverbial before the verb.
    (
        "ru",
        "Постоянный представитель России при ООН Василий Небензя заявил, что у Москвы есть "
        "данные о подготовке взрыва.",
        "Vasily Nebenzya",
        "indirect",
        "у Москвы есть данные о подготовке взрыва",
    ),
    # A gerund of the present shares the subject of the clause before it.
    (
        "uk",
        "Буданов виступив на брифінгу, зазначаючи, що Росія готує провокацію на станції.",
        "Kyrylo Budanov",
        "indirect",
        "Росія готує провокацію на станції",
    ),
]


@pytest.mark.parametrize(("language", "text", "speaker", "kind", "content"), CASES)
def test_quote_forms(
    pipeline: Pipeline, language: str, text: str, speaker: str, kind: str, content: str
) -> None:
    document = Document(text=text, content_hash="x", source="test", language=language)
    analysis = analyze(document, pipeline)
    names = {a.id: a.name for a in analysis.actors}
    found = [
        (names.get(q.speaker_actor_id or ""), q.kind.value, q.content.text_of(text))
        for q in analysis.quotes
    ]
    assert any(s == speaker and k == kind and content in c for s, k, c in found), found


def test_scare_quotes_are_not_quotes(pipeline: Pipeline) -> None:
    text = 'Russia calls its invasion a "special military operation" and bans the word war.'
    analysis = _analysis(pipeline, "en", text)
    assert analysis.quotes == ()


def _analysis(pipeline: Pipeline, language: str, text: str) -> Analysis:
    return analyze(Document(text=text, content_hash="x", source="t", language=language), pipeline)


def _quotes(pipeline: Pipeline, language: str, text: str) -> list[tuple[str | None, ...]]:
    """(speaker's actor name, speaker mention, cue, kind, content) of each quote."""
    analysis = _analysis(pipeline, language, text)
    names = {a.id: a.name for a in analysis.actors}
    return [
        (
            names.get(q.speaker_actor_id or ""),
            q.speaker.text_of(text) if q.speaker else None,
            q.cue.text_of(text),
            q.kind.value,
            q.content.text_of(text),
        )
        for q in analysis.quotes
    ]


REFERENCES = [
    # A pronoun or a bare title stands for the person named before it; the mention is kept
    # as written (attribution corpora mark "he", not the antecedent).
    (
        "en",
        "Sergei Lavrov spoke in Moscow on Monday. He said that the talks had failed.",
        ("Sergei Lavrov", "He", "said", "indirect", "that the talks had failed"),
    ),
    (
        "en",
        "Dmitry Peskov met reporters on Friday. The spokesman added that Kyiv was to blame.",
        ("Dmitry Peskov", "The spokesman", "added", "indirect", "that Kyiv was to blame"),
    ),
    (
        "uk",
        "Георгій Тихий виступив на брифінгу. Речник зазначив, що Росія поширює фейки.",
        ("Heorhii Tykhyi", "Речник", "зазначив", "indirect", "що Росія поширює фейки"),
    ),
    (
        "ru",
        "Песков выступил перед журналистами. Он заявил, что Киев готовит провокацию.",
        ("Dmitry Peskov", "Он", "заявил", "indirect", "что Киев готовит провокацию"),
    ),
    (
        "ru",
        "Мария Захарова выступила на брифинге. «Киев готов на всё», — подчеркнула дипломат.",
        ("Maria Zakharova", "дипломат", "подчеркнула", "direct", "«Киев готов на всё»"),
    ),
    # The pronoun inside an "according to" cue.
    (
        "ru",
        "Мария Захарова выступила на брифинге. По ее словам, Киев готовит провокацию.",
        ("Maria Zakharova", "ее", "По ее словам", "indirect", "Киев готовит провокацию"),
    ),
    (
        "uk",
        "Дмитро Кулеба відповів Москві. На його думку, Кремль готує ескалацію.",
        ("Dmytro Kuleba", "його", "На його думку", "indirect", "Кремль готує ескалацію"),
    ),
    (
        "en",
        "Dmitry Peskov met reporters on Friday. According to him, the talks had failed.",
        ("Dmitry Peskov", "him", "According to him", "indirect", "the talks had failed"),
    ),
    # The speaker after the cue.
    (
        "en",
        '"The border is calm," said Alexander Lukashenko.',
        ("Alexander Lukashenko", "Alexander Lukashenko", "said", "direct", '"The border is calm,"'),
    ),
]


@pytest.mark.parametrize(("language", "text", "expected"), REFERENCES)
def test_speaker_references_resolve_to_the_named_actor(
    pipeline: Pipeline, language: str, text: str, expected: tuple[str, ...]
) -> None:
    assert _quotes(pipeline, language, text) == [expected]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "По его словам, Киев готовит провокацию."),
        ("uk", "За її словами, Київ нічого не приховує."),
    ],
)
def test_a_pronoun_cue_with_nobody_named_before_is_no_quote(
    pipeline: Pipeline, language: str, text: str
) -> None:
    assert _quotes(pipeline, language, text) == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "uk",
            "Міністр оборони Росії Сергій Шойгу в телефонних розмовах із колегами зі США, "
            "Великої Британії, Франції та Туреччини заявив, що Україна готує провокацію.",
        ),
        (
            "ru",
            "Министр обороны России Сергей Шойгу в разговорах с коллегами из США, "
            "Великобритании, Франции и Турции заявил, что Украина готовит провокацию.",
        ),
        (
            "en",
            "Russian Defence Minister Sergei Shoigu, in phone calls with his counterparts from "
            "the US, Britain, France and Turkey, said that Ukraine was preparing a provocation.",
        ),
        # Two names and no comma.
        (
            "ru",
            "Министр обороны России Сергей Шойгу в разговорах с коллегами из США и Турции "
            "заявил, что Украина готовит провокацию.",
        ),
        (
            "uk",
            "Міністр оборони Росії Сергій Шойгу в розмовах із колегами зі США та Туреччини "
            "заявив, що Україна готує провокацію.",
        ),
        (
            "en",
            "Russian Defence Minister Sergei Shoigu in calls with the US and Turkey said that "
            "Ukraine was preparing a provocation.",
        ),
    ],
)
def test_names_a_preposition_governs_are_not_the_speaker(
    pipeline: Pipeline, language: str, text: str
) -> None:
    """The countries Shoigu phoned stand right before the verb, but inside an adverbial:
    the speaker is the subject before it."""
    [(actor, _, _, kind, _)] = _quotes(pipeline, language, text)
    assert (actor, kind) == ("Sergei Shoigu", "indirect")


def test_a_quotation_interrupted_by_its_attribution_is_one_quote(pipeline: Pipeline) -> None:
    text = (
        '"Ukraine is massing troops near the border. This is a provocation," Peskov said. '
        '"We will respond."'
    )
    assert _quotes(pipeline, "en", text) == [
        ("Dmitry Peskov", "Peskov", "said", "direct", text),
    ]


def test_coordinated_reports_share_the_speaker(pipeline: Pipeline) -> None:
    text = "Lavrov praised the talks and said the West should lift the sanctions."
    found = _quotes(pipeline, "en", text)
    assert (
        "Sergei Lavrov",
        "Lavrov",
        "said",
        "indirect",
        "the West should lift the sanctions",
    ) in found


def test_a_comma_before_and_keeps_the_shared_speaker(pipeline: Pipeline) -> None:
    text = "She blamed the violence on a disturbed man, not his faith, and said it was unnerving."
    found = _quotes(pipeline, "en", text)
    assert (None, "She", "said", "indirect", "it was unnerving") in found


def test_a_participle_after_comma_and_opens_its_own_clause(pipeline: Pipeline) -> None:
    # "knowing her" goes on from no earlier participle: nobody "knows" anything here
    text = "She needs to prepare herself for a tough election, and knowing her, she will be."
    assert all(cue != "knowing" for _, _, cue, _, _ in _quotes(pipeline, "en", text))


def test_an_opening_adverbial_is_no_shared_subject(pipeline: Pipeline) -> None:
    text = (
        "Walking to the next address, Ebeling recalled her days in college, and said the war "
        "had changed their views."
    )
    found = _quotes(pipeline, "en", text)
    assert (
        "Ebeling",
        "Ebeling",
        "said",
        "indirect",
        "the war had changed their views",
    ) in found


@pytest.mark.parametrize(
    "text",
    [
        "Rep. Bobby Scott (D-Va.), ranking member of the House education committee, said he "
        "fully supports the compromise.",
        "Rep. Bobby Scott (D-Va.), who negotiated the bill, said he fully supports the compromise.",
    ],
)
def test_a_party_tag_after_the_name_heads_its_appositives(pipeline: Pipeline, text: str) -> None:
    [quote] = [q for q in _quotes(pipeline, "en", text) if q[2] == "said"]
    assert quote[0] == "Bobby Scott"
    assert quote[1] is not None and quote[1].startswith("Rep. Bobby Scott (D-Va.), ")
    assert quote[4] == "he fully supports the compromise"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # a bare clause whose relative clause has its own "that"
        (
            "It said current officials have concealed information about breaches that had "
            "been requested by Congress.",
            "current officials have concealed information about breaches that had been "
            "requested by Congress",
        ),
        # the verb's object with a noun clause, not an addressee before "that"
        (
            "Peskov rejected claims from Kyiv and its allies that Moscow had planned the attack.",
            "claims from Kyiv and its allies that Moscow had planned the attack",
        ),
        # when and where it was said stand between the cue and "that"
        (
            "Peskov said in a statement on Monday that the talks were over.",
            "that the talks were over",
        ),
        ("Peskov repeated again last week that the talks were over.", "that the talks were over"),
    ],
)
def test_what_stands_between_a_cue_and_that(pipeline: Pipeline, text: str, content: str) -> None:
    assert content in [q[4] for q in _quotes(pipeline, "en", text)]


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        # when, between the subject and its verb
        ("Sanders this week said the primary was rigged against him.", "said", "Sanders"),
        # a passive before a participle: the lawsuit challenges, not "filed"
        (
            "A federal lawsuit was filed in 2012 challenging the surveillance of Muslim "
            "communities.",
            "challenging",
            "A federal lawsuit",
        ),
        # a participle after "after" shares the sentence's subject
        (
            "Senator Sarah Silverman was booed by supporters after telling them that they "
            "were being ridiculous.",
            "telling",
            "Senator Sarah Silverman",
        ),
        # a verb after "and" shares the subject of the one before
        (
            'Silverman joined Al Franken and joked, "Bernie or Bust people, you are being '
            'ridiculous," drawing loud jeers.',
            "joked",
            "Silverman",
        ),
        (
            "Last week, when I asked Sanders about it, he looked into the camera, furrowed "
            'his brow and said, "I am going to endorse you!"',
            "said",
            "he",
        ),
        # "after" opens a clause whose subject the person is
        (
            "Years after Bill Clinton claimed that the era of big government was over, Obama "
            "won the nomination.",
            "claimed",
            "Bill Clinton",
        ),
    ],
)
def test_the_subject_of_a_cue(pipeline: Pipeline, text: str, cue: str, speaker: str) -> None:
    assert speaker in [q[1] for q in _quotes(pipeline, "en", text) if q[2] == cue]


def test_a_clause_ends_before_a_new_report_of_its_own(pipeline: Pipeline) -> None:
    text = (
        "Although Weiner admitted that he and the woman had “been friends for some time,” he "
        "claimed they had never met in person."
    )
    found = {q[2]: q[4] for q in _quotes(pipeline, "en", text)}
    assert found["claimed"] == "they had never met in person"
    assert "claimed" not in found["admitted"]


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "Employees can still get in trouble, and as Comey noted, people involved in the "
            "case could still face administrative sanctions.",
            "Comey",
            "people involved in the case could still face administrative sanctions",
        ),
        (
            "The vote was close. As the report put it, the agency failed to act on warnings.",
            "the report",
            "the agency failed to act on warnings",
        ),
    ],
)
def test_as_someone_said(pipeline: Pipeline, text: str, speaker: str, content: str) -> None:
    assert (speaker, content) in [(q[1], q[4]) for q in _quotes(pipeline, "en", text)]


def test_a_quotation_in_a_dashed_appositive(pipeline: Pipeline) -> None:
    text = (
        'A spokeswoman for the brand - a small business pitched as "the destination for women" '
        "- noted that the company offers new mothers eight weeks of paid leave."
    )
    [quote] = [q for q in _quotes(pipeline, "en", text) if q[2] == "noted"]
    assert quote[1] is not None and quote[1].startswith("A spokeswoman for the brand")
    assert quote[4] == "that the company offers new mothers eight weeks of paid leave"


def test_the_subject_before_a_quotation_that_opens_at_the_verb(pipeline: Pipeline) -> None:
    text = 'Most voters "strongly agree" that the country is on the wrong track.'
    found = [q for q in _quotes(pipeline, "en", text) if q[2] == "agree"]
    assert [q[1] for q in found] == ["Most voters"]


@pytest.mark.parametrize(
    ("language", "text", "content"),
    [
        # the speaker's appositive after an inverted tail is no content
        ("en", "The talks are over, said Peskov, the Kremlin spokesman.", "The talks are over"),
        (
            "ru",
            "Переговоры с Киевом окончены, сказал Песков, который говорил с журналистами.",
            "Переговоры с Киевом окончены",
        ),
        # but a clause the tail interrupts goes on after it
        (
            "en",
            "In any case, Mr. DiPietro said, the golf industry was over-supplied with courses.",
            "In any case, Mr. DiPietro said, the golf industry was over-supplied with courses",
        ),
    ],
)
def test_what_follows_an_inverted_tail(
    pipeline: Pipeline, language: str, text: str, content: str
) -> None:
    assert [q[4] for q in _quotes(pipeline, language, text)] == [content]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a relative clause after a name says nothing of what comes before it
        ("en", "Ted Cruz, who last year threatened to shut down the government, ran an ad."),
        # whom the authorities accuse is no tail of the words before
        (
            "uk",
            "У ситуації, що склалася, українська влада звинувачує Москву, яка неодноразово "
            "наголошувала, що вона не є частиною конфлікту.",
        ),
    ],
)
def test_no_content_before_a_clause_that_is_not_a_tail(
    pipeline: Pipeline, language: str, text: str
) -> None:
    found = _quotes(pipeline, language, text)
    assert all(not text.startswith(content) for *_, content in found)


def test_a_pronoun_opening_a_clause_is_no_inverted_speaker(pipeline: Pipeline) -> None:
    text = "The bill has wide backing among the members, said he fully supports the compromise."
    assert all(speaker != "he" for _, speaker, _, _, _ in _quotes(pipeline, "en", text))


@pytest.mark.parametrize(
    ("language", "text", "outer", "inner"),
    [
        (
            "en",
            'Maria Zakharova said: "Kyiv claims that Russia shelled the plant, but this is a lie."',
            ("Maria Zakharova", "said"),
            ("Kyiv", "claims", "that Russia shelled the plant"),
        ),
        (
            "ru",
            "«Киев утверждает, что Россия обстреляла станцию. Это ложь», — сказала Захарова.",
            ("Maria Zakharova", "сказала"),
            ("Киев", "утверждает", "что Россия обстреляла станцию"),
        ),
    ],
)
def test_a_quote_inside_a_quote_is_kept_with_its_own_speaker(
    pipeline: Pipeline,
    language: str,
    text: str,
    outer: tuple[str, str],
    inner: tuple[str, str, str],
) -> None:
    found = _quotes(pipeline, language, text)
    assert len(found) == 2
    direct = next(q for q in found if q[3] == "direct")
    nested = next(q for q in found if q[3] == "indirect")
    assert (direct[0], direct[2]) == outer
    assert (nested[1], nested[2], nested[4]) == inner
    assert nested[4] in (direct[4] or "")


def test_first_person_inside_a_quote_is_not_a_quote_of_its_own(pipeline: Pipeline) -> None:
    text = '"I think the sanctions will fail," Lavrov said.'
    assert [q[2] for q in _quotes(pipeline, "en", text)] == ["said"]


def test_a_passive_report_has_no_speaker(pipeline: Pipeline) -> None:
    text = "Peskov was asked whether the Kremlin would send troops to the border."
    assert _quotes(pipeline, "en", text) == [
        (None, None, "asked", "indirect", "whether the Kremlin would send troops to the border")
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "language", "speaker"),
    [
        (
            "Pro-Kremlin Telegram channels said this week that NATO was preparing for war.",
            "en",
            "Pro-Kremlin Telegram channels",
        ),
        (
            "Пророссийские телеграм-каналы Telegram сообщили, что НАТО готовится к войне.",
            "ru",
            "Пророссийские телеграм-каналы Telegram",
        ),
    ],
)
def test_a_platform_before_an_audience_head_is_not_the_speaker(
    pipeline: Pipeline, text: str, language: str, speaker: str
) -> None:
    extraction = extract(text, language, pipeline.nlp, pipeline.registry)
    [quote] = extraction.quotes
    assert quote.speaker is not None and quote.speaker.text_of(text) == speaker
    assert quote.speaker_actor_id is None  # not "Telegram", the platform


@pytest.mark.slow
def test_officials_of_an_organisation_still_speak_for_it(pipeline: Pipeline) -> None:
    text = "Kremlin officials said on Monday that the talks had failed."
    [quote] = extract(text, "en", pipeline.nlp, pipeline.registry).quotes
    assert quote.speaker_actor_id == "kremlin"


def test_a_quotation_described_by_the_writer_is_not_a_direct_quote(pipeline: Pipeline) -> None:
    # 'a claim Kyiv … dismissed' describes the quoted words; the allies did not say them.
    text = (
        'Russia accused Ukraine of preparing a "dirty bomb", a claim Kyiv and its Western '
        "allies dismissed as false."
    )
    quotes = _quotes(pipeline, "en", text)
    assert not [q for q in quotes if q[3] == "direct"]
    assert ("Russia", "Russia", "accused") in [q[:3] for q in quotes]


def test_a_lead_in_at_the_very_start_of_the_text_is_kept_whole(pipeline: Pipeline) -> None:
    text = 'America needs leaders "who understand the economy," Clinton said.'
    quotes = _quotes(pipeline, "en", text)
    assert [q[4] for q in quotes] == ['America needs leaders "who understand the economy,"']


def test_a_participle_after_a_quotation_neither_attributes_it_nor_inverts(
    pipeline: Pipeline,
) -> None:
    text = (
        'Sen. Lindsey Graham told reporters that Russia "must pay for this," adding that '
        "sanctions would follow."
    )
    # The report ends at the participle, its closing mark kept; nothing is said by
    # "that sanctions".
    assert _quotes(pipeline, "en", text) == [
        (
            "Lindsey Graham",
            "Sen. Lindsey Graham",
            "told",
            "indirect",
            'that Russia "must pay for this,"',
        )
    ]


def test_an_abbreviation_does_not_end_the_lead_in(pipeline: Pipeline) -> None:
    text = 'U.S. officials "are deeply concerned," Blinken said.'
    assert [q[4] for q in _quotes(pipeline, "en", text)] == [
        'U.S. officials "are deeply concerned,"'
    ]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "ru",
            "Киев готовит провокацию с «грязной бомбой». Об этом заявила официальный "
            "представитель МИД Мария Захарова.",
            ("Maria Zakharova", "заявила", "Киев готовит провокацию с «грязной бомбой»"),
        ),
        (
            "ru",
            "Киев готовит провокацию. Об этом Мария Захарова заявила журналистам.",
            ("Maria Zakharova", "заявила", "Киев готовит провокацию"),
        ),
        (
            "uk",
            "Росія готує нову провокацію на Запорізькій АЕС. Про це у своєму телеграм-каналі "
            "повідомив міністр закордонних справ Дмитро Кулеба.",
            ("Dmytro Kuleba", "повідомив", "Росія готує нову провокацію на Запорізькій АЕС"),
        ),
    ],
)
def test_about_this_attributes_the_sentence_before(
    pipeline: Pipeline, language: str, text: str, expected: tuple[str, str, str]
) -> None:
    quotes = _quotes(pipeline, language, text)
    assert [(q[0], q[2], q[4]) for q in quotes] == [expected]


def test_about_this_after_a_quoted_sentence_names_no_new_speaker_for_it(
    pipeline: Pipeline,
) -> None:
    text = (
        "«Это, безусловно, повод для беспокойства», — сказал Песков журналистам. "
        "Об этом ранее сообщил Госпогранкомитет Белоруссии."
    )
    quotes = _quotes(pipeline, "ru", text)
    assert [(q[0], q[2]) for q in quotes] == [("Dmitry Peskov", "сказал")]


def test_a_bare_clause_keeps_its_opening_quotation_mark(pipeline: Pipeline) -> None:
    text = 'Kremlin repeats "dirty bomb" claim as Kyiv invites inspectors'
    assert [q[4] for q in _quotes(pipeline, "en", text)] == [
        '"dirty bomb" claim as Kyiv invites inspectors'
    ]


def test_a_report_inside_a_quotation_ends_with_its_own_sentence(pipeline: Pipeline) -> None:
    text = (
        '"Russia often accuses others of what it is planning to do itself. Ukraine has no '
        'dirty bomb and is not trying to get one," Kuleba said.'
    )
    nested = [q for q in _quotes(pipeline, "en", text) if q[2] == "accuses"]
    assert [q[4] for q in nested] == ["others of what it is planning to do itself"]


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        ("ru", "«Киев готовит провокацию», — говорится в заявлении МИД России.", "МИД России"),
        ("uk", "«Росія повторює старий фейк», – йдеться у заяві МЗС України.", "МЗС України"),
    ],
)
def test_a_statement_speaks_for_whoever_issued_it(
    pipeline: Pipeline, language: str, text: str, speaker: str
) -> None:
    quotes = _quotes(pipeline, language, text)
    assert [(q[1], q[3]) for q in quotes] == [(speaker, "direct")]


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        (
            "uk",
            "Нагадаємо, у березні 2022 року Всесвітня організація охорони здоров'я заявила, "
            "що не має доказів існування біологічної зброї.",
            "Всесвітня організація охорони здоров'я",
        ),
        (
            "ru",
            "21 февраля 2022 года Путин заявил, что Украина не имеет традиций государственности.",
            "Путин",
        ),
        ("ru", "30 депутатов заявили, что закон нужно отменить.", "30 депутатов"),
    ],
)
def test_a_date_before_the_subject_is_not_part_of_the_speaker(
    pipeline: Pipeline, language: str, text: str, speaker: str
) -> None:
    assert [q[1] for q in _quotes(pipeline, language, text)] == [speaker]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Срочно: ВСУ готовят провокацию на Запорожской АЭС"),
        ("uk", "Терміново: Росія знову атакувала енергетичну інфраструктуру"),
    ],
)
def test_a_newsflash_label_is_not_a_speaker(pipeline: Pipeline, language: str, text: str) -> None:
    assert _quotes(pipeline, language, text) == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a newsroom's format, or the story's topic
        ("en", "Explainer: Western sanctions on banks only scratch surface of Fortress Russia"),
        ("en", "Transcript: the minister answers questions on the grain corridor"),
        ("en", "War in Ukraine: Russian troops shelled Kharkiv overnight, killing three people."),
        ("en", "Shelling of Kremenchuk: missiles hit a shopping mall with 1,000 people inside."),
        # a place says where, not who
        ("en", "Mariupol: Russian troops shelled the drama theatre where civilians hid."),
        ("en", "Zaporizhzhia NPP: the invaders took over the plant's dining room."),
        ("ru", "Мариуполь: российские войска обстреляли драмтеатр, где прятались люди."),
    ],
)
def test_a_topic_or_place_label_is_not_a_speaker(
    pipeline: Pipeline, language: str, text: str
) -> None:
    assert _quotes(pipeline, language, text) == []


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        # a capital and a country speak for their governments
        ("en", "Moscow: Kyiv is preparing a provocation with a dirty bomb.", "Moscow"),
        ("en", "Ukraine: Russia is preparing a provocation at the nuclear plant.", "Ukraine"),
        ("en", "Zelensky: Negotiations are not held because of Russia's position.", "Zelensky"),
        # a delegation speaks for its country, not for the body it sits in
        ("en", "Ukraine at UN: Russia is blocking grain exports from Odesa.", "Ukraine"),
    ],
)
def test_a_speaking_label_stays_a_speaker(
    pipeline: Pipeline, language: str, text: str, speaker: str
) -> None:
    assert [q[1] for q in _quotes(pipeline, language, text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a transcript: the label speaks to the end of its paragraph; a question is no one's
        (
            "Briefing.\n\nQUESTION: Is Russia preparing an offensive?\n\nMR MILLER: We have "
            "seen the reports. We take them seriously.\n\nNext.",
            [("MR MILLER", "We have seen the reports. We take them seriously")],
        ),
        # two labels on one line: each speaks for itself
        (
            'Where they stand.\n\nClinton: "Our goal is to defeat ISIS." Bush: "The mission '
            'is to destroy ISIS."',
            [
                ("Clinton", '"Our goal is to defeat ISIS."'),
                ("Bush", '"The mission is to destroy ISIS."'),
            ],
        ),
        # a label the text does not resolve may be a heading: its sentence only
        (
            "Sanders lays off staff.\n\nSuperdelegates: Clinton is backed by 520 "
            "superdelegates. Sanders supporters have launched petitions.",
            [("Superdelegates", "Clinton is backed by 520 superdelegates")],
        ),
        # a byline's boilerplate
        ("Story.\n\nFollow AWR Hawkins on Twitter: @AWRHawkins. Reach him at his email.", []),
        # a headline's label speaks for its statement only, not for the site's trailer
        (
            "Putin: Russia will not attack NATO countries. VIDEO (08.02.22) « Politics | Site"
            "\n\nThe president spoke in Moscow.",
            [("Putin", "Russia will not attack NATO countries")],
        ),
    ],
)
def test_a_transcript_label_speaks_to_the_end_of_its_paragraph(
    pipeline: Pipeline, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(q[1], q[4]) for q in _quotes(pipeline, "en", text)] == expected


@pytest.mark.parametrize(
    ("language", "text", "content"),
    [
        (
            "en",
            "The Kremlin said Ukraine was behind the attack, without providing evidence.",
            "Ukraine was behind the attack",
        ),
        (
            "ru",
            "В Минобороны заявили, что удар нанесли ВСУ, не предоставив доказательств.",
            "что удар нанесли ВСУ",
        ),
        # without a comma too
        (
            "en",
            "Moscow claimed that Ukraine was preparing a dirty bomb without providing evidence.",
            "that Ukraine was preparing a dirty bomb",
        ),
    ],
)
def test_the_writers_without_evidence_is_not_part_of_the_report(
    pipeline: Pipeline, language: str, text: str, content: str
) -> None:
    assert [q[4] for q in _quotes(pipeline, language, text)] == [content]


def test_a_that_after_the_subject_of_a_bare_clause_is_a_relative_pronoun(
    pipeline: Pipeline,
) -> None:
    text = (
        "Russia's defence ministry said the missile that hit the Kramatorsk railway station "
        "was fired by Ukrainian forces."
    )
    assert [q[4] for q in _quotes(pipeline, "en", text)] == [
        "the missile that hit the Kramatorsk railway station was fired by Ukrainian forces"
    ]


@pytest.mark.parametrize(
    ("language", "text", "speaker", "content"),
    [
        ("ru", "МИД Украины опроверг эти обвинения.", "МИД Украины", "эти обвинения"),
        ("uk", "МЗС України відкинуло ці звинувачення.", "МЗС України", "ці звинувачення"),
        (
            "ru",
            "Компания «Энергоатом» назвала это заявление ложью.",
            "Компания «Энергоатом»",
            "это заявление ложью",
        ),
        ("uk", "У ЦПД назвали це черговим фейком.", "ЦПД", "це черговим фейком"),
        # The object that points back may stand before the verb.
        (
            "uk",
            "У ДПСУ такі заяви назвали маніпуляцією.",
            "ДПСУ",
            "такі заяви назвали маніпуляцією",
        ),
        (
            "ru",
            "В МИД Украины эти обвинения назвали ложью.",
            "МИД Украины",
            "эти обвинения назвали ложью",
        ),
        (
            "ru",
            "Лукашенко обвинил Киев в подготовке провокаций на границе.",
            "Лукашенко",
            "Киев в подготовке провокаций на границе",
        ),
        (
            "uk",
            "Міністр Максим Рижанков звинуватив Київ у провокаціях на кордоні.",
            "Міністр Максим Рижанков",
            "Київ у провокаціях на кордоні",
        ),
    ],
)
def test_rejecting_with_an_object_is_an_indirect_quote(
    pipeline: Pipeline, language: str, text: str, speaker: str, content: str
) -> None:
    found = _quotes(pipeline, language, text)
    assert [(q[1], q[3], q[4]) for q in found] == [(speaker, "indirect", content)]


@pytest.mark.parametrize(
    ("language", "text", "content"),
    [
        (
            "ru",
            "Россию обвинили в обстреле Запорожской АЭС.",
            "Россию обвинили в обстреле Запорожской АЭС",
        ),
        (
            "uk",
            "Україну звинувачують у провокаціях на кордоні.",
            "Україну звинувачують у провокаціях на кордоні",
        ),
    ],
)
def test_the_accused_put_first_is_no_speaker(
    pipeline: Pipeline, language: str, text: str, content: str
) -> None:
    # A subject is in the nominative: «Россию» before «обвинили» is the accused, and the
    # accusation's content runs from it, as in "Russia is accused of …".
    found = _quotes(pipeline, language, text)
    assert [(q[0], q[3], q[4]) for q in found] == [(None, "indirect", content)]


@pytest.mark.parametrize(
    ("language", "text", "speaker", "content"),
    [
        (
            "ru",
            "В Кремле настаивают, что Украина готовит провокацию.",
            "Кремле",
            "что Украина готовит провокацию",
        ),
        (
            "uk",
            "У Міноборони РФ запевняють, що Україна готує провокацію.",
            "Міноборони РФ",
            "що Україна готує провокацію",
        ),
    ],
)
def test_an_institution_speaks_in_the_impersonal_plural(
    pipeline: Pipeline, language: str, text: str, speaker: str, content: str
) -> None:
    found = _quotes(pipeline, language, text)
    assert [(q[1], q[4]) for q in found] == [(speaker, content)]


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "Ukraine was accused by Moscow of shelling the Zaporizhzhia nuclear power plant.",
            "Moscow",
            "Ukraine was accused by Moscow of shelling the Zaporizhzhia nuclear power plant",
        ),
        (
            "Ukraine has been blamed by the Kremlin for the attack on the Crimean bridge.",
            "the Kremlin",
            "Ukraine has been blamed by the Kremlin for the attack on the Crimean bridge",
        ),
    ],
)
def test_a_passive_accusation_names_its_speaker_after_by(
    pipeline: Pipeline, text: str, speaker: str, content: str
) -> None:
    found = _quotes(pipeline, "en", text)
    assert [(q[1], q[3], q[4]) for q in found] == [(speaker, "indirect", content)]


def test_a_passive_accusation_without_by_has_no_speaker(pipeline: Pipeline) -> None:
    assert all(
        q[0] is None for q in _quotes(pipeline, "en", "Ukraine is accused of shelling the plant.")
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Россия называет вторжение специальной военной операцией."),
        ("uk", "Росія називає вторгнення спеціальною військовою операцією."),
    ],
)
def test_naming_without_a_verdict_is_no_quote(pipeline: Pipeline, language: str, text: str) -> None:
    assert _quotes(pipeline, language, text) == []


def test_a_name_in_guillemets_before_a_verb_is_no_direct_quote(pipeline: Pipeline) -> None:
    found = _quotes(pipeline, "ru", "Компания «Энергоатом» опровергла эти обвинения.")
    assert [(q[1], q[3]) for q in found] == [("Компания «Энергоатом»", "indirect")]


def test_a_long_official_name_in_the_tail_is_the_speaker(pipeline: Pipeline) -> None:
    text = (
        "Ukraine is not massing troops near the border with Belarus, the State Border Guard "
        "Service of Ukraine said on Monday."
    )
    assert [(q[0], q[2], q[4]) for q in _quotes(pipeline, "en", text)] == [
        (
            "State Border Guard Service of Ukraine",
            "said",
            "Ukraine is not massing troops near the border with Belarus",
        )
    ]


def test_a_noun_after_a_scare_quote_is_no_cue(pipeline: Pipeline) -> None:
    text = (
        'Dmitry Peskov spoke on Friday. He dismissed as "absurd" claims that Russian troops '
        "had fired on the plant themselves."
    )
    found = _quotes(pipeline, "en", text)
    assert [(q[0], q[2]) for q in found] == [("Dmitry Peskov", "dismissed")]
    assert "claims that Russian troops" in found[0][4]


def test_what_a_demand_asks_for_is_no_report(pipeline: Pipeline) -> None:
    text = (
        "Russia's Foreign Ministry has demanded that the United States explain the purpose of "
        "the laboratories, after the Russian military said it had found evidence."
    )
    cues_and_speakers = [(q[2], q[1]) for q in _quotes(pipeline, "en", text)]
    assert ("explain", "United States") not in cues_and_speakers
    assert [c for c, _ in cues_and_speakers] == ["demanded", "said"]


@pytest.mark.parametrize(
    ("language", "text", "content"),
    [
        (
            "ru",
            "Минобороны России сообщило о доставке в Харьков контейнеров с токсичными веществами.",
            "о доставке в Харьков контейнеров с токсичными веществами",
        ),
        (
            "uk",
            "Міноборони Росії повідомило про доставку до Харкова контейнерів з отрутою.",
            "про доставку до Харкова контейнерів з отрутою",
        ),
    ],
)
def test_a_report_about_a_noun_is_an_indirect_quote(
    pipeline: Pipeline, language: str, text: str, content: str
) -> None:
    assert [(q[3], q[4]) for q in _quotes(pipeline, language, text)] == [("indirect", content)]


def test_a_report_about_this_is_not_its_own_quote(pipeline: Pipeline) -> None:
    # «Песков сообщил об этом журналистам» attributes the previous sentence instead.
    found = _quotes(pipeline, "ru", "Песков сообщил об этом журналистам.")
    assert all(not q[4].startswith("об этом") for q in found)


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        (
            "ru",
            "Западные политики все чаще говорят о возможности прямого столкновения с Россией.",
            "Западные политики",
        ),
        (
            "uk",
            "Західні політики дедалі частіше говорять про можливість прямого зіткнення з Росією.",
            "Західні політики",
        ),
    ],
)
def test_a_comparative_adverb_before_the_verb_is_not_the_speaker(
    pipeline: Pipeline, language: str, text: str, speaker: str
) -> None:
    document = Document(text=text, content_hash="x", source="test", language=language)
    [quote] = analyze(document, pipeline).quotes
    assert quote.speaker is not None and quote.speaker.text_of(text) == speaker


def test_defending_a_territory_is_an_act_and_defending_a_decision_a_report(
    pipeline: Pipeline,
) -> None:
    """A position taken with an object is a report ("defended the decision"); the same
    verb of force acting on a place or a military thing is an act of war (quotes/tagger.py,
    `_armed_act`)."""
    act = "The border guards said the troops were defending the sovereign territory at night."
    assert [q[2] for q in _quotes(pipeline, "en", act)] == ["said"]
    report = "The minister defended the decision to close the crossing for a week."
    assert [(q[2], q[4]) for q in _quotes(pipeline, "en", report)] == [
        ("defended", "the decision to close the crossing for a week")
    ]


def _label_speaker(pipeline: Pipeline, text: str, outlet: str | None) -> str | None:
    analysis = analyze(
        Document(text=text, content_hash="x", source="t", language="en", outlet=outlet),
        pipeline,
    )
    label = [q for q in analysis.quotes if analysis.document.text[q.cue.start : q.cue.end] == ":"]
    assert label, "the headline's label is a quote"
    return label[0].speaker_actor_id


def test_a_title_label_speaks_for_the_holder_the_text_introduces(pipeline: Pipeline) -> None:
    text = (
        "President: Ukraine needs weapons to defend itself, not to attack\n"
        "President Volodymyr Zelensky emphasizes that Ukraine needs the weapons provided by "
        "international partners to defend itself."
    )
    assert _label_speaker(pipeline, text, None) == "volodymyr-zelensky"


@pytest.mark.parametrize(
    ("outlet", "speaker"),
    [
        ("ukrinform.net", "volodymyr-zelensky"),  # the outlet's own country's president
        ("tass.com", "vladimir-putin"),
        (None, None),  # nobody places the outlet: which president is a guess
    ],
)
def test_a_title_label_alone_speaks_for_the_outlets_own_office_holder(
    pipeline: Pipeline, outlet: str | None, speaker: str | None
) -> None:
    text = "President: our country is ready for dialogue in a parallel format"
    assert _label_speaker(pipeline, text, outlet) == speaker


@pytest.mark.parametrize(
    ("text", "outlet", "speaker"),
    [
        (
            "General Staff: Russian troops lost 300 soldiers in the Donetsk direction",
            "ukrinform.net",
            "ukraine-general-staff",
        ),
        (
            "Prosecutor General’s Office: 243 children killed in Ukraine since the invasion",
            "ukrinform.net",
            "ukraine-prosecutor-general",
        ),
        (
            "Defense Ministry: Ukrainian forces shelled Donetsk with Western weapons overnight",
            "tass.com",
            "russia-ministry-of-defence",
        ),
        # which country's general staff is a guess when nobody places the outlet
        ("General Staff: Russian troops lost 300 soldiers in the Donetsk direction", None, None),
    ],
)
def test_a_body_named_without_its_country_speaks_for_the_outlets_own(
    pipeline: Pipeline, text: str, outlet: str | None, speaker: str | None
) -> None:
    assert _label_speaker(pipeline, text, outlet) == speaker


def test_a_body_the_text_names_with_its_country_is_the_one_meant(pipeline: Pipeline) -> None:
    text = (
        "Defense Ministry: the strikes hit only military targets\n"
        "The Russian Defense Ministry said the strikes hit only military targets in Kharkiv."
    )
    assert _label_speaker(pipeline, text, "ukrinform.net") == "russia-ministry-of-defence"


# Posts on X: "X." ends a sentence when a pronoun follows, and "у X" is where the minister
# wrote, not part of who wrote it.
@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Andrii Sybiha rejected the claim. The minister wrote on X. He said that Russia "
            "was trying to justify its crimes.",
            (
                "Andrii Sybiha",
                "He",
                "said",
                "indirect",
                "that Russia was trying to justify its crimes",
            ),
        ),
        (
            "uk",
            "Андрій Сибіга відкинув ці заяви. «Це черговий фейк з Москви», — написав міністр у X.",
            ("Andrii Sybiha", "міністр", "написав", "direct", "«Це черговий фейк з Москви»"),
        ),
        (
            "ru",
            "Андрей Сибига отверг эти заявления. Об этом министр написал в X. Он отметил, что "
            "Россия пытается оправдать свои преступления.",
            (
                "Andrii Sybiha",
                "Он",
                "отметил",
                "indirect",
                "что Россия пытается оправдать свои преступления",
            ),
        ),
    ],
)
def test_a_post_on_x_ends_its_sentence_and_names_no_speaker(
    pipeline: Pipeline, language: str, text: str, expected: tuple[str, ...]
) -> None:
    assert expected in _quotes(pipeline, language, text)


# An unnamed spokesperson speaks for the organisation named before: its actor is the
# organisation, the mention stays as written.
@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Ukraine's Centre for Countering Disinformation warned of a forged letter. A "
            "spokesman for the centre said the letter was fabricated in Moscow.",
            ("Centre for Countering Disinformation", "A spokesman for the centre"),
        ),
        (
            "en",
            "The Russian Defence Ministry claimed that drones had attacked a school. A ministry "
            "spokesperson said the attack killed four children.",
            ("Russian Ministry of Defence", "A ministry spokesperson"),
        ),
        (
            "ru",
            "Министерство обороны России заявило, что дроны атаковали школу. Представитель "
            "ведомства сказал, что при атаке погибли четыре ребенка.",
            ("Russian Ministry of Defence", "Представитель ведомства"),
        ),
        (
            "uk",
            "Центр протидії дезінформації попередив про фейковий лист. Речник центру зазначив, "
            "що мета — залякати читачів.",
            ("Centre for Countering Disinformation", "Речник центру"),
        ),
        # A bare description does too.
        (
            "en",
            "Russia's Defence Ministry said Ukrainian forces were preparing an attack. The "
            "ministry said that drones had been spotted near the plant.",
            ("Russian Ministry of Defence", "The ministry"),
        ),
        # A word for any agency: the last body named as one, not the army the claim is about.
        (
            "ru",
            "Министерство обороны России заявило, что украинские войска готовят обстрел "
            "станции. По данным ведомства, беспилотники были замечены вблизи станции.",
            ("Russian Ministry of Defence", "ведомства"),
        ),
        # … not a unit whose name is one such word («Центр» holds "centre")
        (
            "ru",
            "Как сообщили в Минобороны России, подразделения группировки «Центр» улучшили "
            "положение. По данным ведомства, потери ВСУ составили до 400 военнослужащих.",
            ("Russian Ministry of Defence", "ведомства"),
        ),
    ],
)
def test_an_unnamed_spokesperson_speaks_for_the_organisation_named_before(
    pipeline: Pipeline, language: str, text: str, expected: tuple[str, str]
) -> None:
    second = _quotes(pipeline, language, text)[-1]
    assert second[:2] == expected


def test_a_spokesperson_with_no_organisation_to_speak_for_stays_unresolved(
    pipeline: Pipeline,
) -> None:
    # The centre is not named before: no organisation is guessed.
    text = "A spokesman for the centre said the letter was fabricated in Moscow."
    assert _quotes(pipeline, "en", text)[0][:2] == (None, "A spokesman for the centre")


def test_a_report_inside_a_quotation_keeps_no_stray_mark_and_no_one_word_report(
    pipeline: Pipeline,
) -> None:
    text = (
        "\"Zakharova said 'we have the documents', but she showed none,\" said Jane Doe, a "
        "researcher."
    )
    found = _quotes(pipeline, "en", text)
    assert [(q[1], q[2], q[4]) for q in found if q[3] == "indirect"] == [
        ("Zakharova", "said", "we have the documents")
    ]


# A title after a quotation stands for the person the text gave that title, not for
# whoever the quotation mentions last.
@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            'Analyst Peter Rough spoke to reporters. "Olaf Scholz did not go as far as '
            'Emmanuel Macron," the analyst said.',
            ("Peter Rough", "the analyst"),
        ),
        (
            "ru",
            "Мэр Скадовска Александр Яковлев прокомментировал шутку. «Очень прав был "
            "Симон Петлюра», — отметил мэр.",
            ("Александр Яковлев", "мэр"),
        ),
        (
            # The Slavic head comes first («глава региона»); the title in front of the name
            # runs over an acronym in brackets.
            "ru",
            "Глава Донецкой народной республики (ДНР) Денис Пушилин выступил с заявлением. "
            "«Террористы убили Дарью Дугину», — написал глава региона.",
            ("Denis Pushilin", "глава региона"),
        ),
        # The same office in other words: a head's title for a head, a spokesperson's for
        # a spokesperson, the body an acronym of the title or, for a governor, the region.
        (
            "ru",
            "Министр иностранных дел России Сергей Лавров провел переговоры в Анкаре. «Мы "
            "не видим предмета для обсуждения», — заявил глава МИД.",
            ("Sergei Lavrov", "глава МИД"),
        ),
        (
            "uk",
            "Речник Міністерства закордонних справ Георгій Тихий прокоментував заяву Москви. "
            '"Це черговий фейк", - написав речник МЗС.',
            ("Heorhii Tykhyi", "речник МЗС"),
        ),
        (
            "uk",
            'Голова Одеської ОВА Олег Кіпер повідомив про атаку дронів. "Пошкоджено '
            'склади", - додав очільник області.',
            ("Олег Кіпер", "очільник області"),
        ),
        (
            # Peskov's registry roles name the Kremlin
            "ru",
            "Пресс-секретарь президента Дмитрий Песков ответил на вопросы журналистов. «Это "
            "не соответствует действительности», — сказал представитель Кремля.",
            ("Dmitry Peskov", "представитель Кремля"),
        ),
    ],
)
def test_a_title_stands_for_the_person_given_it(
    pipeline: Pipeline, language: str, text: str, expected: tuple[str, str]
) -> None:
    analysis = _analysis(pipeline, language, text)
    names = {a.id: a.name for a in analysis.actors}
    last = analysis.quotes[-1]
    speaker = last.speaker.text_of(text) if last.speaker else None
    actor = last.speaker_actor_id or ""
    assert (names.get(actor, actor), speaker) == expected


def test_a_title_of_another_body_is_not_the_office_holder(pipeline: Pipeline) -> None:
    text = (
        "Министр иностранных дел России Сергей Лавров провел переговоры в Анкаре. «Мы не "
        "видим предмета для обсуждения», — заявил глава Минобороны."
    )
    assert ("заявил", "sergei-lavrov") not in _speakers(pipeline, "ru", text)


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        ("ru", "«Решение уже принято», — сказал глава МИД на пресс-конференции в Москве.",
         "глава МИД"),
        ("uk", '"Рішення вже ухвалено", - сказав очільник МЗС під час зустрічі з колегами.',
         "очільник МЗС"),
        ("ru", "«Решение уже принято», — написал губернатор в своем Telegram-канале.",
         "губернатор"),
        # a title that goes on to a name after the occasion is kept whole
        ("ru", "«Решение уже принято», — заявил глава делегации на переговорах Владимир "
         "Мединский.", "глава делегации на переговорах Владимир Мединский"),
    ],
)  # fmt: skip
def test_the_occasion_after_a_slavic_speaker_is_not_part_of_it(
    pipeline: Pipeline, language: str, text: str, speaker: str
) -> None:
    assert [q[1] for q in _quotes(pipeline, language, text)] == [speaker]


def test_a_verb_in_a_relative_clause_has_that_clauses_subject(pipeline: Pipeline) -> None:
    # Kirill denies, not the service that names him; Obama ("he") says, inside the clause.
    text = (
        "Служба безпеки зібрала докази проти очільника РПЦ Володимира Гундяєва, який "
        "підтримує агресію та заперечує воєнні злочини окупантів."
    )
    assert ("заперечує", "sbu") not in _speakers(pipeline, "uk", text)
    text = (
        "Barack Obama visited Paris. He made no effort to introduce a carbon tax, which he "
        "favors but says would never win support in the current Congress."
    )
    found = _quotes(pipeline, "en", text)
    assert [(q[0], q[2]) for q in found if q[2] == "says"] == [("Barack Obama", "says")]
    text = "Sergei Lavrov, who met Hakan Fidan in Ankara and said the talks were useful, left."
    assert ("said", "sergei-lavrov") in _speakers(pipeline, "en", text)


def test_an_object_before_the_verb_after_a_body_in_the_locative(pipeline: Pipeline) -> None:
    text = (
        "Однако в Генштабе ВСУ информацию о переброске резервов назвали «фейком российской "
        "пропаганды»."
    )
    analysis = _analysis(pipeline, "ru", text)
    (quote,) = analysis.quotes
    assert quote.speaker_actor_id == "ukraine-general-staff"
    assert quote.speaker is not None and quote.speaker.text_of(text) == "Генштабе ВСУ"
    assert quote.content.text_of(text).startswith("информацию о переброске резервов")


@pytest.mark.parametrize(
    ("language", "text", "cue", "speaker"),
    [
        # the body is named short, inside a person's title; its registry name holds the noun
        ("ru", "Глава МАГАТЭ Рафаэль Гросси прибыл на станцию. В агентстве заявили, что "
         "эксперты проверят энергоблоки.", "заявили", "iaea"),
        ("en", "IAEA chief Rafael Grossi visited the plant on Wednesday. The agency said its "
         "experts had found no heavy weapons at the site.", "said", "iaea"),
    ],
)  # fmt: skip
def test_a_description_stands_for_a_body_named_short(
    pipeline: Pipeline, language: str, text: str, cue: str, speaker: str
) -> None:
    assert (cue, speaker) in _speakers(pipeline, language, text)


def test_people_in_the_plural_are_no_body(pipeline: Pipeline) -> None:
    text = (
        "Roger Wicker, chairman of the National Republican Senatorial Committee, spoke on "
        "Monday. Several senators said they were willing to let bygones be bygones."
    )
    speakers = dict(_speakers(pipeline, "en", text))
    assert speakers.get("said") is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # no title over a clause: the professor is Tritto, not Shi
        ("Об этом говорил вирусолог Джозеф Тритто. Профессор Тритто в свое время утверждал, "
         "что Ши Чжэнли использовала обратную генетику.", "adhoc:джозеф-тритто"),
        # nor from a plural in an oblique case: the historian quoted is Kovalev, not the
        # academician Rybakov his quote mentions
        ("Историк Борис Ковалев рассказал о книге. «Это понятие поддерживалось нашими общими "
         "историками и академиком Борисом Рыбаковым», – подчеркнул Ковалев. Историк "
         "напомнил, что южные города труднее перенесли нашествие.", "adhoc:борис-ковалев"),
    ],
)  # fmt: skip
def test_a_title_does_not_run_over_a_clause_or_a_plural(
    pipeline: Pipeline, text: str, speaker: str
) -> None:
    assert _speakers(pipeline, "ru", text)[-1][1] == speaker


def test_a_title_is_not_the_name_its_own_sentence_speaks_of(pipeline: Pipeline) -> None:
    text = (
        "На думку Стівена Уолта, Росія показала, що готова воювати. Крім того, Путін, на "
        "думку професора, розпочав війну, щоб не допустити зближення України з Альянсом."
    )
    assert ("на думку", "vladimir-putin") not in _speakers(pipeline, "uk", text)


def test_where_a_slavic_speaker_wrote_may_follow_the_speaker(pipeline: Pipeline) -> None:
    text = (
        "Глава Донецкой народной республики Денис Пушилин выступил с заявлением. Террористы "
        "взорвали автомобиль в Подмосковье, — написал глава региона в своем канале в "
        "Telegram."
    )
    found = [(q[0], q[1]) for q in _quotes(pipeline, "ru", text) if q[2] == "написал"]
    assert found == [("Denis Pushilin", "глава региона")]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # an adverb, not an object, stands between the body and its verb
        ("Президент инициирует закон. В МИД Украины даже дежурно вспомнили о паспортах.",
         "вспомнили"),
        # a place, not the body, follows the preposition
        ("Байден назвал королевство изгоем. В Эр-Рияде выводы Вашингтона категорически "
         "отвергли.", "отвергли"),
    ],
)  # fmt: skip
def test_no_object_is_read_from_an_adverb_or_after_a_place(
    pipeline: Pipeline, text: str, cue: str
) -> None:
    found = [q for q in _quotes(pipeline, "ru", text) if q[2] == cue]
    assert all(not q[4].startswith(("даже", "категорически")) for q in found), found


def test_a_clause_leaning_on_the_one_before_is_no_short_report(pipeline: Pipeline) -> None:
    text = (
        "По мнению Чарльза Норчи, Россия использует эту статью в своих интересах. Хотя "
        "попытается, считает американский юрист."
    )
    assert "считает" not in [q[2] for q in _quotes(pipeline, "ru", text)]


def test_a_surname_ending_a_title_is_the_person_named_before(pipeline: Pipeline) -> None:
    # the recogniser misses "Rodion Miroshnik" after the bracketed acronym; the headline
    # named him; a body the registry knows stays itself
    text = (
        "Ukraine refuses to implement the agreements — Miroshnik\n\nThe order shows that "
        "Ukraine has abandoned the agreements, said LNR representative in the Trilateral "
        "Contact Group (TCG) Rodion Miroshnik. The State Department said the claim was false."
    )
    speakers = _speakers(pipeline, "en", text)
    assert ("said", "adhoc:miroshnik") in speakers
    assert ("said", "us-state-department") in speakers


def test_a_word_that_only_begins_like_a_title_names_nobody(pipeline: Pipeline) -> None:
    # «последних» begins like «посла» (ambassador's); it is no title.
    text = (
        "Сергей Лавров выступил в Москве. В последних сообщениях основных средств массовой "
        "информации признается, что пандемия в Африке почти закончилась."
    )
    assert [q[0] for q in _quotes(pipeline, "ru", text)] == [None]


def test_a_place_before_a_title_is_not_part_of_it(pipeline: Pipeline) -> None:
    text = (
        "«Мы много раз предупреждали об этом», — сказал журналистам в Киеве министр "
        "иностранных дел Украины Андрей Сибига."
    )
    analysis = _analysis(pipeline, "ru", text)
    roles = [e.role for e in analysis.entities if e.actor_id == "andrii-sybiha"]
    assert roles == ["министр иностранных дел Украины"]


def test_a_participle_phrase_after_a_comma_is_not_an_inverted_speaker(pipeline: Pipeline) -> None:
    text = (
        "A spokeswoman for the IAEA, asked about the reports, said the inspectors had seen "
        "no evidence of shelling."
    )
    speakers = [q[1] or "" for q in _quotes(pipeline, "en", text)]
    assert "about the reports" not in speakers
    assert any(s.startswith("A spokeswoman for the IAEA") for s in speakers)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # A title cut short by a comma goes on to the name.
        (
            "uk",
            "Міноборони Росії звинуватило Україну в підготовці провокації. Про це повідомив "
            "начальник військ радіаційного, хімічного та біологічного захисту ЗС РФ Ігор "
            "Кирилов.",
            "Ігор Кирилов",
        ),
        (
            "en",
            "Its leader, political activist and philosopher Lyndon LaRouche, said that the "
            "coup in Kyiv had brought Nazis to power.",
            "Lyndon LaRouche",
        ),
        # A name in the reported clause is not the speaker.
        (
            "ru",
            "Депутаты потом пишут, что в 2013 году президент Виктор Янукович прекратил это "
            "сотрудничество.",
            None,
        ),
        # «не вперше» is how, not who: Russia accuses.
        (
            "uk",
            "«Росія не вперше звинувачує інших у тому, що планує сама», — йдеться у заяві.",
            "Росія",
        ),
    ],
)
def test_the_speaker_of_a_title_phrase_and_of_an_adverb(
    pipeline: Pipeline, language: str, text: str, expected: str | None
) -> None:
    analysis = _analysis(pipeline, language, text)
    indirect = [q for q in analysis.quotes if q.kind.value == "indirect"]
    assert indirect
    names = {e.actor_id: e.text for e in analysis.entities}
    assert names.get(indirect[0].speaker_actor_id or "") == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "uk",
            "Гроссі закликав сторони до стриманості. Експерти вважають, що Росія використовує "
            "тему ЗАЕС для тиску на Захід.",
        ),
        (
            "ru",
            "Гросси призвал стороны к сдержанности. Эксперты считают, что Россия использует "
            "тему ЗАЭС для давления на Запад.",
        ),
    ],
)
def test_a_plural_title_is_a_group_not_the_person_named_before(
    pipeline: Pipeline, language: str, text: str
) -> None:
    analysis = _analysis(pipeline, language, text)
    [quote] = [q for q in analysis.quotes if "тему ЗА" in q.content.text_of(text)]
    assert quote.speaker is not None  # «Експерти», «Эксперты»
    assert quote.speaker_actor_id is None


@pytest.mark.parametrize(
    "text",
    [
        # «справу» is what was passed on, not who reported it
        "Верховний Суд скасував ухвалу, передав справу на розгляд до апеляційної інстанції.",
        # «чи є хтось» is what was asked
        "Я чув шурхіт, спитав чи є хтось, але відповіді не було.",
    ],
)
def test_an_object_after_a_verb_is_not_its_inverted_speaker(pipeline: Pipeline, text: str) -> None:
    analysis = _analysis(pipeline, "uk", text)
    assert analysis.quotes == ()


def test_a_dateline_is_no_part_of_what_the_source_said(pipeline: Pipeline) -> None:
    text = (
        "КИЇВ, 12 листопада 2025 — Російські пропагандисти поширюють фейк про підготовку "
        "провокації на ЗАЕС, повідомив Центр протидії дезінформації."
    )
    analysis = _analysis(pipeline, "uk", text)
    [quote] = analysis.quotes
    assert quote.content.text_of(text).startswith("Російські пропагандисти")


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        ("ru", "Россия сама применяет химическое оружие на фронте, это подтвердила ОЗХО.", "ОЗХО"),
        ("uk", "Росія сама застосовує хімічну зброю на фронті, це підтвердила ОЗХЗ.", "ОЗХЗ"),
    ],
)
def test_a_resuming_this_is_the_object_and_the_speaker_follows(
    pipeline: Pipeline, language: str, text: str, speaker: str
) -> None:
    analysis = _analysis(pipeline, language, text)
    [quote] = analysis.quotes
    assert quote.speaker is not None and quote.speaker.text_of(text) == speaker
    assert quote.content.text_of(text).endswith("на фронте" if language == "ru" else "на фронті")


def test_a_report_inside_a_quotation_starts_after_its_opening_mark(pipeline: Pipeline) -> None:
    text = (
        "«Россия сама применяет химическое оружие на фронте, это подтвердила ОЗХО», — написал "
        "Андрей Коваленко."
    )
    analysis = _analysis(pipeline, "ru", text)
    inner = [q for q in analysis.quotes if q.kind.value == "indirect"]
    assert [q.content.text_of(text) for q in inner] == [
        "Россия сама применяет химическое оружие на фронте"
    ]


def test_he_after_an_unnamed_title_is_that_speaker_not_the_last_name(pipeline: Pipeline) -> None:
    text = (
        "Russian Defence Minister Sergei Shoigu told his counterparts that Kyiv was preparing a "
        'provocation. Ukraine\'s foreign minister called the allegation "absurd". Moscow, he '
        "told reporters, often accuses others of what it is planning itself."
    )
    analysis = _analysis(pipeline, "en", text)
    pronoun = [
        q for q in analysis.quotes if q.speaker is not None and q.speaker.text_of(text) == "he"
    ]
    assert pronoun
    assert {q.speaker_actor_id for q in pronoun} == {"ukraine"}  # as "Ukraine's foreign minister"


def test_a_verb_after_a_semicolon_does_not_attribute_a_quotation(pipeline: Pipeline) -> None:
    text = 'Moscow claims Kyiv plans "dirty bomb" attack; IAEA finds no evidence'
    analysis = _analysis(pipeline, "en", text)
    assert not [q for q in analysis.quotes if q.kind.value == "direct"]
    found = {q.speaker_actor_id: q.content.text_of(text) for q in analysis.quotes}
    assert found.get("moscow") == 'Kyiv plans "dirty bomb" attack'


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "ru",
            "Небензя заявил, что Киев готовит взрыв. Британский представитель назвал эти "
            "обвинения «смехотворными».",
        ),
        (
            "en",
            'Nebenzya said Kyiv was preparing a blast. "This is laughable," the British '
            "representative said.",
        ),
    ],
)
def test_a_title_of_another_country_is_not_the_person_named_last(
    pipeline: Pipeline, language: str, text: str
) -> None:
    analysis = _analysis(pipeline, language, text)
    rejection = [
        q
        for q in analysis.quotes
        if "смехотвор" in q.content.text_of(text) or "laughable" in q.content.text_of(text)
    ]
    assert rejection  # «назвал … «смехотворными»» is a verdict, so a quote
    assert rejection[0].speaker_actor_id is None


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "ru",
            "Канцлер ФРГ Олаф Шольц выступил в Бундестаге. Немецкий лидер добавил, что "
            "выбранный путь «непрост даже для такой сильной страны».",
        ),
        ("en", "Olaf Scholz spoke in the Bundestag. The German leader said sanctions would stay."),
    ],
)
def test_a_title_of_the_named_persons_country_is_that_person(
    pipeline: Pipeline, language: str, text: str
) -> None:
    analysis = _analysis(pipeline, language, text)
    assert [q.speaker_actor_id for q in analysis.quotes] == ["olaf-scholz"]


@pytest.mark.parametrize(
    ("language", "text", "complement", "holder", "role"),
    [
        (
            "uk",
            "Українські війська обстрілюють станцію, заявив прессекретар Путіна Дмитро Пєсков.",
            "vladimir-putin",
            "dmitry-peskov",
            "прессекретар Путіна",
        ),
        (
            "ru",
            "Об этом заявил советник президента Трампа по вопросам национальной безопасности "
            "Джон Болтон.",
            "donald-trump",
            "adhoc:джон-болтон",
            "советник президента Трампа по вопросам национальной безопасности",
        ),
        # The holder inflected like the title; «на» is no part of it.
        (
            "ru",
            "Источник: РИА Новости со ссылкой на пресс-секретаря Путина Дмитрия Пескова.",
            "vladimir-putin",
            "dmitry-peskov",
            "пресс-секретаря Путина",
        ),
    ],
)
def test_an_inflected_name_after_a_title_is_whose_title_not_who_holds_it(
    pipeline: Pipeline, language: str, text: str, complement: str, holder: str, role: str
) -> None:
    analysis = _analysis(pipeline, language, text)
    roles = {e.actor_id: e.role for e in analysis.entities}
    assert roles.get(complement) is None
    assert roles.get(holder) == role


def test_a_dotted_abbreviation_stays_in_the_speakers_phrase(pipeline: Pipeline) -> None:
    text = (
        "Russia's UN ambassador Vasily Nebenzya said Moscow had documents. The U.S. envoy "
        'rejected the allegation as "a lie". "These are public health laboratories," she said.'
    )
    analysis = _analysis(pipeline, "en", text)
    speakers = [(q.speaker.text_of(text), q.speaker_actor_id) for q in analysis.quotes if q.speaker]
    assert speakers[1:] == [("The U.S. envoy", "united-states"), ("she", "united-states")]


def _speakers(pipeline: Pipeline, language: str, text: str) -> list[tuple[str, str | None]]:
    """(cue, speaker's actor id) of each quote."""
    analysis = _analysis(pipeline, language, text)
    return [(q.cue.text_of(text), q.speaker_actor_id) for q in analysis.quotes]


def test_a_bare_title_after_an_unnamed_official_is_that_official(pipeline: Pipeline) -> None:
    text = (
        "Ukraine's Foreign Minister Andrii Sybiha said Moscow was lying. A senior U.S. "
        "official, speaking on condition of anonymity, said Washington supported the plan. "
        'The official added: "Our position has not changed."'
    )
    speakers = dict(_speakers(pipeline, "en", text))
    assert speakers["added"] == "united-states"  # as the official before, not Sybiha


def test_a_pronoun_is_the_speaker_before_not_whom_they_talked_about(pipeline: Pipeline) -> None:
    text = (
        "Zelenskyy, speaking in his nightly video address, urged allies to speed up deliveries "
        'of Patriot systems. "Every day of delay costs lives," he said. The president also '
        "thanked Germany for a new aid package."
    )
    speakers = _speakers(pipeline, "en", text)
    assert ("said", "volodymyr-zelensky") in speakers
    assert ("also thanked", "volodymyr-zelensky") in speakers


def test_a_slavic_title_after_a_quote_is_its_speaker(pipeline: Pipeline) -> None:
    text = (
        "Официальный представитель МИД России Мария Захарова заявила, что кураторы Киева "
        "готовят инсценировку. «Мы неоднократно предупреждали об этом», — подчеркнула "
        "дипломат на брифинге в четверг."
    )
    assert ("подчеркнула", "maria-zakharova") in _speakers(pipeline, "ru", text)


def test_a_slavic_title_names_nobody_when_another_person_came_between(
    pipeline: Pipeline,
) -> None:
    text = (
        "Мария Захарова заявила, что Киев готовит провокацию. Глава МАГАТЭ Рафаэль Гросси "
        "посетил станцию. «Мы неоднократно предупреждали об этом», — подчеркнула дипломат."
    )
    assert ("подчеркнула", "maria-zakharova") not in _speakers(pipeline, "ru", text)


def test_the_body_described_again_and_it_speak_for_it(pipeline: Pipeline) -> None:
    text = (
        "Ukraine's air force said Monday it shot down 45 of 60 drones Russia launched "
        'overnight. "Air defense worked in eight regions," the air force said in a statement. '
        'It added that 12 drones were "locally lost," a term that refers to jamming.'
    )
    speakers = _speakers(pipeline, "en", text)
    assert [s for _, s in speakers] == ["ukraine-air-force"] * 3, speakers


@pytest.mark.parametrize(
    ("language", "text", "cue", "speaker"),
    [
        ("uk", "Тим часом у Кремлі заявили, що не бачать підстав для перемир'я.", "заявили",
         "kremlin"),
        ("ru", "Тем временем в Кремле заявили, что не видят оснований для перемирия.",
         "заявили", "kremlin"),
        ("ru", "При этом в Минобороны России заявили, что потерь среди военных нет.", "заявили",
         "russia-ministry-of-defence"),
        ("uk", "Водночас у російському Міністерстві оборони заявили, що удари завдавали по "
         "військових цілях.", "заявили", "russia-ministry-of-defence"),
        ("uk", "Генштаб ЗСУ: за добу відбито 120 атак. У Генштабі також зазначили, що росіяни "
         "застосували 34 бомби.", "зазначили", "ukraine-general-staff"),
        ("uk", "СБУ затримала агента ФСБ у Харкові. Про це повідомила пресслужба СБУ. «Агент "
         "діяв за завданням ФСБ і отримував оплату», — зазначили у пресслужбі.", "зазначили",
         "sbu"),
    ],
)  # fmt: skip
def test_who_speaks_after_a_sentence_adverb_or_by_a_bare_body(
    pipeline: Pipeline, language: str, text: str, cue: str, speaker: str
) -> None:
    assert (cue, speaker) in _speakers(pipeline, language, text)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Президент Франции Эммануэль Макрон не исключил отправку западных войск. Об "
         "этом, как передает агентство Франс Пресс, он заявил на пресс-конференции в Париже."),
        ("uk", "Президент Франції Емманюель Макрон не виключив відправлення західних військ. "
         "Про це, як повідомляє агентство Франс Прес, він заявив на пресконференції в Парижі."),
    ],
)  # fmt: skip
def test_about_this_as_an_agency_passes_on_is_the_previous_sentence(
    pipeline: Pipeline, language: str, text: str
) -> None:
    analysis = _analysis(pipeline, language, text)
    first = analysis.sentences[0].span
    assert [(q.speaker_actor_id, q.content) for q in analysis.quotes] == [
        ("emmanuel-macron", Span(first.start, first.end - 1))  # (without its full stop)
    ]


def test_a_request_for_anonymity_is_no_quote(pipeline: Pipeline) -> None:
    text = (
        "A NATO official, who asked not to be named, said the alliance had seen no change "
        "in Russia's force posture."
    )
    cues = [cue for cue, _ in _speakers(pipeline, "en", text)]
    assert cues == ["said"]


def test_an_accusation_of_an_act_is_the_charge_not_a_relative_clause(pipeline: Pipeline) -> None:
    text = "Moscow accused Kyiv of planning a provocation that would kill civilians."
    analysis = _analysis(pipeline, "en", text)
    assert [q.content.text_of(text) for q in analysis.quotes] == [
        "Kyiv of planning a provocation that would kill civilians"
    ]


def test_a_clause_after_a_quotation_does_not_attribute_it(pipeline: Pipeline) -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov had said earlier this week that NATO was "
        '"openly preparing for war" and that Moscow would respond to any threat.'
    )
    assert _speakers(pipeline, "en", text) == [("said", "sergei-lavrov")]


def test_of_two_crossed_readings_the_first_stays(pipeline: Pipeline) -> None:
    ukrainian = (
        "Як розповів журналістам речник СБУ Артем Дехтяренко, затриманому повідомили про "
        "підозру у державній зраді."
    )
    assert [cue for cue, _ in _speakers(pipeline, "uk", ukrainian)] == ["Як розповів"]
    russian = "Картаполов выступил в Думе. По его словам, ГУР Украины подтвердило получение."
    assert [cue for cue, _ in _speakers(pipeline, "ru", russian)] == ["По его словам"]


def test_a_report_of_a_whole_quote_nests_and_does_not_cross(pipeline: Pipeline) -> None:
    russian = (
        "Глава районной администрации Анна Ставицкая разъяснила, что работы по ремонту кровли "
        "будут выполнены согласно графику."
    )
    speakers = _speakers(pipeline, "ru", russian)
    assert [s for cue, s in speakers if cue == "разъяснила"] == ["adhoc:анна-ставицкая"]


def test_a_gerund_after_about_this_shares_its_speaker(pipeline: Pipeline) -> None:
    text = (
        "Франция поставит Украине сотни бронетранспортёров. Об этом заявил министр обороны "
        "Франции Себастьен Лекорню в интервью газете La Tribune, отметив, что машины "
        "необходимы для обеспечения мобильности войск."
    )
    analysis = _analysis(pipeline, "ru", text)
    speakers = {q.cue.text_of(text): q.speaker_actor_id for q in analysis.quotes}
    assert speakers["отметив"] == speakers["заявил"] is not None


def test_a_pronoun_in_the_sentence_that_names_someone_goes_on_with_them(
    pipeline: Pipeline,
) -> None:
    text = (
        "Эксперт Андрей Хохман отметил, что инфляция — проблема всего мира. По его словам, "
        "было странно слышать, как в интервью Зеленский назвал ее второстепенной, а на "
        "замечание ведущего о том, что американцы сомневаются, он ответил, что инфляция — "
        "ничто."
    )
    assert ("ответил", "volodymyr-zelensky") in _speakers(pipeline, "ru", text)


def test_a_vice_title_is_a_title(pipeline: Pipeline) -> None:
    text = (
        "Вице-премьер по евроинтеграции Украины Ольга Стефанишина заявила, что в ЕС есть семь "
        "стран, которые сомневаются."
    )
    assert _speakers(pipeline, "ru", text) == [("заявила", "olha-stefanishyna")]


def test_the_head_of_state_is_the_president_named_before(pipeline: Pipeline) -> None:
    text = (
        "Президент України Володимир Зеленський заявив, що Київ ніколи не визнає окуповані "
        "території. «Ми не торгуємо нашою землею», — наголосив глава держави."
    )
    assert ("наголосив", "volodymyr-zelensky") in _speakers(pipeline, "uk", text)


@pytest.mark.parametrize(
    ("language", "text", "cue", "speaker"),
    [
        ("ru", "Маск опроверг заявление о Starlink. При этом он признал, что получил от Украины "
         "экстренный запрос.", "признал", "adhoc:маск"),
        ("uk", "Арестович звернувся до Лаврова. Незадовго до цього Лавров говорив, що Росія не "
         "дозволить Україні вийти з угод.", "говорив", "sergei-lavrov"),
        ("ru", "Киев при этом признает, что находится в сложной ситуации на фронте.", "признает",
         "kyiv"),
    ],
)  # fmt: skip
def test_a_pronoun_after_a_preposition_is_no_subject(
    pipeline: Pipeline, language: str, text: str, cue: str, speaker: str
) -> None:
    assert (cue, speaker) in _speakers(pipeline, language, text)


def test_a_description_the_appositive_names_is_that_person(pipeline: Pipeline) -> None:
    text = (
        "Gen. Valery Gerasimov, chief of the Russian General Staff, raised the issue, the "
        "Russian Defense Ministry said. The IAEA said it would send inspectors. Its chief, "
        "Rafael Grossi, said the agency had inspected one of the sites a month ago."
    )
    assert ("said", "rafael-grossi") in _speakers(pipeline, "en", text)


def test_a_quotation_after_a_closed_one_is_the_next_sentence_and_its_speaker(
    pipeline: Pipeline,
) -> None:
    text = (
        "State Department spokesman Ned Price told reporters that Washington rejected the "
        '"transparently false allegations." "The world would see through any attempt to use '
        'this allegation as a pretext," Price said.'
    )
    analysis = _analysis(pipeline, "en", text)
    assert len(analysis.sentences) == 2
    assert [(q.cue.text_of(text), q.speaker_actor_id) for q in analysis.quotes][-1] == (
        "said",
        "adhoc:ned-price",
    )


def test_an_outlet_before_the_verb_is_whom_the_source_told(pipeline: Pipeline) -> None:
    text = (
        "Украинские военные готовят провокацию на Запорожской АЭС. Об этом РИА Новости "
        "сообщил источник в силовых структурах."
    )
    analysis = _analysis(pipeline, "ru", text)
    assert [(q.speaker.text_of(text) if q.speaker else None) for q in analysis.quotes] == [
        "источник в силовых структурах"
    ]
    assert analysis.quotes[0].speaker_actor_id is None  # unnamed, not RIA Novosti


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Ukraine's foreign minister, Dmytro Kuleba, said that Russia was lying.",
         "dmytro-kuleba"),
        ("A spokesman for the Russian Defence Ministry, Igor Konashenkov, said the strike hit "
         "a depot.", "igor-konashenkov"),
    ],
)  # fmt: skip
def test_a_description_with_a_body_the_appositive_names_is_that_person(
    pipeline: Pipeline, text: str, speaker: str
) -> None:
    assert [s for _, s in _speakers(pipeline, "en", text)] == [speaker]


def test_a_title_goes_back_to_a_subject_not_to_a_name_in_another_case(
    pipeline: Pipeline,
) -> None:
    text = (
        "Песков назвал слова Зеленского «очередным пиаром». По словам пресс-секретаря, "
        "Москва по-прежнему открыта к переговорам."
    )
    assert ("По словам", "dmitry-peskov") in _speakers(pipeline, "ru", text)


def test_a_pronoun_after_an_unnamed_author_is_not_the_person_they_wrote_about(
    pipeline: Pipeline,
) -> None:
    text = (
        "Зеленский ответил, что «инфляция — ничто». Украинцам финансовые проблемы "
        "американцев кажутся пустяками, заметил автор. При этом он указал, что Зеленский все "
        "же рассуждает о внешней политике США."
    )
    assert ("указал", "volodymyr-zelensky") not in _speakers(pipeline, "ru", text)


def test_experts_in_an_oblique_case_are_not_the_minister_named_before(
    pipeline: Pipeline,
) -> None:
    text = (
        "У меня нет вопросов к министру Резникову. У меня нет вопросов к экспертам, которые "
        "объясняли, что это цена яиц страуса за лоток."
    )
    assert _speakers(pipeline, "ru", text)[-1] == ("объясняли", None)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("A senior official told Reuters the Kremlin was ready to discuss a ceasefire.",
         "the Kremlin was ready to discuss a ceasefire"),
        ("Kremlin spokesman Dmitry Peskov told state news agency TASS the West was dragging "
         "Europe into a war.", "the West was dragging Europe into a war"),
        ("NATO Secretary General Mark Rutte warned allies the alliance must spend more.",
         "the alliance must spend more"),
        ("Best-selling writer Brad Thor told TheBlaze founder Glenn Beck he would consider "
         "running.", "he would consider running"),
        ("Hillary Clinton told federal investigators in July she was advised by Colin Powell "
         "to use a private email account.",
         "she was advised by Colin Powell to use a private email account"),
    ],
)  # fmt: skip
def test_a_clause_after_whom_the_speaker_told_starts_at_its_subject(
    pipeline: Pipeline, text: str, content: str
) -> None:
    assert [q[4] for q in _quotes(pipeline, "en", text)] == [content]


@pytest.mark.parametrize(
    ("text", "not_a_content"),
    [
        # a preposition is no part of whom the speaker told
        ("Hollande warned of the global implications a Trump presidency would have.",
         "a Trump presidency would have"),
        # a comma: the verb's clause is elsewhere
        ("The difference now, he told me on Friday, is that he is the anchor of a news show.",
         "Friday, is that he is the anchor of a news show"),
    ],
)  # fmt: skip
def test_no_clause_is_read_after_a_phrase_that_cannot_be_whom_the_speaker_told(
    pipeline: Pipeline, text: str, not_a_content: str
) -> None:
    assert not_a_content not in [q[4] for q in _quotes(pipeline, "en", text)]


def test_a_quotation_goes_on_after_an_attribution_that_quotes_a_term(pipeline: Pipeline) -> None:
    text = (
        '"This is a pretext," Kaja Kallas said of the Russian claims about a "dirty bomb". '
        '"We have heard it before, and it was false then too."'
    )
    [quote] = _quotes(pipeline, "en", text)
    assert quote[1] == "Kaja Kallas"
    assert quote[4].startswith('"This is a pretext,"')
    assert quote[4].endswith('false then too."')


def test_a_term_that_ends_its_sentence_ends_the_attribution(pipeline: Pipeline) -> None:
    text = (
        'He pledged a "close and honest relationship" in pursuit of "mutual good." Trump said '
        "the countries should be working together."
    )
    trump = [q for q in _quotes(pipeline, "en", text) if q[1] == "Trump"]
    assert [(q[2], q[3], q[4]) for q in trump] == [
        ("said", "indirect", "the countries should be working together")
    ]


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        # what the speaker spoke of is not part of the name
        ("en", '"This is a pretext," said Kaja Kallas of the Russian claims.', "Kaja Kallas"),
        # where the speaker works is
        ("en", '"Tensions will rise," said Mujtaba Rahman of the Eurasia Group.',
         "Mujtaba Rahman of the Eurasia Group"),
        ("ru", "«Это очередной предлог», — сказал западный дипломат о заявлениях Москвы.",
         "западный дипломат"),
        ("uk", "«Це черговий привід», — сказав західний дипломат про заяви Москви.",
         "західний дипломат"),
        # whom the speaker told
        ("ru", "«Мы не отдадим ни метра нашей земли», — заявил Зеленский журналистам в Киеве.",
         "Зеленский"),
    ],
)  # fmt: skip
def test_a_speaker_put_after_the_verb_ends_before_what_they_spoke_of(
    pipeline: Pipeline, language: str, text: str, speaker: str
) -> None:
    assert [q[1] for q in _quotes(pipeline, language, text)] == [speaker]


def test_a_western_diplomat_is_an_unnamed_source_not_the_capital_spoken_of(
    pipeline: Pipeline,
) -> None:
    text = "«Это очередной предлог», — сказал западный дипломат о заявлениях Москвы."
    [quote] = _analysis(pipeline, "ru", text).quotes
    assert (quote.speaker_actor_id, quote.speaker_anonymous) == (None, True)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Российский дипломат Мария Захарова заявила, что Киев готовит провокацию. "
               "Американские дипломаты сообщили, что сделка близка."),
        ("en", "Russian diplomat Maria Zakharova said Kyiv was preparing a provocation. "
               "American diplomats said that the deal was close."),
    ],
)  # fmt: skip
def test_diplomats_of_another_country_are_not_the_diplomat_named_before(
    pipeline: Pipeline, language: str, text: str
) -> None:
    last = _analysis(pipeline, language, text).quotes[-1]
    assert (last.speaker_actor_id, last.speaker_anonymous) == ("united-states", True)


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("Kyiv is preparing a provocation in the Kharkiv region, the ministry's spokeswoman, "
         "Maria Zakharova, said on Thursday.", "Maria Zakharova",
         "Kyiv is preparing a provocation in the Kharkiv region"),
        ("The talks will fail, Maria Zakharova, the ministry's spokeswoman, said.",
         "Maria Zakharova", "The talks will fail"),
        ("Russia will respond, Zakharova, 49, told reporters.", "Zakharova",
         "Russia will respond"),
        ("The Kiev regime is preparing a provocation involving chemical weapons in the Kharkov "
         "region, the head of the Russian Radiation, Chemical and Biological Protection Troops, "
         "Lt. Gen. Igor Kirillov, told a briefing on Thursday.", "Lt. Gen. Igor Kirillov",
         "The Kiev regime is preparing a provocation involving chemical weapons in the Kharkov "
         "region"),
    ],
)  # fmt: skip
def test_a_person_set_off_by_commas_before_a_closing_verb_is_the_speaker(
    pipeline: Pipeline, text: str, speaker: str, content: str
) -> None:
    assert [(q[1], q[4]) for q in _quotes(pipeline, "en", text)] == [(speaker, content)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the verb goes on with its own clause: the whole phrase before it is the subject
        ("One of the authors of that report, Ari Fleischer, said Trump's nomination will "
         "test their conclusions.", "One of the authors of that report, Ari Fleischer,"),
        ("Florida's attorney general, Pam Bondi, vowed to go after anyone who attacks the "
         "community.", None),
    ],
)  # fmt: skip
def test_an_appositive_before_a_verb_with_its_own_clause_is_not_a_trailing_speaker(
    pipeline: Pipeline, text: str, speaker: str | None
) -> None:
    speakers = [q[1] for q in _quotes(pipeline, "en", text)]
    assert "Ari Fleischer" not in speakers and "Pam Bondi" not in speakers
    if speaker is not None:
        assert speakers == [speaker]


def test_told_never_puts_its_speaker_after_it(pipeline: Pipeline) -> None:
    text = "Russia will respond to any provocation, the official told a briefing."
    assert "a briefing" not in [q[1] for q in _quotes(pipeline, "en", text)]


def test_what_a_speaker_knows_is_not_a_quote_of_its_own(pipeline: Pipeline) -> None:
    text = (
        '"According to the information we have, the Ukrainian military has delivered '
        'containers with toxic substances to Kupyansk," Kirillov said, adding that the West '
        'would "as usual, blame Russia".'
    )
    quotes = _quotes(pipeline, "en", text)
    assert {q[1] for q in quotes} == {"Kirillov"}
    assert ("Kirillov", "adding") in [(q[1], q[2]) for q in quotes]


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        ("uk", "‼️Буданов: росія готує нову хвилю мобілізації\n\nТекст новини.", "Буданов"),
        ("en", "🇺🇦⚡️ Zelensky: we will not give up any land\n\nText.", "Zelensky"),
    ],
)
def test_a_headline_label_after_telegram_signs_names_the_speaker(
    pipeline: Pipeline, language: str, text: str, speaker: str
) -> None:
    assert [(q[1], q[2]) for q in _quotes(pipeline, language, text)] == [(speaker, ":")]


def test_a_quoted_name_inside_a_russian_sentence_is_not_direct_speech(pipeline: Pipeline) -> None:
    text = (
        "«Лидеры ЕС разнесут в прах всю европейскую экономику», – сказал Кевер, выступая "
        "перед гостями фестиваля «Курултай», передает РИА «Новости»."
    )
    assert "«Курултай»" not in [q[4] for q in _quotes(pipeline, "ru", text)]


def test_a_slavic_phrase_that_opens_with_a_preposition_goes_on_to_its_subject(
    pipeline: Pipeline,
) -> None:
    text = "«Не болейте, берегите себя!», – написал под своим постом о прививке доктор Анисимов."
    [quote] = _analysis(pipeline, "ru", text).quotes
    assert quote.speaker_text is not None and quote.speaker_text.endswith("Анисимов")


def test_a_country_adjective_keeps_a_titled_person_of_no_known_country(
    pipeline: Pipeline,
) -> None:
    text = (
        "Посол Украины в ФРГ Андрей Мельник заявил, что ФРГ может поставить 100 машин. "
        "Украинский посол обвинил бывшего канцлера Ангелу Меркель в отсутствии самокритики."
    )
    first, second = _analysis(pipeline, "ru", text).quotes
    assert second.speaker_actor_id == first.speaker_actor_id is not None


@pytest.mark.parametrize(
    ("text", "speaker", "actor"),
    [
        ("According to a statement from the Kremlin, Putin and Trump discussed the causes of "
         "the conflict.", "a statement from the Kremlin", "kremlin"),
        ("According to a readout released by the White House, the leaders agreed to talk "
         "again.", "a readout released by the White House", "white-house"),
    ],
)  # fmt: skip
def test_according_to_a_document_is_according_to_whoever_issued_it(
    pipeline: Pipeline, text: str, speaker: str, actor: str
) -> None:
    [quote] = _analysis(pipeline, "en", text).quotes
    assert quote.speaker is not None
    assert (quote.speaker.text_of(text), quote.speaker_actor_id) == (speaker, actor)


def test_a_quotation_that_goes_on_into_the_next_paragraph_is_whole(pipeline: Pipeline) -> None:
    text = (
        'Putin said: "They told us NATO would not expand one inch to the east. They lied.\n\n'
        '"We did not start this war," he added.'
    )
    first = _quotes(pipeline, "en", text)[0]
    assert first[1:4] == ("Putin", "said", "direct")
    assert first[4] == '"They told us NATO would not expand one inch to the east. They lied.'


def test_reported_words_in_quotation_marks_end_with_them(pipeline: Pipeline) -> None:
    text = (
        "\"Putin says 'we did not start this war' — tell that to the people of Bucha,\" "
        "Zelensky said."
    )
    assert ("Putin", "we did not start this war") in [
        (q[1], q[4]) for q in _quotes(pipeline, "en", text)
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "addressee", "content"),
    [
        ("RIA Novosti quoted Foreign Minister Sergei Lavrov as saying that Moscow saw no "
         "basis for talks.", "sergei-lavrov", "ria-novosti",
         "that Moscow saw no basis for talks"),
        ("Lavrov was quoted by TASS as saying the West had declared war on Russia.",
         "sergei-lavrov", "tass", "the West had declared war on Russia"),
        ("Interfax cited a defence ministry source as saying that 30 drones had been "
         "destroyed.", None, "interfax", "that 30 drones had been destroyed"),
    ],
)  # fmt: skip
def test_an_outlet_that_quotes_someone_as_saying_carries_their_words(
    pipeline: Pipeline, text: str, speaker: str | None, addressee: str, content: str
) -> None:
    quote = _analysis(pipeline, "en", text).quotes[0]
    assert (quote.speaker_actor_id, quote.addressee_actor_id, quote.content.text_of(text)) == (
        speaker,
        addressee,
        content,
    )


def test_a_quote_inside_a_continued_quotation_ends_with_its_part(pipeline: Pipeline) -> None:
    text = (
        "“Trump says the things people want to say,” Rubio said. “But presidents can’t just "
        "say anything they want.”"
    )
    assert ("Trump", "the things people want to say") in [
        (q[1], q[4]) for q in _quotes(pipeline, "en", text)
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Ранее официальный представитель Кремля Дмитрий Песков, отвечая на вопросы "
               "журналистов, отметил, что Москва внимательно следит за ситуацией."),
        ("uk", "Раніше речник Кремля Дмитро Пєсков, відповідаючи на запитання журналістів, "
               "заявив, що Москва стежить за ситуацією."),
    ],
)  # fmt: skip
def test_a_sentence_adverb_before_a_subject_set_off_by_a_gerund_clause(
    pipeline: Pipeline, language: str, text: str
) -> None:
    assert [q.speaker_actor_id for q in _analysis(pipeline, language, text).quotes] == [
        "dmitry-peskov"
    ]


def test_a_participle_shares_a_subject_after_a_leading_adverb(pipeline: Pipeline) -> None:
    text = (
        "Ранее Вашингтон обнародовал список приглашенных на саммит лидеров, отметив, что ни "
        "один из глав трех государств не будет присутствовать лично."
    )
    assert [q.speaker_actor_id for q in _analysis(pipeline, "ru", text).quotes] == ["washington"]


def test_whom_an_outlet_cites_by_name_is_no_quote_of_its_own(pipeline: Pipeline) -> None:
    text = (
        "Russian state news agency TASS, citing Renat Karchaa, an adviser to the head of "
        "Rosenergoatom, reported that Ukrainian drones had attacked the plant's training centre. "
        "Interfax, citing the regional governor, said the fire had been put out."
    )
    contents = [q[4] for q in _quotes(pipeline, "en", text)]
    assert "Renat Karchaa" not in contents and "the regional governor" not in contents
    assert any(c.startswith("that Ukrainian drones had attacked") for c in contents)
    assert "the fire had been put out" in contents


def test_told_reaches_its_that_over_a_list_of_whom(pipeline: Pipeline) -> None:
    text = (
        "Russian Defence Minister Sergei Shoigu told his counterparts from the United States, "
        "Britain, France and Turkey in phone calls on 23 October that Ukraine could be "
        "preparing a provocation."
    )
    assert [(q[0], q[4]) for q in _quotes(pipeline, "en", text) if q[2] == "told"] == [
        ("Sergei Shoigu", "that Ukraine could be preparing a provocation")
    ]


@pytest.mark.parametrize(
    "text",
    [
        'Shoigu said that Ukraine could be preparing a "dirty bomb" attack, the ministry said.',
        'Ukraine could be preparing a provocation with a "dirty bomb", the ministry said.',
    ],
)
def test_a_quoted_term_in_the_writers_words_makes_no_direct_quote(
    pipeline: Pipeline, text: str
) -> None:
    quotes = _quotes(pipeline, "en", text)
    ministry = [q for q in quotes if q[1] == "the ministry"]
    assert [q[3] for q in ministry] == ["indirect"]
    assert ministry[0][4].endswith('"dirty bomb" attack' if "attack" in text else '"dirty bomb"')
    assert all(q[4].count('"') % 2 == 0 for q in quotes)  # no quotation cut in half


@pytest.mark.parametrize(
    ("language", "text", "content"),
    [
        ("ru", "Пострадавших нет, уточнил Песков.", "Пострадавших нет"),
        ("en", "Not true, Peskov said.", "Not true"),
        # a place or a time before the tail is no statement
        ("en", "In Kyiv, officials said.", None),
        ("ru", "В Киеве, сообщил Песков.", None),
    ],
)
def test_a_two_word_sentence_before_its_tail_is_a_quote(
    pipeline: Pipeline, language: str, text: str, content: str | None
) -> None:
    assert [q[4] for q in _quotes(pipeline, language, text)] == ([content] if content else [])


@pytest.mark.parametrize(
    ("text", "not_content"),
    [
        # an adverbial before a verb with its own object, a name before its appositive
        ("More recently, Trump pledged to bring jobs back to this country.", "More recently"),
        ("Amid discord, Trump claims nomination.", "Amid discord"),
        ("Sam Lau, the communications director for the Iowa Democratic Party, said.",
         "Sam Lau"),
    ],
)  # fmt: skip
def test_two_words_before_a_longer_tail_or_a_name_are_no_quote(
    pipeline: Pipeline, text: str, not_content: str
) -> None:
    assert not_content not in [q[4] for q in _quotes(pipeline, "en", text)]


@pytest.mark.parametrize(
    ("language", "text", "content"),
    [
        # an object put before the verb, nothing after it: the object alone
        ("uk", "У Генштабі ЗСУ цю інформацію спростували.", "цю інформацію"),
        ("ru", "В Минобороны России эту информацию опровергли.", "эту информацию"),
        # … unless the object only points back: it keeps the verb
        ("ru", "Однако посольство США это опровергло.", "это опровергло"),
        # what was announced, opening with a quotation mark
        ("uk", "Міноборони рф заявило про «звільнення» села Піщане на Донеччині.",
         "про «звільнення» села Піщане на Донеччині"),
        # the rest of a short sentence that the cue opens
        ("uk", "За словами Синєгубова, загиблих немає.", "загиблих немає"),
    ],
)  # fmt: skip
def test_short_slavic_reports_keep_their_own_words(
    pipeline: Pipeline, language: str, text: str, content: str
) -> None:
    assert [q[4] for q in _quotes(pipeline, language, text)] == [content]


@pytest.mark.parametrize(
    ("language", "text", "content"),
    [
        ("uk", "За словами Вадима Філашкіна, очільника Донецької ОВА, вночі обстріляли "
         "Краматорськ.", "вночі обстріляли Краматорськ"),
        ("ru", "По словам Вадима Филашкина, главы Донецкой ОВА, ночью обстреляли Краматорск.",
         "ночью обстреляли Краматорск"),
        ("en", "According to Kirby, a spokesman for the White House, Russia has lost more "
         "than 100,000 soldiers.", "Russia has lost more than 100,000 soldiers"),
        # the title's own relative clause after it: the content is what came before
        ("en", "Independents turn out at lower rates, according to Andy Smith, director of "
         "the Survey Center, which conducted the poll.", "Independents turn out at lower rates"),
    ],
)  # fmt: skip
def test_the_speakers_title_after_according_to_is_no_part_of_the_content(
    pipeline: Pipeline, language: str, text: str, content: str
) -> None:
    assert [q[4] for q in _quotes(pipeline, language, text)] == [content]


def test_the_title_again_is_the_person_a_role_introduced(pipeline: Pipeline) -> None:
    text = (
        "Hanna Notte, a researcher at the James Martin Center, said the move was symbolic. "
        "The researcher added that the message was political."
    )
    speakers = {q.speaker_actor_id for q in _analysis(pipeline, "en", text).quotes}
    assert speakers == {"adhoc:hanna-notte"}
