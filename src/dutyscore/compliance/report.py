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
away), ``due`` (not met, later deadline). The counting itself lives with the
calendar (:class:`~dutyscore._calendar.CalendarUse`), where Jiangsu 2018's lateness
rule reads the same delay.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .._calendar import CalendarUse, WorkingCalendar
from .._problems import WarningModel
from ..records.model import Record, order_of
from ..records.units import Unit
from ..results.models import ComplianceReportModel, ComplianceRowModel
from ..scheme.model import Scheme
from ..scheme.obligations import AroundFestival, AtLeast, ByDate, Within
from ..scheme.parts import Selecting
from ..scoring.match import select
from .periods import deadlines, festival_windows, periods

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


def _wait_status(deadline: dt.date, as_of: dt.date, warn_days: int) -> Status:
    if as_of > deadline:
        return "missed"
    return "warned" if (deadline - as_of).days <= warn_days else "due"


def _select(part: Selecting, records: Iterable[Record]) -> list[Record]:
    return select(part.event_kinds, part.where, records)


def _within(ob: Within, records: Sequence[Record], as_of: dt.date, cal: CalendarUse) -> list[ComplianceRow]:
    out = []
    span = ob.within
    fulfil = None if ob.fulfilled_by == "self" else ob.fulfilled_by
    candidates = _select(fulfil, records) if fulfil is not None else []
    for t in sorted(_select(ob.trigger, records), key=order_of):
        deadline = cal.deadline(t.act_date, span)
        if fulfil is None:
            ok = cal.on_time(t.act_date, t.record_date, span)
            n = cal.days_after(t.act_date, t.record_date, working=ob.working)
            word = "working days" if ob.working else "days"
            detail = f"recorded {n} {word} after the act (due within {ob.span}, by {deadline})"
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
        done = min(linked, key=order_of, default=None)
        if done is not None:
            ok = cal.on_time(t.act_date, done.act_date, span)
            how = "done" if ok else "done late"
            detail = f"{how} on {done.act_date} (due within {ob.span} of {t.act_date}, by {deadline})"
            out.append(
                ComplianceRow(t.unit, ob.id, t.id, "met" if ok else "missed", deadline, (done.id,), detail)
            )
            continue
        # past due exactly when doing it today would no longer be on time
        late = not cal.on_time(t.act_date, as_of, span)
        status: Status = "missed" if late else _wait_status(deadline, as_of, ob.warn_days)
        detail = f"nothing recorded yet (due within {ob.span} of {t.act_date}, by {deadline})"
        out.append(ComplianceRow(t.unit, ob.id, t.id, status, deadline, (), detail))
    return out


def _windows(
    ob: AtLeast | ByDate | AroundFestival,
    unit: str,
    records: Sequence[Record],
    as_of: dt.date,
    windows: list[tuple[str, dt.date, dt.date]],
    need: int,
) -> list[ComplianceRow]:
    out = []
    mine = sorted(_select(ob, records), key=order_of)
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
            late = [r for r in mine if r.act_date > end][: need - len(inside)]
            if status == "missed" and late and not isinstance(ob, AroundFestival):
                inside += tuple(r.id for r in late)
                detail += f"; done late on {', '.join(str(r.act_date) for r in late)}"
        out.append(ComplianceRow(unit, ob.id, label, status, end, inside, detail))
    return out


def report_years(scheme: Scheme, known: Sequence[Record], as_of: dt.date) -> list[int]:
    """The years a report covers: the report date's, and every earlier year whose records
    are known, within the scheme's effective dates (so a year's last deadlines can be missed)."""
    first = scheme.effective.from_.year
    last = min(as_of.year, scheme.effective.until.year) if scheme.effective.until else as_of.year
    years = {r.act_date.year for r in known} | {as_of.year}
    return sorted(y for y in years if first <= y <= last)


def _instances(
    ob: AtLeast | ByDate | AroundFestival, year: int, scheme: Scheme, cal: CalendarUse
) -> list[tuple[str, dt.date, dt.date]]:
    if isinstance(ob, AtLeast):
        return periods(ob.per, year)
    if isinstance(ob, ByDate):
        return deadlines(ob, year, scheme.effective.from_)
    return festival_windows(ob, year, cal)


@dataclass(frozen=True, slots=True)
class ComplianceReport:
    """Every obligation instance of every unit as of ``as_of``, and calendar warnings."""

    scheme: Scheme
    as_of: dt.date
    rows: tuple[ComplianceRow, ...]
    warnings: tuple[WarningModel, ...]

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
    cal = CalendarUse(calendar or WorkingCalendar())
    known = [r for r in records if r.record_date <= as_of]
    unit_ids = [u.id for u in units] if units is not None else sorted({r.unit for r in records})
    by_unit: dict[str, list[Record]] = defaultdict(list)
    for r in known:
        by_unit[r.unit].append(r)
    years = report_years(scheme, known, as_of)
    rows: list[ComplianceRow] = []
    for uid in unit_ids:
        mine = by_unit.get(uid, [])
        for ob in scheme.obligations:
            if isinstance(ob, Within):
                rows.extend(_within(ob, mine, as_of, cal))
                continue
            windows = [w for year in years for w in _instances(ob, year, scheme, cal)]
            windows = [w for w in windows if w[2] >= scheme.effective.from_]
            need = ob.count if isinstance(ob, AtLeast) else 1
            rows.extend(_windows(ob, uid, mine, as_of, windows, need))
    warnings = tuple(
        WarningModel(
            code="calendar_unknown_year",
            message=f"the working-day calendar does not know the official holiday schedule of {y}; "
            "dates there are estimates",
        )
        for y in cal.unknown_years()
    )
    return ComplianceReport(scheme, as_of, tuple(rows), warnings)
