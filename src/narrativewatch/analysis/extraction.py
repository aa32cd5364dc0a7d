"""The extraction stages in one call: sentences, entities and actors, quotes, cited
sources, dates and claims — everything the pipeline derives before any embedding.

Evaluations and benchmarks of extraction call this directly, without loading the
embedder or the catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Literal

from narrativewatch.actors.demonyms import DEMONYM_STEMS
from narrativewatch.actors.registry import ActorRegistry
from narrativewatch.analysis.attribution_tagger import RelationTagger, load_attribution_tagger
from narrativewatch.analysis.attributions import extract_attributions
from narrativewatch.analysis.claims import extract_claims
from narrativewatch.analysis.entities import EntityResult, extract_entities
from narrativewatch.analysis.headline_labels import is_place_label, title_label_speaker
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.analysis.quotes import extract_quotes
from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.analysis.timex import extract_time_expressions
from narrativewatch.model import (
    Actor,
    ActorKind,
    Attribution,
    Claim,
    Entity,
    Quote,
    Sentence,
    Span,
    TimeExpression,
)

if TYPE_CHECKING:
    from narrativewatch.analysis.checkworthiness import CheckworthinessScorer


@dataclass(frozen=True, slots=True)
class Extraction:
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    actors: tuple[Actor, ...]
    quotes: tuple[Quote, ...]
    attributions: tuple[Attribution, ...]
    time_expressions: tuple[TimeExpression, ...]
    claims: tuple[Claim, ...]


def shipped_attribution_tagger(language: str, model: str = "crf") -> RelationTagger | None:
    """The shipped tagger ``model`` (``crf`` or ``e5``, the setting
    ``attribution_model``) for ``language``, or None where there is none: both are
    trained on English (PolNeAR) and run on English only (docs/attribution.md)."""
    if model == "e5":
        if language != "en":
            return None
        from narrativewatch.analysis.attribution_e5 import load_e5_attribution_tagger

        return load_e5_attribution_tagger()
    return load_attribution_tagger(language)


def extract(
    text: str,
    language: str,
    nlp: NlpModels,
    registry: ActorRegistry,
    published: date | None = None,
    title: Span | None = None,
    checkworthiness: CheckworthinessScorer | None = None,
    attribution_tagger: RelationTagger | Literal["shipped"] | None = "shipped",
    home_country: str | None = None,
) -> Extraction:
    """Run the extraction stages on ``text`` written in ``language`` (en, ru or uk); with
    a ``checkworthiness`` model, each claim also gets its probability and verdict.

    ``attribution_tagger`` finds the attributions the quote rules miss: by default the
    one shipped for the language (English only), None for the rules alone.
    ``home_country`` is the publishing outlet's country, when known (`extract_entities`)."""
    sentences = split_sentences(text, language, nlp)
    found = extract_entities(text, sentences, language, registry, nlp, home_country)
    tagger = (
        load_attribution_tagger(language)
        if isinstance(attribution_tagger, str)
        else attribution_tagger
    )
    tagged = tagger.relations(text, sentences, found.entities) if tagger is not None else ()
    refine = tagger is not None and tagger.refines_rule_quotes
    quotes = tuple(
        title_label_speaker(quote, text, found.entities, registry, home_country)
        for quote in extract_quotes(
            text,
            sentences,
            found.entities,
            language,
            tagged,
            refine,
            _countries(found, registry),
            _outlets(found),
            {actor.id: actor for actor in found.actors},
        )
        if not is_place_label(quote, text, registry)
    )
    actors = _with_speakers(found.actors, quotes, registry)
    attributions = extract_attributions(text, sentences, found.entities, language)
    time_expressions = extract_time_expressions(text, published)
    claims = extract_claims(
        text, sentences, found.entities, quotes, time_expressions, language, title
    )
    if checkworthiness is not None and claims:
        probabilities = checkworthiness.scores([c.text for c in claims], language)
        threshold = checkworthiness.threshold(language)
        claims = tuple(
            replace(c, checkworthiness=float(p), check_worthy=bool(p >= threshold))
            for c, p in zip(claims, probabilities, strict=True)
        )
    return Extraction(
        sentences, found.entities, actors, quotes, attributions, time_expressions, claims
    )


def _with_speakers(
    actors: tuple[Actor, ...], quotes: Sequence[Quote], registry: ActorRegistry
) -> tuple[Actor, ...]:
    """``actors`` with every quote's speaker the registry knows, once, in order."""
    known = {actor.id for actor in actors}
    added = []
    for quote in quotes:
        actor_id = quote.speaker_actor_id
        if actor_id is not None and actor_id not in known:
            actor = registry.get(actor_id)
            if actor is not None:
                known.add(actor_id)
                added.append(actor)
    return actors + tuple(added)


def _outlets(found: EntityResult) -> frozenset[str]:
    """The actor ids of the news outlets named (`quotes`: whom an unnamed source told)."""
    return frozenset(actor.id for actor in found.actors if actor.kind is ActorKind.OUTLET)


def _countries(found: EntityResult, registry: ActorRegistry) -> dict[str, str]:
    """Actor id → country code for the actors named and for the countries a country
    adjective can name (`quotes`: who "the German leader" can be)."""
    countries = {actor.id: actor.country for actor in found.actors if actor.country}
    for actor_id in DEMONYM_STEMS:
        actor = registry.actors.get(actor_id)
        if actor is not None and actor.country:
            countries[actor_id] = actor.country
    return countries
