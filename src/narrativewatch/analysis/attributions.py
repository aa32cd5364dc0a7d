"""Cited sources: "Source: RIA Novosti, citing Putin's spokesman Dmitry Peskov",
"… TASS reports", "со ссылкой на Минобороны", "з посиланням на ДПСУ".

A "Source:" line vouches for the paragraph before it (wire and Ukrainska Pravda style);
an inline citation vouches for its sentence. A chain "A, citing B" gives two attributions:
A (the outlet that carried it) and B (whom A cites), with B's ``via`` set to A.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from narrativewatch.analysis import cues
from narrativewatch.analysis.bodies import body_named_before
from narrativewatch.analysis.roles import is_role_word
from narrativewatch.analysis.tokens import word_tokens
from narrativewatch.analysis.unnamed_sources import country_before_head, opening_source_index
from narrativewatch.model import Attribution, Entity, EntityType, Sentence, Span

_MAX_GAP_WORDS = 5


@cache
def _patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    labels = cues.SOURCE_LABELS[language] + cues.SOURCE_LABELS["en"]
    label = re.compile(
        r"(?:^|\n)[ \t•*]*(?P<label>" + cues.word_alternation(labels) + r")\s*:[ \t]*",
        re.IGNORECASE,
    )
    citing = cues.compile_words(
        {language: cues.CITING[language] + (cues.CITING["en"] if language != "en" else [])},
        language,
    )
    return label, citing


def extract_attributions(
    text: str, sentences: Sequence[Sentence], entities: Sequence[Entity], language: str | None
) -> tuple[Attribution, ...]:
    """Cited sources in ``text`` with the span each one vouches for."""
    lang = language if language in cues.CITING else "en"
    label_pattern, citing_pattern = _patterns(lang)
    via_pattern = cues.compile_words(
        {lang: cues.VIA_CITING[lang] + (cues.VIA_CITING["en"] if lang != "en" else [])}, lang
    )
    # "citing Putin's spokesman Dmitry Peskov" cites Peskov: a name inside another
    # person's role phrase is not a source of its own.
    roles = [e.role_span for e in entities if e.role_span is not None]
    sources = [
        e
        for e in entities
        if (e.type is not EntityType.LOCATION or e.method == "gazetteer")
        and not any(r.contains(e.span) for r in roles)
    ]
    found: list[Attribution] = []
    for label in label_pattern.finditer(text):
        line_end = text.find("\n", label.end())
        line_end = len(text) if line_end == -1 else line_end
        scope = _previous_paragraph(text, sentences, label.start())
        found.extend(_chain(text, label, label.end(), line_end, scope, sources, citing_pattern))
    taken = [a.source for a in found]
    for sentence in sentences:
        for cue in citing_pattern.finditer(text, sentence.span.start, sentence.span.end):
            if _CONTENT_FOLLOWS.match(text, cue.end()):
                # «ТАСС пишет, что Москва …»: the source is the verb's subject; the names
                # after it are what it reports.
                source = _entity_before(text, sources, cue.start(), sentence.span.start)
            else:
                unnamed = _unnamed_source_after(text, sources, cue.end(), sentence.span.end, lang)
                source = unnamed or _entity_after(text, sources, cue.end(), sentence.span.end)
                if source is None:
                    source = _named_before(text, sources, cue.end(), sentence.span.end)
            if source is None or any(source.span.overlaps(t) for t in taken):
                continue
            via = (
                _entity_before(text, sources, cue.start(), sentence.span.start)
                if via_pattern.fullmatch(cue.group())
                else None
            )
            found.append(
                Attribution(
                    span=Span(
                        min(cue.start(), source.span.start, via.span.start if via else cue.start()),
                        max(cue.end(), source.span.end),
                    ),
                    cue=Span(cue.start(), cue.end()),
                    source=source.span,
                    source_text=source.text,
                    source_actor_id=source.actor_id or None,
                    scope=sentence.span,
                    via_actor_id=via.actor_id if via else None,
                    source_anonymous=source.method == _UNNAMED,
                )
            )
            taken.append(source.span)
    found.sort(key=lambda a: a.source.start)
    return tuple(found)


# A complementizer or a colon after a citing verb: what follows is its content.
_CONTENT_FOLLOWS = re.compile(r"\s*(?::|,?\s*(?:что|чтобы|що|щоб|that)\b)", re.IGNORECASE)


def _chain(
    text: str,
    label: re.Match[str],
    start: int,
    end: int,
    scope: Span,
    sources: Sequence[Entity],
    citing_pattern: re.Pattern[str],
) -> list[Attribution]:
    """ "Source: A, a Kremlin-aligned outlet, citing B" → A, then B via A."""
    cue = Span(label.start("label"), label.end("label"))
    result: list[Attribution] = []
    first = _entity_after(text, sources, start, end)
    via_id = None
    if first is not None:
        result.append(_attribution(text, cue, first, scope, None, Span(cue.start, first.span.end)))
        via_id = first.actor_id
    else:
        stop = re.search(r"[,;(\n]", text[start:end])
        source_end = start + (stop.start() if stop else end - start)
        if source_end > start:
            result.append(
                Attribution(
                    span=Span(cue.start, source_end),
                    cue=cue,
                    source=Span(start, source_end),
                    source_text=text[start:source_end].strip(),
                    source_actor_id=None,
                    scope=scope,
                )
            )
    for citing in citing_pattern.finditer(text, start, end):
        cited = _entity_after(text, sources, citing.end(), end)
        if cited is None or (first is not None and cited.span == first.span):
            continue
        result.append(
            _attribution(
                text,
                Span(citing.start(), citing.end()),
                cited,
                scope,
                via_id,
                Span(citing.start(), cited.span.end),
            )
        )
        via_id = cited.actor_id
    return result


def _attribution(
    text: str, cue: Span, entity: Entity, scope: Span, via: str | None, span: Span
) -> Attribution:
    return Attribution(
        span=span,
        cue=cue,
        source=entity.span,
        source_text=entity.text,
        source_actor_id=entity.actor_id,
        scope=scope,
        via_actor_id=via,
    )


def _entity_after(text: str, entities: Sequence[Entity], start: int, end: int) -> Entity | None:
    """The first entity after ``start``, skipping a short role phrase ("Putin's spokesman",
    "the Kremlin's spokesman, Dmitry Peskov") — not a noun phrase of its own ("according to
    the ministry, Shoigu voiced concern …": the ministry is the source)."""
    for entity in entities:
        if start <= entity.span.start < end:
            gap = text[start : entity.span.start]
            if len(gap.split()) > _MAX_GAP_WORDS or re.search(r"[.;!?]", gap):
                return None
            before_comma, comma, _ = gap.partition(",")
            words = before_comma.split()
            if comma and words and not is_role_word(re.sub(r"['’]s?$", "", words[-1])):
                return None
            return entity
    return None


# The method of the stand-in entity `_unnamed_source_after` gives an unnamed source.
_UNNAMED = "unnamed-source"
# The most words an unnamed source's phrase runs to ("two officials familiar with the
# matter", «источник в силовых структурах Украины»).
_MAX_SOURCE_WORDS = 10
_PHRASE_END = re.compile(r"[,.;:!?()«»\"“”\n—–]|\s-\s")
# Words that open a clause after the source's phrase ("sources who said …").
_CLAUSE_WORDS = frozenset(
    ["who", "that", "which", "который", "которая", "которые", "что", "який", "яка", "які", "що"]
)


def _unnamed_source_after(
    text: str, entities: Sequence[Entity], start: int, end: int, language: str
) -> Entity | None:
    """An unnamed source right after a citing cue — "citing two officials familiar with the
    matter", «со ссылкой на источник в Минобороны России», «з посиланням на джерела» — as
    a stand-in entity spanning its phrase, whose actor is the body the phrase names (or
    the country its adjective names), "" when none."""
    stop = _PHRASE_END.search(text, start, end)
    words = word_tokens(text, start, stop.start() if stop else end)[:_MAX_SOURCE_WORDS]
    clause = next((i for i, w in enumerate(words) if i and w.lower in _CLAUSE_WORDS), None)
    words = words[:clause]
    head = opening_source_index(words, language)
    if head is None:
        return None
    span = Span(words[0].start, words[-1].end)
    inside = [e for e in entities if span.contains(e.span) and e.span.start > words[head].start]
    country = country_before_head(words, language)
    actor_id = inside[0].actor_id if inside else (country[1] if country else "")
    return Entity(span, span.text_of(text), EntityType.ORGANIZATION, actor_id, method=_UNNAMED)


def _named_before(text: str, entities: Sequence[Entity], start: int, end: int) -> Entity | None:
    """The body a definite description right after a cue stands for — "according to the
    ministry" → the Russian Defence Ministry named before it: the last organisation before
    the cue whose name holds the description's head noun, in any case form («по данным
    министерства» → «Министерство обороны»; `bodies.body_named_before`)."""
    phrase = re.match(r"\s*(?:the\s+)?(\w+)(?=\s*[,.;:]|\s*$)", text[start:end], re.IGNORECASE)
    if phrase is None:
        return None
    head = phrase.group(1)
    if len(head) < 4 or head[:1].isupper():
        return None  # a name the recogniser missed is no description
    named = body_named_before(entities, start, [head])
    if named is None:
        return None
    return Entity(
        span=Span(start + phrase.start(1), start + phrase.end(1)),
        text=head,
        type=named.type,
        actor_id=named.actor_id,
        method="coreference",
    )


def _entity_before(
    text: str, entities: Sequence[Entity], position: int, limit: int
) -> Entity | None:
    """The outlet or body right before a citing cue: "RIA Novosti, citing …", «ТАСС со ссылкой»."""
    best = None
    for entity in entities:
        if limit <= entity.span.start and entity.span.end <= position:
            gap = text[entity.span.end : position]
            if len(gap.split()) <= 2 and not re.search(r"[.;!?]", gap):
                best = entity
    return best


def _previous_paragraph(text: str, sentences: Sequence[Sentence], position: int) -> Span:
    before = [s for s in sentences if s.span.end <= position]
    if not before:
        return Span(position, position)
    paragraph = before[-1].paragraph
    members = [s for s in before if s.paragraph == paragraph]
    return Span(members[0].span.start, members[-1].span.end)
