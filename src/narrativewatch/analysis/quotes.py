"""Quotes: direct and indirect speech, with speaker, cue and content spans.

Rule-based, for English, Russian and Ukrainian news and wire copy, in the conventions of
attribution corpora (PolNeAR, PARC, ADAQ): the content of direct speech includes its
quotation marks, the content of indirect speech its complementizer ("that …", «что …»).

- direct: text in quotation marks (“…”, «…», „…“, "…", ''…'') whose attribution sits
  before it ("Quote from Peskov:", «Цитата Пескова:», "Peskov said:") or after it ("…,"
  Peskov said; «…», — заявил Песков). A quotation that goes on after its attribution
  ("“A,” he said. “B.”") is one quote. Quoted text with no reporting cue is a title or a
  scare quote, not a quote.
- indirect: "X stated (that) …", «X заявил, что …», «X наголосив, що …»; "X said: …";
  "According to X, …", «По словам X, …», «За словами X, …»; and "…, X said." / "…, said
  X." / «…, — говорит X.» after the content.
- nested: an indirect quote inside another quote's content is kept too ("Peskov said
  Kyiv claimed that …" gives Peskov's quote and Kyiv's).

The speaker is the noun phrase at the cue (`speakers.SpeakerFinder`), which names its
actor or stands for the person mentioned last ("he", "the spokesman", «речник»).
`narrativewatch eval attribution` measures this stage on PolNeAR and ADAQ
(docs/attribution.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

from narrativewatch.analysis import cues, rejections
from narrativewatch.analysis.attribution_tagger import TaggedRelation
from narrativewatch.analysis.labels import is_fact_check_label
from narrativewatch.analysis.span_index import SpanIndex
from narrativewatch.analysis.speakers import ABBREVIATIONS, Mention, SpeakerFinder
from narrativewatch.analysis.tokens import fold, word_count, word_tokens
from narrativewatch.model import (
    Entity,
    EntityType,
    Quote,
    QuoteKind,
    Sentence,
    Span,
    in_registry,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_QUOTED = re.compile(
    r"«(?:[^«»]|«[^«»]*»)*»"
    r"|“[^“”\n]*[”\"]"
    r"|„[^„“”\n]*[“”]"
    r"|''(?:(?!'')[^\n])*''"
    r'|"[^"“”\n]*["”]'
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
_LABEL_LINE = re.compile(
    rf"[ \t]*(?P<name>{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|at|of|on|de|van|von)){{0,5}})"
    r"(?P<colon>:)[ \t]+(?=\S)"
)
_NOT_SPEAKER_LABELS = _words(
    "update updated note source sources photo photos watch read related video breaking "
    "exclusive editor editor's disclosure correction tags topics image images caption "
    "credit when where what why how who q a live analysis opinion warning "
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
    "хроніка інтерв'ю колонка репортаж війна обстріл обстріли"
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


def extract_quotes(
    text: str,
    sentences: Sequence[Sentence],
    entities: Sequence[Entity],
    language: str | None,
    tagged: Sequence[TaggedRelation] = (),
    refine_by_tagger: bool = False,
) -> tuple[Quote, ...]:
    """Direct and indirect quotes in ``text``, in text order.

    ``tagged`` are the relations of the trained tagger (`attribution_tagger`, English):
    each one the rules have not found — its cue and content overlap no rule quote's — is
    added as a quote. With ``refine_by_tagger`` the tagger also vets the rules: one
    that shares a rule quote's cue lends that quote its longer content and its source
    (`_refined_by_tagger`), and an indirect rule quote whose cue it does not tag at all
    is dropped — on the held-out fifth of PolNeAR train, 330 of the 421 such quotes with
    the e5 tagger were not attributions the annotators marked ("the polls show …",
    "it says top secret on a document"); dropping them lifts content F1 from 0.732 to
    0.754 and triple F1 from 0.673 to 0.701 (docs/attribution.md). Direct quotes stay:
    the quotation marks are evidence of their own."""
    lang = language if language in cues.REPORTING_VERBS else "en"
    cue_set = _cues(lang)
    finder = SpeakerFinder(text, entities, lang)
    found = _direct_quotes(text, sentences, cue_set, finder)
    direct = list(found)
    # Each new quote is checked against those near it only (a text of thousands of quotes).
    nearby = SpanIndex(found, _extent)
    by_cue = SpanIndex(found, lambda quote: quote.cue)

    def keep_if_compatible(candidate: _Found) -> None:
        if _compatible(candidate, nearby.overlapping(_extent(candidate))):
            found.append(candidate)
            nearby.add(candidate)
            by_cue.add(candidate)

    for sentence in sentences:
        for candidate in _indirect_quotes(text, sentence, cue_set, finder, direct):
            keep_if_compatible(candidate)
    for previous, sentence in pairwise(sentences):
        if by_cue.any_inside(previous.span):
            # «“…”, — сказал Песков. Об этом ранее сообщил Госпогранкомитет»: the sentence
            # has its own speaker; "this" is the topic, not Peskov's words.
            continue
        about_previous = _reported_before_this(text, previous, sentence, cue_set, finder)
        if about_previous is not None:
            keep_if_compatible(about_previous)
    found = _split_coordinated(text, found)
    if refine_by_tagger:
        found = [_refined_by_tagger(text, f, tagged, finder) for f in found]
        # A quote vetted out no longer keeps the tagger's own reading of its words out.
        found = [
            f
            for f in found
            if f.kind is QuoteKind.DIRECT or _tagged_cue(f, tagged) or _known_speaker(f.speaker)
        ]
    by_rules = list(found)
    # One content the tagger reads from two cues of a sentence ("pondered and mulled
    # whether …") is one quote: the second was only ever a duplicate to the analyst, and
    # dropping it costs no recall on PolNeAR (docs/attribution.md).
    added: set[Span] = set()
    for relation in tagged:
        addition = _from_tagger(text, relation, finder)
        if addition is not None and addition.content not in added and _new_to(addition, by_rules):
            added.add(addition.content)
            found.append(addition)
    found.sort(key=lambda f: (f.content.start, -f.content.end))
    return tuple(_quote(f) for f in found)


def _quote(found: _Found) -> Quote:
    speaker = found.speaker
    entity = speaker.entity if speaker else None
    return Quote(
        span=Span(min(found.start, found.content.start), max(found.end, found.content.end)),
        content=found.content,
        cue=found.cue,
        kind=found.kind,
        speaker_actor_id=entity.actor_id if entity else None,
        speaker=speaker.span if speaker else None,
        speaker_text=entity.text if entity else None,
    )


def _from_tagger(text: str, relation: TaggedRelation, finder: SpeakerFinder) -> _Found | None:
    content = _trim(text, relation.content)
    if word_count(text, content.start, content.end, _MIN_STANCE_WORDS) < _MIN_STANCE_WORDS:
        return None
    if _WITHHELD_ADMISSION.search(text, relation.cue.start, max(relation.cue.end, content.start)):
        # "European leaders refuse to admit that the sanctions hurt them": PolNeAR counts
        # the leaders' position, but the writer asserts the content (the verb presupposes
        # it), so it stays in the outlet's own voice for the document's stance.
        return None
    if _armed_act(text, relation.cue, content, finder):
        return None
    source = relation.source
    if source is None and _opens_with_imperative(text, relation.cue):
        # "View video news", "Read more": a bare verb that opens its sentence with no one
        # before it is an instruction to the reader. ("Asked whether …", "Criticizing
        # police tactics" stay: PolNeAR marks those.)
        return None
    if source is not None and is_fact_check_label(text, source):
        return None  # "Verdict: No evidence." is the outlet's own finding, said by no one
    if source is not None and not word_tokens(text, source.start, source.end):
        source = None  # a dash or a quotation mark tagged as the source names nobody
    speaker = finder.mention(source) if source is not None else None
    direct = text[content.start : content.start + 1] in _OPENING_QUOTE_MARKS
    parts = [content, relation.cue] + ([source] if source is not None else [])
    return _Found(
        content=content,
        cue=relation.cue,
        speaker=speaker,
        kind=QuoteKind.DIRECT if direct else QuoteKind.INDIRECT,
        start=min(p.start for p in parts),
        end=max(p.end for p in parts),
    )


def _armed_act(text: str, cue: Span, content: Span, finder: SpeakerFinder) -> bool:
    """Whether a cue of force acts on a place or a military object (`_FORCE_CUE`): the
    object is the content's first words, up to a preposition, a conjunction or a break."""
    if not _FORCE_CUE.search(text, cue.start, cue.end) or _VERBAL_FORCE.search(
        text, cue.start, cue.end
    ):
        return False
    words = word_tokens(text, content.start, content.end)
    if not words or words[0].lower in cues.COMPLEMENTIZERS["en"]:
        return False  # "shot back that New York …": a clause is what was said
    end = words[0].end
    for previous, word in pairwise(words):
        gap = text[previous.end : word.start]  # "66,280" is one number, ", " a break
        if word.lower in _OBJECT_END or re.search(r"[;:()—–]|,\s", gap):
            break
        end = word.end
    head = Span(content.start, end)
    return bool(_MILITARY_OBJECT.search(text, head.start, head.end)) or finder.names_place(head)


