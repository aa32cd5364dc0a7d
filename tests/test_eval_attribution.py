"""`narrativewatch eval attribution`: the brat and ADAQ readers, the matching rules and
metrics on hand-made fixtures, and the real command on a slice of PolNeAR and ADAQ."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from narrativewatch.cli import main
from narrativewatch.evaluation.attribution import (
    Counts,
    DataError,
    Relation,
    TaggedSentence,
    align_tokens,
    content_match,
    load_adaq,
    load_brat,
    match_contents,
    parse_brat,
    run,
    score_document,
    score_tokens,
    select_half,
    short_span_match,
)
from narrativewatch.model import Span
from narrativewatch.pipeline import Pipeline

DATA = Path(__file__).resolve().parent / "data" / "attribution"
DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
POLNEAR_DEV = DATASETS / "polnear" / "data" / "dev"
ADAQ = DATASETS / "adaq-quotes-ru-cs"


def _text(document_text: str, spans: tuple[Span, ...]) -> list[str]:
    return [s.text_of(document_text) for s in spans]


# ------------------------------------------------------------------------------ readers


def test_load_brat_reads_relations_and_discontinuous_content() -> None:
    documents = load_brat(DATA / "brat")
    assert [d.name for d in documents] == ["harbour-ferry", "library-hours"]
    ferry = documents[0]
    assert [
        (_text(ferry.text, r.source), _text(ferry.text, r.cue), _text(ferry.text, r.content))
        for r in ferry.relations
    ] == [
        (["The mayor"], ["said"], ["ferry fares would rise by a tenth next spring"]),
        (["she"], ["added"], ["We have no other choice,", "The fleet is old."]),
        (["Critics"], ["argue"], ["the increase is unfair"]),
    ]
    # library-hours has two annotation files: the first in name order (a1) is used.
    assert len(documents[1].relations) == 1


def test_load_brat_limit_keeps_the_first_documents() -> None:
    assert [d.name for d in load_brat(DATA / "brat", limit=1)] == ["harbour-ferry"]


def test_parse_brat_roles_without_source_and_second_content() -> None:
    text = "Polls show a tie. Voters, it is said, are tired."
    annotation = (
        "T1\tCue 29 36\tis said\n"
        "T2\tContent 18 24\tVoters\n"
        "T3\tContent 38 47\tare tired\n"
        "T4\tAttribution-no-source 29 36\tis said\n"
        "E1\tAttribution-no-source:T4 Cue:T1 Content:T2 Content2:T3\n"
        "T5\tCue 6 10\tshow\n"
        "E2\tAttribution:T5 Cue:T5\n"  # no content: nothing to match it by
    )
    assert parse_brat(annotation, text) == (
        Relation(content=(Span(18, 24), Span(38, 47)), cue=(Span(29, 36),), source=()),
    )


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        ("T1\tContent 5 x\tab\n", "bad offsets"),
        ("T1\tContent 5 900\tab\n", "past the end"),
        ("T1\tContent 0 3\tabc\nE1\tAttribution:T1 Content:T9\n", "'T9' is not a T line"),
    ],
)
def test_parse_brat_errors_name_the_line(annotation: str, message: str) -> None:
    with pytest.raises(DataError, match=message) as error:
        parse_brat(annotation, "abc def", "x.ann")
    assert str(error.value).startswith("x.ann:")


def test_load_brat_rejects_a_folder_without_the_subfolders(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="text/ and attributions/"):
        load_brat(tmp_path)


def test_load_adaq_undoes_csv_quoting_and_locates_tokens() -> None:
    sentences = load_adaq(DATA / "adaq", "ru")
    assert [s.sentence_id for s in sentences] == ["s1", "s2", "s3"]
    quoted = sentences[2]
    assert quoted.text == '"Мы готовы", - ответил тренер.'
    assert [(span.text_of(quoted.text) if span else None, tag) for span, tag in quoted.tokens] == [
        ('"', "content"),  # ADAQ counts the quotation marks as content
        ("Мы", "content"),
        ("готовы", "content"),
        ('"', "content"),
        (",", "None"),
        ("-", "None"),
        ("ответил", "cue"),
        ("тренер", "source"),
        (".", "None"),
    ]


def test_align_tokens_leaves_an_unfound_token_without_span() -> None:
    assert align_tokens("a b c", ["a", "x", "b"]) == [Span(0, 1), None, Span(2, 3)]


def test_select_half_splits_every_sentence_into_exactly_one_half() -> None:
    sentences = load_adaq(DATA / "adaq", "ru")
    a, b = select_half(sentences, "a"), select_half(sentences, "b")
    assert sorted(s.sentence_id for s in a + b) == ["s1", "s2", "s3"]
    assert not {s.sentence_id for s in a} & {s.sentence_id for s in b}


# ----------------------------------------------------------------------------- matching


def test_content_match_needs_half_of_both_sides() -> None:
    gold = frozenset(range(10))
    assert content_match(gold, frozenset(range(5)))  # 5 of 10 gold, all predicted
    assert not content_match(gold, frozenset(range(4)))  # 4 of 10 gold
    assert not content_match(gold, frozenset(range(25)))  # 10 of 25 predicted
    assert not content_match(frozenset(), frozenset())


def test_short_span_match_uses_the_shorter_span() -> None:
    campaign_manager_robby_mook = frozenset(range(5))
    assert short_span_match(campaign_manager_robby_mook, frozenset({3, 4}))
    assert not short_span_match(campaign_manager_robby_mook, frozenset({5, 6}))
    assert short_span_match(frozenset({1, 2}), frozenset({2}))


def test_match_contents_is_one_to_one_best_overlap_first() -> None:
    gold = [frozenset(range(0, 10)), frozenset(range(0, 8))]
    # Prediction 0 passes the rule for both golds; it goes to the better (gold 0, Dice 1)
    # and gold 1 takes prediction 1.
    predicted = [frozenset(range(0, 10)), frozenset(range(2, 8))]
    assert match_contents(gold, predicted) == [(0, 0), (1, 1)]
    # One prediction cannot match two golds.
    assert match_contents(gold, predicted[:1]) == [(0, 0)]


def test_score_document_counts_content_source_and_triple() -> None:
    text = "Ann Lee said that taxes will rise soon. Bob thinks the plan is bad."
    gold = [
        Relation((Span(18, 38),), (Span(8, 12),), (Span(0, 7),)),  # Ann Lee / said
        Relation((Span(51, 66),), (Span(44, 50),), (Span(40, 43),)),  # Bob / thinks
    ]
    predicted = [
        # Right content and cue, speaker "Lee" within the gold "Ann Lee".
        Relation((Span(13, 38),), (Span(8, 12),), (Span(4, 7),)),
        # Right content, wrong source ("Ann Lee").
        Relation((Span(51, 66),), (Span(44, 50),), (Span(0, 7),)),
        # Content nobody annotated, no source.
        Relation((Span(0, 12),), (Span(8, 12),), ()),
    ]
    score = score_document(text, gold, predicted)
    assert score.content == Counts(correct=2, predicted=3, gold=2)
    assert score.source == Counts(correct=1, predicted=2, gold=2)
    assert score.triple == Counts(correct=1, predicted=3, gold=2)


def test_counts_scores_by_hand() -> None:
    assert Counts(2, 4, 8).scores() == pytest.approx(
        {"precision": 0.5, "recall": 0.25, "f1": 1 / 3}
    )
    assert Counts(0, 0, 3).scores() == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_score_tokens_scores_each_tag_on_its_own() -> None:
    sentence = load_adaq(DATA / "adaq", "ru")[0]  # Директор сказал, что завод закроют.
    text = sentence.text
    predicted = [
        Relation(
            content=(Span(text.index("завод"), text.index(".")),),
            cue=(Span(text.index("сказал"), text.index(",")),),
            source=(),
        )
    ]
    counts = score_tokens(sentence, predicted)
    assert counts["content"] == Counts(correct=2, predicted=2, gold=3)  # "что" missed
    assert counts["cue"] == Counts(correct=1, predicted=1, gold=1)
    assert counts["source"] == Counts(correct=0, predicted=0, gold=1)


def test_score_tokens_on_a_sentence_without_quotes() -> None:
    sentence = TaggedSentence("x", "Дождь шёл.", ((Span(0, 5), "None"), (Span(6, 9), "None")))
    assert score_tokens(sentence, [])["content"] == Counts(0, 0, 0)


# ---------------------------------------------------------------------------------- CLI


def _args(*argv: str) -> argparse.Namespace:
    from narrativewatch.evaluation.attribution import configure_parser

    parser = argparse.ArgumentParser()
    configure_parser(parser)
    return parser.parse_args(list(argv))


def test_run_on_fixtures_with_loaded_models(pipeline: Pipeline) -> None:
    metrics = run(_args("--data", str(DATA / "brat"), "--quiet"), pipeline.nlp, pipeline.registry)
    assert metrics["documents"] == 2
    assert metrics["gold_attributions"] == 4
    # Plain rule cases: "The mayor said that …", a quotation continued after "she added",
    # "Critics argue …", "…, officials announced"; every one with its speaker.
    for part in ("content", "source", "triple"):
        values = metrics[part]
        assert isinstance(values, dict)
        assert values["recall"] == 1.0, part


def test_run_adaq_fixture(pipeline: Pipeline) -> None:
    metrics = run(
        _args("--format", "adaq", "--data", str(DATA / "adaq"), "--quiet"),
        pipeline.nlp,
        pipeline.registry,
    )
    assert metrics == {
        "source": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
        "cue": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
        "content": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
        "sentences": 3,
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--data", "/nonexistent/folder"], "not a directory"),
        (["--format", "adaq", "--language", "cs", "--data", "."], "'cs' is not supported"),
        (["--data", ".", "--limit", "0"], "--limit must be at least 1"),
        (["--data", ".", "--half", "a"], "--half applies to --format adaq only"),
    ],
)
def test_bad_arguments_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "attribution", *argv]) == 2
    assert message in capsys.readouterr().err


def _check_ranges(metrics: dict[str, object], parts: tuple[str, ...]) -> None:
    for part in parts:
        values = metrics[part]
        assert isinstance(values, dict)
        assert set(values) == {"precision", "recall", "f1"}
        assert all(0.0 <= v <= 1.0 for v in values.values())


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="PolNeAR is not in ../shared/datasets")
def test_polnear_dev_slice(pipeline: Pipeline) -> None:
    metrics = run(
        _args("--data", str(POLNEAR_DEV), "--limit", "3", "--quiet"),
        pipeline.nlp,
        pipeline.registry,
    )
    assert set(metrics) == {"content", "source", "triple", "documents", "gold_attributions"}
    assert metrics["documents"] == 3
    assert isinstance(metrics["gold_attributions"], int) and metrics["gold_attributions"] > 0
    _check_ranges(metrics, ("content", "source", "triple"))


@pytest.mark.skipif(not ADAQ.is_dir(), reason="ADAQ is not in ../shared/datasets")
def test_adaq_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["eval", "attribution", "--format", "adaq", "--data", str(ADAQ), "--limit", "5"]
    code = main([*argv, "--json", "--quiet"])
    assert code == 0
    metrics = json.loads(capsys.readouterr().out)
    assert set(metrics) == {"source", "cue", "content", "sentences"}
    assert metrics["sentences"] == 5
    _check_ranges(metrics, ("source", "cue", "content"))


def test_a_cue_without_words_matches_by_its_characters() -> None:
    text = "Ann Lee: taxes will rise soon."
    colon = Span(7, 8)
    gold = [Relation((Span(9, 29),), (colon,), (Span(0, 7),))]
    assert score_document(text, gold, gold).triple == Counts(1, 1, 1)
    other_colon = [Relation((Span(9, 29),), (Span(8, 9),), (Span(0, 7),))]
    assert score_document(text, gold, other_colon).triple == Counts(0, 1, 1)
