"""Incremental clustering of embedded texts: the core of new-narrative discovery.

An item joins the cluster whose centroid is nearest by cosine (or, with ``linkage=
"average"``, whose members are nearest on average; with ``linkage="language"``, whose
members in the item's own language are) when that similarity reaches
``ClusterConfig.threshold``, else it starts a new cluster. Centroids are the normalised sum
of their members' unit vectors, kept in one growing matrix, so an ``add`` costs one
matrix-vector product over the live clusters — O(#clusters · dim) — and never re-clusters
what came before. ``add_many`` gives the same result as calling ``add`` in turn, but scores
a whole batch against the clusters that existed before it with one matrix-matrix product
(BLAS-efficient), re-scoring only the few clusters the batch itself touched.

Single-pass "leader" clustering was preferred to HDBSCAN or agglomerative clustering
because a news stream never ends: those need the whole set in memory and recompute it on
every new document. Its known weakness — the result depends on arrival order, and two
clusters that start apart can drift together — is handled by the optional periodic merge
(``merge_every``): clusters touched since the last check are compared with all the others,
and pairs whose centroids reach ``merge_threshold`` are merged into the older one.

Pure numpy; no global state. Restore a persisted clusterer with ``IncrementalClusterer.
restore`` from its items and their cluster ids (the centroids are recomputed exactly).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

UNKNOWN_LANGUAGE = "und"
# Discovery's threshold: average linkage on centred vectors at 0.3, what `narrativewatch
# eval discovery` chose on the VoxCheck training folds (docs/discovery.md). Alerts use it
# too, to tell two clusters' claims of one day apart as one story or two.
CLUSTER_SIMILARITY = 0.3
LINKAGES: tuple[str, ...] = ("average", "centroid", "language")


@dataclass(frozen=True, slots=True)
class ClusterItem:
    key: str  # the caller's id, e.g. "doc:12/claim:3" or a CSV row id; unique
    text: str
    language: str | None
    vector: np.ndarray  # unit-normalised passage embedding (e5)
    published_at: datetime | None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    # Score (see ``linkage``) at which an item joins a cluster. For raw e5 vectors,
    # unrelated news sentences sit around 0.75-0.85 and paraphrases of one claim above
    # ~0.88; discovery centres its vectors and uses CLUSTER_SIMILARITY (docs/discovery.md).
    threshold: float = 0.88
    # Check for converging clusters every this many adds (0 = never merge).
    merge_every: int = 0
    # Cosine between two centroids at which their clusters merge (None = ``threshold``).
    merge_threshold: float | None = None
    # "centroid": an item's score for a cluster is its cosine to the normalised centroid;
    # "average": its mean cosine to the members (the unnormalised member mean is the
    # scoring row). Discovery scores by mean similarity, not by centroid: the normalised
    # centroid of a large, loose cluster is close to everything and swallows the stream
    # (one cluster held 320 of 350 texts in the VoxCheck evaluation), while a loose
    # cluster's mean similarity stays low.
    # "language": the mean cosine to the cluster's members in the item's own language,
    # or to all its members when it has none in that language yet. Discovery's default:
    # a multilingual cluster is mostly cross-language pairs, whose similarity is lower
    # than two wordings of one claim in one language, so with "average" two reports of a
    # narrative in different articles, each arriving with its translations, stayed two
    # clusters of one article each (docs/discovery.md). In one language it is "average".
    linkage: str = "centroid"
    # An item joins only a cluster that had a member within this many days before it
    # (None: any cluster). News stories have a lifetime: without a horizon, a new event
    # ("a missile hit a shopping centre in Kremenchuk") is absorbed by a months-old cluster
    # of similar stories ("shelling of ...") whose busy baseline hides its surge.
    idle_days: float | None = None

    def __post_init__(self) -> None:
        if self.idle_days is not None and self.idle_days <= 0:
            raise ValueError(f"idle_days must be positive or None, not {self.idle_days}")
        if not -1.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be a cosine in [-1, 1], not {self.threshold}")
        if self.linkage not in LINKAGES:
            raise ValueError(f"linkage must be one of {', '.join(LINKAGES)}, not {self.linkage!r}")
        if self.merge_every < 0:
            raise ValueError(f"merge_every must be 0 (never) or positive, not {self.merge_every}")
        if self.merge_threshold is not None and not -1.0 <= self.merge_threshold <= 1.0:
            raise ValueError(
                f"merge_threshold must be a cosine in [-1, 1], not {self.merge_threshold}"
            )

    @property
    def effective_merge_threshold(self) -> float:
        return self.threshold if self.merge_threshold is None else self.merge_threshold


@dataclass(frozen=True, slots=True)
class Cluster:
    """A snapshot of one live cluster and its growth statistics."""

    id: int
    keys: tuple[str, ...]  # member keys in the order they were added
    size: int
    first_seen: datetime | None  # earliest / latest published_at among members with one
    last_seen: datetime | None
    languages: dict[str, int]  # language ("und" when unknown) -> members
    outlets: tuple[str, ...]  # distinct outlets, sorted
    items_per_day: float  # size / days spanned (first to last, at least one day)
    centroid: np.ndarray  # unit vector


class IncrementalClusterer:
    """Single-pass clustering of unit vectors; see the module docstring."""

    def __init__(self, config: ClusterConfig = ClusterConfig()) -> None:
        self.config = config
        self._dim: int | None = None
        self._items: list[ClusterItem] = []
        self._item_vectors = np.zeros((0, 0), dtype=np.float32)
        self._index_of: dict[str, int] = {}
        self._cluster_of_item: list[int] = []
        # Per cluster id (ids are row numbers, never reused): the sum of member vectors, its
        # normalised copy, and whether it is live (merged-away clusters are dead rows,
        # scored at -inf).
        self._sums = np.zeros((0, 0), dtype=np.float32)
        self._scoring = np.zeros((0, 0), dtype=np.float32)
        self._live = np.zeros(0, dtype=bool)
        # per cluster: the latest published_at of its members (POSIX seconds; -inf: none)
        self._last_seen = np.zeros(0, dtype=np.float64)
        self._members: list[list[int]] = []
        self._merged_into: dict[int, int] = {}
        self._merge_log: list[tuple[int, int]] = []  # (kept, merged away), in order
        self._count = 0  # clusters created
        self._touched_since_merge: set[int] = set()
        self._adds_since_merge = 0
        # linkage "language": per language, per cluster id, the sum and count of members.
        self._language_sums: dict[str, np.ndarray] = {}
        self._language_counts: dict[str, np.ndarray] = {}

    # ----------------------------------------------------------------- adding items

    def add(self, item: ClusterItem) -> int:
        """Add one item; the id of the cluster it joined or created. Raises ValueError for
        a key already added or a vector of the wrong shape."""
        vector = self._prepare(item)
        scores = self._live_scores(vector, _language(item))
        return self._place(item, vector, scores)

    def add_many(self, items: Sequence[ClusterItem], batch_size: int = 256) -> list[int]:
        """Add items in order; their cluster ids (as returned at each add). Same result as
        ``add`` one by one, faster: a batch is scored against every cluster with one
        matrix product, and only the columns of clusters the batch changes are re-scored
        for the rows still to come. Raises ValueError as ``add`` does."""
        ids: list[int] = []
        for start in range(0, len(items), batch_size):
            batch = items[start : start + batch_size]
            if not batch:
                continue
            vectors = np.stack([self._prepare(item, check_duplicate=False) for item in batch])
            languages = [_language(item) for item in batch]
            existing = self._count
            scores = np.full((len(batch), existing + len(batch)), -np.inf, dtype=np.float32)
            if existing:
                scores[:, :existing] = self._scores(vectors, languages, slice(0, existing))
                scores[:, :existing][:, ~self._live[:existing]] = -np.inf
            for row, item in enumerate(batch):
                self._check_new_key(item.key)
                merges_before = len(self._merge_log)
                cluster_id = self._place(item, vectors[row], scores[row, : self._count])
                ids.append(cluster_id)
                later, later_languages = vectors[row + 1 :], languages[row + 1 :]
                if not len(later):
                    continue
                if self._count > scores.shape[1]:  # merged batches can outgrow the guess
                    scores = _widen(scores, self._count)
                scores[row + 1 :, cluster_id] = self._scores(
                    later, later_languages, slice(cluster_id, cluster_id + 1)
                )[:, 0]
                for kept, gone in self._merge_log[merges_before:]:
                    alive = self.resolve(kept)
                    scores[row + 1 :, kept] = self._scores(
                        later, later_languages, slice(alive, alive + 1)
                    )[:, 0]
                    scores[row + 1 :, gone] = -np.inf
        return ids

    def _live_scores(self, vector: np.ndarray, language: str) -> np.ndarray:
        if self._count == 0:
            return np.zeros(0, dtype=np.float32)
        scores = self._scores(vector[None, :], [language], slice(0, self._count))[0]
        return np.where(self._live[: self._count], scores, -np.inf)

    def _scores(self, vectors: np.ndarray, languages: Sequence[str], columns: slice) -> np.ndarray:
        """Each row of ``vectors`` (items in ``languages``) scored against the clusters of
        ``columns``, by the configured linkage."""
        scores = vectors @ self._scoring[columns].T
        if self.config.linkage != "language":
            return scores
        for language in set(languages):
            counts = self._language_counts.get(language)
            if counts is None:
                continue  # no cluster has a member in this language: the mean of all
            rows = [i for i, item_language in enumerate(languages) if item_language == language]
            present = counts[columns] > 0
            same = (vectors[rows] @ self._language_sums[language][columns].T) / np.maximum(
                counts[columns], 1
            )
            scores[rows] = np.where(present, same, scores[rows])
        return scores

    def _prepare(self, item: ClusterItem, check_duplicate: bool = True) -> np.ndarray:
        if check_duplicate:
            self._check_new_key(item.key)
        vector = np.asarray(item.vector, dtype=np.float32).reshape(-1)
        if self._dim is None:
            if vector.size == 0:
                raise ValueError(f"{item.key}: empty vector")
            self._dim = vector.size
        elif vector.size != self._dim:
            raise ValueError(f"{item.key}: vector has {vector.size} dimensions, not {self._dim}")
        norm = float(np.linalg.norm(vector))
        if not np.isfinite(norm) or norm == 0.0:
            raise ValueError(f"{item.key}: vector is zero or not finite")
        return vector / norm

    def _check_new_key(self, key: str) -> None:
        if key in self._index_of:
            raise ValueError(f"{key}: item already added")

    def _join(self, cluster_id: int, item: ClusterItem, vector: np.ndarray) -> None:
        """Store ``item`` as a member of ``cluster_id`` (its centroid is not refreshed)."""
        self._members[cluster_id].append(self._store_item(item, vector, cluster_id))
        self._sums[cluster_id] += vector
        if self.config.linkage == "language":
            language = _language(item)
            if language not in self._language_sums:
                self._language_sums[language] = np.zeros_like(self._sums)
                self._language_counts[language] = np.zeros(self._sums.shape[0])
            self._language_sums[language][cluster_id] += vector
            self._language_counts[language][cluster_id] += 1
        if item.published_at is not None:
            moment = item.published_at.timestamp()
            self._last_seen[cluster_id] = max(self._last_seen[cluster_id], moment)

    def _place(self, item: ClusterItem, vector: np.ndarray, scores: np.ndarray) -> int:
        best = -1
        moment = item.published_at.timestamp() if item.published_at else None
        if self.config.idle_days is not None and moment is not None and scores.size:
            horizon = moment - self.config.idle_days * 86400.0
            scores = np.where(self._last_seen[: scores.size] >= horizon, scores, -np.inf)
        if scores.size:
            candidate = int(np.argmax(scores))
            if scores[candidate] >= self.config.threshold:
                best = candidate
        if best < 0:
            best = self._new_cluster()
        self._join(best, item, vector)
        self._refresh(best)
        self._touched_since_merge.add(best)
        self._adds_since_merge += 1
        if self.config.merge_every and self._adds_since_merge >= self.config.merge_every:
            self.merge_converged()
        return self.resolve(best)

    def _refresh(self, cluster_id: int) -> None:
        members = len(self._members[cluster_id])
        if self.config.linkage in ("average", "language"):
            self._scoring[cluster_id] = self._sums[cluster_id] / max(members, 1)
        else:
            norm = max(float(np.linalg.norm(self._sums[cluster_id])), 1e-12)
            self._scoring[cluster_id] = self._sums[cluster_id] / norm

    def _new_cluster(self) -> int:
        assert self._dim is not None
        if self._count == self._sums.shape[0]:
            capacity = max(64, 2 * self._count)
            self._sums = _grow(self._sums, capacity, self._dim)
            self._scoring = _grow(self._scoring, capacity, self._dim)
            live = np.zeros(capacity, dtype=bool)
            live[: self._count] = self._live[: self._count]
            self._live = live
            last_seen = np.full(capacity, -np.inf, dtype=np.float64)
            last_seen[: self._count] = self._last_seen[: self._count]
            self._last_seen = last_seen
            for language, sums in self._language_sums.items():
                self._language_sums[language] = _grow(sums, capacity, self._dim)
                counts = np.zeros(capacity)
                counts[: self._count] = self._language_counts[language][: self._count]
                self._language_counts[language] = counts
        cluster_id = self._count
        self._count += 1
        self._live[cluster_id] = True
        self._members.append([])
        return cluster_id

    def _store_item(self, item: ClusterItem, vector: np.ndarray, cluster_id: int) -> int:
        assert self._dim is not None
        index = len(self._items)
        if index == self._item_vectors.shape[0]:
            self._item_vectors = _grow(self._item_vectors, max(256, 2 * index), self._dim)
        self._item_vectors[index] = vector
        self._items.append(item)
        self._index_of[item.key] = index
        self._cluster_of_item.append(cluster_id)
        return index

    # ----------------------------------------------------------------- merging

    def merge_converged(self) -> list[tuple[int, int]]:
        """Merge clusters whose centroids reached the merge threshold, comparing the clusters
        touched since the last check with all live ones. Returns (kept, merged) id pairs;
        the older cluster (smaller id) is kept."""
        merges: list[tuple[int, int]] = []
        threshold = self.config.effective_merge_threshold
        pending = sorted(c for c in self._touched_since_merge if self._live[c])
        self._touched_since_merge = set()
        self._adds_since_merge = 0
        while pending:
            cluster = pending.pop(0)
            if not self._live[cluster]:
                continue
            scores = self._scoring[: self._count] @ self._scoring[cluster]
            scores[~self._live[: self._count]] = -np.inf
            scores[cluster] = -np.inf
            other = int(np.argmax(scores)) if scores.size else -1
            if other < 0 or scores[other] < threshold:
                continue
            kept, gone = min(cluster, other), max(cluster, other)
            self._absorb(kept, gone)
            merges.append((kept, gone))
            pending.append(kept)  # its centroid moved: it may now reach another one
        return merges

    def _absorb(self, kept: int, gone: int) -> None:
        for index in self._members[gone]:
            self._cluster_of_item[index] = kept
        self._members[kept].extend(self._members[gone])
        self._members[kept].sort()
        self._members[gone] = []
        self._sums[kept] += self._sums[gone]
        for language, sums in self._language_sums.items():
            counts = self._language_counts[language]
            sums[kept] += sums[gone]
            counts[kept] += counts[gone]
            sums[gone] = 0.0
            counts[gone] = 0
        self._last_seen[kept] = max(self._last_seen[kept], self._last_seen[gone])
        self._refresh(kept)
        self._sums[gone] = 0.0
        self._scoring[gone] = 0.0
        self._live[gone] = False
        self._merged_into[gone] = kept
        self._merge_log.append((kept, gone))
        self._touched_since_merge.add(kept)
        self._touched_since_merge.discard(gone)

    # ----------------------------------------------------------------- reading

    def resolve(self, cluster_id: int) -> int:
        """The live cluster that ``cluster_id`` is now part of (itself unless merged)."""
        while cluster_id in self._merged_into:
            cluster_id = self._merged_into[cluster_id]
        return cluster_id

    def cluster_of(self, key: str) -> int:
        """The live cluster id of an added item. Raises KeyError for an unknown key."""
        return self._cluster_of_item[self._index_of[key]]

    def item(self, key: str) -> ClusterItem:
        return self._items[self._index_of[key]]

    def __len__(self) -> int:
        return len(self._items)

    def cluster(self, cluster_id: int) -> Cluster:
        """A snapshot of one cluster (merged ids resolve to the surviving cluster). Raises
        KeyError for an id never created."""
        cluster_id = self.resolve(cluster_id)
        if not 0 <= cluster_id < self._count:
            raise KeyError(cluster_id)
        members = [self._items[i] for i in self._members[cluster_id]]
        centroid = self._sums[cluster_id] / max(
            float(np.linalg.norm(self._sums[cluster_id])), 1e-12
        )
        return _snapshot(cluster_id, members, centroid)

    def clusters(self, min_size: int = 1) -> list[Cluster]:
        """Snapshots of the live clusters with at least ``min_size`` items, by id."""
        return [
            self.cluster(c)
            for c in range(self._count)
            if self._live[c] and len(self._members[c]) >= min_size
        ]

    def members(self, cluster_id: int) -> list[ClusterItem]:
        """The items of a cluster in the order they were added."""
        return [self._items[i] for i in self._members[self.resolve(cluster_id)]]

    def representatives(self, cluster: Cluster | int, per_language: int = 2) -> list[ClusterItem]:
        """The ``per_language`` items nearest the cluster's centroid in each language,
        languages in alphabetical order ("und" for unknown), nearest first within one. The
        same sentence republished by several outlets is shown once."""
        cluster_id = self.resolve(cluster.id if isinstance(cluster, Cluster) else cluster)
        indices = np.array(self._members[cluster_id], dtype=np.int64)
        if indices.size == 0:
            return []
        similarity = self._item_vectors[indices] @ self._scoring[cluster_id]
        by_language: dict[str, list[tuple[float, int]]] = {}
        for index, score in zip(indices.tolist(), similarity.tolist(), strict=True):
            language = self._items[index].language or UNKNOWN_LANGUAGE
            by_language.setdefault(language, []).append((-score, index))
        chosen: list[ClusterItem] = []
        for language in sorted(by_language):
            texts: set[str] = set()
            for _, index in sorted(by_language[language]):
                item = self._items[index]
                if item.text in texts:
                    continue
                texts.add(item.text)
                chosen.append(item)
                if len(texts) == per_language:
                    break
        return chosen

    def assignments(self) -> dict[str, int]:
        """Every item key -> its live cluster id (what a store persists)."""
        return {item.key: self._cluster_of_item[i] for i, item in enumerate(self._items)}

    # ----------------------------------------------------------------- persistence

    @classmethod
    def restore(
        cls,
        items: Iterable[tuple[ClusterItem, int]],
        config: ClusterConfig = ClusterConfig(),
    ) -> IncrementalClusterer:
        """A clusterer holding ``items`` (in order) in the given clusters, as ``assignments``
        returned them; new adds continue from there. Cluster ids are kept, so an id stored
        elsewhere still names the same cluster. Raises ValueError for bad vectors or keys."""
        clusterer = cls(config)
        for item, cluster_id in items:
            vector = clusterer._prepare(item)
            if cluster_id < 0:
                raise ValueError(f"{item.key}: negative cluster id {cluster_id}")
            while clusterer._count <= cluster_id:
                clusterer._new_cluster()
            clusterer._join(cluster_id, item, vector)
        for cluster_id in range(clusterer._count):
            if not clusterer._members[cluster_id]:
                clusterer._live[cluster_id] = False  # an id merged away or never used
                continue
            clusterer._refresh(cluster_id)
        return clusterer


def _language(item: ClusterItem) -> str:
    return item.language or UNKNOWN_LANGUAGE


def _grow(matrix: np.ndarray, rows: int, dim: int) -> np.ndarray:
    grown = np.zeros((rows, dim), dtype=np.float32)
    grown[: matrix.shape[0]] = matrix if matrix.size else 0.0
    return grown


def _widen(scores: np.ndarray, columns: int) -> np.ndarray:
    wider = np.full((scores.shape[0], columns), -np.inf, dtype=np.float32)
    wider[:, : scores.shape[1]] = scores
    return wider


def _snapshot(cluster_id: int, members: Sequence[ClusterItem], centroid: np.ndarray) -> Cluster:
    times = sorted(item.published_at for item in members if item.published_at is not None)
    first, last = (times[0], times[-1]) if times else (None, None)
    days = 1.0
    if first is not None and last is not None:
        days = max(1.0, (last - first).total_seconds() / 86400.0)
    languages = Counter(item.language or UNKNOWN_LANGUAGE for item in members)
    outlets = sorted({item.outlet for item in members if item.outlet})
    return Cluster(
        id=cluster_id,
        keys=tuple(item.key for item in members),
        size=len(members),
        first_seen=first,
        last_seen=last,
        languages=dict(sorted(languages.items())),
        outlets=tuple(outlets),
        items_per_day=len(members) / days,
        centroid=centroid,
    )


def count_since(cluster: Cluster, items: Mapping[str, ClusterItem], since: datetime) -> int:
    """How many of ``cluster``'s items were published at or after ``since`` (items without a
    date are not counted). ``items`` maps keys to items, e.g. from ``members``."""
    return sum(
        1 for key in cluster.keys if (when := items[key].published_at) is not None and when >= since
    )