def _opens_with_imperative(text: str, cue: Span) -> bool:
    """Whether ``cue`` is one capitalised bare verb-like word opening a line or a sentence
    (no -ing, -ed or -s ending)."""
    word = cue.text_of(text)
    if not (word[:1].isupper() and word.isalpha()) or word.lower().endswith(("ing", "ed", "s")):
        return False
    before = text[: cue.start].rstrip(" \t")
    return not before or before[-1] in "\n.!?"


def _refined_by_tagger(
    text: str, found: _Found, tagged: Sequence[TaggedRelation], finder: SpeakerFinder
) -> _Found:
    """``found`` as the tagged relation on the same cue reads it: that relation's content
    when it is longer, and its source when it names one.

    The rules end a content at the first clause boundary they trust — "that Trump is in
    favor of free trade" of "…, but wants tougher trade deals", or before a closing
    quotation mark — where the trained tagger reads the whole complement; and they take
    the subject nearest the cue where the tagger has learnt which phrase speaks. On the
    held-out fifth of PolNeAR train, with the e5 tagger, the longer contents lift content,
    source and triple F1 by ~0.012 each, the sources source and triple F1 by another
    ~0.010 (docs/attribution.md). The tagger's shorter contents, taken too, lower the
    scores (the rules' boundaries are the better ones otherwise), and so do the CRF
    tagger's longer ones."""
    relation = next((r for r in tagged if r.cue.overlaps(found.cue)), None)
    if relation is None:
        return found
    content = _within_clauses(text, _trim(text, relation.content), found.content)
    if len(content) > len(found.content):
        found = replace(
            found,
            content=content,
            start=min(found.start, content.start),
            end=max(found.end, content.end),
        )
    source = relation.source
    speaker = finder.mention(source) if source is not None else None
    if (
        source is not None
        and word_tokens(text, source.start, source.end)
        and (_known_speaker(speaker) or not _known_speaker(found.speaker))
    ):
        found = replace(
            found,
            speaker=speaker,
            start=min(found.start, source.start),
            end=max(found.end, source.end),
        )
    return found


def _within_clauses(text: str, content: Span, rule_content: Span) -> Span:
    """``content`` without what it adds beyond a semicolon that ``rule_content`` does not
    cross: "Moscow says Kyiv plans 'dirty bomb'; Ukraine and allies reject claim" reports
    Moscow's claim, not the rejection after the semicolon."""
    start, end = content.start, content.end
    if end > rule_content.end:
        cut = text.find(";", rule_content.end, end)
        end = end if cut == -1 else cut
    if start < rule_content.start:
        cut = text.rfind(";", start, rule_content.start)
        start = start if cut == -1 else cut + 1
    if (start, end) == (content.start, content.end):
        return content
    return _trim(text, Span(start, end))


def _known_speaker(speaker: Mention | None) -> bool:
    """Whether the speaker is an actor of the registry (not an ad-hoc name or nobody),
    however the mention reached it: by name, by a surname linked to the full name
    ("Peskov" after "Dmitry Peskov") or by a pronoun or title ("he", "the spokesman")."""
    entity = speaker.entity if speaker else None
    return entity is not None and in_registry(entity.actor_id)


def _tagged_cue(found: _Found, tagged: Sequence[TaggedRelation]) -> bool:
    return any(relation.cue.overlaps(found.cue) for relation in tagged)


def _new_to(candidate: _Found, found: Sequence[_Found]) -> bool:
    """A tagged relation is new unless it reuses a rule quote's cue or covers, with more
    than half of the shorter of the two, a rule quote's content. A nested one ("X said Y
    told reporters that …") is not new either: letting it in lowered content and triple
    F1 on the held-out fifth of PolNeAR train (docs/attribution.md)."""
    for other in found:
        if candidate.cue.overlaps(other.cue):
            return False
        shared = min(candidate.content.end, other.content.end) - max(
            candidate.content.start, other.content.start
        )
        if shared > 0.5 * min(len(candidate.content), len(other.content)):
            return False
    return True


def _extent(quote: _Found) -> Span:
    """From the first to the last character of a quote's content, cue and speaker."""
    spans = [quote.content, quote.cue] + ([quote.speaker.span] if quote.speaker else [])
    return Span(min(s.start for s in spans), max(s.end for s in spans))


def _compatible(candidate: _Found, found: Sequence[_Found]) -> bool:
    """A new quote may not reuse a cue, nor overlap another content — unless one is nested
    in the other (its cue lies inside the other's content). Only quotes whose `_extent`
    overlaps the candidate's can clash with it."""
    for other in found:
        if candidate.cue.overlaps(other.cue) or (
            other.speaker is not None and candidate.cue.overlaps(other.speaker.span)
        ):
            return False
        if candidate.content.overlaps(other.content):
            nested = other.content.contains(candidate.cue) or candidate.content.contains(other.cue)
            if not nested:
                return False
    return True


# ------------------------------------------------------------------------------ direct


