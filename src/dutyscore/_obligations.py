"""Obligations: what is due, by when, and whether it was met — as of a date.

The documents also say what must happen before it is late (全程记实制度 第十条: a
warning 5 days before the deadline). Four kinds, all evaluated on the records a
system holds as of the report date (``record_date`` on or before it):

- ``within``: N working or calendar days, or N months, after a triggering record;
  fulfilled by the record itself (its ``record_date``) or by a linked record;
- ``at_least``: N records per year, half year, quarter or month;
- ``by_date``: by yearly dates (``06-30``, ``02-end``), by a day of every month, or once;
- ``around_festival``: a record within a window around festival nodes whose dates
  come from ``holidays.China``.

Statuses: ``met`` (by which records), ``missed`` (the deadline passed; a late
fulfilment is named), ``warned`` (not met, the deadline is at most ``warn_days``
away), ``due`` (not met, later deadline). The same counting serves scoring:
Jiangsu 2018's lateness rule reads its delay from an obligation (:func:`elapsed`).
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from dateutil.relativedelta import relativedelta

from ._calendar import WorkingCalendar
from ._match import select
from ._records import Record
from ._result import ComplianceReportModel, ComplianceRowModel
from ._scheme_model import Obligation, Scheme, _Matching
from ._units import Unit

Status = Literal["met", "missed", "warned", "due"]


@dataclass(frozen=True, slots=True)
class ComplianceRow:
    """One obligation instance of one unit, as of the report date."""

    unit: str
    obligation: str
    instance: str
    status: Status
    due: dt.date
    records: tuple[str, ...]
    detail: str


def elapsed(ob: Obligation, start: dt.date, end: dt.date, cal: WorkingCalendar) -> int:
    """Days after ``start`` up to and including ``end``: working days, or calendar days."""
    if ob.day_kind == "working":
        return cal.working_days_after(start, end)
    return max(0, (end - start).days)


def due_date(ob: Obligation, start: dt.date, cal: WorkingCalendar) -> dt.date:
    """The deadline of a ``within`` obligation triggered on ``start``."""
    if ob.months is not None:
        return start + relativedelta(months=ob.months)
    assert ob.days is not None
    if ob.day_kind == "working":
        return cal.nth_working_day_after(start, ob.days)
    return start + dt.timedelta(days=ob.days)


def on_time(ob: Obligation, start: dt.date, end: dt.date, cal: WorkingCalendar) -> bool:
    """Whether something done on ``end`` meets a ``within`` obligation triggered on ``start``.

    Working days are counted (a record on the weekend after the Nth working day is
    still within N working days); months and calendar days compare dates.
    """
    if ob.months is not None or ob.day_kind == "calendar":
        return end <= due_date(ob, start, cal)
    assert ob.days is not None
    return elapsed(ob, start, end, cal) <= ob.days


def _wait_status(deadline: dt.date, as_of: dt.date, warn_days: int) -> Status:
    if as_of > deadline:
        return "missed"
    return "warned" if (deadline - as_of).days <= warn_days else "due"


def _select(part: _Matching, records: Iterable[Record]) -> list[Record]:
    return select(part.event_kinds, part.where, records)


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


def deadlines(ob: Obligation, year: int, effective_from: dt.date) -> list[tuple[str, dt.date, dt.date]]:
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


def festival_windows(ob: Obligation, year: int, cal: WorkingCalendar) -> list[tuple[str, dt.date, dt.date]]:
    """Per node: label, window start, window end (``before`` days before its first festival
    to ``after`` days after its last festival's first day)."""
    assert ob.window is not None
    out = []
    for node in ob.nodes:
        days = [cal.festival(f, year) for f in node.festivals]
        start = min(days) - dt.timedelta(days=ob.window.before)
        end = max(days) + dt.timedelta(days=ob.window.after)
        out.append((f"{year} {node.title}", start, end))
    return out


def _within(
    ob: Obligation, records: Sequence[Record], as_of: dt.date, cal: WorkingCalendar
) -> list[ComplianceRow]:
    assert ob.trigger is not None
    out = []
    span = (
        f"{ob.days} {'working ' if ob.day_kind == 'working' else ''}days"
        if ob.months is None
        else f"{ob.months} months"
    )
    fulfil = None if ob.fulfilled_by == "self" else ob.fulfilled_by
    candidates = _select(fulfil, records) if fulfil is not None else []
    for t in sorted(_select(ob.trigger, records), key=lambda r: (r.act_date, r.id)):
        deadline = due_date(ob, t.act_date, cal)
        if fulfil is None:
            ok = on_time(ob, t.act_date, t.record_date, cal)
            n = elapsed(ob, t.act_date, t.record_date, cal)
            word = "working days" if ob.day_kind == "working" else "days"
            detail = f"recorded {n} {word} after the act (due within {span}, by {deadline})"
            out.append(
                ComplianceRow(t.unit, ob.id, t.id, "met" if ok else "missed", deadline, (t.id,), detail)
            )
            continue
        linked = [
            f
            for f in candidates
            if f.act_date >= t.act_date
            and all(f.attributes.get(a) == t.attributes.get(a) for a in fulfil.link)
        ]
        done = min(linked, key=lambda r: (r.act_date, r.id), default=None)
        if done is not None:
            ok = on_time(ob, t.act_date, done.act_date, cal)
            how = "done" if ok else "done late"
            detail = f"{how} on {done.act_date} (due within {span} of {t.act_date}, by {deadline})"
            out.append(
                ComplianceRow(t.unit, ob.id, t.id, "met" if ok else "missed", deadline, (done.id,), detail)
            )
            continue
        # past due exactly when doing it today would no longer be on time
        late = not on_time(ob, t.act_date, as_of, cal)
        status: Status = "missed" if late else _wait_status(deadline, as_of, ob.warn_days)
        detail = f"nothing recorded yet (due within {span} of {t.act_date}, by {deadline})"
        out.append(ComplianceRow(t.unit, ob.id, t.id, status, deadline, (), detail))
    return out


def _windows(
    ob: Obligation,
    unit: str,
    records: Sequence[Record],
    as_of: dt.date,
    windows: list[tuple[str, dt.date, dt.date]],
    need: int,
) -> list[ComplianceRow]:
    out = []
    mine = sorted(_select(ob, records), key=lambda r: (r.act_date, r.id))
    for label, start, end in windows:
        if start > as_of:
            continue
        inside = tuple(r.id for r in mine if start <= r.act_date <= end)
        if len(inside) >= need:
            status: Status = "met"
            detail = f"{len(inside)} record(s) between {start} and {end} (at least {need})"
        else:
            status = _wait_status(end, as_of, ob.warn_days)
            detail = f"{len(inside)} of {need} record(s) between {start} and {end}"
        out.append(ComplianceRow(unit, ob.id, label, status, end, inside, detail))
    return out


@dataclass(frozen=True, slots=True)
class ComplianceReport:
    """Every obligation instance of every unit as of ``as_of``, and calendar warnings."""

    scheme: Scheme
    as_of: dt.date
    rows: tuple[ComplianceRow, ...]
    warnings: tuple[str, ...]

    def to_model(self) -> ComplianceReportModel:
        """The typed report (pydantic), with each obligation's title and clause."""
        obs = {o.id: o for o in self.scheme.obligations}
        return ComplianceReportModel(
            scheme=self.scheme.id,
            scheme_version=self.scheme.version,
            as_of=self.as_of,
            rows=[
                ComplianceRowModel(
                    unit=r.unit,
                    obligation=r.obligation,
                    title=obs[r.obligation].title,
                    clause=self.scheme.cite(obs[r.obligation].source),
                    instance=r.instance,
                    status=r.status,
                    due=r.due,
                    records=list(r.records),
                    detail=r.detail,
                )
                for r in self.rows
            ],
            warnings=list(self.warnings),
        )


def compliance(
    scheme: Scheme,
    records: Sequence[Record],
    as_of: dt.date,
    *,
    units: Sequence[Unit] | None = None,
    calendar: WorkingCalendar | None = None,
) -> ComplianceReport:
    """The compliance report: per unit and obligation, met, missed, warned or due."""
    cal = calendar or WorkingCalendar()
    known = [r for r in records if r.record_date <= as_of]
    unit_ids = [u.id for u in units] if units is not None else sorted({r.unit for r in records})
    by_unit: dict[str, list[Record]] = defaultdict(list)
    for r in known:
        by_unit[r.unit].append(r)
    year = as_of.year
    rows: list[ComplianceRow] = []
    for uid in unit_ids:
        mine = by_unit.get(uid, [])
        for ob in scheme.obligations:
            if ob.kind == "within":
                rows.extend(_within(ob, mine, as_of, cal))
            elif ob.kind == "at_least":
                windows = [w for w in periods(ob.per, year) if w[2] >= scheme.effective.from_]
                rows.extend(_windows(ob, uid, mine, as_of, windows, ob.count))
            elif ob.kind == "by_date":
                rows.extend(_windows(ob, uid, mine, as_of, deadlines(ob, year, scheme.effective.from_), 1))
            else:
                rows.extend(_windows(ob, uid, mine, as_of, festival_windows(ob, year, cal), 1))
    unknown = cal.unknown_years(cal.queried_years)
    warnings = tuple(
        f"the working-day calendar does not know the official holiday schedule of {y}; "
        "dates there are estimates"
        for y in unknown
    )
    return ComplianceReport(scheme, as_of, tuple(rows), warnings)
