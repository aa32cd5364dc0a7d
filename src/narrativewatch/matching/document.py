"""From ranked claims to the narratives a document carries, with stances and evidence.

A narrative is matched when at least one check-worthy claim ranks it first with a margin
(see `matching.matcher`) at or above the *suggest* threshold; at or above *auto* the match
is accepted without review. The best claim is the evidence; the others support it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from narrativewatch.analysis.cues import asserts_content
from narrativewatch.analysis.rejections import (
    dismisses,
    frames_voice_claim,
    rejects,
    statement_owner,
    states_what_is_rejected,
)
from narrativewatch.matching.contrary import aimed_at_facts
from narrativewatch.matching.index import VOICE_COUNTRIES, CatalogIndex
from narrativewatch.matching.matcher import ClaimScores
from narrativewatch.matching.rejected import RejectedClaims
from narrativewatch.matching.stance import debunk_markers, denies, document_stance, negations
from narrativewatch.model import (
    ActorStance,
    Attribution,
    Candidate,
    Claim,
    Match,
    MatchStatus,
    Quote,
    QuoteKind,
    Sentence,
    Span,
    Stance,
)

# A quote is about narrative N only if N is (within this much of) its best candidate.
RELEVANCE_MARGIN = 0.015
# Share of a narrative statement's (IDF-weighted) words a passing denial must use.
REBUTTAL_OVERLAP = 0.2


@dataclass(frozen=True, slots=True)
class MatchOptions:
    claim_threshold: float  # smallest rule score of a claim worth matching
    suggest: float
    auto: float
    relevant: float  # a quote or reported claim is *about* the narrative (a margin)
    # Analyst feedback (narrativewatch.feedback): claims an analyst rejected for a
    # narrative; such a claim, or a repost of it, never supports it again.
    rejected: RejectedClaims = field(default_factory=RejectedClaims)

    def worth_matching(self, claim: Claim) -> bool:
        """Whether ``claim`` may support a narrative: the rules find it an assertion
        (``claim_threshold``), or the trained classifier finds it check-worthy. Either
        alone misses claims: the classifier, trained on debates, rejects most
        disinformation headlines, and the rules miss claims without a named actor."""
        return claim.score >= self.claim_threshold or bool(claim.check_worthy)


def match_narratives(
    text: str,
    language: str | None,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    attributions: Sequence[Attribution],
    claims: Sequence[Claim],
    scores: ClaimScores,
    title: Span | None,
    options: MatchOptions,
    actor_countries: Mapping[str, str | None] | None = None,
    outlet_country: str | None = None,
) -> tuple[Match, ...]:
    """Matches for one document, best first. ``actor_countries`` (actor id → the country
    it speaks for) lets an accused country's officials count as refuting (see
    `_actor_stances`); ``outlet_country``, the country the publishing outlet speaks for,
    keeps the topical reporting of an outlet that does not speak for the narratives' side
    from passing for a narrative (see `_without_outlets_own_topic`)."""
    supporting: dict[str, list[tuple[float, int, Candidate]]] = {}
    # Claims that state a narrative only to deny it ("claims that Ukraine is massing troops
    # are not true"): they never support it, but a document whose only mention of the
    # narrative is a denial refutes it, and that counter-evidence must not be lost.
    denials: dict[str, list[tuple[float, int, Candidate]]] = {}
    rejected_claims, pointers = _rejecting_quotes(text, language, claims, quotes)
    pointers |= _asserting_nothing(text, language, claims, quotes)
    for claim_index, claim in enumerate(claims):
        if not options.worth_matching(claim):
            continue
        if claim_index in pointers:
            continue  # "that this is another fake": a verdict on something, not a claim
        top = leading_candidate(scores.candidates[claim_index])
        if top is None:
            continue
        # feedback: an analyst rejected this claim, or the claim it reposts
        if options.rejected.covers(claim.text, top.narrative_id):
            continue
        if top.margin < options.suggest:
            continue
        # "The IAEA denied reports that Ukraine had mined the plant": the narrative is
        # reported in order to be rejected, so the claim counts as a denial of it.
        carries, opposes = top.verified, _contradicts(top)
        if claim_index in rejected_claims and rejected_claims[claim_index][1] != "target":
            # (rejecting Kyiv's or the West's claim is no denial of a Kremlin narrative)
            carries, opposes = opposes, carries
        if carries:
            supporting.setdefault(top.narrative_id, []).append((top.margin, claim_index, top))
        elif opposes and not _reports_own_sides_action(
            claim, top, outlet_country, attributions, options.auto
        ):
            denials.setdefault(top.narrative_id, []).append((top.margin, claim_index, top))
    if outlet_country is not None:
        supporting = _without_outlets_own_topic(
            supporting,
            outlet_country,
            text,
            sentences,
            claims,
            attributions,
            title,
            quotes,
            language,
            options.auto,
        )
    # A narrative the document only denies is matched on its denials: stance refutes, for
    # review (suggested, never auto), and a source cited for a denial denies it too.
    groups = [(n, found, False) for n, found in supporting.items()]
    groups += [(n, found, True) for n, found in denials.items() if n not in supporting]
    rejections_by_reference = _rejections_by_reference(
        text,
        language,
        quotes,
        [(claims[i].span, n, False) for n, found in supporting.items() for _, i, _ in found]
        + [(claims[i].span, n, True) for n, found in denials.items() for _, i, _ in found],
        actor_countries or {},
        scores.index.accused_countries,
    )
    matches = []
    for narrative_id, found, denied in groups:
        found.sort(key=lambda item: -item[0])
        best_margin, best_index, best = found[0]
        claim_indexes = [index for _, index, _ in found]
        markers: tuple[Span, ...]
        if denied:
            stance, markers = Stance.REFUTES, (claims[best_index].span,)
        else:
            stance, markers = _stance(
                text,
                sentences,
                claims,
                claim_indexes,
                attributions,
                title,
                quotes,
                language,
                scores.index.narratives[narrative_id].contrary,
            )
        actor_stances = _actor_stances(
            narrative_id,
            language,
            claims,
            claim_indexes,
            attributions,
            scores,
            options,
            actor_countries or {},
            sources_stance=Stance.REFUTES if denied else Stance.PROMOTES,
            rejected_claims=rejected_claims,
            pointers=pointers,
            rejections=[
                (quote, its_stance)
                for quote, (referent, its_stance) in rejections_by_reference.items()
                if referent == narrative_id
            ],
            outlet_country=outlet_country,
            unnamed=frozenset(
                i
                for i, claim in enumerate(claims)
                if claim.quote_index is not None and quotes[claim.quote_index].speaker_anonymous
            ),
        )
        if (
            stance is Stance.REPORTS
            and outlet_country in VOICE_COUNTRIES
            and any(a.stance is Stance.PROMOTES for a in actor_stances)
        ):
            # The narratives' side's own media relaying its voices without a word of
            # distance ("Moscow has accused Kiev of striking the Zaporozhye plant" in RT)
            # amplify them: the outlet promotes too.
            stance = Stance.PROMOTES
        matches.append(
            Match(
                narrative_id=narrative_id,
                score=best.score,
                confidence=best_margin,
                method="hybrid:dense+lexical:denial" if denied else "hybrid:dense+lexical",
                status=(
                    MatchStatus.AUTO
                    if best_margin >= options.auto and not denied
                    else MatchStatus.SUGGESTED
                ),
                evidence=claims[best_index].span,
                evidence_sentence=sentences[claims[best_index].sentence_index].span,
                claim_index=best_index,
                statement=best.statement,
                stance=stance,
                stance_evidence=markers,
                actor_stances=actor_stances,
                supporting_claims=tuple(sorted(claim_indexes)),
            )
        )
    matches.sort(key=lambda m: (-m.confidence, -m.score))
    return tuple(matches)


def _without_outlets_own_topic(
    supporting: dict[str, list[tuple[float, int, Candidate]]],
    outlet_country: str,
    text: str,
    sentences: Sequence[Sentence],
    claims: Sequence[Claim],
    attributions: Sequence[Attribution],
    title: Span | None,
    quotes: Sequence[Quote],
    language: str | None,
    auto: float,
) -> dict[str, list[tuple[float, int, Candidate]]]:
    """``supporting`` without the claims an outlet that does not speak for Russia or
    Belarus states in its own voice below the *auto* margin, unless it states them to
    refute the narrative.

    The catalog's narratives are the Kremlin's; an outlet of another side does not voice
    them in its own words. What its own sentences share with a narrative is the topic:
    Ukrinform's "the Ukrainian military shot down an enemy missile" resembles "Ukraine shot
    down MH17", "About 208,000 Ukrainian refugees arrive in Germany" resembles "Ukrainian
    refugees bring crime to Europe", MSNBC's "Zelenskyy applauds U.N. mission to
    Zaporizhzhia nuclear power plant" resembles "Ukraine shells the plant" — e5 scores the
    topic, not the accusation. Such an outlet carries a narrative by quoting someone
    (kept: the claim is attributed), by rejecting it (kept: the stance refutes), or by
    stating it outright (kept: the claim reaches the *auto* margin). An outlet that speaks
    for Russia or Belarus (`Actor.voice_country`, so also a pro-Kremlin outlet elsewhere:
    `aligned_with`) is not concerned, nor one the registry does not place. Measured on
    RUWA's audited war news: docs/matching.md."""
    if outlet_country in VOICE_COUNTRIES:
        return supporting
    kept: dict[str, list[tuple[float, int, Candidate]]] = {}
    for narrative_id, found in supporting.items():
        own = [
            item
            for item in found
            if _outlets_own_topical_claim(
                claims[item[1]], item[0], outlet_country, attributions, auto
            )
        ]
        if not own:
            kept[narrative_id] = found
            continue
        stance, _ = _stance(
            text, sentences, claims, [i for _, i, _ in own], attributions, title, quotes, language
        )
        if stance is Stance.REFUTES:
            kept[narrative_id] = found
        elif len(own) < len(found):
            kept[narrative_id] = [item for item in found if item not in own]
    return kept


