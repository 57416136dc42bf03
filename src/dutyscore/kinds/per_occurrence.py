"""``per_occurrence``: a fixed amount per matching record (每…扣/加…分), × a quantity."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Literal

from ..records.model import Record
from ..scheme.parts import Direction, Points
from ..scoring.context import UnitContext
from ..scoring.ledger import Entry
from .base import PerRecordSpec, RuleKind, Traits, points_text, register_rule_kind
from .per_record import PerRecordRule, check_exempt, per_record_entries, spec_for


class PerOccurrence(PerRecordRule):
    """A fixed amount per matching record (每发现一次扣1分), times an optional quantity attribute;
    ``points: base`` or ``{of_base: "1/2"}`` take the booked item's base (or a share of it)."""

    kind: Literal["per_occurrence"]
    direction: Direction
    points: Points

    @cached_property
    def spec(self) -> PerRecordSpec:
        """One fixed amount (or the booked item's base, or a share of it) for every record."""
        points = self.points
        what = (
            "per record" if isinstance(points, Decimal | Fraction) else f"per record ({points_text(points)})"
        )
        return spec_for(self, (), {(): points}, what)


def evaluate(rule: PerOccurrence, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """``points`` × quantity per record; quantity 1 or an integer attribute."""
    return per_record_entries(rule, rule.spec, matches, ctx)


KIND = register_rule_kind(
    RuleKind(
        "per_occurrence",
        PerOccurrence,
        evaluate,
        check_exempt,
        Traits(monotone=True),
        per_record=lambda rule: rule.spec,
    )
)
