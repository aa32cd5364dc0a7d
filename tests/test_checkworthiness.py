"""Check-worthiness: the shipped model, its features, the TSV reader, the reproducible
training command and the `eval checkworthiness` command."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.analysis.checkworthiness import (
    DEFAULT_MODEL,
    SURFACE_FEATURES,
    CheckworthinessModel,
    Encoders,
    Ensemble,
    flush_subnormals,
    load_checkworthiness,
    ngram_buckets,
    read_model,
    surface_features,
)
from narrativewatch.cli import main
from narrativewatch.evaluation.checkworthiness import (
    DataError,
    positive_class_scores,
    read_labelled_sentences,
)
from narrativewatch.training.checkworthiness import (
    Split,
    TrainingOptions,
    choose_threshold,
    train_checkworthiness,
    weights_sha256,
)

SHARED_TASK = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "datasets"
    / "checkthat2024-task1-checkworthiness-en"
)

# (check-worthy, not check-worthy) pairs, written for this test.
PAIRS = {
    "en": (
        "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years.",
        "Thank you all so much, it is wonderful to be here with you tonight.",
    ),
    "ru": (
        "В 2021 году безработица в России снизилась до 4,3 процента, сообщил Росстат.",
        "Спасибо вам всем, я очень рад быть здесь с вами сегодня вечером.",
    ),
    "uk": (
        "У 2021 році безробіття в Україні зросло до 10 відсотків, повідомила Держстат.",
        "Дякую вам усім, я дуже радий бути тут з вами сьогодні ввечері.",
    ),
}


@pytest.fixture(scope="module")
def model() -> CheckworthinessModel:
    return load_checkworthiness()


def _tsv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["Sentence_id\tText\tclass_label", *("\t".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ model


def test_shipped_model_records_its_training_data(model: CheckworthinessModel) -> None:
    assert model.model_id == "checkworthiness-v1"
    train = model.metadata["data"]["train"]
    assert train["file"] == "CT24_checkworthy_english_train.tsv"
    assert len(train["sha256"]) == 64 and train["sentences"] == 22501
    assert set(model.heads) == {"en", "xl"}
    for language in ("en", "ru", "uk"):
        assert 0.0 < model.threshold(language) < 1.0
    assert model.head_for("ru") is model.head_for("uk") is model.heads["xl"]
    # Russian and Ukrainian vectors are shifted towards English before the xl head.
    assert sorted(model.offsets) == ["ru", "uk"]
    assert model.offsets["uk"].use.shape == (512,) and model.offsets["uk"].static.shape == (256,)


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_checkworthy_sentence_scores_above_small_talk(
    model: CheckworthinessModel, language: str
) -> None:
    claim, small_talk = PAIRS[language]
    scores = model.scores([claim, small_talk], language)
    assert scores.dtype == np.float32 and scores.shape == (2,)
    assert np.all((scores >= 0) & (scores <= 1))
    assert scores[0] > scores[1]
    assert model.is_checkworthy([small_talk], language).tolist() == [False]


def test_english_claim_passes_the_threshold(model: CheckworthinessModel) -> None:
    assert model.is_checkworthy([PAIRS["en"][0]], "en").tolist() == [True]
    assert model.scores([], "en").shape == (0,)


# --------------------------------------------------------------------------- features


def test_surface_features_count_cues_in_every_language() -> None:
    names = list(SURFACE_FEATURES)
    english = dict(zip(names, surface_features("We cut taxes by 20 percent in 2017?"), strict=True))
    assert english["has_number"] == 1.0 and english["has_year"] == 1.0
    assert english["first_plural_present"] == 1.0 and english["question"] == 1.0
    assert english["quantity_present"] == 1.0 and english["greeting_present"] == 0.0
    ukrainian = dict(zip(names, surface_features("Дякую, ми вдячні!"), strict=True))
    assert ukrainian["greeting_present"] == 1.0 and ukrainian["first_plural_present"] == 1.0
    assert ukrainian["has_number"] == 0.0 and ukrainian["exclamation"] == 1.0


def test_ngram_buckets_are_stable_and_fold_digits() -> None:
    # CRC-32, not Python's per-process hash: the same buckets in every process.
    assert ngram_buckets("Taxes rose.", 1000) == [16, 47, 191, 636, 755]
    assert ngram_buckets("In 1990 taxes rose", 1000) == ngram_buckets("in 2016 Taxes rose", 1000)


# ------------------------------------------------------------------------ data format


def test_reader_splits_a_glued_row_and_unquotes(tmp_path: Path) -> None:
    path = tmp_path / "glued.tsv"
    path.write_text(
        "Sentence_id\tText\tclass_label\n"
        '1\t"He said ""no."""\tYes\n'
        "2\tWe've got to grow.\tNo29286\tYou can't bring back jobs.\tNo\n",
        encoding="utf-8",
    )
    sentences = read_labelled_sentences(path)
    assert [(s.sentence_id, s.text, s.checkworthy) for s in sentences] == [
        ("1", 'He said "no."', True),
        ("2", "We've got to grow.", False),
        ("29286", "You can't bring back jobs.", False),
    ]


