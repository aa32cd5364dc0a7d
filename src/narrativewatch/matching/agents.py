"""Who a short text names, and who in it can be acting — a cheap reading of roles for
verification (`verify`). Russian and Ukrainian roles are read from the names' case endings;
English ones, whose word order alone marks them, from spaCy's parse (`syntax`) where one
is given.

Registry mentions are the base. Two kinds of wording name a country's forces without naming
an actor the registry knows, and are read as that country: a demonym before a word for
forces or strikes ("Russian shelling", "Ukrainian drones", «российские войска»,
«українські безпілотники») and the words Ukrainian and Western news use for Russia's forces
("the occupiers", «оккупанты», «окупанти»). A capital acts for its government when it is
not a place in the sentence ("Kiev's shelling of the plant", «Киев готовит провокацию»);
so do a country's own forces ("Russia's forces"), but not its partners or allies ("Ukraine's
partners send weapons": the partners act).

A mention *could be acting* when no preposition comes right before it ("in Ukraine", «в
Украине», "on the territory of Ukraine" are places, targets or sources), it is not a
trailing source credit ("… - Kyiv", "… – Ukraine's General Staff"), not the object of an
infinitive ("a pretext to invade Ukraine") or of "accuse" ("… and blame Russia"), and not a
country name that only qualifies a place ("Ukraine power plant", "Ukraine's Zaporizhzhia
nuclear plant"). docs/matching.md ("who acts") gives the rules with the measurements.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from narrativewatch.actors.demonyms import DEMONYM_STEMS, PEOPLE_NOUNS
from narrativewatch.actors.registry import ActorRegistry
from narrativewatch.analysis.tokens import fold, is_cyrillic
from narrativewatch.matching.syntax import Roles, WordRole
from narrativewatch.model import Actor, ActorKind, Span

# What a country's adjective must qualify to name the country as acting: its forces, its
# weapons, its strikes, its government. Stems, lowercase.
_ACTING_NOUNS = (
    "force", "troop", "army", "armies", "military", "soldier", "servicem", "shelling",
    "shell", "strike", "airstrike", "missile", "rocket", "drone", "artillery", "attack",
    "bomb", "aviation", "aircraft", "jet", "warplane", "invader", "occupier", "occupant",
    "saboteur", "diver", "unit", "fighter", "gunner", "navy", "tank", "side", "authorities",
    "government", "officials", "special service", "command", "intelligence", "regime",
    "air defence", "air defense", "defence", "defense", "politician", "leader", "elite",
    "biologist", "scientist", "specialist", "instructor", "mercenar", "adviser", "advisor",
    "institute",
    "lab", "biolab", "nationalist", "militant", "radical", "weapon", "launcher", "crew",
    "войск", "арми", "военн", "военнослужащ", "солдат", "обстрел", "удар", "ракет",
    "беспилотник", "дрон", "артиллери", "атак", "авиаци", "самолет", "самолёт",
    "оккупант", "захватчик", "диверсант", "водолаз", "подразделени", "боевик", "снаряд",
    "сторон", "власт", "правительств", "спецслужб", "командовани", "силовик", "разведк",
    "режим", "лаборатор", "биолаборатор", "националист", "радикал", "оружи", "пво", "политик",
    "руководств", "комплекс", "установк", "расчет", "расчёт",
    "элит", "биолог", "учен", "специалист", "инструктор", "наемник", "наёмник", "советник",
    "институт",
    "військ", "армі", "військов", "військовослужбовц", "солдат", "обстріл", "удар",
    "ракет", "безпілотник", "дрон", "артилері", "атак", "авіаці", "літак", "окупант",
    "загарбник", "диверсант", "водолаз", "підрозділ", "бойовик", "снаряд", "сторон",
    "влад", "уряд", "спецслужб", "командуванн", "силовик", "розвідк", "режим", "лаборатор",
    "біолаборатор",
    "націоналіст", "радикал", "зброя", "зброї", "ппо", "політик", "керівництв", "еліт",
    "біолог", "вчен", "фахівц", "спеціаліст", "інструктор", "найманц", "радник", "інститут",
    "комплекс", "установк", "розрахун",
)  # fmt: skip
# Words that name Russia's forces by themselves in Ukrainian and Western news.
_RUSSIAN_FORCES = (
    "occupiers", "occupying forces", "occupation forces", "occupation troops", "invaders",
    "occupants", "rashists", "оккупант", "захватчик", "рашист", "окупант", "загарбник",
    "рашист", "окупаційн",
)  # fmt: skip
# Russian and Ukrainian place nouns that take a country in the genitive: «на территории
# Украины», «границу Украины», «біля кордону України».
_PLACE_NOUN_STEMS = (
    "территори|район|границ|област|регион|столиц|окраин|територі|кордон|регіон|околиц"
)
# Prepositions before a mention make it a place, a target or a source ("in Ukraine").
_PREPOSITION_BEFORE = re.compile(
    r"(?<![\w-])(?:in|at|on|near|from|to|into|onto|against|with|by|for|of|about|over|"
    r"towards?|across|inside|within|through|around|along|between|among|without|under|"
    r"behind|beyond|than|"
    r"в|во|на|у|к|ко|с|со|из|от|до|для|по|про|о|об|обо|при|за|над|под|перед|между|через|"
    r"против|возле|около|вокруг|вдоль|без|чем|"
    r"з|із|зі|від|під|між|проти|біля|навколо|вздовж|ніж)"
    # "on the territory of Ukraine", «на территории Украины», «біля кордону України»
    r"(?:\s+the)?(?:\s+(?:territor|region|city|border|capital|outskirts|soil|side|"
    rf"{_PLACE_NOUN_STEMS}|город|сторон|міст|"
    # compound prepositions: «на фоне», «в ходе», «в рамках», «на тлі», «в ході»
    r"фон|ход|рамк|результат|тл|хід)\w*(?:\s+of)?(?:\s+the)?)?"
    # "part of southern Ukraine", "in occupied Crimea": a part of the place is a place too
    r"(?:\s+(?:(?:north|south)(?:-?(?:east|west))?ern|eastern|western|central|occupied|"
    r"liberated|entire|whole))?\s+$",
    re.IGNORECASE,
)
_CONJOINED = re.compile(r"(?:\s|,|&|/|and|or|и|или|і|й|та|або)*", re.IGNORECASE)
_REPORTING = re.compile(
    r"(?<!\w)(?:says?|said|claim\w*|accus\w*|blam\w*|alleg\w*|warn\w*|told|report\w*|"
    r"insist\w*|charg\w*|expect\w*|demand\w*|want\w*|urg\w*|call\w* on|ask\w*|"
    r"record\w*|observ\w*|notic\w*|regist\w*|detect\w*|see[sn]?|saw|"
    r"фиксир\w*|зафиксир\w*|наблюда\w*|отмеча\w*|видит|видят|обнаруж\w*|"
    r"фіксу\w*|зафіксу\w*|спостеріга\w*|відзнача\w*|бачить|бачать|виявил\w*|"
    r"заяв\w*|обвин\w*|утвержда\w*|сообщ\w*|предупре\w*|ожида\w*|требу\w*|"
    r"призыва\w*|хоч\w*|хот\w*|"
    r"звинува\w*|стверджу\w*|повідом\w*|попереди\w*|попередж\w*|очіку\w*|"
    r"вимага\w*|заклика\w*)",
    re.IGNORECASE,
)
# The agent of a passive, or whoever ordered the act: "by", «со стороны», «на замовлення».
_AGENTIVE_BEFORE = re.compile(
    r"(?<![\w-])(?:by|from|со\s+стороны|силами|з\s+боку|по\s+заказу|по\s+приказу|"
    r"на\s+замовлення|за\s+наказом|на\s+вимогу|по\s+требованию)(?:\s+the)?\s+$",
    re.IGNORECASE,
)
_FRONTED = re.compile(r"\s*,\s*")  # "Near the border with Belarus, Ukraine …"
# A clause of purpose or condition, up to the name: "… as long as Russia bleeds", «…,
# лишь бы Россия истекала кровью», «…, щоб Україна …». Its subject is not who acts in the
# whole: "Western sponsors do not care how many Ukrainians die as long as Russia bleeds".
_SUBORDINATE_BEFORE = re.compile(
    r"(?<![\w-])(?:as\s+long\s+as|so\s+long\s+as|so\s+that|in\s+order\s+that|лишь\s+бы|"
    r"только\s+бы|чтобы|чтоб|аби|щоб|лише\s+б|тільки\s+б)(?![\w-])[^,;:.!?—()]*$",
    re.IGNORECASE,
)
# "Russia was accused by Kyiv of …", "Ukraine, blamed by Moscow for …": a passive
# accusation. Its subject is the one said to act; "by" names the accuser.
_PASSIVE_ACCUSATION = re.compile(
    r"(?<!\w)(?:(?:is|are|was|were|be|been|being|gets?|got)\s+(?:\w+ly\s+)?(?:accused|blamed)"
    r"|(?:accused|blamed)\s+by)(?!\w)",
    re.IGNORECASE,
)
_ACCUSED_AFTER = re.compile(
    r"(?<!\w)(?:accus\w*|blam\w*|обвин\w*|звинуват\w*|звинувач\w*)(?:\s+the)?\s+$",
    re.IGNORECASE,
)
# A Russian or Ukrainian infinitive ends in -ть, -ти or -чь; so do many nouns, nearly all
# in -сть/-сти («части ВС РФ», «власти Украины», «области»): those count only as the
# verbs that end so («вести», «нести», «спасти», «напасти», «класть», «красть» and their
# prefixed forms).
_INFINITIVE_BEFORE = re.compile(
    r"(?:(?<!\w)to\s+[a-z]+|(?<!\w)(?:[а-яёіїєґ]*(?:ве|не|спа|напа|кла|кра)(?:сти|сть)|"
    r"[а-яёіїєґ]{2,}(?<!с)(?:ть|ти)|[а-яёіїєґ]{2,}чь)(?:ся|сь)?)(?:\s+the)?\s+$",
    re.IGNORECASE,
)
# A Ukrainian infinitive ends in -ти; -ть ends the present tense's third person plural
# («торпедують Лондон і Вашингтон», «готують провокацію»), whose subject often follows it.
_INFINITIVE_BEFORE_UK = re.compile(
    r"(?:(?<!\w)to\s+[a-z]+|(?<!\w)(?:[а-яіїєґ'’]*(?:ве|не|спа|напа|кла|кра)сти|"
    r"[а-яіїєґ'’]{2,}(?<!с)ти)(?:ся|сь)?)(?:\s+the)?\s+$",
    re.IGNORECASE,
)
_UKRAINIAN_LETTERS = re.compile("[іїєґ]", re.IGNORECASE)
# Without a preposition too, a country after a place noun is a place, not an actor:
# «пересекли границу Украины».
_PLACE_NOUN_BEFORE = re.compile(rf"(?<!\w)(?:{_PLACE_NOUN_STEMS})\w*\s+$", re.IGNORECASE)
# «Украину обвиняют в …»: an accusation right after the name.
_ACCUSING_NEXT = re.compile(r"\s+(?:обвин|звинува|звинуват|звинувач)\w*", re.IGNORECASE)
# A dative that does not care is the one who does not care: «Москве всё равно, сколько …»,
# «Вашингтону байдуже, скільки …» (the subject of such a predicative is in the dative).
_INDIFFERENT_NEXT = re.compile(
    r"\s+(?:(?:всё|все)\s+равно|безразлично|наплевать|плевать|байдуже|все\s+одно|"
    r"начхати|однаково)(?!\w)",
    re.IGNORECASE,
)
# Instrumental endings of Russian and Ukrainian names (Россией, Москвою, Києвом).
_INSTRUMENTAL_ENDINGS = ("ой", "ей", "ою", "ею", "ом", "ем", "єю", "им", "ым", "ами", "ями")
# A word for forces or a government before a country in the genitive: «войска России».
_FORCES_NOUN_BEFORE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(n) for n in _ACTING_NOUNS if re.match("[а-яёіїєґ]", n))
    + r")\w*\s+$",
    re.IGNORECASE,
)
_NOT_BEFORE = re.compile(r"(?<!\w)(?:not|не|а\s+не)\s+$", re.IGNORECASE)
_LOCATIVE_BEFORE = re.compile(r"(?<![\w-])(?:in|в|во|на|у)(?:\s+the)?\s+$", re.IGNORECASE)
# "… - Kyiv", "… – Ukraine's General Staff": a headline's source credit, at most five words.
_TRAILING_CREDIT = re.compile(r"\s[-–—]\s*(?=(?:\S+\s+){0,4}\S+\s*$)")
# "Russia's forces", "Ukraine's air defence": a country's own forces act for it, as "Russian
# forces" do (the Russian «войска России» is `_FORCES_NOUN_BEFORE`).
_POSSESSED_FORCES = re.compile(
    r"['’]s\s+(?:[\w-]+\s+)?(?:"
    + "|".join(re.escape(n) for n in _ACTING_NOUNS if re.match("[a-z]", n))
    + r")\w*",
    re.IGNORECASE,
)
# "Ukraine's partners", "America's European allies": whose partners they are does not act;
# they do. At most one word between: "Russia's forces attack allies" is not one.
_RELATIONAL_AFTER = re.compile(
    r"['’]s\s+(?:[\w-]+\s+)?(?:partner|all(?:y|ies)|backer|sponsor|neighbou?r|enem(?:y|ies)|"
    r"opponent|critic|adversar(?:y|ies)|curator|handler|master|friend|supporter|patron|foe|"
    r"rival|creditor|donor|detractor|puppet|vassal)s?\b",
    re.IGNORECASE,
)
# "biolabs in Ukraine", «лаборатории в Грузии»: a lab acts for the country that hosts it, as
# "Ukrainian labs" do (troops are another matter: "US troops in Poland" are not Poland's).
_LAB = r"(?:(?:bio)?lab|laborator|(?:био|біо)?лаборатор)"
_HOSTED_BEFORE = re.compile(rf"(?<!\w){_LAB}\w*\s+(?:in|на|в|у)(?:\s+the)?\s+$", re.IGNORECASE)
# «На Украине работают секретные биолаборатории», "In Georgia, the Lugar lab …": the same,
# the host named first.
_HOSTED_AFTER = re.compile(rf",?\s+(?:[\w-]+\s+){{0,3}}?{_LAB}", re.IGNORECASE)
# What may come before a subject that opens its clause: "The Kremlin says …", «"Kyiv …».
_OPENING = re.compile(r"[\W_]*(?:the\s+)?", re.IGNORECASE)
# A country name right before one of these qualifies a place: "Ukraine power plant" — not
# across a conjunction ("celebrations in Kyiv and other Ukrainian cities": Kyiv is a place of
# its own) or "of" ("accused Kyiv of shelling the plant": Kyiv is the accused).
_PLACE_NOUN_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:(?!(?:and|or|of|и|или|і|й|та|або)\s)[\w-]+\s+){0,3}?"
    r"(?:plant|station|border|city|cities|region|town|"
    r"port|territory|capital|coast|soil|airspace|village)s?\b",
    re.IGNORECASE,
)


# Outlets report and places are where things happen: neither is an agent (a capital is).
_AGENT_KINDS = frozenset(
    {ActorKind.COUNTRY, ActorKind.STATE_BODY, ActorKind.ORGANIZATION, ActorKind.PERSON}
    | {ActorKind.PARTY}
)


@dataclass(frozen=True, slots=True)
class Mention:
    actor_id: str
    span: Span
    acting: bool  # could be the one acting (see the module docstring)
    can_act: bool = True  # not a town, a plant or an outlet
    forces: bool = False  # a country's forces or weapons ("Ukrainian troops"): they act
    # a Russian or Ukrainian name in the instrumental: the agent of a passive or of a
    # verbal noun («застосування Російською Федерацією хімічної зброї»)
    instrumental: bool = False
    # a Russian or Ukrainian name in another oblique case where it could otherwise be
    # acting: not the agent, but it names its side («явление современной Украины»)
    oblique: bool = False
    # an English name in an object's place by the parse ("the West will fight Russia"):
    # never the agent, though still named where it could be acting ("agent absent" reads
    # "Neo-Nazis control Ukraine's government" as naming the narrative's Ukraine)
    object_place: bool = False


@dataclass(frozen=True, slots=True)
class TextActors:
    """What verification needs of a text: its agent (the first actor that can act and could
    be acting — a stand-in for the grammatical subject), and every mention."""

    text: str
    agent_mention: Mention | None
    mentions: tuple[Mention, ...]

    @property
    def agent(self) -> str | None:
        return self.agent_mention.actor_id if self.agent_mention else None

    @property
    def actors(self) -> frozenset[str]:
        return frozenset(m.actor_id for m in self.mentions)

    def co_agents(self) -> frozenset[str]:
        """Actors that may share the agent's role: conjoined with it ("Poland and Ukraine
        are massing troops"), or named acting after a reporting verb that follows it
        ("Russia accuses Kyiv of shelling the plant" — Kyiv is the one said to act; not
        in a passive: in "Russia was accused by Kyiv of …" Kyiv accuses). An
        actor that is only the object of the agent's action ("Russia may stage a video to
        invade Ukraine") is not one."""
        agent = self.agent_mention
        if agent is None:
            return frozenset()
        found = {agent.actor_id}
        for mention in self.mentions:
            if not (mention.acting or mention.forces) or mention.span.start <= agent.span.start:
                continue
            between = self.text[agent.span.end : mention.span.start]
            for other in self.mentions:  # other actors listed in between: "A, B and C"
                if agent.span.end <= other.span.start and other.span.end <= mention.span.start:
                    between = between.replace(other.span.text_of(self.text), " ", 1)
            if _CONJOINED.fullmatch(between) or (
                _REPORTING.search(between) and not _PASSIVE_ACCUSATION.search(between)
            ):
                found.add(mention.actor_id)
        return frozenset(found)

    def named_as_actor(self) -> frozenset[str]:
        """Actors that can act named where they could be acting, as forces ("reports of
        Ukrainian forces gathering"), after "by" / "from" (the agent of a passive: "shelled
        by Ukrainian forces", "strikes from Ukraine"), or as the place where something is
        done, which often names who does it («в Киеве прославляют», "celebrations were
        held in Ukraine") — and as often only where it happens ("public health in
        Ukraine"): verification takes the first reading (docs/matching.md). So does a
        Russian or Ukrainian name inflected where its nominative would act: a possessor
        («явление современной Украины»), an object or an addressee. Not a name that only
        qualifies a place («в Киевской области», "the Kyiv region")."""
        text = self.text
        return frozenset(
            m.actor_id
            for m in self.mentions
            if m.acting
            or m.forces
            or m.oblique
            or (m.can_act and (m.instrumental or _agentive(text, m) or _locative(text, m)))
        )


