"""The bundled e5 with a low-rank adapter and a scoring head: one number per token sequence.

An adapter file that carries a head (``head.w``, ``head.b``; `matching.adapter`) turns the
embedder into a scorer: the mean-pooled last states of a sequence, times the head. The
cross-encoder reranker (`retrieval.rerank`) lays out a (query, passage) pair; the
fine-tuned check-worthiness model (`analysis.checkworthiness_e5`) one sentence. Both run
on the numpy and ONNX engines of the embedder, without PyTorch.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from narrativewatch.errors import ConfigError

if TYPE_CHECKING:
    from narrativewatch.matching.adapter import LowRankAdapter
    from narrativewatch.matching.e5_numpy import PooledE5

ENGINES = ("onnx", "numpy")


def adapted_engine(path: Path, engine: str, what: str) -> tuple[PooledE5, LowRankAdapter]:
    """The bundled e5 with the adapter file ``path`` on ``engine`` (``onnx`` or
    ``numpy``), and the adapter: (PooledE5, LowRankAdapter). ``what`` names the model in
    errors. Raises ConfigError for an unknown engine or a file that cannot be read or does
    not fit the model."""
    from narrativewatch.matching.adapter import load_adapter
    from narrativewatch.matching.e5_numpy import ModelFile, NumpyE5, bundled_model_file
    from narrativewatch.matching.e5_onnx import OnnxE5

    if engine not in ENGINES:
        raise ConfigError(f"unknown {what} engine {engine!r}: use 'onnx' or 'numpy'")
    model_file = bundled_model_file()
    header = ModelFile(model_file).header
    adapter = load_adapter(path, layers=header.layers, hidden=header.hidden, ffn=header.ffn)
    if engine == "onnx":
        return OnnxE5(model_file, adapter=adapter), adapter
    return NumpyE5(model_file, adapter=adapter), adapter


class ScoredE5:
    """``path``: an adapter file with a scoring head; ``engine``: ``onnx`` or ``numpy``.
    ``what`` names the model in errors ("reranker", "check-worthiness model"). Raises
    ConfigError naming the file when it cannot be read, does not fit the model or has no
    head."""

    def __init__(self, path: Path, engine: str = "onnx", what: str = "scorer") -> None:
        self._engine, adapter = adapted_engine(path, engine, what)
        if adapter.head is None:
            raise ConfigError(
                f"{path} has no scoring head: it is an embedder adapter, not a {what}"
            )
        self._weight, self._bias = adapter.head
        self.tokenizer: Any = self._engine.tokenizer
        self.adapter_id = adapter.adapter_id
        self.card: dict[str, Any] = adapter.card

    def score_segments(self, segments: list[list[int]]) -> np.ndarray:
        """One float32 score (the head's logit) per token sequence."""
        if not segments:
            return np.zeros(0, dtype=np.float32)
        pooled = self._engine.pooled_states(segments)
        return (pooled @ self._weight + np.float32(self._bias)).astype(np.float32)

    def sentence_segment(self, text: str, max_tokens: int, prefix: str = "query: ") -> list[int]:
        """``<s> prefix text </s>``, cut to ``max_tokens`` ids in all."""
        content = self.tokenizer.content_ids(prefix + text)[: max_tokens - 2]
        return [self.tokenizer.bos, *content, self.tokenizer.eos]
