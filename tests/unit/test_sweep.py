"""The per-unit pass books table amounts keyed by values that are not texts (an integer grade,
three keys) in the columns, without handing the unit to the reference way; the totals are the
reference's. A unit's total from the columns alone is remembered by its sum, up to a bound."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import dutyscore
from dutyscore.scoring import plan as plan_module
from dutyscore.scoring import sweep as sweep_module
from dutyscore.scoring.ledger import UnitLedger
from dutyscore.scoring.plan import compile_plan, plan_of
from dutyscore.scoring.sweep import sweep

SCHEME = """
format: dutyscore/1
id: keyed-by-numbers
version: "2025"
title: 按数字分级
source: {document: d}
documents: {d: {number: 测〔2025〕1号, title: 测试}}
effective: {from: 2025-01-01}
items:
  - {id: a, title: 甲, base: 50}
event_kinds:
  finding:
    title: 发现问题
    attributes:
      grade: {type: integer, values: [1, 2]}
      area: {type: string, values: [x, y]}
      tier: {type: integer, values: [7, 8]}
rules:
  - id: by-grade
    kind: table
    title: 按等级扣分
    item: a
    direction: deduction
    event: finding
    keys: [grade]
    table: {"1": 1, "2": 2}
    source: {document: d, clause: 一}
  - id: by-grade-and-area
    kind: table
    title: 按等级和领域扣分
    item: a
    direction: deduction
    event: finding
    keys: [grade, area]
    table: {"1": {x: 0.5, y: 1}, "2": {x: 3, y: 4}}
    source: {document: d, clause: 二}
  - id: by-three
    kind: table
    title: 三项扣分
    item: a
    direction: deduction
    event: finding
    keys: [grade, area, tier]
    table:
      "1": {x: {"7": 10, "8": 11}, y: {"7": 12, "8": 13}}
      "2": {x: {"7": 14, "8": 15}, y: {"7": 16, "8": 17}}
    source: {document: d, clause: 三}
"""


def _records() -> list[dutyscore.Record]:
    day = dt.date(2025, 3, 1)
    given = [(1, "x", 7), (2, "y", 8), (2, "x", 7)]
    return [
        dutyscore.Record(f"f{n}", "u1", "finding", day, day, {"grade": g, "area": a, "tier": t})
        for n, (g, a, t) in enumerate(given)
    ]


@pytest.mark.parametrize("grouped", [0, 10**9], ids=["grouped", "one-at-a-time"])
def test_integer_keys_are_looked_up_in_the_pass(tmp_path, monkeypatch, grouped: int) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.yaml"
    path.write_text(SCHEME, encoding="utf-8")
    scheme = dutyscore.load_scheme(str(path))
    plan = plan_of(scheme)
    ledger = UnitLedger("u1", plan)
    outside: list[dutyscore.Record] = []
    monkeypatch.setattr(sweep_module, "GROUPED", grouped)  # the pass's two ways
    swept = sweep(ledger, _records(), 2025, outside)
    assert swept is not None  # not handed to the reference way
    assert outside == []
    # per rule, each record's amount in halves (the denominator of 0.5), signed
    by_rule: dict[int, list[int]] = {}
    for index, raw in zip(ledger.rule, ledger.raw, strict=True):
        by_rule.setdefault(index, []).append(raw)
    assert {i: sorted(v) for i, v in by_rule.items()} == {
        0: [-4, -4, -2],  # grades 2, 2, 1
        1: [-8, -6, -1],  # (2, y) 4, (2, x) 3, (1, x) 0.5
        2: [-34, -28, -20],  # (2, y, 8) 17, (2, x, 7) 14, (1, x, 7) 10
    }
    fast = dutyscore.evaluate(scheme, _records(), period=2025)
    slow = dutyscore.evaluate(scheme, _records(), period=2025, compiled=False)
    assert fast.totals == slow.totals == {"u1": Decimal("-3.5")}  # 50 − (5 + 7.5 + 41)


def test_a_units_total_from_the_columns_is_remembered_up_to_a_bound(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.yaml"
    path.write_text(SCHEME, encoding="utf-8")
    plan = compile_plan(dutyscore.load_scheme(str(path)))
    monkeypatch.setattr(plan_module, "_TOTALS", 3)
    # base 50, sums in halves (the denominator of 0.5), deductions negative
    assert [plan.column_total(s) for s in (0, -1, -7, -1, 4)] == [
        Decimal(50),
        Decimal("49.5"),
        Decimal("46.5"),
        Decimal("49.5"),
        Decimal(52),
    ]
    assert plan.totals == {0: Decimal(50), -1: Decimal("49.5"), -7: Decimal("46.5")}  # no more than 3
