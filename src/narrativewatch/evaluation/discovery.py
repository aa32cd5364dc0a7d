"""``narrativewatch eval discovery``: does new-narrative discovery find a narrative the
catalog does not know?

Leave one out: for each sub-narrative S with at least ``--min-cases`` test cases, the
catalog is the English side of ``--train`` (``narrative_match.build_catalog``) without S.
Every test case, in English, Russian and Ukrainian, is streamed in date order (file order
within a day; a case's three languages one after another). A text goes to the clusterer
when the product's matcher matches it to nothing: its best remaining narrative's margin is
below the embedder's calibrated *suggest* threshold or fails verification — the rule of
``matching.document.match_narratives`` for one claim. S is *detected* when a cluster that
the growth rule proposes holds a majority of S texts at the end of the stream; the metrics:

- ``recall``: detected / eligible sub-narratives;
- ``purity``: mean share of S texts in the detected clusters (the one with most S texts);
- ``median_cases_to_detect``: median number of S cases streamed when that cluster was
  proposed.

An "S text" is a text whose passage VoxCheck files under S (``voxcheck.passage_labels``):
the same text in two rows of one link, under S and another sub-narrative, counts for both
(``--single-label``: only for its own row's).

Scores are computed once with the full training catalog: leaving S out only removes S's
column, so each round takes each text's best other narrative and recomputes the median
(the lexical IDF of the smaller catalog is not recomputed — a negligible difference).

The cluster threshold and the growth rule are chosen on ``--train`` only: the same leave-
one-out on folds of the training cases (catalog from the other folds). docs/discovery.md.
"""

from __future__ import annotations

import argparse
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.actors.registry import ActorRegistry, load_registry
from narrativewatch.discovery.background import Background, load_background
from narrativewatch.discovery.clusters import ClusterConfig, ClusterItem, IncrementalClusterer
from narrativewatch.discovery.discover import DiscoveryOptions
from narrativewatch.discovery.growth import GrowthRule, Member, proposal_position
from narrativewatch.evaluation import DataError, run_command
from narrativewatch.evaluation.narrative_match import QueryVectorCache, build_catalog
from narrativewatch.evaluation.voxcheck import (
    FILES,
    LANGUAGES,
    VoxCase,
    VoxCheckError,
    link_folds,
    link_key,
    load_voxcheck,
    normalise_key,
    passage_labels,
    read_rows,
)
from narrativewatch.matching.embedder import Embedder, load_embedder
from narrativewatch.matching.index import build_catalog_index, default_cache_dir
from narrativewatch.matching.matcher import rank_claims
from narrativewatch.settings import Settings

# A detected cluster must be mostly the left-out sub-narrative.
DOMINANCE = 0.5
# The purity target: calibration only considers settings that reach it.
PURITY_FLOOR = 0.8


@dataclass(frozen=True, slots=True)
class DiscoveryEvalOptions:
    # Mean cosine, after centring (discovery.background), at which a text joins a cluster.
    thresholds: tuple[float, ...] = (0.2, 0.25, 0.3, 0.35, 0.4)
    min_items: tuple[int, ...] = (3, 4, 5, 6)
    min_sources: tuple[int, ...] = (2, 3)
    min_cases: int = 5
    calibration_folds: int = 2
    # Fold draws pooled for calibration: one draw gives ~15 rounds, too few to choose on.
    calibration_repeats: int = 3
    seed: int = 13
    # A text VoxCheck files under several sub-narratives (the same passage in two rows)
    # counts for each of them (``voxcheck.passage_labels``); False: only its own row's.
    multi_label: bool = True

    @property
    def rules(self) -> tuple[GrowthRule, ...]:
        return tuple(
            GrowthRule(items, sources, None)
            for items in self.min_items
            for sources in self.min_sources
        )


@dataclass(frozen=True, slots=True)
class StreamText:
    case: int  # index into the streamed cases
    language: str
    text: str
    published_at: datetime | None
    source: str  # the outlet ("Media"), else the link


