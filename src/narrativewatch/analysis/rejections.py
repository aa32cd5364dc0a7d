"""Rejections: a speaker who reports something in order to reject it.

"The IAEA denied reports that Ukraine had mined the plant", "Kyiv dismissed the
allegations", «Энергоатом назвал это заявление ложью», «У ЦПД заявили, що це черговий
фейк». The matcher reads such quotes the other way round (matching.document); the
vocabulary — rejecting and naming verbs, verdict words, pronouns that point back, the
stems that say whose statement it was — is in `analysis.cues`.
"""

from __future__ import annotations

import re
from functools import cache

from narrativewatch.analysis.cues import (
    BACK_REFERENCES,
    CLAIMING_VERB_STEMS,
    CLAUSE_PUNCTUATION,
    COMPLEMENTIZERS,
    NAMING_VERBS,
    OWNER_STEMS,
    REJECTION_VERBS,
    RELATIVE_POINTERS,
    REPORTING_NOUNS,
    VERDICT_STEMS,
    VERDICT_WORDS,
    compile_stems,
    compile_words,
)

# A back reference is a noun phrase ("the Russian statement"), not a whole clause.
_MAX_BACK_REFERENCE_WORDS = 12
# A reporting noun can say what was claimed with a noun phrase instead of a clause:
# "reports of a build-up of Ukrainian troops at the border", «заявления Минска о
# скоплении украинских войск у границы», «заяви про скупчення військ». Its owner may
# stand between ("Minsk's claims about …" has it before). Three words at least: "the
# allegations about him" points back.
_ABOUT_PREPOSITIONS = {
    "en": r"(?:of|about)",
    "ru": r"(?:о|об|обо|про)",
    "uk": r"(?:про|щодо)",
}
_ABOUT_PHRASE_WORDS = 3


def rejects(cue_text: str, content_text: str, language: str | None) -> bool:
    """Whether the cue rejects what the quote reports: "denied that …", "dismissed the
    claims", «опроверг», or naming it a lie ("called the statement a lie")."""
    # A cue may hold more than the verb: "flatly denied", "denied claims".
    if _words_pattern("rejection", language).search(cue_text):
        return True
    return bool(
        _words_pattern("naming", language).search(cue_text) and has_verdict(content_text, language)
    )


def states_what_is_rejected(content_text: str, language: str | None) -> bool:
    """Whether the content of a rejection spells out a proposition ("reports that Ukraine
    …", «информацию о том, что …», «заяви про те, що …») — so that rejecting it reverses
    it. "Russia denies involvement" has none: what is denied there is the speaker's own
    part, not a claim someone made."""
    return bool(
        _words_pattern("complementizer", language).search(content_text)
        or _states_by_noun(content_text, language)
    )


def _states_by_noun(content_text: str, language: str | None) -> bool:
    """Whether a reporting noun in ``content_text`` is followed (after at most one word
    naming whose it is) by "of" / "about" / «о» / «про» and a phrase of its own: three
    words at least up to the clause's end, a verdict ("… about the killings as fake",
    «… о гибели фейком») not counted."""
    for about in _about_phrase(language).finditer(content_text):
        phrase = CLAUSE_PUNCTUATION.split(content_text[about.end() :], maxsplit=1)[0]
        phrase = re.split(r"\s+as\s+", phrase, maxsplit=1)[0]
        words = [w for w in re.findall(r"[\w'’-]+", phrase) if not has_verdict(w, language)]
        if len(words) >= _ABOUT_PHRASE_WORDS:
            return True
    return False


@cache
def _about_phrase(language: str | None) -> re.Pattern[str]:
    lang = language if language in _ABOUT_PREPOSITIONS else "en"
    return re.compile(
        _words_pattern("reporting_noun", lang).pattern
        + r"(?:\s+[\w'’-]+)?\s+"
        + _ABOUT_PREPOSITIONS[lang]
        + r"(?=\s)",
        re.IGNORECASE,
    )


def dismisses(cue_text: str, content_text: str, language: str | None) -> bool:
    """Whether a quote rejects something said before without restating it: "dismissed the
    allegations", "said the claims were false", «заявили, что это фейк»."""
    pointers = _pointers(content_text, language)
    if not pointers:
        return False
    if rejects(cue_text, content_text, language):
        # «опровергли заявления Минска о скоплении войск у границы» rejects what it states
        return not _states_by_noun(content_text, language)
    # The verdict must be passed on a pointer other than itself: "said the claims were
    # fake", «что это фейк», not "said the fake referendums would never be recognised",
    # where "fake" is the only word that could point back.
    verdicts = [m.span() for m in _words_pattern("verdict", language).finditer(content_text)]
    return any(
        not (v_start < p_end and p_start < v_end)
        for v_start, v_end in verdicts
        for p_start, p_end in pointers
    )


