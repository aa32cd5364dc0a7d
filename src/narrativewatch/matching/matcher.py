"""Rank catalog narratives for each claim: dense similarity (multilingual embeddings, so a
Russian claim finds an English statement), plus a lexical bonus where the claim shares
words with a statement, minus a penalty when the claim reverses who acts.

score = dense + LEXICAL_WEIGHT · lexical
margin = score − median score of the claim over the background narratives

The background narratives are the catalog the thresholds were calibrated on
(`matching.calibration`; all narratives for a catalog without one), so that adding a
narrative leaves every other narrative's margins where they were.

Then each candidate is verified against the statement that matched it (roles, negation,
opposite action: `narrativewatch.matching.verify`); an unverified candidate keeps its
score but is never suggested as a match.

e5 similarities are compressed and shift with the claim's language and genre: war news in
Russian scores 0.85–0.90 against almost any narrative. The margin removes that shift — a
claim that really carries a narrative stands out from its own background — so the
thresholds apply to it (calibrated by benchmarks/calibrate_matching.py).

The lexical signal only adds: across languages it is zero, and that must not lower the
score (equal-weight fusion measurably hurts cross-lingual queries).

At catalog scale (an index with an ANN, `matching.ann`: more than 20,000 statements and
variants) a claim is not compared with every row. It is scored exactly, as above, on
  - the ``ANN_CANDIDATES`` rows nearest to it (approximate search),
  - each narrative's representative rows: its statements and up to 64 of its variants,
    chosen once per catalog to cover the others (farthest-point sampling),
  - the ``ANN_LEXICAL_ROWS`` rows with the largest lexical bonus for it,
and each narrative's score is its best row among those. A narrative near the claim has
its best rows among the nearest, so its score is exact (up to the ANN's recall). A
narrative far from the claim gets the score of its best representative instead of its
best row: never more, and close, since the representatives cover its variants. Every
narrative keeps a score, so the margin keeps its meaning — the claim's score minus the
median over the background narratives — and the calibrated thresholds still apply. Scoring only the
nearest rows plus the statements would not do: the median narrative would then be scored
on its statements alone, lowering the background and inflating every margin — by 0.037 at
the median in the 100,000-row benchmark, half the suggestion threshold, against 0.004
with 64 representatives per narrative (docs/performance.md). The cost per claim grows
with the number of narratives, not of variants.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from narrativewatch.actors.registry import ActorRegistry
from narrativewatch.matching.embedder import Embedder
from narrativewatch.matching.index import (
    CatalogIndex,
    StatementRow,
    claim_actors,
    claim_actors_of,
)
from narrativewatch.matching.lexical import LexicalScores
from narrativewatch.matching.terms import names_any
from narrativewatch.matching.verify import refers_back, verify
from narrativewatch.model import Candidate

LEXICAL_WEIGHT = 0.06
TOP_K = 5
# How much closer to the debunk than to the statements a claim must be to count as
# rejecting the narrative: below it, e5-small's cosines are a tie ("reports of Ukrainian
# forces near the border were a reason for concern" sat 0.0005 closer to a debunk that
# itself mentions "such reports" and Minsk).
DEBUNK_MARGIN = 0.005
# Rows taken from the ANN per claim (with an ANN only); scoring them exactly costs ~0.1 ms.
ANN_CANDIDATES = 200
# With an ANN, the rows with the largest lexical bonus scored besides: at catalog scale a
# claim shares a word with thousands of rows (8,000 at the median in the 100,000-row
# benchmark), and scoring them all cost more than the rest of the search.
ANN_LEXICAL_ROWS = 200


@dataclass(frozen=True)
class ClaimScores:
    """Per claim: ranked candidates, and the score of every narrative (for relevance
    tests such as "is this quote about narrative N?")."""

    candidates: tuple[tuple[Candidate, ...], ...]
    by_narrative: np.ndarray  # claims × narratives, the same score as the candidates'
    best_row: np.ndarray  # claims × narratives: the statement row behind each score
    index: CatalogIndex
    query_vectors: np.ndarray  # claims × dim (zeros for claims that were not embedded)
    backgrounds: np.ndarray  # per claim, its median score over the background narratives

    def score(self, claim_index: int, narrative_id: str) -> float:
        column = self.index.narrative_ids.index(narrative_id)
        return float(self.by_narrative[claim_index, column])

    def margin(self, claim_index: int, narrative_id: str) -> float:
        """The claim's score for the narrative minus its median over the background
        narratives (`CatalogIndex.background`)."""
        return self.score(claim_index, narrative_id) - float(self.backgrounds[claim_index])

    def statement(self, claim_index: int, narrative_id: str) -> StatementRow:
        """The statement of ``narrative_id`` closest to the claim."""
        column = self.index.narrative_ids.index(narrative_id)
        return self.index.rows[int(self.best_row[claim_index, column])]

    def closer_to_debunk(self, claim_index: int, narrative_id: str) -> bool:
        """Whether the claim is closer to the narrative's debunk than to any of its English
        statements (the debunks are English, so both sides compare at the same scale):
        "the verdict is an important step towards justice" rejects "the MH17 trial was
        rigged" without a single negation."""
        column = self.index.narrative_ids.index(narrative_id)
        vector = self.query_vectors[claim_index]
        owned = self.index.debunk_narrative == column
        if not owned.any() or not vector.any():
            return False
        debunk = float((self.index.debunk_vectors[owned] @ vector).max())
        english = [
            i for i in self.index.rows_of(narrative_id) if self.index.rows[i].language == "en"
        ]
        statement = float((self.index.vectors[english] @ vector).max()) if english else 1.0
        return debunk > statement + DEBUNK_MARGIN


