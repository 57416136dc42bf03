"""``per_occurrence``: a fixed amount per matching record (每…扣/加…分), × a quantity."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from ..records.model import Record
from ..scheme.parts import Direction, Points
from ..scoring.context import UnitContext
from ..scoring.ledger import Entry
from .base import RuleKind, Traits, points_text, register_rule_kind, resolve_points
from .per_record import PerRecordRule, check_exempt, per_record_entries


class PerOccurrence(PerRecordRule):
    """A fixed amount per matching record (每发现一次扣1分), times an optional quantity attribute;
    ``points: base`` or ``{of_base: "1/2"}`` take the booked item's base (or a share of it)."""

    kind: Literal["per_occurrence"]
    direction: Direction
    points: Points


def evaluate(rule: PerOccurrence, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """``points`` × quantity per record; quantity 1 or an integer attribute."""
    points = rule.points
    if isinstance(points, Decimal | Fraction):
        return per_record_entries(rule, matches, ctx, lambda rec: points, "per record")
    return per_record_entries(
        rule,
        matches,
        ctx,
        lambda rec: resolve_points(points, ctx.book_item(rule, rec), ctx),
        f"per record ({points_text(points)})",
    )


KIND = register_rule_kind(
    RuleKind("per_occurrence", PerOccurrence, evaluate, check_exempt, Traits(monotone=True))
)
