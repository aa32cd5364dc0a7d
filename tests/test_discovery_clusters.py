"""IncrementalClusterer on synthetic unit vectors (no model needed)."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from narrativewatch.discovery.clusters import (
    ClusterConfig,
    ClusterItem,
    IncrementalClusterer,
    count_since,
)
from narrativewatch.discovery.growth import GrowthRule, Member, proposal_position

DIM = 32
START = datetime(2024, 6, 1)


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _topic_items(
    topics: int, per_topic: int, noise: float, seed: int = 0
) -> tuple[list[ClusterItem], list[int]]:
    """Items around ``topics`` random directions, shuffled; returns items and true topics."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(topics, DIM))
    labels = [t for t in range(topics) for _ in range(per_topic)]
    rng.shuffle(labels)
    items = [
        ClusterItem(
            key=f"item:{i}",
            text=f"text {i}",
            language=("en", "ru", "uk")[i % 3],
            vector=_unit(centres[topic] + rng.normal(size=DIM) * noise),
            published_at=START + timedelta(hours=6 * i),
            outlet=f"outlet{i % 4}",
        )
        for i, topic in enumerate(labels)
    ]
    return items, labels


def test_separated_topics_are_recovered_exactly() -> None:
    items, labels = _topic_items(topics=5, per_topic=12, noise=0.05)
    clusterer = IncrementalClusterer(ClusterConfig(threshold=0.8))
    ids = [clusterer.add(item) for item in items]
    # The partition equals the true one: same topic <=> same cluster.
    pairs_same = {(a, b) for a in range(len(ids)) for b in range(len(ids)) if ids[a] == ids[b]}
    truth_same = {
        (a, b) for a in range(len(ids)) for b in range(len(ids)) if labels[a] == labels[b]
    }
    assert pairs_same == truth_same
    clusters = clusterer.clusters()
    assert sorted(c.size for c in clusters) == [12] * 5
    assert sum(c.size for c in clusters) == len(items) == len(clusterer)


def test_below_threshold_item_starts_a_new_cluster() -> None:
    clusterer = IncrementalClusterer(ClusterConfig(threshold=0.9))
    first = np.zeros(DIM, dtype=np.float32)
    first[0] = 1.0
    near = _unit(first + np.eye(DIM, dtype=np.float32)[1] * 0.2)  # cosine ~0.98
    far = np.eye(DIM, dtype=np.float32)[2]  # cosine 0
    a = clusterer.add(ClusterItem("a", "a", "en", first, None))
    b = clusterer.add(ClusterItem("b", "b", "en", near, None))
    c = clusterer.add(ClusterItem("c", "c", "en", far, None))
    assert a == b != c
    assert clusterer.cluster_of("c") == c
    # The centroid is the normalised mean of the members.
    np.testing.assert_allclose(clusterer.cluster(a).centroid, _unit(first + near), atol=1e-6)


def test_add_many_equals_add_one_by_one() -> None:
    items, _ = _topic_items(topics=20, per_topic=15, noise=0.6, seed=3)
    for config in (
        ClusterConfig(0.75),
        ClusterConfig(0.75, merge_every=40, merge_threshold=0.8),
        ClusterConfig(0.55, linkage="average", merge_every=25, merge_threshold=0.6),
        ClusterConfig(0.55, linkage="language"),
        ClusterConfig(0.5, linkage="language", merge_every=25, merge_threshold=0.6),
    ):
        one = IncrementalClusterer(config)
        singles = [one.add(item) for item in items]
        many = IncrementalClusterer(config)
        batched = many.add_many(items, batch_size=37)
        assert batched == singles
        assert many.assignments() == one.assignments()


def test_merge_joins_clusters_whose_centroids_converge() -> None:
    base = np.zeros(DIM, dtype=np.float32)
    base[0] = 1.0
    side = np.eye(DIM, dtype=np.float32)[1]
    # Two seeds 0.6 apart in cosine start two clusters; items between them pull both
    # centroids together until they exceed the merge threshold.
    left, right = _unit(base + side * 0.7), _unit(base - side * 0.7)
    middle = [_unit(base + side * d) for d in (0.25, -0.25, 0.2, -0.2, 0.1, -0.1)]
    vectors = [left, right, *middle]
    items = [ClusterItem(f"k{i}", "t", "en", v, None) for i, v in enumerate(vectors)]

    no_merge = IncrementalClusterer(ClusterConfig(threshold=0.9))
    no_merge.add_many(items)
    assert len(no_merge.clusters()) == 2

    merging = IncrementalClusterer(ClusterConfig(threshold=0.9, merge_threshold=0.7))
    merging.add_many(items)
    merges = merging.merge_converged()
    assert merges == [(0, 1)]
    (survivor,) = merging.clusters()
    assert survivor.id == 0 and survivor.size == len(items)
    assert merging.resolve(1) == 0 and merging.cluster_of("k1") == 0
    assert merging.cluster(1).id == 0


