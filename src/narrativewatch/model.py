"""The data model: every record NarrativeWatch reads, derives or stores.

Annotations are spans — ``start``/``end`` character offsets into ``Document.text`` — so
every quote, claim and match can show the exact characters behind it
(``document.text[span.start:span.end]``).

The classes are plain, typed dataclasses. Stages build them; the store persists them;
``narrativewatch.report`` turns them into the stable JSON document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Language(StrEnum):
    """Languages the analysis stages support. Other languages are stored but not analysed."""

    EN = "en"
    RU = "ru"
    UK = "uk"


SUPPORTED_LANGUAGES: frozenset[str] = frozenset(lang.value for lang in Language)


class EntityType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    LOCATION = "location"


class ActorKind(StrEnum):
    """What an actor is. ``state_body`` and ``outlet`` matter for risk: a narrative voiced by a
    state body or carried by state media weighs more than one from an anonymous account."""

    PERSON = "person"
    STATE_BODY = "state_body"
    OUTLET = "outlet"
    ORGANIZATION = "organization"
    PARTY = "party"
    COUNTRY = "country"
    PLACE = "place"


class Stance(StrEnum):
    """Stance toward a narrative. The outlet's stance and each quoted actor's are separate:
    an article can refute a narrative while reporting who promotes it."""

    PROMOTES = "promotes"
    REPORTS = "reports"
    REFUTES = "refutes"


class MatchStatus(StrEnum):
    SUGGESTED = "suggested"
    AUTO = "auto"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class QuoteKind(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` in a document's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Document:
    """One article, feed item or post, normalised to plain text.

    ``id`` is the store's id, or ``None`` before the document is stored. ``content_hash`` is
    the SHA-256 of the normalised text: the key of exact de-duplication.
    """

    text: str
    content_hash: str
    source: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    published_at: datetime | None = None
    published_at_source: str | None = None  # where the date came from: "metadata", "text", …
    id: int | None = None
    duplicate_of: int | None = None
    duplicate_similarity: float | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span
    index: int
    paragraph: int


# The id prefix of an actor found only in one text, not in the registry.
ADHOC_PREFIX = "adhoc:"


def in_registry(actor_id: str) -> bool:
    """Whether ``actor_id`` names a registry actor rather than an ad-hoc one."""
    return not actor_id.startswith(ADHOC_PREFIX)


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical person, organisation, outlet or place, with aliases in en/ru/uk.

    ``id`` is a stable slug (``dmitry-peskov``); actors found only in one text get an id
    prefixed ``adhoc:`` (`ADHOC_PREFIX`).
    """

    id: str
    name: str
    kind: ActorKind
    names: dict[str, str] = field(default_factory=dict)  # language -> canonical name
    aliases: tuple[str, ...] = ()
    country: str | None = None
    roles: tuple[str, ...] = ()
    level: str | None = None  # head_of_state, spokesperson, ministry, state_media, …
    description: str | None = None
    # The country whose line the actor carries when it is not its own country's: a
    # pro-Kremlin outlet or politician outside Russia (Strana.ua, Medvedchuk: "RU").
    aligned_with: str | None = None
    # The alliances and unions a country belongs to, by actor id ("nato",
    # "european-union"): NATO acting and the US acting are one camp (`matching.verify`).
    member_of: tuple[str, ...] = ()

    @property
    def voice_country(self) -> str | None:
        """The country the actor speaks for: whose narratives it can voice as its own, and
        whose accusations it answers when it is accused (`matching.document`)."""
        return self.aligned_with or self.country


@dataclass(frozen=True, slots=True)
class Entity:
    """A mention of a person, organisation or place, resolved to an actor where possible."""

    span: Span
    text: str
    type: EntityType
    actor_id: str
    role: str | None = None  # as the text gives it: "Putin's spokesman"
    role_span: Span | None = None
    method: str = "ner"  # "ner", "gazetteer", "coreference", "settlements", "demonym"
    base_form: bool = False  # written exactly as a registry alias (nominative, not inflected)


