"""What every quote rule shares: the quote under construction, and the cue words,
word lists and limits the rules read (per language)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from narrativewatch.analysis import cues
from narrativewatch.analysis.speakers import Mention
from narrativewatch.analysis.tokens import fold
from narrativewatch.model import Entity, QuoteKind, Span


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_QUOTED = re.compile(
    r"«(?:[^«»]|«[^«»]*»)*»"
    r"|“[^“”\n]*[”\"]"
    r"|„[^„“”\n]*[“”]"
    r"|''(?:(?!'')[^\n])*''"
    r'|"[^"“”\n]*["”]'
    # A quotation that goes on into the next paragraph has no closing mark: the next
    # paragraph opens with one instead (news style in English).
    r"|“[^“”\n]*(?=\n\s*“)"
    r"|''(?:(?!'')[^\n])*(?=\n\s*'')"
    r'|"[^"“”\n]*(?=\n\s*")'
)


# A refused or failed admission: its content is the writer's claim, not the subject's.
_WITHHELD_ADMISSION = re.compile(
    r"\b(?:refus\w*|fail\w*|reluctan\w*|unwilling|won't|will not|don't|do not|doesn't|"
    r"does not|didn't|did not|never|cannot|can't)\b[\w\s']{0,20}?"
    r"\b(?:admit|acknowledg|recogni[sz]e|concede|accept|face)\w*",
    re.IGNORECASE,
)


# Verbs of armed force, and what an armed act is done to. The attribution tagger learnt
# "Trump attacked Clinton", "fired back", "hit him on taxes" from PolNeAR's political news,
# where they report positions; in war news it then reads "Russian troops have attacked
# the port city of Mariupol" and "the Armed Forces repulsed the assaults" as the troops'
# words. A cue of force whose object — the content's first words, up to a preposition —
# is a place or a military thing reports an act (`_armed_act`), whether the tagger or a
# stance rule ("defended the decision", but "defending the territory") found it.
_FORCE_CUE = re.compile(
    r"\b(?:attack\w*|assault\w*|strik\w*|struck|hit|hits|hitting|shell\w*|bomb|bombs|"
    r"bombed|bombing|bombard\w*|fired|firing|fires|shoot\w*|shot|repuls\w*|repel\w*|"
    r"eliminat\w*|destroy\w*|kill\w*|storm\w*|seiz\w*|captur\w*|terrori[sz]\w*|invad\w*|"
    r"occup\w*|liberat\w*|push\w* back|raid\w*|besieg\w*|defend\w*)\b",
    re.IGNORECASE,
)


_MILITARY_OBJECT = re.compile(
    r"\b(?:troops|forces|army|positions|region|oblast|city|town|village|port|settlements?|"
    r"infrastructure|missiles?|rockets?|artillery|drones?|occupiers|invaders|assaults?|"
    r"attacks|offensive|aircraft|helicopters?|tanks?|warships?|bombers|territory|"
    r"directions?|front|prisoners?|facilities|targets?|depots?)\b",
    re.IGNORECASE,
)


# Not acts: a retort ("fired back at", "hit out at") and a cue that holds a verb of speech
# beside the act ("condemns attack on", "blamed for shelling").
_VERBAL_FORCE = re.compile(
    r"\b(?:(?:fir|shot|shoot|hit)\w* (?:back|out)|condemn\w*|denounc\w*|decr[iy]\w*|"
    r"critici[sz]\w*|blam\w*|accus\w*|warn\w*|says?|said|report\w*|claim\w*|call\w*)\b",
    re.IGNORECASE,
)


# Where an object noun phrase ends: a preposition or a conjunction after its first word.
_OBJECT_END = frozenset(
    [
        "of", "in", "on", "at", "for", "over", "with", "from", "near", "by", "to", "into",
        "against", "using", "along", "across", "about", "around", "after", "before",
        "during", "since", "while", "as", "under", "amid", "toward", "towards", "through",
        "between", "and", "or", "but", "who", "which", "that",
    ]
)  # fmt: skip


# A content that opens with one of these is direct speech.
_OPENING_QUOTE_MARKS = frozenset('“«„"')


# Lengths, in words. The limits were set on PolNeAR train (docs/attribution.md).
# A quotation needs an attribution to be a quote, so even one word will do ("“Yes,” he
# said"); unattributed quoted text is a title or a scare quote.
_MIN_DIRECT_WORDS = 1


# A short quotation after its cue is more often a name or a title (told NBC's “Today”),
# unless a colon introduces it.
_MIN_INTRODUCED_WORDS = 3


_MIN_CONTENT_WORDS = 3


# "praised her effort": an object may be short.
_MIN_STANCE_WORDS = 2


# Between a cue and the quotation it introduces ("said in a statement on Tuesday: “…”").
_MAX_INTRO_WORDS = 6


# Between a verb and its complementizer ("told conservative radio host Hugh Hewitt on
# Wednesday that").
_MAX_SKIPPED_WORDS = 10


# The longest attribution between two parts of one quotation ("“A,” Clark said, noting
# he would support any of the others. “B.”": PolNeAR annotates such pairs as one quote).
_MAX_CONTINUATION_GAP_WORDS = 40


# A speaker description between a quotation and its cue ("…," Harry Bond, 30, of
# Raleigh, N.C., who was among those polled, said).
_MAX_TAIL_SPEAKER_WORDS = 25


# A tail that attributes the content before it ("…, the former secretary of state said
# in a statement on Tuesday.").
_MAX_TAIL_WORDS = 14


# The subject in such a tail: an official name runs long ("…, the Ministry of Foreign
# Affairs of the Russian Federation said"). 6 → 10 was neutral on the held-out fifth of
# PolNeAR train (content F1 0.6627 either way).
_MAX_TAIL_SUBJECT_WORDS = 10


# «Эта тенденция, говорят эксперты, сохранится»: a content split by its attribution opens
# with a short subject; after a whole clause the words after the tail are the writer's.
_MAX_SPLIT_SUBJECT = 4


# What may sit between a reporting verb and a bare complement clause: "said on Tuesday
# he would", "said in a statement the plan", "told reporters Mr. Clinton would".
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight)"


_ADVERBIAL = re.compile(
    r"\s*(?:(?:on|last|this|early|late|next)\s+)?(?:" + _DAY + r"|morning|afternoon|evening"
    r"|night|week|weekend|month|year)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|\s*(?:in|during|at|on)\s+(?:a|an|the|his|her|their|its)\s+(?:\w+\s+){0,2}?"
    r"(?:statement|interview|speech|release|post|tweet|letter|call|email|op-ed|briefing"
    r"|debate|video|memo|appearance|address|radio|television)"
    r"|\s*(?:earlier|later|recently|also|repeatedly|previously|again|publicly|privately"
    r"|separately|flatly|simply|bluntly|frankly|reporters|journalists|\w+ly)\b",
    re.IGNORECASE,
)


# Words that open an English clause after "said": "said he would", "says the plan".
_CLAUSE_OPENERS_EN = _words(
    "he she they it i we you there this these those his her their its our my the a an no "
    "all some many most if when"
)


# Words after "said" that do not open its reported clause: "said in", "said no", "told him".
_NOT_CLAUSE_OPENERS = _words(
    "to in on at for with about of from by after before during so no nothing yes little "
    "much more something anything goodbye hello thanks when while as because him them me "
    "us whether what how why who which where repeatedly earlier later"
)


# Words that open a noun phrase: after "said" (not "told") such a phrase is the reported
# clause's subject, so a "that" after it opens a relative clause.
_CLAUSE_SUBJECT_DETERMINERS = _words("the a an this these those his her their its our")


# "told CNN he would": after these the clause starts at a subject pronoun.
_TELL_FORMS = _words("told tell tells telling assured assures warned warns reminded reminds")


_SUBJECT_PRONOUNS = _words("he she they it i we you there that")


# Words other than prepositions that may stand between an English cue and its "that":
# when and how often ("said last week that", "insisted again that").
_WHEN_WORDS = _words(
    "last this next earlier later again also once twice repeatedly yesterday today tonight "
    "then previously now still even already"
)


_MODALS = _words("would will could can should may might must shall do does did to not")


_IRREGULAR_PAST = _words("said told wrote thought knew found felt saw shown seen known written")


# Verbs whose "that" clause is what someone should do, not what anyone said.
# ("asked whether they think …" is a question, and what it nests is reported.)
_DIRECTIVES = _words(
    "demand demands demanded urge urges urged insist insists insisted request requests "
    "requested propose proposes proposed recommend recommends recommended"
)


# The end of a content before a coordinated report: "…, and Y said …", "…, а Y заявил …".
_COORDINATION = re.compile(
    r"(?:[,;]\s*(?:and|but|while|whereas|а|но|и|але|і|й)?|\s(?:and|but))\s*$", re.IGNORECASE
)


# Where reported content ends besides the clause breaks the claim stage shares: a
# participle or a consequence that starts the writer's own comment ("…, meaning that …").
_CONTENT_BREAKS = {
    "en": [", meaning ", ", sensing ", ", noting ", ", arguing ",
           ", insisting ", ", according to ", ", as ", ", without ",
           # without a comma too: "accused Kyiv of … without offering any evidence"
           " without providing ", " without offering ", " without giving ",
           " without presenting ", " without citing ", " without producing "],
    "ru": [", так что ", ", поэтому ", ", не предоставив ", ", не приведя ",
           ", не представив ", ", не уточнив "],
    "uk": [", тож ", ", тому ", ", не надавши ", ", не навівши ", ", не уточнивши "],
}  # fmt: skip


# A contrast inside what is reported belongs to it («что ушло их четыреста, а вернулось
# четырнадцать»), though the claim stage splits claims there.
_CONTENT_GOES_ON = frozenset([", а ", ", но ", ", але "])


# "his claims", "the reports": before these a cue word is a noun.
_NOUN_MARKERS = _words(
    "the a an his her their its our my your this these those multiple many several some "
    "recent new earlier previous such no any all both other media news press initial "
    "latest first whose"
)


# "Name:" at the start of a sentence: up to six words, capitalised or short linking words.
_NAME_WORD = r"[A-ZА-ЯЁІЇЄҐ][\w.'’-]*"


# Telegram channels open a headline with signs: "‼️Буданов: …", "🔴 Zelensky: …", "⚡️".
_LEADING_SIGNS = r"(?:[\u2022\u203c\u2049\u2190-\u2bff\ufe0f\u200d\U0001f000-\U0001faff]|!)*"


_LABEL_LINE = re.compile(
    rf"[ \t]*{_LEADING_SIGNS}[ \t]*"
    rf"(?P<name>{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|at|of|on|de|van|von)){{0,5}})"
    r"(?P<colon>:)[ \t]+(?=\S)"
)


_NOT_SPEAKER_LABELS = _words(
    "update updated note source sources photo photos watch read related video breaking "
    "exclusive editor editor's disclosure correction tags topics image images caption "
    "credit when where what why how who q a live analysis opinion warning "
    # a transcript's questions: a reporter asking, no one's statement
    "question questions вопрос питання запитання "
    # a byline's boilerplate ("Follow AWR Hawkins on Twitter: @AWRHawkins")
    "follow subscribe contact email "
    # a newsroom's formats and a story's topic ("Explainer:", "Factbox:", "Transcript:",
    # "War in Ukraine:", "Shelling of Kremenchuk:", "Assault on Azov:" — RUWA's headlines)
    "explainer factbox fact transcript guests timeline chronology interview "
    "podcast graphic graphics insight recap preview review profile obituary column "
    "editorial commentary feature roundup round-up war shelling assault occupied attack "
    "attacks strike strikes battle siege evacuation occupation invasion offensive "
    "explosion explosions "
    "срочно молния важно внимание эксклюзив новости видео фото обновлено мнение "
    "хроника интервью колонка репортаж война обстрел обстрелы "
    "терміново блискавка важливо увага ексклюзив новини відео оновлено думка "
    "хроніка інтерв'ю колонка репортаж війна обстріл обстріли "
    # «Источник: канал …», «Джерело: сайт МВС» — a citation line, not someone speaking
    "источник источники джерело джерела"
)


_RELATIVES = _words("who which that который которая которые який яка які")


_ACCUSING = frozenset(fold(verb) for verbs in cues.ACCUSING_VERBS.values() for verb in verbs)


_ACCUSING_EN = frozenset(["accused", "blamed"])


_POSSESSIVES = _words("his her their its my our your")


_CONJUNCTIONS = _words("and but и а но і й але та")


_FIRST_AND_SECOND_PERSON = _words("i we you я мы вы ты ми ви ти")


@dataclass(frozen=True)
class _Cues:
    reporting: re.Pattern[str]
    stance: re.Pattern[str]
    naming: re.Pattern[str]  # a cue only when it names something a lie (cues.NAMING_VERBS)
    according: re.Pattern[str]
    according_pronoun: re.Pattern[str]
    labels: re.Pattern[str]
    complementizer: re.Pattern[str]
    clause_breaks: tuple[str, ...]
    language: str


@cache
def _cues(language: str) -> _Cues:
    return _Cues(
        reporting=cues.compile_words(cues.REPORTING_VERBS, language),
        # Russian and Ukrainian take only the rejecting and accusing verbs with an object
        # («МИД опроверг эти обвинения», «обвинил Киев в провокациях»); English lists
        # "rejected", "dismissed" and "accused" among its stance verbs and reads "denied"
        # as a reporting verb.
        stance=re.compile(
            cues.word_alternation(
                cues.STANCE_VERBS.get(language, [])
                + (cues.REJECTION_VERBS[language] if language in ("ru", "uk") else [])
                + cues.ACCUSING_VERBS.get(language, [])
            ),
            re.IGNORECASE,
        ),
        # English leaves "called the claims a lie" to the trained tagger: as a rule it
        # cost content F1 on the held-out fifth of PolNeAR train (0.6627 -> 0.6621).
        naming=cues.compile_words(cues.NAMING_VERBS, language)
        if language in ("ru", "uk")
        else re.compile(r"(?!)"),
        according=cues.compile_words(cues.ACCORDING_TO, language),
        according_pronoun=re.compile(
            cues.PRONOUN_ACCORDING_TO.get(language, cues.PRONOUN_ACCORDING_TO["en"]),
            re.IGNORECASE,
        ),
        labels=re.compile(
            r"^[ \t•*\-–]*(?:" + cues.word_alternation(cues.QUOTE_LABELS[language]) + r")",
            re.IGNORECASE | re.MULTILINE,
        ),
        complementizer=re.compile(
            r"\s*,?\s*(?:" + cues.word_alternation(cues.COMPLEMENTIZERS[language]) + r")\s+",
            re.IGNORECASE,
        ),
        clause_breaks=tuple(
            b
            for b in cues.CLAUSE_BREAKS[language] + _CONTENT_BREAKS.get(language, [])
            if b not in _CONTENT_GOES_ON
        ),
        language=language,
    )


@dataclass(frozen=True, slots=True)
class _Found:
    """A quote under construction: its content, cue and speaker mention."""

    content: Span
    cue: Span
    speaker: Mention | None
    kind: QuoteKind
    start: int  # where the whole construction starts and ends
    end: int
    # The outlet that carries the words, when the construction names it ("RIA Novosti
    # quoted Lavrov as saying"; `quoted_as`); else whom they were told is read from the text.
    addressee: Entity | None = None


# What a source asks for when it asks to stay unnamed: no words of theirs.
_ANONYMITY = re.compile(
    r"(?:that\s+)?(?:(?:he|she|they)\s+)?not\s+(?:to\s+)?be\s+(?:named|identified|quoted)\b"
    r"|(?:анонимности|анонімності|не\s+(?:называть|називати)\s+(?:его|ее|её|їх|його|її)?)",
    re.IGNORECASE,
)


def asks_anonymity(text: str, content: Span) -> bool:
    """Whether ``content`` is only a source's request to stay unnamed ("who asked not to
    be named", «попросивший не называть его имени»): no words of theirs."""
    return _ANONYMITY.match(text, content.start, content.end) is not None
