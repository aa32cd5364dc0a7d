"""Check-worthy claims (first version: transparent rules; issue #4 trains a classifier).

A claim is the proposition a sentence puts forward. When the sentence reports it ("X stated
that P", "statements … that P", "fake news about P", «заявил, что P», «фейк про P»), the
claim is P itself and its speaker is X — that is what a narrative is matched against and
what a fact-checker checks. Otherwise the claim is the whole sentence.

The score is a weighted sum of signals that check-worthy news sentences share: a named
actor, a reported proposition, a number or date, a factual length, a headline position;
questions, boilerplate and datelines score zero.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from narrativewatch.analysis import cues, quotes, rejections
from narrativewatch.analysis.labels import reviewed_claim_start
from narrativewatch.analysis.span_index import SpanIndex
from narrativewatch.analysis.tokens import word_count, word_tokens
from narrativewatch.model import (
    Claim,
    Entity,
    EntityType,
    Quote,
    Sentence,
    Span,
    TimeExpression,
)

_BOILERPLATE = re.compile(
    r"(?i)\b(?:support (?:us|up)|become our patron|subscribe|read (?:also|more)|photo:|"
    r"follow us|cookie|all rights reserved|читайте также|подписывайтесь|фото:|"
    r"читайте також|підписуйтесь|підтримайте|стати патроном)"
)
_NUMBER = re.compile(r"\d")
_FIRST_PERSON_OPINION = re.compile(
    r"(?i)^\s*(?:i think|i believe|in my opinion|я думаю|на мой взгляд|я вважаю|на мою думку)"
)
# After a reporting noun, what opens the proposition: "claims that P", «фейк о том, что
# P» — and in Russian and Ukrainian «якобы», «нібито» ("allegedly"), which take the place
# of «что» after a comma: «фейк, якобы P», «поширює фейк, нібито P».
_ABOUT = {
    "en": r"(?:about|of|that)",
    "ru": r"(?:о том, что|о|об|про|что|якобы|будто бы|будто)",
    "uk": r"(?:про те, що|про|що|щодо|нібито|начебто|буцімто)",
}
MIN_WORDS = 5


@cache
def _proposition_pattern(language: str) -> re.Pattern[str]:
    nouns = cues.compile_stems(cues.REPORTING_NOUNS, language).pattern
    return re.compile(
        nouns
        + r"(?:\s+(?:by|from|of|від|со стороны|з боку)\s+[^,.;:]{1,60}?)?[ \t]*,?[ \t]*"
        + _ABOUT[language]
        + r"\s+",
        re.IGNORECASE,
    )


def extract_claims(
    text: str,
    sentences: Sequence[Sentence],
    entities: Sequence[Entity],
    quotes: Sequence[Quote],
    time_expressions: Sequence[TimeExpression],
    language: str | None,
    title: Span | None = None,
) -> tuple[Claim, ...]:
    """Claims with a check-worthiness score in [0, 1], in text order (all sentences that
    qualify; callers keep those above their threshold)."""
    lang = language if language in _ABOUT else "en"
    claims: list[Claim] = []
    # What lies in each sentence, found by position: a text of thousands of quotes or
    # names would otherwise test every one against every sentence.
    quote_contents = SpanIndex(range(len(quotes)), lambda i: quotes[i].content)
    quote_cues = SpanIndex(quotes, lambda q: q.cue)
    entity_spans = SpanIndex(entities, lambda e: e.span)
    time_spans = SpanIndex(time_expressions, lambda t: t.span)
    for sentence in sentences:
        span = sentence.span
        sentence_text = span.text_of(text)
        words = word_tokens(sentence_text)
        if (
            len(words) < MIN_WORDS
            or sentence_text.rstrip().endswith("?")
            or _BOILERPLATE.search(sentence_text)
            or _FIRST_PERSON_OPINION.search(sentence_text)
            or _mostly_date(span, time_spans)
        ):
            continue
        inner = [
            (index, quotes[index])
            for index in quote_contents.overlapping(span)
            if _inside(quotes[index].content, span, text)
        ]
        is_title = title is not None and title.overlaps(span)
        base = _score(text, span, entity_spans, time_spans, len(words), is_title)
        if inner:
            for index, quote in inner:
                content = _proposition_of(
                    text,
                    Span(max(quote.content.start, span.start), min(quote.content.end, span.end)),
                    lang,
                )
                if word_count(text, content.start, content.end, 4) < 4:
                    continue
                claims.append(
                    Claim(
                        content,
                        content.text_of(text),
                        sentence.index,
                        min(1.0, base + 0.2),
                        quote.speaker_actor_id,
                        index,
                        attributed=True,
                    )
                )
            continue
        if _only_attributes(text, span, quote_cues):
            continue
        reviewed = reviewed_claim_start(text, span)
        proposition = Span(reviewed, span.end) if reviewed else _proposition(text, span, lang)
        claim_span = proposition or span
        bonus = 0.2 if proposition else 0.0
        # "Claim: P" in a fact check: P is reviewed, not asserted by the outlet.
        reporter = _reporter(text, span, entity_spans, lang)
        reported = proposition is not None or reporter is not None or quote_cues.any_inside(span)
        claims.append(
            Claim(
                claim_span,
                claim_span.text_of(text),
                sentence.index,
                min(1.0, base + bonus),
                _speaker(reporter) if proposition is None else None,
                attributed=reported,
            )
        )
    return tuple(claims)


def _speaker(reporter: Entity | None) -> str | None:
    """The reporter as the claim's speaker when a person: «Захарова назвала действия Киева
    «ядерным шантажом»». A body or a country before the verb is as often the writer's
    subject ("NATO has not threatened Russia", a fact check's words) as its voice."""
    if reporter is None or reporter.type is not EntityType.PERSON:
        return None
    return reporter.actor_id


# The most words a sentence may hold beside a quote's speaker and cue and still say
# nothing of its own («Об этом в понедельник заявил …»: "about this", "on Monday").
_MAX_ATTRIBUTION_LINE_WORDS = 5


def _only_attributes(text: str, span: Span, quote_cues: SpanIndex[Quote]) -> bool:
    """Whether the sentence only says who said a quote that stands in another sentence:
    «Об этом в понедельник заявил пресс-секретарь президента РФ Дмитрий Песков», "The
    ministry said in a statement on Monday:" — no claim of its own."""
    cued = quote_cues.inside(span)
    outside = [q for q in cued if not q.content.overlaps(span)]
    if not outside or len(outside) != len(cued):
        return False
    taken = [q.cue for q in outside] + [q.speaker for q in outside if q.speaker is not None]
    left = [
        w
        for w in word_tokens(text, span.start, span.end)
        if not any(part.start <= w.start and w.end <= part.end for part in taken)
    ]
    return len(left) <= _MAX_ATTRIBUTION_LINE_WORDS


def _reporter(text: str, span: Span, entities: SpanIndex[Entity], language: str) -> Entity | None:
    """Who the sentence reports as saying something or doing it with words ("Russia
    denies any involvement", «Москва называет приговор политическим», «Захарова назвала
    действия Киева «ядерным шантажом»»), rather than asserting it: the name nearest
    before a speech or naming verb, at most three words and no punctuation before it."""
    for verb in _speech_pattern(language).finditer(text, span.start, span.end):
        for entity in reversed(entities.inside(Span(span.start, verb.start()))):
            between = text[entity.span.end : verb.start()]
            if len(word_tokens(between)) <= 3 and not re.search(r"[,.;:]", between):
                return entity
    return None


@cache
def _speech_pattern(language: str) -> re.Pattern[str]:
    # A naming verb reports too: «Путін назвав Україну «штучною державою»» is Putin's
    # words, not the outlet's (the quote finder takes a naming verb as a cue only with a
    # verdict; as a quote, its bare object would be a claim of its own).
    verbs = {
        lang: cues.SPEECH_VERBS[lang] + cues.NAMING_VERBS.get(lang, [])
        for lang in cues.SPEECH_VERBS
    }
    return cues.compile_words(verbs, language)


def _inside(content: Span, sentence: Span, text: str) -> bool:
    """Whether a quote's content covers a real part of the sentence, not a stray edge."""
    overlap = min(content.end, sentence.end) - max(content.start, sentence.start)
    return overlap >= 0.5 * min(len(content), len(sentence)) or overlap >= 40


def _score(
    text: str,
    span: Span,
    entities: SpanIndex[Entity],
    time_expressions: SpanIndex[TimeExpression],
    word_count: int,
    is_title: bool,
) -> float:
    score = 0.25
    if entities.any_inside(span):
        score += 0.25
    if time_expressions.any_inside(span) or _NUMBER.search(span.text_of(text)):
        score += 0.1
    if 8 <= word_count <= 60:
        score += 0.15
    if is_title:
        score += 0.15
    return score


def _mostly_date(span: Span, time_expressions: SpanIndex[TimeExpression]) -> bool:
    covered = sum(len(t.span) for t in time_expressions.inside(span))
    return covered >= 0.4 * len(span)


# What a quote's content may carry after the proposition it reports, which the claim
# leaves out: the verdict of a rejection ("dismissed allegations that Kyiv was preparing
# a dirty bomb as absurd") and a comment set off by a comma ("…, a claim Kyiv has
# rejected"). Neither says what was claimed, and a rejection's words read as a denial of
# it. (English only: its word order puts both at the end.)
_TRAILING_VERDICT = re.compile(r"\s+as\s+(?:[\w-]+\s+){0,3}?[\w-]+\W*$", re.IGNORECASE)
_COMMENT = re.compile(
    r",\s+(?:an?\s+)?(?:claims?|allegations?|accusations?|charges?|assertions?)\s+(?!that\b)",
    re.IGNORECASE,
)


def _proposition_of(text: str, content: Span, language: str) -> Span:
    """The proposition a quote's ``content`` reports, without a verdict or comment after it."""
    if language != "en":
        # «…, что Киев отрицает»: a rejection of it, which its «отрицает» would deny
        rejection = quotes.appositive_rejection_start(text, content.start, content.end, language)
        return Span(content.start, rejection) if rejection is not None else content
    end = content.end
    comment = _COMMENT.search(text, content.start, end)
    if comment is not None:
        end = comment.start()
    verdict = _TRAILING_VERDICT.search(text, content.start, end)
    if verdict is not None and rejections.has_verdict(verdict.group(), language):
        end = verdict.start()
    return Span(content.start, end)


def _proposition(text: str, span: Span, language: str) -> Span | None:
    """The reported proposition: "statements … that P", "fake news about P"."""
    match = _proposition_pattern(language).search(text, span.start, span.end)
    if match is None:
        return None
    start = match.end()
    end = span.end
    lowered = text[start:end].lower()
    for marker in cues.CLAUSE_BREAKS[language]:
        index = lowered.find(marker)
        if index > 0:
            end = min(end, start + index)
    while end > start and text[end - 1] in ' ,.;:!"»”':
        end -= 1
    # … but a closing quotation mark that closes one inside stays: «готує «брудну бомбу»».
    for opening, closing in (("«", "»"), ("“", "”")):
        inside = text[start:end]
        if text[end : end + 1] == closing and inside.count(opening) > inside.count(closing):
            end += 1
    if word_count(text, start, end, 4) < 4:
        return None
    return Span(start, end)
