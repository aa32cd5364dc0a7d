"""Towns and villages: a gazetteer that tells a place from a person.

The NER models read unfamiliar Ukrainian place names as people: spaCy's small English
model tags "Enerhodar" and "Mykolaiv" PERSON, natasha reads the Ukrainian locative "у
Кропивницькому" or "Сизрані" as a surname (docs/ner.md). War news is full of such names,
and a town listed among a story's people — or quoted as a speaker — is wrong in front of an
analyst. The gazetteer holds the settlements of Ukraine (population ≥ 1,000) and of Russia,
Belarus and Moldova (≥ 5,000) with their Latin and Cyrillic names, built from GeoNames
(CC BY 4.0) by ``tools/build_settlements.py``; `analysis.misread_towns` asks it about the
model's one-off person (and one-word Latin organisation) mentions only, so a registered
actor, a full name or a titled person is never turned into a place.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from narrativewatch.analysis.tokens import (
    DROPPABLE_LETTERS,
    alternated_stems,
    is_cyrillic,
    stem_key,
    word_tokens,
)
from narrativewatch.errors import CatalogError

SETTLEMENTS_FILE = Path(__file__).parent / "data" / "settlements.tsv.gz"

# Ukrainian and Russian spell the same name with different letters (Сизрань / Сызрань,
# Шебекіно / Шебекино); both sides are also compared in one loose spelling.
_LOOSE = str.maketrans({"ы": "и", "і": "и", "ї": "и", "є": "е", "э": "е", "ґ": "г", "'": ""})


# The case endings a place name takes in Russian and Ukrainian. Stricter than the actor
# registry's "any ending of up to three letters": with thousands of village names, that
# would read «Будемо» as Budei and «Сухачев» as Sukha.
_CASE_ENDINGS = frozenset(
    {"а", "я", "у", "ю", "і", "и", "е", "є", "ї", "ой", "ою", "ей", "ею", "єю", "ом", "ем"}
    | {"єм", "ім", "им", "ам", "ям", "ах", "ях", "ами", "ями", "ого", "ому", "ої", "ій"}
    | {"ові", "еві", "єві", "ів", "ов", "ых", "их", "ым", "ое", "ее", "ую"}
)
_MIN_INFLECTED = 4
# A later word of a longer name may be short: Часів Яр ~ під Часовим Яром.
_MIN_INFLECTED_IN_PHRASE = 2
# Ukrainian к, г, х become ц, з, с before the -і of the dative and locative.
_MUTATED = {"к": "ц", "г": "з", "х": "с"}


def _inflects(name: str, word: str, in_phrase: bool = False) -> bool:
    """Whether folded ``word`` is the place name ``name`` in some case; ``in_phrase``: the
    name is a later word of a longer name, whose first word must match too."""
    if name == word:
        return True
    shortest = _MIN_INFLECTED_IN_PHRASE if in_phrase else _MIN_INFLECTED
    if len(name) < shortest or not is_cyrillic(name):
        return False
    for dropped in (0, 1, 2):
        stem, tail = name[: len(name) - dropped], name[len(name) - dropped :]
        if not stem:
            break
        ending = word[len(stem) :]
        if set(tail) <= DROPPABLE_LETTERS and word.startswith(stem) and ending in _CASE_ENDINGS:
            return True
    # Харків ~ Харкова, Миколаїв ~ Миколаєва, Ірпінь ~ Ірпеня
    alternated = alternated_stems(name, short=in_phrase)
    if any(
        word.startswith(stem) and word[len(stem) :] in _CASE_ENDINGS - {""} for stem in alternated
    ):
        return True
    # Токарівка ~ у Токарівці, Прага ~ у Празі, (Кривий) Ріг ~ (у Кривому) Розі
    bases = (name[:-1] if name.endswith("а") else name, *alternated)
    return any(
        base[-1] in _MUTATED and word == base[:-1] + _MUTATED[base[-1]] + "і" for base in bases
    )


def _bucket(first_word: str) -> str:
    # Three letters: a four-letter name's fourth is already its ending (Буча ~ Бучі).
    return stem_key(first_word, letters=3)


@dataclass(frozen=True)
class Settlement:
    geonameid: int
    country: str
    population: int
    name: str


def _spellings(name: str) -> list[tuple[str, ...]]:
    """The folded word sequence of ``name``, and its loose one when that differs."""
    words = tuple(token.lower for token in word_tokens(name))
    loose = tuple(word.translate(_LOOSE) for word in words)
    return [words] if loose == words else [words, loose]


class SettlementGazetteer:
    """Looks a mention's surface up among settlement names, inflections allowed."""

    def __init__(self, entries: Iterable[tuple[Settlement, Iterable[str]]]) -> None:
        # (word count, bucket of the first word) → (name's words, settlement)
        self._buckets: dict[tuple[int, str], list[tuple[tuple[str, ...], Settlement]]] = {}
        self.size = 0
        for settlement, names in entries:
            self.size += 1
            for name in names:
                for words in _spellings(name):
                    if words and len(words[0]) >= 3:
                        key = (len(words), _bucket(words[0]))
                        self._buckets.setdefault(key, []).append((words, settlement))

    def find(self, surface: str) -> Settlement | None:
        """The settlement ``surface`` names (in any case form), or None: the most populous,
        unless one of similar size carries the name as its own (`_preferred`)."""
        named: dict[int, Settlement] = {}
        for words in _spellings(surface):
            if not words:
                continue
            for name, settlement in self._buckets.get((len(words), _bucket(words[0])), ()):
                if all(
                    _inflects(part, word, in_phrase=position > 0)
                    for position, (part, word) in enumerate(zip(name, words, strict=True))
                ):
                    named[settlement.geonameid] = settlement
        return _preferred(surface, list(named.values()))


