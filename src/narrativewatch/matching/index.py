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
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from narrativewatch.actors.registry import ActorRegistry
from narrativewatch.matching.agents import (
    TextActors,
    order_may_decide,
    passive_accusation,
    read_actors,
    side,
)
from narrativewatch.matching.ann import ANN_MIN_ROWS, AnnIndex, load_or_build_ann
from narrativewatch.matching.embedder import Embedder, Vectors, text_key
from narrativewatch.matching.lexical import LexicalIndex
from narrativewatch.matching.syntax import PARSED_LANGUAGES, roles_of
from narrativewatch.model import Narrative

# The countries that voice the catalog's (pro-Kremlin) narratives; with international
# bodies, never the country a narrative accuses.
VOICE_COUNTRIES = frozenset({"RU", "BY"})
_VOICES = VOICE_COUNTRIES | {"INT"}
_ACCUSED_SHARE = 3  # a country named first in at least 1 in 3 statements is accused
_ACTING_SHARE = 3  # one side acting in at least 2 in 3 statements: an accusation
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
# A reporting verb: what follows is what the speaker says someone did ("Moscow says Bucha
# images were staged", "Russia accused Kyiv of shelling the plant", «Минобороны заявило,
# что …»): its agent, not the speaker, is the one to check.
_PROPOSITION_VERB = re.compile(
    r"\b(?:says|said|claims|claimed|alleges|alleged|accuses|accused|blames|blamed|warns|"
    r"warned|insists|insisted|told\s+\w+|stated|reports|reported|stresse[sd]|"
    r"emphasi[sz]e[sd]|identified|revealed|proves?|proved|show|shows|showed|called|criticized|"
    r"criticised|condemned|(?:it\s+is\s+)?known|"
    r"назвал[аи]?|раскритиковал[аи]?|осудил[аи]?|известно|доказыва(?:ет|ют)|доказал[аи]?|"
    r"свидетельству(?:ет|ют)|показыва(?:ет|ют)|доводять|доводить|довели|свідчать|свідчить|"
    r"показують|назвав|назвала|розкритикував|идентифицирова(?:л[аио]?|ли)|"
    r"ідентифікува(?:в|ла|ло|ли)|установил[аио]?|встановив|встановила|"
    r"розкритикувала|засудив|засудила|відомо|"
    r"подчерк(?:нул[аи]?|ива(?:ет|ют|л[аи]?))|наголош(?:ує|ують|ував|увала|увало|ували)|"
    r"отмеча(?:ет|ют|л[аи]?)|отметил[аи]?|указ(?:ал[аи]?|ыва(?:ет|ют|л[аи]?))|"
    r"зазнач(?:ив|ила|или|ає|ають|ав|ала|али)|"
    r"підкреслю(?:є|ють|вав|вала|вали)|підкреслив|підкреслила|"
    r"заяв(?:ил[аи]?|ляет|ляют|ило|лял[аи]?)|утвержда(?:ет|ют|л[аи]?)|сообщ(?:ил[аи]?|ает|ило|ал[аи]?)|"
    r"обвин(?:ил[аи]?|яет|яют|ило|ял[аи]?)|предупре(?:дил[аи]?|жда(?:ет|ют|л[аи]?))|"
    r"заяв(?:ив|ила|или|ляє|ляють|ило|ляв|ляла|ляли)|стверджу(?:є|ють|вав)|повідом(?:ив|ила|или|ляє)|"
    r"звинуват(?:ив|ила|или|ило)|звинувачу(?:є|ють)|попередив|попередила)"
    r"(?:\s+(?:on\s+\w+|\w+day|yesterday|today))?(?:\s*,?\s*(?:that|что|що))?\s+",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[,;:]|(?<!\w)(?:and|but|then|while|а|и|но|потом|затем|і|й|та|але|потім)(?!\w)", re.I
)
_LEAD_IN_COLON = re.compile(r"[^:,;.!?\n]{3,60}?:\s+(?=\S)")
_PROPOSITION_ADVERB = re.compile(r"\b(?:якобы|будто(?:\s+бы)?|нібито|ніби|начебто|мовляв)\b", re.I)
_CLAUSE_BOUNDARY = re.compile(r"[,;:«»\"“”—]")


def _proposition_start(text: str) -> int:
    """Where the first reported proposition of ``text`` begins (0 when there is none)."""
    conjunction = (
        _PROPOSITION_CONJUNCTION.search(text) or _main_reporting_verb(text) or _headline_colon(text)
    )
    adverb = _PROPOSITION_ADVERB.search(text)
    if conjunction and (adverb is None or conjunction.start() <= adverb.start()):
        return conjunction.end()
    if adverb is None:
        return 0
    boundaries = [m.end() for m in _CLAUSE_BOUNDARY.finditer(text, 0, adverb.start())]
    return boundaries[-1] if boundaries else 0


