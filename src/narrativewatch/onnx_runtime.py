"""What the project's two in-memory ONNX graphs share: writing them, and running them in
sessions made lazily, once per process.

The graphs (e5 in `matching/e5_onnx.py`, USE in `retrieval/use_onnx.py`) are written
from the models' own weight files when the embedders load (`GraphWriter`), and run in
worker processes forked from a parent that may already have run them. A session's thread
pool does not survive a fork, so a child must make its own session and must not destroy
the one it inherited (`_abandon`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from narrativewatch.threads import embedder_threads

_OPSET = 20  # LayerNormalization (17), Split with num_outputs (18)
_IR_VERSION = 10  # what onnxruntime 1.17+ reads; newer onnx packages default higher


class GraphWriter:
    """Nodes and weights of a graph being written, then the serialised model."""

    def __init__(self) -> None:
        self.nodes: list[Any] = []
        self.weights: list[Any] = []

    def constant(self, name: str, value: np.ndarray) -> str:
        """A weight named ``name``; returns the name, for use as a node input."""
        from onnx import numpy_helper

        self.weights.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(
        self, op: str, inputs: list[str], output: str, domain: str = "", **attributes: Any
    ) -> str:
        """One operator with one output; returns the output's name."""
        from onnx import helper

        self.nodes.append(helper.make_node(op, inputs, [output], domain=domain, **attributes))
        return output

    def model(self, name: str, inputs: list[Any], outputs: list[Any]) -> bytes:
        """The serialised model (standard operators and ONNX Runtime's ``com.microsoft``)."""
        from onnx import helper

        model = helper.make_model(
            helper.make_graph(self.nodes, name, inputs, outputs, self.weights),
            opset_imports=[
                helper.make_opsetid("", _OPSET),
                helper.make_opsetid("com.microsoft", 1),
            ],
        )
        model.ir_version = _IR_VERSION
        return bytes(model.SerializeToString())


class ProcessSessions:
    """One session per graph kind, made on first use in each process.

    ``threads``: ONNX Runtime's intra-op threads; by default
    `narrativewatch.threads.embedder_threads` when the first session is made (one in a
    worker process, every core otherwise). ``spinning``: whether the pool's threads
    busy-wait for the next call; off where numpy works between calls, which they would
    compete with for the cores.
    """

    def __init__(
        self,
        threads: int | None = None,
        disabled_optimizers: Sequence[str] = (),
        spinning: bool = True,
    ) -> None:
        self._threads = threads
        self._disabled_optimizers = list(disabled_optimizers)
        self._spinning = spinning
        self._sessions: dict[str, Any] = {}
        self._pid = -1

    def get(self, kind: str, graph: bytes) -> Any:
        """This process's session for ``kind``, made from ``graph`` if there is none yet."""
        if self._pid != os.getpid():
            for session in self._sessions.values():
                _abandon(session)
            self._sessions = {}
            self._pid = os.getpid()
        if kind not in self._sessions:
            import onnxruntime

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self._threads or embedder_threads()
            options.inter_op_num_threads = 1
            options.log_severity_level = 3  # errors only: not the optimiser's notes
            if not self._spinning:
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self._sessions[kind] = onnxruntime.InferenceSession(
                graph,
                options,
                providers=["CPUExecutionProvider"],
                disabled_optimizers=self._disabled_optimizers,
            )
        return self._sessions[kind]


def _abandon(session: Any) -> None:
    """Keep a session made before this process was forked alive, unused, for good.

    Its thread pool's threads stayed in the parent; destroying it here would join them
    and wait forever (seen: forked workers hung in ``pthread_join``). A reference taken
    with ``Py_IncRef`` is never given back, so not even the interpreter's shutdown frees
    it. It costs no memory of its own: its pages are the parent's, shared until written.
    """
    import ctypes

    ctypes.pythonapi.Py_IncRef(ctypes.py_object(session))
