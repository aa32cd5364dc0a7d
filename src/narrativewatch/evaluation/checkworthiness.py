"""`narrativewatch eval checkworthiness`: classify the sentences of a CheckThat! 2024
Task 1 TSV and report precision, recall and F1 of the check-worthy ("Yes") class — the
task's official measure.

The format: a header row, then ``Sentence_id<TAB>Text<TAB>class_label`` with labels
``Yes``/``No``. Columns are found by name (``Text``, ``class_label``, case-insensitive) so
extra or reordered columns do no harm. Tabs delimit and quotes are not special (the
organisers' files are read with ``csv.QUOTE_NONE``); a text wholly wrapped in double
quotes, with inner quotes doubled, is unwrapped. One record of the official training file
lost its newline and continues after the label ("No29286<TAB>You can't…<TAB>No"): such a
row is read as the two records it holds.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from narrativewatch.errors import EXIT_OK, EXIT_USAGE, ConfigError
from narrativewatch.evaluation import DataError

if TYPE_CHECKING:
    from narrativewatch.analysis.checkworthiness import CheckworthinessScorer

csv.field_size_limit(sys.maxsize)

_GLUED_LABEL = re.compile(r"^(yes|no)(\S+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    sentence_id: str
    text: str
    checkworthy: bool


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1 of the check-worthy class over ``sentences``."""

    precision: float
    recall: float
    f1: float
    sentences: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "sentences": self.sentences,
        }


def positive_class_scores(predicted: npt.NDArray[np.bool_], gold: Sequence[bool]) -> Scores:
    """P, R and F1 of the positive class; 0 where a denominator is 0."""
    truth = np.asarray(gold, dtype=bool)
    true_positives = int(np.sum(predicted & truth))
    precision = true_positives / int(predicted.sum()) if predicted.any() else 0.0
    recall = true_positives / int(truth.sum()) if truth.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(round(precision, 4), round(recall, 4), round(f1, 4), len(truth))


def read_labelled_sentences(path: Path) -> list[LabelledSentence]:
    """Read a CheckThat! 2024 Task 1 TSV (see the module docstring).

    Raises DataError naming the file (and line) that cannot be read or parsed.
    """
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from None
    if not rows:
        raise DataError(f"{path}: empty file, expected a header and Sentence_id/Text/class_label")
    header = [cell.strip().lower() for cell in rows[0]]
    if "text" not in header or "class_label" not in header:
        raise DataError(
            f"{path}: the header must name the columns Text and class_label "
            f"(found: {', '.join(rows[0]) or 'nothing'})"
        )
    id_column = header.index("sentence_id") if "sentence_id" in header else None
    text_column = header.index("text")
    label_column = header.index("class_label")
    sentences: list[LabelledSentence] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        for record in _split_glued(row, len(header), label_column):
            if len(record) <= max(text_column, label_column):
                raise DataError(f"{path}:{line}: expected {len(header)} tab-separated columns")
            label = record[label_column].strip().lower()
            if label not in ("yes", "no"):
                raise DataError(
                    f"{path}:{line}: class_label must be Yes or No, not {record[label_column]!r}"
                )
            sentence_id = record[id_column].strip() if id_column is not None else str(line)
            sentences.append(
                LabelledSentence(sentence_id, _unquote(record[text_column]), label == "yes")
            )
    if not sentences:
        raise DataError(f"{path}: no labelled sentences")
    return sentences


def _split_glued(row: list[str], width: int, label_column: int) -> list[list[str]]:
    """A row holding two records whose newline was lost: the label cell runs into the next
    record's first cell ("No29286"). Only the last column may be so glued."""
    if len(row) == 2 * width - 1 and label_column == width - 1:
        glued = _GLUED_LABEL.match(row[label_column].strip())
        if glued:
            first = [*row[:label_column], glued.group(1)]
            second = [glued.group(2), *row[width:]]
            return [first, second]
    return [row]


def _unquote(text: str) -> str:
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
        return stripped[1:-1].replace('""', '"')
    return stripped


# --------------------------------------------------------------------------------- CLI


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch eval checkworthiness`."""
    parser.add_argument(
        "--data",
        type=Path,
        required=True,
        help="CheckThat! 2024 Task 1 TSV: Sentence_id, Text, class_label (Yes/No), with header",
    )
    parser.add_argument(
        "--language",
        default="en",
        help="language of the sentences (ISO 639-1): 'en' uses the English head, any other "
        "the cross-lingual head (default: en)",
    )
    parser.add_argument(
        "--model",
        help="'default' (the fast model shipped with the package), 'e5' (the shipped "
        "fine-tuned e5: slower, docs/checkworthiness.md), or a .npz written by "
        "`narrativewatch train checkworthiness` or `train checkworthiness-e5` "
        "(default: default)",
    )
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")


def main(args: argparse.Namespace) -> int:
    """Run the evaluation; 0 on success, 2 on a bad file or model."""
    try:
        scores = evaluate_file(args.data, args.language, args.model)
    except (DataError, ConfigError) as exc:
        print(f"narrativewatch: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(scores.as_dict(), indent=2))
    else:
        print(format_table(scores))
    return EXIT_OK


def evaluate_file(data: Path, language: str, model: str | Path | None = None) -> Scores:
    """Classify the sentences of ``data`` with ``model`` (see `load_any_model`) and score
    them against their labels."""
    sentences = read_labelled_sentences(data)
    classifier = load_any_model(model)
    predicted = classifier.is_checkworthy([s.text for s in sentences], language)
    return positive_class_scores(predicted, [s.checkworthy for s in sentences])


def format_table(scores: Scores) -> str:
    """One aligned row: sentences, precision, recall, F1 of the Yes class."""
    header = ["sentences", "precision", "recall", "f1"]
    row = [
        str(scores.sentences),
        *(f"{v:.3f}" for v in (scores.precision, scores.recall, scores.f1)),
    ]
    widths = [max(len(h), len(c)) for h, c in zip(header, row, strict=True)]
    return "\n".join(
        "  ".join(cell.rjust(w) for cell, w in zip(line, widths, strict=True))
        for line in (header, row)
    )


def load_any_model(model: str | Path | None) -> CheckworthinessScorer:
    """``None`` or "default": the shipped fast model; "e5": the shipped fine-tuned e5; a
    path: whichever of the two kinds the file holds (a fine-tuned e5 file carries a
    scoring head). Raises ConfigError naming an unreadable file."""
    from narrativewatch.analysis.checkworthiness import DEFAULT_MODEL, load_checkworthiness
    from narrativewatch.analysis.checkworthiness_e5 import (
        BUNDLED_E5_MODEL,
        load_fine_tuned_checkworthiness,
    )

    if model is None or str(model) == "default":
        return load_checkworthiness(DEFAULT_MODEL)
    if str(model) == "e5":
        return load_fine_tuned_checkworthiness(BUNDLED_E5_MODEL)
    path = Path(model)
    try:
        with np.load(path) as arrays:
            fine_tuned = "head.w" in arrays.files
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: not a readable check-worthiness model: {exc}") from None
    return load_fine_tuned_checkworthiness(path) if fine_tuned else load_checkworthiness(path)
