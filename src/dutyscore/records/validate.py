"""Validate raw records against a scheme's event kinds: typed, or a problem per field.

A record is one fact about an assessed unit (a duty record, a finding, a
commendation). Every invalid record is reported with its id and field and none
is dropped silently; the valid ones become :class:`~dutyscore.Record` objects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._collector import collector_paused
from .._problems import Problem, RecordsInvalid
from ..kinds.base import RuleBase
from ..scheme.model import Scheme
from ..scheme.parts import EventKind
from ..scoring.match import Predicate, compile_where
from .coerce import _AttrCoercer, _date
from .csv_table import CsvTable
from .invisible import holds_invisible, invisible_problem, shown
from .model import FIELDS, RawRecord, Record, sheet_name
from .quick import _Quick, _Seen
from .read import Source, frame_rows, row_data, sources_of


def _problem(raw: RawRecord, rid: str | None, fld: str | None, message: str) -> Problem:
    return Problem(
        message, file=raw.file, line=raw.line, column=1 if raw.line else None, record_id=rid, field=fld
    )


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


def kind_names(scheme: Scheme) -> dict[str, str]:
    """What a record's kind may be written as, beside its id: the kind's title, and the name a
    workbook's sheet gets from it (:func:`~dutyscore.records.model.sheet_name`), where only one
    kind's gives that name."""
    out = {k.title: name for name, k in scheme.event_kinds.items()}
    sheets: dict[str, list[str]] = {}
    for name, k in scheme.event_kinds.items():
        sheets.setdefault(sheet_name(k.title), []).append(name)
    for sheet, names in sheets.items():
        if len(names) == 1:
            out.setdefault(sheet, names[0])
    return out


def _rule_checks(scheme: Scheme) -> list[tuple[frozenset[str], Predicate, RuleBase]]:
    """The rules that check the records they match (their kind overrides ``record_problems``)."""
    return [
        (frozenset(r.event_kinds), compile_where(r.where), r)
        for r in scheme.rules
        if type(r).record_problems is not RuleBase.record_problems
    ]


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
    #: Unit id → the ids of its records left out, in input order (a unit whose id could be
    #: read): its total and grade are provisional. Records with no readable unit are not here.
    by_unit: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, raws: Sequence[RawRecord], valid: Sequence[Record], problems: Sequence[Problem]) -> Skipped:
        """What :func:`validate_records` left out of ``raws``: each raw record after the valid
        ones of its id is one left out, counted under its unit."""
        kept: dict[str, int] = {}
        for record in valid:
            kept[record.id] = kept.get(record.id, 0) + 1
        by_unit: dict[str, list[str]] = {}
        for n, raw in enumerate(raws, start=1):
            data = raw.data if isinstance(raw.data, dict) else {}
            rid = _plain_text(data.get("id")) or f"#{n}"
            if kept.get(rid, 0):
                kept[rid] -= 1
                continue
            unit = _plain_text(data.get("unit"))
            if unit:
                by_unit.setdefault(unit, []).append(rid)
        return cls(len(raws) - len(valid), tuple(problems), {u: tuple(ids) for u, ids in by_unit.items()})

    def of_unit(self, unit: str) -> tuple[str, ...]:
        """The ids of ``unit``'s records left out (none: its result is complete)."""
        return self.by_unit.get(unit, ())


