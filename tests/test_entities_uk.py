"""One canonical actor across English, Russian and Ukrainian names and their grammatical
cases, and the Ukrainian-specific handling of natasha's Russian NER model (docs/ner.md)."""

from __future__ import annotations

import pytest

from narrativewatch.analysis.entities import (
    _demonym_alone,
    _first_name_nominative,
    _holds_acronym,
    _introduced_name,
    _link_surnames,
    _with_surnames_found,
    extract_entities,
)
from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.model import Entity, EntityType, Span
from narrativewatch.pipeline import Pipeline


@pytest.mark.parametrize(
    ("english", "inflected"),
    [
        ("Dmitry Peskov", ["Пескова", "Пескову", "Песковым", "Пєскова", "Пєскову", "Пєсковим"]),
        ("Dmitry Peskov", ["Дмитрию Пескову", "Дмитру Пєскову", "Дмитром Пєсковим"]),
        (
            "Volodymyr Zelensky",
            ["Зеленського", "Зеленському", "Зеленським", "Зеленского", "Зеленским"],
        ),
        ("Volodymyr Zelensky", ["Володимира Зеленського", "Владимиру Зеленскому"]),
        ("Sergei Shoigu", ["Шойгу", "Сергія Шойгу", "Сергею Шойгу"]),  # does not decline
        ("Sergei Lavrov", ["Лаврова", "Лаврову", "Лавровим", "Сергієм Лавровим"]),
        ("Maria Zakharova", ["Захаровой", "Захаровою", "Марії Захаровій"]),
        ("Vladimir Putin", ["Путіна", "Путіним", "Путину", "Путиным"]),
        (
            "Security Service of Ukraine",
            ["СБУ", "Служби безпеки України", "Службой безопасности Украины"],
        ),
        ("Armed Forces of Ukraine", ["ЗСУ", "ВСУ", "Збройні сили України"]),
        # Ukrainian і/ї becomes о/е/є when an ending follows.
        ("Kharkiv", ["Харкова", "Харкові", "Харковом"]),
        ("Kyiv", ["Києва", "Києві", "Києвом"]),
    ],
)
def test_inflected_names_resolve_to_the_actor_of_the_english_name(
    pipeline: Pipeline, english: str, inflected: list[str]
) -> None:
    canonical = pipeline.registry.resolve(english)
    assert canonical is not None
    resolved = {
        surface: getattr(pipeline.registry.resolve(surface), "id", None) for surface in inflected
    }
    assert resolved == dict.fromkeys(inflected, canonical.id)


@pytest.mark.parametrize(
    "surface", ["Зеленська", "Зеленській", "Олена Зеленська", "Зеленская", "Зеленской"]
)
def test_the_feminine_form_of_a_surname_is_not_the_man(pipeline: Pipeline, surface: str) -> None:
    zelensky = pipeline.registry.resolve("Volodymyr Zelensky")
    resolved = pipeline.registry.resolve(surface)
    assert zelensky is not None
    assert resolved is None or resolved.id != zelensky.id


@pytest.mark.parametrize(
    ("english", "inflected"),
    [
        ("Armed Forces of Ukraine", "Збройних сил України"),
        ("Armed Forces of Ukraine", "Збройним силам України"),
        ("Verkhovna Rada", "Верховної Ради"),
        ("Verkhovna Rada", "Верховній Раді"),
        ("Verkhovna Rada", "Верховною Радою"),
    ],
)
def test_a_short_word_of_a_longer_name_inflects(
    pipeline: Pipeline, english: str, inflected: str
) -> None:
    # Once a known gap (docs/ner.md): four-letter words (сили → сил, Рада → Ради) could
    # not drop their final vowel.
    canonical, resolved = pipeline.registry.resolve(english), pipeline.registry.resolve(inflected)
    assert canonical is not None and resolved is not None and resolved.id == canonical.id


@pytest.mark.parametrize(("alias", "word"), [("рада", "ради"), ("рада", "раді"), ("сили", "сил")])
def test_a_short_word_drops_its_vowel_only_inside_a_longer_name(alias: str, word: str) -> None:
    # Alone, a four-letter alias keeps its whole stem, so «рада» does not reach «радий».
    from narrativewatch.analysis.tokens import token_matches

    assert not token_matches(alias, word)
    assert token_matches(alias, word, in_phrase=True)
    assert not token_matches("рада", "радий")


