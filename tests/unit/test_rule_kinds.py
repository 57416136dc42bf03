"""Each rule kind on the bundled scheme, with the smallest records that show it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

import dutyscore
from dutyscore import Record
from dutyscore.kinds import RULE_KINDS
from dutyscore.scoring.match import compile_where, count_holds

D = dt.date
JUNE_1 = D(2018, 6, 1)
UNITS = [dutyscore.Unit("u1", "一", "设区市"), dutyscore.Unit("u2", "二", "设区市")]
# Two committee studies and an education record keep p1 and p6 quiet.
QUIET = [
    Record("q1", "u1", "committee_study", D(2018, 3, 1), D(2018, 3, 1)),
    Record("q2", "u1", "committee_study", D(2018, 9, 3), D(2018, 9, 3)),
    Record("q3", "u1", "discipline_education", D(2018, 5, 2), D(2018, 5, 2)),
]


def _rec(
    rid: str,
    kind: str,
    attrs: dict[str, Any] | None = None,
    day: dt.date = JUNE_1,
    recorded: dt.date | None = None,
    unit: str = "u1",
) -> Record:
    return Record(rid, unit, kind, day, recorded or day, attrs or {})


def _unit(scheme: dutyscore.Scheme, records: list[Record], uid: str = "u1") -> dutyscore.UnitResultModel:
    ev = dutyscore.evaluate(scheme, QUIET + records, units=[UNITS[0]], period=2018)
    return ev.unit_model(uid)


def _rule_sum(model: dutyscore.UnitResultModel, rule: str) -> Decimal:
    return sum((e.applied for e in model.ledger if e.rule == rule), Decimal(0))


def test_registry_has_every_kind() -> None:
    assert sorted(RULE_KINDS) == [
        "cohort_step",
        "count_threshold",
        "discretionary",
        "lateness",
        "override",
        "per_occurrence",
        "percentage_step",
        "score_input",
        "table",
        "vote_share",
    ]


def test_base_points(jiangsu: dutyscore.Scheme) -> None:
    m = _unit(jiangsu, [])
    assert m.base == Decimal(80) and m.total == Decimal(80)
    assert [(i.item, i.base) for i in m.items][:3] == [("p1", 6), ("p2", 3), ("p3", 3)]


def test_per_occurrence_with_quantity_and_cap(jiangsu: dutyscore.Scheme) -> None:
    m = _unit(jiangsu, [_rec("f1", "flawed_promotion", {"persons": 3})])
    assert _rule_sum(m, "p3-flawed-promotion") == Decimal("-1.5")  # 3 persons × 0.5
    praises = [_rec(f"c{i}", "praise", {"level": "provincial"}, D(2018, 1 + i, 1)) for i in range(5)]
    m = _unit(jiangsu, praises)
    assert _rule_sum(m, "general-provincial-praise") == Decimal(3)  # 5 × 1 capped at 3
    capped = [e for e in m.ledger if e.rule == "general-provincial-praise" and e.decisions]
    assert [(e.records, e.applied, e.decisions[0].by) for e in capped] == [
        (["c3"], Decimal(0), "general-provincial-praise.cap"),
        (["c4"], Decimal(0), "general-provincial-praise.cap"),
    ]


def test_count_threshold_fewer_than(jiangsu: dutyscore.Scheme) -> None:
    ev = dutyscore.evaluate(jiangsu, [QUIET[0], QUIET[2]], units=[UNITS[0]], period=2018)
    m = ev.unit_model("u1")
    assert _rule_sum(m, "p1-study-fewer-than-2") == Decimal(-1)  # 1 study < 2
    assert _rule_sum(_unit(jiangsu, []), "p1-study-fewer-than-2") == 0  # 2 studies


def test_lateness_half_and_whole_base(jiangsu: dutyscore.Scheme) -> None:
    late = [
        _rec("d1", "duty_record", {"item": "p7", "qualifying": True}, D(2018, 3, 1), D(2018, 3, 15)),
        _rec("d2", "duty_record", {"item": "s2", "qualifying": True}, D(2018, 3, 1), D(2018, 3, 16)),
        _rec("d3", "duty_record", {"item": "s3", "qualifying": True}, D(2018, 3, 1), D(2018, 3, 7)),
    ]
    m = _unit(jiangsu, late)
    items = {i.item: i for i in m.items}
    assert (items["p7"].deduction, items["s2"].deduction, items["s3"].deduction) == (
        Decimal("2.5"),
        Decimal(5),
        Decimal(0),
    )


def test_discretionary_within_max(jiangsu: dutyscore.Scheme) -> None:
    urges = [_rec(f"u{i}", "rectification_urged", day=D(2018, 2 + i, 1)) for i in range(3)]
    amount = _rec("a1", "assessor_amount", {"rule": "general-urged-rectification", "amount": Decimal(7)})
    m = _unit(jiangsu, [*urges, amount])
    assert _rule_sum(m, "general-urged-rectification") == Decimal(-5)  # 7 entered, at most 5
    m = _unit(jiangsu, [*urges[:2], amount])
    assert _rule_sum(m, "general-urged-rectification") == 0  # only 2 urges


def test_discretionary_without_amount_warns(jiangsu: dutyscore.Scheme) -> None:
    urges = [_rec(f"u{i}", "rectification_urged", day=D(2018, 2 + i, 1)) for i in range(3)]
    ev = dutyscore.evaluate(jiangsu, QUIET + urges, units=[UNITS[0]], period=2018)
    assert any("entered no amount" in w.message and w.code == "no_amount_entered" for w in ev.warnings)


def test_override_sets_the_total(jiangsu: dutyscore.Scheme) -> None:
    m = _unit(jiangsu, [_rec("x1", "fabrication_found"), _rec("b1", "case_exposure")])
    assert m.total == 0 and m.adjustment == Decimal(-81)
    assert sum(e.applied for e in m.ledger) == 0


def test_cohort_step(jiangsu: dutyscore.Scheme) -> None:
    def duty(unit: str, n: int) -> list[Record]:
        return [
            _rec(f"{unit}-{i}", "duty_record", {"item": "p1", "qualifying": True}, unit=unit)
            for i in range(n)
        ]

    ev = dutyscore.evaluate(jiangsu, duty("u1", 7) + duty("u2", 13), units=UNITS, period=2018)
    # mean 10: u1 −30 % → 6 steps → −6; u2 +30 % → +6
    assert _rule_sum(ev.unit_model("u1"), "general-below-cohort") == -6
    assert _rule_sum(ev.unit_model("u2"), "general-above-cohort") == 6


def test_cohort_step_without_a_cohort_warns(jiangsu: dutyscore.Scheme) -> None:
    ev = dutyscore.evaluate(
        jiangsu, [_rec("d", "duty_record", {"item": "p1", "qualifying": True})], period=2018
    )
    assert any("no cohort for this unit" in w.message and w.code == "no_cohort" for w in ev.warnings)


@pytest.mark.parametrize(
    ("where", "attrs", "expected"),
    [
        ({"level": "central"}, {"level": "central"}, True),
        ({"level": {"in": ["a", "b"]}}, {"level": "b"}, True),
        ({"items": "p4"}, {"items": ("p4", "s5")}, True),
        ({"items": {"contains": "p7"}}, {"items": ("p4",)}, False),
        ({"n": {"ge": 5, "le": 10}}, {"n": 10}, True),
        ({"n": {"gt": 10}}, {"n": 10}, False),
        ({"n": {"lt": 2}}, {}, False),
    ],
)
def test_where_operators(where: dict[str, Any], attrs: dict[str, Any], expected: bool) -> None:
    assert compile_where(where)(_rec("r", "k", attrs)) is expected


def test_chinese_counting_words() -> None:
    assert count_holds({"ge": 5}, 5)  # 5以上 includes 5
    assert count_holds({"le": 10}, 10)  # 10以内 includes 10
    assert not count_holds({"gt": 10}, 10)  # 超过10 excludes 10
    assert not count_holds({"lt": 2}, 2)  # 不足/少于2 excludes 2


def test_decimal_arithmetic_is_exact(jiangsu: dutyscore.Scheme) -> None:
    urges = [_rec(f"u{i}", "rectification_urged", day=D(2018, 2 + i, 1)) for i in range(3)]
    amounts = [
        _rec("a1", "assessor_amount", {"rule": "general-urged-rectification", "amount": Decimal("0.1")}),
        _rec("a2", "assessor_amount", {"rule": "general-urged-rectification", "amount": Decimal("0.2")}),
    ]
    m = _unit(jiangsu, [*urges, *amounts])
    assert _rule_sum(m, "general-urged-rectification") == Decimal("-0.3")
    data = m.model_dump(mode="json")
    assert data["deduction"] == "0.3" and data["total"] == "79.7"
