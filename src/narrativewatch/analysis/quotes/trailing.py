"""Trailing attributions whose speaker is set off by commas before the verb: "…, the
ministry's spokeswoman, Maria Zakharova, said on Thursday", "…, Zakharova, 49, told
reporters" — English wire style, where the verb closes the sentence."""

from __future__ import annotations

import re

from narrativewatch.analysis.quotes.boundaries import _tail_end
from narrativewatch.analysis.quotes.parts import _words
from narrativewatch.analysis.speakers import Mention, SpeakerFinder
from narrativewatch.analysis.tokens import word_count, word_tokens
from narrativewatch.model import EntityType


def appositive_speaker(
    text: str, start: int, tail_start: int, finder: SpeakerFinder
) -> tuple[Mention, int] | None:
    """The person set off by commas right before a trailing verb, and where the
    attribution then starts: "…, the ministry's spokeswoman, Maria Zakharova, said", "…,
    Maria Zakharova, the ministry's spokeswoman, said", "…, Zakharova, 49, told
    reporters", "…, the head of the Radiation, Chemical and Biological Protection Troops,
    Lt. Gen. Igor Kirillov, told a briefing"."""
    comma = text.rfind(",", start, tail_start)
    previous = text.rfind(",", start, comma)
    if previous != -1 and re.fullmatch(r"\s*\d{1,3}\s*", text[previous + 1 : comma]):
        comma = previous  # an age
    named = finder.before(comma, start)
    if named is not None and not _names_person(named):
        # a description after the name: the name is before it
        before = _comma_before(text, start, named.span.start)
        named = finder.before(before, start) if before is not None else None
    if named is None or not _names_person(named):
        return None
    group = _comma_before(text, start, named.span.start)
    if group is None:
        return None
    # a description before the name: "…, the ministry's spokeswoman, Maria Zakharova, said"
    described = list(_DESCRIPTION_OPENING.finditer(text, start, group))
    if described and word_count(text, described[-1].start(), group, 13) <= 12:
        group = described[-1].start()
    return named, group


def closes_sentence(text: str, verb_end: int, end: int) -> bool:
    """Whether a verb ends its clause: only a short phrase ("on Thursday", "told a
    briefing in Moscow") follows it before a comma or the end — not "said he has …",
    "vowed to go after …", "suggested that …"."""
    after = word_tokens(text, verb_end, _tail_end(text, verb_end, end))
    return len(after) <= _MAX_CLOSING_WORDS and not (
        after and after[0].lower in _OPENS_A_COMPLEMENT
    )


_MAX_CLOSING_WORDS = 5
_OPENS_A_COMPLEMENT = _words("to that he she they it we i you his her their its this these")


def _names_person(mention: Mention) -> bool:
    """Whether ``mention`` ends with a person's name (not a title that stands for one,
    nor a phrase that mentions someone: "the visit of Zelensky to Canada")."""
    entity = mention.entity
    return (
        entity is not None
        and entity.type is EntityType.PERSON
        and mention.span.contains(entity.span)
        and entity.span.end == mention.span.end
    )


def _comma_before(text: str, start: int, position: int) -> int | None:
    """The comma right before ``position`` (with only spaces between), or None."""
    head = text[start:position].rstrip()
    return start + len(head) - 1 if head.endswith(",") else None


# A description set off before a name: ", the head of …", ", a spokesman for …", ", Russia's …".
_DESCRIPTION_OPENING = re.compile(r",\s+(?:the|a|an|[A-Z][\w.-]*['’]s)\s")
