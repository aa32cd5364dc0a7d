"""`narrativewatch train attribution`: the English attribution tagger, from PolNeAR train.

Reads a PolNeAR-style folder (brat: `text/*.txt` + `attributions/*.ann`), runs the
product's own sentence splitter and entity recogniser on each document (the tagger sees
at run time what it saw in training), and trains the two CRFs of
`analysis.attribution_tagger`: cues, then source and content given a cue. Training is
deterministic (CRFsuite's L-BFGS on the documents in name order); the JSON card beside the
models records the SHA-256 of the data, the options and the counts.

`--skip-every N` leaves every N-th document (by name order) out of training, so that the
left-out documents can measure a model during development without touching dev.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from narrativewatch.actors.registry import ActorRegistry, load_registry
from narrativewatch.analysis.attribution_tagger import (
    CONTENT,
    CUE,
    DATA_DIR,
    MODEL_ID,
    SOURCE,
    Features,
    bio_labels,
    model_paths,
    role_features,
    sentence_tokens,
)
from narrativewatch.analysis.entities import extract_entities
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.errors import EXIT_OK, EXIT_USAGE
from narrativewatch.evaluation import DataError
from narrativewatch.evaluation.attribution import AnnotatedDocument, load_brat

# L1 and L2 penalties of CRFsuite's L-BFGS (chosen on PolNeAR train, every fifth document
# held out: docs/attribution.md); the L1 keeps the models small.
DEFAULT_C1 = 0.2
DEFAULT_C2 = 0.001


@dataclass(frozen=True, slots=True)
class TaggerOptions:
    c1: float = DEFAULT_C1
    c2: float = DEFAULT_C2
    max_iterations: int = 150
    skip_every: int = 0  # 0: train on every document


def train_attribution_tagger(
    documents: Sequence[AnnotatedDocument],
    out_dir: Path,
    options: TaggerOptions | None = None,
    nlp: NlpModels | None = None,
    registry: ActorRegistry | None = None,
    model_id: str = MODEL_ID,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Train both models on ``documents``, write them and their card to ``out_dir``, and
    return the card."""
    import pycrfsuite

    options = options or TaggerOptions()
    nlp = nlp or NlpModels()
    registry = registry or load_registry()
    used = held_in(documents, options.skip_every)
    if not used:
        raise DataError("no documents to train on")
    cue_trainer = pycrfsuite.Trainer(verbose=False)
    role_trainer = pycrfsuite.Trainer(verbose=False)
    counts = {"documents": len(used), "sentences": 0, "relations": 0, "cue_instances": 0}
    for done, document in enumerate(used, start=1):
        for tokens_labels, role_instances in _instances(document, nlp, registry):
            cue_trainer.append(*tokens_labels)
            counts["sentences"] += 1
            for features, labels in role_instances:
                role_trainer.append(features, labels)
                counts["cue_instances"] += 1
        counts["relations"] += len(document.relations)
        if progress is not None and (done % 50 == 0 or done == len(used)):
            progress(f"features: {done}/{len(used)} documents")
    out_dir.mkdir(parents=True, exist_ok=True)
    cue_path, role_path = model_paths(out_dir, model_id)
    for name, trainer, path in (
        ("cues", cue_trainer, cue_path),
        ("roles", role_trainer, role_path),
    ):
        trainer.set_params(
            {
                "c1": options.c1,
                "c2": options.c2,
                "max_iterations": options.max_iterations,
                "feature.possible_transitions": True,
            }
        )
        if progress is not None:
            progress(f"training the {name} model")
        trainer.train(str(path))
    card = {
        "model_id": model_id,
        "task": "English attribution relations (source, cue, content), PolNeAR annotation",
        "models": {"cues": cue_path.name, "roles": role_path.name},
        "data": {"sha256": documents_sha256(used), **counts},
        "options": asdict(options),
    }
    (out_dir / f"{model_id}.json").write_text(
        json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return card


def held_in(documents: Sequence[AnnotatedDocument], skip_every: int) -> list[AnnotatedDocument]:
    """The documents training uses: all, or all but every ``skip_every``-th in name
    order (the first, the (N+1)-th, …), which `eval attribution --only-every N` measures."""
    return [d for i, d in enumerate(documents) if not (skip_every and i % skip_every == 0)]


Instance = tuple[list[Features], list[str]]  # features and BIO labels of one sentence


def _instances(
    document: AnnotatedDocument, nlp: NlpModels, registry: ActorRegistry
) -> Iterator[tuple[Instance, list[Instance]]]:
    """Per sentence: (cue features, cue labels) and the role instances of its cues."""
    text = document.text
    sentences = split_sentences(text, "en", nlp)
    entities = extract_entities(text, sentences, "en", registry, nlp).entities
    relations = [r for r in document.relations if r.cue]
    for sentence in sentences:
        tokens = sentence_tokens(text, sentence, entities)
        if not tokens.spans:
            continue
        # A relation belongs to the sentence where its cue starts.
        own = [r for r in relations if sentence.span.start <= r.cue[0].start < sentence.span.end]
        cue_labels = bio_labels(tokens.spans, [r.cue for r in own], CUE)
        roles = []
        for relation in own:
            inside = [
                i
                for i, span in enumerate(tokens.spans)
                if any(span.overlaps(piece) for piece in relation.cue)
            ]
            if not inside:
                continue
            cue_start, cue_end = min(inside), max(inside) + 1
            sources = bio_labels(tokens.spans, [relation.source], SOURCE)
            contents = bio_labels(tokens.spans, [relation.content], CONTENT)
            labels = [
                "O" if cue_start <= i < cue_end else (s if s != "O" else c)
                for i, (s, c) in enumerate(zip(sources, contents, strict=True))
            ]
            roles.append((role_features(tokens, cue_start, cue_end), labels))
        yield (list(tokens.features), cue_labels), roles


def documents_sha256(documents: Sequence[AnnotatedDocument]) -> str:
    """A hash of what the models learn from: each document's name, text and relations."""
    digest = hashlib.sha256()
    for document in documents:
        digest.update(document.name.encode())
        digest.update(document.text.encode())
        for relation in document.relations:
            for part in (relation.source, relation.cue, relation.content):
                digest.update(repr([(s.start, s.end) for s in part]).encode())
    return digest.hexdigest()


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch train attribution`."""
    parser.add_argument(
        "--train", type=Path, required=True, help="PolNeAR-style folder (text/, attributions/)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DATA_DIR,
        help=f"folder for the two models and their JSON card (default: {DATA_DIR})",
    )
    parser.add_argument(
        "--skip-every",
        type=int,
        default=0,
        metavar="N",
        help="leave every N-th document out of training (development holdout; default: none)",
    )
    parser.add_argument("--c1", type=float, default=DEFAULT_C1, help="L1 penalty")
    parser.add_argument("--c2", type=float, default=DEFAULT_C2, help="L2 penalty")


def main(args: argparse.Namespace) -> int:
    """Train and write the models; 0 on success, 2 on bad data or options."""
    started = time.monotonic()
    try:
        if args.skip_every < 0 or args.skip_every == 1:
            raise DataError("--skip-every must be 0 (none) or at least 2")
        documents = load_brat(args.train)
        card = train_attribution_tagger(
            documents,
            args.out,
            TaggerOptions(c1=args.c1, c2=args.c2, skip_every=args.skip_every),
            progress=lambda message: print(message, file=sys.stderr),
        )
    except DataError as exc:
        print(f"narrativewatch: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    data = card["data"]
    print(
        f"wrote {card['models']['cues']}, {card['models']['roles']} and {card['model_id']}.json "
        f"to {args.out} ({time.monotonic() - started:.0f} s)\n"
        f"trained on {data['documents']} documents, {data['relations']} relations, "
        f"sha256 {data['sha256']}"
    )
    return EXIT_OK
