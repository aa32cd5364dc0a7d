"""`narrativewatch eval entities`: measure named-entity recognition on annotated sentences.

The input is JSONL, one sentence a line::

    {"id": "uk-test-001", "language": "uk", "text": "…",
     "entities": [{"start": 4, "end": 11, "type": "LOC", "text": "Харкова"}]}

with an optional ``"actor"`` (a registry id) on gold entities, against which the product's
actor resolution is checked. The command runs the product's own stages
(``split_sentences`` then ``extract_entities`` with the bundled actor registry) on each
text and compares the entities with the gold ones:

- **exact**: span and type both equal (the headline precision, recall and F1);
- **partial**: a prediction of the right type that overlaps a gold entity (each counted once);
- per type, per language, and split by whether the gold name is **known to the registry**
  (an alias of a registered actor), so the gazetteer's help is not mistaken for NER quality;
- **actor resolution**: of the gold entities that name an actor, the share whose exact-span
  prediction carries that actor id ("Пєскову" → ``dmitry-peskov``).

The annotation guidelines and measured scores are in docs/ner.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from narrativewatch.actors.registry import ActorRegistry, load_registry
from narrativewatch.actors.settlements import SettlementGazetteer
from narrativewatch.analysis.entities import extract_entities
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.errors import EXIT_OK, EXIT_USAGE, CatalogError
from narrativewatch.evaluation import DataError
from narrativewatch.model import EntityType

TYPES = ("PER", "ORG", "LOC")
_TYPE_OF = {
    EntityType.PERSON: "PER",
    EntityType.ORGANIZATION: "ORG",
    EntityType.LOCATION: "LOC",
}


@dataclass(frozen=True, slots=True)
class Mention:
    """A gold or predicted entity: a typed character span, and the actor it names if known."""

    start: int
    end: int
    type: str
    text: str
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class AnnotatedSentence:
    id: str
    language: str
    text: str
    entities: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Counts:
    """Matches between gold and predicted mentions. Exact: ``tp`` of ``gold`` and of
    ``predicted``; partial: gold mentions overlapped by a prediction of the same type, and
    predictions that overlap a gold mention of the same type."""

    gold: int = 0
    predicted: int = 0
    tp: int = 0
    partial_gold: int = 0
    partial_predicted: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.gold + other.gold,
            self.predicted + other.predicted,
            self.tp + other.tp,
            self.partial_gold + other.partial_gold,
            self.partial_predicted + other.partial_predicted,
        )


# ------------------------------------------------------------------------------- reading


def load_annotated(path: Path) -> list[AnnotatedSentence]:
    """Read an annotated JSONL file, checking every entity's offsets against its text.

    Raises DataError naming the file and line of the first problem.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from None
    sentences = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            sentences.append(_parse_line(line, f"{path}:{number}"))
    if not sentences:
        raise DataError(f"{path}: no annotated sentences")
    return sentences


def _parse_line(line: str, where: str) -> AnnotatedSentence:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DataError(f"{where}: not valid JSON: {exc.msg}") from None
    if not isinstance(record, dict):
        raise DataError(f"{where}: expected a JSON object")
    text, language, entities = record.get("text"), record.get("language"), record.get("entities")
    if not isinstance(text, str) or not text:
        raise DataError(f"{where}: 'text' must be non-empty text")
    if not isinstance(language, str) or not language:
        raise DataError(f"{where}: 'language' must be a language code such as 'uk'")
    if not isinstance(entities, list):
        raise DataError(f"{where}: 'entities' must be a list")
    mentions = [
        _parse_entity(entity, text, f"{where}: entity #{i}") for i, entity in enumerate(entities, 1)
    ]
    mentions.sort(key=lambda m: (m.start, m.end))
    for left, right in pairwise(mentions):
        if right.start < left.end:
            raise DataError(f"{where}: entities {left.text!r} and {right.text!r} overlap")
    return AnnotatedSentence(str(record.get("id", where)), language, text, tuple(mentions))


