"""Where sentences, clauses, statements and complements start and end, as the quote rules
read them, and the word forms that decide it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from narrativewatch.analysis.initials import letter_ends_sentence
from narrativewatch.analysis.quotes.parts import (
    _ADVERBIAL,
    _CLAUSE_OPENERS_EN,
    _CLAUSE_SUBJECT_DETERMINERS,
    _MAX_SKIPPED_WORDS,
    _MIN_INTRODUCED_WORDS,
    _NOT_CLAUSE_OPENERS,
    _OPENING_QUOTE_MARKS,
    _QUOTED,
    _SUBJECT_PRONOUNS,
    _TELL_FORMS,
    _WHEN_WORDS,
    _Cues,
    _words,
)
from narrativewatch.analysis.speakers import ABBREVIATIONS, ENGLISH_PREPOSITIONS
from narrativewatch.analysis.tokens import Token, fold, word_count, word_tokens
from narrativewatch.model import Span


def _is_participle(word: str, language: str) -> bool:
    """ "saying", «заявив», «отмечая», «заявивши», «зазначаючи»: a verb form that takes its subject
    from the clause. Ukrainian «заявив» is not one: it is the past tense («…, заявив
    Буданов»), whose Russian twin is «заявил»; the Ukrainian gerunds end in «-вши» and
    «-учи/-ючи/-ачи/-ячи»."""
    word = fold(word)
    if language == "en":
        return word.endswith("ing")
    if language == "uk":
        return word.endswith(_UKRAINIAN_GERUND_ENDINGS)
    # Russian: «заявив», «заявивши», and the present «отмечая» (not a reflexive «-ся»)
    return (word.endswith(("вши", "в")) and not word.endswith(("ов", "ев", "ів"))) or (
        word.endswith("я") and not word.endswith("ся")
    )


_UKRAINIAN_GERUND_ENDINGS = ("вши", "учи", "ючи", "ачи", "ячи")


def _opens_clause(text: str, sentence_start: int, position: int) -> bool:
    """Whether only a clause boundary (or "as", «как», «як») precedes ``position``."""
    head = re.split(r"[,;:—–]", text[sentence_start:position])[-1]
    return fold(head.strip()) in ("", "as", "как", "як")


def _proper_noun(text: str, verb: re.Match[str], sentence_start: int) -> bool:
    """ "the United States" is not the verb "states": a capitalised cue inside a sentence."""
    return verb.group()[0].isupper() and bool(text[sentence_start : verb.start()].strip())


# The most words between "told" and its "that" (whom, where, when).
_MAX_WORDS_BEFORE_TOLD_THAT = 20


def _complement_after(text: str, position: int, end: int, cue_set: _Cues) -> int | None:
    """Where the reported content starts after a reporting verb: at its complementizer
    ("said that …", "заявил, что …", allowing a short addressee or time in between:
    "told reporters on Monday that"), after a colon ("said: …"), or — in English — at a
    bare clause ("said he would …", "says Mr. Clinton would …")."""
    window = text[position:end]
    # A few words between the verb and its complementizer, joined by spaces only ("told
    # conservative radio host Hugh Hewitt on Wednesday that") — after "told", also a list
    # of whom, with commas before names ("told his counterparts from the United States,
    # Britain, France and Turkey in phone calls on 23 October that").
    told = fold(_verb_text(text, position)) in _TELL_FORMS
    joint = r"(?:\s+|,\s+(?=[A-Z]))" if told and cue_set.language == "en" else r"\s+"
    for count in range((_MAX_WORDS_BEFORE_TOLD_THAT if told else _MAX_SKIPPED_WORDS) + 1):
        skip = re.match(rf"(?:{joint}[\w’'-]+){{{count}}}", window)
        if skip is None:
            break
        skipped = word_tokens(window, 0, skip.end())
        if skipped and _bare_word(skipped[0].lower) in _SUBJECT_PRONOUNS - {"that"}:
            break  # "say they feel that way": a bare clause, not "say … that"
        if skipped and skipped[0].lower in _CLAUSE_SUBJECT_DETERMINERS and not told:
            # "said the missile that hit the station was fired by …": the clause's subject
            # and its relative clause, not an addressee before "that".
            break
        if cue_set.language == "en" and not told and skipped and not _may_precede_that(skipped):
            # "rejected attacks from Bush that he was not a conservative": the verb's
            # object and its noun clause; "said current officials have concealed breaches
            # that …": a bare clause and a relative one
            break
        if any(w.lower == "of" for w in skipped) and fold(_verb_text(text, position)).startswith(
            ("accus", "blam")
        ):
            # "accuse Ukraine of preparing an act that …": the charge, not a clause after
            # "that" (a relative clause of the charge's noun)
            break
        found = cue_set.complementizer.match(window, skip.end())
        if found and not re.search(r"(?i)\b(?:so|such|now|given)\s*$", window[: skip.end()]):
            complementizer = found.group().lstrip(" ,")
            return position + found.end() - len(complementizer)
    colon = re.match(r"(?:\s+[\w’'-]+){0,3}?\s*:\s*(?=\S)", window)
    if colon:
        return position + colon.end()
    if cue_set.language != "en":
        return None
    cursor = position
    for _ in range(3):
        adverbial = _ADVERBIAL.match(text, cursor, end)
        if adverbial is None:
            break
        cursor = adverbial.end()
    words = word_tokens(text, cursor, end)
    if len(words) < 2 or re.search(r"[;:.!?,(]", text[position : words[0].start]):
        return None
    if fold(_verb_text(text, position)) in _TELL_FORMS:
        # "told CNN he would …": the addressee, then the clause.
        for word in words[:4]:
            if _bare_word(word.lower) in _SUBJECT_PRONOUNS:
                return _with_opening_mark(text, word.start)
        subject = _subject_after_addressee(text, words)
        return None if subject is None else _with_opening_mark(text, subject)
    opener = words[0]
    if _bare_word(opener.lower) in _CLAUSE_OPENERS_EN:
        return _with_opening_mark(text, opener.start)
    if opener.text[:1].isupper():
        # "says Sen. Ted Cruz is …", not "said Trump." or "said Trump aides".
        if any(w.text.islower() for w in words[1:5]) and not re.search(
            r"[,]", text[opener.start : words[min(2, len(words) - 1)].start]
        ):
            return _with_opening_mark(text, opener.start)
        return None
    if opener.lower in _NOT_CLAUSE_OPENERS or opener.lower.endswith("ly"):
        return None
    return _with_opening_mark(text, opener.start)


def _may_precede_that(skipped: Sequence[Token]) -> bool:
    """Whether English words between a cue (not "told") and "that" may say when, where or
    how it was said ("in a statement on Monday", "last week", "repeatedly"): they open
    with a preposition, a name, an adverb or a word of time, and hold no finite verb."""
    first = skipped[0]
    return not any(w.lower in _FINITE_VERBS for w in skipped) and (
        first.text[:1].isupper()
        or first.lower in ENGLISH_PREPOSITIONS
        or first.lower in _WHEN_WORDS
        or first.lower.endswith("ly")
    )


def _subject_after_addressee(text: str, words: list[Token]) -> int | None:
    """Where the clause starts in "told Reuters the Kremlin was ready …", "warned allies
    the alliance must …", "told lawmakers Ukrainian forces had …": the subject of the
    clause's first finite verb, read back from that verb to a determiner or to a name
    that follows a word in lower case — which leaves a whom-told before it. A run of
    names ("told CNN Russia had …") cannot be split without knowing the names: None."""
    verb = next(
        (
            i
            for i, word in enumerate(words[: _MAX_TOLD_WORDS + _MAX_SUBJECT_WORDS + 1])
            if i >= 2 and word.lower in _FINITE_VERBS
        ),
        None,
    )
    if verb is None or any(
        text[before.end : word.start].strip() for before, word in pairwise(words[: verb + 1])
    ):
        return None  # "he told me on Friday, is that …": no whom-told runs into a clause
    for i in range(verb - 1, max(0, verb - _MAX_SUBJECT_WORDS) - 1, -1):
        word = words[i]
        if not word.text[:1].isalpha() or word.lower in _NOT_IN_SUBJECT:
            return None
        before = words[i - 1] if i > 0 else None
        if (
            word.lower in _CLAUSE_SUBJECT_DETERMINERS
            or _bare_word(word.lower) in _SUBJECT_PRONOUNS
            or (
                word.text[:1].isupper()
                and before is not None
                and before.text.islower()
                and before.lower not in _CLAUSE_SUBJECT_DETERMINERS
            )
        ):
            told = words[:i]
            if not 1 <= i <= _MAX_TOLD_WORDS or any(w.lower in _NOT_IN_ADDRESSEE for w in told):
                return None  # "warned of the implications a presidency would have"
            return word.start
    return None


# A whom-told of up to four words ("state news agency TASS"), a subject of up to four
# ("the head of the agency" is longer, and stays unread).
_MAX_TOLD_WORDS = 4
_MAX_SUBJECT_WORDS = 4
# Words that cannot stand inside the subject read back from its verb.
_NOT_IN_SUBJECT = _NOT_CLAUSE_OPENERS | _words("that and or but if")
# Words that cannot stand in whom the speaker told: "warned of …", "spoke about …".
_NOT_IN_ADDRESSEE = _words("of about for from by with that whether if and or but as")
# Verbs that can only be finite: the clause after a whom-told starts before one of them.
_FINITE_VERBS = _words(
    "is are was were has have had would will could can should may might must did does "
    "wanted wants planned plans intended intends remained remains"
)


def _with_opening_mark(text: str, start: int) -> int:
    """A bare clause that opens with a quotation mark keeps it: 'repeats "dirty bomb" claim'
    reports '"dirty bomb" claim', not 'dirty bomb" claim'."""
    if start > 0 and text[start - 1] in _OPENING_QUOTE_MARKS:
        return start - 1
    return start


def _verb_text(text: str, verb_end: int) -> str:
    """The word that ends at ``verb_end``."""
    match = re.search(r"[\w’'-]+$", text[max(0, verb_end - 30) : verb_end])
    return match.group() if match else ""


def _bare_word(word: str) -> str:
    """ "he'd" → "he", "they're" → "they"."""
    return re.sub(r"'(?:d|ll|s|re|ve|m)$", "", word)


def _statement_end(text: str, start: int) -> int:
    """The end of the attribution after a closing quotation mark: the next full stop that
    does not follow an abbreviation ("Mr. Autor said."), line break or quotation mark."""
    position = start
    while (match := _STATEMENT_STOP.search(text, position)) is not None:
        position = match.end()
        if match.group() == "." and _closes_abbreviation(text, match.start(), start):
            continue
        term = _quoted_term(text, match.start()) if match.group() != "\n" else None
        if term is not None:
            # 'said of the claims about a "dirty bomb".': a term the tail quotes, not the
            # next quotation — unless the term ends the sentence ('… of "mutual good."')
            if re.search(r"[.!?]\W*$", text[term.start : term.end]):
                return term.end
            position = term.end
            continue
        return match.start()
    return len(text)


def _quoted_term(text: str, start: int) -> Span | None:
    """The quoted term of one or two words that opens at ``start`` after a space ('a
    "dirty bomb"'), not a quotation, nor a value in markup ('id="7479…"')."""
    if start > 0 and not text[start - 1].isspace():
        return None
    term = _QUOTED.match(text, start)
    if term is None or (
        word_count(text, term.start(), term.end(), _MIN_INTRODUCED_WORDS) >= _MIN_INTRODUCED_WORDS
    ):
        return None
    return Span(term.start(), term.end())


_STATEMENT_STOP = re.compile(r"[.!?](?=\s|$)|\n|[“«\"]|''")


def _is_abbreviation(word: str) -> bool:
    lowered = word.lower()
    return (
        lowered in ABBREVIATIONS
        or lowered in _MONTH_ABBREVIATIONS
        or (len(word) == 1 and word.isupper())
    )


_MONTH_ABBREVIATIONS = _words("jan feb mar apr jun jul aug sep sept oct nov dec")


_SENTENCE_BREAK = re.compile(r"[.!?][ \t]")


def _sentence_end(text: str, start: int, end: int) -> int:
    """The end of the sentence that runs from ``start``: its first ". ", "! " or "? "
    before ``end`` that does not close an abbreviation, else ``end``."""
    for found in _SENTENCE_BREAK.finditer(text, start, end):
        if found.group()[0] == "." and _closes_abbreviation(text, found.start(), start):
            continue
        return found.start() + 1
    return end


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding ``position`` starts within its line: after the last
    ". ", "! " or "? " before it that does not close an abbreviation ("Sen. Graham",
    "the U.S. State Department", "Oct. 25")."""
    line_start = text.rfind("\n", 0, position) + 1
    start = line_start
    for found in _SENTENCE_BREAK.finditer(text, line_start, position):
        if found.group()[0] == "." and _closes_abbreviation(text, found.start(), line_start):
            continue
        start = found.end()
    return start


def _closes_abbreviation(text: str, stop: int, floor: int) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation ("Mr.", "U.S.", "Oct."), not
    a sentence; words before ``floor`` are not looked at."""
    words = word_tokens(text, max(floor, stop - 12), stop)
    return (
        bool(words)
        and words[-1].end == stop
        and _is_abbreviation(words[-1].text)
        and not letter_ends_sentence(text, stop)
    )


def _clause(text: str, start: int, end: int, cue_set: _Cues) -> Span:
    stop = end
    lowered = text[start:end].lower()
    for marker in cue_set.clause_breaks:
        index = lowered.find(marker)
        if index > 0:
            stop = min(stop, start + index)
        if marker.startswith(", "):
            # 'that Russia "must pay for this," adding …': the comma inside the quotation
            # marks; the content keeps its closing mark.
            quoted = re.search(r",[”\"»’']" + re.escape(marker[1:]), lowered)
            if quoted is not None and quoted.start() > 0:
                stop = min(stop, start + quoted.start() + 2)
    if cue_set.language == "en":
        stop = _next_report(text, start, stop, cue_set)
    return _trim(text, Span(start, _quoted_clause_end(text, start, stop) or stop))


def _next_report(text: str, start: int, stop: int, cue_set: _Cues) -> int:
    """Where an English clause ends before a new report of its own: "Although Weiner
    admitted that they had “been friends,” he claimed they had never met" — at the comma
    before "he claimed", whose verb goes on with a clause (not the tail "…, he said, …")."""
    for found in _COMMA_AND_PRONOUN.finditer(text, start, stop):
        verb = cue_set.reporting.match(text, found.end(), stop)
        if verb is not None and _CLAUSE_AFTER_VERB.match(text, verb.end(), stop):
            return found.start()
    return stop


_CLAUSE_AFTER_VERB = re.compile(r"\s+(?:that|he|she|they|we|I|it|the|a|an)\s", re.IGNORECASE)
_COMMA_AND_PRONOUN = re.compile(r",[”\"’']?\s+(?:he|she|they|we|I)\s+(?:\w+ly\s+)?")


def _quoted_clause_end(text: str, start: int, stop: int) -> int | None:
    """The end of reported words that open with a quotation mark and whose quotation
    closes the clause: "Putin says 'we did not start this war' — tell that to …" reports
    'we did not start this war', not what follows the dash."""
    if text[start : start + 1] in _CLOSING_MARK_FOR:
        opening = start
    elif start > 0 and text[start - 1] in _CLOSING_MARK_FOR:
        opening = start - 1
    else:
        return None
    closing_mark = _CLOSING_MARK_FOR[text[opening]]
    for found in re.finditer(re.escape(closing_mark), text[opening + 1 : stop]):
        close = opening + 1 + found.start()
        if text[close + 1 : close + 2].isalpha():
            continue  # an apostrophe ("didn't")
        rest = text[close + 1 : stop].lstrip()
        if rest and rest[0] in "—–-;:" and close + 1 < stop:
            return close + 1
        return None
    return None


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    # (any space: a scraped line may end in no-break spaces or a carriage return)
    while start < end and (text[start].isspace() or text[start] in ",—–-:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",—–-:;."):
        end -= 1
    if end > start and _unopened_close(text, start, end):
        # "Zakharova said 'we have the documents', but …": the reported words end inside
        # a quotation whose opening mark the content does not hold.
        return _trim(text, Span(start, end - 1))
    return Span(start, end)


_OPENING_MARK_FOR = {"”": "“", "»": "«", "’": "‘", "'": "'", '"': '"'}
_CLOSING_MARK_FOR = {opening: closing for closing, opening in _OPENING_MARK_FOR.items()}


def _unopened_close(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends with a closing quotation mark it does not open."""
    mark = text[end - 1]
    opening = _OPENING_MARK_FOR.get(mark)
    if opening is None:
        return False
    if opening != mark:
        return opening not in text[start : end - 1]
    # The same character opens and closes: an opening one starts a word ("'we", not
    # "don't"); for the straight double quote, count them.
    if mark == '"':
        return text.count('"', start, end) % 2 == 1
    return re.search(r"(?:^|(?<=\W))'(?=\w)", text[start : end - 1]) is None


def _tail_end(text: str, position: int, end: int) -> int:
    """Where the attribution tail ends: at the next comma or the sentence end."""
    stop = re.search(r"[,;]", text[position:end])
    return position + stop.start() if stop else end
