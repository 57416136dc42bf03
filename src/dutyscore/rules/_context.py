"""The registry of rule kinds and what a kind function may ask of the engine."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .._calendar import WorkingCalendar
from .._exact import Exact, normal
from .._ledger import Entry
from .._records import Record
from .._scheme_model import Amount, Rule, Scheme


@dataclass(slots=True)
class RuleContext:
    """What one unit's evaluation knows besides the rule's own matches."""

    unit: str
    scheme: Scheme
    calendar: WorkingCalendar
    item_base: Mapping[str, Exact]
    records_by_kind: Mapping[str, Sequence[Record]]
    cohort_mean: Callable[[str], Fraction | None]
    warnings: list[str] = field(default_factory=list)

    def book_item(self, rule: Rule, record: Record | None) -> str | None:
        """The item a contribution is booked to: fixed, or named by the record."""
        if rule.item_from is not None and record is not None:
            value = record.attributes.get(rule.item_from)
            return str(value) if value is not None else None
        return rule.item


RuleFn = Callable[[Rule, Sequence[Record], RuleContext], list[Entry]]

#: kind name → function. Populated by :func:`register`.
RULE_KINDS: dict[str, RuleFn] = {}


def register(name: str) -> Callable[[RuleFn], RuleFn]:
    """Register a rule kind function under ``name``."""

    def wrap(fn: RuleFn) -> RuleFn:
        RULE_KINDS[name] = fn
        return fn

    return wrap


def signed(rule: Rule, magnitude: Amount) -> Exact:
    """The ledger amount: negative for a deduction, positive for a bonus."""
    value = normal(magnitude)
    return -value if rule.direction == "deduction" else value


def record_entry(
    rule: Rule,
    ctx: RuleContext,
    record: Record,
    item: str | None,
    amount: Exact,
    detail: str,
    counted: tuple[str, ...] = (),
) -> Entry:
    """The ledger entry of one record's contribution under ``rule`` (raw = applied, for now)."""
    return Entry(
        ctx.unit,
        item,
        rule.id,
        rule.direction,
        (record.id,),
        amount,
        amount,
        detail,
        counted=counted,
        order=order_of(record),
    )


def aggregate_entry(
    rule: Rule, ctx: RuleContext, amount: Exact, detail: str, counted: tuple[str, ...]
) -> Entry:
    """The ledger entry of a rule that looks at a count, not at one record."""
    return Entry(ctx.unit, rule.item, rule.id, rule.direction, (), amount, amount, detail, counted=counted)


def order_of(record: Record) -> tuple[object, ...]:
    """The stable order in which contributions fill a cap: act date, then id."""
    return (record.act_date, record.id)
