"""Compose a unit's total: Σ applied × weight over its entries, then an override, then rounding."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal

from .._exact import ZERO, Exact, mul, normal, sub, text, total
from ..scheme.model import Scheme
from ..scheme.parts import Item
from .ledger import ONE, Decision, Entry

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


def compose(scheme: Scheme, entries: list[Entry], rule_index: Mapping[str, int]) -> Exact:
    """The unit's total; the first override in rule order sets it, rounding comes last.

    The override's and the rounding's entries get their amounts here, so that the
    ledger still adds up to the total.
    """
    unit_total = total(e.contribution for e in entries if e.kind != "override")
    overrides = sorted((e for e in entries if e.kind == "override"), key=lambda e: rule_index[e.rule or ""])
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
            unit = entries[0].unit if entries else ""
            diff = sub(rounded, unit_total)
            entries.append(
                Entry(
                    unit,
                    None,
                    None,
                    "rounding",
                    (),
                    diff,
                    diff,
                    f"{text(unit_total)} rounded to {scheme.rounding.places} place(s)",
                )
            )
            unit_total = rounded
    return unit_total
