"""``dutyscore template``: the entry workbook a clerk fills. Filled as a person would (titles
in the drop-down columns, dates typed as dates, 是/否), it scores with no edits exactly as the
same records in the example's own files do."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import dutyscore

from .._examples import SCORED
from ..conftest import CliResult

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")
pytest.importorskip("python_calamine")

ROOT = Path(__file__).resolve().parents[2]
CASES = SCORED


def _fill(path: Path, scheme: dutyscore.Scheme, records: list[dutyscore.Record]) -> None:
    """Write ``records`` into the template as a clerk would: on the sheet of their kind, under the
    Chinese headers, items by their titles, truth values as 是/否, dates as dates."""
    book = openpyxl.load_workbook(path)
    titles = {i.id: i.title for i in scheme.leaf_items()}
    unique = {t for t in titles.values() if list(titles.values()).count(t) == 1}
    by_sheet = {}
    for ws in book.worksheets:
        comment = ws.cell(1, 1).comment
        if comment is not None:
            kind = next(k for k, v in scheme.event_kinds.items() if v.title == comment.text.strip())
            by_sheet[kind] = ws
    for record in records:
        ws = by_sheet[record.kind]
        kind = scheme.event_kinds[record.kind]
        headers = [c.value for c in ws[1]]
        row = [
            record.id,
            record.unit,
            dt.datetime.combine(record.act_date, dt.time()),
            dt.datetime.combine(record.record_date, dt.time()),
        ]
        for header in headers[4:]:
            name = next(
                (n for n, a in kind.attributes.items() if header in (a.title, n, f"attributes.{n}")), None
            )
            value = record.attributes.get(name) if name is not None else None
            spec = kind.attributes[name] if name is not None else None
            if value is None or spec is None:
                row.append(None)
            elif spec.type == "item" and not spec.many and titles[value] in unique:
                row.append(titles[value])
            elif spec.type == "boolean":
                row.append("是" if value else "否")
            elif spec.many:
                row.append(";".join(str(v) for v in value))
            elif spec.type == "date":
                row.append(dt.datetime.combine(value, dt.time()))
            else:
                row.append(value if isinstance(value, int | str) else str(value))
        ws.append(row)
    book.save(path)


@pytest.mark.parametrize(("scheme_id", "period", "files"), CASES, ids=[c[0] for c in CASES])
def test_a_filled_template_scores_as_the_examples_files(
    scheme_id: str, period: str, files: list[str], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    example = ROOT / "examples" / scheme_id
    scheme = dutyscore.load_scheme(scheme_id)
    units = str(example / "units.yaml")
    book = tmp_path / "entry.xlsx"
    made = cli("template", scheme_id, "--units", units, "--output", str(book))
    assert made.code == 0, made.err
    paths = [str(example / f) for f in files]
    records = dutyscore.load_records(paths, scheme)
    _fill(book, scheme, list(records))
    common = ["score", "--scheme", scheme_id, "--units", units, "--period", period, "--format", "json"]
    original = cli(*common, *paths)
    filled = cli(*common, str(book))
    assert filled.code == 0, filled.err
    want, got = json.loads(original.out), json.loads(filled.out)
    assert [(u["unit"], u["total"], u["grade"]) for u in got["units"]] == [
        (u["unit"], u["total"], u["grade"]) for u in want["units"]
    ]
    assert got["accounting"] == want["accounting"]


def test_the_template_has_chinese_headers_drop_downs_and_the_units() -> None:
    from dutyscore.results.entry_template import template_xlsx

    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    units = dutyscore.load_units(ROOT / "examples" / "jiangsu-platform-2018" / "units.yaml", scheme)
    import io

    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(scheme, units)))
    assert book.sheetnames[0] == "填表说明" and book.sheetnames[-1] == "单位名单"
    kind = scheme.event_kinds["duty_record"]
    ws = book[kind.title[:31]]
    assert [c.value for c in ws[1]][:4] == ["编号", "单位", "发生日期", "记实日期"]
    assert kind.attributes["item"].title in [c.value for c in ws[1]]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any("填表说明" in (dv.formula1 or "") for dv in lists)  # items by title, from the guide sheet
    assert any(dv.formula1 == '"是,否"' for dv in lists)
    guide = book["填表说明"]
    assert [guide.cell(n, 5).value for n in range(2, 4)] == [i.title for i in scheme.leaf_items()][:2]
    listed = [[c.value for c in row] for row in book["单位名单"].iter_rows(min_row=2)]
    assert ["nanjing", "南京市", "设区市"] in listed and len(listed) == len(units)


def test_the_csv_template_reads_back(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    header = cli("template", "qinglian-jiguan", "--format", "csv")
    assert header.code == 0
    assert header.out.startswith("编号,单位,类型,发生日期,记实日期,rule,count,")
    assert "attributes.kind" in header.out  # meeting_speech's attribute named kind
    path = tmp_path / "filled.csv"
    row = "c9,c,考评发现的扣分情形,2022-06-01,2022-06-01,q0.1-a,2" + "," * (header.out.count(",") - 6)
    path.write_text(header.out + row + "\n", "utf-8")
    [record] = dutyscore.load_records(path, dutyscore.load_scheme("qinglian-jiguan"))
    assert (record.kind, record.attributes["rule"], record.attributes["count"]) == ("finding", "q0.1-a", 2)