def _entities(
    pipeline: Pipeline, text: str, language: str = "uk"
) -> list[tuple[str, EntityType, str]]:
    sentences = split_sentences(text, language, pipeline.nlp)
    result = extract_entities(text, sentences, language, pipeline.registry, pipeline.nlp)
    return [(e.text, e.type, e.actor_id) for e in result.entities]


def test_ukrainian_sentence_links_inflected_actors(pipeline: Pipeline) -> None:
    text = "Речник Кремля Дмитро Пєсков заявив, що Москва не бачить підстав для переговорів."
    found = _entities(pipeline, text)
    for expected in [
        ("Кремля", EntityType.ORGANIZATION, "kremlin"),
        ("Дмитро Пєсков", EntityType.PERSON, "dmitry-peskov"),
        ("Москва", EntityType.LOCATION, "moscow"),
    ]:
        assert expected in found


def test_model_spans_keep_the_ukrainian_spelling(pipeline: Pipeline) -> None:
    """The tagger reads Ukrainian in Russian letters, but the spans are the text's own."""
    text = "Мер міста Ігор Терехов зустрівся з волонтерами у Вінниці."
    found = _entities(pipeline, text)
    assert ("Ігор Терехов", EntityType.PERSON) in [(t, k) for t, k, _ in found]
    assert all(text.count(surface) == 1 for surface, _, _ in found)


def test_a_capital_at_the_start_of_a_sentence_is_not_a_name(pipeline: Pipeline) -> None:
    text = "Журналісти встановили, хто командував обстрілом. ООН засудила удар."
    found = [surface for surface, _, _ in _entities(pipeline, text)]
    assert "Журналісти" not in found
    assert "ООН" in found


@pytest.mark.slow
def test_a_name_in_other_case_forms_is_one_actor(pipeline: Pipeline) -> None:
    # natasha gives Ukrainian names no nominative: each case form was its own ad hoc actor.
    text = (
        "Голова ОВА Олександр Прокудін повідомив про обстріл. За словами Олександра "
        "Прокудіна, загинули двоє людей. Олександру Прокудіну доповіли про руйнування, "
        "а Прокудіна запросили на нараду."
    )
    people = [e for e in extract_entities_of(pipeline, text) if e.type is EntityType.PERSON]
    assert len(people) >= 3
    assert {e.actor_id for e in people} == {"adhoc:олександр-прокудін"}
    # Whichever form comes first, the person is named by the nominative-looking one.
    oblique_first = (
        "За словами Олега Корікова, ситуація погіршується. Олег Коріков також це заявив."
    )
    ids = {e.actor_id for e in extract_entities_of(pipeline, oblique_first)}
    assert ids == {"adhoc:олег-коріков"}
    # Two people of one surname and different first names stay two.
    other = "Олександр Прокудін і Марина Прокудіна виступили разом. Прокудіна подякувала."
    ids = {e.text: e.actor_id for e in extract_entities_of(pipeline, other)}
    assert ids.get("Олександр Прокудін") != ids.get("Марина Прокудіна")


@pytest.mark.slow
def test_a_town_before_a_full_name_is_a_place_of_its_own(pipeline: Pipeline) -> None:
    text = "Мер Миколаєва Олександр Сєнкевич заявив про відключення води."
    found = {e.text: (e.type, e.method) for e in extract_entities_of(pipeline, text)}
    assert found["Миколаєва"] == (EntityType.LOCATION, "settlements")
    assert found["Олександр Сєнкевич"][0] is EntityType.PERSON
    # An adjective opens a longer name: South Korea's president, not the town Pivdenne's.
    korea = "Президент Південної Кореї Юн Сок Йол пообіцяв допомогу."
    assert not any(e.method == "settlements" for e in extract_entities_of(pipeline, korea))
    # A surname first, then a first name and a patronymic: one person, not a town.
    person = "Директорка школи Петрова Ольга Іванівна розповіла про евакуацію."
    assert not any(e.type is EntityType.LOCATION for e in extract_entities_of(pipeline, person))


