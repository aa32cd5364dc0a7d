"""Stance toward a narrative: the outlet's own, and each quoted or cited actor's.

An article that refutes a narrative while reporting who pushed it must not be counted as
spreading it. So:

- **Document stance** looks only at the outlet's own voice (text outside direct quotes):
  debunking words ("fake", "made up", «фейк», «вигадка») and distancing words
  ("allegedly", «якобы», «нібито») in the title and around the evidence weigh toward
  *refutes*; a claim the outlet only attributes to others is *reports*; a claim it asserts
  in its own voice is *promotes*.
- **Actor stance** looks at what each actor is reported to say: a quote or reported claim
  about the narrative that denies it ("no provocations", "in no way", «жодних») *refutes*,
  otherwise it *promotes*; a source cited for a narrative-bearing passage ("Source: RIA
  Novosti, citing Peskov") *promotes*.

Rules, not a trained model: no stance model ships offline here. docs/matching.md lists
the markers and the known failure modes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache

from narrativewatch.analysis.cues import CLAUSE_PUNCTUATION
from narrativewatch.model import Quote, Span, Stance

_DEBUNK = {
    "en": [
        r"fake(?:s|d)?", r"false(?:ly|hood)?", r"disinformation", r"misinformation",
        r"propaganda", r"lies?", r"lying", r"debunk\w*", r"no evidence", r"without evidence",
        r"without (?:(?:providing|offering|presenting|citing|giving|showing) )?(?:any )?evidence",
        r"(?:did not|didn['’]t|failed to) "
        r"(?:provide|offer|present|cite|give|show) (?:any )?evidence",
        r"makes? up", r"made up", r"fabricat\w*", r"myths?", r"conspiracy theor\w*",
        r"baseless", r"groundless", r"unfounded", r"untrue", r"refut\w*", r"hoax",
        r"manipulat\w*", r"imaginary", r"never (?:did|happened|shown)", r"fact[- ]check\w*",
        r"verdict",
    ],
    "ru": [
        r"фейк\w*", r"ложн\w*", r"лож[ьи]", r"дезинформаци\w*", r"пропаганд\w*", r"выдум\w*",
        r"вымысел", r"вымышлен\w*", r"неправд\w*", r"не соответству\w* действительности",
        r"опроверг\w*", r"опроверж\w*", r"манипуляци\w*", r"миф\w*", r"без доказательств",
        r"беспочвенн\w*", r"голословн\w*", r"сфабрикован\w*", r"конспиролог\w*",
        r"не (?:предостав|привед|привел|привёл|представ|предъяв)\w* (?:никаких |каких-либо )?"
        r"доказательств",
        r"без (?:каких-либо |всяких |никаких )доказательств",
        r"воображаем\w*", r"проверк\w* фактов", r"фактчек\w*", r"вердикт",
    ],
    "uk": [
        r"фейк\w*", r"неправдив\w*", r"брехн\w*", r"бреш\w*", r"дезінформаці\w*",
        r"пропаганд\w*", r"вигад\w*", r"неправд\w*", r"спростов\w*", r"спростува\w*",
        r"маніпуляці\w*", r"міф\w*", r"без доказів", r"безпідставн\w*", r"сфабрикован\w*",
        r"не (?:нада|навів|навел|навівши|представи)\w* (?:жодних |будь-яких )?доказів",
        r"без (?:жодних |будь-яких )доказів",
        r"конспіролог\w*", r"уявн\w*", r"перевірк\w* фактів", r"фактчек\w*", r"вердикт",
    ],
}  # fmt: skip
_DISTANCING = {
    "en": [r"allegedly", r"supposedly", r"so-called", r"purported\w*", r"claimed without"],
    "ru": [r"якобы", r"так называем\w*", r"будто бы", r"мнимо\w*"],
    "uk": [r"нібито", r"начебто", r"так зван\w*", r"буцімто"],
}
# Grammatical negation and denial verbs only. "Fake", "false", «фейк» are left out: many
# narratives are themselves denials ("the Bucha photos are fake"), so those words in a
# claim say nothing about whether it repeats or rejects the narrative.
#
# Russian and Ukrainian negate a clause once however many negative words agree with its
# particle: «не принимает никаких решений», «не ухвалює жодного рішення», «нет никаких
# доказательств» each say *no* once. Counted word by word they said it twice, and a claim
# that repeats a narrative in the negative ("Kyiv takes no decision of its own" for
# *Ukraine has lost its sovereignty*) read as denying a statement with one "not". So the
# particles and the negative pronouns and adverbs that agree with them are kept apart.
_CONCORD_PARTICLES = {"ru": r"не|нет", "uk": r"не|немає|нема"}
_CONCORD_WORDS = {
    "ru": r"ни|никак\w*|никогда|ничего",
    "uk": r"ні|жодн\w*|ніколи|ніяк\w*|нічого",
}
_NEGATION = {
    "en": (
        r"not|no|never|nothing|none|neither|nor|deny|denies|denied|denial|reject\w*|refut\w*|"
        # (a contraction is one word: "isn't", "didn’t", "won't"; and "cannot")
        r"in no way|by no means|dismiss\w*|\w+n['’]t|cannot",
        r"not only|no doubt|not least|no less|not just|no matter",
    ),
    "ru": (
        rf"{_CONCORD_PARTICLES['ru']}|{_CONCORD_WORDS['ru']}|отрица\w*|опроверг\w*",
        r"не только|не раз|не исключ\w*|не менее|не мог\w* не|не просто",
    ),
    "uk": (
        rf"{_CONCORD_PARTICLES['uk']}|{_CONCORD_WORDS['uk']}|заперечу\w*|спростов\w*|"
        r"спростува\w*",
        r"не лише|не тільки|не раз|не виключ\w*|не менш|не просто",
    ),
}
REFUTE_SCORE = 2.0
_DEBUNK_WEIGHT = 2.0
_DISTANCING_WEIGHT = 1.0
_ELSEWHERE_WEIGHT = 0.25  # a marker in the outlet's words away from title and evidence
_ELSEWHERE_CAP = 1.5  # all of those together: less than REFUTE_SCORE


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)


def _lang(language: str | None) -> str:
    return language if language in _DEBUNK else "en"


def debunk_markers(text: str, start: int, end: int, language: str | None) -> list[Span]:
    """Debunking words in ``text[start:end]``, except those aimed at the other side: the
    catalog's narratives are the Kremlin's, and its own outlets call Ukrainian and Western
    reporting "propaganda" and "lies" («киевская пропаганда», "Western lies", «ложь
    Запада»). Such a word refutes nothing of the catalog; "Russian propaganda" does."""
    lang = _lang(language)
    spans = [
        Span(m.start(), m.end()) for m in _pattern(tuple(_DEBUNK[lang])).finditer(text, start, end)
    ]
    return [span for span in spans if not _aimed_at_kremlin_opponents(text, span)]


# Who a debunking word is aimed at: a qualifier right before it ("Ukrainian propaganda",
# «киевская военная пропаганда») or a genitive right after it («ложь Запада», "lies of the
# West"). The one who *calls* something a lie ("Ukraine called it a fake") is not that.
_OPPONENT_BEFORE = re.compile(
    r"(?<!\w)(?:ukrainian|ukraine's|kyiv's|kiev's|western|west's|american|"
    r"nato's|pro-western|russophobic|anti-russian|"
    r"украинск\w*|киевск\w*|западн\w*|американск\w*|натовск\w*|русофобск\w*|"
    r"антирусск\w*|антироссийск\w*|"
    r"українськ\w*|київськ\w*|західн\w*|американськ\w*|русофобськ\w*|антиросійськ\w*)"
    r"\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
_OPPONENT_AFTER = re.compile(
    r"\s+(?:of\s+(?:the\s+)?(?:west|kyiv|kiev|ukraine|nato|washington)|киева|запада|"
    r"украины|сша|нато|вашингтона|києва|заходу|україни)(?!\w)",
    re.IGNORECASE,
)


# Only nouns take such a qualifier: in "Ukrainian fact-checkers debunked it" the word
# before a verb is its subject, the one who debunks.
_DEBUNK_NOUN = re.compile(
    r"(?:propagand|lie|lying|fake|disinformation|misinformation|myth|manipulat|hoax|"
    r"пропаганд|лож|фейк|дезинформаци|миф|манипуляци|брехн|дезінформаці|міф|маніпуляці)",
    re.IGNORECASE,
)


def _aimed_at_kremlin_opponents(text: str, marker: Span) -> bool:
    """Whether the debunking noun at ``marker`` qualifies Ukraine's or the West's words:
    «украинская пропаганда», "the West's lies", «пропаганда Киева»."""
    return bool(_DEBUNK_NOUN.match(text, marker.start)) and bool(
        _OPPONENT_BEFORE.search(text, max(0, marker.start - 40), marker.start)
        or _OPPONENT_AFTER.match(text, marker.end)
    )


# Debunking words that name a verdict rather than call something false: "the court's
# verdict was based on solid evidence" doubts nothing.
_VERDICT_WORDS = {
    r"verdict", r"fact[- ]check\w*", r"вердикт", r"проверк\w* фактов", r"фактчек\w*",
    r"перевірк\w* фактів",
}  # fmt: skip


def doubts(text: str, language: str | None) -> bool:
    """Whether ``text`` calls something false or keeps it at a distance, whoever it is
    aimed at: "the myth of Russian aggression", "Western lies about an unprovoked
    invasion", "the so-called annexation"."""
    return _doubt_pattern(_lang(language)).search(text) is not None


