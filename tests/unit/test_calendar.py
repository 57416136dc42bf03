"""Working days on mainland China's official calendar, and local additions."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dutyscore import CalendarError, WorkingCalendar
from dutyscore._calendar import CalendarUse, Span

D = dt.date


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


def test_make_up_weekends_are_working_days(cal: WorkingCalendar) -> None:
    assert cal.is_working_day(D(2018, 2, 24))  # Saturday, Spring Festival make-up
    assert cal.is_working_day(D(2018, 9, 29))  # Saturday before Golden Week
    assert not cal.is_working_day(D(2018, 3, 3))  # an ordinary Saturday
    assert not cal.is_working_day(D(2018, 10, 3))  # Golden Week weekday


def test_counting_is_strictly_after_the_act_through_the_record(cal: WorkingCalendar) -> None:
    assert cal.working_days_after(D(2018, 3, 1), D(2018, 3, 1)) == 0
    assert cal.working_days_after(D(2018, 3, 1), D(2018, 3, 2)) == 1
    assert cal.working_days_after(D(2018, 3, 2), D(2018, 3, 5)) == 1  # over a weekend
    assert cal.working_days_after(D(2018, 9, 28), D(2018, 10, 9)) == 4  # over Golden Week
    assert cal.working_days_after(D(2018, 2, 22), D(2018, 2, 28)) == 5  # with a make-up Saturday


def test_counting_across_a_year_end(cal: WorkingCalendar) -> None:
    # 2018-12-28 (Fri) → 2019-01-04 (Fri): 12-29 (make-up Saturday), 12-31 and 01-01 holidays,
    # 01-02, 01-03, 01-04 → 4
    assert cal.working_days_after(D(2018, 12, 28), D(2019, 1, 4)) == 4


def test_known_years_and_the_years_one_use_needed() -> None:
    cal = WorkingCalendar()
    assert cal.unknown_years([2018, 2026, 2041]) == [2041]
    use, other = CalendarUse(cal), CalendarUse(cal)
    # Fri 2040-12-28 → Fri 2041-01-04: 12-31, then 01-01 (New Year) off, 01-02..01-04 → 4
    assert use.working_days_after(D(2040, 12, 28), D(2041, 1, 4)) == 4
    assert use.years == {2040, 2041} and use.unknown_years() == [2040, 2041]
    assert other.years == set()  # one use's years never reach another's
    # 10 working days after 2018-12-25 (Tue): 12-26..28, 12-29 (make-up Saturday), 12-31 and
    # 01-01 off, then 01-02..04 and 01-07..09 → the 10th is Wed 2019-01-09
    assert other.deadline(D(2018, 12, 25), Span(days=10, working=True)) == D(2019, 1, 9)
    assert other.years == {2018, 2019}


def test_local_calendar_file(tmp_path: Path) -> None:
    path = tmp_path / "local.yaml"
    path.write_text("holidays: [2027-03-02]\nworking_days: [2027-03-06]\nknown_years: [2027]\n", "utf-8")
    cal = WorkingCalendar.from_file(path)
    assert not cal.is_working_day(D(2027, 3, 2))
    assert cal.is_working_day(D(2027, 3, 6))  # a Saturday made a working day
    assert cal.unknown_years([2027]) == []
    # Mon 03-01 → Mon 03-08: 03-03, 03-04, 03-05, 03-06 (local), 03-08 = 5
    assert cal.working_days_after(D(2027, 3, 1), D(2027, 3, 8)) == 5


def test_bad_calendar_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("holiday: [2027-03-02]\n", "utf-8")
    with pytest.raises(CalendarError, match="unknown key"):
        WorkingCalendar.from_file(path)
    path.write_text("holidays: [soon]\n", "utf-8")
    with pytest.raises(CalendarError, match="'soon' is not a date"):
        WorkingCalendar.from_file(path)


def test_one_calendar_shared_by_threads_gives_the_serial_answers() -> None:
    """``holidays`` fills its years lazily: eight threads asking a fresh calendar at once about
    the same years must get what one thread gets, and so must later questions."""
    pairs = [(D(y, m, 1), D(y, m, 1) + dt.timedelta(days=40)) for y in range(2010, 2031) for m in (1, 4, 9)]
    serial = [WorkingCalendar().working_days_after(a, b) for a, b in pairs]
    shared = WorkingCalendar()
    start = threading.Barrier(8)

    def ask(_: int) -> list[int]:
        start.wait()
        return [shared.working_days_after(a, b) for a, b in pairs]

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(ask, range(8)))
    assert answers == [serial] * 8
    assert [shared.working_days_after(a, b) for a, b in pairs] == serial
    assert [shared.is_working_day(a) for a, _ in pairs] == [
        WorkingCalendar().is_working_day(a) for a, _ in pairs
    ]
