"""``narrativewatch eval narrative-match``: how well the product's matcher recognises
VoxCheck narratives and sub-narratives in English, Russian and Ukrainian cases.

The catalog is built from the English side of ``--train`` only: one catalog narrative per
sub-narrative ("Fakes"), whose statements are the sub-narrative's and its parent
narrative's names and whose variants are the training cases' English texts. The
``--test`` cases are then ranked in each language separately with the product's own index
and matcher (``build_catalog_index`` + ``rank_claims``), or with the learnt classifier
(``narrativewatch.matching.classifier``) fitted on that catalog, so the numbers measure
product components, not a separate model. docs/narrative-match.md gives the metrics'
definitions and the measured numbers.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.actors.registry import ActorRegistry, load_registry
from narrativewatch.evaluation.voxcheck import (
    LANGUAGES,
    VoxCase,
    VoxCheckError,
    link_folds,
    load_voxcheck,
    passage_labels,
)
from narrativewatch.matching.calibration import background_catalog
from narrativewatch.matching.classifier import (
    ClassifierOptions,
    LanguageAlignment,
    NarrativeClassifier,
    Prediction,
    agreed_confidence,
    calibrate_probability_threshold,
    calibrate_threshold,
    combine,
    fit_alignment,
    fit_classifier,
    neighbour_votes,
    predict,
)
from narrativewatch.matching.embedder import Embedder, Thresholds, Vectors, load_embedder
from narrativewatch.matching.index import (
    CatalogIndex,
    VectorCache,
    build_catalog_index,
    default_cache_dir,
)
from narrativewatch.matching.matcher import LEXICAL_WEIGHT, rank_claims
from narrativewatch.model import Narrative, NarrativeStatement
from narrativewatch.progress import Progress
from narrativewatch.settings import Settings

# "matcher": the product's ranking as is (closest statement or variant per sub-narrative).
# "knn": the k nearest catalog rows vote for their sub-narrative and narrative.
# "classifier": a linear probe learnt from the catalog's variants, mixed with the knn votes
# (narrativewatch.matching.classifier), with thresholds calibrated on held-out training
# folds. docs/narrative-match.md compares all three, tuned on splits of the training data.
METHODS: tuple[str, ...] = ("matcher", "knn", "classifier")
DEFAULT_METHOD = "classifier"
METRIC_KEYS: tuple[str, ...] = (
    "narrative_acc@1",
    "subnarrative_acc@1",
    "narrative_mrr",
    "subnarrative_mrr",
    "no_match_rate",
    "auto_match_precision",
)


@dataclass(frozen=True, slots=True)
class MatchOptions:
    """How to run the evaluation. ``suggest``/``auto`` of None use the embedder's
    calibrated margin thresholds (``matcher``, ``knn``) or, for ``classifier``, thresholds
    on its confidence calibrated on ``calibration_folds`` folds of the training cases for
    ``suggest_precision`` / ``auto_probability``; ``limit`` caps the test cases per language."""

    method: str = DEFAULT_METHOD
    suggest: float | None = None
    auto: float | None = None
    limit: int | None = None
    # Chosen on a split of the training half (docs/narrative-match.md): k 5–40 and
    # T 0.01–1 were tried; 20 and 0.02 were best or near best in every language.
    knn_k: int = 20
    knn_temperature: float = 0.02
    batch_size: int = 32
    classifier: ClassifierOptions = field(default_factory=ClassifierOptions)
    # The issue asks for auto-match precision ≥ 0.95. Auto-matches are those a logistic fit
    # on held-out folds gives at least this probability of being right; everything above
    # is then more likely right still. Nested cross-validation on the training half
    # (docs/narrative-match.md) chose it: 0.93 was the lowest level whose outer held-out
    # auto-matches were ≥ 0.95 right in every language (0.90 let Russian fall to 0.91).
    auto_probability: float = 0.93
    # Suggestions may be wrong 1 time in 5: a precision over everything suggested.
    suggest_precision: float = 0.8
    calibration_folds: int = 5
    seed: int = 13
    # Score a passage filed under several narratives as right when any of them is named
    # (``passage_labels``); False scores every row against its own label only.
    multi_label: bool = True
    # Sentences of a sub-narrative's debunk also train the probe, at this weight per
    # sentence: they name its topic, though from the other side. 0, 0.3 and 1 were tried
    # on the training half (docs/narrative-match.md); 0.3 was best.
    debunk_weight: float = 0.3

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not {self.method!r}")
        if self.calibration_folds < 2:
            raise ValueError("calibration_folds must be at least 2")
        if self.debunk_weight < 0:
            raise ValueError("debunk_weight must be at least 0")


@dataclass(frozen=True, slots=True)
class SubnarrativeCatalog:
    narratives: list[Narrative]  # one per sub-narrative
    parent: dict[str, str]  # sub-narrative id -> parent narrative name
    id_of: dict[str, str]  # sub-narrative text ("Fakes") -> id


@dataclass(frozen=True, slots=True)
class Ranking:
    """One query's scores: higher is better. ``margin`` is what the suggest/auto
    thresholds apply to: for ``matcher`` and ``knn`` the product's margin of the top
    sub-narrative (its score minus the median over all sub-narratives); for
    ``classifier`` its confidence (``agreed_confidence``)."""

    subnarrative_scores: dict[str, float]
    narrative_scores: dict[str, float]
    margin: float

    def top_subnarrative(self) -> str:
        return max(self.subnarrative_scores, key=self.subnarrative_scores.__getitem__)

    def top_narrative(self) -> str:
        return max(self.narrative_scores, key=self.narrative_scores.__getitem__)


def slug(text: str) -> str:
    """A readable id: "Ukraine is a puppet of the West" → "ukraine-is-a-puppet-of-the-west"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:80].strip("-") or "subnarrative"


