"""Towns the NER models read as people (or, in English, as organisations).

spaCy's small English model makes persons of "Enerhodar" and "Mykolaiv" and organisations
of "Lviv"; natasha reads the Ukrainian locative «у Кропивницькому» as a surname, and «Мер
Миколаєва Олександр Сєнкевич» as one person. A model's mention that names a settlement of
the gazetteer (`actors.settlements`) becomes that place (`as_place`), and a town opening a
full name is split off it (`leading_town`), unless something says it is a person or a
body after all (docs/ner.md).
"""

from __future__ import annotations

import re
from typing import Any

from narrativewatch.actors.settlements import Settlement, SettlementGazetteer
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.analysis.roles import is_role_word
from narrativewatch.analysis.tokens import is_cyrillic, word_tokens
from narrativewatch.analysis.ukrainian_spelling import in_russian_spelling
from narrativewatch.model import ADHOC_PREFIX, Actor, ActorKind, Entity, EntityType, Span


def as_place(
    text: str,
    entity: Entity,
    settlements: SettlementGazetteer,
    adhoc_actors: dict[str, Actor],
    models: NlpModels,
) -> Entity:
    """A model's person (or one-word Latin organisation) mention that names a settlement,
    as that place.

    Only the model's own one-off mentions are asked about: a registry actor, a surname
    linked to a full name in the text and a name with a title right before it ("General
    Syrskyi") or a role after it stay people, whatever towns share their names. In
    Cyrillic, where a case form can look like another word, a name the Russian dictionary
    knows as a person's («Петров», «Сталина», «Сергей») and a capitalised first word of a
    sentence or line («Довгий шлях…») stay as the model tagged them too.
    """
    if entity.method != "ner" or not _may_be_a_misread_town(entity):
        return entity
    settlement = settlements.find(entity.text)
    if settlement is None:
        return entity
    if is_cyrillic(entity.text) and (
        _opens_line_or_sentence(text, entity.span.start)
        or _names_something_else(text, entity.span)
        or _person_name(entity.text, models.natasha.morph_vocab)
    ):
        return entity
    return Entity(
        entity.span,
        entity.text,
        EntityType.LOCATION,
        place_actor(settlement, adhoc_actors),
        method="settlements",
        base_form=entity.base_form,
    )


def place_actor(settlement: Settlement, adhoc_actors: dict[str, Actor]) -> str:
    """The id of the settlement's place actor, registered in ``adhoc_actors``."""
    actor_id = ADHOC_PREFIX + "place-" + str(settlement.geonameid)
    if actor_id not in adhoc_actors:
        adhoc_actors[actor_id] = Actor(
            id=actor_id, name=settlement.name, kind=ActorKind.PLACE, country=settlement.country
        )
    return actor_id


# Adjective endings, Ukrainian and Russian: a word with one opens a longer name.
_ADJECTIVE_ENDING = re.compile(r"(?:ої|ого|ому|ій|ий|ім|им|ою|ьої|ой|ый|ым|ая|ую|ее|ое)$")


def leading_town(
    text: str, span: Span, settlements: SettlementGazetteer, models: NlpModels
) -> tuple[Span, Settlement] | None:
    """The first word of a model's person mention, and its settlement, when it names a
    town before a full name: «Мер Миколаєва Олександр Сєнкевич», «мэр Николаева
    Александр Сенкевич» — the mayor of Mykolaiv, Oleksandr Senkevych, not one person of
    three names. Cyrillic only (English puts the town after: "Mykolaiv Mayor …"), at least
    two capitalised words after it, no adjective (a town named like one, «Кропивницького»,
    is left as it was), and not a word the dictionary knows as a person's name («Петрова
    Ольга Іванівна» is a surname first)."""
    tokens = word_tokens(text, span.start, span.end)
    if len(tokens) < 3 or not is_cyrillic(tokens[0].text):
        return None
    # An adjective opens a longer name: «Південної Кореї Юн Сок Йол» is South Korea's
    # president, not the town Pivdenne's; «Білої Церкви» is one town of two words.
    if _ADJECTIVE_ENDING.search(tokens[0].text.lower()):
        return None
    if not all(token.text[:1].isupper() for token in tokens[1:]):
        return None
    settlement = settlements.find(tokens[0].text)
    if settlement is None or _person_name(tokens[0].text, models.natasha.morph_vocab):
        return None
    return Span(tokens[0].start, tokens[0].end), settlement