def read_actors(
    text: str, registry: ActorRegistry, proposition_start: int = 0, roles: Roles | None = None
) -> TextActors:
    """The mentions of ``text`` and its agent, looked for from ``proposition_start`` on (the
    reported proposition of "X claims that P" is P). ``roles``, an English text's parse
    (`syntax`), keeps a name in an object's place from being the agent ("the West will
    fight Russia") and lets a subject stand before a place noun ("Russia strikes power
    plants")."""
    hits: list[tuple[Span, str, str | None]] = [
        (hit.span, hit.actor_id, hit.alias) for hit in registry.find_mentions(text)
    ]
    taken = [span for span, _, _ in hits]
    for span, actor_id in _cue_mentions(text):
        if actor_id in registry.actors and not any(span.overlaps(t) for t in taken):
            hits.append((span, actor_id, None))
    taken = [span for span, _, _ in hits]
    people = [
        (span, actor_id)
        for span, actor_id in _people_mentions(text)
        if not any(span.overlaps(t) for t in taken)
    ]
    hits += [(span, actor_id, None) for span, actor_id in people]
    people_spans = {span for span, _ in people}
    hits.sort(key=lambda h: h[0].start)
    ukrainian = _UKRAINIAN_LETTERS.search(text) is not None
    infinitive_before = _INFINITIVE_BEFORE_UK if ukrainian else _INFINITIVE_BEFORE
    credit = _TRAILING_CREDIT.search(text)
    credit_start = credit.start() if credit else len(text)
    mentions: list[Mention] = []
    for span, actor_id, alias in hits:
        actor = registry.actors[actor_id]
        can_act = actor.kind in _AGENT_KINDS or is_capital(actor)
        previous = mentions[-1] if mentions else None
        word = roles.of(span) if roles is not None else None
        accused = _ACCUSED_AFTER.search(text, max(0, span.start - 30), span.start)
        place_like = actor.kind is ActorKind.COUNTRY or is_capital(actor)
        forces = (
            _is_cue(text, span)
            or bool(place_like and _POSSESSED_FORCES.match(text, span.end))
            or (place_like and _hosts_lab(text, span))
        )
        case = _case_of(text, span, alias)
        if (
            can_act
            and case == "oblique"
            and _FORCES_NOUN_BEFORE.search(text, max(0, span.start - 30), span.start)
        ):
            # «войска России», «влада України»: the country's forces act, if the words
            # for them could (what comes before them is read as for any mention). A
            # place cannot: «в обстреле Запорожской АЭС» names the target.
            case, forces = "nominative", True
        governed = bool(_PREPOSITION_BEFORE.search(text, max(0, span.start - 40), span.start))
        could_act = (
            can_act
            and span.start < credit_start
            and not governed
            and not _PLACE_NOUN_BEFORE.search(text, max(0, span.start - 20), span.start)
            # "… and accuse Russia of it": whom one accuses is the object, unless the
            # accusation opens the reported proposition ("Russia accused Kyiv of …").
            and not (span.start != proposition_start and accused)
            # "a pretext to invade Ukraine", «втянуть НАТО в войну»: an infinitive's object
            and not infinitive_before.search(text, max(0, span.start - 30), span.start)
            and not _RELATIONAL_AFTER.match(text, span.end)
            and not (
                place_like
                and _PLACE_NOUN_AFTER.match(text, span.end)
                and not forces
                and not (word is not None and word.heads_subject)
            )
            and not (previous and _shares_place(text, previous, span, registry, word))
        )
        # A people ("the Americans", «американцы») is read as Russian and Ukrainian read
        # a name out of the nominative: named where it could act, never the agent; so is
        # the subject of a clause of purpose or condition.
        by_people = span in people_spans
        subordinate = bool(
            _SUBORDINATE_BEFORE.search(text, max(proposition_start, span.start - 200), span.start)
        )
        acting = could_act and case == "nominative" and not by_people and not subordinate
        mentions.append(
            Mention(
                actor_id,
                span,
                acting,
                can_act,
                forces,
                # «сбит Россией» is the agent of a passive; «воюет с Россией», «між
                # Росією», «перед Украиной» are a preposition's object, whatever the case.
                instrumental=case == "instrumental" and not governed,
                oblique=could_act and (case == "oblique" or by_people or subordinate),
                # Whom one accuses is an object the accusation says acted (the rule above).
                object_place=word is not None and word.role == "object" and not accused,
            )
        )
    in_proposition = [m for m in mentions if m.span.start >= proposition_start] or mentions
    # With no actor in a subject's place, the agent of a passive: "staged by Ukraine" —
    # not a people ("populated by Russians", "blown up by the Americans"), named there as
    # where it could act, as in a subject's place.
    agent = next((m for m in in_proposition if m.acting and not m.object_place), None) or next(
        (
            m
            for m in in_proposition
            if m.can_act and m.span not in people_spans and (m.instrumental or _agentive(text, m))
        ),
        None,
    )
    return TextActors(text, agent, tuple(mentions))