def build_catalog(cases: Sequence[VoxCase]) -> SubnarrativeCatalog:
    """One Narrative per sub-narrative of ``cases`` (English labels and texts only)."""
    grouped: dict[str, list[VoxCase]] = defaultdict(list)
    for case in cases:
        grouped[case.subnarrative].append(case)
    narratives: list[Narrative] = []
    parent: dict[str, str] = {}
    id_of: dict[str, str] = {}
    for subnarrative, members in grouped.items():
        base = slug(subnarrative)
        identifier, n = base, 2
        while identifier in parent:  # two names that differ only in punctuation
            identifier, n = f"{base}-{n}", n + 1
        # A sub-narrative is filed under one narrative; if the data disagrees, the
        # majority label is the parent.
        labels = [case.narrative for case in members]
        narrative = max(set(labels), key=lambda label: (labels.count(label), label))
        texts = list(dict.fromkeys(case.texts["en"] for case in members if case.texts["en"]))
        # VoxCheck writes one debunk per sub-narrative; should cases disagree, the most
        # frequent one is kept.
        debunks = [case.debunk for case in members if case.debunk]
        debunk = max(dict.fromkeys(debunks), key=debunks.count) if debunks else None
        narratives.append(
            Narrative(
                id=identifier,
                title=subnarrative,
                summary=narrative,
                category=slug(narrative),
                risk="medium",
                statements=(
                    NarrativeStatement("en", subnarrative),
                    NarrativeStatement("en", narrative),
                ),
                references=(),
                debunk=debunk,
                variants=tuple(NarrativeStatement("en", text) for text in texts),
            )
        )
        parent[identifier] = narrative
        id_of[subnarrative] = identifier
    return SubnarrativeCatalog(narratives, parent, id_of)


