"""Grades from score bands, then vetoes that cap them (不得评为…).

A grade is the first band whose ``min`` the total reaches (a band without
``min`` takes everything left). A veto fires when any of the unit's in-period
records matches it; the grade becomes the worse of the band grade and the
veto's ``at_most``. Adding a veto record can therefore never raise a grade.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ._exact import Exact
from ._match import compile_where
from ._records import Record
from ._scheme_model import Grading


@dataclass(frozen=True, slots=True)
class FiredVeto:
    """A veto whose records were found; ``effective`` when it lowered the grade."""

    veto: str
    records: tuple[str, ...]
    at_most: str
    effective: bool


@dataclass(frozen=True, slots=True)
class GradeOutcome:
    grade: str
    by_score: str
    vetoes: tuple[FiredVeto, ...]


def band_grade(grading: Grading, total: Exact) -> str:
    for band in grading.bands:
        if band.min is None or total >= band.min:
            return band.grade
    return grading.grades[-1]


def grade(grading: Grading, total: Exact, records: Sequence[Record]) -> GradeOutcome:
    """The unit's grade and the vetoes that shaped it."""
    rank = {g: i for i, g in enumerate(grading.grades)}
    by_score = band_grade(grading, total)
    worst = rank[by_score]
    fired = []
    for veto in grading.vetoes:
        pred = compile_where(veto.where)
        kinds = set(veto.event_kinds)
        hits = tuple(r.id for r in records if r.kind in kinds and pred(r))
        if hits:
            fired.append(FiredVeto(veto.id, hits, veto.at_most, rank[veto.at_most] > rank[by_score]))
            worst = max(worst, rank[veto.at_most])
    return GradeOutcome(grading.grades[worst], by_score, tuple(fired))
