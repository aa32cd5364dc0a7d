"""The outlet's stance (matching/stance.py): whose "propaganda", and how far from the claim."""

from __future__ import annotations

import pytest

from narrativewatch.matching.stance import debunk_markers, document_stance
from narrativewatch.model import Quote, QuoteKind, Span, Stance


@pytest.mark.parametrize(
    ("language", "text", "counts"),
    [
        # The Kremlin's outlets call the other side's reporting propaganda and lies.
        ("ru", "Это очередная украинская пропаганда.", False),
        ("ru", "Киевская военная пропаганда снова лжёт.", False),
        ("ru", "Всё это ложь Запада.", False),
        ("ru", "Русофобская пропаганда должна быть под запретом.", False),
        ("en", "More Western lies about the war.", False),
        ("uk", "Це українська пропаганда.", False),
        # A debunk of the Kremlin's narrative, or one with no side named, counts.
        ("ru", "Это российская пропаганда.", True),
        ("ru", "Это фейк.", True),
        ("en", "Ukraine called it a fake.", True),
        # Before a verb, the word is its subject: the one who debunks.
        ("en", "Ukrainian fact-checkers debunked the claim.", True),
    ],
)
def test_a_debunking_word_aimed_at_ukraine_or_the_west_refutes_nothing(
    language: str, text: str, counts: bool
) -> None:
    assert bool(debunk_markers(text, 0, len(text), language)) is counts


def test_debunking_words_far_from_the_evidence_cannot_refute_alone() -> None:
    claim = "Киев никогда не собирался выполнять Минские соглашения."
    filler = " Об этом говорили много раз, и все это знают."
    elsewhere = " Пропаганда. Ложь. Манипуляция. Дезинформация. Мифы. Фейки."
    text = claim + filler * 3 + elsewhere * 2
    evidence = Span(0, len(claim))
    stance, markers = document_stance(text, [evidence], [], None, [], False, "ru")
    assert len(markers) == 12  # all are seen and shown ...
    assert stance is Stance.PROMOTES  # ... but together they stay below "refutes"
    # The same words in the evidence's own sentence decide it.
    text = claim[:-1] + " — это ложь и пропаганда." + filler
    evidence = Span(0, len(claim) + 24)
    stance, _ = document_stance(text, [evidence], [], None, [], False, "ru")
    assert stance is Stance.REFUTES


@pytest.mark.parametrize(
    ("claim", "language", "statement", "negations"),
    [
        # the contrast asserts the statement: its "not" is about the other side
        (
            "MH17 was shot down not by Russia but by Ukraine",
            "en",
            "MH17 was shot down by a Ukrainian Buk missile.",
            0,
        ),
        (
            "Зеленский не самостоятельный лидер, а марионетка Вашингтона",
            "ru",
            "Зеленский — марионетка, которая выполняет всё, что прикажет Вашингтон.",
            0,
        ),
        ("Boeing сбила не Россия, а Украина", "ru", "MH17 сбила украинская ракета «Бук».", 0),
        # the contrast denies the statement and says what is true instead
        (
            "Ukraine is not preparing an attack, but strengthening its defences",
            "en",
            "Ukraine is preparing an attack on Belarus.",
            1,
        ),
        # "not only … but": no contrast, no negation
        ("Kyiv is not only lying but stealing aid", "en", "Kyiv steals Western aid.", 0),
        # sides compared only within one language
        ("MH17 сбила не Россия, а Украина", "ru", "Ukraine shot down MH17.", 1),
        # neither side is the statement's: the words cannot tell, so the "not" counts
        (
            "Что Украина распадётся — не факт, а лишь один из сценариев",
            "ru",
            "Украина — несостоявшееся государство, которое скоро распадётся.",
            1,
        ),
        # both sides name the same actors: the claim asserts the statement's act
        (
            "Russia did not attack Ukraine, but Ukraine attacked Russia",
            "en",
            "Ukraine attacked Russia first.",
            0,
        ),
        # the contrast after the assertion: "Y, not X", «Y, а не X»
        (
            "The Buk that destroyed MH17 was Ukrainian, not Russian, the ministry insisted",
            "en",
            "MH17 was shot down by a Ukrainian Buk missile.",
            0,
        ),
        (
            "MH17 сбила украинская ракета «Бук», а не российская, заявили в министерстве",
            "ru",
            "MH17 сбила украинская ракета «Бук».",
            0,
        ),
        (
            "Україна зміцнює кордон, а не готує наступ",
            "uk",
            "Україна готує наступ на Білорусь.",
            1,
        ),
        (
            "Ukraine is strengthening its border, not preparing an attack",
            "en",
            "Ukraine is preparing an attack on Belarus.",
            1,
        ),
        # a predicate after "not" is denied, whatever the first part shares with the statement
        (
            "Time for West to double support for Ukraine, not go wobbly",
            "en",
            "The West is tired of Ukraine and will abandon it.",
            1,
        ),
    ],
)
def test_a_contrast_negates_only_its_denied_side(
    claim: str, language: str, statement: str, negations: int
) -> None:
    from narrativewatch.matching.stance import claim_negations

    statement_language = "en" if statement.isascii() else language
    assert claim_negations(claim, language, statement, statement_language) == negations


