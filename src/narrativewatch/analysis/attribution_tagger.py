"""A trained tagger for English attributions that the rules do not reach.

PolNeAR annotates every attribution of a position, not only speech: "Trump notably made no
mention of Jeb Bush", "most are planning to support Clinton", "he attributed rising murder
rates to …". Its train split has 7,461 distinct cue strings, and the rules of
`analysis/quotes/` — reporting verbs, quotation marks, "according to", "Name:" labels — find
about half of its relations. This module learns the rest from PolNeAR train.

Two linear-chain CRFs (CRFsuite), one sentence at a time:

1. **cues**: BIO tags over the sentence's tokens (a cue may be several words: "is
   expected to", "made no mention of");
2. **roles**, once per cue found: BIO tags for the source and the content over the same
   tokens, with features that say where each token stands relative to that cue (side,
   distance, a quotation mark or a comma in between, the cue's words).

Features are surface only — word, Snowball stem, suffix, shape, neighbours, inside
quotation marks, the entity type the recogniser gave the token, whether the word is one of
the rules' reporting or stance verbs — because a
part-of-speech tagger and a parser would cost more than the whole extraction
(measured in docs/attribution.md: a dependency parse adds ~0.02 content F1 for ~48 ms per
article). 90% of PolNeAR contents and 99.8% of its sources lie in their cue's sentence.

The tagger adds to the rules; it does not replace them: `quotes.extract_quotes` keeps
every rule quote and adds a tagged relation only when its content does not overlap one
already found (the rules are more precise, the tagger finds more).

The models are trained by `narrativewatch train attribution` (training/attribution.py)
and shipped in `analysis/data/` with the hash of the data they learnt from.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from narrativewatch.analysis import cues
from narrativewatch.analysis.span_index import SpanIndex
from narrativewatch.matching.lexical import stem_word
from narrativewatch.model import Entity, Sentence, Span

DATA_DIR = Path(__file__).parent / "data"
MODEL_ID = "attribution-en-v1"
CUE_SUFFIX = ".cue.crfsuite"
ROLE_SUFFIX = ".role.crfsuite"

# Words with their inner hyphens and apostrophes ("don't", "pro-Kremlin"), and each
# punctuation mark as a token of its own: quotation marks and commas are features.
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_OPENING_MARKS = frozenset("“«„")
_CLOSING_MARKS = frozenset("”»")
_QUOTE_MARKS = frozenset('"“”«»„')
_CLAUSE_MARKS = frozenset(",;:")

CUE, SOURCE, CONTENT = "CUE", "SRC", "CON"
# A token's features as names, each with weight 1: crfsuite reads a list of names faster
# than a {name: 1.0} dict (the tagger's stage 12.1 -> 10.4 ms per PolNeAR article, the same
# relations), and no name repeats within a token.
Features = list[str]


@dataclass(frozen=True, slots=True)
class TaggedRelation:
    """One attribution the tagger found: who (``source``, may be absent), the cue, what."""

    cue: Span
    content: Span
    source: Span | None


class RelationTagger(Protocol):
    """What finds attributions beside the rules: the CRF tagger here, the fine-tuned e5
    one (`analysis.attribution_e5`).

    ``refines_rule_quotes``: whether the tagger vets the rule quotes
    (`quotes.extract_quotes`): its relation on a rule quote's cue lends that quote its
    longer content and its source, and an indirect rule quote whose cue it does not tag
    is dropped. True where that was measured to help (the e5 tagger); false for the CRF,
    whose longer contents lower its scores on the held-out fifth of PolNeAR train and
    whose vetting gains nothing there."""

    refines_rule_quotes: bool

    def relations(
        self, text: str, sentences: Sequence[Sentence], entities: Sequence[Entity]
    ) -> list[TaggedRelation]: ...


# The longest cue the tagger may report, in tokens. PolNeAR's longest gold cue has 28 ("has
# spent nearly all of her time responding to" has 9); a longer chunk is the model lost in
# text that is no sentence — a list or table without punctuation — and reading its role
# pass would cost the square of its length: every token's features name the whole cue (a
# 40,000-word line took 24 GB).
LONGEST_CUE = 40


@dataclass(frozen=True, slots=True)
class SentenceTokens:
    """A sentence's tokens (character spans) and their per-token features."""

    spans: tuple[Span, ...]
    features: tuple[Features, ...]
    stems: tuple[str, ...]
    quoted: tuple[bool, ...]
    words: tuple[str, ...]


# ------------------------------------------------------------------------------ features


def word_spans(text: str, sentence: Sentence) -> tuple[tuple[Span, ...], tuple[str, ...]]:
    """The tokens the taggers label: words (with inner hyphens and apostrophes) and each
    punctuation mark; their character spans and texts."""
    matches = list(_TOKEN.finditer(text, sentence.span.start, sentence.span.end))
    return tuple(Span(m.start(), m.end()) for m in matches), tuple(m.group() for m in matches)


