"""``per_occurrence``: a fixed amount per matching record (每…扣/加…分), × a quantity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..records.model import Record
from ..scheme.parts import Direction, SchemeAmount
from ..scoring.context import UnitContext
from ..scoring.ledger import Entry
from .base import RuleKind, Traits, register_rule_kind
from .per_record import PerRecordRule, check_exempt, per_record_entries


class PerOccurrence(PerRecordRule):
    """A fixed amount per matching record (每发现一次扣1分), times an optional quantity attribute."""

    kind: Literal["per_occurrence"]
    direction: Direction
    points: SchemeAmount


def evaluate(rule: PerOccurrence, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """``points`` × quantity per record; quantity 1 or an integer attribute."""
    points = rule.points
    return per_record_entries(rule, matches, ctx, lambda rec: points, "per record")


KIND = register_rule_kind(
    RuleKind("per_occurrence", PerOccurrence, evaluate, check_exempt, Traits(monotone=True))
)