@pytest.mark.slow
def test_a_person_the_model_glues_to_a_known_country_is_kept(pipeline: Pipeline) -> None:
    # natasha reads «України Олександр Камишін» as one person; «України» is the registry's.
    text = "Дрони влучили у ціль, повідомив міністр промисловості України Олександр Камишін."
    found = {e.text: e.type for e in extract_entities_of(pipeline, text)}
    assert found == {"України": EntityType.LOCATION, "Олександр Камишін": EntityType.PERSON}


@pytest.mark.slow
def test_an_institution_the_model_reads_into_a_name_is_split_off(pipeline: Pipeline) -> None:
    text = "Речниця Генштабу Олена Шевченко додала, що росіяни збивають той самий літак."
    found = {e.text: e.type for e in extract_entities_of(pipeline, text)}
    assert found.get("Олена Шевченко") is EntityType.PERSON
    assert found.get("Генштабу") is EntityType.ORGANIZATION


@pytest.mark.slow
def test_a_sentence_adverb_is_no_part_of_a_name(pipeline: Pipeline) -> None:
    # natasha reads «Водночас пропагандисти» as an organisation
    text = "Водночас пропагандисти в Москві стверджують, що ЗСУ обстрілюють станцію."
    assert not any("Водночас" in e.text for e in extract_entities_of(pipeline, text))
    text = "Водночас Зеленський заявив, що Україна готова до переговорів."
    assert "Зеленський" in {e.text for e in extract_entities_of(pipeline, text)}


def test_a_platform_channel_word_names_no_one(pipeline: Pipeline) -> None:
    # natasha reads «Telegram-канал» as an organisation; whose channel it is is the name
    text = "Джерело: Telegram-канал Херсонської ОВА"
    names = {e.text for e in extract_entities_of(pipeline, text)}
    assert not any("канал" in name for name in names)
    assert any("ОВА" in name for name in names)


def test_a_body_the_model_cuts_short_is_completed_by_the_registry(pipeline: Pipeline) -> None:
    # natasha reads «Повітряних» alone (a person); with «силах» it is the Air Force's name
    text = "У Повітряних силах заявили, що вночі ворог запустив 80 дронів."
    found = {e.text: e for e in extract_entities_of(pipeline, text)}
    assert "Повітряних силах" in found
    assert found["Повітряних силах"].type is EntityType.ORGANIZATION
    spoken = "Речник Повітряних сил заявив, що ворог запустив 80 дронів."
    same = {e.text: e.actor_id for e in extract_entities_of(pipeline, spoken)}
    assert found["Повітряних силах"].actor_id == same["Повітряних сил"]


def extract_entities_of(pipeline: Pipeline, text: str) -> list[Entity]:
    sentences = split_sentences(text, "uk", pipeline.nlp)
    return list(extract_entities(text, sentences, "uk", pipeline.registry, pipeline.nlp).entities)


@pytest.mark.slow
def test_an_institution_named_without_its_country_is_a_body(pipeline: Pipeline) -> None:
    # natasha tags «Кабінету Міністрів» a person; the registry knows the name as Ukraine's
    # cabinet once its country is added, so it is a body, and the outlet's own country's.
    text = "Рішення Кабінету Міністрів набуло чинності вчора."
    sentences = split_sentences(text, "uk", pipeline.nlp)
    found = extract_entities(text, sentences, "uk", pipeline.registry, pipeline.nlp)
    cabinet = next(e for e in found.entities if e.text == "Кабінету Міністрів")
    assert cabinet.type is EntityType.ORGANIZATION
    actor = next(a for a in found.actors if a.id == cabinet.actor_id)
    assert actor.kind.value == "organization"
    at_home = extract_entities(
        text, sentences, "uk", pipeline.registry, pipeline.nlp, home_country="UA"
    )
    assert {e.actor_id for e in at_home.entities} == {"ukraine-cabinet-of-ministers"}


def _found(pipeline: Pipeline, text: str, language: str) -> list[tuple[str, str]]:
    sentences = split_sentences(text, language, pipeline.nlp)
    result = extract_entities(text, sentences, language, pipeline.registry, pipeline.nlp)
    return [(e.text, e.actor_id) for e in result.entities]


