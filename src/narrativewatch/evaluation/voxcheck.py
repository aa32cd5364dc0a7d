"""Read and split the VoxCheck "Propaganda Diary" format.

A VoxCheck directory holds one JSON list per language — ``dataEng.json``, ``dataRu.json``,
``dataUkr.json`` — with the same cases translated: ``Narrative`` (13 classes), ``Fakes`` (the
sub-narrative), the case text under a per-language key (``Disinfo_cases_en``,
``Disinfo_cases_ru``, ``Disinfo_cases _ua`` — with a stray space), ``Link`` and
``Debunking``.

Rows are joined across languages on ``Link``. A link can carry several cases (one article,
several sub-narratives), so within one link the k-th English row is paired with the k-th
Russian and Ukrainian row: the files keep the same order inside a link (checked on the
shared data: the English→Russian sub-narrative map this gives is one-to-one). Links are
compared case-insensitively, because the English file has "russia" capitalised inside some
URLs.

Run ``python -m narrativewatch.evaluation.voxcheck split SRC TRAIN_OUT TEST_OUT`` to split a
directory by link.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from narrativewatch.errors import NarrativeWatchError

# File name per language; the English file carries the labels the evaluation uses.
FILES: dict[str, str] = {"en": "dataEng.json", "ru": "dataRu.json", "uk": "dataUkr.json"}
LANGUAGES: tuple[str, ...] = tuple(FILES)


class VoxCheckError(NarrativeWatchError):
    """A VoxCheck file is missing or malformed. ``str()`` is ``"<file>: <reason>"``."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class VoxCase:
    """One labelled case: the English labels and the case text in each language."""

    link: str
    narrative: str  # English narrative name (the class)
    subnarrative: str  # English "Fakes" text
    texts: dict[str, str]  # language -> case text ("" when missing)
    debunk: str = ""  # the English row's "Debunking", as plain text


@dataclass(slots=True)
class VoxCheckData:
    cases: list[VoxCase]
    # English rows left out: no Link, or no narrative/sub-narrative label.
    skipped_rows: int = 0
    skipped_reasons: dict[str, int] = field(default_factory=dict)


def normalise_key(key: str) -> str:
    """``"Disinfo_cases _ua"`` → ``"disinfocasesua"``: the files disagree on spaces and
    underscores, so keys are compared without them."""
    return "".join(ch for ch in key.lower() if ch.isalnum())


def link_key(link: str) -> str:
    return link.strip().lower()


def case_text(row: dict[str, Any]) -> str:
    """The row's case text, whatever the exact spelling of its ``Disinfo_cases…`` key."""
    for key, value in row.items():
        if normalise_key(key).startswith("disinfocases") and isinstance(value, str):
            return value.strip()
    return ""


