"""Interim (quarterly) ranking from the months so far (全程记实制度 第十五条).

Only the rules that book to the scheme's ``ranking.interim.items`` are
evaluated, over the records acted on from 1 January through the end of the
quarter. A unit's interim score is the weighted mean of those items,
Σ weight × score / Σ weight, so it stays on the items' own 100-point scale.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .._calendar import WorkingCalendar
from .._exact import Exact, normal, total
from .._problems import DutyscoreError
from ..records.model import Record
from ..records.units import Unit
from ..scheme.model import Ranking, Scheme
from .compose import item_weights
from .evaluate import evaluate
from .rank import rank

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, slots=True)
class InterimRow:
    unit: Unit
    score: Exact
    rank: int | None
    cohort_size: int
    months: int


def parse_quarter(text: str) -> tuple[int, dt.date]:
    """``2017-Q3`` → (2017, 2017-09-30)."""
    m = _QUARTER.match(text.strip())
    if not m:
        raise DutyscoreError(f"period {text!r} is not a quarter like 2017-Q3")
    year, quarter = int(m.group(1)), int(m.group(2))
    end_month = quarter * 3
    first_of_next = dt.date(year + (end_month == 12), end_month % 12 + 1, 1)
    return year, first_of_next - dt.timedelta(days=1)


def interim_ranking(
    scheme: Scheme,
    records: Sequence[Record],
    quarter: str,
    units: Sequence[Unit] | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[InterimRow]:
    """Units ranked within their cohorts by the interim score through ``quarter``."""
    if scheme.ranking.interim is None:
        raise DutyscoreError(f"scheme {scheme.id} declares no interim ranking (ranking.interim)")
    year, end = parse_quarter(quarter)
    items = set(scheme.ranking.interim.items)
    partial = scheme.model_copy(
        update={"rules": tuple(r for r in scheme.rules if r.item in items), "grading": None}
    )
    so_far = [r for r in records if r.act_date.year == year and r.act_date <= end]
    if units is None:
        units = [Unit(u, u) for u in sorted({r.unit for r in records})]
    ev = evaluate(partial, so_far, units=units, period=year, calendar=calendar)
    weights = item_weights(scheme)
    weight_sum = total(weights[i] for i in scheme.ranking.interim.items)
    scores: dict[str, Exact] = {}
    months: dict[str, int] = {}
    for uid, outcome in ev.outcomes.items():
        contributions = [e.contribution for e in outcome.entries if e.item in items]
        scores[uid] = normal(Fraction(total(contributions)) / Fraction(weight_sum))
        used = {rid for e in outcome.entries if e.item in items and e.applied != 0 for rid in e.records}
        months[uid] = len({ev.records[rid].act_date.month for rid in used})
    standings = rank(scores, {u.id: u.category for u in units}, Ranking(within=scheme.ranking.within))
    return sorted(
        (
            InterimRow(u, scores[u.id], standings[u.id].rank, standings[u.id].cohort_size, months[u.id])
            for u in units
        ),
        key=lambda row: (row.unit.category or "", row.rank or 0, row.unit.id),
    )