def test_pronouns_and_adverbs_are_no_part_of_a_name(pipeline: Pipeline) -> None:
    text = (
        "Тим часом у Кремлі заявили, що не бачать підстав. У Генштабі також зазначили, що "
        "росіяни застосували бомби. Він наголосив, що ППО працює."
    )
    surfaces = [surface for surface, _ in _found(pipeline, text, "uk")]
    assert "Тим" not in surfaces
    assert not any("також" in s or "наголосив" in s for s in surfaces), surfaces


def test_a_bare_body_is_one_actor_in_every_case(pipeline: Pipeline) -> None:
    text = (
        "У Генштабі зазначили, що росіяни застосували бомби. «Ворог продовжує штурмові дії», — "
        "йдеться у повідомленні Генштабу."
    )
    found = dict(_found(pipeline, text, "uk"))
    assert found["Генштабі"] == found["Генштабу"] == "adhoc:генштаб"


def test_a_bare_body_is_the_one_named_before_in_the_same_words(pipeline: Pipeline) -> None:
    text = "Генштаб ЗСУ: за добу відбито 120 атак. У Генштабі також зазначили, що ворог наступає."
    assert ("Генштабі", "ukraine-general-staff") in _found(pipeline, text, "uk")


def test_a_spokesmans_body_is_the_body_not_the_title(pipeline: Pipeline) -> None:
    text = "Речник Повітряних сил Юрій Ігнат розповів, що атака була масованою."
    assert ("Повітряних сил", "ukraine-air-force") in _found(pipeline, text, "uk")


def test_a_role_does_not_reach_back_over_another_person(pipeline: Pipeline) -> None:
    text = (
        "Ранее президент Франции Эммануэль Макрон не исключил отправку войск. Официальный "
        "представитель МИД России Мария Захарова назвала слова Макрона провокацией."
    )
    sentences = split_sentences(text, "ru", pipeline.nlp)
    result = extract_entities(text, sentences, "ru", pipeline.registry, pipeline.nlp)
    roles = {e.text: e.role for e in result.entities if e.type is EntityType.PERSON}
    assert roles == {
        "Эммануэль Макрон": "президент Франции",
        "Мария Захарова": "Официальный представитель МИД России",
        "Макрона": None,
    }


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # what follows "according to X," up to the full stop is what X said
        ("uk", "Речниця МЗС Ірина Ковальчук заявила про протест. За словами Ірини Ковальчук, "
         "посла викличуть до міністерства.", {"Ірина Ковальчук": "Речниця МЗС",
                                              "Ірини Ковальчук": None}),
        # nor is a parenthetical that opens with a preposition a title
        ("uk", "Крім того, Путін, на думку професора, розпочав війну.", {"Путін": None}),
        # an appositive closed by a comma or ending a report stays a title
        ("en", "Talks are over, said Sergei Lavrov, the Russian foreign minister. According "
         "to Maria Zakharova, the ministry's spokeswoman, the door is closed.",
         {"Sergei Lavrov": "Russian foreign minister",
          "Maria Zakharova": "ministry's spokeswoman"}),
    ],
)  # fmt: skip
def test_what_follows_a_name_is_not_always_its_title(
    pipeline: Pipeline, language: str, text: str, expected: dict[str, str | None]
) -> None:
    sentences = split_sentences(text, language, pipeline.nlp)
    result = extract_entities(text, sentences, language, pipeline.registry, pipeline.nlp)
    roles = {e.text: e.role for e in result.entities if e.type is EntityType.PERSON}
    assert roles == expected


def _entity(text: str, surface: str, kind: EntityType, actor_id: str) -> Entity:
    start = text.index(surface)
    return Entity(Span(start, start + len(surface)), surface, kind, actor_id)


def test_a_surname_the_model_took_for_a_body_is_the_person_named_before() -> None:
    text = "Adviser Renat Karchaa spoke. Karchaa said no one was hurt. Karchaa Holdings grew."
    said = text.index("Karchaa said")
    entities = [
        _entity(text, "Renat Karchaa", EntityType.PERSON, "adhoc:renat-karchaa"),
        Entity(Span(said, said + 7), "Karchaa", EntityType.ORGANIZATION, "adhoc:karchaa"),
    ]
    linked = _link_surnames(entities)
    assert (linked[1].type, linked[1].actor_id) == (EntityType.PERSON, "adhoc:renat-karchaa")


