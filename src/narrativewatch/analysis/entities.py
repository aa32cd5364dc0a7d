"""Entities (people, organisations, places) resolved to canonical actors.

Two sources of mentions, merged:

1. The actor registry's aliases (a gazetteer), found with inflection-tolerant matching.
   These are authoritative: they carry the canonical actor.
2. A statistical NER model — spaCy ``en_core_web_sm`` for English, natasha for Russian
   *and Ukrainian*. Ukrainian has no permissively licensed NER model (pullenti is
   non-commercial only), so Ukrainian relies on the registry first and natasha's Russian
   model second, which reads the Ukrainian text respelt in Russian letters and endings;
   its remaining Ukrainian mistakes (place names tagged as people) are corrected where the
   registry knows the name. docs/ner.md measures both languages and explains the gap.
3. A gazetteer of settlements (`actors.settlements`, read by `analysis.misread_towns`) for
   the one-off "people" the models make of towns in every language ("Enerhodar",
   «у Кропивницькому»).

Mentions the registry does not know become ad-hoc actors; a surname alone ("Peskov") is
linked to the full name used elsewhere in the same text ("Dmitry Peskov").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain
from typing import Any

from narrativewatch.actors.demonyms import DEMONYM_STEMS, demonym_actor
from narrativewatch.actors.registry import ActorRegistry, fold_name
from narrativewatch.actors.settlements import SettlementGazetteer, bundled_settlements
from narrativewatch.analysis.bodies import holds_noun
from narrativewatch.analysis.cues import DISCOURSE_ADVERBS
from narrativewatch.analysis.labels import is_fact_check_label
from narrativewatch.analysis.misread_towns import as_place, known_as, leading_town, place_actor
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.analysis.roles import SPOKESPERSON_NOUN_STEMS, find_role, introduces_person
from narrativewatch.analysis.span_index import SpanIndex
from narrativewatch.analysis.tokens import (
    Token,
    fold,
    is_acronym,
    stem_key,
    token_matches,
    word_tokens,
)
from narrativewatch.analysis.ukrainian_spelling import in_russian_spelling
from narrativewatch.model import (
    ADHOC_PREFIX,
    Actor,
    ActorKind,
    Entity,
    EntityType,
    Sentence,
    Span,
)

_SPACY_TYPES = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "GPE": EntityType.LOCATION,
    "LOC": EntityType.LOCATION,
}
_NATASHA_TYPES = {
    "PER": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "LOC": EntityType.LOCATION,
}
_KIND_TO_TYPE = {
    ActorKind.PERSON: EntityType.PERSON,
    ActorKind.COUNTRY: EntityType.LOCATION,
    ActorKind.PLACE: EntityType.LOCATION,
}
_TYPE_TO_KIND = {
    EntityType.PERSON: ActorKind.PERSON,
    EntityType.ORGANIZATION: ActorKind.ORGANIZATION,
    EntityType.LOCATION: ActorKind.PLACE,
}
_TRIM = " \t\n.,;:!?\"'«»“”„()[]—–-"


@dataclass(frozen=True, slots=True)
class EntityResult:
    entities: tuple[Entity, ...]
    actors: tuple[Actor, ...]  # every actor mentioned, registry or ad hoc, in order of mention


def extract_entities(
    text: str,
    sentences: tuple[Sentence, ...],
    language: str | None,
    registry: ActorRegistry,
    models: NlpModels,
    home_country: str | None = None,
    settlements: SettlementGazetteer | None = None,
) -> EntityResult:
    """Find and resolve entity mentions in ``text``.

    Registry aliases win over model mentions that overlap them. Returns the entities in
    text order and the actors they resolve to. ``home_country`` is the publishing outlet's
    country, when known: a bare "Ministry of Defence" in its text is that country's.
    ``settlements`` defaults to the bundled gazetteer.
    """
    gazetteer = [
        Entity(
            span=hit.span,
            text=hit.span.text_of(text),
            type=_KIND_TO_TYPE.get(registry.actors[hit.actor_id].kind, EntityType.ORGANIZATION),
            actor_id=hit.actor_id,
            method="gazetteer",
            base_form=fold(hit.span.text_of(text)) == fold(hit.alias),
        )
        for sentence in sentences
        for hit in registry.find_mentions(text, sentence.span.start, sentence.span.end)
    ]
    # The registry's hits found by position (testing every model mention against every hit
    # took seconds on a line listing thousands of names).
    hits = SpanIndex(gazetteer, lambda hit: hit.span)
    model_mentions = [
        part
        for mention in _model_mentions(text, sentences, language, models)
        if (kept := _beyond_hits(text, mention, hits)) is not None
        for part in _leading_words_split_off(text, kept, registry)
    ]
    adhoc_actors: dict[str, Actor] = {}
    entities = list(gazetteer)
    gazetteer_of_places = bundled_settlements() if settlements is None else settlements
    model_mentions, towns = _towns_split_off(
        text, model_mentions, gazetteer_of_places, adhoc_actors, models
    )
    entities += towns
    for span, entity_type, normal in model_mentions:
        if language != "en" and entity_type is not EntityType.LOCATION:
            # (natasha's «Повітряних» is a person; completed, it is a body: below)
            span = _completed_by_registry(text, span, registry)
        hit = registry.resolve_hit(span.text_of(text))
        base_form = False
        if hit is not None:
            resolved = registry.actors[hit.actor_id]
            actor_id = resolved.id
            entity_type = _KIND_TO_TYPE.get(resolved.kind, EntityType.ORGANIZATION)
            method = "gazetteer"
            # as for the registry's own hits above: written as the alias, not inflected
            base_form = fold(span.text_of(text)) == fold(hit.alias)
        elif (country := _demonym_alone(span.text_of(text), entity_type, registry)) is not None:
            actor_id, method = country, "demonym"
        else:
            if entity_type is EntityType.PERSON and _holds_acronym(span.text_of(text)):
                # «голова Запорізької ОВА»: an administration, not a person
                entity_type = EntityType.ORGANIZATION
            elif entity_type is EntityType.ORGANIZATION and _introduced_name(text, span):
                entity_type = EntityType.PERSON
            if entity_type is not EntityType.ORGANIZATION and _bare_institution(
                span.text_of(text), registry
            ):
                # The model's person or place is an institution named without its
                # country («Кабінету Міністрів»): a body, whichever country's.
                entity_type = EntityType.ORGANIZATION
            name = normal or span.text_of(text)
            if entity_type is EntityType.ORGANIZATION:
                # «у Генштабі», «Генштабу» (no country said): one body, "Генштаб"
                name = registry.bare_form(span.text_of(text)) or name
            actor = _adhoc_actor(name, entity_type, adhoc_actors)
            actor_id = actor.id
            method = "ner"
        entities.append(
            Entity(
                span, span.text_of(text), entity_type, actor_id, method=method, base_form=base_form
            )
        )
    entities.sort(key=lambda e: e.span.start)
    entities = _link_surnames(entities)
    if language in {"ru", "uk"}:
        entities = _with_surnames_found(text, entities, models.natasha.morph_vocab)
    if language == "uk":
        entities = _named_in_the_nominative(entities, adhoc_actors, models.natasha.morph_vocab)
    entities = _link_institutions(text, entities, registry, home_country)
    entities = _with_roles(text, entities, language)
    entities = [as_place(text, e, gazetteer_of_places, adhoc_actors, models) for e in entities]
    mentioned: dict[str, Actor] = {}
    for entity in entities:
        known = registry.get(entity.actor_id) or adhoc_actors.get(entity.actor_id)
        if known is not None and known.id not in mentioned:
            mentioned[known.id] = known
    return EntityResult(tuple(entities), tuple(mentioned.values()))


# The most lower-case words after a model mention that may complete a body's name.
_MAX_COMPLETING_WORDS = 2


def _introduced_name(text: str, span: Span) -> bool:
    """Whether a body the model found is a person's name the text introduces with a role:
    "Hanna Notte, a researcher at …" (spaCy: ORG) — two or three capitalised words, none
    an acronym, then a comma, an article and a role word."""
    words = word_tokens(text, span.start, span.end)
    return (
        2 <= len(words) <= 3
        and all(w.text[:1].isupper() and not is_acronym(w.text) for w in words)
        and introduces_person(text, span.end)
    )


def _holds_acronym(surface: str) -> bool:
    """Whether a name of several words, not all in capitals, holds an acronym: «Запорізької
    ОВА», «Київської ОДА» name a body (a person's name in capitals is all capitals)."""
    words = word_tokens(surface)
    acronyms = sum(1 for w in words if is_acronym(w.text))
    return 0 < acronyms < len(words)


def _demonym_alone(surface: str, entity_type: EntityType, registry: ActorRegistry) -> str | None:
    """The country a lone English country adjective the model took for a place stands for
    ("the Ukrainian authorities", "on the Ukrainian side": spaCy's GPE "Ukrainian"), when
    the registry has it; not a place of its own. Russian and Ukrainian adjectives are left
    alone: a lone «Київській» is the start of «Київській області», not Ukraine."""
    word = surface.lower()
    if entity_type is not EntityType.LOCATION or not word.isalpha():
        return None
    country = demonym_actor(word)
    if country is None or word not in DEMONYM_STEMS[country] or registry.get(country) is None:
        return None
    return country


def _completed_by_registry(text: str, span: Span, registry: ActorRegistry) -> Span:
    """``span`` extended over the lower-case words after it that complete the name of a
    registered body without its country: natasha reads «У Повітряних силах» as
    «Повітряних» alone, which names nothing; «Повітряних силах» is «Повітряні сили»
    (`ActorRegistry.bare_form`)."""
    if registry.bare_form(span.text_of(text)) is not None:
        return span
    after = word_tokens(text, span.end, min(len(text), span.end + 40))[:_MAX_COMPLETING_WORDS]
    for count in range(len(after), 0, -1):
        words = after[:count]
        gap = text[span.end : words[-1].end]
        if not all(w.text.islower() for w in words) or re.search(r"[^\w\s'’-]", gap):
            continue
        extended = Span(span.start, words[-1].end)
        if registry.bare_form(extended.text_of(text)) is not None:
            return extended
    return span


def _with_roles(text: str, entities: list[Entity], language: str | None) -> list[Entity]:
    """Each person with the role the text gives them (`roles.find_role`). A role noun
    serves one person: the next person's role does not reach back over a named one
    already given a role («Официальный представитель МИД России Мария Захарова назвала
    слова Макрона» gives Macron none)."""
    result = []
    role_holder_end = 0  # where the last person given a role ends
    for entity in entities:  # in text order
        after = role_holder_end if role_holder_end <= entity.span.start else 0
        with_role = _with_role(text, entity, find_role(text, entity, language, after))
        result.append(with_role)
        if with_role.role is not None and _names_someone(entity):
            role_holder_end = max(role_holder_end, entity.span.end)
    return result


def _names_someone(person: Entity) -> bool:
    """Whether a person mention is a name, not a word of a title the recogniser misread as
    one («начальник Тренінгового центру Володимир Міщенко»): a known name, or more than
    one word."""
    return person.method == "gazetteer" or len(word_tokens(person.text)) > 1


def _beyond_hits(
    text: str, mention: tuple[Span, EntityType, str | None], hits: SpanIndex[Entity]
) -> tuple[Span, EntityType, str | None] | None:
    """A model mention that overlaps none of the registry's hits, or what follows the last
    hit it overlaps when that is a capitalised name of its own: natasha tags «України
    Олександр Камишін» (after «міністр промисловості») as one person, of which «України»
    is the registry's and «Олександр Камишін» the person. None when nothing is left."""
    span, kind, _ = mention
    overlapping = hits.overlapping(span)
    if not overlapping:
        return mention
    rest_start = max(hit.span.end for hit in overlapping)
    if kind is not EntityType.PERSON or rest_start >= span.end:
        return None
    words = word_tokens(text, rest_start, span.end)
    if (
        not words
        or text[rest_start : words[0].start].strip()
        or not all(w.text[:1].isupper() for w in words)
        or hits.any_overlapping(Span(words[0].start, words[-1].end))
    ):
        return None
    # (the model's nominative was of the whole span)
    return Span(words[0].start, words[-1].end), kind, None


def _leading_words_split_off(
    text: str, mention: tuple[Span, EntityType, str | None], registry: ActorRegistry
) -> list[tuple[Span, EntityType, str | None]]:
    """A person the model read with the institution before it («Речниця Генштабу Олена
    Шевченко» → «Генштабу Олена Шевченко»), as the institution and the person; a mention
    with a function word at either end, without it (`_function_words_trimmed`)."""
    span, kind, _ = mention
    words = word_tokens(text, span.start, span.end)
    trimmed = _function_words_trimmed(words)
    if not trimmed:
        return []
    if len(trimmed) < len(words):
        # (the model's nominative was of the whole span)
        span = Span(trimmed[0].start, trimmed[-1].end)
        mention = span, kind, None
        words = trimmed
    if (
        kind is EntityType.ORGANIZATION
        and len(words) > 1
        and words[0].lower.startswith(SPOKESPERSON_NOUN_STEMS)
        and words[1].text[:1].isupper()
    ):
        # «Речник Повітряних сил» (an organisation to natasha): the body the spokesman
        # speaks for, whose name follows the title.
        return [(Span(words[1].start, span.end), kind, None)]
    if kind is not EntityType.PERSON or len(words) < 2:
        return [mention]
    if not _bare_institution(words[0].text, registry):
        return [mention]
    return [
        (Span(words[0].start, words[0].end), EntityType.ORGANIZATION, None),
        (Span(words[1].start, words[-1].end), EntityType.PERSON, None),
    ]


def _function_words_trimmed(words: list[Token]) -> list[Token]:
    """The words of a Russian or Ukrainian model mention from its first capitalised word
    after any leading function word, less the function words that end it; empty when no
    capitalised word is left.

    natasha reads Ukrainian in Russian spelling, where «Він» and «Тим» are Russian words
    («вин», «тим»), so «Він наголосив» and «Тим» of «Тим часом» came out as an organisation
    and a person; it also glues an adverb to a name («Генштабі також») and a sentence
    adverb opens a clause («Водночас пропагандисти»). A capitalised word that may be a
    name stays when a capitalised word follows it («Тим Кук»). A platform's channel word
    («Telegram-канал Mash», «Telegram-канал» alone) names no one: whose channel it is
    does."""
    start = 0
    while start < len(words) and _CHANNEL_WORD.match(words[start].text):
        start += 1
    while start < len(words) and words[start].lower in _NAME_EDGE_WORDS:
        following = words[start + 1] if start + 1 < len(words) else None
        if (
            words[start].text[:1].isupper()
            and following is not None
            and following.text[:1].isupper()
            and words[start].lower not in _NEVER_NAMES
        ):
            break
        start += 1
    if start:
        # what follows the function word up to the name is the clause's («пропагандисти»)
        while start < len(words) and not words[start].text[:1].isupper():
            start += 1
    end = len(words)
    while end > start and _edge_word(words[end - 1]):
        end -= 1
    kept = words[start:end]
    return kept if any(w.text[:1].isupper() for w in kept) else []


# «Telegram-канал», «телеграм-каналі», «YouTube-канал», «Facebook-сторінка» in any case.
_CHANNEL_WORD = re.compile(
    r"(?:telegram|телеграм|youtube|ютуб|tiktok|тікток|тикток|facebook|фейсбук)-?"
    r"(?:канал|сторінк|страниц)\w*$",
    re.IGNORECASE,
)


def _edge_word(word: Token) -> bool:
    return word.text.islower() and word.lower in _NAME_EDGE_WORDS


# Words that are never a name's: pronouns, conjunctions and sentence adverbs.
_NEVER_NAMES = DISCOURSE_ADVERBS | frozenset(
    {
        "він", "вона", "воно", "вони", "ми", "ви", "я", "ти", "це", "цей", "ця", "ці",
        "його", "її", "їх", "вже", "ще", "теж", "знову", "лише", "тільки", "навіть",
        "он", "она", "оно", "они", "мы", "вы", "ты", "это", "этот", "эта", "эти",
        "его", "ее", "её", "их", "уже", "еще", "ещё", "тоже", "снова", "вновь", "лишь",
        "только", "даже", "якщо", "если", "коли", "когда", "хоча", "хотя", "адже", "ведь",
        "зараз", "сейчас", "тепер", "теперь", "потім", "потом", "тоді", "тогда",
        # "the media": a common noun, not one outlet («российские СМИ», «західні ЗМІ»)
        "сми", "змі",
    }
)  # fmt: skip
# Function words that never end a name, nor start one but where they may be a name too.
_NAME_EDGE_WORDS = _NEVER_NAMES | frozenset(
    {
        "тим", "тем", "той", "тот", "та", "те", "ті", "і", "й", "и", "а", "але", "но",
        "або", "или", "чи", "у", "в", "на", "з", "із", "зі", "до", "від", "по", "для",
        "при", "к", "с", "со", "от", "об", "о",
    }
)  # fmt: skip


def _bare_institution(surface: str, registry: ActorRegistry) -> bool:
    """Whether ``surface`` is the name of registered bodies without their country, and of
    nothing else (`ActorRegistry.qualified_forms`)."""
    candidates = registry.qualified_forms(surface)
    return bool(candidates) and all(
        _KIND_TO_TYPE.get(registry.actors[c].kind, EntityType.ORGANIZATION)
        is EntityType.ORGANIZATION
        for c in candidates
    )


def _towns_split_off(
    text: str,
    mentions: list[tuple[Span, EntityType, str | None]],
    settlements: SettlementGazetteer,
    adhoc_actors: dict[str, Actor],
    models: NlpModels,
) -> tuple[list[tuple[Span, EntityType, str | None]], list[Entity]]:
    """Model person mentions that open with a town's name (`misread_towns.leading_town`)
    lose it, and the town becomes a place entity of its own: the mentions, and the
    places."""
    kept = []
    towns = []
    for span, kind, normal in mentions:
        town = leading_town(text, span, settlements, models) if kind is EntityType.PERSON else None
        if town is None:
            kept.append((span, kind, normal))
            continue
        town_span, settlement = town
        towns.append(
            Entity(
                town_span,
                town_span.text_of(text),
                EntityType.LOCATION,
                place_actor(settlement, adhoc_actors),
                method="settlements",
            )
        )
        rest = word_tokens(text, town_span.end, span.end)
        # natasha's nominative names the town too («Николаев Александр Сенкевич»)
        words = normal.split() if normal else []
        rest_normal = " ".join(words[1:]) if len(words) == len(rest) + 1 else None
        kept.append((Span(rest[0].start, span.end), kind, rest_normal))
    return kept, towns


def _with_role(text: str, entity: Entity, role: Span | None) -> Entity:
    if role is None:
        return entity
    return Entity(
        entity.span,
        entity.text,
        entity.type,
        entity.actor_id,
        role=role.text_of(text),
        role_span=role,
        method=entity.method,
        base_form=entity.base_form,
    )


def _model_mentions(
    text: str, sentences: tuple[Sentence, ...], language: str | None, models: NlpModels
) -> list[tuple[Span, EntityType, str | None]]:
    """Mentions found by the NER model, with the name's nominative form where the model
    gives one (natasha, Russian: «Министерстве обороны» → «Министерство обороны»)."""
    if not sentences:
        return []
    mentions: list[tuple[Span, EntityType, str | None]] = []
    if language in {"ru", "uk"}:
        natasha = models.natasha
        from natasha import Doc

        # The words the tagger has vectors for (lowercase; any other is "unknown" to it).
        vocabulary: Container[str] = natasha.ner_tagger.infer.encoder.words_vocab.item_ids

        for sentence in sentences:
            surface = sentence.span.text_of(text)
            # The tagger sees Ukrainian in Russian spelling (same length, so its offsets
            # are the text's): its word vectors know "Виннице", not "Вінниці".
            doc = Doc(in_russian_spelling(surface) if language == "uk" else surface)
            doc.segment(natasha.segmenter)
            doc.tag_ner(natasha.ner_tagger)
            # natasha's morphology is Russian: it would "normalise" Ukrainian names wrongly.
            normalise = language == "ru" and bool(doc.spans)
            if normalise:
                doc.tag_morph(natasha.morph_tagger)
            for span in doc.spans:
                kind = _NATASHA_TYPES.get(span.type)
                bounds: tuple[int, int] | None = (span.start, span.stop)
                if language == "uk":
                    bounds = _without_unseen_first_word(doc, span, vocabulary)
                if kind is EntityType.PERSON and bounds is not None:
                    bounds = _without_trailing_verb(doc, bounds)
                if kind is None or bounds is None:
                    continue
                normal = None
                if normalise:
                    kept = [t for t in span.tokens if bounds[0] <= t.start and t.stop <= bounds[1]]
                    normal = _nominative(kept, kind, natasha.morph_vocab)
                start, end = (sentence.span.start + offset for offset in bounds)
                mentions.append((Span(start, end), kind, normal))
    elif language == "en":
        # English names are capitalised: a sentence with no capital letter but the one
        # starting a common word can hold no PERSON, ORG, GPE or LOC, and skipping it spares
        # the NER model (the pipeline's largest cost after the embedder) ~1 sentence in 5.
        named = [s for s in sentences if _may_name_someone(s.span.text_of(text))]
        texts = [s.span.text_of(text) for s in named]
        for sentence, doc in zip(named, models.spacy_en.pipe(texts, batch_size=64), strict=True):
            for ent in doc.ents:
                kind = _SPACY_TYPES.get(ent.label_)
                if kind is not None:
                    start = sentence.span.start + ent.start_char
                    mentions.append((Span(start, sentence.span.start + ent.end_char), kind, None))
    trimmed = []
    for span, kind, normal in mentions:
        cut = _trimmed(text, span, kind)
        if cut is not None and not is_fact_check_label(text, cut[0]):
            trimmed.append((cut[0], cut[1], normal))
    return trimmed


def _nominative(tokens: list[Any], kind: EntityType, vocabulary: Any) -> str | None:
    """The name of a natasha span's ``tokens`` in the nominative: «Александра Лукашенко»
    → «Александр Лукашенко», «Министерстве иностранных дел России» → «Министерство иностранных дел
    России».

    natasha's own `normalize` inflects every word unless the sentence was parsed for
    syntax (which would cost more than the recogniser): «Министерство иностранный дело
    Россия». Without a parse, the head of an organisation's or a place's name is taken to
    be its first noun: it and the adjectives before it are inflected, and the words after
    it — genitive complements in Russian names — are kept as written. A person's name
    inflects in every word.
    """
    from natasha.norm import inflect_word, recover_shapes, recover_spaces

    if not tokens:
        return None
    inflected = len(tokens)
    if kind is not EntityType.PERSON:
        head = next((i for i, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN")), None)
        inflected = len(tokens) if head is None else head + 1
    words = [
        inflect_word(vocabulary, token) if i < inflected else token.text
        for i, token in enumerate(tokens)
    ]
    return str(recover_spaces(recover_shapes(words, tokens), tokens)) or None


def _without_unseen_first_word(
    doc: Any, span: Any, vocabulary: Container[str]
) -> tuple[int, int] | None:
    """The span's bounds, less the sentence's first word when the tagger had no vector for
    it (None when no capitalised word is left).

    An out-of-vocabulary word reaches the tagger as "unknown, capitalised", and at the start
    of a sentence the capital says nothing: Ukrainian common words there came out as names
    ("Журналісти") or were glued to the name after them ("Прихильники Олексія
    Навального"). Common Ukrainian first names are in the vocabulary (Russian news names
    Ukrainians), acronyms keep their tag, and names the registry knows are found by the
    gazetteer whatever the tagger says.
    """
    first = next((t for t in doc.tokens if any(c.isalpha() for c in t.text)), None)
    if (
        first is None
        or span.start != first.start
        or is_acronym(first.text)
        or first.text.lower() in vocabulary
    ):
        return span.start, span.stop
    rest = next(
        (t for t in doc.tokens if first.stop <= t.start < span.stop and t.text[0].isupper()),
        None,
    )
    return None if rest is None else (rest.start, span.stop)


# A past-tense verb's ending: what the tagger glues to a surname it does not know
# («Прокудін наголосив», «Филашкин заявил», «Іщенко уточнила»).
_PAST_TENSE_VERB = re.compile(r"(?:в|л|ла|ло|ли|вся|лась|лася|лось|лись|лися)$")


def _without_trailing_verb(doc: Any, bounds: tuple[int, int]) -> tuple[int, int] | None:
    """A person's bounds without the lower-case past-tense verb the tagger glued on after
    the name («Прокудін наголосив, що …»). Only a verb: natasha's other lower-case tails
    are nouns of a mention that is no person at all («Новий рік», «Білоцерківський
    район»), which cut short would become a person or a town named «Новий»."""
    words = [t for t in doc.tokens if bounds[0] <= t.start and t.stop <= bounds[1]]
    cut = False
    while (
        len(words) > 1
        and words[-1].text.islower()
        and _PAST_TENSE_VERB.search(words[-1].text) is not None
    ):
        words.pop()
        cut = True
    if not cut:
        return bounds
    return (bounds[0], words[-1].stop) if words[-1].text[:1].isupper() else None


_FIRST_WORD = re.compile(r"[\W\d_]*([^\W\d_]+)")
_COMMON_FIRST_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "if",
        "when",
        "while",
        "as",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "after",
        "before",
        "since",
        "there",
        "here",
        "what",
        "which",
        "who",
        "how",
        "why",
        "where",
        "some",
        "many",
        "most",
        "all",
        "no",
        "not",
        "one",
        "two",
        "however",
        "also",
        "then",
        "still",
        "even",
        "just",
        "only",
    ]
)


def _may_name_someone(sentence: str) -> bool:
    """False only for a sentence whose sole capital letter starts a common word."""
    first = _FIRST_WORD.match(sentence)
    if first is None:
        return False
    rest = sentence[first.start(1) + 1 :]
    if any(c.isupper() for c in rest):
        return True
    return first.group(1).lower() not in _COMMON_FIRST_WORDS


def _trimmed(text: str, span: Span, kind: EntityType) -> tuple[Span, EntityType] | None:
    start, end = span.start, span.end
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    surface = text[start:end]
    if re.match(r"(?i)the\s", surface):
        start += 4
    if end - start < 2 or not any(c.isalpha() for c in text[start:end]):
        return None
    return Span(start, end), kind


def _adhoc_actor(surface: str, entity_type: EntityType, known: dict[str, Actor]) -> Actor:
    key = fold_name(surface)
    actor_id = ADHOC_PREFIX + re.sub(r"[^\w]+", "-", key).strip("-")
    if actor_id not in known:
        known[actor_id] = Actor(id=actor_id, name=surface, kind=_TYPE_TO_KIND[entity_type])
    return known[actor_id]


def _link_surnames(entities: list[Entity]) -> list[Entity]:
    """Make the case forms of a full name one person: «Олександр Прокудін», «За словами
    Олександра Прокудіна» (natasha gives Ukrainian names no nominative, so each form was a
    person of its own) become the form that looks most like the nominative (`_oblique`),
    or the registry's actor where one of them is; then link a one-word person mention to
    the full name whose last word it matches ("Peskov", "Пескова" → "Dmitry Peskov"),
    anywhere in the same text. A one-word mention the model took for a body ("Karchaa
    said …" after "Renat Karchaa", «Тарпана» after «Руслана Тарпана») is that person too
    when the full name came before it: surnames the model has not seen are often typed
    as bodies, and a reporter names a person in full first. (Not a place: «Скадовска» is
    a town whatever a misread «Про Скадовск» before it holds.)"""
    # Groups of full names that inflect one another (every word, the registry's rule),
    # looked up by the bucket keys their inflections share: a list of thousands of names
    # made comparing every pair take minutes.
    words_of = [tuple(t.lower for t in word_tokens(e.text)) for e in entities]
    groups: dict[tuple[int, str, str], list[list[int]]] = defaultdict(list)
    for index, entity in enumerate(entities):
        words = words_of[index]
        if entity.type is not EntityType.PERSON or len(words) < 2:
            continue
        bucket = groups[len(words), stem_key(words[0]), stem_key(words[-1])]
        group = next((g for g in bucket if all(map(_inflects, words_of[g[0]], words))), None)
        if group is None:
            bucket.append([index])
        else:
            group.append(index)
    linked = list(entities)
    # bucket → (word, actor, where the full name stands if it may lend its last word)
    surnames: dict[str, list[tuple[str, str, int | None]]] = defaultdict(list)
    for group in (g for bucket in groups.values() for g in bucket):
        known = [i for i in group if entities[i].method != "ner"]
        canonical = known[0] if known else min(group, key=lambda i: _oblique(words_of[i]))
        actor_id = entities[canonical].actor_id
        for i in group:
            if entities[i].method == "ner":
                linked[i] = _relinked(entities[i], actor_id)
            last = words_of[i][-1]
            # a full name that may lend its last word to a mention of another type: every
            # word capitalised ("Patriarch Bartholomew of Constantinople" ends in a place)
            proper = all(w.text[:1].isupper() for w in word_tokens(entities[i].text))
            lender = entities[i].span.start if proper else None
            surnames[stem_key(last)].append((last, linked[i].actor_id, lender))
    for index, entity in enumerate(linked):
        words = words_of[index]
        if entity.method != "ner" or len(words) != 1:
            continue
        person = entity.type is EntityType.PERSON
        if not person and (entity.type is not EntityType.ORGANIZATION or is_acronym(entity.text)):
            continue  # a place ("Constantinople"), or "МАДЯР", "NATO": no surname
        candidates = {
            actor_id
            for last, actor_id, lender in surnames.get(stem_key(words[0]), ())
            if _inflects(last, words[0])
            and (person or (lender is not None and lender < entity.span.start))
        }
        if len(candidates) == 1:
            linked[index] = _relinked(entity, candidates.pop(), EntityType.PERSON)
    return linked


# A surname shorter than this is too often a word or a piece of one to be searched for.
_SHORTEST_SWEPT_SURNAME = 4


def _with_surnames_found(text: str, entities: list[Entity], vocabulary: Any) -> list[Entity]:
    """Add the lone surnames the model missed of people the text names in full.

    natasha misses many unfamiliar Ukrainian surnames on their own («Філашкін заявив, що
    …» after «За словами Вадима Філашкіна»), so the reporter's usual second mention of a
    person — the one the speaker finder reads — was no entity and its quote had no
    speaker. A capitalised word outside every entity that is the last word of exactly one
    person's full name, in any case form, is that person. The full name must open with a
    first name the dictionary knows (`_first_name`): the model's "people" also include
    bodies and phrases («Самооборони Майдану», «Кривому Розі»), whose last words would
    otherwise become people wherever they recur. (Russian and Ukrainian only: English
    capitalises months and common words a surname may equal — "Theresa May", "May 5" —,
    and spaCy finds English surnames itself.)"""
    # Filed by all of the surname but what a case ending may replace (a set: a name
    # mentioned a thousand times lends its surname once).
    surnames: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for entity in entities:
        words = word_tokens(entity.text)
        if (
            entity.type is EntityType.PERSON
            and len(words) >= 2
            and len(words[-1].text) >= _SHORTEST_SWEPT_SURNAME
            and words[-1].text[:1].isupper()
            and _first_name(words[0].lower, vocabulary)
        ):
            last = words[-1].lower
            surnames[last[: max(len(last) - _LONGEST_SURNAME_ENDING, 1)]].add(
                (last, entity.actor_id)
            )
    if not surnames:
        return entities
    taken = SpanIndex(entities, lambda entity: entity.span)
    found = []
    # each distinct word is compared with the surnames once, however often it recurs
    person_of: dict[str, str | None] = {}
    for word in word_tokens(text):
        if not word.text[:1].isupper() or word.text.isupper():
            continue
        folded = word.lower
        if folded not in person_of:
            # A case form keeps all of its surname but the last few letters
            # (`_case_forms`), so only the surnames filed under one of the word's
            # beginnings can match: with thousands of surnames that open alike
            # («Филаш…»), each word is compared with a few, not with all.
            filed = (surnames.get(folded[:length], ()) for length in range(1, len(folded) + 1))
            candidates = {
                actor_id
                for last, actor_id in chain.from_iterable(filed)
                if _inflects(last, folded)
                and _case_forms(last, folded)
                and not _adjective_of_noun(folded, last)
            }
            person_of[folded] = candidates.pop() if len(candidates) == 1 else None
        actor_id = person_of[folded]
        if actor_id is not None and not taken.any_overlapping(Span(word.start, word.end)):
            span = Span(word.start, word.end)
            found.append(Entity(span, word.text, EntityType.PERSON, actor_id, method="coreference"))
    return sorted(entities + found, key=lambda e: e.span.start) if found else entities


@lru_cache(maxsize=8192)
def _first_name(word: str, vocabulary: Any) -> bool:
    """Whether pymorphy2's dictionary (natasha's) knows ``word``, or its Russian spelling,
    as a first name: «Вадима», «Олександр», «Юлії» (as «Юлии»), «Стівен»."""
    return known_as(word, vocabulary, ("Name",))


# The endings a Russian or Ukrainian surname takes in its cases (and "" for none).
_SURNAME_ENDINGS = frozenset(
    ["", "а", "я", "у", "ю", "і", "и", "е", "є", "ї", "о", "ой", "ою", "ей", "ею", "єю", "ом",
     "ем", "єм", "ім", "им", "ым", "ий", "ій", "ый", "ого", "ому", "ої", "ові", "еві", "єві",
     "ая", "ую", "юю"]
)  # fmt: skip


_LONGEST_SURNAME_ENDING = max(map(len, _SURNAME_ENDINGS))


def _case_forms(one: str, other: str) -> bool:
    """Whether two folded words are one stem with a surname's case endings: «Філашкіна» ~
    «Філашкін», «Толстого» ~ «Толстой» — not «Магди» ~ «Магдіяж», which the looser
    inflection rule lets through (any three letters after a shared stem)."""
    shared = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        shared += 1
    return any(
        one[k:] in _SURNAME_ENDINGS and other[k:] in _SURNAME_ENDINGS
        for k in range(max(shared - 2, 1), shared + 1)
    )


# An adjective's case endings: «Березовий» is no form of the surname «Березовець»
# («Березовця»), though it shares the stem the inflection rule compares.
_ADJECTIVE_ENDING = re.compile(r"(?:ий|ій|ый|ой|ого|ому|ої|ою|ая|яя|ую|юю|им|ім|ым)$")


def _adjective_of_noun(word: str, surname: str) -> bool:
    return bool(_ADJECTIVE_ENDING.search(word)) and not _ADJECTIVE_ENDING.search(surname)


def _named_in_the_nominative(
    entities: list[Entity], adhoc_actors: dict[str, Actor], vocabulary: Any
) -> list[Entity]:
    """Name an ad hoc Ukrainian man by his name in the nominative when the text gives his
    full name only in another case but his surname alone in the nominative: «За словами
    Вадима Філашкіна, …. Філашкін заявив» is «Вадим Філашкін», the actor the same name
    makes in every other article. (natasha normalises Russian names; Ukrainian ones kept
    the first form seen, so one man was a different ad hoc actor from article to article.)
    Only what inflects regularly is restored (`_first_name_nominative`); anything else
    keeps the name as written."""
    renamed: dict[str, str] = {}
    lone_words: dict[str, list[str]] = defaultdict(list)  # actor → its one-word mentions
    for entity in entities:
        if entity.type is EntityType.PERSON and len(word_tokens(entity.text)) == 1:
            lone_words[entity.actor_id].append(entity.text)
    for actor_id, actor in list(adhoc_actors.items()):
        words = word_tokens(actor.name)
        if actor.kind is not ActorKind.PERSON or len(words) != 2:
            continue
        if not _oblique((words[0].lower, words[1].lower)):
            continue
        surname = next(
            (
                word
                for word in lone_words.get(actor_id, ())
                if _masculine_nominative(word)
                # (the full name's surname inflected: the evidence that it is in another
                # case — «Вікторія Нуланд» beside «Нуланд» is a nominative already)
                and fold(word) != words[1].lower
                and _case_forms(fold(word), words[1].lower)
            ),
            None,
        )
        first = _first_name_nominative(words[0].text, vocabulary) if surname else None
        if surname and first:
            renamed[actor_id] = _adhoc_actor(
                f"{first} {surname}", EntityType.PERSON, adhoc_actors
            ).id
    if not renamed:
        return entities
    return [replace(e, actor_id=renamed.get(e.actor_id, e.actor_id)) for e in entities]


# The endings of a Ukrainian masculine surname in the nominative: a consonant
# («Філашкін», «Коваль», «Верховський» ends in «-ий», also a nominative).
_MASCULINE_NOMINATIVE = re.compile(r"(?:[бвгґджзклмнпрстфхцчшщй]|ий|ій)$")
# Ukrainian men's names in «-о», whose genitive «Дмитра» the rule below would read as
# «Дмитр».
_FIRST_NAMES_IN_O = frozenset(["дмитро", "петро", "павло", "михайло", "данило", "марко", "левко"])


def _masculine_nominative(surname: str) -> bool:
    folded = fold(surname)
    return _MASCULINE_NOMINATIVE.search(folded) is not None and not _OBLIQUE.search(folded)


def _first_name_nominative(first: str, vocabulary: Any) -> str | None:
    """The nominative of a Ukrainian man's first name in the genitive: «Вадима» → «Вадим»,
    «Олександра» → «Олександр» (a man's, as the surname beside it says), «Дмитра» →
    «Дмитро», «Андрія» → «Андрій»; None for any other form."""
    folded = fold(first)
    if fold(first[:-1]) + "о" in _FIRST_NAMES_IN_O and folded.endswith("а"):
        return first[:-1] + "о"
    # (a man's first name in the genitive, as the dictionary knows it: «Вікторія» is a
    # woman's name in the nominative, not «Вікторій»'s genitive)
    genitive = any(
        p.is_known and "Name" in p.tag and p.tag.gender == "masc" and p.tag.case == "gent"
        for p in vocabulary.parse(in_russian_spelling(folded))
    )
    if not genitive or len(folded) < 4:
        return None
    if folded.endswith("ія"):
        return first[:-2] + "ій"
    return first[:-1] if folded.endswith("а") else None


# Endings of Russian and Ukrainian names in a case other than the nominative; a name with
# fewer of them is the likelier nominative («Олег Коріков», not «Олега Корікова»).
_OBLIQUE = re.compile(r"(?:ом|ем|єм|ою|ею|єю|ові|еві|єві|ого|ому|ым|ой|у|ю|і|ї|и|е)$")
_OBLIQUE_OR_FEMININE = re.compile(r"[ая]$")  # «Олега» or «Олена»: can't tell


def _oblique(words: tuple[str, ...]) -> float:
    return sum(
        1.0 if _OBLIQUE.search(w) else 0.5 if _OBLIQUE_OR_FEMININE.search(w) else 0.0 for w in words
    )


def _relinked(
    entity: Entity, actor_id: str | None, entity_type: EntityType | None = None
) -> Entity:
    if actor_id is None or actor_id == entity.actor_id:
        return entity
    kind = entity.type if entity_type is None else entity_type
    return Entity(entity.span, entity.text, kind, actor_id, method="coreference")


def _inflects(word: str, other: str) -> bool:
    """Whether two folded words are one name in two case forms (either may be the
    nominative: the registry's rule, `tokens.token_matches`, read both ways)."""
    return token_matches(word, other) or token_matches(other, word)


# Between a bare institution and the person it introduces: role words only, no punctuation
# ("Foreign Ministry spokeswoman Maria Zakharova", «МИД официальный представитель …»).
_INTRODUCES = re.compile(r"[\w\s-]*")
_INTRODUCES_WORDS = 3


def _link_institutions(
    text: str, entities: list[Entity], registry: ActorRegistry, home_country: str | None
) -> list[Entity]:
    """Resolve a bare institution name to the country's one the text means.

    "Минобороны" or "the Foreign Ministry" names no country; the registry knows only
    qualified forms ("Минобороны России", "Russian Foreign Ministry"). The text means the
    qualified one it names elsewhere with its country ("Министерство обороны России … В
    Минобороны пообещали"), or else the one of the person it introduces ("Foreign Ministry
    spokeswoman Maria Zakharova": Russia's), or else the publishing outlet's own country's
    (BelTA's «Министерство обороны» is Belarus's: a paper names a foreign ministry's
    country, not its own). Two candidates in the text, or none, and the mention stays its
    own actor: guessing a ministry's country would put words in the wrong government's
    mouth."""
    linked = []
    for index, entity in enumerate(entities):
        target = None
        if entity.method == "ner" and entity.type is EntityType.ORGANIZATION:
            candidates = registry.qualified_forms(entity.text)
            # Named with its country, or in words that hold the bare name («Генштаб ЗСУ»
            # for «у Генштабі»): "the Pentagon" is not what "Минобороны" refers back to.
            in_text = {
                e.actor_id
                for e in entities
                if e.actor_id in candidates
                and (
                    registry.names_country(e.text, registry.actors[e.actor_id].country)
                    or _holds_words(e.text, entity.text)
                )
            }
            if len(in_text) == 1:
                target = in_text.pop()
            elif candidates:
                country = _adjective_country(text, entity, registry) or _introduced_country(
                    text, entities, index, registry
                )
                if country is None and not in_text:
                    # Two countries' forms in the text leave even the outlet's own a guess.
                    country = home_country
                of_country = {c for c in candidates if registry.actors[c].country == country}
                if country is not None and len(of_country) == 1:
                    target = of_country.pop()
        if target is not None:
            linked.append(
                Entity(
                    entity.span,
                    entity.text,
                    _KIND_TO_TYPE.get(registry.actors[target].kind, EntityType.ORGANIZATION),
                    target,
                    role=entity.role,
                    role_span=entity.role_span,
                    method="coreference",
                )
            )
        else:
            linked.append(entity)
    return linked


def _adjective_country(text: str, entity: Entity, registry: ActorRegistry) -> str | None:
    """The country of the country adjective right before ``entity`` («у російському
    Міністерстві оборони»; the recogniser leaves the lower-case adjective out)."""
    before = word_tokens(text, max(0, entity.span.start - 40), entity.span.start)
    if not before or text[before[-1].end : entity.span.start].strip():
        return None
    actor = registry.get(demonym_actor(before[-1].lower) or "")
    return actor.country if actor is not None else None


def _holds_words(name: str, mention: str) -> bool:
    """Whether ``name`` holds every word of ``mention``, in any case form."""
    words = word_tokens(mention)
    return bool(words) and all(holds_noun(name, w.lower) for w in words)


def _introduced_country(
    text: str, entities: Sequence[Entity], index: int, registry: ActorRegistry
) -> str | None:
    """The country of the registry person named right after ``entities[index]``."""
    if index + 1 >= len(entities):
        return None
    after = entities[index + 1]
    person = registry.get(after.actor_id)
    gap = text[entities[index].span.end : after.span.start]
    if (
        person is None
        or person.kind is not ActorKind.PERSON
        or not _INTRODUCES.fullmatch(gap)
        or "\n" in gap
        or len(gap.split()) > _INTRODUCES_WORDS
    ):
        return None
    return person.country
