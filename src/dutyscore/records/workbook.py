"""Workbooks as people saved them, or refused with a located problem (the ``xlsx`` extra).

python-calamine reads the cells fast, but takes a workbook on trust: an error cell (``#DIV/0!``)
and a formula Excel never calculated both come back empty (so an attribute's default would
apply), a serial date is a number whatever the workbook's date system, hidden sheets come back
like the others, and a sheet that claims a cell at XFD1048576 makes it allocate the whole
rectangle. So an ``.xlsx`` is looked at first, with the standard library, within bounds:

- its zip directory: the uncompressed sizes, in all and against each member's compressed size
  (a zip bomb is refused with its sizes before anything is inflated);
- ``xl/workbook.xml``: the date system (1900 or 1904) and which sheets are hidden;
- each visible sheet, streamed through expat (no DTD, no entities): its declared and actual
  extent, its error cells and its formulas without a cached value, each located by sheet, row
  and column.

Only then does calamine read the sheets that will be used.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import stat
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from .._limits import size_problem
from .._problems import Problem
from .csv_table import header_twice
from .model import FIELDS, GUIDE_SHEET, UNITS_SHEET, RawRecord, field_name, plain_cell

#: Bounds on what a workbook may expand to: the sum of its members' uncompressed sizes; how much
#: larger than its compressed bytes one member may be once it is over a mebibyte (sheets of real
#: records compress about 10:1); and the rows × columns a sheet may span from A1.
MAX_UNCOMPRESSED = 1024**3
MAX_RATIO, RATIO_FLOOR = 200, 1024**2
MAX_CELLS = 1 << 22
#: The two date systems' day 0: 1900 (with Excel's leap-year quirk, right from 1 March 1900 on)
#: and 1904, 1,462 days later.
EPOCH_1900, EPOCH_1904 = dt.date(1899, 12, 30), dt.date(1904, 1, 1)
#: The largest serial number that is a date at all (9999-12-31 in the 1900 system).
MAX_SERIAL = 2_958_465

_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")


class ReadWarning(UserWarning):
    """Something a reader left out on purpose and says so (a hidden sheet, say); ``problem`` is
    the located warning. The command line prints it; a library caller can filter it like any
    Python warning."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _ref(text: str) -> tuple[int, int] | None:
    """(row, column) from 1 of a cell reference such as ``C7``, or None."""
    m = _REF.fullmatch(text.strip().upper())
    return (int(m.group(2)), _column_number(m.group(1))) if m else None


@dataclass
class _SheetFacts:
    """What the scan of one sheet found: its extent and the cells calamine would misread."""

    declared: tuple[int, int] | None = None
    rows: int = 0
    columns: int = 0
    #: (row, column, what is wrong) of each error cell and uncalculated formula.
    bad: list[tuple[int, int, str]] = field(default_factory=list)


