"""Near-duplicate detection by MinHash over word shingles, with LSH band keys.

Pure functions: the store keeps each document's signature and band keys, looks candidates
up by band key (an indexed column, so O(1) per band) and confirms them with
``signature_similarity``.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

# Estimated Jaccard similarity of the 5-word shingle sets. One changed word breaks up to
# five shingles: a 180-word article republished with a byline, two words changed and a
# "Read more" line keeps about 0.86 (tests/test_dedupe.py); a different outlet's report of
# the same event shares names and facts but almost no five-word runs and scores near 0.
# Cutting or rewriting whole sentences drops a copy below 0.8 (about 0.76 for one new
# sentence, two changed words and one sentence cut), which we count as a new version.
NEAR_DUPLICATE_THRESHOLD = 0.8

SHINGLE_SIZE = 5
NUM_PERM = 128
SEED = 1
# 32 bands of 4 rows: a pair at Jaccard 0.8 shares a band with probability
# 1 - (1 - 0.8**4)**32 ≈ 0.99999995, a pair at 0.3 with probability ≈ 0.23, so candidates
# are cheap to confirm and true near-duplicates are practically never missed.
BANDS = 32

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE_SIZE) -> set[str]:
    """The set of ``k``-word shingles of ``text`` (lowercased word tokens joined by a space).

    A text shorter than ``k`` words gives one shingle of all its words; a text without
    words gives the empty set. Raises ``ValueError`` for ``k < 1``.
    """
    if k < 1:
        raise ValueError(f"shingle size must be at least 1, got {k}")
    tokens = _WORD.findall(text.lower())
    if not tokens:
        return set()
    if len(tokens) < k:
        return {" ".join(tokens)}
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def minhash_signature(text: str, num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """The MinHash signature (``num_perm`` uint64 values) of the text's 5-word shingles.

    Deterministic for a given ``seed``: signatures computed in different processes or
    years compare. A text without words gets the signature of the empty set.
    """
    minhash = MinHash(num_perm=num_perm, seed=seed)
    minhash.update_batch([shingle.encode("utf-8") for shingle in sorted(shingles(text))])
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def signature_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The share of equal slots of two signatures: an estimate of their Jaccard similarity.

    Raises ``ValueError`` if the signatures differ in length.
    """
    if a.shape != b.shape:
        raise ValueError(f"signatures differ in shape: {a.shape} and {b.shape}")
    if a.size == 0:
        raise ValueError("empty signatures")
    return float(np.count_nonzero(a == b)) / a.size


def lsh_band_keys(signature: np.ndarray, bands: int = BANDS) -> list[str]:
    """One key per LSH band: ``"<band index>:<hex digest of the band's bytes>"``.

    Two documents that share any key are near-duplicate candidates. Raises ``ValueError``
    when the signature length is not a multiple of ``bands``.
    """
    if bands < 1 or signature.size % bands:
        raise ValueError(f"a signature of {signature.size} values cannot form {bands} bands")
    rows = signature.size // bands
    # Little-endian bytes, so the keys are the same on every machine.
    values = np.asarray(signature, dtype="<u8")
    keys = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        keys.append(f"{band}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return keys
