"""Country adjectives ("Russian", «российский», «український»), as stems per language.

Two readers: verification reads "Russian shelling" as Russia acting (`matching.agents`),
and the registry reads "the Russian Foreign Ministry" as a ministry named with its
country (`ActorRegistry.names_country`).
"""

from __future__ import annotations

# Demonym stems → the country actor; each language's inflected forms share the stem.
DEMONYM_STEMS: dict[str, tuple[str, ...]] = {
    "russia": ("russian", "российск", "русск", "російськ"),
    "ukraine": ("ukrainian", "украинск", "українськ", "киевск", "київськ"),
    "belarus": ("belarusian", "belarussian", "белорусск", "білоруськ"),
    "united-states": ("american", "u.s.", "американск", "американськ"),
    "poland": ("polish", "польск", "польськ"),
    "moldova": ("moldovan", "молдавск", "молдовськ", "молдавськ"),
    "georgia": ("georgian", "грузинск", "грузинськ"),
    "germany": ("german", "немецк", "германск", "німецьк"),
    "france": ("french", "французск", "французьк"),
    "united-kingdom": ("british", "британск", "британськ"),
    "lithuania": ("lithuanian", "литовск", "литовськ"),
    "romania": ("romanian", "румынск", "румунськ"),
    "turkey": ("turkish", "турецк", "турецьк"),
    "china": ("chinese", "китайск", "китайськ"),
    "iran": ("iranian", "иранск", "іранськ"),
}


def demonym_actor(word: str) -> str | None:
    """The country actor a country adjective names ("german" → "germany", «американский»
    → "united-states"; ``word`` lower case), or None."""
    for actor_id, stems in DEMONYM_STEMS.items():
        if word.startswith(stems):
            return actor_id
    return None


# A country's people, as an English plural noun ("the Americans blew up the pipelines",
# "Ukrainians are unable to run a state"), capitalised. Russian and Ukrainian ones
# («американцы», «українців») the registry reads as forms of the country's name.
PEOPLE_NOUNS: dict[str, tuple[str, ...]] = {
    "russia": ("Russians",),
    "ukraine": ("Ukrainians",),
    "belarus": ("Belarusians",),
    "united-states": ("Americans",),
    "poland": ("Poles",),
    "moldova": ("Moldovans",),
    "georgia": ("Georgians",),
    "germany": ("Germans",),
    "united-kingdom": ("Britons", "Brits"),
    "lithuania": ("Lithuanians",),
    "romania": ("Romanians",),
    "iran": ("Iranians",),
}

# The same peoples in Russian and Ukrainian, nominative plural: the registry matches them
# as forms of the country's name («китайцы» → China), but as a subject they are
# nominative: «а китайцы говорили, что …» names who spoke.
PEOPLE_NOMINATIVES = frozenset(
    {
        "русские", "россияне", "украинцы", "белорусы", "американцы", "поляки", "молдаване",
        "грузины", "немцы", "французы", "британцы", "англичане", "литовцы", "румыны",
        "турки", "китайцы", "иранцы",
        # Ukrainian ("поляки", "турки" are spelt alike in both)
        "росіяни", "українці", "білоруси", "американці", "молдовани", "грузини", "німці",
        "французи", "британці", "англійці", "литовці", "румуни", "китайці", "іранці",
    }
)  # fmt: skip
