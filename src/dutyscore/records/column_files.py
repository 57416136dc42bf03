"""Record files read into polars frames of text (and date) columns, for :mod:`.columns` to
validate: CSV, JSONL and Parquet, each read only where polars' reading is provably the
row-by-row reader's (the cases are in :mod:`.columns`' docstring), else None, and the caller
hands the file to the Python reader.

A frame has one column per field and attribute (``attributes.`` prefixes taken off), empty
cells null, and where each row is: ``__file`` and ``__line`` (:func:`located`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .._text import read_bytes
from ..scheme.model import Scheme
from .csv_table import header_twice
from .model import FIELDS, field_name

#: A polars DataFrame (typed loosely: polars is an optional extra, absent where mypy runs).
Frame = Any

_CORE = FIELDS[:5]


#: Bytes after which a file is left to the Python reader: a quote (quoted cells may span
#: lines and hold commas), NUL, and the separators Python's ``str.strip`` takes for space
#: but polars does not.
_DOUBTFUL = (b'"', b"\x00", b"\x1c", b"\x1d", b"\x1e", b"\x1f")


def typed_frame(pl: Any, frame: Frame, source: str) -> Frame | None:
    """A frame of text and date columns ready for validation (:mod:`.columns`), or None for any
    other."""
    names = frame.columns
    if (
        any(f not in names for f in _CORE)
        or "attributes" in names
        or any(n.startswith("__") for n in names)
        or any(t not in (pl.String, pl.Date) for t in frame.dtypes)
    ):
        return None
    # the rows as records_from_rows sees them: a missing value (None, and the texts pandas
    # writes for one) is left out, every other value kept as it is
    blank = [
        pl.when(pl.col(n).is_in(["NaT", "<NA>"])).then(None).otherwise(pl.col(n)).alias(n)
        for n, t in zip(names, frame.dtypes, strict=True)
        if t == pl.String
    ]
    return located(pl, frame.with_columns(blank), source, 1)


def parquet_frame(pl: Any, path: Path) -> Frame | None:
    """A Parquet file's text and date columns (``attributes.`` prefixes taken off), or None."""
    try:
        frame = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError):
        return None
    names = [n.removeprefix("attributes.") if n.startswith("attributes.") else n for n in frame.columns]
    if len(set(names)) != len(names):
        return None
    frame.columns = names
    return typed_frame(pl, frame, str(path))


def _utf8_bytes(path: Path, encoding: str | None, names: tuple[str, ...]) -> bytes | None:
    """The bytes of a records file polars may read (declared as one of ``names``, UTF-8 by
    default, and within the size limit), or None: the Python reader then reads it, and says
    what is wrong with it if anything is."""
    if (encoding or "utf-8").lower().replace("_", "-") not in names:
        return None
    data, _ = read_bytes(path, "records")
    return None if data is None or not lines_fit_columns(data) else data


#: Columns pay per line and per byte of the longest cell what the row reader does not (a 256 MB
#: line was held in 3.2 GB, 10 MB of blank lines in 2.5 GB, the row reader 0.8 GB and 72 MB):
#: a file with a line longer than about LONG_LINE bytes, or fewer than SHORT_LINES bytes a line
#: on average (blank lines), is read row by row.
LONG_LINE, SHORT_LINES = 64 * 1024, 16


def lines_fit_columns(data: bytes) -> bool:
    """Whether ``data``'s lines are of a shape the columnar readers hold within twice the row
    reader's memory: no line much longer than :data:`LONG_LINE` (every window of that size at a
    step of half of it holds a line feed, so any line of 1.5 × LONG_LINE is found, a look-up
    per 32 KiB) and lines of :data:`SHORT_LINES` bytes or more on average."""
    size = len(data)
    if size > SHORT_LINES and data.count(b"\n") > size // SHORT_LINES:
        return False
    step = LONG_LINE // 2
    return all(data.find(b"\n", at, at + LONG_LINE) >= 0 for at in range(0, size - LONG_LINE, step))


