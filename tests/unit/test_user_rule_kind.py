"""A rule kind defined here, in the test file, registered through the public API only.

It validates (its own bad fields reported with file:line:column), joins the JSON
Schema, and evaluates — without touching the package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Literal

import pytest
from pydantic import Field

import dutyscore
from dutyscore import Entry, Problem, Record, RuleChecks, UnitContext


class MonthlyPresence(dutyscore.RuleBase):
    """Points per calendar month in which a matching record was done (每月开展一次得0.5分)."""

    kind: Literal["monthly_presence"]
    direction: Literal["bonus", "deduction"] = "bonus"
    points: Decimal = Field(gt=0, description="points per month with a record")
    months: int = Field(12, ge=1, le=12, description="at most this many months count")


def evaluate_monthly(rule: MonthlyPresence, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """One entry per month (its first record), for the first ``months`` months with a record."""
    first: dict[int, Record] = {}
    for rec in sorted(matches, key=lambda r: (r.act_date, r.id)):
        first.setdefault(rec.act_date.month, rec)
    return [
        dutyscore.record_entry(rule, ctx, rec, rule.item, dutyscore.signed(rule, rule.points), f"month {m}")
        for m, rec in sorted(first.items())[: rule.months]
    ]


def check_monthly(rule: MonthlyPresence, checks: RuleChecks) -> Iterable[Problem]:
    if rule.direction != "bonus":
        yield checks.problem(("direction",), "monthly_presence gives bonuses only")


KIND = dutyscore.RuleKind("monthly_presence", MonthlyPresence, evaluate_monthly, check_monthly)

SCHEME = """\
format: dutyscore/1
id: presence
version: "1"
title: 每月开展
source: {document: doc}
documents: {doc: {number: 测试〔2024〕1号}}
effective: {from: 2024-01-01}
items:
  - {id: study, title: 学习, base: 0}
event_kinds:
  study_session: {title: 学习}
rules:
  - id: monthly
    kind: monthly_presence
    title: 每月学习得0.5分，最多10个月
    event: study_session
    item: study
    points: 0.5
    months: 10
    source: {document: doc, clause: 第一条}
"""


@pytest.fixture
def registered() -> Iterator[dutyscore.RuleKind[MonthlyPresence]]:
    kind = dutyscore.register_rule_kind(KIND, replace=True)
    yield kind
    dutyscore.unregister_rule_kind("monthly_presence")


def test_a_user_kind_validates_joins_the_schema_and_evaluates(registered: object) -> None:
    scheme, warnings = dutyscore.load_scheme_text(SCHEME, "presence.yaml")
    assert warnings == []
    rule = scheme.rule("monthly")
    assert isinstance(rule, MonthlyPresence) and rule.months == 10
    assert "monthly_presence" in dutyscore.scheme_json_schema()["$defs"]["rule"]["properties"]["kind"]["enum"]
    # twelve months with a session, two in March: 10 months count × 0.5 = 5
    days = [dt.date(2024, m, 5) for m in range(1, 13)] + [dt.date(2024, 3, 20)]
    records = [Record(f"s{i}", "u1", "study_session", d, d) for i, d in enumerate(days)]
    ev = dutyscore.evaluate(scheme, records, period=2024)
    assert ev.totals == {"u1": Decimal("5.0")}
    model = ev.unit_model("u1")
    assert [e.records for e in model.ledger if e.rule == "monthly"] == [[f"s{i}"] for i in range(10)]
    assert {r.record: r.status for r in model.records}["s12"] == "matched"  # March's second session


def test_a_user_kind_reports_its_own_bad_fields_located(registered: object) -> None:
    broken = SCHEME.replace("    months: 10\n", "    months: 13\n    direction: deduction\n")
    problems = list(dutyscore.iter_scheme_problems(broken, "presence.yaml"))
    assert [str(p) for p in problems] == [
        "presence.yaml:19:5: rules[0].months: 13 is greater than the maximum of 12",
    ]
    wrong_direction = SCHEME.replace("    months: 10\n", "    months: 10\n    direction: deduction\n")
    assert [str(p) for p in dutyscore.iter_scheme_problems(wrong_direction, "presence.yaml")] == [
        "presence.yaml:20:5: rules[0].direction: monthly_presence gives bonuses only",
    ]


def test_an_unregistered_kind_is_a_located_error() -> None:
    problems = list(dutyscore.iter_scheme_problems(SCHEME, "presence.yaml"))
    assert len(problems) == 1
    assert problems[0].path == ("rules", 0, "kind") and problems[0].line == 14
    assert "'monthly_presence' is not one of" in problems[0].message


def test_a_kind_must_declare_its_literal_name_and_register_once(registered: object) -> None:
    with pytest.raises(TypeError, match="must declare kind"):
        dutyscore.register_rule_kind(dutyscore.RuleKind("other_name", MonthlyPresence, evaluate_monthly))
    with pytest.raises(ValueError, match="already registered"):
        dutyscore.register_rule_kind(
            dutyscore.RuleKind("monthly_presence", MonthlyPresence, evaluate_monthly)
        )