@dataclass(slots=True)
class ScoredStream:
    """The stream and, per text, what the matcher said with the full catalog."""

    texts: list[StreamText]
    # Per text, its passage's sub-narratives (voxcheck.passage_labels): usually one; two when
    # VoxCheck files the same text under two, in two rows that are streamed as two texts.
    labels: list[frozenset[str]]
    vectors: np.ndarray  # texts × dim (e5 query vectors, centred: discovery.background)
    by_narrative: np.ndarray  # texts × catalog narratives: scores
    top: list[list[tuple[int, float, bool]]]  # per text, (column, score, verified) best first
    columns: dict[str, int]  # sub-narrative name -> catalog column
    suggest: float


@dataclass(frozen=True, slots=True)
class RoundResult:
    subnarrative: str
    detected: bool
    purity: float
    cases_to_detect: int | None
    proposals: int


def case_metadata(directory: str | Path) -> dict[str, tuple[datetime | None, str]]:
    """Link key -> (date, outlet) from the English file's ``Date`` (dd/mm/yyyy) and
    ``Media``; either may be missing."""
    meta: dict[str, tuple[datetime | None, str]] = {}
    for row in read_rows(Path(directory) / FILES["en"]):
        fields = {normalise_key(k): v for k, v in row.items() if isinstance(v, str)}
        link = fields.get("link", "").strip()
        if not link or link_key(link) in meta:
            continue
        try:
            date: datetime | None = datetime.strptime(fields.get("date", "").strip(), "%d/%m/%Y")
        except ValueError:
            date = None
        meta[link_key(link)] = (date, fields.get("media", "").strip() or link_key(link))
    return meta


def build_stream(
    cases: Sequence[VoxCase],
    meta: dict[str, tuple[datetime | None, str]],
    multi_label: bool = True,
) -> tuple[list[StreamText], list[frozenset[str]]]:
    """Texts in date order (undated last, file order otherwise), each case's languages in
    a row; and each text's sub-narratives (its passage's: ``passage_labels``)."""
    order = sorted(
        range(len(cases)),
        key=lambda i: (meta.get(link_key(cases[i].link), (None, ""))[0] or datetime.max, i),
    )
    texts: list[StreamText] = []
    for i in order:
        date, source = meta.get(link_key(cases[i].link), (None, link_key(cases[i].link)))
        for language in LANGUAGES:
            if cases[i].texts.get(language):
                texts.append(StreamText(i, language, cases[i].texts[language], date, source))
    passages = passage_labels(cases, multi_label)
    return texts, [passages[t.case].subnarratives for t in texts]


def score_stream(
    train: Sequence[VoxCase],
    stream: Sequence[VoxCase],
    meta: dict[str, tuple[datetime | None, str]],
    embedder: Embedder,
    registry: ActorRegistry,
    cache_dir: str | None,
    background: Background,
    multi_label: bool = True,
) -> ScoredStream:
    """Match every stream text against the catalog built from ``train`` (top two kept);
    the texts' vectors are centred on ``background`` for clustering."""
    catalog = build_catalog(train)
    index = build_catalog_index(catalog.narratives, embedder, registry, cache_dir=cache_dir)
    texts, labels = build_stream(stream, meta, multi_label)
    n, width = len(texts), len(index.narrative_ids)
    vectors = np.zeros((n, embedder.dim), dtype=np.float32)
    by_narrative = np.zeros((n, width), dtype=np.float32)
    top: list[list[tuple[int, float, bool]]] = [[] for _ in texts]
    column_of = {nid: c for c, nid in enumerate(index.narrative_ids)}
    for language in LANGUAGES:
        positions = [p for p, t in enumerate(texts) if t.language == language]
        if not positions:
            continue
        scores = rank_claims(
            [texts[p].text for p in positions], language, index, embedder, registry, top_k=2
        )
        for row, p in enumerate(positions):
            vectors[p] = scores.query_vectors[row]
            by_narrative[p] = scores.by_narrative[row]
            top[p] = [
                (column_of[c.narrative_id], c.score, c.verified) for c in scores.candidates[row]
            ]
    vectors = background.center(vectors, [t.language for t in texts])
    columns = {name: column_of[nid] for name, nid in catalog.id_of.items()}
    return ScoredStream(
        texts, labels, vectors, by_narrative, top, columns, embedder.thresholds.suggest
    )


