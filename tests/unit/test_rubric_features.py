"""Checks and behaviour added for the two rubrics, in isolation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import dutyscore
from dutyscore import RawRecord, validate_records
from dutyscore.scoring.compose import round_exact

ROOT = Path(__file__).resolve().parents[2]
DANGJIAN = (ROOT / "schemes" / "dangjian-county-2021.yaml").read_text("utf-8")
QINGLIAN = (ROOT / "schemes" / "qinglian-jiguan.yaml").read_text("utf-8")


def _messages(text: str, old: str, new: str) -> list[str]:
    assert old in text, old
    return [
        p.message for p in dutyscore.iter_scheme_problems(text.replace(old, new, 1)) if p.severity == "error"
    ]


def test_percentage_step_needs_exactly_one_target() -> None:
    assert _messages(
        DANGJIAN, "value: value, target: 100, step: 1, points: 0.1", "value: value, step: 1, points: 0.1"
    ) == ["give 'target' or 'target_attribute' (exactly one)"]


def test_quota_and_last_place_references() -> None:
    assert _messages(DANGJIAN, "    grade: 好\n    share: 0.3", "    grade: 最好\n    share: 0.3") == [
        "unknown grade '最好'"
    ]
    assert _messages(DANGJIAN, "    event: major_problem\n", "    event: major_problems\n") == [
        "unknown event kind 'major_problems'"
    ]


def test_rule_typed_values_must_be_rules() -> None:
    assert _messages(QINGLIAN, "values: [q6.1-discretionary]", "values: [q6.1-discretion]") == [
        "unknown rule 'q6.1-discretion'",
        # and the rule that selects the old value now compares with a value the attribute refuses
        "'q6.1-discretionary' is not a value of 'rule' of 'assessor_amount' (q6.1-discretion)",
    ]


def test_a_finding_must_name_a_rule_of_the_scheme() -> None:
    scheme = dutyscore.load_scheme("qinglian-jiguan")
    raw = {
        "id": "f",
        "unit": "a",
        "kind": "finding",
        "act_date": "2022-03-01",
        "record_date": "2022-03-01",
        "attributes": {"rule": "q99-a"},
    }
    records, problems = validate_records([RawRecord(raw)], scheme)
    assert records == [] and [(p.field, p.message) for p in problems] == [
        ("attributes.rule", "'q99-a' is not a rule of the scheme")
    ]


@pytest.mark.parametrize(
    ("value", "places", "mode", "expected"),
    [
        (Fraction(256, 3), 2, "half_up", "85.33"),
        (Fraction(2, 3), 0, "half_up", "1"),
        (Fraction(5, 2), 0, "half_even", "2"),
        (Fraction(7, 2), 0, "half_even", "4"),
        (Fraction(-5, 2), 0, "half_up", "-3"),
        (Fraction(1, 3), 1, "up", "0.4"),
        (Fraction(2, 3), 1, "down", "0.6"),
        (Decimal("2.345"), 2, "half_up", "2.35"),
    ],
)
def test_round_exact(value: Fraction | Decimal, places: int, mode: str, expected: str) -> None:
    assert round_exact(value, places, mode) == Decimal(expected)


def test_item_never_below_zero_with_many_findings() -> None:
    scheme = dutyscore.load_scheme("dangjian-county-2021")
    rec = dutyscore.Record(
        "f", "u", "finding", dt.date(2021, 5, 1), dt.date(2021, 5, 1), {"rule": "d02-4", "count": 9}
    )
    ev = dutyscore.evaluate(scheme, [rec], units=[dutyscore.Unit("u", "u", "县(区)")], period=2021)
    d02 = next(i for i in ev.item_scores("u") if i.item == "d02")
    assert (d02.base, d02.deduction, d02.score) == (5, 5, 0)  # 9 × 1 against 5 points


def test_a_copy_of_a_scheme_compiles_its_own_plan() -> None:
    """An interim ranking scores a copy of the scheme with fewer rules: the copy must not share
    the original's compiled plan (a score after a ranking once used the copy's rules)."""
    from dutyscore.scoring.interim import interim_ranking

    folder = Path(__file__).resolve().parents[2] / "examples" / "puyang-two-duties-2017"
    files = [folder / "findings.yaml", folder / "monthly-reviews.csv", folder / "year-end-scores.csv"]
    fresh = dutyscore.load_scheme("puyang-two-duties-2017")
    units = dutyscore.load_units(folder / "units.yaml", fresh)
    records = dutyscore.load_records(files, fresh)
    expected = dutyscore.evaluate(fresh, records, units=units, period=2017).totals
    scheme = dutyscore.load_scheme("puyang-two-duties-2017")
    interim_ranking(scheme, records, "2017-Q1", units)
    assert dutyscore.evaluate(scheme, records, units=units, period=2017).totals == expected
    copy = scheme.model_copy(update={"grading": None})
    assert copy.rule(scheme.rules[0].id) is scheme.rules[0]


def test_a_record_built_by_hand_without_its_target_is_a_typed_error() -> None:
    """Validation refuses a rate report without ``provincial_average``; a record built by hand
    and evaluated unvalidated gets a typed error naming it, not a KeyError."""
    import datetime as dt

    scheme = dutyscore.load_scheme("dangjian-county-2021")
    day = dt.date(2021, 12, 31)
    rec = dutyscore.Record(
        "p2", "c2", "rate_report", day, day, {"indicator": "strong_village_share", "value": 18}
    )
    with pytest.raises(dutyscore.EvaluationError, match="record p2: rule d05-9a measures value against"):
        dutyscore.evaluate(scheme, [rec], period=2021)
