"""Wire copy's "RIA Novosti quoted Lavrov as saying that …", "Interfax cited a defence
ministry source as saying …", "Lavrov was quoted by TASS as saying …": the words are the
speaker's, and the outlet only carries them — it is whom they were given to (the quote's
addressee), not who said them. Read before the general verb rules, which would otherwise
make the outlet the speaker of "Lavrov as saying that …"."""

from __future__ import annotations

import re

from narrativewatch.analysis.quotes.boundaries import _clause, _complement_after
from narrativewatch.analysis.quotes.parts import _MIN_CONTENT_WORDS, _Cues, _Found
from narrativewatch.analysis.speakers import Mention, SpeakerFinder
from narrativewatch.analysis.tokens import word_count
from narrativewatch.model import Entity, EntityType, QuoteKind, Sentence, Span

_SAYING = r"(?P<as>as)\s+(?P<saying>saying|telling|stating|warning|claiming|adding)\b"
# "<outlet> quoted <speaker> as saying": the speaker between the verb and "as".
_ACTIVE = re.compile(
    r"\b(?P<verb>quoted|quotes|quoting|cited|cites|citing)\s+(?!by\b)"
    r"(?P<speaker>[^,;:!?\"“”()]{2,80}?)\s+" + _SAYING
)
# "<speaker> was quoted by <outlet> as saying", "<speaker> was cited as saying".
_PASSIVE = re.compile(
    r"\b(?:was|were|is|are|been)\s+(?P<verb>quoted|cited)\s+"
    r"(?:by\s+(?P<outlet>[^,;:!?\"“”()]{2,60}?)\s+)?" + _SAYING
)


def quoted_as_saying(
    text: str, sentence: Sentence, cue_set: _Cues, finder: SpeakerFinder
) -> list[tuple[_Found, Entity | None]]:
    """The English quotes in ``sentence`` that an outlet carries "as saying", each with the
    outlet that carries it (None when the text names none)."""
    if cue_set.language != "en":
        return []
    start, end = sentence.span.start, sentence.span.end
    found: list[tuple[_Found, Entity | None]] = []
    for match in _ACTIVE.finditer(text, start, end):
        carried = finder.mention(Span(match.start("speaker"), match.end("speaker")))
        subject = finder.before(match.start("verb"), start)
        outlet = subject.entity if subject is not None else None
        # the cue is "as saying": the speaker stands between it and the outlet's verb
        quote = _quote(text, match, match.start("as"), carried, end, cue_set)
        if quote is not None:
            found.append((quote, outlet if _organisation(outlet) else None))
    for match in _PASSIVE.finditer(text, start, end):
        speaker = finder.before(match.start(), start)
        if speaker is None:
            continue
        outlet = None
        if match.group("outlet"):
            named = finder.mention(Span(match.start("outlet"), match.end("outlet")))
            outlet = named.entity if _organisation(named.entity) else None
        quote = _quote(text, match, match.start("verb"), speaker, end, cue_set)
        if quote is not None:
            found.append((quote, outlet))
    return found


def _quote(
    text: str, match: re.Match[str], cue_start: int, speaker: Mention, end: int, cue_set: _Cues
) -> _Found | None:
    complement = _complement_after(text, match.end("saying"), end, cue_set)
    if complement is None:
        return None
    content = _clause(text, complement, end, cue_set)
    if word_count(text, content.start, content.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS:
        return None
    cue = Span(cue_start, match.end("saying"))
    first = min(speaker.span.start, match.start("verb"))
    return _Found(content, cue, speaker, QuoteKind.INDIRECT, first, content.end)


def _organisation(entity: Entity | None) -> bool:
    return entity is not None and entity.type is EntityType.ORGANIZATION
