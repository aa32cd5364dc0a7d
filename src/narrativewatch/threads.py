"""Native thread pools for a CPU-bound pipeline of small computations.

The pipeline multiplies a few claim vectors by a few hundred catalog rows at a time. With
OpenBLAS's default of one thread per core, each such product wakes threads that then wait
for a core as soon as anything else runs: measured under load, a USE margin took 15.6 ms
instead of 0.15 ms with one thread (docs/performance.md). Throughput comes from worker
processes, one per core, instead.

The embedder is the exception: a claim's transformer pass is compute-bound and splits
well over cores, so outside a worker process it gets every core (`embedder_threads`). With
BLAS on one thread, nothing else spins on them between calls: measured, a short claim
embeds in p95 16.2 ms on two threads with one BLAS thread, 42.5 ms when OpenBLAS's
two threads had just run a product (docs/performance.md).
"""

from __future__ import annotations

import os

# Set by a user who chose a thread count for BLAS: then it is theirs.
_USER_CHOICES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")
_limited = False


def limit_blas_threads() -> None:
    """Run numpy's BLAS on one thread in this process, unless the user set a count."""
    global _limited
    if _limited or any(name in os.environ for name in _USER_CHOICES):
        return
    one_blas_thread()
    _limited = True


def one_blas_thread() -> None:
    """Run numpy's BLAS on one thread in this process, whatever the environment says.

    For worker processes: their environment variables are set by the parent, but numpy
    may have been imported (and its OpenBLAS started with one thread per core) before
    they were, while the worker unpickled its arguments — and then the variable alone
    does nothing.
    """
    # threadpoolctl limits the libraries loaded *now*: numpy (and its OpenBLAS) must be
    # loaded first, or a call made before any numpy import would limit nothing.
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def embedder_threads() -> int:
    """Threads for the embedder's compute pool: ``OMP_NUM_THREADS`` when set (worker
    processes set it to 1, the workers being the parallelism), else every core this
    process may run on."""
    chosen = os.environ.get("OMP_NUM_THREADS", "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
