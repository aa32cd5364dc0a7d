"""Roles the text gives a person: "Putin's spokesman Dmitry Peskov", "Sergei Lavrov, the
Russian foreign minister,", «пресс-секретарь президента России Дмитрий Песков»,
«речник Путіна Дмитро Пєсков».

A role is a phrase around a role noun that sits directly before the name (no punctuation
between) or in an appositive right after it. The role nouns are listed per language below.
"""

from __future__ import annotations

import re

from narrativewatch.analysis.cues import COMPLEMENTIZERS, DISCOURSE_ADVERBS, REPORTING_VERBS
from narrativewatch.analysis.tokens import Token, fold, is_cyrillic, word_tokens
from narrativewatch.model import Entity, EntityType, Span

_ROLE_NOUNS_EN = {
    "spokesman", "spokeswoman", "spokesperson", "secretary", "minister", "president",
    "premier", "ambassador", "envoy", "head", "chief", "leader", "commander", "general",
    "deputy", "adviser", "advisor", "aide", "official", "representative", "director",
    "chairman", "chairwoman", "chair", "speaker", "governor", "mayor", "lawmaker", "mp",
    "senator", "propagandist", "presenter", "host", "editor", "journalist", "analyst",
    "expert", "chancellor", "king", "patriarch", "prosecutor", "ombudsman", "colonel",
    "lieutenant", "major", "marshal", "captain", "founder", "ceo", "blogger", "correspondent",
    "diplomat", "researcher", "professor", "scholar", "historian", "scientist", "lawyer",
}  # fmt: skip
# (not "economist" nor "activist": The Economist, Activist Post)
_ROLE_STEMS_SLAVIC = (
    # Ukrainian spells it «прес-секретар» and, since the 2019 orthography, «пресекретар»
    "пресс-секретар", "прес-секретар", "пресекретар", "прессекретар", "представител",
    "представник", "министр", "міністр",
    "глав", "голов", "президент", "премьер", "прем'єр", "посол", "спикер", "спікер",
    "командующ", "командувач", "генерал", "советник", "радник", "депутат", "директор",
    "председател", "руководител", "керівник", "очільник", "губернатор", "мэр", "мер",
    "лидер", "лідер", "заместител", "заступник", "замглав", "секретар", "пропагандист",
    "ведущ", "ведуч", "журналист", "журналіст", "эксперт", "експерт", "аналитик",
    "аналітик", "речник", "речниц", "канцлер", "патриарх", "патріарх", "прокурор",
    "омбудсмен", "полковник", "блогер", "основател", "засновник", "корреспондент",
    "кореспондент", "уполномоченн", "уповноважен", "дипломат", "политолог", "політолог",
    "начальник", "начальниц", "постпред", "историк", "історик", "профессор", "професор",
    "исследовател", "дослідник", "юрист", "адвокат",
)  # fmt: skip
# Who speaks for a body, as stems that start no word but these nouns («представител» would
# also start «Представительство»).
SPOKESPERSON_NOUN_STEMS = (
    "речник", "речниц", "представник", "пресс-секретар", "прес-секретар", "пресекретар",
    "прессекретар", "спикер", "спікер",
)  # fmt: skip
# "посол" drops its "о" when inflected; a stem "посл" would also take «последних» and
# «после».
# (as a title, «представитель» is one too)
_SPOKESPERSON_TITLE_STEMS = (*SPOKESPERSON_NOUN_STEMS, "представител")
_AMBASSADOR_FORMS = frozenset(
    ("посла", "послу", "послом", "послі", "послові", "посли", "послы", "послів", "послов",
     "послам", "послами")
)  # fmt: skip
# The two kinds of title a bare title repeats for the person the text gave another title of
# the same kind: who heads a body («глава МИД», «очільник МЗС», «руководитель ведомства»
# after «Министр иностранных дел России Сергей Лавров») and who speaks for one («речник
# МЗС», «представитель Кремля» after «Речник МЗС Георгій Тихий»). `office_kind`.
_HEAD_TITLE_STEMS = (
    "глав", "голов", "очільник", "керівник", "руководител", "начальник", "министр",
    "міністр",
)  # fmt: skip
_HEAD_TITLES_EN = frozenset(["head", "chief", "minister", "leader"])
SPOKESPERSON_WORDS_EN = frozenset(["spokesman", "spokeswoman", "spokesperson", "representative"])
# A region's head is its governor, whatever the text calls the region or its
# administration («очільник області» after «Голова Харківської ОВА Олег Синєгубов»,
# «глава региона» after «губернатор Белгородской области»).
_REGION_WORD_STEMS = ("област", "регион", "регіон")
_REGION_ROLE_STEMS = ("област", "обласн", "регион", "регіон", "губернатор", "governor")
_REGION_ADMINISTRATIONS = frozenset(["ова", "ода", "ога"])
_ACRONYM = re.compile(r"([A-ZА-ЯЁІЇЄҐ]{3,6})[a-zа-яёіїєґ]{0,2}")
_TITLE_PREFIX = re.compile(r"^(?:вице|віце|экс|екс|vice|ex)-")
_PLACE_PREPOSITIONS = frozenset(["in", "at", "в", "во", "у", "на"])
_MAX_ROLE_TOKENS = 10
# Not over a quotation mark: in '… Emmanuel Macron," the analyst said' the words after the
# name are the attribution of a quotation that ends with it.
_APPOSITIVE = re.compile(
    r"\s*,\s*(?:the\s+|a\s+|an\s+)?([^,.;:()\n\"“”«»]{3,90}?)\s*(?=[,.;:)\n]|$)"
)