# A town's adjective before the thing it names («у Миколаївській області», «Сіверської
# бригади», «Морської охорони») and a street («вул. Козацька») are not the town.
# Word beginnings, and whole words for the abbreviations and «рада» (not «одразу», «радий»).
_NAMED_AFTER_A_PLACE = re.compile(
    r"(?:област|район|громад|напрям|направлен|бригад|полк|флот|охорон|операц|округ|фронт"
    r"|батальйон|батальон|дивіз|дивиз|корпус|міськ|городск|сільськ|сельск|селищ"
    r"|управлін|управлен|адміністрац|администрац|водосхов|водохран|вулиц|улиц|проспект"
    r"|шосе|шоссе|трас)"
    r"|(?:рад[аиіуы]|ова|ода|аес|аэс|гес|тес|тэс)$",
    re.IGNORECASE,
)
_STREET_BEFORE = frozenset(
    {"вул", "вулиця", "вулиці", "ул", "улица", "улице", "пров", "провулок", "переулок"}
    | {"просп", "проспект", "бульвар", "бул", "площа", "площі", "площадь", "пл"}
)


def _names_something_else(text: str, span: Span) -> bool:
    """Whether the word after ``span`` is what a town's adjective names, or the word
    before it is a street's."""
    after = word_tokens(text, span.end, min(len(text), span.end + 40))
    before = word_tokens(text, max(0, span.start - 20), span.start)
    return bool(after and _NAMED_AFTER_A_PLACE.match(after[0].text)) or bool(
        before and before[-1].lower in _STREET_BEFORE
    )


_SENTENCE_BREAK = re.compile(r"[.!?…\n]")


def _opens_line_or_sentence(text: str, start: int) -> bool:
    """Whether no word stands between ``start`` and the last sentence end or line break."""
    before = text[max(0, start - 200) : start]
    breaks = list(_SENTENCE_BREAK.finditer(before))
    tail = before[breaks[-1].end() :] if breaks else before
    return not word_tokens(tail)


def _person_name(surface: str, vocabulary: Any) -> bool:
    """Whether pymorphy2's dictionary knows every word of ``surface`` (or its Russian
    spelling) as a first name, surname or patronymic."""
    words = [t.text.lower() for t in word_tokens(surface)]
    return bool(words) and all(
        known_as(word, vocabulary, ("Name", "Surn", "Patr")) for word in words
    )


def known_as(word: str, vocabulary: Any, grammemes: tuple[str, ...]) -> bool:
    """Whether pymorphy2's dictionary (natasha's) knows the lower-case ``word``, or its
    Russian spelling, with one of ``grammemes`` ("Name": a first name)."""
    return any(
        vocabulary.word_is_known(form)
        and any(p.is_known and any(g in p.tag for g in grammemes) for p in vocabulary.parse(form))
        for form in {word, in_russian_spelling(word)}
    )


def _may_be_a_misread_town(entity: Entity) -> bool:
    """A person mention without a title, or a one-word organisation in Latin letters
    (spaCy's ORG "Lviv", "Nikopol"; a Cyrillic or longer organisation name is more often
    an organisation named after its town, «Азов», "Kharkiv Regional Administration")."""
    if entity.type is EntityType.PERSON:
        return not _titled(entity)
    return (
        entity.type is EntityType.ORGANIZATION
        and not is_cyrillic(entity.text)
        and len(word_tokens(entity.text)) == 1
    )


def _titled(entity: Entity) -> bool:
    """Whether a role word stands right before the name, or a role phrase follows it.

    `roles.find_role` reaches back over several words to the nearest role noun ("Посол
    … Гайко Томс відвідав звільнену Балаклію"); a title is only the word next to the name.
    """
    role = entity.role_span
    if role is None:
        return False
    if role.start >= entity.span.end:
        return True
    words = word_tokens(entity.role or "")
    return bool(words) and is_role_word(words[-1].text)
