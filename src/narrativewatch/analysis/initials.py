"""Whether a capital letter and a full stop are an initial or a sentence's end.

"John F. Kennedy", "В. Зеленський": a lone capital letter with a full stop is usually an
initial, and the stages that find sentences, quotations and names read on past it. But
since 2023 "X" is also a platform: "the minister wrote on X. He said Russia …", "написав
міністр у X. Він зазначив …". There the full stop ends the sentence — read as an initial,
"X. He" became a person's name and the speaker of the next sentence's quote was lost.

What tells them apart is the next word: a surname follows an initial, while a pronoun, an
article or a conjunction opens a sentence and is nobody's surname. Only those words are
listed, so an initial before a name is read as before.
"""

from __future__ import annotations

import re

# Words that open a sentence and cannot be a surname after an initial (en, ru, uk).
_SENTENCE_OPENERS = (
    "he", "she", "they", "it", "we", "i", "you", "the", "a", "an", "this", "that", "these",
    "those", "there", "his", "her", "their", "its", "our", "but", "and", "so", "yet",
    "however", "meanwhile",
    "он", "она", "они", "оно", "мы", "я", "вы", "это", "этот", "эта", "эти", "там", "но",
    "и", "однако", "его", "ее", "её", "их",
    "він", "вона", "вони", "воно", "ми", "ви", "це", "цей", "ця", "ці", "але", "й",
    "однак", "його", "її", "їх",
)  # fmt: skip

# A lone capital letter (not the last letter of a longer word or of "U.S."), its full
# stop, spaces and a sentence opener with a capital, itself no initial ("J. I. Smith").
_LETTER_THEN_OPENER = re.compile(
    r"(?<![\w.])[A-ZА-ЯЁІЇЄҐ]\.(?=[ \t\n]+(?:"
    + "|".join(sorted((w.capitalize() for w in _SENTENCE_OPENERS), key=len, reverse=True))
    + r")(?![\w.]))"
)


def letter_ends_sentence(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop``, after a lone capital letter, ends a sentence
    ("on X. He said"), not an initial ("John F. Kennedy")."""
    return stop >= 1 and _LETTER_THEN_OPENER.match(text, stop - 1) is not None


def sentence_ends_after_letters(text: str, start: int, end: int) -> list[int]:
    """Offsets just past each such full stop in ``text[start:end]``."""
    return [found.end() for found in _LETTER_THEN_OPENER.finditer(text, start, end)]
