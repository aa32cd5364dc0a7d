"""Which claims are worth embedding with e5: the first tier's verdict.

Two cheap signals, each weak alone, are added up:

- the claim's **static margin** (`matching.static`): similarity to the closest statement of
  the best narrative minus its median over the background narratives (as e5's margin:
  `CatalogIndex.background`), in the space of word vectors
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

In the languages where it is calibrated (English: USE has no Ukrainian, and in Russian it
lost too many of e5's suggestions on held-out data), a claim the sum passes then meets a
second, sharper test: the same sum plus its **USE margin** (the static margin's analogue
with USE sentence vectors, ~2 ms per claim against e5's ~30 ms), with its own calibrated
scale and threshold. It passes a fraction of the unrelated sentences the first test lets
through.

The tier never decides a match: it only spares e5 the sentences that plainly carry no
narrative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from narrativewatch.matching.embedder import Embedder
from narrativewatch.matching.index import CatalogIndex, VectorCache
from narrativewatch.matching.static import StaticEmbedder

# Per language (and "*" for all rows): the row vectors sorted by narrative column, where
# each column starts, and which narrative column each run of rows belongs to.
GroupedRows = Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]]


@dataclass(frozen=True, slots=True)
class TierThreshold:
    """One language's calibration: the signals' scales and the smallest passing score."""

    lexical_scale: float
    static_scale: float
    threshold: float

    def score(self, overlap: float, static_margin: float) -> float:
        return overlap / self.lexical_scale + static_margin / self.static_scale


@dataclass(frozen=True, slots=True)
class UseThreshold:
    """The USE test of one language: the first test's sum plus the scaled USE margin."""

    use_scale: float
    threshold: float


@dataclass(frozen=True)
class UseStage:
    """The USE test: its encoder, per-language thresholds and the catalog's USE rows."""

    encoder: Embedder
    thresholds: Mapping[str, UseThreshold]
    rows: GroupedRows


@dataclass(frozen=True)
class FirstTier:
    static: StaticEmbedder
    thresholds: Mapping[str, TierThreshold]
    n_narratives: int
    _rows: GroupedRows
    use: UseStage | None = None
    background_columns: np.ndarray | None = None  # as the catalog index's

    def margins(self, texts: Sequence[str], language: str) -> np.ndarray:
        """The static margin of each text (0 for a text without a known word)."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        vectors = self.static.embed(list(texts), language)
        margins = narrative_margins(
            vectors, self._rows, language, self.n_narratives, self.background_columns
        )
        margins[~vectors.any(axis=1)] = 0.0
        return margins

    def use_margins(self, texts: Sequence[str], language: str) -> np.ndarray:
        """The USE margin of each text (requires the USE stage)."""
        assert self.use is not None
        if not texts:
            return np.zeros(0, dtype=np.float32)
        # Passages, not queries: USE embeds both alike, and the check-worthiness classifier
        # has usually embedded these claims as passages already (a shared cache).
        vectors = self.use.encoder.embed_passages(list(texts))
        return narrative_margins(
            vectors, self.use.rows, language, self.n_narratives, self.background_columns
        )

    def passes(self, texts: Sequence[str], overlaps: Sequence[float], language: str) -> list[bool]:
        """Whether each text (with its lexical overlap) is worth embedding."""
        return self.verdicts(texts, overlaps, language)[1]

    def verdicts(
        self, texts: Sequence[str], overlaps: Sequence[float], language: str
    ) -> tuple[list[bool], list[bool]]:
        """Each text's verdict by the first test alone (the sum: looser, it keeps more of
        what e5 would suggest and passes ~5× more unrelated English sentences) and by the
        whole tier (`passes`), from one computation."""
        calibration = self.thresholds.get(language)
        if calibration is None:  # not calibrated for this language: let e5 decide
            return [True] * len(texts), [True] * len(texts)
        margins = self.margins(texts, language)
        sums = [
            calibration.score(overlap, float(margin))
            for overlap, margin in zip(overlaps, margins, strict=True)
        ]
        loose = [value >= calibration.threshold for value in sums]
        passed = list(loose)
        sharper = self.use.thresholds.get(language) if self.use is not None else None
        if sharper is None or not any(passed):
            return loose, passed
        chosen = [i for i, ok in enumerate(passed) if ok]
        use_margins = self.use_margins([texts[i] for i in chosen], language)
        for i, use_margin in zip(chosen, use_margins, strict=True):
            passed[i] = sums[i] + float(use_margin) / sharper.use_scale >= sharper.threshold
        return loose, passed


def narrative_margins(
    vectors: np.ndarray,
    rows: GroupedRows,
    language: str,
    n_narratives: int,
    background_columns: np.ndarray | None = None,
) -> np.ndarray:
    """Per text: its best narrative's similarity (closest row) minus the median over the
    background narratives (``background_columns``; None: all), against the rows of
    ``language`` (or all rows if it has none)."""
    matrix, starts, columns = rows.get(language) or rows["*"]
    scores = vectors @ matrix.T
    per_narrative = np.full((len(vectors), n_narratives), 0.0, dtype=np.float32)
    per_narrative[:, columns] = np.maximum.reduceat(scores, starts, axis=1)
    background = (
        per_narrative if background_columns is None else per_narrative[:, background_columns]
    )
    margins: np.ndarray = per_narrative.max(axis=1) - np.median(background, axis=1)
    return margins


def build_first_tier(
    index: CatalogIndex,
    static: StaticEmbedder,
    thresholds: Mapping[str, TierThreshold],
    use_encoder: Embedder | None = None,
    use_thresholds: Mapping[str, UseThreshold] | None = None,
    cache_dir: str | Path | None = None,
) -> FirstTier:
    """Embed every catalog row with the static vectors (in its own language), and with
    USE when a USE stage is asked for (cached in ``cache_dir``), and group them per
    language and narrative."""
    vectors = np.vstack(
        [static.embed([row.text], row.language) for row in index.rows]
        or [np.zeros((0, static.dim), dtype=np.float32)]
    )
    use = None
    if use_encoder is not None and use_thresholds:
        texts = [row.text for row in index.rows]
        use_vectors = (
            VectorCache(cache_dir, use_encoder.model_id).embed(texts, use_encoder)
            if cache_dir is not None
            else use_encoder.embed_passages(texts)
        )
        use = UseStage(use_encoder, dict(use_thresholds), group_rows(index, use_vectors))
    return FirstTier(
        static,
        dict(thresholds),
        len(index.narrative_ids),
        group_rows(index, vectors),
        use,
        index.background_columns,
    )


def group_rows(index: CatalogIndex, vectors: np.ndarray) -> GroupedRows:
    """The rows' ``vectors`` grouped per language and narrative (see `GroupedRows`)."""
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
    return grouped
