"""Direct speech: text in quotation marks with its attribution before or after it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from narrativewatch.analysis import cues
from narrativewatch.analysis.quotes.boundaries import (
    _complement_after,
    _is_participle,
    _opens_clause,
    _proper_noun,
    _sentence_start,
    _statement_end,
)
from narrativewatch.analysis.quotes.parts import (
    _MAX_CONTINUATION_GAP_WORDS,
    _MAX_INTRO_WORDS,
    _MAX_TAIL_SPEAKER_WORDS,
    _MIN_DIRECT_WORDS,
    _MIN_INTRODUCED_WORDS,
    _MODALS,
    _QUOTED,
    _SUBJECT_PRONOUNS,
    _Cues,
    _Found,
)
from narrativewatch.analysis.speakers import Mention, SpeakerFinder
from narrativewatch.analysis.tokens import fold, word_count, word_tokens
from narrativewatch.model import EntityType, QuoteKind, Sentence, Span


def _direct_quotes(
    text: str, sentences: Sequence[Sentence], cue_set: _Cues, finder: SpeakerFinder
) -> list[_Found]:
    quotes: list[_Found] = []
    for match in _QUOTED.finditer(text):
        content = Span(match.start(), match.end())
        if word_count(text, content.start, content.end, _MIN_DIRECT_WORDS) < _MIN_DIRECT_WORDS:
            continue
        attribution = _attribution_before(text, match.start(), cue_set, finder)
        if (
            attribution is not None
            and word_count(text, content.start, content.end, _MIN_INTRODUCED_WORDS)
            < _MIN_INTRODUCED_WORDS
            and not re.search(r":\s*$", text[attribution[0].end : match.start()])
        ):
            attribution = None
        if (
            attribution is None
            and _runs_on(text, match.end())
            and not _embedded_name(text, content, finder.language)
        ):
            attribution = _attribution_after(text, match.end(), cue_set, finder)
            led_in = _with_lead_in(text, content)
            if (
                led_in != content
                and word_count(text, content.start, content.end, _MIN_INTRODUCED_WORDS)
                < _MIN_INTRODUCED_WORDS
            ):
                # 'Ukraine could be preparing a "dirty bomb" attack, the ministry said': the
                # writer's words around a quoted term, an indirect quote (`indirect`).
                attribution = None
            elif attribution is not None:
                content = led_in
        previous = quotes[-1] if quotes else None
        if previous is not None and _continues(text, previous, content, attribution):
            quotes[-1] = _Found(
                Span(previous.content.start, content.end),
                previous.cue,
                previous.speaker,
                QuoteKind.DIRECT,
                previous.start,
                max(previous.end, content.end),
            )
            continue
        if attribution is None:
            continue
        cue, speaker, start, end = attribution
        quotes.append(_Found(content, cue, speaker, QuoteKind.DIRECT, start, end))
    return quotes


def _embedded_name(text: str, content: Span, language: str) -> bool:
    """Whether a Russian or Ukrainian quotation of a word or two stands inside its
    sentence: «…перед гостями фестиваля «Курултай», передает РИА «Новости»» quotes a name.
    Direct speech in these languages opens its sentence (or follows a colon or a dash)."""
    if language == "en":
        return False
    if word_count(text, content.start, content.end, _MIN_INTRODUCED_WORDS) >= _MIN_INTRODUCED_WORDS:
        return False
    lead = text[_sentence_start(text, content.start) : content.start]
    return bool(word_tokens(lead)) and not re.search(r"[:—–-]\s*$", lead)


def _with_lead_in(text: str, content: Span) -> Span:
    """ "America needs leaders “who understand …,” Clinton said.": a quotation that the
    sentence leads into is reported with its lead-in."""
    clause_start = _sentence_start(text, content.start)
    lead_in = text[clause_start : content.start]
    if len(word_tokens(lead_in)) < 2 or re.search(r"[“”«»\"]|''|[:;]\s*$", lead_in):
        return content
    return Span(clause_start + len(lead_in) - len(lead_in.lstrip()), content.end)


def _continues(
    text: str,
    previous: _Found,
    content: Span,
    attribution: tuple[Span, Mention | None, int, int] | None,
) -> bool:
    """Whether a quotation goes on the previous quote: “A,” he said, “B.” (the same cue)
    or “A,” he said. “B.” (no cue of its own, in the same paragraph right after it)."""
    if attribution is not None:
        return attribution[0] == previous.cue
    between = text[previous.content.end : content.start]
    return (
        "\n" not in between
        and bool(re.search(r"[.,:;!?]\s*$", between))
        and len(word_tokens(between)) <= _MAX_CONTINUATION_GAP_WORDS
        and not word_tokens(text, max(previous.end, previous.content.end), content.start)
    )


# Words that open a new English clause after a quotation: a verb after them (or after a
# modal) is that clause's own ("… and that Moscow would respond").
_CLAUSE_OPENERS = frozenset(["and", "but", "or", "that", "while", "because", "if", "when"])


def _runs_on(text: str, close_mark: int) -> bool:
    """Whether the sentence goes on after a closing quotation mark ("“…,” he said", "“…?”
    she asked", «…», — заявил): not when the quotation ended its sentence ("“….” But")."""
    before = text[max(0, close_mark - 3) : close_mark].rstrip("”“»\"'")
    after = text[close_mark : close_mark + 4].lstrip(" \t")
    if before[-1:] in (",", "?", "!", "—", "–", "-", "…") or after[:1] in (",", "—", "–", "-"):
        return True
    return after[:1].isalpha() and after[:1].islower()


def _attribution_before(
    text: str, open_mark: int, cue_set: _Cues, finder: SpeakerFinder
) -> tuple[Span, Mention | None, int, int] | None:
    line_start = text.rfind("\n", 0, open_mark) + 1
    clause_start = _sentence_start(text, open_mark)
    prefix = text[clause_start:open_mark]
    if not re.search(r"[:,]\s*$", prefix) and not re.search(r"\w\s*$", prefix):
        return None
    label = cue_set.labels.search(text, line_start, open_mark)
    if label is not None:
        cue = Span(
            label.start() + len(label.group()) - len(label.group().lstrip("\n \t•*-–")), label.end()
        )
        speaker = finder.after(label.end(), open_mark) or _named_in(finder, label.end(), open_mark)
        return cue, speaker, clause_start, open_mark
    verbs = [
        v
        for v in cue_set.reporting.finditer(text, clause_start, open_mark)
        if not _proper_noun(text, v, clause_start)
    ]
    if (
        not verbs
        or word_count(text, verbs[-1].end(), open_mark, _MAX_INTRO_WORDS) > _MAX_INTRO_WORDS
    ):
        return None
    verb = verbs[-1]
    # "X said the wall is “totally necessary”" is indirect speech with a quoted phrase.
    if not re.search(r"[:,]\s*$", prefix):
        return None
    speaker = finder.before(verb.start(), clause_start) or finder.after(
        verb.end(), open_mark, any_case=_opens_clause(text, clause_start, verb.start())
    )
    if speaker is None and _is_participle(verb.group().split()[0], finder.language):
        # "Spicer said, adding: “…”": the subject of the verb the participle follows.
        speaker = _subject_of_previous_verb(text, clause_start, verb.start(), cue_set, finder)
    return Span(verb.start(), verb.end()), speaker, clause_start, open_mark


def _subject_of_previous_verb(
    text: str, start: int, position: int, cue_set: _Cues, finder: SpeakerFinder
) -> Mention | None:
    """The subject of the last reporting or stance verb in ``[start, position)``."""
    verbs = [
        v
        for pattern in (cue_set.reporting, cue_set.stance)
        for v in pattern.finditer(text, start, position)
        if not _is_participle(v.group().split()[0], finder.language)
    ]
    if not verbs:
        return None
    last = max(verbs, key=lambda v: v.start())
    return finder.before(last.start(), start)


def _named_in(finder: SpeakerFinder, start: int, end: int) -> Mention | None:
    """ "Quote from Peskov:" — the first person (else any) entity in the label."""
    inside = finder.entities_inside(Span(start, end))
    if not inside:
        return None
    people = [e for e in inside if e.type is EntityType.PERSON]
    entity = (people or inside)[0]
    return Mention(entity.span, entity)


def _attribution_after(
    text: str, close_mark: int, cue_set: _Cues, finder: SpeakerFinder
) -> tuple[Span, Mention | None, int, int] | None:
    tail = re.match(r"[ \t]*[,.!?…]?[ \t]*[—–-]?[ \t]*", text[close_mark:])
    separated = tail is None or re.search(r"[,—–-]", tail.group())
    if finder.language in ("ru", "uk") and not separated:
        # «Энергоатом» опроверг …: Russian and Ukrainian set off direct speech with a comma
        # or a dash («…», — заявил); a quoted word running straight into a verb is a name.
        return None
    start = close_mark + (tail.end() if tail else 0)
    end = _statement_end(text, start)
    verb = next(
        (
            v
            for v in cue_set.reporting.finditer(text, start, min(end, start + 250))
            if v.group().islower()
        ),
        None,
    )
    if verb is None:
        return None
    if not separated and fold(verb.group()) in cues.NOUN_LIKE_FORMS and verb.start() == start:
        return None  # 'dismissed as "absurd" claims that …': a noun the quotation describes
    if finder.language == "en" and _is_participle(verb.group().split()[0], "en"):
        # '… that Russia "must pay for this," adding that …': the participle goes on with
        # the sentence's subject and says something new; it does not attribute the quotation.
        return None
    before = word_tokens(text, start, verb.start())
    if len(before) > _MAX_TAIL_SPEAKER_WORDS or re.search(r"[;:]", text[start : verb.start()]):
        # ('… plans "dirty bomb" attack; IAEA finds no evidence': another clause's verb)
        return None
    if _describes_quotation(text, start, verb.start()):
        return None  # '… a "dirty bomb", a claim Kyiv dismissed': the writer's words
    if finder.language == "en" and any(
        (i == 0 and w.lower in _CLAUSE_OPENERS) or w.lower in _MODALS for i, w in enumerate(before)
    ):
        # '… was "openly preparing for war" and that Moscow would respond to any threat':
        # a new clause of the sentence, not who said the quotation
        return None
    if finder.language == "en" and _reports_a_clause(text, verb, end, cue_set):
        # '… had “been friends for some time,” he claimed they had never met': the verb's
        # own clause is what was said; the quotation is another's words
        return None
    # «…», — заявил Песков: the speaker follows the verb, unless one stands before it
    # ("…," Russian Foreign Ministry spokeswoman Maria Zakharova told a briefing).
    speaker = finder.before(verb.start(), start)
    if speaker is None and before and before[0].text[:1].isupper():
        # "…," Harry Bond, 30, of Raleigh, who was polled, said: the whole tail names him.
        speaker = finder.mention(Span(before[0].start, before[-1].end))
    if speaker is None and not before:
        speaker = finder.after(verb.end(), end, any_case=True)
    if speaker is None:
        return None  # "…" is what it was called: no speaker, no quote
    return Span(verb.start(), verb.end()), speaker, close_mark, end


def _reports_a_clause(text: str, verb: re.Match[str], end: int, cue_set: _Cues) -> bool:
    """Whether an English verb after a quotation goes on at once with a clause of its
    own ("… noted that the company …", "… he claimed they had never met"; not "…,” Clinton
    told reporters as she left", "…,” he said, that both men …")."""
    complement = _complement_after(text, verb.end(), end, cue_set)
    if complement is None or text[verb.end() : complement].strip():
        return False
    words = word_tokens(text, complement, end)
    # (not '“…,” he told reporters that evening': no clause after "that")
    return len(words) > _MIN_CLAUSE_WORDS and words[0].lower in _SUBJECT_PRONOUNS


_MIN_CLAUSE_WORDS = 3


# 'a "dirty bomb", a claim Kyiv and its allies dismissed as false': a tail that opens with a
# noun for what was said describes the quotation; whoever the clause then names did not say it.
_DESCRIBING_TAIL = re.compile(
    r"(?:a|an|the|this|that)\s+(?:\w+\s+){0,2}?(?:claims?|allegations?|assertions?|"
    r"accusations?|charges?|statements?|descriptions?|phrases?|terms?|words?|labels?|"
    r"narratives?|suggestions?|notions?|ideas?|theory|theories|version|story|stories|"
    r"rumou?rs?|slogans?|expressions?|characteri[sz]ations?)\b",
    re.IGNORECASE,
)


def _describes_quotation(text: str, start: int, end: int) -> bool:
    return _DESCRIBING_TAIL.match(text, start, end) is not None