def passive_accusation(text: str, verb_start: int, verb_end: int) -> bool:
    """Whether the accusing verb at ``text[verb_start:verb_end]`` is passive ("was
    accused", "been blamed", "accused by"): its subject is then the accused, and what
    follows it is no proposition of its own."""
    window = _PASSIVE_ACCUSATION.finditer(text, max(0, verb_start - 30), verb_end + 4)
    return any(m.start() <= verb_start and verb_end <= m.end() for m in window)


def order_may_decide(found: TextActors, proposition_start: int) -> bool:
    """Whether a text's parse could change how ``found`` read it: its agent has words
    before it in the proposition (it may be an object: "the West will fight Russia"), a
    name that can act follows it after "by" or in the instrumental (the agent may be a
    passive's subject: "Ukraine is being armed by NATO"), or a name that can act stands
    before a place noun (it may be the subject: "Russia strikes power plants") or after
    another in a list (below). Otherwise an agent opening its proposition is its subject."""
    text, agent = found.text, found.agent_mention
    if agent is not None and not _OPENING.fullmatch(text, proposition_start, agent.span.start):
        return True
    if agent is not None and any(
        m.span.start > agent.span.end and m.can_act and (m.instrumental or _agentive(text, m))
        for m in found.mentions
    ):
        return True
    # No agent, though a name that could act follows another after a bare comma: it may
    # be the subject after a fronted phrase ("Near the border with Belarus, Ukraine …").
    if agent is None and any(
        m.can_act and not m.acting and _FRONTED.fullmatch(text, previous.span.end, m.span.start)
        for previous, m in itertools.pairwise(found.mentions)
    ):
        return True
    return any(
        m.can_act and not m.acting and _PLACE_NOUN_AFTER.match(text, m.span.end)
        for m in found.mentions
    )


