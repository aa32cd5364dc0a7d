"""Unnamed sources: speakers a report does not name ("a senior official", "sources
familiar with the matter", «источник в силовых структурах», «співрозмовник видання»,
"Russian state media", «западные СМИ»).

State media often carry a claim in the voice of an unnamed source, and an analyst weighs
such a quote differently from one a named minister gave: the source may be real, or the
outlet's own claim in a borrowed voice. So a quote says whether its speaker is unnamed
(`Quote.speaker_anonymous`); its actor is then the body the source is said to belong to,
when the text names one ("a source in the defence ministry" → the ministry), else none.
A spokesman speaks on the record for a body and is not an unnamed source, however
unnamed; a title the text gives a named person ("the official" after "Defence Minister
X") is that person.
"""

from __future__ import annotations

from collections.abc import Sequence

from narrativewatch.actors.demonyms import demonym_actor
from narrativewatch.analysis.tokens import AND_WORDS, Token

# English heads; the head ends an English phrase, before what qualifies it ("officials
# familiar with the matter", "a source close to the Kremlin").
_ENGLISH = frozenset(
    ["source", "sources", "official", "officials", "insider", "insiders", "diplomat", "diplomats",
     "media", "milblogger", "milbloggers",
     # the vague plural voices of "experts say", "analysts believe", "researchers at X
     # found"
     "experts", "analysts", "observers", "researchers", "scientists", "specialists"]
)  # fmt: skip
# "people familiar with the plans", "a person close to the ministry", "people briefed on".
_PEOPLE = frozenset(["person", "people", "persons"])
SOURCE_QUALIFIERS = frozenset(["familiar", "close", "briefed", "knowledgeable"])
# Russian and Ukrainian stems, in every case: the head opens the phrase, after its
# adjectives («высокопоставленный дипломатический источник»).
_SLAVIC_STEMS = (
    "источник", "собеседник", "инсайдер", "чиновник",
    "джерел", "співрозмовник", "інсайдер", "посадовц", "посадовець", "посадовця",
    "високопосадов",
)  # fmt: skip
# Nouns that are an unnamed source only after an adjective («западный дипломат»): alone
# they are the title of the person named before («— подчеркнула дипломат»), as Russian and
# Ukrainian have no article to tell "a diplomat" from "the diplomat".
_QUALIFIED_STEMS = ("дипломат",)
# Unnamed outlets and plural voices, as whole words: «российские СМИ», «західні ЗМІ» (not
# «медиа», which ends outlets' names: «Детектор Медиа»), «эксперты» (a singular «эксперт»
# is as often the title of the person named before).
_SLAVIC_WORDS = frozenset(
    ["сми", "змі",
     # «эксперты считают», «аналітики вважають», «военкоры пишут»: plural voices, unnamed
     "эксперты", "аналитики", "наблюдатели", "военкоры", "военблогеры", "исследователи",
     "ученые", "специалисты",
     "експерти", "аналітики", "спостерігачі", "воєнкори", "військкори", "дослідники",
     "науковці", "фахівці"]
)  # fmt: skip
# Plural voices whose country adjective says where they come from, not for whom they speak.
_LEARNED_VOICES = frozenset(
    ["experts", "analysts", "observers", "researchers", "scientists", "specialists",
     "эксперты", "аналитики", "наблюдатели", "исследователи", "ученые", "специалисты",
     "експерти", "аналітики", "спостерігачі", "дослідники", "науковці", "фахівці"]
)  # fmt: skip
# Adjectives and other words that may stand before a Slavic head.
_MAX_SLAVIC_HEAD_INDEX = 3
# What may follow an English head: its qualifiers, a conjunction, a verb of saying. Any
# other word makes it an adjective ("official figures", "the official Russian news
# agency") or something else ("sources of funding").
_ENGLISH_AFTER_HEAD = frozenset(
    ["who", "familiar", "close", "briefed", "knowledgeable", "with", "in", "at", "from",
     "inside", "within", "to", "on", "and", "or", "speaking", "said", "say", "says", "told",
     "tell", "cited", "quoted", "involved", "based", "there", "here"]
)  # fmt: skip


def source_word_index(words: Sequence[Token], language: str) -> int | None:
    """The index in ``words`` (a speaker mention, with its determiners) of the noun that
    makes it an unnamed source, or None. A capitalised word past the first is part of a
    name ("Suspilne Media", "Sources" of a title), not a source."""
    if language == "en":
        for index, word in enumerate(words):
            if index and not word.text.islower():
                continue
            following = words[index + 1] if index + 1 < len(words) else None
            if word.lower in _PEOPLE and following and following.lower in SOURCE_QUALIFIERS:
                return index
            if word.lower not in _ENGLISH:
                continue
            # the head: nothing, or a qualifier, after it
            if following is None or following.lower in _ENGLISH_AFTER_HEAD:
                return index
        return None
    for index, word in enumerate(words[: _MAX_SLAVIC_HEAD_INDEX + 1]):
        lower = word.lower
        if (lower.startswith(_SLAVIC_STEMS) and (not index or word.text.islower())) or (
            lower in _SLAVIC_WORDS  # «СМИ» is written in capitals
        ):
            return index
        if index and lower.startswith(_QUALIFIED_STEMS) and word.text.islower():
            return index
    return None


# How far into a phrase its source noun may stand: "two senior Ukrainian officials".
_MAX_OPENING_HEAD = 3


def opening_source_index(words: Sequence[Token], language: str) -> int | None:
    """The index of the unnamed source's noun when ``words`` open with such a source's
    phrase ("two officials familiar with the matter", «источник в Минобороны»), else None:
    what a citing cue ("citing", «со ссылкой на») names."""
    head = source_word_index(words, language)
    return head if head is not None and head <= _MAX_OPENING_HEAD else None


def is_source_word(word: str) -> bool:
    """Whether ``word`` alone is a noun for an unnamed source, in any of the languages."""
    lower = word.lower()
    return lower in _ENGLISH or lower in _SLAVIC_WORDS or lower.startswith(_SLAVIC_STEMS)


def is_informant_word(word: str) -> bool:
    """Whether a Russian or Ukrainian ``word`` is a source that *tells* an outlet («источник
    РИА Новости», «співрозмовник "Української правди"»), not a voice of its own that may
    belong to one («аналитики Bloomberg» are Bloomberg's)."""
    return word.lower().startswith(_SLAVIC_STEMS + _QUALIFIED_STEMS)


_INTERLOCUTOR_STEMS = ("собеседник", "співрозмовник")


def is_interlocutor_word(word: str) -> bool:
    """Whether ``word`` is «собеседник» / «співрозмовник» in any case: whom an outlet
    talked with, named or not."""
    return word.lower().startswith(_INTERLOCUTOR_STEMS)


def country_before_head(words: Sequence[Token], language: str) -> tuple[Token, str] | None:
    """The country adjective before an unnamed source's noun in ``words`` and the country
    actor it names: "Russian officials", «высокопоставленный украинский чиновник» — none
    for "Russian and Ukrainian officials" (no one country)."""
    head = source_word_index(words, language)
    before = words[:head] if head is not None else []
    if any(w.lower in AND_WORDS for w in before):
        return None
    if head is not None and words[head].lower in _LEARNED_VOICES:
        # "American scientists", «немецкие ученые»: where they come from, not a state's voice
        return None
    for word in before:
        # ("Russian-language media" are not Russia's)
        actor_id = demonym_actor(word.lower) if "-" not in word.text else None
        if actor_id is not None:
            return word, actor_id
    return None
