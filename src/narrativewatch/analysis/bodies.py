"""Which organisation a description stands for: "the ministry", «ведомства», "a spokesman
for the centre" after the Russian Defence Ministry or the Centre for Countering
Disinformation was named.

Shared by the speakers of quotes and the cited sources, so both resolve a description the
same way: to the last organisation named before it whose name holds the description's noun.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from narrativewatch.analysis.tokens import fold, token_matches, word_tokens
from narrativewatch.model import Entity, EntityType

# «министерства» and «Министерство» share their first six letters; "ministry" itself has
# eight, and "ministries" shares them too.
_HEAD_STEM = 6


@lru_cache(maxsize=65536)
def holds_noun(name: str, noun: str) -> bool:
    """Whether organisation ``name`` holds ``noun`` (folded), in any case form: "Russian
    Defence Ministry" ~ "ministry", «Центр протидії дезінформації» ~ «центру»."""
    for folded in _folded_words(name):
        if token_matches(folded, noun) or token_matches(noun, folded):
            return True
        if len(noun) >= _HEAD_STEM and folded[:_HEAD_STEM] == noun[:_HEAD_STEM]:
            return True
        # an inflected acronym: «МИДа», «МЗС» ~ «мид»
        if len(noun) <= _ACRONYM and folded.startswith(noun) and len(folded) - len(noun) <= 2:
            return True
    return False


_ACRONYM = 4  # letters at most


@lru_cache(maxsize=4096)
def _folded_words(name: str) -> tuple[str, ...]:
    # Every unresolved mention of a text compares its nouns with the same few names.
    return tuple(word.lower for word in word_tokens(name))


def body_named_before(
    entities: Sequence[Entity],
    position: int,
    nouns: Iterable[str],
    names: Mapping[str, Sequence[str]] | None = None,
) -> Entity | None:
    """The last organisation ending before ``position`` whose name holds one of ``nouns``.
    ``names`` (actor id → the registry's names of a body) lets a body named by a short
    form hold the nouns of its full name: «В агентстве заявили» after «МАГАТЭ», the
    «Международное агентство по атомной энергии»."""
    wanted = [fold(noun) for noun in nouns]
    found = None
    for entity in entities:
        if entity.span.end > position:
            break
        if entity.type is EntityType.ORGANIZATION and any(
            body_holds(entity, noun, names) for noun in wanted
        ):
            found = entity
    return found


def body_holds(entity: Entity, noun: str, names: Mapping[str, Sequence[str]] | None = None) -> bool:
    """Whether the body ``entity`` holds ``noun`` (folded) in its name as the text gives it
    or, with ``names``, in one of the registry's names for it."""
    if holds_noun(entity.text, noun):
        return True
    other = names.get(entity.actor_id or "", ()) if names else ()
    return bool(other) and _any_name_holds(tuple(other), noun)


@lru_cache(maxsize=16384)
def _any_name_holds(names: tuple[str, ...], noun: str) -> bool:
    # (every description in a long text asks it of the same few bodies' names)
    return any(holds_noun(name, noun) for name in names)
