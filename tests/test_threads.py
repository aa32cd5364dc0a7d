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