def csv_frame(pl: Any, path: Path, encoding: str | None) -> Frame | None:
    """The file as string columns (stripped; empty cells null) with its name and each row's
    line, or None when the Python reader must read it.

    polars' CSV reader reads it (:func:`_read_cells`), once its lines are checked where it has
    carriage returns (:func:`_file_lines`); a file whose rows that reader may have read
    otherwise has its lines split at their commas (:func:`_split_lines`). A row with a cell
    too many or too few goes the Python way, unless it is blank (only commas and spaces),
    which the reference skips too. Cells are stripped only where the file has a byte that
    could be whitespace (not ASCII, or a space, tab, vertical tab or form feed)."""
    data = (
        _utf8_bytes(path, encoding, ("utf-8", "utf8", "utf-8-sig")) if path.suffix.lower() == ".csv" else None
    )
    if data is None or any(b in data for b in _DOUBTFUL) or data.endswith(b"\r"):
        return None
    end = data.find(b"\n")
    first = data if end < 0 else data[:end]
    if b"\r" in first[:-1]:
        return None  # a carriage return alone: the Python reader says where
    try:
        header = [field_name(h.strip()) for h in first.decode("utf-8-sig").split(",")]
    except UnicodeDecodeError:
        return None
    if header_twice(header) is not None or any(f not in header for f in _CORE):
        return None
    named = [h.removeprefix("attributes.") for h in header if h not in _CORE]
    if len(set(named)) != len(named) or any(n in _CORE or n == "attributes" for n in named):
        return None
    names = [h if h in _CORE else h.removeprefix("attributes.") for h in header]
    if end < 0 or end == len(data) - 1:  # the header alone
        return located(pl, pl.DataFrame(schema=dict.fromkeys(names, pl.String)), str(path), 2)
    # polars' CSV reader drops a carriage return it may not see: their lines are checked first
    ending = 2 if b"\r" in data else 1
    text = None
    if ending == 2:
        text = _file_lines(pl, data, end, ending)
        if text is None:
            return None
    cells = _read_cells(pl, data, names, end, ending)
    if cells is None:
        text = _file_lines(pl, data, end, ending) if text is None else text
        cells = None if text is None else _split_lines(pl, text, names)
        if cells is None:
            return None
    if not data.isascii() or any(b in data for b in (b" ", b"\t", b"\x0b", b"\x0c")):
        cells = cells.select(pl.col(n).str.strip_chars().replace("", None) for n in names)
    found = located(pl, cells, str(path), 2)  # line 1 is the header
    if not cells["id"].null_count():
        return found  # every line has an id: none is blank
    # a line of empty cells is no record (the reference skips it)
    return found.filter(pl.any_horizontal(pl.col(n).is_not_null() for n in names))


def _read_cells(pl: Any, data: bytes, names: list[str], end: int, ending: int) -> Frame | None:
    """The cells of the rows after the header line (``data[:end]``), read by polars' CSV reader, or
    None when it may have read them otherwise than line by line, comma by comma. For a file
    with no quote it does if every carriage return ends a line (none, or each before its line
    feed: :func:`_file_lines` has checked; ``ending`` is 2 then, else 1), and each row has every
    cell, none over, when the cells' bytes, the commas between them and the line ends make up
    the file (a row with a cell over fails the reading; one short, or a blank line, leaves bytes
    unaccounted for). Empty cells are null."""
    try:
        cells = pl.read_csv(
            data,
            has_header=True,
            separator=",",
            quote_char=None,
            infer_schema=False,
            raise_if_empty=False,
            truncate_ragged_lines=False,
        )
    except (pl.exceptions.PolarsError, UnicodeDecodeError):
        return None
    if cells.width != len(names):
        return None
    cells.columns = names
    rows = cells.height
    found = sum(cells.select(pl.col(n).str.len_bytes().sum() for n in names).row(0))
    if found + rows * (len(names) - 1) + _ends(data, rows, ending) != len(data) - end - 1:
        return None
    return cells


def _file_lines(pl: Any, data: bytes, end: int, ending: int) -> Any:
    """The lines after the header line (``data[:end]``) as polars reads them (a blank one empty),
    or None when they are not the file's: when their bytes and the line ends they lost (a line
    feed, or with ``ending`` 2 a carriage return and a line feed, the same at every line) do not
    make up the file, or a carriage return is left in a line (where the Python reader ends one)."""
    try:
        text = _lines(pl, data, skip=1).fill_null("")
    except (pl.exceptions.PolarsError, UnicodeDecodeError):
        return None
    if text.str.len_bytes().sum() + _ends(data, text.len(), ending) != len(data) - end - 1:
        return None
    if ending == 2 and text.str.contains("\r", literal=True).any():
        return None  # a carriage return alone: the Python reader says where
    return text


def _ends(data: bytes, lines: int, ending: int) -> int:
    """The bytes the line ends of ``lines`` lines after the header take, each ``ending`` bytes
    long (the last has none when the file does not end with a line feed)."""
    return lines * ending - (0 if data.endswith(b"\n") else ending)


def _split_lines(pl: Any, text: Any, names: list[str]) -> Frame | None:
    """The cells of ``text``'s lines, each split at its commas by polars (empty cells are
    null), or None when a line is not one row of every cell (a cell over, a cell short unless
    the line is blank): for the files polars' CSV reader cannot vouch for, blank lines
    among the rows the most common."""
    cells = (
        pl.DataFrame({"line": text})
        .lazy()
        .select(pl.col("line").str.splitn(",", len(names) + 1).struct.rename_fields([*names, "__over"]))
        .unnest("line")
        .collect()
    )
    if cells["__over"].null_count() != cells.height:
        return None  # a row with too many cells: the Python reader says where
    short = cells[names[-1]].is_null()
    if (
        short.any()
        and (text.filter(short).str.replace_all(",", "", literal=True).str.strip_chars() != "").any()
    ):
        return None  # a row with too few cells
    return cells.select(pl.col(n).replace("", None) for n in names)


