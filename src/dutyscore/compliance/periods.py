"""The instances of periodic obligations in a year: sub-periods, dated deadlines, festival windows."""

from __future__ import annotations

import calendar as _cal
import datetime as dt

from .._calendar import CalendarUse
from ..scheme.obligations import AroundFestival, ByDate


def _day(year: int, month: int, day: str) -> dt.date:
    last = _cal.monthrange(year, month)[1]
    return dt.date(year, month, last if day == "end" else min(int(day), last))


def periods(per: str, year: int) -> list[tuple[str, dt.date, dt.date]]:
    """The sub-periods of ``year``: label, first day, last day."""
    if per == "year":
        return [(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))]
    size = {"half_year": 6, "quarter": 3, "month": 1}[per]
    out = []
    for i, first_month in enumerate(range(1, 13, size)):
        last_month = first_month + size - 1
        label = {
            "half_year": f"{year}-H{i + 1}",
            "quarter": f"{year}-Q{i + 1}",
            "month": f"{year}-{first_month:02d}",
        }
        out.append((label[per], dt.date(year, first_month, 1), _day(year, last_month, "end")))
    return out


def deadlines(ob: ByDate, year: int, effective_from: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The ``by_date`` deadlines of ``year``: label, window start, deadline."""
    if ob.once is not None:
        y, m, d = ob.once.split("-")
        when = _day(int(y), int(m), d)
        return [(when.isoformat(), effective_from, when)] if when.year == year else []
    if ob.monthly is not None:
        return [
            (f"{year}-{m:02d}-{ob.monthly:02d}", dt.date(year, m, 1), dt.date(year, m, ob.monthly))
            for m in range(1, 13)
        ]
    out = []
    start = dt.date(year, 1, 1)
    for key in sorted(ob.deadlines, key=lambda k: (int(k[:2]), 99 if k[3:] == "end" else int(k[3:]))):
        when = _day(year, int(key[:2]), key[3:])
        out.append((when.isoformat(), start, when))
        start = when + dt.timedelta(days=1)
    return out


def festival_windows(ob: AroundFestival, year: int, cal: CalendarUse) -> list[tuple[str, dt.date, dt.date]]:
    """Per node: label, window start, window end (``before`` days before its first festival
    to ``after`` days after its last festival's first day)."""
    out = []
    for node in ob.nodes:
        days = [cal.festival(f, year) for f in node.festivals]
        start = min(days) - dt.timedelta(days=ob.window.before)
        end = max(days) + dt.timedelta(days=ob.window.after)
        out.append((f"{year} {node.title}", start, end))
    return out
