"""``lateness``: a fraction of the booked item's base by how long after the act it was recorded.

With ``obligation`` the delay is counted by that ``within`` obligation, the same
counting the compliance report uses (the calendar does it for both); otherwise
by ``days``, working or calendar.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from .._exact import Exact
from .._problems import Problem
from ..records.model import Record
from ..scheme.obligations import Within
from ..scheme.parts import EVENT_OR_EVENTS, CountCondition, Direction, Frozen, Id, SchemeAmount
from ..scheme.refs import RuleChecks
from ..scoring.context import UnitContext
from ..scoring.ledger import Entry
from ..scoring.match import count_holds, describe_condition
from .base import RuleBase, RuleKind, Traits, record_entry, register_rule_kind, signed


class Tier(Frozen):
    """A delay band and the fraction of the item's base it costs (超过3个工作日 扣该项分值的一半)."""

    when: CountCondition
    fraction_of_base: SchemeAmount


class Lateness(RuleBase):
    """A fraction of the item's base per record, by the delay between act and record."""

    model_config = ConfigDict(
        json_schema_extra={
            **EVENT_OR_EVENTS,
            "allOf": [{"oneOf": [{"required": ["days"]}, {"required": ["obligation"]}]}],
        }
    )

    kind: Literal["lateness"]
    direction: Direction
    tiers: Annotated[tuple[Tier, ...], Field(min_length=1)]
    days: Literal["working", "calendar"] | None = Field(None, description="count working or calendar days")
    obligation: Id | None = Field(
        None, description="a 'within' obligation (in days, fulfilled by the record) to count by"
    )


def check(rule: Lateness, checks: RuleChecks) -> Iterable[Problem]:
    """The obligation it counts by is a ``within`` in days, fulfilled by the record, on the same kinds."""
    if rule.obligation is None:
        return
    ob = checks.refs.obligations.get(rule.obligation)
    if rule.obligation not in checks.refs.obligation_ids:
        yield checks.problem(("obligation",), f"unknown obligation {rule.obligation!r}")
    elif ob is None:
        return  # the obligation itself is malformed; reported there
    elif not isinstance(ob, Within) or ob.fulfilled_by != "self" or ob.days is None:
        yield checks.problem(
            ("obligation",),
            "a lateness rule reads a 'within' obligation in days, fulfilled by the record itself",
        )
    elif set(rule.event_kinds) != set(ob.trigger.event_kinds):
        yield checks.problem(("obligation",), "the rule and its obligation look at different event kinds")


def evaluate(rule: Lateness, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """Per record, the first tier whose condition the delay meets; no entry when none does."""
    ob = ctx.scheme.obligation(rule.obligation) if rule.obligation else None
    assert ob is None or isinstance(ob, Within)
    working = ob.working if ob is not None else rule.days == "working"
    unit_word = "working days" if working else "days"
    promise = f"; obligation {ob.id}: within {ob.days} {unit_word}" if ob is not None else ""
    out = []
    amounts: dict[tuple[int, str | None], tuple[Exact, Exact]] = {}
    tier_of: dict[int, int | None] = {}
    for rec in matches:
        days = ctx.calendar.days_after(rec.act_date, rec.record_date, working=working)
        if days not in tier_of:
            tier_of[days] = next((i for i, t in enumerate(rule.tiers) if count_holds(t.when, days)), None)
        index = tier_of[days]
        if index is None:
            continue
        tier = rule.tiers[index]
        item = ctx.book_item(rule, rec)
        key = (index, item)
        if key not in amounts:
            base = ctx.item_base.get(item or "", Decimal(0))
            amounts[key] = (base, signed(rule, Fraction(tier.fraction_of_base) * Fraction(base)))
        base, amount = amounts[key]
        detail = (
            f"recorded {days} {unit_word} after the act ({describe_condition(tier.when)}{promise}): "
            f"{tier.fraction_of_base} of base {base}"
        )
        out.append(record_entry(rule, ctx, rec, item, amount, detail))
    return out


KIND = register_rule_kind(RuleKind("lateness", Lateness, evaluate, check, Traits(monotone=True)))
