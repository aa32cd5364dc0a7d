"""The NLP models as the pipeline loads them: the English recogniser with numpy's matrix
product instead of thinc's BLIS (the same entities), and natasha without a warning."""

from __future__ import annotations

import subprocess
import sys

import spacy
from thinc.api import NumpyOps

from narrativewatch.analysis.nlp import ENGLISH_SPACY_MODEL
from narrativewatch.pipeline import Pipeline

SENTENCES = [
    "Kremlin spokesman Dmitry Peskov told RIA Novosti on Monday that Moscow is concerned.",
    "The State Border Guard Service of Ukraine said no troops were massing near Belarus.",
    "Senator Elizabeth Warren criticised Goldman Sachs in a speech in Boston.",
    "Ukrainian President Volodymyr Zelensky met NATO Secretary General Jens Stoltenberg.",
]


def _entities(pipeline: object) -> list[list[tuple[int, int, str]]]:
    return [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        for doc in pipeline.pipe(SENTENCES)  # type: ignore[attr-defined]
    ]


def test_recogniser_multiplies_with_numpy_and_finds_the_same_entities(
    pipeline: Pipeline,
) -> None:
    loaded = pipeline.nlp.spacy_en
    layers = [layer for _, c in loaded.pipeline for layer in c.model.walk()]
    assert layers and all(
        isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis for layer in layers
    )
    default = spacy.load(ENGLISH_SPACY_MODEL)
    default.select_pipes(enable=loaded.pipe_names)
    assert any(layer.ops.use_blis for layer in default.get_pipe("ner").model.walk())
    found = _entities(loaded)
    assert found == _entities(default)
    assert any(label == "PERSON" for sentence in found for _, _, label in sentence)


def test_russian_models_load_without_a_warning_on_the_terminal() -> None:
    # A fresh interpreter: pkg_resources warns once per process, on pymorphy2's import.
    code = (
        "import warnings; warnings.simplefilter('error');"
        "from narrativewatch.analysis.nlp import natasha_models; natasha_models()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr
