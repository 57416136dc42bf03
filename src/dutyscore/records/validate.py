"""Validate raw records against a scheme's event kinds: typed, or a problem per field.

A record is one fact about an assessed unit (a duty record, a finding, a
commendation). Every invalid record is reported with its id and field and none
is dropped silently; the valid ones become :class:`~dutyscore.Record` objects.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .._collector import collector_paused
from .._limits import date_problem, number_problem
from .._problems import Problem, RecordsInvalid
from ..kinds.base import RuleBase
from ..scheme.model import Scheme
from ..scheme.parts import Attribute, EventKind
from ..scoring.match import Predicate, compile_where
from .model import _SET, Record, _new
from .read import FIELDS, RawRecord, frame_rows, raws_of, row_data

_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}


def _shown(value: Any) -> str:
    """A value as a message shows it: its repr, cut short (a cell can hold a megabyte)."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}…{text[-10:]} ({len(text)} characters)"


def _problem(raw: RawRecord, rid: str | None, fld: str | None, message: str) -> Problem:
    return Problem(
        message, file=raw.file, line=raw.line, column=1 if raw.line else None, record_id=rid, field=fld
    )


# -- validation ----------------------------------------------------------------
#: The ways people write a date in these exports; nothing else is guessed at.
DATE_FORMS = "2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日"
_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"  # 2024-03-05
    r"|(\d{4})([/.])(\d{1,2})\5(\d{1,2})"  # 2024/3/5, 2024.3.5
    r"|(\d{4})年(\d{1,2})月(\d{1,2})日"  # 2024年3月5日
)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        found = value
    else:
        match = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise ValueError(f"expected a date ({DATE_FORMS}), got {value!r}")
        parts = [g for i, g in enumerate(match.groups()) if g is not None and i != 4]
        year, month, day = (int(p) for p in parts)
        try:
            found = dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"{value.strip()!r} is not a day of the calendar") from None
    why = date_problem(found)
    if why is not None:
        raise ValueError(why)
    return found


class _AttrCoercer:
    """Turns a raw attribute value into its declared type, or says why not."""

    def __init__(self, scheme: Scheme) -> None:
        self.leaves = {i.id for i in scheme.leaf_items()}
        self.rules = {r.id for r in scheme.rules}
        self.readers = {r.id: frozenset(r.event_kinds) for r in scheme.rules}

    def names_a_reader(self, spec: Attribute, value: Any, kind: str) -> None:
        """A ``rule`` value names a rule that reads records of this kind, or the record could
        never score under the clause it names."""
        if spec.type != "rule":
            return
        for v in value if spec.many else (value,):
            if kind not in self.readers.get(v, frozenset({kind})):
                raise ValueError(f"rule {v!r} does not look at {kind!r} records")

    def one(self, spec: Attribute, value: Any) -> Any:
        t = spec.type
        if t in ("string", "item", "rule"):
            if not isinstance(value, str) or not value:
                raise ValueError(f"expected text, got {value!r}")
            if t == "item" and value not in self.leaves:
                raise ValueError(f"{value!r} is not an item of the scheme")
            if t == "rule" and value not in self.rules:
                raise ValueError(f"{value!r} is not a rule of the scheme")
            out: Any = value
        elif t == "integer":
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise ValueError(f"expected a whole number, got {value!r}")
            try:
                out = int(value)
            except ValueError:
                raise ValueError(f"expected a whole number, got {_shown(value)}") from None
            why = number_problem(out)
            if why is not None:
                raise ValueError(why)
        elif t == "decimal":
            if isinstance(value, bool) or not isinstance(value, int | str | Decimal | float):
                raise ValueError(f"expected a number, got {value!r}")
            try:
                out = Decimal(str(value))
            except InvalidOperation:
                raise ValueError(f"expected a number, got {value!r}") from None
            why = number_problem(out)
            if why is not None:
                raise ValueError(why)
        elif t == "boolean":
            if isinstance(value, bool):
                out = value
            elif isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
                out = value.strip().lower() in _TRUE
            else:
                raise ValueError(f"expected true or false, got {value!r}")
        else:
            out = _date(value)
        if spec.values is not None and out not in spec.values:
            allowed = ", ".join(str(v) for v in spec.values)
            raise ValueError(f"{out!r} is not one of: {allowed}")
        if spec.min is not None and isinstance(out, int | Decimal) and out < spec.min:
            raise ValueError(f"{out} is below the minimum {spec.min}")
        if spec.max is not None and isinstance(out, int | Decimal) and out > spec.max:
            raise ValueError(f"{out} is above the maximum {spec.max}")
        return out

    def value(self, spec: Attribute, value: Any) -> Any:
        if not spec.many:
            return self.one(spec, value)
        items = value.split(";") if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not items:
            raise ValueError(f"expected a non-empty list, got {value!r}")
        return tuple(self.one(spec, v.strip() if isinstance(v, str) else v) for v in items)


def _by_title(attrs: dict[str, Any], kind: EventKind) -> tuple[dict[str, Any], list[str]]:
    """Attributes keyed by id, and the ids given twice. A column headed with the attribute's
    title (记实所属项目, as an export or the entry template writes it) stands for the attribute."""
    titles = {spec.title: name for name, spec in kind.attributes.items() if spec.title}
    out: dict[str, Any] = {}
    twice: list[str] = []
    for key, value in attrs.items():
        name = titles.get(key, key) if key not in kind.attributes else key
        if name in out:
            twice.append(name)
        out[name] = value
    return out, twice


def _rule_checks(scheme: Scheme) -> list[tuple[frozenset[str], Predicate, RuleBase]]:
    """The rules that check the records they match (their kind overrides ``record_problems``)."""
    return [
        (frozenset(r.event_kinds), compile_where(r.where), r)
        for r in scheme.rules
        if type(r).record_problems is not RuleBase.record_problems
    ]


_NONE: dict[str, Any] = {}
#: Per event kind: the kind, per attribute the set of its values when a plain text check
#: suffices (else None), the coerced defaults, and the rule checks of records of the kind.
_Compiled = tuple[EventKind, dict[str, frozenset[Any] | None], dict[str, Any], list[Any]]
#: Per event kind, what the batch loop needs: the (attribute, value) pairs that are plainly
#: right when every attribute is a text with listed values (else None), the required
#: attributes, whether any attribute is required or has a default, and the compiled kind.
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
            self.shapes[name] = (pairs, required, bool(required or defaults), compiled)

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
    ) -> None:
        """Append the record of each plainly valid raw record to ``records`` (its id to
        ``seen``), and pass every other one, with its index, to ``doubted``. One loop with
        the checks written out: it runs once per record of a million-row input."""
        units, spans, shapes = self.units, self.spans, self.shapes
        ids, append, add, line_of, files = (
            seen.ids,
            seen.records.append,
            seen.ids.add,
            seen.lines.append,
            seen.files,
        )
        set_id, set_unit, set_kind, set_act, set_entered, set_attributes = _SET
        for index, raw in enumerate(raws):
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
                if type(rid) is not str or not rid or rid in ids:
                    doubted(index, raw)
                    continue
                if type(unit) is not str or not unit or (units is not None and unit not in units):
                    doubted(index, raw)
                    continue
                shape = shapes.get(kind_name)
                act_text, entered_text = data["act_date"], data["record_date"]
                span = spans.get((act_text, entered_text)) or self.span(act_text, entered_text)
            except (KeyError, TypeError):  # a field missing; an unhashable value
                doubted(index, raw)
                continue
            if shape is None or span is None:
                doubted(index, raw)
                continue
            pairs, required, completing, compiled = shape
            if given is None:
                attrs: dict[str, Any] | None = {}
            elif type(given) is not dict:
                attrs = None
            elif not given:
                attrs = {}
            elif pairs is not None and _plainly(pairs, given):
                attrs = given.copy()
            else:
                attrs = self.attributes(compiled, given, kind_name)
            if attrs is None or (completing and not self.completed(attrs, compiled, required)):
                doubted(index, raw)
                continue
            record = _new(Record)
            set_id(record, rid)
            set_unit(record, unit)
            set_kind(record, kind_name)
            set_act(record, span[0])
            set_entered(record, span[1])
            set_attributes(record, attrs)
            if compiled[3] and _refused(record, compiled[3]):
                doubted(index, raw)
                continue
            add(rid)
            append(record)
            if raw.file is not seen.file:  # the full validation may have placed one since
                seen.file = raw.file
                files.append((len(seen.lines), raw.file))
            line_of(raw.line)

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

    @staticmethod
    def completed(attrs: dict[str, Any], compiled: _Compiled, required: frozenset[str]) -> bool:
        """Whether ``attrs`` has every required attribute; the defaults of the others it lacks
        are added, in the kind's order."""
        kind, _, defaults, _ = compiled
        if required and not required <= attrs.keys():
            return False
        if defaults and len(attrs) < len(kind.attributes):
            for key in kind.attributes:
                if key not in attrs and key in defaults:
                    attrs[key] = defaults[key]
        return True


def _plainly(pairs: frozenset[tuple[str, str]], given: dict[str, Any]) -> bool:
    """Whether every (attribute, value) of ``given`` is one of ``pairs`` (False for a value
    that cannot be hashed, which the full validation refuses)."""
    try:
        return pairs.issuperset(given.items())
    except TypeError:
        return False


def _refused(record: Record, checks: Sequence[tuple[frozenset[str], Predicate, RuleBase]]) -> bool:
    """Whether a rule that matches ``record`` finds a problem with it."""
    return any(
        where(record) and next(iter(rule.record_problems(record)), None) is not None
        for _, where, rule in checks
    )


def validate_records(
    raws: Iterable[RawRecord], scheme: Scheme, *, units: Collection[str] | None = None
) -> tuple[list[Record], list[Problem]]:
    """Typed records and the problems of the invalid ones (which are not returned); with
    ``units`` (the ids of the units file), a record of another unit is a problem too."""
    return record_validator(scheme, units=units)(raws)


Validate = Callable[[Iterable[RawRecord]], tuple[list[Record], list[Problem]]]


@dataclass(frozen=True, slots=True)
class Skipped:
    """Records left out of an evaluation because they did not validate (``--skip-invalid``):
    how many, and their problems. :func:`~dutyscore.evaluate` takes it so that the result
    lists them and its accounting still counts every record that came in."""

    records: int
    problems: tuple[Problem, ...] = ()

    @classmethod
    def of(cls, raws: Sequence[RawRecord], valid: Sequence[Record], problems: Sequence[Problem]) -> Skipped:
        """What :func:`validate_records` left out of ``raws``."""
        return cls(len(raws) - len(valid), tuple(problems))


def record_validator(scheme: Scheme, *, units: Collection[str] | None = None) -> Validate:
    """:func:`validate_records` for one scheme, prepared once: for a caller that validates
    batch after batch (a streamed score, unit by unit). Record ids are unique per batch."""
    coerce = _AttrCoercer(scheme)
    rule_checks = _rule_checks(scheme)
    kind_titles = {k.title: name for name, k in scheme.event_kinds.items()}
    quick = _Quick(scheme, coerce, rule_checks, None if units is None else frozenset(units))

    def validate(raws: Iterable[RawRecord]) -> tuple[list[Record], list[Problem]]:
        with collector_paused():
            return check(raws)

    def check(raws: Iterable[RawRecord]) -> tuple[list[Record], list[Problem]]:
        records: list[Record] = []
        problems: list[Problem] = []
        seen = _Seen(records)
        quick.take(raws, seen, functools.partial(full, seen=seen, problems=problems))
        return records, problems

    def full(
        index: int,
        raw: RawRecord,
        *,
        seen: _Seen,
        problems: list[Problem],
    ) -> None:
        """The full validation of one raw record: its record, or every problem it has."""
        data = raw.data
        if not isinstance(data, dict):
            problems.append(_problem(raw, None, None, f"record #{index + 1} is not a mapping"))
            return
        rid_raw = data.get("id")
        rid = str(rid_raw) if isinstance(rid_raw, str | int) and not isinstance(rid_raw, bool) else None
        bad: list[Problem] = []
        if rid is None or rid == "":
            bad.append(_problem(raw, f"#{index + 1}", "id", "missing or invalid record id"))
            rid = f"#{index + 1}"
        elif rid in seen:
            file, line = seen.first(rid)
            where = f"{file}:{line}" if line else (file or "earlier")
            bad.append(_problem(raw, rid, "id", f"duplicate record id (first at {where})"))
        for key in data:
            if key not in FIELDS:
                bad.append(_problem(raw, rid, str(key), "unknown field (attributes go under 'attributes')"))
        unit = data.get("unit")
        if not isinstance(unit, str | int) or isinstance(unit, bool) or str(unit) == "":
            bad.append(_problem(raw, rid, "unit", "missing or invalid unit"))
        elif units is not None and str(unit) not in units:
            bad.append(_problem(raw, rid, "unit", f"unit {str(unit)!r} is not in the units file"))
        kind_name = data.get("kind")
        if isinstance(kind_name, str) and kind_name not in scheme.event_kinds:
            kind_name = kind_titles.get(kind_name, kind_name)  # a sheet named by the kind's title
        kind = scheme.event_kinds.get(kind_name) if isinstance(kind_name, str) else None
        if kind is None:
            known = ", ".join(sorted(scheme.event_kinds))
            bad.append(_problem(raw, rid, "kind", f"unknown event kind {kind_name!r} (known: {known})"))
        dates: dict[str, dt.date] = {}
        for key in ("act_date", "record_date"):
            if key not in data:
                bad.append(_problem(raw, rid, key, "missing"))
                continue
            try:
                dates[key] = _date(data[key])
            except ValueError as exc:
                bad.append(_problem(raw, rid, key, str(exc)))
        if len(dates) == 2 and dates["record_date"] < dates["act_date"]:
            bad.append(_problem(raw, rid, "record_date", "is before act_date"))
        attrs_in = data.get("attributes", {})
        if attrs_in is None:
            attrs_in = {}
        if not isinstance(attrs_in, dict):
            bad.append(_problem(raw, rid, "attributes", "must be a mapping"))
            attrs_in = {}
        attrs: dict[str, Any] = {}
        if kind is not None:
            attrs_in, twice = _by_title(attrs_in, kind)
            bad.extend(
                _problem(raw, rid, f"attributes.{name}", "given twice (by id and by title)") for name in twice
            )
            for key in attrs_in:
                if key not in kind.attributes:
                    bad.append(_problem(raw, rid, f"attributes.{key}", f"unknown attribute of {kind_name!r}"))
            for key, spec in kind.attributes.items():
                if key not in attrs_in or attrs_in[key] is None:
                    if spec.required:
                        bad.append(_problem(raw, rid, f"attributes.{key}", "missing required attribute"))
                    elif spec.default is not None:  # the scheme's checks let only a valid default through
                        attrs[key] = coerce.value(spec, spec.default)
                    continue
                try:
                    attrs[key] = coerce.value(spec, attrs_in[key])
                    coerce.names_a_reader(spec, attrs[key], str(kind_name))
                except ValueError as exc:
                    bad.append(_problem(raw, rid, f"attributes.{key}", str(exc)))
        if rid not in seen:
            seen.ids.add(rid)
            seen.others[rid] = (raw.file, raw.line)
        if bad:
            problems.extend(bad)
            return
        record = Record(rid, str(unit), str(kind_name), dates["act_date"], dates["record_date"], attrs)
        refused = [
            dataclasses.replace(_problem(raw, rid, fld, message), rule=rule.id)
            for kinds, where, rule in rule_checks
            if record.kind in kinds and where(record)
            for fld, message in rule.record_problems(record)
        ]
        if refused:
            problems.extend(refused)
            return
        seen.records.append(record)
        seen.placed(raw)

    return validate