def rank_queries(
    texts: Sequence[str],
    language: str,
    index: CatalogIndex,
    catalog: SubnarrativeCatalog,
    embedder: Embedder,
    registry: ActorRegistry,
    options: MatchOptions,
) -> list[Ranking]:
    """Score every sub-narrative and narrative for each text with the product's matcher."""
    scores = rank_claims(texts, language, index, embedder, registry, top_k=len(index.narrative_ids))
    rankings = []
    for q, text in enumerate(texts):
        by_sub = scores.by_narrative[q].astype(np.float64)
        background = float(np.median(by_sub))
        if options.method == "knn":
            sub_scores, narrative_scores = _knn_scores(
                scores.query_vectors[q], text, language, index, catalog, options
            )
            # Equal vote totals — above all the zero of everything outside the k nearest
            # rows — are ordered by the matcher's own score, so the MRR stays meaningful.
            matcher_best = _best_per_narrative(by_sub, index, catalog)
            sub_scores = {
                nid: sub_scores.get(nid, 0.0) + 1e-3 * float(by_sub[c])
                for c, nid in enumerate(index.narrative_ids)
            }
            narrative_scores = {
                name: votes + 1e-3 * matcher_best[name] for name, votes in narrative_scores.items()
            }
        else:
            sub_scores = {nid: float(by_sub[c]) for c, nid in enumerate(index.narrative_ids)}
            narrative_scores = _best_per_narrative(by_sub, index, catalog)
        top = max(sub_scores, key=sub_scores.__getitem__)
        margin = float(by_sub[index.narrative_ids.index(top)]) - background
        rankings.append(Ranking(sub_scores, narrative_scores, margin))
    return rankings


def _best_per_narrative(
    by_sub: np.ndarray, index: CatalogIndex, catalog: SubnarrativeCatalog
) -> dict[str, float]:
    """Each narrative's score: the score of its best sub-narrative."""
    best: dict[str, float] = {}
    for column, nid in enumerate(index.narrative_ids):
        name = catalog.parent[nid]
        best[name] = max(float(by_sub[column]), best.get(name, -math.inf))
    return best


def _knn_scores(
    vector: np.ndarray,
    text: str,
    language: str,
    index: CatalogIndex,
    catalog: SubnarrativeCatalog,
    options: MatchOptions,
) -> tuple[dict[str, float], dict[str, float]]:
    """Votes of the k most similar catalog rows, each weighted by exp(similarity / T)
    relative to the best: many close training cases outvote a single lucky one, which
    the nearest-row rule cannot see."""
    similarity = (index.vectors @ vector).astype(np.float64)
    lexical = index.lexical.scores(text, language)
    similarity[lexical.rows] += LEXICAL_WEIGHT * lexical.shares
    nearest = np.argsort(-similarity)[: options.knn_k]
    best = float(similarity[nearest[0]])
    sub_votes: dict[str, float] = defaultdict(float)
    narrative_votes: dict[str, float] = {name: 0.0 for name in set(catalog.parent.values())}
    for row in nearest:
        weight = math.exp((float(similarity[row]) - best) / options.knn_temperature)
        nid = index.rows[int(row)].narrative_id
        sub_votes[nid] += weight
        narrative_votes[catalog.parent[nid]] += weight
    return dict(sub_votes), narrative_votes


class QueryVectorCache:
    """An embedder whose ``embed_queries`` goes through a disk cache of its own
    (``<cache_dir>/queries/``), kept apart from the catalog's passage vectors: an
    evaluation embeds the same few hundred cases on every run, and in three languages."""

    def __init__(self, inner: Embedder, cache_dir: str | Path) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.thresholds: Thresholds = inner.thresholds
        self._cache = VectorCache(Path(cache_dir) / "queries", inner.model_id)

    def embed_queries(self, texts: list[str]) -> Vectors:
        return self._cache.embed(list(texts), _QuerySide(self.inner))

    def embed_passages(self, texts: list[str]) -> Vectors:
        return self.inner.embed_passages(texts)


