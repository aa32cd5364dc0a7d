"""The trained English attribution tagger: its features and BIO handling, how its
relations join the rule quotes, training on a small corpus written here, and the shipped
models."""

from __future__ import annotations

import dataclasses
import itertools
import random
from pathlib import Path

import pytest

from narrativewatch.analysis.attribution_tagger import (
    AttributionTagger,
    TaggedRelation,
    bio_chunks,
    bio_labels,
    entities_by_sentence,
    load_attribution_tagger,
    model_card,
    model_paths,
    role_features,
    sentence_tokens,
)
from narrativewatch.analysis.extraction import extract
from narrativewatch.analysis.quotes import extract_quotes
from narrativewatch.analysis.sentences import split_sentences
from narrativewatch.cli import main
from narrativewatch.evaluation.attribution import load_brat
from narrativewatch.ingest.normalize import content_hash
from narrativewatch.model import Document, Entity, EntityType, QuoteKind, Sentence, Span
from narrativewatch.pipeline import Pipeline, analyze
from narrativewatch.training.attribution import (
    TaggerOptions,
    documents_sha256,
    train_attribution_tagger,
)


def _find(text: str, part: str, start: int = 0) -> Span:
    at = text.index(part, start)
    return Span(at, at + len(part))


# ------------------------------------------------------------------------------ BIO tags


def test_bio_labels_and_chunks_round_trip() -> None:
    spans = [Span(i * 2, i * 2 + 1) for i in range(6)]
    labels = bio_labels(spans, [[Span(2, 5)], [Span(8, 11)]], "CUE")
    assert labels == ["O", "B-CUE", "I-CUE", "O", "B-CUE", "I-CUE"]
    assert list(bio_chunks(labels)) == [("CUE", 1, 3), ("CUE", 4, 6)]


def test_a_stray_inside_tag_starts_a_chunk_and_a_new_tag_ends_one() -> None:
    assert list(bio_chunks(["I-SRC", "I-SRC", "I-CON", "O", "I-CON"])) == [
        ("SRC", 0, 2),
        ("CON", 2, 3),
        ("CON", 4, 5),
    ]


def test_features_know_quoted_tokens_and_the_side_of_the_cue() -> None:
    text = 'She said "we will stay" and left.'
    tokens = sentence_tokens(text, Sentence(Span(0, len(text)), 0, 0), [])
    assert tokens.words[:4] == ("She", "said", '"', "we")
    assert [w for w, q in zip(tokens.words, tokens.quoted, strict=True) if q] == [
        "we",
        "will",
        "stay",
    ]
    features = role_features(tokens, 1, 2)  # the cue is "said"
    assert "side=L" in features[0] and "side=in" in features[1] and "side=R" in features[3]
    assert "mark_between" in features[3]  # a quotation mark stands between "we" and "said"
    assert "mark_between" not in features[0]
    # Features are names of weight 1 (crfsuite sums a repeated name): none may repeat.
    for names in (*tokens.features, *features):
        assert len(set(names)) == len(names)


# ------------------------------------------------------------------ joining the rule quotes


def test_tagged_relations_join_the_rule_quotes_without_duplicates(pipeline: Pipeline) -> None:
    text = (
        "Officials announced on Monday that the library will open on Sundays. "
        "Most residents are planning to vote for the new levy."
    )
    sentences = split_sentences(text, "en", pipeline.nlp)
    rules = extract_quotes(text, sentences, [], "en")
    assert [text[q.cue.start : q.cue.end] for q in rules] == ["announced"]
    duplicate = TaggedRelation(
        cue=_find(text, "announced"),
        content=_find(text, "the library will open on Sundays"),
        source=_find(text, "Officials"),
    )
    new = TaggedRelation(
        cue=_find(text, "are planning to"),
        content=_find(text, "vote for the new levy"),
        source=_find(text, "Most residents"),
    )
    too_short = TaggedRelation(cue=_find(text, "open"), content=_find(text, "Sundays"), source=None)
    quotes = extract_quotes(text, sentences, [], "en", [duplicate, new, too_short])
    assert len(quotes) == 2
    added = quotes[1]
    assert added.content.text_of(text) == "vote for the new levy"
    assert added.cue.text_of(text) == "are planning to"
    assert added.speaker is not None and added.speaker.text_of(text) == "Most residents"
    assert added.kind is QuoteKind.INDIRECT


