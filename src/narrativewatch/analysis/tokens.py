"""Word tokens with character offsets, and inflection-tolerant token comparison.

Russian and Ukrainian inflect names ("Песков", "Пескова", "Пєскову"; "Державна прикордонна
служба" → "Державної прикордонної служби"). Snowball's Russian stemmer is inconsistent on
names ("Песков" → "песк" but "Пескова" → "песков") and has no Ukrainian, so instead of
stemming both sides we compare an alias token with a text token by a shared stem plus a
short inflectional ending. That is symmetric enough for names and titles and needs no model.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_WORD = re.compile(r"\w+(?:[-'’ʼ]\w+)*", re.UNICODE)
_APOSTROPHES = ("'", "’")
_CYRILLIC = re.compile(r"[а-яёіїєґ]", re.IGNORECASE)
# Longest ending an inflected form may add after the alias stem ("-ого", "-ами", "-ові").
_MAX_ENDING = 3
_MIN_STEM = 3
# The final letters an inflection may replace: vowels, soft signs and "й" ("Песков" must
# not match "Песк"). The town gazetteer drops the same ones.
DROPPABLE_LETTERS = frozenset("аеиоуыэюяіїєйь")
# "and" in the three languages: lists of names ("the US, Britain and France").
AND_WORDS = frozenset(["and", "и", "і", "й", "та"])


class Token(NamedTuple):
    # A named tuple, not a frozen dataclass: every word of every sentence is made a token
    # several times per article, and a frozen dataclass's constructor, which sets each
    # field through object.__setattr__, costs 1.7 times as much (532 against 316 ns).
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return fold(self.text)


def fold(text: str) -> str:
    """Lowercase and unify letters that spelling varies on (ё/е, apostrophes)."""
    return text.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")


def word_tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word tokens of ``text[start:end]`` with offsets into ``text``.

    An English possessive ("Putin's") yields the bare word, so "Putin's spokesman" starts
    with the token "Putin".
    """
    tokens = []
    for match in _WORD.finditer(text, start, len(text) if end is None else end):
        word = match.group()
        word_start, word_end = match.span()
        # The possessive test without a regular expression per word (this runs for every
        # word of every sentence, several times per article): "'s" / "’s", any case.
        if word[-2:-1] in _APOSTROPHES and word[-1] in "sS" and not is_cyrillic(word):
            word_end -= 2
            word = word[:-2]
        tokens.append(Token(word_start, word_end, word))
    return tokens


def word_count(text: str, start: int = 0, end: int | None = None, at_most: int = 10**9) -> int:
    """How many words `word_tokens` finds in ``text[start:end]``, counting no further than
    ``at_most`` + 1: enough to compare with ``at_most``, without reading a long stretch
    to its end (the quote rules ask "at least three words?" of what follows every cue,
    and a line without full stops made that the square of its length)."""
    count = 0
    for _ in _WORD.finditer(text, start, len(text) if end is None else end):
        count += 1
        if count > at_most:
            break
    return count


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# The vowels Ukrainian alternates inside a stem (Київ ~ Києва, Львів ~ Львова): one letter
# in bucket keys, so that both forms land in the same bucket.
_ALTERNATING_VOWELS = str.maketrans("іїєое", "eeeee")


def stem_key(folded: str, letters: int = _MIN_STEM + 1) -> str:
    """The bucket key of a folded token: its first ``letters`` letters, shared by all its
    inflections."""
    return folded[:letters].translate(_ALTERNATING_VOWELS)


def token_matches(alias: str, word: str, in_phrase: bool = False) -> bool:
    """Whether text token ``word`` is ``alias`` or an inflected form of it (both folded).

    Cyrillic words may drop up to two final letters of the alias and add an ending of up to
    three letters ("служба" ~ "служби", "Песков" ~ "Пескову"); Latin words must be equal
    (English does not inflect names; possessives are split off by the tokenizer).
    ``in_phrase``: the alias is one word of a longer name whose other words must match
    too, so a four-letter word may also drop its final vowel — «Верховна Рада» ~
    «Верховної Ради», «Збройні сили» ~ «Збройних сил» —, which alone would let "рада"
    reach "радий".
    """
    if alias == word:
        return True
    if not is_cyrillic(alias) or len(alias) < _MIN_STEM + 1:
        return False
    if _other_gender(alias, word):
        return False
    if _alternated(alias, word):
        return True
    for dropped in (0, 1, 2):
        stem = alias[: len(alias) - dropped]
        # Two dropped letters need a longer stem: "Грузия" must not reach "груз" (cargo).
        shortest = _MIN_STEM if in_phrase and dropped == 1 else _MIN_STEM + 1 + (dropped == 2)
        if len(stem) < shortest:
            break
        if word.startswith(stem) and len(word) - len(stem) <= _MAX_ENDING:
            if dropped and not set(alias[len(stem) :]) <= DROPPABLE_LETTERS:
                continue
            return True
    return False


# A Ukrainian stem's final і/ї becomes о/е/є once an ending follows: Харків ~ Харкова,
# Київ ~ Києва, Миколаїв ~ Миколаєва, Ірпінь ~ Ірпеня.
_ALTERNATING = re.compile(r"^(.{2,}?)([ії])([бвгґджзклмнпрстфхцчшщ]+)ь?$")
_ALTERNATING_SHORT = re.compile(r"^(.+?)([ії])([бвгґджзклмнпрстфхцчшщ]+)ь?$")
# Adjectival surnames (Зеленский, Зеленський, Троцкий): these endings after the stem are
# the feminine forms — another person (Зеленская, Зеленська), not an inflection.
_ADJECTIVAL = re.compile(r"[сцз]ь?к(?:ий|ій|ый|ой)$")
_FEMININE_ENDINGS = frozenset({"ая", "ой", "ую", "ою", "а", "ої", "ій", "у"})


def alternated_stems(alias: str, short: bool = False) -> tuple[str, ...]:
    """The stems a folded Ukrainian name takes before an ending when its last syllable's
    і/ї alternates ("харків" → "харков", "харкев"; "миколаїв" → "миколаєв"); () if none.
    ``short`` also reads a one-letter head ("ріг" → "рог"), which only a word inside a
    longer name may have: alone, "ліс" and "від" are common words."""
    match = (_ALTERNATING_SHORT if short else _ALTERNATING).match(alias)
    if match is None:
        return ()
    head, vowel, tail = match.groups()
    return tuple(head + replacement + tail for replacement in _REPLACEMENTS[vowel])


_REPLACEMENTS = {"ї": ("є",), "і": ("о", "е")}


def _alternated(alias: str, word: str) -> bool:
    for stem in alternated_stems(alias):
        if len(stem) >= _MIN_STEM + 1 and word.startswith(stem):
            return 0 < len(word) - len(stem) <= _MAX_ENDING
    return False


def _other_gender(alias: str, word: str) -> bool:
    """Whether ``word`` is the feminine form of the masculine adjectival surname ``alias``."""
    if _ADJECTIVAL.search(alias) is None:
        return False
    stem = alias[:-2]
    return word.startswith(stem) and word[len(stem) :] in _FEMININE_ENDINGS