class _QuerySide:
    """Presents ``embed_queries`` as ``embed_passages``, which is what VectorCache calls."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.thresholds = inner.thresholds

    def embed_queries(self, texts: list[str]) -> Vectors:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> Vectors:
        return self.inner.embed_queries(texts)


def catalog_alignment(embedder: Embedder, cache_dir: str | Path | None) -> LanguageAlignment:
    """The cross-lingual alignment (``fit_alignment``, target English) learnt from the
    bundled product catalog's statements: every narrative states the same things in en, ru
    and uk, in the same order, so the k-th statements of each language are a parallel
    triple (a narrative with fewer statements in one language gives fewer triples). They
    are the product's own text, not the evaluation data: no labels, no queries. The
    narratives are the background ones (`calibration.background_catalog`), so that a
    narrative added to the product does not move this evaluation."""
    by_language: dict[str, list[str]] = {language: [] for language in LANGUAGES}
    for narrative in background_catalog(embedder.model_id):
        texts: dict[str, list[str]] = {language: [] for language in LANGUAGES}
        for statement in narrative.statements:
            if statement.language in texts:
                texts[statement.language].append(statement.text)
        pairs = min(len(group) for group in texts.values())
        for language, group in texts.items():
            by_language[language] += group[:pairs]
    cache = VectorCache(cache_dir, embedder.model_id) if cache_dir is not None else None
    return fit_alignment(
        {
            language: cache.embed(texts, embedder) if cache else embedder.embed_passages(texts)
            for language, texts in by_language.items()
        },
        target="en",
    )


def fit_catalog_classifier(
    index: CatalogIndex,
    catalog: SubnarrativeCatalog,
    alignment: LanguageAlignment,
    options: MatchOptions,
) -> NarrativeClassifier:
    """The probe over every catalog row (statements and variants, all English), plus the
    sentences of each sub-narrative's debunk at ``options.debunk_weight``."""
    labels = [row.narrative_id for row in index.rows]
    weights = [1.0] * len(labels)
    vectors = index.vectors
    if options.debunk_weight > 0 and len(index.debunk_narrative):
        labels += [index.narrative_ids[int(column)] for column in index.debunk_narrative]
        weights += [options.debunk_weight] * len(index.debunk_narrative)
        vectors = np.vstack([index.vectors, index.debunk_vectors])
    return fit_classifier(
        vectors,
        labels,
        catalog.parent,
        alignment,
        options=options.classifier,
        weights=weights,
    )


def classifier_predictions(
    texts: Sequence[str],
    language: str,
    index: CatalogIndex,
    model: NarrativeClassifier,
    embedder: Embedder,
    options: MatchOptions,
) -> tuple[Prediction, Prediction, Prediction]:
    """The probe's prediction, the nearest catalog rows' votes (dense similarity + the
    matcher's lexical bonus) and their mix, for ``texts`` written in ``language``."""
    vectors = embedder.embed_queries(list(texts))
    similarity = (vectors @ index.vectors.T).astype(np.float64)
    for q, text in enumerate(texts):
        lexical = index.lexical.scores(text, language)
        similarity[q, lexical.rows] += LEXICAL_WEIGHT * lexical.shares
    row_labels = [row.narrative_id for row in index.rows]
    votes = neighbour_votes(similarity, row_labels, model, options.classifier)
    probe = predict(model, vectors, language)
    return probe, votes, combine(probe, votes, options.classifier)


def classify_queries(
    texts: Sequence[str],
    language: str,
    index: CatalogIndex,
    model: NarrativeClassifier,
    embedder: Embedder,
    options: MatchOptions,
) -> list[Ranking]:
    """Probe probabilities mixed with the votes of the nearest catalog rows (dense
    similarity + the matcher's lexical bonus); ``margin`` holds the confidence
    (``agreed_confidence``: how strongly both parts back the top narrative)."""
    if not texts:
        return []
    probe, votes, mixed = classifier_predictions(texts, language, index, model, embedder, options)
    confidence = agreed_confidence(probe, votes, mixed)
    return [
        Ranking(
            dict(zip(model.labels, mixed.label_probabilities[q].tolist(), strict=True)),
            dict(zip(model.groups, mixed.group_probabilities[q].tolist(), strict=True)),
            float(confidence[q]),
        )
        for q in range(len(texts))
    ]


