"""Sentence splitting with offsets, per language: pysbd (en), razdel (ru), tokenize-uk (uk).

Each splitter is right on its own language's abbreviations ("г.", "тис.", "U.S.") and wrong
on the others', so the document language picks the splitter. Line breaks are hard
boundaries (headlines, datelines and bullets have no final period) unless the next line
starts in lower case, which is a wrapped sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from narrativewatch.analysis.initials import sentence_ends_after_letters
from narrativewatch.analysis.nlp import NlpModels
from narrativewatch.model import Sentence, Span

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LINE = re.compile(r"[^\n]+")
# Not dashes: in Russian and Ukrainian a leading dash opens a quoted line of dialogue.
# (No "^": Pattern.match(text, pos) anchors at pos, where "^" would never match.)
_BULLET = re.compile(r"[\s•·▪●◦‣*]+")
_TERMINAL = re.compile(r"[.!?…]")
# Other symbols (emoji, dingbats), modifier symbols, and the joiners and variation
# selectors that attach to them ("⚡️" is U+26A1 followed by U+FE0F).
_DECORATION = frozenset(["So", "Sk", "Mn", "Cf"])


# The longest sentence the stages read, in characters. PolNeAR's longest is 1,395; a
# longer "sentence" is a list, a table or tags run together without a full stop, and
# several stages read a sentence once per cue or name in it, which made a 40,000-word line
# cost minutes and gigabytes. Such a stretch is cut at spaces into pieces no longer.
LONGEST_SENTENCE = 2000


def split_sentences(text: str, language: str | None, models: NlpModels) -> tuple[Sentence, ...]:
    """Sentences of ``text`` with character spans and paragraph numbers.

    Leading bullets and whitespace are left out of each span; a sentence longer than
    `LONGEST_SENTENCE` is cut into pieces at spaces.
    """
    sentences: list[Sentence] = []
    for paragraph_index, (block_start, block_end) in enumerate(_blocks(text)):
        opening = _after_bullets(text, block_start, block_end)  # where a dateline may stand
        for start, end in _split_block(text, block_start, block_end, language, models):
            start = _after_bullets(text, start, end)
            if start == opening:
                dateline = _dateline(text, start, end, language)
                if dateline is not None:
                    sentences.append(Sentence(dateline, len(sentences), paragraph_index))
                    start = dateline.end
                    start += len(text[start:end]) - len(text[start:end].lstrip(" \t—–-"))
            while end > start and text[end - 1].isspace():
                end -= 1
            for piece_start, piece_end in _pieces(text, start, end):
                sentences.append(
                    Sentence(Span(piece_start, piece_end), len(sentences), paragraph_index)
                )
    return tuple(sentences)


# A dateline opening a story: "KYIV, 12 November 2025 — …", «МОСКВА, 7 декабря —»,
# "HEMPSTEAD, N.Y., Sept. 26 (UPI) — …", "KYIV (Reuters) - …". It is no part of what the
# first sentence says (nor of what its speaker said), so it is a sentence of its own.
# Capitals alone before a dash are one only in English ("WASHINGTON — …"): Russian and
# Ukrainian write «НАТО — агрессивный блок» with a dash for "is".
# (a slash joins the places of a story filed from two: "KYIV/MOSCOW, March 3 - …")
_CAPS_WORDS = r"[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐ'’./-]+(?:\s+[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐ'’./-]+){0,3}"
_DASH_AFTER = r"\s*(?:—|–|--|\s-)\s+(?=\S)"
_DATE_PART = r",[^—–\n()]{0,40}?\d[^—–\n()]{0,20}?"  # ", 12 листопада 2025", ", N.Y., Sept. 26"
_AGENCY_PART = r"\s*\([^()\n]{1,30}\)"  # "(UPI)", "(Reuters)"
_DATELINE = re.compile(
    rf"(?P<line>{_CAPS_WORDS}(?:{_DATE_PART}(?:{_AGENCY_PART})?|{_AGENCY_PART})){_DASH_AFTER}"
)
_BARE_DATELINE = re.compile(
    rf"(?P<line>[A-Z][A-Z'’./-]+(?:\s+[A-Z][A-Z'’./-]+){{0,3}}){_DASH_AFTER}"
)


def _dateline(text: str, start: int, end: int, language: str | None) -> Span | None:
    """The dateline opening the sentence at ``start``, if any (see `_DATELINE`)."""
    found = _DATELINE.match(text, start, end)
    if found is None and language == "en":
        found = _BARE_DATELINE.match(text, start, end)
        if found is not None and sum(c.isalpha() for c in found.group("line")) < 5:
            found = None  # "NATO — the alliance …", "US - Russia talks"
    return Span(found.start("line"), found.end("line")) if found is not None else None


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most `LONGEST_SENTENCE` characters, cut after
    the last space of each (mid-word only where a piece has none), spaces trimmed."""
    while end - start > LONGEST_SENTENCE:
        cut = text.rfind(" ", start + 1, start + LONGEST_SENTENCE)
        cut = cut if cut > start else start + LONGEST_SENTENCE
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            yield start, piece_end
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def _after_bullets(text: str, start: int, end: int) -> int:
    """Past the bullets and whitespace that open a sentence, emoji included: Telegram posts
    open their lines with "⚡️", "🔺" or "👉", which are no part of what is said."""
    while start < end:
        bullet = _BULLET.match(text, start, end)
        if bullet:
            start = bullet.end()
        elif unicodedata.category(text[start]) in _DECORATION:
            start += 1
        else:
            break
    return start


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph-like blocks: lines, joined when a line continues in lower case."""
    block_start: int | None = None
    block_end = 0
    for line in _LINE.finditer(text):
        content = line.group().strip()
        if not content:
            continue
        continues = (
            block_start is not None
            and content[0].islower()
            and not _PARAGRAPH_BREAK.search(text, block_end, line.start() + 1)
        )
        if block_start is not None and not continues:
            yield block_start, block_end
            block_start = None
        if block_start is None:
            block_start = line.start()
        block_end = line.end()
    if block_start is not None:
        yield block_start, block_end


def _split_block(
    text: str, start: int, end: int, language: str | None, models: NlpModels
) -> list[tuple[int, int]]:
    block = text[start:end].replace("\n", " ")
    if _one_sentence(block):
        # News paragraphs are often one sentence; no splitter can cut a block whose only
        # terminal punctuation ends it, and pysbd costs ~1 ms per block.
        return [(start, end)]
    if language == "ru":
        from razdel import sentenize

        spans = [(s.start, s.stop) for s in sentenize(block)]
    elif language == "uk":
        from tokenize_uk import tokenize_sents_with_spans

        spans = [(s, e) for _, s, e in tokenize_sents_with_spans(block)]
    else:
        # The processor alone: `Segmenter.segment` then locates every sentence by compiling
        # it as a regular expression (even without char_span), which was 40% of its time
        # and evicts the stages' own patterns from `re`'s cache; `_located` finds them by
        # plain search instead (same spans on 6,400 PolNeAR paragraphs).
        segments = models.sentence_segmenter("en").processor(block).process()
        spans = _located(block, [str(segment) for segment in segments])
    return [(start + s, start + e) for s, e in _cut_after_letters(block, spans)]


def _cut_after_letters(block: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The splitters' sentences, also cut where a lone capital letter's full stop ends a
    sentence ("wrote on X. He said …"), which pysbd and razdel read as an initial."""
    cut: list[tuple[int, int]] = []
    for start, end in spans:
        stops = sorted(
            [*sentence_ends_after_letters(block, start, end), *_quotation_ends(block, start, end)]
        )
        for stop in stops:
            cut.append((start, stop))
            start = stop + len(block[stop:end]) - len(block[stop:end].lstrip())
        cut.append((start, end))
    return cut


