"""`narrativewatch eval attribution`: run the extraction stages on annotated text and compare
the quotes and cited sources they find with gold attribution relations, in two formats.

- **PolNeAR brat** (``--data DIR`` holding ``text/*.txt`` and ``attributions/*.ann``):
  precision, recall and F1 of content spans, of sources and of whole source–cue–content
  triples, with gold and predicted relations matched one-to-one by token overlap.
- **ADAQ** (``--format adaq --data DIR`` holding ``<language>_sentences.tsv`` and
  ``<language>_tokens.tsv``): token-level precision, recall and F1 of the source, cue and
  content tags.

The formats and the matching rules are spelled out in docs/attribution.md.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import hashlib
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from narrativewatch.actors.registry import ActorRegistry, load_registry
from narrativewatch.analysis.attribution_tagger import (
    MODEL_ID,
    AttributionTagger,
    RelationTagger,
    load_attribution_tagger,
    model_paths,
)
from narrativewatch.analysis.extraction import Extraction, extract
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.analysis.tokens import word_tokens
from narrativewatch.evaluation import DataError, run_command
from narrativewatch.model import Span

SUPPORTED_LANGUAGES = ("en", "ru", "uk")
# A content pair matches when the shared tokens are at least this share of the gold
# content's tokens AND of the predicted content's tokens (docs/attribution.md).
CONTENT_OVERLAP = 0.5
# Sources and cues are short: they match when the shared tokens are at least this share of
# the shorter of the two spans ("Robby Mook" within "Clinton's campaign manager Robby Mook").
SHORT_SPAN_OVERLAP = 0.5

ProgressCallback = Callable[[int, int], None]


# ------------------------------------------------------------------------------ relations


@dataclass(frozen=True, slots=True)
class Relation:
    """One attribution relation, gold or predicted: each part is a tuple of character spans
    (brat allows discontinuous spans); an empty ``source`` or ``cue`` means none."""

    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    name: str
    text: str
    relations: tuple[Relation, ...]


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives and the sizes of the predicted and gold sets, for one metric."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.correct + other.correct, self.predicted + other.predicted, self.gold + other.gold
        )

    def scores(self) -> dict[str, float]:
        precision = self.correct / self.predicted if self.predicted else 0.0
        recall = self.correct / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1}


# ------------------------------------------------------------------------------ brat format

_BRAT_ID = re.compile(r"^[A-Z#]\d+\t")
_CONTENT_ROLES = re.compile(r"^Content\d*$")


def parse_brat(annotation: str, text: str, name: str = "<ann>") -> tuple[Relation, ...]:
    """The attribution relations of one brat standoff file, in the order of its E lines.

    Text-bound ``T`` lines give typed spans ("Source 89 106", or discontinuous
    "Content 315 448;463 553"); an ``E`` line joins them: ``Attribution:T4 Content:T3
    Cue:T2 Source:T1`` (PolNeAR adds ``Content2`` for a second content part, and
    ``Attribution-no-source`` for relations without a source). A surface string may run on
    over the following lines, which are skipped. Relations without content are dropped:
    there is nothing to match them by. Raises DataError naming the file and line.
    """
    spans: dict[str, tuple[Span, ...]] = {}
    events: list[tuple[int, str]] = []
    for number, line in enumerate(annotation.splitlines(), start=1):
        if not _BRAT_ID.match(line):
            continue  # the continuation of a multi-line surface string
        fields = line.split("\t")
        if line.startswith("T"):
            if len(fields) < 2:
                raise DataError(f"{name}:{number}: expected 'T<n>\\t<type> <start> <end>'")
            spans[fields[0]] = _brat_spans(fields[1], len(text), f"{name}:{number}")
        elif line.startswith("E"):
            if len(fields) < 2:
                raise DataError(f"{name}:{number}: expected 'E<n>\\t<role>:<id> …'")
            events.append((number, fields[1]))
    relations = []
    for number, event in events:
        parts: dict[str, list[Span]] = {"content": [], "cue": [], "source": []}
        for argument in event.split():
            role, _, target = argument.partition(":")
            if target not in spans:
                raise DataError(f"{name}:{number}: {target!r} is not a T line of this file")
            if _CONTENT_ROLES.match(role):
                parts["content"].extend(spans[target])
            elif role == "Cue":
                parts["cue"].extend(spans[target])
            elif role == "Source":
                parts["source"].extend(spans[target])
        if parts["content"]:
            relations.append(
                Relation(
                    content=tuple(sorted(parts["content"], key=lambda s: s.start)),
                    cue=tuple(sorted(parts["cue"], key=lambda s: s.start)),
                    source=tuple(sorted(parts["source"], key=lambda s: s.start)),
                )
            )
    return tuple(relations)


def _brat_spans(type_and_offsets: str, text_length: int, where: str) -> tuple[Span, ...]:
    _, _, offsets = type_and_offsets.partition(" ")
    result = []
    for piece in offsets.split(";"):
        bounds = piece.split()
        try:
            start, end = int(bounds[0]), int(bounds[1])
            span = Span(start, end)
        except (IndexError, ValueError):
            raise DataError(f"{where}: bad offsets {offsets!r}") from None
        if end > text_length:
            raise DataError(f"{where}: span {start}-{end} runs past the end of the text")
        result.append(span)
    return tuple(result)


def load_brat(directory: Path, limit: int | None = None) -> list[AnnotatedDocument]:
    """The documents of a PolNeAR-style folder, sorted by name.

    ``text/NAME.txt`` is annotated by ``attributions/NAME_<annotator>.ann`` (or
    ``NAME.ann``); a text annotated twice is scored against the first file in name order,
    so every text counts once. Raises DataError for a missing folder, a text without
    annotations, or an unreadable file.
    """
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise DataError(f"{directory}: expected the folders text/ and attributions/")
    texts = sorted(text_dir.glob("*.txt"))
    if not texts:
        raise DataError(f"{text_dir}: no .txt files")
    by_text: dict[str, list[Path]] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        by_text.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    documents = []
    for text_path in texts[:limit] if limit else texts:
        exact = ann_dir / f"{text_path.stem}.ann"
        candidates = [exact] if exact.is_file() else by_text.get(text_path.stem)
        if not candidates:
            raise DataError(f"{text_path}: no annotation file in {ann_dir}")
        text = _read_text(text_path)
        ann_path = candidates[0]
        relations = parse_brat(_read_text(ann_path), text, str(ann_path))
        documents.append(AnnotatedDocument(text_path.stem, text, relations))
    return documents


def _read_text(path: Path) -> str:
    try:
        # newline="" keeps "\r\n" as two characters, as brat offsets count them.
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from None


# -------------------------------------------------------------------------------- matching


class TokenIndex:
    """Maps character spans of one text to the indexes of the word tokens they touch
    (punctuation is not a token, so "“" or a trailing comma never decides a match).

    A span without any word — the colon cue of "Trump: …" — stands for its characters,
    numbered below zero, so that two such spans match where they overlap.
    """

    def __init__(self, text: str) -> None:
        tokens = word_tokens(text)
        self._starts = [t.start for t in tokens]
        self._ends = [t.end for t in tokens]

    def of(self, spans: Iterable[Span]) -> frozenset[int]:
        found: set[int] = set()
        for span in spans:
            # Tokens with end > span.start and start < span.end.
            first = bisect.bisect_right(self._ends, span.start)
            last = bisect.bisect_left(self._starts, span.end)
            if first < last:
                found.update(range(first, last))
            else:
                found.update(-1 - offset for offset in range(span.start, span.end))
        return frozenset(found)


def content_match(gold: frozenset[int], predicted: frozenset[int]) -> bool:
    """At least half of the gold tokens and half of the predicted tokens are shared."""
    shared = len(gold & predicted)
    return (
        shared > 0
        and shared >= CONTENT_OVERLAP * len(gold)
        and shared >= CONTENT_OVERLAP * len(predicted)
    )


def short_span_match(gold: frozenset[int], predicted: frozenset[int]) -> bool:
    """The shared tokens are at least half of the shorter span (sources and cues)."""
    shared = len(gold & predicted)
    return shared > 0 and shared >= SHORT_SPAN_OVERLAP * min(len(gold), len(predicted))


def match_contents(
    gold: Sequence[frozenset[int]], predicted: Sequence[frozenset[int]]
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs: among the pairs that pass
    `content_match`, the best by Dice overlap first, each side used at most once."""
    candidates = []
    for g, gold_tokens in enumerate(gold):
        for p, predicted_tokens in enumerate(predicted):
            if content_match(gold_tokens, predicted_tokens):
                shared = len(gold_tokens & predicted_tokens)
                dice = 2 * shared / (len(gold_tokens) + len(predicted_tokens))
                candidates.append((-dice, g, p))
    candidates.sort()
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            pairs.append((g, p))
    return sorted(pairs)


