"""Mainland China's working-day calendar, from ``holidays.China``.

Deadlines in the documents count 工作日: weekends and statutory holidays are not
working days, but the make-up weekends (调休) are. ``holidays.China`` knows both
for the years whose State Council notice it encodes; for any other year it can
only estimate, so we say so in the result instead of guessing silently.
A local calendar file adds holidays, working days and years to trust.

A :class:`WorkingCalendar` only answers questions; each evaluation or report
asks through its own :class:`CalendarUse`, which remembers the years it needed,
so one calendar serves many evaluations without one's warnings leaking into
another's. The counting the documents prescribe (工作日 strictly after the act up
to and including the day of the record, N months later, festival dates) lives
here, where both scoring and the compliance report read it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import holidays
from dateutil.relativedelta import relativedelta

from ._limits import date_problem, iso_date, year_problem
from ._problems import CalendarError, Problem
from ._text import read_text
from ._yamlsrc import YamlSyntaxError, load_yaml

#: Festival keys of the scheme language → their names in ``holidays.China`` (en_US).
FESTIVALS = {
    "new_year": "New Year's Day",
    "spring_festival": "Chinese New Year (Spring Festival)",
    "qingming": "Tomb-Sweeping Day",
    "dragon_boat": "Dragon Boat Festival",
    "mid_autumn": "Mid-Autumn Festival",
    "national_day": "National Day",
}


def _official_years() -> frozenset[int]:
    cn = holidays.country_holidays("CN", years=2000)
    special = getattr(cn, "special_public_holidays", {})
    return frozenset(int(y) for y in special)


class _Jan1(dict[int, int]):
    """Ordinal of 1 January of a year, computed once per year."""

    def __missing__(self, year: int) -> int:
        self[year] = value = dt.date(year, 1, 1).toordinal() - 1
        return value


_JAN1 = _Jan1()


class WorkingCalendar:
    """Answers "is this a working day" and counts working days between two dates."""

    def __init__(
        self,
        extra_holidays: Iterable[dt.date] = (),
        extra_working_days: Iterable[dt.date] = (),
        known_years: Iterable[int] = (),
    ) -> None:
        self._holidays = frozenset(extra_holidays)
        self._working = frozenset(extra_working_days)
        self.known_years = _official_years() | frozenset(known_years)
        self._china = holidays.country_holidays("CN")
        self._cumulative: dict[int, list[int]] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_file(cls, path: str | Path) -> WorkingCalendar:
        """A calendar with the local additions of a YAML file.

        The file has optional lists ``holidays`` and ``working_days`` (dates,
        YYYY-MM-DD) and ``known_years`` (years whose schedule the file completes).
        Raises :class:`~dutyscore.CalendarError` listing every problem, located.
        """
        holidays_, working, years = read_calendar(path)
        return cls(holidays_, working, years)

    def is_working_day(self, day: dt.date) -> bool:
        table = self._year_table(day.year)
        index = day.toordinal() - _JAN1[day.year]
        return table[index] > table[index - 1]

    def _is_working_day(self, day: dt.date) -> bool:
        if day in self._working:
            return True
        if day in self._holidays:
            return False
        return bool(self._china.is_working_day(day))

    def _year_table(self, year: int) -> list[int]:
        """Working days of ``year`` up to each of its days, counted once per year.

        ``holidays`` fills its years lazily, so two threads asking at once could see a
        half-filled year: the tables are built under a lock and only read after."""
        table = self._cumulative.get(year)
        if table is not None:
            return table
        with self._lock:
            table = self._cumulative.get(year)
            if table is None:
                day = dt.date(year, 1, 1)
                count = 0
                table = [0]
                while day.year == year:
                    count += self._is_working_day(day)
                    table.append(count)
                    day += dt.timedelta(days=1)
                self._cumulative[year] = table
        return table

    def _through(self, day: dt.date) -> int:
        """Working days from 1 January of ``day``'s year up to and including ``day``."""
        return self._year_table(day.year)[day.toordinal() - _JAN1[day.year]]

    def working_days_after(self, act: dt.date, record: dt.date) -> int:
        """Working days strictly after ``act`` up to and including ``record``."""
        if record <= act:
            return 0
        total = 0
        for year in range(act.year, record.year + 1):
            end = self._through(record) if year == record.year else self._year_table(year)[-1]
            start = self._through(act) if year == act.year else 0
            total += end - start
        return total

    def nth_working_day_after(self, start: dt.date, n: int) -> dt.date:
        """The day on which the ``n``-th working day strictly after ``start`` falls (n ≥ 1)."""
        day, seen = start, 0
        while seen < n:
            day += dt.timedelta(days=1)
            seen += self.is_working_day(day)
        return day

    def festival(self, key: str, year: int) -> dt.date:
        """The first day of a festival (``FESTIVALS`` key) in ``year``, from ``holidays.China``."""
        name = FESTIVALS[key]
        days = [
            d for d, n in holidays.country_holidays("CN", years=year, language="en_US").items() if n == name
        ]
        if not days:
            raise CalendarError([Problem(f"the calendar has no {name} in {year}")])
        return min(days)

    def unknown_years(self, years: Iterable[int]) -> list[int]:
        """Years among ``years`` whose official schedule this calendar does not know."""
        return sorted(set(years) - self.known_years)


