"""Read record files (YAML, JSON, JSONL, CSV) into raw rows that remember where they came from.

Reading and validating are separate steps so that every row of every file is
read before any is judged: a user sees all problems at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, repeat
from pathlib import Path
from typing import Any, Union

from .._collector import collector_paused
from .._jsonsrc import DuplicateKey, loads, loads_record
from .._problems import Problem
from .._text import read_text
from .._yamlsrc import YamlSyntaxError, load_yaml
from .csv_table import CsvTable, header_twice
from .model import FIELDS, RawRecord, field_name, plain_cell
from .workbook import read_workbook

_new = object.__new__


# -- reading -------------------------------------------------------------------
def _records_in(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and isinstance(value.get("records"), list):
        return list(value["records"])
    return None


def read_raw(
    path: str | Path, encoding: str | None = None, *, hidden_sheets: bool = False
) -> tuple[list[RawRecord], list[Problem]]:
    """Raw records of one file; the format is chosen by the extension, the encoding detected
    (UTF-8, with or without BOM, or GBK/GB18030) unless ``encoding`` is given; a workbook's
    hidden sheets are read only with ``hidden_sheets``."""
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        return read_workbook(p, hidden_sheets)
    if p.suffix.lower() == ".parquet":
        return read_parquet(p)
    text, problem = read_text(p, encoding, "records")
    if text is None:
        return [], [problem] if problem is not None else []
    with collector_paused():
        return parse_raw(text, str(p), p.suffix.lower())


def read_files(
    paths: Iterable[str | Path], encoding: str | None = None, *, hidden_sheets: bool = False
) -> tuple[list[RawRecord], list[Problem]]:
    """Raw records of several files, in order, and every problem reading them (:func:`raws_of`,
    all held at once)."""
    problems: list[Problem] = []
    with collector_paused():
        raws = list(raws_of(paths, encoding, problems, hidden_sheets=hidden_sheets))
    return raws, problems


def raws_of(
    paths: Iterable[str | Path], encoding: str | None, problems: list[Problem], *, hidden_sheets: bool = False
) -> Iterator[RawRecord]:
    """The raw records of several files, in order, read as the caller takes them: a CSV or JSONL
    file's rows one at a time from its text, so that a million raw rows never live at once
    beside the records they become. Every problem reading them is appended to ``problems``."""
    for source in sources_of(paths, encoding, problems, hidden_sheets=hidden_sheets):
        yield from source.raws() if isinstance(source, CsvTable) else source


#: What :func:`sources_of` gives per file: its raw records to come, or a CSV file's table.
Source = Union[Iterable[RawRecord], "CsvTable"]


def sources_of(
    paths: Iterable[str | Path], encoding: str | None, problems: list[Problem], *, hidden_sheets: bool = False
) -> Iterator[Source]:
    """Per file, in order, its raw records to come, or (a CSV file) its table with the header
    read, whose rows validation takes from their cells (:func:`raws_of` gives them all as raw
    records). Every problem reading them is appended to ``problems``."""
    for path in paths:
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix not in (".csv", ".jsonl", ".ndjson"):
            got, found = read_raw(p, encoding, hidden_sheets=hidden_sheets)
            problems.extend(found)
            yield got
            continue
        text, problem = read_text(p, encoding, "records")
        if text is None:
            problems.extend([problem] if problem is not None else [])
            continue
        if suffix == ".csv":
            table = CsvTable.open(_lines(text), str(p), problems)
            if table is not None:
                yield table
        else:
            yield _iter_jsonl(_json_lines(text), str(p), problems)


def parse_raw(text: str, name: str, suffix: str) -> tuple[list[RawRecord], list[Problem]]:
    """Raw records from text in the format named by ``suffix`` (.yaml .json .jsonl .csv)."""
    if suffix in (".yaml", ".yml"):
        return _parse_yaml(text, name)
    if suffix == ".json":
        try:
            value = loads(text)
        except json.JSONDecodeError as exc:
            return [], [Problem(f"not valid JSON: {exc.msg}", file=name, line=exc.lineno, column=exc.colno)]
        except DuplicateKey as exc:
            return [], [Problem(f"not valid JSON: {exc}", file=name)]
        rows = _records_in(value)
        if rows is None:
            return [], [Problem("expected a list of records or {records: [...]}", file=name)]
        lines = _json_record_lines(text)
        if lines is None or len(lines) != len(rows):
            return [RawRecord(r, name) for r in rows], []
        return [RawRecord(r, name, line) for r, line in zip(rows, lines, strict=True)], []
    if suffix in (".jsonl", ".ndjson"):
        return _parse_jsonl(text, name)
    if suffix == ".csv":
        return _parse_csv(text, name)
    return [], [
        Problem(
            f"unknown records format {suffix!r} (use .yaml, .json, .jsonl, .csv, .xlsx or .parquet)",
            file=name,
        )
    ]


_BLANK = re.compile(r"\s*")
_SKIP = json.JSONDecoder()


def _json_record_lines(text: str) -> list[int] | None:
    """The line each record of a JSON file starts on (``json`` keeps no positions): the top-level
    list, or the ``records`` list of the top-level object, walked element by element. None when
    the file is not laid out that way."""
    try:
        i = _BLANK.match(text, 0).end()  # type: ignore[union-attr]
        if text.startswith("{", i):
            i += 1
            while True:
                i = _BLANK.match(text, i).end()  # type: ignore[union-attr]
                key, i = _SKIP.raw_decode(text, i)
                i = _BLANK.match(text, i).end()  # type: ignore[union-attr]
                if not text.startswith(":", i):
                    return None
                i = _BLANK.match(text, i + 1).end()  # type: ignore[union-attr]
                if key == "records":
                    break
                _, i = _SKIP.raw_decode(text, i)
                i = _BLANK.match(text, i).end()  # type: ignore[union-attr]
                if not text.startswith(",", i):
                    return None
                i += 1
        if not text.startswith("[", i):
            return None
        i += 1
        starts: list[int] = []
        while True:
            i = _BLANK.match(text, i).end()  # type: ignore[union-attr]
            if text.startswith("]", i):
                break
            starts.append(i)
            _, i = _SKIP.raw_decode(text, i)
            i = _BLANK.match(text, i).end()  # type: ignore[union-attr]
            if text.startswith(",", i):
                i += 1
    except (ValueError, IndexError):
        return None
    lines, line, last = [], 1, 0
    for start in starts:
        line += text.count("\n", last, start)
        lines.append(line)
        last = start
    return lines


def _parse_yaml(text: str, name: str) -> tuple[list[RawRecord], list[Problem]]:
    try:
        located = load_yaml(text)
    except YamlSyntaxError as exc:
        return [], [exc.problem(name)]
    problems = located.problems_in(name)
    rows = _records_in(located.value)
    if rows is None:
        return [], [*problems, Problem("expected a list of records or {records: [...]}", file=name)]
    prefix: tuple[str | int, ...] = () if isinstance(located.value, list) else ("records",)
    out = []
    for i, row in enumerate(rows):
        mark = located.mark_for((*prefix, i))
        out.append(RawRecord(row, name, mark.line if mark else None))
    return out, problems


def _parse_jsonl(text: str, name: str) -> tuple[list[RawRecord], list[Problem]]:
    """The lines end at line feeds only, as when the file is streamed (``str.splitlines`` also
    splits at U+2028 and other separators a JSON text may hold, and its list of a million lines
    outlived the parsing)."""
    problems: list[Problem] = []
    return list(_iter_jsonl(_json_lines(text), name, problems)), problems


def _iter_jsonl(lines: Iterable[str], name: str, problems: list[Problem]) -> Iterator[RawRecord]:
    """The raw record of each line; each line that is not one is a problem in ``problems``."""
    for n, line in enumerate(lines, start=1):
        try:
            data = loads_record(line)
        except json.JSONDecodeError as exc:
            if line.strip():  # a blank line is no record
                problems.append(Problem(f"not valid JSON: {exc.msg}", file=name, line=n, column=exc.colno))
            continue
        except DuplicateKey as exc:
            problems.append(Problem(f"not valid JSON: {exc}", file=name, line=n, column=1))
            continue
        raw = _new(RawRecord)  # RawRecord(data, name, n) without the generated __init__'s call
        raw.data, raw.file, raw.line = data, name, n
        yield raw


def _parse_csv(text: str, name: str) -> tuple[list[RawRecord], list[Problem]]:
    problems: list[Problem] = []
    return list(_iter_csv(_lines(text), name, problems)), problems


def _lines(text: str, size: int = 1 << 20) -> Iterator[str]:
    """The lines of ``text`` with their line feeds, the only line ends a CSV reader is given
    (``str.splitlines`` also ends lines at a carriage return alone and other separators, which
    the reader would see differently), split a chunk of about ``size`` characters at a time
    (:func:`_chunks`): ``io.StringIO`` would hold a second copy of a large file, four bytes a
    character."""
    feed = repeat("\n")
    return chain.from_iterable(
        list(map(str.__add__, lines, feed)) if fed else [*map(str.__add__, lines[:-1], feed), lines[-1]]
        for lines, fed in _chunks(text, size)
    )


def _json_lines(text: str, size: int = 1 << 20) -> Iterator[str]:
    """The lines of a JSONL text without their line feeds (JSON needs none), a chunk at a
    time (:func:`_chunks`)."""
    return chain.from_iterable(lines for lines, _ in _chunks(text, size))


def _chunks(text: str, size: int) -> Iterator[tuple[list[str], bool]]:
    """The lines of ``text`` without their line feeds, a list for each chunk of about ``size``
    characters, and whether the chunk's last line had one: ``str.split`` finds the line feeds
    of a chunk at C speed, a chained list hands them out without a Python call per line, and
    only one chunk's lines live at once."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", min(start + size, end - 1))  # the last line feed ends no chunk early
        if stop < 0:
            stop = end
        yield text[start:stop].split("\n"), stop < end
        start = stop + 1