def _direct_quotes(
    text: str, sentences: Sequence[Sentence], cue_set: _Cues, finder: SpeakerFinder
) -> list[_Found]:
    quotes: list[_Found] = []
    for match in _QUOTED.finditer(text):
        content = Span(match.start(), match.end())
        if word_count(text, content.start, content.end, _MIN_DIRECT_WORDS) < _MIN_DIRECT_WORDS:
            continue
        attribution = _attribution_before(text, match.start(), cue_set, finder)
        if (
            attribution is not None
            and word_count(text, content.start, content.end, _MIN_INTRODUCED_WORDS)
            < _MIN_INTRODUCED_WORDS
            and not re.search(r":\s*$", text[attribution[0].end : match.start()])
        ):
            attribution = None
        if attribution is None and _runs_on(text, match.end()):
            attribution = _attribution_after(text, match.end(), cue_set, finder)
            if attribution is not None:
                content = _with_lead_in(text, content)
        previous = quotes[-1] if quotes else None
        if previous is not None and _continues(text, previous, content, attribution):
            quotes[-1] = _Found(
                Span(previous.content.start, content.end),
                previous.cue,
                previous.speaker,
                QuoteKind.DIRECT,
                previous.start,
                max(previous.end, content.end),
            )
            continue
        if attribution is None:
            continue
        cue, speaker, start, end = attribution
        quotes.append(_Found(content, cue, speaker, QuoteKind.DIRECT, start, end))
    return quotes


def _with_lead_in(text: str, content: Span) -> Span:
    """ "America needs leaders “who understand …,” Clinton said.": a quotation that the
    sentence leads into is reported with its lead-in."""
    clause_start = _sentence_start(text, content.start)
    lead_in = text[clause_start : content.start]
    if len(word_tokens(lead_in)) < 2 or re.search(r"[“”«»\"]|''|[:;]\s*$", lead_in):
        return content
    return Span(clause_start + len(lead_in) - len(lead_in.lstrip()), content.end)


def _continues(
    text: str,
    previous: _Found,
    content: Span,
    attribution: tuple[Span, Mention | None, int, int] | None,
) -> bool:
    """Whether a quotation goes on the previous quote: “A,” he said, “B.” (the same cue)
    or “A,” he said. “B.” (no cue of its own, in the same paragraph right after it)."""
    if attribution is not None:
        return attribution[0] == previous.cue
    between = text[previous.content.end : content.start]
    return (
        "\n" not in between
        and bool(re.search(r"[.,:;!?]\s*$", between))
        and len(word_tokens(between)) <= _MAX_CONTINUATION_GAP_WORDS
        and not word_tokens(text, max(previous.end, previous.content.end), content.start)
    )


def _runs_on(text: str, close_mark: int) -> bool:
    """Whether the sentence goes on after a closing quotation mark ("“…,” he said", "“…?”
    she asked", «…», — заявил): not when the quotation ended its sentence ("“….” But")."""
    before = text[max(0, close_mark - 3) : close_mark].rstrip("”“»\"'")
    after = text[close_mark : close_mark + 4].lstrip(" \t")
    if before[-1:] in (",", "?", "!", "—", "–", "-", "…") or after[:1] in (",", "—", "–", "-"):
        return True
    return after[:1].isalpha() and after[:1].islower()


def _attribution_before(
    text: str, open_mark: int, cue_set: _Cues, finder: SpeakerFinder
) -> tuple[Span, Mention | None, int, int] | None:
    line_start = text.rfind("\n", 0, open_mark) + 1
    clause_start = _sentence_start(text, open_mark)
    prefix = text[clause_start:open_mark]
    if not re.search(r"[:,]\s*$", prefix) and not re.search(r"\w\s*$", prefix):
        return None
    label = cue_set.labels.search(text, line_start, open_mark)
    if label is not None:
        cue = Span(
            label.start() + len(label.group()) - len(label.group().lstrip("\n \t•*-–")), label.end()
        )
        speaker = finder.after(label.end(), open_mark) or _named_in(finder, label.end(), open_mark)
        return cue, speaker, clause_start, open_mark
    verbs = [
        v
        for v in cue_set.reporting.finditer(text, clause_start, open_mark)
        if not _proper_noun(text, v, clause_start)
    ]
    if (
        not verbs
        or word_count(text, verbs[-1].end(), open_mark, _MAX_INTRO_WORDS) > _MAX_INTRO_WORDS
    ):
        return None
    verb = verbs[-1]
    # "X said the wall is “totally necessary”" is indirect speech with a quoted phrase.
    if not re.search(r"[:,]\s*$", prefix):
        return None
    speaker = finder.before(verb.start(), clause_start) or finder.after(
        verb.end(), open_mark, any_case=_opens_clause(text, clause_start, verb.start())
    )
    if speaker is None and _is_participle(verb.group().split()[0], finder.language):
        # "Spicer said, adding: “…”": the subject of the verb the participle follows.
        speaker = _subject_of_previous_verb(text, clause_start, verb.start(), cue_set, finder)
    return Span(verb.start(), verb.end()), speaker, clause_start, open_mark


def _subject_of_previous_verb(
    text: str, start: int, position: int, cue_set: _Cues, finder: SpeakerFinder
) -> Mention | None:
    """The subject of the last reporting or stance verb in ``[start, position)``."""
    verbs = [
        v
        for pattern in (cue_set.reporting, cue_set.stance)
        for v in pattern.finditer(text, start, position)
        if not _is_participle(v.group().split()[0], finder.language)
    ]
    if not verbs:
        return None
    last = max(verbs, key=lambda v: v.start())
    return finder.before(last.start(), start)


def _named_in(finder: SpeakerFinder, start: int, end: int) -> Mention | None:
    """ "Quote from Peskov:" — the first person (else any) entity in the label."""
    inside = finder.entities_inside(Span(start, end))
    if not inside:
        return None
    people = [e for e in inside if e.type is EntityType.PERSON]
    entity = (people or inside)[0]
    return Mention(entity.span, entity)


def _attribution_after(
    text: str, close_mark: int, cue_set: _Cues, finder: SpeakerFinder
) -> tuple[Span, Mention | None, int, int] | None:
    tail = re.match(r"[ \t]*[,.!?…]?[ \t]*[—–-]?[ \t]*", text[close_mark:])
    separated = tail is None or re.search(r"[,—–-]", tail.group())
    if finder.language in ("ru", "uk") and not separated:
        # «Энергоатом» опроверг …: Russian and Ukrainian set off direct speech with a comma
        # or a dash («…», — заявил); a quoted word running straight into a verb is a name.
        return None
    start = close_mark + (tail.end() if tail else 0)
    end = _statement_end(text, start)
    verb = next(
        (
            v
            for v in cue_set.reporting.finditer(text, start, min(end, start + 250))
            if v.group().islower()
        ),
        None,
    )
    if verb is None:
        return None
    if not separated and fold(verb.group()) in cues.NOUN_LIKE_FORMS and verb.start() == start:
        return None  # 'dismissed as "absurd" claims that …': a noun the quotation describes
    if finder.language == "en" and _is_participle(verb.group().split()[0], "en"):
        # '… that Russia "must pay for this," adding that …': the participle goes on with
        # the sentence's subject and says something new; it does not attribute the quotation.
        return None
    before = word_tokens(text, start, verb.start())
    if len(before) > _MAX_TAIL_SPEAKER_WORDS:
        return None
    if _describes_quotation(text, start, verb.start()):
        return None  # '… a "dirty bomb", a claim Kyiv dismissed': the writer's words
    # «…», — заявил Песков: the speaker follows the verb, unless one stands before it
    # ("…," Russian Foreign Ministry spokeswoman Maria Zakharova told a briefing).
    speaker = finder.before(verb.start(), start)
    if speaker is None and before and before[0].text[:1].isupper():
        # "…," Harry Bond, 30, of Raleigh, who was polled, said: the whole tail names him.
        speaker = finder.mention(Span(before[0].start, before[-1].end))
    if speaker is None and not before:
        speaker = finder.after(verb.end(), end, any_case=True)
    if speaker is None:
        return None  # "…" is what it was called: no speaker, no quote
    return Span(verb.start(), verb.end()), speaker, close_mark, end