def test_growth_statistics_and_representatives() -> None:
    items, labels = _topic_items(topics=2, per_topic=9, noise=0.05, seed=7)
    clusterer = IncrementalClusterer(ClusterConfig(threshold=0.8))
    clusterer.add_many(items)
    topic0 = [item for item, label in zip(items, labels, strict=True) if label == 0]
    cluster = clusterer.cluster(clusterer.cluster_of(topic0[0].key))
    assert cluster.keys == tuple(item.key for item in topic0)
    times = [item.published_at for item in topic0 if item.published_at]
    assert cluster.first_seen == min(times) and cluster.last_seen == max(times)
    days = (max(times) - min(times)).total_seconds() / 86400
    assert cluster.items_per_day == pytest.approx(9 / days)
    assert sum(cluster.languages.values()) == 9
    assert set(cluster.outlets) == {item.outlet for item in topic0}

    reps = clusterer.representatives(cluster, per_language=2)
    per_language: dict[str | None, int] = {}
    for rep in reps:
        per_language[rep.language] = per_language.get(rep.language, 0) + 1
    assert per_language == {lang: 2 for lang in cluster.languages}
    # Each language's first representative is its member nearest the centroid.
    for language in cluster.languages:
        members = [m for m in topic0 if m.language == language]
        nearest = max(members, key=lambda m: float(m.vector @ cluster.centroid))
        assert next(r for r in reps if r.language == language).key == nearest.key

    by_key = {item.key: item for item in topic0}
    since = sorted(times)[-3]
    assert count_since(cluster, by_key, since) == 3


def test_restore_reproduces_state_and_continues() -> None:
    items, _ = _topic_items(topics=6, per_topic=10, noise=0.3, seed=11)
    for config in (ClusterConfig(threshold=0.8), ClusterConfig(0.55, linkage="language")):
        _check_restore(items, config)


def _check_restore(items: list[ClusterItem], config: ClusterConfig) -> None:
    full = IncrementalClusterer(config)
    full.add_many(items)

    head = IncrementalClusterer(config)
    head.add_many(items[:30])
    assignments = head.assignments()
    restored = IncrementalClusterer.restore(
        ((item, assignments[item.key]) for item in items[:30]), config
    )
    for item in items[:30]:
        np.testing.assert_allclose(
            restored.cluster(restored.cluster_of(item.key)).centroid,
            head.cluster(head.cluster_of(item.key)).centroid,
            atol=1e-6,
        )
    restored.add_many(items[30:])
    assert restored.assignments() == full.assignments()


def test_bad_items_are_rejected_with_their_key() -> None:
    clusterer = IncrementalClusterer()
    clusterer.add(ClusterItem("a", "a", "en", np.ones(DIM, dtype=np.float32), None))
    with pytest.raises(ValueError, match="a: item already added"):
        clusterer.add(ClusterItem("a", "again", "en", np.ones(DIM, dtype=np.float32), None))
    with pytest.raises(ValueError, match="b: vector has 3 dimensions"):
        clusterer.add(ClusterItem("b", "b", "en", np.ones(3, dtype=np.float32), None))
    with pytest.raises(ValueError, match="z: vector is zero"):
        clusterer.add(ClusterItem("z", "z", "en", np.zeros(DIM, dtype=np.float32), None))
    with pytest.raises(ValueError, match="threshold"):
        ClusterConfig(threshold=1.5)
    assert len(clusterer) == 1


def test_average_linkage_keeps_a_loose_cluster_from_swallowing_items() -> None:
    axes = np.eye(DIM, dtype=np.float32)
    # Members spread over four orthogonal directions: their normalised centroid has
    # cosine 0.5 with each, and with a newcomer along the mean direction it has cosine
    # 1.0, but its mean cosine to the members is only 0.5.
    loose = [ClusterItem(f"m{i}", "t", "en", axes[i], None) for i in range(4)]
    newcomer = ClusterItem("new", "t", "en", _unit(axes[:4].sum(axis=0)), None)
    results = {}
    for linkage in ("centroid", "average"):
        clusterer = IncrementalClusterer(ClusterConfig(threshold=0.6, linkage=linkage))
        # Seed one cluster with all four (a restored state), then add the newcomer.
        restored = IncrementalClusterer.restore(((item, 0) for item in loose), clusterer.config)
        results[linkage] = restored.add(newcomer)
    assert results == {"centroid": 0, "average": 1}
    with pytest.raises(ValueError, match="linkage"):
        ClusterConfig(linkage="single")


def test_growth_rule_needs_items_outlets_and_a_window() -> None:
    day = timedelta(days=1)
    rule = GrowthRule(min_items=3, min_sources=2, window_days=7)
    one_outlet = [Member(START + i * day, "a") for i in range(5)]
    assert proposal_position(one_outlet, rule) is None
    spread = [Member(START, "a"), Member(START + 20 * day, "b"), Member(START + 40 * day, "a")]
    assert proposal_position(spread, rule) is None  # never 3 within 7 days
    assert proposal_position(spread, GrowthRule(3, 2, None)) == 2
    burst = [*spread, Member(START + 41 * day, "b"), Member(START + 42 * day, "c")]
    assert proposal_position(burst, rule) == 4  # days 40, 41, 42 from three outlets
    undated = [Member(None, "a"), Member(None, "b"), Member(START, "a")]
    assert proposal_position(undated, rule) == 2
    with pytest.raises(ValueError, match="min_items"):
        GrowthRule(min_items=0)