def _reports_own_sides_action(
    claim: Claim,
    top: Candidate,
    outlet_country: str | None,
    attributions: Sequence[Attribution],
    auto: float,
) -> bool:
    """Whether ``claim`` opposes its narrative only by its verb, in the own voice of an
    outlet outside the narratives' side, below *auto*: "Armed Forces of Ukraine repulse
    enemy offensives" against "Kyiv is preparing an assault" reports what its side did —
    the topic, not a denial (`_without_outlets_own_topic` says the same of support). An
    explicit denial ("the army is not amassing troops") keeps counting."""
    return top.signals == ("opposite_action",) and _outlets_own_topical_claim(
        claim, top.margin, outlet_country, attributions, auto
    )


def _outlets_own_topical_claim(
    claim: Claim,
    margin: float,
    outlet_country: str | None,
    attributions: Sequence[Attribution],
    auto: float,
) -> bool:
    """Whether an outlet placed outside the narratives' side states ``claim`` in its own
    voice, below the *auto* margin: the topic, not the narrative (the rules above)."""
    return (
        outlet_country is not None
        and outlet_country not in VOICE_COUNTRIES
        and margin < auto
        and _in_own_voice(claim, attributions)
    )


def _in_own_voice(claim: Claim, attributions: Sequence[Attribution]) -> bool:
    """Whether the document states ``claim`` itself: no speaker, no quote, no cited source."""
    return (
        claim.speaker_actor_id is None
        and claim.quote_index is None
        and not claim.attributed
        and not _in_scope(claim.span, attributions)
    )


