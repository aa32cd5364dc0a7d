"""Contrary content: a claim that states what a narrative denies.

A news report of the facts a narrative exists to deny reads, to a sentence embedding, like
the narrative itself: "Russia annexed Crimea after a sham referendum held under military
occupation" sits as close to *Crimea voluntarily reunited with Russia in a legal
referendum* as the narrative's own statements do, and it has no negation, no other actor
and no opposite verb for verification to see. Its words do: "annexed", "sham referendum",
"occupation" are the ones the narrative was made to replace.

So a catalog narrative may list **contrary terms** (`contrary:` in its YAML, by language),
and a claim that *asserts* one contradicts the narrative (verification's ``contrary``
signal). A term is a sequence of word beginnings ("sham referendum" also finds "sham
referendums"; «аннекс» finds «аннексия», «аннексировала»); "…" between two words lets up
to four words stand between them ("storage … full"). A term is not asserted where its
clause is negated ("Russia did not annex Crimea", «аннексии не было»), where its clause
has a debunking, distancing, "staged" or "lack of" word ("the myth of Russian
aggression", "the so-called annexation", "Russian atrocities in Bucha are a staged
provocation", "a twisted narrative about Russian aggression"), where a naming or accusing
word stands before it ("what the West calls an annexation", «то, что Запад называет
аннексией», "NATO accused Russia of annexing Crimea") or one that makes it an aim or a
forecast ("sanctions meant to hit Russia", "predicted that Russia's economy would
shrink"), or inside quotation marks (the "annexation"; «…», what others
are quoted saying) or after scare quotes in its sentence ('Russia "illegally" annexed
Crimea'): the narrative's own voice uses the words that way.

A term negated where it stands ("there was no annexation", "Crimea was never annexed",
«никакой аннексии не было») is the narrative's own denial of the facts: such a claim
affirms the narrative, and verification does not read its negation as denying it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from narrativewatch.analysis.cues import CLAUSE_PUNCTUATION
from narrativewatch.matching.stance import doubts, negations
from narrativewatch.matching.terms import term_pattern
from narrativewatch.model import Span

# Words that name a thing as someone else's word for it: "what the West calls annexation".
# And words that make it someone's accusation: "NATO accused Russia of annexing Crimea".
_NAMING = re.compile(
    r"(?<!\w)(?:call(?:s|ed|ing)?|term(?:s|ed)?|label(?:s|led|ed)?|dub(?:s|bed)?|"
    r"accus\w*|alleg\w*|"
    r"называ\w*|назвал\w*|именова\w*|именуют|назива\w*|назвав\w*|іменую\w*|"
    r"обвин\w*|звинува\w*|звинуват\w*)(?!\w)",
    re.IGNORECASE,
)
# Words that call what they qualify staged, invented or missing, beyond the debunking
# vocabulary of `stance` (which an outlet's own refutation uses): "Russian atrocities in
# Bucha are a staged provocation", «зверства российских военных в Буче — постановка», "the
# lack of solid evidence" — not the verb of "Russia staged a referendum".
_CALLS_FALSE = re.compile(
    r"(?<!\w)(?:(?:is|are|was|were|been|be|being|a|an|the)\s+staged|provocation|"
    r"lack\w*|absen\w*|отсутстви\w*|нехватк\w*|відсутн\w*|брак\w*|"
    r"invent\w*|narratives?|twisted|distort\w*|"
    r"постановк\w*|инсценир\w*|провокаци\w*|выдум\w*|вымысл\w*|нарратив\w*|искаж\w*|"
    r"інсцен\w*|провокаці\w*|вигад\w*|наратив\w*|викривл\w*)(?!\w)",
    re.IGNORECASE,
)
# Words that make what follows an aim, a plan, a forecast or a hope, not a fact:
# "sanctions meant to hit Russia have hurt Europe", "designed to cripple Russia's
# economy", "the West predicted that Russia's economy would shrink", "claiming that Russia
# intends to invade Ukraine", "speculated about Moscow's plans to invade".
_NOT_A_FACT = re.compile(
    r"(?<!\w)(?:meant|designed|intend\w*|aimed|supposed|in\s+order|would|predict\w*|"
    r"expect\w*|forecast\w*|hop(?:e|ed|es|ing)|plans?\s+to|planning\s+to|speculat\w*|"
    r"призван\w*|направлен\w*|чтобы|с\s+целью|прогноз\w*|ожида\w*|предсказ\w*|"
    r"надея\w*|надеял\w*|намерен\w*|намерева\w*|планиру\w*|планы|планах|плани|"
    r"призначен\w*|спрямован\w*|щоб|з\s+метою|очіку\w*|"
    r"передбач\w*|сподіва\w*|намір\w*|планує\w*|планують)(?!\w)",
    re.IGNORECASE,
)
# A word or two in quotation marks before the term or in it, in its sentence: scare
# quotes ('Russia "illegally" annexed Crimea', 'Russian “war crimes”' are the narrative's
# voice mocking the charge). Not a name: Russian and Ukrainian put the names of weapons,
# units and projects in quotation marks («сбит российским «Буком»», «Азов», «Северный поток»).
_SCARE_QUOTES = re.compile(r"(?<!\w)[\"«“'‘](?![A-ZА-ЯЁІЇЄҐ])[\w'’ -]{1,30}[\"»”'’](?!\w)")
# A negation right before a term, with at most auxiliaries between ("there was no
# annexation", "Crimea was never annexed", "did not annex", «не было аннексии», «никакой
# аннексии», «жодної анексії»), or saying right after it that it did not happen
# («аннексии не было», «анексії не було», "annexation never happened"; not «аннексия не
# признана», "not recognised").
_NEGATED_BEFORE = re.compile(
    r"(?<![\w-])(?:no|not|never|\w+n['’]t|не|нет|ни|никак\w*|никогда|ні|жодн\w*|ніколи|ніяк\w*)"
    r"\s+(?:(?:been|be|was|were|is|are|did|do|does|has|have|had|ever|any|an?|the|such|"
    r"было|был|была|были|бы|будет|було|був|була|були|б|буде)\s+)*$",
    re.IGNORECASE,
)
_NEGATED_AFTER = re.compile(
    r"\s+(?:не\s+было|не\s+було|never\s+(?:happened|took\s+place))(?![\w-])", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?]\s")
_NEXT_WORDS = re.compile(r"(?:\W+[\w'’-]+){1,4}")  # the four words after a marker


@dataclass(frozen=True, slots=True)
class ContraryReading:
    """What a claim does with a narrative's contrary terms."""

    asserted: Span | None  # the first term the claim asserts: it contradicts the narrative
    # A term negated right where it stands ("there was no annexation", "Crimea was never
    # annexed", «аннексии не было»): the claim *affirms* the narrative, whatever its
    # negations would otherwise say.
    denied: bool


