"""The record as read (:class:`RawRecord`) and validated (:class:`Record`): what every later
stage of the pipeline reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: The fields of a record as read; ``attributes`` holds the kind's own.
FIELDS = ("id", "unit", "kind", "act_date", "record_date", "attributes")


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
