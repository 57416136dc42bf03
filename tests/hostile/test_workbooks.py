"""Workbooks as people save them, and as no one should: each case once gave a wrong score with
exit 0, a crash or a blow-up, and gives a located problem (or the right score) now. The
workbooks are built byte by byte (``tests/_workbook.py``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from .._workbook import Sheet, workbook
from ..conftest import CliResult

pytest.importorskip("python_calamine")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangsu-platform-2018"
SCORE = ["score", "--scheme", "jiangsu-platform-2018", "--period", "2018"]
HEADER = ["id", "unit", "kind", "act_date", "record_date", "item", "qualifying"]


def _example_rows(epoch: dt.date) -> list[list[object]]:
    """The example's duty records, its dates as the serial numbers of a workbook whose day 0 is
    ``epoch`` (an unformatted date column)."""
    with (EXAMPLE / "duty-records.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    out: list[list[object]] = [rows[0]]
    for row in rows[1:]:
        serial = [(dt.date.fromisoformat(row[i]) - epoch).days for i in (3, 4)]
        out.append([*row[:3], *serial, *row[5:]])
    return out


def _write(tmp_path: Path, data: bytes, name: str = "book.xlsx") -> str:
    (tmp_path / name).write_bytes(data)
    return str(tmp_path / name)


def _totals(result: CliResult) -> dict[str, str]:
    assert result.code == 0, result.err
    return {u["unit"]: u["total"] for u in json.loads(result.out)["units"]}


def test_a_1904_workbook_scores_as_the_original(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    """Its serial dates were read 1,462 days early: 62 of 103 records fell out of the period."""
    findings = str(EXAMPLE / "findings.yaml")
    original = _totals(cli(*SCORE, "--format", "json", str(EXAMPLE / "duty-records.csv"), findings))
    for epoch, date1904 in ((dt.date(1899, 12, 30), False), (dt.date(1904, 1, 1), True)):
        rows = _example_rows(epoch)
        assert len(rows) == 62  # the header and 61 duty records
        book = _write(tmp_path, workbook([Sheet("duty_record", rows)], date1904=date1904))
        assert _totals(cli(*SCORE, "--format", "json", book, findings)) == original


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (
            ("#", "#DIV/0!"),
            "book.xlsx[duty_record]:2:7: record 'r1' field 'attributes.qualifying': cell G2 holds an error "
            "value (#DIV/0!)",
        ),
        (
            ("=", "IF(A2=1,TRUE,FALSE)", None),
            "book.xlsx[duty_record]:2:7: record 'r1' field 'attributes.qualifying': cell G2 holds a formula "
            "with no calculated "
            "value (open and save it in Excel)",
        ),
    ],
)
def test_an_error_cell_or_an_uncalculated_formula_is_located(
    value: object, said: str, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Both were read as empty, so the attribute's default applied."""
    rows = [HEADER, ["r1", "nanjing", "duty_record", "2018-05-07", "2018-05-08", "p1", value]]
    result = cli(*SCORE, _write(tmp_path, workbook([Sheet("duty_record", rows)])))
    assert result.code == 2
    assert said in result.err.replace(f"{tmp_path}/", "")


