"""The static first tier: the distilled vectors, the filter, and that the pipeline with it
finds what the naive design (every claim embedded) finds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.ingest import make_document
from narrativewatch.matching.calibration import (
    first_tier_thresholds,
    first_tier_use_thresholds,
    read_calibration,
)
from narrativewatch.matching.static import load_static
from narrativewatch.pipeline import Pipeline, analyze
from narrativewatch.settings import Settings
from narrativewatch.store.sqlite import SQLiteStore

from .conftest import ARTICLES


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


def test_static_vectors_are_normalised_and_cross_lingual() -> None:
    static = load_static()
    troops, voyska, viiska, banana = static.embed(
        [
            "troops at the border",
            "войска у границы",
            "війська на кордоні",
            "a banana cake recipe",
        ],
        None,
    )
    assert abs(float(np.linalg.norm(troops)) - 1) < 1e-4
    assert cosine(troops, voyska) > cosine(troops, banana)
    assert cosine(troops, viiska) > cosine(troops, banana)
    assert not static.embed(["12345 !!!"], "en").any()  # no word, no vector


def test_an_inflected_form_outside_the_vocabulary_is_found_by_its_stem() -> None:
    static = load_static()
    # A rare inflection of a frequent Russian word: not listed itself, found by its stem.
    word = "военнослужащими"
    if word in static.words:
        pytest.skip("the form is in the vocabulary itself")
    assert static.rows_of(word, "ru"), "no stem row"
    assert not static.rows_of(word, None)  # without a language there is no stemmer


def test_thresholds_are_stored_for_every_language_and_these_vectors() -> None:
    calibration = read_calibration()
    assert calibration is not None
    thresholds = first_tier_thresholds(calibration.model_id, load_static().model_id)
    assert set(thresholds) == {"en", "ru", "uk"}
    assert all(scale > 0 for values in thresholds.values() for scale in values[:2])
    assert first_tier_thresholds(calibration.model_id, "other-static-vectors") == {}


def test_the_use_test_is_stored_for_the_languages_use_covers() -> None:
    from narrativewatch.retrieval.second_embedder import load_second_embedder

    calibration = read_calibration()
    use = load_second_embedder(threads=1)
    assert calibration is not None and use is not None
    static_id = load_static().model_id
    stored = first_tier_use_thresholds(calibration.model_id, static_id, use.model_id)
    # USE has no Ukrainian; in Russian the test lost too many of e5's suggestions.
    assert set(stored) == {"en"}
    assert all(scale > 0 for scale, _ in stored.values())
    assert first_tier_use_thresholds(calibration.model_id, static_id, "other-use") == {}


def test_the_use_margin_separates_a_narrative_from_unrelated_news(pipeline: Pipeline) -> None:
    tier = pipeline.first_tier
    assert tier is not None and tier.use is not None
    assert "uk" not in tier.use.thresholds
    # The USE margin itself works in Russian (only its calibration was not good enough).
    narrative = [
        "Западные кураторы готовят в Украине провокацию с химическим оружием.",
        "Секретные американские биолаборатории в Украине разрабатывают биологическое оружие.",
    ]
    unrelated = [
        "Городской совет утвердил бюджет на ремонт дорог и новые велосипедные дорожки.",
        "Нападающий забил дважды, и хозяева выиграли финал лиги в воскресенье.",
    ]
    margins = tier.use_margins(narrative + unrelated, "ru")
    assert min(margins[:2]) > max(margins[2:])


def test_the_tier_passes_a_narrative_and_stops_unrelated_news(pipeline: Pipeline) -> None:
    tier = pipeline.first_tier
    assert tier is not None
    unrelated = [
        "The city council approved a budget for road repairs and new bicycle lanes.",
        "The striker scored twice as the home team won the league final on Sunday.",
        "Shares of the software company rose after it reported higher quarterly profits.",
    ]
    narrative = [
        "Ukraine is massing troops near the border with Belarus, preparing a provocation.",
        "Secret American biolabs in Ukraine are developing biological weapons.",
    ]
    rows = pipeline.language_rows("en")

    def overlap(text: str) -> float:
        scores = pipeline.index.lexical.scores(text, "en")
        return max((v for row, v in scores.items() if row in rows), default=0.0)

    assert tier.passes(narrative, [overlap(t) for t in narrative], "en") == [True, True]
    assert tier.passes(unrelated, [overlap(t) for t in unrelated], "en") == [False] * 3
    # Without any shared word, the static margin alone must carry a narrative claim.
    margins = tier.margins(narrative + unrelated, "en")
    assert min(margins[:2]) > max(margins[2:])


def test_the_pipeline_with_the_tier_matches_what_the_naive_design_matches(
    pipeline: Pipeline,
) -> None:
    naive = replace(pipeline, first_tier=None)
    compared = 0
    for path in sorted(ARTICLES.glob("*.txt")):
        document = make_document(path.read_text(encoding="utf-8"), source=path.name)
        ours, theirs = analyze(document, pipeline), analyze(document, naive)
        assert [m.narrative_id for m in ours.matches] == [m.narrative_id for m in theirs.matches]
        assert [m.actor_stances for m in ours.matches] == [m.actor_stances for m in theirs.matches]
        compared += 1
    assert compared >= 9


def test_a_matched_document_scores_its_speakers_claims_not_every_claim(
    pipeline: Pipeline,
) -> None:
    """A matched document is scored more fully than an unmatched one — every claim with a
    speaker, for actors' stances — but not claim by claim: e5 time on a news stream goes
    mostly to such documents."""
    from narrativewatch.pipeline import _worth_matching

    worth, scored = 0, 0
    for path in sorted(ARTICLES.glob("*.txt")):
        analysis = analyze(
            make_document(path.read_text(encoding="utf-8"), source=path.name), pipeline
        )
        if not analysis.matches:
            continue
        for claim, candidates in zip(analysis.claims, analysis.candidates, strict=True):
            if not _worth_matching(claim, pipeline):
                continue
            worth += 1
            scored += bool(candidates)
            if claim.speaker_actor_id is not None:
                assert candidates, f"{path.name}: {claim.text!r} has a speaker but was not scored"
    assert 0 < scored < worth


@pytest.mark.slow
def test_ingest_in_two_spawned_workers_stores_what_one_process_stores(
    pipeline: Pipeline, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from narrativewatch import workers

    monkeypatch.setattr(workers, "can_fork", lambda settings: False)
    one, two = stored_by_worker_count(settings, pipeline, tmp_path)
    assert one == two


@pytest.mark.slow
def test_ingest_in_two_forked_workers_stores_what_one_process_stores(
    cache_dir: Path, tmp_path: Path
) -> None:
    """In a fresh process: this one may run threads or have loaded usearch by now (earlier
    tests), and then it rightly refuses to fork."""
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    script = (
        "import sys; from pathlib import Path\n"
        "from narrativewatch.pipeline import load_pipeline\n"
        "from narrativewatch.settings import Settings\n"
        "from narrativewatch.workers import can_fork\n"
        "from tests.test_first_tier import stored_by_worker_count\n"
        "settings = Settings.load({'cache_dir': sys.argv[1]}, environ={})\n"
        "pipeline = load_pipeline(settings)\n"
        "assert can_fork(settings), 'a fresh process should fork its workers'\n"
        "one, two = stored_by_worker_count(settings, pipeline, Path(sys.argv[2]))\n"
        "assert one == two, (one, two)\n"
        "print('stored alike:', len(one))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(cache_dir), str(tmp_path)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "stored alike:" in done.stdout


def stored_by_worker_count(
    settings: Settings, pipeline: Pipeline, directory: Path
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """What ingesting four articles and a missing file stores, with one and two workers."""
    from narrativewatch.service import ingest_sources

    sources = [str(p) for p in sorted(ARTICLES.glob("*.txt"))[:4]]
    sources.append(str(directory / "missing.txt"))  # an error in the batch
    results = []
    for workers in (1, 2):
        store = SQLiteStore(directory / f"w{workers}.db")
        try:
            report = ingest_sources(
                sources, settings, store=store, pipeline=pipeline, workers=workers
            )
            source_of = {d.document.id: d.document.source for d in store.documents()}
            stored: list[tuple[str, ...]] = sorted(
                (source_of[m.document_id], m.narrative_id, m.status) for m in store.list_matches()
            )
            stored += sorted(("document", s) for s in source_of.values())
        finally:
            store.close()
        assert report.stored == 4 and len(report.errors) == 1
        results.append(stored)
    return results[0], results[1]


def test_a_document_is_analysed_alike_whatever_was_analysed_before(pipeline: Pipeline) -> None:
    """USE's vectors depend in their last float bits on the other texts of their batch
    (numpy multiplies one row, or a row at another position, another way), so a vector
    cached from another document's batch would move this document's scores and, at a
    threshold, its verdicts: the analysis would depend on the order of the stream and on
    which worker saw what. The scores must be exactly those of the document on its own."""
    from narrativewatch.analysis.checkworthiness import Encoders, extract_features

    # Sentences written for this test, so no earlier test has embedded them.
    sentences = [
        "The regional council of Vardenis approved 4,311 new school buses in March 2019.",
        "Unemployment in the Lusatian lignite belt fell by 3.7 percent last winter.",
        "The port authority of Klaipeda said grain exports doubled within eleven weeks.",
        "Officials in Tartu confirmed that 212 bridges will be inspected before autumn.",
        "A survey of 9,800 farmers found that fertiliser prices rose by half since 2021.",
        "The ministry reported that 37 percent of rural clinics lacked a resident doctor.",
    ]
    # First, other documents that each repeat one of these sentences alone.
    for index, sentence in enumerate(sentences):
        analyze(make_document(sentence, source=f"alone-{index}.txt", language="en"), pipeline)
    document = make_document(" ".join(sentences), source="together.txt", language="en")
    analysis = analyze(document, pipeline)

    model = pipeline.checkworthiness
    assert model is not None
    texts = [c.text for c in analysis.claims]
    uncached = getattr(model.encoders.use, "inner", model.encoders.use)
    own = model.head_scores(
        extract_features(texts, "en", Encoders(uncached, model.encoders.static)), "en"
    )
    assert len(texts) >= 5
    assert [c.checkworthiness for c in analysis.claims] == [float(p) for p in own]