def test_idle_clusters_take_no_new_items() -> None:
    direction = np.eye(DIM, dtype=np.float32)[0]
    config = ClusterConfig(threshold=0.9, idle_days=7)

    def item(key: str, day: int) -> ClusterItem:
        return ClusterItem(key, key, "en", direction, START + timedelta(days=day))

    clusterer = IncrementalClusterer(config)
    first = clusterer.add(item("a", 0))
    assert clusterer.add(item("b", 6)) == first  # within 7 days of the last member
    assert clusterer.add(item("c", 12)) == first  # the horizon runs from the latest member
    later = clusterer.add(item("d", 30))
    assert later != first
    # Without a horizon the same story joins the old cluster; batch adds agree with adds.
    timeless = IncrementalClusterer(ClusterConfig(threshold=0.9))
    assert len({timeless.add(item(k, d)) for k, d in [("a0", 0), ("d0", 30)]}) == 1
    batch = IncrementalClusterer(config).add_many(
        [item("a", 0), item("b", 6), item("c", 12), item("d", 30)]
    )
    assert batch == [first, first, first, later]
    restored = IncrementalClusterer.restore([(item("a", 0), 0), (item("b", 6), 0)], config)
    assert restored.add(item("e", 20)) != 0  # 14 days after the restored cluster's last


def _report(article: int, language: str) -> ClusterItem:
    """One article's report of a story in one language: the story's direction, plus the
    language's own (a multilingual model keeps it) and the article's own, all orthogonal.
    Two languages of one article and two articles in one language are then 2/3 alike;
    another article in another language 1/3."""
    axes = np.eye(DIM, dtype=np.float32)
    language_axis = axes[1 + ("en", "ru", "uk").index(language)]
    return ClusterItem(
        f"article:{article}/{language}",
        "t",
        language,
        _unit(axes[0] + language_axis + axes[4 + article]),
        START + timedelta(hours=article),
    )


def test_language_linkage_gathers_one_story_from_articles_that_come_with_translations() -> None:
    """Reports of one story in several articles, each in three languages: "average"
    linkage keeps one cluster per article (two thirds of a cluster's pairs cross
    languages, the least alike), "language" compares each report with the members in its
    own language and gathers the story."""
    items = [_report(article, language) for article in range(4) for language in ("en", "ru", "uk")]
    assert float(items[0].vector @ items[3].vector) == pytest.approx(2 / 3)  # en, two articles
    assert float(items[0].vector @ items[4].vector) == pytest.approx(1 / 3)  # en and ru

    average = IncrementalClusterer(ClusterConfig(0.6, linkage="average"))
    ids = average.add_many(items)
    assert ids == [article for article in range(4) for _ in range(3)]  # one per article

    language = IncrementalClusterer(ClusterConfig(0.6, linkage="language"))
    assert language.add_many(items) == [0] * len(items)
    (cluster,) = language.clusters()
    assert cluster.languages == {"en": 4, "ru": 4, "uk": 4}


def test_language_linkage_scores_a_new_language_by_all_members() -> None:
    """A cluster with no member in the item's language is scored by the mean of all its
    members, as "average" does; one with such members, by those alone."""
    axes = np.eye(DIM, dtype=np.float32)
    base, side = axes[0], axes[1]
    clusterer = IncrementalClusterer(ClusterConfig(0.65, linkage="language"))
    clusterer.add(ClusterItem("en:1", "t", "en", _unit(base + side + 0.1 * axes[2]), None))
    clusterer.add(ClusterItem("en:2", "t", "en", _unit(base + side - 0.1 * axes[2]), None))
    # No Ukrainian member yet: the mean of the English ones (0.70) lets it in.
    assert clusterer.add(ClusterItem("uk:1", "t", "uk", base, None)) == 0
    # Now the cluster has a Ukrainian member, and a Ukrainian item is compared with it
    # alone: this one is 0.95 alike to the English members but 0.45 to it, so it starts a
    # cluster (the mean of all three members, 0.78, would have let it in).
    away = _unit(base + 2 * side)
    assert clusterer.add(ClusterItem("uk:2", "t", "uk", away, None)) == 1
    # An English item like the English members joins them.
    assert clusterer.add(ClusterItem("en:3", "t", "en", _unit(base + side), None)) == 0
    # Unknown languages are one language of their own ("und"), scored by all members.
    assert clusterer.add(ClusterItem("x:1", "t", None, base, None)) == 0
    assert clusterer.cluster(0).languages == {"en": 3, "und": 1, "uk": 1}
