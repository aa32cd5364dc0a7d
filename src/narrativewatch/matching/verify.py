"""Verification of a claim against the catalog statement it resembles.

Sentence embeddings do not see who does what: "Belarus is massing troops near Ukraine",
"Ukraine is withdrawing troops from the Belarus border" and "Ukraine is not massing troops"
all score as high as the statement "Ukraine is massing troops near Belarus" itself. So a
candidate is *verified* only if none of these checks finds a contradiction:

- **roles reversed**: both texts name the same two actors, but a different one acts first;
- **another agent**: the two texts' agents are on different sides (countries, or the
  actors themselves when they have none) and the claim never names the statement's side
  where it could be acting (`agents`: not "in Ukraine", not "Ukraine's power plant", not a
  trailing "- Kyiv" credit): "Poland and the Baltic states are building up forces at the
  Belarusian border" is not "the Ukrainian army is building up forces at the Belarusian
  border", nor is "Russian shelling hits Ukraine power plant" "Ukraine shells the plant".
  Against a statement that names no agent, a claim in which Russia or Belarus acts is
  another agent when no statement of the narrative has them act. Not another agent: a
  country the narrative accuses (`index.accused_countries`: "US military biolabs in
  Ukraine" accuses both), nor an alliance and its member ("the US and its allies" where
  the statement has NATO act; registry `member_of`);
- **agent absent**: the narrative's statements have a country acting
  (`index.acting_countries`) and the claim names none of them where it could be acting
  (or after "by"), nor has a country the narrative accuses acting ("biolabs in Ukraine
  develop weapons", where the statements have the US act): only the topic. "The
  Zaporizhzhia plant lost power after shelling" and "a nuclear disaster in Ukraine" carry
  no accusation that Ukraine shells the plant, however close their vectors are to one;
- **negation**: the claim negates or denies more than the statement does — unless what
  it negates is one of the narrative's contrary terms ("there was no annexation" denies
  the facts, not the narrative);
- **opposite action**: the claim and the statement use verbs from opposite groups (massing
  vs withdrawing, attacking vs defending) — the claim's verbs outside clauses that call
  something a myth, a lie or "so-called" («Миф о российской агрессии придуман Западом»
  rejects the aggression it names);
- **contrary**: the claim asserts one of the narrative's contrary terms, the words of the
  facts it denies ("Russia annexed Crimea after a sham referendum" for *Crimea voluntarily
  reunited with Russia*; `contrary`).
- **subject absent**: the narrative names its subject (`about`: "MH17", «Краматорск») and
  the claim's document names none of it: "The Ukrainian military shot down a Russian Su-34
  near Izium" is about another aircraft than *Ukraine shot down MH17*, whatever its vector
  says. The document, not the sentence: "the Boeing was hit by a Ukrainian missile" under
  a headline on MH17 carries it.

An unverified candidate is never suggested as a match, but it still tells what the claim is
about: a negated, opposite or contrary claim *refutes* the narrative (for its speaker's stance;
`document` says which make a document's denial).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from narrativewatch.actors.registry import ActorRegistry
from narrativewatch.analysis.cues import CLAUSE_PUNCTUATION
from narrativewatch.analysis.nlp import natasha_models
from narrativewatch.matching.agents import TextActors, side
from narrativewatch.matching.contrary import read_contrary
from narrativewatch.matching.index import VOICE_COUNTRIES, StatementRow, claim_actors
from narrativewatch.matching.stance import denies, doubts

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
        "attack", "invad", "invasion", "offensive", "assault", "aggress", "retak", "recaptur",
        "напад", "атак", "вторж", "наступлени", "агресси", "отвоева", "отбить",
        "вторгн", "наступ", "агресі", "відвоюва", "відбити",
    ),
    "defence": (
        "defend", "defenc", "defens", "protect", "repel", "repuls",
        "оборон", "защищ", "защит", "отбил", "отбива", "отража", "отрази",
        "захищ", "захист", "відбил", "відбива", "відбиваю",
    ),
}  # fmt: skip
_OPPOSITES = (("buildup", "withdrawal"), ("attack", "defence"))


# Pronouns and reflexives that refer back to an actor named before the claim.
_REFERS_BACK = re.compile(
    r"(?<!\w)(?:it|its|they|their|them|he|his|she|her|"
    r"он|она|оно|они|его|её|ее|их|свой|своя|своё|свое|свои|своего|своей|своих|своим|своими|"
    r"він|вона|воно|вони|його|її|їх|свій|своя|своє|свої|свого|своєї|своїх|своїм|своїми)(?!\w)",
    re.IGNORECASE,
)


# The checks, by the name a failed one has in `Candidate.signals`.
VERIFICATION_CHECKS = (
    "roles_reversed",
    "other_agent",
    "agent_absent",
    "negated",
    "opposite_action",
    "contrary",
    "subject_absent",
)


@dataclass(frozen=True, slots=True)
class Verification:
    roles_reversed: bool
    negated: bool
    opposite_action: bool
    other_agent: bool = False
    agent_absent: bool = False
    contrary: bool = False
    subject_absent: bool = False

    @property
    def verified(self) -> bool:
        return not (
            self.roles_reversed
            or self.negated
            or self.opposite_action
            or self.other_agent
            or self.agent_absent
            or self.contrary
            or self.subject_absent
        )

    def signals(self) -> tuple[str, ...]:
        return tuple(name for name in VERIFICATION_CHECKS if getattr(self, name))


def verify(
    claim_text: str,
    claim_language: str | None,
    statement: StatementRow,
    registry: ActorRegistry,
    found: TextActors | None = None,
    acting: frozenset[str] = frozenset(),
    context: TextActors | None = None,
    agent_sides: frozenset[str] = frozenset(),
    accused: frozenset[str] = frozenset(),
    contrary: Sequence[str] = (),
    subject_named: bool = True,
) -> Verification:
    """Check a claim against one catalog statement of a narrative whose statements have
    the countries ``acting`` (codes) act and which accuses ``accused``. ``found``
    (`index.claim_actors`) may be passed when already computed for the claim; ``context``,
    the actors of the sentence before it, counts for "agent absent" only when the claim
    itself names no actor acting (it refers back: "to blow it up on its own territory").
    ``contrary``: the narrative's contrary terms (`contrary`). ``subject_named``: whether the
    claim's document names the narrative's subject (its ``about`` terms, when it has any)."""
    found = found or claim_actors(claim_text, registry, claim_language)
    agent, actors = found.agent, found.actors
    reversed_roles = (
        agent is not None
        and statement.agent is not None
        and statement.agent != agent
        and statement.agent in actors
        and agent in statement.actors
    )
    # The sides the claim's agent must be on: the statement's agent's. When the statement
    # names none ("toxic agents were delivered to Ukrainian units"), a claim in which Russia
    # or Belarus acts ("Russia used chemical munitions 465 times") does not carry a
    # narrative none of whose statements has them act: the catalog's narratives are theirs
    # to voice, not about what they do. Another country acting is left to "agent absent"
    # (it may be the narrative's own actor under another name: "the West arms Kyiv").
    agent_side = side(agent, registry) if agent is not None else None
    if statement.agent is not None:
        expected = frozenset({side(statement.agent, registry)})
    elif agent_side in VOICE_COUNTRIES and agent_sides:
        expected = agent_sides
    else:
        expected = frozenset()
    # A country the narrative accuses acting in the claim is the narrative's own actor even
    # where the statements have another act: "US military biolabs in Ukraine" accuses both,
    # and "Ukrainian biolabs develop weapons" or "the Lugar lab in Georgia" carry it.
    accused_acting = accused & _sides(
        frozenset(m.actor_id for m in found.mentions if m.acting or m.forces), registry
    )
    other_agent = (
        agent_side is not None
        and bool(expected)
        and not reversed_roles
        and agent_side not in expected
        and agent_side not in accused
        and not (expected & _sides(found.co_agents(), registry))
        # "The US and its allies" where the statement has NATO act: one camp
        and not (
            agent is not None
            and statement.agent is not None
            and registry.one_camp(agent, statement.agent)
        )
    )
    # Only when no other actor is seen acting instead (that is the two checks above).
    named = _sides(found.named_as_actor(), registry)
    if context is not None and refers_back(claim_text, found, claim_language):
        named |= _sides(context.named_as_actor(), registry)
    agent_absent = (
        bool(acting)
        and not (reversed_roles or other_agent)
        and not (named & acting)
        and not accused_acting
    )
    contrary_terms = read_contrary(claim_text, contrary, claim_language)
    # "There was no annexation": the negation is the narrative's own (`contrary`).
    negated = not contrary_terms.denied and denies(
        claim_text, statement.text, claim_language, statement.language
    )
    claim_groups = _claim_groups(claim_text, claim_language)
    statement_groups = _groups(statement.text)
    opposite = any(
        (a in claim_groups and b in statement_groups and a not in statement_groups)
        or (b in claim_groups and a in statement_groups and b not in statement_groups)
        for a, b in _OPPOSITES
    )
    return Verification(
        reversed_roles,
        negated,
        opposite,
        other_agent,
        agent_absent,
        contrary_terms.asserted is not None,
        not subject_named,
    )


# A Russian or Ukrainian proposition that opens with a verb in the third person plural
# has no subject of its own: «В Минобороны России заявили, что наносят удары только по
# военным объектам», «У Міноборони заявили, що завдають ударів …» — who acts is who spoke.
_FIRST_WORD = re.compile(r"\s*(?:что|що)?\s*(?:не\s+)?(?P<word>[а-яёіїєґ'’]+)", re.IGNORECASE)
# Ukrainian has no dictionary here: its plural endings (present, past), on longer words.
_UKRAINIAN_PLURAL_VERB = re.compile(r"[а-яіїєґ'’]{3,}(?:ють|ять|уть|ли)", re.IGNORECASE)


def refers_back(claim_text: str, found: TextActors, language: str | None = None) -> bool:
    """Whether a claim with no agent of its own points back to one named before it: by a
    pronoun, or (ru, uk) by opening with a plural verb whose subject is left out."""
    if found.agent is not None:
        return False
    return _REFERS_BACK.search(claim_text) is not None or _opens_with_plural_verb(
        claim_text, language
    )


def _opens_with_plural_verb(claim_text: str, language: str | None) -> bool:
    first = _FIRST_WORD.match(claim_text) if language in ("ru", "uk") else None
    if first is None:
        return False
    word = first.group("word")
    if language == "uk":
        return _UKRAINIAN_PLURAL_VERB.fullmatch(word) is not None
    # pymorphy2's dictionary (natasha brings it): the likeliest reading a plural verb
    tag = natasha_models().morph_vocab.parse(word.lower())[0].tag
    return tag.POS == "VERB" and tag.number == "plur"


def _sides(actors: frozenset[str], registry: ActorRegistry) -> frozenset[str]:
    return frozenset(side(actor_id, registry) for actor_id in actors)


@lru_cache(maxsize=1024)
def _claim_groups(text: str, language: str | None) -> frozenset[str]:
    """The action groups of a claim's clauses that call nothing a myth, a lie or
    "so-called": an action named there is what the claim rejects, not what it states
    («Миф о российской агрессии придуман Западом, Россия лишь защищается» states defence
    only). Cached: a claim is verified against each of its top candidates."""
    return _groups(
        " | ".join(
            clause for clause in CLAUSE_PUNCTUATION.split(text) if not doubts(clause, language)
        )
    )


def _groups(text: str) -> frozenset[str]:
    lowered = text.lower()
    return frozenset(name for name, pattern in _group_patterns() if pattern.search(lowered))


@cache
def _group_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (name, re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, stems)) + r")"))
        for name, stems in _ACTION_GROUPS.items()
    )