def test_reader_names_the_file_and_line_of_a_bad_label(tmp_path: Path) -> None:
    path = _tsv(tmp_path / "bad.tsv", [("1", "A sentence.", "Yes"), ("2", "Another.", "Maybe")])
    with pytest.raises(DataError, match=r"bad\.tsv:3: class_label must be Yes or No"):
        read_labelled_sentences(path)
    headerless = tmp_path / "headerless.tsv"
    headerless.write_text("1\tA sentence.\tYes\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"headerless\.tsv: the header must name"):
        read_labelled_sentences(headerless)


def test_positive_class_scores_by_hand() -> None:
    predicted = np.array([True, True, False, False, True])
    gold = [True, False, True, False, True]
    # tp = 2, predicted 3, gold 3 -> P = R = F1 = 2/3
    assert positive_class_scores(predicted, gold).as_dict() == {
        "precision": 0.6667,
        "recall": 0.6667,
        "f1": 0.6667,
        "sentences": 5,
    }
    assert positive_class_scores(np.zeros(2, dtype=bool), [True, False]).f1 == 0.0


def test_threshold_is_the_centre_of_the_best_plateau() -> None:
    labels = np.array([True] * 10 + [False] * 10)
    # Positives at 0.6–0.69, negatives at 0.3–0.39: any threshold in (0.39, 0.6] is perfect.
    probabilities = np.concatenate([np.linspace(0.6, 0.69, 10), np.linspace(0.3, 0.39, 10)])
    threshold = choose_threshold(probabilities.astype(np.float32), labels, window=0.05)
    assert 0.45 <= threshold <= 0.55


# --------------------------------------------------------------------------- training


def test_training_is_reproducible_and_records_the_data_hash(
    model: CheckworthinessModel, tmp_path: Path
) -> None:
    claims = [f"Spending rose by {n} percent in {1990 + n}, the report says." for n in range(12)]
    talk = [f"Thank you, friend number {n}, it is great to see you." for n in range(12)]
    rows = [(str(i), text, "Yes" if i < 12 else "No") for i, text in enumerate(claims + talk)]
    train_path = _tsv(tmp_path / "train.tsv", rows[::2] + rows[1::2][:6])
    dev_path = _tsv(tmp_path / "dev.tsv", rows[1::2])
    train = Split("train", train_path, read_labelled_sentences(train_path))
    dev = Split("dev", dev_path, read_labelled_sentences(dev_path))
    options = TrainingOptions(folds=2, ngram_iterations=20, hidden=8, members=2, epochs=3)
    encoders = Encoders(model.encoders.use, model.encoders.static)
    first = train_checkworthiness(train, dev, tmp_path / "a.npz", options, encoders=encoders)
    second = train_checkworthiness(train, dev, tmp_path / "b.npz", options, encoders=encoders)

    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    assert weights_sha256(tmp_path / "a.npz") == weights_sha256(tmp_path / "b.npz")
    assert first.metadata == second.metadata
    recorded = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert recorded["data"]["train"] == {
        "file": "train.tsv",
        "sha256": hashlib.sha256(train_path.read_bytes()).hexdigest(),
        "sentences": 18,
        "use": "weights fitted on it",
    }
    assert set(recorded["scores"]["en"]) == {"train", "dev"}
    reloaded = read_model(tmp_path / "a.npz", encoders)
    assert reloaded.scores(["Taxes rose by 5 percent in 2001."], "en").shape == (1,)


def test_train_command_rejects_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.tsv"
    code = main(["train", "checkworthiness", "--train", str(missing), "--dev", str(missing)])
    assert code == 2
    assert f"{missing}: cannot read" in capsys.readouterr().err


# ------------------------------------------------------------------------- evaluation


def test_eval_command_on_a_slice_of_the_real_dev_split(
    model: CheckworthinessModel, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = SHARED_TASK / "CT24_checkworthy_english_dev.tsv"
    if not source.exists():
        pytest.skip(f"the CheckThat! 2024 data is not at {SHARED_TASK}")
    lines = source.read_text(encoding="utf-8").splitlines()[:81]
    data = tmp_path / "dev-slice.tsv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["eval", "checkworthiness", "--data", str(data), "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert list(metrics) == ["precision", "recall", "f1", "sentences"]
    assert metrics["sentences"] == 80
    assert all(0.0 <= metrics[k] <= 1.0 for k in ("precision", "recall", "f1"))
    # The model is not perfect, but on its own dev data it is far from chance (~0.37).
    assert metrics["f1"] >= 0.6


def test_eval_command_rejects_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "wrong.tsv"
    bad.write_text("id\tsentence\tlabel\n1\tA.\tYes\n", encoding="utf-8")
    assert main(["eval", "checkworthiness", "--data", str(bad)]) == 2
    assert f"{bad}: the header must name the columns Text and class_label" in (
        capsys.readouterr().err
    )
    missing = tmp_path / "missing.tsv"
    assert main(["eval", "checkworthiness", "--data", str(missing)]) == 2
    assert f"{missing}: cannot read" in capsys.readouterr().err
    good = _tsv(tmp_path / "good.tsv", [("1", "Taxes rose by 5 percent.", "Yes")])
    no_model = tmp_path / "no-model.npz"
    assert main(["eval", "checkworthiness", "--data", str(good), "--model", str(no_model)]) == 2
    assert f"{no_model}: not a readable check-worthiness model" in capsys.readouterr().err


def test_loaded_weights_hold_no_subnormal_floats_and_score_the_same(
    model: CheckworthinessModel,
) -> None:
    # Subnormal weights slow float32 products ~60x; flushing them must change no score.
    with np.load(DEFAULT_MODEL) as data:
        raw = {name: data[name] for name in data.files}
    for name, head in model.heads.items():
        weights = head.ensemble.hidden_weights
        tiny = np.finfo(weights.dtype).tiny
        assert not np.any((weights != 0) & (np.abs(weights) < tiny)), name
        inputs = np.random.default_rng(0).normal(size=(8, weights.shape[1])).astype(np.float32)
        unflushed = Ensemble(
            raw[f"{name}.hidden_weights"],
            raw[f"{name}.hidden_bias"],
            raw[f"{name}.output_weights"],
            raw[f"{name}.output_bias"],
        )
        np.testing.assert_allclose(
            head.ensemble.probabilities(inputs), unflushed.probabilities(inputs), atol=1e-6
        )
    assert flush_subnormals(np.array([1e-40, 1.0, -1e-41], dtype=np.float32)).tolist() == [
        0.0,
        1.0,
        0.0,
    ]
