"""``discretionary``: an amount the assessor enters (酌情扣分), within ``max``, once a trigger holds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .._exact import magnitude, normal, text
from .._problems import Problem
from ..records.model import Record, order_of
from ..scheme.parts import Amount, CountCondition, Direction, Id, Range, SchemeAmount, Selecting, Selector
from ..scheme.refs import RuleChecks
from ..scoring.context import UnitContext
from ..scoring.ledger import Decision, Entry
from ..scoring.match import compile_where, count_holds, describe_condition
from .base import (
    Read,
    RuleBase,
    RuleKind,
    Traits,
    aggregate_entry,
    ids_in_order,
    record_entry,
    register_rule_kind,
    signed,
)


class CountTrigger(Selector):
    """The records whose count must meet ``count`` before an entered amount applies."""

    count: CountCondition


class Discretionary(RuleBase):
    """An amount the assessor enters on a record (酌情扣分), at most ``max`` in all, once a trigger holds."""

    kind: Literal["discretionary"]
    direction: Direction
    amount_attribute: Id = Field(description="the decimal or integer attribute the assessor enters")
    trigger: CountTrigger | None = None
    max: SchemeAmount | None = Field(None, description="the most all entered amounts give or take per unit")
    per_case: Range | None = Field(
        None, description="每例扣1-2分: the range one entered amount must lie in (else the record is refused)"
    )

    def attribute_ranges(self) -> dict[str, Range]:
        return {self.amount_attribute: self.per_case} if self.per_case is not None else {}

    def record_problems(self, record: Record) -> Iterator[tuple[str, str]]:
        value = record.attributes.get(self.amount_attribute)
        if self.per_case is not None and value is not None and not self.per_case.holds(value):
            yield (
                f"attributes.{self.amount_attribute}",
                f"{value} is outside the range of rule {self.id!r}: {self.per_case} per case",
            )

    def limit(self) -> tuple[str, Amount] | None:
        return ("max", self.max) if self.max is not None else None

    def counted_selectors(self) -> tuple[Selecting, ...]:
        return (self.trigger,) if self.trigger is not None else ()

    def reads(self) -> Iterator[Read]:
        yield from super().reads()
        yield Read(
            ("amount_attribute",),
            self.amount_attribute,
            frozenset({"decimal", "integer"}),
            "amount attribute",
            "a decimal or integer",
        )


def check(rule: Discretionary, checks: RuleChecks) -> Iterable[Problem]:
    """A cap on a discretionary rule is its ``max``; the trigger names known kinds and attributes."""
    if rule.cap is not None:
        yield checks.problem(("cap",), "a discretionary rule is capped by 'max', not 'cap'")
    case = rule.per_case
    if case is not None and case.min is not None and case.max is not None and case.min > case.max:
        yield checks.problem(("per_case",), f"'min' {case.min} is above 'max' {case.max}")
    if case is not None and case.min is not None and rule.max is not None and case.min > rule.max:
        yield checks.problem(
            ("per_case", "min"), f"one case ({case.min}) exceeds the rule's 'max' {rule.max}"
        )
    if rule.trigger is not None:
        yield from checks.selector(rule.trigger, ("trigger",))


def evaluate(rule: Discretionary, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """The entered amounts, or zero entries with a warning when the trigger does not hold.

    ``matches`` are the assessor's amount records; the trigger, when the rule has
    one, counts the unit's records of the trigger's kinds. Without a trigger the
    entered amounts always apply.
    """
    trig = rule.trigger
    counted: tuple[str, ...] = ()
    fired, cond, n = True, "", 0
    if trig is not None:
        pred = compile_where(trig.where)
        triggers = [r for k in trig.event_kinds for r in ctx.records_by_kind.get(k, ()) if pred(r)]
        n = len(triggers)
        cond = describe_condition(trig.count)
        fired = count_holds(trig.count, n)
        counted = ids_in_order(triggers)
    limit = f"; at most {text(normal(rule.max))}" if rule.max is not None else ""
    limit += f"; {rule.per_case} per case" if rule.per_case is not None else ""
    out = []
    for rec in sorted(matches, key=order_of):
        entered = rec.attributes[rule.amount_attribute]
        amount = signed(rule, entered)
        detail = f"assessor entered {entered}" + (f"; trigger count {n} ({cond})" if trig else "") + limit
        entry = record_entry(rule, ctx, rec, rule.item, amount, detail, counted)
        if not fired:
            why = f"trigger count {n} does not meet {cond}"
            entry.cut(Decimal(0), Decision("not_applied", rule.id, magnitude(amount), why))
            ctx.warn(
                "trigger_not_met",
                rule,
                f"amount record {rec.id} entered but the trigger count {n} does not meet {cond}",
                rec.id,
            )
        out.append(entry)
    if trig is not None and fired and not matches:
        ctx.warn(
            "no_amount_entered",
            rule,
            f"trigger holds ({n} {cond}) but the assessor entered no amount; nothing deducted",
        )
        detail = f"trigger count {n} ({cond}); no amount entered"
        out.append(aggregate_entry(rule, ctx, Decimal(0), detail, counted))
    return out


KIND = register_rule_kind(RuleKind("discretionary", Discretionary, evaluate, check, Traits(monotone=True)))
