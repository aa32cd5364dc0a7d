"""Inflection-tolerant alias matching and actor resolution across en/ru/uk."""

from __future__ import annotations

import pytest

from narrativewatch.actors import load_registry
from narrativewatch.actors.registry import ActorRegistry
from narrativewatch.analysis.tokens import token_matches, word_tokens
from narrativewatch.pipeline import Pipeline


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return load_registry()


@pytest.mark.parametrize(
    ("alias", "word", "expected"),
    [
        ("песков", "пескова", True),
        ("пєсков", "пєскову", True),
        ("державна", "державної", True),
        ("україна", "україни", True),
        ("білорусь", "білорусі", True),
        ("зеленський", "зеленського", True),
        ("песков", "песк", False),
        ("peskov", "peskova", False),  # Latin names do not inflect
        ("россия", "российская", False),
    ],
)
def test_token_matches(alias: str, word: str, expected: bool) -> None:
    assert token_matches(alias, word) is expected


def test_possessive_split() -> None:
    assert [t.text for t in word_tokens("Putin’s spokesman")] == ["Putin", "spokesman"]


@pytest.mark.parametrize(
    "surface",
    ["Peskov", "Dmitry Peskov", "Песков", "Пескова", "Дмитрию Пескову", "Пєсков", "Пєскова"],
)
def test_one_actor_across_languages_and_cases(registry: ActorRegistry, surface: str) -> None:
    actor = registry.resolve(surface)
    assert actor is not None and actor.name == "Dmitry Peskov"


def test_find_mentions_longest_wins(registry: ActorRegistry) -> None:
    text = "Заяву зробила Державна прикордонна служба України у вівторок."
    hits = registry.find_mentions(text)
    assert [(text[h.span.start : h.span.end], registry.actors[h.actor_id].name) for h in hits] == [
        ("Державна прикордонна служба України", "State Border Guard Service of Ukraine")
    ]


def test_inflected_organisation(registry: ActorRegistry) -> None:
    text = "Об этом сообщили в Государственном пограничном комитете Беларуси."
    names = [registry.actors[h.actor_id].name for h in registry.find_mentions(text)]
    assert "State Border Committee of Belarus" in names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Only the head and the adjectives before it inflect; genitive complements stay.
        ("Как сообщили в Министерстве обороны, проверка проводится.", "Министерство обороны"),
        (
            "В Министерстве иностранных дел Польши заявили, что это провокация.",
            "Министерство иностранных дел",
        ),
        (
            "Представители Государственного пограничного комитета Литвы сообщили о нарушении.",
            "Государственный пограничный комитет",
        ),
        # A person's name inflects in every word.
        ("Встреча Ивана Петрова прошла в Минске.", "Иван Петров"),
    ],
)
def test_unregistered_russian_names_get_their_nominative(
    pipeline: Pipeline, text: str, name: str
) -> None:
    from narrativewatch.analysis.extraction import extract

    extraction = extract(text, "ru", pipeline.nlp, pipeline.registry)
    assert name in [actor.name for actor in extraction.actors]