@dataclass(frozen=True, slots=True)
class DocumentScore:
    content: Counts
    source: Counts
    triple: Counts


def score_document(
    text: str, gold: Sequence[Relation], predicted: Sequence[Relation]
) -> DocumentScore:
    """Counts for one document.

    - content: a matched pair (`match_contents`) is a true positive;
    - source: a matched pair whose two sources both exist and pass `short_span_match`;
      precision is over the predictions that name a source, recall over the gold relations
      that have one;
    - triple: a matched pair whose cues pass `short_span_match` and whose sources do too
      (or are both absent); precision and recall are over all relations.
    """
    index = TokenIndex(text)
    gold_tokens = [_tokens(index, r) for r in gold]
    predicted_tokens = [_tokens(index, r) for r in predicted]
    pairs = match_contents([t[0] for t in gold_tokens], [t[0] for t in predicted_tokens])
    sources = 0
    triples = 0
    for g, p in pairs:
        _, gold_cue, gold_source = gold_tokens[g]
        _, predicted_cue, predicted_source = predicted_tokens[p]
        same_source = short_span_match(gold_source, predicted_source)
        sources += same_source
        both_absent = not gold_source and not predicted_source
        triples += short_span_match(gold_cue, predicted_cue) and (same_source or both_absent)
    return DocumentScore(
        content=Counts(len(pairs), len(predicted), len(gold)),
        source=Counts(
            sources,
            sum(1 for t in predicted_tokens if t[2]),
            sum(1 for t in gold_tokens if t[2]),
        ),
        triple=Counts(triples, len(predicted), len(gold)),
    )