def _rejecting_quotes(
    text: str, language: str | None, claims: Sequence[Claim], quotes: Sequence[Quote]
) -> tuple[dict[int, tuple[Span, str | None]], frozenset[int]]:
    """The claims whose speaker reports them in order to reject them ("X denied that …",
    «опроверг информацию о том, что …»; not "Russia denies involvement", which denies no
    one's claim), each with its whole quotation, which shows the rejection to the analyst
    ("denied that …", not only "that …"), and whose claim it is (`rejections.statement_owner`:
    "rejected Western claims that …"); and the claims that only pass a verdict on
    something said before («заявили, что это фейк»)."""
    rejected = {}
    pointers = set()
    for claim_index, claim in enumerate(claims):
        if claim.quote_index is None or claim.quote_index >= len(quotes):
            continue
        quote = quotes[claim.quote_index]
        cue, content = quote.cue.text_of(text), quote.content.text_of(text)
        if dismisses(cue, content, language):
            pointers.add(claim_index)
        elif rejects(cue, content, language) and states_what_is_rejected(content, language):
            # "rejected Western claims that …": the owner stands between cue and content
            owner = statement_owner(text[quote.cue.end : quote.content.end], language)
            rejected[claim_index] = (quote.span, owner)
    return rejected, frozenset(pointers)


