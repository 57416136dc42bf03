"""The compiled plan gives what every kind's own evaluation gives: totals, the whole ledger
(lines, order, details, decisions), record statuses, standings and warnings, for every bundled
scheme, the test rubrics and the benchmark workload."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dutyscore
from dutyscore.scoring import sweep
from dutyscore.scoring.plan import plan_of
from dutyscore.testing import records_for

from ._kit import SETTINGS, written

ROOT = Path(__file__).resolve().parents[2]
SCHEMES = [
    *(dutyscore.load_scheme(sid) for sid in dutyscore.bundled_scheme_ids()),
    dutyscore.load_scheme(str(ROOT / "tests" / "golden" / "schemes" / "enterprise-rubric.yaml")),
    dutyscore.load_scheme(str(ROOT / "tests" / "golden" / "schemes" / "mini-dedup.yaml")),
    dutyscore.load_scheme(str(ROOT / "benchmarks" / "workload.yaml")),
]
SCORED = [s for s in SCHEMES if s.items]


def _units(scheme: dutyscore.Scheme) -> list[dutyscore.Unit]:
    cohorts = list(scheme.cohorts) or [None]
    return [dutyscore.Unit(f"u{i}", f"u{i}", cohorts[i % len(cohorts)]) for i in range(4)]


def _year(scheme: dutyscore.Scheme) -> int:
    return scheme.effective.from_.year


@pytest.mark.parametrize("scheme", SCORED, ids=[s.id for s in SCORED])
def test_the_plan_compiles_per_record_rules(scheme: dutyscore.Scheme) -> None:
    plan = plan_of(scheme)
    compiled = {plan.rules[i].rule.id for i in plan.specs}
    by_kind = {plan.rules[i].rule.id for i in plan.by_kind}
    assert compiled | by_kind == {r.id for r in scheme.rules}
    assert not compiled & by_kind


def test_the_workload_is_compiled_whole() -> None:
    workload = SCHEMES[-1]
    plan = plan_of(workload)
    assert plan.by_kind == ()
    assert plan.denominator == 2  # the halves of the table
    held = {plan.rules[i].rule.id for rules in plan.dispatch.values() for (i, *_, how) in rules if how}
    assert held == {"meeting_missed", "petition_overdue"}  # the two capped rules
    assert sorted(c.id for c in plan.capped.values()) == ["meeting_missed.cap", "petition_overdue.cap"]
    assert {c.fixed for c in plan.capped.values()} == {10}  # 5 points at denominator 2
    # the eight uncapped fixed-point kinds take the pass's shortest path
    assert sorted(plan.simple) == [
        "duty_talk_missed",
        "feedback_missing",
        "inspection_gap",
        "ledger_missing",
        "push_unsigned",
        "report_late",
        "study_missed",
        "style_violation",
    ]


#: The pass's two ways (``sweep.GROUPED``): records grouped by kind first, or one at a time.
WAYS = {"grouped": 0, "one-at-a-time": 10**9}


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("scheme", SCORED, ids=[s.id for s in SCORED])
def test_compiled_equals_reference(scheme: dutyscore.Scheme, way: str) -> None:
    units = _units(scheme)
    year = _year(scheme)

    @settings(SETTINGS, max_examples=40)
    @given(records_for(scheme, units=[u.id for u in units], year=year, min_size=0, max_size=80))
    def run(records: list[dutyscore.Record]) -> None:
        with mock.patch.object(sweep, "GROUPED", WAYS[way]):
            fast = dutyscore.evaluate(scheme, records, units=units, period=year)
        reference = dutyscore.evaluate(scheme, records, units=units, period=year, compiled=False)
        assert fast.totals == reference.totals
        assert fast.to_model().model_dump_json() == reference.to_model().model_dump_json()
        for ev in (fast, reference):  # the JSON written from templates is the models' dump
            assert written(ev) == ev.to_model().model_dump_json(indent=2) + "\n"
        for uid in fast.outcomes:
            got = [_line(e) for e in fast.entries(uid)]
            want = [_line(e) for e in reference.entries(uid)]
            assert got == want

    run()


def _line(e: dutyscore.Entry) -> tuple[object, ...]:
    decisions = tuple((d.kind, d.by, d.lost, d.detail) for d in e.decisions)
    return (
        e.unit,
        e.item,
        e.rule,
        e.kind,
        e.records,
        e.raw,
        e.applied,
        e.detail,
        e.counted,
        decisions,
        e.order,
        e.weight,
        e.label,
    )


WORKLOAD = SCHEMES[-1]


@settings(SETTINGS, max_examples=30)
@given(
    records_for(
        WORKLOAD,
        units=["u0", "u1"],
        year=2025,
        kinds=["meeting_missed", "petition_overdue", "case"],
        min_size=15,
        max_size=60,
    )
)
def test_caps_filled_in_the_columns_equal_the_reference(records: list[dutyscore.Record]) -> None:
    units = _units(WORKLOAD)[:2]
    with mock.patch.object(sweep, "GROUPED", WAYS["grouped"]):  # the way of a large unit
        fast = dutyscore.evaluate(WORKLOAD, records, units=units, period=2025)
    reference = dutyscore.evaluate(WORKLOAD, records, units=units, period=2025, compiled=False)
    assert fast.to_model().model_dump_json() == reference.to_model().model_dump_json()
    for uid in fast.outcomes:
        assert [_line(e) for e in fast.entries(uid)] == [_line(e) for e in reference.entries(uid)]


def test_a_cap_filled_in_the_columns_cuts_in_record_order() -> None:
    rows = [
        {
            "id": f"m{i}",
            "unit": "u0",
            "kind": "meeting_missed",
            "act_date": f"2025-03-{10 - i:02d}",
            "record_date": f"2025-03-{10 - i:02d}",
        }
        for i in range(7)
    ]
    records = dutyscore.records_from_rows(rows, WORKLOAD)
    ev = dutyscore.evaluate(WORKLOAD, records, period=2025)
    lines = [e for e in ev.entries("u0") if e.rule == "meeting_missed"]
    # 1 point each, at most 5: the five earliest (m6 … m2) count, m1 and m0 are cut to zero
    assert [(e.records[0], e.applied) for e in lines] == [
        ("m6", -1),
        ("m5", -1),
        ("m4", -1),
        ("m3", -1),
        ("m2", -1),
        ("m1", 0),
        ("m0", 0),
    ]
    assert [d.detail for d in lines[-1].decisions] == ["rule meeting_missed at most 5"]
    assert ev.totals["u0"] == 100 - 5


@pytest.mark.parametrize("scheme", SCORED, ids=[s.id for s in SCORED])
def test_the_tally_is_what_the_entries_add_up_to(scheme: dutyscore.Scheme) -> None:
    """The table and the section scores read the compact ledger's tally instead of building the
    entries: per (entry kind, item) it must be the sum of the entries' contributions."""
    units = _units(scheme)

    @SETTINGS
    @given(records_for(scheme, units=[u.id for u in units], year=_year(scheme), max_size=30))
    def run(records: list[dutyscore.Record]) -> None:
        ev = dutyscore.evaluate(scheme, records, units=units, period=_year(scheme))
        for outcome in ev.outcomes.values():
            tally = {k: Fraction(v) for k, v in outcome.tally().items()}
            expected: dict[tuple[str, str | None], Fraction] = {}
            for e in outcome.entries:
                key = (e.kind, e.item)
                expected[key] = expected.get(key, Fraction(0)) + Fraction(e.contribution)
            assert tally == expected

    run()


