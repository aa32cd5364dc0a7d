"""Approximate nearest-neighbour search over the catalog's statement and variant vectors,
persisted as one file beside the store.

Exact search is one matrix product over every row: ~6 ms per claim at 100,000 rows on the
development machine, and growing with the catalog. An HNSW graph (usearch) finds the 200
nearest rows in under a millisecond at that size, and `matching.matcher.rank_claims` then
scores those rows exactly. Below `ANN_MIN_ROWS` rows the exact product is fast enough
(0.1 ms for the bundled catalog's ~1,000 rows) and gives identical results, so no index
is built.

Why usearch: a single-file index that can be *viewed* (memory-mapped, loaded in
milliseconds, pages shared between worker processes), half-precision storage (100,000 ×
384 vectors take 92 MB on disk instead of 168), a wheel for every platform with no system
library, Apache-2.0. hnswlib has no memory-mapped load (its file is read into the heap),
faiss-cpu is a ~30 MB wheel whose HNSW variant has neither, and sqlite-vec (inside the
SQLite store, which is tempting) only does brute-force search so far.

The file is named by a fingerprint of the embedding model, the index parameters and every
row's text in order (rows are the index keys), so an edited catalog, a learnt variant or
another model gets a new file; a missing, unreadable or inconsistent file is rebuilt, with
a logged note, never an error.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from usearch.index import Index

logger = logging.getLogger(__name__)

# The bundled catalog (~1,000 rows) and anything up to this size use exact search: it
# costs ~1.5 ms per claim at 20,000 rows, and exact is exact.
ANN_MIN_ROWS = 20_000

# HNSW parameters. f16 halves the file and memory against f32 with no measurable loss of
# recall (scores are recomputed exactly from the float32 vectors anyway); connectivity 16
# and expansion_add 64 build 100,000 rows in 4 s (25 s on a very busy machine), with a
# recall@10 of 0.99 for claims close to a catalog row and 0.88 for unrelated news
# (benchmarks/match_latency.py); expansion_search must be at least the number of rows
# asked for (`rank_claims` asks 200).
_DTYPE = "f16"
_CONNECTIVITY = 16
_EXPANSION_ADD = 64
_EXPANSION_SEARCH = 256
# Statements plus this many variants per narrative are scored exactly for every claim, so
# that every narrative's score (and so the median background) is close to its best row's:
# in the 100,000-row benchmark the background moves by 0.037 with none, 0.011 with 16,
# 0.006 with 48 and 0.002 with 128 representatives, for 0.1–0.5 ms more per claim.
REPRESENTATIVES_PER_NARRATIVE = 64
_FORMAT = (
    f"usearch-hnsw-ip-{_DTYPE}-m{_CONNECTIVITY}-ea{_EXPANSION_ADD}"
    f"-r{REPRESENTATIVES_PER_NARRATIVE}-v2"
)


@dataclass
class AnnIndex:
    """A loaded (or freshly built) HNSW index whose keys are catalog row numbers, and the
    rows that stand for each narrative (its statements and up to
    `REPRESENTATIVES_PER_NARRATIVE` of its most spread-out variants) with their vectors."""

    path: Path
    index: Index
    built: bool  # True when this process built the file, False when it was loaded
    representatives: np.ndarray  # row numbers, sorted
    representative_vectors: np.ndarray  # their vectors, contiguous (one product per claim)

    def search(self, query: np.ndarray, count: int) -> np.ndarray:
        """Row numbers of (about) the ``count`` rows nearest to one L2-normalised
        ``query`` vector, nearest first."""
        matches = self.index.search(query.astype(np.float32), count, threads=1)
        return np.asarray(matches.keys, dtype=np.int64)


def fingerprint(
    model_id: str, texts: Sequence[str], row_narrative: np.ndarray, is_statement: np.ndarray
) -> str:
    """A short hash of everything that decides the index's content: the model, the index
    parameters, every row's text, narrative and kind, in order."""
    digest = hashlib.sha256(f"{_FORMAT}\0{model_id}\0{len(texts)}".encode())
    digest.update(np.ascontiguousarray(row_narrative, dtype=np.int64).tobytes())
    digest.update(np.ascontiguousarray(is_statement, dtype=np.bool_).tobytes())
    for text in texts:
        digest.update(b"\0")
        digest.update(text.encode("utf-8"))
    return digest.hexdigest()[:24]


def load_or_build_ann(
    vectors: np.ndarray,
    texts: Sequence[str],
    row_narrative: np.ndarray,
    is_statement: np.ndarray,
    model_id: str,
    directory: str | Path,
) -> AnnIndex:
    """The index of ``vectors`` (one L2-normalised row per catalog row; ``texts`` their
    statements, ``row_narrative`` their narrative columns, ``is_statement`` false for
    variants), memory-mapped from ``directory`` if files for the same fingerprint are there
    and sound, otherwise built and saved there (and files of other fingerprints removed).

    Never raises for a bad or unwritable file: the index is then rebuilt, and kept in
    memory only if it cannot be saved.
    """
    directory = Path(directory)
    key = fingerprint(model_id, texts, row_narrative, is_statement)
    path = directory / f"{key}.usearch"
    chosen_path = directory / f"{key}.representatives.npy"
    index = _load(path, vectors) if path.exists() else None
    built = index is None
    if index is None:
        index = _build(vectors)
        if _save(directory, path, index.save):
            # Served from the file from now on: the pages are the OS's, not this heap's.
            index = _load(path, vectors) or index
    representatives = _load_representatives(chosen_path, len(vectors)) if not built else None
    if representatives is None:
        representatives = representative_rows(
            vectors, row_narrative, is_statement, REPRESENTATIVES_PER_NARRATIVE
        )
        _save(directory, chosen_path, partial(_write_rows, representatives))
    if built:
        _remove_other_fingerprints(directory, key)
    return AnnIndex(
        path,
        index,
        built,
        representatives,
        np.ascontiguousarray(vectors[representatives], dtype=np.float32),
    )