def read_contrary(text: str, terms: Sequence[str], language: str | None) -> ContraryReading:
    """How ``text`` uses the narrative's contrary ``terms`` (the module docstring says
    when a term is asserted)."""
    asserted, denied = None, False
    for match in term_pattern(tuple(terms)).finditer(text) if terms else ():
        clause_start = _clause_start(text, match.start())
        clause = text[clause_start : _clause_end(text, match.end())]
        before = text[clause_start : match.start()]
        sentence_start = _sentence_start(text, match.start())
        if negations(clause, language):
            # Only a negation at the term itself denies it: in "the annexation was not
            # legal" the negation is the legality's, in "did not recognise the annexation"
            # the recognition's.
            denied = denied or bool(
                _NEGATED_BEFORE.search(before)
                or _NEGATED_AFTER.match(text, match.end())
                or negations(match.group(), language)  # "Crimea was never annexed"
            )
            continue
        if (
            asserted is None
            and not doubts(clause, language)
            and not _CALLS_FALSE.search(clause)
            and not _NAMING.search(before)
            # (the whole sentence: «Запад надеялся, что Россия …»)
            and not _NOT_A_FACT.search(text, sentence_start, match.start())
            and not _inside_quotes(text, match.start())
            and not _SCARE_QUOTES.search(text, sentence_start, match.end() + 1)
        ):
            asserted = Span(match.start(), match.end())
    return ContraryReading(asserted, denied)


def aimed_at_facts(text: str, marker: Span, terms: Sequence[str]) -> bool:
    """Whether the debunking or distancing word at ``marker`` is aimed at the facts a
    narrative denies — one of its contrary ``terms`` begins within four words after it, in
    its clause: "the myth of Russian aggression", «так называемая аннексия Крыма». Such a
    word is the narrative's voice, not a rebuttal of it."""
    if not terms:
        return False
    window = _NEXT_WORDS.match(text, marker.end)
    clause_end = _clause_end(text, marker.end)
    # Only the marker's clause is searched: the marker may stand anywhere in a long text.
    found = term_pattern(tuple(terms)).search(text, marker.end, clause_end)
    return found is not None and found.start() < (window.end() if window else marker.end)


def _inside_quotes(text: str, position: int) -> bool:
    """Whether ``position`` is inside quotation marks opened before it in ``text``: «…»,
    “…”, or an odd number of straight double quotes — or right after a single quote (the
    'annexation')."""
    before = text[:position]
    # “ opens English quotes and closes the „…“ of Ukrainian and German ones.
    curly = (
        before.count("„") > before.count("“")
        if "„" in before
        else before.count("“") > before.count("”")
    )
    return (
        curly
        or before.count("«") > before.count("»")
        or before.count('"') % 2 == 1
        or before.rstrip()[-1:] in ("'", "‘")
    )


def _sentence_start(text: str, position: int) -> int:
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, position)]
    return starts[-1] if starts else 0


def _clause_start(text: str, position: int) -> int:
    starts = [m.end() for m in CLAUSE_PUNCTUATION.finditer(text, 0, position)]
    return starts[-1] if starts else 0


def _clause_end(text: str, position: int) -> int:
    found = CLAUSE_PUNCTUATION.search(text, position)
    return found.start() if found else len(text)