# A quotation that ends a sentence right before another that opens the next: 'rejected
# the "transparently false allegations." "The world would see …," Price said' — pysbd keeps
# the two together, which ran one speaker's content into the next quotation.
_QUOTATION_END = re.compile(r"[.!?…][\"”»](?=\s+[\"“«][A-ZА-ЯЁІЇЄҐ])")


def _quotation_ends(block: str, start: int, end: int) -> list[int]:
    return [m.end() for m in _QUOTATION_END.finditer(block, start, end) if m.end() < end]


def _one_sentence(block: str) -> bool:
    """Whether the only sentence-ending punctuation of ``block`` is at its very end."""
    body = block.rstrip(" \t\"'”’»)]").rstrip(".!?…").rstrip(" \t\"'”’»)]")
    return _TERMINAL.search(body) is None


def _located(block: str, segments: list[str]) -> list[tuple[int, int]]:
    """Offsets of pysbd's segments, which are verbatim pieces of ``block`` in order
    (clean=False); a segment not found where expected ends the search, and the rest of the
    block becomes one last sentence rather than being lost."""
    spans: list[tuple[int, int]] = []
    position = 0
    for segment in segments:
        piece = segment.strip()
        if not piece:
            continue
        found = block.find(piece, position)
        if found < 0:
            break
        spans.append((found, found + len(piece)))
        position = found + len(piece)
    if position < len(block.rstrip()) and block[position:].strip():
        rest = len(block) - len(block[position:].lstrip())
        spans.append((rest, len(block.rstrip())))
    return spans
