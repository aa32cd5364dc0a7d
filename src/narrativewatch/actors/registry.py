"""The actor registry: canonical actors with aliases in en/ru/uk, and alias search in text.

One canonical actor across languages, spellings and inflections: "Peskov", "Dmitry
Peskov", "Пескова" and "Пєсков" all resolve to ``dmitry-peskov``. The bundled registry is
``actors/data/actors.yaml`` (format in docs/actors.md); users add files with ``--actors``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from narrativewatch.actors.demonyms import demonym_actor
from narrativewatch.analysis.tokens import (
    Token,
    fold,
    is_acronym,
    stem_key,
    token_matches,
    word_tokens,
)
from narrativewatch.catalog.loader import SAFE_LOADER, expand_catalog_paths
from narrativewatch.errors import CatalogError
from narrativewatch.model import Actor, ActorKind, Span

ACTORS_FORMAT = "narrativewatch-actors/1"
LEVELS = (
    "head_of_state",
    "head_of_government",
    "minister",
    "spokesperson",
    "ministry",
    "military",
    "security_service",
    "state_body",
    "legislator",
    "official",
    "state_media",
    "media",
    "propagandist",
    "party",
    "international_org",
    "country",
    "place",
)
# What may stand beside a country's name in a qualified form: "Ministry of Defence of the
# Russian Federation". Cyrillic qualifiers are a genitive, with no word of their own.
_QUALIFIER_WORDS = frozenset({"of", "the"})
_KNOWN_FIELDS = {
    "id",
    "kind",
    "country",
    "aligned_with",
    "member_of",
    "level",
    "roles",
    "names",
    "aliases",
    "description",
}


_QUALIFIED_CACHE_SIZE = 50_000


@dataclass(frozen=True, slots=True)
class AliasHit:
    """An alias of a registered actor found in a text."""

    span: Span
    actor_id: str
    alias: str


@dataclass(frozen=True, slots=True)
class _Alias:
    tokens: tuple[str, ...]
    actor_id: str
    text: str
    exact: tuple[bool, ...]  # acronyms match only themselves: "НАТО" is not "натовп"
    # A short Latin acronym matches only in capitals: "US" is not "us", nor "EU" a word's
    # fragment; None where case does not matter.
    cased: tuple[str | None, ...] = ()


@dataclass(slots=True)
class ActorRegistry:
    """Actors by id, with an index of alias token sequences for search in text."""

    actors: dict[str, Actor] = field(default_factory=dict)
    _aliases: list[_Alias] = field(default_factory=list)
    _buckets: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # (alias tokens, actor id) pairs already indexed: a set, since a scan of the aliases
    # for each new one made loading the registry quadratic (0.7 s of every process start).
    _indexed: set[tuple[tuple[str, ...], str]] = field(default_factory=set)
    # qualified_forms and bare_form
    _qualified: dict[str, tuple[frozenset[str], str | None]] = field(default_factory=dict)
    # Every alias word's bucket → (alias, position), built on first use by qualified_forms.
    _word_positions: dict[str, list[tuple[int, int]]] | None = None
    # country code -> what its country actor is a member of, built on first use
    _country_memberships: dict[str, tuple[str, ...]] | None = None

    def add(self, actor: Actor) -> None:
        """Add an actor, or replace the one with the same id (user files override)."""
        if actor.id in self.actors:
            self._aliases = [a for a in self._aliases if a.actor_id != actor.id]
            self._indexed = {(a.tokens, a.actor_id) for a in self._aliases}
            self._rebuild_buckets()
        self.actors[actor.id] = actor
        self._qualified.clear()
        self._word_positions = None
        self._country_memberships = None
        for surface in (actor.name, *actor.names.values(), *actor.aliases):
            self._index(surface, actor.id)

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def one_camp(self, first: str, second: str) -> bool:
        """Whether one actor is an alliance or union the other belongs to, itself or
        through its country: NATO and the US, the EU and "the Polish government"."""
        return self._member(first, second) or self._member(second, first)

    def _member(self, actor_id: str, organisation_id: str) -> bool:
        actor = self.actors.get(actor_id)
        if actor is None:
            return False
        if self._country_memberships is None:
            self._country_memberships = {
                a.country: a.member_of
                for a in self.actors.values()
                if a.kind is ActorKind.COUNTRY and a.country
            }
        country_memberships = self._country_memberships.get(actor.country or "", ())
        return organisation_id in actor.member_of or organisation_id in country_memberships

    def __len__(self) -> int:
        return len(self.actors)

    def find_mentions(self, text: str, start: int = 0, end: int | None = None) -> list[AliasHit]:
        """Every alias occurrence in ``text[start:end]``; the longest wins where they overlap."""
        return self.find_in_tokens(text, word_tokens(text, start, end))

    def find_in_tokens(
        self, text: str, tokens: Sequence[Token], any_case: bool = False
    ) -> list[AliasHit]:
        """Alias occurrences among ``tokens``; ``any_case`` lets a short acronym match in
        lower case too (a host name, "bbc.co.uk"), which running text does not ("us")."""
        folded = [t.lower for t in tokens]
        hits: list[AliasHit] = []
        position = 0
        while position < len(tokens):
            best: tuple[int, _Alias] | None = None
            for alias_index in self._buckets.get(stem_key(folded[position]), ()):
                alias = self._aliases[alias_index]
                length = len(alias.tokens)
                if position + length > len(tokens) or (best and length <= best[0]):
                    continue
                words = folded[position : position + length]
                if (
                    _adjacent(tokens, position, length, text)
                    and all(
                        (a == w) if exact else token_matches(a, w, length > 1)
                        for a, w, exact in zip(alias.tokens, words, alias.exact, strict=True)
                    )
                    and all(
                        any_case or cased is None or token.text == cased
                        for cased, token in zip(
                            alias.cased, tokens[position : position + length], strict=True
                        )
                    )
                ):
                    best = (length, alias)
            if best is None:
                position += 1
                continue
            length, alias = best
            span = Span(tokens[position].start, tokens[position + length - 1].end)
            hits.append(AliasHit(span, alias.actor_id, alias.text))
            position += length
        return hits

    def resolve(self, surface: str) -> Actor | None:
        """The actor whose alias covers all of ``surface`` ("Пєскову" → Dmitry Peskov)."""
        hit = self.resolve_hit(surface)
        return self.actors[hit.actor_id] if hit is not None else None

    def resolve_hit(self, surface: str) -> AliasHit | None:
        """The alias that covers all of ``surface``, as `resolve` finds it (its ``alias``
        tells whether ``surface`` is written as the alias or inflected)."""
        tokens = word_tokens(surface)
        if not tokens:
            return None
        hits = self.find_in_tokens(surface, tokens, any_case=True)
        if len(hits) == 1 and hits[0].span == Span(tokens[0].start, tokens[-1].end):
            return hits[0]
        return None

    def qualified_forms(self, surface: str) -> set[str]:
        """The actors with an alias that is ``surface`` (inflected or not) qualified by
        their country: "Минобороны" → Минобороны России, Минобороны Беларуси, …; "Foreign
        Ministry" → Foreign Ministry of Russia, …. A body inside one ("ГУР Минобороны")
        is not a qualified form: its other words name no country."""
        return set(self._qualified_and_bare(surface)[0])

    def bare_form(self, surface: str) -> str | None:
        """The words of the alias that ``surface`` is a qualified form of, as the alias
        writes them: «Генштабі» → "Генштаб" (of «Генштаб України»), «Повітряних сил» →
        "Повітряні сили"; None when ``surface`` is no qualified form. One name for a body
        whatever its case, when the text does not say whose it is."""
        return self._qualified_and_bare(surface)[1]

    def _qualified_and_bare(self, surface: str) -> tuple[frozenset[str], str | None]:
        key = fold(surface)
        if key not in self._qualified:
            # Asked of every name the models find, so a long ingest meets millions: a
            # bounded memory, emptied when full (a name asked again is computed again).
            if len(self._qualified) >= _QUALIFIED_CACHE_SIZE:
                self._qualified.clear()
            self._qualified[key] = self._qualified_forms(surface)
        return self._qualified[key]

    def _qualified_forms(self, surface: str) -> tuple[frozenset[str], str | None]:
        words = [t.lower for t in word_tokens(surface)]
        if not words:
            return frozenset(), None
        if self._word_positions is None:
            self._word_positions = defaultdict(list)
            for index, alias in enumerate(self._aliases):
                for position, token in enumerate(alias.tokens):
                    self._word_positions[stem_key(token)].append((index, position))
        found: set[str] = set()
        bare: str | None = None
        for index, start in self._word_positions.get(stem_key(words[0]), ()):
            alias = self._aliases[index]
            actor = self.actors[alias.actor_id]
            end = start + len(words)
            if (
                len(alias.tokens) <= len(words)
                or end > len(alias.tokens)
                or actor.id in found
                or actor.kind is ActorKind.PERSON
            ):
                continue
            window = zip(alias.tokens[start:end], words, alias.exact[start:end], strict=True)
            # «Повітряних сил» ~ «Повітряні сили»: a word of a longer name, as in the text
            phrase = len(words) > 1
            if all((a == w) if exact else token_matches(a, w, phrase) for a, w, exact in window):
                rest = " ".join(alias.tokens[:start] + alias.tokens[end:])
                if self._names_country(rest, actor.country):
                    found.add(actor.id)
                    if bare is None:
                        written = word_tokens(alias.text)
                        bare = alias.text[written[start].start : written[end - 1].end]
        return frozenset(found), bare

    def countries_named(self, text: str) -> frozenset[str]:
        """The country codes of the countries ``text`` names by name, in any of its
        forms ("Germany", «Германии», «Німеччині»); people and bodies of a country do not
        name it, nor do adjectives ("German")."""
        return frozenset(
            actor.country
            for hit in self.find_mentions(text)
            if (actor := self.actors[hit.actor_id]).kind is ActorKind.COUNTRY and actor.country
        )

    def country_mentions(self, text: str, country: str | None) -> list[Span]:
        """The names of ``country`` itself in ``text`` ("России", "of the Russian
        Federation"), also inside a longer name ("Министерство обороны России")."""
        tokens = word_tokens(text)
        spans = []
        for position in range(len(tokens)):
            hits = self.find_in_tokens(text, tokens[position:])
            if hits and hits[0].span.start == tokens[position].start:
                actor = self.actors[hits[0].actor_id]
                if actor.kind is ActorKind.COUNTRY and actor.country == country:
                    spans.append(hits[0].span)
        return spans

    def names_country(self, text: str, country: str | None) -> bool:
        """Whether ``text`` names ``country`` by its name ("Foreign Ministry of Russia",
        «МИД России») or its adjective ("the Russian Foreign Ministry", «российский МИД»)."""
        if country is None:
            return False
        if self.country_mentions(text, country):
            return True
        for token in word_tokens(text):
            actor_id = demonym_actor(token.lower)
            if actor_id in self.actors and self.actors[actor_id].country == country:
                return True
        return False

    def _names_country(self, words: str, country: str | None) -> bool:
        """Whether ``words`` are only a name of ``country`` ("России", "of the Russian
        Federation") or its adjective alone ("Ukrainian" of "Ukrainian MFA"), not a body
        of their own ("ГУР … Украины", "Air Force of …")."""
        tokens = word_tokens(words)
        if len(tokens) == 1 and self.names_country(words, country):
            return True
        hits = self.country_mentions(words, country)
        left = [
            token.lower
            for token in tokens
            if not any(span.start <= token.start < span.end for span in hits)
        ]
        return country is not None and bool(hits) and set(left) <= _QUALIFIER_WORDS

    def _index(self, surface: str, actor_id: str) -> None:
        words = word_tokens(surface)
        tokens = tuple(t.lower for t in words)
        if not tokens:
            return
        if (tokens, actor_id) in self._indexed:
            return
        self._indexed.add((tokens, actor_id))
        exact = tuple(is_acronym(t.text) or len(t.text) <= 3 for t in words)
        cased = tuple(
            t.text if is_acronym(t.text) and len(t.text) <= 3 and t.text.isascii() else None
            for t in words
        )
        self._aliases.append(_Alias(tokens, actor_id, surface, exact, cased))
        self._buckets[stem_key(tokens[0])].append(len(self._aliases) - 1)

    def _rebuild_buckets(self) -> None:
        self._buckets = defaultdict(list)
        for index, alias in enumerate(self._aliases):
            self._buckets[stem_key(alias.tokens[0])].append(index)


_NAME_GAP = re.compile(r"(?:['’]s)?[ \u00a0\-'’«»\"“”„./]*")


def _adjacent(tokens: Sequence[Token], position: int, length: int, text: str) -> bool:
    """Alias tokens may be separated by spaces, hyphens, a possessive ("Russia's Defence
    Ministry"), quotation marks (телеканал «Звезда»), dots or slashes ("U.S.", "RFE/RL"),
    but not by a comma, other punctuation or a line break."""
    for left, right in zip(
        tokens[position : position + length - 1],
        tokens[position + 1 : position + length],
        strict=True,
    ):
        gap = text[left.end : right.start]
        if "\n" in gap or not _NAME_GAP.fullmatch(gap):
            return False
    return True


def builtin_actor_files() -> list[Path]:
    root = resources.files("narrativewatch.actors") / "data"
    return sorted(Path(str(entry)) for entry in root.iterdir() if entry.name.endswith(".yaml"))


def load_registry(
    paths: Iterable[str | Path] = (), *, include_builtin: bool = True
) -> ActorRegistry:
    """Load the bundled registry and the user's files (a file, or a directory of YAML).

    Raises CatalogError naming file, entry and field for an invalid file.
    """
    files = (builtin_actor_files() if include_builtin else []) + expand_catalog_paths(paths)
    registry = ActorRegistry()
    for path in files:
        for actor in load_actor_file(path):
            registry.add(actor)
    return registry


def load_actor_file(path: str | Path) -> list[Actor]:
    name = str(path)
    try:
        document = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogError(
            name, f"cannot read actor registry: {str(exc).splitlines()[0]}"
        ) from None
    if not isinstance(document, dict) or document.get("format") != ACTORS_FORMAT:
        raise CatalogError(name, f"expected a mapping with format: {ACTORS_FORMAT}")
    entries = document.get("actors")
    if not isinstance(entries, list):
        raise CatalogError(name, "'actors' must be a list")
    return [_parse_actor(entry, name, position) for position, entry in enumerate(entries, 1)]


def _parse_actor(entry: Any, name: str, position: int) -> Actor:
    label = f"actor #{position}"
    if not isinstance(entry, dict):
        raise CatalogError(name, "must be a mapping", label)
    actor_id = entry.get("id")
    if isinstance(actor_id, str) and actor_id:
        label = f"actor '{actor_id}'"
    unknown = sorted(set(entry) - _KNOWN_FIELDS)
    if unknown:
        raise CatalogError(name, "unknown field", label, unknown[0])
    if not isinstance(actor_id, str) or not actor_id:
        raise CatalogError(name, "is required", label, "id")
    try:
        kind = ActorKind(str(entry.get("kind")))
    except ValueError:
        kinds = ", ".join(k.value for k in ActorKind)
        raise CatalogError(name, f"must be one of {kinds}", label, "kind") from None
    level = entry.get("level")
    if level is not None and level not in LEVELS:
        raise CatalogError(name, f"must be one of {', '.join(LEVELS)}", label, "level")
    names = entry.get("names")
    if not isinstance(names, dict) or not isinstance(names.get("en"), str):
        raise CatalogError(name, "needs at least an English name (names.en)", label, "names")
    aliases_field = entry.get("aliases") or {}
    if isinstance(aliases_field, dict):
        alias_groups: Iterable[Any] = aliases_field.values()
    elif isinstance(aliases_field, list):
        alias_groups = [aliases_field]
    else:
        raise CatalogError(name, "must map a language to a list", label, "aliases")
    aliases: list[str] = []
    for group in alias_groups:
        if not isinstance(group, list) or not all(isinstance(a, str) and a for a in group):
            raise CatalogError(name, "every alias must be non-empty text", label, "aliases")
        aliases.extend(group)
    roles = entry.get("roles") or []
    if not isinstance(roles, list):
        raise CatalogError(name, "must be a list", label, "roles")
    aligned_with = entry.get("aligned_with")
    if aligned_with is not None and not isinstance(aligned_with, str):
        raise CatalogError(name, "must be a country code", label, "aligned_with")
    member_of = entry.get("member_of") or []
    if not isinstance(member_of, list) or not all(isinstance(m, str) and m for m in member_of):
        raise CatalogError(name, "must be a list of actor ids", label, "member_of")
    return Actor(
        id=actor_id,
        name=names["en"],
        kind=kind,
        names={str(k): str(v) for k, v in names.items()},
        aliases=tuple(aliases),
        country=entry.get("country"),
        roles=tuple(str(r) for r in roles),
        level=level,
        description=entry.get("description"),
        aligned_with=aligned_with,
        member_of=tuple(member_of),
    )


def fold_name(text: str) -> str:
    """A comparison key for names that are not in the registry."""
    return " ".join(fold(t.text) for t in word_tokens(text))


# A trailing parenthesis after an outlet's name: its language or edition.
_EDITION = re.compile(r"\s*\([^()]*\)\s*$")


def outlet_actor(outlet: str | None, registry: ActorRegistry) -> Actor | None:
    """The registry's outlet behind a document's outlet field ("RIA Novosti", "ria.ru",
    "www.ria.ru", "https://en.news-front.info/…", "t.me/rybar", "BBC News (Russian)": an
    edition in parentheses is the same outlet), or None. Only outlet actors qualify: a
    site named after a person or a country says nothing about who published it.

    A host is read from the most specific name down (`_host_surfaces`): an outlet whose
    site is a domain of its own ("interfax.com.ua", an alias of Interfax-Ukraine) is found
    before the bare label ("interfax", Russia's Interfax), and a language or mobile
    edition ("en.news-front.info", "m.censor.net") is its outlet's."""
    if not outlet:
        return None
    name = outlet.strip()
    edition = _EDITION.sub("", name)
    surfaces = [name, edition] if edition != name else [name]
    if " " not in edition and ("." in edition or "/" in edition):
        surfaces += _host_surfaces(edition)
    for surface in dict.fromkeys(surfaces):
        actor = registry.resolve(surface) if surface else None
        if actor is not None and actor.kind is ActorKind.OUTLET:
            return actor
    return None


# Telegram links name a channel, not a site: t.me/rybar is Rybar.
_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.org"})
# Second-level labels that belong to a country's domain ("pravda.com.ua"), not to a site.
_GENERIC_LABELS = frozenset({"com", "co", "org", "net", "gov", "edu", "ac", "info"})


def _host_surfaces(address: str) -> list[str]:
    """Names to look an outlet up by from a host or URL, most specific first:
    "https://www.en.news-front.info/x" → en.news-front.info, news-front.info, news-front,
    en; "t.me/s/rybar" → rybar."""
    rest = address.lower().split("://", 1)[-1]
    host, _, path = rest.partition("/")
    host = host.split("@")[-1].split(":")[0].removeprefix("www.")
    if host in _TELEGRAM_HOSTS:
        channel = [part for part in path.split("/") if part and part != "s"][:1]
        return [channel[0].lstrip("@")] if channel else []
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return []
    # the site's own domains, longest first, down to one label above the public suffix
    domains = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    domains = [d for d in domains if d.split(".")[0] not in _GENERIC_LABELS]
    # then the bare labels, the site's own name first ("news-front" before "en")
    names = [d.split(".")[0] for d in reversed(domains)]
    return domains + names