def test_tagged_armed_acts_and_bare_openings_are_not_quotes(pipeline: Pipeline) -> None:
    """The tagger learnt "attacked", "hit", "fired back" from political news, where they
    report positions; a cue of force whose content names a place or a military object is
    an act of war, not words. A capitalised word opening its sentence with no source ("View
    video news") is an instruction or a participle. A political attack stays a report."""
    text = (
        "Russian troops have attacked the port city of Mariupol using bombers. "
        "The army repulsed the assaults near Avdiivka. "
        "View video news. "
        "The general fired back at the army's critics on television. "
        "The senator attacked her rival for his record on taxes."
    )
    sentences = split_sentences(text, "en", pipeline.nlp)

    def relation(cue: str, content: str, source: str | None) -> TaggedRelation:
        return TaggedRelation(
            cue=_find(text, cue),
            content=_find(text, content),
            source=_find(text, source) if source else None,
        )

    relations = [
        relation("have attacked", "the port city of Mariupol using bombers", "Russian troops"),
        relation("repulsed", "the assaults near Avdiivka", "The army"),
        relation("View", "video news", None),
        # A retort is words, whatever its object.
        relation("fired back at", "the army's critics on television", "The general"),
        relation("attacked her", "her rival for his record on taxes", "The senator"),
    ]
    quotes = extract_quotes(text, sentences, [], "en", relations)
    assert [q.cue.text_of(text) for q in quotes] == ["fired back at", "attacked her"]
    # The same act is read as a place when the recogniser names it one.
    plain = "Russian forces have attacked Kharkiv again overnight."
    kharkiv = next(
        e
        for e in extract(plain, "en", pipeline.nlp, pipeline.registry).entities
        if e.span.text_of(plain) == "Kharkiv"
    )
    act = TaggedRelation(
        cue=_find(plain, "have attacked"),
        content=_find(plain, "Kharkiv again overnight"),
        source=_find(plain, "Russian forces"),
    )
    assert extract_quotes(plain, split_sentences(plain, "en", pipeline.nlp), [], "en", [act])
    assert not extract_quotes(
        plain, split_sentences(plain, "en", pipeline.nlp), [kharkiv], "en", [act]
    )


def test_a_tagged_relation_on_the_same_cue_refines_the_rule_quote_only_when_asked(
    pipeline: Pipeline,
) -> None:
    text = "Asked on Monday, the minister said the talks will start with grain, but not end there."
    sentences = split_sentences(text, "en", pipeline.nlp)
    (rule,) = extract_quotes(text, sentences, [], "en")
    assert rule.content.text_of(text) == "the talks will start with grain"
    longer = TaggedRelation(
        cue=_find(text, "said"),
        content=_find(text, "the talks will start with grain, but not end there."),
        # A source unlike the rules' "the minister", to show whose is kept.
        source=_find(text, "Asked on Monday, the minister"),
    )
    shorter = dataclasses.replace(longer, content=_find(text, "the talks will start"))
    unnamed = dataclasses.replace(longer, source=None)

    (refined,) = extract_quotes(text, sentences, [], "en", [longer], refine_by_tagger=True)
    assert refined.content.text_of(text) == "the talks will start with grain, but not end there"
    assert refined.cue == rule.cue
    assert refined.speaker is not None
    assert refined.speaker.text_of(text) == "Asked on Monday, the minister"
    assert refined.span.start == 0 and refined.span.end >= refined.content.end
    # Not asked (the CRF tagger): the rule quote stays as it was.
    assert extract_quotes(text, sentences, [], "en", [longer]) == (rule,)
    # A shorter content never narrows the rule's; a tagged relation without a source
    # leaves the rule's speaker.
    (kept,) = extract_quotes(text, sentences, [], "en", [shorter], refine_by_tagger=True)
    assert kept.content == rule.content
    (same_speaker,) = extract_quotes(text, sentences, [], "en", [unnamed], refine_by_tagger=True)
    assert same_speaker.speaker == rule.speaker
    assert same_speaker.content == refined.content


