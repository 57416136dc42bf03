"""Cross-checks that close silent gaps: a `where` compares with values the attribute can take,
a `rule` value names a rule that reads the record's kind, and unread records are reported."""

from __future__ import annotations

import datetime as dt

import pytest

import dutyscore

BASE = """\
format: dutyscore/1
id: cross
version: "1"
title: 交叉检查
source: {document: doc}
documents: {doc: {number: 测试〔2024〕3号}}
effective: {from: 2024-01-01}
items:
  - {id: a, title: 甲, base: 10}
event_kinds:
  finding:
    title: 发现问题
    attributes:
      rule: {type: rule}
      severity: {type: string, values: [minor, serious]}
  praise: {title: 表扬}
  note: {title: 备注}
rules:
  - {id: r1, kind: per_occurrence, title: 每起扣1分, event: finding, where: {rule: r1, severity: minor},
     item: a, direction: deduction, points: 1, source: {document: doc, clause: 一}}
  - {id: r2, kind: per_occurrence, title: 严重的每起扣3分, event: finding, where: {rule: r2},
     item: a, direction: deduction, points: 3, source: {document: doc, clause: 二}}
  - {id: p1, kind: per_occurrence, title: 表扬加1分, event: praise, item: a, direction: bonus, points: 1,
     source: {document: doc, clause: 三}}
"""


def _problems(old: str, new: str) -> list[str]:
    assert old in BASE
    return [str(p) for p in dutyscore.iter_scheme_problems(BASE.replace(old, new), "cross.yaml")]


def test_the_base_scheme_is_clean() -> None:
    assert _problems("", "") == []


def test_a_where_value_outside_the_allowed_values_is_an_error() -> None:
    assert _problems("severity: minor}", "severity: light}") == [
        "cross.yaml:19:84: rules[0].where.severity: 'light' is not a value of 'severity' of 'finding' "
        "(minor, serious)"
    ]
    assert _problems("severity: minor}", "severity: {in: [minor, grave]}}") == [
        "cross.yaml:19:84: rules[0].where.severity: 'grave' is not a value of 'severity' of 'finding' "
        "(minor, serious)"
    ]


def test_a_where_rule_must_exist_and_read_the_kind() -> None:
    assert _problems("where: {rule: r2}", "where: {rule: r9}") == [
        "cross.yaml:21:77: rules[1].where.rule: unknown rule 'r9'"
    ]
    assert _problems("where: {rule: r2}", "where: {rule: p1}") == [
        "cross.yaml:21:77: rules[1].where.rule: rule 'p1' does not look at 'finding' records"
    ]


def test_selecting_another_rules_findings_is_a_warning() -> None:
    # 党建 2021 wrote `where: {rule: <own id>}` 111 times; a typo naming a neighbour scores twice
    assert _problems("where: {rule: r2}", "where: {rule: r1}") == [
        "cross.yaml:21:77: warning: rules[1].where.rule: rule 'r2' selects records filed under rule "
        "'r1', not its own id"
    ]


def test_a_record_naming_a_rule_that_does_not_read_its_kind_is_refused() -> None:
    scheme, _ = dutyscore.load_scheme_text(BASE)
    raw = {"id": "f1", "unit": "u", "kind": "finding", "act_date": "2024-03-01", "record_date": "2024-03-01"}
    records, problems = dutyscore.validate_records(
        [dutyscore.RawRecord({**raw, "attributes": {"rule": "p1", "severity": "minor"}}, "f.yaml", 3)], scheme
    )
    assert records == []
    assert [str(p) for p in problems] == [
        "f.yaml:3:1: record 'f1' field 'attributes.rule': rule 'p1' does not look at 'finding' records"
    ]


def test_records_nothing_reads_are_counted_per_kind() -> None:
    scheme, _ = dutyscore.load_scheme_text(BASE)
    day = dt.date(2024, 3, 1)
    records = [
        dutyscore.Record("n1", "u", "note", day, day),
        dutyscore.Record("n2", "u", "note", day, day),
        dutyscore.Record("p1", "u", "praise", day, day),
    ]
    ev = dutyscore.evaluate(scheme, records, period=2024)
    assert ev.totals == {"u": 11}
    unread = [w for w in ev.warnings if w.code == "unread_records"]
    assert [w.message for w in unread] == [
        "2 record(s) of kind 'note' (first: n1): no rule, veto or obligation of cross looks at them"
    ]
    assert [w.record for w in unread] == ["n1"]


@pytest.mark.parametrize("sid", dutyscore.bundled_scheme_ids())
def test_every_bundled_event_kind_is_read(sid: str) -> None:
    scheme = dutyscore.load_scheme(sid)
    assert set(scheme.event_kinds) == scheme.read_kinds()
