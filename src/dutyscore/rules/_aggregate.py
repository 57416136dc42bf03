"""Kinds that look at a count of records: thresholds, discretionary amounts, cohorts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from .._exact import magnitude, normal, text
from .._ledger import Decision, Entry
from .._match import compile_where, count_holds, describe_condition
from .._records import Record
from .._scheme_model import Rule
from ._context import RuleContext, aggregate_entry, order_of, record_entry, register, signed


def _decimal(value: Fraction) -> Decimal:
    """A fraction as a Decimal for display (28 significant digits)."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def _ids(records: Sequence[Record]) -> tuple[str, ...]:
    return tuple(r.id for r in sorted(records, key=order_of))


@register("count_threshold")
def count_threshold(rule: Rule, matches: Sequence[Record], ctx: RuleContext) -> list[Entry]:
    """A fixed amount when the count of matching records meets ``count`` (少于2次 扣1分).

    When the condition does not hold and no record was counted there is nothing
    to explain, so no entry is written; when records were counted, a zero entry
    names them and says why nothing was given.
    """
    assert rule.points is not None and rule.count is not None
    n = len(matches)
    holds = count_holds(rule.count, n)
    if not holds and n == 0:
        return []
    cond = describe_condition(rule.count)
    amount = signed(rule, rule.points)
    entry = aggregate_entry(
        rule, ctx, amount, f"{n} record(s) counted; condition count {cond}", _ids(matches)
    )
    if not holds:
        why = f"count {n} does not meet {cond}"
        entry.cut(Decimal(0), Decision("not_applied", rule.id, magnitude(amount), why))
    return [entry]


@register("discretionary")
def discretionary(rule: Rule, matches: Sequence[Record], ctx: RuleContext) -> list[Entry]:
    """An amount the assessor enters (酌情扣分), within ``max`` when given, once a trigger holds.

    ``matches`` are the assessor's amount records; the trigger, when the rule has
    one, counts the unit's records of the trigger's kinds. Without a trigger the
    entered amounts always apply.
    """
    assert rule.amount_attribute
    trig = rule.trigger
    counted: tuple[str, ...] = ()
    fired, cond, n = True, "", 0
    if trig is not None:
        pred = compile_where(trig.where)
        triggers = [r for k in trig.event_kinds for r in ctx.records_by_kind.get(k, ()) if pred(r)]
        n = len(triggers)
        cond = describe_condition(trig.count)
        fired = count_holds(trig.count, n)
        counted = _ids(triggers)
    limit = f"; at most {text(normal(rule.max))}" if rule.max is not None else ""
    out = []
    for rec in sorted(matches, key=order_of):
        entered = rec.attributes[rule.amount_attribute]
        amount = signed(rule, entered)
        detail = f"assessor entered {entered}" + (f"; trigger count {n} ({cond})" if trig else "") + limit
        entry = record_entry(rule, ctx, rec, rule.item, amount, detail, counted)
        if not fired:
            why = f"trigger count {n} does not meet {cond}"
            entry.cut(Decimal(0), Decision("not_applied", rule.id, magnitude(amount), why))
            ctx.warnings.append(
                f"unit {ctx.unit}: rule {rule.id}: amount record {rec.id} "
                f"entered but the trigger count {n} does not meet {cond}"
            )
        out.append(entry)
    if trig is not None and fired and not matches:
        ctx.warnings.append(
            f"unit {ctx.unit}: rule {rule.id}: trigger holds ({n} {cond}) "
            f"but the assessor entered no amount; nothing deducted"
        )
        detail = f"trigger count {n} ({cond}); no amount entered"
        out.append(aggregate_entry(rule, ctx, Decimal(0), detail, counted))
    return out


@register("cohort_step")
def cohort_step(rule: Rule, matches: Sequence[Record], ctx: RuleContext) -> list[Entry]:
    """Per full ``step`` percentage points below (deduction) or above (bonus) the cohort mean.

    The deviation is (count − mean) / mean × 100, the unit's count of matching
    records against the mean count of its cohort.
    """
    assert rule.step is not None and rule.points is not None
    mean = ctx.cohort_mean(rule.id)
    if mean is None:
        ctx.warnings.append(
            f"unit {ctx.unit}: rule {rule.id}: no cohort for this unit; cohort rule not applied"
        )
        return []
    n = len(matches)
    counted = _ids(matches)
    deviation = Fraction(0) if mean == 0 else (Fraction(n) - mean) / mean * 100
    toward = -deviation if rule.direction == "deduction" else deviation
    steps = math.floor(toward / Fraction(rule.step)) if toward > 0 else 0
    dev_text = _decimal(deviation).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    amount = signed(rule, Fraction(rule.points) * steps)
    detail = (
        f"{n} record(s) against cohort mean {_decimal(mean).quantize(Decimal('0.01'), rounding=ROUND_DOWN)}: "
        f"{dev_text:+} % → {steps} full step(s) of {rule.step}"
    )
    return [aggregate_entry(rule, ctx, amount, detail, counted)]