def test_the_tagger_that_refines_drops_the_indirect_rule_quotes_it_does_not_read(
    pipeline: Pipeline,
) -> None:
    text = (
        "The mayor said the bridge will reopen in May. "
        "“We will not raise tolls,” the treasurer said."
    )
    sentences = split_sentences(text, "en", pipeline.nlp)
    rules = extract_quotes(text, sentences, [], "en")
    assert sorted(q.kind for q in rules) == [QuoteKind.DIRECT, QuoteKind.INDIRECT]
    direct_only = TaggedRelation(
        cue=_find(text, "said", text.index("treasurer")),
        content=_find(text, "We will not raise tolls"),
        source=_find(text, "the treasurer"),
    )
    vetted = extract_quotes(text, sentences, [], "en", [direct_only], refine_by_tagger=True)
    # The indirect quote's cue is not tagged: dropped; the direct one stays.
    assert [q.kind for q in vetted] == [QuoteKind.DIRECT]
    assert extract_quotes(text, sentences, [], "en", [direct_only]) == rules
    untagged = extract_quotes(text, sentences, [], "en", [], refine_by_tagger=True)
    assert [q.kind for q in untagged] == [QuoteKind.DIRECT]
    read = TaggedRelation(
        cue=_find(text, "said"),
        content=_find(text, "the bridge will reopen in May"),
        source=_find(text, "The mayor"),
    )
    assert len(extract_quotes(text, sentences, [], "en", [read], refine_by_tagger=True)) == 2


def test_only_the_e5_tagger_refines_rule_quotes() -> None:
    assert load_attribution_tagger("en").refines_rule_quotes is False
    from narrativewatch.analysis.attribution_e5 import load_e5_attribution_tagger

    assert load_e5_attribution_tagger().refines_rule_quotes is True


# ------------------------------------------------------------------------------- training

_NAMES = [
    "Anna Berg", "Tom Ellis", "Rosa Kent", "Omar Haddad", "Lena Fischer", "Paul Grant",
    "Ines Vidal", "Mark Olsen", "Sara Quinn", "Ivan Petrov", "Nora Hale", "Leo Marsh",
]  # fmt: skip
_CLAUSES = [
    "the ferry will stop running in winter",
    "the new bridge cost too much",
    "prices at the market rose again",
    "the school needs more teachers",
    "the river flooded the lower town",
    "the mayor broke his promise",
]


def _write_corpus(folder: Path) -> None:
    """Twelve short documents: "NAME stressed that CLAUSE." (an attribution), then a
    sentence without one."""
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for i, name in enumerate(_NAMES):
        clause = _CLAUSES[i % len(_CLAUSES)]
        text = f"{name} stressed that {clause}. The weather was mild on the day."
        cue = text.index("stressed")
        content = text.index("that")
        end = text.index(".")
        (folder / "text" / f"doc{i:02d}.txt").write_text(text, encoding="utf-8")
        (folder / "attributions" / f"doc{i:02d}.ann").write_text(
            f"T1\tSource 0 {len(name)}\t{name}\n"
            f"T2\tCue {cue} {cue + 8}\tstressed\n"
            f"T3\tContent {content} {end}\t{text[content:end]}\n"
            "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n",
            encoding="utf-8",
        )