def has_verdict(text: str, language: str | None) -> bool:
    """Whether ``text`` passes a verdict on something said: "a lie", «фейком», «маячня»."""
    return bool(_words_pattern("verdict", language).search(text))


def refers_back(content_text: str, language: str | None) -> bool:
    """Whether reported content only points at something said before ("the claims", "the
    Russian statement", «что это фейк», «це») rather than stating it."""
    return bool(_pointers(content_text, language))


def _pointers(content_text: str, language: str | None) -> list[tuple[int, int]]:
    """The spans of the words by which a back reference points ("the claims", «это»), in
    ``content_text``; none when the content is no back reference."""
    words = re.findall(r"\w+", content_text)
    if not words or len(words) > _MAX_BACK_REFERENCE_WORDS:
        return []
    # a relative pronoun alone points back at the clause before it: «…, что Киев отрицает»
    if content_text.strip().lower() in RELATIVE_POINTERS.get(language or "en", ()):
        return [(0, len(content_text))]
    complementizer = _words_pattern("complementizer", language)
    stripped = len(content_text) - len(content_text.lstrip(" ,"))
    opening = complementizer.match(content_text, stripped)
    start = opening.end() if opening else 0
    if complementizer.search(content_text, start):
        return []  # "the claim that Ukraine …" states what it rejects
    return [
        match.span()
        for kind in ("reporting_noun", "back_reference")
        for match in _words_pattern(kind, language).finditer(content_text, start)
    ]


def statement_owner(content_text: str, language: str | None) -> str | None:
    """ "voice" when the statement a quote rejects is the Kremlin's or Minsk's ("the Russian
    statement", «заяви Мінська»), "target" when it is Kyiv's or the West's ("Western
    reports", «заявления Киева»), None when the content does not say."""
    words = list(re.finditer(r"[\w'’-]+", content_text))
    nouns = _words_pattern("reporting_noun", language)
    for position, word in enumerate(words):
        if not nouns.fullmatch(word.group()):
            continue
        neighbours = words[max(0, position - 2) : position] + words[position + 1 : position + 2]
        for neighbour in neighbours:
            side = _owner_side(neighbour.group().lower())
            if side is not None:
                return side
    return None


def _owner_side(word: str) -> str | None:
    """ "voice" or "target" when the lower-case ``word`` names a side (`cues.OWNER_STEMS`)."""
    return next((side for side, stems in OWNER_STEMS.items() if word.startswith(stems)), None)


# "Российская сторона не в первый раз называет": an owner and its verb share a clause, a
# few words apart at most.
_MAX_OWNER_TO_VERB_WORDS = 6
# "called for talks", "called on Kyiv", "insisted on": a call, not a claim.
_PHRASAL_PARTICLES = frozenset({"for", "on", "off", "up", "in", "back", "upon"})


def frames_voice_claim(content_text: str, language: str | None) -> bool:
    """Whether the content describes a claim as the Kremlin's or Minsk's doing — "Moscow
    accuses Kyiv of preparing attacks", «Российская сторона называет постановкой то, что
    невозможно скрыть», «Кремль стверджує, що …» —: a claiming verb whose nearest
    owner word before it, in the same clause, is Russia's or Belarus's side. Not "Russian
    troops shelled the city and Ukraine called it …": the owner nearest the verb is
    Ukraine."""
    verbs = _words_pattern("claiming_verb", language)
    for clause in CLAUSE_PUNCTUATION.split(content_text):
        words = [word.lower() for word in re.findall(r"[\w'’-]+", clause)]
        for position, word in enumerate(words):
            if not verbs.fullmatch(word) or (
                position + 1 < len(words) and words[position + 1] in _PHRASAL_PARTICLES
            ):
                continue
            before = words[max(0, position - _MAX_OWNER_TO_VERB_WORDS) : position]
            sides = (_owner_side(neighbour) for neighbour in reversed(before))
            if next((side for side in sides if side is not None), None) == "voice":
                return True
    return False


def points_back(word: str, language: str | None) -> bool:
    """Whether ``word`` is a pronoun pointing at something said before ("these", «такі»)."""
    return bool(_words_pattern("back_reference", language).fullmatch(word))


@cache
def _words_pattern(kind: str, language: str | None) -> re.Pattern[str]:
    if kind == "verdict" and language in VERDICT_STEMS:
        return compile_stems(VERDICT_STEMS, language)
    if kind == "reporting_noun":
        return compile_stems(REPORTING_NOUNS, language)
    if kind == "claiming_verb":
        return compile_stems(CLAIMING_VERB_STEMS, language)
    table = {
        "rejection": REJECTION_VERBS,
        "naming": NAMING_VERBS,
        "complementizer": COMPLEMENTIZERS,
        "back_reference": BACK_REFERENCES,
        "verdict": VERDICT_WORDS,
    }[kind]
    return compile_words(table, language)
