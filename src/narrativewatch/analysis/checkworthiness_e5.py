"""Check-worthiness by the fine-tuned e5: slower, and better at ranking, than the default.

The default model (`analysis.checkworthiness`) reads cheap features — USE, static vectors,
n-grams, surface cues — at ~1,000 sentences/s. This one is the bundled e5 with a low-rank
adapter and a logistic head, fine-tuned end to end on the CheckThat! 2024 Task 1 English
training split by ``narrativewatch train checkworthiness-e5``: it reads the whole sentence
with the transformer, at ~100 sentences/s on this two-core machine
(docs/checkworthiness.md). Use it where sentences are few and the answer matters — an
analyst's queue, a small high-stakes stream (setting ``checkworthiness_model = "e5"``) —
not on a whole news stream.

The head is trained on English only; Russian and Ukrainian rest on e5's multilingual
vectors, with the English threshold (the limits are measured in docs/checkworthiness.md).
Meets `analysis.checkworthiness.CheckworthinessScorer`: ``scores``, ``threshold``,
``is_checkworthy``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from narrativewatch.errors import ConfigError

BUNDLED_E5_MODEL = Path(__file__).resolve().parent / "data" / "checkworthiness-e5-v1.npz"
# CheckThat! sentences are short: 96 ids hold all but the longest few whole.
MAX_TOKENS = 96


class FineTunedCheckworthiness:
    """``path``: a file written by ``train checkworthiness-e5`` (an adapter with a head
    whose card holds the thresholds); ``engine``: ``onnx`` (default) or ``numpy``."""

    def __init__(self, path: Path = BUNDLED_E5_MODEL, engine: str = "onnx") -> None:
        from narrativewatch.matching.scored_e5 import ScoredE5

        self._scorer = ScoredE5(path, engine, what="check-worthiness model")
        self.metadata: dict[str, Any] = self._scorer.card
        thresholds = self.metadata.get("thresholds")
        if not isinstance(thresholds, dict) or not isinstance(thresholds.get("en"), float):
            raise ConfigError(
                f"{path}: no English threshold in its card: not a check-worthiness model"
            )
        self._thresholds: dict[str, float] = thresholds
        self.model_id = f"e5-small-q4+checkworthiness-{self._scorer.adapter_id}"

    def threshold(self, language: str) -> float:
        """The probability at and above which a sentence in ``language`` is check-worthy
        (the English one where the card has none for the language)."""
        return self._thresholds.get(language, self._thresholds["en"])

    def scores(self, texts: Sequence[str], language: str) -> npt.NDArray[np.float32]:
        """Probability (0–1) that each sentence is check-worthy. ``language`` only picks
        the threshold elsewhere: the model reads every language the same way."""
        segments = [self._scorer.sentence_segment(text, MAX_TOKENS) for text in texts]
        logits = self._scorer.score_segments(segments).astype(np.float64)
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)

    def is_checkworthy(self, texts: Sequence[str], language: str) -> npt.NDArray[np.bool_]:
        return self.scores(texts, language) >= self.threshold(language)


@cache
def load_fine_tuned_checkworthiness(path: Path = BUNDLED_E5_MODEL) -> FineTunedCheckworthiness:
    """The fine-tuned model, once per process."""
    return FineTunedCheckworthiness(path)
