"""``percentage_step``: per full step of percentage points a record's value falls short of a target."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Literal

from pydantic import Field

from .._exact import normal, text
from .._problems import EvaluationError, Problem
from ..records.model import Record
from ..scheme.parts import Direction, Id, Points, SchemeAmount
from ..scheme.refs import RuleChecks
from ..scoring.context import UnitContext
from ..scoring.ledger import Entry
from .base import Read, RuleBase, RuleKind, record_entry, register_rule_kind, resolve_points, signed

_NUMBER = frozenset({"decimal", "integer"})


class PercentageStep(RuleBase):
    """``points`` per full ``step`` percentage points the record's ``value`` falls short of its target.

    The target is fixed (``target``: 未达到100%目标, 每少1个百分点) or carried on the record
    (``target_attribute``: 每低于全省平均水平5个百分点). With ``relative`` the shortfall is
    measured in percent of the target, for amounts that are not percentages (村均收入).
    """

    kind: Literal["percentage_step"]
    direction: Direction
    value: Id = Field(description="the decimal or integer attribute measured against the target")
    target: SchemeAmount | None = None
    target_attribute: Id | None = None
    step: SchemeAmount
    points: Points
    relative: bool = Field(False, description="measure the shortfall in percent of the target")

    def reads(self) -> Iterator[Read]:
        yield from super().reads()
        yield Read(("value",), self.value, _NUMBER, "attribute", "a decimal or integer")
        if self.target_attribute is not None:
            yield Read(
                ("target_attribute",), self.target_attribute, _NUMBER, "attribute", "a decimal or integer"
            )

    def record_problems(self, record: Record) -> Iterator[tuple[str, str]]:
        """A record without its target cannot be measured: refused, not passed over (a missing
        全省平均水平 would otherwise skip the deduction and show the record as matched)."""
        if self.target_attribute is None:
            return
        target = record.attributes.get(self.target_attribute)
        where = f"attributes.{self.target_attribute}"
        if target is None:
            yield where, f"rule {self.id} measures {self.value} against {self.target_attribute}: give it"
        elif self.relative and target == 0:
            yield (
                where,
                f"rule {self.id} measures the shortfall in percent of {self.target_attribute}: not 0",
            )


def check(rule: PercentageStep, checks: RuleChecks) -> Iterable[Problem]:
    if (rule.target is None) == (rule.target_attribute is None):
        yield checks.problem((), "give 'target' or 'target_attribute' (exactly one)")
    if rule.step == 0:
        yield checks.problem(("step",), "a step must be more than 0")


def evaluate(rule: PercentageStep, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """One entry per record: the full steps of shortfall × ``points`` (zero when on target)."""
    out = []
    for rec in matches:
        value = Fraction(rec.attributes[rule.value])
        target_raw = rec.attributes.get(rule.target_attribute) if rule.target_attribute else rule.target
        if target_raw is None:  # validation refuses such a record; one built by hand is refused here
            raise EvaluationError(
                f"record {rec.id}: rule {rule.id} measures {rule.value} against "
                f"{rule.target_attribute}, which the record lacks (validate it with validate_records)"
            )
        target = Fraction(target_raw)
        shortfall = target - value
        if rule.relative:  # percentage points of the target itself: 低于平均水平5个百分点
            shortfall = shortfall / target * 100 if target else Fraction(0)
        steps = math.floor(shortfall / Fraction(rule.step)) if shortfall > 0 else 0
        item = ctx.book_item(rule, rec)
        amount = signed(rule, Fraction(resolve_points(rule.points, item, ctx)) * steps)
        short = text(normal(max(shortfall, Fraction(0))))
        detail = (
            f"{rule.value} {text(normal(value))} against {text(normal(target))}: "
            f"{short} points short → {steps} full step(s) of {text(normal(rule.step))}"
        )
        out.append(record_entry(rule, ctx, rec, item, amount, detail))
    return out


KIND = register_rule_kind(RuleKind("percentage_step", PercentageStep, evaluate, check))
