"""``cohort_step``: per full step of percentage points below (or above) the cohort's mean count."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from typing import Literal

from .._problems import Problem
from ..records.model import Record
from ..scheme.parts import Direction, Points, SchemeAmount
from ..scheme.refs import RuleChecks
from ..scoring.context import UnitContext
from ..scoring.ledger import Entry
from .base import (
    RuleBase,
    RuleKind,
    Traits,
    aggregate_entry,
    ids_in_order,
    register_rule_kind,
    resolve_points,
    signed,
)


class CohortStep(RuleBase):
    """``points`` per full ``step`` percentage points the unit's count lies below (deduction)
    or above (bonus) the mean count of its cohort (低于同类平均数每10% 扣1分)."""

    kind: Literal["cohort_step"]
    direction: Direction
    step: SchemeAmount
    points: Points


def _decimal(value: Fraction) -> Decimal:
    """A fraction as a Decimal for display (28 significant digits)."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def check(rule: CohortStep, checks: RuleChecks) -> Iterable[Problem]:
    if not checks.refs.cohorts:
        yield checks.problem((), "a cohort_step rule needs the scheme's 'cohorts'")
    if rule.step == 0:
        yield checks.problem(("step",), "a step must be more than 0")


def evaluate(rule: CohortStep, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """The deviation is (count − mean) / mean × 100, the unit's count against its cohort's mean."""
    mean = ctx.cohort_mean(rule.id)
    if mean is None:
        ctx.warn("no_cohort", rule, "no cohort for this unit; cohort rule not applied")
        return []
    n = len(matches)
    deviation = Fraction(0) if mean == 0 else (Fraction(n) - mean) / mean * 100
    toward = -deviation if rule.direction == "deduction" else deviation
    steps = math.floor(toward / Fraction(rule.step)) if toward > 0 else 0
    dev_text = _decimal(deviation).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    amount = signed(rule, Fraction(resolve_points(rule.points, rule.item, ctx)) * steps)
    detail = (
        f"{n} record(s) against cohort mean {_decimal(mean).quantize(Decimal('0.01'), rounding=ROUND_DOWN)}: "
        f"{dev_text:+} % → {steps} full step(s) of {rule.step}"
    )
    return [aggregate_entry(rule, ctx, amount, detail, ids_in_order(matches))]


KIND = register_rule_kind(RuleKind("cohort_step", CohortStep, evaluate, check, Traits(cohort=True)))
