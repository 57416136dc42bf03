"""Validation's quick path: the records whose every field is plainly right, typed in one loop
over the batch; any other goes to the full validation (:mod:`.validate`), which says what is
wrong. It runs once per record of a million-row input, so it is written for the interpreter."""

from __future__ import annotations

import bisect
import csv
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .._limits import date_problem
from ..kinds.base import RuleBase
from ..scheme.model import Scheme
from ..scheme.parts import EventKind
from ..scoring.match import Predicate
from .coerce import _AttrCoercer, _date
from .csv_table import CsvTable
from .invisible import holds_invisible
from .model import RawRecord, Record, Unsealed, _new, new_record

#: Per event kind: the kind, per attribute the set of its values when a plain text check
#: suffices (else None), the coerced defaults, and the rule checks of records of the kind.
_Compiled = tuple[EventKind, dict[str, frozenset[Any] | None], dict[str, Any], list[Any]]
#: Per event kind, what the batch loop needs: the (attribute, value) pairs that are plainly
#: right when every attribute is a text with listed values (else None), the required
#: attributes, whether any attribute has a default, and the compiled kind.
_Shape = tuple[frozenset[tuple[str, str]] | None, frozenset[str], bool, _Compiled]
#: Distinct (act date, record date) texts remembered at most; a year has about 365 × 30.
_SPANS = 200_000


class _Seen:
    """The record ids read so far, and where each was first read, for the message of a
    duplicate. A set of ids, the line of each accepted record and the files where they
    change cost a third of a dict of places (a million ids are read in a batch); the place
    of a first record is looked up only when its id comes again."""

    __slots__ = ("file", "files", "ids", "index", "indexed", "lines", "others", "records")

    def __init__(self, records: list[Record]) -> None:
        self.ids: set[str] = set()
        #: Per record of ``records``: its line; and where its file starts (index, file).
        self.lines: list[int | None] = []
        self.files: list[tuple[int, str | None]] = []
        self.file: object = _NO_FILE
        #: Where the ids of records that went through the full validation were first read.
        self.others: dict[str, tuple[str | None, int | None]] = {}
        self.records = records
        #: Id → its place in ``records``, for the first ``indexed`` records (built on the first
        #: duplicate and extended at the next, so that a file given twice stays linear).
        self.index: dict[str, int] = {}
        self.indexed = 0

    def __contains__(self, rid: object) -> bool:
        return rid in self.ids

    def placed(self, raw: RawRecord) -> None:
        """Where the record just appended to ``records`` was read."""
        if raw.file is not self.file:
            self.file = raw.file
            self.files.append((len(self.lines), raw.file))
        self.lines.append(raw.line)

    def first(self, rid: str) -> tuple[str | None, int | None]:
        """Where ``rid`` was first read: its file and line."""
        found = self.others.get(rid)
        if found is not None:
            return found
        records, index = self.records, self.index
        for k in range(self.indexed, len(records)):
            index.setdefault(records[k].id, k)
        self.indexed = len(records)
        at = index[rid]
        file = self.files[bisect.bisect_right(self.files, at, key=lambda f: f[0]) - 1][1]
        return file, self.lines[at]


_NO_FILE = object()


