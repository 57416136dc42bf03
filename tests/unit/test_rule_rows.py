"""Rules written as rows: each row is the rule it stands for, and a problem points at its cell."""

from __future__ import annotations

import dutyscore

TEXT = """\
format: dutyscore/1
id: rows
version: "1"
title: 行式规则
source: {document: doc}
documents: {doc: {number: 测试〔2024〕5号}}
effective: {from: 2024-01-01}
items:
  - {id: a, title: 甲, base: 10}
  - {id: b, title: 乙, base: 10}
event_kinds:
  finding:
    title: 发现问题
    attributes:
      rule: {type: rule}
      count: {type: integer, required: false, default: 1, min: 1}
rules:
  - rows:
      defaults: {event: finding, direction: deduction, document: doc, own_id: rule}
      per_kind: {per_occurrence: {quantity: count}, count_threshold: {count: {ge: 1}}}
      columns: [id, item, kind, points, clause, title]
      rows:
        - [r1, a, per_occurrence, 0.5, 一, 每项扣0.5分]
        - [r2, a, count_threshold, 2, 二, 未开展的扣2分]
        - {id: r3, item: b, kind: per_occurrence, points: base, clause: 三, title: 本项不得分, cap: 10}
  - {id: r4, kind: per_occurrence, title: 每项扣1分, item: b, direction: deduction, event: finding,
     where: {rule: r4}, points: 1, source: {document: doc, clause: 四}}
"""


def test_rows_are_the_rules_they_stand_for() -> None:
    scheme, problems = dutyscore.load_scheme_text(TEXT)
    assert problems == []
    assert [r.id for r in scheme.rules] == ["r1", "r2", "r3", "r4"]
    r1, r2, r3 = scheme.rules[:3]
    assert r1.model_dump(include={"kind", "item", "event", "where", "direction", "source"}) == {
        "kind": "per_occurrence",
        "item": "a",
        "event": "finding",
        "where": {"rule": "r1"},
        "direction": "deduction",
        "source": {"document": "doc", "clause": "一", "quote": None},
    }
    assert r1.model_dump()["quantity"] == "count" and r2.model_dump()["count"] == {"ge": 1}
    assert r3.model_dump()["points"] == "base" and r3.cap == 10


def _problems(old: str, new: str) -> list[str]:
    assert old in TEXT
    return [str(p) for p in dutyscore.iter_scheme_problems(TEXT.replace(old, new), "rows.yaml")]


def test_a_bad_cell_points_at_the_cell() -> None:
    # the third cell of row 2 (line 24): an unknown kind
    assert _problems("[r2, a, count_threshold,", "[r2, a, count_treshold,") == [
        "rows.yaml:24:19: rules[1].kind: 'count_treshold' is not one of ['cohort_step', 'count_threshold', "
        "'discretionary', 'lateness', 'override', 'per_occurrence', 'percentage_step', 'score_input', "
        "'table', 'vote_share']"
    ]
    assert _problems("[r1, a, per_occurrence, 0.5,", "[r1, c, per_occurrence, 0.5,") == [
        "rows.yaml:23:16: rules[0].item: item 'c' is unknown"
    ]


def test_a_row_with_too_few_cells_is_located() -> None:
    assert _problems("[r2, a, count_threshold, 2, 二, 未开展的扣2分]", "[r2, a, count_threshold, 2, 二]") == [
        "rows.yaml:24:11: rules[0].rows.rows[1]: the row has 5 cells; the columns are 6"
    ]


def test_a_malformed_block_is_located() -> None:
    assert _problems("      columns: [id, item, kind, points, clause, title]\n", "") == [
        "rows.yaml:18:5: rules[0].rows.columns: Field required"
    ]
