"""Near-duplicate signatures: shingles, MinHash, band keys, and the 0.8 threshold."""

from __future__ import annotations

import numpy as np
import pytest

from narrativewatch.ingest.dedupe import (
    NEAR_DUPLICATE_THRESHOLD,
    lsh_band_keys,
    minhash_signature,
    shingles,
    signature_similarity,
)

ARTICLE = (
    "The Kremlin on Monday echoed statements by Belarusian officials that Ukraine is "
    "allegedly gathering troops near the Belarusian border, calling the situation a reason "
    "for concern in Moscow. Kremlin spokesman Dmitry Peskov told reporters that Belarus is "
    "a union state and that the two countries have special formats of dialogue through all "
    "relevant agencies, including the special services. He added that the defence ministries "
    "of Russia and Belarus are in constant contact and that the reports worry not only Minsk "
    "but also Moscow, because the two states are allies. On 20 June the State Border "
    "Committee of Belarus said it had recorded an increase in the number of Ukrainian troops "
    "near the border. Ukraine's State Border Guard Service replied that its forces were "
    "defending the country's sovereign territory and that there had been no provocations "
    "on the Ukrainian side. Analysts note that the Kremlin used a similar claim about a "
    "planned Ukrainian attack as a pretext before the full-scale invasion in February 2022, "
    "and that Minsk promised to publish maps of the supposed attack but never did."
)

# The same story as republished by an aggregator: a byline added, two words changed, and a
# "Read more" line appended.
EDITED_COPY = (
    "By Staff Writer. "
    + ARTICLE.replace("told reporters", "told journalists").replace(
        "its forces were", "its units were"
    )
    + " Read more on our website."
)

# Another outlet's own report of the same event: same names, same facts, other words.
OTHER_REPORT = (
    "Dmitry Peskov, the Kremlin's spokesman, said on Monday that Moscow is concerned by "
    "Minsk's claims of a Ukrainian troop build-up on the Belarusian border. Belarus and "
    "Russia, he said, are allies in a union state whose security services and defence "
    "ministries talk constantly. Belarus's border committee first made the allegation on "
    "20 June. Kyiv's border guards rejected it, saying Ukrainian forces were only defending "
    "their own territory and had staged no provocations. Observers recall that Moscow "
    "justified its February 2022 invasion with a similar story of an imminent Ukrainian "
    "attack, and that Alexander Lukashenko never produced the maps of an attack he had "
    "promised to show."
)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b)


def test_shingles_are_lowercased_word_five_grams() -> None:
    assert shingles("Peskov said: the troops, the border and Minsk.") == {
        "peskov said the troops the",
        "said the troops the border",
        "the troops the border and",
        "troops the border and minsk",
    }
    assert shingles("Песков   ЗАЯВИЛ") == {"песков заявил"}  # shorter than k: whole text
    assert shingles("!!! ...") == set()
    assert shingles("a b c", k=2) == {"a b", "b c"}


def test_signature_is_deterministic_uint64() -> None:
    signature = minhash_signature(ARTICLE)
    assert signature.dtype == np.uint64
    assert signature.shape == (128,)
    assert np.array_equal(signature, minhash_signature(ARTICLE))
    assert not np.array_equal(signature, minhash_signature(ARTICLE, seed=2))
    assert signature_similarity(signature, minhash_signature(ARTICLE)) == 1.0


def test_edited_copy_is_a_near_duplicate_and_another_report_is_not() -> None:
    edited_jaccard = jaccard(shingles(ARTICLE), shingles(EDITED_COPY))
    other_jaccard = jaccard(shingles(ARTICLE), shingles(OTHER_REPORT))
    assert edited_jaccard >= NEAR_DUPLICATE_THRESHOLD
    assert other_jaccard < 0.05
    article = minhash_signature(ARTICLE)
    assert signature_similarity(article, minhash_signature(EDITED_COPY)) >= 0.8
    assert signature_similarity(article, minhash_signature(OTHER_REPORT)) < 0.5


def test_near_duplicates_share_a_band_key_and_unrelated_texts_do_not() -> None:
    # Across many seeds (independent hash families), a pair at Jaccard >= 0.8 must always
    # land in a common bucket at 32 bands of 4 rows: P(miss) = (1 - 0.8**4)**32 < 1e-7.
    for seed in range(1, 31):
        article_keys = set(lsh_band_keys(minhash_signature(ARTICLE, seed=seed)))
        assert article_keys & set(lsh_band_keys(minhash_signature(EDITED_COPY, seed=seed)))
        assert not article_keys & set(lsh_band_keys(minhash_signature(OTHER_REPORT, seed=seed)))


def test_band_keys_format() -> None:
    keys = lsh_band_keys(minhash_signature(ARTICLE))
    assert len(keys) == 32
    assert [key.split(":")[0] for key in keys] == [str(band) for band in range(32)]
    assert all(len(key.split(":")[1]) == 16 for key in keys)
    assert lsh_band_keys(minhash_signature(ARTICLE), bands=16) != keys[:16]


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot form 30 bands"):
        lsh_band_keys(minhash_signature(ARTICLE), bands=30)
    with pytest.raises(ValueError, match="differ in shape"):
        signature_similarity(minhash_signature(ARTICLE), minhash_signature(ARTICLE, num_perm=64))