def _plain_text(value: Any) -> str:
    """An id as validation reads it (text or a whole number, stripped), or ''."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return str(value).strip()


def record_validator(scheme: Scheme, *, units: Collection[str] | None = None) -> Validate:
    """:func:`validate_records` for one scheme, prepared once: for a caller that validates
    batch after batch (a streamed score, unit by unit). Record ids are unique per batch."""
    check = _sources_validator(scheme, units=units)

    def validate(raws: Iterable[RawRecord]) -> tuple[list[Record], list[Problem]]:
        return check([raws])

    return validate


def _sources_validator(
    scheme: Scheme, *, units: Collection[str] | None = None
) -> Callable[[Iterable[Source]], tuple[list[Record], list[Problem]]]:
    """What :func:`record_validator` gives, for the raw records of several sources (a CSV
    file's table among them, whose plainly valid rows are validated from their cells); record
    ids are unique across them."""
    coerce = _AttrCoercer(scheme)
    rule_checks = _rule_checks(scheme)
    kind_titles = kind_names(scheme)
    quick = _Quick(scheme, coerce, rule_checks, None if units is None else frozenset(units))

    def check(sources: Iterable[Source]) -> tuple[list[Record], list[Problem]]:
        records: list[Record] = []
        problems: list[Problem] = []
        seen = _Seen(records)
        doubted = functools.partial(full, seen=seen, problems=problems)
        index = 0
        with collector_paused():
            for source in sources:
                if isinstance(source, CsvTable):
                    index = quick.take_table(source, seen, doubted, index)
                else:
                    index = quick.take(source, seen, doubted, index)
            if records and holds_invisible("\n".join(seen.ids)):  # one scan; quick ids unchecked
                unseen = [(r.id, why) for r in records if (why := invisible_problem(r.id, "record id"))]
                for rid, why in unseen:
                    file, line = seen.first(rid)
                    column = 1 if line else None
                    problems.append(Problem(why, (), file, line, column, record_id=shown(rid), field="id"))
                refused = {rid for rid, _ in unseen}
                records[:] = [r for r in records if r.id not in refused]
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
        plain_id = isinstance(rid_raw, str | int) and not isinstance(rid_raw, bool)
        rid = str(rid_raw).strip() if plain_id else None
        bad: list[Problem] = []
        if rid is None or rid == "":
            bad.append(_problem(raw, f"#{index + 1}", "id", "missing or invalid record id"))
            rid = f"#{index + 1}"
        elif (unseen := invisible_problem(rid, "record id")) is not None:
            bad.append(_problem(raw, shown(rid), "id", unseen))
        elif rid in seen:
            file, line = seen.first(rid)
            where = f"{file}:{line}" if line else (file or "earlier")
            bad.append(_problem(raw, rid, "id", f"duplicate record id (first at {where})"))
        for key in data:
            if key not in FIELDS:
                bad.append(_problem(raw, rid, str(key), "unknown field (attributes go under 'attributes')"))
        unit = data.get("unit")
        unit = unit.strip() if isinstance(unit, str) else unit
        if not isinstance(unit, str | int) or isinstance(unit, bool) or str(unit) == "":
            bad.append(_problem(raw, rid, "unit", "missing or invalid unit"))
        elif (unseen := invisible_problem(str(unit), "unit id")) is not None:
            bad.append(_problem(raw, shown(rid), "unit", unseen))
        elif units is not None and str(unit) not in units:
            bad.append(_problem(raw, rid, "unit", f"unit {str(unit)!r} is not in the units file"))
        kind_name = data.get("kind")
        kind_name = kind_name.strip() if isinstance(kind_name, str) else kind_name
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

    return check


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
    hidden_sheets: bool = False,
) -> list[Record]:
    """Read and validate records from a file or files; raises :class:`RecordsInvalid` listing all
    problems. A workbook's hidden sheets are left out (with a :class:`~dutyscore.ReadWarning`)
    unless ``hidden_sheets``."""
    problems: list[Problem] = []
    files = [paths] if isinstance(paths, str | Path) else paths
    sources = sources_of(files, encoding, problems, hidden_sheets=hidden_sheets)
    return _checked(sources, scheme, problems, units)


def _drained(raws: Iterable[RawRecord]) -> Iterable[RawRecord]:
    """Each raw record of a list once, its slot cleared as it is taken: a million raw rows
    are freed as they are validated instead of living beside the records they became. Any
    other iterable is given as it is."""
    if not isinstance(raws, list):
        return raws

    def drained(raws: list[Any]) -> Iterator[RawRecord]:
        for i, raw in enumerate(raws):
            raws[i] = None
            yield raw

    return drained(raws)


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
    return _checked([_drained(raws)], scheme, read_problems, units)


def _checked(
    sources: Iterable[Source], scheme: Scheme, read_problems: Sequence[Problem], units: Collection[str] | None
) -> list[Record]:
    """:func:`validated` for the raw records of several sources."""
    records, invalid = _sources_validator(scheme, units=units)(sources)
    if read_problems or invalid:
        raise RecordsInvalid([*read_problems, *invalid])
    return records