def _asserting_nothing(
    text: str, language: str | None, claims: Sequence[Claim], quotes: Sequence[Quote]
) -> frozenset[int]:
    """The claims cut from a quote whose cue asserts nothing of its content
    (`cues.asserts_content`): what someone calls for, asks for or thanks someone for
    ("Johnson calls for [NATO meeting as soon as possible]", "Saakashvili thanked
    [President of Ukraine Volodymyr Zelensky]") is no proposition of theirs, so it carries
    no narrative and gives its speaker no stance — unless it demands an end to what it
    says is being done. Direct quotations are words spoken and always count."""
    return frozenset(
        index
        for index, claim in enumerate(claims)
        if claim.quote_index is not None
        and claim.quote_index < len(quotes)
        and quotes[claim.quote_index].kind is not QuoteKind.DIRECT
        and not asserts_content(quotes[claim.quote_index].cue.text_of(text), claim.text, language)
    )


def _rejections_by_reference(
    text: str,
    language: str | None,
    quotes: Sequence[Quote],
    evidence: Sequence[tuple[Span, str, bool]],
    actor_countries: Mapping[str, str | None],
    accused_countries: Mapping[str, frozenset[str]],
) -> dict[Quote, tuple[str, Stance]]:
    """Quotes that reject something said before without restating it ("Kyiv dismissed the
    allegations", «Энергоатом назвал это заявление ложью»), each with the narrative it
    points back to — the one whose ``evidence`` (span, narrative, whether it denies the
    narrative) comes last before it, or, for a headline that opens with the rejection,
    first after it — and the speaker's stance: rejecting the Kremlin's claim refutes the
    narrative, rejecting Kyiv's or the West's ("Zakharova dismissed Western reports as
    staged", "Minsk called the Ukrainian statement a lie") promotes it. When the quote does
    not say whose statement it rejects, the evidence does: rejecting a denial promotes.

    The country a narrative accuses also answers it in words of its own, calling what was
    said a fabrication or describing it as the Kremlin's doing ("no historical
    fabrications will change …", «Российская сторона не в первый раз называет постановкой
    то, что невозможно скрыть», "Moscow accuses Kyiv of preparing attacks so that it can
    stage one itself"): it refutes. (Others' debunking words are too often about something
    else: the European Parliament condemning "the fake referendums" answers no claim that
    the West fuels the war.)"""
    found: dict[Quote, tuple[str, Stance]] = {}
    for quote in quotes:
        speaker = quote.speaker_actor_id
        if speaker is None:
            continue
        before = [(s.end, n, denial) for s, n, denial in evidence if s.end <= quote.span.start]
        after = [(-s.start, n, denial) for s, n, denial in evidence if s.start >= quote.span.end]
        nearest = max(before) if before else max(after) if after else None
        if nearest is None:
            continue
        _, narrative_id, denial = nearest
        content = quote.content.text_of(text)
        answers = actor_countries.get(speaker) in accused_countries.get(
            narrative_id, frozenset()
        ) and _answers_the_voice(content, language)
        if not answers and not dismisses(quote.cue.text_of(text), content, language):
            continue
        owner = statement_owner(content, language)
        promotes = not answers and (owner == "target" if owner is not None else denial)
        found[quote] = (narrative_id, Stance.PROMOTES if promotes else Stance.REFUTES)
    return found