def _case_of(text: str, span: Span, alias: str | None) -> str:
    """How a Russian or Ukrainian name is inflected where it is named: "nominative",
    "oblique" or "instrumental". The registry's aliases are nominative, so a name that
    matched only through its inflection («России», «Україну», «Евросоюза») is in another
    case: an object, a possessor or an addressee, not the one acting — unless it is in the
    instrumental («Россией», «Російською Федерацією»), the agent of a passive, the one
    accused («обвинил Москву в …», «Украину обвиняют»), whom the accusation says acted, or
    the dative of «всё равно» («Москве всё равно»), who does not care.
    Latin script and indeclinable names (США, НАТО) count as nominative; so does a name
    whose accusative is its nominative («Киев»), which this cannot tell apart."""
    surface = " ".join(fold(text[span.start : span.end]).split())
    if alias is None or not is_cyrillic(surface) or surface == " ".join(fold(alias).split()):
        return "nominative"
    if surface.split()[-1].endswith(_INSTRUMENTAL_ENDINGS):
        return "instrumental"
    accused = _ACCUSED_AFTER.search(text, max(0, span.start - 30), span.start)
    if accused or _ACCUSING_NEXT.match(text, span.end) or _INDIFFERENT_NEXT.match(text, span.end):
        return "nominative"
    return "oblique"