@pytest.mark.parametrize(
    ("claim", "language", "statement", "negations"),
    [
        # a negated predicate joined by "and" that says nothing the statement says
        (
            "The US is tired of the Ukrainian issue and does not want to put it on the agenda",
            "en",
            "The West is tired of Ukraine and will soon stop supporting it.",
            0,
        ),
        (
            "Киев стягивает войска к белорусской границе и даже не скрывает этого",
            "ru",
            "Киев стягивает войска к границе с Беларусью.",
            0,
        ),
        (
            "Київ стягує війська до кордону з Білоруссю і не приховує цього",
            "uk",
            "Київ стягує війська до кордону з Білоруссю.",
            0,
        ),
        # … one that does say it denies the statement
        (
            "The US is tired of the Ukrainian issue and does not want to stop supporting it",
            "en",
            "The West is tired of Ukraine and will soon stop supporting it.",
            1,
        ),
        # the first predicate negated: still a denial, whatever follows
        (
            "Ukraine is not massing troops near Belarus and has not planned to",
            "en",
            "Ukraine is massing troops near Belarus.",
            1,
        ),
        # two subjects joined by «и» are no second predicate
        ("Россия и Беларусь не готовят нападение", "ru", "Россия готовит нападение.", 1),
        # "not only" is no negation, and takes none away
        (
            "Украина не готовит наступление, и не только на Донбассе",
            "ru",
            "Украина готовит наступление на Донбассе.",
            1,
        ),
    ],
)
def test_a_negated_predicate_joined_by_and_counts_only_if_it_bears_on_the_statement(
    claim: str, language: str, statement: str, negations: int
) -> None:
    from narrativewatch.matching.stance import claim_negations

    assert claim_negations(claim, language, statement, language) == negations


@pytest.mark.parametrize(
    ("text", "language", "count"),
    [
        # negative concord: the clause's pronoun agrees with its particle, one negation
        ("Київ не ухвалює жодного самостійного рішення.", "uk", 1),
        ("Киев не принимает никаких решений сам, ничего не решает.", "ru", 2),
        ("Нет никаких доказательств.", "ru", 1),
        ("Немає жодних доказів, і ніколи не було.", "uk", 2),
        # a negative word with no particle in its clause is a negation of its own
        ("Ни один солдат не пересекал границу", "ru", 1),
        ("Жодних військ біля кордону", "uk", 1),
        # English has no concord: "not … no" is two
        ("Kyiv did not take no decision", "en", 2),
    ],
)
def test_negative_concord_counts_a_clause_once(text: str, language: str, count: int) -> None:
    from narrativewatch.matching.stance import negations

    assert negations(text, language) == count


def _quote(text: str, cue: str, content: str) -> Quote:
    start = text.index(content)
    return Quote(
        span=Span(text.index(cue), start + len(content)),
        content=Span(start, start + len(content)),
        cue=Span(text.index(cue), text.index(cue) + len(cue)),
        kind=QuoteKind.INDIRECT,
        speaker_actor_id=None,
        speaker=None,
        speaker_text=None,
    )


