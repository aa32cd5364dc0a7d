"""VoxCheck helpers used by the classifier's calibration: folds by link, debunk text."""

from __future__ import annotations

import pytest

from narrativewatch.evaluation.voxcheck import VoxCase, link_folds, plain_text


def _case(link: str, narrative: str) -> VoxCase:
    return VoxCase(link, narrative, f"sub of {narrative}", {"en": link, "ru": "", "uk": ""})


def test_link_folds_hold_out_every_link_once_and_never_split_it() -> None:
    cases = [_case(f"https://x.org/{n}", "N1" if n % 3 else "N2") for n in range(12)]
    cases += [_case("HTTPS://X.ORG/0", "N2")]  # same link as case 0, other capitalisation
    folds = link_folds(cases, folds=4, seed=1)
    assert len(folds) == 4
    held_out = [case for _, test in folds for case in test]
    assert sorted(held_out, key=id) == sorted(cases, key=id)
    for train, test in folds:
        assert len(train) + len(test) == len(cases)
        assert {c.link.lower() for c in train}.isdisjoint({c.link.lower() for c in test})
        # 8 N1 links and 4 N2 links are dealt in turn: every fold holds out both narratives
        assert {c.narrative for c in test} == {"N1", "N2"}
    assert link_folds(cases, folds=4, seed=1) == folds
    assert link_folds(cases, folds=4, seed=2) != folds


def test_link_folds_with_fewer_links_than_folds_leave_folds_empty() -> None:
    folds = link_folds([_case("https://x.org/a", "N1")], folds=3)
    assert [len(test) for _, test in folds] == [1, 0, 0]
    with pytest.raises(ValueError, match="at least 2"):
        link_folds([], folds=1)


def test_plain_text_of_a_debunk() -> None:
    markup = '<p>Not the <a href="https://x.org">Revolution</a>\n of Dignity &amp; co.</p>'
    assert plain_text(markup) == "Not the Revolution of Dignity & co."
    assert plain_text("") == ""
