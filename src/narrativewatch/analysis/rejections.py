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
    COMPLEMENTIZERS,
    NAMING_VERBS,
    OWNER_STEMS,
    REJECTION_VERBS,
    REPORTING_NOUNS,
    VERDICT_STEMS,
    VERDICT_WORDS,
    compile_stems,
    compile_words,
)

# A back reference is a noun phrase ("the Russian statement"), not a whole clause.
_MAX_BACK_REFERENCE_WORDS = 12


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
    return bool(_words_pattern("complementizer", language).search(content_text))


def dismisses(cue_text: str, content_text: str, language: str | None) -> bool:
    """Whether a quote rejects something said before without restating it: "dismissed the
    allegations", "said the claims were false", «заявили, что это фейк»."""
    return refers_back(content_text, language) and (
        rejects(cue_text, content_text, language) or has_verdict(content_text, language)
    )


def has_verdict(text: str, language: str | None) -> bool:
    """Whether ``text`` passes a verdict on something said: "a lie", «фейком», «маячня»."""
    return bool(_words_pattern("verdict", language).search(text))


def refers_back(content_text: str, language: str | None) -> bool:
    """Whether reported content only points at something said before ("the claims", "the
    Russian statement", «что это фейк», «це») rather than stating it."""
    words = re.findall(r"\w+", content_text)
    if not words or len(words) > _MAX_BACK_REFERENCE_WORDS:
        return False
    complementizer = _words_pattern("complementizer", language)
    opening = complementizer.match(content_text.lstrip(" ,"))
    body = content_text.lstrip(" ,")[opening.end() :] if opening else content_text
    if complementizer.search(body):
        return False  # "the claim that Ukraine …" states what it rejects
    return bool(
        _words_pattern("reporting_noun", language).search(body)
        or _words_pattern("back_reference", language).search(body)
    )


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
            folded = neighbour.group().lower()
            for side, stems in OWNER_STEMS.items():
                if folded.startswith(stems):
                    return side
    return None


def points_back(word: str, language: str | None) -> bool:
    """Whether ``word`` is a pronoun pointing at something said before ("these", «такі»)."""
    return bool(_words_pattern("back_reference", language).fullmatch(word))


@cache
def _words_pattern(kind: str, language: str | None) -> re.Pattern[str]:
    if kind == "verdict" and language in VERDICT_STEMS:
        return compile_stems(VERDICT_STEMS, language)
    if kind == "reporting_noun":
        return compile_stems(REPORTING_NOUNS, language)
    table = {
        "rejection": REJECTION_VERBS,
        "naming": NAMING_VERBS,
        "complementizer": COMPLEMENTIZERS,
        "back_reference": BACK_REFERENCES,
        "verdict": VERDICT_WORDS,
    }[kind]
    return compile_words(table, language)