def sentence_tokens(text: str, sentence: Sentence, entities: Sequence[Entity]) -> SentenceTokens:
    """Tokens of one sentence with the features both CRFs share."""
    spans, words = word_spans(text, sentence)
    lower = [w.lower() for w in words]
    stems = tuple(stem_word(w, "en") for w in lower)
    shapes = [_shape(w) for w in words]
    quoted = _inside_quotes(words)
    types = _entity_types(spans, [e for e in entities if e.span.overlaps(sentence.span)])
    count = len(words)
    reporting, stance = _cue_words()
    lexicon = ["report" if w in reporting else ("stance" if w in stance else "") for w in lower]
    features: list[Features] = []
    for i in range(count):
        f: Features = ["w=" + lower[i], "s=" + stems[i], "sh=" + shapes[i], "suf=" + lower[i][-3:]]
        if quoted[i]:
            f.append("quoted")
        if types[i]:
            f.append("ent=" + types[i])
        if lexicon[i]:
            f.append("lex=" + lexicon[i])
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < count:
                f.append(f"w{offset}={lower[j]}")
                f.append(f"sh{offset}={shapes[j]}")
                if offset in (-1, 1):
                    f.append(f"s{offset}={stems[j]}")
                    if types[j]:
                        f.append(f"ent{offset}={types[j]}")
                    if lexicon[j]:
                        f.append(f"lex{offset}={lexicon[j]}")
            else:
                f.append(f"w{offset}=<edge>")
        if i + 1 < count:
            f.append(f"next={lower[i]}|{lower[i + 1]}")
        if i > 0:
            f.append(f"prev={lower[i - 1]}|{lower[i]}")
        if i == 0:
            f.append("first")
        if i == count - 1:
            f.append("last")
        features.append(f)
    return SentenceTokens(spans, tuple(features), stems, tuple(quoted), words)


def entities_by_sentence(
    sentences: Sequence[Sentence], entities: Sequence[Entity]
) -> list[list[Entity]]:
    """Each sentence's overlapping entities, in the order ``entities`` gives them, found by
    position (testing every entity of the article against every sentence was an eighth of
    the tagger's feature time, more on long articles)."""
    index = SpanIndex(entities, lambda entity: entity.span)
    return [index.overlapping(sentence.span) for sentence in sentences]


def role_features(tokens: SentenceTokens, cue_start: int, cue_end: int) -> list[Features]:
    """The shared features of each token plus where it stands relative to the cue
    ``tokens[cue_start:cue_end]``."""
    cue = "_".join(tokens.stems[cue_start:cue_end])
    marks = [i for i, w in enumerate(tokens.words) if w in _QUOTE_MARKS]
    clause_marks = [i for i, w in enumerate(tokens.words) if w in _CLAUSE_MARKS]
    out = []
    for i, shared in enumerate(tokens.features):
        if cue_start <= i < cue_end:
            side, distance = "in", 0
        elif i < cue_start:
            side, distance = "L", cue_start - i
        else:
            side, distance = "R", i - cue_end + 1
        f = [
            *shared,
            "side=" + side,
            f"dist={side}{_bucket(distance)}",
            "cue=" + cue,
            f"side_cue={side}{cue}",
            f"side_w={side}{tokens.words[i].lower()}",
        ]
        low, high = (i, cue_start) if i < cue_start else (cue_end, i)
        if any(low <= m < high for m in marks):
            f.append("mark_between")
        if any(low <= m < high for m in clause_marks):
            f.append("comma_between")
        if tokens.quoted[i]:
            f.append("quoted_side=" + side)
        out.append(f)
    return out


@cache
def _cue_words() -> tuple[frozenset[str], frozenset[str]]:
    """The rules' English reporting verbs and the first words of their stance verbs: what
    the rules know about cues, as a feature the tagger may weigh."""
    reporting = frozenset(w.lower() for w in cues.REPORTING_VERBS["en"])
    stance = frozenset(form.split()[0].lower() for form in cues.STANCE_VERBS["en"])
    return reporting, stance - reporting


def _shape(word: str) -> str:
    first = word[0]
    if first.isdigit():
        return "d"
    if not first.isalnum():
        return "q" if word in _QUOTE_MARKS else "p"
    if word.isupper() and len(word) > 1:
        return "XX"
    return "Xx" if first.isupper() else "x"


def _inside_quotes(words: Sequence[str]) -> list[bool]:
    """Whether each token stands between quotation marks (the marks themselves do not)."""
    inside = False
    out = []
    for word in words:
        if word in _QUOTE_MARKS:
            if word in _OPENING_MARKS:
                inside = True
            elif word in _CLOSING_MARKS:
                inside = False
            else:  # a straight mark opens or closes
                inside = not inside
            out.append(False)
        else:
            out.append(inside)
    return out


def _entity_types(spans: Sequence[Span], entities: Sequence[Entity]) -> list[str]:
    """Each token's entity type ("" outside entities; a later entity wins). Each entity's
    tokens are found by position: testing every token against every entity took minutes on
    a line listing thousands of names."""
    types = [""] * len(spans)
    tokens = SpanIndex(range(len(spans)), lambda i: spans[i])
    for entity in entities:
        for i in tokens.overlapping(entity.span):
            types[i] = entity.type.value
    return types