def heldout_confidence(
    train: Sequence[VoxCase],
    embedder: Embedder,
    registry: ActorRegistry,
    alignment: LanguageAlignment,
    options: MatchOptions,
    cache_dir: str | None = None,
    progress: Progress | None = None,
) -> dict[str, tuple[list[float], list[bool]]]:
    """Per language, the classifier's confidence in each held-out training case and
    whether its top narrative was right, from folds of ``train`` only: each fold's
    catalog and probe come from the other folds' English cases, and the held-out cases
    are queried in every language."""
    held: dict[str, tuple[list[float], list[bool]]] = {language: ([], []) for language in LANGUAGES}
    folds = link_folds(train, options.calibration_folds, options.seed)
    progress = progress or Progress(enabled=False)
    for inner_train, held_out in progress.track(folds, "calibration folds of --train"):
        if not inner_train or not held_out:
            continue
        catalog = build_catalog(inner_train)
        index = build_catalog_index(catalog.narratives, embedder, registry, cache_dir=cache_dir)
        model = fit_catalog_classifier(index, catalog, alignment, options)
        # Folds keep a link's cases together, so each passage's labels are all here.
        labelled = list(zip(held_out, passage_labels(held_out, options.multi_label), strict=True))
        for language in LANGUAGES:
            texts = [case.texts[language] for case, _ in labelled if case.texts.get(language)]
            golds = [gold for case, gold in labelled if case.texts.get(language)]
            confidence, correct = held[language]
            for gold, ranking in zip(
                golds,
                classify_queries(texts, language, index, model, embedder, options),
                strict=True,
            ):
                confidence.append(ranking.margin)
                correct.append(ranking.top_narrative() in gold.narratives)
    return held


def calibrate_classifier(
    train: Sequence[VoxCase],
    embedder: Embedder,
    registry: ActorRegistry,
    alignment: LanguageAlignment,
    options: MatchOptions,
    cache_dir: str | None = None,
    progress: Progress | None = None,
) -> dict[str, tuple[float, float]]:
    """Per language, (suggest, auto) thresholds on the classifier's confidence, from
    ``heldout_confidence``: *suggest* is the lowest whose precision (right narrative) on
    that language's held-out queries reaches ``suggest_precision``
    (``calibrate_threshold``), *auto* the confidence at which a held-out query is right
    with ``auto_probability`` (``calibrate_probability_threshold``: a fitted curve, not a
    few cases at the top, decides it); ``math.inf`` when none does. Per language, because the
    probe learns from English and is less sure of itself, and less often right when sure,
    in Russian and Ukrainian: one pooled threshold let Russian precision fall to 0.90 on
    the training half's folds (docs/narrative-match.md)."""
    held = heldout_confidence(train, embedder, registry, alignment, options, cache_dir, progress)
    return {
        language: (
            calibrate_threshold(confidence, correct, options.suggest_precision),
            calibrate_probability_threshold(confidence, correct, options.auto_probability),
        )
        for language, (confidence, correct) in held.items()
    }


def rank_of(scores: Mapping[str, float], gold: str | Collection[str]) -> int | None:
    """1-based rank of the best-scored ``gold`` item (one, or any of several right
    answers), counting ties against it (a scorer that gives every item the same score
    gets no credit): 1 + the wrong items scored at least as high. None when no gold item
    is ranked at all."""
    right = {gold} if isinstance(gold, str) else set(gold)
    ranked = [scores[item] for item in right if item in scores]
    if not ranked:
        return None
    value = max(ranked)
    return 1 + sum(1 for key, other in scores.items() if key not in right and other >= value)


def reciprocal_rank(rank: int | None) -> float:
    return 0.0 if rank is None else 1.0 / rank


