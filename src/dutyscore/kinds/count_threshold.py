"""``count_threshold``: a fixed amount when the count of matching records meets a condition."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from .._exact import magnitude
from ..records.model import Record
from ..scheme.parts import CountCondition, Direction, SchemeAmount
from ..scoring.context import UnitContext
from ..scoring.ledger import Decision, Entry
from ..scoring.match import count_holds, describe_condition
from .base import RuleBase, RuleKind, aggregate_entry, ids_in_order, register_rule_kind, signed


class CountThreshold(RuleBase):
    """A fixed amount when the count of matching records meets ``count`` (少于2次 扣1分)."""

    kind: Literal["count_threshold"]
    direction: Direction
    count: CountCondition
    points: SchemeAmount


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
    amount = signed(rule, rule.points)
    entry = aggregate_entry(
        rule, ctx, amount, f"{n} record(s) counted; condition count {cond}", ids_in_order(matches)
    )
    if not holds:
        why = f"count {n} does not meet {cond}"
        entry.cut(Decimal(0), Decision("not_applied", rule.id, magnitude(amount), why))
    return [entry]


KIND = register_rule_kind(RuleKind("count_threshold", CountThreshold, evaluate))
