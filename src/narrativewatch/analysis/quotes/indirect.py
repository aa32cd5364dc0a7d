"""Indirect speech: reported clauses, "according to", speaker labels, stances taken and
accusations, with their speakers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from narrativewatch.analysis import cues, rejections
from narrativewatch.analysis.addressees import TELL_VERBS
from narrativewatch.analysis.labels import is_fact_check_label
from narrativewatch.analysis.quotes.boundaries import (
    _FINITE_VERBS,
    _clause,
    _complement_after,
    _is_participle,
    _opens_clause,
    _proper_noun,
    _sentence_end,
    _tail_end,
    _trim,
)
from narrativewatch.analysis.quotes.direct import _named_in, _subject_of_previous_verb
from narrativewatch.analysis.quotes.parts import (
    _ACCUSING,
    _ACCUSING_EN,
    _CONJUNCTIONS,
    _DIRECTIVES,
    _FIRST_AND_SECOND_PERSON,
    _IRREGULAR_PAST,
    _LABEL_LINE,
    _MAX_SPLIT_SUBJECT,
    _MAX_TAIL_SUBJECT_WORDS,
    _MAX_TAIL_WORDS,
    _MIN_CONTENT_WORDS,
    _MIN_STANCE_WORDS,
    _MODALS,
    _NOT_SPEAKER_LABELS,
    _NOUN_MARKERS,
    _POSSESSIVES,
    _RELATIVES,
    _SUBJECT_PRONOUNS,
    _Cues,
    _Found,
    _words,
    asks_anonymity,
)
from narrativewatch.analysis.quotes.quoted_as import quoted_as_saying
from narrativewatch.analysis.quotes.tagger import _armed_act
from narrativewatch.analysis.quotes.trailing import appositive_speaker, closes_sentence
from narrativewatch.analysis.roles import is_role_word
from narrativewatch.analysis.speakers import ENGLISH_PREPOSITIONS, Mention, SpeakerFinder
from narrativewatch.analysis.tokens import Token, fold, word_count, word_tokens
from narrativewatch.model import EntityType, QuoteKind, Sentence, Span

# «Об этом сообщил …», «Про це повідомляє …»: the sentence names who said the sentence
# before it, the commonest attribution of Russian and Ukrainian news.
_ADVERBIAL_OPENERS = _words("в во на у с со из по для при через после з із зі від під після")


# «сообщил о гибели …», «повідомив про обстріл …», «заявило про «звільнення» села» — but
# not «о том, что …», a clause.
_ABOUT_OBJECT = re.compile(
    r"\s+(?:о|об|обо|про)\s+(?!(?:том|те|это|этом|це|цьому|цей|цим)\b)[«\"“„]?\w",
    re.IGNORECASE,
)


_ABOUT_THIS = {
    "ru": re.compile(r"[ \t]*(?:об этом|о том же|об этом же)(?!\w)", re.IGNORECASE),
    "uk": re.compile(r"[ \t]*(?:про це|про це ж|про таке)(?!\w)", re.IGNORECASE),
}


# A parenthetical «, как передает X,» / «, як повідомляє X,» after «Об этом» / «Про це».
_ASIDE_BODY = r"\s*,\s*(?:как|як)\s[^,.;:!?\n]{1,80}"
_ASIDE = re.compile(_ASIDE_BODY + ",", re.IGNORECASE)
_ASIDE_TO_END = re.compile(_ASIDE_BODY + r",?\s*$", re.IGNORECASE)  # ending the span


# Who passes something on unnamed, in the nominative (the dative would be «источнику»).
_SOURCE_NOUNS = _words("источник источники собеседник джерело джерела співрозмовник")


def _only_about_this(text: str, span: Span, language: str) -> bool:
    """Whether ``span`` holds only «Об этом» / «Про це», or that and an aside («Об этом,
    как передает AFP»): a pointer to what was said before."""
    pattern = _ABOUT_THIS.get(language)
    opener = pattern.match(text, span.start, span.end) if pattern is not None else None
    if opener is None:
        return False
    aside = _ASIDE_TO_END.match(text, opener.end(), span.end)
    return aside is not None or not text[opener.end() : span.end].strip(" ,")


def _reported_before_this(
    text: str, previous: Sentence, sentence: Sentence, cue_set: _Cues, finder: SpeakerFinder
) -> _Found | None:
    """«Росіяни атакували Одесу. Про це повідомив речник Плетенчук.»: a quote of the
    previous sentence by the speaker the second one names, after its verb («повідомив
    Плетенчук») or before it («Об этом Захарова заявила журналистам»)."""
    start, end = sentence.span.start, sentence.span.end
    reported = _about_this_report(text, start, end, cue_set, finder)
    content = _trim(text, previous.span)
    if (
        reported is None
        or word_count(text, content.start, content.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS
    ):
        return None
    verb, speaker = reported
    return _Found(content, verb, speaker, QuoteKind.INDIRECT, start, end)


def _about_this_speaker(
    text: str, start: int, end: int, cue_set: _Cues, finder: SpeakerFinder
) -> Mention | None:
    reported = _about_this_report(text, start, end, cue_set, finder)
    return reported[1] if reported is not None else None


def _about_this_report(
    text: str, start: int, end: int, cue_set: _Cues, finder: SpeakerFinder
) -> tuple[Span, Mention] | None:
    """The verb and speaker of a sentence that opens with «Об этом» / «Про це»."""
    pattern = _ABOUT_THIS.get(cue_set.language)
    opener = pattern.match(text, start, end) if pattern is not None else None
    if opener is None:
        return None
    after_opener = opener.end()
    aside = _ASIDE.match(text, after_opener, end)
    if aside is not None:
        # «Об этом, как передает AFP, он заявил …»: who passed it on is a cited source
        after_opener = aside.end()
    verb = next(iter(cue_set.reporting.finditer(text, after_opener, end)), None)
    if verb is None:
        return None
    # «Об этом Захарова заявила …»: the subject between; «Об этом в своем канале написала
    # Захарова»: an adverbial between, the subject after the verb.
    between = word_tokens(text, after_opener, verb.start())
    speaker = None
    if between and between[0].lower not in _ADVERBIAL_OPENERS:
        speaker = finder.before(verb.start(), after_opener)
    after = word_tokens(text, verb.end(), min(end, verb.end() + 40))
    if speaker is None or (after and after[0].lower in _SOURCE_NOUNS):
        # «Об этом РИА Новости сообщил источник в силовых структурах»: the name before the
        # verb is whom the source told; the source, in the nominative, follows it
        speaker = finder.after(verb.end(), end, any_case=True) or speaker
    return (Span(verb.start(), verb.end()), speaker) if speaker is not None else None


def _indirect_quotes(
    text: str,
    sentence: Sentence,
    cue_set: _Cues,
    finder: SpeakerFinder,
    direct: Sequence[_Found],
) -> list[_Found]:
    start, end = sentence.span.start, sentence.span.end
    quotes: list[_Found] = []
    pronoun_cues = []
    for cue in cue_set.according_pronoun.finditer(text, start, end):
        group = next(i for i in range(1, len(cue.groups()) + 1) if cue.group(i))
        # «По её словам, …» with nobody named before: who "she" is stays unknown, and a
        # quote without a speaker says nothing.
        speaker = finder.pronoun(Span(cue.start(group), cue.end(group)))
        if speaker is None:
            continue
        pronoun_cues.append(Span(cue.start(), cue.end()))
        found = _according_to(text, cue, start, end, cue_set, finder, speaker)
        if found is not None:
            quotes.append(found)
    for cue in cue_set.according.finditer(text, start, end):
        if any(span.overlaps(Span(cue.start(), cue.end())) for span in pronoun_cues):
            continue  # "according to him": read above, with the person "him" stands for
        found = _according_to(text, cue, start, end, cue_set, finder)
        if found is not None:
            quotes.append(found)
    labelled = _speaker_label(text, sentence, finder)
    if labelled is not None:
        quotes.append(labelled)
    if finder.language == "en":
        quotes += _as_someone_said(text, sentence, cue_set, finder)
    quotes += _appositive_rejections(text, sentence, finder)
    carried = [
        replace(quote, addressee=outlet)
        for quote, outlet in quoted_as_saying(text, sentence, cue_set, finder)
    ]
    quotes += carried
    in_sentence = [d for d in direct if sentence.span.contains(d.cue)]
    verbs = [(v, False) for v in cue_set.reporting.finditer(text, start, end)]
    verbs += [(v, True) for v in cue_set.stance.finditer(text, start, end)]
    naming = list(cue_set.naming.finditer(text, start, end))
    verbs += [(v, True) for v in naming]
    # In text order, so that "…, saying …" finds the speaker of the verb before it.
    for verb, takes_object in sorted(verbs, key=lambda item: (item[0].start(), item[1])):
        verb_span = Span(verb.start(), verb.end())
        if (
            _proper_noun(text, verb, start)
            or _noun_use(text, verb, start)
            or any(q.cue.overlaps(verb_span) for q in (*direct, *quotes))
            # ("RIA Novosti quoted Lavrov as saying": the outlet's verb carries his words)
            or any(q.start <= verb.start() < q.cue.end for q in carried)
        ):
            continue
        earlier = [q for q in (*in_sentence, *quotes) if q.cue.end <= verb.start()]
        if _subjunctive(text, verb, start) and any(
            q.content.contains(verb_span)
            and fold(q.cue.text_of(text)) in _DIRECTIVES
            and fold(text[q.content.start : q.content.start + 5]) == "that "
            for q in earlier
        ):
            continue  # "demanded that the United States explain …": asked for, not said
        progressive = _is_participle(verb.group().split()[0], finder.language)
        if not progressive and finder.passive(verb.start(), start):
            # "Trump was asked whether …", "it is said that …": what is reported, by nobody
            # the sentence names.
            found = _reported_after(
                text, verb, start, end, cue_set, finder, passive=True
            ) or _accused_by(text, verb, start, end, cue_set, finder)
            if found is not None:
                quotes.append(found)
            continue
        if takes_object:
            found = _stance_taken(text, verb, start, end, cue_set, finder, earlier)
            # "called the claims a lie" is a rejection; "calls its war a special operation"
            # is the writer's naming, no quote.
            if (
                verb in naming
                and found is not None
                and not rejections.has_verdict(found.content.text_of(text), finder.language)
            ):
                found = None
            if found is not None and _armed_act(text, found.cue, found.content, finder):
                found = None  # "the forces were defending the territory": an act of war
        elif _elided_subject(text, verb, start, finder, earlier):
            # "Clark said … but said …", "…, noting that …": the subject of the first verb.
            speakers = [
                q.speaker for q in sorted(earlier, key=lambda q: q.cue.end) if q.speaker is not None
            ]
            subject = (
                speakers[-1]
                if speakers
                # «Об этом заявил министр …, отметив, что …»
                else _about_this_speaker(text, start, verb.start(), cue_set, finder)
                or _subject_of_previous_verb(text, start, verb.start(), cue_set, finder)
                or _opening_subject(text, start, verb.start(), finder)
            )
            found = (
                _reported_after(text, verb, start, end, cue_set, finder, subject)
                if subject is not None
                else None
            )
        else:
            found = _reported_after(text, verb, start, end, cue_set, finder) or _reported_before(
                text, verb, start, end, finder
            )
            if found is None and _ABOUT_OBJECT.match(text, verb.end(), end):
                # «Минобороны сообщило о доставке контейнеров …»: what was reported, as a noun
                found = _stance_taken(text, verb, start, end, cue_set, finder, earlier)
        if (
            found is None
            or _self_talk(found, direct, finder)
            or asks_anonymity(text, found.content)
        ):
            continue  # ("A NATO official, who asked not to be named, said …")
        if _crosses(found, quotes) or cue_set.according_pronoun.fullmatch(
            text, found.content.start, found.content.end
        ):
            continue  # (nor is «По его словам» what someone said)
        found = _within_direct(text, found, direct)
        if found is not None:
            quotes.append(found)
    return quotes


# "…, a claim Kyiv and its allies have rejected", "…, an allegation Moscow denies", "…,
# which Ukraine has dismissed": a rejection set off by a comma after what it rejects. The
# noun or "which" points back at it; the rejecting speaker stands before the verb.
_APPOSITIVE_REJECTION = re.compile(
    r",\s+(?P<pointer>(?:(?:a|an|the)\s+)?"
    + cues.word_alternation([*cues.REPORTING_NOUNS["en"], "charge", "charges"])
    + r"|which)\s+(?:that\s+)?(?P<speaker>[^,;:.!?()]{1,60}?)\s+"
    r"(?:(?:has|have|had)\s+)?(?:(?:\w+ly|also|long|since|always)\s+)?"
    r"(?P<cue>" + cues.word_alternation(cues.REJECTION_VERBS["en"]) + ")",
    re.IGNORECASE,
)


# «…, что Киев отрицает», «…, що в Києві заперечують», «…, которые Москва отвергла»: the
# same in Russian and Ukrainian, the rejecting verb ending the clause (else «что» opens
# what is said: «заявил, что Киев отрицает свою причастность»).
_APPOSITIVE_REJECTION_CYRILLIC = {
    language: re.compile(
        r",\s+(?P<pointer>" + "|".join(pointers) + r")\s+(?P<speaker>[^,;:.!?()«»]{1,60}?)\s+"
        r"(?:(?:\w+о|не)\s+)?"
        r"(?P<cue>" + cues.word_alternation(cues.REJECTION_VERBS[language]) + r")"
        r"\s*(?=[.!?;]|$)",
        re.IGNORECASE,
    )
    for language, pointers in cues.RELATIVE_POINTERS.items()
}


def appositive_rejection_start(text: str, start: int, end: int, language: str) -> int | None:
    """Where a Russian or Ukrainian comma-set rejection begins in ``text[start:end]``, if
    one does: the claim it follows ends there (English has `claims._COMMENT`)."""
    pattern = _APPOSITIVE_REJECTION_CYRILLIC.get(language)
    match = pattern.search(text, start, end) if pattern is not None else None
    return match.start() if match is not None else None


def _appositive_rejections(text: str, sentence: Sentence, finder: SpeakerFinder) -> list[_Found]:
    """Rejections set off by a comma after the words they reject; the speaker must be
    named, and the content is the word pointing back, so that the rejection is read as
    one of something said before (`rejections.dismisses`)."""
    pattern = _APPOSITIVE_REJECTION_CYRILLIC.get(finder.language, _APPOSITIVE_REJECTION)
    found = []
    start, end = sentence.span.start, sentence.span.end
    for match in pattern.finditer(text, start, end):
        speaker = _named_in(finder, match.start("speaker"), match.end("speaker"))
        if speaker is None:
            continue
        pointer = Span(match.start("pointer"), match.end("pointer"))
        cue = Span(match.start("cue"), match.end("cue"))
        found.append(_Found(pointer, cue, speaker, QuoteKind.INDIRECT, pointer.start, cue.end))
    return found


def _as_someone_said(
    text: str, sentence: Sentence, cue_set: _Cues, finder: SpeakerFinder
) -> list[_Found]:
    """ "As Comey noted, people involved in the case could still face sanctions": the
    speaker between "as" and the verb, what was said after the comma (the English form of
    «Как заявил X, …»). Only a name, a pronoun or a described source ("as the report
    noted") speaks; "as he spoke, …" has no verb of saying."""
    found = []
    for match in _AS_SOMEONE_SAID.finditer(text, sentence.span.start, sentence.span.end):
        before = text[sentence.span.start : match.start()]
        if before.strip() and not _AND_OR_BUT_BEFORE.search(before):
            continue
        speaker = finder.mention(Span(match.start("speaker"), match.end("speaker")))
        words = word_tokens(text, speaker.span.start, speaker.span.end)
        if not (
            speaker.entity is not None
            or finder.is_person_pronoun(speaker.span)
            or (words and words[0].lower in _APPOSITIVE_OPENERS)
        ):
            continue
        content = _clause(text, match.end(), sentence.span.end, cue_set)
        if word_count(text, content.start, content.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS:
            continue
        cue = Span(match.start("cue"), match.end("cue"))
        found.append(_Found(content, cue, speaker, QuoteKind.INDIRECT, match.start(), content.end))
    return found


# "As Comey noted, …", "…, and as the report put it, …": at the sentence's start or after
# "and" / "but"; the verb right before a comma. (Not inside a clause: "who owed his
# election to, as a diplomat put it, an extreme makeover" quotes a phrase, not a clause.)
_AS_SOMEONE_SAID = re.compile(
    r"\b[Aa]s\s+"
    r"(?P<speaker>[^,;:.!?()\"“”]{1,60}?)\s+(?:(?:has|had|have)\s+)?"
    r"(?P<cue>said|noted|put it|wrote|pointed out|argued|observed|explained|warned|"
    r"reported|says|notes|writes|argues|puts it)\s*,\s+(?=\S)",
)
_AND_OR_BUT_BEFORE = re.compile(r"\b(?:and|but)\s+$")


def _speaker_label(text: str, sentence: Sentence, finder: SpeakerFinder) -> _Found | None:
    """A headline or transcript line "Name: what they said" ("Bernie Sanders: 'Of Course'
    Hillary Clinton Is Qualified", "Lopez: Well, no one is like …"): a short name, a colon,
    then the words."""
    match = _LABEL_LINE.match(text, sentence.span.start, sentence.span.end)
    if match is None:
        return None
    name = Span(match.start("name"), match.end("name"))
    # "Ukraine at UN: …", "Trump at rally: …": who speaks is before "at", where after it
    # (when a name stands there: "Terrorism at Zaporizhzhya NPP: …" is a topic).
    at = re.search(r"[ \t]at[ \t]", text[name.start : name.end])
    if at is not None and finder.mention(Span(name.start, name.start + at.start())).entity:
        name = Span(name.start, name.start + at.start())
    words = word_tokens(text, name.start, name.end)
    if any(w.lower in _NOT_SPEAKER_LABELS for w in words) or is_fact_check_label(text, name):
        return None
    mention = finder.mention(name)
    named = mention.entity is not None and mention.entity.type is not EntityType.LOCATION
    if not named and not all(w.text[:1].isupper() for w in words):
        return None
    # A transcript's speaker (named, or in capitals: "BOULDUAN:") speaks to the end of the
    # paragraph; a label the text does not resolve ("Superdelegates:") may be a heading.
    transcript = named or all(w.text.isupper() for w in words)
    end = _label_paragraph_end(text, sentence) if transcript else sentence.span.end
    content = _trim(text, Span(match.end(), end))
    if word_count(text, content.start, content.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS:
        return None
    colon = Span(match.start("colon"), match.end("colon"))
    return _Found(content, colon, mention, QuoteKind.INDIRECT, name.start, content.end)


def _label_paragraph_end(text: str, sentence: Sentence) -> int:
    """Where what a "Name:" label introduces ends: when the label opens a line below the
    first, at the end of its paragraph (a transcript's "MR MILLER: We have seen reports ….
    We will continue …") or before the next sentence that opens with a label of its own
    ('Clinton: "…" Bush: "…"'); else at the end of its sentence. (The first line is the
    headline, whose label speaks for one statement: what follows it on the line is the
    site's trailer, «// Яндекс. Дзен», "VIDEO (08.02.22) « Politics | Censor.NET".)"""
    before = text[max(0, sentence.span.start - 200) : sentence.span.start].rstrip(" \t")
    headline = _NON_SPACE.search(text, 0, sentence.span.start) is None
    if headline or not before.endswith("\n"):
        return sentence.span.end
    line_end = text.find("\n", sentence.span.end)
    line_end = len(text) if line_end == -1 else line_end
    next_label = _NEXT_LABEL.search(text, sentence.span.end - 1, line_end)
    return line_end if next_label is None else next_label.start() + 1


_NON_SPACE = re.compile(r"\S")
# A sentence end, then a "Name:" label opening the next sentence of the same line.
_NEXT_LABEL = re.compile(r"[.!?…\"”»](?=" + _LABEL_LINE.pattern + ")")


def _subjunctive(text: str, verb: re.Match[str], sentence_start: int) -> bool:
    """An English verb without tense or modal ("demanded that X explain"); "said",
    "explains", "would explain", "to explain" are not."""
    word = fold(verb.group().split()[0])
    if word.endswith(("s", "ed")) or word in _IRREGULAR_PAST:
        return False
    before = word_tokens(text, max(sentence_start, verb.start() - 30), verb.start())
    return not before or before[-1].lower not in _MODALS


def _crosses(found: _Found, quotes: Sequence[_Found]) -> bool:
    """Whether ``found`` and a quote already read cross: each holds the other's cue in its
    content, and neither holds where the other's content starts. Of «Як розповів речник
    СБУ Артем Дехтяренко, затриманому повідомили про підозру» only the spokesman's is a
    report, not one of «Як розповів …» by whoever «повідомили». ("Peskov said that …,
    RIA Novosti reported" nests: the agency's content holds all of Peskov's quote.)"""
    return any(
        q.content.contains(found.cue)
        and found.content.contains(q.cue)
        and not found.content.contains(Span(q.content.start, q.content.start))
        and not q.content.contains(Span(found.content.start, found.content.start))
        for q in quotes
    )


def _stance_taken(
    text: str,
    verb: re.Match[str],
    start: int,
    end: int,
    cue_set: _Cues,
    finder: SpeakerFinder,
    earlier: Sequence[_Found],
) -> _Found | None:
    """ "Clinton criticized the plan", "Trump called for a ban": the object is the content,
    the subject the speaker."""
    if _elided_subject(text, verb, start, finder, earlier):
        previous = [q for q in earlier if q.speaker is not None and q.cue.end <= verb.start()]
        speaker = (
            previous[-1].speaker
            if previous
            else _opening_subject(text, start, verb.start(), finder)
        )
    else:
        speaker = finder.before(verb.start(), start)
    # «Россию обвинили в обстреле станции», «Україну звинувачують у провокаціях»: an
    # accusation by nobody named, the accused put first. As in the English passive
    # ("Russia is accused of …"), the content runs from the accused, who is said to act.
    accused = (
        finder.object_before(verb.start(), start)
        if speaker is None and fold(verb.group()) in _ACCUSING
        else None
    )
    if accused is not None:
        content = _clause(text, verb.end(), end, cue_set)
        return _accusation(_trim(text, Span(accused.span.start, content.end)), verb, None)
    # "McCaskill, who has endorsed Clinton, said …": the relative clause is background.
    if speaker is None or fold(speaker.span.text_of(text)) in _RELATIVES:
        return None
    speaker, fronted = _fronted_object(text, speaker, finder.language, verb.start())
    content = _clause(text, verb.end(), end, cue_set)
    comma = text.find(",", content.start, content.end)
    # «… заяви про те, що Україна …»: a comma before a complementizer goes on with the
    # object's clause.
    while comma != -1 and cue_set.complementizer.match(text, comma, content.end):
        comma = text.find(",", comma + 1, content.end)
    if comma != -1:
        content = _trim(text, Span(content.start, comma))
    if fronted is not None:
        # «У Генштабі цю інформацію спростували.»: nothing after the verb, the object alone
        # (but «посольство США это опровергло» keeps the verb: «это» alone says nothing)
        obj = _trim(text, fronted)
        alone = not word_tokens(text, content.start, content.end) and (
            word_count(text, obj.start, obj.end, _MIN_STANCE_WORDS) >= _MIN_STANCE_WORDS
        )
        content = Span(fronted.start, obj.end if alone else content.end)
    if word_count(text, content.start, content.end, _MIN_STANCE_WORDS) < _MIN_STANCE_WORDS:
        return None
    return _reported_by(content, verb, speaker)


_BY = re.compile(r"\s+by\s+", re.IGNORECASE)


_CHARGE = re.compile(r"\s(?:of|for|over)\s+(?=[a-z])")  # "of shelling", not "of Defence"


def _accused_by(
    text: str, verb: re.Match[str], start: int, end: int, cue_set: _Cues, finder: SpeakerFinder
) -> _Found | None:
    """ "Ukraine was accused by Moscow of shelling the plant": a passive accusation names
    its speaker after "by". The content runs from the accused, who is said to act, as in
    «Украину обвинили в …» (`_stance_taken`); the claim's reading of who acts skips the
    accuser (`matching.agents`)."""
    if fold(verb.group()) not in _ACCUSING_EN:
        return None
    by = _BY.match(text, verb.end(), end)
    accused = finder.before(verb.start(), start)
    if by is None or accused is None:
        return None
    # "by the Kremlin for the attack …": the accuser ends where the accusation begins.
    charge = _CHARGE.search(text, by.end(), end)
    accuser = finder.after(by.end(), charge.start() if charge else end)
    if accuser is None or accuser.entity is None:
        return None
    content = _trim(text, Span(accused.span.start, _clause(text, verb.end(), end, cue_set).end))
    if word_count(text, content.start, content.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS:
        return None
    return _accusation(content, verb, accuser)


def _accusation(content: Span, verb: re.Match[str], accuser: Mention | None) -> _Found:
    """An accusation whose content runs from the accused, over the cue, to its end."""
    cue = Span(verb.start(), verb.end())
    return _Found(content, cue, accuser, QuoteKind.INDIRECT, content.start, content.end)


def _fronted_object(
    text: str, speaker: Mention, language: str, verb_start: int
) -> tuple[Mention, Span | None]:
    """«У ДПСУ такі заяви назвали маніпуляцією»: Russian and Ukrainian put an object that
    points back before the verb. The phrase before the verb is then the named subject and
    that object; the object, up to the verb, belongs to what was said. After a body named
    in the locative any object does («в Генштабе ВСУ информацию о переброске резервов
    назвали фейком»: a place-like subject takes no noun after it)."""
    if language not in ("ru", "uk"):  # English keeps its order ("… these days said")
        return speaker, None
    entity = speaker.entity
    if entity is None or not speaker.span.start <= entity.span.end < speaker.span.end:
        return speaker, None
    words = word_tokens(text, entity.span.end, speaker.span.end)
    if not words:
        return speaker, None
    before = word_tokens(text, max(0, speaker.span.start - 4), speaker.span.start)
    located = (
        entity.type is not EntityType.PERSON
        and entity.span.start == speaker.span.start  # «в Генштабе», not «в Эр-Рияде выводы …»
        and bool(before)
        and before[-1].lower in _LOCATIVE_PREPOSITIONS
        and words[0].text.islower()
        and not is_role_word(words[0].text)
        and not _adverb(words[0].lower)  # «в МИД Украины даже дежурно вспомнили»
    )
    if not (located or rejections.points_back(words[0].text, language)):
        return speaker, None
    return Mention(Span(speaker.span.start, entity.span.end), entity), Span(
        words[0].start, max(speaker.span.end, verb_start)
    )


# «в Кремле», «у Генштабі»: where a body is the subject of a Russian or Ukrainian report.
_LOCATIVE_PREPOSITIONS = frozenset(["в", "во", "у"])
# Particles and adverbs between a subject and its verb, which no object is.
_PARTICLES = frozenset(["даже", "навіть", "лишь", "лише", "уже", "вже", "ещё", "еще", "ще"])


def _adverb(word: str) -> bool:
    """«дежурно», «официально», «категорически», «даже»: an adverb or particle."""
    return word in _PARTICLES or word.endswith(("о", "ски", "цки", "ськи", "цьки"))


def _reported_by(content: Span, verb: re.Match[str], speaker: Mention | None) -> _Found:
    """An indirect quote whose cue is ``verb``, running from the speaker (or the verb) to
    the end of the content."""
    start = verb.start() if speaker is None else min(speaker.span.start, verb.start())
    return _Found(
        content, Span(verb.start(), verb.end()), speaker, QuoteKind.INDIRECT, start, content.end
    )


def _noun_use(text: str, verb: re.Match[str], sentence_start: int) -> bool:
    """ "his claims", "the reports", "multiple reports": a cue word used as a noun."""
    words = word_tokens(text, max(sentence_start, verb.start() - 30), verb.start())
    if not words or re.search(r"[,;:]", text[words[-1].end : verb.start()]):
        return False
    if fold(verb.group()) in cues.NOUN_LIKE_FORMS:
        previous = words[-1]
        return not (previous.text[:1].isupper() or previous.lower in _SUBJECT_PRONOUNS)
    return words[-1].lower in _NOUN_MARKERS


def _elided_subject(
    text: str,
    verb: re.Match[str],
    sentence_start: int,
    finder: SpeakerFinder,
    earlier: Sequence[_Found],
) -> bool:
    """Whether a cue shares the subject of an earlier verb: "… and said", «… и добавил»,
    or an English participle after a comma ("…, saying", "…, adding that")."""
    head = text[sentence_start : verb.start()]
    words = word_tokens(head)
    while words and words[-1].lower in finder.modifiers:
        words.pop()
    if words and words[-1].lower in _CONJUNCTIONS:
        before = head[: words[-1].start]
        if re.search(r"[;:]\s*$", before):
            return False
        if re.search(r",\s*$", before) and _is_participle(verb.group(), finder.language):
            # "noting …, and suggesting …" goes on from a participle; "…, and knowing
            # her, she will be" opens a clause of its own
            return any(_is_participle(q.cue.text_of(text), finder.language) for q in earlier)
        return True
    return _is_participle(verb.group(), finder.language) and bool(re.search(r",\s*$", head))


def _opening_subject(
    text: str, sentence_start: int, verb_start: int, finder: SpeakerFinder
) -> Mention | None:
    """The sentence's first subject, for a verb after "and" that shares it — but not for
    one inside a relative clause about someone else («СБУ зібрала докази на очільника РПЦ
    …, який сприяє агресії та заперечує воєнні злочини»: Kirill denies, not the SBU); for
    one inside a relative clause about that subject, yes ("Lavrov, who met Fidan and said
    …"), and for one whose relative clause has a subject of its own, that subject ("a
    carbon tax, which he favors but says …")."""
    subject = finder.opening(sentence_start, verb_start)
    last = max(
        _RELATIVE_OPENING.finditer(text, sentence_start, verb_start),
        key=lambda match: match.start(),
        default=None,
    )
    if subject is None or last is None or re.search(r"[,;:—–]", text[last.end() : verb_start]):
        return subject  # no relative clause open at the verb
    if not text[subject.span.end : last.start()].strip():
        return subject
    # "a carbon tax, which he favors but says …": the relative clause's own subject
    return finder.opening(last.end(), verb_start)


# Relative pronouns in the three languages (as subjects and in the oblique cases).
_RELATIVE_PRONOUNS = _words(
    "who which который которая которое которые которого которой которых "
    "який яка яке які якого якої яких"
)
_APPOSITIVE_OPENERS = _words("the a an his her their its")
_RELATIVE_OPENING = re.compile(
    r",\s*(?:"
    + "|".join(sorted(_RELATIVE_PRONOUNS | {"котрий", "котра", "котре", "котрі"}))
    + r")(?!\w)",
    re.IGNORECASE,
)


def _within_direct(text: str, found: _Found, direct: Sequence[_Found]) -> _Found | None:
    """A quote inside a direct quote ends with it, before its closing mark, and with its
    own sentence: in "“Russia accuses others of what it plans itself. Ukraine has no dirty
    bomb,” Kuleba said" the second sentence is Kuleba's, not Russia's. None when what is
    left is too short to be said ("“…, but she showed none,” said Doe")."""
    for outer in direct:
        if outer.content.contains(found.cue) and found.content.start < outer.content.end:
            start = found.content.start
            if start == outer.content.start and text[start] in '«“„"':
                start += 1  # «Россия применяет …, это подтвердила ОЗХО», — написал …
            end = min(
                outer.content.end,
                _sentence_end(text, found.content.start, found.content.end),
                _outer_close(text, found.content) or found.content.end,
            )
            if end >= found.content.end and start == found.content.start:
                continue
            end = min(end, found.content.end)
            while end > start and not text[end - 1].isalnum():
                end -= 1
            content = Span(start, max(start, end))
            if word_count(text, content.start, content.end, _MIN_STANCE_WORDS) < _MIN_STANCE_WORDS:
                return None
            return replace(found, content=content, end=end)
    return found


def _outer_close(text: str, content: Span) -> int | None:
    """The closing mark of the quotation a nested content stands in, when the content runs
    past it — a quotation continued after its attribution ('“Trump says the things people
    want to say,” Rubio said. “But …”') — else None. A mark the content opened itself
    closes its own quotation."""
    depth = 0
    for index in range(content.start, content.end):
        char = text[index]
        if char in "“«":
            depth += 1
        elif char in "”»":
            if depth == 0:
                return index
            depth -= 1
    return None


def _self_talk(found: _Found, direct: Sequence[_Found], finder: SpeakerFinder) -> bool:
    """Inside a direct quote, "I think …" or "we know …" is part of what the speaker
    says, not a quote of its own."""
    if found.speaker is None or not any(d.content.contains(found.cue) for d in direct):
        return False
    words = word_tokens(finder.text, found.speaker.span.start, found.speaker.span.end)
    return bool(words) and words[0].lower in _FIRST_AND_SECOND_PERSON


def _according_to(
    text: str,
    cue: re.Match[str],
    start: int,
    end: int,
    cue_set: _Cues,
    finder: SpeakerFinder,
    speaker: Mention | None = None,
) -> _Found | None:
    """ "According to X, …" / "…, according to X." / «По словам X, …»; ``speaker`` when
    the cue holds it already («По его словам, …»)."""
    speaker = speaker or finder.after(cue.end(), end, any_case=True)
    if speaker is None or _own_knowledge(text, speaker):
        return None
    speaker = _author_of_document(text, speaker, end, finder) or speaker
    before = _trim(text, Span(start, cue.start()))
    comma = text.find(",", speaker.span.end, end)
    if comma != -1:
        speaker = _person_after_adverbial(text, speaker, comma, finder) or speaker
        comma = _after_appositive_role(text, speaker, comma, end)
    content = before
    # "According to X, …" — unless the words before the cue are the content ("…,
    # according to former Sen. Scott Brown, R-Mass.").
    if comma != -1 and word_count(text, speaker.span.end, comma, 10) <= 10:
        after = _clause(text, comma + 1, end, cue_set)
        if cue_set.reporting.match(text, after.start) or _only_about_this(
            text, before, cue_set.language
        ):
            # «Об этом, как передает Münchner Merkur, заявил канцлер …», «…, он заявил»:
            # the outlet passes on the report that follows, whose own verb has its
            # speaker (`_reported_before_this`).
            return None
        if (
            word_count(text, before.start, before.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS
            or word_count(text, after.start, after.end, _MIN_CONTENT_WORDS) >= _MIN_CONTENT_WORDS
        ):
            content = after
    first, last = min(cue.start(), content.start), max(content.end, speaker.span.end)
    # «За його словами, загиблих немає.»: the rest of a sentence the cue opens, whole
    whole = (
        speaker.entity is not None
        and not word_tokens(text, start, first)
        and not word_tokens(text, last, end)
    )
    least = _MIN_SENTENCE_CONTENT_WORDS if whole and content != before else _MIN_CONTENT_WORDS
    return _indirect_quote(text, content, Span(cue.start(), cue.end()), speaker, first, last, least)


def _after_appositive_role(text: str, speaker: Mention, comma: int, end: int) -> int:
    """The comma that closes the speaker's appositive title, when one follows the name
    («За словами Вадима Філашкіна, очільника Донецької ОВА, вночі …», "According to John
    Kirby, the White House spokesman, …"): the content starts after it, not with the
    title. Otherwise ``comma`` as it is."""
    role = speaker.entity.role_span if speaker.entity is not None else None
    if role is None or role.start < comma:
        return comma
    if text[comma + 1 : role.start].strip().lower() not in {"", "a", "an", "the"}:
        return comma
    closing = _CLOSING_COMMA.match(text, role.end, end)
    if closing is None:
        return comma
    following = word_tokens(text, closing.end(), min(end, closing.end() + 40))
    if following and following[0].lower in _RELATIVE_OPENERS:
        # "…, according to Andy Smith, director of the Survey Center, which conducted the
        # poll.": the title's own clause; what he said stands before the cue
        return -1
    return closing.end() - 1


_CLOSING_COMMA = re.compile(r"\s*,")
_RELATIVE_OPENERS = _RELATIVE_PRONOUNS | {"whose", "whom"}


def _author_of_document(
    text: str, speaker: Mention, end: int, finder: SpeakerFinder
) -> Mention | None:
    """ "according to a statement from the Kremlin", "according to a readout released by
    the White House": whoever issued the document, not the document."""
    words = word_tokens(text, speaker.span.start, speaker.span.end)
    if words and words[-1].lower in _ISSUING:
        # ("a readout released" is where the phrase stopped, before "by")
        words = words[:-1]
    if speaker.entity is not None or not words or words[-1].lower not in _DOCUMENTS:
        return None
    by = _ISSUED_BY.match(text, words[-1].end, end)
    if by is None:
        return None
    author = finder.after(by.end(), end)
    if author is None or author.entity is None:
        return None
    # the phrase is the document's, its actor the author's
    return Mention(Span(speaker.span.start, author.span.end), author.entity, author.anonymous)


_DOCUMENTS = _words(
    "statement statements report reports readout readouts release post posts transcript "
    "letter video message announcement note document documents data figures estimate "
    "estimates assessment analysis survey poll"
)
_ISSUING = _words("issued released published posted made")
_ISSUED_BY = re.compile(r"\s+(?:(?:" + "|".join(sorted(_ISSUING)) + r")\s+)?(?:from|by|of)\s+")


def _own_knowledge(text: str, speaker: Mention) -> bool:
    """ "according to the information we have", "according to the data I saw": a phrase
    cut before its relative clause's verb, whose subject is the one speaking — what they
    know, not someone else's words."""
    words = word_tokens(text, speaker.span.start, speaker.span.end)
    return (
        speaker.entity is None and len(words) >= 2 and words[-1].lower in _FIRST_AND_SECOND_PERSON
    )


def _person_after_adverbial(
    text: str, speaker: Mention, comma: int, finder: SpeakerFinder
) -> Mention | None:
    """«Как сказал в одном из интервью "НГ" проректор … Сергей Рощин, …»: the phrase after
    the cue opens with a place or time, and the person named before the comma speaks."""
    words = word_tokens(text, speaker.span.start, speaker.span.end)
    if not words or words[0].lower not in _ADVERBIAL_OPENERS:
        return None
    people = [
        e for e in finder.entities_inside(Span(words[0].end, comma)) if e.type is EntityType.PERSON
    ]
    if not people:
        return None
    person = people[0]
    start = person.role_span.start if person.role_span is not None else person.span.start
    return Mention(Span(max(start, words[0].end), person.span.end), person)


def _reported_after(
    text: str,
    verb: re.Match[str],
    start: int,
    end: int,
    cue_set: _Cues,
    finder: SpeakerFinder,
    subject: Mention | None = None,
    passive: bool = False,
) -> _Found | None:
    """ "X said (that) …", "X said: …", «X заявил, что …»: the content follows the cue;
    ``subject`` is the speaker when the sentence named it before ("… and said …"); a
    ``passive`` cue has no speaker."""
    complement = _complement_after(text, verb.end(), end, cue_set)
    if complement is None:
        return None
    content = _clause(text, complement, end, cue_set)
    if word_count(text, content.start, content.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS:
        return None
    if passive:
        return _reported_by(content, verb, None)
    speaker = subject or finder.before(verb.start(), start)
    if speaker is None and _opens_clause(text, start, verb.start()):
        # «Как заявили в министерстве, …»: the speaker after the cue.
        speaker = finder.after(verb.end(), complement)
    if speaker is None:
        return None
    return _reported_by(content, verb, speaker)


def _reported_before(
    text: str, verb: re.Match[str], start: int, end: int, finder: SpeakerFinder
) -> _Found | None:
    """ "…, X said." / "…, said X." / «…, — говорит X.» / «…, говорят эксперты, …»: the
    content precedes a short tail that holds the cue and the speaker."""
    head = text[start : verb.start()]
    marks = [m.end() for m in re.finditer(r"[,—–]\s*|\s-\s", head)]
    if not marks:
        return None
    tail_start = start + marks[-1]
    content_end = tail_start
    if (
        word_count(text, tail_start, verb.start(), _MAX_TAIL_SUBJECT_WORDS)
        > _MAX_TAIL_SUBJECT_WORDS
    ):
        return None
    speaker = finder.before(verb.start(), tail_start)
    if speaker is not None and _resumes_content(text, speaker.span, tail_start, verb.start()):
        # «…, это подтвердила ОЗХО», «…, це підтвердила ОЗХЗ»: «это» is the content taken up
        # again as the object; the speaker follows the verb.
        speaker = _inverted_speaker(text, verb.end(), end, finder)
    elif speaker is None or speaker.span.start != _first_word(text, tail_start, verb.start()):
        speaker = None
        # "…, say experts" — but a participle does not invert: "…, adding that …", nor does
        # "told": "…, told a briefing" names whom.
        participle = finder.language == "en" and _is_participle(verb.group().split()[0], "en")
        told = finder.language == "en" and fold(verb.group().split()[-1]) in TELL_VERBS
        empty_tail = not word_tokens(text, tail_start, verb.start())
        if not (participle or told) and empty_tail:
            speaker = _inverted_speaker(text, verb.end(), end, finder)
        if (
            speaker is None
            and empty_tail
            and finder.language == "en"  # («…, — сообщила Захарова» puts the name after)
            and not participle
            and closes_sentence(text, verb.end(), end)
        ):
            appositive = appositive_speaker(text, start, tail_start, finder)
            if appositive is not None:
                speaker, content_end = appositive
    if speaker is None or fold(speaker.span.text_of(text)) in _RELATIVES:
        return None  # ("Ted Cruz, who threatened to …": no content before a relative clause)
    tail_end = _tail_end(text, verb.end(), end)
    if word_count(text, tail_start, tail_end, _MAX_TAIL_WORDS) > _MAX_TAIL_WORDS:
        return None
    if (
        fold(verb.group()) in _ACCUSING
        and speaker.span.end <= verb.start()
        and word_tokens(text, verb.end(), tail_end)
    ):
        return None  # «…, українська влада звинувачує Москву»: whom, not what before
    content = _trim(text, Span(_content_start(text, start, content_end), content_end))
    # «Эта тенденция, говорят эксперты, сохранится»: the content goes on after the tail —
    # unless what follows is the writer's ("…, Spicer said, adding …", «…, додавши …»).
    if tail_end < end and text[tail_end] == ",":
        rest = _trim(text, Span(tail_end + 1, end))
        words = word_tokens(text, rest.start, rest.end)
        short_subject = (
            word_count(text, content.start, content.end, _MAX_SPLIT_SUBJECT) <= _MAX_SPLIT_SUBJECT
        )
        if (
            short_subject
            and words
            and not _reporting_participle(words[0].lower, finder.language)
            and text[rest.start] not in "\"“«'"
            # (not the speaker's own appositive: "…, said Peskov, the Kremlin spokesman",
            # «…, сказал Песков, который …»)
            and words[0].lower not in _RELATIVE_PRONOUNS
            and not is_role_word(words[0].text)
            and not (words[0].lower in _APPOSITIVE_OPENERS and not _has_verb(words))
        ):
            content = Span(content.start, rest.end)
    if content.end <= tail_start and _adverbial_only(text, content, finder.language):
        return None  # "Shortly after my sentence, Holder announced": when, not what
    cue, last = Span(verb.start(), verb.end()), max(tail_end, speaker.span.end)
    # «Пострадавших нет, уточнил Карчаа»: a sentence of two words and its tail, whole,
    # said by someone named (not "In Kyiv, officials said": a place or a time; nor «Ко
    # всем, кто думает не так», "House destroyed, casualties reported")
    alone = (
        speaker.entity is not None
        and not word_tokens(text, start, content.start)
        and word_count(text, content.end, end, _MAX_SHORT_TAIL_WORDS + 1) <= _MAX_SHORT_TAIL_WORDS
        and not _opens_with_preposition(text, content)
        and _first_word_lower(text, content) not in _ADVERBIAL_OPENERS
        # («Хотя попытается, считает юрист»: a clause that leans on the one before)
        and _first_word_lower(text, content) not in _LEANING_OPENERS
        and not finder.entities_inside(content)  # "Sam Lau, the … director, said"
    )
    least = _MIN_SENTENCE_CONTENT_WORDS if alone else _MIN_CONTENT_WORDS
    return _indirect_quote(text, content, cue, speaker, content.start, last, least)


def _has_verb(words: Sequence[Token]) -> bool:
    """Whether English words hold a finite verb by its form ("the media considered …",
    "the Cessna has flown"), unlike an appositive ("the Kremlin spokesman")."""
    return any(w.lower in _FINITE_VERBS or w.lower.endswith("ed") for w in words)


def _adverbial_only(text: str, content: Span, language: str) -> bool:
    """Whether English words before a tail say only when or where: a short phrase that
    opens with a preposition or ends in "ago" ("In a jail jumpsuit", "Six months ago"),
    with no verb."""
    if language != "en":
        return False
    words = word_tokens(text, content.start, content.end)
    return (
        0 < len(words) <= _MAX_ADVERBIAL_WORDS
        and (words[0].lower in _WHEN_OPENERS or words[-1].lower == "ago")
        and not _has_verb(words)
    )


_MAX_ADVERBIAL_WORDS = 6
_WHEN_OPENERS = ENGLISH_PREPOSITIONS | {"shortly"}


def _inverted_speaker(text: str, verb_end: int, end: int, finder: SpeakerFinder) -> Mention | None:
    """The speaker after a verb that closes its tail ("…, said the official."), or None
    when the phrase there is the verb's own: "A spokeswoman, asked about the reports, said
    …" (an English phrase opening with a preposition; in Russian and Ukrainian «…,
    сообщили в пресс-службе» names the speaker), «передав справу на розгляд» (`_not_a_subject`)."""
    speaker = finder.after(verb_end, end, any_case=True)
    if (
        speaker is None
        or (finder.language == "en" and _first_word_lower(text, speaker.span) in _CLAUSE_WORDS)
        or not _ends_tail(text, speaker.span, end)
        or (finder.language == "en" and _opens_with_preposition(text, speaker.span))
        or _not_a_subject(text, speaker.span, finder.language)
    ):
        return None
    return speaker


# English words that open a verb's clause, never its subject ("… - noted that the …").
_CLAUSE_WORDS = _words("that whether if how what why when")


def _resumes_content(text: str, speaker: Span, tail_start: int, verb_start: int) -> bool:
    """Whether the tail before the verb is only «это» / «це», which resumes the content."""
    words = word_tokens(text, tail_start, verb_start)
    return len(words) == 1 and words[0].lower in _RESUMING and speaker.start == words[0].start


_RESUMING = _words("это це")


def _not_a_subject(text: str, span: Span, language: str) -> bool:
    """Whether a Russian or Ukrainian phrase in lower case after a verb cannot be its
    subject: it opens with a conjunction or question word («спитав, чи є хтось») or with a
    word in the accusative or dative («передав справу на розгляд» — a noun the subject
    would name ends otherwise: «міністр», «експерти», «в міністерстві»)."""
    words = word_tokens(text, span.start, span.end)
    if language == "en" or not words or words[0].text[:1].isupper():
        return False
    first = words[0].lower
    return first in _NOT_SUBJECT_OPENERS or (len(first) > 2 and first.endswith(("у", "ю")))


# («и», «і» are left out: «подтвердил и министр» is "the minister too")
_NOT_SUBJECT_OPENERS = _words("чи ли що что як как або или но але щоб чтобы")


def _reporting_participle(word: str, language: str) -> bool:
    """ "adding", «добавив», «додаючи»: a participle that goes on with the speaker's words."""
    if language == "en":
        return word.endswith("ing")
    return word in cues.SPEECH_GERUNDS.get(language, ())


def _opens_with_preposition(text: str, span: Span) -> bool:
    words = word_tokens(text, span.start, span.end)
    return bool(words) and words[0].lower in ENGLISH_PREPOSITIONS


# Prepositions that open where or how a speaker said something, after the speaker
# (Russian and Ukrainian, whose speaker phrases stop before them; in English a longer rest
# was as often a clause: "…, ''claims based on religion have much less acceptance''")
_TAIL_PREPOSITIONS = _words("в во на у під под при з із зі")
_MAX_WHERE_WORDS = 8


def _first_word_lower(text: str, span: Span) -> str:
    words = word_tokens(text, span.start, span.end)
    return words[0].lower if words else ""


# The fewest words of a content that is a whole sentence before its tail, and the most
# words of that tail ("…, Peskov told reporters on Monday").
_MIN_SENTENCE_CONTENT_WORDS = 2
# Conjunctions that open a clause leaning on the sentence before it.
_LEANING_OPENERS = _words(
    "хотя хоча но але а и і та если якщо потому тому поэтому тож though although but "
    "and if because so"
)
_MAX_SHORT_TAIL_WORDS = 5


def _indirect_quote(
    text: str,
    content: Span,
    cue: Span,
    speaker: Mention,
    start: int,
    end: int,
    least: int = _MIN_CONTENT_WORDS,
) -> _Found | None:
    """An indirect quote whose construction runs from ``start`` to ``end``, or None when
    its content is shorter than ``least`` words."""
    if word_count(text, content.start, content.end, least) < least:
        return None
    if any(_only_about_this(text, content, language) for language in _ABOUT_THIS):
        # «Об этом, как передает AFP, он заявил»: a pointer to the words before
        # (`_reported_before_this`), not what was said
        return None
    return _Found(content, cue, speaker, QuoteKind.INDIRECT, start, end)


def _ends_tail(text: str, mention: Span, end: int) -> bool:
    """Whether an inverted speaker closes its tail ("…, said the official." / "…, say
    experts like Paul Bauman, …"), rather than opening a clause ("…, says her sister is")."""
    words = word_tokens(text, mention.start, mention.end)
    if words and words[0].lower in _POSSESSIVES:
        return False
    stop = re.search(r"[,;.!?]", text[mention.end : end])
    rest_end = mention.end + stop.start() if stop else end
    rest = word_tokens(text, mention.end, rest_end)
    if rest and rest[0].lower in _FINITE_VERBS:
        return False  # "…, said Trump's nomination will test …": the clause's subject
    if (
        rest
        and len(words) == 1
        and words[0].lower in _SUBJECT_PRONOUNS
        and rest[0].lower not in ENGLISH_PREPOSITIONS
    ):
        return False  # "…, said he fully supports the compromise" (but "…, said he in …")
    # (where and how it was said may run longer: «— написал глава региона в своем канале
    # в Telegram»)
    where = bool(rest) and rest[0].lower in _TAIL_PREPOSITIONS
    return len(rest) <= (_MAX_WHERE_WORDS if where else 4)


def _first_word(text: str, start: int, end: int) -> int:
    words = word_tokens(text, start, end)
    return words[0].start if words else -1


def _content_start(text: str, sentence_start: int, tail_start: int) -> int:
    """The content of a trailing attribution starts with the sentence, or after a colon
    that introduces it."""
    colon = text.rfind(": ", sentence_start, tail_start)
    return colon + 2 if colon != -1 else sentence_start
