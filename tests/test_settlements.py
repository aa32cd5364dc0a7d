"""The settlement gazetteer, and the entity stage's use of it: towns the NER models tag as
people become places, people named like towns stay people (docs/ner.md)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from narrativewatch.actors.registry import load_registry
from narrativewatch.actors.settlements import (
    Settlement,
    SettlementGazetteer,
    bundled_settlements,
    read_settlements,
)
from narrativewatch.analysis.entities import extract_entities
from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.model import ActorKind, EntityType
from narrativewatch.pipeline import Pipeline

KROPYVNYTSKYI = Settlement(1, "UA", 220_000, "Kropyvnytskyi")
BUCHA = Settlement(2, "UA", 42_000, "Bucha")
KHARKIV = Settlement(3, "UA", 1_400_000, "Kharkiv")
TOKARIVKA = Settlement(4, "UA", 2_000, "Tokarivka")
SUKHA = Settlement(5, "UA", 1_900, "Sukha")
SMALL_LYMAN = Settlement(6, "UA", 1_500, "Lyman")
LYMAN = Settlement(7, "UA", 20_000, "Lyman")
CHASIV_YAR = Settlement(8, "UA", 12_000, "Chasiv Yar")
KRYVYI_RIH = Settlement(9, "UA", 630_000, "Kryvyi Rih")
NOVA_KAKHOVKA = Settlement(10, "UA", 45_000, "Nova Kakhovka")


@pytest.fixture
def gazetteer() -> SettlementGazetteer:
    return SettlementGazetteer(
        [
            (KROPYVNYTSKYI, ["Kropyvnytskyi", "Кропивницький", "Кропивницкий"]),
            (BUCHA, ["Bucha", "Буча"]),
            (KHARKIV, ["Kharkiv", "Харків", "Харьков"]),
            (TOKARIVKA, ["Токарівка"]),
            (SUKHA, ["Суха"]),
            (SMALL_LYMAN, ["Lyman", "Лиман"]),
            (LYMAN, ["Lyman", "Лиман"]),
            (CHASIV_YAR, ["Chasiv Yar", "Часів Яр", "Часов Яр"]),
            (KRYVYI_RIH, ["Kryvyi Rih", "Кривий Ріг", "Кривой Рог"]),
            (NOVA_KAKHOVKA, ["Нова Каховка", "Новая Каховка"]),
        ]
    )


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Кропивницькому", KROPYVNYTSKYI),  # dative of an adjectival name
        ("Кропивницком", KROPYVNYTSKYI),  # Russian locative
        ("Бучі", BUCHA),  # a four-letter name's locative
        ("Харкова", KHARKIV),  # Ukrainian і → о before an ending
        ("Харькове", KHARKIV),
        ("Токарівці", TOKARIVKA),  # -ка → -ці
        ("Новій Каховці", NOVA_KAKHOVKA),
        ("Часовим Яром", CHASIV_YAR),  # a short later word inflects too
        ("Часовым Яром", CHASIV_YAR),
        ("Кривому Розі", KRYVYI_RIH),  # і → о, and г → з before the locative's -і
        ("Кривого Рогу", KRYVYI_RIH),
        ("Кривом Роге", KRYVYI_RIH),
        ("Kropyvnytskyi", KROPYVNYTSKYI),
        ("Lyman", LYMAN),  # the most populous of two namesakes
    ],
)
def test_a_place_is_found_in_its_case_forms(
    gazetteer: SettlementGazetteer, mention: str, expected: Settlement
) -> None:
    assert gazetteer.find(mention) == expected


@pytest.mark.parametrize(
    "mention",
    [
        "Сухачев",  # "-чев" is no case ending: a surname, not the village Суха
        "Харківщина",  # a region: not a case form of the city
        "Kharkova",  # Latin names do not inflect
        "Часовим Ярославом",  # "-ославом" is no case ending of Яр
        "Яром",  # a short word inflects only inside a longer name
        "Bucha Lyman",
        "",
    ],
)
def test_words_that_only_begin_like_a_place_are_not_it(
    gazetteer: SettlementGazetteer, mention: str
) -> None:
    assert gazetteer.find(mention) is None


@pytest.mark.parametrize(
    ("entries", "mention", "expected"),
    [
        # a former name of a town of similar size, in the same country: the town whose own
        # name it is wins («Слов'янськ» was also Nikopol's name in the 1780s)
        (
            [
                ("Nikopol", 105_160, "UA", "Нікополь|Слов'янськ"),
                ("Slovyansk", 105_141, "UA", "Слов'янськ"),
            ],
            "Слов'янську",
            "Slovyansk",
        ),
        # twice the size or more: size decides (Russian news still writes «Красноармейск»)
        (
            [
                ("Pokrovsk", 60_000, "UA", "Покровськ|Красноармейск"),
                ("Krasnoarmeysk", 22_000, "RU", "Красноармейск"),
            ],
            "Красноармейск",
            "Pokrovsk",
        ),
        # another country: a Ukrainian town's Latin name is Ukrainian, so the Russian
        # spelling is no sign of the Russian namesake
        (
            [
                ("Vovchansk", 17_459, "UA", "Вовчанськ|Волчанск"),
                ("Volchansk", 10_403, "RU", "Волчанск"),
            ],
            "Волчанске",
            "Vovchansk",
        ),
    ],
)
def test_a_shared_spelling_names_the_town_that_carries_it(
    entries: list[tuple[str, int, str, str]], mention: str, expected: str
) -> None:
    gazetteer = SettlementGazetteer(
        (Settlement(i, country, population, name), names.split("|"))
        for i, (name, population, country, names) in enumerate(entries)
    )
    found = gazetteer.find(mention)
    assert found is not None and found.name == expected


def test_the_file_format_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "settlements.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("# GeoNames, CC BY 4.0\ngeonameid\tcountry\tpopulation\tname\tnames\n")
        out.write("713174\tUA\t80500\tBakhmut\tArtemivsk|Bakhmut|Бахмут\n")
    entries = read_settlements(path)
    assert entries == [
        (Settlement(713174, "UA", 80500, "Bakhmut"), ["Artemivsk", "Bakhmut", "Бахмут"])
    ]
    assert SettlementGazetteer(entries).find("Бахмуті") == entries[0][0]


def test_the_bundled_gazetteer_leaves_out_names_that_are_peoples() -> None:
    places = bundled_settlements()
    assert places.size > 5000
    found = places.find("Енергодара")
    assert found is not None and found.country == "UA"
    # Towns named after people (Anna, Marks, Kirov in Russia) are not found by those names.
    for name in ("Anna", "Marks", "Kirov", "Анна"):
        assert places.find(name) is None, name


def _entities(pipeline: Pipeline, text: str, language: str) -> dict[str, tuple[EntityType, str]]:
    sentences = split_sentences(text, language, pipeline.nlp)
    found = extract_entities(text, sentences, language, load_registry(), pipeline.nlp)
    return {e.text: (e.type, e.method) for e in found.entities}


@pytest.mark.slow
def test_a_town_the_model_reads_as_a_person_becomes_a_place(pipeline: Pipeline) -> None:
    text = "Окупанти знову обстріляли Енергодар, а вночі ракети впали біля Кропивницького."
    sentences = split_sentences(text, "uk", pipeline.nlp)
    found = extract_entities(text, sentences, "uk", load_registry(), pipeline.nlp)
    places = {e.text: e for e in found.entities if e.method == "settlements"}
    assert set(places) == {"Енергодар", "Кропивницького"}
    for entity in places.values():
        assert entity.type is EntityType.LOCATION
        actor = next(a for a in found.actors if a.id == entity.actor_id)
        assert actor.kind is ActorKind.PLACE and actor.country == "UA"
    # A town never speaks: no person actor is left for a place name.
    assert not any(
        a.kind is ActorKind.PERSON and a.name.startswith("Кропивницьк") for a in found.actors
    )


@pytest.mark.slow
def test_a_two_word_town_in_a_case_form_becomes_a_place(pipeline: Pipeline) -> None:
    # natasha tags both as people; the short second word inflects, with Ukrainian's
    # г → з before the locative's -і (docs/ner.md).
    text = "Бої точаться під Часовим Яром. Російська ракета влучила у Кривому Розі."
    found = _entities(pipeline, text, "uk")
    assert found["Часовим Яром"] == (EntityType.LOCATION, "settlements")
    assert found["Кривому Розі"] == (EntityType.LOCATION, "settlements")


@pytest.mark.slow
def test_people_named_like_towns_stay_people(pipeline: Pipeline) -> None:
    # «Петров» is a village's case form (Петрове) and «Сталина» an old name of Donetsk
    # (Сталино); the dictionary knows both as surnames.
    found = _entities(
        pipeline, "Вчора Петров і Іванов згадали Сталина у своєму зверненні до депутатів.", "uk"
    )
    assert found.get("Петров") == (EntityType.PERSON, "ner")
    assert found.get("Сталина") == (EntityType.PERSON, "ner")


@pytest.mark.parametrize(
    ("surface", "entity_type", "expected"),
    [
        ("Nikopol", EntityType.ORGANIZATION, EntityType.LOCATION),  # spaCy's ORG "Nikopol"
        ("Mykolaiv", EntityType.PERSON, EntityType.LOCATION),
        ("Nikopol Ferroalloy", EntityType.ORGANIZATION, EntityType.ORGANIZATION),
        ("Азов", EntityType.ORGANIZATION, EntityType.ORGANIZATION),  # the unit, not the town
    ],
)
def test_which_model_mentions_are_read_as_towns(
    pipeline: Pipeline, surface: str, entity_type: EntityType, expected: EntityType
) -> None:
    from narrativewatch.analysis.misread_towns import as_place
    from narrativewatch.model import Entity, Span

    text = f"Reports from {surface} today."
    start = text.index(surface)
    entity = Entity(Span(start, start + len(surface)), surface, entity_type, "adhoc:x")
    places = SettlementGazetteer(
        [
            (Settlement(1, "UA", 100_000, "Nikopol"), ["Nikopol", "Нікополь"]),
            (Settlement(2, "UA", 470_000, "Mykolaiv"), ["Mykolaiv"]),
            (Settlement(3, "RU", 80_000, "Azov"), ["Azov", "Азов"]),
        ]
    )
    assert as_place(text, entity, places, {}, pipeline.nlp).type is expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"713174\tUA\teighty\tBakhmut\tBakhmut\n", "line 1"),  # population not a number
        (b"713174\tUA\t80500\tBakhmut\n", "line 1"),  # a field missing
    ],
)
def test_a_malformed_gazetteer_names_the_file_and_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    from narrativewatch.errors import CatalogError

    path = tmp_path / "settlements.tsv.gz"
    path.write_bytes(gzip.compress(content))
    with pytest.raises(CatalogError, match=message) as raised:
        read_settlements(path)
    assert "settlements.tsv.gz" in str(raised.value)


def test_an_unreadable_gazetteer_is_a_clear_error(tmp_path: Path) -> None:
    from narrativewatch.errors import CatalogError

    path = tmp_path / "settlements.tsv.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(CatalogError, match="cannot read the settlement gazetteer"):
        read_settlements(path)


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Вибухи у Кропивницькому одразу після тривоги.", "Кропивницькому", EntityType.LOCATION),
        ("Удар по Кропивницькому району вночі.", "Кропивницькому", EntityType.PERSON),  # a district
        ("Мешканці вул. Кропивницька скаржаться.", "Кропивницька", EntityType.PERSON),  # a street
    ],
)
def test_a_towns_adjective_before_what_it_names_is_not_the_town(
    pipeline: Pipeline, text: str, surface: str, expected: EntityType
) -> None:
    from narrativewatch.analysis.misread_towns import as_place
    from narrativewatch.model import Entity, Span

    start = text.index(surface)
    entity = Entity(Span(start, start + len(surface)), surface, EntityType.PERSON, "adhoc:x")
    places = SettlementGazetteer([(KROPYVNYTSKYI, ["Кропивницький"])])
    assert as_place(text, entity, places, {}, pipeline.nlp).type is expected