class _Quick:
    """The common case at reading speed: a record whose every field is plainly right.

    :meth:`take` builds the typed record of each such raw record and hands any other
    to the full validation at the first doubt (a field missing, a title for a name, an
    id as a number, anything that would be a problem), which says what is wrong. So
    both give the same records; this one only skips the work a valid record does not
    need. Dates repeat (a year has 365), so each pair of texts is parsed once; text
    attributes with listed values are checked against a set of pairs at once.
    """

    def __init__(
        self,
        scheme: Scheme,
        coerce: _AttrCoercer,
        checks: Sequence[tuple[frozenset[str], Predicate, RuleBase]],
        units: frozenset[str] | None = None,
    ) -> None:
        self.coerce = coerce
        self.units = units
        #: Unit ids seen to be plain: stripped, no invisible character, in ``units`` if given
        #: (a unit has many records: its id is looked at once).
        self.plain_units: set[str] = set()
        self.dates: dict[str, dt.date] = {}
        self.spans: dict[tuple[Any, Any], tuple[dt.date, dt.date]] = {}
        self.kinds: dict[str, _Compiled] = {}
        self.shapes: dict[str, _Shape] = {}
        for name, kind in scheme.event_kinds.items():
            plain: dict[str, frozenset[Any] | None] = {}
            for key, spec in kind.attributes.items():
                simple = spec.type == "string" and not spec.many and spec.values is not None
                plain[key] = frozenset(v for v in spec.values or () if v != "") if simple else None
            try:
                defaults = {
                    key: coerce.value(spec, spec.default)
                    for key, spec in kind.attributes.items()
                    if spec.default is not None
                }
            except ValueError:
                continue  # a default its own type refuses: the full validation says so per record
            compiled = self.kinds[name] = (kind, plain, defaults, [c for c in checks if name in c[0]])
            pairs = (
                None
                if any(v is None for v in plain.values())
                else frozenset((key, v) for key, values in plain.items() for v in values or ())
            )
            required = frozenset(key for key, spec in kind.attributes.items() if spec.required)
            self.shapes[name] = (pairs, required, bool(defaults), compiled)

    def plain_unit(self, unit: str) -> bool:
        """Whether ``unit`` is an id the quick path may take (and remember it if so)."""
        if (
            not unit
            or unit.strip() != unit
            or holds_invisible(unit)
            or (self.units is not None and unit not in self.units)
        ):
            return False
        self.plain_units.add(unit)
        return True

    def date(self, value: Any) -> dt.date | None:
        if type(value) is dt.date:
            return value if date_problem(value) is None else None
        if type(value) is not str:
            return None
        found = self.dates.get(value)
        if found is None:
            try:
                found = self.dates[value] = _date(value)
            except ValueError:
                return None
        return found

    def span(self, act_text: Any, entered_text: Any) -> tuple[dt.date, dt.date] | None:
        """The act and record dates of two texts (remembered), or None at any doubt."""
        act, entered = self.date(act_text), self.date(entered_text)
        if act is None or entered is None or entered < act:
            return None
        if len(self.spans) < _SPANS:
            self.spans[act_text, entered_text] = (act, entered)
        return act, entered

    def take(
        self,
        raws: Iterable[RawRecord],
        seen: _Seen,
        doubted: Callable[[int, RawRecord], None],
        start: int = 0,
    ) -> int:
        """Append the record of each plainly valid raw record to ``records`` (its id to
        ``seen``), and pass every other one, with its index (counted from ``start``), to
        ``doubted``; return the index after the last. One loop with the checks written out:
        it runs once per record of a million-row input (:meth:`take_table` is its twin for
        a CSV file's rows)."""
        plain_units, plain_unit, spans, shapes = self.plain_units, self.plain_unit, self.spans, self.shapes
        ids, append, add, line_of, files = (
            seen.ids,
            seen.records.append,
            seen.ids.add,
            seen.lines.append,
            seen.files,
        )
        index = start - 1
        for index, raw in enumerate(raws, start):
            data = raw.data
            try:
                if type(data) is not dict:
                    doubted(index, raw)
                    continue
                size = len(data)
                if size == 6:
                    given = data["attributes"]
                elif size == 5:
                    given = None  # a missing field other than attributes: the lookups below fail
                else:
                    doubted(index, raw)
                    continue
                rid, unit, kind_name = data["id"], data["unit"], data["kind"]
                if type(rid) is not str or not rid or rid in ids or rid.strip() is not rid:
                    doubted(index, raw)
                    continue
                if type(unit) is not str or (unit not in plain_units and not plain_unit(unit)):
                    doubted(index, raw)
                    continue
                shape = shapes[kind_name]
                act_text, entered_text = data["act_date"], data["record_date"]
                try:  # (a subscript, not a .get call: the lookups run once per record)
                    span: tuple[dt.date, dt.date] | None = spans[act_text, entered_text]
                except KeyError:
                    span = self.span(act_text, entered_text)
            except (KeyError, TypeError):  # a field missing or an unknown kind; an unhashable value
                doubted(index, raw)
                continue
            if span is None:
                doubted(index, raw)
                continue
            pairs, required, defaulted, compiled = shape
            if given is None:
                attrs: dict[str, Any] | None = {}
            elif type(given) is not dict:
                attrs = None
            elif not given:
                attrs = {}
            else:
                try:  # every (attribute, value) one of the listed pairs (a value unhashable: no)
                    plain = pairs is not None and pairs.issuperset(given.items())
                except TypeError:
                    plain = False
                attrs = given.copy() if plain else self.attributes(compiled, given, kind_name)
            if attrs is None:
                doubted(index, raw)
                continue
            if required and not required <= attrs.keys():
                doubted(index, raw)
                continue
            if defaulted and len(attrs) < len(compiled[0].attributes):
                _complete(attrs, compiled)
            # new_record and seen.placed, written out: the two calls cost 8 % of this loop
            built = _new(Unsealed)
            built.id = rid
            built.unit = unit
            built.kind = kind_name
            built.act_date, built.record_date = span
            built.attributes = attrs
            built.__class__ = Record  # type: ignore[assignment]  # sealed: see Unsealed
            record: Record = built  # type: ignore[assignment]
            if compiled[3] and _refused(record, compiled[3]):
                doubted(index, raw)
                continue
            add(rid)
            append(record)
            if raw.file is not seen.file:  # (the full validation may have placed one since)
                seen.file = raw.file
                files.append((len(seen.lines), raw.file))
            line_of(raw.line)
        return index + 1

    def take_table(
        self, table: CsvTable, seen: _Seen, doubted: Callable[[int, RawRecord], None], start: int = 0
    ) -> int:
        """:meth:`take` for the rows of a CSV file, taken from their cells: a plainly valid
        row's record is built without its raw record (a dict and an object a row, a third of
        reading a million rows); any other row's raw record goes to ``doubted``. Returns the
        index after the last row's. The rows are walked as :meth:`CsvTable.rows` walks them,
        written out (its generator costs 4 % of this loop)."""
        plain_units, plain_unit, spans, shapes = self.plain_units, self.plain_unit, self.spans, self.shapes
        ids, append, add, line_of = seen.ids, seen.records.append, seen.ids.add, seen.lines.append
        fields, attributes = table.fields, table.attributes
        if table.name is not seen.file:
            seen.file = table.name
            seen.files.append((len(seen.lines), table.name))
        blank = ("",) * len(table.names)
        index = start
        reader, width = table.reader, table.width
        line = table.line
        try:
            for row in reader:
                here, line = line, reader.line_num + 1
                if len(row) != width:
                    table.odd(row, here)
                    continue
                # the kind is stripped only when it is not found as it is, the dates not at all
                # (a date's text is stripped when it is parsed)
                rid, unit, kind_name, act_text, entered_text = fields(row)
                rid, unit = rid.strip(), unit.strip()
                cells = attributes(row)
                shape = shapes.get(kind_name)
                if shape is None:
                    kind_name = kind_name.strip()
                    shape = shapes.get(kind_name)
                if (
                    shape is None
                    or not rid
                    or rid in ids
                    or (unit not in plain_units and not plain_unit(unit))
                ):
                    span = None
                else:
                    try:  # (a subscript, not a .get call: the lookups run once per record)
                        span = spans[act_text, entered_text]
                    except KeyError:
                        span = self.span(act_text, entered_text)
                if span is not None:
                    pairs, required, defaulted, compiled = shape  # type: ignore[misc]
                    if cells == blank:
                        attrs: dict[str, Any] | None = {}
                    else:
                        given = table.given(cells)
                        plain = pairs is not None and pairs.issuperset(given.items())
                        attrs = given if plain else self.attributes(compiled, given, kind_name)
                    if attrs is not None and (not required or required <= attrs.keys()):
                        if defaulted and len(attrs) < len(compiled[0].attributes):
                            _complete(attrs, compiled)
                        # (the span as two arguments: unpacked with *, the call made this loop 5 % slower)
                        record = new_record(rid, unit, kind_name, span[0], span[1], attrs)
                        if not (compiled[3] and _refused(record, compiled[3])):
                            add(rid)
                            append(record)
                            line_of(here)
                            index += 1
                            continue
                raw = table.raw(row, here)
                if raw is not None:  # (a row of empty cells is no record)
                    doubted(index, raw)
                    index += 1
        except csv.Error as exc:
            table.broken(exc, line)
        return index

    def attributes(self, compiled: _Compiled, given: dict[str, Any], kind_name: str) -> dict[str, Any] | None:
        """The typed attributes of a record, each plainly right, or None at the first doubt."""
        kind, plain, _, _ = compiled
        specs = kind.attributes
        attrs: dict[str, Any] = {}
        for key, value in given.items():
            if key not in plain:
                return None  # not an attribute of the kind (a title, or a mistake)
            allowed = plain[key]
            if value is None:
                continue
            if allowed is not None:
                if type(value) is not str or value not in allowed:
                    return None
                attrs[key] = value
                continue
            spec = specs[key]
            try:
                attrs[key] = self.coerce.value(spec, value)
                self.coerce.names_a_reader(spec, attrs[key], kind_name)
            except ValueError:
                return None
        return attrs


def _complete(attrs: dict[str, Any], compiled: _Compiled) -> None:
    """Add the defaults of the attributes ``attrs`` lacks, in the kind's order."""
    kind, _, defaults, _ = compiled
    for key in kind.attributes:
        if key not in attrs and key in defaults:
            attrs[key] = defaults[key]


def _refused(record: Record, checks: Sequence[tuple[frozenset[str], Predicate, RuleBase]]) -> bool:
    """Whether a rule that matches ``record`` finds a problem with it."""
    return any(
        where(record) and next(iter(rule.record_problems(record)), None) is not None
        for _, where, rule in checks
    )