def records_from_rows(
    rows: Iterable[Mapping[str, Any]], scheme: Scheme, *, source: str = "<rows>"
) -> list[Record]:
    """Records from mappings held in memory (rows of a database query), validated exactly as a
    file's are. A row has ``id``, ``unit``, ``kind``, ``act_date``, ``record_date`` and either an
    ``attributes`` mapping or its attributes as further keys (an absent value, None, is left out).
    A problem names the row as ``<source>:N`` (N counting from 1), the record id and the field.
    Raises :class:`RecordsInvalid` listing every problem."""
    raws = [RawRecord(row_data(row), source, n) for n, row in enumerate(rows, start=1)]
    return validated(raws, scheme)


def records_from_frame(frame: Any, scheme: Scheme, *, source: str = "<frame>") -> list[Record]:
    """Records from a pandas or polars DataFrame or a pyarrow Table (columns id, unit, kind,
    act_date, record_date and one column per attribute), validated as files are; a problem
    names the row number (from 1) and the field. Raises :class:`RecordsInvalid`.

    A polars DataFrame of text and date columns is validated as columns (the same records, see
    :func:`~dutyscore.load_records_columnar`); every other frame row by row."""
    from .columns import frame_records

    records = frame_records(frame, scheme, source)
    if records is not None:
        return records
    return records_from_rows(frame_rows(frame), scheme, source=source)


def load_records(
    paths: str | Path | Iterable[str | Path],
    scheme: Scheme,
    *,
    encoding: str | None = None,
    units: Collection[str] | None = None,
) -> list[Record]:
    """Read and validate records from a file or files; raises :class:`RecordsInvalid` listing all
    problems."""
    problems: list[Problem] = []
    raws = raws_of([paths] if isinstance(paths, str | Path) else paths, encoding, problems)
    return validated(raws, scheme, problems, units=units)


def _drained(raws: Iterable[RawRecord]) -> Iterator[RawRecord]:
    """Each raw record of a list once, its slot cleared as it is taken: a million raw rows
    are freed as they are validated instead of living beside the records they became."""
    if not isinstance(raws, list):
        yield from raws
        return
    for i, raw in enumerate(raws):
        raws[i] = None
        yield raw


def validated(
    raws: Iterable[RawRecord],
    scheme: Scheme,
    read_problems: Sequence[Problem] = (),
    *,
    units: Collection[str] | None = None,
) -> list[Record]:
    """The typed records of ``raws``; with any problem reading or validating them, :class:`RecordsInvalid`
    listing every one (the reading problems first: ``read_problems`` may be filled as ``raws`` is
    read). A list of raws is emptied as it is read."""
    records, invalid = validate_records(_drained(raws), scheme, units=units)
    if read_problems or invalid:
        raise RecordsInvalid([*read_problems, *invalid])
    return records