def _headline_colon(text: str) -> re.Match[str] | None:
    """ "Russia provides evidence: MH17 was shot down by a Ukrainian missile": a short
    lead-in and a colon, then what is claimed."""
    return _LEAD_IN_COLON.match(text)


def _main_reporting_verb(text: str) -> re.Match[str] | None:
    """A reporting verb in the text's first clause ("Moscow says …", «В Минобороны
    заявили, что …»). One after a comma or a conjunction belongs to a clause of its own:
    in "Ukrainian forces shell their own cities and then blame the Russian army" the
    forces act, and the army is only what they are said to blame. Nor does a passive
    accusation open one: in "Ukraine was accused by Moscow of shelling the plant" Ukraine
    is the one said to act."""
    verb = _PROPOSITION_VERB.search(text)
    if verb is None or _CLAUSE_BREAK.search(text, 0, verb.start()):
        return None
    if passive_accusation(text, verb.start(), verb.start() + len(verb.group().split()[0])):
        return None
    return verb


@dataclass(frozen=True, slots=True)
class StatementRow:
    narrative_id: str
    language: str
    text: str
    agent: str | None  # actor id of the first actor the statement names
    actors: frozenset[str]  # every actor it names
    is_variant: bool = False
    # actors named where they could be acting (`agents.TextActors.named_as_actor`): for a
    # statement without an agent, whose side it accuses («превратили в базу «Азова»»)
    named: frozenset[str] = frozenset()


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
    accused_countries: dict[str, frozenset[str]]  # narrative id -> countries it names first
    # narrative id -> countries whose actors act in its statements (verification)
    acting_countries: dict[str, frozenset[str]] = field(default_factory=dict)
    # narrative id -> every side that acts in any of its statements (verification of a
    # claim against a statement that names no agent: "toxic agents were delivered to …")
    agent_sides: dict[str, frozenset[str]] = field(default_factory=dict)
    ann: AnnIndex | None = None  # only for catalogs larger than ANN_MIN_ROWS
    # The narrative columns a claim's margin is measured against (the median of its
    # scores over them, `background`); None: every narrative. See `background_columns`.
    background_columns: np.ndarray | None = None
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

    def background(self, scores: np.ndarray) -> float:
        """A claim's background: the median of its per-narrative ``scores`` (one per
        column) over the background narratives."""
        chosen = scores if self.background_columns is None else scores[self.background_columns]
        return float(np.median(chosen))

    def rows_of(self, narrative_id: str) -> list[int]:
        column = self.narrative_ids.index(narrative_id)
        group = int(np.searchsorted(self.group_columns, column))
        if group == len(self.group_columns) or self.group_columns[group] != column:
            return []
        end = self.group_starts[group + 1] if group + 1 < len(self.group_starts) else None
        return self.rows_by_narrative[self.group_starts[group] : end].tolist()


def background_columns(
    narrative_ids: Sequence[str], background_narratives: Collection[str]
) -> np.ndarray | None:
    """The columns of ``background_narratives`` among ``narrative_ids``, for a catalog
    that still holds at least half of them; None (every narrative) otherwise, or when it
    would be every narrative anyway.

    A margin is a claim's score minus its median over a background of narratives. Taken
    over whatever the catalog holds, it moves whenever a narrative is added — by ~0.001
    for one narrative, enough to carry borderline claims across a threshold — so the
    thresholds are calibrated against a stored background (`matching.calibration`) and
    the margins of a grown catalog are measured against that same background. A catalog
    of one's own, without most of it, has its own background: all its narratives."""
    wanted = set(background_narratives)
    present = [column for column, nid in enumerate(narrative_ids) if nid in wanted]
    if not present or len(present) * 2 < len(wanted) or len(present) == len(narrative_ids):
        return None
    return np.array(present, dtype=np.int64)


def agent_and_actors(
    text: str, registry: ActorRegistry, language: str | None = None
) -> tuple[str | None, frozenset[str]]:
    """The first actor named in ``text`` that can act and could be acting (`agents`) — a
    cheap stand-in for the grammatical subject, used to catch role reversals ("Belarus
    masses troops near Ukraine" against "Ukraine masses troops near Belarus") — and every
    actor named."""
    found = claim_actors(text, registry, language)
    return found.agent, found.actors


def claim_actors(text: str, registry: ActorRegistry, language: str | None = None) -> TextActors:
    """`agents.read_actors` from the start of the text's reported proposition, if any;
    English text (``language`` "en") with its parse."""
    return claim_actors_of([text], [language], registry)[0]


