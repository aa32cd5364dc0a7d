"""Speaker mentions: the noun phrase next to a reporting cue, and the actor it names.

Attribution corpora (PolNeAR, PARC, ADAQ) mark the source as it stands in the text —
"Clinton's campaign manager Robby Mook", "sources", "he", «украинские чиновники» — and
the product wants the actor behind it. So a mention is found by shape, without a parser:
the words joined to the cue up to a clause boundary (punctuation, a conjunction, a
relative pronoun, an English preposition), with an appositive ("Mook, Clinton's campaign
manager, said") taken along. Its actor is the person (else any) entity inside it; a
pronoun or a bare role noun ("he", "the spokesman", «речник») stands for the person named
last before it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

from narrativewatch.actors.demonyms import PEOPLE_NOMINATIVES, demonym_actor
from narrativewatch.analysis import cues
from narrativewatch.analysis.addressees import addressee_in_source, is_addressee_word
from narrativewatch.analysis.bodies import body_holds, body_named_before, holds_noun
from narrativewatch.analysis.initials import letter_ends_sentence
from narrativewatch.analysis.roles import (
    BRACKETED_TAG,
    SPOKESPERSON_NOUN_STEMS,
    SPOKESPERSON_WORDS_EN,
    fits_office,
    is_plural_role_word,
    is_role_word,
    office_kind,
)
from narrativewatch.analysis.span_index import SpanIndex
from narrativewatch.analysis.tokens import (
    AND_WORDS,
    Token,
    fold,
    is_acronym,
    word_count,
    word_tokens,
)
from narrativewatch.analysis.unnamed_sources import (
    SOURCE_QUALIFIERS,
    country_before_head,
    is_interlocutor_word,
    is_source_word,
    source_word_index,
)
from narrativewatch.model import ADHOC_PREFIX, Actor, ActorKind, Entity, EntityType, Span

_MAX_MENTION_TOKENS = 12
# Adjectives before an unnamed source's noun: «высокопоставленный дипломатический источник».
_MAX_SOURCE_ADJECTIVES = 3


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# English prepositions (a phrase that opens with one says when, where or how).
ENGLISH_PREPOSITIONS = _words(
    "about above across after against along amid amidst among around at before behind below "
    "beside between by despite during for from in inside into near of off on onto over since "
    "through to toward towards under until upon with within without"
)
# A party-and-state tag after a capitalised name: "Scott (D-Va.)", "Cruz (R-Texas)".
_TAG_AFTER_NAME = re.compile(r"(?<=[A-Za-z])\s*\(([A-Z][^()\n]{0,11})\)")
_TAG_AT_START = re.compile(r"^\.?" + BRACKETED_TAG)
# When, between an English subject and its verb.
_TIME_BEFORE_VERB = re.compile(
    r"(?<=\w)\s+(?:(?:(?:late|early|earlier|later)\s+)?(?:last|this|next)\s+(?:week|weekend|"
    r"month|year|night|spring|summer|fall|autumn|winter|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)|yesterday|today|tonight)\s*$"
)
# English prepositions that also open a clause ("after Clinton claimed …").
_SUBORDINATORS = frozenset(["after", "before", "since", "until"])
_MAX_COORDINATED_CLAUSES = 3
_OPENING_QUOTE_GAP = re.compile(r"\s+[\"“]")
_QUOTATION_GAP = re.compile(r"\s+[\"“]|[\"”]\s+")
# English prepositions that open an adverbial before the subject ("For months, Obama …",
# "Alongside the calls for action, a strategist …").
_OPENING_PREPOSITIONS_EN = ENGLISH_PREPOSITIONS | _words(
    "alongside following unlike like beyond throughout besides via per"
)
# Words after which an English participle opens an adverbial clause ("after telling").
_BEFORE_PARTICIPLE = frozenset(
    ["after", "before", "by", "while", "when", "since", "without", "in", "upon", "on"]
)
_PARTICIPLE_AT = re.compile(r"[a-z]+ing\b")
_MAX_APPOSITIVE_TOKENS = 25

PRONOUNS: dict[str, frozenset[str]] = {
    "en": frozenset(["he", "she", "they", "i", "we", "it", "you"]),
    "ru": frozenset(["он", "она", "они", "я", "мы", "вы", "ты"]),
    "uk": frozenset(["він", "вона", "вони", "я", "ми", "ви", "ти"]),
}
_PERSON_PRONOUNS = frozenset(["he", "she", "он", "она", "він", "вона"])
# Heads of speaker phrases that name people posting on a platform, not the platform itself.
_AUDIENCE_HEADS = frozenset(
    [
        "channels", "channel", "accounts", "account", "users", "bloggers", "commentators",
        "каналы", "каналов", "канали", "каналів", "пользователи", "користувачі", "блогеры",
        "блогери",
    ]
)  # fmt: skip
# Words between a subject and its verb: "Trump has also said", «Путин открыто заявил».
_VERB_MODIFIERS: dict[str, frozenset[str]] = {
    "en": frozenset((
        "has", "have", "had", "also", "always", "ever", "would", "will", "did", "does", "do",
        "not", "never", "then", "later", "once", "previously", "repeatedly", "again", "recently",
        "already", "just", "still", "now", "further", "only", "even", "often", "publicly",
        "privately", "reportedly", "frequently", "flatly", "long", "first", "is", "was",
        "are", "were", "been", "be", "being", "could", "can", "may", "might", "should",
        "must", "don't", "doesn't", "didn't", "won't", "wouldn't", "can't", "couldn't",
        "hasn't", "haven't", "hadn't", "isn't", "wasn't",
        # a verb that takes the cue as its complement: "began writing", "kept saying"
        "began", "begun", "begins", "started", "starts", "kept", "keeps", "continued",
        "continues",
    )),
    "ru": frozenset((
        "также", "тоже", "уже", "еще", "ещё", "не", "вновь", "снова", "неоднократно",
        "ранее", "позже", "затем", "недавно", "прямо", "публично", "открыто", "всегда",
        "часто", "лишь", "только", "же", "все", "всё", "так", "мне", "нам", "ему", "ей",
        "им", "тебе", "вам",
        # comparatives: «политики всё чаще говорят» — the adverb is no speaker
        "чаще", "реже", "больше", "громче", "активнее", "охотнее", "вслух", "официально",
        "впервые", "опять",
    )),
    "uk": frozenset((
        "також", "теж", "вже", "уже", "ще", "не", "знову", "раніше", "неодноразово",
        "пізніше", "потім", "нещодавно", "прямо", "публічно", "відкрито", "завжди",
        "часто", "лише", "тільки", "ж", "мені", "нам", "йому", "їй", "їм", "тобі", "вам",
        "все", "дедалі", "частіше", "рідше", "більше", "голосніше", "активніше", "вголос",
        "офіційно", "вперше",
    )),
}  # fmt: skip
# Words a mention never runs back over: "… because Trump said", "…, которые заявили".
_BOUNDARIES: dict[str, frozenset[str]] = {
    "en": frozenset((
        "that", "which", "who", "whom", "whose", "when", "while", "because", "if", "but",
        "as", "so", "or", "after", "before", "since", "although", "though", "where",
        "what", "how", "why", "than", "in", "on", "at", "during", "with", "from", "to",
        "by", "into", "over", "about", "like", "until", "under", "through", "against",
        "among", "whether", "is", "was", "are", "were", "be", "been", "has", "have", "had",
        "will", "would", "said", "says", "say", "told", "saying", "telling", "adding",
        "noting", "stating",
    )),
    "ru": frozenset((
        "что", "который", "которая", "которое", "которые", "которого", "которой",
        "которых", "когда", "если", "но", "а", "как", "чтобы", "потому", "поскольку",
        "где", "хотя", "пока", "или", "ли", "чем", "в", "во", "на", "с", "со", "к", "ко",
        "у", "о", "об", "от", "по", "за", "из", "для", "при", "про", "через", "после",
        "перед", "между",
    )),
    "uk": frozenset((
        "що", "який", "яка", "яке", "які", "якого", "якої", "яких", "коли", "якщо", "але",
        "а", "як", "щоб", "тому", "оскільки", "де", "хоча", "поки", "або", "чи", "ніж",
        "в", "у", "на", "з", "із", "зі", "до", "від", "по", "за", "для", "при", "про",
        "через", "після", "перед", "між",
    )),
}  # fmt: skip
# Sentence adverbs and conjunctions that open a clause but are no part of its subject.
_LEADING: frozenset[str] = frozenset(
    [
        "but",
        "and",
        "so",
        "yet",
        "still",
        "meanwhile",
        "however",
        "now",
        "then",
        "also",
        "instead",
        "indeed",
        "today",
        "yesterday",
        "previously",
        "tonight",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "earlier",
        "later",
        "and",
        "thus",
        "hence",
        "plus",
        "moreover",
        "again",
        "и",
        "но",
        "а",
        "однако",
        "поэтому",
        "тогда",
        "теперь",
        "сегодня",
        "вчера",
        "накануне",
        "позавчера",
        "например",
        "хотя",
        "впрочем",
        "тем",
        "також",
        "але",
        "і",
        "й",
        "тому",
        "тоді",
        "тепер",
        "сьогодні",
        "вчора",
        "напередодні",
        "позавчора",
        "наприклад",
        # «Ранее официальный представитель Кремля Дмитрий Песков, отвечая …, отметил»
        "ранее",
        "раніше",
        "позже",
        "позднее",
        "пізніше",
        "затем",
        # the second words of «тем временем», «тим часом», «в свою очередь», «у свою
        # чергу», «кроме того», «в ответ», «у відповідь»
        "тим",
        "временем",
        "часом",
        "очередь",
        "чергу",
        "того",
        "ответ",
        "відповідь",
        *cues.DISCOURSE_ADVERBS,
    ]
)
_STATE = frozenset(["держави", "государства"])  # («глава Государственной думы» is not)
# «При этом в МИД заявили», «При цьому в МЗС заявили»: a pronoun a preposition governs
# opens the clause; it is no subject before the adverbial.
_AT_THIS = frozenset(["этом", "цьому", "том", "тому", "этого", "цього"])
# A date that opens a Russian or Ukrainian clause before its subject, after the
# preposition that ends the walk back: «у березні 2022 року ВООЗ заявила», «в марте 2022
# года ВОЗ заявила» (English puts a comma after it: "In March 2022, the WHO said").
_TEMPORAL = re.compile(
    r"(?:19|20)\d\d|года|году|року|учора|позаучора|"
    r"январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|"
    r"сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе]|"
    r"(?:січ|берез|квіт|трав|черв|лип|серп|верес|жовт|груд)(?:ень|ня|ні)|лют(?:ий|ого|ому)|"
    r"листопад[аі]?"
)


def _opens_with_date(tokens: Sequence[Token], index: int, last: int) -> bool:
    """Whether tokens[index] is part of a date before the subject: a month, a year, "року",
    or a day number followed by one of those ("21 февраля", not "30 депутатов")."""
    word = tokens[index].lower
    if _TEMPORAL.fullmatch(word):
        return True
    return word.isdigit() and index < last and bool(_TEMPORAL.fullmatch(tokens[index + 1].lower))


# Abbreviations whose full stop does not end a name: "Mr. Trump", "Sen. Ted Cruz".
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "sgt",
        "st",
        "jr",
        "sr",
        "prof",
        "pres",
        "rev",
        "gov",
        "atty",
        "vs",
    ]
)
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "one",
        "another",
        "some",
        "several",
        "many",
        "most",
        "two",
        "three",
        "this",
        "that",
        "these",
        "those",
    ]
)


_BE_FORMS = frozenset(
    [
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "being",
        "был",
        "была",
        "были",
        "было",
        "був",
        "була",
        "були",
        "було",
    ]
)


@cache
def _citing(language: str) -> re.Pattern[str]:
    words = cues.VIA_CITING[language] + (cues.VIA_CITING["en"] if language != "en" else [])
    return re.compile(cues.word_alternation(words), re.IGNORECASE)


_PREPOSITIONS = _words(
    "in on at during after before with from by о об в во на с со к ко у от по за из для при "
    "через после перед между з із зі до від про після між"
)
# Prepositions that may open an adverbial before a Slavic subject put after its verb.
_SLAVIC_OPENING_PREPOSITIONS = _PREPOSITIONS | _words(
    "под над без около возле під біля серед среди"
)
# What a speaker spoke about follows these: «сказал о заявлениях», «розповів про», «щодо».
_TOPIC_PREPOSITIONS = _words("о об обо про щодо стосовно относительно насчет насчёт")
# The most words between a title cut short by a comma and the name it goes on to
# (`SpeakerFinder._named_after_title`).
_MAX_TITLE_GAP = 12
# A name after one of these is in another clause: «Депутаты пишут, что … президент
# Виктор Янукович прекратил …» is not Yanukovych writing.
_CLAUSE_OPENER = re.compile(
    r"\b(?:that|who|which|что|который|которая|которые|що|який|яка|які|щоб|чтобы)\b",
    re.IGNORECASE,
)
# The longest description of a body named before ("the air force", "the foreign ministry").
_MAX_DESCRIPTION_NOUNS = 3
# Who speaks for an organisation without being named (`SpeakerFinder._spoken_for`).
_SPOKESPERSON_WORDS = SPOKESPERSON_WORDS_EN | {"spokespeople", "spokesmen"}
_SPOKESPERSON_STEMS = (
    *SPOKESPERSON_NOUN_STEMS, "представител", "пресс-служб", "прес-служб", "пресслужб",
)  # fmt: skip
# Words for any agency («по данным ведомства»): they stand for the last body named as one.
_ANY_AGENCY = (
    "agency", "department", "ведомств", "відомств", "организац", "організац", "учрежден",
    "установ",
)  # fmt: skip
# What an agency's name holds («Министерство обороны», "State Border Guard Service").
_AGENCY_NAME_WORDS = (
    "ministry", "министерство", "міністерство", "service", "служба", "agency", "агентство",
    "committee", "комитет", "комітет", "department", "департамент", "office", "офис", "офіс",
    "centre", "center", "центр", "bureau", "бюро", "inspectorate", "инспекция", "інспекція",
    "мид", "мзс", "минобороны", "міноборони", "мвд", "мвс", "фсб", "сбу", "гбр", "дбр",
    "mfa", "mod",
)  # fmt: skip


@cache
def _one_agency_word(name: str) -> bool:
    """Whether ``name`` is a single agency word and no acronym: «Центр», "Service"."""
    words = word_tokens(name)
    return (
        len(words) == 1 and not is_acronym(words[0].text) and words[0].lower in _AGENCY_NAME_WORDS
    )


def _is_spokesperson(word: str) -> bool:
    return word in _SPOKESPERSON_WORDS or word.startswith(_SPOKESPERSON_STEMS)


def _starts_with_spokesperson(name: str) -> bool:
    words = word_tokens(name)
    return bool(words) and _is_spokesperson(words[0].lower)


# Where something was said, not part of who said it: «— написав міністр у X», «заявил
# Песков в Telegram». A name phrase that goes on over a preposition stops before these
# when they end it.
_CHANNELS = _words(
    "x twitter telegram facebook instagram youtube tiktok threads vk вконтакте телеграм "
    "телеграмі телеграме фейсбук фейсбуці фейсбуке твіттер твиттер твіттері твиттере "
    "ютуб ютубі ютубе соцмережі соцмережах соцсети соцсетях телеграм-каналі телеграм-канале"
)
_PHRASE_BREAK = re.compile(r"[,.;:!?«»\"“”()\n—–]")
# What opens the occasion a Russian or Ukrainian speaker spoke at, after a preposition
# («на брифинге», «під час зустрічі», «в своем Telegram-канале»): `_occasion_ends_phrase`.
_OCCASION_STEMS = (
    "пресс-конференц", "прес-конференц", "пресконференц", "брифинг", "брифінг", "интервью",
    "інтерв", "эфир", "ефір", "бесед", "розмов", "разговор", "встреч", "зустріч",
    "выступлен", "виступ", "заседан", "засідан", "саммит", "саміт", "визит", "візит",
    "ходе", "время", "рамк", "итог", "підсумк", "церемони", "церемоні", "форум", "совещан",
    "нарад", "обращени", "зверненн", "телефон", "видеообращ", "відеозверн", "комментари",
    "коментар", "посте", "допис",
    # possessives: «в своем Telegram-канале», «у своєму зверненні» (and «під час», whole)
    "своем", "своём", "своей", "своих", "своего", "своєму", "своїй", "своїх", "свого",
)  # fmt: skip
# The longest adverbial between a subject and its verb ("в ходе пресс-конференции").
_MAX_ADVERBIAL_TOKENS = 6
# Nouns for a person who is neither a title nor a source («заметил автор»), as stems.
_PERSON_NOUNS = (
    "author", "writer", "witness", "eyewitness", "resident", "автор", "свидетел", "свідк",
    "свідок", "очевид", "жител", "мешкан",
)  # fmt: skip
# Where an English unnamed source is: "sources in the Kremlin", "an official at the
# ministry", "a person close to the government".
_SOURCE_PLACE_PREPOSITIONS = frozenset(["in", "at", "within", "inside", "to", "with", "from"])
_RELATIVE_PRONOUNS = frozenset(["who", "который", "которая", "которые", "який", "яка", "які"])


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker as the text mentions it, and the entity naming its actor (None when the
    mention names nobody the entity stage knows: "sources", "a poll"). ``anonymous``: the
    mention is an unnamed source ("a senior official", «источник в Минобороны»), whose
    entity, if any, is the body it is said to belong to (`unnamed_sources`)."""

    span: Span
    entity: Entity | None
    anonymous: bool = False


