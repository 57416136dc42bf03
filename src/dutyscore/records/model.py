"""The record as read (:class:`RawRecord`) and validated (:class:`Record`): what every later
stage of the pipeline reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

#: The fields of a record as read; ``attributes`` holds the kind's own.
FIELDS = ("id", "unit", "kind", "act_date", "record_date", "attributes")
#: The five base fields as a clerk's workbook or an export heads them (编号, 单位, 类型,
#: 发生日期, 记实日期, with the words platforms use beside them): a header of these reads as
#: the field.
FIELD_TITLES = {
    "编号": "id",
    "记录编号": "id",
    "单位": "unit",
    "单位编码": "unit",
    "类型": "kind",
    "记录类型": "kind",
    "发生日期": "act_date",
    "履责日期": "act_date",
    "记实日期": "record_date",
    "录入日期": "record_date",
}


#: Sheets of an entry workbook that hold no records (``dutyscore template`` writes them): the
#: guidance and the lists its drop-downs show, and the units.
GUIDE_SHEET, UNITS_SHEET = "填表说明", "单位名单"
#: What a sheet's name may not hold, and how long it may be (Excel's rules).
_NOT_IN_SHEET_NAMES = str.maketrans({c: "_" for c in "[]:*?/\\"})
SHEET_NAME_LENGTH = 31


def sheet_name(title: str) -> str:
    """The name a sheet of an event kind gets from its title: Excel's forbidden characters
    replaced, cut to 31 characters (the reader takes it back to the kind when one title
    begins so)."""
    return title.translate(_NOT_IN_SHEET_NAMES)[:SHEET_NAME_LENGTH].strip("'") or "_"


def plain_cell(value: Any) -> Any:
    """A cell of a frame or a workbook as the other readers give it: a midnight datetime as its
    date, a whole float as an int, another float as the decimal it shows (never a binary
    float), a pandas Timestamp or numpy scalar as the Python value it holds."""
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, float):
        return int(value) if value.is_integer() else Decimal(repr(value))
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # a numpy scalar
        return plain_cell(value.item())
    return value


def field_name(header: str) -> str:
    """A column's header as the field it stands for (``记实日期`` → ``record_date``), or as it is."""
    return FIELD_TITLES.get(header, header)


@dataclass(slots=True)
class RawRecord:
    """A record as read, before validation, with where it came from."""

    data: Any
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """A validated event record.

    ``act_date`` is when the duty was done or the fact happened; ``record_date``
    is when it was entered on the platform. Attribute values are typed per the
    event kind (``Decimal``, ``int``, ``bool``, ``date``, ``str`` or tuples).
    A small slotted object, not a pydantic model: evaluation handles millions.
    """

    id: str
    unit: str
    kind: str
    act_date: dt.date
    record_date: dt.date
    attributes: Mapping[str, Any] = field(default_factory=dict)


def order_of(record: Record) -> tuple[dt.date, str]:
    """The stable order in which contributions fill a cap: act date, then id."""
    return (record.act_date, record.id)


class Unsealed:
    """A :class:`Record` being built: the same slots, without the frozen dataclass's
    ``__setattr__`` (a Python function that refuses every assignment, so a frozen record's
    fields can only be set through ``object.__setattr__``, a call per field). A reader that
    builds millions of records fills an ``Unsealed`` with plain assignments, then makes it the
    record it is by setting its class (allowed: the two classes have the same layout). Never
    handed out unsealed."""

    __slots__ = Record.__slots__

    id: str
    unit: str
    kind: str
    act_date: dt.date
    record_date: dt.date
    attributes: Mapping[str, Any]


_new = object.__new__


def new_record(
    rid: str, unit: str, kind: str, act_date: dt.date, record_date: dt.date, attributes: Mapping[str, Any]
) -> Record:
    """``Record(...)`` for the readers, which build millions of already validated records, at a
    quarter of its cost (:class:`Unsealed`). The result is an ordinary, equal Record."""
    record = _new(Unsealed)
    record.id = rid
    record.unit = unit
    record.kind = kind
    record.act_date = act_date
    record.record_date = record_date
    record.attributes = attributes
    record.__class__ = Record  # type: ignore[assignment]
    return record  # type: ignore[return-value]