def _parse_entity(entity: object, text: str, where: str) -> Mention:
    if not isinstance(entity, dict):
        raise DataError(f"{where}: expected an object with start, end, type and text")
    start, end, kind, surface = (entity.get(k) for k in ("start", "end", "type", "text"))
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
        raise DataError(
            f"{where}: start and end must be offsets with 0 <= start < end <= {len(text)}"
        )
    if kind not in TYPES:
        raise DataError(f"{where}: type must be one of {', '.join(TYPES)}, not {kind!r}")
    if text[start:end] != surface:
        raise DataError(
            f"{where}: text[{start}:{end}] is {text[start:end]!r}, but the entity says {surface!r}"
        )
    actor = entity.get("actor")
    if actor is not None and not isinstance(actor, str):
        raise DataError(f"{where}: 'actor' must be an actor id")
    return Mention(start, end, kind, surface, actor)


# ------------------------------------------------------------------------------- metrics


def count_matches(gold: Sequence[Mention], predicted: Sequence[Mention]) -> Counts:
    """Exact and partial matches between the gold and predicted mentions of one text."""
    exact = {(m.start, m.end, m.type) for m in gold} & {(m.start, m.end, m.type) for m in predicted}
    return Counts(
        gold=len(gold),
        predicted=len(predicted),
        tp=len(exact),
        partial_gold=sum(any(_overlap(g, p) for p in predicted) for g in gold),
        partial_predicted=sum(any(_overlap(g, p) for g in gold) for p in predicted),
    )


def _overlap(gold: Mention, predicted: Mention) -> bool:
    return gold.type == predicted.type and gold.start < predicted.end and predicted.start < gold.end


def scores(counts: Counts) -> dict[str, object]:
    """Precision, recall and F1, exact and partial, with the counts behind them."""
    precision = _ratio(counts.tp, counts.predicted)
    recall = _ratio(counts.tp, counts.gold)
    partial_precision = _ratio(counts.partial_predicted, counts.predicted)
    partial_recall = _ratio(counts.partial_gold, counts.gold)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1_score(precision, recall),
        "gold": counts.gold,
        "predicted": counts.predicted,
        "correct": counts.tp,
        "partial": {
            "precision": partial_precision,
            "recall": partial_recall,
            "f1": f1_score(partial_precision, partial_recall),
        },
    }


