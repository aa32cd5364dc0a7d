"""The approximate nearest-neighbour index (matching/ann.py) behind rank_claims at catalog
scale: a synthetic catalog of clustered random vectors, with the ANN threshold lowered so
that a few thousand rows use it."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.actors.registry import ActorRegistry, load_registry
from narrativewatch.matching.embedder import Thresholds, Vectors
from narrativewatch.matching.index import CatalogIndex, build_catalog_index
from narrativewatch.matching.matcher import LEXICAL_WEIGHT, rank_claims
from narrativewatch.model import Narrative, NarrativeStatement

DIM = 64
NARRATIVES = 30
STATEMENTS = 2
VARIANTS = 198  # 30 × 200 = 6,000 rows
ANN_MIN_ROWS = 1_000


class ClusteredEmbedder:
    """Texts "n<narrative> <anything>" land near their narrative's centre, at a random
    (but per-text deterministic) offset; a query is embedded the same way."""

    model_id = "test-clustered"
    dim = DIM
    thresholds = Thresholds(suggest=0.1, auto=0.2, relevant=0.05)

    def __init__(self) -> None:
        self.centres = np.random.default_rng(1).normal(size=(NARRATIVES, DIM))

    def _embed(self, texts: list[str]) -> Vectors:
        vectors = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            noise = np.random.default_rng(seed).normal(0, 0.08, DIM)
            vectors.append(self.centres[int(text.split()[0][1:])] / np.sqrt(DIM) + noise)
        matrix = np.array(vectors, dtype=np.float32).reshape(len(texts), DIM)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

    embed_queries = _embed
    embed_passages = _embed


def _narratives(edited: str | None = None) -> list[Narrative]:
    def statement(n: int, kind: str, i: int) -> NarrativeStatement:
        text = f"n{n} {kind} {i}"
        return NarrativeStatement("en", edited if edited and text == "n0 variant 0" else text)

    return [
        Narrative(
            id=f"n{n}",
            title=f"narrative {n}",
            summary="",
            category="test",
            risk="low",
            statements=tuple(statement(n, "statement", i) for i in range(STATEMENTS)),
            references=(),
            variants=tuple(statement(n, "variant", i) for i in range(VARIANTS)),
        )
        for n in range(NARRATIVES)
    ]


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return load_registry()


def _build(
    registry: ActorRegistry, ann_dir: Path | None, narratives: list[Narrative] | None = None
) -> CatalogIndex:
    return build_catalog_index(
        narratives or _narratives(),
        ClusteredEmbedder(),
        registry,
        ann_dir=ann_dir,
        ann_min_rows=ANN_MIN_ROWS,
    )


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def _files_of(index_path: Path) -> list[str]:
    return [f"{index_path.stem}.representatives.npy", index_path.name]


def test_ann_ranking_agrees_with_exact_search(registry: ActorRegistry, tmp_path: Path) -> None:
    approximate = _build(registry, tmp_path)
    assert approximate.ann is not None and len(approximate.rows) == 6_000
    exact = dataclasses.replace(approximate, ann=None)
    claims = [f"n{n % NARRATIVES} claim {n}" for n in range(120)]

    by_ann = rank_claims(claims, "en", approximate, ClusteredEmbedder(), registry)
    by_exact = rank_claims(claims, "en", exact, ClusteredEmbedder(), registry)

    # The exact path is the per-narrative maximum over every row of dense + lexical bonus.
    scores = (by_exact.query_vectors @ exact.vectors.T).astype(np.float64)
    for claim_index, claim in enumerate(claims):
        for row, value in exact.lexical.scores(claim, "en").items():
            scores[claim_index, row] += LEXICAL_WEIGHT * value
    for column, narrative_id in enumerate(exact.narrative_ids):
        best = scores[:, exact.rows_of(narrative_id)].max(axis=1)
        assert np.allclose(by_exact.by_narrative[:, column], best, atol=1e-5)
    top_ann = [c[0].narrative_id for c in by_ann.candidates]
    top_exact = [c[0].narrative_id for c in by_exact.candidates]
    assert top_exact == [claim.split()[0] for claim in claims]
    assert sum(a == e for a, e in zip(top_ann, top_exact, strict=True)) >= 0.95 * len(claims)
    # Near narratives are scored exactly, far ones no higher than exactly: the margin of
    # the best candidate moves by a small fraction of itself.
    assert np.all(by_ann.by_narrative <= by_exact.by_narrative + 1e-6)
    margins_ann = np.array([c[0].margin for c in by_ann.candidates])
    margins_exact = np.array([c[0].margin for c in by_exact.candidates])
    assert np.median(np.abs(margins_ann - margins_exact) / margins_exact) < 0.05


def test_small_catalog_has_no_ann(registry: ActorRegistry, tmp_path: Path) -> None:
    narratives = _narratives()[:4]  # 800 rows
    index = _build(registry, tmp_path / "ann", narratives)
    assert index.ann is None
    assert not (tmp_path / "ann").exists()


def test_ann_file_is_reloaded_not_rebuilt(registry: ActorRegistry, tmp_path: Path) -> None:
    first = _build(registry, tmp_path)
    assert first.ann is not None and first.ann.built
    assert _files(tmp_path) == _files_of(first.ann.path)
    written = first.ann.path.stat().st_mtime_ns

    second = _build(registry, tmp_path)
    assert second.ann is not None and not second.ann.built
    assert second.ann.path == first.ann.path
    assert second.ann.path.stat().st_mtime_ns == written
    claims = ["n3 claim", "n17 claim"]
    embedder = ClusteredEmbedder()
    assert (
        rank_claims(claims, "en", first, embedder, registry).candidates
        == rank_claims(claims, "en", second, embedder, registry).candidates
    )


def test_changed_catalog_rebuilds_the_ann(registry: ActorRegistry, tmp_path: Path) -> None:
    first = _build(registry, tmp_path)
    edited = _build(registry, tmp_path, _narratives(edited="n0 variant zero"))
    assert first.ann is not None and edited.ann is not None
    assert edited.ann.built and edited.ann.path != first.ann.path
    assert _files(tmp_path) == _files_of(edited.ann.path)  # the old ones went


def test_corrupt_ann_file_is_rebuilt(
    registry: ActorRegistry, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = _build(registry, tmp_path)
    assert first.ann is not None
    good = first.ann.path.read_bytes()
    for damage in (b"not an index" * 100, good[: len(good) // 2]):
        first.ann.path.write_bytes(damage)
        with caplog.at_level(logging.INFO, logger="narrativewatch.matching.ann"):
            rebuilt = _build(registry, tmp_path)
        assert rebuilt.ann is not None and rebuilt.ann.built
        assert "rebuilding the ANN index" in caplog.text
        assert rank_claims(["n5 claim"], "en", rebuilt, ClusteredEmbedder(), registry).candidates
        caplog.clear()
    reloaded = _build(registry, tmp_path)
    assert reloaded.ann is not None and not reloaded.ann.built

    # Damaged representative rows are recomputed; the index itself is kept.
    representatives = tmp_path / _files_of(reloaded.ann.path)[0]
    representatives.write_bytes(b"junk")
    with caplog.at_level(logging.INFO, logger="narrativewatch.matching.ann"):
        repaired = _build(registry, tmp_path)
    assert repaired.ann is not None and not repaired.ann.built
    assert "recomputing the representative rows" in caplog.text
    assert np.array_equal(repaired.ann.representatives, reloaded.ann.representatives)
    assert np.load(representatives).tolist() == reloaded.ann.representatives.tolist()


def test_unwritable_ann_directory_keeps_the_index_in_memory(
    registry: ActorRegistry, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    index = _build(registry, blocked / "ann")
    assert index.ann is not None and index.ann.built
    assert rank_claims(["n5 claim"], "en", index, ClusteredEmbedder(), registry).candidates
