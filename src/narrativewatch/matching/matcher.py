"""Rank catalog narratives for each claim: dense similarity (multilingual embeddings, so a
Russian claim finds an English statement), plus a lexical bonus where the claim shares
words with a statement, minus a penalty when the claim reverses who acts.

score = dense + LEXICAL_WEIGHT · lexical
margin = score − median score of the claim over all narratives

Then each candidate is verified against the statement that matched it (roles, negation,
opposite action: `narrativewatch.matching.verify`); an unverified candidate keeps its
score but is never suggested as a match.

e5 similarities are compressed and shift with the claim's language and genre: war news in
Russian scores 0.85–0.90 against almost any narrative. The margin removes that shift — a
claim that really carries a narrative stands out from its own background — so the
thresholds apply to it (calibrated by benchmarks/calibrate_matching.py).

The lexical signal only adds: across languages it is zero, and that must not lower the
score (equal-weight fusion measurably hurts cross-lingual queries).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from narrativewatch.actors.registry import ActorRegistry
from narrativewatch.matching.embedder import Embedder
from narrativewatch.matching.index import CatalogIndex, StatementRow, agent_and_actors
from narrativewatch.matching.verify import verify
from narrativewatch.model import Candidate

LEXICAL_WEIGHT = 0.06
TOP_K = 5


@dataclass(frozen=True)
class ClaimScores:
    """Per claim: ranked candidates, and the score of every narrative (for relevance
    tests such as "is this quote about narrative N?")."""

    candidates: tuple[tuple[Candidate, ...], ...]
    by_narrative: np.ndarray  # claims × narratives, the same score as the candidates'
    best_row: np.ndarray  # claims × narratives: the statement row behind each score
    index: CatalogIndex
    query_vectors: np.ndarray  # claims × dim (zeros for claims that were not embedded)
    backgrounds: np.ndarray  # per claim, the median score over all narratives

    def score(self, claim_index: int, narrative_id: str) -> float:
        column = self.index.narrative_ids.index(narrative_id)
        return float(self.by_narrative[claim_index, column])

    def margin(self, claim_index: int, narrative_id: str) -> float:
        """The claim's score for the narrative minus its median over all narratives."""
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
        return debunk > statement


def rank_claims(
    claim_texts: Sequence[str],
    language: str | None,
    index: CatalogIndex,
    embedder: Embedder,
    registry: ActorRegistry,
    top_k: int = TOP_K,
    selected: Sequence[bool] | None = None,
    lexical_scores: Sequence[Mapping[int, float]] | None = None,
) -> ClaimScores:
    """Score claims against every narrative; keep the ``top_k`` best per claim.

    Only claims whose ``selected`` flag is true are embedded (the rest get no candidates
    and a score of -1): embedding is the expensive step, so callers skip claims that are
    not check-worthy and not attributed to anyone. ``lexical_scores`` (per claim, from
    ``index.lexical.scores``) may be passed when the caller already computed them.
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
    dense_chosen = query_vectors @ index.vectors.T  # chosen claims × rows
    for position, claim_index in enumerate(chosen):
        text = claim_texts[claim_index]
        dense_row = dense_chosen[position]
        row_scores = dense_row.astype(np.float64).copy()
        lexical = (
            lexical_scores[claim_index]
            if lexical_scores is not None
            else index.lexical.scores(text, language)
        )
        for row, value in lexical.items():
            row_scores[row] += LEXICAL_WEIGHT * value
        claim_actors = agent_and_actors(text, registry)
        best_rows: dict[int, int] = {}
        for row_index in np.argsort(-row_scores):
            column = int(index.row_narrative[row_index])
            if column not in best_rows:
                best_rows[column] = int(row_index)
                by_narrative[claim_index, column] = row_scores[row_index]
                best_row[claim_index, column] = row_index
        background = float(np.median(by_narrative[claim_index]))
        backgrounds[claim_index] = background
        ranked = sorted(best_rows.items(), key=lambda item: -row_scores[item[1]])[:top_k]
        all_candidates[claim_index] = tuple(
            Candidate(
                narrative_id=index.narrative_ids[column],
                score=round(float(row_scores[row]), 4),
                dense=round(float(dense_row[row]), 4),
                lexical=round(float(lexical.get(row, 0.0)), 4),
                statement=index.rows[row].text,
                statement_language=index.rows[row].language,
                margin=round(float(row_scores[row]) - background, 4),
                signals=verify(text, language, index.rows[row], registry, claim_actors).signals(),
            )
            for column, row in ranked
        )
    return ClaimScores(
        tuple(all_candidates), by_narrative, best_row, index, all_vectors, backgrounds
    )