# GeoNames lists a town's former names among its names, so one spelling can name two towns
# of similar size: «Слов'янськ» is Sloviansk (105,141) and, as a name of the 1780s, Nikopol
# (105,160); «Ставрополь» is Stavropol and Tolyatti's old name. Among the towns of the
# largest one's country within this factor of its size, a town whose own (Latin) name the
# spelling transliterates to is preferred. Past that factor size decides («Красноармейск»
# stays Pokrovsk, 60,000, not Krasnoarmeysk, 22,000), and so does another country: the
# Latin name of a Ukrainian town is its Ukrainian one, so the Russian spelling «Волчанск»
# would otherwise pick Volchansk in Russia over Vovchansk.
_SIMILAR_SIZE = 2


def _preferred(surface: str, settlements: list[Settlement]) -> Settlement | None:
    if not settlements:
        return None
    largest = max(settlements, key=lambda s: s.population)
    similar = [
        s
        for s in settlements
        if s.country == largest.country and s.population * _SIMILAR_SIZE > largest.population
    ]
    spelled = _consonants(surface)
    own_name = [s for s in similar if _consonants(s.name) == spelled]
    return max(own_name, key=lambda s: s.population) if own_name else largest


# Letters for comparing a Cyrillic spelling with a Latin one: the first consonants,
# with the digraphs of the usual romanisations read as one letter (Харків ~ Kharkiv,
# Городок ~ Horodok ~ Gorodok).
_CYRILLIC_CONSONANTS = str.maketrans(
    {"б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "ж": "z", "з": "z", "к": "k", "л": "l"}
    | {"м": "m", "н": "n", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f", "х": "g"}
    | {"ц": "c", "ч": "c", "ш": "s", "щ": "s"}
)
_LATIN_DIGRAPHS = (
    *(("shch", "s"), ("kh", "g"), ("zh", "z"), ("ts", "c"), ("ch", "c")),
    *(("sh", "s"), ("h", "g"), ("w", "v")),
)
_COMPARED_CONSONANTS = 3


def _consonants(name: str) -> str:
    folded = name.lower().translate(_CYRILLIC_CONSONANTS)
    for digraph, letter in _LATIN_DIGRAPHS:
        folded = folded.replace(digraph, letter)
    return "".join(c for c in folded if c in "bcdfgklmnpqrstvxz")[:_COMPARED_CONSONANTS]


def read_settlements(path: str | Path) -> list[tuple[Settlement, list[str]]]:
    """The rows of a gazetteer file built by ``tools/build_settlements.py``.

    Raises CatalogError naming the file (and line) when it cannot be read or a row is
    malformed: a broken data file must stop the run, not drop towns silently."""
    entries = []
    try:
        with gzip.open(path, "rt", encoding="utf-8") as rows:
            for number, line in enumerate(rows, start=1):
                if line.startswith(("#", "geonameid\t")):
                    continue
                fields = line.rstrip("\n").split("\t")
                if len(fields) != 5 or not fields[0].isdigit() or not fields[2].isdigit():
                    raise CatalogError(
                        str(path),
                        "expected geonameid, country, population, name and names separated by tabs",
                        f"line {number}",
                    )
                geonameid, country, population, name, names = fields
                settlement = Settlement(int(geonameid), country, int(population), name)
                entries.append((settlement, [n for n in names.split("|") if n]))
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise CatalogError(str(path), f"cannot read the settlement gazetteer: {error}") from None
    return entries


@lru_cache(maxsize=1)
def bundled_settlements() -> SettlementGazetteer:
    """The shipped gazetteer, read once per process."""
    return SettlementGazetteer(read_settlements(SETTLEMENTS_FILE))