@pytest.mark.slow
def test_training_learns_a_pattern_and_is_reproducible(tmp_path: Path, pipeline: Pipeline) -> None:
    _write_corpus(tmp_path / "corpus")
    documents = load_brat(tmp_path / "corpus")
    options = TaggerOptions(c1=0.0, c2=0.01, max_iterations=50)
    cards = []
    for run in ("first", "second"):
        cards.append(
            train_attribution_tagger(
                documents, tmp_path / run, options, pipeline.nlp, pipeline.registry
            )
        )
    assert cards[0]["data"]["sha256"] == documents_sha256(documents)
    assert cards[0]["data"]["documents"] == 12 and cards[0]["data"]["relations"] == 12
    first = model_paths(tmp_path / "first", "attribution-en-v1")
    again = model_paths(tmp_path / "second", "attribution-en-v1")
    assert first[0].read_bytes() == again[0].read_bytes()  # same data, same model
    assert first[1].read_bytes() == again[1].read_bytes()
    assert model_card(tmp_path / "first")["options"]["max_iterations"] == 50

    tagger = AttributionTagger(*first)
    text = "Julia Moreno stressed that the harbour was unsafe. Nothing else happened."
    sentences = split_sentences(text, "en", pipeline.nlp)
    found = tagger.relations(text, sentences, [])
    assert len(found) == 1
    assert found[0].cue.text_of(text) == "stressed"
    assert found[0].source is not None and found[0].source.text_of(text) == "Julia Moreno"
    assert "the harbour was unsafe" in found[0].content.text_of(text)


def test_training_refuses_skip_every_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_corpus(tmp_path / "corpus")
    code = main(["train", "attribution", "--train", str(tmp_path / "corpus"), "--skip-every", "1"])
    assert code == 2
    assert "--skip-every" in capsys.readouterr().err


# ------------------------------------------------------------------------ shipped models


def test_the_shipped_tagger_is_english_only_and_records_its_data() -> None:
    assert load_attribution_tagger("ru") is None and load_attribution_tagger("uk") is None
    assert load_attribution_tagger("en") is not None
    card = model_card()
    assert len(card["data"]["sha256"]) == 64
    assert card["data"]["documents"] == 840  # PolNeAR train, every document


@pytest.mark.slow
def test_the_shipped_tagger_adds_attributions_the_rules_miss(pipeline: Pipeline) -> None:
    text = (
        "Hillary Clinton has increasingly decried the influence of money in politics. "
        "Republican leaders are expected to oppose the plan in the Senate."
    )
    with_tagger = extract(text, "en", pipeline.nlp, pipeline.registry)
    rules_only = extract(text, "en", pipeline.nlp, pipeline.registry, attribution_tagger=None)
    added = {q.content.text_of(text) for q in with_tagger.quotes} - {
        q.content.text_of(text) for q in rules_only.quotes
    }
    assert added, "the tagger found nothing the rules did not"
    # Every quote keeps the rules' quotes unchanged.
    assert set(rules_only.quotes) <= set(with_tagger.quotes)


def test_a_refused_admission_stays_in_the_writers_voice(pipeline: Pipeline) -> None:
    text = "Union leaders still refuse to admit that the strike has failed."
    sentences = split_sentences(text, "en", pipeline.nlp)
    refused = TaggedRelation(
        cue=_find(text, "still refuse to admit"),
        content=_find(text, "that the strike has failed"),
        source=_find(text, "Union leaders"),
    )
    assert extract_quotes(text, sentences, [], "en", [refused]) == ()
    admitted = text.replace("still refuse to admit", "finally admitted")
    plain = TaggedRelation(
        cue=_find(admitted, "finally admitted"),
        content=_find(admitted, "that the strike has failed"),
        source=_find(admitted, "Union leaders"),
    )
    sentences = split_sentences(admitted, "en", pipeline.nlp)
    assert len(extract_quotes(admitted, sentences, [], "en", [plain])) == 1


@pytest.mark.slow
def test_the_setting_turns_the_tagger_off_in_the_pipeline(pipeline: Pipeline) -> None:
    text = (
        "Hillary Clinton has increasingly decried the influence of money in politics. "
        "Republican leaders are expected to oppose the plan in the Senate."
    )
    document = Document(text=text, content_hash=content_hash(text), source="test", language="en")
    with_tagger = analyze(document, pipeline)
    without = analyze(document, dataclasses.replace(pipeline, attribution_tagger=False))
    assert len(without.quotes) < len(with_tagger.quotes)
    assert set(without.quotes) <= set(with_tagger.quotes)


