"""The result JSON of units whose lines are all in the ledger's columns is written per rule and
kind (``UnitText``'s group writer) only for rules whose line text its amount and cut fix; every
other shape of column line goes line by line. Either way the text is the models' dump."""

from __future__ import annotations

import datetime as dt
import io

import dutyscore
from dutyscore.results.written import solo_rules
from dutyscore.scoring.plan import plan_of

SCHEME = """
format: dutyscore/1
id: written-groups
version: "1"
title: 分组写出测试方案
source: {document: test}
documents:
  test: {number: 测试〔2025〕1号, date: 2025-01-01}
effective: {from: 2025-01-01}
items:
  - {id: a, title: 甲项, base: 10}
  - {id: b, title: 乙项, base: 10}
event_kinds:
  talk: {title: 谈话}
  case:
    title: 案件
    attributes:
      grade: {type: string, values: [x, y]}
      persons: {type: integer}
  slip:
    title: 差错
    attributes:
      item: {type: item}
  miss: {title: 缺漏}
  note: {title: 备注}
rules:
  - {id: talk, kind: per_occurrence, title: 谈话 加1分 最多加2分, item: a, direction: bonus, event: talk,
     points: 1, cap: 2, source: {document: test, clause: 一}}
  - {id: case, kind: table, title: 案件 每人按等级扣分, item: a, direction: deduction, event: case,
     keys: [grade], table: {x: 1, y: 2}, quantity: persons, source: {document: test, clause: 二}}
  - {id: slip, kind: per_occurrence, title: 差错 扣1分 记入所涉项目, item_from: item, direction: deduction,
     event: slip, points: 1, source: {document: test, clause: 三}}
  - {id: miss-a, kind: per_occurrence, title: 缺漏 甲项扣1分, item: a, direction: deduction, event: miss,
     points: 1, cap: 2, source: {document: test, clause: 四}}
  - {id: miss-b, kind: per_occurrence, title: 缺漏 乙项扣0.5分, item: b, direction: deduction, event: miss,
     points: 0.5, source: {document: test, clause: 五}}
"""


def _record(rid: str, unit: str, kind: str, day: int, **attributes: object) -> dutyscore.Record:
    act = dt.date(2025, 3, day)
    return dutyscore.Record(rid, unit, kind, act, act, attributes)


def _written(ev: dutyscore.Evaluation) -> str:
    out = io.StringIO()
    ev.write_json(out)
    return out.getvalue()


def test_only_rules_whose_amount_fixes_their_text_are_written_by_group() -> None:
    scheme, _ = dutyscore.load_scheme_text(SCHEME)
    rules = [r.id for r in scheme.rules]
    solo = {rules[i] for i in solo_rules(plan_of(scheme))}
    # a quantity (2 × 1 and 1 × 2 are both 2), an item named by the record, a kind two rules read
    assert solo == {"talk"}


def test_units_of_every_shape_of_column_line_are_written_as_the_models_dump() -> None:
    scheme, _ = dutyscore.load_scheme_text(SCHEME)
    records = [
        _record("t2", "u1", "talk", 5),
        _record("t1", "u1", "talk", 5),
        _record("t3", "u1", "talk", 1),
        _record("n1", "u1", "note", 2),  # a kind no rule reads
        _record("c1", "u2", "case", 2, grade="x", persons=2),  # 2 × 1
        _record("c2", "u2", "case", 3, grade="y", persons=1),  # 1 × 2: the same amount
        _record("s1", "u3", "slip", 2, item="a"),
        _record("s2", "u3", "slip", 4, item="b"),
        _record("m1", "u4", "miss", 2),
        _record("m2", "u4", "miss", 3),
        _record("m3", "u4", "miss", 4),  # the third: miss-a's cap of 2 cuts it
        _record("t4", "u5", "talk", 9),
        _record("c3", "u5", "case", 9, grade="y", persons=3),
    ]
    ev = dutyscore.evaluate(scheme, records, period=2025)
    assert _written(ev) == ev.to_model().model_dump_json(indent=2) + "\n"
    assert [e.records for e in ev.entries("u1") if e.rule == "talk"] == [("t3",), ("t1",), ("t2",)]
    details = {e.records[0]: e.detail for e in ev.entries("u2") if e.rule == "case"}
    assert details == {"c1": "2 × 1", "c2": "1 × 2"}
    statuses = ev.to_model().units
    u1 = next(u for u in statuses if u.unit == "u1")
    assert [(r.record, r.status) for r in u1.records] == [
        ("t3", "contributing"),
        ("n1", "unmatched"),
        ("t1", "contributing"),
        ("t2", "capped"),  # the third talk: the cap of 2 is full
    ]
    u4 = next(u for u in statuses if u.unit == "u4")
    assert [(r.record, r.status, r.rules) for r in u4.records] == [
        ("m1", "contributing", ["miss-a", "miss-b"]),
        ("m2", "contributing", ["miss-a", "miss-b"]),
        ("m3", "contributing", ["miss-a", "miss-b"]),
    ]