def _tokens(
    index: TokenIndex, relation: Relation
) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    return index.of(relation.content), index.of(relation.cue), index.of(relation.source)


# ------------------------------------------------------------------------- predictions


def predicted_relations(text: str, extraction: Extraction) -> list[Relation]:
    """The product's quotes and cited sources as relations.

    A quote gives (speaker mention, cue, content). A cited source whose scope is not
    already the content of a quote gives (source, cue, its scope without the citation
    itself): "Troops are massing, according to TASS." → content "Troops are massing".
    """
    relations = [
        Relation(
            content=(quote.content,),
            cue=(quote.cue,),
            source=(quote.speaker,) if quote.speaker is not None else (),
        )
        for quote in extraction.quotes
    ]
    for attribution in extraction.attributions:
        if any(
            q.speaker is not None and q.speaker.overlaps(attribution.source)
            for q in extraction.quotes
        ):
            continue  # "according to X, …" is a quote already
        content = _scope_without(text, attribution.scope, attribution.span)
        if content is None or any(content.overlaps(q.content) for q in extraction.quotes):
            continue
        relations.append(
            Relation(content=(content,), cue=(attribution.cue,), source=(attribution.source,))
        )
    return relations


def _scope_without(text: str, scope: Span, citation: Span) -> Span | None:
    """The longer stretch of ``scope`` on either side of ``citation``, trimmed."""
    if not scope.overlaps(citation):
        return _trimmed(text, scope)
    before = _trimmed(text, Span(scope.start, max(scope.start, citation.start)))
    after = _trimmed(text, Span(min(scope.end, citation.end), scope.end))
    candidates = [s for s in (before, after) if s is not None]
    return max(candidates, key=len) if candidates else None