def test_a_tagged_source_without_words_names_no_speaker(pipeline: Pipeline) -> None:
    text = "— The plan will fail, wrote the editor. Voters are expected to reject the plan."
    sentences = split_sentences(text, "en", pipeline.nlp)
    dash = TaggedRelation(
        cue=_find(text, "are expected to"),
        content=_find(text, "reject the plan"),
        source=Span(0, 1),
    )
    quotes = extract_quotes(text, sentences, [], "en", [dash])
    added = [q for q in quotes if q.cue.text_of(text) == "are expected to"]
    assert len(added) == 1 and added[0].speaker is None


def test_a_lent_content_stops_at_a_semicolon_the_rule_content_did_not_cross(
    pipeline: Pipeline,
) -> None:
    text = 'Moscow says Kyiv plans "dirty bomb"; Ukraine and allies reject the claim.'
    sentences = split_sentences(text, "en", pipeline.nlp)
    cue = Span(text.index("says"), text.index("says") + 4)

    def quotes_with(content: str) -> list[str]:
        start = text.index(content)
        tagged = [TaggedRelation(cue, Span(start, start + len(content)), Span(0, 6))]
        found = extract_quotes(text, sentences, [], "en", tagged, refine_by_tagger=True)
        return [q.content.text_of(text) for q in found if q.cue == cue]

    plain = quotes_with('Kyiv plans "dirty bomb"')
    assert plain and plain[0].startswith("Kyiv plans")
    # The tagger's content runs on into the rejection: the quote keeps Moscow's claim.
    assert quotes_with(text[text.index("Kyiv") :].rstrip(".")) == plain


def test_vetting_keeps_what_registry_actors_say(pipeline: Pipeline) -> None:
    from narrativewatch.analysis.entities import extract_entities

    text = (
        "Russian Defence Minister Sergei Shoigu told his counterparts that Ukraine could be "
        "preparing a provocation. The blogger Ivan Petrenko said that the convoy was a decoy."
    )
    sentences = split_sentences(text, "en", pipeline.nlp)
    entities = extract_entities(text, sentences, "en", pipeline.registry, pipeline.nlp).entities

    def vetted(tagged: list[TaggedRelation], refine: bool = True) -> dict[str, str | None]:
        found = extract_quotes(text, sentences, entities, "en", tagged, refine_by_tagger=refine)
        return {q.cue.text_of(text): q.speaker_actor_id for q in found}

    by_rules = vetted([], refine=False)
    assert by_rules.get("told") == "sergei-shoigu"
    assert (by_rules.get("said") or "").startswith("adhoc:")  # a name the registry lacks
    # A tagger that tags neither cue drops the blogger's report, not the minister's.
    assert vetted([]) == {"told": "sergei-shoigu"}
    # Its source does not replace a speaker the registry knows with one it does not.
    told = Span(text.index("told"), text.index("told") + 4)
    content = Span(text.index("Ukraine"), text.index("provocation") + len("provocation"))
    # "Defence" alone: a name the recogniser finds and the registry does not know.
    defence = Span(text.index("Defence"), text.index("Defence") + len("Defence"))
    lent = vetted([TaggedRelation(told, content, defence)])
    assert lent.get("told") == "sergei-shoigu"


def test_vetting_keeps_an_institution_the_text_resolves_to_the_registry(
    pipeline: Pipeline,
) -> None:
    """A bare "the Foreign Ministry" the text resolves to the Russian one it named before
    (`entities._link_institutions`, by the adjective) is a registry actor too: its
    indirect report survives a tagger that does not tag it."""
    from narrativewatch.analysis.entities import extract_entities

    text = (
        "The Russian Foreign Ministry held a briefing on Thursday. "
        "Later the Foreign Ministry said that the sanctions would hurt Europe first."
    )
    sentences = split_sentences(text, "en", pipeline.nlp)
    entities = extract_entities(text, sentences, "en", pipeline.registry, pipeline.nlp).entities
    second = text.index("the Foreign Ministry") + len("the ")
    (ministry,) = [e for e in entities if e.span.start == second]
    assert ministry.method == "coreference"
    assert ministry.actor_id == "russia-ministry-of-foreign-affairs"
    (rule,) = extract_quotes(text, sentences, entities, "en")
    assert rule.speaker_actor_id == ministry.actor_id
    (vetted,) = extract_quotes(text, sentences, entities, "en", [], refine_by_tagger=True)
    assert vetted.cue == rule.cue