def _scan_sheet(stream: IO[bytes]) -> _SheetFacts:
    """Stream a worksheet's XML once (expat, a chunk at a time): no DOCTYPE is allowed (OOXML
    has none, and entities are how XML bombs grow)."""
    facts = _SheetFacts()
    cell: dict[str, Any] = {}
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    text: list[str] = []

    def doctype(*_: object) -> None:
        raise ValueError("a sheet declares a DOCTYPE")

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "c":
            where = _ref(attrs.get("r", ""))
            cell.clear()
            cell.update(at=where, type=attrs.get("t", "n"), formula=False, value=False)
            if where is not None:
                facts.rows, facts.columns = max(facts.rows, where[0]), max(facts.columns, where[1])
        elif local == "f":
            cell["formula"] = True
        elif local == "v" and cell:
            cell["value"] = True
            text.clear()
            parser.CharacterDataHandler = text.append
        elif local == "dimension":
            last = attrs.get("ref", "").rpartition(":")[2]
            facts.declared = _ref(last)

    def end(name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == "v":
            parser.CharacterDataHandler = None
        elif local == "c" and cell:
            at = cell.get("at")
            if at is not None and cell["type"] == "e":
                facts.bad.append((*at, f"an error value ({''.join(text).strip() or '#N/A'})"))
            elif at is not None and cell["formula"] and not cell["value"]:
                facts.bad.append((*at, "a formula with no calculated value (open and save it in Excel)"))
            cell.clear()

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    while chunk := stream.read(1 << 20):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return facts


@dataclass
class _BookFacts:
    date1904: bool = False
    #: Sheet name → its part in the zip (``xl/worksheets/sheet1.xml``) and whether it is hidden.
    sheets: dict[str, tuple[str | None, bool]] = field(default_factory=dict)


def _book_facts(book: zipfile.ZipFile) -> _BookFacts:
    """The date system and the sheets (hidden or not, and their parts) of ``xl/workbook.xml``."""
    facts = _BookFacts()
    targets: dict[str, str] = {}

    def rel(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "Relationship" and "Id" in attrs:
            target = attrs.get("Target", "").lstrip("/")
            targets[attrs["Id"]] = target if target.startswith("xl/") else f"xl/{target}"

    listed: list[tuple[str, str, bool]] = []

    def book_start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "workbookPr":
            facts.date1904 = attrs.get("date1904", "").strip().lower() in ("1", "true")
        elif local == "sheet":
            rid = next((v for k, v in attrs.items() if k.rpartition(" ")[2] == "id"), "")
            hidden = attrs.get("state", "visible") in ("hidden", "veryHidden")
            listed.append((attrs.get("name", ""), rid, hidden))

    for part, handler in (("xl/_rels/workbook.xml.rels", rel), ("xl/workbook.xml", book_start)):
        if part not in book.namelist():
            continue
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = _no_doctype
        parser.StartElementHandler = handler
        with book.open(part) as stream:
            parser.ParseFile(stream)
    names = [name for name, _, _ in listed]
    twice = sorted({n for n in names if names.count(n) > 1}) if len(set(names)) != len(names) else []
    if twice:
        raise ValueError(f"the workbook names sheet(s) twice: {', '.join(map(repr, twice))}")
    facts.sheets = {name: (targets.get(rid), hidden) for name, rid, hidden in listed}
    return facts


def _no_doctype(*_: object) -> None:
    raise ValueError("the workbook declares a DOCTYPE")


def _bomb(book: zipfile.ZipFile) -> str | None:
    """Why the zip would expand beyond bounds, with its sizes, or None."""
    infos = book.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        return (
            f"the workbook expands to {total:,} bytes ({sum(i.compress_size for i in infos):,} compressed); "
            f"dutyscore reads at most {MAX_UNCOMPRESSED:,}"
        )
    for i in infos:
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            return (
                f"the workbook's part {i.filename} expands {i.compress_size:,} bytes to {i.file_size:,} "
                f"(more than {MAX_RATIO}:1: a zip bomb?)"
            )
    return None


@dataclass
class Checked:
    """What the look at a workbook gave: its date system's day 0, the sheets to read, and every
    problem (errors refuse the file; the hidden sheets left out are warnings)."""

    epoch: dt.date = EPOCH_1900
    read: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)


def check_workbook(path: Path, hidden_sheets: bool = False) -> Checked:
    """Look at an ``.xlsx``/``.xlsm`` before calamine reads it (see the module's docstring)."""
    name = str(path)
    out = Checked(problems=_other_book(path))
    if out.problems:
        return out
    try:
        with zipfile.ZipFile(path) as book:
            bomb = _bomb(book)
            if bomb is not None:
                out.problems.append(Problem(bomb, file=name))
                return out
            facts = _book_facts(book)
            out.epoch = EPOCH_1904 if facts.date1904 else EPOCH_1900
            for sheet, (part, hidden) in facts.sheets.items():
                if hidden and not hidden_sheets:
                    out.problems.append(_hidden(name, sheet))
                    continue
                out.read.append(sheet)
                if part is None or part not in book.namelist():
                    continue
                with book.open(part) as stream:
                    got = _scan_sheet(stream)
                wide = _too_wide(got)
                if wide is not None:
                    out.problems.append(Problem(wide, file=f"{name}[{sheet}]"))
                out.bad[sheet] = got.bad
    except _UNREADABLE as exc:
        out.problems.append(Problem(f"cannot read workbook: {_said(exc)}", file=name))
    return out


def _hidden(name: str, sheet: str) -> Problem:
    return Problem(
        f"sheet {sheet!r} is hidden: its rows are not read (unhide it, or read hidden sheets: "
        "--hidden-sheets, hidden_sheets=True)",
        file=name,
        severity="warning",
    )


def _other_book(path: Path) -> list[Problem]:
    """What bounds an ``.xls`` or ``.ods`` before calamine reads it: the records size limit, a
    regular file, and (``.ods`` is a zip) the zip's sizes. Their cells are not looked at."""
    try:
        info = path.stat()
    except OSError as exc:
        return [Problem(f"cannot read workbook: {exc.strerror or exc}", file=str(path))]
    if not stat.S_ISREG(info.st_mode):
        return [Problem("cannot read workbook: not a regular file", file=str(path))]
    too_large = size_problem(info.st_size, "records")
    if too_large is not None:
        return [Problem(too_large, file=str(path))]
    if path.suffix.lower() != ".ods":
        return []
    try:
        with zipfile.ZipFile(path) as book:
            bomb = _bomb(book)
    except _UNREADABLE as exc:
        return [Problem(f"cannot read workbook: {_said(exc)}", file=str(path))]
    return [] if bomb is None else [Problem(bomb, file=str(path))]


def _too_wide(facts: _SheetFacts) -> str | None:
    """Why a sheet spans more cells than calamine may allocate (declared or found), or None."""
    extents = ((facts.declared or (0, 0), "declares"), ((facts.rows, facts.columns), "has"))
    for (rows, columns), said in extents:
        if rows * columns > MAX_CELLS:
            return (
                f"the sheet {said} {rows:,} rows × {columns:,} columns from A1, more than the "
                f"{MAX_CELLS:,} cells dutyscore reads (a stray cell far away?)"
            )
    return None


#: What reading a broken zip or its XML raises: a damaged archive or stream (zlib, EOF), an
#: encrypted member (RuntimeError), a compression method zipfile lacks (NotImplementedError).
_UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    expat.ExpatError,
    ValueError,
    OSError,
    EOFError,
    zlib.error,
    RuntimeError,
    NotImplementedError,
)


