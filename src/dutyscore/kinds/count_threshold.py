"""``count_threshold``: a fixed amount when the count of matching records meets a condition."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from pydantic import Field

from .._exact import magnitude, normal, text
from .._problems import Problem
from ..records.model import Record
from ..scheme.parts import CountCondition, Direction, Points, SchemeAmount
from ..scheme.refs import RuleChecks
from ..scoring.context import UnitContext
from ..scoring.ledger import Decision, Entry
from ..scoring.match import count_holds, describe_condition
from .base import (
    RuleBase,
    RuleKind,
    aggregate_entry,
    ids_in_order,
    points_text,
    register_rule_kind,
    resolve_points,
    signed,
)


class CountThreshold(RuleBase):
    """A fixed amount when the count of matching records meets ``count`` (少于2次 扣1分);
    ``points: base`` zeroes the row (凡出现一例，本项不得分)."""

    kind: Literal["count_threshold"]
    direction: Direction
    count: CountCondition
    points: Points
    each_beyond: SchemeAmount | None = Field(
        None, description="每增加一次加1分: this much more for each record beyond the threshold (ge or gt)"
    )

    @property
    def threshold(self) -> int | None:
        """The count at which the rule starts to give: ``ge`` N, or ``gt`` N + 1."""
        if "ge" in self.count:
            return self.count["ge"]
        return self.count["gt"] + 1 if "gt" in self.count else None


def check(rule: CountThreshold, checks: RuleChecks) -> Iterable[Problem]:
    if rule.each_beyond is not None and rule.threshold is None:
        yield checks.problem(("each_beyond",), "'each_beyond' needs a threshold: count 'ge' or 'gt'")


def _of_base(rule: CountThreshold) -> str:
    return "" if isinstance(rule.points, Decimal | Fraction) else f"; {points_text(rule.points)}"


def evaluate(rule: CountThreshold, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """One entry for the unit when the condition holds.

    When the condition does not hold and no record was counted there is nothing
    to explain, so no entry is written; when records were counted, a zero entry
    names them and says why nothing was given.
    """
    n = len(matches)
    holds = count_holds(rule.count, n)
    if not holds and n == 0:
        return []
    cond = describe_condition(rule.count)
    base = resolve_points(rule.points, rule.item, ctx)
    detail = f"{n} record(s) counted; condition count {cond}" + _of_base(rule)
    beyond = n - rule.threshold if rule.each_beyond is not None and rule.threshold is not None else 0
    if holds and beyond > 0 and rule.each_beyond is not None:
        base = normal(Fraction(base) + Fraction(rule.each_beyond) * beyond)
        detail += f"; {beyond} beyond the threshold × {text(normal(rule.each_beyond))}"
    amount = signed(rule, base)
    entry = aggregate_entry(rule, ctx, amount, detail, ids_in_order(matches))
    if not holds:
        why = f"count {n} does not meet {cond}"
        entry.cut(Decimal(0), Decision("not_applied", rule.id, magnitude(amount), why))
    return [entry]


KIND = register_rule_kind(RuleKind("count_threshold", CountThreshold, evaluate, check))
