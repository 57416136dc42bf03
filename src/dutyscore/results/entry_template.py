"""An entry workbook for a scheme (``dutyscore template``): what clerks fill instead of YAML.

One sheet per event kind, named by its title (cut to Excel's 31 characters; the reader takes
the name back to the kind), headed in Chinese: 编号, 单位, 发生日期, 记实日期, then each attribute
by its title. Drop-down lists hold each attribute's allowed values, 是/否 for a truth value and
the scored items by their titles (the reader takes a title back to its item); date columns
are dates. A guidance sheet (填表说明) says what each sheet and column is for and holds the
lists; a units sheet (单位名单) lists the units. Both are the template's own: the reader skips
them. What a clerk fills reads back with no edits.

Written with XlsxWriter (the ``xlsx`` extra); the CSV form is one file with a 类型 column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from ..records.model import FIELDS, GUIDE_SHEET, UNITS_SHEET, field_name, sheet_name
from ..records.units import Unit
from ..scheme.model import Scheme
from ..scheme.parts import Attribute, EventKind
from .xlsx import new_book

#: The base fields' headers, as the reader takes them (``records.model.FIELD_TITLES``).
BASE = ["编号", "单位", "发生日期", "记实日期"]
BASE_GUIDE = ["记录编号，全表唯一", "被考核单位编码（见“单位名单”）", "事项发生日期", "录入平台日期"]
DATES = {"validate": "date", "criteria": ">=", "value": "1949-01-01", "error_message": "请填写日期"}
#: Rows that get the drop-downs and date formats.
ROWS = 2000
_TYPES = {
    "string": "文本",
    "integer": "整数",
    "decimal": "数值",
    "boolean": "是/否",
    "date": "日期",
    "item": "考核项目",
    "rule": "规则编号",
}


def _headers(kind: EventKind) -> list[tuple[str, str, Attribute]]:
    """(attribute id, header, spec) of a kind's attributes: the title where no other attribute of
    the kind has it and it names no field, else the id."""
    titles = [a.title for a in kind.attributes.values()]
    out = []
    for name, spec in kind.attributes.items():
        title = spec.title
        usable = title and titles.count(title) == 1 and title not in BASE and title not in kind.attributes
        out.append((name, title if usable and title else _attribute_column(name), spec))
    return out


def _attribute_column(name: str) -> str:
    """An attribute's column by its id: ``attributes.kind`` where the id is also a field's."""
    return f"attributes.{name}" if field_name(name) in FIELDS else name


def _sheet_names(scheme: Scheme) -> dict[str, str]:
    """Kind id → its sheet's name (the title's, or the id where two titles cut alike)."""
    names = {k: sheet_name(kind.title) for k, kind in scheme.event_kinds.items()}
    taken = list(names.values())
    reserved = (GUIDE_SHEET, UNITS_SHEET)
    return {k: n if taken.count(n) == 1 and n not in reserved else k for k, n in names.items()}


def _item_choices(scheme: Scheme) -> list[str]:
    """The scored items as a drop-down shows them: by title where it is unique, else by id."""
    leaves = scheme.leaf_items()
    titles = [i.title for i in leaves]
    return [i.title if titles.count(i.title) == 1 else i.id for i in leaves]


def _guide(spec: Attribute) -> str:
    said = [_TYPES.get(spec.type, spec.type)]
    said.append("必填" if spec.required else "选填")
    if spec.many:
        said.append("可填多个，用;分隔")
    if spec.values:
        said.append("可选：" + "、".join(str(v) for v in spec.values))
    if spec.min is not None:
        said.append(f"最小{spec.min}")
    if spec.max is not None:
        said.append(f"最大{spec.max}")
    if spec.default is not None:
        said.append(f"不填按{spec.default}")
    return "；".join(said)


def template_xlsx(scheme: Scheme, units: Sequence[Unit] = ()) -> bytes:
    """The entry workbook's bytes (see the module's docstring)."""
    book, buffer = new_book()
    head = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1, "text_wrap": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    text = book.add_format({"num_format": "@"})
    guide = book.add_worksheet(GUIDE_SHEET)
    guide.set_column(0, 0, 24)
    guide.set_column(1, 1, 30)
    guide.set_column(2, 2, 70)
    guide.write_row(0, 0, ["工作表", "列", "填写说明"], head)
    items = _item_choices(scheme)
    guide.write(0, 4, "考核项目（下拉选项）", head)
    guide.set_column(4, 4, 40)
    for n, choice in enumerate(items, start=1):
        guide.write_string(n, 4, choice)
    item_range = f"='{GUIDE_SHEET}'!$E$2:$E${len(items) + 1}" if items else None
    line = 1
    names = _sheet_names(scheme)
    for kind_id, kind in scheme.event_kinds.items():
        sheet = book.add_worksheet(names[kind_id])
        columns = _headers(kind)
        sheet.write_row(0, 0, [*BASE, *(header for _, header, _ in columns)], head)
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, 1, 14, text)
        sheet.set_column(2, 3, 12, day)
        for col in (2, 3):
            sheet.data_validation(1, col, ROWS, col, DATES)
        guide.write_row(line, 0, [names[kind_id], "", kind.title + (f"（{kind.note}）" if kind.note else "")])
        line += 1
        for header, said in zip(BASE, BASE_GUIDE, strict=True):
            guide.write_row(line, 0, ["", header, said])
            line += 1
        for col, (_, header, spec) in enumerate(columns, start=len(BASE)):
            guide.write_row(line, 0, ["", header, _guide(spec)])
            line += 1
            width = max(10, min(30, 2 * len(header) + 2))
            sheet.set_column(col, col, width, day if spec.type == "date" else text)
            choices: Any = None
            if spec.type == "boolean":
                choices = ["是", "否"]
            elif spec.type == "item" and not spec.many:
                leaves = scheme.leaf_items()
                allowed = [c for c, i in zip(items, leaves, strict=True) if i.id in (spec.values or ())]
                choices = allowed if spec.values else item_range
            elif spec.values and not spec.many:
                choices = [str(v) for v in spec.values]
            if isinstance(choices, list) and len(",".join(choices)) > 250:
                choices = None  # Excel's limit on a list written inline; the guide lists them
            if choices is not None:
                sheet.data_validation(
                    1, col, ROWS, col,
                    {"validate": "list", "source": choices, "error_type": "warning"},
                )
            elif spec.type == "date":
                sheet.data_validation(1, col, ROWS, col, DATES)
            if spec.title and header != spec.title:
                sheet.write_comment(0, col, spec.title)
        sheet.write_comment(0, 0, kind.title)
    units_sheet = book.add_worksheet(UNITS_SHEET)
    units_sheet.write_row(0, 0, ["单位编码", "单位名称", "类别"], head)
    units_sheet.set_column(0, 2, 18, text)
    for n, unit in enumerate(units, start=1):
        units_sheet.write_row(n, 0, [unit.id, unit.name, unit.category or ""])
    book.close()
    return buffer.getvalue()


def template_csv(scheme: Scheme) -> str:
    """The entry template as one CSV header: the base fields with 类型 (the kind, by its title)
    and every attribute of every kind (by id: kinds' titles may clash)."""
    seen: dict[str, None] = {}
    for kind in scheme.event_kinds.values():
        seen.update(dict.fromkeys(kind.attributes))
    out = io.StringIO()
    columns = [_attribute_column(name) for name in seen]
    base = [*BASE[:2], "类型", *BASE[2:]]
    csv.writer(out, lineterminator="\r\n").writerow([*base, *columns])
    return out.getvalue()