_CALENDAR_KEYS = ("holidays", "working_days", "known_years")


def read_calendar(path: str | Path) -> tuple[list[dt.date], list[dt.date], list[int]]:
    """Holidays, working days and known years of a calendar file, every problem located.

    Strict, because a calendar silently changes every deadline: a list must be a list,
    a date a day of the calendar without a time (a holiday written with a time had no
    effect), each within the years dutyscore scores, each key written once."""
    name = str(path)
    text, problem = read_text(path, what="calendar")
    if text is None:
        raise CalendarError([problem] if problem is not None else [])
    try:
        located = load_yaml(text)
    except YamlSyntaxError as exc:
        raise CalendarError([exc.problem(name)]) from None
    problems = located.problems_in(name)

    def bad(where: tuple[str | int, ...], message: str) -> None:
        problems.append(located.problem_at(where, message, name))

    data: Any = located.value if located.value is not None else {}
    if not isinstance(data, dict):
        bad((), "a calendar file is a mapping with holidays, working_days and known_years")
        raise CalendarError(problems)
    for key in sorted(set(data) - set(_CALENDAR_KEYS), key=str):
        bad((key,), f"unknown key {key!r} (a calendar has {', '.join(_CALENDAR_KEYS)})")
    lists: dict[str, list[Any]] = {}
    for key in _CALENDAR_KEYS:
        value = data.get(key)
        if value is None:
            lists[key] = []
        elif isinstance(value, list):
            lists[key] = value
        else:
            bad((key,), f"{key} is a list (write [{value}] for one)")
            lists[key] = []
    days: dict[str, list[dt.date]] = {"holidays": [], "working_days": []}
    for key, found in days.items():
        for i, value in enumerate(lists[key]):
            day = _calendar_date(value)
            if isinstance(value, dt.datetime):
                why: str | None = f"{value} has a time of day: write the date alone (YYYY-MM-DD)"
            elif day is None:
                why = f"{value!r} is not a date YYYY-MM-DD"
            else:
                why = date_problem(day)
            if why is not None:
                bad((key, i), why)
            elif day is not None:
                found.append(day)
    years: list[int] = []
    for i, value in enumerate(lists["known_years"]):
        if type(value) is not int:
            bad(("known_years", i), f"{value!r} is not a year")
        elif (why := year_problem(value)) is not None:
            bad(("known_years", i), why)
        else:
            years.append(value)
    if problems:
        raise CalendarError(problems)
    return days["holidays"], days["working_days"], years


def _calendar_date(value: Any) -> dt.date | None:
    if type(value) is dt.date:
        return value
    try:
        return iso_date(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Span:
    """ "Within ``days`` (working) days" or "within ``months`` months": one of the two is set."""

    days: int | None = None
    months: int | None = None
    working: bool = False


class CalendarUse:
    """One evaluation's (or report's) questions to a calendar, and the years they needed.

    Counting follows the documents: "within N working days" counts working days
    strictly after the act up to and including the day it is measured on; months
    are calendar months (3 months after 30 November is 28 or 29 February).
    """

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar
        self.years: set[int] = set()

    def working_days_after(self, act: dt.date, record: dt.date) -> int:
        """Working days strictly after ``act`` up to and including ``record``."""
        if record > act:
            self.years.update(range(act.year, record.year + 1))
        return self.calendar.working_days_after(act, record)

    def days_after(self, start: dt.date, end: dt.date, *, working: bool) -> int:
        """Working days (or calendar days) after ``start`` up to and including ``end``; 0 before."""
        if working:
            return self.working_days_after(start, end)
        return max(0, (end - start).days)

    def deadline(self, start: dt.date, span: Span) -> dt.date:
        """The last day of ``span`` after ``start``."""
        if span.months is not None:
            return start + relativedelta(months=span.months)
        if span.days is None:
            raise ValueError("a span needs days or months")
        if span.working:
            day = self.calendar.nth_working_day_after(start, span.days)
            self.years.update(range((start + dt.timedelta(days=1)).year, day.year + 1))
            return day
        return start + dt.timedelta(days=span.days)

    def on_time(self, start: dt.date, end: dt.date, span: Span) -> bool:
        """Whether something done on ``end`` is within the span after ``start``.

        Working days are counted (a record on the weekend after the Nth working day
        is still within N working days); months and calendar days compare dates.
        """
        if span.months is not None or not span.working or span.days is None:
            return end <= self.deadline(start, span)
        return self.working_days_after(start, end) <= span.days

    def festival(self, key: str, year: int) -> dt.date:
        """The first day of a festival (``FESTIVALS`` key) in ``year``."""
        self.years.add(year)
        return self.calendar.festival(key, year)

    def unknown_years(self) -> list[int]:
        """The years this use needed whose official schedule the calendar does not know."""
        return self.calendar.unknown_years(self.years)
