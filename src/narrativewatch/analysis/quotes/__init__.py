"""Quotes: direct and indirect speech, with speaker, cue and content spans.

Rule-based, for English, Russian and Ukrainian news and wire copy, in the conventions of
attribution corpora (PolNeAR, PARC, ADAQ): the content of direct speech includes its
quotation marks, the content of indirect speech its complementizer ("that …", «что …»).

- direct: text in quotation marks (“…”, «…», „…“, "…", ''…'') whose attribution sits
  before it ("Quote from Peskov:", «Цитата Пескова:», "Peskov said:") or after it ("…,"
  Peskov said; «…», — заявил Песков). A quotation that goes on after its attribution
  ("“A,” he said. “B.”") is one quote. Quoted text with no reporting cue is a title or a
  scare quote, not a quote.
- indirect: "X stated (that) …", «X заявил, что …», «X наголосив, що …»; "X said: …";
  "According to X, …", «По словам X, …», «За словами X, …»; and "…, X said." / "…, said
  X." / «…, — говорит X.» after the content.
- nested: an indirect quote inside another quote's content is kept too ("Peskov said
  Kyiv claimed that …" gives Peskov's quote and Kyiv's).

The speaker is the noun phrase at the cue (`speakers.SpeakerFinder`), which names its
actor or stands for the person mentioned last ("he", "the spokesman", «речник»).
`narrativewatch eval attribution` measures this stage on PolNeAR and ADAQ
(docs/attribution.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import pairwise

from narrativewatch.analysis import cues
from narrativewatch.analysis.addressees import (
    addressee_after_speaker,
    addressee_in_source,
    find_addressee,
)
from narrativewatch.analysis.attribution_tagger import TaggedRelation
from narrativewatch.analysis.quotes.boundaries import _trim
from narrativewatch.analysis.quotes.direct import _direct_quotes
from narrativewatch.analysis.quotes.indirect import (
    _indirect_quotes,
    _reported_before_this,
    appositive_rejection_start,
)
from narrativewatch.analysis.quotes.parts import _COORDINATION, _cues, _Found
from narrativewatch.analysis.quotes.tagger import (
    _from_tagger,
    _known_speaker,
    _new_to,
    _refined_by_tagger,
    _tagged_cue,
)
from narrativewatch.analysis.span_index import SpanIndex
from narrativewatch.analysis.speakers import Mention, SpeakerFinder
from narrativewatch.analysis.tokens import word_tokens
from narrativewatch.model import Actor, Entity, EntityType, Quote, QuoteKind, Sentence, Span


def extract_quotes(
    text: str,
    sentences: Sequence[Sentence],
    entities: Sequence[Entity],
    language: str | None,
    tagged: Sequence[TaggedRelation] = (),
    refine_by_tagger: bool = False,
    countries: Mapping[str, str] | None = None,
    outlets: frozenset[str] = frozenset(),
    actors: Mapping[str, Actor] | None = None,
) -> tuple[Quote, ...]:
    """Direct and indirect quotes in ``text``, in text order.

    ``tagged`` are the relations of the trained tagger (`attribution_tagger`, English):
    each one the rules have not found — its cue and content overlap no rule quote's — is
    added as a quote. With ``refine_by_tagger`` the tagger also vets the rules: one
    that shares a rule quote's cue lends that quote its longer content and its source
    (`_refined_by_tagger`), and an indirect rule quote whose cue it does not tag at all
    is dropped — on the held-out fifth of PolNeAR train, 330 of the 421 such quotes with
    the e5 tagger were not attributions the annotators marked ("the polls show …",
    "it says top secret on a document"); dropping them lifts content F1 from 0.732 to
    0.754 and triple F1 from 0.673 to 0.701 (docs/attribution.md). Direct quotes stay:
    the quotation marks are evidence of their own. ``countries`` (actor id → country
    code) tells who a title with a country adjective can be ("the German leader");
    ``outlets`` (actor ids) which names are news outlets an unnamed source told;
    ``actors`` (the registry's actors named, by id) whose registry roles a title names
    ("the Kremlin spokesman")."""
    lang = language if language in cues.REPORTING_VERBS else "en"
    cue_set = _cues(lang)
    finder = SpeakerFinder(text, entities, lang, countries, outlets, actors)
    found = _direct_quotes(text, sentences, cue_set, finder)
    direct = list(found)
    # Each new quote is checked against those near it only (a text of thousands of quotes).
    nearby = SpanIndex(found, _extent)
    by_cue = SpanIndex(found, lambda quote: quote.cue)

    def keep_if_compatible(candidate: _Found) -> None:
        if _compatible(candidate, nearby.overlapping(_extent(candidate))):
            found.append(candidate)
            nearby.add(candidate)
            by_cue.add(candidate)

    for sentence in sentences:
        for candidate in _indirect_quotes(text, sentence, cue_set, finder, direct):
            keep_if_compatible(candidate)
    for previous, sentence in pairwise(sentences):
        if by_cue.any_inside(previous.span):
            # «“…”, — сказал Песков. Об этом ранее сообщил Госпогранкомитет»: the sentence
            # has its own speaker; "this" is the topic, not Peskov's words.
            continue
        about_previous = _reported_before_this(text, previous, sentence, cue_set, finder)
        if about_previous is not None:
            keep_if_compatible(about_previous)
    found = _split_coordinated(text, found)
    if refine_by_tagger:
        found = [_refined_by_tagger(text, f, tagged, finder) for f in found]
        # A quote vetted out no longer keeps the tagger's own reading of its words out.
        found = [
            f
            for f in found
            if f.kind is QuoteKind.DIRECT or _tagged_cue(f, tagged) or _known_speaker(f.speaker)
        ]
    by_rules = list(found)
    # One content the tagger reads from two cues of a sentence ("pondered and mulled
    # whether …") is one quote: the second was only ever a duplicate to the analyst, and
    # dropping it costs no recall on PolNeAR (docs/attribution.md).
    added: set[Span] = set()
    for relation in tagged:
        addition = _from_tagger(text, relation, finder)
        if addition is not None and addition.content not in added and _new_to(addition, by_rules):
            added.add(addition.content)
            found.append(addition)
    found = _pronouns_after_descriptions(found, finder)
    found.sort(key=lambda f: (f.content.start, -f.content.end))
    return tuple(_quote(f, finder) for f in found)


def _pronouns_after_descriptions(found: list[_Found], finder: SpeakerFinder) -> list[_Found]:
    """A pronoun speaker stands for the speaker the quote before it described without a
    name, when that description comes after the last person named: in "Ukraine's foreign
    minister called the allegation absurd. Moscow, he told reporters, …" "he" is the
    minister, not Shoigu, named two sentences earlier. So does a bare title that
    description holds: "A senior U.S. official said … The official added: …" is that
    official again, not the minister named before."""
    resolved: list[_Found] = []
    described: list[tuple[int, Mention]] = []  # (cue end, speaker) of the quotes before
    for quote in sorted(found, key=lambda f: f.cue.start):
        speaker = quote.speaker
        if speaker is not None and (
            finder.is_person_pronoun(speaker.span) or finder.is_bare_title(speaker.span)
        ):
            # (not a quote inside this one's words: «"… лидеры говорили, что …", - сказал он»)
            before = min(quote.content.start, quote.cue.start)
            previous = next((m for end, m in reversed(described) if end <= before), None)
            named = speaker.entity
            if (
                previous is not None
                and (named is None or named.span.end <= previous.span.start)
                and (
                    finder.describes_someone_else(previous, named)
                    or (previous.entity is None and finder.is_person_description(previous.span))
                )
                and finder.repeats_title(speaker.span, previous.span)
            ):
                quote = replace(
                    quote, speaker=Mention(speaker.span, previous.entity, previous.anonymous)
                )
            elif not speaker.anonymous or finder.is_interlocutor(speaker.span):
                # ("the source" is no one a text named: never the person quoted before;
                # «— добавил собеседник» after «Горин заявил» is Gorin, interviewed)
                quote = _the_speaker_before(quote, resolved, finder)
            if (
                quote.speaker is speaker
                and speaker.anonymous
                and len(finder.words_after_determiners(speaker.span)) > 1
            ):
                # «собеседник в оборонном ведомстве», first described: "he" may be it next
                described.append((quote.cue.end, speaker))
        elif speaker is not None and speaker.entity is None and finder.is_it(speaker.span):
            # "The air force said … It added that …": the body quoted before
            last = next((q for q in reversed(resolved) if q.cue.end <= quote.cue.start), None)
            body = last.speaker.entity if last and last.speaker else None
            if body is not None and body.type is not EntityType.PERSON:
                quote = replace(quote, speaker=Mention(speaker.span, body))
        elif speaker is not None:
            described.append((quote.cue.end, speaker))
        resolved.append(quote)
    return resolved


def _the_speaker_before(quote: _Found, before: Sequence[_Found], finder: SpeakerFinder) -> _Found:
    """A pronoun or bare title that names no one, or a person named only inside an earlier
    quote's words, is the speaker of the quote before it when that is a person:
    'Zelenskyy urged allies to speed up deliveries of Patriot systems. "…," he said' is
    Zelenskyy, not "Patriot"; «Захарова заявила … — подчеркнула дипломат» is Zakharova. A
    text goes on with the speaker it quoted, not with someone that speaker talked about.
    (When the quote before has no person as its speaker — «Как сообщил CNN, с таким
    заявлением выступил … Джо Байден. Он подчеркнул …» — the pronoun keeps its person.)"""
    speaker = quote.speaker
    previous = next((q for q in reversed(before) if q.cue.end <= quote.cue.start), None)
    if (
        speaker is None
        or previous is None
        or previous.speaker is None
        or previous.content.contains(quote.cue)
    ):
        # (inside that quote's words "he" is someone it talks about: «По его словам, …
        # Зеленский назвал …, а … он ответил, что …»)
        return quote
    person = previous.speaker.entity
    if person is None or person.type is not EntityType.PERSON:
        return quote
    named = speaker.entity
    if named is None:
        # only when no other person is named between the two («дипломат» after Zakharova)
        last = finder.last_person_before(speaker.span.start)
        if last is None or last.actor_id != person.actor_id:
            return quote
    elif (
        named.actor_id == person.actor_id
        or not any(q.content.contains(named.span) for q in before[-_RECENT_QUOTES:])
        or not _SENTENCE_BREAK.search(finder.text, named.span.end, speaker.span.start)
    ):
        # (in the same sentence the pronoun goes on with that person: «…, как … Зеленский
        # назвал ее …, а на замечание ведущего … он ответил, что …»)
        return quote
    return replace(quote, speaker=Mention(speaker.span, person))


# How far back a person named inside a quote's words is looked for (a text of thousands of
# quotes must not compare each with all before it).
_RECENT_QUOTES = 10
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”»']?\s")


def _quote(found: _Found, finder: SpeakerFinder) -> Quote:
    speaker = found.speaker
    entity = speaker.entity if speaker else None
    addressee = _addressee(found, finder)
    return Quote(
        span=Span(min(found.start, found.content.start), max(found.end, found.content.end)),
        content=found.content,
        cue=found.cue,
        kind=found.kind,
        speaker_actor_id=entity.actor_id if entity else None,
        speaker=speaker.span if speaker else None,
        speaker_text=entity.text if entity else None,
        speaker_anonymous=speaker.anonymous if speaker else False,
        addressee=addressee.span if addressee else None,
        addressee_actor_id=addressee.actor_id if addressee else None,
    )


# How far after its cue whom the words were told is looked for, when neither the content
# nor the speaker follows the cue (a full stop ends it sooner).
_ADDRESSEE_REACH = 120


def _addressee(found: _Found, finder: SpeakerFinder) -> Entity | None:
    """Whom the speaker told (`addressees`): in Russian and Ukrainian the outlet in an
    unnamed source's own words («собеседник "Известий"») or right after a speaker put after
    the cue («— сказал Лавров РИА Новости»); else a name right after the cue ("told
    Reuters", «Лавров заявил ТАСС»)."""
    if found.addressee is not None:
        return found.addressee
    mention = found.speaker
    speaker = mention.span if mention is not None else None
    if mention is not None and finder.language != "en":
        told = None
        if mention.anonymous:
            told = addressee_in_source(finder.text, mention.span, finder.entities, finder.outlets)
        if told is None and mention.entity is not None and mention.span.start >= found.cue.end:
            told = addressee_after_speaker(
                finder.text, found.cue, mention.entity, mention.span, finder.entities,
                finder.outlets,
            )  # fmt: skip
        if told is not None:
            return told
    end = found.cue.end + _ADDRESSEE_REACH
    if found.content.start >= found.cue.end:
        end = min(end, found.content.start)
    if speaker is not None and speaker.start >= found.cue.end:
        end = min(end, speaker.start)
    nearby = finder.entities_inside(Span(found.cue.end, min(end, len(finder.text))))
    # the speaker is the verb's subject, named or described, before it
    subject_before = (
        mention is not None
        and (mention.entity is not None or mention.anonymous)
        and mention.span.end <= found.cue.start
    )
    return find_addressee(
        finder.text, found.cue, end, nearby, finder.language, speaker, subject_before
    )


def _extent(quote: _Found) -> Span:
    """From the first to the last character of a quote's content, cue and speaker."""
    spans = [quote.content, quote.cue] + ([quote.speaker.span] if quote.speaker else [])
    return Span(min(s.start for s in spans), max(s.end for s in spans))


def _compatible(candidate: _Found, found: Sequence[_Found]) -> bool:
    """A new quote may not reuse a cue, nor overlap another content — unless one is nested
    in the other (its cue lies inside the other's content). Only quotes whose `_extent`
    overlaps the candidate's can clash with it."""
    for other in found:
        if candidate.cue.overlaps(other.cue) or (
            other.speaker is not None and candidate.cue.overlaps(other.speaker.span)
        ):
            return False
        if candidate.content.overlaps(other.content):
            nested = other.content.contains(candidate.cue) or candidate.content.contains(other.cue)
            if not nested:
                return False
    return True


def _split_coordinated(text: str, found: list[_Found]) -> list[_Found]:
    """ "X said A, and Y said B": A ends where the next speaker's clause begins."""
    result = []
    # Where each other report may start, its speaker or its cue, found by position: a text
    # of thousands of quotes would otherwise compare every pair.
    spoken = [(quote, quote.speaker.span) for quote in found if quote.speaker is not None]
    points = [(i, at.start) for i, (q, speaker) in enumerate(spoken) for at in (speaker, q.cue)]
    starts = SpanIndex(points, lambda point: Span(point[1], point[1]))
    for quote in found:
        content = quote.content
        if quote.kind is QuoteKind.DIRECT:
            result.append(quote)
            continue
        # Reports starting strictly inside the content, in the order of `found`.
        within = Span(content.start + 1, content.end - 1) if len(content) > 1 else None
        near = dict.fromkeys(i for i, _ in starts.inside(within)) if within else {}
        for other, other_speaker in (spoken[i] for i in near):
            if other is quote:
                continue
            # The next report starts at its speaker, or at its cue when it shares ours.
            speaker = other_speaker if other_speaker.start > quote.cue.end else other.cue
            if content.start < speaker.start < content.end:
                joint = _COORDINATION.search(text, content.start, speaker.start)
                if joint and word_tokens(text, content.start, joint.start()):
                    content = _trim(text, Span(content.start, joint.start()))
        result.append(replace(quote, content=content))
    return result


__all__ = ["appositive_rejection_start", "extract_quotes"]
