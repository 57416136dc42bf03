"""Checks of the features Puyang uses: weights, tables, score inputs, vote shares, grading."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutyscore import Problem, iter_scheme_problems

TEXT = (Path(__file__).resolve().parents[2] / "schemes" / "puyang-two-duties-2017.yaml").read_text("utf-8")


def _problems(text: str) -> list[Problem]:
    return list(iter_scheme_problems(text, "p.yaml"))


def _messages(old: str, new: str) -> list[str]:
    assert old in TEXT, old
    return [p.message for p in _problems(TEXT.replace(old, new, 1))]


def test_bundled_puyang_has_no_problems() -> None:
    assert _problems(TEXT) == []


def test_weights_must_sum_to_one() -> None:
    assert _messages("    weight: 0.4\n", "    weight: 0.5\n") == [
        "the weights of 'primary', 'supervisory' sum to 11/10, not 1"
    ]


def test_weights_need_a_weighted_composition() -> None:
    messages = _messages("  kind: weighted\n", "  kind: base_plus_bonus_minus_deduction\n")
    assert messages and all(m == "item weights need 'composition: {kind: weighted}'" for m in messages)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "table: {national: 5, provincial: 3, municipal: 1}",
            "table: {national: 5, provincial: 3}",
            "no amount for level='municipal'",
        ),
        (
            "table: {national: 5, provincial: 3, municipal: 1}",
            "table: {national: 5, provincial: 3, municipal: 1, county: 1}",
            "'county' is not a value of 'level'",
        ),
        (
            "      staff: {prosecuted: 1, sanctioned: 0.5, lighter: 0.2}",
            "      staff: {prosecuted: 1, sanctioned: 0.5, lighter: lots}",
            "'lots' is not an amount (a number ≥ 0, a fraction in quotes, base or {of_base: …})",
        ),
        (
            "    keys: [level]\n    table: {national: 5",
            "    keys: [project]\n    table: {national: 5",
            "table key 'project' must be an attribute with 'values'",
        ),
    ],
)
def test_table_must_cover_every_combination(old: str, new: str, expected: str) -> None:
    assert expected in _messages(old, new)


def test_score_attribute_must_be_a_number() -> None:
    assert _messages(
        "    attribute: score\n    aggregate: mean\n", "    attribute: duty\n    aggregate: mean\n"
    ) == ["score attribute 'duty' must be a decimal or integer"]


def test_vote_share_of_must_be_among() -> None:
    assert _messages("      of: votes_fair\n", "      of: votes_poor\n") == []
    assert _messages(
        "      among: [votes_excellent, votes_good, votes_fair, votes_poor]",
        "      among: [votes_excellent, votes_good, votes_poor]",
    ) == ["'votes_fair' must be one of 'among'"]


def test_grading_references() -> None:
    assert _messages("      at_most: 良好\n", "      at_most: 很好\n") == ["unknown grade '很好'"]
    assert _messages("    - {grade: 良好, min: 80}", "    - {grade: 良好, min: 95}") == [
        "band minimums must fall from the first band"
    ]
    assert _messages("    - {grade: 差}", "    - {grade: 差, min: 0}") == [
        "the last band needs no 'min' (it takes every lower score)"
    ]
    assert _messages("      where: {subject: organisation}", "      where: {subjekt: organisation}") == [
        "event kind 'sanction' has no attribute 'subjekt'"
    ]


def test_exempt_and_interim_references() -> None:
    assert _messages("      where: {self_reported: true}", "      where: {self_report: true}") == [
        "event kind 'case_investigated' has no attribute 'self_report'"
    ]
    assert _messages(
        "    items: [primary-ongoing, supervisory-ongoing]", "    items: [primary, supervisory-ongoing]"
    ) == ["item 'primary' is not a scored item"]