def language_metrics(
    rankings: Sequence[Ranking],
    gold_narratives: Sequence[str | Collection[str]],
    gold_subnarratives: Sequence[str | Collection[str] | None],
    suggest: float,
    auto: float,
) -> dict[str, Any]:
    """The metrics of one language (docs/narrative-match.md defines them). A query's
    gold is one label or the set of its right answers (``rank_of``).

    ``auto_match_precision`` is 0.0 when no query reaches ``auto``: every value must be
    a fraction, and ``auto_matches`` (reported alongside) tells "none" from "all wrong".
    """
    n = len(rankings)
    narrative_ranks = [
        rank_of(r.narrative_scores, gold) for r, gold in zip(rankings, gold_narratives, strict=True)
    ]
    sub_ranks = [
        rank_of(r.subnarrative_scores, gold) if gold is not None else None
        for r, gold in zip(rankings, gold_subnarratives, strict=True)
    ]
    auto_hits = [
        rank == 1 for r, rank in zip(rankings, narrative_ranks, strict=True) if r.margin >= auto
    ]
    no_matches = sum(1 for r in rankings if r.margin < suggest)

    def mean(values: Sequence[float]) -> float:
        return round(sum(values) / len(values), 4) if values else 0.0

    return {
        "narrative_acc@1": mean([float(rank == 1) for rank in narrative_ranks]),
        "subnarrative_acc@1": mean([float(rank == 1) for rank in sub_ranks]),
        "narrative_mrr": mean([reciprocal_rank(rank) for rank in narrative_ranks]),
        "subnarrative_mrr": mean([reciprocal_rank(rank) for rank in sub_ranks]),
        "no_match_rate": mean([1.0] * no_matches + [0.0] * (n - no_matches)),
        "auto_match_precision": mean([float(hit) for hit in auto_hits]),
        "queries": n,
        "auto_matches": len(auto_hits),
    }