def _trimmed(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return Span(start, end) if len(word_tokens(text, start, end)) >= 2 else None


def evaluate_brat(
    documents: Sequence[AnnotatedDocument],
    nlp: NlpModels,
    registry: ActorRegistry,
    language: str = "en",
    progress: ProgressCallback | None = None,
    tagger: RelationTagger | None = None,
) -> dict[str, object]:
    """Run the extraction (with the attribution ``tagger``, if any) on every document and
    return the PolNeAR metrics dict."""
    content, source, triple = Counts(), Counts(), Counts()
    gold_count = 0
    for done, document in enumerate(documents, start=1):
        extraction = extract(document.text, language, nlp, registry, attribution_tagger=tagger)
        score = score_document(
            document.text, document.relations, predicted_relations(document.text, extraction)
        )
        content += score.content
        source += score.source
        triple += score.triple
        gold_count += len(document.relations)
        if progress is not None:
            progress(done, len(documents))
    return {
        "content": content.scores(),
        "source": source.scores(),
        "triple": triple.scores(),
        "documents": len(documents),
        "gold_attributions": gold_count,
    }


# ------------------------------------------------------------------------------ ADAQ format

ADAQ_TAGS = ("source", "cue", "content")


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    """A sentence and its tokens: (character span in ``text`` or None when the token could
    not be found in it, gold tag: "source", "cue", "content" or "None")."""

    sentence_id: str
    text: str
    tokens: tuple[tuple[Span | None, str], ...]


def load_adaq(directory: Path, language: str, limit: int | None = None) -> list[TaggedSentence]:
    """The sentences of ``<language>_sentences.tsv`` with the tagged tokens of
    ``<language>_tokens.tsv``, in file order.

    Tokens are located in the sentence left to right (the files give no offsets); a token
    that is not found keeps its tag but no span, so it can only be missed, never found.
    Raises DataError for a missing file or column.
    """
    sentences = _read_tsv(directory / f"{language}_sentences.tsv", ("sentences", "sentence_id"))
    tokens = _read_tsv(
        directory / f"{language}_tokens.tsv",
        ("text", "sentence_num", "index_of_token_sent", "tags"),
    )
    by_sentence: dict[str, list[tuple[int, str, str]]] = {}
    for row in tokens:
        try:
            position = int(row["index_of_token_sent"])
        except ValueError:
            raise DataError(
                f"{directory / f'{language}_tokens.tsv'}: bad token index "
                f"{row['index_of_token_sent']!r}"
            ) from None
        by_sentence.setdefault(row["sentence_num"], []).append((position, row["text"], row["tags"]))
    result = []
    for row in sentences[:limit] if limit else sentences:
        text = row["sentences"]
        located = align_tokens(
            text, [t for _, t, _ in sorted(by_sentence.get(row["sentence_id"], []))]
        )
        tags = [tag for _, _, tag in sorted(by_sentence.get(row["sentence_id"], []))]
        result.append(
            TaggedSentence(row["sentence_id"], text, tuple(zip(located, tags, strict=True)))
        )
    return result


def align_tokens(text: str, tokens: Sequence[str]) -> list[Span | None]:
    """Each token's span in ``text``, searching left to right from the previous token."""
    spans: list[Span | None] = []
    cursor = 0
    for token in tokens:
        found = text.find(token, cursor) if token else -1
        # A token far ahead is a mismatch (a normalised character), not the next word.
        if found == -1 or text[cursor:found].strip():
            spans.append(None)
            continue
        spans.append(Span(found, found + len(token)))
        cursor = found + len(token)
    return spans


def _read_tsv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            # Quoting is undone per field (`_unquote`): a stray quotation mark inside an
            # unquoted field must not swallow the following rows.
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise DataError(f"{path}: missing column(s): {', '.join(missing)}")
            return [{k: _unquote(v) for k, v in row.items()} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from None


def _unquote(field: str | None) -> str:
    """A field that was written CSV-quoted (``"…""…"`` → ``…"…``): the writer quoted only
    the fields holding a quotation mark, so the others are read as they stand."""
    field = field or ""
    if len(field) >= 2 and field[0] == '"' and field[-1] == '"':
        return field[1:-1].replace('""', '"')
    return field


def select_half(sentences: Sequence[TaggedSentence], half: str) -> list[TaggedSentence]:
    """The sentences whose id hashes into ``half`` ("a" or "b"): a development half and a
    report half for a data set without a split."""
    return [s for s in sentences if _half_of(s.sentence_id) == half]


def _half_of(sentence_id: str) -> str:
    return "a" if hashlib.sha1(sentence_id.encode("utf-8")).digest()[0] % 2 == 0 else "b"


def predicted_token_tags(
    sentence: TaggedSentence, relations: Sequence[Relation]
) -> dict[str, set[int]]:
    """For each tag, the indexes of the sentence's tokens that a predicted span touches."""
    result: dict[str, set[int]] = {tag: set() for tag in ADAQ_TAGS}
    for relation in relations:
        parts = {"source": relation.source, "cue": relation.cue, "content": relation.content}
        for tag, spans in parts.items():
            for i, (token, _) in enumerate(sentence.tokens):
                if token is not None and any(token.overlaps(s) for s in spans):
                    result[tag].add(i)
    return result


def score_tokens(sentence: TaggedSentence, relations: Sequence[Relation]) -> dict[str, Counts]:
    """Token counts per tag: each tag is scored on its own (a token may be predicted as
    content of one quote and source of another)."""
    predicted = predicted_token_tags(sentence, relations)
    result = {}
    for tag in ADAQ_TAGS:
        gold = {i for i, (_, gold_tag) in enumerate(sentence.tokens) if gold_tag == tag}
        result[tag] = Counts(len(gold & predicted[tag]), len(predicted[tag]), len(gold))
    return result


def evaluate_adaq(
    sentences: Sequence[TaggedSentence],
    nlp: NlpModels,
    registry: ActorRegistry,
    language: str,
    progress: ProgressCallback | None = None,
    tagger: RelationTagger | None = None,
) -> dict[str, object]:
    """Run the extraction on every sentence and return the token-level metrics dict."""
    totals = {tag: Counts() for tag in ADAQ_TAGS}
    for done, sentence in enumerate(sentences, start=1):
        extraction = extract(sentence.text, language, nlp, registry, attribution_tagger=tagger)
        counts = score_tokens(sentence, predicted_relations(sentence.text, extraction))
        totals = {tag: totals[tag] + counts[tag] for tag in ADAQ_TAGS}
        if progress is not None:
            progress(done, len(sentences))
    return {**{tag: totals[tag].scores() for tag in ADAQ_TAGS}, "sentences": len(sentences)}


# --------------------------------------------------------------------------------- CLI


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch eval attribution`."""
    parser.add_argument(
        "--data",
        type=Path,
        required=True,
        help="brat: a folder with text/*.txt and attributions/*.ann; adaq: a folder with "
        "<language>_sentences.tsv and <language>_tokens.tsv",
    )
    parser.add_argument(
        "--format", choices=("brat", "adaq"), default="brat", help="default: brat (PolNeAR)"
    )
    parser.add_argument(
        "--language",
        help="language of the texts: en, ru or uk (default: en for brat, ru for adaq)",
    )
    parser.add_argument(
        "--half",
        choices=("a", "b"),
        help="adaq: keep only the sentences whose id hashes into this half (develop on one "
        "half, report on the other)",
    )
    parser.add_argument("--limit", type=int, help="evaluate only the first N documents/sentences")
    parser.add_argument(
        "--only-every",
        type=int,
        metavar="N",
        help="brat: evaluate only every N-th document in name order (the ones `train "
        "attribution --skip-every N` left out)",
    )
    tagger = parser.add_mutually_exclusive_group()
    tagger.add_argument(
        "--tagger",
        metavar="DIR|FILE|e5",
        help="attribution tagger to use: a folder written by `train attribution` (CRF), "
        "a file written by `train attribution-e5`, or 'e5' for the shipped fine-tuned e5 "
        "tagger (default: the shipped CRF)",
    )
    tagger.add_argument(
        "--rules-only", action="store_true", help="no attribution tagger: the rules alone"
    )
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")


def main(args: argparse.Namespace) -> int:
    """Run the evaluation the arguments describe; 0 on success, 2 on bad arguments or files."""
    return run_command(args, run, format_table)


def run(
    args: argparse.Namespace,
    nlp: NlpModels | None = None,
    registry: ActorRegistry | None = None,
) -> dict[str, object]:
    """Load the data the arguments name, run the extraction (with ``nlp`` and ``registry``
    when given, else freshly loaded ones) and return the metrics dict."""
    language = args.language or ("ru" if args.format == "adaq" else "en")
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(
            f"--language {language!r} is not supported: the extraction handles "
            f"{', '.join(SUPPORTED_LANGUAGES)}"
        )
    if args.limit is not None and args.limit < 1:
        raise ValueError("--limit must be at least 1")
    if args.half is not None and args.format != "adaq":
        raise ValueError("--half applies to --format adaq only")
    if args.only_every is not None and (args.format != "brat" or args.only_every < 2):
        raise ValueError("--only-every applies to brat data and must be at least 2")
    tagger = _tagger(args, language)
    if not args.data.is_dir():
        raise DataError(f"{args.data}: not a directory")
    progress = None if args.quiet else _progress_printer()
    if args.format == "adaq":
        sentences = load_adaq(args.data, language)
        if args.half:
            sentences = select_half(sentences, args.half)
        if args.limit:
            sentences = sentences[: args.limit]
        return evaluate_adaq(
            sentences, nlp or NlpModels(), registry or load_registry(), language, progress, tagger
        )
    documents = load_brat(args.data, args.limit)
    if args.only_every:
        documents = documents[:: args.only_every]
    return evaluate_brat(
        documents, nlp or NlpModels(), registry or load_registry(), language, progress, tagger
    )


def _tagger(args: argparse.Namespace, language: str) -> RelationTagger | None:
    if getattr(args, "rules_only", False):
        return None
    choice = getattr(args, "tagger", None)
    if choice is None:
        return load_attribution_tagger(language)
    from narrativewatch.analysis.attribution_e5 import BUNDLED_E5_TAGGER, E5AttributionTagger

    if choice == "e5":
        return E5AttributionTagger(BUNDLED_E5_TAGGER)
    path = Path(choice)
    if path.is_file():
        return E5AttributionTagger(path)
    cue, role = model_paths(path, MODEL_ID)
    if not (cue.is_file() and role.is_file()):
        raise DataError(f"{path}: no attribution tagger ({cue.name}, {role.name})")
    return AttributionTagger(cue, role)


def _progress_printer() -> ProgressCallback:
    started = time.monotonic()

    def report(done: int, total: int) -> None:
        if done == total or done % 10 == 0:
            elapsed = time.monotonic() - started
            print(
                f"attribution: {done}/{total} ({elapsed / done:.2f} s each)",
                file=sys.stderr,
                flush=True,
            )

    return report


def format_table(metrics: dict[str, object]) -> str:
    """Metrics as an aligned plain-text table, one row per measured part."""
    names: list[str] = [n for n in ("content", "source", "triple") if n in metrics]
    if "sentences" in metrics:
        names = list(ADAQ_TAGS)
    lines = [["part", "precision", "recall", "f1"]]
    for name in names:
        values = metrics[name]
        assert isinstance(values, dict)
        lines.append([name, *(f"{values[k]:.3f}" for k in ("precision", "recall", "f1"))])
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    table = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    ]
    if "sentences" in metrics:
        table.append(f"sentences: {metrics['sentences']}")
    else:
        table.append(
            f"documents: {metrics['documents']}  gold attributions: {metrics['gold_attributions']}"
        )
    return "\n".join(table)