@cache
def _doubt_pattern(lang: str) -> re.Pattern[str]:
    words = [w for w in _DEBUNK[lang] if w not in _VERDICT_WORDS] + _DISTANCING[lang]
    return _pattern(tuple(words))


def distancing_markers(text: str, start: int, end: int, language: str | None) -> list[Span]:
    lang = _lang(language)
    pattern = _pattern(tuple(_DISTANCING[lang]))
    return [Span(m.start(), m.end()) for m in pattern.finditer(text, start, end)]


def negations(text: str, language: str | None) -> int:
    """How many negation or denial words ``text`` has, ignoring "not only"-type phrases;
    in Russian and Ukrainian a clause's negative pronouns and adverbs agree with its «не» /
    «нет» and add nothing to it (negative concord)."""
    lang = _lang(language)
    words, exceptions = _NEGATION[lang]
    cleaned = _pattern((exceptions,)).sub(" ", text)
    count = len(_pattern((words,)).findall(cleaned))
    if lang in _CONCORD_PARTICLES:
        particle = _pattern((_CONCORD_PARTICLES[lang],))
        concord = _pattern((_CONCORD_WORDS[lang],))
        for clause in CLAUSE_PUNCTUATION.split(cleaned):
            if particle.search(clause):
                count -= len(concord.findall(clause))
    return count


