"""Quote forms in en/ru/uk on short texts, with the registry's entities."""

from __future__ import annotations

import pytest

from narrativewatch.model import Document
from narrativewatch.pipeline import Pipeline, analyze

CASES = [
    # (language, text, speaker (English name), kind, content substring)
    (
        "en",
        '"We see no threat from the border," Lukashenko said on Tuesday.',
        "Alexander Lukashenko",
        "direct",
        "We see no threat from the border",
    ),
    (
        "en",
        "Sergei Lavrov told reporters that the West was preparing a provocation in Ukraine.",
        "Sergei Lavrov",
        "indirect",
        "the West was preparing a provocation in Ukraine",
    ),
    (
        "en",
        "According to Maria Zakharova, Kyiv is hiding laboratories from inspectors.",
        "Maria Zakharova",
        "indirect",
        "Kyiv is hiding laboratories from inspectors",
    ),
    (
        "en",
        "Ukraine is preparing an attack on Belarus, Peskov said.",
        "Dmitry Peskov",
        "indirect",
        "Ukraine is preparing an attack on Belarus",
    ),
    (
        "ru",
        "«Мы не видим никакой угрозы», — заявил Лукашенко журналистам.",
        "Alexander Lukashenko",
        "direct",
        "Мы не видим никакой угрозы",
    ),
    (
        "ru",
        "Лавров заявил, что Запад готовит провокацию на Украине.",
        "Sergei Lavrov",
        "indirect",
        "Запад готовит провокацию на Украине",
    ),
    (
        "ru",
        "По словам Захаровой, Киев скрывает лаборатории от инспекторов.",
        "Maria Zakharova",
        "indirect",
        "Киев скрывает лаборатории от инспекторов",
    ),
    (
        "uk",
        "«Жодних провокацій з нашого боку немає», — заявив Демченко.",
        "Andriy Demchenko",
        "direct",
        "Жодних провокацій з нашого боку немає",
    ),
    (
        "uk",
        "Речник МЗС Георгій Тихий наголосив, що Росія поширює фейки про Україну.",
        "Heorhii Tykhyi",
        "indirect",
        "Росія поширює фейки про Україну",
    ),
    (
        "uk",
        "За словами Зеленського, Україна не планує жодних наступів на Білорусь.",
        "Volodymyr Zelensky",
        "indirect",
        "Україна не планує жодних наступів на Білорусь",
    ),
]


@pytest.mark.parametrize(("language", "text", "speaker", "kind", "content"), CASES)
def test_quote_forms(
    pipeline: Pipeline, language: str, text: str, speaker: str, kind: str, content: str
) -> None:
    document = Document(text=text, content_hash="x", source="test", language=language)
    analysis = analyze(document, pipeline)
    names = {a.id: a.name for a in analysis.actors}
    found = [
        (names.get(q.speaker_actor_id or ""), q.kind.value, q.content.text_of(text))
        for q in analysis.quotes
    ]
    assert any(s == speaker and k == kind and content in c for s, k, c in found), found


def test_scare_quotes_are_not_quotes(pipeline: Pipeline) -> None:
    text = 'Russia calls its invasion a "special military operation" and bans the word war.'
    analysis = analyze(Document(text=text, content_hash="x", source="t", language="en"), pipeline)
    assert analysis.quotes == ()
