"""The rubric and the 评分表 as workbooks (XlsxWriter, the ``xlsx`` extra), from the same models
the Markdown and HTML come from. Amounts are number cells (what is shown rounded is written
rounded: a spreadsheet holds no exact fraction); text from schemes and records is written as
text, never as a formula (``strings_to_formulas`` off, and a leading ``= + - @`` kept as text)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from .._problems import UsageError
from ..records.model import sheet_name
from .rubric import RubricModel
from .sheet import SheetsModel

_NUMBER = re.compile(r"(?:≈ )?(-?\d+(?:\.\d+)?)")


def new_book() -> tuple[Any, io.BytesIO]:
    """An XlsxWriter workbook in memory that never writes input text as a formula, a number or
    a link, and the buffer it fills; a :class:`UsageError` without the ``xlsx`` extra."""
    try:
        import xlsxwriter  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise UsageError("writing a workbook needs the xlsx extra: pip install 'dutyscore[xlsx]'") from None
    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    return xlsxwriter.Workbook(buffer, options), buffer


def _writer(sheet: Any, number: Any) -> Callable[[int, int, str], None]:
    """Write a shown amount as a number cell, any other text as a text cell."""

    def write(row: int, col: int, value: str) -> None:
        found = _NUMBER.fullmatch(value)
        if found is not None:
            sheet.write_number(row, col, float(found.group(1)), number)
        else:
            sheet.write_string(row, col, value)

    return write


def rubric_xlsx(model: RubricModel) -> bytes:
    """The rubric's table on one sheet, what follows it on a second."""
    book, buffer = new_book()
    head = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    number = book.add_format({"num_format": "0.##", "valign": "top"})
    sheet = book.add_worksheet("评分细则")
    write = _writer(sheet, number)
    sheet.write_string(0, 0, f"{model.title}（{model.scheme} {model.version}）")
    sheet.write_row(1, 0, model.columns, head)
    widths = {"number": 6, "item": 40, "points": 8, "rule": 22, "clause": 36, "office": 16}
    for col, show in enumerate(model.shows):
        sheet.set_column(col, col, widths.get(show, 60), wrap)
    sheet.freeze_panes(2, 0)
    for n, line in enumerate(model.lines, start=2):
        for col, (show, value) in enumerate(zip(model.shows, line.cells, strict=True)):
            if show == "points" and value:
                write(n, col, value)
            else:
                sheet.write_string(n, col, value)
    after = book.add_worksheet("总分与等次")
    after.set_column(0, 0, 100, wrap)
    n = 0
    for part in model.parts:
        after.write_string(n, 0, part.title, head)
        n += 1
        for said in part.lines:
            after.write_string(n, 0, said)
            n += 1
    book.close()
    return buffer.getvalue()


def sheets_xlsx(model: SheetsModel) -> bytes:
    """A worksheet per unit's 评分表 (named by the unit's id) and one per cohort's ranking, set up
    to print on A4 landscape, the header row repeated on each page."""
    book, buffer = new_book()
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    head = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1, "align": "center"})
    cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    number = book.add_format({"num_format": "0.##", "valign": "top", "border": 1})
    bold = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "border": 1, "bg_color": "#F6F6F6"}
    )
    used: set[str] = set()
    for u in model.units:
        name = _sheet_name(u.unit, used)
        sheet = book.add_worksheet(name)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(3)
        write = _writer(sheet, number)
        for col, width in enumerate((6, 30, 8, 50, 60, 8)):
            sheet.set_column(col, col, width, cell)
        sheet.merge_range(0, 0, 0, 5, f"{model.period}年度{model.title}评分表", title)
        sheet.merge_range(
            1, 0, 1, 5, f"被考核单位：{u.name}（{u.unit}）　类别：{u.category}　考核方案：{model.document}"
        )
        sheet.write_row(3, 0, ["序号", "考核内容", "分值", "评分标准", "扣分/加分原因", "得分"], head)
        line = 4
        for row in u.rows:
            style = bold if row.section else cell
            sheet.write_string(line, 0, row.number, style)
            sheet.write_string(line, 1, "　" * row.depth + row.title, style)
            write(line, 2, row.points) if row.points else sheet.write_blank(line, 2, None, style)
            sheet.write_string(line, 3, "\n".join(row.standard), style)
            sheet.write_string(line, 4, "\n".join(row.reasons), style)
            write(line, 5, row.score) if row.score else sheet.write_blank(line, 5, None, style)
            line += 1
        sheet.write_string(line, 1, "合计", bold)
        sheet.write_string(line, 4, u.total_line, bold)
        write(line, 5, u.total)
        line += 2
        sheet.write_string(
            line, 0, f"排名：{u.rank}　　等次：{u.grade}　　处理：{'；'.join(u.consequences) or '—'}"
        )
        for said in [*u.vetoes, *([f"注：{u.partial}"] if u.partial else [])]:
            line += 1
            sheet.write_string(line, 0, said)
        line += 2
        sheet.write_string(
            line,
            0,
            "考核组成员（签字）：____________　　被考核单位负责人（签字）：____________　　年　　月　　日",
        )
    for c in model.rankings:
        sheet = book.add_worksheet(_sheet_name(f"排名-{c.cohort}", used))
        write = _writer(sheet, number)
        sheet.write_row(0, 0, ["序号", "单位", "名称", "总分", "排名", "等次", "处理"], head)
        for n, ranked in enumerate(c.rows, start=1):
            sheet.write_number(n, 0, n)
            sheet.write_string(n, 1, ranked.unit)
            sheet.write_string(n, 2, ranked.name)
            write(n, 3, ranked.total)
            write(n, 4, ranked.rank)
            sheet.write_string(n, 5, ranked.grade)
            sheet.write_string(n, 6, ranked.consequences)
        chart = book.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": "总分",
                "categories": [sheet.name, 1, 2, len(c.rows), 2],
                "values": [sheet.name, 1, 3, len(c.rows), 3],
            }
        )
        chart.set_title({"name": f"{model.period}年度总分：{c.cohort}"})
        chart.set_legend({"none": True})
        sheet.insert_chart(1, 8, chart)
    book.close()
    return buffer.getvalue()


def _sheet_name(wanted: str, used: set[str]) -> str:
    """A sheet name Excel takes (:func:`~dutyscore.records.model.sheet_name`), unique in the book."""
    base = sheet_name(wanted)
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
        n += 1
    used.add(name.lower())
    return name
