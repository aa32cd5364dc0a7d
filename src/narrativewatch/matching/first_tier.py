"""Which claims are worth embedding with e5: the first tier's verdict.

Two cheap signals, each weak alone, are added up:

- the claim's **static margin** (`matching.static`): similarity to the closest statement of
  the best narrative minus its median over all narratives, in the space of word vectors
  distilled from e5, over the catalog rows in the claim's own language (every built-in
  narrative has statements in en, ru and uk; a narrative without any in that language is
  compared on all its rows);
- its **lexical overlap**: the largest IDF-weighted share of a same-language statement's
  stemmed words found in the claim (`matching.lexical`, computed anyway for the ranking).

    tier score = overlap / lexical_scale + static margin / static_scale

Both scales (the signals' spread) and the threshold are calibrated per language so that
the tier keeps 98% of the sentences e5 would suggest a match for, on the calibration half
(benchmarks/calibrate_matching.py; measured in docs/performance.md). Measured there: the
sum passes far fewer unrelated sentences than either signal alone at the same recall.

The tier never decides a match: it only spares e5 the sentences that plainly carry no
narrative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from narrativewatch.matching.index import CatalogIndex
from narrativewatch.matching.static import StaticEmbedder


@dataclass(frozen=True, slots=True)
class TierThreshold:
    """One language's calibration: the signals' scales and the smallest passing score."""

    lexical_scale: float
    static_scale: float
    threshold: float

    def score(self, overlap: float, static_margin: float) -> float:
        return overlap / self.lexical_scale + static_margin / self.static_scale


@dataclass(frozen=True)
class FirstTier:
    static: StaticEmbedder
    thresholds: Mapping[str, TierThreshold]
    n_narratives: int
    # Per language: the row vectors sorted by narrative column and where each column starts.
    _rows: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]]

    def margins(self, texts: Sequence[str], language: str) -> np.ndarray:
        """The static margin of each text (0 for a text without a known word)."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        vectors = self.static.embed(list(texts), language)
        matrix, starts, columns = self._rows.get(language) or self._rows["*"]
        scores = vectors @ matrix.T
        per_narrative = np.full((len(texts), self.n_narratives), 0.0, dtype=np.float32)
        per_narrative[:, columns] = np.maximum.reduceat(scores, starts, axis=1)
        margins = per_narrative.max(axis=1) - np.median(per_narrative, axis=1)
        margins[~vectors.any(axis=1)] = 0.0
        return margins

    def passes(self, texts: Sequence[str], overlaps: Sequence[float], language: str) -> list[bool]:
        """Whether each text (with its lexical overlap) is worth embedding."""
        calibration = self.thresholds.get(language)
        if calibration is None:  # not calibrated for this language: let e5 decide
            return [True] * len(texts)
        margins = self.margins(texts, language)
        return [
            calibration.score(overlap, float(margin)) >= calibration.threshold
            for overlap, margin in zip(overlaps, margins, strict=True)
        ]


def build_first_tier(
    index: CatalogIndex, static: StaticEmbedder, thresholds: Mapping[str, TierThreshold]
) -> FirstTier:
    """Embed every catalog row with the static vectors (in its own language) and group
    them per language and narrative."""
    n = len(index.narrative_ids)
    vectors = np.vstack(
        [static.embed([row.text], row.language) for row in index.rows]
        or [np.zeros((0, static.dim), dtype=np.float32)]
    )
    languages = np.array([row.language for row in index.rows])
    grouped: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for language in [*sorted(set(languages.tolist())), "*"]:
        chosen = (
            np.arange(len(index.rows)) if language == "*" else np.flatnonzero(languages == language)
        )
        # A narrative with no row in this language keeps all its rows.
        covered = set(index.row_narrative[chosen].tolist())
        missing = np.flatnonzero(~np.isin(index.row_narrative, list(covered)))
        chosen = np.concatenate([chosen, missing]) if language != "*" else chosen
        if not len(chosen):
            continue
        order = chosen[np.argsort(index.row_narrative[chosen], kind="stable")]
        columns_of_rows = index.row_narrative[order]
        starts = np.flatnonzero(np.r_[True, columns_of_rows[1:] != columns_of_rows[:-1]])
        grouped[language] = (vectors[order], starts, columns_of_rows[starts])
    return FirstTier(static, dict(thresholds), n, grouped)
