"""The columnar path (polars) gives what the pure-Python reader and validator give: the same
records in the same order, attributes in the same order, or the same located problems, for
every bundled scheme, on CSV files broken the ways exports break them; and so the same
evaluation, ledger included. The test runs where polars (the ``columnar`` extra) is installed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dutyscore
from dutyscore import RecordsInvalid
from dutyscore.testing import records_for

from ._kit import SETTINGS, broken_row, raw_row, written

pytest.importorskip("polars")

SCHEMES = [s for s in (dutyscore.load_scheme(sid) for sid in dutyscore.bundled_scheme_ids()) if s.event_kinds]
UNITS = ["u0", "u1", "u2"]


def _cells(row: dict[str, Any]) -> dict[str, str]:
    """A raw row as one CSV line's cells: attributes as columns, lists joined by ';'."""
    out = {
        k: "" if row.get(k) is None else str(row[k])
        for k in ("id", "unit", "kind", "act_date", "record_date")
    }
    for key, value in row["attributes"].items():
        out[key] = ";".join(map(str, value)) if isinstance(value, list) else str(value)
    for key, value in row.items():
        if key not in out and key != "attributes":
            out[key] = str(value)
    return out


def _csv(rows: list[dict[str, str]], how: int, bom: bool) -> bytes:
    """The rows as a CSV file, spoilt in way ``how`` (0: as written, 1: cells padded with
    spaces, 2: blank lines, 3: CRLF endings, 4: a row one cell short, 5: a quoted cell,
    6: a row repeated; 7 and over: as written)."""
    header = ["id", "unit", "kind", "act_date", "record_date"]
    for row in rows:
        header += [k for k in row if k not in header]
    if how == 6 and rows:
        rows = [*rows, rows[0]]
    lines = [",".join(header)]
    for n, row in enumerate(rows):
        cells = [row.get(h, "") for h in header]
        if how == 1:
            cells = [f" {c}\u3000" if c else c for c in cells]
        if how == 5 and n == 0:
            cells[0] = f'"{cells[0]}"'
        if how == 4 and n == len(rows) - 1:
            cells = cells[:-1]
        lines.append(",".join(cells))
        if how == 2 and n % 2 == 0:
            lines.append("")
    text = ("\r\n" if how == 3 else "\n").join(lines) + "\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def _parquet(rows: list[dict[str, str]], *, dates: bool) -> Any:
    """The rows as a polars frame of text columns (a Parquet file's), empty cells missing; the
    date columns as dates when ``dates`` and every one of them reads as a date."""
    import polars as pl

    header = ["id", "unit", "kind", "act_date", "record_date"]
    for row in rows:
        header += [k for k in row if k not in header]
    frame = pl.DataFrame(
        {h: [row.get(h) or None for row in rows] for h in header}, schema={h: pl.String for h in header}
    )
    if dates:
        typed = frame.with_columns(
            pl.col(c).str.to_date("%Y-%m-%d", strict=False) for c in ("act_date", "record_date")
        )
        if all(typed[c].null_count() == frame[c].null_count() for c in ("act_date", "record_date")):
            frame = typed
    return frame


def _same_evaluation(
    scheme: dutyscore.Scheme, compact: Sequence[dutyscore.Record], records: list[dutyscore.Record], year: int
) -> None:
    """Records kept as columns score as the same records built: the table (from the tally,
    before any record is built) and the whole result, ledger included."""
    from dutyscore.results.tables import score_table

    cohorts = list(scheme.cohorts) or [None]
    units = [dutyscore.Unit(u, u, cohorts[n % len(cohorts)]) for n, u in enumerate(UNITS)]
    done = [dutyscore.evaluate(scheme, recs, units=units, period=year) for recs in (compact, records)]
    assert score_table(done[0]) == score_table(done[1])
    assert done[0].to_model().model_dump_json() == done[1].to_model().model_dump_json()
    for ev in done:  # the JSON written from templates is the models' dump, both ways in
        assert written(ev) == ev.to_model().model_dump_json(indent=2) + "\n"


