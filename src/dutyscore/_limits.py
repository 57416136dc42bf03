"""The bounds dutyscore holds every input to, so that hostile input costs bounded time and memory.

Each is refused with a located problem where the input is read, never deep inside a
computation. ``docs/robustness.md`` lists them for users.
"""

from __future__ import annotations

import datetime as dt

#: Dates of acts, records, periods, calendars and schemes: the People's Republic to 2100.
MIN_YEAR, MAX_YEAR = 1949, 2100
FIRST_DAY, LAST_DAY = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)


def year_problem(year: int) -> str | None:
    """Why ``year`` is out of bounds, or None."""
    if MIN_YEAR <= year <= MAX_YEAR:
        return None
    return f"{year} is outside the years dutyscore scores ({MIN_YEAR}–{MAX_YEAR})"


def date_problem(day: dt.date) -> str | None:
    """Why ``day`` is out of bounds, or None."""
    return None if FIRST_DAY <= day <= LAST_DAY else f"{day} is outside {FIRST_DAY} – {LAST_DAY}"