class SpeakerFinder:
    """Finds and resolves speaker mentions in one text."""

    def __init__(
        self,
        text: str,
        entities: Sequence[Entity],
        language: str,
        countries: Mapping[str, str] | None = None,
        outlets: frozenset[str] = frozenset(),
        actors: Mapping[str, Actor] | None = None,
    ) -> None:
        self.text = text
        # The registry's actors named in the text, by id: whose registry roles a title
        # names («представитель Кремля» is Peskov's, the "Kremlin spokesman").
        self.actors = actors or {}
        # … and a body's registry names, which a description of it may hold where the text
        # named it short: «в агентстве» after «МАГАТЭ» (`bodies.body_named_before`).
        self._body_names = {
            actor_id: (actor.name, *actor.names.values(), *actor.aliases)
            for actor_id, actor in self.actors.items()
            if actor.kind is not ActorKind.PERSON
        }
        # The actor ids of news outlets: «собеседник "Известий"» spoke to one.
        self.outlets = outlets
        self.language = language if language in PRONOUNS else "en"
        # Actor id → country code, for the actors named and the countries themselves: who
        # "the German leader" can be.
        self.countries = countries or {}
        # A name inside another person's role ("пресс-секретарь президента России Дмитрий
        # Песков", "Putin's spokesman Dmitry Peskov") is not the speaker; the person is.
        roles = SpanIndex([e.role_span for e in entities if e.role_span is not None], _itself)
        self.entities = [
            e
            for e in entities
            if (e.type is not EntityType.LOCATION or e.method == "gazetteer")
            and not any(r.contains(e.span) for r in roles.overlapping(e.span))
        ]
        # Found by position, and by where their role phrase starts: a text of thousands of
        # names would otherwise walk them all for every mention.
        self._entity_spans = SpanIndex(self.entities, lambda e: e.span)
        self._by_role_start: dict[int, Entity] = {}
        for entity in self.entities:
            if entity.role_span is not None:
                self._by_role_start.setdefault(entity.role_span.start, entity)
        # Every place the recogniser found, not only the gazetteer's: for `names_place`.
        self._places = [e for e in entities if e.type is EntityType.LOCATION]
        # Every body named, those inside a person's title too: what "the agency" or «в
        # агентстве» may stand for after «Глава МАГАТЭ Рафаэль Гросси» (`_spoken_for`).
        self._bodies = [e for e in entities if e.type is EntityType.ORGANIZATION]
        self._free_bodies = [e for e in self.entities if e.type is EntityType.ORGANIZATION]
        self.pronouns = PRONOUNS[self.language]
        self.modifiers = _VERB_MODIFIERS[self.language]
        self.boundaries = _BOUNDARIES[self.language]

    def names_place(self, span: Span) -> bool:
        """Whether a location entity lies inside ``span``."""
        return any(span.contains(e.span) for e in self._places)

    # ----------------------------------------------------------------- finding mentions

    def before(self, position: int, limit: int) -> Mention | None:
        """The subject of a cue at ``position``: the phrase that ends right before it
        (over verb modifiers such as "has also"), going back no further than ``limit``.
        A Russian or Ukrainian name inflected there is no subject (`object_before`)."""
        found = self._phrase_before(position, limit)
        return None if found is None or self._inflected_name(found) else found

    def object_before(self, position: int, limit: int) -> Mention | None:
        """A Russian or Ukrainian name inflected right before a cue at ``position``: its
        object, put first («Россию обвинили в …», «Україну звинувачують у …»), not its
        subject — a subject is in the nominative."""
        found = self._phrase_before(position, limit)
        return found if found is not None and self._inflected_name(found) else None

    def _inflected_name(self, mention: Mention) -> bool:
        """Whether ``mention`` opens with a registry name written in another form than
        its aliases' (which are nominative): «Россию», «Пескова», «України» — but not after
        a preposition («В Киеве заявили», «У ДПСУ зазначили» name who speaks), nor a people
        («китайцы», matched as China's name)."""
        entity = mention.entity
        if not (
            self.language in ("ru", "uk")
            and entity is not None
            and _oblique(entity)
            and entity.span.start == mention.span.start
            and fold(entity.text) not in PEOPLE_NOMINATIVES
        ):
            return False
        before = word_tokens(self.text, max(0, mention.span.start - 20), mention.span.start)
        return not (before and before[-1].lower in _PREPOSITIONS)

    def _phrase_before(self, position: int, limit: int) -> Mention | None:
        found = self._before(position, limit)
        if found is None:
            return None
        # Компания «Нафтогаз» заявила: the name's closing guillemet belongs to it.
        closing = re.match(r"»", self.text[found.span.end : position])
        if closing and "«" in found.span.text_of(self.text):
            return replace(found, span=Span(found.span.start, found.span.end + 1))
        return found

    def _before(self, position: int, limit: int) -> Mention | None:
        # "Sen. Mitch McConnell (R-Ky.) said": the party-and-state tag is no subject.
        tag = re.search(r"\s*\([^()\n]{1,15}\)\s*$", self.text[limit:position])
        if tag is not None:
            position = limit + tag.start()
        if self.language == "en":
            # "Cruz, who last year threatened …", "Sanders this week said": when, not who
            when = _TIME_BEFORE_VERB.search(self.text, max(limit, position - 40), position)
            if when is not None:
                position = when.start()
        tokens = self._without_bracketed_tags(word_tokens(self.text, limit, position))
        boundary = position
        index = len(tokens) - 1
        while index >= 0 and self._joined_to_verb(tokens[index], boundary):
            if not (self._modifies_verb(tokens[index]) or self._passive_participle(tokens, index)):
                break
            boundary = tokens[index].start
            index -= 1
        if index < 0:
            return None
        if index == len(tokens) - 1 and tokens[index].lower in AND_WORDS:
            # "Silverman joined Al Franken and joked, “…”": the verb shares the subject of
            # the one before
            return self._coordinated_subject(limit, tokens[index].start, position)
        if (
            index == len(tokens) - 1
            and tokens[index].lower in _BEFORE_PARTICIPLE
            and self.language == "en"
            and _PARTICIPLE_AT.match(self.text, position)
        ):
            # "Silverman was shouted down by supporters after telling them that …": the
            # participle's subject is the sentence's
            return self.opening(limit, tokens[index].start)
        if not self._joined_to_verb(tokens[index], boundary):
            return self._appositive(tokens, index, boundary, limit)
        found = self._phrase_ending_at(tokens, index)
        titled = self._with_title(found, limit)
        if titled is not None:
            # «Постоянный представитель России при ООН Василий Небензя заявил»: the
            # preposition is inside the person's title, not an adverbial before the verb.
            return titled
        last_item = self._index_at(tokens, found.span.start) if found is not None else index + 1
        qualified = self._qualified_source(tokens, last_item, index, limit)
        if qualified is not None:
            return qualified
        first_item = self._list_start(tokens, last_item, index)
        preposition = first_item - 1
        if (
            preposition > 0
            and tokens[preposition].lower in _PREPOSITIONS
            and self._joined(tokens[preposition - 1], tokens[preposition].start)
            and index - preposition - (last_item - first_item) <= _MAX_ADVERBIAL_TOKENS
            # ("Years after Bill Clinton claimed …", "after the governor suggested …": in
            # English "after" before a verb opens a clause, whose subject the phrase is)
            and not (self.language == "en" and tokens[preposition].lower in _SUBORDINATORS)
        ):
            # "Лавров в понедельник заявил", "Trump on Tuesday said": the phrase after a
            # preposition is an adverbial; the subject stands before it. So is a list of
            # names the preposition governs: "Шойгу в разговорах с коллегами из США,
            # Великобритании, Франции и Турции заявил" — not France and Turkey.
            subject = self._before(tokens[preposition].start, limit)
            if subject is not None and subject.anonymous and subject.entity is None:
                # «Источник в Минобороны России сообщил»: where the source is, is whose
                return self._mention(Span(subject.span.start, tokens[index].end))
            if subject is not None and fold(subject.span.text_of(self.text)) not in _AT_THIS:
                return subject
        if tokens[index].lower in _RELATIVE_PRONOUNS:
            # "Ted Cruz, who said …": the relative pronoun, standing for the name before it.
            relative = Span(tokens[index].start, tokens[index].end)
            antecedent = self._phrase_ending_at(tokens, index - 1) if index > 0 else None
            if antecedent is None:
                return Mention(relative, None)
            return Mention(relative, antecedent.entity, antecedent.anonymous)
        return self._phrase_ending_at(tokens, index)

    def _without_bracketed_tags(self, tokens: list[Token]) -> list[Token]:
        """``tokens`` without the words of a party-and-state tag after a name: "Rep. Bobby
        Scott (D-Va.), ranking member of …, said", "Sen. Jack Reed (D-R.I.), who …" — the
        tag is the name's, and the name heads the phrases after it (`_joined` and `_comma`
        read the tag as a space)."""
        if not tokens:
            return tokens
        tags = iter(
            match.span(1)
            for match in _TAG_AFTER_NAME.finditer(self.text, tokens[0].start, tokens[-1].end + 2)
        )
        tag = next(tags, None)
        if tag is None:
            return tokens
        kept = []
        for token in tokens:  # (both in text order: one pass)
            while tag is not None and tag[1] < token.end:
                tag = next(tags, None)
            if tag is None or not tag[0] <= token.start:
                kept.append(token)
        return kept

    def _qualified_source(
        self, tokens: Sequence[Token], first: int, last: int, limit: int
    ) -> Mention | None:
        """ "A person close to the Russian Defence Ministry said", "sources familiar with
        the talks said": the unnamed source the name after "to" / "with" qualifies, which
        is the subject — the name is the body the source is close to."""
        if self.language != "en" or first < 2 or tokens[first - 2].lower not in SOURCE_QUALIFIERS:
            return None
        if tokens[first - 1].lower not in ("to", "with", "on"):
            return None
        subject = self._before(tokens[first - 1].start, limit)
        if subject is None or not subject.anonymous:
            return None
        return self._mention(Span(subject.span.start, tokens[last].end))

    def _with_title(self, found: Mention | None, limit: int) -> Mention | None:
        """``found`` extended back over the title the text gives its person, when the
        phrase stopped inside that title (at a preposition: «… при ООН Василий Небензя»)."""
        person = found.entity if found is not None else None
        if (
            found is None
            or person is None
            or person.type is not EntityType.PERSON
            or person.role_span is None
            or not found.span.contains(person.span)
            or not (limit <= person.role_span.start < found.span.start)
        ):
            return None
        return Mention(Span(person.role_span.start, found.span.end), person)

    def after(self, position: int, limit: int, any_case: bool = False) -> Mention | None:
        """An inverted subject right after a cue: "…, said Trump", «— заявил Песков»;
        ``any_case`` also takes a phrase in lower case ("according to sources", «по
        мнению некоторых экспертов»)."""
        tokens = word_tokens(self.text, position, limit)
        if not tokens or self.text[position : tokens[0].start].strip():
            return None
        first = tokens[0]
        if not (
            any_case
            or first.text[:1].isupper()
            or first.lower in _DETERMINERS
            or first.lower in self.pronouns
        ):
            return None
        if first.lower in self.pronouns:
            return self._mention(Span(first.start, first.end))
        if self.language != "en":
            source = self._source_after_addressee(tokens, limit)
            if source is not None:
                return source
        end_index = 0
        for index in range(1, min(len(tokens), _MAX_MENTION_TOKENS)):
            token = tokens[index]
            if not self._joined(tokens[index - 1], token.start):
                break
            # «за словами голови Державної служби України з етнополітики»: a Slavic name
            # phrase goes on over prepositions; an English one stops ("said Trump in …").
            slavic_preposition = self.language != "en" and token.lower in _PREPOSITIONS
            if token.lower in self.boundaries and not slavic_preposition:
                break
            if self.language != "en" and self._ends_slavic_phrase(tokens, index):
                break
            if slavic_preposition and self._channel_ends_phrase(tokens, index + 1):
                break
            if self.language != "en" and self._occasion_ends_phrase(tokens, index, limit):
                break
            name_word = token.text[:1].isupper() or (self.language == "en" and token.lower == "of")
            if (
                self.language == "en"
                and token.lower == "of"
                and first.text[:1].isupper()
                and not self._names_after_of(tokens, index)
            ):
                break  # "said Kaja Kallas of the claims": what she spoke of, not her name
            # Lower-case words after a name are the rest of the clause ("said Trump aides"):
            # only a determiner phrase ("the spokesman") goes on in lower case.
            if not name_word and not any_case and (first.lower not in _DETERMINERS or index > 4):
                break
            end_index = index
        while end_index > 0 and tokens[end_index].lower in ("of", "the"):
            end_index -= 1
        found = self._mention(Span(first.start, tokens[end_index].end))
        if found.anonymous and found.entity is None and self.language == "en":
            # "according to sources in the Kremlin": where the sources are, is whose
            where = self._where_source_is(tokens, end_index + 1)
            if where is not None:
                return self._mention(Span(first.start, where))
        return found

    @staticmethod
    def _ends_slavic_phrase(tokens: Sequence[Token], index: int) -> bool:
        """Whether ``tokens[index]`` ends a Russian or Ukrainian speaker phrase: what the
        speaker spoke about («сказал дипломат о заявлениях Москвы», «про», «щодо»), or whom
        a name told («заявил Зеленский журналистам», «сообщил Лавров изданию»)."""
        token = tokens[index]
        if token.lower in _TOPIC_PREPOSITIONS:
            # (after a phrase that opens with a preposition the subject is still to come:
            # «написал под своим постом о прививке доктор Анисимов»)
            return tokens[0].lower not in _SLAVIC_OPENING_PREPOSITIONS
        return (
            token.text.islower()
            and tokens[index - 1].text[:1].isupper()
            and token.lower not in _PREPOSITIONS
            and (token.lower.endswith(("ам", "ям")) or is_addressee_word(token, "ru"))
        )

    def _names_after_of(self, tokens: Sequence[Token], index: int) -> bool:
        """Whether the "of" at ``tokens[index]`` goes on with a name: "Secretary of State",
        "Mujtaba Rahman of the Eurasia Group", "Stephanie Hooton of Derry" — an entity
        starts within its next three words."""
        following = tokens[index + 1 : index + 4]
        if not following:
            return False
        if following[0].text[:1].isupper():
            return True
        window = Span(following[0].start, following[-1].end)
        return any(
            window.start <= e.span.start < window.end
            for e in (*self._entity_spans.overlapping(window), *self._places)
        )

    def _where_source_is(self, tokens: Sequence[Token], index: int) -> int | None:
        """The end of "in the Kremlin", "at the ministry", "close to the Russian Defence
        Ministry" at ``tokens[index:]``, after an English unnamed source — when it names
        someone."""
        if index >= len(tokens) or not self._joined(tokens[index - 1], tokens[index].start):
            return None
        if tokens[index].lower in SOURCE_QUALIFIERS and index + 1 < len(tokens):
            index += 1
        if tokens[index].lower not in _SOURCE_PLACE_PREPOSITIONS:
            return None
        end = None
        for token in tokens[index + 1 : index + 1 + _MAX_MENTION_TOKENS]:
            if not self._joined(tokens[index], token.start) or not (
                token.text[:1].isupper() or token.lower in ("the", "of")
            ):
                break
            index += 1
            end = token.end
        if end is None or not self.entities_inside(Span(tokens[0].start, end)):
            return None
        return end

    def _source_after_addressee(self, tokens: Sequence[Token], limit: int) -> Mention | None:
        """«сообщил РИА Новости источник в силовых структурах», «рассказал изданию
        "Известия" высокопоставленный дипломатический источник»: the name right after a
        Russian or Ukrainian cue is whom an unnamed source told (in the dative); the
        source, in the nominative, follows it. ``tokens`` start right after the cue."""
        index = 0
        while index < min(len(tokens), _MAX_SOURCE_ADJECTIVES) and tokens[index].text.islower():
            if not is_addressee_word(tokens[index], self.language):
                return None
            index += 1
        name = index
        named = self._named_from(tokens[index].start, limit) if index < len(tokens) else None
        if named is not None:
            # «Європейській правді»: the whole name, whatever its case
            while index < len(tokens) and tokens[index].start < named.span.end:
                index += 1
        while index < len(tokens) and tokens[index].text[:1].isupper():
            if index > name and not self._joined(tokens[index - 1], tokens[index].start):
                return None
            index += 1
        if index == name or index == len(tokens):
            return None
        source_start = index
        for offset in range(_MAX_SOURCE_ADJECTIVES + 1):
            token = tokens[source_start + offset] if source_start + offset < len(tokens) else None
            if token is None or not token.text.islower():
                return None
            if not self._joined(tokens[source_start + offset - 1], token.start):
                return None
            if is_source_word(token.text):
                source = self.after(tokens[source_start].start, limit, any_case=True)
                return source if source is not None and source.anonymous else None
        return None

    def _named_from(self, position: int, limit: int) -> Entity | None:
        """The entity that starts at the word at ``position`` (or at the guillemet before
        it: «"Известия"»)."""
        return next(
            (
                e
                for e in self.entities_inside(Span(max(0, position - 1), limit))
                if e.span.start <= position
            ),
            None,
        )

    def _channel_ends_phrase(self, tokens: Sequence[Token], index: int) -> bool:
        """Whether ``tokens[index]`` names a channel that ends the phrase: «міністр у X.»,
        «Песков в Telegram, …» — not «на Twitter советника …» (whose Twitter) or «в
        интервью голландскому телевидению Владимир Зеленский»."""
        if index >= len(tokens) or tokens[index].lower not in _CHANNELS:
            return False
        return index + 1 == len(tokens) or not self._joined(tokens[index], tokens[index + 1].start)

    def _occasion_ends_phrase(self, tokens: Sequence[Token], index: int, limit: int) -> bool:
        """Whether ``tokens[index]`` opens the occasion the speaker spoke at, which ends a
        Russian or Ukrainian phrase: «— сказал глава МИД на пресс-конференции по итогам
        переговоров», «сказав очільник МЗС під час зустрічі з журналістами», «заявил он в
        своем Telegram-канале» — unless a person is named after it («глава делегации на
        переговорах Владимир Мединский»: his title goes on)."""
        if index + 1 >= len(tokens) or tokens[index].lower not in _SLAVIC_OPENING_PREPOSITIONS:
            return False
        following = tokens[index + 1].lower
        if following != "час" and not following.startswith(_OCCASION_STEMS):
            return False
        ahead = Span(tokens[index].start, limit)
        return not any(
            e.type is EntityType.PERSON
            and not _PHRASE_BREAK.search(self.text, tokens[index].start, e.span.start)
            for e in self._entity_spans.overlapping(ahead)
        )

    def opening(self, start: int, limit: int) -> Mention | None:
        """The subject a sentence opens with, for a later verb that shares it ("Wilson
        praised Rubio and said …", "Wealth-X … but says …"): a pronoun, or a run of
        capitalised words (with a determiner before them)."""
        # "On Sunday, Trump …", "WASHINGTON (AFP) – Clinton …": the subject follows an
        # opening adverbial or dateline.
        opener = re.match(r"[^,–—\n]{0,60}?(?:,|\s[–—-]{1,2})\s+", self.text[start:limit])
        if opener is not None:
            head = word_tokens(self.text, start, start + opener.end())
            dateline = not opener.group().rstrip().endswith(",")
            if head and (
                dateline
                or head[0].lower in self.boundaries
                or head[0].text.isupper()
                or head[0].lower in _LEADING
                or self._adverbial_word(head[0])  # "Walking to the next address, Ebeling …"
                or (self.language == "en" and head[0].lower in _OPENING_PREPOSITIONS_EN)
            ):
                start += opener.end()
        tokens = word_tokens(self.text, start, limit)
        index = 0
        while index < len(tokens) and tokens[index].lower in _LEADING:
            index += 1
        # (nothing but quotation marks before the sentence's first word, which may be a
        # leading adverb: «Ранее Вашингтон обнародовал …, отметив»)
        if index >= len(tokens) or self.text[start : tokens[0].start].strip(" \"“«'"):
            return None
        if tokens[index].lower in self.boundaries:
            return None
        first = tokens[index]
        if first.lower in self.pronouns:
            return self._mention(Span(first.start, first.end))
        if self._adverbial_word(first):
            return None  # "Hastily politicizing the tragedy ― … ― Trump cast the blame"
        # «Спикер палаты общин Энтони Рота …»: a role phrase and the name it opens.
        opened = self._by_role_start.get(first.start)
        if opened is not None:
            return Mention(Span(first.start, opened.span.end), opened)
        end = index + 1 if first.lower in _DETERMINERS else index
        if end >= len(tokens) or not tokens[end].text[:1].isupper():
            return None
        while (
            end + 1 < len(tokens)
            and tokens[end + 1].text[:1].isupper()
            and self._joined(tokens[end], tokens[end + 1].start)
        ):
            end += 1
        return self._mention(Span(first.start, tokens[end].end))

    def _joined_to_verb(self, token: Token, verb_start: int) -> bool:
        """`_joined`, or in English an opening quotation mark between: 'Thirty percent of
        whites "strongly agree" that …', 'until Obama “admits this is a problem”' — the
        quotation opens at the verb; its subject stands before it. (A Russian phrase
        before the mark does not stop at its subject: «из-за … РФ спецоперации он "считает".)"""
        return self._joined(token, verb_start) or (
            self.language == "en"
            and bool(_OPENING_QUOTE_GAP.fullmatch(self.text, token.end, verb_start))
        )

    def _coordinated_subject(self, limit: int, conjunction: int, verb: int) -> Mention | None:
        """The subject of a verb after "and" (at ``conjunction``): the one its clause opens
        with — going back over clauses that open with a verb of the same subject ("he
        looked into the camera, furrowed his brow and said"). None when that is no name
        or pronoun, and for an English participle ("…, and knowing her, she will be"),
        which the quote rules give the speaker of an earlier one."""
        if self.language == "en" and _PARTICIPLE_AT.match(self.text, verb):
            return None
        end = conjunction
        for _ in range(_MAX_COORDINATED_CLAUSES):
            comma = max(self.text.rfind(mark, limit, end) for mark in ",;—")
            start = limit if comma == -1 else comma + 1
            subject = self.opening(start, end)
            if subject is not None:
                named = subject.entity is not None or self.is_person_pronoun(subject.span)
                return subject if named else None
            words = word_tokens(self.text, start, end)
            if comma == -1 or not words or not words[0].text.islower():
                return None
            end = comma
        return None

    def _passive_participle(self, tokens: Sequence[Token], index: int) -> bool:
        """Whether an English word ends a passive before a cue: "A lawsuit was filed in
        2012 challenging …" — the lawsuit challenges, not "filed"."""
        token = tokens[index]
        return (
            self.language == "en"
            and index > 0
            and token.lower.endswith("ed")
            and token.text.islower()
            and tokens[index - 1].lower in _BE_FORMS
            and self._joined(tokens[index - 1], token.start)
        )

    def _adverbial_word(self, token: Token) -> bool:
        """Whether an English word that opens a sentence opens an adverbial, not its
        subject: an adverb in "-ly" or a participle in "-ing" that names nobody ("Hastily",
        "Walking"; not "Kelly", "King")."""
        return (
            self.language == "en"
            and token.lower.endswith(("ly", "ing"))
            and not self._entity_spans.overlapping(Span(token.start, token.end))
        )

    def _phrase_ending_at(self, tokens: Sequence[Token], end_index: int) -> Mention | None:
        start_index = end_index
        while start_index > 0 and end_index - start_index < _MAX_MENTION_TOKENS - 1:
            previous = tokens[start_index - 1]
            if not self._joined(previous, tokens[start_index].start):
                break
            if (
                previous.lower in self.boundaries
                or previous.lower in self.modifiers
                or _after_at(tokens, start_index - 1)  # «При этом он признал»
            ):
                break
            if previous.lower in AND_WORDS and not tokens[start_index].text[:1].isupper():
                break
            start_index -= 1
        while start_index <= end_index and (
            tokens[start_index].lower in _LEADING
            or tokens[start_index].lower in AND_WORDS
            or (self.language != "en" and _opens_with_date(tokens, start_index, end_index))
        ):
            start_index += 1
        if start_index > end_index or tokens[end_index].lower in self.boundaries:
            return None
        return self._mention(Span(tokens[start_index].start, tokens[end_index].end))

    def _list_start(self, tokens: Sequence[Token], first: int, last: int) -> int:
        """Where a comma-separated list of names that ends with tokens ``first``..``last``
        begins ("США, Великої Британії, Франції та Туреччини", "the US, Britain, France
        and Turkey"); ``first`` itself when there is no such list. A list ends with a
        conjunction ("… and Turkey"): without one, "At Ohio State, Clinton said" is no list."""
        if not any(t.lower in AND_WORDS for t in tokens[first : last + 1]):
            return first
        while 0 < first < len(tokens) and self._comma(tokens[first - 1].end, tokens[first].start):
            start = first - 1
            if not tokens[start].text[:1].isupper():
                break
            while (
                start > 0
                and self._joined(tokens[start - 1], tokens[start].start)
                and tokens[start - 1].text[:1].isupper()
            ):
                start -= 1
            if (
                start > 0
                and tokens[start - 1].lower in _DETERMINERS
                and self._joined(tokens[start - 1], tokens[start].start)
            ):
                start -= 1  # "the US"
            first = start
        return first

    def _appositive(
        self, tokens: Sequence[Token], index: int, boundary: int, limit: int
    ) -> Mention | None:
        """ "Robby Mook, Clinton's campaign manager, said", "Harry Bond, 30, of Raleigh,
        N.C., who was polled, said" / «Студент Артем, пришедший на панихиду, говорит»: the
        name that opens a run of comma-separated descriptions, with all of them."""
        if not self._comma(tokens[index].end, boundary):
            return None
        head: Mention | None = None
        segment_end = index
        back = index
        while back > 0 and index - back < _MAX_APPOSITIVE_TOKENS:
            if self._joined(tokens[back - 1], tokens[back].start) or _QUOTATION_GAP.fullmatch(
                self.text, tokens[back - 1].end, tokens[back].start
            ):
                # (a description may quote: 'a business pitched as "the destination" -')
                back -= 1
                continue
            if not self._comma(tokens[back - 1].end, tokens[back].start):
                break
            # tokens[back] opens a segment; the one before it may be the head, if it opens
            # its clause ("After the vote, Trump, who lost, said": not "the vote").
            candidate = self._phrase_ending_at(tokens, back - 1)
            if candidate is None:
                break
            start = self._index_at(tokens, candidate.span.start)
            if (
                start > 0
                and self._joined(tokens[start - 1], tokens[start].start)
                and not self._after_opening_adverb(tokens, start)
            ):
                break
            head = candidate
            segment_end = back - 1
            back = start
            if back > 0 and self._comma(tokens[back - 1].end, tokens[back].start):
                continue
            break
        if head is None or not self._can_head(tokens, head, segment_end):
            return None
        opening = self._adverbial_opening(tokens, self._index_at(tokens, head.span.start), index)
        if opening is not None:
            # "Shoigu, in calls with his counterparts from the US, Britain, France and
            # Turkey, said": the names listed after a preposition are no head; the subject
            # stands before the comma that opens the adverbial.
            return self.before(tokens[opening - 1].end, limit)
        entity = head.entity
        if (
            not self.entities_inside(head.span)
            or entity is None
            or entity.type is not EntityType.PERSON
        ):
            # "Its chief, Rafael Grossi, said", "Ukraine's foreign minister, Dmytro Kuleba,
            # said": a description the appositive names is that person, not whoever or
            # whatever the description would stand for alone
            entity = self._named_right_after(head.span.end, tokens[index].end) or entity
        anonymous = head.anonymous and (entity is None or entity.type is not EntityType.PERSON)
        return Mention(Span(head.span.start, tokens[index].end), entity, anonymous)

    def _named_right_after(self, position: int, end: int) -> Entity | None:
        """The person named right after the comma at ``position`` (up to ``end``)."""
        comma = re.match(r"\s*,\s*", self.text[position:end])
        if comma is None:
            return None
        start = position + comma.end()
        return next(
            (
                e
                for e in self.entities_inside(Span(start, end))
                if e.span.start == start and e.type is EntityType.PERSON
            ),
            None,
        )

    def _after_opening_adverb(self, tokens: Sequence[Token], index: int) -> bool:
        """Whether tokens[index] follows a sentence adverb that opens its clause
        («Водночас британські офіцери, які …, стверджують»)."""
        if index == 0 or tokens[index - 1].lower not in _LEADING:
            return False
        adverb = index - 1
        return adverb == 0 or not self._joined(tokens[adverb - 1], tokens[adverb].start)

    def _adverbial_opening(self, tokens: Sequence[Token], head_index: int, last: int) -> int | None:
        """When the names of tokens ``head_index``..``last`` end a list a preposition
        governs, inside a comma-opened adverbial that starts with a preposition, the index
        of that adverbial's first token; else None."""
        first = self._list_start(tokens, head_index, last)
        if first == head_index:
            return None
        governing = first - 1
        if governing <= 0 or tokens[governing].lower not in _PREPOSITIONS:
            return None
        opening = governing
        while opening > 0 and self._joined(tokens[opening - 1], tokens[opening].start):
            opening -= 1
        if (
            opening > 0
            and governing - opening <= _MAX_ADVERBIAL_TOKENS
            and tokens[opening].lower in _PREPOSITIONS
            and self._comma(tokens[opening - 1].end, tokens[opening].start)
        ):
            return opening
        return None

    def _modifies_verb(self, token: Token) -> bool:
        """An auxiliary or adverb between a subject and its verb ("has also", "falsely",
        «открыто»)."""
        word = token.lower
        return word in self.modifiers or (
            self.language == "en" and word.endswith("ly") and len(word) > 4 and token.text.islower()
        )

    def passive(self, position: int, limit: int) -> bool:
        """Whether a verb at ``position`` is passive ("was asked", "has been criticized"):
        the subject is then its addressee or target, not its speaker."""
        tokens = word_tokens(self.text, limit, position)
        index = len(tokens) - 1
        while index >= 0 and self._modifies_verb(tokens[index]):
            if tokens[index].lower in _BE_FORMS:
                return True
            index -= 1
        return False

    def _comma(self, start: int, end: int) -> bool:
        """Whether a comma (after a full stop or a per cent sign: "Ala.,", "33%,") is all
        that stands between two words."""
        gap = _TAG_AT_START.sub("", self.text[start:end])
        # (after a closing quotation mark too: '… pitched as "the ultimate destination" -')
        return gap.strip().lstrip('.%"”’»').strip() in (",", "-", "—", "–", "--")

    def _index_at(self, tokens: Sequence[Token], start: int) -> int:
        return next(i for i, t in enumerate(tokens) if t.start == start)

    def _can_head(self, tokens: Sequence[Token], head: Mention, end_index: int) -> bool:
        """A head of appositives is a name, a pronoun or a determiner phrase — or any phrase
        that opens its clause after a sentence adverb («Водночас британські офіцери, …»)."""
        index = self._index_at(tokens, head.span.start)
        first = tokens[index]
        return (
            first.text[:1].isupper()
            # (a capitalised adverb: one that opens the sentence, not a clause inside it)
            or (self._after_opening_adverb(tokens, index) and tokens[index - 1].text[:1].isupper())
            or first.lower in _DETERMINERS
            or first.lower in self.pronouns
            or head.entity is not None
        )

    def _joined(self, token: Token, next_start: int) -> bool:
        """Whether nothing but spaces, a possessive or an abbreviation's full stop stands
        between ``token`` and the next word."""
        gap = self.text[token.end : next_start]
        if not gap.strip():
            return True
        if re.fullmatch(r"['’]s?\s*|%\s*", gap):
            return True
        # «Энергоатом» опроверг, компания «Нафтогаз» заявила: a name in guillemets.
        if re.fullmatch(r"\s*[«»„]\s*|\s*»\s*«?\s*", gap):
            return True
        # "Sen. Bernie Sanders (I-Vt.) said": a party-and-state tag stays with the name.
        if re.fullmatch(BRACKETED_TAG, gap):
            return True
        if gap == "." and len(token.text) == 1 and token.text.isupper():
            return True  # "The U.S. envoy": the letters of a dotted abbreviation
        return bool(re.fullmatch(r"\.\s+", gap)) and (
            fold(token.text) in ABBREVIATIONS
            or (
                len(token.text) == 1
                and token.text.isupper()
                and not letter_ends_sentence(self.text, token.end)
            )
        )

    # --------------------------------------------------------------------- resolution

    def mention(self, span: Span) -> Mention:
        """The mention ``span`` with the actor it names or stands for."""
        return self._mention(span)

    def _mention(self, span: Span) -> Mention:
        citing = _citing(self.language).search(self.text, span.start, span.end)
        if citing is not None and word_tokens(self.text, citing.end(), span.end):
            # "Укрінформ з посиланням на Центр протидії дезінформації": the outlet passes
            # on what the cited source says.
            words = word_tokens(self.text, citing.end(), span.end)
            span = Span(words[0].start, words[-1].end)
        named = self._named(span)
        if named is None or _starts_with_spokesperson(named.text):
            # «Речник центру» read as a place name by the recogniser is still the centre's
            # spokesman.
            body = self._spoken_for(span)
            if body is not None:
                return Mention(span, body, self.is_unnamed_source(span, body))
        if named is not None and named.type is not EntityType.PERSON:
            # «— уточнил глава МИД» after «глава МИДа Урмас Рейнсалу»: the person the text
            # gave that whole title, not the ministry inside it.
            named = self._holder_of_title(span) or named
        if named is None or (named.type is not EntityType.PERSON and not _known(named)):
            # (a body the registry knows is what it is: "The State Department")
            named = self._full_name_at_end(span) or named
        entity = (
            named
            or self._surname_of(span)
            or self._antecedent(span)
            or self._named_after_title(span)
        )
        anonymous = self.is_unnamed_source(span, entity)
        if anonymous and entity is not None and self.language != "en":
            entity = self._source_body(span, entity)
        if anonymous and entity is None:
            entity = self._source_country(span)
        return Mention(span, entity, anonymous)

    def _source_country(self, span: Span) -> Entity | None:
        """ "Russian officials", «высокопоставленный украинский чиновник»: the country an
        adjective before an unnamed source's noun names, as the registry's country (none
        when the registry has no such country)."""
        words = word_tokens(self.text, span.start, span.end)
        found = country_before_head(words, self.language)
        if found is None or found[1] not in self.countries:
            return None
        word, actor_id = found
        where = Span(word.start, word.end)
        return Entity(where, word.text, EntityType.LOCATION, actor_id, method="demonym")

    def _source_body(self, span: Span, entity: Entity) -> Entity | None:
        """``entity`` as the body a Russian or Ukrainian unnamed source at ``span`` belongs
        to, or None: not the outlet it spoke to («співрозмовник "Української правди"»,
        `addressees`), nor a name past a second preposition («источники в украинской
        делегации в США» are the delegation's, not the United States')."""
        if addressee_in_source(self.text, span, self.entities, self.outlets) is entity:
            return None
        words = word_tokens(self.text, span.start, entity.span.start)
        head = source_word_index(words, self.language)
        between = words[head + 1 :] if head is not None else words
        prepositions = sum(1 for w in between if w.lower in _PREPOSITIONS)
        return entity if prepositions <= 1 else None

    def is_unnamed_source(self, span: Span, entity: Entity | None) -> bool:
        """Whether the mention at ``span``, resolved to ``entity``, is an unnamed source:
        its head is a word for one and it names no person — but for one it is close to,
        behind a preposition ("a source close to Putin", «источник в окружении
        Зеленского»; «Чиновник Минобороны Иван Петров» is Petrov)."""
        words = word_tokens(self.text, span.start, span.end)
        head = source_word_index(words, self.language)
        if head is None or entity is None or entity.type is not EntityType.PERSON:
            return head is not None
        between = [w for w in words[head + 1 :] if w.end <= entity.span.start]
        return span.contains(entity.span) and any(
            w.lower in _PREPOSITIONS or w.lower == "to" for w in between
        )

    def _surname_of(self, span: Span) -> Entity | None:
        """The person named before whose last name the one capitalised word at ``span``
        is: '"…," Price said' after "spokesman Ned Price" (the recogniser missed the lone
        surname, a common word)."""
        words = word_tokens(self.text, span.start, span.end)
        if len(words) != 1 or not words[0].text[:1].isupper():
            return None
        return self._person_by_surname(span.start, words[0].lower, full_name=True)

    def _full_name_at_end(self, span: Span) -> Entity | None:
        """The person named earlier whose surname ends the mention at ``span`` after a
        first name the recogniser missed: "said LNR representative in the Trilateral
        Contact Group (TCG) Rodion Miroshnik" after the headline's "— Miroshnik"."""
        words = word_tokens(self.text, span.start, span.end)
        if len(words) < 2 or not (words[-1].text[:1].isupper() and words[-2].text[:1].isupper()):
            return None
        if not self._joined(words[-2], words[-1].start) or words[-2].text.isupper():
            return None  # (not "TCG Miroshnik": an acronym is no first name)
        return self._person_by_surname(span.start, words[-1].lower, full_name=False)

    def _person_by_surname(self, position: int, surname: str, full_name: bool) -> Entity | None:
        """The last person named before ``position`` whose name ends in ``surname``
        (folded); with ``full_name``, only one named with more than that word."""
        found = None
        for entity in self.entities:
            if entity.span.end > position:
                break
            names = word_tokens(entity.text) if entity.type is EntityType.PERSON else []
            if len(names) > (1 if full_name else 0) and names[-1].lower == surname:
                found = entity
        return found

    def _holder_of_title(self, span: Span) -> Entity | None:
        """The last person named before ``span`` whose role holds every word of the title
        phrase at ``span`` («глава МИД», "Ukraine's foreign minister")."""
        words = self.words_after_determiners(span)
        # The title heads the phrase: first in Russian and Ukrainian (after an adjective:
        # «исполнительный директор Фонда»), last in English («в офисе президента» is where
        # the office speaks, not a title).
        heads = words[-1:] if self.language == "en" else words[:2]
        if not any(is_role_word(w.text) for w in heads):
            return None
        people = [
            e
            for e in self.entities
            if e.span.end <= span.start and e.type is EntityType.PERSON and e.role
        ]
        holders = [p for p in people if _role_holds_title(p.role, words)]
        if holders:
            return holders[-1]
        return self._holder_of_office(self._title_words(span), people)

    def _holder_of_office(self, words: Sequence[Token], people: Sequence[Entity]) -> Entity | None:
        """The last of ``people`` the text gave a title of the same kind as the title
        ``words`` (`roles.office_kind`: a head, a spokesperson) whose every other word
        says the same as the person's role — the role holds it, abbreviates it or heads
        the region it names (`roles.fits_office`), or the body it names is in the
        person's registry roles: «— сказал глава МИД» after «Министр иностранных дел
        России Сергей Лавров», «наголосив речник МЗС» after «Речник Міністерства
        закордонних справ Георгій Тихий», «— подчеркнул представитель Кремля» after the
        Kremlin spokesman Peskov. A title of another country («глава МИД Украины» after
        Lavrov) fits no one: it stays the body's."""
        if not words:
            return None
        head = words[-1] if self.language == "en" else words[0]
        kind = office_kind(head.text)
        if kind is None:
            return None
        others = [w for w in words if w is not head and len(w.text) > 2]
        for person in reversed(people):
            role = person.role or ""
            titles = [w for w in word_tokens(role) if is_role_word(w.text)]
            role_head = titles[-1:] if self.language == "en" else titles[:1]
            if not any(office_kind(w.text) == kind for w in role_head):
                continue
            if all(self._says_of_office(w, role, person) for w in others):
                return person
        return None

    def _says_of_office(self, word: Token, role: str, person: Entity) -> bool:
        return (
            holds_noun(role, word.lower)
            or fits_office(word, role)
            or self._in_registry_role(word, person)
        )

    def _in_registry_role(self, word: Token, person: Entity) -> bool:
        """Whether ``word`` belongs to a body the registry names in ``person``'s roles
        («Кремля» of Peskov's "Kremlin spokesman")."""
        actor = self.actors.get(person.actor_id or "")
        body = next((e for e in self._entity_spans.overlapping(Span(word.start, word.end))), None)
        named = self.actors.get(body.actor_id or "") if body is not None else None
        if actor is None or named is None or named.kind is ActorKind.PERSON:
            return False
        names = {named.name, *named.names.values(), *named.aliases}
        return any(
            re.search(rf"(?<!\w){re.escape(name)}(?!\w)", role, re.IGNORECASE)
            for role in actor.roles
            for name in names
            if name
        )

    def entities_inside(self, span: Span) -> list[Entity]:
        """The entities a mention may name that lie inside ``span``, in the order the
        finder was given them."""
        return self._entity_spans.inside(span)

    def _named(self, span: Span) -> Entity | None:
        words = word_tokens(self.text, span.start, span.end)
        if not words:
            return None
        # The head ends an English phrase; in Russian and Ukrainian it comes first, often
        # hyphenated ("телеграм-каналы").
        heads = [words[-1].lower] if self.language == "en" else [w.lower for w in words]
        if any(h.rsplit("-", 1)[-1] in _AUDIENCE_HEADS for h in heads):
            # "pro-Kremlin Telegram channels", "Twitter users": a name before such a head is
            # the platform they post on, not the voice (whereas "Kremlin officials" speak
            # for the Kremlin).
            return None
        inside = self.entities_inside(span)
        people = [e for e in inside if e.type is EntityType.PERSON]
        chosen = people or inside
        if not chosen:
            return None
        # An English subject ends in its head ("Clinton's campaign manager Robby Mook");
        # a Slavic one starts with it ("Путин в интервью ведущему Такеру Карлсону").
        return chosen[-1] if self.language == "en" else chosen[0]

    def pronoun(self, span: Span) -> Mention | None:
        """The mention of a personal pronoun in any case ("him", «её», «його») with the
        person it stands for, or None when no person is named before it."""
        referent = self.last_person_before(span.start)
        return Mention(span, referent) if referent is not None else None

    def _antecedent(self, span: Span) -> Entity | None:
        """The person a pronoun or bare role noun mention stands for: the last person
        named before it."""
        words = word_tokens(self.text, span.start, span.end)
        if not words:
            return None
        if self.is_person_pronoun(span):
            return self.last_person_before(span.start)
        if any(w.text[:1].isupper() and not demonym_actor(w.lower) for w in words[1:]):
            return None  # a name ("the German leader" names none)
        if self.language != "en" and any(is_plural_role_word(w.text) for w in words[:2]):
            # «Эксперты считают», «Американские дипломаты сообщили»: a group, not the
            # person named last
            return None
        people = [
            e for e in self.entities if e.span.end <= span.start and e.type is EntityType.PERSON
        ]
        # "— said the expert" after "Analyst Raf" and a quote naming Macron: the person the
        # text gave that role, else the last person named.
        if is_role_word(words[-1].text):
            titled = [p for p in people if p.role and holds_noun(p.role, words[-1].lower)]
            # "the British representative", «Немецкий лидер»: someone of that country, not
            # whoever was named last (Scholz is the German leader; Nebenzya is no British
            # representative).
            country = self._demonym_country(words)
            if country is not None:
                people = [p for p in people if self.countries.get(p.actor_id or "") == country]
                # (a titled person of no known country may still be one: «Украинский
                # посол» after the ambassador Melnyk the registry does not hold)
                titled = [
                    p for p in titled if self.countries.get(p.actor_id or "") in (None, country)
                ]
            if self.language != "en":
                # «Песков назвал слова Зеленского … По словам пресс-секретаря»: a title
                # goes back to a subject, not to a name in another case
                people = [p for p in people if not _oblique(p)] or people
                # … nor to a name earlier in its own sentence, which is what it speaks
                # of («Путін, на думку професора, розпочав війну»)
                opened = _sentence_start(self.text, span.start)
                people = [p for p in people if p.span.start < opened]
            chosen = titled or people
            return chosen[-1] if chosen else None
        # A Slavic phrase opens with its head («— написал глава региона»): only a person the
        # text gave that role, since the last name before may be anyone the quote mentions.
        if self.language != "en" and is_role_word(words[0].text):
            # «глава держави», «глава государства» is the president («Президент України
            # Володимир Зеленський … — наголосив глава держави»)
            head_of_state = len(words) > 1 and fold(words[1].text) in _STATE
            noun = "президент" if head_of_state else words[0].lower
            titled = [p for p in people if p.role and holds_noun(p.role, noun)]
            # («— зазначив очільник області» after «Голова Харківської ОВА»: the same
            # office in other words, `_holder_of_office`)
            return titled[-1] if titled else self._holder_of_title(span)
        return None

    def _spoken_for(self, span: Span) -> Entity | None:
        """The organisation a description stands for, named earlier in the text: "the
        ministry" or «ведомство» after the Defence Ministry, "a spokesman for the centre"
        or «представитель центра» after the Centre for Countering Disinformation — the
        last organisation whose name holds the description's noun
        (`bodies.body_named_before`). A word for any agency («ведомство», "the agency")
        takes the last body named as an agency (a ministry, service, office, «МИД», …)."""
        words = word_tokens(self.text, span.start, span.end)
        if not words or any(w.text[:1].isupper() for w in words[1:]):
            return None
        # A body inside a person's title may be what a description stands for ("the
        # agency" after "IAEA chief Rafael Grossi"), not what a name does ("Cleveland"
        # after "Cleveland Police Patrolmen's Association president Steve Loomis").
        named = words[0].text[:1].isupper() and words[0].lower not in _DETERMINERS
        bodies = self._free_bodies if self.language == "en" and named else self._bodies
        spokesperson = any(_is_spokesperson(w.lower) for w in words)
        nouns = [
            w.lower
            for w in words
            if not _is_spokesperson(w.lower)
            and w.lower not in _DETERMINERS
            and w.lower not in _PREPOSITIONS
            and w.lower not in self.pronouns
            and len(w.lower) > 2
        ]
        # Without a spokesperson only a bare description: "the ministry", «ведомства»
        # («эксперты ведомства», "officials at the ministry" are people, said by others).
        # A title is a person's («Президент отметил» after «Офис президента»).
        if not nouns and spokesperson:
            # «— зазначили у пресслужбі» after «пресслужба СБУ»: that body's press office
            return self._body_spoken_for_before(span.start)
        if not nouns or (not spokesperson and is_role_word(nouns[0])):
            return None
        if not spokesperson and self.language == "en" and any(_plural_role(n) for n in nouns):
            return None  # "Several senators said": people, not the senatorial committee
        if not spokesperson and len(nouns) > 1:
            # "the air force" after "Ukraine's air force": a body named with all its words
            body = body_named_before(bodies, span.start, nouns, self._body_names)
            whole = body is not None and all(body_holds(body, n, self._body_names) for n in nouns)
            return body if whole and len(nouns) <= _MAX_DESCRIPTION_NOUNS else None
        # A word for any agency takes the last body named as one: «по данным ведомства»
        # after «Министерство обороны заявило, что украинские войска …» is the ministry,
        # not the Ukrainian army; "the agency" after "the FBI confirmed" is not the CIA
        # named earlier, whose full name holds "agency".
        if any(n.startswith(_ANY_AGENCY) for n in nouns):
            agency_words = (*_AGENCY_NAME_WORDS, *nouns)
            # (not a unit named by one such word: «группировки «Центр»» is no agency)
            agencies = [b for b in bodies if not _one_agency_word(b.text)]
            return body_named_before(agencies, span.start, agency_words, self._body_names)
        return body_named_before(bodies, span.start, nouns, self._body_names)

    def _body_spoken_for_before(self, position: int) -> Entity | None:
        """The last body named before ``position`` right after a word for who speaks for
        it («пресслужба СБУ», «речник МЗС», "a spokesman for the ministry")."""
        found = None
        for entity in self.entities:
            if entity.span.end > position:
                break
            if entity.type is EntityType.PERSON or entity.type is EntityType.LOCATION:
                continue
            before = word_tokens(self.text, max(0, entity.span.start - 30), entity.span.start)
            words = [w.lower for w in before[-3:]]
            if any(_is_spokesperson(w) for w in words):
                found = entity
        return found

    def _named_after_title(self, span: Span) -> Entity | None:
        """The person a title cut short by a comma goes on to name: «повідомив начальник
        військ радіаційного, хімічного та біологічного захисту ЗС РФ Ігор Кирилов» — the
        mention stops at the first comma; the name follows in the same clause."""
        words = self.words_after_determiners(span)
        if not words or not is_role_word(words[0].text):
            return None
        if not self.text.startswith(",", span.end):
            return None  # the title was not cut short by a comma
        for entity in self.entities:
            if entity.span.start < span.end:
                continue
            gap = self.text[span.end : entity.span.start]
            if (
                re.search(r"[.!?;:«»\"“”()\n]", gap)
                or _CLAUSE_OPENER.search(gap)
                or word_count(gap, 0, None, _MAX_TITLE_GAP + 1) > _MAX_TITLE_GAP
            ):
                return None
            # Bodies inside the title («… захисту ЗС РФ») are passed over.
            if entity.type is EntityType.PERSON:
                return entity
        return None

    def is_person_pronoun(self, span: Span) -> bool:
        """Whether the mention at ``span`` is "he", "she", «он», «она», «він», «вона»."""
        words = word_tokens(self.text, span.start, span.end)
        return len(words) == 1 and words[0].lower in _PERSON_PRONOUNS

    def is_it(self, span: Span) -> bool:
        """Whether the mention at ``span`` is "it" (a body, in English)."""
        words = word_tokens(self.text, span.start, span.end)
        return self.language == "en" and len(words) == 1 and words[0].lower == "it"

    def is_bare_title(self, span: Span) -> bool:
        """Whether the mention at ``span`` is a title alone: "the official", «речник», "the
        source" (before a comma: "The official, who spoke on condition of anonymity")."""
        words = self._title_words(span)
        return (
            len(words) == 1
            and words[0].text.islower()
            and (is_role_word(words[0].text) or is_source_word(words[0].text))
        )

    def is_person_description(self, span: Span) -> bool:
        """Whether the mention at ``span`` describes a person by a noun that is no title,
        naming no one: «автор», "a senior official", «собеседник в оборонном ведомстве»
        (not "the ministry", nor a name the recogniser missed; a title — «глава
        делегации» — may be the person named last)."""
        words = self._title_words(span)
        return (
            bool(words)
            and all(w.text.islower() for w in words)
            and any(is_source_word(w.text) or w.lower.startswith(_PERSON_NOUNS) for w in words)
        )

    def is_interlocutor(self, span: Span) -> bool:
        """Whether the mention at ``span`` is «собеседник» / «співрозмовник» alone: whom the
        outlet talked with, who may be the person it named («Горин заявил … — добавил
        собеседник»), unlike "the source"."""
        words = self._title_words(span)
        return len(words) == 1 and is_interlocutor_word(words[0].text)

    def repeats_title(self, span: Span, described: Span) -> bool:
        """Whether the mention at ``span`` can stand for the description at ``described``:
        a pronoun always can; a bare title when the description holds it ("the official"
        after "a senior U.S. official", not "the spokesman")."""
        words = self._title_words(span)
        if self.is_person_pronoun(span) or not words:
            return True
        return holds_noun(self.text[described.start : described.end], words[-1].lower)

    def words_after_determiners(self, span: Span) -> list[Token]:
        """The words of the mention at ``span`` after its determiners."""
        words = word_tokens(self.text, span.start, span.end)
        first = next((i for i, w in enumerate(words) if w.lower not in _DETERMINERS), len(words))
        return words[first:]

    def _title_words(self, span: Span) -> list[Token]:
        """The words of a title phrase without its determiners, up to a comma, and, in
        Russian and Ukrainian, without an adverbial after it («дипломат на брифинге»)."""
        comma = self.text.find(",", span.start, span.end)
        words = self.words_after_determiners(Span(span.start, span.end if comma < 0 else comma))
        if self.language != "en":
            cut = next((i for i, w in enumerate(words) if i and w.lower in _PREPOSITIONS), None)
            words = words[:cut]
        return words

    def describes_someone_else(self, mention: Mention, named: Entity | None) -> bool:
        """Whether a mention describes a person by a title without naming them ("Ukraine's
        foreign minister", «речник відомства»), with the country or body it serves, and by a
        title that is not the role the text gave ``named`` («глава МИД» after «глава МИДа
        Урмас Рейнсалу» is Reinsalu again). A bare title («глава делегации») may be the
        person named before: nothing says otherwise."""
        if mention.entity is None or mention.entity.type is EntityType.PERSON:
            return False
        words = word_tokens(self.text, mention.span.start, mention.span.end)
        titles = [
            i
            for i, w in enumerate(words)
            if is_role_word(w.text) or _is_spokesperson(w.lower) or is_source_word(w.text)
        ]
        if not titles:
            return False
        if any(w.text[:1].isupper() for w in words[titles[-1] + 1 :]):
            return False  # «аналітик Джессіка Берлін»: a name follows the title
        return not _role_holds_title(named.role if named is not None else None, words)

    def _demonym_country(self, words: Sequence[Token]) -> str | None:
        """The country a country adjective in ``words`` names ("German", «американский»),
        as a code ("" when the country is not known to the registry), or None."""
        for word in words:
            actor_id = demonym_actor(word.lower)
            if actor_id:
                return self.countries.get(actor_id, "")
        return None

    def last_person_before(self, position: int) -> Entity | None:
        """The last person named before ``position``."""
        referent = None
        for entity in self.entities:
            if entity.span.end <= position and entity.type is EntityType.PERSON:
                referent = entity
        return referent


