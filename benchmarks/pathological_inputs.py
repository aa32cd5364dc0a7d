"""Time and peak memory of `analyze` on text that is no article: the worst shapes a
scraper or a paste can hand the pipeline, each at the analysed maximum (the pipeline reads
the first `pipeline.MAX_ANALYSED_CHARS` characters of a longer document).

Each case runs in a fresh process, so that its peak resident memory is its own (the
models' ~0.8 GB included); the time is `analyze` alone, after loading.

    .venv/bin/python benchmarks/pathological_inputs.py [--chars 200000] [--cases a,b]

Prints one JSON line per case; writes benchmarks/results/pathological_inputs.json (the
cases run replace their earlier results there).
docs/performance.md has the numbers before and after the fixes they measured.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "pathological_inputs.json"
DEMO = ROOT / "src" / "narrativewatch" / "demo" / "articles.jsonl"


def _demo_article() -> str:
    first = DEMO.read_text(encoding="utf-8").splitlines()[0]
    return str(json.loads(first)["text"])


def _distinct_names() -> str:
    """Thousands of short sentences, each quoting a different (made-up) Ukrainian name."""
    first = ["Олександр", "Андрій", "Ігор", "Марина", "Олена", "Дмитро", "Сергій", "Юлія"]
    syllables = ["ко", "ре", "ва", "ни", "лу", "ба", "ши", "ме", "до", "ти", "ра", "су"]
    endings = ["енко", "ук", "ський", "ич", "ов"]
    names = [
        f"{first[i % len(first)]} "
        f"{(syllables[i % 12] + syllables[i // 12 % 12] + syllables[i // 144 % 12]).title()}"
        f"{endings[i // 1728 % len(endings)]}"
        for i in range(8000)
    ]
    return " ".join(f"{name} заявив про підтримку." for name in names)


def _surnames_sharing_a_stem() -> str:
    """Thousands of people named in full in the genitive and then by surname alone, every
    surname opening with the same letters: the lone-surname search's worst case (each
    capitalised word is compared with the surnames of its first letters)."""
    syllables = ["ко", "ре", "ва", "ни", "лу", "ба", "ши", "ме", "до", "ти", "ра", "су"]
    surnames = [
        "Филаш" + syllables[i % 12] + syllables[i // 12 % 12] + syllables[i // 144 % 12] + "ин"
        for i in range(1728)
    ]
    return "\n".join(
        f"По словам Вадима {name}а, ночью был обстрел. {name} заявил, что погибших нет."
        for name in surnames
    )


# Each case: a unit repeated to the length asked, and the language given to `analyze`.
CASES: dict[str, tuple[Callable[[], str], str | None]] = {
    # one "sentence" of 40,000 words: no full stop anywhere
    "one-word-line": (lambda: "word ", "en"),
    # a list of names: thousands of entities in one sentence
    "name-list": (lambda: "Putin, ", "en"),
    # quotation marks and reporting verbs, thousands of cues in one sentence
    "quote-marks-and-cues": (lambda: '"said " ', "en"),
    "ukrainian-name-line": (lambda: "Київ ", "uk"),
    "russian-word-line": (lambda: "слово ", "ru"),
    # thousands of sentences, each naming and quoting another person
    "distinct-name-sentences": (_distinct_names, "uk"),
    # thousands of people whose surnames open alike, in full and then alone
    "surnames-sharing-a-stem": (_surnames_sharing_a_stem, "ru"),
    # a transcript: every paragraph a "NAME:" label, each reading to its paragraph's end
    "transcript-labels": (
        lambda: "MR MILLER: We have seen the reports. We take them seriously.\n\n",
        "en",
    ),
    # one token of 200,000 letters
    "no-spaces": (lambda: "a", "en"),
    # a real article repeated: what a long document of ordinary sentences costs
    "repeated-article": (lambda: _demo_article() + "\n\n", None),
}

_CHILD = """
import json, resource, sys, time
from narrativewatch.model import Document
from narrativewatch.pipeline import analyze, load_pipeline
from narrativewatch.settings import Settings
text, language = sys.stdin.read(), sys.argv[1] or None
pipeline = load_pipeline(Settings.load({}, environ={}))
started = time.perf_counter()
analysis = analyze(Document(text=text, content_hash="x", source="x", language=language), pipeline)
print(json.dumps({
    "seconds": round(time.perf_counter() - started, 2),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    "sentences": len(analysis.sentences),
    "quotes": len(analysis.quotes),
    "warnings": list(analysis.warnings),
}))
"""


def run_case(name: str, chars: int) -> dict[str, object]:
    unit, language = CASES[name]
    piece = unit()
    text = (piece * (chars // len(piece) + 1))[:chars]
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, language or ""],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {"case": name, "chars": chars, "error": done.stderr.strip().splitlines()[-1:]}
    return {"case": name, "chars": chars, **json.loads(done.stdout.strip().splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=200_000)
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated case names")
    args = parser.parse_args()
    # Cases run now replace their earlier results; the others are kept.
    results = {r["case"]: r for r in json.loads(RESULTS.read_text())} if RESULTS.exists() else {}
    for name in args.cases.split(","):
        result = run_case(name, args.chars)
        print(json.dumps(result, ensure_ascii=False), flush=True)
        results[name] = result
    ordered = [results[name] for name in CASES if name in results]
    RESULTS.write_text(json.dumps(ordered, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