# 'a "dirty bomb", a claim Kyiv and its allies dismissed as false': a tail that opens with a
# noun for what was said describes the quotation; whoever the clause then names did not say it.
_DESCRIBING_TAIL = re.compile(
    r"(?:a|an|the|this|that)\s+(?:\w+\s+){0,2}?(?:claims?|allegations?|assertions?|"
    r"accusations?|charges?|statements?|descriptions?|phrases?|terms?|words?|labels?|"
    r"narratives?|suggestions?|notions?|ideas?|theory|theories|version|story|stories|"
    r"rumou?rs?|slogans?|expressions?|characteri[sz]ations?)\b",
    re.IGNORECASE,
)


def _describes_quotation(text: str, start: int, end: int) -> bool:
    return _DESCRIBING_TAIL.match(text, start, end) is not None


# ---------------------------------------------------------------------------- indirect


# «Об этом сообщил …», «Про це повідомляє …»: the sentence names who said the sentence
# before it, the commonest attribution of Russian and Ukrainian news.
_ADVERBIAL_OPENERS = _words("в во на у с со из по для при через после з із зі від під після")
# «сообщил о гибели …», «повідомив про обстріл …» — but not «о том, что …», a clause.
_ABOUT_OBJECT = re.compile(
    r"\s+(?:о|об|обо|про)\s+(?!(?:том|те|это|этом|це|цьому|цей|цим)\b)\w", re.IGNORECASE
)
_ABOUT_THIS = {
    "ru": re.compile(r"[ \t]*(?:об этом|о том же|об этом же)(?!\w)", re.IGNORECASE),
    "uk": re.compile(r"[ \t]*(?:про це|про це ж|про таке)(?!\w)", re.IGNORECASE),
}