def _load(load: Any, paths: list[Path], scheme: dutyscore.Scheme, units: list[str] | None) -> Any:
    try:
        records = load(paths, scheme, units=units)
    except RecordsInvalid as exc:
        return ("invalid", [str(p) for p in exc.problems])
    return ("records", records, [list(r.attributes) for r in records])


@pytest.mark.parametrize("scheme", SCHEMES, ids=[s.id for s in SCHEMES])
def test_same_records_or_same_problems(scheme: dutyscore.Scheme, tmp_path: Path) -> None:
    year = scheme.effective.from_.year

    @SETTINGS
    @given(
        records_for(scheme, units=UNITS, year=year, max_size=20),
        st.data(),
        st.integers(0, 12),
        st.booleans(),
        st.booleans(),
        st.sampled_from(["csv", "parquet", "parquet with dates"]),
    )
    def run(
        records: list[dutyscore.Record], data: st.DataObject, how: int, bom: bool, known: bool, second: str
    ) -> None:
        rows = [raw_row(r) for r in records]
        breaks = data.draw(st.lists(st.integers(0, 150), min_size=len(rows), max_size=len(rows)))
        cells = [_cells(broken_row(row, b, scheme)) for row, b in zip(rows, breaks, strict=True)]
        half = data.draw(st.integers(0, len(cells)))
        paths = []
        for n, part in enumerate((cells[:half], cells[half:])):
            if n and second != "csv":
                path = tmp_path / "records-1.parquet"
                _parquet(part, dates=second.endswith("dates")).write_parquet(path)
            else:
                path = tmp_path / f"records-{n}.csv"
                path.write_bytes(_csv(part, how, bom))
            paths.append(path)
        units = UNITS[:2] if known else None
        expected = _load(dutyscore.load_records, paths, scheme, units)
        got = _load(dutyscore.load_records_columnar, paths, scheme, units)
        assert got == expected
        if got[0] == "records" and scheme.items:
            _same_evaluation(scheme, dutyscore.load_records_columnar(paths, scheme), expected[1], year)

    run()


def _jsonl(rows: list[dict[str, Any]], how: int, texts: bool) -> bytes:
    """The rows as a JSONL file, values as texts when ``texts`` (as the CSV cells are), spoilt
    in way ``how`` (0: as written, 1: every text escaped to ASCII, 2: blank lines, 3: CRLF
    endings, 4: a key given twice, 5: a line's attributes reversed, 6: a colon in an id, 7:
    no spaces, 8: an attribute null, 9: no attributes key where there are none, 10: an id
    as a number; 11 and over: as written)."""
    lines = []
    for n, row in enumerate(rows):
        row = dict(row)
        attrs = row["attributes"]
        if texts:
            attrs = {k: ";".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in attrs.items()}
            row = {k: v if k == "attributes" or isinstance(v, str) else str(v) for k, v in row.items()}
        if how == 5 and n == 0:
            attrs = dict(reversed(attrs.items()))
        if how == 8 and n == 0:
            attrs = {**attrs, next(iter(attrs), "x"): None}
        row["attributes"] = attrs
        if how == 6 and n == 0:
            row["id"] = f"{row['id']}:1"
        if how == 9 and not attrs:
            del row["attributes"]
        if how == 10 and n == 0:
            row["id"] = 7
        line = json.dumps(row, ensure_ascii=how == 1, separators=(",", ":") if how == 7 else None)
        if how == 4 and n == 0:
            line = line[:-1] + ', "unit": "u1"}'
        lines.append(line)
        if how == 2 and n % 2 == 0:
            lines.append("")
    return (("\r\n" if how == 3 else "\n").join(lines) + "\n").encode("utf-8")


