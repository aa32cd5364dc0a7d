"""Score adjustments on top of dense + BM25: a second embedder, a language prior and
duplicate documents. Pure functions over (queries, documents) score matrices.

- `fuse_dense`: e5 plus a second embedder. Cosines of different models live on different
  scales (e5's are compressed into roughly [0.7, 0.95], USE's spread over [-0.1, 0.8]), so
  the second model's scores are standardised per query and brought to the spread of e5's
  before weighting; the fused score stays in e5 units, and the BM25 weight tuned for e5
  alone still applies.
- `language_prior`: a bonus for documents known to have circulated in the query's
  language (EUvsDisinfo's optional ``languages`` column).
- `country_prior`: a bonus for documents about the countries the query names
  (EUvsDisinfo's optional ``countries`` column), the rarer the country the more: a
  Russian excerpt shares no word with an English case title, but «Германии» and
  "Germany" are one country to the actor registry.
- `duplicate_groups` / `collapse_duplicates`: documents whose text differs only in
  punctuation or case (quote style, a trailing full stop) are one claim; each gets the best
  score of its group, and equal scores keep collection order, so the earliest record of a
  claim stands for it.

Every weight here was chosen on the tuning data only (CheckThat! 2020 train, EUvsDisinfo
half ``a``); docs/retrieval.md has the tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from narrativewatch.retrieval.bm25 import Scores
from narrativewatch.retrieval.languages import language_code

# Weight of the standardised second-embedder score, in units of e5's per-query spread.
# CheckThat! train MAP@5 0.893 → 0.899 at 0.5 (0.35: 0.896, 0.7: 0.899); EUvsDisinfo half a
# Recall@10 0.663 → 0.688 (0.35: 0.693, 0.7: 0.693). One value serves both.
DEFAULT_ENSEMBLE_WEIGHT = 0.5
# Bonus for a document that lists the query's language, in units of the query's score
# spread (std over the collection); chosen on EUvsDisinfo half a (1: R@10 0.834, 2: 0.849,
# 3: 0.844 with the retrieval adapter), docs/retrieval.md.
DEFAULT_LANGUAGE_PRIOR = 2.0

# Bonus for a document listing every country the query names, in units of the query's
# score spread; chosen on EUvsDisinfo half a, the best Recall@10, ties to MRR (0.25:
# R@10 0.863, MRR 0.680; 0.5: 0.859, 0.689; 0.75: 0.863, 0.691; 1: 0.859, 0.694; 0:
# 0.849, 0.676), docs/retrieval.md.
DEFAULT_COUNTRY_PRIOR = 0.75

_NON_WORD = re.compile(r"\W+", re.UNICODE)


def standardise(scores: Scores) -> Scores:
    """Each row minus its mean, divided by its standard deviation (rows with no spread
    become zeros)."""
    mean = scores.mean(axis=1, keepdims=True)
    spread = scores.std(axis=1, keepdims=True)
    return np.asarray(
        np.where(spread > 0, (scores - mean) / np.where(spread > 0, spread, 1), 0.0),
        dtype=np.float32,
    )


def fuse_dense(primary: Scores, secondary: Scores, weight: float) -> Scores:
    """``primary + weight · spread(primary) · standardise(secondary)``, row by row.

    Raises ValueError when the two matrices differ in shape.
    """
    if primary.shape != secondary.shape:
        raise ValueError("the two dense score matrices must have the same shape")
    spread = primary.std(axis=1, keepdims=True)
    return np.asarray(primary + weight * spread * standardise(secondary), dtype=np.float32)


def language_prior(
    query_languages: Sequence[str | None],
    document_languages: Sequence[frozenset[str]],
    weight: float,
) -> Scores:
    """``weight`` where a document's languages include the query's, else 0; shape
    (queries, documents). Languages are compared as `language_code` reads them; a query
    of unknown language gets no bonus anywhere."""
    codes = sorted({code for languages in document_languages for code in languages})
    column = {code: i for i, code in enumerate(codes)}
    has = np.zeros((len(codes), len(document_languages)), dtype=np.float32)
    for document, languages in enumerate(document_languages):
        for code in languages:
            has[column[code], document] = 1.0
    prior = np.zeros((len(query_languages), len(document_languages)), dtype=np.float32)
    for row, language in enumerate(query_languages):
        query_code = language_code(language)
        if query_code is not None and query_code in column:
            prior[row] = weight * has[column[query_code]]
    return prior


def country_prior(
    query_countries: Sequence[frozenset[str]],
    document_countries: Sequence[frozenset[str]],
    weight: float,
) -> Scores:
    """For each (query, document): ``weight`` times the share of the query's countries,
    weighted by their rarity among the documents, that the document lists too; shape
    (queries, documents).

    A country's weight is its inverse document frequency, log(documents / documents
    listing it): sharing Germany says more than sharing Russia in a collection about
    Russia. A country no document lists weighs log(documents), so a query naming it
    earns less from the others. A query naming no country gets no bonus anywhere.
    """
    size = len(document_countries)
    prior = np.zeros((len(query_countries), size), dtype=np.float32)
    codes = sorted({code for countries in document_countries for code in countries})
    if not codes or not weight:
        return prior
    column = {code: i for i, code in enumerate(codes)}
    lists = np.zeros((size, len(codes)), dtype=np.float32)
    for document, countries in enumerate(document_countries):
        for code in countries:
            lists[document, column[code]] = 1.0
    rarity = np.log(size / lists.sum(axis=0))
    unlisted = float(np.log(size))
    for row, countries in enumerate(query_countries):
        named = np.zeros(len(codes), dtype=np.float32)
        total = 0.0
        for code in countries:
            if code in column:
                named[column[code]] = rarity[column[code]]
                total += float(rarity[column[code]])
            else:
                total += unlisted
        if total > 0:
            prior[row] = weight * (lists @ named) / total
    return prior


def listed_names(value: str) -> list[str]:
    """The names of a list cell as EUvsDisinfo writes them ("Russia+Germany", or ";"
    separated), stripped, empty ones left out. Not split at commas: "Spanish, Castilian"
    is one name."""
    return [name.strip() for name in re.split(r"[+;]", value) if name.strip()]


def parse_languages(value: str) -> frozenset[str]:
    """Language names as EUvsDisinfo lists them (`listed_names`) as a set of
    `language_code` values."""
    return frozenset(
        code for name in listed_names(value) if (code := language_code(name)) is not None
    )


def duplicate_groups(texts: Sequence[str]) -> npt.NDArray[np.int64]:
    """For each text, the index of the first text equal to it once case and every
    non-word character are ignored (its own index when it is the first)."""
    first: dict[str, int] = {}
    groups = [
        first.setdefault(_NON_WORD.sub(" ", text.casefold()).strip(), index)
        for index, text in enumerate(texts)
    ]
    return np.array(groups, dtype=np.int64)


def collapse_duplicates(scores: Scores, groups: npt.NDArray[np.int64]) -> Scores:
    """Every document scored as the best document of its duplicate group, so that
    duplicates tie and a stable ranking puts the group's first document first."""
    if scores.shape[1] != len(groups):
        raise ValueError("one group index per document is needed")
    if bool((groups == np.arange(len(groups))).all()):
        return scores
    best = np.full(scores.shape, -np.inf, dtype=np.float32)
    for row in range(scores.shape[0]):
        np.maximum.at(best[row], groups, scores[row])
    return np.asarray(best[:, groups], dtype=np.float32)
