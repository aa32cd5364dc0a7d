"""Extraction on articles other than the sample, against the facts in
tests/data/articles/expected.yaml (a careful reader's account of each article)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from narrativewatch.ingest import IngestOptions, read_sources
from narrativewatch.model import Document
from narrativewatch.pipeline import Pipeline, analyze
from narrativewatch.report import analysis_to_json

from .conftest import ARTICLES

EXPECTED = yaml.safe_load((ARTICLES / "expected.yaml").read_text(encoding="utf-8"))
OTHERS = [e for e in EXPECTED if not e["file"].startswith("up-")]


@pytest.fixture(scope="module")
def results(pipeline: Pipeline) -> dict[str, dict[str, Any]]:
    out = {}
    for entry in OTHERS:
        items = list(read_sources([str(ARTICLES / entry["file"])], IngestOptions()))
        assert len(items) == 1 and isinstance(items[0], Document), items
        out[entry["file"]] = analysis_to_json(analyze(items[0], pipeline), pipeline)
    return out


def ids(entries: list[dict[str, Any]]) -> list[str]:
    return [e["file"] for e in entries]


@pytest.mark.parametrize("entry", OTHERS, ids=ids(OTHERS))
def test_language_and_dates(results: dict[str, dict[str, Any]], entry: dict[str, Any]) -> None:
    result = results[entry["file"]]
    assert result["language"] == entry["language"]
    assert result["published_at"][:10] == str(entry["published_at"])
    found = {t["value"] for t in result["time_expressions"]}
    assert {str(d) for d in entry.get("event_dates", [])} <= found


@pytest.mark.parametrize("entry", OTHERS, ids=ids(OTHERS))
def test_quotes_and_speakers(results: dict[str, dict[str, Any]], entry: dict[str, Any]) -> None:
    quotes = results[entry["file"]]["quotes"]
    for expected in entry.get("quotes", []):
        assert any(
            q["speaker"]["name"] == expected["speaker"]
            and q["kind"] == expected["kind"]
            and expected["contains"] in q["content"]["text"]
            for q in quotes
        ), (expected, [(q["speaker"]["name"], q["kind"], q["content"]["text"][:60]) for q in quotes])


@pytest.mark.parametrize("entry", OTHERS, ids=ids(OTHERS))
def test_cited_sources(results: dict[str, dict[str, Any]], entry: dict[str, Any]) -> None:
    sources = {a["source"]["name"] for a in results[entry["file"]]["attributions"]}
    assert set(entry.get("cited_sources", [])) <= sources


@pytest.mark.parametrize("entry", OTHERS, ids=ids(OTHERS))
def test_narrative_and_stances(results: dict[str, dict[str, Any]], entry: dict[str, Any]) -> None:
    matches = results[entry["file"]]["matches"]
    assert matches, "no narrative recognised"
    top = matches[0]
    assert top["category"] == entry["narrative_category"]
    assert top["document_stance"] == entry["document_stance"]
    stances = {s["name"]: s["stance"] for s in top["actor_stances"]}
    for name, stance in entry.get("actor_stances", {}).items():
        assert stances.get(name) == stance, (name, stances)