@pytest.mark.parametrize(
    ("full", "mention", "kind"),
    [
        # a place stays a place; an acronym is no surname; a name ending "of X" lends no X
        ("Ivan Skadovsk", "Skadovsk", EntityType.LOCATION),
        ("Robert Madyar", "MADYAR", EntityType.ORGANIZATION),
        ("Patriarch Bartholomew of Constantinople", "Constantinople", EntityType.ORGANIZATION),
    ],
)
def test_a_word_the_model_took_for_a_place_or_acronym_keeps_its_own_actor(
    full: str, mention: str, kind: EntityType
) -> None:
    text = f"{full} spoke. Then {mention} was mentioned."
    start = text.index(f"Then {mention}") + len("Then ")
    entities = [
        _entity(text, full, EntityType.PERSON, "adhoc:full"),
        Entity(Span(start, start + len(mention)), mention, kind, "adhoc:word"),
    ]
    assert _link_surnames(entities)[1].actor_id == "adhoc:word"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "text", "full", "surname"),
    [
        # natasha finds neither lone surname: the first it misses, the second it reads
        # with the verb after it («Прокудін наголосив»)
        (
            "uk",
            "За словами Вадима Філашкіна, вночі обстріляли Краматорськ. Філашкін заявив, "
            "що загинули двоє цивільних.",
            "Вадима Філашкіна",
            "Філашкін",
        ),
        (
            "uk",
            "Олександра Прокудіна запросили на нараду. Прокудін наголосив, що евакуація триває.",
            "Олександра Прокудіна",
            "Прокудін",
        ),
        (
            "ru",
            "По словам Вадима Филашкина, ночью обстреляли Краматорск. Филашкин заявил, "
            "что погибли двое мирных жителей.",
            "Вадима Филашкина",
            "Филашкин",
        ),
    ],
)
def test_a_lone_surname_the_model_misses_is_the_person_named_in_full(
    pipeline: Pipeline, language: str, text: str, full: str, surname: str
) -> None:
    found = {surface: actor for surface, _, actor in _entities(pipeline, text, language)}
    assert full in found
    assert found.get(surname) == found[full]


@pytest.mark.slow
def test_a_man_named_in_full_only_in_another_case_is_named_in_the_nominative(
    pipeline: Pipeline,
) -> None:
    # The same man is the same ad hoc actor whichever case the article names him in first.
    oblique = "За словами Вадима Філашкіна, вночі обстріляли місто. Філашкін заявив, що є жертви."
    nominative = "Вадим Філашкін повідомив про обстріл міста."
    ids = {actor for _, _, actor in _entities(pipeline, oblique) if "філашк" in actor}
    assert ids == {"adhoc:вадим-філашкін"}
    assert "adhoc:вадим-філашкін" in {actor for _, _, actor in _entities(pipeline, nominative)}
    # a woman's name, or one with no nominative surname beside it, stays as written
    other = "За словами Юлії Іщенко, збито 45 дронів. Іщенко уточнила дані."
    assert "adhoc:юлії-іщенко" in {actor for _, _, actor in _entities(pipeline, other)}
    # a surname that does not inflect gives no sign of another case («Вікторія» is no
    # genitive of the rare man's name «Вікторій»)
    foreign = "Вікторія Нуланд сказала, що позиція незмінна. Нуланд додала, що все вирішено."
    assert "adhoc:вікторія-нуланд" in {actor for _, _, actor in _entities(pipeline, foreign)}


@pytest.mark.parametrize(
    ("first", "nominative"),
    [
        ("Вадима", "Вадим"),
        ("Олександра", "Олександр"),
        ("Дмитра", "Дмитро"),  # a name in «-о»: not «Дмитр»
        ("Андрія", "Андрій"),
        ("Вадиму", None),  # another case: left as written
        ("Олени", None),
    ],
)
def test_the_nominative_of_a_mans_first_name_in_the_genitive(
    pipeline: Pipeline, first: str, nominative: str | None
) -> None:
    assert _first_name_nominative(first, pipeline.nlp.natasha.morph_vocab) == nominative


def _person(text: str, surface: str, actor_id: str) -> Entity:
    return _entity(text, surface, EntityType.PERSON, actor_id)


class _FirstNames:
    """A stand-in for the dictionary: knows the first names it is given."""

    def __init__(self, *names: str) -> None:
        self.names = names

    def word_is_known(self, word: str) -> bool:
        return word in self.names

    def parse(self, word: str) -> list[object]:
        class Parse:
            is_known = True
            tag = "NOUN,anim,masc,Name sing,nomn"

        return [Parse()] if word in self.names else []


