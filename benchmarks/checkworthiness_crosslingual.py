"""A cross-lingual proxy for the check-worthiness model: there is no labelled
check-worthiness data in Russian or Ukrainian here, but every VoxCheck "Propaganda Diary"
case states a disinformation claim ("Fakes"), and the database gives each case in English,
Russian and Ukrainian. A claim refuted by fact-checkers is check-worthy by definition, so:

- recall proxy: the share of the claims predicted check-worthy, per language;
- agreement: for the cases present in all three languages (joined on ``Link`` and the
  order of the cases within one link), how often the ru and uk decisions equal the
  English one (of the English head, and of the cross-lingual head that ru and uk get),
  and the Spearman correlation of the scores.

The same is reported for the media excerpts (``Disinfo_cases_*``), which are longer and
quote the claim in context. Both sets contain only positives, so precision is not
measured: a model that says "yes" to everything would score 1.0 here. Read it next to the
English dev/dev-test scores (docs/checkworthiness.md).

    .venv/bin/python benchmarks/checkworthiness_crosslingual.py [--model e5]

Reads ../shared/datasets/voxcheck-propaganda-diary; prints and writes
benchmarks/results/checkworthiness_crosslingual.json (``…_e5.json`` for the fine-tuned e5,
which reads every language with one head: its "xl" figures are its English ones).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from narrativewatch.analysis.checkworthiness import (
    CheckworthinessModel,
    extract_features,
    head_inputs,
)
from narrativewatch.evaluation.checkworthiness import load_any_model

ROOT = Path(__file__).resolve().parent.parent
VOXCHECK = ROOT.parent / "shared" / "datasets" / "voxcheck-propaganda-diary"
RESULTS = ROOT / "benchmarks" / "results" / "checkworthiness_crosslingual.json"
FILES = {"en": "dataEng.json", "ru": "dataRu.json", "uk": "dataUkr.json"}
CASE_FIELDS = {"en": "Disinfo_cases_en", "ru": "Disinfo_cases_ru", "uk": "Disinfo_cases _ua"}


def parallel_cases() -> list[dict[str, dict[str, str]]]:
    """Cases present in all three languages: {language: {"claim": …, "excerpt": …}}."""
    keyed: dict[str, dict[tuple[str, int], dict[str, str]]] = {}
    for language, name in FILES.items():
        seen: dict[str, int] = {}
        rows = json.loads((VOXCHECK / name).read_text(encoding="utf-8"))
        keyed[language] = {}
        for row in rows:
            link = (row.get("Link") or "").strip()
            claim = (row.get("Fakes") or "").strip()
            if not link or not claim:
                continue
            order = seen.get(link, 0)
            seen[link] = order + 1
            excerpt = (row.get(CASE_FIELDS[language]) or "").strip()
            keyed[language][(link, order)] = {"claim": claim, "excerpt": excerpt}
    common = sorted(set.intersection(*(set(k) for k in keyed.values())))
    return [{language: keyed[language][key] for language in FILES} for key in common]


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    rank_a = np.argsort(np.argsort(a)).astype(float)
    rank_b = np.argsort(np.argsort(b)).astype(float)
    return float(np.corrcoef(rank_a, rank_b)[0, 1])


def cross_lingual_head_on_english(model: CheckworthinessModel, texts: list[str]) -> np.ndarray:
    """Scores of the ``xl`` head (the one ru and uk get) on the English texts: the fair
    reference for the ru/uk shares, since the English head also reads English n-grams."""
    head = model.heads["xl"]
    features = extract_features(texts, "en", model.encoders)
    inputs = head_inputs(features, head.blocks, model.ngram_logits(features))
    return head.ensemble.probabilities((inputs - head.mean) / head.scale)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=("default", "e5"), default="default")
    args = parser.parse_args()
    if not VOXCHECK.exists():
        sys.exit(f"VoxCheck data not found at {VOXCHECK}")
    model = load_any_model(args.model)
    fine_tuned = args.model == "e5"
    cases = parallel_cases()
    report: dict[str, object] = {"cases": len(cases)}
    for field in ("claim", "excerpt"):
        scores = {
            language: model.scores([case[language][field] for case in cases], language)
            for language in FILES
        }
        decisions = {language: scores[language] >= model.threshold(language) for language in FILES}
        if fine_tuned:  # one head for every language
            xl_decisions = decisions["en"]
        else:
            english = [case["en"][field] for case in cases]
            xl_decisions = (
                cross_lingual_head_on_english(model, english) >= model.heads["xl"].threshold
            )
        report[field] = {
            "checkworthy_share": {
                language: round(float(decisions[language].mean()), 3) for language in FILES
            },
            "checkworthy_share_en_with_xl_head": round(float(xl_decisions.mean()), 3),
            "agreement_with_en_xl_head": {
                language: round(float((decisions[language] == xl_decisions).mean()), 3)
                for language in ("ru", "uk")
            },
            "agreement_with_en": {
                language: round(float((decisions[language] == decisions["en"]).mean()), 3)
                for language in ("ru", "uk")
            },
            "spearman_with_en": {
                language: round(spearman(scores[language], scores["en"]), 3)
                for language in ("ru", "uk")
            },
            "mean_score": {
                language: round(float(scores[language].mean()), 3) for language in FILES
            },
        }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    out = RESULTS.with_name(RESULTS.stem + "_e5.json") if fine_tuned else RESULTS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
