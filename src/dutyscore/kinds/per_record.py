"""What the kinds that give an amount per matching record share: quantity and exemptions.

``per_occurrence`` and ``table`` both book one entry per record: an amount (fixed,
or looked up) times a quantity attribute, or zero with the exemption's reason
when the record is exempt (单位主动上报的不扣分).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from pydantic import Field

from .._problems import Problem
from ..records.model import Record
from ..scheme.parts import Frozen, Id, Points, Text, Where
from ..scheme.refs import RuleChecks
from ..scoring.context import UnitContext
from ..scoring.ledger import Entry
from ..scoring.match import compile_where
from .base import PerRecordSpec, Read, RuleBase


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


def spec_for(
    rule: PerRecordRule, keys: tuple[str, ...], amounts: dict[tuple[str, ...], Points], what: str
) -> PerRecordSpec:
    """The rule's amounts as the table both the kind's evaluation and the compiled plan read."""
    exempt = rule.exempt
    return PerRecordSpec(
        keys,
        amounts,
        rule.quantity,
        what,
        compile_where(exempt.where) if exempt is not None else None,
        exempt.reason if exempt is not None else "",
    )


def per_record_entries(
    rule: RuleBase, spec: PerRecordSpec, matches: Sequence[Record], ctx: UnitContext
) -> list[Entry]:
    """One entry per record (:meth:`PerRecordSpec.entry`); a record without an amount is warned of."""
    out = []
    for rec in matches:
        entry = spec.entry(rule, ctx.unit, rec, ctx.item_base)
        if entry is None:
            ctx.warn("no_table_amount", rule, f"record {rec.id} has no amount in the table", rec.id)
        else:
            out.append(entry)
    return out
