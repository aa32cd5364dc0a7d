"""Appearances: every match turned into who carried which narrative, where and when.

A match in a document yields one appearance for the outlet (with the document's own stance)
and one for every quoted or cited actor (with that actor's stance). Timelines, traces,
surges and alerts all read appearances, never raw matches.
"""

from __future__ import annotations

from narrativewatch.model import Actor, Analysis, Appearance, AppearanceRole


def appearances_of(analysis: Analysis, document_id: int) -> list[Appearance]:
    """The appearances of every narrative matched in ``analysis`` (stored as ``document_id``).

    The same actor quoted twice on one narrative appears once, with its first evidence."""
    document = analysis.document
    actors = {actor.id: actor for actor in analysis.actors}
    outlet = analysis.outlet_actor
    result = []
    for match in analysis.matches:
        result.append(
            Appearance(
                narrative_id=match.narrative_id,
                document_id=document_id,
                role=AppearanceRole.OUTLET,
                stance=match.stance,
                published_at=document.published_at,
                evidence=match.evidence,
                outlet=document.outlet,
                actor_id=outlet.id if outlet else None,
                actor_name=outlet.name if outlet else None,
                actor_kind=outlet.kind.value if outlet else None,
                actor_level=outlet.level if outlet else None,
                country=outlet.country if outlet else None,
                match_status=match.status.value,
            )
        )
        seen: set[str] = set()
        for stance in match.actor_stances:
            if stance.actor_id in seen:
                continue
            seen.add(stance.actor_id)
            actor: Actor | None = actors.get(stance.actor_id)
            result.append(
                Appearance(
                    narrative_id=match.narrative_id,
                    document_id=document_id,
                    role=(
                        AppearanceRole.SOURCE
                        if stance.via == "attribution"
                        else AppearanceRole.SPEAKER
                    ),
                    stance=stance.stance,
                    published_at=document.published_at,
                    evidence=stance.evidence,
                    outlet=document.outlet,
                    actor_id=stance.actor_id,
                    actor_name=actor.name if actor else None,
                    actor_kind=actor.kind.value if actor else None,
                    actor_level=actor.level if actor else None,
                    country=actor.country if actor else None,
                    match_status=match.status.value,
                )
            )
    return result
