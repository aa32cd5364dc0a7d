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