@pytest.mark.parametrize("scheme", SCHEMES, ids=[s.id for s in SCHEMES])
def test_jsonl_same_records_or_same_problems(scheme: dutyscore.Scheme, tmp_path: Path) -> None:
    """A JSONL file read as columns gives what the Python reader gives: the same records,
    attributes in the same order, or the same located problems."""
    year = scheme.effective.from_.year

    @SETTINGS
    @given(
        records_for(scheme, units=UNITS, year=year, max_size=20),
        st.data(),
        st.integers(0, 14),
        st.booleans(),
        st.booleans(),
    )
    def run(records: list[dutyscore.Record], data: st.DataObject, how: int, texts: bool, known: bool) -> None:
        rows = [raw_row(r) for r in records]
        breaks = data.draw(st.lists(st.integers(0, 150), min_size=len(rows), max_size=len(rows)))
        rows = [broken_row(row, b, scheme) for row, b in zip(rows, breaks, strict=True)]
        path = tmp_path / "records.jsonl"
        path.write_bytes(_jsonl(rows, how, texts))
        units = UNITS[:2] if known else None
        expected = _load(dutyscore.load_records, [path], scheme, units)
        got = _load(dutyscore.load_records_columnar, [path], scheme, units)
        assert got == expected
        if got[0] == "records" and scheme.items:
            _same_evaluation(scheme, dutyscore.load_records_columnar(path, scheme), expected[1], year)

    run()


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jiangsu-platform-2018"


def test_the_same_evaluation_ledger_included(tmp_path: Path) -> None:
    """The example's CSV file read both ways scores the same, every ledger line included."""
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    units = dutyscore.load_units(EXAMPLE / "units.yaml", scheme)
    files = [EXAMPLE / "duty-records.csv", EXAMPLE / "findings.yaml"]
    python = dutyscore.load_records(files, scheme)
    columnar = dutyscore.load_records_columnar([files[0]], scheme) + dutyscore.load_records(
        [files[1]], scheme
    )
    assert len(python) == len(columnar) > 0
    results = [
        dutyscore.evaluate(scheme, recs, units=units, period=2018).to_model().model_dump_json()
        for recs in (python, columnar)
    ]
    assert results[0] == results[1]
    assert '"ledger"' in results[0]


def test_a_file_polars_could_misread_goes_the_python_way(tmp_path: Path) -> None:
    """A quoted id holding a comma and a line break is read by the strict reader: same records."""
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    header, first, *rest = (EXAMPLE / "duty-records.csv").read_text("utf-8").splitlines()
    cells = next(csv.reader(io.StringIO(first)))
    cells[header.split(",").index("id")] = "x,\ny"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    path = tmp_path / "quoted.csv"
    path.write_text("\n".join([header, first, *rest]) + "\n" + out.getvalue(), "utf-8")
    got = dutyscore.load_records_columnar(path, scheme)
    assert got == dutyscore.load_records(path, scheme)
    assert got[-1].id == "x,\ny"


def _frame_cell(value: str, how: int) -> Any:
    """A cell as a data frame may hold it: text, a missing value, or an empty or padded text."""
    if how == 1 and value:
        return None
    if how == 2:
        return ""
    if how == 3 and value:
        return f" {value}"
    if how == 4:
        return "<NA>"
    return value