def claim_actors_of(
    texts: Sequence[str],
    languages: Sequence[str | None],
    registry: ActorRegistry,
    may_parse: Sequence[bool] | None = None,
) -> list[TextActors]:
    """`claim_actors` of many texts, the English and the Russian ones parsed in one batch
    per language. Only a text whose reading the parse could change is parsed
    (`agents.order_may_decide`: ~2.5 ms an English text, ~5 ms a Russian one, so most
    claims are spared it), and only where ``may_parse`` allows."""
    starts = [_proposition_start(text) for text in texts]
    found = [read_actors(text, registry, start) for text, start in zip(texts, starts, strict=True)]
    for parsed_language in PARSED_LANGUAGES:
        parse = [
            i
            for i, (language, actors, start) in enumerate(
                zip(languages, found, starts, strict=True)
            )
            if language == parsed_language
            and (may_parse is None or may_parse[i])
            and order_may_decide(actors, start)
        ]
        batch = roles_of([texts[i] for i in parse], parsed_language)
        for i, roles in zip(parse, batch, strict=True):
            found[i] = read_actors(texts[i], registry, starts[i], roles)
    return found


def _statement_row(
    narrative_id: str, language: str, text: str, is_variant: bool, found: TextActors
) -> StatementRow:
    return StatementRow(
        narrative_id,
        language,
        text,
        found.agent,
        found.actors,
        is_variant,
        found.named_as_actor(),
    )


def build_catalog_index(
    narratives: Sequence[Narrative],
    embedder: Embedder,
    registry: ActorRegistry,
    cache_dir: str | Path | None = None,
    ann_dir: str | Path | None = None,
    ann_min_rows: int = ANN_MIN_ROWS,
    background_narratives: Collection[str] = (),
) -> CatalogIndex:
    """Embed every statement and variant of ``narratives`` (using the disk cache in
    ``cache_dir``). With ``ann_dir`` and more than ``ann_min_rows`` rows, also load (or
    build and save there) the approximate nearest-neighbour index that `rank_claims` then
    searches instead of every row. ``background_narratives``: the ids margins are measured
    against (`background_columns`; empty: every narrative)."""
    entries = [
        (n.id, s, is_variant)
        for n in narratives
        for is_variant, statements in ((False, n.statements), (True, n.variants))
        for s in statements
    ]
    actors = claim_actors_of(
        [s.text for _, s, _ in entries], [s.language for _, s, _ in entries], registry
    )
    rows = [
        _statement_row(narrative_id, s.language, s.text, is_variant, found)
        for (narrative_id, s, is_variant), found in zip(entries, actors, strict=True)
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
    background = background_columns(narrative_ids, background_narratives)
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
        lexical=LexicalIndex(
            [(row.text, row.language) for row in rows],
            None if background is None else np.isin(row_narrative, background).tolist(),
        ),
        model_id=embedder.model_id,
        narrative_ids=narrative_ids,
        row_narrative=row_narrative,
        debunk_vectors=debunk_vectors,
        debunk_narrative=np.array([c for c, _ in debunks], dtype=np.int64),
        accused_countries=_accused_countries(rows, registry),
        acting_countries=_acting_countries(rows, registry),
        agent_sides=_agent_sides(rows, registry),
        ann=ann,
        background_columns=background,
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
        named = _in_a_third(counter, totals[narrative])
        if named:
            accused[narrative] = named
    return accused


def _acting_countries(
    rows: Sequence[StatementRow], registry: ActorRegistry
) -> dict[str, frozenset[str]]:
    """The countries whose actors *act* in at least a third of a narrative's statements (the
    statement's agent, `agents`): "Kyiv is shelling the plant" names Ukraine acting, "the
    West sponsors Nazis in Ukraine" does not, "the Russian army strikes only military
    targets" names Russia. Verification asks a claim to name one of them (`verify`, "agent
    absent"). Unlike `_accused_countries` (the first country named, wherever; the reading
    for actor stances), Russia and Belarus count: some narratives are about what they do."""
    counts: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for row in rows:
        totals[row.narrative_id] += 1
        if row.agent:
            country: str | None = side(row.agent, registry)
        else:
            # No agent: the one side the statement names where it could act, if any.
            named = {side(actor, registry) for actor in row.named} - {"INT"}
            country = named.pop() if len(named) == 1 else None
        if country and country != "INT":
            counts.setdefault(row.narrative_id, Counter())[country] += 1
    acting = {}
    for narrative, counter in counts.items():
        # Only a narrative most of whose statements have one side act is an accusation
        # of that side; a framing ("the war in Donbas is a civil war") names many.
        if max(counter.values()) * _ACTING_SHARE < 2 * totals[narrative]:
            continue
        acting[narrative] = _in_a_third(counter, totals[narrative])
    return acting


def _agent_sides(
    rows: Sequence[StatementRow], registry: ActorRegistry
) -> dict[str, frozenset[str]]:
    """Every side (`agents.side`) that acts in at least one of a narrative's statements."""
    sides: dict[str, set[str]] = {}
    for row in rows:
        if row.agent:
            sides.setdefault(row.narrative_id, set()).add(side(row.agent, registry))
    return {narrative: frozenset(found) for narrative, found in sides.items()}


def _in_a_third(counter: Counter[str], total: int) -> frozenset[str]:
    """The countries counted in at least a third of a narrative's ``total`` statements."""
    return frozenset(c for c, n in counter.items() if n * _ACCUSED_SHARE >= total)


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