def unmatched(scored: ScoredStream, left_out: str) -> list[int]:
    """Stream positions the matcher matches to nothing once ``left_out`` leaves the
    catalog: the best other narrative's margin (over the median of the other narratives)
    is below *suggest*, or its match fails verification."""
    dropped = scored.columns.get(left_out)
    keep = np.ones(scored.by_narrative.shape[1], dtype=bool)
    if dropped is not None:
        keep[dropped] = False
    backgrounds = np.median(scored.by_narrative[:, keep], axis=1) if keep.any() else None
    positions = []
    for p, candidates in enumerate(scored.top):
        remaining = [c for c in candidates if c[0] != dropped]
        if backgrounds is None or not remaining:
            positions.append(p)
            continue
        _, score, verified = remaining[0]
        if not (score - float(backgrounds[p]) >= scored.suggest and verified):
            positions.append(p)
    return positions


def cluster_positions(
    scored: ScoredStream, positions: Sequence[int], threshold: float
) -> list[list[int]]:
    """The clusters (lists of stream positions, in order) of the given texts."""
    # The product's linkage (discover's), at the threshold being measured.
    linkage = DiscoveryOptions().clusters.linkage
    clusterer = IncrementalClusterer(ClusterConfig(threshold=threshold, linkage=linkage))
    items = [
        ClusterItem(str(p), scored.texts[p].text, scored.texts[p].language, scored.vectors[p], None)
        for p in positions
        if scored.vectors[p].any()
    ]
    ids = clusterer.add_many(items)
    grouped: dict[int, list[int]] = defaultdict(list)
    for item, cluster_id in zip(items, ids, strict=True):
        grouped[cluster_id].append(int(item.key))
    return list(grouped.values())


def judge_round(
    scored: ScoredStream, clusters: Sequence[Sequence[int]], left_out: str, rule: GrowthRule
) -> RoundResult:
    """Whether a proposed cluster is dominated by ``left_out``; see the module docstring."""
    best: tuple[int, float, int] | None = None  # (S texts, purity, proposal position)
    proposals = 0
    for members in clusters:
        texts = [scored.texts[p] for p in members]
        at = proposal_position([Member(t.published_at, t.source) for t in texts], rule)
        if at is None:
            continue
        proposals += 1
        hits = sum(1 for p in members if left_out in scored.labels[p])
        purity = hits / len(members)
        if purity > DOMINANCE and (best is None or hits > best[0]):
            best = (hits, purity, members[at])
    if best is None:
        return RoundResult(left_out, False, 0.0, None, proposals)
    seen = {scored.texts[p].case for p in range(best[2] + 1) if left_out in scored.labels[p]}
    return RoundResult(left_out, True, best[1], len(seen), proposals)


def eligible(cases: Sequence[VoxCase], min_cases: int) -> list[str]:
    counts = Counter(case.subnarrative for case in cases)
    return sorted(name for name, count in counts.items() if count >= min_cases)


def leave_one_out(
    scored: ScoredStream,
    subnarratives: Sequence[str],
    thresholds: Sequence[float],
    rules: Sequence[GrowthRule],
) -> dict[tuple[float, GrowthRule], list[RoundResult]]:
    """Every (threshold, rule) pair's round results."""
    results: dict[tuple[float, GrowthRule], list[RoundResult]] = defaultdict(list)
    for left_out in subnarratives:
        positions = unmatched(scored, left_out)
        for threshold in thresholds:
            clusters = cluster_positions(scored, positions, threshold)
            for rule in rules:
                results[threshold, rule].append(judge_round(scored, clusters, left_out, rule))
    return results


