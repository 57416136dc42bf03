"""The bounds dutyscore holds every input to, so that hostile input costs bounded time and memory.

Each is refused with a located problem where the input is read, never deep inside a
computation. ``docs/robustness.md`` lists them for users.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Context, Decimal

#: Dates of acts, records, periods, calendars and schemes: the People's Republic to 2100.
MIN_YEAR, MAX_YEAR = 1949, 2100
FIRST_DAY, LAST_DAY = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)


def year_problem(year: int) -> str | None:
    """Why ``year`` is out of bounds, or None."""
    if MIN_YEAR <= year <= MAX_YEAR:
        return None
    return f"{year} is outside the years dutyscore scores ({MIN_YEAR}–{MAX_YEAR})"


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(text: str) -> dt.date:
    """A date written YYYY-MM-DD and nothing else (``date.fromisoformat`` alone also takes
    20180301 and 2018-W09-4); ValueError otherwise, or for a day the calendar lacks."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date YYYY-MM-DD")
    return dt.date.fromisoformat(text)


def date_problem(day: dt.date) -> str | None:
    """Why ``day`` is out of bounds, or None."""
    return None if FIRST_DAY <= day <= LAST_DAY else f"{day} is outside {FIRST_DAY} – {LAST_DAY}"


#: Largest file read whole, by what it holds (bytes). A records file beyond it is read with
#: ``score --stream`` (JSONL or CSV, one unit at a time) or split.
FILE_LIMITS = {
    "records": 2 * 1024**3,
    "scheme": 16 * 1024**2,
    "units": 64 * 1024**2,
    "calendar": 16 * 1024**2,
    "previous result": 256 * 1024**2,
}


def size_problem(size: int, what: str) -> str | None:
    """Why a file of ``size`` bytes is too large to read as ``what``, or None."""
    limit = FILE_LIMITS.get(what)
    if limit is None or size <= limit:
        return None
    return f"the {what} file has {size:,} bytes; dutyscore reads at most {limit:,} at once"


#: Amounts and numbers in schemes and records: below 10^15 in magnitude, at most 10 decimal
#: places. Within these, every sum and product the engine forms stays exact (``_exact``).
MAX_INTEGER_DIGITS, MAX_PLACES = 15, 10


def number_problem(value: Decimal | int) -> str | None:
    """Why a number is beyond what dutyscore keeps exact, or None."""
    if isinstance(value, int):
        if -(10**MAX_INTEGER_DIGITS) < value < 10**MAX_INTEGER_DIGITS:
            return None
        return f"{_short(value)} is beyond ±10^{MAX_INTEGER_DIGITS}"
    if not value.is_finite():
        return f"{value} is not a finite number"
    if value.is_zero():
        return None
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        return f"{_short(value)} is beyond ±10^{MAX_INTEGER_DIGITS}"
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent < -MAX_PLACES:  # trailing zeros do not count: 2.500000000000 has one place
        reduced = value.normalize(Context(prec=len(value.as_tuple().digits)))
        places = -reduced.as_tuple().exponent  # type: ignore[operator]
        if places > MAX_PLACES:
            return f"{_short(value)} has more than {MAX_PLACES} decimal places"
    return None


def _short(value: Decimal | int) -> str:
    """A number as a message can show it, however long."""
    if isinstance(value, int) and value.bit_length() > 10_000:
        return f"a number of about {int(value.bit_length() * 0.30103)} digits"
    text = str(value)
    return text if len(text) <= 40 else f"{text[:20]}…{text[-10:]}"
