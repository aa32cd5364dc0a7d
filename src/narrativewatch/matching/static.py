"""The fast first tier: static word vectors distilled from the bundled e5.

Embedding a sentence with e5 costs ~13 ms on this machine; most sentences of a news stream
carry no catalog narrative at all. The first tier decides, in microseconds, which sentences
are worth that cost.

How the vectors were made (`tools/build_static_embedding.py`, the model2vec idea applied
to words): the 25,000 most frequent words of each of en, ru and uk (wordfreq lists) were
each embedded alone by e5 ("query: <word>"), reduced by PCA and stored as 8-bit integers
with one scale per word. A text's vector is the weighted mean of its words' vectors —
frequent words weigh less (SIF weights, a / (a + p(word))) — minus the corpus' common
direction, normalised. Because every word vector comes from the same multilingual model,
"войска", "війська" and "troops" land close together: the tier is as cross-lingual as e5,
if much blunter. A word outside the vocabulary is looked up by its stem (Snowball en/ru,
the light Ukrainian stemmer), so an inflected form finds its frequent sibling.

The tier is only a filter: a sentence it passes is scored by e5 exactly as before; its
threshold is calibrated so that it keeps the sentences e5 would match
(benchmarks/calibrate_matching.py, docs/performance.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from narrativewatch.analysis.tokens import fold
from narrativewatch.matching.lexical import stem_word

STATIC_FILE = Path(__file__).parent / "data" / "e5-static-v1.npz"
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class StaticEmbedder:
    """Word vectors and weights; ``embed`` turns texts into L2-normalised vectors."""

    model_id: str
    words: dict[str, int]  # folded word -> row
    stems: dict[str, int]  # "<language>:<stem>" -> row of the stem's most frequent word
    vectors: np.ndarray  # rows × dim, float32
    weights: np.ndarray  # rows, float32 (SIF)
    common: np.ndarray  # dim: the direction shared by all texts, removed

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def rows_of(self, text: str, language: str | None) -> list[int]:
        """The vocabulary row of each word of ``text`` that has one."""
        rows = []
        for raw in _WORD.findall(text):
            word = fold(raw)
            row = self.words.get(word)
            if row is None and language is not None:
                row = self.stems.get(f"{language}:{stem_word(word, language)}")
            if row is not None:
                rows.append(row)
        return rows

    def embed(self, texts: list[str], language: str | None) -> np.ndarray:
        """One L2-normalised vector per text (zeros for a text with no known word)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            rows = self.rows_of(text, language)
            if not rows:
                continue
            weights = self.weights[rows]
            vector = weights @ self.vectors[rows] / weights.sum()
            vector -= (vector @ self.common) * self.common
            norm = float(np.linalg.norm(vector))
            if norm > 0:
                out[i] = vector / norm
        return out


def save_static(
    path: Path,
    model_id: str,
    words: list[str],
    stems: dict[str, int],
    vectors: np.ndarray,
    weights: np.ndarray,
    common: np.ndarray,
) -> None:
    """Store vectors as int8 with a scale per row (a quarter of float32's size; the
    cosine changes by < 0.01)."""
    scales = np.abs(vectors).max(axis=1, keepdims=True) / 127.0
    scales[scales == 0] = 1.0
    quantised = np.round(vectors / scales).astype(np.int8)
    stem_keys = list(stems)
    np.savez_compressed(
        path,
        model_id=np.array(model_id),
        words=np.array("\n".join(words)),
        stem_keys=np.array("\n".join(stem_keys)),
        stem_rows=np.array([stems[k] for k in stem_keys], dtype=np.int32),
        vectors=quantised,
        scales=scales.astype(np.float32),
        weights=weights.astype(np.float32),
        common=common.astype(np.float32),
    )


@cache
def load_static(path: Path = STATIC_FILE) -> StaticEmbedder:
    """Load (once per process) the static vectors shipped with the package."""
    with np.load(path) as data:
        words = str(data["words"]).split("\n")
        stem_keys = str(data["stem_keys"]).split("\n") if str(data["stem_keys"]) else []
        vectors = data["vectors"].astype(np.float32) * data["scales"]
        return StaticEmbedder(
            model_id=str(data["model_id"]),
            words={w: i for i, w in enumerate(words)},
            stems=dict(zip(stem_keys, data["stem_rows"].tolist(), strict=True)),
            vectors=vectors,
            weights=data["weights"].astype(np.float32),
            common=data["common"].astype(np.float32),
        )
