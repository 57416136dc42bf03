"""Compose a unit's total: Σ applied × weight over its entries, then an override, then rounding."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from fractions import Fraction

from .._exact import ONE, ZERO, Exact, add, mul, normal, sub, text, total
from ..scheme.model import Scheme
from ..scheme.parts import Bound, Item
from .ledger import Decision, Entry, UnitLedger

_ROUNDING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}


def item_weights(scheme: Scheme) -> dict[str, Exact]:
    """Per scored item, the product of the weights on its path (1 where none is declared)."""
    out: dict[str, Exact] = {}

    def walk(items: Iterable[Item], above: Exact) -> None:
        for item in items:
            w = mul(above, normal(item.weight)) if item.weight is not None else above
            if item.children:
                walk(item.children, w)
            else:
                out[item.id] = w

    walk(scheme.items, ONE)
    return out


@dataclass(frozen=True, slots=True)
class BoundSpec:
    """A ceiling or floor of a section (``item``) or of the total (``item`` None), ready to apply:
    the node ids whose entries it sums, and the weight on the section's path."""

    item: str | None
    members: frozenset[str] | None
    weight: Exact
    ceiling: Bound | None
    floor: Bound | None


def section_bounds(scheme: Scheme) -> list[BoundSpec]:
    """The bounds of a scheme in the order they apply: inner sections first, the total last."""
    out: list[BoundSpec] = []

    def walk(items: Iterable[Item], above: Exact) -> None:
        for item in items:
            w = mul(above, normal(item.weight)) if item.weight is not None else above
            if item.children:
                walk(item.children, w)
                if item.ceiling is not None or item.floor is not None:
                    members = frozenset(i.id for i in item.walk())
                    out.append(BoundSpec(item.id, members, w, item.ceiling, item.floor))

    walk(scheme.items, ONE)
    comp = scheme.composition
    if comp.ceiling is not None or comp.floor is not None:
        out.append(BoundSpec(None, None, ONE, comp.ceiling, comp.floor))
    return out


def apply_bounds(bounds: Sequence[BoundSpec], ledger: UnitLedger, by_item: dict[str | None, Exact]) -> None:
    """Cut a section or the total back to its ceiling (or up to its floor) with a ``bound`` line.

    ``by_item`` holds each item's contribution (overrides left out) and takes the
    bound lines' too, so that an outer bound sees what an inner one did.
    """
    for b in bounds:
        inside = [v for i, v in by_item.items() if b.members is None or i in b.members]
        score = normal(Fraction(total(inside)) / Fraction(b.weight))
        cut: Exact | None = None
        if b.ceiling is not None and score > b.ceiling.value:
            word, limit, cut = "ceiling", b.ceiling.value, sub(normal(b.ceiling.value), score)
        elif b.floor is not None and score < b.floor.value:
            word, limit, cut = "floor", b.floor.value, sub(normal(b.floor.value), score)
        if cut is None:
            continue
        what = f"section {b.item}" if b.item is not None else "the total"
        detail = f"{what} scores {text(score)}; its {word} is {text(normal(limit))}"
        line = Entry(ledger.unit, b.item, None, "bound", (), cut, cut, detail, weight=b.weight, label=word)
        ledger.extra.append(line)
        by_item[b.item] = add(by_item[b.item], line.contribution) if b.item in by_item else line.contribution


def round_exact(value: Exact, places: int, mode: str) -> Decimal:
    """``value`` rounded to ``places`` decimals, exactly, Fractions included."""
    if isinstance(value, Decimal):
        return value.quantize(Decimal(1).scaleb(-places), rounding=_ROUNDING[mode])
    scaled = value * 10**places
    sign = -1 if scaled < 0 else 1
    n, d = abs(scaled.numerator), scaled.denominator
    q, r = divmod(n, d)
    if (
        (mode == "half_up" and 2 * r >= d)
        or (mode == "half_even" and (2 * r > d or (2 * r == d and q % 2)))
        or (mode == "up" and r)
    ):
        q += 1
    return Decimal(sign * q).scaleb(-places)


def compose(
    scheme: Scheme, ledger: UnitLedger, rule_index: Mapping[str, int], bounds: Sequence[BoundSpec] = ()
) -> Exact:
    """The unit's total: bounds of sections and of the total, then the first override in rule
    order, then rounding.

    The bound, override and rounding lines get their amounts here, so that the
    ledger still adds up to the total.
    """
    plan = ledger.plan
    if plan.unweighted and not bounds and not ledger.by_rule and scheme.rounding is None:
        return plan.column_total(sum(ledger.sums.values()))  # column lines only
    by_item = ledger.contributions()
    apply_bounds(bounds, ledger, by_item)
    unit_total = total(by_item.values())
    if not ledger.by_rule and scheme.rounding is None:
        return unit_total  # column lines only: no override, no rounding
    overrides = sorted(
        (e for e in ledger.rich() if e.kind == "override"), key=lambda e: rule_index[e.rule or ""]
    )
    for i, e in enumerate(overrides):
        if i == 0:
            target = normal(scheme.rule(e.rule or "").total_set() or ZERO)
            e.raw = e.applied = sub(target, unit_total)
            unit_total = target
        else:
            e.decisions.append(
                Decision(
                    "not_applied", overrides[0].rule or "", ZERO, "another override already set the total"
                )
            )
    if scheme.rounding is not None:
        rounded = round_exact(unit_total, scheme.rounding.places, scheme.rounding.mode)
        if rounded != unit_total:
            diff = sub(rounded, unit_total)
            detail = f"{text(unit_total)} rounded to {scheme.rounding.places} place(s)"
            ledger.extra.append(Entry(ledger.unit, None, None, "rounding", (), diff, diff, detail))
            unit_total = rounded
    return unit_total