def _bucket(distance: int) -> int:
    if distance < 4:
        return distance
    return 4 if distance < 8 else (8 if distance < 16 else 16)


# ---------------------------------------------------------------------------- BIO chunks


def bio_chunks(labels: Sequence[str]) -> Iterator[tuple[str, int, int]]:
    """(tag, start, end) token ranges of a BIO sequence; a stray I- starts a chunk."""
    current: list[Any] | None = None
    for i, label in enumerate(labels):
        tag = label[2:]
        if label.startswith("B-") or (
            label.startswith("I-") and (current is None or current[0] != tag)
        ):
            if current is not None:
                yield current[0], current[1], current[2]
            current = [tag, i, i + 1]
        elif label.startswith("I-") and current is not None:
            current[2] = i + 1
        else:
            if current is not None:
                yield current[0], current[1], current[2]
            current = None
    if current is not None:
        yield current[0], current[1], current[2]


def bio_labels(spans: Sequence[Span], parts: Sequence[Sequence[Span]], tag: str) -> list[str]:
    """BIO labels of tokens ``spans`` for the annotated ``parts`` (one chunk per part; a
    token already labelled by an earlier part keeps its label)."""
    labels = ["O"] * len(spans)
    for part in parts:
        first = True
        for i, span in enumerate(spans):
            if any(span.overlaps(piece) for piece in part):
                if labels[i] == "O":
                    labels[i] = ("B-" if first else "I-") + tag
                first = False
    return labels


# --------------------------------------------------------------------------------- tagger


class AttributionTagger:
    """The two CRF models; `relations` tags one document. Safe to share between threads
    (each thread opens its own CRFsuite taggers, which are not thread-safe)."""

    def __init__(self, cue_model: Path, role_model: Path) -> None:
        for path in (cue_model, role_model):
            if not path.is_file():
                raise FileNotFoundError(f"attribution tagger model missing: {path}")
        self.cue_model = cue_model
        self.role_model = role_model
        self.refines_rule_quotes = False
        self._local = threading.local()

    def _taggers(self) -> tuple[Any, Any]:
        taggers = getattr(self._local, "taggers", None)
        if taggers is None:
            import pycrfsuite

            cue, role = pycrfsuite.Tagger(), pycrfsuite.Tagger()
            cue.open(str(self.cue_model))
            role.open(str(self.role_model))
            taggers = self._local.taggers = (cue, role)
        return taggers

    def relations(
        self, text: str, sentences: Sequence[Sentence], entities: Sequence[Entity]
    ) -> list[TaggedRelation]:
        """Every (source, cue, content) the models find, sentence by sentence."""
        cue_tagger, role_tagger = self._taggers()
        found = []
        for sentence, near in zip(
            sentences, entities_by_sentence(sentences, entities), strict=True
        ):
            tokens = sentence_tokens(text, sentence, near)
            if not tokens.spans:
                continue
            for _, start, end in bio_chunks(cue_tagger.tag(list(tokens.features))):
                if end - start > LONGEST_CUE:
                    continue
                labels = role_tagger.tag(role_features(tokens, start, end))
                relation = relation_from_chunks(tokens.spans, start, end, list(bio_chunks(labels)))
                if relation is not None:
                    found.append(relation)
        return found


def relation_from_chunks(
    spans: Sequence[Span], cue_start: int, cue_end: int, chunks: list[tuple[str, int, int]]
) -> TaggedRelation | None:
    """The relation of the cue at tokens ``cue_start:cue_end`` from its role chunks
    (`bio_chunks` of SRC/CON labels); None without a content."""
    contents = [c for c in chunks if c[0] == CONTENT]
    if not contents:
        return None
    # Content may come in two pieces around the cue ("The economy, he said, is …"): one span
    # from the first piece to the last, as the rule quotes give it.
    start = min(c[1] for c in contents)
    end = max(c[2] for c in contents)
    sources = [c for c in chunks if c[0] == SOURCE]
    source = None
    if sources:
        _, s_start, s_end = max(sources, key=lambda c: c[2] - c[1])
        source = Span(spans[s_start].start, spans[s_end - 1].end)
    return TaggedRelation(
        cue=Span(spans[cue_start].start, spans[cue_end - 1].end),
        content=Span(spans[start].start, spans[end - 1].end),
        source=source,
    )


@cache
def load_attribution_tagger(language: str) -> AttributionTagger | None:
    """The shipped tagger for ``language`` (English only), or None when there is none."""
    if language != "en":
        return None
    cue, role = model_paths(DATA_DIR, MODEL_ID)
    if not (cue.is_file() and role.is_file()):
        return None
    return AttributionTagger(cue, role)


def model_paths(directory: Path, model_id: str) -> tuple[Path, Path]:
    return directory / f"{model_id}{CUE_SUFFIX}", directory / f"{model_id}{ROLE_SUFFIX}"


def model_card(directory: Path = DATA_DIR, model_id: str = MODEL_ID) -> dict[str, Any]:
    """The training record shipped beside the models (data hash, parameters, scores)."""
    path = directory / f"{model_id}.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))
