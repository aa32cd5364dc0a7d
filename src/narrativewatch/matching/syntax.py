"""English grammatical roles, for reading who acts in a claim or a catalog statement.

Russian and Ukrainian mark a noun's role with its case, which `agents` reads from the
name's ending. English marks it with word order alone, so "The West will fight Russia to
the last Ukrainian" reads, without a parser, as if Russia acted: no preposition comes
before it. Verification then rejected true paraphrases ("NATO will fight Russia to the
last Ukrainian": *another agent*). spaCy's English parser, shipped with the model the
recogniser already uses, tells an object from a subject.

A name's role is that of the noun phrase it is part of: "Ukrainian" in "Ukrainian units"
and "Ukraine" in "Ukraine's partners" take the role of "units" and "partners"; a second
conjunct ("not Ukraine but the whole NATO bloc") takes the first's. The parse changes
two readings only (`agents.read_actors`): a name in an object's place is never the agent,
and a name the parser makes a subject is not read as qualifying a place noun after it
("Russia strikes power plants"); elsewhere a parser's mistake leaves the reading as it was.

The parser costs ~1 ms a sentence in a batch and ~2 ms alone, so only English texts
whose reading it could change are parsed (`agents.order_may_decide`). Parses are kept
by text: a text's parse is the same alone or in any batch (checked on 532 sentences),
so a document's analysis still does not depend on what came before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from narrativewatch.analysis.nlp import ENGLISH_SPACY_MODEL, multiply_with_numpy
from narrativewatch.model import Span

# Dependency labels (spaCy's English scheme, ClearNLP) of a verb's objects, and of subjects.
_OBJECT = frozenset({"dobj", "dative", "iobj", "oprd"})
_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# A word in one of these relations belongs to the noun phrase of its head.
_INSIDE_PHRASE = frozenset({"compound", "amod", "nmod", "poss", "case", "conj", "appos", "cc"})
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
        return self.dependency in _SUBJECT


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


def english_roles(texts: Sequence[str]) -> list[Roles]:
    """The roles of each English text; texts seen before come from a cache, the rest are
    parsed in one batch."""
    missing = [text for text in dict.fromkeys(texts) if text not in _memory]
    parsed = {}
    if missing:
        for text, doc in zip(missing, _parser().pipe(missing, batch_size=64), strict=True):
            parsed[text] = _roles_of(doc)
            _remember(text, parsed[text])
    return [parsed.get(text) or _memory[text] for text in texts]


_memory: dict[str, Roles] = {}


def _remember(text: str, roles: Roles) -> None:
    if len(_memory) >= _CACHE_SIZE:
        _memory.pop(next(iter(_memory)))  # the oldest: dicts keep insertion order
    _memory[text] = roles


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
            if phrase.dep_ in _OBJECT or of_infinitive
            else "subject"
            if phrase.dep_ in _SUBJECT
            else "other"
        )
        words.append(
            WordRole(token.idx, token.idx + len(token.text), token.dep_, token.head.idx, role)
        )
    return Roles(tuple(words))


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