def rank_claims(
    claim_texts: Sequence[str],
    language: str | None,
    index: CatalogIndex,
    embedder: Embedder,
    registry: ActorRegistry,
    top_k: int = TOP_K,
    selected: Sequence[bool] | None = None,
    lexical_scores: Sequence[Mapping[int, float]] | None = None,
    contexts: Sequence[str] | None = None,
    roles_floor: float | None = None,
    document: str | None = None,
) -> ClaimScores:
    """Score claims against every narrative; keep the ``top_k`` best per claim.

    Only claims whose ``selected`` flag is true are embedded (the rest get no candidates
    and a score of -1): embedding is the expensive step, so callers skip claims that are
    not check-worthy and not attributed to anyone. ``contexts`` (per claim, the sentence
    before it and its own sentence's words before it) may name the actor a claim only
    refers back to ("Kyiv is preparing a provocation. The goal is to blow the device up
    on its own territory"; "Russia says it strikes only military targets"): verification
    looks there before it finds the narrative's actor absent. ``lexical_scores`` (per
    claim, from ``index.lexical.scores``) may be passed when the caller already computed
    them.
    With ``index.ann`` set, only part of the rows are scored (see the module docstring).
    ``roles_floor``: a claim whose best margin is below it is verified without the
    English parse (`syntax`, ~2.5 ms a claim); the pipeline passes the lowest threshold
    at which a candidate's checks decide anything (*relevant*, for actor stances).
    ``document``: the text the claims come from, where verification looks for the words a
    narrative's subject goes by (``about``); without it, each claim's own text.
    """
    n_narratives = len(index.narrative_ids)
    chosen = [i for i in range(len(claim_texts)) if selected is None or selected[i]]
    all_candidates: list[tuple[Candidate, ...]] = [() for _ in claim_texts]
    by_narrative = np.full((len(claim_texts), n_narratives), -1.0, dtype=np.float32)
    best_row = np.zeros((len(claim_texts), n_narratives), dtype=np.int64)
    all_vectors = np.zeros((len(claim_texts), index.vectors.shape[1]), dtype=np.float32)
    backgrounds = np.zeros(len(claim_texts), dtype=np.float32)
    if not chosen:
        return ClaimScores(
            tuple(all_candidates), by_narrative, best_row, index, all_vectors, backgrounds
        )
    query_vectors = embedder.embed_queries([claim_texts[i] for i in chosen])
    all_vectors[chosen] = query_vectors
    # Exact search: one product for all claims. With an ANN, rows are picked per claim.
    dense_chosen = None if index.ann is not None else query_vectors @ index.vectors.T
    lexicals, all_scored = [], []
    for position, claim_index in enumerate(chosen):
        text = claim_texts[claim_index]
        lexical = (
            lexical_scores[claim_index]
            if lexical_scores is not None
            else index.lexical.scores(text, language)
        )
        lexical_rows, lexical_values = _lexical_arrays(lexical)
        if dense_chosen is not None:
            scored = _RowScores.exact(index, dense_chosen[position], lexical_rows, lexical_values)
        else:
            scored = _RowScores.approximate(
                index, query_vectors[position], lexical_rows, lexical_values
            )
        by_narrative[claim_index, scored.columns] = scored.best_scores
        best_row[claim_index, scored.columns] = scored.best_rows
        backgrounds[claim_index] = index.background(by_narrative[claim_index])
        lexicals.append(lexical)
        all_scored.append(scored)
    # Who acts, read once the margins are known: the English parse only where it counts.
    chosen_actors = claim_actors_of(
        [claim_texts[i] for i in chosen],
        [language] * len(chosen),
        registry,
        may_parse=[
            roles_floor is None
            or float(scored.best_scores.max()) - backgrounds[claim_index] >= roles_floor
            for claim_index, scored in zip(chosen, all_scored, strict=True)
        ],
    )
    named_in_document: dict[str, bool] = {}

    def subject_named(narrative_id: str, claim_text: str) -> bool:
        terms = index.narratives[narrative_id].about
        if not terms:
            return True
        if document is None:
            return names_any(claim_text, terms)
        if narrative_id not in named_in_document:
            named_in_document[narrative_id] = names_any(document, terms)
        return named_in_document[narrative_id]

    for position, claim_index in enumerate(chosen):
        text, lexical, scored = claim_texts[claim_index], lexicals[position], all_scored[position]
        background = float(backgrounds[claim_index])
        found = chosen_actors[position]
        # The sentence before is read only for a claim that refers back to it.
        context = (
            claim_actors(contexts[claim_index], registry, language)
            if contexts and refers_back(text, found, language)
            else None
        )
        # Stable: equal scores keep the narratives' catalog order.
        ranked = np.argsort(-scored.best_scores, kind="stable")[:top_k]
        candidates = []
        for group in ranked:
            narrative_id = index.narrative_ids[int(scored.columns[group])]
            row_index = int(scored.best_rows[group])
            row = index.rows[row_index]
            score = float(scored.best_scores[group])
            verification = verify(
                text,
                language,
                row,
                registry,
                found,
                index.acting_countries.get(narrative_id, frozenset()),
                context,
                index.agent_sides.get(narrative_id, frozenset()),
                index.accused_countries.get(narrative_id, frozenset()),
                index.narratives[narrative_id].contrary,
                subject_named(narrative_id, text),
            )
            candidates.append(
                Candidate(
                    narrative_id=narrative_id,
                    score=round(score, 4),
                    dense=round(float(scored.best_dense[group]), 4),
                    lexical=round(float(lexical.get(row_index, 0.0)), 4),
                    statement=row.text,
                    statement_language=row.language,
                    margin=round(score - background, 4),
                    signals=verification.signals(),
                )
            )
        all_candidates[claim_index] = tuple(candidates)
    return ClaimScores(
        tuple(all_candidates), by_narrative, best_row, index, all_vectors, backgrounds
    )


