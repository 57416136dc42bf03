"""Validation's quick path for plainly valid records gives what the full validation gives:
the same records and the same problems, on valid records and on records broken in the ways
exports break them (a missing field, a kind or attribute by its title, a number for an id,
another date form, a wrong value, a duplicate id)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dutyscore
from dutyscore import RawRecord, Record, validate_records
from dutyscore.records import coerce as coerce_module
from dutyscore.records import quick as quick_module
from dutyscore.records import read as read_module
from dutyscore.records import validate as validate_module
from dutyscore.records.csv_table import CsvTable
from dutyscore.records.model import FIELDS
from dutyscore.testing import records_for

from ._kit import SETTINGS, broken_row, raw_row

SCHEMES = [dutyscore.load_scheme(sid) for sid in dutyscore.bundled_scheme_ids()]


@pytest.mark.parametrize("scheme", SCHEMES, ids=[s.id for s in SCHEMES])
def test_quick_and_full_validation_agree(scheme: dutyscore.Scheme, monkeypatch: pytest.MonkeyPatch) -> None:
    year = scheme.effective.from_.year

    @SETTINGS
    @given(records_for(scheme, units=["u1", "u2"], year=year, max_size=25), st.data())
    def run(records: list[dutyscore.Record], data: st.DataObject) -> None:
        rows = _broken_rows(records, scheme, data)
        if rows and data.draw(st.booleans()):
            rows.append(dict(rows[0]))  # a duplicate id
        raws = [RawRecord(row, "rows.json", n) for n, row in enumerate(rows, start=1)]
        units = data.draw(st.sampled_from([None, ["u1"], ["u1", "u2", ""]]))  # "": a units file's mistake
        quick = validate_records(raws, scheme, units=units)
        full = _fully_validated(raws, scheme, units, monkeypatch)
        assert quick == full
        assert [r.id for r in quick[0]] == [r.id for r in full[0]]

    run()


def _broken_rows(
    records: list[dutyscore.Record], scheme: dutyscore.Scheme, data: st.DataObject
) -> list[dict[str, Any]]:
    """``records`` as exported rows, each broken in a drawn way (or left whole)."""
    hows = data.draw(st.lists(st.integers(0, 12), min_size=len(records), max_size=len(records)))
    return [broken_row(raw_row(r), how, scheme) for r, how in zip(records, hows, strict=True)]


def _fully_validated(
    raws: list[RawRecord], scheme: dutyscore.Scheme, units: list[str] | None, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[Record], list[dutyscore.Problem]]:
    """What ``validate_records`` gives with the quick path turned off."""
    with monkeypatch.context() as m:
        m.setattr(quick_module._Quick, "take", _doubt_all)
        return validate_records(raws, scheme, units=units)


def _doubt_all(self: object, raws: list[RawRecord], seen: object, doubted: Any, start: int = 0) -> int:
    """The quick path turned off: every record goes through the full validation."""
    for index, raw in enumerate(raws, start):
        doubted(index, raw)
    return start + len(raws)


def _taken(
    quick: Any, rows: list[dict[str, Any]], ids: tuple[str, ...] = ()
) -> tuple[list[Record], list[int]]:
    """What the quick path takes of ``rows`` (ids in ``ids`` read before), and the indexes of
    the rows it leaves to the full validation."""
    records: list[Record] = []
    doubted: list[int] = []
    seen = quick_module._Seen(records)
    seen.ids.update(ids)
    quick.take([RawRecord(r) for r in rows], seen, lambda index, raw: doubted.append(index))
    return records, doubted


#: A plainly valid record of the Jiangsu platform scheme, as a row.
PRAISE = {
    "id": "a",
    "unit": "nanjing",
    "kind": "praise",
    "act_date": "2018-03-01",
    "record_date": "2018-03-02",
    "attributes": {"level": "central"},
}


def test_quick_path_takes_plain_records() -> None:
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    checks = validate_module._rule_checks(scheme)
    quick = quick_module._Quick(scheme, coerce_module._AttrCoercer(scheme), checks)
    row = PRAISE
    records, doubted = _taken(quick, [row, {**row, "id": "b", "act_date": "2018-3-1"}])
    assert [(r.id, r.attributes) for r in records] == [("a", {"level": "central"})]
    assert doubted == [1]  # another date form: the full path says why
    assert _taken(quick, [row], ids=("a",)) == ([], [0])  # a duplicate id
    assert _taken(quick, [{**row, "attributes": {"level": ["central"]}}]) == ([], [0])  # unhashable
    assert _taken(quick, [{**row, "extra": 1}]) == ([], [0])  # an unknown field


def test_duplicate_names_where_the_first_was_read() -> None:
    """The quick path keeps where each record was read cheaply (lines, and where the file
    changes); a duplicate's message still names the first one's file and line."""
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    row = PRAISE
    raws = [
        RawRecord({**row, "id": "x"}, "one.csv", 2),
        RawRecord(row, "one.csv", 3),
        RawRecord({**row, "id": "bad", "unit": ""}, "one.csv", 4),
        RawRecord({**row, "id": "y"}, "two.csv", 2),
        RawRecord(row, "two.csv", 3),
        RawRecord({**row, "id": "bad"}, "two.csv", 4),
        RawRecord({**row, "id": "y"}, "two.csv", 5),
    ]
    records, problems = validate_records(raws, scheme)
    assert [r.id for r in records] == ["x", "a", "y"]
    assert [(p.file, p.line, p.field, p.message) for p in problems] == [
        ("one.csv", 4, "unit", "missing or invalid unit"),
        ("two.csv", 3, "id", "duplicate record id (first at one.csv:3)"),
        ("two.csv", 4, "id", "duplicate record id (first at one.csv:4)"),
        ("two.csv", 5, "id", "duplicate record id (first at two.csv:2)"),
    ]


def _csv_text(rows: list[dict[str, Any]], pads: list[int]) -> str:
    """``rows`` written as a platform's CSV export (attributes and stray fields as columns),
    cells padded with spaces, a row of empty cells or of too few cells, no id, a cell over two lines,
    where ``pads`` says."""
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(k for k in row if k not in FIELDS))
        names.update(dict.fromkeys(f"attributes.{k}" for k in row.get("attributes", {})))
    header = [*FIELDS[:5], *reversed(names)]  # attributes in another order than the kind's
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row, pad in zip(rows, pads, strict=True):
        flat = {**row, **{f"attributes.{k}": v for k, v in row.get("attributes", {}).items()}}
        cells = ["" if flat.get(h) is None else str(flat[h]) for h in header]
        if pad in (1, 5):  # every cell, or every cell but the kind's
            cells = [f" {c} " if c and (pad == 5 or n != 2) else c for n, c in enumerate(cells)]
        elif pad == 2:
            writer.writerow([""] * len(header))
        elif pad == 3:
            writer.writerow(cells[:3])
        elif pad == 6:
            cells[0] = ""  # no id: the problem names the record by its place, #N
        elif pad == 4 and cells[1]:
            cells[1] += "\nsecond line"  # a quoted cell over two lines: the lines after it shift
        writer.writerow(cells)
    return out.getvalue()


@pytest.mark.parametrize("scheme", SCHEMES, ids=[s.id for s in SCHEMES])
def test_csv_rows_taken_from_their_cells_validate_as_their_raw_records(
    scheme: dutyscore.Scheme, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick path takes a CSV file's plainly valid rows from their cells, without their raw
    records: the same records and problems, located alike, as the raw records of the rows give
    through the full validation; over two files sharing rows (duplicate ids across files)."""
    year = scheme.effective.from_.year

    @SETTINGS
    @given(records_for(scheme, units=["u1", "u2"], year=year, max_size=20), st.data())
    def run(records: list[dutyscore.Record], data: st.DataObject) -> None:
        rows = _broken_rows(records, scheme, data)
        pads = data.draw(st.lists(st.integers(0, 8), min_size=len(rows), max_size=len(rows)))
        texts = {
            "one.csv": _csv_text(rows, pads),
            "two.csv": _csv_text(rows[: len(rows) // 2], pads[: len(rows) // 2]),
        }
        units = data.draw(st.sampled_from([None, ["u1"]]))
        quick_problems: list[dutyscore.Problem] = []
        tables = [CsvTable.open(read_module._lines(t), name, quick_problems) for name, t in texts.items()]
        quick = validate_module._sources_validator(scheme, units=units)([t for t in tables if t is not None])
        full_problems: list[dutyscore.Problem] = []
        raws = [
            r
            for name, t in texts.items()
            for r in read_module._iter_csv(read_module._lines(t), name, full_problems)
        ]
        full = _fully_validated(raws, scheme, units, monkeypatch)
        assert quick_problems == full_problems
        assert quick == full
        assert [r.id for r in quick[0]] == [r.id for r in full[0]]
        # and each record's attributes in the order the raw records' quick path gives them
        as_raws = validate_records(raws, scheme, units=units)[0]
        assert [list(r.attributes) for r in quick[0]] == [list(r.attributes) for r in as_raws]

    run()
