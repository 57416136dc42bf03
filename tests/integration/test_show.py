"""``dutyscore show``: a scheme as the table it encodes, to hold beside its source. Every bundled
scheme and one written here render in Markdown and HTML, and every item (its number, title and
points) and every rule (its words, id and clause) of the scheme is in them; text from a scheme
is escaped in the HTML."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest

import dutyscore
from dutyscore.results.display import Display
from dutyscore.results.render import render
from dutyscore.results.rubric import rubric

from ..conftest import CliResult

SCHEME = """\
format: dutyscore/1
id: written-here
version: "1"
title: 测试评分表 <script>alert(1)</script>
source: {document: t}
documents:
  t: {number: 测试〔2024〕1号, date: 2024-01-01}
effective: {from: 2024-01-01}
items:
  - id: all
    title: 全部 | 管道
    total: 10
    children:
      - {id: a, number: 1, title: 甲项, base: 6, office: 办公室, max_deduction: base}
      - {id: b, number: 2, title: 乙项, base: 4}
event_kinds:
  finding: {title: 发现问题}
rules:
  - {id: ra, kind: per_occurrence, title: "每次扣2分 <b>粗</b>", item: a, direction: deduction,
     event: finding, points: 2, source: {document: t, clause: 一}}
  - {id: rb, kind: per_occurrence, title: 每次加0.5分, item: b, direction: bonus, event: finding,
     points: 0.5, source: {document: t, clause: 二}}
caps:
  - {id: cap-ab, title: 两项合计最多扣3分, rules: [ra], max: 3, source: {document: t, clause: 三}}
grading:
  grades: [好, 差]
  bands: [{grade: 好, min: 8}, {grade: 差, below: 8}]
"""


def _schemes() -> list[dutyscore.Scheme]:
    written, _ = dutyscore.load_scheme_text(SCHEME, "written.yaml")
    return [*(dutyscore.load_scheme(sid) for sid in dutyscore.bundled_scheme_ids()), written]


@pytest.mark.parametrize("scheme", _schemes(), ids=lambda s: s.id)
def test_every_item_and_rule_is_in_the_rendered_table(scheme: dutyscore.Scheme) -> None:
    model = rubric(scheme)
    shown = Display()
    for fmt, text in (
        ("md", render(model, "rubric", "md")),
        ("html", html.unescape(render(model, "rubric", "html"))),
    ):
        said = text.replace("\\|", "|")
        for item in scheme.all_items():
            assert item.title in said, (fmt, item.id)
            points = item.base if item.base is not None else item.total
            if points is not None:
                assert f"{shown.amount(points)}" in said, (fmt, item.id)
        for rule in scheme.rules:
            assert rule.title in said and rule.id in said and scheme.cite(rule.source) in said, (fmt, rule.id)
        for obligation in scheme.obligations:
            assert obligation.title in said
    rows = {row.id: row for row in model.rows}
    for item in scheme.all_items():
        row = rows[item.id]
        assert row.title == item.title and row.number == ("" if item.number is None else str(item.number))
        assert [r.id for r in row.rules] == [r.id for r in scheme.rules if r.item == item.id]


def test_the_written_scheme_reads_as_its_table() -> None:
    written, _ = dutyscore.load_scheme_text(SCHEME, "written.yaml")
    text = render(rubric(written), "rubric", "md")
    assert (
        "| 1 | 　甲项 （扣分不超过该项基本分（扣完为止）） | 6 | "
        "每次扣2分 <b>粗</b>（扣2分）；两项合计最多扣3分（cap-ab，最多3分）"
        in text
    )
    assert "| ra | 测试〔2024〕1号 一 | 办公室 |" in text
    assert "| 2 | 　乙项 | 4 | 每次加0.5分（加0.5分） | rb | 测试〔2024〕1号 二 |  |" in text
    assert "|  | 全部 \\| 管道 | 10 |" in text  # a pipe in a title stays in its cell
    assert "- 好：8分以上" in text and "- 差：8分（不含）以下" in text
    page = render(rubric(written), "rubric", "html")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>粗</b>" not in page and "&lt;b&gt;粗&lt;/b&gt;" in page
    assert "http" not in page.replace('xmlns="http', "")  # nothing fetched


def test_the_command_writes_both_formats(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    md = cli("show", "qinglian-jiguan")
    assert md.code == 0 and md.out.startswith("# 清廉机关建设考评细则\n")
    assert "未传达学习、专题研究和调度的，每项扣0.5分（扣0.5分） |  | q0.1-a" in md.out  # then 责任科室, 规则
    target = tmp_path / "ql.html"
    page = cli("show", "qinglian-jiguan", "--format", "html", "--output", str(target))
    assert page.code == 0 and page.out == ""
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")
    missing = cli("show", "no-such-scheme")
    assert missing.code == 2 and "no such scheme file or bundled scheme 'no-such-scheme'" in missing.err


def test_a_scheme_declares_the_columns_of_its_source(cli: Callable[..., CliResult]) -> None:
    """Jiangsu 2018's table has 扣分情形 and 加分情形 apart: a bonus rule stands in the second."""
    md = cli("show", "jiangsu-platform-2018").out
    assert "| 序号 | 项目 | 基本分值 | 扣分情形 | 加分情形 | 规则 | 条款 |" in md
    bonus = next(line for line in md.splitlines() if "p1-head-led-inspection" in line)
    cells = [c.strip() for c in bonus.strip("|").split("|")]
    assert cells[3] == "" and cells[4] == "主要负责人带队开展督查或检查考核的，加0.5分（加0.5分）"
