"""Contrary terms: a claim that states what a narrative denies contradicts it; the same
words negated, distanced or quoted are the narrative's own voice."""

from __future__ import annotations

import pytest

from narrativewatch.matching.contrary import aimed_at_facts, read_contrary
from narrativewatch.matching.terms import term_problem
from narrativewatch.model import Span

TERMS = (
    "annex",
    "sham referendum",
    "storage … full",
    "аннекс",
    "анекс",
    "Donbas … occupied",
    "solid evidence",
    "российск Бук",
)


@pytest.mark.parametrize(
    ("language", "text", "asserted", "denied"),
    [
        ("en", "Russia annexed Crimea in 2014.", "annexed", False),
        ("en", "The vote was a sham referendum held at gunpoint.", "sham referendum", False),
        ("en", "Europe's gas storage is 95 percent full.", "storage is 95 percent full", False),
        ("en", "Gas storage in Germany and in the rest of the EU is now full.", None, False),
        ("ru", "Россия аннексировала Крым в 2014 году.", "аннексировала", False),
        ("uk", "Росія анексувала Крим у 2014 році.", "анексувала", False),
        # Negated where it stands: the narrative's own denial of the facts.
        ("en", "There was no annexation, only a free vote.", None, True),
        ("en", "Crimea was never annexed.", None, True),
        ("en", "Russia didn't annex Crimea, it took back its own.", None, True),
        ("ru", "Никакой аннексии не было.", None, True),
        ("uk", "Анексії не було.", None, True),
        ("en", "Donbas was never occupied.", None, True),  # inside a term with a gap
        # A negation elsewhere in the clause is not the term's.
        ("en", "The annexation of Crimea was not recognised by the UN.", None, False),
        ("en", "Turkey did not recognise Russia's annexation of Crimea.", None, False),
        ("ru", "Аннексия Крыма не признана ООН.", None, False),
        ("en", "The annexation never happened.", None, True),
        # Distanced, debunked, named as someone else's word, or quoted.
        ("en", "The so-called annexation was a free choice.", None, False),
        ("en", "What the West calls an annexation was a reunification.", None, False),
        ("en", "The myth of the annexation hides the truth.", None, False),
        ("en", "The 'annexation' was a reunification.", None, False),
        ("ru", "Так называемая аннексия Крыма — свободный выбор.", None, False),
        ("ru", "То, что Запад называет аннексией, было воссоединением.", None, False),
        ("en", 'On March 16, 2014 Russia "illegally" annexed Crimea.', None, False),
        ("en", "NATO accused Russia of annexing Crimea.", None, False),
        ("en", "Paris condemns the “sham referendum” in Crimea.", None, False),
        ("en", "Paris condemns Russia's “annexation” of Crimea.", None, False),
        ("en", "The annexation and the killings were staged by Kyiv.", None, False),
        ("en", "Russia staged a referendum to justify its annexation.", "annexation", False),
        ("ru", "Он назвал это «насильственной аннексией» Крыма.", None, False),
        # A name in quotation marks is no scare quote: Russian quotes weapons' names.
        ("ru", "MH17 был сбит российским «Буком».", "российским «Буком", False),
        ("ru", "MH17 сбил якобы «российский» «Бук».", None, False),
        # Possessives are not quotation marks.
        ("en", "Russia's troops and Ukraine's losses: Russia annexed Crimea.", "annexed", False),
        # A verdict is no doubt: the court's finding is what the narrative denies.
        ("en", "The verdict was based on solid evidence.", "solid evidence", False),
        ("en", "The verdict ignored the lack of solid evidence.", None, False),
        ("en", "The verdict was not based on solid evidence.", None, False),
        # An aim or a forecast is not a fact.
        ("en", "Sanctions meant to annex nothing were a sham referendum.", None, False),
        ("en", "The West predicted that Russia would annex Crimea.", None, False),
        ("en", "Western media claim that Russia intends to annex Crimea.", None, False),
        ("en", "Officials speculated about Moscow's plans to annex Crimea.", None, False),
        ("ru", "Запад надеялся, что Россия аннексирует Крым.", None, False),
        # A word that merely begins like a term is not it ("annual" is not "annex").
        ("en", "Crimea held its annual referendum on the budget.", None, False),
    ],
)
def test_what_a_claim_does_with_contrary_terms(
    language: str, text: str, asserted: str | None, denied: bool
) -> None:
    reading = read_contrary(text, TERMS, language)
    found = reading.asserted
    assert (text[found.start : found.end] if found else None) == asserted
    assert reading.denied is denied


def test_no_terms_read_nothing() -> None:
    reading = read_contrary("Russia annexed Crimea.", (), "en")
    assert reading.asserted is None and not reading.denied


@pytest.mark.parametrize(
    ("term", "problem"),
    [("annex", None), ("storage … full", None), ("…", "must contain a word"),
     ("… full", "cannot begin or end with '…'"), ("full ...", "cannot begin or end with '…'")],
)  # fmt: skip
def test_term_problems(term: str, problem: str | None) -> None:
    assert term_problem(term) == problem


@pytest.mark.parametrize(
    ("text", "marker", "aimed"),
    [
        ("The myth of the annexation hides the truth.", "myth", True),
        ("Миф о российской аннексии Крыма придуман Западом.", "Миф", True),
        ("The so-called annexation was a free choice.", "so-called", True),
        # Too far from the word, or in another clause: a debunk of something else.
        ("The myth that NATO never promised anything about its expansion and annexation.",
         "myth", False),
        ("It is a myth, and the annexation is a fact.", "myth", False),
        ("Russian propaganda lies about everything.", "lies", False),
    ],
)  # fmt: skip
def test_a_debunking_word_aimed_at_the_facts(text: str, marker: str, aimed: bool) -> None:
    start = text.index(marker)
    assert aimed_at_facts(text, Span(start, start + len(marker)), TERMS) is aimed