def _shares_place(
    text: str, previous: Mention, span: Span, registry: ActorRegistry, word: WordRole | None
) -> bool:
    """Whether a mention right after ``previous`` takes its non-acting place: "between
    Ukraine and Russia" (both after the preposition), "in Zaporizhzhia, Ukraine" (the
    country of a place) — unless the parse (``word``) makes it a subject after a bare comma:
    "Near the border with Belarus, Ukraine is massing troops". (After ", and" a subject is
    often a copula's: "…, and Ukraine is just the battlefield".)"""
    if (
        word is not None
        and word.heads_subject
        and _FRONTED.fullmatch(text, previous.span.end, span.start)
    ):
        return False
    between = text[previous.span.end : span.start]
    if not previous.acting and _CONJOINED.fullmatch(between) and between.strip():
        return True
    kind = registry.actors[previous.actor_id].kind
    return kind is ActorKind.PLACE and between.strip() == ","


def _hosts_lab(text: str, span: Span) -> bool:
    """Whether a country or capital is named as the host of a lab ("biolabs in Ukraine",
    «на Украине работают биолаборатории»)."""
    if _HOSTED_BEFORE.search(text, max(0, span.start - 40), span.start):
        return True
    located = _LOCATIVE_BEFORE.search(text, max(0, span.start - 12), span.start)
    return located is not None and _HOSTED_AFTER.match(text, span.end) is not None