def test_a_quote_of_nothing_but_a_verdict_is_the_outlets_voice() -> None:
    text = (
        "Lukashenko said Ukraine had deployed 120,000 troops along the border, but offered "
        "no evidence."
    )
    claim = "Ukraine had deployed 120,000 troops along the border"
    evidence = Span(0, len(text))
    quotes = [_quote(text, "said", claim)]
    stance, _ = document_stance(text, [evidence], [], None, quotes, True, "en")
    assert stance is Stance.REFUTES
    # "offered | no evidence", a tagger's relation, does not make the verdict Lukashenko's …
    quotes.append(_quote(text, "offered", "no evidence"))
    stance, _ = document_stance(text, [evidence], [], None, quotes, True, "en")
    assert stance is Stance.REFUTES
    # … while a quote that says more keeps its words its speaker's.
    quotes = [_quote(text, "said", claim + ", but offered no evidence")]
    stance, _ = document_stance(text, [evidence], [], None, quotes, True, "en")
    assert stance is Stance.REPORTS


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Lukashenko did not provide any evidence."),
        ("en", "Moscow repeated the claim without any evidence."),
        ("ru", "Минобороны, однако, не предоставило никаких доказательств."),
        ("ru", "Заявление было сделано без каких-либо доказательств."),
        ("uk", "Міноборони РФ не надало жодних доказів."),
        ("uk", "Заяву зробили без жодних доказів."),
    ],
)
def test_a_claim_made_without_evidence_is_marked_in_every_form(language: str, text: str) -> None:
    assert debunk_markers(text, 0, len(text), language)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Ukraine is not massing troops near Belarus", 1),
        # A contraction is a negation too, with either apostrophe.
        ("Ukraine isn't massing troops near Belarus", 1),
        ("Ukraine didn’t mass troops near Belarus", 1),
        ("Kyiv won't attack and cannot win", 2),
        ("Kyiv is not only massing troops", 0),
    ],
)
def test_english_negations_count_contractions(text: str, count: int) -> None:
    from narrativewatch.matching.stance import negations

    assert negations(text, "en") == count


def test_a_speaker_named_with_a_debunking_word_refutes_nothing() -> None:
    # The Centre for Countering Disinformation speaks; its name calls nothing false.
    text = (
        "Киев готовит провокацию с химическим оружием, заявил глава Центра противодействия "
        "дезинформации Андрей Коваленко."
    )
    content = "Киев готовит провокацию с химическим оружием"
    speaker = "глава Центра противодействия дезинформации Андрей Коваленко"
    evidence = Span(0, len(text))
    start, cue = text.index(speaker), text.index("заявил")
    named = Quote(
        span=Span(0, len(text) - 1),
        content=Span(0, len(content)),
        cue=Span(cue, cue + len("заявил")),
        kind=QuoteKind.INDIRECT,
        speaker_actor_id="andriy-kovalenko",
        speaker=Span(start, start + len(speaker)),
        speaker_text="Андрей Коваленко",
    )
    stance, markers = document_stance(text, [evidence], [], None, [named], True, "ru")
    assert (stance, markers) == (Stance.REPORTS, ())
    # (without the speaker's span, «дезинформации» was read as the outlet's own rebuttal)
    assert debunk_markers(text, 0, len(text), "ru")


def test_a_marker_after_the_speakers_name_is_still_the_outlets() -> None:
    text = 'Russia, without evidence, says Ukraine making nuclear "dirty bomb"'
    content = 'Ukraine making nuclear "dirty bomb"'
    cue = text.index("says")
    quote = Quote(
        span=Span(0, len(text)),
        content=Span(text.index(content), len(text)),
        cue=Span(cue, cue + 4),
        kind=QuoteKind.INDIRECT,
        speaker_actor_id="russia",
        speaker=Span(
            0, text.index(", says")
        ),  # the phrase the finder reads: "Russia, without evidence"
        speaker_text="Russia",
    )
    stance, _ = document_stance(text, [Span(0, len(text))], [], None, [quote], True, "en")
    assert stance is Stance.REFUTES
