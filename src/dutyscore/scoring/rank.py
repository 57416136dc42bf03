"""Ranking within cohorts, bottom-of-ranking flags and streaks across years.

第十二条: in each cohort the bottom 3 of the year get close supervision; the
bottom 3 two years running (or more) get a summons. Ranks are competition
ranks (equal totals share a rank), and a tie at the boundary flags every unit
in it: a unit is in the bottom N when fewer than N units of its cohort score
strictly lower.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .._exact import Exact
from .._jsonsrc import DuplicateKey, loads
from .._problems import PreviousInvalid, Problem
from .._text import read_text
from ..scheme.model import Ranking


@dataclass(slots=True)
class Standing:
    """A unit's place: rank within its cohort, flags, and bottom streak in years."""

    rank: int | None = None
    cohort_size: int = 0
    flags: list[str] = field(default_factory=list)
    bottom_streak: int = 0


def rank(
    totals: Mapping[str, Exact],
    cohorts: Mapping[str, str | None],
    ranking: Ranking,
    previous_streaks: Mapping[str, int] | None = None,
) -> dict[str, Standing]:
    """Standings of all units; ``previous_streaks`` comes from last year's result."""
    groups: dict[str | None, list[str]] = defaultdict(list)
    for unit in totals:
        key = cohorts.get(unit) if ranking.within == "cohort" else "all"
        groups[key].append(unit)
    out: dict[str, Standing] = {}
    prev = previous_streaks or {}
    for key, members in groups.items():
        size = len(members)
        if key is None:
            out.update((unit, Standing(cohort_size=size)) for unit in members)
            continue
        ordered = sorted(totals[u] for u in members)  # ranks by bisection: 100 k units stay fast
        for unit in members:
            s = Standing(cohort_size=size)
            out[unit] = s
            mine = totals[unit]
            s.rank = 1 + size - bisect.bisect_right(ordered, mine)
            lower = bisect.bisect_left(ordered, mine)
            if ranking.bottom is not None and lower < ranking.bottom:
                s.flags.append(ranking.bottom_flag)
                s.bottom_streak = prev.get(unit, 0) + 1
                if ranking.streak_years is not None and s.bottom_streak >= ranking.streak_years:
                    s.flags.append(ranking.streak_flag)
    return out


class _PreviousUnit(BaseModel):
    """A unit of last year's result: what the streaks need of it (the rest is not read)."""

    model_config = ConfigDict(strict=True, extra="ignore")
    unit: str = Field(min_length=1)
    flags: list[str] = []
    bottom_streak: int | None = Field(None, ge=0, le=100)


class _Previous(BaseModel):
    """Last year's JSON result, as far as the streaks read it (``dutyscore schema --result``)."""

    model_config = ConfigDict(strict=True, extra="ignore")
    scheme: str
    period: str
    units: list[_PreviousUnit]


def load_previous_streaks(
    path: str | Path, *, scheme: str | None = None, period: int | None = None
) -> dict[str, int]:
    """Bottom streaks from last year's JSON result (``dutyscore score --format json``).

    The file is checked, not trusted: flags must be a list of text, a streak a whole number
    from 0, each unit listed once; with ``scheme`` it must be that scheme's result, with
    ``period`` the result of the year before. Raises :class:`PreviousInvalid` listing every
    problem with its path (``units[2].bottom_streak``)."""
    name = str(path)
    text, problem = read_text(path, "utf-8", "previous result")
    if text is None:
        raise PreviousInvalid([problem] if problem is not None else [])
    try:
        data: Any = loads(text)
    except (ValueError, DuplicateKey) as exc:
        raise PreviousInvalid([Problem(f"not a JSON result: {exc}", file=name)]) from None
    try:
        previous = _Previous.model_validate(data)
    except ValidationError as exc:
        raise PreviousInvalid(
            [Problem(e["msg"], tuple(e["loc"]), name) for e in exc.errors(include_url=False)]
        ) from None
    problems = []
    if scheme is not None and previous.scheme != scheme:
        problems.append(
            Problem(f"a result of scheme {previous.scheme!r}, not of {scheme!r}", ("scheme",), name)
        )
    if period is not None and previous.period != str(period - 1):
        problems.append(Problem(f"the result of {previous.period}, not of {period - 1}", ("period",), name))
    out: dict[str, int] = {}
    for i, u in enumerate(previous.units):
        if u.unit in out:
            problems.append(Problem(f"unit {u.unit!r} is listed twice", ("units", i, "unit"), name))
        streak = u.bottom_streak
        out[u.unit] = streak if streak is not None else int("close_supervision" in u.flags)
    if problems:
        raise PreviousInvalid(problems)
    return out
