"""Whom a speaker told: "told Reuters", "said in an interview with CNN", «сообщил ТАСС»,
«рассказал изданию "Известия"», «розповіло Суспільному», «співрозмовник "Української
правди"».

For an unnamed source the addressee is the outlet that carries its words — the one an
analyst asks about when a claim first appears as "a source told RIA Novosti". For a named
speaker it is the outlet or person the words were given to ("Lavrov told Blinken").
Only a name the entity stage found counts: "told reporters" names no one.
"""

from __future__ import annotations

from collections.abc import Sequence

from narrativewatch.analysis.tokens import Token, word_tokens
from narrativewatch.analysis.unnamed_sources import is_informant_word
from narrativewatch.model import Entity, EntityType, Span

# Words that may stand between a cue and the name of whom it was told: the kind of outlet
# or person, an interview, and the prepositions that lead to them ("in an interview
# with", «в беседе с корреспондентом», «в интервью изданию»). Russian and Ukrainian
# words are stems, for their cases.
_ENGLISH_BETWEEN = frozenset(
    ["the", "an", "a", "in", "interview", "exclusive", "with", "to", "also", "newspaper",
     "agency", "broadcaster", "channel", "magazine", "outlet", "website", "news", "state"]
)  # fmt: skip
_SLAVIC_BETWEEN_STEMS = (
    "издани", "агентств", "телеканал", "газет", "журнал", "портал", "радио", "радіо",
    "радиостанци", "радіостанці", "корреспондент", "кореспондент", "интервью", "інтерв",
    "беседе", "бесіді", "разговоре", "розмові", "эфир", "ефір", "виданн", "телеграм",
    "сайт", "ресурс", "также", "також", "ранее", "раніше", "эксклюзивн", "ексклюзивн",
)  # fmt: skip
_SLAVIC_BETWEEN = frozenset(["в", "во", "у", "с", "со", "з", "із", "зі"])
# Prepositions that may stand right before the addressee: "told … with CNN", «с
# корреспондентом» — not «в», «у» («сообщили в Минобороны» names who speaks).
_LAST_PREPOSITIONS = frozenset(["with", "to", "с", "со", "з", "із", "зі"])
# English verbs whose object is whom they told ("told Reuters"): never a speaker put after
# the verb ("…, told a briefing").
TELL_VERBS = frozenset(["told", "tell", "tells", "telling"])
# Russian and Ukrainian verbs that take whom they told in the dative («сообщил ТАСС»),
# as stems: not «обвинил Зеленского» (whom he accused). Only in the past tense: after a
# present one the name is its subject («…, сообщает РБК-Украина», «говорит Зеленский»).
_SLAVIC_TELL_STEMS = (
    "сообщ", "сказа", "заяв", "рассказ", "поясн", "подтверд", "признал", "ответ", "говор",
    "передал", "уточн", "повідом", "сказав", "заявив", "заявил", "розпов", "пояснив",
    "підтверд", "відпов", "передав", "уточнив", "зазнач", "отметил", "добав", "додав",
)  # fmt: skip
# The farthest a name may stand from the cue, in words.
_MAX_WORDS_BETWEEN = 5
_BREAK = ",.;:!?—–()\n"


def is_addressee_word(token: Token, language: str) -> bool:
    """Whether ``token`` may stand between a cue and whom it was told."""
    if language == "en":
        return token.lower in _ENGLISH_BETWEEN
    return token.lower in _SLAVIC_BETWEEN or token.lower.startswith(_SLAVIC_BETWEEN_STEMS)


def find_addressee(
    text: str,
    cue: Span,
    end: int,
    entities: Sequence[Entity],
    language: str,
    speaker: Span | None,
    subject_before: bool = False,
) -> Entity | None:
    """The person or organisation named right after ``cue`` (before ``end``: the content or
    the speaker that follows the cue, else the end of the sentence) as whom the words were
    told; None when the words after the cue are anything else or name the speaker.
    ``subject_before``: the speaker is a name before the cue (its subject)."""
    cue_words = word_tokens(text, cue.start, cue.end)
    verb = cue_words[-1].lower if cue_words else ""
    entity = next(
        (e for e in entities if e.span.start >= cue.end and e.type is not EntityType.LOCATION),
        None,
    )
    if entity is None or entity.span.start >= end:
        return None
    if speaker is not None and speaker.overlaps(entity.span):
        return None
    between = word_tokens(text, cue.end, entity.span.start)
    gap = text[cue.end : entity.span.start]
    if len(between) > _MAX_WORDS_BETWEEN or any(c in _BREAK for c in gap):
        return None
    if not all(is_addressee_word(w, language) for w in between):
        return None
    last = between[-1].lower if between else None
    if language == "en":
        return entity if verb in TELL_VERBS or last in _LAST_PREPOSITIONS else None
    if not _told(verb):
        return None
    if last is not None and last in _SLAVIC_BETWEEN and last not in _LAST_PREPOSITIONS:
        return None
    if not between and not (subject_before or (speaker and speaker.start > entity.span.end)):
        # «сообщил ТАСС» needs its subject named before it («Лавров сообщил ТАСС») or
        # after the name (the unnamed source that told it); else the name may be the
        # subject itself, put after its verb («со смехом сказал Валдис Пельш»)
        return None
    return entity


_PAST_ENDINGS = ("л", "ла", "ло", "ли", "в", "лся", "лась", "лись", "вся", "лася", "лися")


def _told(verb: str) -> bool:
    """Whether a Russian or Ukrainian ``verb`` form is a verb of telling in the past."""
    return verb.startswith(_SLAVIC_TELL_STEMS) and verb.endswith(_PAST_ENDINGS)


def addressee_in_source(
    text: str, speaker: Span, entities: Sequence[Entity], outlets: frozenset[str]
) -> Entity | None:
    """The outlet a Russian or Ukrainian unnamed source is said to be *of* — «собеседник
    "Известий"», «співрозмовник "Української правди"», «источник РИА Новости»: the outlet
    it spoke to, named in the genitive right after the noun (no preposition between)."""
    words = word_tokens(text, speaker.start, speaker.end)
    for entity in entities:
        if not speaker.contains(entity.span) or entity.actor_id not in outlets:
            continue
        before = [w for w in words if w.end <= entity.span.start]
        if (
            before
            and not any(w.lower in _SLAVIC_BETWEEN for w in before)
            and any(is_informant_word(w.text) for w in before)
        ):
            return entity
    return None


def addressee_after_speaker(
    text: str,
    cue: Span,
    speaker: Entity,
    mention: Span,
    entities: Sequence[Entity],
    outlets: frozenset[str],
) -> Entity | None:
    """«— сказал Лавров РИА Новости в понедельник»: an outlet named right after a Russian or
    Ukrainian speaker put after a past verb of telling is whom the speaker told."""
    cue_words = word_tokens(text, cue.start, cue.end)
    if not (cue_words and _told(cue_words[-1].lower)) or speaker.type is not EntityType.PERSON:
        return None
    return next(
        (
            e
            for e in entities
            if mention.contains(e.span)
            and e.actor_id in outlets
            and e.span.start > speaker.span.end
            and not text[speaker.span.end : e.span.start].strip()
        ),
        None,
    )
