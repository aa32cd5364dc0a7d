"""Words that introduce speech and cited sources, in English, Russian and Ukrainian.

Kept apart from the stages that use them so the vocabulary can be read, reviewed and
extended in one place. Russian and Ukrainian verbs are listed by stem with the endings
that make them finite verbs, so "заявил/заявила/заявили" and "заявив/заявила/заявили"
match but the noun "заявление"/"заява" does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _forms(stems: Iterable[str], endings: Iterable[str]) -> list[str]:
    ending_list = list(endings)
    return [stem + ending for stem in stems for ending in ending_list]


_EN_SPEECH_VERBS = [
    "said", "says", "say", "stated", "states", "told", "tells", "added", "adds",
    "stressed", "stresses", "noted", "notes", "claimed", "claims", "reiterated",
    "reiterates", "warned", "warns", "announced", "announces", "declared", "declares",
    "insisted", "insists", "argued", "argues", "explained", "explains", "alleged",
    "alleges", "emphasised", "emphasized", "emphasises", "emphasizes", "wrote", "writes",
    "suggested", "suggests", "asserted", "asserts", "accused", "accuses", "denied",
    "denies", "confirmed", "confirms", "acknowledged", "acknowledges", "admitted",
    "admits", "commented", "remarked", "responded", "replied", "posted", "tweeted",
    "assured", "assures", "underlined", "underscored", "pointed out", "complained",
    "maintained", "maintains", "contended", "reported", "reports", "recalled",
    "believes", "believed", "threatened", "promised", "predicted", "urged",
    "repeated", "repeats", "rejects", "rejected", "dismissed", "dismisses",
]  # fmt: skip
# Past tense: -л/-ла/-ли/-ло; present 3rd person listed explicitly.
_RU_PAST_STEMS = [
    "заяви", "заявля", "сказа", "сообщи", "сообща", "отмети", "подчеркну", "добави",
    "поясни", "утвержда", "написа", "предупреди", "обвини", "опровер", "призна", "завери",
    "напомни", "указа", "констатирова", "рассказа", "говори", "уточни", "объясни",
    "пообеща", "пригрози", "сообщи", "ответи", "прокомментирова", "выступи", "отвергну",
    "подтверди", "допусти", "счита", "настаива", "передава", "опроверга", "обвиня",
    "отрица", "отверга", "повтори", "повторя",
]  # fmt: skip
_RU_PRESENT = [
    "заявляет", "заявляют", "говорит", "говорят", "сообщает", "сообщают", "утверждает",
    "утверждают", "считает", "считают", "пишет", "пишут", "передает", "передаёт",
    "отмечает", "отмечают", "подчеркивает", "подчёркивает", "уверяет", "настаивает",
    "опровергает", "обвиняет", "признает", "признаёт", "указывает", "добавляет",
    "отрицает", "отрицают", "отвергает", "повторяет",
    # gerunds: «извинился, заявив, что …»
    "заявив", "сказав", "отметив", "подчеркнув", "добавив", "пояснив", "напомнив",
    "поясняет", "предупреждает", "напоминает", "уточняет", "рассказывает", "опроверг",
]  # fmt: skip
_UK_PAST_STEMS = [
    "заяви", "заявля", "сказа", "повідоми", "повідомля", "зазначи", "наголоси",
    "підкресли", "дода", "поясни", "стверджува", "написа", "попереди", "звинувати",
    "спростува", "визна", "запевни", "нагада", "вказа", "констатува", "розповіли",
    "розпові", "говори", "уточни", "пообіця", "пригрози", "відповіли", "відповів",
    "прокоментува", "підтверди", "припусти", "вважа", "наполяга", "переда", "відкину",
    "заперечи", "заперечува", "повтори", "повторю",
]  # fmt: skip
_UK_PRESENT = [
    "заявляє", "заявляють", "каже", "кажуть", "говорить", "говорять", "повідомляє",
    "повідомляють", "стверджує", "стверджують", "вважає", "вважають", "пише", "пишуть",
    "передає", "зазначає", "зазначають", "наголошує", "наголошують", "підкреслює",
    "запевняє", "наполягає", "спростовує", "звинувачує", "визнає", "вказує", "додає",
    "пояснює", "попереджає", "нагадує", "уточнює", "розповідає",
    "заперечує", "заперечують", "відкидає", "повторює",
    # gerunds: «вибачився, заявивши, що …»
    "заявивши", "сказавши", "зазначивши", "наголосивши", "додавши", "пояснивши",
]  # fmt: skip

SPEECH_VERBS: dict[str, list[str]] = {
    "en": _EN_SPEECH_VERBS,
    "ru": _forms(_RU_PAST_STEMS, ["л", "ла", "ли", "ло"])
    + _RU_PRESENT
    + ["опровергла", "опровергли"],
    "uk": _forms(_UK_PAST_STEMS, ["в", "ла", "ли", "ло"]) + _UK_PRESENT + ["розповів"],
}

# Speech cues that come before the speaker and take a comma after it:
# "According to Peskov, …", «По словам Пескова, …», «За словами Пєскова, …».
ACCORDING_TO: dict[str, list[str]] = {
    "en": ["according to", "in the words of", "as stated by", "as reported by"],
    "ru": [
        "по словам", "по мнению", "по данным", "по информации", "по утверждению",
        "согласно", "как заявил", "как заявила", "как заявили", "как сообщил",
        "как сообщила", "как сообщили", "как отметил", "как отметила", "как подчеркнул",
        "как пишет", "как утверждает",
    ],
    "uk": [
        "за словами", "на думку", "за даними", "за інформацією", "згідно з", "як заявив",
        "як заявила", "як заявили", "як повідомив", "як повідомила", "як повідомили",
        "як зазначив", "як зазначила", "як наголосив", "як пише", "як стверджує",
    ],
}  # fmt: skip

# Labels that open a quotation in wire style: "Quote from Peskov:", «Цитата Пескова:».
QUOTE_LABELS: dict[str, list[str]] = {
    "en": ["quote from", "quote", "quoting", "in his words", "in her words", "details"],
    "ru": ["цитата", "прямая речь", "дословно"],
    "uk": ["цитата", "пряма мова", "дослівно"],
}

# Words that introduce the content of reported speech.
COMPLEMENTIZERS: dict[str, list[str]] = {
    "en": ["that"],
    "ru": ["что", "о том, что", "будто", "якобы"],
    "uk": ["що", "про те, що", "нібито", "начебто"],
}

# Reporting nouns: "statements by Belarusian officials that …", «заявления о том, что …».
REPORTING_NOUNS: dict[str, list[str]] = {
    "en": [
        "statement", "statements", "claim", "claims", "allegation", "allegations",
        "report", "reports", "assertion", "assertions", "accusation", "accusations",
        "rumours", "rumors", "reports", "fake news", "fake", "narrative", "story",
        "suggestion", "warning", "warnings",
    ],
    "ru": [
        "заявлени", "утверждени", "сообщени", "обвинени", "слух", "фейк", "версия",
        "версии", "информаци", "предупреждени", "новость", "новости",
    ],
    "uk": [
        "заяв", "твердженн", "повідомленн", "звинувачен", "чутк", "фейк", "версі",
        "інформаці", "попередженн", "новин",
    ],
}  # fmt: skip

# Cited-source cues. SOURCE_LABELS open a line: "Source: RIA Novosti, citing …".
SOURCE_LABELS: dict[str, list[str]] = {
    "en": ["source", "sources", "via"],
    "ru": ["источник", "источники"],
    "uk": ["джерело", "джерела"],
}
CITING: dict[str, list[str]] = {
    "en": [
        "citing", "quoting", "with reference to", "referring to", "as reported by",
        "reported by", "cited by", "as quoted by", "quoted by", "according to",
    ],
    "ru": [
        "со ссылкой на", "ссылаясь на", "цитирует", "цитируя", "по данным", "сообщает",
        "сообщают", "передает", "передаёт", "пишет", "как сообщает", "как пишет",
        "согласно",
    ],
    "uk": [
        "з посиланням на", "із посиланням на", "посилаючись на", "цитує", "цитуючи",
        "за даними", "повідомляє", "повідомляють", "передає", "пише", "як повідомляє",
        "як пише", "згідно з",
    ],
}  # fmt: skip

# Citing cues after which the entity *before* the cue is the carrier: "RIA Novosti, citing
# Peskov", «ТАСС со ссылкой на Минобороны». ("…, as quoted by TASS" has no carrier.)
VIA_CITING: dict[str, list[str]] = {
    "en": ["citing", "quoting", "with reference to", "referring to"],
    "ru": ["со ссылкой на", "ссылаясь на", "цитирует", "цитируя"],
    "uk": ["з посиланням на", "із посиланням на", "посилаючись на", "цитує", "цитуючи"],
}

# Clause boundaries that end the content of an indirect quote.
CLAUSE_BREAKS: dict[str, list[str]] = {
    "en": [
        ", while ", ", whereas ", ", but ", "; ", ", calling ", ", saying ", ", adding ",
        ", although ", ", though ", ", which ",
    ],
    "ru": ["; ", ", а ", ", но ", ", однако ", ", тогда как ", ", в то время как ", ", назвав "],
    "uk": ["; ", ", а ", ", але ", ", проте ", ", тоді як ", ", натомість ", ", назвавши "],
}  # fmt: skip


def word_alternation(words: Iterable[str]) -> str:
    """A regex alternation of whole words/phrases, longest first."""
    ordered = sorted(set(words), key=len, reverse=True)
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return r"(?<![\w-])(?:" + "|".join(escaped) + r")(?![\w-])"


def compile_words(table: dict[str, list[str]], language: str | None) -> re.Pattern[str]:
    """A case-insensitive pattern for the words of ``language`` (English if unknown)."""
    words = table.get(language or "en") or table["en"]
    return re.compile(word_alternation(words), re.IGNORECASE)


def compile_stems(table: dict[str, list[str]], language: str | None) -> re.Pattern[str]:
    """A case-insensitive pattern for words that start with one of the listed stems."""
    words = table.get(language or "en") or table["en"]
    ordered = sorted(set(words), key=len, reverse=True)
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return re.compile(r"(?<![\w-])(?:" + "|".join(escaped) + r")\w*", re.IGNORECASE)