def evaluate(
    train: Sequence[VoxCase],
    test: Sequence[VoxCase],
    embedder: Embedder,
    registry: ActorRegistry,
    options: MatchOptions,
    cache_dir: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Build the catalog from ``train`` and measure each language of ``test``.

    Returns ``{"by_language": {language: metrics}}``; each language's metrics end with the
    ``suggest_threshold`` and ``auto_threshold`` used (null when never reached). Test
    cases with an empty text in a language are skipped there and counted as
    ``skipped_empty``; a test sub-narrative absent from training can only be wrong at the
    sub-narrative level. With ``cache_dir``, query vectors are cached there too.
    """
    if cache_dir is not None:
        embedder = QueryVectorCache(embedder, cache_dir)
    progress = progress or Progress(enabled=False)
    catalog = build_catalog(train)
    index = build_catalog_index(catalog.narratives, embedder, registry, cache_dir=cache_dir)
    model: NarrativeClassifier | None = None
    if options.method == "classifier":
        alignment = catalog_alignment(embedder, cache_dir)
        model = fit_catalog_classifier(index, catalog, alignment, options)
        calibrated = (
            calibrate_classifier(train, embedder, registry, alignment, options, cache_dir, progress)
            if options.suggest is None or options.auto is None
            else {}
        )
        thresholds = {
            language: (
                calibrated[language][0] if options.suggest is None else options.suggest,
                calibrated[language][1] if options.auto is None else options.auto,
            )
            for language in LANGUAGES
        }
    else:
        fixed = (
            embedder.thresholds.suggest if options.suggest is None else options.suggest,
            embedder.thresholds.auto if options.auto is None else options.auto,
        )
        thresholds = {language: fixed for language in LANGUAGES}
    # Right answers come from the whole test set: a passage's other rows may lie past --limit.
    labelled = list(zip(test, passage_labels(test, options.multi_label), strict=True))
    if options.limit is not None:
        labelled = labelled[: options.limit]
    by_language: dict[str, Any] = {}
    for language in LANGUAGES:
        queries = [case for case, _ in labelled if case.texts.get(language)]
        golds = [gold for case, gold in labelled if case.texts.get(language)]
        rankings: list[Ranking] = []
        batches = range(0, len(queries), options.batch_size)
        for start in progress.track(batches, f"{language}: batches of {options.batch_size}"):
            batch = queries[start : start + options.batch_size]
            texts = [case.texts[language] for case in batch]
            if model is not None:
                rankings += classify_queries(texts, language, index, model, embedder, options)
            else:
                rankings += rank_queries(
                    texts, language, index, catalog, embedder, registry, options
                )
        suggest, auto = thresholds[language]
        metrics = language_metrics(
            rankings,
            [gold.narratives for gold in golds],
            [
                {catalog.id_of[sub] for sub in gold.subnarratives if sub in catalog.id_of}
                for gold in golds
            ],
            suggest,
            auto,
        )
        metrics["skipped_empty"] = len(labelled) - len(queries)
        metrics["suggest_threshold"] = _finite(suggest)
        metrics["auto_threshold"] = _finite(auto)
        by_language[language] = metrics
    return {"by_language": by_language}


def _finite(value: float) -> float | None:
    """A threshold for the JSON report: JSON has no infinity, so "never" is null."""
    return round(value, 4) if math.isfinite(value) else None


def format_table(report: Mapping[str, Any]) -> str:
    """The report as a plain-text table, one column per language."""
    languages = list(report["by_language"])
    keys = [*METRIC_KEYS, "queries", "auto_matches", "skipped_empty"]
    width = max(len(key) for key in keys)
    lines = [f"{'metric':<{width}}" + "".join(f"{lang:>9}" for lang in languages)]
    for key in keys:
        cells = []
        for language in languages:
            value = report["by_language"][language].get(key, "")
            cells.append(f"{value:>9.3f}" if isinstance(value, float) else f"{value!s:>9}")
        lines.append(f"{key:<{width}}" + "".join(cells))
    return "\n".join(lines)


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--train", required=True, help="VoxCheck directory: catalog source")
    parser.add_argument("--test", required=True, help="VoxCheck directory: queries")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("--limit", type=int, help="use only the first N test cases")
    parser.add_argument(
        "--cache-dir", help="embedding cache directory (default: ~/.cache/narrativewatch)"
    )
    parser.add_argument(
        "--suggest",
        type=float,
        help="no-match threshold: on the margin for matcher/knn (default: the embedder's), "
        "on the confidence for classifier (default: calibrated on folds of --train)",
    )
    parser.add_argument(
        "--auto",
        type=float,
        help="auto-match threshold: on the margin for matcher/knn (default: the embedder's), "
        "on the confidence for classifier (default: calibrated on folds of --train)",
    )
    parser.add_argument(
        "--single-label",
        action="store_true",
        help="score each case against its own labels only, even when the same passage is "
        "filed under other narratives too (default: any of the passage's labels is right)",
    )
    parser.add_argument(
        "--method",
        choices=METHODS,
        default=DEFAULT_METHOD,
        help=f"how sub-narratives are scored (default: {DEFAULT_METHOD}; docs/narrative-match.md)",
    )


def main(args: argparse.Namespace) -> int:
    """Run the evaluation the parsed arguments describe; 2 on unreadable input."""
    if args.limit is not None and args.limit < 1:
        print("narrativewatch: error: --limit: must be at least 1", file=sys.stderr)
        return 2
    try:
        train = load_voxcheck(args.train)
        test = load_voxcheck(args.test)
    except VoxCheckError as exc:
        print(f"narrativewatch: error: {exc}", file=sys.stderr)
        return 2
    if not train.cases:
        print(f"narrativewatch: error: {args.train}: no labelled cases", file=sys.stderr)
        return 2
    # The product's settings (NARRATIVEWATCH_* variables) choose the embedder, the cache and
    # any threshold overrides, so the evaluation measures what `analyze` would do.
    settings = Settings.load({"cache_dir": args.cache_dir})
    # The threshold settings are margins of the product's matcher; the classifier's
    # confidence is another scale, so for it only --suggest/--auto override calibration.
    margins = args.method != "classifier"
    options = MatchOptions(
        method=args.method,
        suggest=args.suggest
        if args.suggest is not None
        else (settings.suggest_threshold or None if margins else None),
        auto=args.auto
        if args.auto is not None
        else (settings.auto_threshold or None if margins else None),
        limit=args.limit,
        multi_label=not args.single_label,
    )
    report = evaluate(
        train.cases,
        test.cases,
        load_embedder(settings.embedder),
        load_registry(),
        options,
        cache_dir=settings.cache_dir or str(default_cache_dir()),
        progress=Progress(),
    )
    print(json.dumps(report, ensure_ascii=False) if args.json else format_table(report))
    return 0