@dataclass(frozen=True)
class _RowScores:
    """One claim's best row per narrative: ``columns[g]`` is a narrative column, its best
    row ``best_rows[g]`` with score (dense + lexical bonus) ``best_scores[g]`` and dense
    similarity ``best_dense[g]``."""

    columns: np.ndarray
    best_rows: np.ndarray
    best_scores: np.ndarray
    best_dense: np.ndarray

    @classmethod
    def exact(
        cls,
        index: CatalogIndex,
        dense: np.ndarray,
        lexical_rows: np.ndarray,
        lexical_values: np.ndarray,
    ) -> _RowScores:
        """From the dense similarity of the claim to every row."""
        scores = _with_lexical(dense, np.arange(len(dense)), lexical_rows, lexical_values)
        order, starts = index.rows_by_narrative, index.group_starts
        positions = _group_argmax(scores[order], starts)
        rows = order[positions]
        return cls(index.group_columns, rows, scores[rows], dense[rows])

    @classmethod
    def approximate(
        cls,
        index: CatalogIndex,
        query: np.ndarray,
        lexical_rows: np.ndarray,
        lexical_values: np.ndarray,
    ) -> _RowScores:
        """From the rows the ANN finds nearest, each narrative's representative rows and
        the rows with the largest lexical bonus (a row may come twice: a maximum does not
        mind)."""
        ann = index.ann
        assert ann is not None
        nearest = ann.search(query, ANN_CANDIDATES)
        bonus_rows = lexical_rows
        if len(lexical_rows) > ANN_LEXICAL_ROWS:
            largest = np.argpartition(-lexical_values, ANN_LEXICAL_ROWS)[:ANN_LEXICAL_ROWS]
            bonus_rows = lexical_rows[largest]
        rows = np.concatenate([nearest, ann.representatives, bonus_rows])
        dense = np.concatenate(
            [
                index.vectors[nearest] @ query,
                ann.representative_vectors @ query,
                index.vectors[bonus_rows] @ query,
            ]
        )
        scores = _with_lexical(dense, rows, lexical_rows, lexical_values)
        row_columns = index.row_narrative[rows]
        order = np.argsort(row_columns, kind="stable")
        grouped = row_columns[order]
        starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
        positions = order[_group_argmax(scores[order], starts)]
        return cls(grouped[starts], rows[positions], scores[positions], dense[positions])


