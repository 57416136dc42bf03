"""``show`` and ``sheet`` as workbooks: amounts are number cells, text from inputs stays text
(a name that starts with ``=`` is no formula), every rule is on the rubric's sheet, every unit
has its sheet and each cohort its ranking with a chart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import dutyscore

from ..conftest import CliResult

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangsu-platform-2018"


def test_the_rubric_workbook_holds_every_rule(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    target = tmp_path / "rubric.xlsx"
    assert cli("show", "qinglian-jiguan", "--format", "xlsx", "--output", str(target)).code == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["评分细则", "总分与等次"]
    header = [c.value for c in book["评分细则"][2]]
    rule, points = header.index("规则"), header.index("分值")
    rows = list(book["评分细则"].iter_rows(min_row=3, values_only=True))
    scheme = dutyscore.load_scheme("qinglian-jiguan")
    assert {r[rule] for r in rows if r[rule]} == {r.id for r in scheme.rules}
    first = next(r for r in rows if r[rule] == "q0.1-a")
    assert (first[0], first[points]) == ("1", 2)  # the number as printed, the points a number


def test_the_sheet_workbook_has_a_sheet_per_unit_numbers_and_charts(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    units = tmp_path / "units.yaml"
    units.write_text(
        (EXAMPLE / "units.yaml").read_text("utf-8").replace("name: 南京市", "name: \"=cmd|' /C calc'!A0\""),
        "utf-8",
    )
    target = tmp_path / "sheets.xlsx"
    made = cli(
        "sheet", "--scheme", "jiangsu-platform-2018", "--units", str(units), "--period", "2018",
        "--format", "xlsx", "--output", str(target),
        str(EXAMPLE / "duty-records.csv"), str(EXAMPLE / "findings.yaml"),
    )  # fmt: skip
    assert made.code == 0, made.err
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [
        "nanjing", "wuxi", "xuzhou", "changzhou", "suzhou", "ujs", "yzu", "排名-设区市", "排名-省属高校"
    ]  # fmt: skip
    nanjing = book["nanjing"]
    assert (
        nanjing["A2"].value
        == "被考核单位：=cmd|' /C calc'!A0（nanjing）　类别：设区市　考核方案：苏纪办发〔2018〕17号"
    )
    assert nanjing["A2"].data_type == "s"  # text, not a formula
    total = next(r for r in nanjing.iter_rows(values_only=True) if r[1] == "合计")
    assert total[5] == 91.5 and total[4] == "基本分 80 + 加分 11.5 - 扣分 0 = 91.5"
    ranking = list(book["排名-设区市"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[3], r[4]) for r in ranking] == [
        ("nanjing", 91.5, 1), ("suzhou", 81, 2), ("wuxi", 75, 3), ("xuzhou", 67.5, 4), ("changzhou", 0, 5)
    ]  # fmt: skip
    assert len(book["排名-设区市"]._charts) == 1
    refused = cli(
        "sheet", "--scheme", "jiangsu-platform-2018", "--format", "xlsx", str(EXAMPLE / "duty-records.csv")
    )
    assert refused.code == 2 and "give --output FILE.xlsx" in refused.err
