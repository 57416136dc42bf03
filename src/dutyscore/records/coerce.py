"""Raw values as the scheme declares them: dates as people write them, attribute texts as
numbers, truth values, items or rules, or a ``ValueError`` that says why not. Shared by the
full validation, its quick path and the columnar path, so that all three take and refuse the
same values."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .._limits import date_problem, number_problem
from ..scheme.model import Scheme
from ..scheme.parts import Attribute

_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}


def _shown(value: Any) -> str:
    """A value as a message shows it: its repr, cut short (a cell can hold a megabyte)."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}…{text[-10:]} ({len(text)} characters)"


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
        #: A scored item may be named by its title where no other scored item has that title
        #: (a drop-down of an entry workbook shows titles).
        titles: dict[str, list[str]] = {}
        for item in scheme.leaf_items():
            titles.setdefault(item.title, []).append(item.id)
        self.item_titles = {t: ids[0] for t, ids in titles.items() if len(ids) == 1 and t not in self.leaves}
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
                value = self.item_titles.get(value, value)
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
        elif t == "decimal":
            if isinstance(value, bool) or not isinstance(value, int | str | Decimal | float):
                raise ValueError(f"expected a number, got {value!r}")
            try:
                out = Decimal(str(value))
            except InvalidOperation:
                raise ValueError(f"expected a number, got {value!r}") from None
        elif t == "boolean":
            if isinstance(value, bool):
                out = value
            elif isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
                out = value.strip().lower() in _TRUE
            else:
                raise ValueError(f"expected true or false, got {value!r}")
        else:
            out = _date(value)
        if t in ("integer", "decimal"):
            why = number_problem(out)
            if why is not None:
                raise ValueError(why)
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