def test_the_tally_counts_what_a_cap_left() -> None:
    workload = SCHEMES[-1]
    day = dutyscore.Record("m0", "u0", "meeting_missed", dt.date(2025, 3, 3), dt.date(2025, 3, 3), {})
    records = [dataclasses.replace(day, id=f"m{i}") for i in range(8)]  # 8 × 1 point, capped at 5
    outcome = dutyscore.evaluate(workload, records, period=2025).unit("u0")
    assert outcome.tally()[("deduction", "duties")] == -5
    assert sum(Fraction(e.contribution) for e in outcome.entries if e.kind == "deduction") == -5


@given(
    st.integers(0, 10_000),
    st.one_of(
        st.tuples(st.integers(-500, 500).filter(bool), st.integers(0, 60)).map(lambda p: [p[0]] * p[1]),
        st.lists(st.integers(-500, 500), max_size=60),
    ),
)
def test_a_cap_of_one_fixed_amount_is_filled_as_amount_by_amount(ceiling: int, amounts: list[int]) -> None:
    """A cap filled with one repeated amount (每次扣1分, at most 5) is worked out by division; it
    cuts the same rows, each to the same amount, as the cap filled row by row."""
    from dutyscore.scoring.ledger import fill, fill_each

    assert fill(ceiling, amounts) == fill_each(ceiling, amounts)