def test_one_content_tagged_from_two_cues_is_one_quote(pipeline: Pipeline) -> None:
    # Cues the rules do not know: both relations come from the tagger.
    text = "Analysts pondered and mulled whether the sanctions would ever be lifted at all."
    sentences = split_sentences(text, "en", pipeline.nlp)
    content = Span(text.index("whether"), len(text) - 1)
    tagged = [
        TaggedRelation(Span(text.index(c), text.index(c) + len(c)), content, Span(0, 8))
        for c in ("pondered", "mulled")
    ]
    assert not extract_quotes(text, sentences, [], "en")
    found = extract_quotes(text, sentences, [], "en", tagged)
    assert [q.content for q in found] == [content]


def test_each_sentence_gets_the_entities_that_overlap_it_in_their_own_order() -> None:
    # Against the plain scan of every entity for every sentence, on random layouts with
    # long, short, nested and out-of-order entities.
    rng = random.Random(3)
    for _ in range(200):
        bounds = sorted(rng.sample(range(1, 400), 12))
        sentences = [
            Sentence(Span(a, b), i, 0) for i, (a, b) in enumerate(itertools.pairwise([0, *bounds]))
        ]
        entities = []
        for _ in range(rng.randint(0, 25)):
            start = rng.randrange(0, 400)
            end = start + rng.choice([0, 1, 3, 8, 40, 150])
            entities.append(Entity(Span(start, end), "x", EntityType.PERSON, f"a{start}"))
        expected = [[e for e in entities if e.span.overlaps(s.span)] for s in sentences]
        assert entities_by_sentence(sentences, entities) == expected


def test_entity_types_of_tokens_match_a_scan_of_every_pair() -> None:
    # The bisection must give what testing every token against every entity gave,
    # later entities winning, zero-width and edge-touching spans included.
    from narrativewatch.analysis.attribution_tagger import _entity_types

    rng = random.Random(7)
    spans = []
    position = 0
    for _ in range(60):
        position += rng.randint(0, 2)
        length = rng.randint(1, 6)
        spans.append(Span(position, position + length))
        position += length
    kinds = list(EntityType)
    for _ in range(50):
        entities = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randint(0, position)
            end = min(position + 3, start + rng.randint(0, 12))
            entities.append(
                Entity(Span(start, end), "x", rng.choice(kinds), "adhoc:x", method="ner")
            )
        expected = [""] * len(spans)
        for entity in entities:
            for i, span in enumerate(spans):
                if span.overlaps(entity.span):
                    expected[i] = entity.type.value
        assert _entity_types(spans, entities) == expected


def test_an_overlong_cue_chunk_is_no_relation(monkeypatch: pytest.MonkeyPatch) -> None:
    # A chunk longer than any cue (a line the model cannot read) is skipped before its
    # role pass, whose features would name the whole chunk at every token.
    from narrativewatch.analysis import attribution_tagger as module

    tagger = load_attribution_tagger("en")
    assert tagger is not None
    text = "word " * 60
    sentence = Sentence(Span(0, len(text) - 1), 0, 0)
    count = len(sentence_tokens(text, sentence, []).spans)

    class Everything:
        def __init__(self, labels: list[str]) -> None:
            self.labels = labels

        def tag(self, features: object) -> list[str]:
            return self.labels

    roles: list[int] = []

    class Roles:
        def tag(self, features: list[object]) -> list[str]:
            roles.append(len(features))
            return ["B-CON"] + ["I-CON"] * (len(features) - 1)

    for cue_length, expected in ((module.LONGEST_CUE + 1, 0), (3, 1)):
        labels = ["B-CUE"] + ["I-CUE"] * (cue_length - 1) + ["O"] * (count - cue_length)
        monkeypatch.setattr(tagger, "_taggers", lambda labels=labels: (Everything(labels), Roles()))
        assert len(tagger.relations(text, [sentence], [])) == expected
    assert roles == [count]