def _contrast(negator: str, not_a_contrast: str, conjunction: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w-]){negator}\s+(?!(?:{not_a_contrast})\b)"
        r"(?P<denied>(?:[\w'’-]+\s+){0,4}?[\w'’-]+)"
        rf",?\s+{conjunction}\s+(?P<asserted>[^,.;:!?]+)",
        re.IGNORECASE,
    )


def _contrast_after(lead: str, not_a_contrast: str) -> re.Pattern[str]:
    # Only the negation and what it denies: the asserted side is the clause before it
    # (`_contrasts`), found backwards — a leading `[^,.;:!?]+` would be retried from every
    # position of a long clause.
    return re.compile(
        rf"{lead}\s+(?!(?:{not_a_contrast})\b)"
        rf"(?P<denied>(?:(?:{_SMALL_WORDS})\s+)?[\w'’-]+)\s*(?=[,.;:!?]|$)",
        re.IGNORECASE,
    )


# Articles and prepositions that may stand before the one word a post-positive contrast
# denies ("…, not by Russia", «…, а не из России»).
_SMALL_WORDS = "the|a|an|by|in|from|of|at|to|в|во|на|из|от|с|со|у|к|по|з|із|зі|від|до"
# "not X but Y", «не X, а Y»: the negation is X's, and the claim asserts Y. So in "Y, not
# X", «Y, а не X», when X is one word that takes the place of one of Y's: "The Buk that
# destroyed MH17 was Ukrainian, not Russian", «MH17 сбила украинская ракета, а не
# российская». A longer X is a predicate of its own, which the claim does deny: "Time for
# the West to double support for Ukraine, not go wobbly" (*the West is tired of Ukraine*).
_CONTRAST = {
    "en": (
        _contrast("not", "only|just|merely", "but"),
        _contrast_after(r",\s+not", "only|just|merely"),
    ),
    "ru": (_contrast("не", "только|просто", "а"), _contrast_after(r",?\s+а\s+не", "только|просто")),
    "uk": (
        _contrast("не", "лише|тільки|просто", "а"),
        _contrast_after(r",?\s+а\s+не", "лише|тільки|просто"),
    ),
}
# "… and does not want to put it on the agenda", «… и даже не скрывает этого», «… і не
# приховує цього»: a negated predicate joined to the claim's by "and", to the clause's end.
_COORDINATED_NEGATION = {
    "en": re.compile(
        r"(?<![\w-])and\s+(?:(?:do|does|did|will|would|can|could|is|are|was|were|has|have|"
        r"had)\s*(?:not\b|n['’]t\b)|never\b)(?P<denied>[^,.;:!?]+)",
        re.IGNORECASE,
    ),
    # (an adverb may come between: not a noun, «Россия и Беларусь не …» is one subject)
    "ru": re.compile(
        r"(?<!\w)и\s+(?:(?:даже|никогда|уже|вовсе|ещё|еще|тоже|также|больше|совсем)\s+)?"
        r"не\s+(?P<denied>[^,.;:!?]+)",
        re.IGNORECASE,
    ),
    "uk": re.compile(
        r"(?<!\w)(?:і|й|та)\s+(?:(?:навіть|ніколи|вже|зовсім|ще|теж|також|більше)\s+)?"
        r"не\s+(?P<denied>[^,.;:!?]+)",
        re.IGNORECASE,
    ),
}
_KEY_LETTERS = 5  # a word's first letters stand for all its forms ("Ukrain-e/-ian", «Украин-а/-ы»)


