"""Attributions by the fine-tuned e5: contextual token vectors where the CRF has surface ones.

The CRF tagger (`analysis.attribution_tagger`) sees each word through its spelling and
its neighbours' and misses most cues it has not met ("notably made no mention of",
"reserved his most eloquent passion for"): about three in four of the relations it still
misses on PolNeAR (docs/attribution.md). This tagger reads the sentence with the bundled
multilingual e5, fine-tuned by ``narrativewatch train attribution-e5`` on PolNeAR train:
a low-rank adapter, a token head and an input *marker*, all in one file
(`matching.adapter`). It tags in the CRF's two steps, with one model:

1. **cues**: the sentence as it is; the head's first three logits per word give
   O / B-CUE / I-CUE;
2. **roles**, once per cue found: the same sentence again with the marker added to the
   input vectors of the cue's tokens (as BERT adds a segment vector); the head's other
   five logits give O / B-SRC / I-SRC / B-CON / I-CON for *that* cue, so a sentence
   with two cues ("X said that Y denied Z") gets each cue's own source and content.

A word is labelled by its first sub-word token (the words are those of the CRF tagger,
each tokenised on its own, so training and run time see the same ids). The relations
come out as the CRF tagger's `TaggedRelation` and join the rule quotes the same way
(`quotes.extract_quotes`).

Slower than the CRF: a forward pass over the sentence, plus one per cue, ~0.9 s per
950-word news article on two cores (the CRF: ~0.02 s) — an option for an analyst's
documents (setting ``attribution_model = "e5"``), not the stream default. Trained on
English; e5 reads Russian and Ukrainian too, but on ADAQ's Russian the tagger lowers the
scores, so the setting applies it to English only (docs/attribution.md). Runs on numpy
or ONNX Runtime, without PyTorch.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from narrativewatch.analysis.attribution_tagger import (
    TaggedRelation,
    bio_chunks,
    relation_from_chunks,
    word_spans,
)
from narrativewatch.errors import ConfigError
from narrativewatch.model import Entity, Sentence

BUNDLED_E5_TAGGER = Path(__file__).resolve().parent / "data" / "attribution-e5-v1.npz"
CUE_LABELS = ("O", "B-CUE", "I-CUE")
ROLE_LABELS = ("O", "B-SRC", "I-SRC", "B-CON", "I-CON")
# A sentence's ids at most (with <s> and </s>): words past it are left untagged. PolNeAR
# sentences above 190 ids are rare (long lists, tables).
MAX_IDS = 192
# A word's sub-word tokens at most (a URL or a number run can be dozens): only the first
# labels the word, the rest give it context.
MAX_PIECES = 8


def sentence_layout(tokenizer: Any, words: Sequence[str]) -> tuple[list[int], list[int]]:
    """``<s>`` + each word's sub-word ids + ``</s>``, cut at ``MAX_IDS``; and the index
    of each word's first id (-1 for a word cut off)."""
    ids = [tokenizer.bos]
    firsts = []
    for word in words:
        pieces = tokenizer.content_ids(word)[:MAX_PIECES] or [tokenizer.unk]
        if len(ids) + len(pieces) > MAX_IDS - 1:
            firsts.append(-1)
            continue
        firsts.append(len(ids))
        ids.extend(pieces)
    ids.append(tokenizer.eos)
    return ids, firsts


def marked_ids(firsts: Sequence[int], total: int, start: int, end: int) -> list[int]:
    """Positions of every id of words ``start:end`` (a word runs to the next word's first
    id), in a layout of ``total`` ids."""
    kept = [f for f in firsts if f >= 0]
    out: list[int] = []
    for word in range(start, end):
        first = firsts[word]
        if first < 0:
            continue
        later = [f for f in kept if f > first]
        stop = min(later) if later else total - 1  # the last word runs to </s>
        out.extend(range(first, stop))
    return out


class E5AttributionTagger:
    """``path``: a file written by ``train attribution-e5`` (adapter, token head with
    3 + 5 labels, marker); ``engine``: ``onnx`` (default) or ``numpy``. Raises
    ConfigError naming the file when it is not such a model."""

    def __init__(self, path: Path = BUNDLED_E5_TAGGER, engine: str = "onnx") -> None:
        from narrativewatch.matching.scored_e5 import adapted_engine

        self._engine, adapter = adapted_engine(path, engine, "attribution tagger")
        labels = len(CUE_LABELS) + len(ROLE_LABELS)
        if (
            adapter.token_head is None
            or adapter.marker is None
            or adapter.token_head[0].shape[1] != labels
        ):
            raise ConfigError(
                f"{path} is not an attribution tagger: it needs a token head of {labels} "
                "labels and a marker"
            )
        self._weight, self._bias = adapter.token_head
        self._marker = adapter.marker
        self.tokenizer: Any = self._engine.tokenizer
        self.card: dict[str, Any] = adapter.card
        self.model_id = f"e5-small-q4+attribution-{adapter.adapter_id}"
        # It vets the rule quotes: its contents run to the end of the complement ("…, but
        # wants tougher trade deals") where the rules stop early, its sources are the
        # better ones, and most indirect rule quotes it does not read are not
        # attributions: +0.035 content and +0.051 triple F1 on the held-out fifth.
        self.refines_rule_quotes = True

    def relations(
        self, text: str, sentences: Sequence[Sentence], entities: Sequence[Entity]
    ) -> list[TaggedRelation]:
        """Every (source, cue, content) the model finds, sentence by sentence.
        ``entities`` are not used (the CRF tagger's signature)."""
        found = []
        for sentence in sentences:
            spans, words = word_spans(text, sentence)
            if not spans:
                continue
            ids, firsts = sentence_layout(self.tokenizer, words)
            cue_logits = self._word_logits(ids, firsts, None)[:, : len(CUE_LABELS)]
            cue_tags = [CUE_LABELS[i] for i in cue_logits.argmax(axis=1)]
            for _, start, end in bio_chunks(cue_tags):
                role_logits = self._word_logits(ids, firsts, (start, end))[:, len(CUE_LABELS) :]
                role_tags = [
                    "O" if start <= i < end else ROLE_LABELS[label]
                    for i, label in enumerate(role_logits.argmax(axis=1))
                ]
                relation = relation_from_chunks(spans, start, end, list(bio_chunks(role_tags)))
                if relation is not None:
                    found.append(relation)
        return found

    def _word_logits(
        self, ids: list[int], firsts: list[int], cue: tuple[int, int] | None
    ) -> np.ndarray:
        """(words, 8) logits; a word cut off the layout gets "O" everywhere."""
        addition = None
        if cue is not None:
            addition = np.zeros((len(ids), self._engine.dim), np.float32)
            addition[marked_ids(firsts, len(ids), *cue)] = self._marker
        states = self._engine.token_states([ids], [addition])[0]
        logits = states @ self._weight + self._bias
        out = np.full((len(firsts), logits.shape[1]), -1e9, np.float32)
        out[:, 0] = out[:, len(CUE_LABELS)] = 0.0  # "O" for both label sets
        kept = [i for i, f in enumerate(firsts) if f >= 0]
        out[kept] = logits[[firsts[i] for i in kept]]
        return out


@cache
def load_e5_attribution_tagger(path: Path = BUNDLED_E5_TAGGER) -> E5AttributionTagger:
    """The fine-tuned tagger, once per process."""
    return E5AttributionTagger(path)
