"""Claims an analyst rejected for a narrative, and the claims that count as the same.

A rejected claim comes back: the same headline reposted by a dozen channels, with other
quotation marks, a "BREAKING:" before it or ", Polish media report" after it. An analyst
who rejected it once should not be asked again. A new claim counts as a rejected one, for
the narrative it was rejected for, when its words — case, punctuation, spacing and the
form of characters set aside (`words`) — are

- the rejected claim's words, or
- contain them, in order and together, and the rejected words are at least
  `SHARE_OF_REPOST` of the new claim's: a repost with a little added around it.

The latest decision wins, for the claim and its reposts alike: an analyst who confirms a
repost of a rejected claim (or the claim a rejected repost reposts) for the same narrative
after the rejection has changed their mind, and the rejection no longer counts.

Not a rewording. e5 places "EU Council lifts sanctions against Russia" at cosine 0.981
from "EU Council expands sanctions against Russia", and "Belarus masses troops near
Ukraine" at 0.997 from "Ukraine masses troops near Belarus": a rejected claim's close
neighbours by meaning include its opposite and its reversal, which may well carry the
narrative it did not (`tests/test_rejected.py`). A changed word is a new claim, and it is
asked about afresh.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# A repost adds a label, a source or a few words; a claim twice as long as the rejected
# one says something of its own.
SHARE_OF_REPOST = 0.6

_WORD = re.compile(r"\w+")


def words(text: str) -> tuple[str, ...]:
    """The words of ``text``, case-folded, after NFKC ("ﬁ" is "fi", a non-breaking
    space a space): what is left when punctuation, quotes, dashes and spacing go."""
    return tuple(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


@dataclass(frozen=True)
class RejectedClaims:
    """Per narrative, the words of the claims analysts rejected for it."""

    by_narrative: Mapping[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.by_narrative)

    def __len__(self) -> int:
        return sum(len(rejected) for rejected in self.by_narrative.values())

    def covers(self, text: str, narrative_id: str) -> bool:
        """Whether the claim ``text`` counts as one an analyst rejected for
        ``narrative_id``: the same words, or a repost of them (see the module)."""
        rejected = self.by_narrative.get(narrative_id)
        if not rejected:
            return False
        claim = words(text)
        return claim in rejected or any(_reposts(claim, old) for old in rejected)


def _reposts(claim: tuple[str, ...], original: tuple[str, ...]) -> bool:
    """Whether ``claim`` is ``original`` with a little added around it: its words, in order
    and together, making at least `SHARE_OF_REPOST` of the claim's."""
    if not original or len(original) < SHARE_OF_REPOST * len(claim):
        return False
    return " " + " ".join(original) + " " in " " + " ".join(claim) + " "


def _same_claim(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    return one == other or _reposts(one, other) or _reposts(other, one)


def same_claim(one: str, other: str) -> bool:
    """Whether two claim texts count as one: the same words, or either a repost of the
    other."""
    return _same_claim(words(one), words(other))


Decision = tuple[str, str, str]
"""(claim text, narrative id, "confirmed" or "rejected")."""


def rejected_claims(decisions: Iterable[Decision]) -> RejectedClaims:
    """The claims that stay rejected, from analysts' decisions in the order they were made
    (the store's `claim_decisions`: the latest per exact claim text and narrative).

    A rejection no longer counts once the same claim, or a repost of it either way, is
    confirmed for the same narrative after it.
    """
    standing: dict[str, list[tuple[str, ...]]] = {}
    for text, narrative_id, decision in decisions:
        claim = words(text)
        kept = standing.setdefault(narrative_id, [])
        if decision == "rejected":
            kept.append(claim)
        else:
            kept[:] = [old for old in kept if not _same_claim(old, claim)]
    return RejectedClaims({n: frozenset(found) for n, found in standing.items() if found})