def claim_negations(
    claim_text: str, language: str | None, statement_text: str, statement_language: str
) -> int:
    """The claim's negations that bear on the statement: a contrast whose asserted side is
    what the statement says negates only the other side — "MH17 was shot down not by
    Russia but by Ukraine" states *Ukraine shot down MH17*, «Зеленский не самостоятельный
    лидер, а марионетка» states *Zelensky is a puppet* — while "Ukraine is not preparing an
    attack but strengthening its border" still denies *Ukraine is preparing an attack*.
    The sides are compared with the statement by their words' first letters, so only
    within one language."""
    count = negations(claim_text, language)
    lang = _lang(language)
    if lang != _lang(statement_language):
        return count
    said = _word_keys(statement_text)
    for denied_side, asserted_side in _contrasts(claim_text, lang):
        denied = _word_keys(denied_side) & said
        asserted = _word_keys(asserted_side) & said
        # When neither side is what the statement says, the words cannot tell which the
        # "not" bears on ("that Ukraine will vanish is not a fact but one scenario" doubts
        # *Ukraine will collapse*; "Zelensky is not a leader but a manager of external
        # rule" states *Zelensky is a puppet*): it counts, as any negation does.
        if len(asserted) > len(denied):
            count -= 1
    # A negated predicate joined by "and" that says nothing the statement says is about
    # something else, while the claim's first predicate carries the statement: "The US is
    # tired of the Ukrainian issue and does not want to put it on the agenda" states *the
    # West is tired of Ukraine*; "… and does not want to keep supporting it" denies it.
    # (Read without "not only" and the like, which `negations` does not count.)
    counted = _pattern((_NEGATION[lang][1],)).sub(" ", claim_text)
    for joined in _COORDINATED_NEGATION[lang].finditer(counted):
        if not _word_keys(joined.group("denied")) & said and (
            _word_keys(counted[: joined.start()]) & said
        ):
            count -= 1
    return max(count, 0)


def _contrasts(text: str, lang: str) -> Iterator[tuple[str, str]]:
    """Each contrast in ``text`` as (denied side, asserted side): "not X but Y", then
    "Y, not X" (Y the clause before the negation)."""
    before, after = _CONTRAST[lang]
    for match in before.finditer(text):
        yield match.group("denied"), match.group("asserted")
    for match in after.finditer(text):
        clause_start = max(text.rfind(mark, 0, match.start()) for mark in ",.;:!?") + 1
        if clause_start < match.start():
            yield match.group("denied"), text[clause_start : match.start()]


def _word_keys(text: str) -> set[str]:
    return {w.lower()[:_KEY_LETTERS] for w in re.findall(r"\w+", text) if len(w) >= 4}


