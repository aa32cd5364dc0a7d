"""`narrativewatch eval discovery` on a small slice of the shared VoxCheck data, and its
leave-one-out judging on a hand-made stream."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.discovery.growth import GrowthRule
from narrativewatch.evaluation import discovery
from narrativewatch.evaluation.discovery import ScoredStream, StreamText, judge_round, unmatched
from narrativewatch.evaluation.voxcheck import FILES, link_key, read_rows, split

VOXCHECK = (
    Path(__file__).resolve().parent.parent.parent / "shared/datasets/voxcheck-propaganda-diary"
)


def _args(train: Path, test: Path, cache: Path, *extra: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    discovery.configure_parser(parser)
    return parser.parse_args(
        ["--train", str(train), "--test", str(test), "--cache-dir", str(cache), "--json", *extra]
    )


def _slice(tmp_path: Path, subnarratives: int = 3, links_each: int = 6) -> Path:
    """The links of the most frequent sub-narratives (English labels), all three files."""
    english = read_rows(VOXCHECK / FILES["en"])
    counts = Counter(row.get("Fakes") for row in english if row.get("Link") and row.get("Fakes"))
    chosen = [name for name, _ in counts.most_common(subnarratives)]
    links: set[str] = set()
    for name in chosen:
        rows = [row for row in english if row.get("Fakes") == name and row.get("Link")]
        links.update(link_key(row["Link"]) for row in rows[:links_each])
    out = tmp_path / "slice"
    out.mkdir()
    for name in FILES.values():
        rows = [r for r in read_rows(VOXCHECK / name) if link_key(str(r.get("Link", ""))) in links]
        (out / name).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.mark.skipif(not VOXCHECK.is_dir(), reason="shared VoxCheck data not available")
def test_eval_discovery_on_a_voxcheck_slice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _slice(tmp_path)
    train, test = tmp_path / "train", tmp_path / "test"
    split(source, train, test, test_share=0.5)
    code = discovery.main(_args(train, test, tmp_path / "cache", "--min-cases", "3"))
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert {"recall", "purity", "median_cases_to_detect", "subnarratives"} <= set(report)
    assert report["subnarratives"] == len(report["by_subnarrative"]) >= 1
    assert 0.0 <= report["recall"] <= 1.0 and 0.0 <= report["purity"] <= 1.0
    assert report["threshold"] in discovery.DiscoveryEvalOptions().thresholds
    detected = [row for row in report["by_subnarrative"] if row["detected"]]
    assert report["recall"] == pytest.approx(len(detected) / report["subnarratives"], abs=1e-4)
    # A few large, distinct sub-narratives: discovery must find at least one, mostly pure.
    assert detected and all(row["purity"] > 0.5 for row in detected)
    assert all(row["cases_to_detect"] >= 1 for row in detected)

    # One setting given is the setting measured, with nothing calibrated.
    one = ("--threshold", "0.35", "--min-items", "3", "--min-sources", "2", "--min-cases", "3")
    assert discovery.main(_args(train, test, tmp_path / "cache", *one)) == 0
    fixed = json.loads(capsys.readouterr().out)
    assert fixed["threshold"] == 0.35 and fixed["calibration"] is None
    assert fixed["rule"] == {"min_items": 3, "min_sources": 2}


def test_eval_discovery_reports_a_missing_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert discovery.main(_args(missing, missing, tmp_path / "cache")) == 2
    assert "nowhere" in capsys.readouterr().err


def _stream(labels: list[str], cases: list[int], sources: list[str]) -> ScoredStream:
    texts = [
        StreamText(case, "en", f"text {i}", datetime(2024, 1, 1), source)
        for i, (case, source) in enumerate(zip(cases, sources, strict=True))
    ]
    n = len(labels)
    return ScoredStream(
        texts=texts,
        labels=[frozenset(label.split("+")) for label in labels],
        vectors=np.eye(n, dtype=np.float32),
        # Two catalog narratives: column 0 is "S", column 1 is "T".
        by_narrative=np.array([[0.9, 0.5]] * n, dtype=np.float32),
        top=[[(0, 0.9, True), (1, 0.5, True)]] * n,
        columns={"S": 0, "T": 1},
        suggest=0.1,
    )


def test_leaving_a_subnarrative_out_unmatches_its_texts() -> None:
    scored = _stream(["S", "S", "T"], [0, 1, 2], ["a", "b", "c"])
    # With S in the catalog every text matches it (margin 0.9 - median 0.7 >= 0.1).
    assert unmatched(scored, "nothing") == []
    # Without S the best remaining is T at 0.5, the median of what is left is 0.5:
    # margin 0 < suggest, so every text is unmatched.
    assert unmatched(scored, "S") == [0, 1, 2]


def test_judge_round_counts_purity_and_cases() -> None:
    labels = ["S", "X", "S", "S", "S", "X"]
    scored = _stream(labels, [0, 1, 2, 2, 3, 4], ["a", "b", "a", "a", "c", "d"])
    rule = GrowthRule(3, 2, None)
    # One cluster of the S texts and one X text; the rule is met at its third member
    # (position 2: two S cases from one outlet and one X) — S holds 4 of 5 at the end.
    result = judge_round(scored, [[0, 1, 2, 3, 4], [5]], "S", rule)
    assert result.detected and result.purity == pytest.approx(0.8)
    assert result.cases_to_detect == 2  # S cases 0 and 2 were streamed by position 2
    assert result.proposals == 1
    # A cluster dominated by other texts does not detect S.
    assert not judge_round(scored, [[0, 1, 5]], "S", rule).detected


def test_a_text_filed_under_two_subnarratives_counts_for_either() -> None:
    # Texts 1 and 5 are one passage VoxCheck files under S and X (two rows, two texts).
    scored = _stream(["S", "S+X", "S", "S", "S", "S+X"], [0, 1, 2, 2, 3, 4], list("abaacd"))
    result = judge_round(scored, [[0, 1, 2, 3, 4, 5]], "S", GrowthRule(3, 2, None))
    assert result.detected and result.purity == 1.0
    assert judge_round(scored, [[1, 5]], "X", GrowthRule(2, 2, None)).purity == 1.0