def _lines(pl: Any, data: bytes, skip: int = 0) -> Any:
    """The lines of ``data`` after the first ``skip``, as one polars column of text (a line
    feed ends a line, a carriage return before it goes with it; a blank line is null): read as
    a CSV file of one column, its separator a byte the caller has made sure the data lacks."""
    return pl.read_csv(
        data,
        has_header=False,
        separator="\x1f",
        quote_char=None,
        infer_schema=False,
        skip_rows=skip,
        new_columns=["line"],
        raise_if_empty=False,
    )["line"]


#: A JSONL line the columns vouch for: an object whose values are texts, ``attributes`` a flat
#: object of texts, spaced with spaces only; its texts hold no escape, quote, control character or line
#: separator that Python's ``str.splitlines`` would split at (anything else: the Python way).
_TEXT = r'"[^"\\\x00-\x1f\x7f\u0085\u2028\u2029]*"'
_PAIR = f"{_TEXT} *: *{_TEXT}"
_FLAT = rf"\{{ *(?:{_PAIR}(?: *, *{_PAIR})*)? *\}}"
_MEMBER = f'(?:{_PAIR}|"attributes" *: *{_FLAT})'
_JSONL_LINE = rf"^ *\{{ *(?:{_MEMBER}(?: *, *{_MEMBER})*)? *\}} *$"
#: Attribute names a JSONL file's columns take: no character the checks below would misread.
_NAME = re.compile(r'[^"\\\s:,{}\[\]().*+?^$|]+')


def jsonl_frame(pl: Any, path: Path, encoding: str | None, scheme: Scheme) -> Frame | None:
    """A JSONL file as string columns (``attributes`` spread into columns in the order of the
    scheme's kinds and attributes; absent values null) with its name and each record's line,
    or None when the Python reader must read it: a line that is not an object of texts with
    ``attributes`` a flat object of texts (a number, null, a list, an escape, a blank line,
    CRLF endings), a key given twice, a field or attribute the scheme does not name (a title,
    a mistake), or a line giving its attributes in another order."""
    data = _utf8_bytes(path, encoding, ("utf-8", "utf8"))
    if not data or data.startswith(b"\xef\xbb\xbf") or b"\r" in data or b"\x1f" in data:
        return None
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    try:
        text = _lines(pl, data)
        if text.len() != lines or not text.str.contains(_JSONL_LINE).all():
            return None
        frame = pl.read_ndjson(data, schema=_jsonl_schema(pl, scheme))
    except (pl.exceptions.PolarsError, UnicodeDecodeError, ValueError):
        return None
    if frame.height != lines:
        return None
    # polars leaves out the keys its schema does not name: the count of colons below sees them
    fields = [f.name for f in frame.schema["attributes"].fields]
    # every key is counted by a colon, and every colon is a key's or in a text: a key given
    # twice (polars keeps one of them silently, Python refuses the line) leaves one over
    given = [pl.col(n) for n in _CORE]
    given += [pl.col("attributes").struct.field(f) for f in fields]
    colons = [
        pl.when(c.is_not_null()).then(1 + c.str.count_matches(":", literal=True)).otherwise(0) for c in given
    ]
    colons.append(pl.col("attributes").is_not_null().cast(pl.Int64))
    counted = frame.select(pl.sum_horizontal(colons).alias("n"))["n"]
    if not (text.str.count_matches(":", literal=True) == counted).all():
        return None
    # a record's attributes keep the order its line gives them (columns have one order)
    present = [f for f in fields if frame["attributes"].struct.field(f).null_count() < frame.height]
    if len(present) > 1:
        at = pl.DataFrame({"line": text}).select(
            pl.col("line").str.find(f'"{f}" *:').alias(f) for f in present
        )
        seen = None
        ordered = pl.lit(True)
        for f in present:
            if seen is not None:
                ordered = ordered & (pl.col(f).is_null() | (pl.col(f) > seen))
            seen = pl.col(f) if seen is None else pl.max_horizontal(seen, pl.col(f))
        if not at.select(ordered.all()).item():
            return None
    frame = frame.unnest("attributes").select(*_CORE, *present)
    return located(pl, frame, str(path), 1)


def _jsonl_schema(pl: Any, scheme: Scheme) -> Any:
    """What polars reads of a JSONL line: the record's fields as text, ``attributes`` a struct
    of texts, one field per attribute name of the scheme's kinds, in their order (names that
    the checks of :func:`jsonl_frame` could misread are left out: a line giving one goes the
    Python way)."""
    names: dict[str, None] = {}
    for kind in scheme.event_kinds.values():
        names.update(dict.fromkeys(n for n in kind.attributes if n not in FIELDS and _NAME.fullmatch(n)))
    attributes = pl.Struct([pl.Field(n, pl.String) for n in names])
    return {**{c: pl.String for c in _CORE}, "attributes": attributes}


def located(pl: Any, frame: Frame, source: str, first: int) -> Frame:
    """``frame`` with where each row is: its file (or source) and line (or row number), the
    first row at ``first``."""
    return frame.with_columns(
        pl.lit(source).alias("__file"), (pl.int_range(pl.len(), dtype=pl.Int64) + first).alias("__line")
    )