def _locative(text: str, mention: Mention) -> bool:
    before = _LOCATIVE_BEFORE.search(text, max(0, mention.span.start - 12), mention.span.start)
    return bool(before) and not _PLACE_NOUN_AFTER.match(text, mention.span.end)


def _agentive(text: str, mention: Mention) -> bool:
    before = _AGENTIVE_BEFORE.search(text, max(0, mention.span.start - 20), mention.span.start)
    if before is None:
        return False
    # "destroyed by Ukrainian air defence, not by Russian strikes": a denied agent.
    return not _NOT_BEFORE.search(text, max(0, before.start() - 6), before.start())


def side(actor_id: str, registry: ActorRegistry) -> str:
    """Whose side an actor acts for, as a code: its country ("the Ukrainian army" and
    "Kyiv" are UA), else itself (NATO, the EU)."""
    actor = registry.actors.get(actor_id)
    return (actor.country if actor and actor.country else actor_id).upper()


def is_capital(actor: Actor) -> bool:
    """A capital stands for its government ("Moscow warns", "Kyiv denies"): the registry
    gives it the role "capital of …"."""
    return any(role.lower().startswith("capital") for role in actor.roles)


def _cue_mentions(text: str) -> list[tuple[Span, str]]:
    return [
        (Span(m.start(), m.end()), _actor_of_group(m.lastgroup or ""))
        for m in _cue_pattern().finditer(text)
    ]


