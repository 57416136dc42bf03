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


def check_overlay(text: str, base: str, ref: str, folder: Path) -> dutyscore.Scheme | None:
    """An overlay in a folder beside its base, with a secret one folder up, a FIFO, a link to
    /dev/zero, notes that are no scheme and an overlay that extends itself: it loads (and scores
    the base's example with a sound ledger) or is refused with problems located in the overlay
    file, and no message ever holds the secret. As text (an upload) it reads no file at all."""
    import os

    from . import _mutate

    here = folder / "case"
    (here / "sub").mkdir(parents=True, exist_ok=True)
    (folder / "secret").mkdir(exist_ok=True)
    (folder / "secret" / "secret.yaml").write_text(
        f"format: dutyscore/1\nid: {_mutate.SECRET}\nversion: {_mutate.SECRET}\ntitle: {_mutate.SECRET}\n",
        "utf-8",
    )
    (here / "base.yaml").write_text(base, "utf-8")
    (here / "sub" / "inner.yaml").write_text(base, "utf-8")
    (here / "notes.yaml").write_text(f"password: {_mutate.SECRET}\n", "utf-8")
    (here / "loop.yaml").write_text(
        "format: dutyscore/1\nextends: loop.yaml\nid: loop\nversion: '1'\n", "utf-8"
    )
    if not (here / "zero.yaml").is_symlink():
        (here / "zero.yaml").symlink_to("/dev/zero")
    if not (here / "fifo.yaml").exists():
        os.mkfifo(here / "fifo.yaml")
    overlay = here / "overlay.yaml"
    overlay.write_text(text, "utf-8")
    for load in (
        lambda: dutyscore.load_scheme(str(overlay)),
        lambda: dutyscore.load_scheme_text(text, "upload.yaml")[0],
    ):
        try:
            scheme = load()
        except dutyscore.SchemeInvalid as exc:
            assert exc.problems, "a refusal says why"
            assert all(p.file in (str(overlay), "upload.yaml", None) for p in exc.problems), exc.problems
            assert not any(_mutate.SECRET in str(p) for p in exc.problems), "a secret leaked"
            continue
        assert _mutate.SECRET not in f"{scheme.id} {scheme.version} {scheme.title}", "a secret was read"
        assert all(not f.startswith(str(folder / "secret")) for f in scheme.files)
    return None


def check_workbook(sheets: list[list[list[object]]], how: dict[str, object], folder: Path) -> object:
    """A workbook of the example's duty records, made and broken as ``how`` says: its records
    (scored with a sound ledger), or RecordsInvalid with every problem naming the workbook; and a
    workbook in the 1904 date system gives exactly what the same workbook in 1900's gives."""
    import warnings

    from .._workbook import Sheet, workbook

    def build(date1904: bool) -> bytes:
        shift = 1462 if date1904 else 0
        made = []
        names = how["names"]
        assert isinstance(names, list)
        for n, rows in enumerate(sheets):
            rows = [
                r if k == 0 else [_shifted(v, shift) if i in (3, 4) else v for i, v in enumerate(r)]
                for k, r in enumerate(rows)
            ]
            far = {str(how["far"]): "x"} if how["far"] and n == 0 else {}
            dim = str(how["dimension"]) if how["dimension"] and n == 0 else None
            name = f"{names[n]}{n or ''}"
            made.append(Sheet(name, rows, how["hidden"] == n, dim, far))
        padding = how["padding"]
        assert isinstance(padding, int)
        data = workbook(made, date1904=date1904, extra={"xl/pad.xml": b" " * padding} if padding else None)
        at = int(str(how["at"])) % max(len(data), 1)
        if how["damage"] == "cut":
            data = data[:at]
        elif how["damage"] == "flip":
            data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
        elif how["damage"] == "empty":
            data = b""
        return data

    scheme = _scheme("jiangsu-platform-2018")
    outcomes = []
    for date1904 in (False, True):
        path = folder / f"fuzzed-{int(date1904)}.xlsx"
        path.write_bytes(build(date1904))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                records = dutyscore.load_records(path, scheme)
            except dutyscore.RecordsInvalid as exc:
                assert exc.problems
                assert all(p.file is not None and p.file.startswith(str(path)) for p in exc.problems), (
                    exc.problems
                )
                outcomes.append(sorted(str(p).replace(str(path), "BOOK") for p in exc.problems))
                continue
        assert all(isinstance(w.message, dutyscore.ReadWarning) for w in caught), [w.message for w in caught]
        outcomes.append(records)
        if records and scheme.items and not date1904:  # the same records score the same
            try:
                ev = dutyscore.evaluate(scheme, records, period=min(r.act_date.year for r in records))
            except dutyscore.DutyscoreError as exc:
                assert exc.exit_code in (1, 2)
                continue
            found = ledger_problems(ev)
            assert not found, found
    if how["damage"] is None:  # the same bytes but for the date system: the same outcome
        assert outcomes[0] == outcomes[1], "the 1904 date system reads otherwise"
    return outcomes[0]


def _shifted(value: object, shift: int) -> object:
    """A date cell's serial number (or a formula's cached one) in a system ``shift`` days later."""
    if isinstance(value, tuple) and value[0] == "=":
        return (*value[:2], _shifted(value[2], shift))
    if type(value) in (int, float) and 1462 < value <= 2_958_465:  # type: ignore[operator]
        return value - shift  # type: ignore[operator]  # a day both systems hold
    return value
