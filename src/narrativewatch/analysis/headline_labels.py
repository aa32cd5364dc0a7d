"""Headline labels that stand where a speaker's name would ("Name: words"), but name a
place, an office or a body: "Mariupol: …" says where, not who; Ukrinform's "President: …"
means Ukraine's president, its "General Staff: …" Ukraine's General Staff. (Fact-check
labels, "Claim:", "Verdict:", are `labels`; newsroom formats and topics, "Explainer:",
"War in Ukraine:", are never read as speakers by `quotes`.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from narrativewatch.actors.registry import ActorRegistry
from narrativewatch.model import ActorKind, Entity, EntityType, Quote, Span, in_registry


def is_place_label(quote: Quote, text: str, registry: ActorRegistry) -> bool:
    """Whether ``quote`` is a headline's "Place: …", which says where, not who:
    "Mariupol: …", "Occupied Melitopol: …", "Zaporizhzhia NPP: …" (Censor.NET's topic
    labels; on RUWA over 130 of them had the city or the plant speak). A country ("Ukraine:
    …") and a capital ("Moscow: …") speak for their governments and stay speakers."""
    if quote.speaker_actor_id is None or quote.cue.text_of(text).strip() != ":":
        return False
    actor = registry.get(quote.speaker_actor_id)
    return (
        actor is not None
        and actor.kind is ActorKind.PLACE
        and not any(role.startswith("capital of") for role in actor.roles)
    )


# Titles a headline uses alone for the office holder it means: Ukrinform's "President: …"
# is Ukraine's president (RUWA: 34 such headlines).
_TITLE_LABELS = frozenset(
    ["president", "prime minister", "premier", "foreign minister", "defense minister",
     "defence minister", "chancellor"]
)  # fmt: skip


def title_label_speaker(
    quote: Quote,
    text: str,
    entities: Sequence[Entity],
    registry: ActorRegistry,
    home_country: str | None,
) -> Quote:
    """A headline's "President: …" or "General Staff: …" with the office or body it means
    as its speaker, where the label alone names no one the registry knows:

    - a title ("President", "Prime Minister"): the person the text introduces with it
      ("President Volodymyr Zelensky emphasizes …"), else the publishing outlet's own
      country's holder, when the registry holds exactly one ("President of Ukraine");
    - a body without its country ("General Staff", "Defense Ministry", "Prosecutor
      General's Office"): the one of that name the text names with its country, else the
      outlet's own country's, when exactly one (`ActorRegistry.qualified_forms`).

    Otherwise the quote stays as it is."""
    if quote.cue.text_of(text).strip() != ":":
        return quote
    if quote.speaker_actor_id is not None and in_registry(quote.speaker_actor_id):
        return quote
    label = " ".join(text[quote.span.start : quote.cue.start].split())
    title = label.casefold().removeprefix("the ")
    if title in _TITLE_LABELS:
        holders = _title_holders(title, quote, entities, registry, home_country)
    else:
        holders = _bodies(label, entities, registry, home_country)
    if len(holders) != 1:
        return quote
    start = quote.span.start + text[quote.span.start : quote.cue.start].index(label[:1])
    return replace(
        quote,
        speaker_actor_id=holders[0],
        speaker=Span(start, start + len(label)),
        speaker_text=label,
    )


def _title_holders(
    title: str,
    quote: Quote,
    entities: Sequence[Entity],
    registry: ActorRegistry,
    home_country: str | None,
) -> list[str]:
    introduced = [
        e.actor_id
        for e in entities
        if e.span.start >= quote.span.end
        and e.type is EntityType.PERSON
        and e.role is not None
        and _holds(e.role, title)
    ]
    return introduced[:1] or [
        actor.id
        for actor in registry.actors.values()
        if home_country is not None
        and actor.kind is ActorKind.PERSON
        and actor.country == home_country
        # "President of Ukraine", not "President of Ukraine (2014-2019)": a past term
        and any(
            role.casefold().startswith(title + " of ") and "(" not in role for role in actor.roles
        )
    ]


def _bodies(
    label: str, entities: Sequence[Entity], registry: ActorRegistry, home_country: str | None
) -> list[str]:
    name = label.removeprefix("The ").removeprefix("the ").replace("’", "'")
    candidates = registry.qualified_forms(name)
    named = sorted(candidates & {e.actor_id for e in entities})
    if named:
        return named
    return sorted(c for c in candidates if registry.actors[c].country == home_country)


def _holds(role: str, title: str) -> bool:
    """Whether ``role`` ("President", "Ukrainian President") is the office ``title``
    names, not a deputy's or a predecessor's ("Vice President", "former President")."""
    words = role.casefold().replace("-", " ").split()
    deputy_or_past = {"vice", "deputy", "former", "ex"} & set(words)
    return f" {title} " in f" {' '.join(words)} " and not deputy_or_past
