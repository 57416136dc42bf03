"""What every fuzzer asserts of one input, shared by the hypothesis fuzzers and the atheris
targets: the input loads and scores with a balanced ledger, or is refused with a typed error
whose problems are located; nothing else may escape."""

from __future__ import annotations

import datetime as dt
import tempfile
from functools import cache
from pathlib import Path

import dutyscore
from dutyscore import RawRecord
from dutyscore._text import read_text
from dutyscore.records.read import parse_raw, read_files
from dutyscore.testing import ledger_problems


@cache
def _scheme(scheme_id: str) -> dutyscore.Scheme:
    return dutyscore.load_scheme(scheme_id)


def check_scheme(text: str) -> dutyscore.Scheme | None:
    """Load ``text`` as a scheme: a scheme, or SchemeInvalid with every problem located. A
    mutant that loads scores its original's example records (those it still accepts) with a
    sound ledger."""
    try:
        scheme, _ = dutyscore.load_scheme_text(text, "fuzzed.yaml")
    except dutyscore.SchemeInvalid as exc:
        assert exc.problems, "a refusal says why"
        assert all(p.file == "fuzzed.yaml" or p.file is None for p in exc.problems)
        return None
    raws = _example_raws(scheme.id)
    if raws and scheme.items:
        records, _ = dutyscore.validate_records(raws, scheme)
        years = sorted({r.act_date.year for r in records})
        if records:
            try:
                ev = dutyscore.evaluate(scheme, records, period=years[0])
            except dutyscore.DutyscoreError as exc:
                assert exc.exit_code in (1, 2)
                return scheme
            found = ledger_problems(ev)
            assert not found, found
    return scheme


@cache
def _example_raws(scheme_id: str) -> tuple[RawRecord, ...]:
    """The raw records of the example of a bundled scheme (none for another id)."""
    folder = Path(__file__).resolve().parents[2] / "examples" / scheme_id
    files = [
        p
        for p in sorted(folder.glob("*"))
        if p.suffix in (".yaml", ".csv") and p.stem not in ("units", "complete-index")
    ]
    return tuple(read_files(files)[0]) if folder.is_dir() else ()


def check_records(scheme_id: str, suffix: str, text: str) -> dutyscore.Evaluation | None:
    """Read, validate and score ``text`` as a record file of ``suffix`` for a bundled scheme: every
    invalid record is a problem with its file; whatever scores has a balanced, sound ledger."""
    scheme = _scheme(scheme_id)
    if suffix in (".csv", ".jsonl") and dutyscore.columnar_available():
        check_columnar(scheme, suffix, text)
    raws, problems = parse_raw(text, f"fuzzed{suffix}", suffix)
    assert all(p.file == f"fuzzed{suffix}" for p in problems)
    records, invalid = dutyscore.validate_records(raws, scheme)
    assert all(p.record_id is not None or p.line is not None for p in invalid), "a problem names its record"
    if suffix == ".csv":
        check_cells(scheme, text)
    assert len(records) <= len(raws)
    if not records or not scheme.items:
        return None
    years = {r.act_date.year for r in records}
    try:
        ev = dutyscore.evaluate(scheme, records, period=min(years))
    except dutyscore.DutyscoreError as exc:
        assert exc.exit_code in (1, 2)
        return None
    found = ledger_problems(ev)
    assert not found, found
    accounting = ev.accounting()
    assert accounting.records_in == len(records)
    return ev


@cache
def _folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="dutyscore-fuzz-"))


def check_cells(scheme: dutyscore.Scheme, text: str) -> None:
    """``load_records`` takes a CSV file's plainly valid rows from their cells: the same records,
    or the same problems, as the file's raw rows through the validator."""
    path = _folder() / "fuzzed.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    read, problem = read_text(path, None, "records")  # the text as the file is read (a BOM dropped)
    raws, problems = (
        parse_raw(read, str(path), ".csv") if read is not None else ([], [problem] if problem else [])
    )
    records, invalid = dutyscore.validate_records(raws, scheme)
    try:
        loaded: object = dutyscore.load_records(path, scheme)
    except dutyscore.RecordsInvalid as exc:
        loaded = exc.problems
    assert loaded == (records if not problems and not invalid else [*problems, *invalid]), (
        "cells and raw rows differ"
    )


def check_columnar(scheme: dutyscore.Scheme, suffix: str, text: str) -> None:
    """A CSV or JSONL file read as columns (polars) gives what the row-by-row reference gives:
    the same records, or the same problems."""
    path = _folder() / f"fuzzed{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    outcomes = []
    for load in (dutyscore.load_records, dutyscore.load_records_columnar):
        try:
            records = load(path, scheme)
            outcomes.append((records, [list(r.attributes) for r in records]))
        except dutyscore.RecordsInvalid as exc:
            outcomes.append(([str(p) for p in exc.problems], []))
    assert outcomes[0] == outcomes[1], "the columnar path differs from the reference"


def check_side_file(what: str, suffix: str, text: str, folder: Path) -> object:
    """Read ``text`` as a units file, a calendar or last year's result: the value, or the typed
    error of that file with every problem naming the file."""
    path = folder / f"fuzzed{suffix}"
    path.write_text(text, "utf-8")
    errors: dict[str, type[dutyscore.DutyscoreError]] = {
        "units": dutyscore.UnitsInvalid,
        "calendar": dutyscore.CalendarError,
        "previous": dutyscore.PreviousInvalid,
    }
    try:
        if what == "units":
            return dutyscore.load_units(path, _scheme("jiangsu-platform-2018"))
        if what == "calendar":
            calendar = dutyscore.WorkingCalendar.from_file(path)
            assert calendar.working_days_after(dt.date(2027, 3, 1), dt.date(2027, 3, 31)) >= 0
            return calendar
        return dutyscore.load_previous_streaks(path, scheme="jiangsu-platform-2018", period=2018)
    except dutyscore.DutyscoreError as exc:
        assert isinstance(exc, errors[what]), type(exc)
        assert exc.problems and all(p.file in (str(path), None) for p in exc.problems)
        return exc
