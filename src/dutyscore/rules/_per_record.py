"""Kinds that give an amount per matching record: occurrences, lateness, overrides."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction

from .._exact import ZERO, Exact, magnitude, normal, text
from .._ledger import Decision, Entry
from .._match import Predicate, compile_where, count_holds, describe_condition
from .._obligations import elapsed
from .._records import Record
from .._scheme_model import Amount, Rule
from ._context import RuleContext, order_of, record_entry, register, signed


def _exempt(rule: Rule) -> Predicate | None:
    return compile_where(rule.exempt.where) if rule.exempt is not None else None


def _per_record(
    rule: Rule,
    matches: Sequence[Record],
    ctx: RuleContext,
    points: Callable[[Record], Amount | None],
    what: str,
) -> list[Entry]:
    """One entry per record: ``points(record)`` × quantity, or zero with the exemption's reason."""
    exempt = _exempt(rule)
    out = []
    for rec in matches:
        base = points(rec)
        if base is None:
            ctx.warnings.append(
                f"unit {ctx.unit}: rule {rule.id}: record {rec.id} has no amount in the table"
            )
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


@register("per_occurrence")
def per_occurrence(rule: Rule, matches: Sequence[Record], ctx: RuleContext) -> list[Entry]:
    """``points`` × quantity per record (每…扣/加…分); quantity 1 or an integer attribute."""
    assert rule.points is not None
    points = rule.points
    return _per_record(rule, matches, ctx, lambda rec: points, "per record")


@register("table")
def table(rule: Rule, matches: Sequence[Record], ctx: RuleContext) -> list[Entry]:
    """An amount looked up by the record's key attributes (级别 × 处理结果), × quantity."""
    keys = ", ".join(rule.keys)
    return _per_record(
        rule, matches, ctx, lambda rec: rule.table_amount(rec.attributes), f"by table ({keys})"
    )


@register("lateness")
def lateness(rule: Rule, matches: Sequence[Record], ctx: RuleContext) -> list[Entry]:
    """A fraction of the booked item's base by how many days after the act it was recorded.

    With ``obligation`` the days are counted by that ``within`` obligation, the same
    counting the compliance report uses; otherwise by ``days`` (working or calendar).
    """
    ob = ctx.scheme.obligation(rule.obligation) if rule.obligation else None
    working = ob.day_kind == "working" if ob is not None else rule.days == "working"
    unit_word = "working days" if working else "days"
    promise = f"; obligation {ob.id}: within {ob.days} {unit_word}" if ob is not None else ""
    out = []
    amounts: dict[tuple[int, str | None], tuple[Exact, Exact]] = {}
    tier_of: dict[int, int | None] = {}
    for rec in matches:
        if ob is not None:
            days = elapsed(ob, rec.act_date, rec.record_date, ctx.calendar)
        elif working:
            days = ctx.calendar.working_days_after(rec.act_date, rec.record_date)
        else:
            days = (rec.record_date - rec.act_date).days
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


@register("override")
def override(rule: Rule, matches: Sequence[Record], ctx: RuleContext) -> list[Entry]:
    """A fact that sets the unit's total (纪实内容掺假 → 年度考核为0分).

    The entry's amount is filled in at composition, when the total before the
    override is known; here it only marks that the override fires.
    """
    if not matches:
        return []
    ordered = sorted(matches, key=order_of)
    detail = f"total set to {rule.total}"
    return [
        Entry(
            ctx.unit,
            None,
            rule.id,
            "override",
            tuple(r.id for r in ordered),
            Decimal(0),
            Decimal(0),
            detail,
            order=order_of(ordered[0]),
        )
    ]


@register("percentage_step")
def percentage_step(rule: Rule, matches: Sequence[Record], ctx: RuleContext) -> list[Entry]:
    """Per full ``step`` percentage points a record's ``value`` falls short of the target.

    The target is fixed (``target``: 未达到100%目标, 每少1个百分点) or carried on the record
    (``target_attribute``: 每低于全省平均水平5个百分点). With ``relative`` the shortfall is
    measured in percent of the target, for amounts that are not percentages (村均收入).
    """
    assert rule.value is not None and rule.step is not None and rule.points is not None
    out = []
    for rec in matches:
        value = Fraction(rec.attributes[rule.value])
        target_raw = rec.attributes.get(rule.target_attribute) if rule.target_attribute else rule.target
        if target_raw is None:
            continue
        target = Fraction(target_raw)
        shortfall = target - value
        if rule.relative:  # percentage points of the target itself: 低于平均水平5个百分点
            shortfall = shortfall / target * 100 if target else Fraction(0)
        steps = math.floor(shortfall / Fraction(rule.step)) if shortfall > 0 else 0
        amount = signed(rule, Fraction(rule.points) * steps)
        short = text(normal(max(shortfall, Fraction(0))))
        detail = (
            f"{rule.value} {text(normal(value))} against {text(normal(target))}: "
            f"{short} points short → {steps} full step(s) of {text(normal(rule.step))}"
        )
        out.append(record_entry(rule, ctx, rec, ctx.book_item(rule, rec), amount, detail))
    return out