def representative_rows(
    vectors: np.ndarray,
    row_narrative: np.ndarray,
    is_statement: np.ndarray,
    per_narrative: int = REPRESENTATIVES_PER_NARRATIVE,
) -> np.ndarray:
    """Per narrative, its statements and then, greedily, up to ``per_narrative`` of its
    rows farthest from those already chosen (farthest-point sampling), so that the chosen
    rows cover the narrative's variants: the best of them is close to the best of all its
    rows for any claim. Returns sorted row numbers."""
    if not len(row_narrative):
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(row_narrative, kind="stable")
    grouped = row_narrative[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    ends = np.r_[starts[1:], len(order)]
    chosen: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for start, end in zip(starts, ends, strict=True):
        rows = order[start:end]
        seeds = rows[is_statement[rows]]
        seeds = seeds if len(seeds) else rows[:1]
        chosen.append(seeds)
        group = vectors[rows]
        closest = (group @ vectors[seeds].T).max(axis=1)
        for _ in range(min(per_narrative, len(rows) - len(seeds))):
            farthest = int(np.argmin(closest))
            if closest[farthest] > 0.999:  # every row is (nearly) one already chosen
                break
            chosen.append(rows[farthest : farthest + 1])
            closest = np.maximum(closest, group @ group[farthest])
    return np.unique(np.concatenate(chosen)).astype(np.int64)


def _save(directory: Path, path: Path, write: Callable[[str], object]) -> bool:
    """Write through a temporary file, so that a reader never sees half a file; False
    (with a logged note) when the directory is not writable."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        write(str(temporary))
        os.replace(temporary, path)
    except (OSError, RuntimeError) as exc:
        logger.info("cannot save %s (%s): kept in memory only", path, exc)
        return False
    return True


def _remove_other_fingerprints(directory: Path, key: str) -> None:
    """Files of an older catalog or model, which nothing will load again. A process still
    viewing one keeps its pages (unlink, not truncate)."""
    try:
        for stale in directory.iterdir():
            if not stale.name.startswith(key) and stale.suffix in {".usearch", ".npy"}:
                stale.unlink(missing_ok=True)
    except OSError as exc:
        logger.info("cannot remove old ANN files in %s: %s", directory, exc)


def _write_rows(rows: np.ndarray, target: str) -> None:
    with open(target, "wb") as file:
        np.save(file, rows, allow_pickle=False)


def _load_representatives(path: Path, n_rows: int) -> np.ndarray | None:
    try:
        rows = np.load(path, allow_pickle=False)
        if rows.ndim != 1 or rows.dtype.kind not in "iu" or not len(rows):
            raise ValueError("not a list of rows")
        if rows[0] < 0 or rows[-1] >= n_rows or np.any(np.diff(rows) <= 0):
            raise ValueError("rows out of range or unsorted")
    except (OSError, ValueError, EOFError) as exc:
        logger.info("recomputing the representative rows %s: %s", path, exc)
        return None
    return rows.astype(np.int64)


def _usearch() -> Any:
    """usearch, imported only when a catalog is large enough to need it: it brings its own
    OpenMP runtime, and a second OpenMP runtime in the process measurably slowed the
    embedder (2.7x on batches of five sentences). Both read OMP_NUM_THREADS when they load;
    the embedder sets it (matching/embedder.py)."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from usearch import index

    return index


def _build(vectors: np.ndarray) -> Index:
    index = _usearch().Index(
        ndim=vectors.shape[1],
        metric="ip",
        dtype=_DTYPE,
        connectivity=_CONNECTIVITY,
        expansion_add=_EXPANSION_ADD,
        expansion_search=_EXPANSION_SEARCH,
    )
    index.add(np.arange(len(vectors), dtype=np.uint64), vectors.astype(np.float32))
    return index


def _load(path: Path, vectors: np.ndarray) -> Index | None:
    """The viewed index at ``path``, or None (with a logged note) when it is unreadable or
    does not hold ``vectors``: wrong size or dimension, or sample rows that differ."""
    try:
        index = _usearch().Index.restore(
            str(path), view=True, connectivity=_CONNECTIVITY, expansion_search=_EXPANSION_SEARCH
        )
        if index is None:
            raise ValueError("not a usearch index")
        if index.size != len(vectors) or index.ndim != vectors.shape[1]:
            raise ValueError(f"{index.size} × {index.ndim} vectors, expected {vectors.shape}")
        for row in {0, len(vectors) // 2, len(vectors) - 1}:
            stored = index.get(row)
            # f16 keeps ~3 significant digits of each component
            if not isinstance(stored, np.ndarray) or not np.allclose(
                stored, vectors[row], atol=2e-3
            ):
                raise ValueError(f"row {row} holds another vector")
    except (ValueError, RuntimeError, OSError) as exc:
        logger.info("rebuilding the ANN index %s: %s", path, exc)
        return None
    return index