def introduces_person(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` has a role appositive (`_role_after`) that opens
    with an article ("Hanna Notte, a researcher at …", "Renat Karchaa, an adviser to …"):
    the name is a person's, whatever a recogniser typed it as."""
    role = _appositive_role(text, end)
    return role is not None and bool(_ARTICLE_BEFORE.search(text, end, role.start))


# What opens a parenthetical, not a title, after a name: ", according to the minister,".
_APPOSITIVE_PREPOSITIONS = frozenset(
    [
        "according", "as", "by", "for", "from", "in", "on", "at", "to", "with", "в", "во",
        "на", "по", "за", "у", "з", "із", "зі", "до", "від", "при", "про", "для",
    ]
)  # fmt: skip
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$")


def is_role_word(token: str) -> bool:
    word = _TITLE_PREFIX.sub("", fold(token))  # «вице-премьер», "ex-president"
    if word in _ROLE_NOUNS_EN or word in _AMBASSADOR_FORMS:
        return True
    return word.startswith(_ROLE_STEMS_SLAVIC)


def office_kind(token: str) -> str | None:
    """ "head" for a title of who heads a body, "spokesperson" for one of who speaks for
    it, else None."""
    word = _TITLE_PREFIX.sub("", fold(token))
    if word in _HEAD_TITLES_EN or word.startswith(_HEAD_TITLE_STEMS):
        return "head"
    if word in SPOKESPERSON_WORDS_EN or word.startswith(_SPOKESPERSON_TITLE_STEMS):
        return "spokesperson"
    return None


def fits_office(word: Token, role: str) -> bool:
    """Whether ``word``, of a bare title, says the same as the person's ``role`` in other
    words: an acronym of the role's words («МЗС» of «Міністр закордонних справ», «МИДа»
    of «Министр иностранных дел России», "MFA" of "Minister of Foreign Affairs"), or the
    region a governor heads («області» of «Голова Харківської ОВА»)."""
    acronym = _ACRONYM.fullmatch(word.text)
    if acronym is not None:
        initials = "".join(w.text[0] for w in word_tokens(role) if len(w.text) > 2)
        return acronym.group(1) in fold(initials).upper()
    if not word.lower.startswith(_REGION_WORD_STEMS):
        return False
    return any(
        w.lower.startswith(_REGION_ROLE_STEMS) or w.lower in _REGION_ADMINISTRATIONS
        for w in word_tokens(role)
    )


def is_plural_role_word(token: str) -> bool:
    """«Эксперты», «аналітики», «дипломати», «экспертам, которые …»: a Russian or
    Ukrainian role noun in the plural — a group, never the one person named before it."""
    word = fold(token)
    return word.startswith(_ROLE_STEMS_SLAVIC) and word.endswith(_PLURAL_ENDINGS)


def find_role(text: str, entity: Entity, language: str | None, after: int = 0) -> Span | None:
    """The span of the role phrase the text attaches to a person entity, or None.
    ``after``: where the last person given a role before it ends; no role reaches back
    over them («представитель МИД Мария Захарова назвала слова Макрона» gives Macron
    none)."""
    if entity.type is not EntityType.PERSON:
        return None
    return _role_before(text, entity, after) or _role_after(text, entity)


def _role_before(text: str, entity: Entity, after: int = 0) -> Span | None:
    if (
        entity.method == "gazetteer"
        and not entity.base_form
        and is_cyrillic(entity.text)
        and _FULL_NAME_AHEAD.match(text, entity.span.end)
    ):
        # «прессекретар Путіна Дмитро Пєсков», «советник президента Трампа по вопросам …
        # Джон Болтон»: a name the registry knows, inflected after a title and followed in
        # its clause by a full name, is whose title it is, not who holds it («со ссылкой на
        # пресс-секретаря Путина Дмитрия Пескова»: Peskov's, inflected like his title).
        return None
    line_start = text.rfind("\n", 0, entity.span.start) + 1
    window_start = max(line_start, entity.span.start - 160, after)
    boundary = entity.span.start
    # «Глава Донецкой народной республики (ДНР) Денис Пушилин»: an acronym in brackets
    # between the role and the name.
    bracket = _BRACKETED_BEFORE.search(text, window_start, boundary)
    if bracket is not None:
        boundary = bracket.start()
    tokens = word_tokens(text, window_start, boundary)[-_MAX_ROLE_TOKENS:]
    # Only the tokens joined to the name without punctuation belong to its noun phrase.
    joined: list[Token] = []
    for token in reversed(tokens):
        gap = text[token.end : boundary]
        if gap.strip(" '’s\u00a0") and not re.fullmatch(r"['’]s\s*", gap):
            break
        joined.insert(0, token)
        boundary = token.start
    # Not over a clause: in «Профессор Тритто в свое время утверждал что Ши использовала …»
    # the professor is Tritto, not Shi.
    breaks = [i for i, t in enumerate(joined) if t.lower in _CLAUSE_BREAKS]
    if breaks:
        joined = joined[breaks[-1] + 1 :]
    # (not a plural in an oblique case: «…общими историками Российской империи и активно
    # поддерживалось академиком Борисом Рыбаковым» gives him no title)
    role_positions = [
        i
        for i, t in enumerate(joined)
        if is_role_word(t.text) and not fold(t.text).endswith(_PLURAL_OBLIQUE)
    ]
    if not role_positions:
        return None
    # The role noun nearest the name, then what qualifies it: in "Президент Росії
    # Володимир Путін в інтерв'ю американському ведучому Такеру Карлсону" Carlson's role
    # is "американському ведучому", not everything back to "Президент".
    first = role_positions[-1]
    # Extend left over what qualifies the role: "Putin's", "Russian Foreign Ministry",
    # «официальный».
    while (
        first > 0
        and _qualifies_role(joined[first - 1], text)
        # «сказал журналистам в Киеве министр …»: a name a preposition governs is where,
        # not whose.
        and not (first > 1 and joined[first - 2].lower in _PLACE_PREPOSITIONS)
    ):
        first -= 1
    return Span(joined[first].start, joined[-1].end)


# Plural case endings of Russian and Ukrainian nouns (dative, instrumental, locative).
_PLURAL_OBLIQUE = ("ам", "ям", "ами", "ями", "ах", "ях")
_PLURAL_ENDINGS = ("ы", "и", "і", *_PLURAL_OBLIQUE)
# Time and sentence adverbs, capitalised when they open the sentence before a title.
_OPENING_ADVERBS = DISCOURSE_ADVERBS | frozenset(
    {
        "ранее", "раніше", "накануне", "напередодні", "вчера", "вчора", "сегодня",
        "сьогодні", "позже", "пізніше", "тогда", "тоді", "теперь", "тепер", "также",
        "також", "earlier", "later", "meanwhile", "also", "now", "then", "yesterday",
        "today",
    }
)  # fmt: skip
# A full name (two capitalised words) later in the same clause, within 80 characters.
_FULL_NAME_AHEAD = re.compile(
    r"[^,.;:!?\n«»\"]{0,80}?(?<!\w)[A-ZА-ЯЁІЇЄҐ][\w'’-]+\s+[A-ZА-ЯЁІЇЄҐ][\w'’-]+"
)
# A short tag in brackets beside a name ("(ДНР)", "(R-Ky.)"); `speakers` joins it too.
BRACKETED_TAG = r"\s*\([^()\n]{1,12}\)\s*"
_BRACKETED_BEFORE = re.compile(BRACKETED_TAG + "$")


# Words that end the clause a title would belong to: a reporting verb, a complementizer.
_CLAUSE_BREAKS = frozenset(
    [
        *(fold(verb) for verbs in REPORTING_VERBS.values() for verb in verbs),
        *(word for words in COMPLEMENTIZERS.values() for word in words if " " not in word),
    ]
)


def _qualifies_role(token: Token, text: str) -> bool:
    if len(token.text) <= 2 and not token.text.isupper():
        return False  # «со ссылкой на пресс-секретаря»: «на» is a preposition, not «-на»
    if token.lower in _OPENING_ADVERBS:
        return False  # «Ранее президент Франции …»: the adverb opens the sentence
    if is_role_word(token.text) and fold(token.text).endswith(_PLURAL_OBLIQUE):
        return False  # «розповів журналістам речник СБУ»: whom he told, not his title
    possessive = text[token.end : token.end + 2] in {"'s", "’s"}
    adjective = bool(
        re.search(
            r"(?:ый|ий|ой|ая|яя|ний|ній|на|ня|ого|его|ому|ему|ую|юю|ої|ою|ий)$", fold(token.text)
        )
    )
    return possessive or token.text[:1].isupper() or adjective or is_role_word(token.text)


def _role_after(text: str, entity: Entity) -> Span | None:
    role = _appositive_role(text, entity.span.end)
    if role is None or text[role.end : role.end + 1] in (",", ")"):
        return role
    # Run on to the sentence's end after "according to X," the words are what X said:
    # «За словами Ірини Ковальчук, посла викличуть до міністерства.»
    before = text[max(0, entity.span.start - _ACCORDING_REACH) : entity.span.start]
    return None if _ACCORDING_BEFORE.search(before) else role


_ACCORDING_REACH = 30
_ACCORDING_BEFORE = re.compile(
    r"(?:according\s+to|по\s+словам|по\s+мнению|по\s+данным|за\s+словами|на\s+думку|"
    r"за\s+даними)\s+$",
    re.IGNORECASE,
)


def _appositive_role(text: str, end: int) -> Span | None:
    """The role phrase in an appositive right after a name ending at ``end``: ", the
    Russian foreign minister,", ", a researcher at …"."""
    match = _APPOSITIVE.match(text, end)
    if match is None:
        return None
    phrase_tokens = word_tokens(text, match.start(1), match.end(1))
    if not phrase_tokens or len(phrase_tokens) > _MAX_ROLE_TOKENS:
        return None
    if phrase_tokens[0].lower in _APPOSITIVE_PREPOSITIONS:
        return None  # «Путін, на думку професора, розпочав …»: whose view, not his title
    if not any(is_role_word(t.text) for t in phrase_tokens[:4]):
        return None
    return Span(match.start(1), match.end(1))