def _said(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if isinstance(exc, zipfile.BadZipFile):
        return f"not an .xlsx file (a zip archive): {exc}"
    if isinstance(exc, expat.ExpatError):
        return f"not well-formed XML ({expat.ErrorString(exc.code)}, line {exc.lineno})"
    return str(exc) or type(exc).__name__


def serial_date(value: float | int, epoch: dt.date) -> dt.date | float | int:
    """The date an Excel serial number stands for in its workbook's date system; a number that
    is no date (not finite, below 1, beyond 9999) stays a number, for validation to refuse."""
    if not math.isfinite(value) or not 1 <= value <= MAX_SERIAL:
        return value
    return epoch + dt.timedelta(days=int(value))


def cell(key: str, value: Any, epoch: dt.date) -> Any:
    """A workbook cell as the other readers give it (:func:`~.model.plain_cell`): a date column's
    number is a serial date (an unformatted date column holds serial numbers)."""
    if key in ("act_date", "record_date") and isinstance(value, int | float) and not isinstance(value, bool):
        return serial_date(value, epoch)
    return plain_cell(value)


def read_workbook(path: Path, hidden_sheets: bool = False) -> tuple[list[RawRecord], list[Problem]]:
    """Raw records of a workbook (the ``xlsx`` extra: python-calamine, a fast, well-kept reader).

    Each sheet holds one event kind, named by the sheet (the kind's id or title) unless the sheet
    has a ``kind`` column; the first row holds the column names (field, attribute id or title).
    Hidden sheets are left out with a :class:`ReadWarning` unless ``hidden_sheets``.
    """
    name = str(path)
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return [], [
            Problem("reading a workbook needs the xlsx extra: pip install 'dutyscore[xlsx]'", file=name)
        ]
    suffix = path.suffix.lower()
    zipped = suffix in (".xlsx", ".xlsm")
    checked = check_workbook(path, hidden_sheets) if zipped else Checked(problems=_other_book(path))
    errors = [p for p in checked.problems if p.severity == "error"]
    if errors:
        return [], errors
    try:
        book = CalamineWorkbook.from_path(name)
        wanted = checked.read if zipped else book.sheet_names
        if not zipped and not hidden_sheets:  # .xls, .ods: calamine knows which are hidden
            hidden = [m.name for m in book.sheets_metadata if not str(m.visible).endswith(".Visible")]
            checked.problems.extend(_hidden(name, sheet) for sheet in hidden)
            wanted = [s for s in wanted if s not in hidden]
        sheets = [(s, book.get_sheet_by_name(s).to_python()) for s in wanted]
    except Exception as exc:  # calamine raises its own errors and, for a broken file, others
        said = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return [], [Problem(f"cannot read workbook: {said}", file=name)]
    for warning in checked.problems:
        warnings.warn(ReadWarning(warning), stacklevel=2)
    out: list[RawRecord] = []
    problems: list[Problem] = []
    for sheet, rows in sheets:
        if rows and sheet not in (GUIDE_SHEET, UNITS_SHEET):  # an entry template's own sheets
            problems.extend(_sheet_records(name, sheet, rows, checked, out))
    return (out, []) if not problems else ([], problems)


def _sheet_records(
    name: str, sheet: str, rows: list[list[Any]], checked: Checked, out: list[RawRecord]
) -> Iterator[Problem]:
    """The records of one sheet appended to ``out``; the problems of its header and cells."""
    where = f"{name}[{sheet}]"
    header = [field_name(str(h).strip()) for h in rows[0]]
    twice = header_twice([h for h in header if h], "the sheet's header")
    if twice is not None:
        yield Problem(twice, file=where, line=1, column=1)
        return
    ids = header.index("id") if "id" in header else None
    for row, column, said in checked.bad.get(sheet, []):
        heading = header[column - 1] if 0 < column <= len(header) else None
        if heading and heading not in FIELDS[:5]:
            heading = "attributes." + heading.removeprefix("attributes.")
        line = rows[row - 1] if row <= len(rows) else []
        rid = line[ids] if ids is not None and ids < len(line) and line[ids] not in ("", None) else None
        said = f"cell {column_letters(column)}{row} holds {said}"
        yield Problem(
            said,
            file=where,
            line=row,
            column=column,
            field=heading,
            record_id=None if rid is None else str(rid),
        )
    fields = set(FIELDS[:5])
    for n, row_cells in enumerate(rows[1:], start=2):
        pairs = zip(header, row_cells, strict=False)
        cells = {h: cell(h, v, checked.epoch) for h, v in pairs if v not in ("", None) and h}
        if not cells:
            continue
        data: dict[str, Any] = {k: cells.pop(k) for k in list(cells) if k in fields}
        data.setdefault("kind", sheet)
        data["attributes"] = {k.removeprefix("attributes."): v for k, v in cells.items()}
        out.append(RawRecord(data, where, n))


def column_letters(n: int) -> str:
    """The letters of a workbook's column ``n`` (from 1): 1 → A, 27 → AA, 16384 → XFD."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out
