"""Headline labels that stand where a speaker's name would ("Name: words"), but name a
place or an office: "Mariupol: …" says where, not who; Ukrinform's "President: …" means
Ukraine's president. (Fact-check labels, "Claim:", "Verdict:", are `labels`; newsroom
formats and topics, "Explainer:", "War in Ukraine:", are never read as speakers by
`quotes`.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from narrativewatch.actors.registry import ActorRegistry
from narrativewatch.model import ActorKind, Entity, EntityType, Quote, Span


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
    """A headline's "President: …" with the office holder as its speaker: the person the
    text introduces with that title ("President Volodymyr Zelensky emphasizes …"), else
    the publishing outlet's own country's, when the registry holds exactly one ("President
    of Ukraine"). Otherwise the quote stays without a speaker."""
    if quote.speaker_actor_id is not None or quote.cue.text_of(text).strip() != ":":
        return quote
    label = " ".join(text[quote.span.start : quote.cue.start].split())
    title = label.casefold().removeprefix("the ")
    if title not in _TITLE_LABELS:
        return quote
    introduced = [
        e.actor_id
        for e in entities
        if e.span.start >= quote.span.end
        and e.type is EntityType.PERSON
        and e.role is not None
        and _holds(e.role, title)
    ]
    holders = introduced[:1] or [
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
    if len(holders) != 1:
        return quote
    start = quote.span.start + text[quote.span.start : quote.cue.start].index(label[:1])
    return replace(
        quote,
        speaker_actor_id=holders[0],
        speaker=Span(start, start + len(label)),
        speaker_text=label,
    )


def _holds(role: str, title: str) -> bool:
    """Whether ``role`` ("President", "Ukrainian President") is the office ``title``
    names, not a deputy's or a predecessor's ("Vice President", "former President")."""
    words = role.casefold().replace("-", " ").split()
    deputy_or_past = {"vice", "deputy", "former", "ex"} & set(words)
    return f" {title} " in f" {' '.join(words)} " and not deputy_or_past
