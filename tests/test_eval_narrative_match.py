"""`narrativewatch eval narrative-match` and the VoxCheck reader/splitter, on a tiny
hand-written fixture in the VoxCheck format (tests/data/voxcheck)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrativewatch.cli import main
from narrativewatch.evaluation import voxcheck
from narrativewatch.evaluation.narrative_match import (
    Ranking,
    build_catalog,
    language_metrics,
    rank_of,
    reciprocal_rank,
    slug,
)
from narrativewatch.evaluation.voxcheck import FILES, VoxCase, load_voxcheck, passage_labels, split

DATA = Path(__file__).resolve().parent / "data" / "voxcheck"


def test_rank_counts_ties_against_the_gold_item() -> None:
    assert rank_of({"a": 0.9, "b": 0.5, "c": 0.1}, "a") == 1
    assert rank_of({"a": 0.9, "b": 0.5, "c": 0.1}, "c") == 3
    assert rank_of({"a": 0.5, "b": 0.5}, "a") == 2  # a tie is not a win
    assert rank_of({"a": 0.5}, "missing") is None
    assert reciprocal_rank(4) == 0.25
    assert reciprocal_rank(None) == 0.0


def test_rank_of_several_right_answers_is_the_best_of_them() -> None:
    scores = {"a": 0.9, "b": 0.5, "c": 0.1}
    assert rank_of(scores, {"b", "c"}) == 2  # only "a" is wrong and above
    assert rank_of(scores, {"c", "missing"}) == 3
    assert rank_of({"a": 0.5, "b": 0.5, "c": 0.5}, {"a", "b"}) == 2  # the tie with "c" counts
    assert rank_of(scores, set()) is None


def test_passage_labels_join_rows_with_the_same_text_in_one_link() -> None:
    def case(link: str, narrative: str, en: str, ru: str) -> VoxCase:
        return VoxCase(link, narrative, f"{narrative} sub", {"en": en, "ru": ru, "uk": ""})

    cases = [
        case("L1", "A", "The coup  in Kyiv.", "Переворот."),
        case("L1", "B", "The coup in Kyiv.", "Переворот в Киеве."),  # same English text
        case("L1", "C", "Other words.", "Переворот в Киеве."),  # same Russian text as B
        case("L1", "D", "The coup in Kyiv, and more.", "Иное."),  # longer: another passage
        case("L2", "E", "The coup in Kyiv.", "Переворот."),  # same text, another link
    ]
    labels = passage_labels(cases)
    assert [sorted(label.narratives) for label in labels] == [
        ["A", "B", "C"],
        ["A", "B", "C"],
        ["A", "B", "C"],
        ["D"],
        ["E"],
    ]
    assert labels[0].subnarratives == {"A sub", "B sub", "C sub"}


def test_language_metrics_on_hand_computed_rankings() -> None:
    rankings = [
        # right narrative and sub-narrative at rank 1, margin above auto
        Ranking({"s1": 0.9, "s2": 0.5, "s3": 0.1}, {"N1": 0.9, "N2": 0.1}, margin=0.2),
        # sub-narrative at rank 2, narrative tied with the wrong one → rank 2
        Ranking({"s1": 0.7, "s3": 0.7, "s2": 0.8}, {"N1": 0.8, "N2": 0.8}, margin=0.05),
        # wrong narrative, auto-matched; its sub-narrative was never in training
        Ranking({"s1": 0.9, "s2": 0.2, "s3": 0.1}, {"N1": 0.9, "N2": 0.2}, margin=0.15),
    ]
    metrics = language_metrics(
        rankings, ["N1", "N1", "N2"], ["s1", "s1", None], suggest=0.08, auto=0.1
    )
    assert metrics == {
        "narrative_acc@1": round(1 / 3, 4),
        "subnarrative_acc@1": round(1 / 3, 4),
        "narrative_mrr": round((1 + 1 / 2 + 1 / 2) / 3, 4),
        "subnarrative_mrr": round((1 + 1 / 3 + 0) / 3, 4),
        "no_match_rate": round(1 / 3, 4),
        "auto_match_precision": 0.5,
        "queries": 3,
        "auto_matches": 2,
    }


def test_metrics_without_queries_or_auto_matches_stay_fractions() -> None:
    empty = language_metrics([], [], [], suggest=0.08, auto=0.1)
    assert empty["queries"] == 0 and empty["auto_match_precision"] == 0.0
    low = Ranking({"s1": 1.0}, {"N1": 1.0}, margin=0.0)
    metrics = language_metrics([low], ["N1"], ["s1"], suggest=0.08, auto=0.1)
    assert metrics["auto_matches"] == 0 and metrics["auto_match_precision"] == 0.0
    assert metrics["no_match_rate"] == 1.0


def test_metrics_accept_any_of_a_passages_labels() -> None:
    ranking = Ranking({"s1": 0.9, "s2": 0.5}, {"N1": 0.9, "N2": 0.1}, margin=0.2)
    single = language_metrics([ranking], ["N2"], ["s2"], suggest=0.08, auto=0.1)
    multi = language_metrics([ranking], [{"N2", "N1"}], [{"s2", "s1"}], suggest=0.08, auto=0.1)
    assert single["narrative_acc@1"] == 0.0 and single["auto_match_precision"] == 0.0
    assert multi["narrative_acc@1"] == 1.0 and multi["subnarrative_acc@1"] == 1.0
    assert multi["auto_match_precision"] == 1.0


def test_reads_and_joins_the_three_files_on_link() -> None:
    data = load_voxcheck(DATA / "train")
    assert data.skipped_rows == 1  # the blank row has no link
    assert [case.subnarrative for case in data.cases] == [
        "Western advisers run the government in Kyiv",
        "Ukraine is a testing ground for Western weapons",
        "Western advisers run the government in Kyiv",
        "A Ukrainian fighter jet shot down the Malaysian airliner",
        "A Ukrainian fighter jet shot down the Malaysian airliner",
    ]
    # Two cases share a link, whose spelling differs between the files ("Russia"): the
    # k-th row of a link pairs with the k-th row of the same link in the other files.
    second = data.cases[1]
    assert second.texts["ru"].startswith("НАТО отправляет")
    assert second.texts["uk"].startswith("НАТО відправляє")  # "Disinfo_cases _ua"
    assert voxcheck.case_text({"Disinfo_cases _ua": " текст "}) == "текст"
    test = load_voxcheck(DATA / "test")
    assert test.cases[0].texts["uk"] == ""  # untranslated case


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "dataEng.json").write_text("[]", "utf-8")
    with pytest.raises(voxcheck.VoxCheckError, match=r"dataRu\.json: no such file"):
        load_voxcheck(tmp_path)
    (tmp_path / "dataRu.json").write_text("{not json", "utf-8")
    with pytest.raises(voxcheck.VoxCheckError, match=r"dataRu\.json: invalid JSON"):
        load_voxcheck(tmp_path)


def test_split_keeps_links_together_and_apart(tmp_path: Path) -> None:
    source = tmp_path / "all"
    source.mkdir()
    for name in FILES.values():
        rows = [
            row
            for part in ("train", "test")
            for row in json.loads((DATA / part / name).read_text("utf-8"))
        ]
        (source / name).write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    train_links, test_links = split(source, tmp_path / "tr", tmp_path / "te", 0.5, seed=1)
    # 6 links, 3 per narrative: each sends 1.5 → 2 (rounded half up) to test
    assert (train_links, test_links) == (2, 4)

    def links(directory: Path, name: str) -> set[str]:
        rows = json.loads((directory / name).read_text("utf-8"))
        return {voxcheck.link_key(row["Link"]) for row in rows}

    train = [links(tmp_path / "tr", name) for name in FILES.values()]
    test = [links(tmp_path / "te", name) for name in FILES.values()]
    assert train[0] == train[1] == train[2] and test[0] == test[1] == test[2]
    assert not train[0] & test[0] and len(train[0] | test[0]) == 6
    assert (
        len(load_voxcheck(tmp_path / "tr").cases) + len(load_voxcheck(tmp_path / "te").cases) == 8
    )


def test_catalog_has_one_narrative_per_subnarrative() -> None:
    catalog = build_catalog(load_voxcheck(DATA / "train").cases)
    first = catalog.narratives[0]
    assert first.id == "western-advisers-run-the-government-in-kyiv"
    assert [s.text for s in first.statements] == [
        "Western advisers run the government in Kyiv",
        "The West controls Ukraine",
    ]
    assert len(first.variants) == 2
    assert catalog.parent == {
        "western-advisers-run-the-government-in-kyiv": "The West controls Ukraine",
        "ukraine-is-a-testing-ground-for-western-weapons": "The West controls Ukraine",
        "a-ukrainian-fighter-jet-shot-down-the-malaysian-airliner": "Ukraine downed MH17",
    }
    assert slug("Maidan in 2014 was a coup d'état") == "maidan-in-2014-was-a-coup-d-etat"


def test_cli_json_on_the_fixture(
    cli_env: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["eval", "narrative-match", "--train", str(DATA / "train"), "--test", str(DATA / "test")]
    assert main([*argv, "--json", "--cache-dir", str(cache_dir)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert list(report) == ["by_language"]
    assert list(report["by_language"]) == ["en", "ru", "uk"]
    for language, queries in (("en", 3), ("ru", 3), ("uk", 2)):
        metrics = report["by_language"][language]
        assert list(metrics)[:7] == [
            "narrative_acc@1",
            "subnarrative_acc@1",
            "narrative_mrr",
            "subnarrative_mrr",
            "no_match_rate",
            "auto_match_precision",
            "queries",
        ]
        assert metrics["queries"] == queries
        assert all(0.0 <= metrics[key] <= 1.0 for key in list(metrics)[:6])
    assert report["by_language"]["uk"]["skipped_empty"] == 1


def test_cli_reports_a_missing_directory(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = cli_env / "nowhere"
    assert main(["eval", "narrative-match", "--train", str(missing), "--test", str(missing)]) == 2
    assert capsys.readouterr().err == f"narrativewatch: error: {missing}: not a directory\n"
