"""Grades: score bands, a quota by rank, the last-place rule, then vetoes that cap.

For each cohort: a unit's band grade is the first band whose ``min`` its total
reaches. A ``quota`` (好 不超过30%) gives its grade to at most ⌊share × n⌋ units
by rank; when units tied at the boundary would overflow it, none of the tied
units get it (不超过 is a hard limit), and units outside the quota whose band
would give the quota grade or better drop to the next grade. ``last_place``
gives its grade to the lowest-ranked units that also have a matching record
(末位且存在重大问题 → 差). A veto caps the grade whatever the score. None of these
steps can raise a grade a veto has capped.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .._exact import Exact, text
from ..records.model import Record
from ..scheme.model import Grading, LastPlace, Veto
from .match import select


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
    reasons: tuple[str, ...] = ()
    decisive: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    unit: str
    total: Exact
    records: Sequence[Record]


def band_grade(grading: Grading, total: Exact) -> str:
    """The grade of the first band that contains ``total``; in a gap between written bands,
    the lower or higher band's as the scheme's ``gaps`` says."""
    return band_and_gap(grading, total)[0]


def band_and_gap(grading: Grading, total: Exact) -> tuple[str, str | None]:
    """(grade, why) where ``why`` explains a score that fell between two bands."""
    for band in grading.bands:
        if band.contains(total):
            return band.grade, None
    bands = grading.bands
    for better, worse in itertools.pairwise(bands):
        low, high = better.lower(), worse.upper()
        if low is not None and high is not None and high[0] <= total <= low[0]:
            chosen = worse if grading.gaps != "higher" else better
            why = (
                f"score {text(total)} falls between the bands of {better.grade} and {worse.grade}: "
                f"graded {chosen.grade} (gaps: {grading.gaps or 'lower'})"
            )
            return chosen.grade, why
    return grading.grades[-1], None


def _hits(part: Veto | LastPlace, records: Sequence[Record]) -> tuple[str, ...]:
    return tuple(r.id for r in select(part.event_kinds, part.where, records))


def grade_cohort(grading: Grading, members: Sequence[Candidate]) -> dict[str, GradeOutcome]:
    """Grades of the units of one cohort (domain)."""
    order = {g: i for i, g in enumerate(grading.grades)}
    grade_at: dict[str, int] = {}
    cap_at: dict[str, int] = {}
    reasons: dict[str, list[str]] = {m.unit: [] for m in members}
    decisive: dict[str, list[str]] = {m.unit: [] for m in members}
    fired: dict[str, list[FiredVeto]] = {m.unit: [] for m in members}
    banded = {m.unit: band_and_gap(grading, m.total) for m in members}
    by_score = {u: grade for u, (grade, _) in banded.items()}
    for u, (_, why) in banded.items():
        if why is not None:
            reasons[u].append(why)
    for m in members:
        grade_at[m.unit] = order[by_score[m.unit]]
        cap = 0
        for veto in grading.vetoes:
            hits = _hits(veto, m.records)
            if hits:
                fired[m.unit].append(FiredVeto(veto.id, hits, veto.at_most, False))
                cap = max(cap, order[veto.at_most])
        cap_at[m.unit] = cap
    if grading.quota is not None:
        _apply_quota(grading, members, order, grade_at, cap_at, reasons)
    if grading.last_place is not None and members:
        lp = grading.last_place
        lowest = min(m.total for m in members)
        for m in members:
            if m.total != lowest:
                continue
            hits = _hits(lp, m.records)
            if hits and order[lp.grade] > grade_at[m.unit]:
                grade_at[m.unit] = order[lp.grade]
                reasons[m.unit].append(f"last in the cohort with {', '.join(hits)} → {lp.grade}")
                decisive[m.unit].extend(hits)
    out = {}
    for m in members:
        before = grade_at[m.unit]
        final = max(before, cap_at[m.unit])
        vetoes = tuple(
            FiredVeto(f.veto, f.records, f.at_most, order[f.at_most] > before and order[f.at_most] == final)
            for f in fired[m.unit]
        )
        for f in vetoes:
            if f.effective:
                decisive[m.unit].extend(f.records)
        out[m.unit] = GradeOutcome(
            grading.grades[final], by_score[m.unit], vetoes, tuple(reasons[m.unit]), tuple(decisive[m.unit])
        )
    return out


def _apply_quota(
    grading: Grading,
    members: Sequence[Candidate],
    order: dict[str, int],
    grade_at: dict[str, int],
    cap_at: dict[str, int],
    reasons: dict[str, list[str]],
) -> None:
    assert grading.quota is not None
    quota_at = order[grading.quota.grade]
    share = Fraction(grading.quota.share)
    slots = math.floor(share * len(members))
    eligible = sorted((m for m in members if cap_at[m.unit] <= quota_at), key=lambda m: m.total, reverse=True)
    granted: set[str] = set()
    for _, run in itertools.groupby(eligible, key=lambda m: m.total):
        tied = list(run)
        if len(granted) + len(tied) > slots:
            if len(granted) < slots:
                for m in tied:
                    left = slots - len(granted)
                    reasons[m.unit].append(
                        f"tied at {text(m.total)} for the last {left} place(s) of the {grading.quota.grade} "
                        f"quota ({slots} of {len(members)}): none of the tied units gets it"
                    )
            break
        granted.update(m.unit for m in tied)
    for m in members:
        if m.unit in granted:
            grade_at[m.unit] = quota_at
            reasons[m.unit].append(f"within the {grading.quota.grade} quota ({slots} of {len(members)})")
        elif grade_at[m.unit] <= quota_at:
            grade_at[m.unit] = quota_at + 1
            reasons[m.unit].append(
                f"outside the {grading.quota.grade} quota → {grading.grades[quota_at + 1]}"
            )