def summarise(rounds: Sequence[RoundResult]) -> dict[str, Any]:
    detected = [r for r in rounds if r.detected]
    cases = [r.cases_to_detect for r in detected if r.cases_to_detect is not None]
    return {
        "recall": round(len(detected) / len(rounds), 4) if rounds else 0.0,
        "purity": round(statistics.mean(r.purity for r in detected), 4) if detected else 0.0,
        "median_cases_to_detect": statistics.median(cases) if cases else None,
        "subnarratives": len(rounds),
        "proposals_per_round": round(statistics.mean(r.proposals for r in rounds), 2)
        if rounds
        else 0.0,
    }


def choose(results: dict[tuple[float, GrowthRule], list[RoundResult]]) -> tuple[float, GrowthRule]:
    """The setting with the best harmonic mean of recall and purity among those whose
    purity reaches ``PURITY_FLOOR`` (if none does, the purest); ties: fewer proposals per
    round (fewer clusters for the analyst), then fewer cases to detect. The harmonic mean
    rather than "most recall at a purity": with ~15 rounds per fold, the purity of
    neighbouring settings differs by noise, and a hard purity bar flipped the choice
    between thresholds 0.3 and 0.4 from one fold draw to the next."""

    def key(pair: tuple[float, GrowthRule]) -> tuple[float, ...]:
        s = summarise(results[pair])
        recall, purity = s["recall"], s["purity"]
        reaches = purity >= PURITY_FLOOR
        f1 = 2 * recall * purity / (recall + purity) if recall + purity else 0.0
        cases = s["median_cases_to_detect"] or 1e9
        return (float(reaches), f1 if reaches else purity, -s["proposals_per_round"], -cases)

    return max(sorted(results, key=lambda p: (p[0], p[1].min_items, p[1].min_sources)), key=key)


def evaluate(
    train: Sequence[VoxCase],
    test: Sequence[VoxCase],
    meta: dict[str, tuple[datetime | None, str]],
    embedder: Embedder,
    registry: ActorRegistry,
    options: DiscoveryEvalOptions,
    cache_dir: str | None = None,
) -> dict[str, Any]:
    """Calibrate on folds of ``train``, then measure on ``test`` (see module docstring)."""
    if cache_dir is not None:
        embedder = QueryVectorCache(embedder, cache_dir)
    background = load_background(embedder)
    calibration: dict[tuple[float, GrowthRule], list[RoundResult]] = defaultdict(list)
    if len(options.thresholds) * len(options.rules) > 1:
        folds = [
            fold
            for repeat in range(options.calibration_repeats)
            for fold in link_folds(train, options.calibration_folds, options.seed + repeat)
        ]
        for inner, held_out in folds:
            names = eligible(held_out, options.min_cases)
            if not inner or not names:
                continue
            scored = score_stream(
                inner,
                held_out,
                meta,
                embedder,
                registry,
                cache_dir,
                background,
                options.multi_label,
            )
            for pair, rounds in leave_one_out(
                scored, names, options.thresholds, options.rules
            ).items():
                calibration[pair] += rounds
    # One setting given: that one. Too few training cases to calibrate on: the product's.
    product = DiscoveryOptions()
    fallback = (
        product.clusters.threshold,
        GrowthRule(product.rule.min_items, product.rule.min_sources, None),
    )
    if len(options.thresholds) * len(options.rules) == 1:
        fallback = (options.thresholds[0], options.rules[0])
    threshold, rule = choose(calibration) if calibration else fallback
    names = eligible(test, options.min_cases)
    scored = score_stream(
        train, test, meta, embedder, registry, cache_dir, background, options.multi_label
    )
    rounds = leave_one_out(scored, names, [threshold], [rule])[threshold, rule] if names else []
    report = summarise(rounds)
    report["threshold"] = threshold
    report["rule"] = {"min_items": rule.min_items, "min_sources": rule.min_sources}
    # null: the training folds had no sub-narrative with enough cases to calibrate on.
    report["calibration"] = summarise(calibration[threshold, rule]) if calibration else None
    report["by_subnarrative"] = [
        {
            "subnarrative": r.subnarrative,
            "detected": r.detected,
            "purity": round(r.purity, 4),
            "cases_to_detect": r.cases_to_detect,
        }
        for r in rounds
    ]
    return report


