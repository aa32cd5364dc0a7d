"""Does a larger ensemble make the check-worthiness recipe more stable across seeds?

Trains the default model (`narrativewatch train checkworthiness`'s recipe) with each
number of networks per head and each seed, extracting the sentences' features once, and
prints one JSON line per run: dev and dev-test average precision, the threshold chosen on
dev, dev F1 and dev-test F1 at that threshold (dev-test is only measured).

    .venv/bin/python benchmarks/checkworthiness_members.py --members 3,9,15 --seeds 0,1,2

Each run takes 3–10 minutes on the 2-core machine (the 5-fold n-gram regressions and the
networks); the artifacts go to a temporary directory. Results: docs/checkworthiness.md.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.analysis.checkworthiness import Encoders, Features, read_model
from narrativewatch.evaluation.checkworthiness import read_labelled_sentences
from narrativewatch.training import checkworthiness as training

DATA = (
    Path(__file__).resolve().parents[2] / "shared/datasets/checkthat2024-task1-checkworthiness-en"
)
FILES = {
    "train": "CT24_checkworthy_english_train.tsv",
    "dev": "CT24_checkworthy_english_dev.tsv",
    "dev-test": "CT24_checkworthy_english_dev-test.tsv",
}


def average_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    ranked = labels[np.argsort(-scores)]
    hits = np.cumsum(ranked)
    return float((hits / np.arange(1, len(ranked) + 1))[ranked].mean())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--members", default="3,9,15", help="networks per head, comma-separated")
    parser.add_argument("--seeds", default="0,1,2", help="seeds, comma-separated")
    args = parser.parse_args(argv)
    splits = [
        training.Split(name, args.data / file, read_labelled_sentences(args.data / file))
        for name, file in FILES.items()
    ]
    encoders = training.load_encoders()
    features: dict[tuple[int, str], Features] = {}
    extract = training.extract_features

    def extract_once(texts: Sequence[str], language: str, encoders: Encoders) -> Features:
        # The training function extracts each split's features; every run reuses them.
        key = (len(texts), texts[0] if texts else "")
        if key not in features:
            features[key] = extract(texts, language, encoders)
        return features[key]

    training.extract_features = extract_once  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        for members in (int(m) for m in args.members.split(",")):
            for seed in (int(s) for s in args.seeds.split(",")):
                out = Path(tmp) / f"members{members}-seed{seed}.npz"
                result = training.train_checkworthiness(
                    splits[0],
                    splits[1],
                    out,
                    training.TrainingOptions(seed=seed, members=members),
                    dev_test=splits[2],
                    encoders=encoders,
                )
                model = read_model(out, encoders)
                row: dict[str, Any] = {"members": members, "seed": seed}
                for split in splits[1:]:
                    texts = [s.text for s in split.sentences]
                    scores = model.head_scores(extract_once(texts, "en", encoders), "en")
                    row[f"{split.name}_ap"] = round(average_precision(scores, split.labels), 4)
                en = result.metadata["scores"]["en"]
                row["threshold"] = result.metadata["heads"]["en"]["threshold"]
                row["dev_f1"] = round(en["dev"]["f1"], 4)
                row["dev-test_f1"] = round(en["dev-test"]["f1"], 4)
                print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
