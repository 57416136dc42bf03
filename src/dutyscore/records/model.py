"""The validated record: what every later stage of the pipeline reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


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


_new = object.__new__
_SET = tuple(
    Record.__dict__[f].__set__ for f in ("id", "unit", "kind", "act_date", "record_date", "attributes")
)


def new_record(
    rid: str, unit: str, kind: str, act_date: dt.date, record_date: dt.date, attributes: Mapping[str, Any]
) -> Record:
    """``Record(...)`` for the readers, which build millions of already validated records: the
    frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, and setting
    the slots directly is about twice as fast. The result is an ordinary, equal Record."""
    record = _new(Record)
    s_id, s_unit, s_kind, s_act, s_record, s_attributes = _SET
    s_id(record, rid)
    s_unit(record, unit)
    s_kind(record, kind)
    s_act(record, act_date)
    s_record(record, record_date)
    s_attributes(record, attributes)
    return record
