"""The pipeline runs numpy's BLAS on one thread unless the user chose otherwise."""

from __future__ import annotations

import os

import pytest
from threadpoolctl import threadpool_info

from narrativewatch.pipeline import Pipeline


def test_loading_the_pipeline_leaves_one_blas_thread(pipeline: Pipeline) -> None:
    if "OPENBLAS_NUM_THREADS" in os.environ or "MKL_NUM_THREADS" in os.environ:
        pytest.skip("the user chose a BLAS thread count")
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas, "numpy has no BLAS thread pool to limit"
    assert all(pool["num_threads"] == 1 for pool in blas)


def test_a_worker_process_runs_one_blas_thread(settings, pipeline: Pipeline) -> None:
    """Workers get the thread variables from their parent only after numpy may already be
    loaded (while unpickling their arguments), so the limit must be applied explicitly:
    with two BLAS threads in each of two workers on two cores, the embedder's products
    ran 2.5x slower (docs/performance.md)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        1,
        mp_context=context,
        initializer=_start_worker_after_numpy,
        initargs=(settings, pipeline.catalog, frozenset()),
    ) as pool:
        threads = pool.submit(_blas_threads).result(timeout=300)
    assert threads and all(count == 1 for count in threads)


def _start_worker_after_numpy(*args: object) -> None:
    # As in a worker of `narrativewatch ingest` or a benchmark: the parent's main module,
    # re-imported by the spawned process before the initializer runs, loads numpy.
    import numpy  # noqa: F401

    from narrativewatch import workers

    workers._start_worker(*args)  # type: ignore[arg-type]


def _blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
