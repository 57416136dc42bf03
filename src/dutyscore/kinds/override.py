"""``override``: a fact that sets the unit's total (纪实内容掺假 → 年度考核为0分)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from ..records.model import Record, order_of
from ..scheme.parts import Amount, SchemeAmount
from ..scoring.context import UnitContext
from ..scoring.ledger import Entry
from .base import RuleBase, RuleKind, Traits, register_rule_kind


class Override(RuleBase):
    """When a record matches, the unit's total becomes ``total``, whatever it was."""

    kind: Literal["override"]
    total: SchemeAmount

    def total_set(self) -> Amount | None:
        return self.total


def evaluate(rule: Override, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """An entry that marks the override as fired.

    Its amount is filled in at composition, when the total before the override
    is known; the first override in rule order sets the total.
    """
    if not matches:
        return []
    ordered = sorted(matches, key=order_of)
    return [
        Entry(
            ctx.unit,
            None,
            rule.id,
            "override",
            tuple(r.id for r in ordered),
            Decimal(0),
            Decimal(0),
            f"total set to {rule.total}",
            order=order_of(ordered[0]),
        )
    ]


KIND = register_rule_kind(
    RuleKind(
        "override",
        Override,
        evaluate,
        traits=Traits(books_to_item=False, cappable=False, entry_kinds=frozenset({"override"})),
    )
)