def denies(
    claim_text: str, statement_text: str, language: str | None, statement_language: str
) -> bool:
    """Whether a claim denies the statement it matched: it negates more than the statement
    does ("there were no provocations" against "Ukraine is preparing provocations"), a
    contrast that asserts the statement aside (`claim_negations`)."""
    return claim_negations(claim_text, language, statement_text, statement_language) > negations(
        statement_text, statement_language
    )


def _only_markers(text: str, content: Span, language: str | None) -> bool:
    words = re.findall(r"\w+", content.text_of(text))
    markers = debunk_markers(text, content.start, content.end, language)
    covered = sum(len(re.findall(r"\w+", m.text_of(text))) for m in markers)
    return bool(words) and covered == len(words)


def _name_part(text: str, speaker: Span) -> Span:
    comma = text.find(",", speaker.start, speaker.end)
    return Span(speaker.start, comma) if comma > speaker.start else speaker


def document_stance(
    text: str,
    evidence: Sequence[Span],
    context: Sequence[Span],
    title: Span | None,
    quotes: Sequence[Quote],
    attributed: bool,
    language: str | None,
    aimed_at_facts: Callable[[Span], bool] | None = None,
) -> tuple[Stance, tuple[Span, ...]]:
    """The outlet's stance toward a narrative, and the marker spans that decided it.

    ``evidence``: the claim sentences matched to the narrative; ``context``: sentences next
    to them; ``attributed``: every matched claim is reported as someone else's. Markers
    count fully in the title and the evidence, half next to it, and a quarter anywhere
    else in the outlet's own words (a fact-check's verdict often stands apart from the
    claim it rates). ``aimed_at_facts`` tells a marker aimed at the facts the narrative
    denies ("the myth of Russian aggression": `contrary.aimed_at_facts`), which does not
    count: it is the narrative's voice.
    """
    # The outlet's voice is what it says itself: words inside any quote, direct or
    # reported, belong to the speaker ("they rejected the claim as false") — unless the
    # quote's content is nothing but such a word: in "…, but offered no evidence" (a
    # tagger's relation) the outlet describes the speaker's claim. So does the verb by
    # which a named speaker speaks: in «Захарова опровергла сообщения Киева о …» the
    # rejection is hers, and the outlet reports it.
    quoted = [q.content for q in quotes if not _only_markers(text, q.content, language)]
    quoted += [q.cue for q in quotes if q.speaker is not None]
    # Nor are the words that name a speaker: «глава Центра противодействия дезинформации
    # Андрей Коваленко» names a body, it calls nothing disinformation — up to a comma:
    # in "Russia, without evidence, says …" the outlet speaks after it.
    quoted += [_name_part(text, q.speaker) for q in quotes if q.speaker is not None]

    def own_voice(spans: list[Span]) -> list[Span]:
        return [
            s
            for s in spans
            if not any(q.contains(s) for q in quoted)
            and not (aimed_at_facts is not None and aimed_at_facts(s))
        ]

    # (weight, marker, whether it is in the title, the evidence or next to it)
    weighed: list[tuple[float, Span, bool]] = []
    regions = [(title, 1.0)] if title is not None else []
    regions += [(span, 1.0) for span in evidence] + [(span, 0.5) for span in context]
    regions += [(Span(0, len(text)), _ELSEWHERE_WEIGHT)]
    kinds = ((debunk_markers, _DEBUNK_WEIGHT), (distancing_markers, _DISTANCING_WEIGHT))
    seen: set[Span] = set()
    for region, weight in regions:
        if region is None:
            continue
        for find, kind_weight in kinds:
            for marker in own_voice(find(text, region.start, region.end, language)):
                if marker not in seen:
                    seen.add(marker)
                    weighed.append((kind_weight * weight, marker, weight > _ELSEWHERE_WEIGHT))
    # Words far from the evidence count a quarter, and together no more than
    # ``_ELSEWHERE_CAP``: a long opinion piece that rails against "propaganda" throughout
    # does not refute a narrative it voices unless the evidence or the title says so.
    near = sum(weight for weight, _, is_near in weighed if is_near)
    elsewhere = sum(weight for weight, _, is_near in weighed if not is_near)
    score = near + min(_ELSEWHERE_CAP, elsewhere)
    markers = tuple(sorted((span for _, span, _ in weighed), key=lambda s: s.start))
    if score >= REFUTE_SCORE:
        return Stance.REFUTES, markers
    return (Stance.REPORTS if attributed else Stance.PROMOTES), markers