def _people_mentions(text: str) -> list[tuple[Span, str]]:
    return [
        (Span(m.start(), m.end()), m.lastgroup.replace("_", "-"))
        for m in _people_pattern().finditer(text)
        if m.lastgroup
    ]


@cache
def _people_pattern() -> re.Pattern[str]:
    return re.compile(
        "|".join(
            rf"(?P<{actor.replace('-', '_')}>(?<![\w-])(?:{'|'.join(nouns)})(?![\w-]))"
            for actor, nouns in PEOPLE_NOUNS.items()
        )
    )


def _is_cue(text: str, span: Span) -> bool:
    return _cue_pattern().match(text, span.start) is not None


def _actor_of_group(group: str) -> str:
    # "c_united_states" → "united-states"; the occupiers' group ("forces") is Russia's.
    return "russia" if group == "forces" else group.removeprefix("c_").replace("_", "-")


@cache
def _cue_pattern() -> re.Pattern[str]:
    nouns = "|".join(re.escape(n) for n in _ACTING_NOUNS)
    groups = [
        rf"(?P<c_{actor.replace('-', '_')}>(?<![\w.])(?:"
        + "|".join(re.escape(s) for s in stems)
        + rf")[\w]*(?:\s+[\w-]+){{0,2}}?\s+(?:{nouns})\w*)"
        for actor, stems in DEMONYM_STEMS.items()
    ]
    occupiers = "|".join(re.escape(w) for w in _RUSSIAN_FORCES)
    groups.append(rf"(?P<forces>(?<!\w)(?:{occupiers})\w*)")
    return re.compile("|".join(groups), re.IGNORECASE)