_SENTENCE_END = re.compile(r"[.!?…]\s|\n")
# How far back a sentence's start is looked for (a text without full stops reads no more).
_SENTENCE_REACH = 2000


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding ``position`` starts, roughly: after the last full stop,
    question or exclamation mark or line break before it."""
    reach = max(0, position - _SENTENCE_REACH)
    last = max(_SENTENCE_END.finditer(text, reach, position), key=lambda m: m.end(), default=None)
    return last.end() if last is not None else reach


def _known(entity: Entity) -> bool:
    return entity.actor_id is not None and not entity.actor_id.startswith(ADHOC_PREFIX)


def _plural_role(noun: str) -> bool:
    """ "senators", "officials": an English role noun in the plural."""
    return noun.endswith("s") and is_role_word(noun[:-1])


def _oblique(entity: Entity) -> bool:
    """Whether ``entity`` is a registry name written in another form than its aliases'
    (which are nominative): «Зеленского», «Пєскову»."""
    return entity.method == "gazetteer" and not entity.base_form


def _after_at(tokens: Sequence[Token], index: int) -> bool:
    """Whether tokens[index] is a pronoun a preposition governs before the subject: «При
    этом он признал», «Незадовго до цього Лавров говорив» (not the «цьому» of «в цьому
    році», which goes with its noun)."""
    if index <= 0 or tokens[index].lower not in _AT_THIS:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return tokens[index - 1].lower == "при" or (
        following is not None and following.text[:1].isupper()
    )


def _role_holds_title(role: str | None, words: Sequence[Token]) -> bool:
    """Whether a person's ``role`` holds every word of a title phrase (short words and
    determiners aside): «глава МИДа» holds «глава МИД»."""
    if not role:
        return False
    content = [w.lower for w in words if w.lower not in _DETERMINERS and len(w.lower) > 2]
    return bool(content) and all(holds_noun(role, w) for w in content)


def _itself(span: Span) -> Span:
    return span
