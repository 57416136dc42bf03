"""Ranking within cohorts, bottom-of-ranking flags and streaks across years.

第十二条: in each cohort the bottom 3 of the year get close supervision; the
bottom 3 two years running (or more) get a summons. Ranks are competition
ranks (equal totals share a rank), and a tie at the boundary flags every unit
in it: a unit is in the bottom N when fewer than N units of its cohort score
strictly lower.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._exact import Exact
from .._problems import DutyscoreError
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
        values = [totals[u] for u in members]
        for unit in members:
            s = Standing(cohort_size=len(members))
            out[unit] = s
            if key is None:
                continue
            mine = totals[unit]
            s.rank = 1 + sum(v > mine for v in values)
            lower = sum(v < mine for v in values)
            if ranking.bottom is not None and lower < ranking.bottom:
                s.flags.append(ranking.bottom_flag)
                s.bottom_streak = prev.get(unit, 0) + 1
                if ranking.streak_years is not None and s.bottom_streak >= ranking.streak_years:
                    s.flags.append(ranking.streak_flag)
    return out


def load_previous_streaks(path: str | Path) -> dict[str, int]:
    """Bottom streaks from last year's JSON result (``dutyscore score --format json``)."""
    try:
        data: Any = json.loads(Path(path).read_text("utf-8"))
        units: Sequence[Any] = data["units"]
        out = {}
        for u in units:
            streak = u.get("bottom_streak")
            if streak is None:
                streak = 1 if "close_supervision" in u.get("flags", ()) else 0
            out[str(u["unit"])] = int(streak)
        return out
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DutyscoreError(f"{path}: not a dutyscore JSON result: {exc}") from None