def format_table(report: dict[str, Any]) -> str:
    lines = [
        f"sub-narratives (>= min cases)  {report['subnarratives']}",
        f"recall                         {report['recall']:.3f}",
        f"purity                         {report['purity']:.3f}",
        f"median cases to detect         {report['median_cases_to_detect']}",
        f"proposals per round            {report['proposals_per_round']}",
        f"cluster threshold              {report['threshold']}",
        f"growth rule                    {report['rule']}",
    ]
    if report["calibration"]:
        c = report["calibration"]
        lines.append(
            f"on the training folds           recall {c['recall']:.3f}, purity {c['purity']:.3f} "
            f"({c['subnarratives']} rounds)"
        )
    for row in report["by_subnarrative"]:
        mark = "found" if row["detected"] else "missed"
        lines.append(
            f"  {mark:<6} {row['purity']:.2f} {row['cases_to_detect']!s:>4}  {row['subnarrative']}"
        )
    return "\n".join(lines)


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--train", required=True, help="VoxCheck directory: catalog source")
    parser.add_argument("--test", required=True, help="VoxCheck directory: the stream")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument(
        "--min-cases",
        type=int,
        default=5,
        help="only sub-narratives with at least this many cases are left out (default: 5)",
    )
    parser.add_argument(
        "--threshold", type=float, help="cluster threshold (default: calibrated on --train)"
    )
    parser.add_argument(
        "--min-items", type=int, help="growth rule (default: calibrated on --train)"
    )
    parser.add_argument(
        "--min-sources", type=int, help="growth rule (default: calibrated on --train)"
    )
    parser.add_argument(
        "--single-label",
        action="store_true",
        help="count a text only for its own row's sub-narrative, even when VoxCheck files the "
        "same passage under another too (default: for each of them)",
    )
    parser.add_argument(
        "--cache-dir", help="embedding cache directory (default: ~/.cache/narrativewatch)"
    )


def _run(args: argparse.Namespace) -> dict[str, Any]:
    if args.min_cases < 1:
        raise ValueError("--min-cases: must be at least 1")
    try:
        train, test = load_voxcheck(args.train), load_voxcheck(args.test)
        meta = {**case_metadata(args.train), **case_metadata(args.test)}
    except VoxCheckError as exc:
        raise DataError(str(exc)) from None
    if not train.cases:
        raise DataError(f"{args.train}: no labelled cases")
    defaults = DiscoveryEvalOptions()
    options = DiscoveryEvalOptions(
        thresholds=(args.threshold,) if args.threshold is not None else defaults.thresholds,
        min_items=(args.min_items,) if args.min_items is not None else defaults.min_items,
        min_sources=(args.min_sources,) if args.min_sources is not None else defaults.min_sources,
        min_cases=args.min_cases,
        multi_label=not args.single_label,
    )
    settings = Settings.load({"cache_dir": args.cache_dir})
    return evaluate(
        train.cases,
        test.cases,
        meta,
        load_embedder(settings.embedder),
        load_registry(),
        options,
        cache_dir=settings.cache_dir or str(default_cache_dir()),
    )


def main(args: argparse.Namespace) -> int:
    """Run the evaluation; 2 on unreadable input."""
    return run_command(args, _run, format_table)
