"""Quotes: direct and indirect speech, with speaker, cue and content spans.

Rule-based, for English, Russian and Ukrainian news and wire copy:

- direct: text in quotation marks (“…”, «…», „…“, "…") whose attribution sits before it
  ("Quote from Peskov:", «Цитата Пескова:», "Peskov said:") or after it ("…," Peskov said;
  «…», — заявил Песков). Quoted text with no speech cue is a title or scare quote, not a
  quote.
- indirect: "X stated that …", «X заявил, что …», «X наголосив, що …»; "According to X, …",
  «По словам X, …», «За словами X, …»; and "…, X said." at the end of a sentence.

The speaker is the entity in the clause of the cue (the nearest one before it, else after
it); a personal pronoun or a bare role noun ("he", "the spokesman", «речник») stands for
the person mentioned last. Issue #4 measures this stage on PolNeAR and ADAQ.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from narrativewatch.analysis import cues
from narrativewatch.analysis.roles import is_role_word
from narrativewatch.analysis.tokens import word_tokens
from narrativewatch.model import Entity, EntityType, Quote, QuoteKind, Sentence, Span

_QUOTED = re.compile(
    r"«(?P<g>(?:[^«»]|«[^«»]*»)*)»"
    r"|“(?P<c>[^“”\n]*)”"
    r"|„(?P<d>[^„“”\n]*)[“”]"
    r'|"(?P<s>[^"\n]*)"'
)
_PRONOUNS = {
    "en": {"he", "she", "they"},
    "ru": {"он", "она", "они"},
    "uk": {"він", "вона", "вони"},
}
_MIN_DIRECT_WORDS = 3
_MAX_SPEAKER_GAP_TOKENS = 6
_MAX_SUBJECT_GAP_TOKENS = 12
_PREPOSITIONS = frozenset(
    [
        "with",
        "to",
        "for",
        "from",
        "by",
        "about",
        "in",
        "at",
        "on",
        "of",
        "against",
        "between",
        "с",
        "со",
        "к",
        "ко",
        "у",
        "в",
        "во",
        "для",
        "от",
        "по",
        "о",
        "об",
        "про",
        "при",
        "перед",
        "между",
        "против",
        "з",
        "із",
        "зі",
        "до",
        "від",
        "для",
        "по",
        "про",
        "при",
        "перед",
        "між",
        "проти",
        "у",
        "в",
        "на",
    ]
)


@dataclass(frozen=True)
class _Cues:
    speech: re.Pattern[str]
    according: re.Pattern[str]
    labels: re.Pattern[str]
    complementizer: re.Pattern[str]
    clause_breaks: tuple[str, ...]
    pronouns: frozenset[str]


@cache
def _cues(language: str) -> _Cues:
    return _Cues(
        speech=cues.compile_words(cues.SPEECH_VERBS, language),
        according=cues.compile_words(cues.ACCORDING_TO, language),
        labels=re.compile(
            r"^[ \t•*\-–]*(?:" + cues.word_alternation(cues.QUOTE_LABELS[language]) + r")",
            re.IGNORECASE | re.MULTILINE,
        ),
        complementizer=re.compile(
            r"\s*,?\s*(?:" + cues.word_alternation(cues.COMPLEMENTIZERS[language]) + r")\s+",
            re.IGNORECASE,
        ),
        clause_breaks=tuple(cues.CLAUSE_BREAKS[language]),
        pronouns=frozenset(_PRONOUNS[language]),
    )


def extract_quotes(
    text: str,
    sentences: Sequence[Sentence],
    entities: Sequence[Entity],
    language: str | None,
) -> tuple[Quote, ...]:
    """Direct and indirect quotes in ``text``, in text order."""
    cue_set = _cues(language if language in cues.SPEECH_VERBS else "en")
    finder = _SpeakerFinder(text, entities, cue_set)
    quotes = _direct_quotes(text, sentences, cue_set, finder)
    taken = [q.content for q in quotes]
    for sentence in sentences:
        for quote in _indirect_quotes(text, sentence, cue_set, finder):
            if not any(quote.content.overlaps(span) for span in taken):
                quotes.append(quote)
                taken.append(quote.content)
    quotes.sort(key=lambda q: q.content.start)
    return tuple(quotes)


class _SpeakerFinder:
    def __init__(self, text: str, entities: Sequence[Entity], cue_set: _Cues) -> None:
        self.text = text
        # A name inside another person's role ("пресс-секретарь президента России Дмитрий
        # Песков") is not the speaker; the person is.
        roles = [e.role_span for e in entities if e.role_span is not None]
        self.entities = [
            e
            for e in entities
            if (e.type is not EntityType.LOCATION or _is_org_like(e))
            and not any(r.contains(e.span) for r in roles)
        ]
        self.cues = cue_set

    def before(self, position: int, limit: int) -> Entity | None:
        """The subject of a speech verb at ``position``: among the entities between
        ``limit`` and the verb, joined to it by a few words and no sentence punctuation,
        the nearest one that is not the object of a preposition or in an oblique case
        ("Путін в інтерв'ю ведучому Такеру Карлсону заявив" → Putin)."""
        candidates = []
        for entity in self.entities:
            if limit <= entity.span.start and entity.span.end <= position:
                gap = self.text[entity.span.end : position]
                if len(word_tokens(gap)) <= _MAX_SUBJECT_GAP_TOKENS and not re.search(
                    r"[.;!?\"«»“”]", gap
                ):
                    candidates.append(entity)
        near = [
            e
            for e in candidates
            if len(word_tokens(self.text[e.span.end : position])) <= _MAX_SPEAKER_GAP_TOKENS
        ]
        subjects = [e for e in candidates if not self._oblique(e)]
        # People speak more often than the countries listed around them ("Шойгу в розмовах
        # із колегами зі США, Франції та Туреччини заявив" → Shoigu).
        people = [e for e in subjects if e.type is EntityType.PERSON]
        if people and subjects[-1].type is EntityType.LOCATION:
            return people[-1]
        if subjects:
            return subjects[-1]
        return near[-1] if near else None

    def _oblique(self, entity: Entity) -> bool:
        before = word_tokens(self.text, max(0, entity.span.start - 30), entity.span.start)
        previous = before[-1].lower if before else ""
        if entity.role_span is not None:
            role_before = word_tokens(
                self.text, max(0, entity.role_span.start - 30), entity.role_span.start
            )
            previous = role_before[-1].lower if role_before else ""
        if previous in _PREPOSITIONS:
            return True
        if entity.base_form:  # "Шойгу" is nominative, whatever its last letter
            return False
        last = word_tokens(entity.text)[-1].lower if word_tokens(entity.text) else ""
        return entity.type is EntityType.PERSON and bool(
            re.search(r"(?:ому|ові|еві|ою|ею|ем|ым|им|[бвгджзклмнпрстфхцчшщ]у)$", last)
        )

    def after(self, position: int, limit: int) -> Entity | None:
        for entity in self.entities:
            if position <= entity.span.start and entity.span.end <= limit:
                gap = self.text[position : entity.span.start]
                if len(word_tokens(gap)) <= _MAX_SPEAKER_GAP_TOKENS and not re.search(
                    r"[.;!?]", gap
                ):
                    return entity
                return None
        return None

    def inside(self, start: int, end: int) -> Entity | None:
        """The first person (else any) entity within ``[start, end)``."""
        found = [e for e in self.entities if start <= e.span.start and e.span.end <= end]
        people = [e for e in found if e.type is EntityType.PERSON]
        chosen = people or found
        return chosen[0] if chosen else None

    def anaphor(self, start: int, end: int) -> tuple[Entity | None, Span | None]:
        """A pronoun or bare role noun in ``[start, end)`` and the person it stands for."""
        for token in word_tokens(self.text, start, end):
            word = token.lower
            if word in self.cues.pronouns or (is_role_word(token.text) and token.text[0].islower()):
                referent = None
                for entity in self.entities:
                    if entity.span.end <= token.start and entity.type is EntityType.PERSON:
                        referent = entity
                return referent, Span(token.start, token.end)
        return None, None


def _is_org_like(entity: Entity) -> bool:
    # "Minsk said", "Moscow stated": a capital standing for its government can speak.
    return entity.method == "gazetteer"


def _quote(
    span: Span, content: Span, cue: Span, kind: QuoteKind, speaker: Entity | None, text: str
) -> Quote:
    return Quote(
        span=span,
        content=content,
        cue=cue,
        kind=kind,
        speaker_actor_id=speaker.actor_id if speaker else None,
        speaker=speaker.span if speaker else None,
        speaker_text=speaker.text if speaker else None,
    )


def _direct_quotes(
    text: str, sentences: Sequence[Sentence], cue_set: _Cues, finder: _SpeakerFinder
) -> list[Quote]:
    quotes: list[Quote] = []
    for match in _QUOTED.finditer(text):
        group = next(name for name in "gcds" if match.group(name) is not None)
        content = Span(match.start(group), match.end(group))
        if len(word_tokens(text, content.start, content.end)) < _MIN_DIRECT_WORDS:
            continue
        found = _attribution_before(text, match.start(), cue_set, finder) or _attribution_after(
            text, match.end(), cue_set, finder
        )
        if found is None:
            continue
        cue, speaker, start, end = found
        quotes.append(
            _quote(
                Span(min(start, match.start()), max(end, match.end())),
                _trim(text, content),
                cue,
                QuoteKind.DIRECT,
                speaker,
                text,
            )
        )
    return quotes


def _attribution_before(
    text: str, open_mark: int, cue_set: _Cues, finder: _SpeakerFinder
) -> tuple[Span, Entity | None, int, int] | None:
    line_start = text.rfind("\n", 0, open_mark) + 1
    clause_start = max(
        line_start, *(text.rfind(p, line_start, open_mark) + 1 for p in (". ", "! ", "? "))
    )
    prefix = text[clause_start:open_mark]
    if not re.search(r"[:,]\s*$", prefix) and not re.search(r"\w\s*$", prefix):
        return None
    label = cue_set.labels.search(text, line_start, open_mark)
    if label is not None:
        cue = Span(
            label.start() + len(label.group()) - len(label.group().lstrip("\n \t•*-–")), label.end()
        )
        speaker = finder.inside(label.end(), open_mark) or finder.before(label.start(), line_start)
        return cue, speaker, clause_start, open_mark
    verbs = list(cue_set.speech.finditer(text, clause_start, open_mark))
    if not verbs or len(word_tokens(text, verbs[-1].end(), open_mark)) > 4:
        return None
    verb = verbs[-1]
    speaker = finder.before(verb.start(), clause_start) or finder.after(verb.end(), open_mark)
    if speaker is None:
        referent, _ = finder.anaphor(clause_start, verb.start())
        speaker = referent
    return Span(verb.start(), verb.end()), speaker, clause_start, open_mark


def _attribution_after(
    text: str, close_mark: int, cue_set: _Cues, finder: _SpeakerFinder
) -> tuple[Span, Entity | None, int, int] | None:
    tail = re.match(r"[ \t]*[,.!?…]?[ \t]*[—–-]?[ \t]*", text[close_mark:])
    start = close_mark + (tail.end() if tail else 0)
    end_match = re.search(r"[.!?\n]", text[start:])
    end = start + (end_match.start() if end_match else len(text) - start)
    verb = cue_set.speech.search(text, start, min(end, start + 80))
    if verb is None or len(word_tokens(text, start, verb.start())) > 6:
        return None
    # «…», — заявил Песков: the speaker follows the verb, unless one stands before it
    # ("…," Russian Foreign Ministry spokeswoman Maria Zakharova told a briefing in Moscow).
    speaker = finder.before(verb.start(), start) or finder.after(verb.end(), end)
    if speaker is None:
        speaker, _ = finder.anaphor(start, end)
    return Span(verb.start(), verb.end()), speaker, close_mark, end


def _indirect_quotes(
    text: str, sentence: Sentence, cue_set: _Cues, finder: _SpeakerFinder
) -> list[Quote]:
    start, end = sentence.span.start, sentence.span.end
    quotes: list[Quote] = []
    for cue in cue_set.according.finditer(text, start, end):
        speaker = finder.after(cue.end(), end)
        if speaker is None:
            continue
        comma = text.find(",", speaker.span.end, end)
        if comma != -1 and len(word_tokens(text, speaker.span.end, comma)) <= 10:
            content = _clause(text, comma + 1, end, cue_set)
        else:
            content = _trim(text, Span(start, cue.start()))
        if len(word_tokens(text, content.start, content.end)) >= 3 and not _taken(content, quotes):
            quotes.append(
                _quote(
                    Span(min(cue.start(), content.start), max(content.end, speaker.span.end)),
                    content,
                    Span(cue.start(), cue.end()),
                    QuoteKind.INDIRECT,
                    speaker,
                    text,
                )
            )
    for verb in cue_set.speech.finditer(text, start, end):
        if _proper_noun(text, verb, start):
            continue
        complement = _complement_after(text, verb.end(), end, cue_set)
        if complement is None:
            continue
        content = _clause(text, complement, end, cue_set)
        clause_start = _clause_start(text, start, verb.start(), cue_set)
        speaker = finder.before(verb.start(), clause_start)
        if speaker is None:
            speaker, _ = finder.anaphor(clause_start, verb.start())
        if speaker is None or _taken(content, quotes):
            continue
        quotes.append(
            _quote(
                Span(speaker.span.start, content.end),
                content,
                Span(verb.start(), verb.end()),
                QuoteKind.INDIRECT,
                speaker,
                text,
            )
        )
    trailing = _trailing_attribution(text, sentence, cue_set, finder)
    if trailing is not None:
        quotes.append(trailing)
    return quotes


def _taken(content: Span, quotes: Sequence[Quote]) -> bool:
    return any(q.content.overlaps(content) for q in quotes)


def _proper_noun(text: str, verb: re.Match[str], sentence_start: int) -> bool:
    """ "the United States" is not the verb "states": a capitalised cue inside a sentence."""
    return verb.group()[0].isupper() and bool(text[sentence_start : verb.start()].strip())


def _complement_after(text: str, position: int, end: int, cue_set: _Cues) -> int | None:
    """Where the reported content starts after a speech verb ("said that …", "заявил, что …"),
    allowing a short addressee in between ("told reporters that")."""
    window = text[position:end]
    for skip in re.finditer(r"(?:\s+[\w’'-]+){0,3}?(?=\s*,?\s*\w)", window):
        found = cue_set.complementizer.match(window, skip.end())
        if found and not re.search(r"(?i)\b(?:so|such|now|given)\s*$", window[: skip.end()]):
            return position + found.end()
        if skip.end() - skip.start() > 40:
            break
    return None


def _clause(text: str, start: int, end: int, cue_set: _Cues) -> Span:
    stop = end
    lowered = text[start:end].lower()
    for marker in cue_set.clause_breaks:
        index = lowered.find(marker)
        if index > 0:
            stop = min(stop, start + index)
    return _trim(text, Span(start, stop))


def _clause_start(text: str, sentence_start: int, position: int, cue_set: _Cues) -> int:
    lowered = text[sentence_start:position].lower()
    best = sentence_start
    for marker in cue_set.clause_breaks:
        index = lowered.rfind(marker)
        if index >= 0:
            best = max(best, sentence_start + index + len(marker))
    return best


def _trailing_attribution(
    text: str, sentence: Sentence, cue_set: _Cues, finder: _SpeakerFinder
) -> Quote | None:
    """ "Ukraine is massing troops, Peskov said." / «…, — заявил Песков.»"""
    start, end = sentence.span.start, sentence.span.end
    comma = text.rfind(",", start, end)
    if comma <= start:
        return None
    tail_start = comma + 1
    if (
        len(word_tokens(text, tail_start, end)) > 8
        or '"' in text[start:end]
        or "«" in text[start:end]
    ):
        return None
    verb = cue_set.speech.search(text, tail_start, end)
    if verb is None or _proper_noun(text, verb, tail_start):
        return None
    speaker = finder.after(verb.end(), end) or finder.before(verb.start(), tail_start)
    if speaker is None:
        return None
    content = _trim(text, Span(start, comma))
    if len(word_tokens(text, content.start, content.end)) < 4:
        return None
    return _quote(
        Span(start, end), content, Span(verb.start(), verb.end()), QuoteKind.INDIRECT, speaker, text
    )


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in " \t\n,—–-:":
        start += 1
    while end > start and text[end - 1] in " \t\n,—–-:;":
        end -= 1
    return Span(start, end)