def _answers_the_voice(content: str, language: str | None) -> bool:
    """Whether a quote calls what was said a fabrication (a debunking word not aimed at
    Kyiv or the West) or describes it as the Kremlin's claim, and does not say it rejects
    Kyiv's or the West's statement."""
    if statement_owner(content, language) == "target":
        return False
    return bool(debunk_markers(content, 0, len(content), language)) or frames_voice_claim(
        content, language
    )


def leading_candidate(candidates: Sequence[Candidate]) -> Candidate | None:
    """The best-scored candidate whose subject the document names. A narrative whose
    subject it never names (`subject_absent`: *the Lugar laboratory in Georgia* for "US
    biolabs in Ukraine were developing biological weapons") is out of the running for
    it, as if the catalog lacked it, so the next one may lead (*US military biolabs in
    Ukraine*). Other failed checks do not pass the lead on: a claim with roles reversed or
    a negation is about that narrative, and the next-best is only a neighbour."""
    return next((c for c in candidates if "subject_absent" not in c.signals), None)


def _contradicts(candidate: Candidate) -> bool:
    """The claim negates the narrative or states the opposite action, about the same actors
    in the same roles (a reversal of roles is about something else, not a denial). A claim
    that only states what the narrative denies (`contrary`) does not engage with it: "The
    Ukrainians killed by Russian invaders in Bucha were buried" is news, not a rebuttal of
    *the Bucha massacre was staged* (RUWA's audit, docs/matching.md)."""
    signals = set(candidate.signals)
    return bool(signals) and signals <= {"negated", "opposite_action"}


def _stance(
    text: str,
    sentences: Sequence[Sentence],
    claims: Sequence[Claim],
    claim_indexes: Sequence[int],
    attributions: Sequence[Attribution],
    title: Span | None,
    quotes: Sequence[Quote],
    language: str | None,
    contrary: Sequence[str] = (),
) -> tuple[Stance, tuple[Span, ...]]:
    """The document's own stance toward what its supporting claims carry, from their
    sentences, the sentences around them and whether the text reports them as someone's;
    a debunking word aimed at the narrative's ``contrary`` terms ("the myth of Russian
    aggression") is the narrative's voice and does not count. (An outlet's own-topic check,
    `_without_outlets_own_topic`, leaves them out: an outlet of the other side does not
    mock the facts.)"""
    evidence_sentences = sorted({claims[i].sentence_index for i in claim_indexes})
    context = sorted(
        {j for i in evidence_sentences for j in (i - 1, i + 1) if 0 <= j < len(sentences)}
        - set(evidence_sentences)
    )
    attributed = all(
        claims[i].attributed or _in_scope(claims[i].span, attributions) for i in claim_indexes
    )
    return document_stance(
        text,
        [sentences[i].span for i in evidence_sentences],
        [sentences[i].span for i in context],
        title,
        quotes,
        attributed,
        language,
        (lambda marker: aimed_at_facts(text, marker, contrary)) if contrary else None,
    )


def _in_scope(span: Span, attributions: Sequence[Attribution]) -> bool:
    return any(a.scope.contains(span) for a in attributions)


_UNNAMED = "unnamed_source"  # ActorStance.via of what an unnamed source said