def _lexical_arrays(lexical: Mapping[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """The rows of a claim's lexical scores, sorted, and their scores."""
    if isinstance(lexical, LexicalScores):
        return lexical.rows, lexical.shares
    rows = np.fromiter(lexical, dtype=np.int64, count=len(lexical))
    values = np.fromiter(lexical.values(), dtype=np.float64, count=len(lexical))
    order = np.argsort(rows)
    return rows[order], values[order]


def _with_lexical(
    dense: np.ndarray, rows: np.ndarray, lexical_rows: np.ndarray, lexical_values: np.ndarray
) -> np.ndarray:
    """dense + LEXICAL_WEIGHT · lexical, in float64, where ``dense[i]`` is row ``rows[i]``'s
    similarity (any order, repeats allowed) and ``lexical_rows`` are sorted."""
    scores = dense.astype(np.float64)
    if len(lexical_rows):
        at = np.minimum(np.searchsorted(lexical_rows, rows), len(lexical_rows) - 1)
        hit = lexical_rows[at] == rows
        scores[hit] += LEXICAL_WEIGHT * lexical_values[at[hit]]
    return scores


def _group_argmax(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For consecutive groups of ``values`` beginning at ``starts``, the position of each
    group's maximum (the first, on ties) — linear, where sorting every row per claim cost
    ~8 ms at 100,000 rows."""
    if not len(starts):
        return np.zeros(0, dtype=np.int64)
    maxima = np.maximum.reduceat(values, starts)
    sizes = np.diff(np.r_[starts, len(values)])
    positions = np.arange(len(values))
    at_max = np.where(values == np.repeat(maxima, sizes), positions, len(values))
    return np.minimum.reduceat(at_max, starts)