def plain_text(markup: str) -> str:
    """``"<p>Not the <a href=…>Revolution</a> of Dignity…</p>"`` → ``"Not the Revolution of
    Dignity…"``: the debunks are HTML fragments; tags go, entities are decoded, runs of
    white space become one space."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r"\s+", " ", text).strip()


def _field(row: dict[str, Any], name: str) -> str:
    wanted = normalise_key(name)
    for key, value in row.items():
        if normalise_key(key) == wanted and isinstance(value, str):
            return value.strip()
    return ""


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """The rows of one VoxCheck file. Raises VoxCheckError for a missing or malformed file."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VoxCheckError(path, "no such file") from None
    except OSError as exc:
        raise VoxCheckError(path, exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise VoxCheckError(path, "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise VoxCheckError(path, f"invalid JSON: line {exc.lineno}: {exc.msg}") from None
    if not isinstance(document, list) or not all(isinstance(row, dict) for row in document):
        raise VoxCheckError(path, "expected a JSON list of objects")
    if document and not any(_field(row, "Link") for row in document):
        raise VoxCheckError(path, "no row has a 'Link' field")
    return document


def _by_link(rows: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        link = _field(row, "Link")
        if link:
            groups[link_key(link)].append(row)
    return groups


def load_voxcheck(directory: str | Path) -> VoxCheckData:
    """Read the three files of ``directory`` and join them on ``Link``.

    Returns one VoxCase per English row with a link and both labels (rows without are
    counted in ``skipped_rows``). A case whose translation is missing gets "" in that
    language. Raises VoxCheckError for a missing or malformed file.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise VoxCheckError(directory, "not a directory")
    rows = {language: read_rows(directory / name) for language, name in FILES.items()}
    translations = {
        language: _by_link(rows[language]) for language in LANGUAGES if language != "en"
    }
    skipped: dict[str, int] = defaultdict(int)
    position: dict[str, int] = defaultdict(int)
    cases: list[VoxCase] = []
    for row in rows["en"]:
        link = _field(row, "Link")
        narrative, subnarrative = _field(row, "Narrative"), _field(row, "Fakes")
        if not link:
            skipped["no link"] += 1
            continue
        key = link_key(link)
        k = position[key]
        position[key] += 1
        if not narrative or not subnarrative:
            skipped["no label"] += 1
            continue
        texts = {"en": case_text(row)}
        for language, groups in translations.items():
            group = groups.get(key, [])
            texts[language] = case_text(group[k]) if k < len(group) else ""
        debunk = plain_text(_field(row, "Debunking"))
        cases.append(VoxCase(link, narrative, subnarrative, texts, debunk))
    return VoxCheckData(cases, sum(skipped.values()), dict(skipped))


def link_folds(
    cases: Sequence[VoxCase], folds: int = 5, seed: int = 13
) -> list[tuple[list[VoxCase], list[VoxCase]]]:
    """In-memory cross-validation folds by link: every case of a link is held out in the
    same fold, and the links of each narrative (that of a link's first case) are dealt to
    the folds in turn after a seeded shuffle, so every fold sees every large narrative.
    Returns ``folds`` pairs (training cases, held-out cases) in input order; a fold can be
    empty when there are fewer links than folds. Raises ValueError for folds < 2.
    """
    if folds < 2:
        raise ValueError(f"folds must be at least 2, not {folds}")
    first_narrative: dict[str, str] = {}
    for case in cases:
        first_narrative.setdefault(link_key(case.link), case.narrative)
    strata: dict[str, list[str]] = defaultdict(list)
    for key, narrative in first_narrative.items():
        strata[narrative].append(key)
    rng = random.Random(seed)
    fold_of: dict[str, int] = {}
    dealt = 0
    for narrative in sorted(strata):
        links = sorted(strata[narrative])
        rng.shuffle(links)
        for key in links:
            fold_of[key] = dealt % folds
            dealt += 1
    return [
        (
            [case for case in cases if fold_of[link_key(case.link)] != fold],
            [case for case in cases if fold_of[link_key(case.link)] == fold],
        )
        for fold in range(folds)
    ]


@dataclass(frozen=True, slots=True)
class PassageLabels:
    """Every label the data gives one passage."""

    narratives: frozenset[str]
    subnarratives: frozenset[str]


def passage_labels(cases: Sequence[VoxCase], join_passages: bool = True) -> list[PassageLabels]:
    """Per case, the narratives and sub-narratives of its *passage*: every case of the same
    link whose text is the same, whitespace aside, in at least one language (and so on,
    transitively). VoxCheck files a passage that carries two narratives as two rows with
    the same text — "…after the February 2014 coup in Kyiv" is both "Maidan in 2014 was a
    coup d'état" and "Russia is not an aggressor" — and its translators did not always
    translate the repeated text the same way, hence "in at least one language". Naming
    any of a passage's labels is a right answer; a single-label score must count one of
    them wrong whatever it answers. With ``join_passages`` off, every case keeps only its
    own labels (the single-label scoring)."""
    if not join_passages:
        return [
            PassageLabels(frozenset({case.narrative}), frozenset({case.subnarrative}))
            for case in cases
        ]
    parent = list(range(len(cases)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple[str, str, str], int] = {}
    for i, case in enumerate(cases):
        for language, text in case.texts.items():
            words = " ".join(text.split())
            if not words:
                continue
            j = first_with.setdefault((link_key(case.link), language, words), i)
            parent[root(i)] = root(j)
    members: dict[int, list[VoxCase]] = defaultdict(list)
    for i, case in enumerate(cases):
        members[root(i)].append(case)
    labels = {
        group: PassageLabels(
            frozenset(case.narrative for case in grouped),
            frozenset(case.subnarrative for case in grouped),
        )
        for group, grouped in members.items()
    }
    return [labels[root(i)] for i in range(len(cases))]


def split(
    src_dir: str | Path,
    out_train: str | Path,
    out_test: str | Path,
    test_share: float = 0.3,
    seed: int = 13,
) -> tuple[int, int]:
    """Split a VoxCheck directory into train and test directories by ``Link``.

    Every row of a link goes to the same side in all three files, so no article's text is
    on both sides. Links are stratified by the narrative of their first labelled English
    row: each narrative sends ``test_share · links`` (rounded half up) of its links to test, so a
    small class is not left out of training by chance. Rows are written unchanged.
    Returns (train links, test links). Raises VoxCheckError for bad input, ValueError for a
    share outside (0, 1).
    """
    if not 0.0 < test_share < 1.0:
        raise ValueError(f"test_share must be between 0 and 1, not {test_share}")
    src = Path(src_dir)
    rows = {language: read_rows(src / name) for language, name in FILES.items()}
    narrative_of: dict[str, str] = {}
    for language in LANGUAGES:  # English first: its labels decide the stratum
        for row in rows[language]:
            link = _field(row, "Link")
            if link:
                key = link_key(link)
                label = _field(row, "Narrative") if language == "en" else ""
                if not narrative_of.get(key):
                    narrative_of[key] = label
    strata: dict[str, list[str]] = defaultdict(list)
    for key, narrative in narrative_of.items():
        strata[narrative].append(key)
    rng = random.Random(seed)
    test_links: set[str] = set()
    for narrative in sorted(strata):
        links = sorted(strata[narrative])
        rng.shuffle(links)
        # Half rounds up (not Python's round-half-even), as the docstring says.
        test_links.update(links[: int(len(links) * test_share + 0.5)])
    for out, keep_test in ((Path(out_train), False), (Path(out_test), True)):
        out.mkdir(parents=True, exist_ok=True)
        for language, name in FILES.items():
            # Rows without a link cannot be joined or split; they are left out.
            kept = [
                row
                for row in rows[language]
                if _field(row, "Link")
                and (link_key(_field(row, "Link")) in test_links) == keep_test
            ]
            (out / name).write_text(json.dumps(kept, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return len(narrative_of) - len(test_links), len(test_links)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m narrativewatch.evaluation.voxcheck split SRC TRAIN_OUT TEST_OUT``."""
    parser = argparse.ArgumentParser(
        prog="python -m narrativewatch.evaluation.voxcheck",
        description="Tools for the VoxCheck format.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    splitter = commands.add_parser(
        "split", help="split a VoxCheck directory into train and test by Link"
    )
    splitter.add_argument("src", help="directory with dataEng.json, dataRu.json, dataUkr.json")
    splitter.add_argument("train_out", help="output directory for the training split")
    splitter.add_argument("test_out", help="output directory for the test split")
    splitter.add_argument("--test-share", type=float, default=0.3, help="default: 0.3")
    splitter.add_argument("--seed", type=int, default=13, help="default: 13")
    args = parser.parse_args(argv)
    try:
        train, test = split(args.src, args.train_out, args.test_out, args.test_share, args.seed)
    except (VoxCheckError, ValueError) as exc:
        print(f"narrativewatch: error: {exc}", file=sys.stderr)
        return 2
    print(f"{train} links in {args.train_out}, {test} links in {args.test_out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