def _actor_stances(
    narrative_id: str,
    language: str | None,
    claims: Sequence[Claim],
    supporting: Sequence[int],
    attributions: Sequence[Attribution],
    scores: ClaimScores,
    options: MatchOptions,
    actor_countries: Mapping[str, str | None],
    sources_stance: Stance = Stance.PROMOTES,
    rejected_claims: Mapping[int, tuple[Span, str | None]] | None = None,
    pointers: frozenset[int] = frozenset(),
    rejections: Sequence[tuple[Quote, Stance]] = (),
    outlet_country: str | None = None,
    unnamed: frozenset[int] = frozenset(),
) -> tuple[ActorStance, ...]:
    """What each quoted or cited actor does with the narrative, with the evidence span.
    ``unnamed``: the claims an unnamed source said (its body's stance comes `via`
    "unnamed_source", not "quote": a source in a ministry is not the ministry on record).

    Only an actor who speaks for the side whose narratives the catalog holds (Russia,
    Belarus, or an actor aligned with them; an actor of unknown country when the outlet
    speaks for them, or when neither is known) promotes a narrative by a claim merely
    *about* it; an actor known to speak for another country (by its own country or,
    unknown itself, by its outlet's) promotes it only by stating it at the *auto* margin.
    Otherwise the IAEA warning that "a nuclear disaster at the plant could threaten public
    health", the EU announcing more sanctions, or a Polish minister on aid to Ukraine would
    be listed among the promoters of "Ukraine shells the plant", "sanctions hurt Europe
    more than Russia" and "Poland plans to annex western Ukraine" — they are on the
    narrative's topic, not its voice. Their refutations count as before (the same rule for
    outlets: `_without_outlets_own_topic`).

    A reported claim refutes when it negates the narrative, when it is closer to the
    narrative's debunk than to its statements, or when its speaker belongs to the country
    the narrative accuses (Ukraine's border service explaining its border works answers
    "Ukraine is preparing an attack"; it does not repeat it). A claim its speaker rejects
    ("denied that …", ``rejected_claims``) counts the other way round; ``rejections``
    ("dismissed the allegations") come with the stance they take toward the narrative they
    point back to; their claims (``pointers``) say nothing of their own."""
    index = scores.index
    rejected_claims = rejected_claims or {}
    category = index.narratives[narrative_id].category
    accused = index.accused_countries.get(narrative_id, frozenset())
    chosen: dict[str, tuple[float, ActorStance]] = {}

    def offer(actor_id: str, strength: float, stance: ActorStance) -> None:
        if actor_id not in chosen or strength > chosen[actor_id][0]:
            chosen[actor_id] = (strength, stance)

    def voices(actor_id: str, margin: float) -> bool:
        """Whether the actor's claim at ``margin`` makes it a promoter (docstring above)."""
        country = actor_countries.get(actor_id) or outlet_country
        return country is None or country in VOICE_COUNTRIES or margin >= options.auto

    # What an actor is reported to say, when it is about the narrative.
    said: dict[int, tuple[str, float, bool, Span]] = {}  # claim → speaker, strength, …
    for claim_index, claim in enumerate(claims):
        speaker = claim.speaker_actor_id
        if speaker is None or claim_index in pointers:
            continue
        about = _about(claim_index, narrative_id, category, scores, options)
        if about is None:
            if _rebuts_in_passing(claim, narrative_id, language, index):
                via = _UNNAMED if claim_index in unnamed else "quote"
                offer(speaker, 0.75, ActorStance(speaker, Stance.REFUTES, claim.span, via))
            continue
        about_id, relevance = about
        signals = next(
            (c.signals for c in scores.candidates[claim_index] if c.narrative_id == about_id), ()
        )
        if "roles_reversed" in signals or "subject_absent" in signals:
            continue  # about other actors doing the thing, or another event: not this one
        closest = scores.statement(claim_index, about_id)
        content_refutes = (
            bool({"opposite_action", "contrary"} & set(signals))
            or denies(claim.text, closest.text, language, closest.language)
            or scores.closer_to_debunk(claim_index, about_id)
        )
        evidence, owner = rejected_claims.get(claim_index, (claim.span, None))
        if claim_index not in rejected_claims:
            # "warned that Moscow's accusations of chemical provocations could be cover for
            # …": whoever calls the narrative the Kremlin's or Minsk's claim keeps it at a
            # distance — unless they are the Kremlin or Minsk.
            distanced = (
                statement_owner(claim.text, language) == "voice"
                or frames_voice_claim(claim.text, language)
            ) and actor_countries.get(speaker) not in VOICE_COUNTRIES
            refutes = content_refutes or distanced
        elif owner is not None:
            # Whose claim is rejected says it: Russia's ("rejected Russian claims that …")
            # or Kyiv's and the West's ("rejected Western claims that …").
            refutes = owner == "voice"
        else:
            # "denied that Ukraine was preparing …" refutes; "denied that Russian troops
            # killed civilians" (the debunk of "Bucha was staged") promotes.
            refutes = not content_refutes
        refutes = refutes or actor_countries.get(speaker) in accused
        said[claim_index] = (speaker, 1.0 + relevance, refutes, evidence)
    for claim_index, (speaker, strength, refutes, evidence) in said.items():
        relayed = _relayed(claim_index, claims, said)
        if relayed is not None:
            # "Peskov said that …, RIA Novosti reported": the agency carries Peskov's words,
            # and takes his stance, whatever its own frame sentence resembles.
            refutes = said[relayed][2] or actor_countries.get(speaker) in accused
        stance = Stance.REFUTES if refutes else Stance.PROMOTES
        if stance is Stance.PROMOTES and not voices(speaker, strength - 1.0):
            continue
        via = _UNNAMED if claim_index in unnamed else "quote"
        offer(speaker, strength, ActorStance(speaker, stance, evidence, via))
    for quote, stance in rejections:
        actor_id = quote.speaker_actor_id
        if actor_id is not None:
            via = _UNNAMED if quote.speaker_anonymous else "quote"
            offer(actor_id, 0.9, ActorStance(actor_id, stance, quote.span, via))
    # Sources cited for a passage that carries the narrative vouch for it.
    for attribution in attributions:
        vouched = [i for i in supporting if attribution.scope.contains(claims[i].span)]
        if not vouched:
            continue
        margin = max(scores.margin(i, narrative_id) for i in vouched)
        for actor_id in (attribution.source_actor_id, attribution.via_actor_id):
            if actor_id is not None and (
                sources_stance is not Stance.PROMOTES or voices(actor_id, margin)
            ):
                offer(
                    actor_id,
                    0.5,
                    ActorStance(actor_id, sources_stance, attribution.span, "attribution"),
                )
    return tuple(stance for _, stance in sorted(chosen.values(), key=lambda c: c[1].evidence.start))


