"""What verification costs on narrative-bearing text: VoxCheck cases kept by it.

VoxCheck "Propaganda Diary" cases (en, ru, uk; the first 600 characters of each, as
`calibrate_matching.py` reads them, and its split by `Link` into a calibration and a held
half) are ranked against the bundled catalog, each passage as one claim. Among the cases
whose top candidate is above *suggest*, counts how many are of the right narrative family
(the mapping in `calibrate_matching.py`) and how many of those, and of the wrong-family
ones, pass verification (`matching/verify.py`). Results: docs/matching.md ("Measured on
real war news").

    .venv/bin/python benchmarks/verification_cost_voxcheck.py [--half calibration|held]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calibrate_matching import voxcheck
from narrativewatch.matching.document import leading_candidate
from narrativewatch.matching.matcher import rank_claims
from narrativewatch.pipeline import load_pipeline
from narrativewatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
VOXCHECK = ROOT.parent / "shared" / "datasets" / "voxcheck-propaganda-diary"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=VOXCHECK)
    parser.add_argument("--half", choices=("calibration", "held"), default="calibration")
    args = parser.parse_args()
    pipeline = load_pipeline(Settings.load({}, environ={}))
    suggest = pipeline.embedder.thresholds.suggest
    category = {n.id: n.category for n in pipeline.index.narratives.values()}
    cases = voxcheck(args.data)
    report: dict[str, dict[str, int]] = {}
    for language in ("en", "ru", "uk"):
        items = [
            (text, categories)
            for lang, text, categories, held in cases
            if lang == language and held == (args.half == "held")
        ]
        scores = rank_claims(
            [text for text, _ in items],
            language,
            pipeline.index,
            pipeline.embedder,
            pipeline.registry,
        )
        counts: Counter[str] = Counter()
        for (_, categories), candidates in zip(items, scores.candidates, strict=True):
            # (the product's lead: a narrative whose subject the text never names is out)
            top = leading_candidate(candidates)
            if top is None or top.margin < suggest:
                continue
            family = "right" if category[top.narrative_id] in categories else "wrong"
            counts[family] += 1
            counts[f"{family}_verified"] += top.verified
        report[language] = dict(counts)
    total: Counter[str] = Counter()
    for counts in report.values():
        total.update(counts)
    report["all"] = dict(total)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
