"""Grammatical roles, for reading who acts in a claim or a catalog statement.

English marks a noun's role with word order alone, so "The West will fight Russia to
the last Ukrainian" reads, without a parser, as if Russia acted: no preposition comes
before it. Verification then rejected true paraphrases ("NATO will fight Russia to the
last Ukrainian": *another agent*). spaCy's English parser, shipped with the model the
recogniser already uses, tells an object from a subject.

Russian and Ukrainian mark a noun's role with its case, which `agents` reads from the
name's ending — except where the accusative is the nominative: «Запад вооружает Киев»
read Kyiv acting (the West is no registry actor), as did «Неонацисты контролируют
украинское правительство» the cabinet. natasha's Russian syntax parser (slovnet, shipped
in the natasha package the recogniser already uses; Universal Dependencies labels) tells
them apart. No Ukrainian parser ships offline here, and natasha's reads Ukrainian as
noise («Неонацисти контролюють …»: an adjective), so Ukrainian keeps the case reading.

A name's role is that of the noun phrase it is part of: "Ukrainian" in "Ukrainian units"
and "Ukraine" in "Ukraine's partners" («России» in «войска России») take the role of
"units", "partners" («войска»); a second conjunct ("not Ukraine but the whole NATO bloc")
takes the first's. The parse changes three readings only (`agents.read_actors`): a name
in an object's place — a verb's object, a preposition's, a passive's subject — is never
the agent; a name the parser makes a subject is not read as qualifying a place noun after
it ("Russia strikes power plants") nor as the next place of a list ("Near the border with
Belarus, Ukraine is massing troops"); elsewhere a parser's mistake leaves the reading as
it was. In Russian, the parser guesses objects from word order where the case is
ambiguous, so an object counts only where the verb's agreement confirms it
(`_cannot_be_its_subject`).

The parsers cost ~1–2 ms (English) and ~5 ms (Russian) a sentence, so only texts whose
reading a parse could change are parsed (`agents.order_may_decide`). Parses are kept by
text: a text's parse is the same alone or in any batch (checked on 532 English
sentences; natasha's parser reads each sentence on its own), so a document's analysis
still does not depend on what came before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from narrativewatch.analysis.nlp import ENGLISH_SPACY_MODEL, multiply_with_numpy, natasha_models
from narrativewatch.model import Span

# Dependency labels (spaCy's English scheme, ClearNLP) of a verb's objects, and of subjects.
_OBJECT = frozenset({"dobj", "dative", "iobj", "oprd"})
_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# The subject of a passive is what the action is done to: "Ukraine is being armed by NATO"
# («Киев был атакован Россией») has NATO (Russia) act, named after "by" (in the
# instrumental), where `agents.read_actors` finds the agent of a passive.
_PASSIVE_SUBJECT = frozenset({"nsubjpass", "csubjpass"})
_UD_PASSIVE_SUBJECT = frozenset({"nsubj:pass", "csubj:pass"})
# … except that whom an accusation names is the one it says acted ("Russia was accused by
# Kyiv of shelling the plant"), as in the active (`agents`). Word beginnings: the parser
# runs without the lemmatizer.
_ACCUSING = ("accus", "blam", "suspect", "charg")
# A word in one of these relations belongs to the noun phrase of its head.
_INSIDE_PHRASE = frozenset({"compound", "amod", "nmod", "poss", "case", "conj", "appos", "cc"})
# The same in Universal Dependencies, natasha's Russian scheme (an indirect object is in
# the dative, which the case rules read already).
_UD_OBJECT = frozenset({"obj"})
_UD_SUBJECT = frozenset({"nsubj", "nsubj:pass", "csubj", "csubj:pass"})
_UD_INSIDE_PHRASE = frozenset(
    {
        "amod",
        "nmod",
        "det",
        "nummod",
        "case",
        "conj",
        "cc",
        "appos",
        "flat",
        "flat:name",
        "flat:foreign",
        "compound",
        "fixed",
    }
)
# How many parsed texts to keep: the catalog's statements, and claims a stream repeats.
_CACHE_SIZE = 20_000


@dataclass(frozen=True, slots=True)
class WordRole:
    start: int
    end: int
    dependency: str  # the word's own relation to its head
    head_start: int  # where its head word starts (its own start for the root)
    role: str  # "subject", "object" or "other": the role of its noun phrase

    @property
    def heads_subject(self) -> bool:
        """The word is the subject itself, not a word inside it ("Ukraine power plant")."""
        return self.dependency in _SUBJECT or self.dependency in _UD_SUBJECT


@dataclass(frozen=True, slots=True)
class Roles:
    """The words of one English text with their roles."""

    words: tuple[WordRole, ...]

    def of(self, span: Span) -> WordRole | None:
        """The head word of the phrase at ``span``: the word whose head lies outside it."""
        inside = [w for w in self.words if span.start <= w.start and w.end <= span.end]
        for word in inside:
            if not span.start <= word.head_start < span.end or word.head_start == word.start:
                return word
        return inside[-1] if inside else None


# Languages with a parser (`roles_of`); a text in another language keeps the reading
# without one.
PARSED_LANGUAGES = ("en", "ru")


def roles_of(texts: Sequence[str], language: str) -> list[Roles]:
    """The roles of each text in ``language`` (one of `PARSED_LANGUAGES`); texts seen
    before come from a cache, the rest are parsed in one batch."""
    missing = [text for text in dict.fromkeys(texts) if (language, text) not in _memory]
    parse = {"en": _english_roles, "ru": _russian_roles}[language]
    parsed = dict(zip(missing, parse(missing), strict=True))
    for text, roles in parsed.items():
        _remember((language, text), roles)
    return [parsed.get(text) or _memory[(language, text)] for text in texts]


_memory: dict[tuple[str, str], Roles] = {}


def _remember(key: tuple[str, str], roles: Roles) -> None:
    if len(_memory) >= _CACHE_SIZE:
        _memory.pop(next(iter(_memory)))  # the oldest: dicts keep insertion order
    _memory[key] = roles


def _english_roles(texts: Sequence[str]) -> list[Roles]:
    if not texts:
        return []
    return [_roles_of(doc) for doc in _parser().pipe(texts, batch_size=64)]


def _russian_roles(texts: Sequence[str]) -> list[Roles]:
    if not texts:
        return []
    from razdel import tokenize

    tokens = [list(tokenize(text)) for text in texts]
    words = [[token.text for token in sentence] for sentence in tokens]
    parser, tagger = _russian_models()
    return [
        _ud_roles(sentence, parse.tokens, tags.tokens)
        for sentence, parse, tags in zip(tokens, parser.map(words), tagger.map(words), strict=True)
    ]


def _ud_roles(words: Sequence[Any], parsed: Sequence[Any], tags: Sequence[Any]) -> Roles:
    """Roles from a Universal Dependencies parse: ``words`` carry the offsets (razdel),
    ``parsed`` the same tokens with 1-based ``id``, ``head_id`` (0: the root) and ``rel``,
    ``tags`` their morphology (``feats``)."""
    position = {token.id: i for i, token in enumerate(parsed)}
    heads = [position.get(token.head_id, i) for i, token in enumerate(parsed)]
    out = []
    role_of_phrase: dict[int, str] = {}  # the words of one phrase share its role
    for i, (word, token) in enumerate(zip(words, parsed, strict=True)):
        phrase = i
        for _ in range(8):  # bounded: the parser can point a word at itself
            head = heads[phrase]
            # a verb heads no noun phrase, whatever the parser called the link to it
            if (
                parsed[phrase].rel not in _UD_INSIDE_PHRASE
                or head == phrase
                or _is_verb(tags[head])
            ):
                break
            phrase = head
        if phrase not in role_of_phrase:
            role_of_phrase[phrase] = _ud_role(phrase, parsed, heads, tags)
        role = role_of_phrase[phrase]
        out.append(WordRole(word.start, word.stop, token.rel, words[heads[i]].start, role))
    return Roles(tuple(out))


def _ud_role(phrase: int, parsed: Sequence[Any], heads: Sequence[int], tags: Sequence[Any]) -> str:
    relation = parsed[phrase].rel
    if relation in _UD_PASSIVE_SUBJECT and tags[heads[phrase]].feats.get("Voice") == "Pass":
        return "object"
    if relation in _UD_OBJECT and _cannot_be_its_subject(phrase, parsed, heads, tags):
        return "object"
    return "subject" if relation in _UD_SUBJECT else "other"


def _cannot_be_its_subject(
    phrase: int, parsed: Sequence[Any], heads: Sequence[int], tags: Sequence[Any]
) -> bool:
    """Whether a phrase the parser makes a verb's object is one: in the accusative by the
    tagger, and disagreeing with the verb in number or (past singular) gender, or
    conjoined with a word that can be accusative but not nominative. Where the accusative
    is the nominative, word order decides for the parser, and Russian puts objects first
    freely: «Любую мирную инициативу торпедируют Лондон и Вашингтон», «Мариупольский
    драмтеатр взорвал „Азов“» (Azov did). Agreement is evidence: «Неонацисты
    контролируют украинское правительство» (plural verb, singular noun), «Нуланд
    подбирала правительство» (feminine verb), «… правительство, армию и спецслужбы»
    («армию»). Where the verb agrees with both, the reading without the parse stands; so
    does a dative the parser calls an object («США и союзникам удалось сокрушить …»: the
    US acts)."""
    if tags[phrase].feats.get("Case") != "Acc":
        return False
    verb = tags[heads[phrase]].feats
    if heads[phrase] == phrase or verb.get("VerbForm") != "Fin" or "Number" not in verb:
        return False
    conjuncts = [
        j
        for j in range(len(parsed))
        if j != phrase and heads[j] == phrase and parsed[j].rel == "conj"
    ]
    # Conjuncts share their case.
    cases = [_cases_of(parsed[j].text) for j in conjuncts]
    if any(not case & {"nomn", "accs"} for case in cases):
        return False  # a dative or an instrumental among them: no direct object
    if any("nomn" not in case for case in cases):
        return True
    noun = tags[phrase].feats
    number = "Plur" if conjuncts else noun.get("Number")
    if number != verb["Number"]:
        return number is not None
    gender = verb.get("Gender")
    return bool(gender and noun.get("Gender") and gender != noun["Gender"])


def _roles_of(doc: Any) -> Roles:
    words = []
    for token in doc:
        phrase = token
        for _ in range(8):  # bounded: a parse is a tree, but stay safe on odd ones
            if phrase.dep_ not in _INSIDE_PHRASE or phrase.head is phrase:
                break
            phrase = phrase.head
        # "allow Zelensky to negotiate", "wants Kyiv to surrender": the parser makes the
        # name the subject of the infinitive; it is the main verb's object.
        of_infinitive = phrase.dep_ in _SUBJECT and any(
            child.dep_ == "aux" and child.lower_ == "to" for child in phrase.head.children
        )
        role = (
            "object"
            if phrase.dep_ in _OBJECT
            or of_infinitive
            # "the official ideology of modern Ukraine": a preposition's object, with
            # words between them that the rules do not read as a place; not "by …", the
            # agent of a passive, nor a subject the parser lost to a fronted phrase
            or (
                phrase.dep_ == "pobj"
                and phrase.head.dep_ != "agent"
                and not _subject_lost_before(phrase)
            )
            or (phrase.dep_ in _PASSIVE_SUBJECT and not phrase.head.lower_.startswith(_ACCUSING))
            else "subject"
            if phrase.dep_ in _SUBJECT
            else "other"
        )
        words.append(
            WordRole(token.idx, token.idx + len(token.text), token.dep_, token.head.idx, role)
        )
    return Roles(tuple(words))


def _subject_lost_before(token: Any) -> bool:
    """Whether ``token`` stands before the root of its sentence, a root with no subject:
    the parser has taken the subject into the phrase fronted before it ("Instead, in
    October 2021, Russia, according to estimates, drew 100,000 troops to the border":
    Russia an apposition to "October"; "In Bryansk and on the territory of occupied
    Crimea RF located its battalion groups": "RF" the object of "of"). The reading
    without the parse stands there: a preposition right before a name still governs it."""
    root = token.sent.root
    return token.i < root.i and not any(child.dep_ in _SUBJECT for child in root.children)


def _is_verb(tag: Any) -> bool:
    return tag.pos in {"VERB", "AUX"}


def _cases_of(word: str) -> set[str]:
    """Every case a Russian word can be in (pymorphy2's dictionary, which natasha brings:
    «армию» accusative only, «правительство» nominative or accusative); all of them for a
    word it does not know."""
    cases = {reading.tag.case for reading in natasha_models().morph_vocab.parse(word)}
    cases.discard(None)
    return cases or {"nomn", "accs", "datv", "gent", "ablt", "loct"}


@cache
def _russian_models() -> tuple[Any, Any]:
    """natasha's Russian syntax parser, on the embedding the recogniser's taggers load
    (`analysis.nlp.natasha_models`, once per process), and its morphological tagger."""
    from natasha import NewsSyntaxParser

    natasha = natasha_models()
    return NewsSyntaxParser(natasha.embedding), natasha.morph_tagger


@cache
def _parser() -> Any:
    """spaCy's English parser (the recogniser of `NlpModels` runs without it, and this
    one without the recogniser and the tagger, which the parser does not read: the same
    parses, ~15 % faster), loaded once per process."""
    import spacy

    pipeline = spacy.load(
        ENGLISH_SPACY_MODEL,
        exclude=["ner", "lemmatizer", "senter", "tagger", "attribute_ruler"],
    )
    multiply_with_numpy(pipeline)
    return pipeline