def _relayed(
    claim_index: int, claims: Sequence[Claim], said: Mapping[int, tuple[str, float, bool, Span]]
) -> int | None:
    """The claim of another speaker that ``claim_index`` only relays: one inside it ("RIA
    Novosti reported" a sentence that holds "Peskov said that …")."""
    outer = claims[claim_index]
    for inner_index, inner in enumerate(claims):
        if (
            inner_index != claim_index
            and inner_index in said
            and said[inner_index][0] != outer.speaker_actor_id
            and outer.span.contains(inner.span)
            and outer.span != inner.span
        ):
            return inner_index
    return None


def _rebuts_in_passing(
    claim: Claim, narrative_id: str, language: str | None, index: CatalogIndex
) -> bool:
    """A denial that does not read like the narrative but shares its subject: "the UN was
    not aware of any biological weapons programme in Ukraine" in an article about US
    biolabs. It must use the narrative's words and deny, or call something a lie."""
    rows = [i for i in index.rows_of(narrative_id) if index.rows[i].language == language]
    overlap = index.lexical.scores(claim.text, language, rows).best()
    if overlap < REBUTTAL_OVERLAP:
        return False
    return negations(claim.text, language) > 0 or bool(
        debunk_markers(claim.text, 0, len(claim.text), language)
    )


def _about(
    claim_index: int,
    narrative_id: str,
    category: str,
    scores: ClaimScores,
    options: MatchOptions,
) -> tuple[str, float] | None:
    """Which narrative of this family a claim is about, with its margin, or None.

    About this narrative, not merely near it: "NATO could attack Belarus" is close to
    "Ukraine masses troops near Belarus" but is first of all another narrative. A claim
    whose best narrative is of the same family ("there is no dirty bomb" in an article about
    a nuclear provocation) is about that one.
    """
    best = leading_candidate(scores.candidates[claim_index])
    if best is None:
        return None
    about, relevance = narrative_id, scores.margin(claim_index, narrative_id)
    if relevance < best.margin - RELEVANCE_MARGIN:
        if scores.index.narratives[best.narrative_id].category != category:
            return None
        about, relevance = best.narrative_id, best.margin
    return (about, relevance) if relevance >= options.relevant else None