def _iter_csv(lines: Iterable[str], name: str, problems: list[Problem]) -> Iterator[RawRecord]:
    """Rows as raw records, each located at the line where it starts; each problem goes to
    ``problems`` (:class:`CsvTable`)."""
    table = CsvTable.open(lines, name, problems)
    return iter(()) if table is None else table.raws()


def iter_raw(path: str | Path, encoding: str | None = None) -> Iterator[RawRecord | Problem]:
    """Raw records of a JSONL or CSV file one at a time, without holding the file in memory
    (UTF-8, with or without BOM, unless ``encoding`` is given)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".jsonl", ".ndjson", ".csv"):
        yield Problem("streaming reads .jsonl and .csv files", file=str(p))
        return
    at = [0]
    problems: list[Problem] = []
    try:
        with p.open("rb") as handle:
            lines = _decoded(handle, encoding or "utf-8-sig", at)
            for raw in (_iter_csv if suffix == ".csv" else _iter_jsonl)(lines, str(p), problems):
                if problems:  # found before this record: said first, in file order
                    yield from problems
                    problems.clear()
                yield raw
            yield from problems
    except (OSError, LookupError, UnicodeDecodeError) as exc:
        yield from problems  # those found before the reading stopped
        yield _unreadable(exc, p, encoding, at[0])


def _unreadable(exc: Exception, path: Path, encoding: str | None, line: int) -> Problem:
    """Why a streamed file could not be read on: the file itself, its encoding, or a byte."""
    if isinstance(exc, UnicodeDecodeError):
        return Problem(
            f"cannot be read as {encoding or 'utf-8'}: byte 0x{exc.object[exc.start : exc.start + 1].hex()} "
            "(declare --encoding)",
            file=str(path),
            line=line,
            column=exc.start + 1,
        )
    if isinstance(exc, LookupError):
        return Problem(f"unknown encoding {encoding!r}", file=str(path))
    assert isinstance(exc, OSError)
    return Problem(f"cannot read records: {exc.strerror}", file=str(path))


def _decoded(handle: Iterable[bytes], codec: str, at: list[int]) -> Iterator[str]:
    """The lines of a binary file as text, ``at[0]`` holding the number of the line being read,
    so that an undecodable byte is reported at its line and column."""
    for n, data in enumerate(handle, start=1):
        at[0] = n
        yield data.decode(codec)


# -- frames and rows ---------------------------------------------------------------
def frame_rows(frame: Any) -> list[dict[str, Any]]:
    """The rows of a pandas or polars DataFrame or a pyarrow Table as mappings, with missing
    values (None, NaN, NaT) left out. Nothing is imported: the frame's own methods are used, so
    the libraries stay optional."""
    if hasattr(frame, "to_pylist"):  # pyarrow.Table
        rows = frame.to_pylist()
    elif hasattr(frame, "to_dicts"):  # polars.DataFrame
        rows = frame.to_dicts()
    elif hasattr(frame, "to_dict"):  # pandas.DataFrame
        rows = frame.to_dict("records")
    else:
        raise TypeError(
            f"expected a pandas or polars DataFrame or a pyarrow Table, got {type(frame).__name__}"
        )
    return [{k: plain_cell(v) for k, v in row.items() if not _missing(v)} for row in rows]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value) in ("NaT", "<NA>")




def row_data(row: Mapping[str, Any]) -> dict[str, Any]:
    """A flat row (a query's, a frame's) as a record's data: the keys that are not fields become
    its attributes, those whose value is None left out; a row with ``attributes`` stays as is.
    Text is stripped as the CSV reader strips a cell (``"nanjing   "`` from a CHAR column is
    ``nanjing``); a text left blank is no value."""
    data = {field_name(k) if isinstance(k, str) else k: _stripped(v) for k, v in row.items()}
    if "attributes" not in data:
        extra = [k for k in data if k not in FIELDS]
        data["attributes"] = {k: data.pop(k) for k in extra if data[k] is not None}
        for k in extra:
            data.pop(k, None)
    return data


def _stripped(value: Any) -> Any:
    if type(value) is str:
        value = value.strip()
        return value if value else None
    return value


def read_parquet(path: Path) -> tuple[list[RawRecord], list[Problem]]:
    """Raw records of a Parquet file (the ``columnar`` extra: polars), one per row, located by
    row number (from 1), a column per field and attribute as in a CSV file; a row with every
    value missing is no record, as a blank CSV row is not."""
    name = str(path)
    try:
        import polars as pl
    except ImportError:
        return [], [
            Problem("reading Parquet needs the columnar extra: pip install 'dutyscore[columnar]'", file=name)
        ]
    try:
        frame = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        return [], [
            Problem(f"cannot read Parquet: {str(exc).splitlines()[0] if str(exc) else exc!r}", file=name)
        ]
    twice = header_twice(frame.columns, "the Parquet file")
    if twice is not None:  # item beside attributes.item: which would count is a guess
        return [], [Problem(twice, file=name)]
    out = []
    for n, row in enumerate(frame_rows(frame), start=1):
        if row:
            out.append(
                RawRecord(row_data({k.removeprefix("attributes."): v for k, v in row.items()}), name, n)
            )
    return out, []
