"""The columnar path (the ``columnar`` extra, on polars): CSV, JSONL and Parquet record files and
polars frames read and validated as columns, for the million-row exports where reading and
validating row by row costs more than scoring.

The pure-Python reader and validator (:mod:`.read`, :mod:`.validate`) stay the reference;
this path only vouches for what it can prove at column speed and hands everything else to
them, so that it returns the same records, in the same order, and refuses the same files
with the same located problems:

* a file polars could read differently from the strict ``csv`` reader (quotes, a row with
  too few or too many cells, a carriage return alone, control characters, an encoding other
  than UTF-8, a header naming a column twice or lacking one), or files whose columns differ
  in order or type, are read the Python way, with every other file of the same call;
* so is a JSONL file with any line that is not an object of texts whose ``attributes`` is a
  flat object of texts, unescaped and spaced with spaces (a number, null, a list, an escape,
  a blank line, CRLF endings), a key given twice (polars would keep one silently), a field or
  attribute the scheme does not name, or attributes in another order than the scheme's;
* a row the column checks cannot vouch for (an empty or repeated id, an unknown kind or
  unit, a date that is not plainly one of the accepted forms and real, an attribute value
  its type refuses, a rule check) goes through the Python validator with the file and line
  it would have had there; a file with any problem is then reported by the reference,
  numbered and worded exactly as always.

Files become frames in :mod:`.column_files`; here each distinct date text and attribute value
is checked once, by the same Python code the row-by-row validator uses. Files give
:class:`~dutyscore.CompactRecords` (rows kept as columns until read); a frame gives the list
:func:`~dutyscore.records_from_frame` promises.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from .._collector import collector_paused
from .._problems import UsageError
from ..scheme.model import Scheme
from .coerce import _AttrCoercer
from .column_files import Frame, csv_frame, jsonl_frame, parquet_frame, typed_frame
from .compact import CompactRecords, Shape, build_rows
from .invisible import PATTERN as INVISIBLE
from .invisible import WHITESPACE
from .model import FIELDS, RawRecord, Record
from .quick import _Quick
from .validate import _rule_checks, load_records, validate_records

_CORE = FIELDS[:5]


def columnar_available() -> bool:
    """Whether polars (the ``columnar`` extra) can be imported."""
    try:
        import polars  # noqa: F401
    except ImportError:
        return False
    return True


def memory_limited() -> bool:
    """Whether this process runs under a limit on its address space (``ulimit -v``). polars
    aborts the process when an allocation fails, where Python raises ``MemoryError``, which
    ``dutyscore`` reports: under a limit the command line reads row by row."""
    try:
        import resource
    except ImportError:  # not on this platform
        return False
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return soft != resource.RLIM_INFINITY


def _polars() -> Any:
    try:
        import polars
    except ImportError:
        raise UsageError(
            "the columnar path needs the columnar extra: pip install 'dutyscore[columnar]'"
        ) from None
    return polars


def load_records_columnar(
    paths: str | Path | Iterable[str | Path],
    scheme: Scheme,
    *,
    encoding: str | None = None,
    units: Collection[str] | None = None,
    hidden_sheets: bool = False,
) -> Sequence[Record]:
    """:func:`~dutyscore.load_records` on polars: the same records, or the same
    :class:`~dutyscore.RecordsInvalid`, faster on large CSV files. The records come as a
    read-only sequence equal to the list ``load_records`` gives; the rows of kinds without
    rule checks stay columns until read (:class:`~dutyscore.CompactRecords`), and
    :func:`~dutyscore.evaluate` scores those of fixed-amount and table kinds without building
    them. Files that are not CSV, or
    that polars could read differently, go the pure-Python way (see the module's docstring).
    Raises :class:`~dutyscore.UsageError` when polars is not installed."""
    pl = _polars()
    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    frames = []
    for path in files:
        suffix = path.suffix.lower()
        if suffix == ".parquet":
            frame = parquet_frame(pl, path)
        elif suffix in (".jsonl", ".ndjson"):
            frame = jsonl_frame(pl, path, encoding, scheme)
        else:
            frame = csv_frame(pl, path, encoding)
        if frame is None:
            return load_records(files, scheme, encoding=encoding, units=units, hidden_sheets=hidden_sheets)
        frames.append(frame)
    if not _same_order(frames) or not _same_types(frames):
        return load_records(files, scheme, encoding=encoding, units=units, hidden_sheets=hidden_sheets)
    with collector_paused():
        records = _validated(pl, frames, scheme, units)
    if records is None:  # a problem: the reference says which, numbered and worded as always
        return load_records(files, scheme, encoding=encoding, units=units, hidden_sheets=hidden_sheets)
    return records


def frame_records(frame: Any, scheme: Scheme, source: str) -> list[Record] | None:
    """:func:`~dutyscore.records_from_frame` as columns, for a polars DataFrame whose columns
    hold text or dates; None when the row-by-row way must take it (another kind of frame or
    column, or a row with a problem, which it then reports as always)."""
    pl = sys.modules.get("polars")
    if pl is None or not isinstance(frame, pl.DataFrame):
        return None
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    stripped = (pl.col(c).str.strip_chars(WHITESPACE) for c in text)  # as row_data strips a text
    frame = frame.with_columns(stripped).with_columns(pl.col(c).replace("", None) for c in text)
    prepared = typed_frame(pl, frame, source)
    if prepared is None:
        return None
    with collector_paused():
        records = _validated(pl, [prepared], scheme, None)
        return None if records is None else records.records()


def _same_types(frames: Sequence[Frame]) -> bool:
    """Whether a column shared by several files holds one type (text, or dates) in all."""
    seen: dict[str, Any] = {}
    for frame in frames:
        for name, dtype in frame.schema.items():
            if seen.setdefault(name, dtype) != dtype:
                return False
    return True


def _same_order(frames: Sequence[Frame]) -> bool:
    """Whether the files name their shared columns in one order: a record's attributes keep
    its file's column order, and the frames, joined, have only one."""
    merged: list[str] = []
    for frame in frames:
        merged += [c for c in frame.columns if c not in merged]
    return all(sorted(f.columns, key=merged.index) == f.columns for f in frames)


def _validated(
    pl: Any,
    frames: Sequence[Frame],
    scheme: Scheme,
    units: Collection[str] | None,
) -> CompactRecords | None:
    """The records of ``frames`` (rows in file order, files in order), the rows of kinds
    without rule checks kept as columns, or None when a row is invalid."""
    frame = pl.concat(frames, how="diagonal") if len(frames) > 1 else frames[0]
    attributes = [c for c in frame.columns if c not in _CORE and not c.startswith("__")]
    core = [pl.col(c).is_null() for c in _CORE]
    frame = frame.with_row_index("__row")
    coerce = _AttrCoercer(scheme)
    checks = _rule_checks(scheme)
    quick = _Quick(scheme, coerce, checks, None if units is None else frozenset(units))
    days = {c: _days(frame[c], quick) for c in _CORE[3:]}
    # ids whose hashes all differ differ (equal ids hash alike): the exact check, which costs
    # a sixth of the path on a million rows, only when two hashes meet
    distinct = frame.select(pl.col("id").hash().n_unique()).item() == frame.height
    repeated = pl.lit(False) if distinct else pl.col("id").is_duplicated()
    frame = frame.with_columns(
        pl.col(c).replace_strict(days[c], default=None, return_dtype=pl.Date).alias(name)
        for c, name in zip(_CORE[3:], ("__act", "__entered"), strict=True)
    )
    act, entered = pl.col("__act"), pl.col("__entered")
    doubt = (
        pl.any_horizontal(*core[:3])
        | (pl.col("id") == "")
        | (pl.col("unit") == "")
        | pl.col("id").str.contains(INVISIBLE)
        | pl.col("unit").str.contains(INVISIBLE)
        | (pl.col("id").str.strip_chars(WHITESPACE) != pl.col("id"))
        | (pl.col("unit").str.strip_chars(WHITESPACE) != pl.col("unit"))
        | repeated
        | ~pl.col("kind").is_in(list(quick.kinds))
        | act.is_null()
        | entered.is_null()
        | (entered < act)
    )
    if units is not None:
        doubt = doubt | ~pl.col("unit").is_in(list(units))
    frame = frame.with_columns(doubt.alias("__doubt"))
    doubt = pl.col("__doubt")
    placed: dict[int, Record] = {}  # input row → its record
    doubted: list[Any] = [frame.filter(doubt)["__row"]]  # rows for the Python validator
    # a block needs no text of the dates, no file or line (a doubted row is found by its __row)
    fine = frame.filter(~doubt).select("__row", "id", "unit", "kind", "__act", "__entered", *attributes)
    blocks: dict[str, Frame] = {}
    shapes: dict[str, Shape] = {}
    for (kind_name,), group in fine.partition_by("kind", as_dict=True).items():
        rows, built, left, kept = _kind(pl, group, str(kind_name), attributes, quick, coerce)
        placed.update(zip(rows, built, strict=True))
        if left is not None:
            doubted.append(left)
        if kept is not None:
            blocks[str(kind_name)], shapes[str(kind_name)] = kept
    rest_rows = pl.concat(doubted)
    if rest_rows.len():
        rest = frame[rest_rows.sort()]  # __row is the row's place in the frame
        raws = [_raw(row, attributes) for row in rest.iter_rows(named=True)]
        valid, problems = validate_records(raws, scheme, units=units)
        if problems:
            return None
        first: dict[str, int] = {}
        for rid, row in zip(rest["id"].to_list(), rest["__row"].to_list(), strict=True):
            first.setdefault(str(rid).strip(), row)  # the id as the validation gives it
        for record in valid:
            placed[first[record.id]] = record
    return CompactRecords(placed, blocks, shapes)


def _days(column: Frame, quick: _Quick) -> dict[Any, Any]:
    """Each distinct value of a date column (a text, or a day) → its day, for those the
    validator takes."""
    out: dict[Any, Any] = {}
    for value in column.drop_nulls().unique().to_list():
        day = quick.date(value)
        if day is not None:
            out[value] = day
    return out


def _kind(
    pl: Any,
    group: Frame,
    kind_name: str,
    attributes: Sequence[str],
    quick: _Quick,
    coerce: _AttrCoercer,
) -> tuple[list[int], list[Record], Frame | None, tuple[Frame, Shape] | None]:
    """The records of one event kind's rows (a kind with rule checks, which read records), the
    rows left for the Python validator (their ``__row``), and (any other kind) the rows kept
    as columns instead of records, with how their attribute cells become attributes."""
    kind, plain, defaults, checks = quick.kinds[kind_name]
    specs = kind.attributes
    doubt = pl.lit(False)
    used: list[tuple[str, dict[Any, Any] | None]] = []
    for name in attributes:
        values = group[name].drop_nulls().unique().to_list()
        if name not in specs:
            if values:
                doubt = doubt | pl.col(name).is_not_null()
            continue
        if not values:
            continue
        allowed = plain[name]
        if allowed is not None:
            bad = [v for v in values if v not in allowed]
            used.append((name, None))
        else:
            converted: dict[Any, Any] = {}
            bad = []
            for value in values:
                try:
                    converted[value] = coerce.value(specs[name], value)
                    coerce.names_a_reader(specs[name], converted[value], kind_name)
                except ValueError:
                    bad.append(value)
            used.append((name, converted))
        if bad:
            doubt = doubt | pl.col(name).is_in(bad)
    for name, spec in specs.items():
        if spec.required:
            doubt = doubt | (pl.col(name).is_null() if name in group.columns else pl.lit(True))
    marked = group.with_columns(doubt.alias("__doubt"))
    fine = marked.filter(~pl.col("__doubt"))
    left = marked.filter(pl.col("__doubt"))["__row"]
    block = fine.select("__row", "id", "unit", "__act", "__entered", *(name for name, _ in used))
    shape: Shape = (used, defaults, len(specs))
    if not checks:  # kept as columns, built when read
        return [], [], left if left.len() else None, (block, shape)
    rows, records = build_rows(kind_name, block, shape)
    refused = [
        row
        for row, record in zip(rows, records, strict=True)
        if any(
            where(record) and next(iter(rule.record_problems(record)), None) is not None
            for _, where, rule in checks
        )
    ]
    if refused:
        left = pl.concat([left, pl.Series("__row", refused, dtype=left.dtype)])
        gone = set(refused)
        kept = [(row, r) for row, r in zip(rows, records, strict=True) if row not in gone]
        rows, records = [row for row, _ in kept], [r for _, r in kept]
    return rows, records, left if left.len() else None, None


def _raw(row: dict[str, Any], attributes: Sequence[str]) -> RawRecord:
    """A row as the CSV reader would have given it to the validator."""
    data: dict[str, Any] = {c: row[c] or "" for c in _CORE}
    data["attributes"] = {a: row[a] for a in attributes if row.get(a) is not None}
    return RawRecord(data, row["__file"], row["__line"])
