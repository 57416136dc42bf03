"""What the kinds that give an amount per matching record share: quantity and exemptions.

``per_occurrence`` and ``table`` both book one entry per record: an amount (fixed,
or looked up) times a quantity attribute, or zero with the exemption's reason
when the record is exempt (单位主动上报的不扣分).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction

from pydantic import Field

from .._exact import ZERO, magnitude, normal, text
from .._problems import Problem
from ..records.model import Record
from ..scheme.parts import Amount, Frozen, Id, Text, Where
from ..scheme.refs import RuleChecks
from ..scoring.context import UnitContext
from ..scoring.ledger import Decision, Entry
from ..scoring.match import compile_where
from .base import Read, RuleBase, record_entry, signed


class Exempt(Frozen):
    """Records a rule matches but must not score, and why (e.g. 单位主动上报)."""

    where: Where
    reason: Text


class PerRecordRule(RuleBase):
    """Fields of the kinds that book one entry per record."""

    quantity: Id | None = Field(None, description="an integer attribute the amount is multiplied by")
    exempt: Exempt | None = None

    def reads(self) -> Iterator[Read]:
        yield from super().reads()
        if self.quantity is not None:
            yield Read(
                ("quantity",), self.quantity, frozenset({"integer"}), "quantity attribute", "an integer"
            )


def check_exempt(rule: PerRecordRule, checks: RuleChecks) -> Iterable[Problem]:
    """The attributes an exemption looks at exist on the rule's event kinds."""
    if rule.exempt is not None:
        for attr in rule.exempt.where:
            yield from checks.require_attribute(rule.event_kinds, attr, ("exempt", "where", attr))


def per_record_entries(
    rule: PerRecordRule,
    matches: Sequence[Record],
    ctx: UnitContext,
    points: Callable[[Record], Amount | None],
    what: str,
) -> list[Entry]:
    """One entry per record: ``points(record)`` × quantity, or zero with the exemption's reason."""
    exempt = compile_where(rule.exempt.where) if rule.exempt is not None else None
    out = []
    for rec in matches:
        base = points(rec)
        if base is None:
            ctx.warn("no_table_amount", rule, f"record {rec.id} has no amount in the table", rec.id)
            continue
        qty = int(rec.attributes.get(rule.quantity, 1)) if rule.quantity else 1
        amount = signed(rule, base * qty if isinstance(base, Decimal) else Fraction(base) * qty)
        detail = f"{qty} × {text(normal(base))}" if rule.quantity else f"{text(normal(base))} {what}"
        entry = record_entry(rule, ctx, rec, ctx.book_item(rule, rec), amount, detail)
        if exempt is not None and exempt(rec):
            assert rule.exempt is not None
            entry.cut(ZERO, Decision("exempt", rule.id, magnitude(amount), rule.exempt.reason))
        out.append(entry)
    return out
