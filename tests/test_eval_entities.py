"""`narrativewatch eval entities`: the annotated-file reader, the metrics, and the scores on
the project's own Ukrainian and Russian test sets, held above floors (docs/ner.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from narrativewatch.actors import load_registry
from narrativewatch.evaluation.entities import (
    AnnotatedSentence,
    Counts,
    DataError,
    Mention,
    SentenceResult,
    configure_parser,
    count_matches,
    evaluate,
    load_annotated,
    main,
    predict,
    scores,
)
from narrativewatch.pipeline import Pipeline

NER_DATA = Path(__file__).resolve().parent / "data" / "ner"

# Measured F1 (exact span and type) with the bundled registry, set a little below so that a
# regression fails; docs/ner.md has the measurements. Only ever raise these.
FLOORS = {
    "uk.jsonl": 0.88,
    "ru.jsonl": 0.91,
    "en.jsonl": 0.86,
    "uk_dev.jsonl": 0.86,
    "uk_holdout.jsonl": 0.85,
}
# The same, on the gold names the registry does not know: the statistical model's share.
UNKNOWN_NAME_FLOORS = {"uk.jsonl": 0.73, "ru.jsonl": 0.86}


def _write(tmp_path: Path, *records: object) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records)
        + "\n",
        encoding="utf-8",
    )
    return path


GOOD = {
    "id": "s1",
    "language": "uk",
    "text": "Мер Харкова Ігор Терехов.",
    "entities": [
        {"start": 4, "end": 11, "type": "LOC", "text": "Харкова", "actor": "kharkiv"},
        {"start": 12, "end": 24, "type": "PER", "text": "Ігор Терехов"},
    ],
}


def test_reader_returns_sentences_with_sorted_mentions(tmp_path: Path) -> None:
    record = dict(GOOD, entities=list(reversed(GOOD["entities"])))
    [sentence] = load_annotated(_write(tmp_path, record))
    assert sentence == AnnotatedSentence(
        "s1",
        "uk",
        "Мер Харкова Ігор Терехов.",
        (
            Mention(4, 11, "LOC", "Харкова", "kharkiv"),
            Mention(12, 24, "PER", "Ігор Терехов"),
        ),
    )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "gold.jsonl:2: not valid JSON"),
        (
            dict(GOOD, entities=[{"start": 4, "end": 12, "type": "LOC", "text": "Харкова"}]),
            "gold.jsonl:2: entity #1: text[4:12] is 'Харкова ', but the entity says 'Харкова'",
        ),
        (
            dict(GOOD, entities=[{"start": 4, "end": 99, "type": "LOC", "text": "Харкова"}]),
            "gold.jsonl:2: entity #1: start and end must be offsets",
        ),
        (
            dict(GOOD, entities=[{"start": 4, "end": 11, "type": "GPE", "text": "Харкова"}]),
            "gold.jsonl:2: entity #1: type must be one of PER, ORG, LOC, not 'GPE'",
        ),
        (
            dict(
                GOOD,
                entities=[
                    {"start": 4, "end": 11, "type": "LOC", "text": "Харкова"},
                    {"start": 4, "end": 16, "type": "ORG", "text": "Харкова Ігор"},
                ],
            ),
            "gold.jsonl:2: entities 'Харкова' and 'Харкова Ігор' overlap",
        ),
        (dict(GOOD, language=""), "gold.jsonl:2: 'language' must be a language code"),
        (dict(GOOD, entities="none"), "gold.jsonl:2: 'entities' must be a list"),
    ],
)
def test_reader_names_the_bad_line(tmp_path: Path, bad: object, message: str) -> None:
    with pytest.raises(DataError) as error:
        load_annotated(_write(tmp_path, GOOD, bad))
    assert message in str(error.value)


def test_reader_rejects_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no annotated sentences"):
        load_annotated(_write(tmp_path, ""))


def test_every_offset_in_the_shipped_sets_is_right() -> None:
    for path in sorted(NER_DATA.glob("*.jsonl")):
        sentences = load_annotated(path)  # checks text[start:end] == text for every entity
        assert len(sentences) >= (60 if path.name in {"uk.jsonl", "ru.jsonl", "en.jsonl"} else 30)


def test_ukrainian_and_russian_test_sets_say_the_same_thing() -> None:
    """The Russian set renders the Ukrainian one sentence for sentence, so the gap between
    the languages is measured on the same content."""
    uk, ru = load_annotated(NER_DATA / "uk.jsonl"), load_annotated(NER_DATA / "ru.jsonl")
    assert [[m.type for m in s.entities] for s in uk] == [[m.type for m in s.entities] for s in ru]


def test_exact_and_partial_matches() -> None:
    gold = [Mention(0, 5, "PER", "a"), Mention(10, 20, "ORG", "b"), Mention(30, 35, "LOC", "c")]
    predicted = [
        Mention(0, 5, "PER", "a"),  # exact
        Mention(10, 15, "ORG", "b"),  # overlaps, right type: partial only
        Mention(30, 35, "PER", "c"),  # right span, wrong type: no match at all
        Mention(40, 45, "LOC", "d"),  # spurious
    ]
    counts = count_matches(gold, predicted)
    assert counts == Counts(gold=3, predicted=4, tp=1, partial_gold=2, partial_predicted=2)
    assert scores(counts) == {
        "precision": 0.25,
        "recall": 1 / 3,
        "f1": pytest.approx(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3)),
        "gold": 3,
        "predicted": 4,
        "correct": 1,
        "partial": {"precision": 0.5, "recall": 2 / 3, "f1": pytest.approx(4 / 7)},
    }


def test_scores_of_nothing_are_zero() -> None:
    assert scores(Counts())["f1"] == 0.0


def test_evaluate_splits_by_language_type_registry_and_checks_actors() -> None:
    registry = load_registry()
    uk = AnnotatedSentence(
        "1",
        "uk",
        "Пєсков і Терехов",
        (Mention(0, 6, "PER", "Пєсков", "dmitry-peskov"), Mention(9, 16, "PER", "Терехов")),
    )
    ru = AnnotatedSentence("2", "ru", "Песков", (Mention(0, 6, "PER", "Песков", "dmitry-peskov"),))
    results = [
        SentenceResult(uk, (Mention(0, 6, "PER", "Пєсков", "dmitry-peskov"),)),
        SentenceResult(ru, (Mention(0, 6, "PER", "Песков", "adhoc:песков"),)),
    ]
    metrics = evaluate(results, registry)
    assert (metrics["precision"], metrics["recall"], metrics["sentences"]) == (1.0, 2 / 3, 2)
    by_language = metrics["by_language"]
    assert isinstance(by_language, dict)
    assert by_language["uk"]["recall"] == 0.5 and by_language["ru"]["recall"] == 1.0
    by_registry = metrics["by_registry"]
    assert isinstance(by_registry, dict)
    assert (by_registry["known"]["recall"], by_registry["unknown"]["recall"]) == (1.0, 0.0)
    assert metrics["actor_resolution"] == {"accuracy": 0.5, "correct": 1, "total": 2}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_on_the_shipped_sets_stay_above_their_floors(pipeline: Pipeline, name: str) -> None:
    results = predict(load_annotated(NER_DATA / name), pipeline.registry, pipeline.nlp)
    metrics = evaluate(results, pipeline.registry)
    f1 = metrics["f1"]
    assert isinstance(f1, float) and f1 >= FLOORS[name]
    if name in UNKNOWN_NAME_FLOORS:
        by_registry = metrics["by_registry"]
        assert isinstance(by_registry, dict)
        assert by_registry["unknown"]["f1"] >= UNKNOWN_NAME_FLOORS[name]


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    return parser.parse_args(list(argv))


def test_command_prints_the_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_args("--data", str(NER_DATA / "uk.jsonl"), "--json")) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert set(metrics) >= {
        "precision",
        "recall",
        "f1",
        "partial",
        "by_language",
        "by_type",
        "by_registry",
        "actor_resolution",
        "sentences",
    }
    assert metrics["sentences"] == 65
    assert list(metrics["by_language"]) == ["uk"]
    assert list(metrics["by_type"]) == ["PER", "ORG", "LOC"]
    assert metrics["f1"] >= FLOORS["uk.jsonl"]
    assert metrics["actor_resolution"]["accuracy"] >= 0.85


def test_command_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_args("--data", str(NER_DATA / "ru.jsonl"))) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == [
        "gold",
        "pred",
        "P",
        "R",
        "F1",
        "partial",
        "P",
        "partial",
        "R",
        "partial",
        "F1",
    ]
    assert "65 sentences; actor resolution: " in out


def test_command_exits_2_on_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = dict(GOOD, entities=[{"start": 0, "end": 3, "type": "PER", "text": "Мэр"}])
    assert main(_args("--data", str(_write(tmp_path, GOOD, bad)))) == 2
    assert capsys.readouterr().err == (
        f"narrativewatch: error: {tmp_path / 'gold.jsonl'}:2: entity #1: text[0:3] is 'Мер', "
        "but the entity says 'Мэр'\n"
    )


def test_without_the_registry_the_model_alone_is_measured(
    capsys: pytest.CaptureFixture[str],
) -> None:
    uk = str(NER_DATA / "uk.jsonl")
    assert main(_args("--data", uk, "--json")) == 0
    with_registry = json.loads(capsys.readouterr().out)
    assert main(_args("--data", uk, "--json", "--no-registry")) == 0
    model_alone = json.loads(capsys.readouterr().out)
    assert model_alone["f1"] < with_registry["f1"]
    # The same gold mentions are "known" either way: the split does not follow the flag.
    assert (
        model_alone["by_registry"]["known"]["gold"] == with_registry["by_registry"]["known"]["gold"]
    )
    assert model_alone["actor_resolution"]["correct"] == 0
