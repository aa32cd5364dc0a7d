"""The catalog index: every narrative statement and variant, embedded once, with its
lexical terms and its agent (who does the action), ready to rank claims against.

Embedding ~700 statements with the bundled e5 takes ~15 s, so vectors are cached on disk,
keyed by model id and text: later runs load them in milliseconds, and an edited statement
is the only one re-embedded.

A catalog of more than `matching.ann.ANN_MIN_ROWS` rows also gets an approximate
nearest-neighbour index (`matching.ann`), saved in ``ann_dir`` beside the store.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from narrativewatch.actors.registry import ActorRegistry
from narrativewatch.matching.ann import ANN_MIN_ROWS, AnnIndex, load_or_build_ann
from narrativewatch.matching.embedder import Embedder, Vectors, text_key
from narrativewatch.matching.lexical import LexicalIndex
from narrativewatch.model import Narrative

# The countries that voice the catalog's (pro-Kremlin) narratives; with international
# bodies, never the country a narrative accuses.
VOICE_COUNTRIES = frozenset({"RU", "BY"})
_VOICES = VOICE_COUNTRIES | {"INT"}
_ACCUSED_SHARE = 3  # a country named first in at least 1 in 3 statements is accused
_AGENT_KINDS = {"country", "state_body", "organization", "person", "party"}
# Words that introduce a reported proposition inside a claim ("Minsk's claims that Ukraine
# is massing troops", "заявления о том, что Украина якобы стягивает войска"): the
# proposition's agent is the one to check, not the actor whose claim it is. A conjunction
# opens the proposition right after it; an "allegedly" adverb sits inside it, often after
# its subject ("Украина якобы стягивает"), so the proposition starts at its clause. Relative
# pronouns ("що", "что", "that" after a noun) are left out on purpose: they also open
# relative clauses, whose first actor is often an object.
_PROPOSITION_CONJUNCTION = re.compile(
    r"\b(?:(?:claims?|allegations?|assertions?|reports?|statements?|suggestions?)\s+that"
    r"|о\s+том,?\s+что|про\s+те,?\s+що)\b",
    re.IGNORECASE,
)
_PROPOSITION_ADVERB = re.compile(r"\b(?:якобы|будто(?:\s+бы)?|нібито|ніби|начебто|мовляв)\b", re.I)
_CLAUSE_BOUNDARY = re.compile(r"[,;:«»\"“”—]")
# An actor right after a preposition is a place, a target or a source ("in Ukraine", «в
# Україні», «против России»), never the subject: the agent is the first actor that is not.
_PREPOSITION_BEFORE = re.compile(
    r"(?<![\w-])(?:in|at|on|near|from|to|into|onto|against|with|by|for|of|about|over|"
    r"towards?|across|inside|within|through|around|along|between|among|without|under|"
    r"behind|beyond|"
    r"в|во|на|у|к|ко|с|со|из|от|до|для|по|про|о|об|обо|при|за|над|под|перед|между|через|"
    r"против|возле|около|вокруг|вдоль|без|"
    r"з|із|зі|від|під|між|проти|біля|навколо|вздовж)"
    r"(?:\s+the)?\s+$",
    re.IGNORECASE,
)


def _proposition_start(text: str) -> int:
    """Where the first reported proposition of ``text`` begins (0 when there is none)."""
    conjunction = _PROPOSITION_CONJUNCTION.search(text)
    adverb = _PROPOSITION_ADVERB.search(text)
    if conjunction and (adverb is None or conjunction.start() <= adverb.start()):
        return conjunction.end()
    if adverb is None:
        return 0
    boundaries = [m.end() for m in _CLAUSE_BOUNDARY.finditer(text, 0, adverb.start())]
    return boundaries[-1] if boundaries else 0


@dataclass(frozen=True, slots=True)
class StatementRow:
    narrative_id: str
    language: str
    text: str
    agent: str | None  # actor id of the first actor the statement names
    actors: frozenset[str]  # every actor it names
    is_variant: bool = False


@dataclass
class CatalogIndex:
    narratives: dict[str, Narrative]
    rows: list[StatementRow]
    vectors: Vectors  # one L2-normalised row per statement
    lexical: LexicalIndex
    model_id: str
    narrative_ids: list[str]  # column order of per-narrative score matrices
    row_narrative: np.ndarray  # narrative column of each row
    debunk_vectors: Vectors  # one row per sentence of the narratives' debunks
    debunk_narrative: np.ndarray  # narrative column of each debunk sentence
    accused_countries: dict[str, frozenset[str]]  # narrative id -> countries of its agents
    ann: AnnIndex | None = None  # only for catalogs larger than ANN_MIN_ROWS
    # Rows grouped by narrative, for per-narrative maxima without sorting every row per
    # claim: rows_by_narrative[group_starts[g]:group_starts[g + 1]] are the rows of column
    # group_columns[g] (narratives without a row have no group).
    rows_by_narrative: np.ndarray = field(init=False, repr=False)
    group_starts: np.ndarray = field(init=False, repr=False)
    group_columns: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.rows_by_narrative = np.argsort(self.row_narrative, kind="stable")
        grouped = self.row_narrative[self.rows_by_narrative]
        boundaries = np.r_[True, grouped[1:] != grouped[:-1]] if len(grouped) else []
        self.group_starts = np.flatnonzero(boundaries).astype(np.int64)
        self.group_columns = grouped[self.group_starts].astype(np.int64)

    def rows_of(self, narrative_id: str) -> list[int]:
        column = self.narrative_ids.index(narrative_id)
        group = int(np.searchsorted(self.group_columns, column))
        if group == len(self.group_columns) or self.group_columns[group] != column:
            return []
        end = self.group_starts[group + 1] if group + 1 < len(self.group_starts) else None
        return self.rows_by_narrative[self.group_starts[group] : end].tolist()


def agent_and_actors(text: str, registry: ActorRegistry) -> tuple[str | None, frozenset[str]]:
    """The first actor named in ``text`` that can act (not a place) — a cheap stand-in for
    the grammatical subject, used to catch role reversals ("Belarus masses troops near
    Ukraine" against "Ukraine masses troops near Belarus") — and every actor named."""
    hits = registry.find_mentions(text)
    ids = [hit.actor_id for hit in hits]
    start = _proposition_start(text)
    proposition = [h for h in hits if h.span.start >= start]
    agent = next(
        (
            h.actor_id
            for h in proposition or hits
            if registry.actors[h.actor_id].kind.value in _AGENT_KINDS
            and not _PREPOSITION_BEFORE.search(text, max(0, h.span.start - 20), h.span.start)
        ),
        None,
    )
    return agent, frozenset(ids)


def build_catalog_index(
    narratives: Sequence[Narrative],
    embedder: Embedder,
    registry: ActorRegistry,
    cache_dir: str | Path | None = None,
    ann_dir: str | Path | None = None,
    ann_min_rows: int = ANN_MIN_ROWS,
) -> CatalogIndex:
    """Embed every statement and variant of ``narratives`` (using the disk cache in
    ``cache_dir``). With ``ann_dir`` and more than ``ann_min_rows`` rows, also load (or
    build and save there) the approximate nearest-neighbour index that `rank_claims` then
    searches instead of every row."""
    rows = [
        StatementRow(n.id, s.language, s.text, *agent_and_actors(s.text, registry), is_variant)
        for n in narratives
        for is_variant, statements in ((False, n.statements), (True, n.variants))
        for s in statements
    ]
    cache = VectorCache(cache_dir, embedder.model_id) if cache_dir is not None else None
    texts = [row.text for row in rows]
    vectors = cache.embed(texts, embedder) if cache else embedder.embed_passages(texts)
    narrative_ids = [n.id for n in narratives]
    column = {nid: i for i, nid in enumerate(narrative_ids)}
    debunks = [
        (column[n.id], sentence)
        for n in narratives
        for sentence in re.split(r"(?<=[.!?])\s+", n.debunk or "")
        if len(sentence.split()) >= 4
    ]
    debunk_texts = [text for _, text in debunks]
    debunk_vectors = (
        cache.embed(debunk_texts, embedder) if cache else embedder.embed_passages(debunk_texts)
    )
    row_narrative = np.array([column[row.narrative_id] for row in rows], dtype=np.int64)
    ann = None
    if ann_dir is not None and len(rows) > ann_min_rows:
        is_statement = np.array([not row.is_variant for row in rows], dtype=np.bool_)
        ann = load_or_build_ann(
            vectors, texts, row_narrative, is_statement, embedder.model_id, ann_dir
        )
    return CatalogIndex(
        narratives={n.id: n for n in narratives},
        rows=rows,
        vectors=vectors,
        lexical=LexicalIndex([(row.text, row.language) for row in rows]),
        model_id=embedder.model_id,
        narrative_ids=narrative_ids,
        row_narrative=row_narrative,
        debunk_vectors=debunk_vectors,
        debunk_narrative=np.array([c for c, _ in debunks], dtype=np.int64),
        accused_countries=_accused_countries(rows, registry),
        ann=ann,
    )


def _accused_countries(
    rows: Sequence[StatementRow], registry: ActorRegistry
) -> dict[str, frozenset[str]]:
    """The countries a narrative accuses: the country of the first actor its statements
    name ("Kyiv is massing troops" → UA), each one that at least a third of its statements
    name first. A narrative may accuse two: "US military biolabs in Ukraine" names the
    Pentagon first in 5 of its 12 statements and Ukraine in 6, and a US official speaking
    of the labs answers it as a Ukrainian one does. The catalog holds pro-Kremlin
    narratives, so Russia and Belarus are their voices ("Moscow warns that …"), never the
    accused, and are passed over."""
    counts: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for row in rows:
        totals[row.narrative_id] += 1
        for hit in registry.find_mentions(row.text):
            country = registry.actors[hit.actor_id].country
            if country and country not in _VOICES:
                counts.setdefault(row.narrative_id, Counter())[country] += 1
                break
    accused = {}
    for narrative, counter in counts.items():
        named = frozenset(c for c, n in counter.items() if n * _ACCUSED_SHARE >= totals[narrative])
        if named:
            accused[narrative] = named
    return accused


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "narrativewatch"


class VectorCache:
    """Statement vectors on disk, one ``.npz`` per embedding model."""

    def __init__(self, directory: str | Path, model_id: str) -> None:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in model_id)
        self.path = Path(directory) / f"vectors-{safe}.npz"

    def embed(self, texts: list[str], embedder: Embedder, *, queries: bool = False) -> Vectors:
        """Vectors of ``texts``, embedding only those not cached. ``queries``: encode as
        queries (e5's "query: " side) instead of passages; give each side its own cache."""
        known = self._load()
        keys = [text_key(t) for t in texts]
        missing = [i for i, key in enumerate(keys) if key not in known]
        if missing:
            encode = embedder.embed_queries if queries else embedder.embed_passages
            fresh = encode([texts[i] for i in missing])
            for i, vector in zip(missing, fresh, strict=True):
                known[keys[i]] = vector
            self._save(known)
        if not texts:
            return np.zeros((0, embedder.dim), dtype=np.float32)
        return np.stack([known[key] for key in keys]).astype(np.float32)

    def _load(self) -> dict[str, np.ndarray]:
        try:
            with np.load(self.path) as data:
                return dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
        except (OSError, KeyError, ValueError):
            return {}

    def _save(self, known: dict[str, np.ndarray]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp.npz")
            np.savez(temporary, keys=np.array(list(known)), vectors=np.stack(list(known.values())))
            os.replace(temporary, self.path)
        except OSError:
            pass  # a read-only home only costs re-embedding next time