def _reported_before_this(
    text: str, previous: Sentence, sentence: Sentence, cue_set: _Cues, finder: SpeakerFinder
) -> _Found | None:
    """«Росіяни атакували Одесу. Про це повідомив речник Плетенчук.»: a quote of the
    previous sentence by the speaker the second one names, after its verb («повідомив
    Плетенчук») or before it («Об этом Захарова заявила журналистам»)."""
    pattern = _ABOUT_THIS.get(cue_set.language)
    start, end = sentence.span.start, sentence.span.end
    opener = pattern.match(text, start, end) if pattern is not None else None
    if opener is None:
        return None
    verb = next(iter(cue_set.reporting.finditer(text, opener.end(), end)), None)
    if verb is None:
        return None
    # «Об этом Захарова заявила …»: the subject between; «Об этом в своем канале написала
    # Захарова»: an adverbial between, the subject after the verb.
    between = word_tokens(text, opener.end(), verb.start())
    speaker = None
    if between and between[0].lower not in _ADVERBIAL_OPENERS:
        speaker = finder.before(verb.start(), opener.end())
    speaker = speaker or finder.after(verb.end(), end, any_case=True)
    content = _trim(text, previous.span)
    if (
        speaker is None
        or word_count(text, content.start, content.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS
    ):
        return None
    return _Found(content, Span(verb.start(), verb.end()), speaker, QuoteKind.INDIRECT, start, end)


def _indirect_quotes(
    text: str,
    sentence: Sentence,
    cue_set: _Cues,
    finder: SpeakerFinder,
    direct: Sequence[_Found],
) -> list[_Found]:
    start, end = sentence.span.start, sentence.span.end
    quotes: list[_Found] = []
    pronoun_cues = []
    for cue in cue_set.according_pronoun.finditer(text, start, end):
        group = next(i for i in range(1, len(cue.groups()) + 1) if cue.group(i))
        # «По её словам, …» with nobody named before: who "she" is stays unknown, and a
        # quote without a speaker says nothing.
        speaker = finder.pronoun(Span(cue.start(group), cue.end(group)))
        if speaker is None:
            continue
        pronoun_cues.append(Span(cue.start(), cue.end()))
        found = _according_to(text, cue, start, end, cue_set, finder, speaker)
        if found is not None:
            quotes.append(found)
    for cue in cue_set.according.finditer(text, start, end):
        if any(span.overlaps(Span(cue.start(), cue.end())) for span in pronoun_cues):
            continue  # "according to him": read above, with the person "him" stands for
        found = _according_to(text, cue, start, end, cue_set, finder)
        if found is not None:
            quotes.append(found)
    labelled = _speaker_label(text, sentence, finder)
    if labelled is not None:
        quotes.append(labelled)
    quotes += _appositive_rejections(text, sentence, finder)
    in_sentence = [d for d in direct if sentence.span.contains(d.cue)]
    verbs = [(v, False) for v in cue_set.reporting.finditer(text, start, end)]
    verbs += [(v, True) for v in cue_set.stance.finditer(text, start, end)]
    naming = list(cue_set.naming.finditer(text, start, end))
    verbs += [(v, True) for v in naming]
    # In text order, so that "…, saying …" finds the speaker of the verb before it.
    for verb, takes_object in sorted(verbs, key=lambda item: (item[0].start(), item[1])):
        verb_span = Span(verb.start(), verb.end())
        if (
            _proper_noun(text, verb, start)
            or _noun_use(text, verb, start)
            or any(q.cue.overlaps(verb_span) for q in (*direct, *quotes))
        ):
            continue
        earlier = [q for q in (*in_sentence, *quotes) if q.cue.end <= verb.start()]
        if _subjunctive(text, verb, start) and any(
            q.content.contains(verb_span)
            and fold(q.cue.text_of(text)) in _DIRECTIVES
            and fold(text[q.content.start : q.content.start + 5]) == "that "
            for q in earlier
        ):
            continue  # "demanded that the United States explain …": asked for, not said
        progressive = _is_participle(verb.group().split()[0], finder.language)
        if not progressive and finder.passive(verb.start(), start):
            # "Trump was asked whether …", "it is said that …": what is reported, by nobody
            # the sentence names.
            found = _reported_after(
                text, verb, start, end, cue_set, finder, passive=True
            ) or _accused_by(text, verb, start, end, cue_set, finder)
            if found is not None:
                quotes.append(found)
            continue
        if takes_object:
            found = _stance_taken(text, verb, start, end, cue_set, finder, earlier)
            # "called the claims a lie" is a rejection; "calls its war a special operation"
            # is the writer's naming, no quote.
            if (
                verb in naming
                and found is not None
                and not rejections.has_verdict(found.content.text_of(text), finder.language)
            ):
                found = None
            if found is not None and _armed_act(text, found.cue, found.content, finder):
                found = None  # "the forces were defending the territory": an act of war
        elif _elided_subject(text, verb, start, finder):
            # "Clark said … but said …", "…, noting that …": the subject of the first verb.
            speakers = [q.speaker for q in earlier if q.speaker is not None]
            subject = (
                speakers[-1]
                if speakers
                else _subject_of_previous_verb(text, start, verb.start(), cue_set, finder)
                or finder.opening(start, verb.start())
            )
            found = (
                _reported_after(text, verb, start, end, cue_set, finder, subject)
                if subject is not None
                else None
            )
        else:
            found = _reported_after(text, verb, start, end, cue_set, finder) or _reported_before(
                text, verb, start, end, finder
            )
            if found is None and _ABOUT_OBJECT.match(text, verb.end(), end):
                # «Минобороны сообщило о доставке контейнеров …»: what was reported, as a noun
                found = _stance_taken(text, verb, start, end, cue_set, finder, earlier)
        if found is not None and not _self_talk(found, direct, finder):
            quotes.append(_within_direct(text, found, direct))
    return quotes


# "…, a claim Kyiv and its allies have rejected", "…, an allegation Moscow denies", "…,
# which Ukraine has dismissed": a rejection set off by a comma after what it rejects. The
# noun or "which" points back at it; the rejecting speaker stands before the verb.
_APPOSITIVE_REJECTION = re.compile(
    r",\s+(?P<pointer>(?:(?:a|an|the)\s+)?"
    + cues.word_alternation([*cues.REPORTING_NOUNS["en"], "charge", "charges"])
    + r"|which)\s+(?:that\s+)?(?P<speaker>[^,;:.!?()]{1,60}?)\s+"
    r"(?:(?:has|have|had)\s+)?(?:(?:\w+ly|also|long|since|always)\s+)?"
    r"(?P<cue>" + cues.word_alternation(cues.REJECTION_VERBS["en"]) + ")",
    re.IGNORECASE,
)


# «…, что Киев отрицает», «…, що в Києві заперечують», «…, которые Москва отвергла»: the
# same in Russian and Ukrainian, the rejecting verb ending the clause (else «что» opens
# what is said: «заявил, что Киев отрицает свою причастность»).
_APPOSITIVE_REJECTION_CYRILLIC = {
    language: re.compile(
        r",\s+(?P<pointer>" + "|".join(pointers) + r")\s+(?P<speaker>[^,;:.!?()«»]{1,60}?)\s+"
        r"(?:(?:\w+о|не)\s+)?"
        r"(?P<cue>" + cues.word_alternation(cues.REJECTION_VERBS[language]) + r")"
        r"\s*(?=[.!?;]|$)",
        re.IGNORECASE,
    )
    for language, pointers in cues.RELATIVE_POINTERS.items()
}


def appositive_rejection_start(text: str, start: int, end: int, language: str) -> int | None:
    """Where a Russian or Ukrainian comma-set rejection begins in ``text[start:end]``, if
    one does: the claim it follows ends there (English has `claims._COMMENT`)."""
    pattern = _APPOSITIVE_REJECTION_CYRILLIC.get(language)
    match = pattern.search(text, start, end) if pattern is not None else None
    return match.start() if match is not None else None


def _appositive_rejections(text: str, sentence: Sentence, finder: SpeakerFinder) -> list[_Found]:
    """Rejections set off by a comma after the words they reject; the speaker must be
    named, and the content is the word pointing back, so that the rejection is read as
    one of something said before (`rejections.dismisses`)."""
    pattern = _APPOSITIVE_REJECTION_CYRILLIC.get(finder.language, _APPOSITIVE_REJECTION)
    found = []
    start, end = sentence.span.start, sentence.span.end
    for match in pattern.finditer(text, start, end):
        speaker = _named_in(finder, match.start("speaker"), match.end("speaker"))
        if speaker is None:
            continue
        pointer = Span(match.start("pointer"), match.end("pointer"))
        cue = Span(match.start("cue"), match.end("cue"))
        found.append(_Found(pointer, cue, speaker, QuoteKind.INDIRECT, pointer.start, cue.end))
    return found


def _speaker_label(text: str, sentence: Sentence, finder: SpeakerFinder) -> _Found | None:
    """A headline or transcript line "Name: what they said" ("Bernie Sanders: 'Of Course'
    Hillary Clinton Is Qualified", "Lopez: Well, no one is like …"): a short name, a colon,
    then the words."""
    match = _LABEL_LINE.match(text, sentence.span.start, sentence.span.end)
    if match is None:
        return None
    name = Span(match.start("name"), match.end("name"))
    # "Ukraine at UN: …", "Trump at rally: …": who speaks is before "at", where after it
    # (when a name stands there: "Terrorism at Zaporizhzhya NPP: …" is a topic).
    at = re.search(r"[ \t]at[ \t]", text[name.start : name.end])
    if at is not None and finder.mention(Span(name.start, name.start + at.start())).entity:
        name = Span(name.start, name.start + at.start())
    words = word_tokens(text, name.start, name.end)
    if any(w.lower in _NOT_SPEAKER_LABELS for w in words) or is_fact_check_label(text, name):
        return None
    mention = finder.mention(name)
    named = mention.entity is not None and mention.entity.type is not EntityType.LOCATION
    if not named and not all(w.text[:1].isupper() for w in words):
        return None
    content = _trim(text, Span(match.end(), sentence.span.end))
    if word_count(text, content.start, content.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS:
        return None
    colon = Span(match.start("colon"), match.end("colon"))
    return _Found(content, colon, mention, QuoteKind.INDIRECT, name.start, content.end)


def _subjunctive(text: str, verb: re.Match[str], sentence_start: int) -> bool:
    """An English verb without tense or modal ("demanded that X explain"); "said",
    "explains", "would explain", "to explain" are not."""
    word = fold(verb.group().split()[0])
    if word.endswith(("s", "ed")) or word in _IRREGULAR_PAST:
        return False
    before = word_tokens(text, max(sentence_start, verb.start() - 30), verb.start())
    return not before or before[-1].lower not in _MODALS


def _stance_taken(
    text: str,
    verb: re.Match[str],
    start: int,
    end: int,
    cue_set: _Cues,
    finder: SpeakerFinder,
    earlier: Sequence[_Found],
) -> _Found | None:
    """ "Clinton criticized the plan", "Trump called for a ban": the object is the content,
    the subject the speaker."""
    if _elided_subject(text, verb, start, finder):
        previous = [q for q in earlier if q.speaker is not None and q.cue.end <= verb.start()]
        speaker = previous[-1].speaker if previous else finder.opening(start, verb.start())
    else:
        speaker = finder.before(verb.start(), start)
    # «Россию обвинили в обстреле станции», «Україну звинувачують у провокаціях»: an
    # accusation by nobody named, the accused put first. As in the English passive
    # ("Russia is accused of …"), the content runs from the accused, who is said to act.
    accused = (
        finder.object_before(verb.start(), start)
        if speaker is None and fold(verb.group()) in _ACCUSING
        else None
    )
    if accused is not None:
        content = _clause(text, verb.end(), end, cue_set)
        return _accusation(_trim(text, Span(accused.span.start, content.end)), verb, None)
    # "McCaskill, who has endorsed Clinton, said …": the relative clause is background.
    if speaker is None or fold(speaker.span.text_of(text)) in _RELATIVES:
        return None
    speaker, fronted = _fronted_object(text, speaker, finder.language)
    content = _clause(text, verb.end(), end, cue_set)
    comma = text.find(",", content.start, content.end)
    # «… заяви про те, що Україна …»: a comma before a complementizer goes on with the
    # object's clause.
    while comma != -1 and cue_set.complementizer.match(text, comma, content.end):
        comma = text.find(",", comma + 1, content.end)
    if comma != -1:
        content = _trim(text, Span(content.start, comma))
    if fronted is not None:
        content = Span(fronted.start, content.end)
    if word_count(text, content.start, content.end, _MIN_STANCE_WORDS) < _MIN_STANCE_WORDS:
        return None
    return _reported_by(content, verb, speaker)


_BY = re.compile(r"\s+by\s+", re.IGNORECASE)
_CHARGE = re.compile(r"\s(?:of|for|over)\s+(?=[a-z])")  # "of shelling", not "of Defence"


def _accused_by(
    text: str, verb: re.Match[str], start: int, end: int, cue_set: _Cues, finder: SpeakerFinder
) -> _Found | None:
    """ "Ukraine was accused by Moscow of shelling the plant": a passive accusation names
    its speaker after "by". The content runs from the accused, who is said to act, as in
    «Украину обвинили в …» (`_stance_taken`); the claim's reading of who acts skips the
    accuser (`matching.agents`)."""
    if fold(verb.group()) not in _ACCUSING_EN:
        return None
    by = _BY.match(text, verb.end(), end)
    accused = finder.before(verb.start(), start)
    if by is None or accused is None:
        return None
    # "by the Kremlin for the attack …": the accuser ends where the accusation begins.
    charge = _CHARGE.search(text, by.end(), end)
    accuser = finder.after(by.end(), charge.start() if charge else end)
    if accuser is None or accuser.entity is None:
        return None
    content = _trim(text, Span(accused.span.start, _clause(text, verb.end(), end, cue_set).end))
    if word_count(text, content.start, content.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS:
        return None
    return _accusation(content, verb, accuser)


def _accusation(content: Span, verb: re.Match[str], accuser: Mention | None) -> _Found:
    """An accusation whose content runs from the accused, over the cue, to its end."""
    cue = Span(verb.start(), verb.end())
    return _Found(content, cue, accuser, QuoteKind.INDIRECT, content.start, content.end)


def _fronted_object(text: str, speaker: Mention, language: str) -> tuple[Mention, Span | None]:
    """«У ДПСУ такі заяви назвали маніпуляцією»: Russian and Ukrainian put an object that
    points back before the verb. The phrase before the verb is then the named subject and
    that object; the object belongs to what was said."""
    if language not in ("ru", "uk"):  # English keeps its order ("… these days said")
        return speaker, None
    entity = speaker.entity
    if entity is None or not speaker.span.start <= entity.span.end < speaker.span.end:
        return speaker, None
    words = word_tokens(text, entity.span.end, speaker.span.end)
    if not words or not rejections.points_back(words[0].text, language):
        return speaker, None
    return Mention(Span(speaker.span.start, entity.span.end), entity), Span(
        words[0].start, speaker.span.end
    )


def _reported_by(content: Span, verb: re.Match[str], speaker: Mention | None) -> _Found:
    """An indirect quote whose cue is ``verb``, running from the speaker (or the verb) to
    the end of the content."""
    start = verb.start() if speaker is None else min(speaker.span.start, verb.start())
    return _Found(
        content, Span(verb.start(), verb.end()), speaker, QuoteKind.INDIRECT, start, content.end
    )


def _noun_use(text: str, verb: re.Match[str], sentence_start: int) -> bool:
    """ "his claims", "the reports", "multiple reports": a cue word used as a noun."""
    words = word_tokens(text, max(sentence_start, verb.start() - 30), verb.start())
    if not words or re.search(r"[,;:]", text[words[-1].end : verb.start()]):
        return False
    if fold(verb.group()) in cues.NOUN_LIKE_FORMS:
        previous = words[-1]
        return not (previous.text[:1].isupper() or previous.lower in _SUBJECT_PRONOUNS)
    return words[-1].lower in _NOUN_MARKERS


def _elided_subject(
    text: str, verb: re.Match[str], sentence_start: int, finder: SpeakerFinder
) -> bool:
    """Whether a cue shares the subject of an earlier verb: "… and said", «… и добавил»,
    or an English participle after a comma ("…, saying", "…, adding that")."""
    head = text[sentence_start : verb.start()]
    words = word_tokens(head)
    while words and words[-1].lower in finder.modifiers:
        words.pop()
    if (
        words
        and words[-1].lower in _CONJUNCTIONS
        and not re.search(r"[,;:]\s*$", head[: words[-1].start])
    ):
        return True
    return _is_participle(verb.group(), finder.language) and bool(re.search(r",\s*$", head))


def _is_participle(word: str, language: str) -> bool:
    """ "saying", «заявив», «заявивши»: a verb form that takes its subject from the clause."""
    word = fold(word)
    if language == "en":
        return word.endswith("ing")
    return word.endswith(("вши", "в")) and not word.endswith(("ов", "ев", "ів"))


def _within_direct(text: str, found: _Found, direct: Sequence[_Found]) -> _Found:
    """A quote inside a direct quote ends with it, before its closing mark, and with its
    own sentence: in "“Russia accuses others of what it plans itself. Ukraine has no dirty
    bomb,” Kuleba said" the second sentence is Kuleba's, not Russia's."""
    for outer in direct:
        if outer.content.contains(found.cue) and found.content.start < outer.content.end:
            end = min(
                outer.content.end, _sentence_end(text, found.content.start, found.content.end)
            )
            if end >= found.content.end:
                continue
            while end > found.content.start and not text[end - 1].isalnum():
                end -= 1
            content = Span(found.content.start, max(found.content.start, end))
            return _Found(content, found.cue, found.speaker, found.kind, found.start, end)
    return found


def _self_talk(found: _Found, direct: Sequence[_Found], finder: SpeakerFinder) -> bool:
    """Inside a direct quote, "I think …" or "we know …" is part of what the speaker
    says, not a quote of its own."""
    if found.speaker is None or not any(d.content.contains(found.cue) for d in direct):
        return False
    words = word_tokens(finder.text, found.speaker.span.start, found.speaker.span.end)
    return bool(words) and words[0].lower in _FIRST_AND_SECOND_PERSON


def _according_to(
    text: str,
    cue: re.Match[str],
    start: int,
    end: int,
    cue_set: _Cues,
    finder: SpeakerFinder,
    speaker: Mention | None = None,
) -> _Found | None:
    """ "According to X, …" / "…, according to X." / «По словам X, …»; ``speaker`` when
    the cue holds it already («По его словам, …»)."""
    speaker = speaker or finder.after(cue.end(), end, any_case=True)
    if speaker is None:
        return None
    before = _trim(text, Span(start, cue.start()))
    comma = text.find(",", speaker.span.end, end)
    content = before
    # "According to X, …" — unless the words before the cue are the content ("…,
    # according to former Sen. Scott Brown, R-Mass.").
    if comma != -1 and word_count(text, speaker.span.end, comma, 10) <= 10:
        after = _clause(text, comma + 1, end, cue_set)
        if (
            word_count(text, before.start, before.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS
            or word_count(text, after.start, after.end, _MIN_CONTENT_WORDS) >= _MIN_CONTENT_WORDS
        ):
            content = after
    if word_count(text, content.start, content.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS:
        return None
    return _Found(
        content,
        Span(cue.start(), cue.end()),
        speaker,
        QuoteKind.INDIRECT,
        min(cue.start(), content.start),
        max(content.end, speaker.span.end),
    )


def _reported_after(
    text: str,
    verb: re.Match[str],
    start: int,
    end: int,
    cue_set: _Cues,
    finder: SpeakerFinder,
    subject: Mention | None = None,
    passive: bool = False,
) -> _Found | None:
    """ "X said (that) …", "X said: …", «X заявил, что …»: the content follows the cue;
    ``subject`` is the speaker when the sentence named it before ("… and said …"); a
    ``passive`` cue has no speaker."""
    complement = _complement_after(text, verb.end(), end, cue_set)
    if complement is None:
        return None
    content = _clause(text, complement, end, cue_set)
    if word_count(text, content.start, content.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS:
        return None
    if passive:
        return _reported_by(content, verb, None)
    speaker = subject or finder.before(verb.start(), start)
    if speaker is None and _opens_clause(text, start, verb.start()):
        # «Как заявили в министерстве, …»: the speaker after the cue.
        speaker = finder.after(verb.end(), complement)
    if speaker is None:
        return None
    return _reported_by(content, verb, speaker)


def _reported_before(
    text: str, verb: re.Match[str], start: int, end: int, finder: SpeakerFinder
) -> _Found | None:
    """ "…, X said." / "…, said X." / «…, — говорит X.» / «…, говорят эксперты, …»: the
    content precedes a short tail that holds the cue and the speaker."""
    head = text[start : verb.start()]
    marks = [m.end() for m in re.finditer(r"[,—–]\s*|\s-\s", head)]
    if not marks:
        return None
    tail_start = start + marks[-1]
    if (
        word_count(text, tail_start, verb.start(), _MAX_TAIL_SUBJECT_WORDS)
        > _MAX_TAIL_SUBJECT_WORDS
    ):
        return None
    speaker = finder.before(verb.start(), tail_start)
    if speaker is None or speaker.span.start != _first_word(text, tail_start, verb.start()):
        speaker = None
        # "…, say experts" — but a participle does not invert: "…, adding that …".
        inverted = not (finder.language == "en" and _is_participle(verb.group().split()[0], "en"))
        if inverted and not word_tokens(text, tail_start, verb.start()):
            speaker = finder.after(verb.end(), end, any_case=True)
            if speaker is not None and not _ends_tail(text, speaker.span, end):
                speaker = None
    if speaker is None:
        return None
    tail_end = _tail_end(text, verb.end(), end)
    if word_count(text, tail_start, tail_end, _MAX_TAIL_WORDS) > _MAX_TAIL_WORDS:
        return None
    content = _trim(text, Span(_content_start(text, start, tail_start), tail_start))
    # «Эта тенденция, говорят эксперты, сохранится»: the content goes on after the tail —
    # unless what follows is the writer's ("…, Spicer said, adding …").
    if tail_end < end and text[tail_end] == ",":
        rest = _trim(text, Span(tail_end + 1, end))
        words = word_tokens(text, rest.start, rest.end)
        short_subject = (
            word_count(text, content.start, content.end, _MAX_SPLIT_SUBJECT) <= _MAX_SPLIT_SUBJECT
        )
        if (
            short_subject
            and words
            and not words[0].lower.endswith("ing")
            and text[rest.start] not in "\"“«'"
        ):
            content = Span(content.start, rest.end)
    if word_count(text, content.start, content.end, _MIN_CONTENT_WORDS) < _MIN_CONTENT_WORDS:
        return None
    return _Found(
        content,
        Span(verb.start(), verb.end()),
        speaker,
        QuoteKind.INDIRECT,
        content.start,
        max(tail_end, speaker.span.end),
    )


def _ends_tail(text: str, mention: Span, end: int) -> bool:
    """Whether an inverted speaker closes its tail ("…, said the official." / "…, say
    experts like Paul Bauman, …"), rather than opening a clause ("…, says her sister is")."""
    words = word_tokens(text, mention.start, mention.end)
    if words and words[0].lower in _POSSESSIVES:
        return False
    stop = re.search(r"[,;.!?]", text[mention.end : end])
    rest_end = mention.end + stop.start() if stop else end
    return word_count(text, mention.end, rest_end, 4) <= 4


def _opens_clause(text: str, sentence_start: int, position: int) -> bool:
    """Whether only a clause boundary (or "as", «как», «як») precedes ``position``."""
    head = re.split(r"[,;:—–]", text[sentence_start:position])[-1]
    return fold(head.strip()) in ("", "as", "как", "як")


def _first_word(text: str, start: int, end: int) -> int:
    words = word_tokens(text, start, end)
    return words[0].start if words else -1


def _tail_end(text: str, position: int, end: int) -> int:
    """Where the attribution tail ends: at the next comma or the sentence end."""
    stop = re.search(r"[,;]", text[position:end])
    return position + stop.start() if stop else end


def _content_start(text: str, sentence_start: int, tail_start: int) -> int:
    """The content of a trailing attribution starts with the sentence, or after a colon
    that introduces it."""
    colon = text.rfind(": ", sentence_start, tail_start)
    return colon + 2 if colon != -1 else sentence_start


def _proper_noun(text: str, verb: re.Match[str], sentence_start: int) -> bool:
    """ "the United States" is not the verb "states": a capitalised cue inside a sentence."""
    return verb.group()[0].isupper() and bool(text[sentence_start : verb.start()].strip())


def _complement_after(text: str, position: int, end: int, cue_set: _Cues) -> int | None:
    """Where the reported content starts after a reporting verb: at its complementizer
    ("said that …", "заявил, что …", allowing a short addressee or time in between:
    "told reporters on Monday that"), after a colon ("said: …"), or — in English — at a
    bare clause ("said he would …", "says Mr. Clinton would …")."""
    window = text[position:end]
    # A few words between the verb and its complementizer, joined by spaces only ("told
    # conservative radio host Hugh Hewitt on Wednesday that").
    for count in range(_MAX_SKIPPED_WORDS + 1):
        skip = re.match(rf"(?:\s+[\w’'-]+){{{count}}}", window)
        if skip is None:
            break
        skipped = word_tokens(window, 0, skip.end())
        if skipped and _bare_word(skipped[0].lower) in _SUBJECT_PRONOUNS - {"that"}:
            break  # "say they feel that way": a bare clause, not "say … that"
        if (
            skipped
            and skipped[0].lower in _CLAUSE_SUBJECT_DETERMINERS
            and fold(_verb_text(text, position)) not in _TELL_FORMS
        ):
            # "said the missile that hit the station was fired by …": the clause's subject
            # and its relative clause, not an addressee before "that".
            break
        found = cue_set.complementizer.match(window, skip.end())
        if found and not re.search(r"(?i)\b(?:so|such|now|given)\s*$", window[: skip.end()]):
            complementizer = found.group().lstrip(" ,")
            return position + found.end() - len(complementizer)
    colon = re.match(r"(?:\s+[\w’'-]+){0,3}?\s*:\s*(?=\S)", window)
    if colon:
        return position + colon.end()
    if cue_set.language != "en":
        return None
    cursor = position
    for _ in range(3):
        adverbial = _ADVERBIAL.match(text, cursor, end)
        if adverbial is None:
            break
        cursor = adverbial.end()
    words = word_tokens(text, cursor, end)
    if len(words) < 2 or re.search(r"[;:.!?,(]", text[position : words[0].start]):
        return None
    if fold(_verb_text(text, position)) in _TELL_FORMS:
        # "told CNN he would …": the addressee, then the clause.
        for word in words[:4]:
            if _bare_word(word.lower) in _SUBJECT_PRONOUNS:
                return _with_opening_mark(text, word.start)
        return None
    opener = words[0]
    if _bare_word(opener.lower) in _CLAUSE_OPENERS_EN:
        return _with_opening_mark(text, opener.start)
    if opener.text[:1].isupper():
        # "says Sen. Ted Cruz is …", not "said Trump." or "said Trump aides".
        if any(w.text.islower() for w in words[1:5]) and not re.search(
            r"[,]", text[opener.start : words[min(2, len(words) - 1)].start]
        ):
            return _with_opening_mark(text, opener.start)
        return None
    if opener.lower in _NOT_CLAUSE_OPENERS or opener.lower.endswith("ly"):
        return None
    return _with_opening_mark(text, opener.start)


def _with_opening_mark(text: str, start: int) -> int:
    """A bare clause that opens with a quotation mark keeps it: 'repeats "dirty bomb" claim'
    reports '"dirty bomb" claim', not 'dirty bomb" claim'."""
    if start > 0 and text[start - 1] in _OPENING_QUOTE_MARKS:
        return start - 1
    return start


def _verb_text(text: str, verb_end: int) -> str:
    """The word that ends at ``verb_end``."""
    match = re.search(r"[\w’'-]+$", text[max(0, verb_end - 30) : verb_end])
    return match.group() if match else ""


def _bare_word(word: str) -> str:
    """ "he'd" → "he", "they're" → "they"."""
    return re.sub(r"'(?:d|ll|s|re|ve|m)$", "", word)


def _statement_end(text: str, start: int) -> int:
    """The end of the attribution after a closing quotation mark: the next full stop that
    does not follow an abbreviation ("Mr. Autor said."), line break or quotation mark."""
    for match in re.finditer(r"[.!?](?=\s|$)|\n|[“«\"]|''", text[start:]):
        if match.group() == "." and _closes_abbreviation(text, start + match.start(), start):
            continue
        return start + match.start()
    return len(text)


def _is_abbreviation(word: str) -> bool:
    lowered = word.lower()
    return (
        lowered in ABBREVIATIONS
        or lowered in _MONTH_ABBREVIATIONS
        or (len(word) == 1 and word.isupper())
    )


_MONTH_ABBREVIATIONS = _words("jan feb mar apr jun jul aug sep sept oct nov dec")
_SENTENCE_BREAK = re.compile(r"[.!?][ \t]")


def _sentence_end(text: str, start: int, end: int) -> int:
    """The end of the sentence that runs from ``start``: its first ". ", "! " or "? "
    before ``end`` that does not close an abbreviation, else ``end``."""
    for found in _SENTENCE_BREAK.finditer(text, start, end):
        if found.group()[0] == "." and _closes_abbreviation(text, found.start(), start):
            continue
        return found.start() + 1
    return end


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding ``position`` starts within its line: after the last
    ". ", "! " or "? " before it that does not close an abbreviation ("Sen. Graham",
    "the U.S. State Department", "Oct. 25")."""
    line_start = text.rfind("\n", 0, position) + 1
    start = line_start
    for found in _SENTENCE_BREAK.finditer(text, line_start, position):
        if found.group()[0] == "." and _closes_abbreviation(text, found.start(), line_start):
            continue
        start = found.end()
    return start


def _closes_abbreviation(text: str, stop: int, floor: int) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation ("Mr.", "U.S.", "Oct."), not
    a sentence; words before ``floor`` are not looked at."""
    words = word_tokens(text, max(floor, stop - 12), stop)
    return bool(words) and words[-1].end == stop and _is_abbreviation(words[-1].text)


def _clause(text: str, start: int, end: int, cue_set: _Cues) -> Span:
    stop = end
    lowered = text[start:end].lower()
    for marker in cue_set.clause_breaks:
        index = lowered.find(marker)
        if index > 0:
            stop = min(stop, start + index)
        if marker.startswith(", "):
            # 'that Russia "must pay for this," adding …': the comma inside the quotation
            # marks; the content keeps its closing mark.
            quoted = re.search(r",[”\"»’']" + re.escape(marker[1:]), lowered)
            if quoted is not None and quoted.start() > 0:
                stop = min(stop, start + quoted.start() + 2)
    return _trim(text, Span(start, stop))


def _split_coordinated(text: str, found: list[_Found]) -> list[_Found]:
    """ "X said A, and Y said B": A ends where the next speaker's clause begins."""
    result = []
    # Where each other report may start, its speaker or its cue, found by position: a text
    # of thousands of quotes would otherwise compare every pair.
    spoken = [(quote, quote.speaker.span) for quote in found if quote.speaker is not None]
    points = [(i, at.start) for i, (q, speaker) in enumerate(spoken) for at in (speaker, q.cue)]
    starts = SpanIndex(points, lambda point: Span(point[1], point[1]))
    for quote in found:
        content = quote.content
        if quote.kind is QuoteKind.DIRECT:
            result.append(quote)
            continue
        # Reports starting strictly inside the content, in the order of `found`.
        within = Span(content.start + 1, content.end - 1) if len(content) > 1 else None
        near = dict.fromkeys(i for i, _ in starts.inside(within)) if within else {}
        for other, other_speaker in (spoken[i] for i in near):
            if other is quote:
                continue
            # The next report starts at its speaker, or at its cue when it shares ours.
            speaker = other_speaker if other_speaker.start > quote.cue.end else other.cue
            if content.start < speaker.start < content.end:
                joint = _COORDINATION.search(text, content.start, speaker.start)
                if joint and word_tokens(text, content.start, joint.start()):
                    content = _trim(text, Span(content.start, joint.start()))
        result.append(_Found(content, quote.cue, quote.speaker, quote.kind, quote.start, quote.end))
    return result


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in " \t\n,—–-:":
        start += 1
    while end > start and text[end - 1] in " \t\n,—–-:;.":
        end -= 1
    return Span(start, end)
