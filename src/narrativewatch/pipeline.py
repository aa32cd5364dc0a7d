"""The analysis pipeline: a document in, an `Analysis` out.

`load_pipeline` loads the models, the actor registry and the catalog once; `analyze`
applies the stages in order — language, sentences, entities and actors, quotes, cited
sources, dates, claims, narrative matching and stance. Each stage is a plain function of
the previous stages' dataclasses; none touches the store.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from narrativewatch.actors.registry import ActorRegistry, load_registry
from narrativewatch.analysis.attributions import extract_attributions
from narrativewatch.analysis.claims import extract_claims
from narrativewatch.analysis.entities import extract_entities
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.analysis.quotes import extract_quotes
from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.analysis.timex import extract_time_expressions
from narrativewatch.catalog.loader import load_catalog
from narrativewatch.matching.calibration import thresholds_for
from narrativewatch.matching.document import MatchOptions, match_narratives
from narrativewatch.matching.embedder import Embedder, load_embedder
from narrativewatch.matching.index import CatalogIndex, build_catalog_index, default_cache_dir
from narrativewatch.matching.matcher import rank_claims
from narrativewatch.model import SUPPORTED_LANGUAGES, Analysis, Claim, Document, Narrative, Span
from narrativewatch.settings import Settings
from narrativewatch.store.base import Store

logger = logging.getLogger(__name__)

# A document longer than this is analysed on its first part only (and says so): the
# stages are linear, but a book-length "article" is almost always a scraping accident.
MAX_ANALYSED_CHARS = 200_000


@dataclass
class Pipeline:
    """Everything the stages need, loaded once per process."""

    nlp: NlpModels
    registry: ActorRegistry
    catalog: tuple[Narrative, ...]
    embedder: Embedder
    index: CatalogIndex
    options: MatchOptions
    _rows_by_language: dict[str, frozenset[int]] = field(default_factory=dict)

    def narrative(self, narrative_id: str) -> Narrative:
        return self.index.narratives[narrative_id]

    def language_rows(self, language: str) -> frozenset[int]:
        """Catalog statement rows in ``language`` (computed once per language)."""
        if language not in self._rows_by_language:
            self._rows_by_language[language] = frozenset(
                i for i, row in enumerate(self.index.rows) if row.language == language
            )
        return self._rows_by_language[language]


def load_pipeline(
    settings: Settings, *, embedder: Embedder | None = None, store: Store | None = None
) -> Pipeline:
    """Load models, registry and catalog as the settings say.

    With a ``store``, analyst feedback is applied (see `narrativewatch.feedback`): variants
    learnt from confirmed matches join their narratives, and rejected (claim, narrative)
    pairs are never matched again. Without one, the catalog is used as loaded.

    Raises CatalogError for an invalid catalog or registry, ConfigError for a bad setting.
    """
    from narrativewatch.feedback import apply_variants

    registry = load_registry(settings.actors)
    catalog = load_catalog(settings.catalog, include_builtin=settings.builtin_catalog)
    rejected: frozenset[tuple[str, str]] = frozenset()
    if store is not None:
        catalog = apply_variants(catalog, store.narrative_variants())
        rejected = store.rejected_pairs()
    embedder = embedder or load_embedder(settings.embedder)
    cache_dir = Path(settings.cache_dir) if settings.cache_dir else default_cache_dir()
    index = build_catalog_index(catalog, embedder, registry, cache_dir)
    # Stored with the catalog for the model they were calibrated on (matching/calibration.py).
    thresholds, warning = thresholds_for(embedder.model_id, catalog, embedder.thresholds)
    if warning:
        logger.info(warning)
    options = MatchOptions(
        claim_threshold=settings.claim_threshold,
        lexical_prefilter=settings.lexical_prefilter,
        suggest=settings.suggest_threshold or thresholds.suggest,
        auto=settings.auto_threshold or thresholds.auto,
        relevant=thresholds.relevant,
        rejected=rejected,
    )
    return Pipeline(NlpModels(), registry, catalog, embedder, index, options)


def analyze(document: Document, pipeline: Pipeline) -> Analysis:
    """Run every stage on one document. Never raises for odd text: an empty or
    unsupported-language document yields an Analysis with a warning and no annotations."""
    warnings: list[str] = []
    text = document.text
    if len(text) > MAX_ANALYSED_CHARS:
        warnings.append(
            f"text longer than {MAX_ANALYSED_CHARS} characters: analysed the start only"
        )
        text = text[:MAX_ANALYSED_CHARS]
    language = document.language
    if language is None:
        language, _ = pipeline.nlp.language_detector.detect(text)
    if language not in SUPPORTED_LANGUAGES:
        warnings.append(f"language {language or 'unknown'} is not analysed (supported: en, ru, uk)")
        return Analysis(
            replace(document, language=language),
            language,
            (),
            (),
            (),
            (),
            (),
            (),
            (),
            warnings=tuple(warnings),
        )
    published = document.published_at.date() if document.published_at else None
    sentences = split_sentences(text, language, pipeline.nlp)
    found = extract_entities(text, sentences, language, pipeline.registry, pipeline.nlp)
    quotes = extract_quotes(text, sentences, found.entities, language)
    attributions = extract_attributions(text, sentences, found.entities, language)
    time_expressions = extract_time_expressions(text, published)
    title = title_span(text, document.title)
    claims = extract_claims(
        text, sentences, found.entities, quotes, time_expressions, language, title
    )
    worth_matching = [c for c in claims if c.score >= pipeline.options.claim_threshold]
    lexical = [pipeline.index.lexical.scores(c.text, language) for c in claims]
    scores = rank_claims(
        [c.text for c in claims],
        language,
        pipeline.index,
        pipeline.embedder,
        pipeline.registry,
        selected=[
            _worth_embedding(c, lex, language, pipeline)
            for c, lex in zip(claims, lexical, strict=True)
        ],
        lexical_scores=lexical,
    )
    matches = match_narratives(
        text,
        language,
        sentences,
        quotes,
        attributions,
        claims,
        scores,
        title,
        pipeline.options,
        {actor.id: actor.country for actor in found.actors},
    )
    if not worth_matching:
        warnings.append("no check-worthy claim found")
    return Analysis(
        document=replace(document, language=language),
        language=language,
        sentences=sentences,
        entities=found.entities,
        actors=found.actors,
        quotes=quotes,
        attributions=attributions,
        time_expressions=time_expressions,
        claims=claims,
        candidates=scores.candidates,
        matches=matches,
        warnings=tuple(warnings),
    )


def _worth_embedding(
    claim: Claim, lexical: Mapping[int, float], language: str, pipeline: Pipeline
) -> bool:
    """Embedding is the expensive step (~75 sentences/s), so only claims that are
    check-worthy or attributed, and that share some words with a catalog statement in their
    own language, are embedded. Every narrative has statements in en/ru/uk, so the lexical
    test does not hurt cross-lingual matching; on the project's test articles every matched
    claim shares at least 0.21 (docs/matching.md). ``lexical`` is the claim's overlap with
    every catalog row that shares a word with it."""
    if claim.score < pipeline.options.claim_threshold and claim.speaker_actor_id is None:
        return False
    if pipeline.options.lexical_prefilter <= 0:
        return True
    rows = pipeline.language_rows(language)
    overlap = {row: value for row, value in lexical.items() if row in rows}
    needed = pipeline.options.lexical_prefilter
    if claim.speaker_actor_id is not None:
        # A speaker's denial often uses few of the narrative's words ("there were no
        # provocations on our part"), and actor stances need it.
        needed /= 3
    return max(overlap.values(), default=0.0) >= needed


def title_span(text: str, title: str | None) -> Span | None:
    """Where the title stands in the text, if the text starts with it (plain-text
    articles, where the reader took the first line as the title)."""
    if not title:
        return None
    position = text.find(title, 0, 600)
    return Span(position, position + len(title)) if position >= 0 else None