def test_a_calculated_formula_is_read_by_its_value(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    rows = [
        HEADER,
        ["r1", "nanjing", "duty_record", ("=", "DATE(2018,5,7)", 43227), "2018-05-08", "p1", "true"],
    ]
    import dutyscore

    book = _write(tmp_path, workbook([Sheet("duty_record", rows)]))
    [record] = dutyscore.load_records(book, dutyscore.load_scheme("jiangsu-platform-2018"))
    assert (record.id, record.act_date) == ("r1", dt.date(2018, 5, 7))


def test_a_hidden_sheet_is_left_out_with_a_warning_or_read_when_asked(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Rows on hidden sheets were scored like the others."""
    shown = [HEADER, ["r1", "nanjing", "duty_record", "2018-05-07", "2018-05-08", "p1", "true"]]
    hidden = [HEADER, ["r2", "wuxi", "duty_record", "2018-05-07", "2018-05-08", "p1", "true"]]
    book = _write(tmp_path, workbook([Sheet("duty_record", shown), Sheet("old", hidden, hidden=True)]))
    left_out = cli(*SCORE, "--format", "json", book)
    assert left_out.code == 0, left_out.err
    assert [u["unit"] for u in json.loads(left_out.out)["units"]] == ["nanjing"]
    assert (
        "book.xlsx: warning: <root>: sheet 'old' is hidden: its rows are not read (unhide it, or read "
        "hidden sheets: "
        "--hidden-sheets, hidden_sheets=True)"
    ) in left_out.err.replace(f"{tmp_path}/", "")
    asked = cli(*SCORE, "--format", "json", "--hidden-sheets", book)
    assert [u["unit"] for u in json.loads(asked.out)["units"]] == ["nanjing", "wuxi"]
    assert "hidden" not in asked.err


def test_a_hidden_sheet_warns_through_the_library_too(tmp_path: Path) -> None:
    import dutyscore

    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    rows = [HEADER, ["r1", "nanjing", "duty_record", "2018-05-07", "2018-05-08", "p1", "true"]]
    more = [HEADER, ["r2", "nanjing", "duty_record", "2018-05-07", "2018-05-08", "p1", "true"]]
    book = _write(tmp_path, workbook([Sheet("a", more, hidden=True), Sheet("duty_record", rows)]))
    with pytest.warns(dutyscore.ReadWarning, match="sheet 'a' is hidden") as caught:
        records = dutyscore.load_records(book, scheme)
    assert [r.id for r in records] == ["r1"]
    assert caught[0].message.problem.file == book  # type: ignore[union-attr]
    assert [r.id for r in dutyscore.load_records(book, scheme, hidden_sheets=True)] == ["r2", "r1"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: b"PK" + b"\0" * 200,  # no zip directory
        lambda data: _replace_member(data, "xl/workbook.xml", b"<workbook><sheets><sheet name="),
        lambda data: _replace_member(data, "xl/workbook.xml", b"<!DOCTYPE x [<!ENTITY a 'b'>]><workbook/>"),
    ],
    ids=["truncated", "no-directory", "sheet-list-broken", "doctype"],
)
def test_a_workbook_that_cannot_be_read_is_an_error_not_zero_records(
    damage: Callable[[bytes], bytes], tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    rows = [HEADER, ["r1", "nanjing", "duty_record", "2018-05-07", "2018-05-08", "p1", "true"]]
    book = _write(tmp_path, damage(workbook([Sheet("duty_record", rows)])))
    result = cli(*SCORE, book)
    assert result.code == 2, result.out
    assert "book.xlsx: <root>: cannot read workbook: " in result.err.replace(f"{tmp_path}/", "")
    assert "Traceback" not in result.err


def _replace_member(data: bytes, name: str, body: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, body if info.filename == name else source.read(info))
    return out.getvalue()


@pytest.mark.parametrize(
    ("header", "said"),
    [
        (["id", "unit", "kind", "act_date", "record_date", "item", "unit"], "'unit'"),
        (
            ["id", "unit", "kind", "act_date", "record_date", "item", "attributes.item"],
            "'item' as 'attributes.item'",
        ),
    ],
)
def test_a_column_named_twice_is_refused_in_a_workbook_and_a_csv(
    header: list[str], said: str, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """The last of the two columns won in a workbook (and item beside attributes.item in a CSV)."""
    row = ["r1", "nanjing", "duty_record", "2018-05-07", "2018-05-08", "p1", "p2"]
    book = _write(tmp_path, workbook([Sheet("duty_record", [header, row])]))
    result = cli(*SCORE, book)
    assert result.code == 2
    assert f"book.xlsx[duty_record]:1:1: <root>: the sheet's header names column(s) twice: {said}" in (
        result.err.replace(f"{tmp_path}/", "")
    )
    (tmp_path / "r.csv").write_text(",".join(header) + "\n" + ",".join(row) + "\n", "utf-8")
    for reader in ("python", "auto"):
        result = cli(*SCORE, "--reader", reader, str(tmp_path / "r.csv"))
        assert result.code == 2
        assert f"r.csv:1:1: <root>: CSV header names column(s) twice: {said}" in result.err.replace(
            f"{tmp_path}/", ""
        )


@pytest.mark.parametrize("serial", ["1e10", "3000000", "1e300", "NaN", "-5", "INF"])
def test_a_serial_date_out_of_range_is_a_located_problem(
    serial: str, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Each raised OverflowError or ValueError from the date arithmetic."""
    rows = [HEADER, ["r1", "nanjing", "duty_record", "2018-05-07", "2018-05-08", "p1", "true"]]
    sheet = Sheet("duty_record", rows)
    xml = sheet.xml().replace(
        '<c r="D2" t="inlineStr"><is><t xml:space="preserve">2018-05-07</t></is></c>',
        f'<c r="D2"><v>{serial}</v></c>',
    )
    assert f"<v>{serial}</v>" in xml
    data = _replace_member(workbook([sheet]), "xl/worksheets/sheet1.xml", xml.encode())
    result = cli(*SCORE, _write(tmp_path, data))
    assert result.code == 2, result.out
    assert "book.xlsx[duty_record]:2:1: record 'r1' field 'act_date':" in result.err.replace(
        f"{tmp_path}/", ""
    )
    assert "Traceback" not in result.err


def test_a_cell_at_the_far_corner_is_refused_before_anything_is_allocated(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """A 1,620-byte workbook with one cell at XFD1048576 aborted the process (512 GiB asked for)."""
    rows = [HEADER, ["r1", "nanjing", "duty_record", "2018-05-07", "2018-05-08", "p1", "true"]]
    book = workbook([Sheet("duty_record", rows, cells={"XFD1048576": "x"})])
    assert len(book) < 2000
    result = cli(*SCORE, _write(tmp_path, book))
    assert result.code == 2
    assert (
        "book.xlsx[duty_record]: <root>: the sheet has 1,048,576 rows × 16,384 columns from A1, more "
        "than the "
        "4,194,304 cells dutyscore reads"
    ) in result.err.replace(f"{tmp_path}/", "")
    declared = workbook([Sheet("duty_record", rows, dimension="A1:XFD1048576")])
    result = cli(*SCORE, _write(tmp_path, declared))
    assert result.code == 2
    assert "the sheet declares 1,048,576 rows × 16,384 columns" in result.err


def test_a_zip_bomb_is_refused_with_its_sizes(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    """A 1.3 MB workbook expanded to 1 GB; a part that expands more than 200:1 is refused unread."""
    rows = [HEADER, ["r1", "nanjing", "duty_record", "2018-05-07", "2018-05-08", "p1", "true"]]
    padding = {"xl/padding.xml": b" " * (32 * 1024**2)}
    result = cli(*SCORE, _write(tmp_path, workbook([Sheet("duty_record", rows)], extra=padding)))
    assert result.code == 2
    err = result.err.replace(f"{tmp_path}/", "")
    assert "book.xlsx: <root>: the workbook's part xl/padding.xml expands " in err
    assert "bytes to 33,554,432 (more than 200:1: a zip bomb?)" in err


def test_a_sheet_headed_in_chinese_and_named_by_its_kind_title_reads(tmp_path: Path) -> None:
    import dutyscore

    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    title = scheme.event_kinds["duty_record"].title
    rows = [
        ["编号", "单位", "发生日期", "记实日期", "item", "qualifying"],
        ["r1", "nanjing", 43227, 43228, "p1", "true"],
    ]
    [record] = dutyscore.load_records(_write(tmp_path, workbook([Sheet(title[:31], rows)])), scheme)
    assert (record.id, record.unit, record.kind, record.act_date) == (
        "r1",
        "nanjing",
        "duty_record",
        dt.date(2018, 5, 7),
    )