@pytest.mark.parametrize("scheme", SCHEMES, ids=[s.id for s in SCHEMES])
def test_a_polars_frame_gives_what_its_rows_give(scheme: dutyscore.Scheme) -> None:
    """records_from_frame on a polars frame (validated as columns) and on the frame's rows (the
    row-by-row reference): the same records or the same problems."""

    import polars as pl

    from dutyscore.records.read import frame_rows

    year = scheme.effective.from_.year

    @SETTINGS
    @given(records_for(scheme, units=UNITS, year=year, max_size=20), st.data(), st.booleans())
    def run(records: list[dutyscore.Record], data: st.DataObject, typed_dates: bool) -> None:
        rows = [raw_row(r) for r in records]
        breaks = data.draw(st.lists(st.integers(0, 150), min_size=len(rows), max_size=len(rows)))
        cells = [_cells(broken_row(row, b, scheme)) for row, b in zip(rows, breaks, strict=True)]
        header: list[str] = ["id", "unit", "kind", "act_date", "record_date"]
        for row in cells:
            header += [k for k in row if k not in header]
        spoil = data.draw(st.lists(st.integers(0, 300), min_size=len(cells), max_size=len(cells)))
        columns: dict[str, list[Any]] = {h: [] for h in header}
        for row, how in zip(cells, spoil, strict=True):
            target = header[how % len(header)] if how < 5 * len(header) else None
            for h in header:
                value = row.get(h)
                columns[h].append(_frame_cell(value, how // len(header) + 1) if h == target else value)
        frame = pl.DataFrame(columns, schema={h: pl.String for h in header})
        if typed_dates:
            dates = [pl.col(c).str.to_date("%Y-%m-%d", strict=False) for c in ("act_date", "record_date")]
            frame = frame.with_columns(dates)
            assert frame.schema["act_date"] == pl.Date
        expected = _load(
            lambda _, s, units: dutyscore.records_from_rows(frame_rows(frame), s, source="<frame>"),
            [],
            scheme,
            None,
        )
        got = _load(lambda _, s, units: dutyscore.records_from_frame(frame, s), [], scheme, None)
        assert got == expected

    run()


def test_clean_csv_parquet_and_jsonl_files_are_read_as_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plain files take the columnar way all through (the reference is not called) and give
    the reference's records: the example's CSV, and the same rows as Parquet with typed dates
    and as JSONL."""
    import dutyscore.records.columns as columns

    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    source = EXAMPLE / "duty-records.csv"
    expected = dutyscore.load_records(source, scheme)
    rows = [_cells(raw_row(r)) for r in expected]
    parquet = tmp_path / "records.parquet"
    _parquet(rows, dates=True).write_parquet(parquet)
    assert dutyscore.load_records(parquet, scheme) == expected

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the columnar path handed the files to the reference")

    jsonl = tmp_path / "records.jsonl"
    jsonl.write_bytes(_jsonl([raw_row(r) for r in expected], 0, True))
    assert dutyscore.load_records(jsonl, scheme) == expected
    monkeypatch.setattr(columns, "load_records", refused)
    assert dutyscore.load_records_columnar(source, scheme) == expected
    assert dutyscore.load_records_columnar(parquet, scheme) == expected
    got = dutyscore.load_records_columnar(jsonl, scheme)
    assert isinstance(got, dutyscore.CompactRecords) and got == expected
    assert [list(r.attributes) for r in got] == [list(r.attributes) for r in expected]


WORKLOAD = Path(__file__).resolve().parents[2] / "benchmarks" / "workload.yaml"


def _scored_as_columns() -> list[Any]:
    """The schemes with kinds an evaluation scores without records (``Plan.columnar``): the
    benchmark's (fixed amounts and a rank × outcome table) and two bundled ones (a table)."""
    from dutyscore.scoring.plan import plan_of

    schemes = [dutyscore.load_scheme(str(WORKLOAD)), *SCHEMES]
    return [pytest.param(s, id=s.id) for s in schemes if s.items and plan_of(s).columnar]


@pytest.mark.parametrize("scheme", _scored_as_columns())
def test_rows_kept_as_columns_score_as_records(scheme: dutyscore.Scheme, tmp_path: Path) -> None:
    """Rows of kinds scored by one rule's fixed or looked-up amount stay columns, and the
    evaluation is the one of the same records built, for rows in any order, of two years,
    units without records and kinds a cap cuts or other rules read."""
    year = scheme.effective.from_.year

    @SETTINGS
    @given(records_for(scheme, units=UNITS, year=year, max_size=40), st.data())
    def run(records: list[dutyscore.Record], data: st.DataObject) -> None:
        rows = data.draw(st.permutations([raw_row(r) for r in records]))  # any file order
        later = data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
        for row, move in zip(rows, later, strict=True):
            if move:  # another year: out of the period, and never kept as columns
                row["act_date"] = str(year - 1) + row["act_date"][4:].replace("-02-29", "-02-28")
        path = tmp_path / "records.csv"
        path.write_bytes(_csv([_cells(row) for row in rows], 0, False))
        try:
            expected = dutyscore.load_records(path, scheme)
        except RecordsInvalid:
            return  # a generated record CSV cannot carry (an attribute named like a field)
        compact = dutyscore.load_records_columnar(path, scheme)
        _same_evaluation(scheme, compact, expected, year)
        again = dutyscore.load_records_columnar(path, scheme)
        assert again == expected and len(again) == len(expected)

    run()


def test_fixed_and_table_amounts_are_booked_without_records(tmp_path: Path) -> None:
    """A case (rank × outcome table), a commendation (level table) and a fixed-amount kind are
    booked from the columns: the ledger holds their rows, not their records, until read."""
    scheme = dutyscore.load_scheme(str(WORKLOAD))
    path = tmp_path / "records.csv"
    path.write_text(
        "id,unit,kind,act_date,record_date,rank,outcome,level\n"
        "c1,u1,case,2025-03-01,2025-03-02,county,demotion,\n"
        "c2,u1,case,2025-04-01,2025-04-02,staff,warning,\n"
        "m1,u1,commendation,2025-05-01,2025-05-02,,,national\n"
        "s1,u1,study_missed,2025-06-01,2025-06-02,,,\n",
        "utf-8",
    )
    compact = dutyscore.load_records_columnar(path, scheme)
    assert isinstance(compact, dutyscore.CompactRecords)
    ev = dutyscore.evaluate(scheme, compact, period=2025)
    ledger = ev.unit("u1").ledger
    assert ledger is not None
    booked = {scheme.rules[i].id: rows for i, rows in ledger.block.items()}
    assert sorted(len(rows) for rows in booked.values()) == [1, 1, 2]
    assert not ledger.record  # no record was built to score these rows
    reference = dutyscore.evaluate(scheme, dutyscore.load_records(path, scheme), period=2025)
    assert ev.totals == reference.totals
    assert ev.to_model() == reference.to_model()


@SETTINGS
@given(st.lists(st.tuples(st.integers(1, 365), st.sampled_from(["u1", "u2"])), min_size=1, max_size=30))
def test_a_rules_own_cap_fills_in_record_order_from_the_columns(days: list[tuple[int, str]]) -> None:
    """meeting_missed books 1 point a record, at most 5 per unit (cap: 5): kept as columns, the
    cap is filled in record order (act date, then id), whatever the file order, and cuts the
    same lines as when the records are built."""
    import datetime as dt
    import tempfile

    scheme = dutyscore.load_scheme(str(WORKLOAD))
    lines = ["id,unit,kind,act_date,record_date"]
    for n, (day, unit) in enumerate(days):
        act = dt.date(2025, 1, 1) + dt.timedelta(days=day - 1)
        lines.append(f"m{(n * 7919) % 1000:03d}-{n},{unit},meeting_missed,{act},{act}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.csv"
        path.write_text("\n".join(lines) + "\n", "utf-8")
        compact = dutyscore.load_records_columnar(path, scheme)
        ev = dutyscore.evaluate(scheme, compact, period=2025)
        for unit in {u for _, u in days}:
            ledger = ev.unit(unit).ledger
            assert ledger is not None and not ledger.record  # scored from the columns
            assert bool(ledger.block_cut) == (sum(1 for _, u in days if u == unit) > 5)
        reference = dutyscore.evaluate(scheme, dutyscore.load_records(path, scheme), period=2025)
        assert ev.to_model() == reference.to_model()
        dumped = reference.to_model().model_dump_json(indent=2) + "\n"
        assert written(ev) == written(reference) == dumped  # cut lines have their own text


def _workload_cut(folder: Path, first: str, after: str, edit: tuple[str, str] = ("", "")) -> dutyscore.Scheme:
    """The benchmark workload's scheme without its rules from ``first`` up to ``after``, with
    one more text replaced (``edit``: old, new)."""
    text = WORKLOAD.read_text("utf-8")
    cut = text[: text.index(f"  - id: {first}")] + text[text.index(f"  - id: {after}") :]
    path = folder / "scheme.yaml"
    path.write_text(cut.replace(*edit) if edit[0] else cut, "utf-8")
    return dutyscore.load_scheme(str(path))


def _scored_both_ways(
    scheme: dutyscore.Scheme, folder: Path, *lines: str
) -> tuple[dutyscore.Evaluation, Any]:
    """The benchmark workload's CSV ``lines`` (after its header) scored for 2025 from the
    columns, whose JSON must be what the records the Python reader gives dump; and the first
    unit of that JSON."""
    path = folder / "records.csv"
    path.write_text(
        "\n".join(["id,unit,kind,act_date,record_date,rank,outcome,level", *lines]) + "\n", "utf-8"
    )
    ev = dutyscore.evaluate(scheme, dutyscore.load_records_columnar(path, scheme), period=2025)
    reference = dutyscore.evaluate(scheme, dutyscore.load_records(path, scheme), period=2025)
    dumped = reference.to_model().model_dump_json(indent=2) + "\n"
    assert written(ev) == dumped
    return ev, json.loads(dumped)["units"][0]


def test_a_unit_written_from_the_columns_lists_its_other_records(tmp_path: Path) -> None:
    """A unit whose scored rows all stay columns is written from them; its records of a kind no
    rule scores (unmatched) and of another year (out of period) take their places among the
    statuses, as the models have them."""
    scheme = _workload_cut(tmp_path, "study_missed", "inspection_gap")
    ev, unit = _scored_both_ways(
        scheme,
        tmp_path,
        "s2,u1,study_missed,2025-06-01,2025-06-02,,,",
        "m1,u1,commendation,2025-05-01,2025-05-02,,,national",
        "r1,u1,report_late,2025-06-01,2025-06-03,,,",
        "s1,u1,study_missed,2025-01-09,2025-01-10,,,",
        "o1,u1,report_late,2024-12-30,2024-12-31,,,",
        "c1,u1,case,2025-03-01,2025-03-02,county,demotion,",
    )
    o = ev.unit("u1")
    assert o.ledger is not None and o.ledger.block and not o.ledger.record
    statuses = [(r["record"], r["status"]) for r in unit["records"]]
    assert statuses == [
        ("s1", "unmatched"),
        ("c1", "contributing"),
        ("m1", "contributing"),
        ("r1", "contributing"),
        ("s2", "unmatched"),
        ("o1", "out_of_period"),
    ]


def test_a_rule_of_two_kinds_kept_as_columns_is_written_in_record_order(tmp_path: Path) -> None:
    """A rule that reads two event kinds (study_missed and inspection_gap under one rule, each
    record its own points) books both kinds' rows from the columns; written, its lines merge
    the two kinds in record order (act date, then id), and every record's status takes its
    place among the others, as the models have them (an id JSON escapes, ``g\\1``, too)."""
    scheme = _workload_cut(
        tmp_path,
        "inspection_gap",
        "petition_overdue",
        ("    event: study_missed\n", "    events: [study_missed, inspection_gap]\n"),
    )
    ev, unit = _scored_both_ways(
        scheme,
        tmp_path,
        "s2,u1,study_missed,2025-06-01,2025-06-02,,,",
        "g\\1,u1,inspection_gap,2025-06-01,2025-06-03,,,",
        "s1,u1,study_missed,2025-01-09,2025-01-10,,,",
        "g0,u1,inspection_gap,2025-03-01,2025-03-02,,,",
        "m1,u1,commendation,2025-05-01,2025-05-02,,,national",
    )
    o = ev.unit("u1")
    assert o.ledger is not None and not o.ledger.record
    assert sorted(len(rows) for rows in o.ledger.block.values()) == [1, 4]  # commendation; both kinds
    assert [e["records"] for e in unit["ledger"] if e["rule"] == "study_missed"] == [
        ["s1"],
        ["g0"],
        ["g\\1"],
        ["s2"],
    ]
    assert [r["record"] for r in unit["records"]] == ["s1", "g0", "m1", "g\\1", "s2"]


def test_a_csv_line_of_empty_cells_is_no_record_and_the_file_stays_columns(tmp_path: Path) -> None:
    """Lines of empty (or blank) cells are skipped as the reference skips them, by the CSV
    frame itself: the rest of the file is still read as columns."""
    scheme = dutyscore.load_scheme(str(WORKLOAD))
    path = tmp_path / "records.csv"
    path.write_text(
        "id,unit,kind,act_date,record_date,rank,outcome,level\n"
        "c1,u1,case,2025-03-01,2025-03-02,county,demotion,\n"
        ",,,,,,,\n"
        " , ,,,,,,\n"
        "m1,u1,commendation,2025-05-01,2025-05-02,,,national\n",
        "utf-8",
    )
    got = dutyscore.load_records_columnar(path, scheme)
    assert isinstance(got, dutyscore.CompactRecords)
    assert got == dutyscore.load_records(path, scheme)
    assert [r.id for r in got] == ["c1", "m1"]


_HEAD = "id,unit,kind,act_date,record_date,rank,outcome,level"
_CASE = "c1,u1,case,2025-03-01,2025-03-02,county,demotion,"
_PRAISE = "m1,u1,commendation,2025-05-01,2025-05-02,,,national"


@pytest.mark.parametrize(
    ("body", "columns"),
    [
        pytest.param(f"{_HEAD}\n{_CASE}\n{_PRAISE}\n", True, id="clean"),
        pytest.param(f"{_HEAD}\r\n{_CASE}\r\n{_PRAISE}\r\n", True, id="crlf"),
        pytest.param(f"{_HEAD}\n{_CASE}\n{_PRAISE}", True, id="no-final-line-feed"),
        pytest.param(f"{_HEAD}\r\n{_CASE}\n{_PRAISE}\r\n", False, id="line-ends-mixed"),
        pytest.param(f"{_HEAD}\r\n{_CASE}\r\n{_PRAISE}", True, id="crlf-no-final-line-end"),
        pytest.param(f"{_HEAD}\n{_CASE}\n\n\n{_PRAISE}\n", True, id="blank-lines"),
        pytest.param(f"{_HEAD}\n{_CASE}\n\t{_PRAISE}\x0b\n", True, id="tab-and-vertical-tab-padding"),
        pytest.param(f"{_HEAD}\n{_CASE}\n{_PRAISE},extra\n", False, id="a-cell-too-many"),
        pytest.param(f"{_HEAD}\n{_CASE}\n{_PRAISE},\n", False, id="an-empty-cell-too-many"),
        pytest.param(f"{_HEAD}\n{_CASE}\n,,,,,,,,,,\n{_PRAISE}\n", False, id="blank-cells-too-many"),
        pytest.param(f"{_HEAD}\n{_CASE[:-1]}\n{_PRAISE}\n", False, id="a-cell-too-few"),
        pytest.param(f"{_HEAD}\n{_CASE}\n,,\n{_PRAISE}\n", True, id="blank-cells-too-few"),
        pytest.param(f"{_HEAD}\n{_CASE}\r{_PRAISE}\n", False, id="a-carriage-return-alone"),
        pytest.param(f"{_HEAD}\n{_CASE}\r\r\n{_PRAISE}\n", False, id="two-carriage-returns"),
        pytest.param(f"{_HEAD}\nc2\r{_CASE[2:]}\n{_PRAISE}\n", False, id="a-carriage-return-alone-in-an-id"),
        pytest.param(f"{_HEAD}\n{_CASE}\n{_PRAISE}\r", False, id="a-carriage-return-at-the-end"),
        pytest.param(f"{_HEAD}\n{_CASE}\nm\r{_PRAISE[1:]}\n", False, id="a-carriage-return-inside-an-id"),
        pytest.param(f"{_HEAD}\r\n{_CASE}\r\nm\r{_PRAISE[1:]}\r\n", False, id="crlf-and-one-alone-in-an-id"),
        pytest.param(f"id,unit,kind,act_date\r,record_date\n{_CASE}\n", False, id="in-the-header"),
        pytest.param(f"{_HEAD}\n", True, id="a-header-alone"),
        pytest.param(f"{_HEAD}\n\n", True, id="a-header-and-a-blank-line"),
    ],
)
def test_every_shape_of_line_gives_what_the_python_reader_gives(
    tmp_path: Path, body: str, columns: bool
) -> None:
    """Lines polars splits at their commas: a row with a cell too many or too few, a carriage
    return that ends no line, whitespace other than spaces around the cells. Each file gives
    the records or problems the Python reader gives; those the column checks cannot vouch for
    are read the Python way (``columns``: whether the file stays columns)."""
    scheme = dutyscore.load_scheme(str(WORKLOAD))
    path = tmp_path / "records.csv"
    path.write_bytes(body.encode("utf-8"))
    got = _load(dutyscore.load_records_columnar, [path], scheme, None)
    assert got == _load(dutyscore.load_records, [path], scheme, None)
    if got[0] == "records":
        kept = dutyscore.load_records_columnar(path, scheme)
        assert isinstance(kept, dutyscore.CompactRecords) is columns
