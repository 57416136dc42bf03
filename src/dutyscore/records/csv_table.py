"""A CSV record file's header and rows, read strictly: what both the row-by-row reader
(:mod:`.read`) and validation's quick path (:mod:`.quick`, which takes a row's cells without
building its raw record) need of it."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import starmap
from operator import itemgetter
from typing import Any

from .._problems import Problem
from .model import FIELDS, RawRecord, field_name

_new = object.__new__
_strip = str.strip


def column_key(name: str) -> str:
    """What a column stands for: one of the five fields, or an attribute, however it is spelled
    (``item`` and ``attributes.item`` name the same attribute, ``单位`` and ``unit`` the same field)."""
    name = field_name(name)
    return name if name in FIELDS[:5] else "attributes." + name.removeprefix("attributes.")


def header_twice(header: Sequence[str], what: str = "CSV header") -> str | None:
    """Why a header that names a column twice is refused (which cell would count is a guess), or
    None; ``item`` beside ``attributes.item`` is a column twice too. Linear in the header's
    width (a header of 80 000 columns once took 92 s)."""
    seen: dict[str, list[str]] = {}
    for h in header:
        seen.setdefault(column_key(h), []).append(h)
    twice = sorted((k, v) for k, v in seen.items() if len(v) > 1)
    if not twice:
        return None
    said = [" as ".join(repr(s) for s in dict.fromkeys(spellings)) for _, spellings in twice]
    return f"{what} names column(s) twice: {', '.join(said)}"


class CsvTable:
    """A CSV file's header, read, and its rows to come: what both the row-by-row reader
    (:func:`_iter_csv`) and validation's quick path (which takes a row's cells without
    building its raw record) need of it.

    The reader is strict: a quote left open would otherwise swallow every row after it into
    one cell without a word, so a malformed row ends the reading with a located problem. A
    header that names a column twice is refused (which of the two cells would count is a
    guess). Each problem goes to ``problems``."""

    __slots__ = ("attributes", "fields", "line", "name", "names", "problems", "reader", "width")

    def __init__(self, reader: Any, header: list[str], name: str, problems: list[Problem]) -> None:
        self.reader, self.name, self.problems = reader, name, problems
        #: The five fields' cells of a row (as a tuple), and its attribute cells with their names.
        self.fields = _cells_at([header.index(f) for f in FIELDS[:5]])
        named = [(i, h.removeprefix("attributes.")) for i, h in enumerate(header) if h not in FIELDS[:5]]
        self.names, self.attributes = [h for _, h in named], _cells_at([i for i, _ in named])
        self.width = len(header)
        #: The line the first row starts on (the header may span lines).
        self.line = reader.line_num + 1

    @classmethod
    def open(cls, lines: Iterable[str], name: str, problems: list[Problem]) -> CsvTable | None:
        """The table of ``lines`` with its header read, or None: no header, or one refused
        (the problem is in ``problems``)."""
        reader = csv.reader(lines, strict=True)
        try:
            header = [field_name(h.strip()) for h in next(reader)]
        except StopIteration:
            return None
        except csv.Error as exc:
            problems.append(Problem(f"not valid CSV: {exc}", file=name, line=1, column=1))
            return None
        missing = [f for f in FIELDS[:5] if f not in header]
        refused = header_twice(header) or (
            f"CSV header lacks column(s): {', '.join(missing)}" if missing else None
        )
        if refused is not None:
            problems.append(Problem(refused, file=name, line=1, column=1))
            return None
        return cls(reader, header, name, problems)

    def rows(self) -> Iterator[tuple[list[str], int]]:
        """The rows with as many cells as the header, each with the line it starts on; a row
        of another width is a problem (unless its cells are all blank), a malformed row one
        that ends the reading (validation's quick path walks the reader the same way, written
        out)."""
        reader, width = self.reader, self.width
        line = self.line
        try:
            for row in reader:
                here, line = line, reader.line_num + 1
                if len(row) == width:
                    yield row, here
                else:
                    self.odd(row, here)
        except csv.Error as exc:
            self.broken(exc, line)

    def odd(self, row: Sequence[str], line: int) -> None:
        """A row of another width than the header's, starting on ``line``: a problem, unless
        its cells are all blank."""
        if "".join(row).strip():
            self.problems.append(
                Problem(
                    f"row has {len(row)} cells, the header has {self.width}",
                    file=self.name,
                    line=line,
                    column=1,
                )
            )

    def broken(self, exc: csv.Error, line: int) -> None:
        """The reader stopped at a malformed row on ``line``."""
        self.problems.append(
            Problem(
                f"not valid CSV: {exc} (rows from here on are not read)", file=self.name, line=line, column=1
            )
        )

    def raw(self, row: Sequence[str], line: int) -> RawRecord | None:
        """The raw record of a row given by :meth:`rows`, which starts on ``line`` (cells
        stripped, empty attribute cells left out), or None for a row of empty cells, which is
        no record."""
        rid, unit, kind, act, entered = map(_strip, self.fields(row))
        cells = self.attributes(row)
        attrs = self.given(cells) if any(cells) else {}
        if not (attrs or rid or unit or kind or act or entered):
            return None
        data = {
            "id": rid,
            "unit": unit,
            "kind": kind,
            "act_date": act,
            "record_date": entered,
            "attributes": attrs,
        }
        raw = _new(RawRecord)  # RawRecord(data, name, line) without the generated __init__'s call
        raw.data, raw.file, raw.line = data, self.name, line
        return raw

    def given(self, cells: Sequence[str]) -> dict[str, Any]:
        """The attributes a row gives in its attribute ``cells``: each stripped, the empty ones
        left out."""
        return {h: c for h, c in zip(self.names, map(_strip, cells), strict=True) if c}

    def raws(self) -> Iterator[RawRecord]:
        """The raw record of each row."""
        return filter(None, starmap(self.raw, self.rows()))


def _cells_at(indexes: Sequence[int]) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """A function that takes the cells at ``indexes`` of a row, as a tuple (``itemgetter`` gives
    a lone cell for one index, and fails for none)."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    if indexes:
        only = indexes[0]
        return lambda row: (row[only],)
    return lambda row: ()
