"""Ukrainian text in the Russian spelling natasha's tagger and dictionary read best.

natasha's models are Russian: its tagger knows "Виннице", not "Вінниці", and pymorphy2's
dictionary "Сталина", not Ukrainian letters. The transform keeps every character's
position, so offsets found on the respelt text are the original's (docs/ner.md).
"""

from __future__ import annotations

import re

# Letter for letter, Ukrainian spelling in the Russian letters natasha's model was trained
# on: і/ї → и, є → е, ґ → г, and the apostrophe (Слов'янськ) → ь, where Russian spelling
# has a soft or hard sign ("Марьинка"). Each choice was measured on
# tests/data/ner/uk_dev.jsonl only (docs/ner.md): "ь" beat "ъ", and и → ы hurt.
_UKRAINIAN_LETTERS = str.maketrans("іїєґІЇЄҐ'’ʼ", "ииегИИЕГььь")
# Case endings whose Russian counterpart has the same length, so that offsets survive: the
# locative/dative "-і" after a consonant is Russian "-е" ("у Львові" ~ "во Львове"; the
# tagger took "Львови" for a surname) and the instrumental "-ою" is "-ой".
_LOCATIVE_I = re.compile(r"(?<=[бвгґджзклмнпрстфхцчшщ])і\b")
_INSTRUMENTAL_OYU = re.compile(r"(?<=\w)ою\b")


def in_russian_spelling(ukrainian: str) -> str:
    """The text as natasha's Russian tagger reads best, character for character."""
    text = _INSTRUMENTAL_OYU.sub("ой", _LOCATIVE_I.sub("е", ukrainian))
    return text.translate(_UKRAINIAN_LETTERS)
