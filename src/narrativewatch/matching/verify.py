"""Verification of a claim against the catalog statement it resembles.

Sentence embeddings do not see who does what: "Belarus is massing troops near Ukraine",
"Ukraine is withdrawing troops from the Belarus border" and "Ukraine is not massing troops"
all score as high as the statement "Ukraine is massing troops near Belarus" itself. So a
candidate is *verified* only if none of these checks finds a contradiction:

- **roles reversed**: both texts name the same two actors, but a different one acts first;
- **another agent**: the two texts' agents are on different sides (countries, or the
  actors themselves when they have none) and the claim never names the statement's agent:
  "Poland and the Baltic states are building up forces at the Belarusian border" is not
  "the Ukrainian army is building up forces at the Belarusian border";
- **negation**: the claim negates or denies more than the statement does;
- **opposite action**: the claim and the statement use verbs from opposite groups (massing
  vs withdrawing, attacking vs defending).

An unverified candidate is never suggested as a match, but it still tells what the claim is
about: a negated or opposite claim *refutes* the narrative (used for actor stances).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from narrativewatch.actors.registry import ActorRegistry
from narrativewatch.matching.index import StatementRow, agent_and_actors
from narrativewatch.matching.stance import negations

# Opposite action groups, by word stem, in en/ru/uk.
_ACTION_GROUPS: dict[str, tuple[str, ...]] = {
    "buildup": (
        "mass", "amass", "gather", "concentrat", "build up", "building up", "build-up",
        "buildup", "reinforc", "deploy", "ramp up", "stockpil",
        "стягива", "стянул", "сосредоточ", "сосредотач", "наращива", "нарастил", "скаплива",
        "скоплени", "концентрир", "перебрас", "развертыва", "развёртыва",
        "стяг", "зосередж", "нарощу", "наростил", "накопич", "скупчен", "перекида",
        "розгорта",
    ),
    "withdrawal": (
        "withdraw", "pull back", "pulling back", "pull out", "pulling out", "retreat",
        "reduc", "scal back", "scaling back",
        "отвод", "отвел", "отвёл", "отводи", "вывод", "вывел", "выводи", "сокраща", "сократи",
        "відвод", "відвів", "вивод", "вивів", "скороч",
    ),
    "attack": (
        "attack", "invad", "invasion", "offensive", "assault", "aggress",
        "напад", "атак", "вторж", "наступлени", "агресси",
        "вторгн", "наступ", "агресі",
    ),
    "defence": (
        "defend", "defenc", "defens", "protect",
        "оборон", "защищ", "защит",
        "захищ", "захист",
    ),
}  # fmt: skip
_OPPOSITES = (("buildup", "withdrawal"), ("attack", "defence"))


@dataclass(frozen=True, slots=True)
class Verification:
    roles_reversed: bool
    negated: bool
    opposite_action: bool
    other_agent: bool = False

    @property
    def verified(self) -> bool:
        return not (self.roles_reversed or self.negated or self.opposite_action or self.other_agent)

    @property
    def contradicts(self) -> bool:
        """The claim says the opposite of the statement (as opposed to being about other
        actors): evidence that its speaker refutes the narrative."""
        return self.negated or self.opposite_action

    def signals(self) -> tuple[str, ...]:
        names = ("roles_reversed", "other_agent", "negated", "opposite_action")
        return tuple(name for name in names if getattr(self, name))


def verify(
    claim_text: str,
    claim_language: str | None,
    statement: StatementRow,
    registry: ActorRegistry,
    claim_actors: tuple[str | None, frozenset[str]] | None = None,
) -> Verification:
    """Check a claim against one catalog statement. ``claim_actors`` (agent, all actors) may
    be passed when already computed for the claim."""
    agent, actors = claim_actors or agent_and_actors(claim_text, registry)
    reversed_roles = (
        agent is not None
        and statement.agent is not None
        and statement.agent != agent
        and statement.agent in actors
        and agent in statement.actors
    )
    other_agent = (
        agent is not None
        and statement.agent is not None
        and not reversed_roles
        and _side(statement.agent, registry) != _side(agent, registry)
        and _side(statement.agent, registry) not in {_side(a, registry) for a in actors}
    )
    negated = negations(claim_text, claim_language) > negations(statement.text, statement.language)
    claim_groups = _groups(claim_text)
    statement_groups = _groups(statement.text)
    opposite = any(
        (a in claim_groups and b in statement_groups and a not in statement_groups)
        or (b in claim_groups and a in statement_groups and b not in statement_groups)
        for a, b in _OPPOSITES
    )
    return Verification(reversed_roles, negated, opposite, other_agent)


def _side(actor_id: str, registry: ActorRegistry) -> str:
    """Whose side an actor acts for: its country ("the Ukrainian army" and "Kyiv" are
    Ukraine's), else itself (NATO, the EU)."""
    actor = registry.actors.get(actor_id)
    return (actor.country if actor and actor.country else actor_id).lower()


def _groups(text: str) -> frozenset[str]:
    lowered = text.lower()
    return frozenset(name for name, pattern in _group_patterns() if pattern.search(lowered))


@cache
def _group_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (name, re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, stems)) + r")"))
        for name, stems in _ACTION_GROUPS.items()
    )