@pytest.mark.parametrize(
    ("text", "full", "word", "linked"),
    [
        ("Слово Тараса Шевченка. Шевченко мовчить.", "Тараса Шевченка", "Шевченко", True),
        # no first name: the model's "person" is a body, whose last word is no surname
        ("Бійці Самооборони Майдану. Біля Майдану тихо.", "Самооборони Майдану", "Майдану", False),
        # an adjective shares the stem of a surname in «-ець», but is no form of it
        ("Слово Тараса Березовця. Березовий гай тихий.", "Тараса Березовця", "Березовий", False),
        # a shared stem with no case ending after it is another word
        ("Слово Тараса Магди. Магдіяж мовчить.", "Тараса Магди", "Магдіяж", False),
        ("Слово Тараса Толстого. Толстой мовчить.", "Тараса Толстого", "Толстой", True),
    ],
)
def test_which_lone_words_are_the_surname_of_a_full_name(
    text: str, full: str, word: str, linked: bool
) -> None:
    entities = [_person(text, full, "adhoc:full")]
    found = _with_surnames_found(text, entities, _FirstNames("тараса"))
    words = {e.text: e.actor_id for e in found}
    assert (words.get(word) == "adhoc:full") is linked


def test_a_surname_typed_as_a_body_before_the_full_name_stays_unlinked() -> None:
    text = "Karchaa is cited. Later Renat Karchaa spoke."
    entities = [
        Entity(Span(0, 7), "Karchaa", EntityType.ORGANIZATION, "adhoc:karchaa"),
        _entity(text, "Renat Karchaa", EntityType.PERSON, "adhoc:renat-karchaa"),
    ]
    assert _link_surnames(entities)[0].actor_id == "adhoc:karchaa"


def test_a_lone_english_country_adjective_is_its_country(pipeline: Pipeline) -> None:
    text = "Washington is concerned about shortages of shells on the Ukrainian side."
    ukrainian = [e for e in _entities(pipeline, text, "en") if e[0] == "Ukrainian"]
    assert all(actor_id == "ukraine" for _, _, actor_id in ukrainian)
    registry = pipeline.registry
    assert _demonym_alone("Ukrainian", EntityType.LOCATION, registry) == "ukraine"
    assert _demonym_alone("Ukrainian", EntityType.PERSON, registry) is None
    assert _demonym_alone("Київській", EntityType.LOCATION, registry) is None  # of «області»


@pytest.mark.parametrize(
    ("surface", "holds"),
    [("Запорізької ОВА", True), ("Київської ОДА", True), ("ІВАН ФЕДОРОВ", False),
     ("Іван Федоров", False), ("А. В. Суворов", False)],
)  # fmt: skip
def test_a_name_holding_an_acronym_is_a_body(surface: str, holds: bool) -> None:
    assert _holds_acronym(surface) is holds


def test_a_regional_administration_read_as_a_person_leaves_the_title_to_the_person(
    pipeline: Pipeline,
) -> None:
    text = "Пізніше голова Запорізької ОВА Іван Федоров повідомив, що постраждали троє людей."
    people = [e for e in _entities(pipeline, text) if e[1] is EntityType.PERSON]
    assert [actor_id for _, _, actor_id in people] == ["ivan-fedorov"]


@pytest.mark.parametrize(
    ("text", "name", "introduced"),
    [
        ("Hanna Notte, a researcher at the James Martin Center, said so.", "Hanna Notte", True),
        ("Renat Karchaa, an adviser to the head of Rosenergoatom, said so.", "Renat Karchaa",
         True),
        # a body introduced as a body, an acronym, a single word
        ("Naftogaz, the state energy company, said so.", "Naftogaz", False),
        ("The Wagner Group, a mercenary force, said so.", "The Wagner Group", False),
        ("NATO Allies, an alliance of states, said so.", "NATO Allies", False),
    ],
)  # fmt: skip
def test_a_name_introduced_with_a_role_is_a_person(text: str, name: str, introduced: bool) -> None:
    start = text.index(name)
    assert _introduced_name(text, Span(start, start + len(name))) is introduced