def f1_score(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(frozen=True, slots=True)
class SentenceResult:
    sentence: AnnotatedSentence
    predicted: tuple[Mention, ...]


def evaluate(results: Iterable[SentenceResult], registry: ActorRegistry) -> dict[str, object]:
    """The metrics dict of `narrativewatch eval entities --json` for predicted sentences.

    A mention is "known" when the registry resolves its text to an actor: known gold
    mentions are compared with known predictions, unknown with unknown.
    """
    total = Counts()
    by_language: dict[str, Counts] = {}
    by_type = {kind: Counts() for kind in TYPES}
    by_registry = {"known": Counts(), "unknown": Counts()}
    resolved = resolvable = 0
    sentences = 0
    for result in results:
        sentences += 1
        gold, predicted = result.sentence.entities, result.predicted
        counts = count_matches(gold, predicted)
        total += counts
        language = result.sentence.language
        by_language[language] = by_language.get(language, Counts()) + counts
        for kind in TYPES:
            by_type[kind] += count_matches(
                [m for m in gold if m.type == kind], [m for m in predicted if m.type == kind]
            )
        for group, known in (("known", True), ("unknown", False)):
            by_registry[group] += count_matches(
                [m for m in gold if _is_known(m, registry) == known],
                [m for m in predicted if _is_known(m, registry) == known],
            )
        for mention in gold:
            if mention.actor is None:
                continue
            resolvable += 1
            resolved += any(
                (p.start, p.end, p.actor) == (mention.start, mention.end, mention.actor)
                for p in predicted
            )
    if not sentences:
        raise ValueError("no sentences to evaluate")
    return {
        **scores(total),
        "sentences": sentences,
        "by_language": {lang: scores(c) for lang, c in sorted(by_language.items())},
        "by_type": {kind: scores(c) for kind, c in by_type.items()},
        "by_registry": {group: scores(c) for group, c in by_registry.items()},
        "actor_resolution": {
            "accuracy": _ratio(resolved, resolvable),
            "correct": resolved,
            "total": resolvable,
        },
    }


def _is_known(mention: Mention, registry: ActorRegistry) -> bool:
    return registry.resolve(mention.text) is not None


# ---------------------------------------------------------------------------- prediction


def predict(
    sentences: Sequence[AnnotatedSentence],
    registry: ActorRegistry,
    models: NlpModels | None = None,
    settlements: SettlementGazetteer | None = None,
) -> list[SentenceResult]:
    """Run the product's sentence splitter and entity extraction on each annotated text,
    in the language the annotation gives (language identification is measured elsewhere).
    ``settlements`` defaults to the bundled gazetteer."""
    nlp = models if models is not None else NlpModels()
    results = []
    for sentence in sentences:
        split = split_sentences(sentence.text, sentence.language, nlp)
        found = extract_entities(
            sentence.text, split, sentence.language, registry, nlp, settlements=settlements
        )
        predicted = tuple(
            Mention(e.span.start, e.span.end, _TYPE_OF[e.type], e.text, e.actor_id)
            for e in found.entities
        )
        results.append(SentenceResult(sentence, predicted))
    return results


def errors(results: Iterable[SentenceResult]) -> list[str]:
    """One line per missed or spurious mention (exact matching), for error analysis."""
    lines = []
    for result in results:
        gold = {(m.start, m.end, m.type): m for m in result.sentence.entities}
        predicted = {(m.start, m.end, m.type): m for m in result.predicted}
        for key in sorted(gold.keys() - predicted.keys()):
            lines.append(f"{result.sentence.id}\tmissed\t{key[2]}\t{gold[key].text}")
        for key in sorted(predicted.keys() - gold.keys()):
            lines.append(f"{result.sentence.id}\tspurious\t{key[2]}\t{predicted[key].text}")
    return lines


# ----------------------------------------------------------------------------------- CLI


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch eval entities`."""
    parser.add_argument(
        "--data",
        type=Path,
        action="append",
        required=True,
        metavar="JSONL",
        help="annotated sentences (repeat for several files, e.g. uk and ru)",
    )
    parser.add_argument(
        "--actors",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="extra actor registry file or directory, on top of the bundled one",
    )
    parser.add_argument(
        "--no-registry",
        action="store_true",
        help="use no actor registry (nor town gazetteer): measures the statistical models alone",
    )
    parser.add_argument(
        "--errors", action="store_true", help="list missed and spurious entities on stderr"
    )
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")


def main(args: argparse.Namespace) -> int:
    """Run the evaluation the arguments describe; 0 on success, 2 on bad files."""
    try:
        sentences = [s for path in args.data for s in load_annotated(path)]
        # Known/unknown is always judged by the registry (bundled and --actors), so runs
        # with and without it split the same gold mentions the same way.
        reference = load_registry(args.actors)
    except (DataError, CatalogError) as exc:
        print(f"narrativewatch: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    registry = ActorRegistry() if args.no_registry else reference
    # Without the registry, without the town gazetteer too: the statistical model alone.
    settlements = SettlementGazetteer([]) if args.no_registry else None
    results = predict(sentences, registry, settlements=settlements)
    metrics = evaluate(results, reference)
    if args.errors:
        for line in errors(results):
            print(line, file=sys.stderr)
    if args.json:
        print(json.dumps(metrics, indent=2, ensure_ascii=False))
    else:
        print(format_table(metrics))
    return EXIT_OK


def format_table(metrics: dict[str, object]) -> str:
    """Exact and partial precision, recall and F1 as an aligned table: overall, per
    language, per type and by registry knowledge; then actor-resolution accuracy."""
    rows: list[tuple[str, object]] = [("all", metrics)]
    for group in ("by_language", "by_type", "by_registry"):
        values = metrics[group]
        assert isinstance(values, dict)
        prefix = {"by_language": "", "by_type": "", "by_registry": "registry "}[group]
        rows.extend((f"{prefix}{name}", value) for name, value in values.items())
    header = ["", "gold", "pred", "P", "R", "F1", "partial P", "partial R", "partial F1"]
    lines = [header]
    for label, values in rows:
        assert isinstance(values, dict)
        partial = values["partial"]
        assert isinstance(partial, dict)
        lines.append(
            [
                label,
                str(values["gold"]),
                str(values["predicted"]),
                *(f"{values[n]:.3f}" for n in ("precision", "recall", "f1")),
                *(f"{partial[n]:.3f}" for n in ("precision", "recall", "f1")),
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    table = "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    )
    resolution = metrics["actor_resolution"]
    assert isinstance(resolution, dict)
    return (
        f"{table}\n\n{metrics['sentences']} sentences; actor resolution: "
        f"{resolution['correct']}/{resolution['total']} = {resolution['accuracy']:.3f}"
    )
