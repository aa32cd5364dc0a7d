"""The retrieval building blocks: BM25, the dense index and the language-aware fusion.

A hashing bag-of-words embedder stands in for e5 here, so that scores are exact and the
tests take milliseconds; the real embedder runs in test_eval_claim_retrieval.py.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.matching.embedder import Thresholds, Vectors
from narrativewatch.retrieval import (
    BM25Index,
    DenseIndex,
    HybridRetriever,
    Query,
    language_code,
    lexical_weight,
    top_k,
)
from narrativewatch.retrieval.bm25 import K1, B


class HashingEmbedder:
    """Deterministic bag-of-words vectors: each lower-cased word adds 1 to one of 64
    hashed dimensions. Counts calls so that cache hits can be checked."""

    model_id = "test-hashing-bow"
    dim = 64
    thresholds = Thresholds(suggest=0.1, auto=0.2, relevant=0.05)

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed_queries(self, texts: list[str]) -> Vectors:
        return self.embed_passages(texts)

    def embed_passages(self, texts: list[str]) -> Vectors:
        self.embedded.extend(texts)
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                vectors[row, int(hashlib.sha1(word.encode()).hexdigest(), 16) % self.dim] += 1
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return vectors / norms


DOCUMENTS = [
    ("Ukraine is preparing an attack on Belarus", "en"),
    ("Sanctions hurt Europe more than Russia", "en"),
    ("Secret biolabs in Ukraine", "en"),
]


def test_bm25_scores_match_the_okapi_formula() -> None:
    index = BM25Index(DOCUMENTS)
    # Stemmed content terms: doc 0 has 4 (ukrain, prepar, attack, belarus), doc 1 has 5
    # (sanction, hurt, europ, more, russia), doc 2 has 3 (secret, biolab, ukrain).
    average = (4 + 5 + 3) / 3
    idf_ukraine = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    idf_belarus = math.log(1 + (3 - 1 + 0.5) / (1 + 0.5))

    def weight(idf: float, length: int) -> float:
        return idf * (K1 + 1) / (1 + K1 * (1 - B + B * length / average))

    scores = index.scores("Belarus and Ukraine", "en")
    assert scores.tolist() == pytest.approx(
        [weight(idf_belarus, 4) + weight(idf_ukraine, 4), 0.0, weight(idf_ukraine, 3)], rel=1e-5
    )
    assert [i for i, _ in index.search("Belarus and Ukraine", "en", k=5)] == [0, 2]


def test_bm25_stems_russian_and_normalises_by_self_score() -> None:
    index = BM25Index([("Украина готовит нападение", "ru"), ("Санкции вредят Европе", "ru")])
    assert index.search("украинские войска готовят нападения", "ru", 5)[0][0] == 0
    # A query that is a document scores 1 against it once normalised.
    assert index.normalised_scores("Санкции вредят Европе", "ru").tolist() == pytest.approx(
        [0.0, 1.0]
    )
    # English words are unknown to this collection: no lexical evidence at all.
    assert index.normalised_scores("Ukraine attack", "en").tolist() == [0.0, 0.0]
    assert index.self_score("", "en") == 0.0


def test_top_k_is_ordered_and_deterministic() -> None:
    scores = np.array([0.2, 0.9, 0.5, 0.9, 0.1], dtype=np.float32)
    assert [i for i, _ in top_k(scores, 3)] == [1, 3, 2]
    assert len(top_k(scores, 10)) == 5
    assert top_k(scores, 0) == []


def test_dense_index_uses_the_disk_cache(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    texts = [text for text, _ in DOCUMENTS]
    index = DenseIndex([texts], embedder, cache_dir=tmp_path)
    assert [i for i, _ in index.search(["secret biolabs"], k=1)[0]] == [2]
    embedder.embedded.clear()
    DenseIndex([texts], embedder, cache_dir=tmp_path)
    assert embedder.embedded == []  # every vector came from the cache


def test_dense_index_combines_fields_and_fills_empty_ones() -> None:
    embedder = HashingEmbedder()
    claims = ["alpha beta", "gamma delta"]
    titles = ["alpha", ""]
    mean = DenseIndex([claims, titles], embedder, combine="mean")
    best = DenseIndex([claims, titles], embedder, combine="max")
    query = mean.embed_queries(["gamma delta"])
    # The empty title of document 1 is replaced by its claim, so both fields match fully.
    assert mean.scores(query)[0, 1] == pytest.approx(1.0)
    assert best.scores(mean.embed_queries(["alpha"]))[0, 0] == pytest.approx(1.0)
    assert mean.scores(mean.embed_queries(["alpha"]))[0, 0] == pytest.approx((1 / 2**0.5 + 1) / 2)
    with pytest.raises(ValueError):
        DenseIndex([claims, ["only one"]], embedder)


def test_language_codes_and_lexical_gate() -> None:
    assert [language_code(n) for n in ("English", "ru", "Ukrainian", "German", "", None)] == [
        "en",
        "ru",
        "uk",
        "german",
        None,
        None,
    ]
    assert lexical_weight("English", "en", 0.3) == 0.3
    assert lexical_weight("Russian", "en", 0.3) == 0.0
    assert lexical_weight(None, "en", 0.3) == 0.3  # unknown: let normalised BM25 decide


def test_hybrid_adds_lexical_evidence_only_in_the_collection_language() -> None:
    embedder = HashingEmbedder()
    texts = [text for text, _ in DOCUMENTS]
    retriever = HybridRetriever(
        DenseIndex([texts], embedder), BM25Index(DOCUMENTS), collection_language="en", weight=0.5
    )
    queries = [Query("biolabs in Ukraine", "English"), Query("biolabs in Ukraine", "German")]
    dense = retriever.score_matrix(queries, "dense")
    hybrid = retriever.score_matrix(queries, "hybrid")
    lexical = BM25Index(DOCUMENTS).normalised_scores("biolabs in Ukraine", "en")
    assert hybrid[0].tolist() == pytest.approx((dense[0] + 0.5 * lexical).tolist())
    assert hybrid[1].tolist() == pytest.approx(dense[1].tolist())  # gate closed
    assert retriever.search(queries, k=1)[0][0][0] == 2
    with pytest.raises(ValueError):
        retriever.score_matrix(queries, "rerank")  # type: ignore[arg-type]


def test_bm25_only_retriever_needs_no_embedder() -> None:
    retriever = HybridRetriever(None, BM25Index(DOCUMENTS), collection_language="en")
    assert retriever.search([Query("sanctions on Russia", "en")], k=1, method="bm25") == [
        [(1, pytest.approx(retriever.lexical.scores("sanctions on Russia", "en")[1]))]  # type: ignore[union-attr]
    ]
    with pytest.raises(ValueError):
        retriever.score_matrix([Query("x")], "dense")


def test_sentences_drop_fragments() -> None:
    from narrativewatch.retrieval.dense import sentences

    text = "MOSCOW, 1 May. Kyiv is massing troops near the border! Officials deny it again."
    assert sentences(text) == [
        "Kyiv is massing troops near the border!",
        "Officials deny it again.",
    ]
    assert sentences("Too short.") == ["Too short."]


def test_split_sentences_averages_whole_text_and_best_sentence() -> None:
    embedder = HashingEmbedder()
    index = DenseIndex([["secret biolabs in ukraine", "sanctions hurt europe"]], embedder)
    query = "Nothing about this topic here. Secret biolabs in Ukraine!"
    whole = index.scores(index.embed_queries([query]))[0]
    best = index.scores(index.embed_queries(["Secret biolabs in Ukraine!"]))[0]
    split = index.query_scores([query], split_sentences=True)[0]
    assert split.tolist() == pytest.approx(((whole + best) / 2).tolist())
    # One-sentence queries keep their whole-text score.
    single = index.query_scores(["secret biolabs"], split_sentences=True)[0]
    assert single.tolist() == pytest.approx(index.query_scores(["secret biolabs"])[0].tolist())


def test_fuse_dense_standardises_the_second_model_to_the_first_ones_spread() -> None:
    from narrativewatch.retrieval.fusion import fuse_dense, standardise

    primary = np.array([[0.80, 0.90, 0.85], [0.7, 0.7, 0.7]], dtype=np.float32)
    secondary = np.array([[0.0, -0.6, 0.6], [0.1, 0.5, 0.3]], dtype=np.float32)
    z = standardise(secondary)
    assert z[0].tolist() == pytest.approx([0.0, -(1.5**0.5), 1.5**0.5])
    fused = fuse_dense(primary, secondary, 0.5)
    # Row 0: e5's spread is 0.0408; row 1 has none, so the second model cannot move it.
    spread = float(np.std([0.80, 0.90, 0.85]))
    assert fused[0].tolist() == pytest.approx((primary[0] + 0.5 * spread * z[0]).tolist())
    assert fused[1].tolist() == pytest.approx([0.7, 0.7, 0.7])
    # The second model reorders documents 1 and 2 only when its weight is large enough.
    assert np.argmax(fuse_dense(primary, secondary, 0.1)[0]) == 1
    assert np.argmax(fuse_dense(primary, secondary, 1.0)[0]) == 2
    assert standardise(np.ones((1, 3), dtype=np.float32)).tolist() == [[0.0, 0.0, 0.0]]
    with pytest.raises(ValueError):
        fuse_dense(primary, secondary[:1], 0.5)


def test_language_prior_and_language_lists() -> None:
    from narrativewatch.retrieval.fusion import language_prior, parse_languages

    assert parse_languages("Russian+German") == {"ru", "german"}
    assert parse_languages("Spanish, Castilian;English") == {"spanish", "en"}
    assert parse_languages("") == frozenset()
    documents = [parse_languages("Russian+German"), parse_languages("English"), frozenset()]
    prior = language_prior(["ru", "Spanish, Castilian", None, "English"], documents, 0.02)
    assert prior.ravel().tolist() == pytest.approx([0.02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.02, 0])


def test_country_prior_weighs_rarer_countries_more() -> None:
    from narrativewatch.retrieval.fusion import country_prior

    # Four documents: every one is about Russia, one also about Germany.
    documents = [
        frozenset({"RU"}),
        frozenset({"RU", "DE"}),
        frozenset({"RU", "US"}),
        frozenset({"RU", "US"}),
    ]
    queries = [frozenset({"RU", "DE"}), frozenset({"DE", "US"}), frozenset(), frozenset({"RU"})]
    prior = country_prior(queries, documents, 0.5)
    # Russia is in every document: it weighs nothing, so naming it and Germany is all
    # about Germany, and the one document about both earns the whole bonus.
    assert prior[0].tolist() == pytest.approx([0, 0.5, 0, 0])
    # Germany (1 of 4 documents) outweighs the US (2 of 4): log 4 against log 2.
    share_de = math.log(4) / (math.log(4) + math.log(2))
    assert prior[1].tolist() == pytest.approx(
        [0, 0.5 * share_de, 0.5 * (1 - share_de), 0.5 * (1 - share_de)]
    )
    assert prior[1, 1] > prior[1, 2]
    # No country, or only one every document lists: no bonus anywhere.
    assert not prior[2].any() and not prior[3].any()
    # A country no document lists still counts in the query's total, at the top weight.
    unknown = country_prior([frozenset({"DE", "KP"})], documents, 1.0)
    assert unknown[0, 1] == pytest.approx(math.log(4) / (2 * math.log(4)))
    assert not country_prior(queries, documents, 0.0).any()
    assert not country_prior(queries, [frozenset()] * 4, 1.0).any()


def test_duplicates_score_alike_and_the_first_ranks_first() -> None:
    from narrativewatch.retrieval.fusion import collapse_duplicates, duplicate_groups

    texts = [
        "Biden said 'put y'all back in chains.'",
        "Other claim",
        'Biden said "put y\'all back in chains."',
    ]
    groups = duplicate_groups(texts)
    assert groups.tolist() == [0, 1, 0]
    scores = np.array([[0.5, 0.6, 0.9]], dtype=np.float32)
    collapsed = collapse_duplicates(scores, groups)
    assert collapsed[0].tolist() == pytest.approx([0.9, 0.6, 0.9])
    assert [i for i, _ in top_k(collapsed[0], 3)] == [0, 2, 1]
    unique = duplicate_groups(["a", "b"])
    two = scores[:, :2]
    assert collapse_duplicates(two, unique) is two  # nothing to collapse: no copy
    with pytest.raises(ValueError):
        collapse_duplicates(scores, unique)


def test_hybrid_applies_second_embedder_prior_and_duplicates() -> None:
    from narrativewatch.retrieval.fusion import fuse_dense, language_prior
    from narrativewatch.retrieval.hybrid import Adjustments

    texts = [text for text, _ in DOCUMENTS] + ["Secret biolabs in Ukraine!"]
    first, second = HashingEmbedder(), HashingEmbedder()
    second.model_id = "test-hashing-bow-2"
    languages = [frozenset({"ru"}), frozenset(), frozenset({"en"}), frozenset({"ru"})]
    adjustments = Adjustments(
        second_dense=DenseIndex([[t.upper() for t in texts]], second),
        ensemble_weight=0.5,
        document_languages=languages,
        language_weight=0.1,
        duplicate_of=np.array([0, 1, 2, 2]),
    )
    plain = HybridRetriever(DenseIndex([texts], first), None, "en")
    adjusted = HybridRetriever(DenseIndex([texts], first), None, "en", adjustments=adjustments)
    queries = [Query("secret biolabs", "Russian")]
    fused = fuse_dense(
        plain.score_matrix(queries, "dense"),
        adjustments.second_dense.query_scores(["secret biolabs"]),  # type: ignore[union-attr]
        0.5,
    )
    # The prior counts in units of the query's score spread.
    spread = fused.std(axis=1, keepdims=True)
    assert spread[0, 0] > 0.05
    expected = fused + spread * language_prior(["Russian"], languages, 0.1)
    assert expected[0, 0] - fused[0, 0] == pytest.approx(0.1 * spread[0, 0])
    # Document 3 (a duplicate of 2 by punctuation) gets its group's best score.
    expected[0, 2] = expected[0, 3] = max(expected[0, 2], expected[0, 3])
    assert adjusted.score_matrix(queries, "dense")[0].tolist() == pytest.approx(
        expected[0].tolist()
    )
    with pytest.raises(ValueError):
        HybridRetriever(
            DenseIndex([texts], first), None, "en", adjustments=Adjustments(document_languages=[])
        )
    with pytest.raises(ValueError):
        HybridRetriever(
            DenseIndex([texts], first), None, "en", adjustments=Adjustments(document_countries=[])
        )


def test_hybrid_adds_the_country_prior_in_units_of_the_score_spread() -> None:
    from narrativewatch.retrieval.fusion import country_prior
    from narrativewatch.retrieval.hybrid import Adjustments

    texts = [text for text, _ in DOCUMENTS]
    countries = [frozenset({"UA"}), frozenset({"RU", "DE"}), frozenset({"RU"})]
    embedder = HashingEmbedder()
    plain = HybridRetriever(DenseIndex([texts], embedder), None, "en")
    adjusted = HybridRetriever(
        DenseIndex([texts], embedder),
        None,
        "en",
        adjustments=Adjustments(document_countries=countries, country_weight=0.75),
    )
    queries = [Query("secret biolabs", "Russian", frozenset({"DE"})), Query("secret biolabs")]
    base = plain.score_matrix(queries, "dense")
    spread = base.std(axis=1, keepdims=True)
    expected = base + spread * country_prior([q.countries for q in queries], countries, 0.75)
    scored = adjusted.score_matrix(queries, "dense")
    assert scored.ravel().tolist() == pytest.approx(expected.ravel().tolist())
    # The German document gains; a query naming no country is left as it was.
    assert scored[0, 1] > base[0, 1] and scored[0, 0] == pytest.approx(base[0, 0])
    assert scored[1].tolist() == pytest.approx(base[1].tolist())


def test_handles_and_hashtags_are_spelled_out() -> None:
    from narrativewatch.retrieval.queries import spell_out_tags, split_identifier

    assert split_identifier("LindseyGrahamSC") == ["Lindsey", "Graham", "SC"]
    assert split_identifier("NWSBirmingham") == ["NWS", "Birmingham"]
    assert split_identifier("Trump2020") == ["Trump", "2020"]
    assert split_identifier("fake_news") == ["fake", "news"]
    assert split_identifier("ПутинЗеленский") == ["Путин", "Зеленский"]
    assert (
        spell_out_tags("Ask @realDonaldTrump about #Trump2020, mail a@b.com")
        == "Ask real Donald Trump about Trump 2020, mail a@b.com"
    )


def test_retriever_reads_queries_with_tags_spelled_out() -> None:
    retriever = HybridRetriever(None, BM25Index(DOCUMENTS), collection_language="en")
    # "#SecretBiolabs" is one unknown term unless it is split into "Secret Biolabs".
    scores = retriever.score_matrix([Query("#SecretBiolabs", "en")], "bm25")[0]
    assert scores.tolist() == pytest.approx(
        BM25Index(DOCUMENTS).scores("Secret Biolabs", "en").tolist()
    )
    assert scores[2] > 0