@dataclass(frozen=True, slots=True)
class Quote:
    """Speech or writing attributed to a speaker: direct ("…," X said) or indirect
    (X said that …). ``content`` is the span of the reported words.

    ``speaker_anonymous``: the speaker is an unnamed source ("a senior official", «источник
    в Минобороны»); ``speaker_actor_id`` is then the body it is said to belong to, if any.
    ``addressee``: whom the speaker told, when the text names them ("told Reuters",
    «сообщил ТАСС», «співрозмовник "Української правди"») — for an unnamed source, the
    outlet that carries its words."""

    span: Span  # the whole quotation construction
    content: Span
    cue: Span
    kind: QuoteKind
    speaker_actor_id: str | None
    speaker: Span | None  # the mention of the speaker in the text
    speaker_text: str | None
    speaker_anonymous: bool = False
    addressee: Span | None = None
    addressee_actor_id: str | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """A cited source: "Source: RIA Novosti", "citing Peskov", "со ссылкой на ТАСС".

    ``scope`` is the stretch of text the citation vouches for (the sentence, or the
    paragraph a "Source:" line follows). ``source_anonymous``: the source is unnamed
    ("citing two officials", «со ссылкой на источник в Минобороны»); its actor is then the
    body the source is placed in, if any."""

    span: Span
    cue: Span
    source: Span
    source_text: str
    source_actor_id: str | None
    scope: Span
    via_actor_id: str | None = None  # "RIA Novosti, citing Peskov": via=RIA, source=Peskov
    source_anonymous: bool = False


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A date in the text, resolved against the publication date."""

    span: Span
    text: str
    value: date
    granularity: str = "day"  # "day", "month", "year"


@dataclass(frozen=True, slots=True)
class Claim:
    """A check-worthy statement. ``span`` is the proposition itself (for "X stated that Y",
    the span of Y); ``sentence_index`` points to the sentence that holds it."""

    span: Span
    text: str
    sentence_index: int
    score: float
    speaker_actor_id: str | None = None  # who asserts it, if the text attributes it
    quote_index: int | None = None
    attributed: bool = False  # the text reports it as someone's claim, not in its own voice
    # The trained classifier's probability that the claim is check-worthy, and its verdict
    # at the threshold of the claim's language (None when the classifier is not loaded).
    checkworthiness: float | None = None
    check_worthy: bool | None = None


@dataclass(frozen=True, slots=True)
class NarrativeStatement:
    language: str
    text: str


@dataclass(frozen=True, slots=True)
class Narrative:
    """A known hostile narrative from the catalog."""

    id: str
    title: str
    summary: str
    category: str
    risk: str
    statements: tuple[NarrativeStatement, ...]
    references: tuple[str, ...]
    techniques: tuple[str, ...] = ()
    debunk: str | None = None
    variants: tuple[NarrativeStatement, ...] = ()
    keywords: tuple[str, ...] = ()
    # words of the facts the narrative denies ("annex", "sham referendum"): a claim that
    # asserts one contradicts it (narrativewatch.matching.contrary)
    contrary: tuple[str, ...] = ()
    # words that name what the narrative is about — its event, place or object ("MH17",
    # "Boeing", «Краматорск»): a document that names none of them cannot carry it
    # (narrativewatch.matching.terms; verification's "subject_absent")
    about: tuple[str, ...] = ()
    source_file: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked narrative candidate for one claim, with the signals behind its score."""

    narrative_id: str
    score: float
    dense: float
    lexical: float
    statement: str  # the catalog statement or variant that matched best
    statement_language: str
    # score minus the claim's median score over all narratives: how much this narrative
    # stands out for this claim. Thresholds apply to it (docs/matching.md says why).
    margin: float = 0.0
    # failed verification checks ("roles_reversed", "other_agent", "agent_absent", "negated",
    # "opposite_action", "contrary", "subject_absent"); a candidate with any is never
    # suggested (narrativewatch.matching.verify)
    signals: tuple[str, ...] = ()

    @property
    def verified(self) -> bool:
        return not self.signals


@dataclass(frozen=True, slots=True)
class ActorStance:
    actor_id: str
    stance: Stance
    evidence: Span
    via: str  # "quote", "unnamed_source" (a quote of one), "attribution", "claim"


@dataclass(frozen=True, slots=True)
class Match:
    """A narrative recognised in a document: the best claim, the ranked alternatives, the
    document's own stance and each quoted or cited actor's stance."""

    narrative_id: str
    score: float
    confidence: float  # the evidence claim's margin (see Candidate.margin)
    method: str
    status: MatchStatus
    evidence: Span  # the claim span
    evidence_sentence: Span
    claim_index: int
    statement: str
    stance: Stance
    stance_evidence: tuple[Span, ...] = ()
    actor_stances: tuple[ActorStance, ...] = ()
    supporting_claims: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the analysis and matching stages derive from one document."""

    document: Document
    language: str | None
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    actors: tuple[Actor, ...]
    quotes: tuple[Quote, ...]
    attributions: tuple[Attribution, ...]
    time_expressions: tuple[TimeExpression, ...]
    claims: tuple[Claim, ...]
    candidates: tuple[tuple[Candidate, ...], ...] = ()  # per claim, best first
    matches: tuple[Match, ...] = ()
    warnings: tuple[str, ...] = ()
    # the registry actor of the publishing outlet ("RIA Novosti", "ria.ru"), when known:
    # its country tells where a narrative crossed a border
    outlet_actor: Actor | None = None


class AppearanceRole(StrEnum):
    """Who carried a narrative in a document: the outlet that published it, an actor it
    quotes (speaker) or an actor it cites as its source."""

    OUTLET = "outlet"
    SPEAKER = "speaker"
    SOURCE = "source"


@dataclass(frozen=True, slots=True)
class Appearance:
    """One narrative × document × actor × time: the unit of timelines, traces and surges.

    ``stance`` is the outlet's stance for role ``outlet`` and the actor's own for a speaker or
    source, so a document that refutes a narrative is counter-evidence, not spread.
    ``copy_of`` is the original document when this one is a near-duplicate copy: copies
    count once for volume but stay visible. ``country``, ``actor_kind`` and ``actor_level``
    describe the actor (for role ``outlet``, the outlet's registry entry, when known).
    """

    narrative_id: str
    document_id: int
    role: AppearanceRole
    stance: Stance
    published_at: datetime | None
    evidence: Span
    outlet: str | None = None
    actor_id: str | None = None
    actor_name: str | None = None
    actor_kind: str | None = None
    actor_level: str | None = None
    country: str | None = None
    copy_of: int | None = None
    match_status: str = MatchStatus.SUGGESTED.value
    id: int | None = None


@dataclass(frozen=True, slots=True)
class DailyCount:
    """Appearances of one series (a narrative, a country, an actor kind) on one UTC day.

    ``documents`` counts distinct stories (near-duplicate copies once); ``copies`` the
    copies on top; ``outlets`` the distinct outlets, and ``top_outlet_share`` the share of
    the day's stories from its busiest outlet, so that a surge detector can refuse to fire
    on one outlet's bulk reposting."""

    day: date
    key: str
    documents: int
    copies: int
    outlets: int
    top_outlet_share: float
