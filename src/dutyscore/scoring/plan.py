"""The compiled plan: a scheme turned once into the tables the per-unit pass reads.

Most records of a real platform are scored by a fixed amount or a table lookup
(每…扣…分, 级别 × 处理结果). A kind that declares its amounts as a
:class:`~dutyscore.kinds.base.PerRecordSpec` is compiled here into a dispatch
table, event kind → its rules, with every amount precomputed as a signed
fixed-point integer over one denominator per scheme (so a third stays exact).
The pass over a unit's records then costs a dictionary lookup, a predicate and a
few appends per record, and allocates no object per record.

A per-record rule whose lines a dedup group, a cap, an item's ``max_deduction``
or an exemption may cut is *held*: its lines are built as ledger entries after
the pass, in record order, and settled by the same code as every other kind's.
Every other kind is evaluated by its own ``evaluate``, as before. A plan built
with ``fast=False`` sends every rule that way: it is the reference the compiled
path is tested against.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, Inexact
from fractions import Fraction
from typing import Any

from .._exact import EXACT, ONE, Exact, add, mul, normal, terminates, total
from ..kinds.base import PerRecordSpec, RuleBase, points_for_item
from ..records.model import Record
from ..scheme.model import Scheme
from .compose import BoundSpec, item_weights, section_bounds
from .ledger import Entry
from .match import CompiledRule, Predicate, compile_rules

#: (index of the rule, its where or None, its one key attribute or None, all its key
#: attributes, amounts by key text (by the one key's text when it has one), the fixed amount
#: when it has no keys, the quantity attribute, the item, the attribute naming the item,
#: whether it is held (:data:`PLAIN`, :data:`CAPPED` or :data:`HELD`). A tuple, not an object:
#: the pass unpacks it once per record.
FastRule = tuple[
    int,
    Predicate | None,
    str | None,
    tuple[str, ...],
    dict[Any, int],
    int | None,
    str | None,
    str | None,
    str | None,
    int,
]

#: Unit totals a plan remembers at most (:meth:`Plan.column_total`).
_TOTALS = 100_000

#: A line of the rule goes to the columns and stays as it is.
PLAIN = 0
#: It goes to the columns; the rule's own cap is then filled there in record order.
CAPPED = 1
#: It is built as an entry after the pass, for dedup groups, shared caps, limits, exemptions.
HELD = 2


@dataclass(frozen=True, slots=True)
class ColumnCap:
    """A per-record rule's own cap (最高扣…分), filled in the columns: the rule's only cut."""

    fixed: int
    id: str
    maximum: Exact
    what: str


@dataclass(frozen=True, slots=True)
class Plan:
    """What every unit's pass reads; built once per scheme (:func:`plan_of`)."""

    rules: Sequence[CompiledRule]
    #: Rule id → its position in the scheme (ties of dedup and overrides go to the first).
    rule_index: Mapping[str, int]
    #: The denominator of every fixed-point amount in the columns.
    denominator: int
    #: Event kind → the compiled per-record rules that read it, in rule order.
    dispatch: Mapping[str, tuple[FastRule, ...]]
    #: Event kind → (rule index, fixed amount, item) when its one rule books a fixed amount
    #: to a fixed item with nothing to check or cut: the pass's shortest path.
    simple: Mapping[str, tuple[int, int, str | None]]
    #: Event kind → (rule index, fixed amount or None, key attributes, amounts by key text (a
    #: tuple of texts for two keys), item) when its one rule books each record one amount,
    #: fixed or looked up, with nothing to check, count or cut, and no other rule reads the
    #: kind: rows kept as columns (:class:`~dutyscore.CompactRecords`) are scored without
    #: their records. A rule with its own cap qualifies when it books a fixed amount for one
    #: kind (every in-period row of the kind is then one of its lines, in record order).
    columnar: Mapping[str, tuple[int, int | None, tuple[str, ...], Mapping[Any, int], str | None]]
    #: Rule index → its per-record spec, for the rules the pass scores.
    specs: Mapping[int, PerRecordSpec]
    #: Indexes of the rules evaluated by their kind's ``evaluate`` (every rule when not fast).
    by_kind: tuple[int, ...]
    #: Event kinds those rules read (their own and the ones they count): sorted per unit.
    ordered_kinds: frozenset[str]
    item_base: Mapping[str, Exact]
    weights: Mapping[str, Exact]
    #: Rule index → its own cap, for compiled rules nothing else can cut.
    capped: Mapping[int, ColumnCap]
    #: Ceilings and floors of sections and of the total, in the order they apply.
    bounds: Sequence[BoundSpec]

    #: Item → its base points × its weight: what every unit starts with.
    weighted_base: Mapping[str, Exact]
    #: The denominator as a Decimal when it is 2^a·5^b (its sums divide exactly), else None.
    decimal_denominator: Decimal | None
    #: Σ weighted base, and whether every item weighs 1: then a unit whose lines are all in
    #: the columns totals base + Σ column amounts, one division (``compose``).
    base_total: Exact
    unweighted: bool
    #: Fixed-point sum of a unit's column lines → its total (:meth:`column_total`), remembered.
    totals: dict[int, Exact] = field(default_factory=dict, compare=False, repr=False)

    def fraction(self, fixed: int) -> Exact:
        """A fixed-point sum of the columns as an exact amount (a Decimal division when the
        denominator is 2^a·5^b, which is exact and far cheaper than a Fraction)."""
        if self.denominator == 1:
            return Decimal(fixed)
        if self.decimal_denominator is not None:
            try:
                return EXACT.divide(Decimal(fixed), self.decimal_denominator)
            except Inexact:
                pass
        return normal(Fraction(fixed, self.denominator))

    def column_total(self, fixed: int) -> Exact:
        """The total of a unit whose lines are all in the columns and whose items all weigh 1:
        the base and the columns' fixed-point sum. Remembered by the sum (up to
        :data:`_TOTALS` of them): many units share a total, and the exact division and sum cost
        more than the rest of a small unit's composition."""
        found = self.totals.get(fixed)
        if found is None:
            found = add(self.base_total, self.fraction(fixed))
            if len(self.totals) < _TOTALS:
                self.totals[fixed] = found
        return found

    def line(self, index: int, unit: str, record: Record) -> Entry:
        """The ledger line of ``record`` under the compiled rule ``index`` (which scored it)."""
        line = self.specs[index].entry(self.rules[index].rule, unit, record, self.item_base)
        assert line is not None, "the pass scored this record, so the table has its amount"
        return line


def compile_plan(scheme: Scheme, *, fast: bool = True) -> Plan:
    """The plan of ``scheme``; with ``fast=False`` every rule goes through its kind's evaluate."""
    rules = compile_rules(scheme.rules)
    item_base = {i.id: normal(i.base) for i in scheme.leaf_items() if i.base is not None}
    weights = item_weights(scheme)
    weighted_base = {i: mul(b, weights.get(i, ONE)) for i, b in item_base.items()}
    held, only_own_cap = _held(scheme)
    amounts: dict[int, dict[tuple[str, ...], Exact]] = {}
    specs: dict[int, PerRecordSpec] = {}
    for index, c in enumerate(rules):
        compile_spec = c.kind.per_record
        if not fast or compile_spec is None:
            continue
        spec = compile_spec(c.rule)
        exact = _exact_amounts(c.rule, spec, item_base)
        if exact is not None:
            specs[index], amounts[index] = spec, exact
    denominator = 1
    for table in amounts.values():
        for value in table.values():
            denominator = math.lcm(denominator, Fraction(value).denominator)
    dispatch: dict[str, list[FastRule]] = {}
    capped: dict[int, ColumnCap] = {}
    for index, spec in specs.items():
        c = rules[index]
        rule = c.rule
        sign = -1 if rule.direction == "deduction" else 1
        fixed = {k: sign * int(Fraction(v) * denominator) for k, v in amounts[index].items()}
        limit = rule.limit()
        how = HELD if rule.id in held or spec.exempt is not None else PLAIN
        if how == HELD and rule.id in only_own_cap and spec.exempt is None and limit is not None:
            word, maximum = limit
            ceiling = normal(maximum)
            cap_fixed = Fraction(ceiling) * denominator
            if cap_fixed.denominator == 1:
                how = CAPPED
                capped[index] = ColumnCap(int(cap_fixed), f"{rule.id}.{word}", ceiling, f"rule {rule.id}")
        keyed: dict[Any, int] = {k[0]: v for k, v in fixed.items()} if len(spec.keys) == 1 else dict(fixed)
        entry: FastRule = (
            index,
            c.where if rule.where else None,
            spec.keys[0] if len(spec.keys) == 1 else None,
            spec.keys,
            keyed,
            fixed.get(()) if not spec.keys else None,
            spec.quantity,
            rule.item,
            rule.item_from,
            how,
        )
        for kind in rule.event_kinds:
            dispatch.setdefault(kind, []).append(entry)
    simple = {
        kind: (r[0], r[5], r[7])
        for kind, (r,) in ((k, v) for k, v in dispatch.items() if len(v) == 1)
        if r[1] is None and r[5] is not None and r[6] is None and r[8] is None and r[9] == PLAIN
    }
    by_kind = tuple(i for i in range(len(rules)) if i not in specs)
    ordered: set[str] = set()
    for i in by_kind:
        ordered.update(rules[i].kinds)
        for selector in rules[i].rule.counted_selectors():
            ordered.update(selector.event_kinds)
    return Plan(
        rules=rules,
        rule_index={r.id: i for i, r in enumerate(scheme.rules)},
        denominator=denominator,
        dispatch={k: tuple(v) for k, v in dispatch.items()},
        simple=simple,
        columnar={
            kind: (r[0], r[5], r[3], r[4], r[7])
            for kind, (r,) in ((k, v) for k, v in dispatch.items() if len(v) == 1)
            if r[1] is None
            and r[6] is None
            and r[8] is None
            and kind not in ordered
            and (
                r[9] == PLAIN  # its own cap needs every line of the rule in record order: one kind, no misses
                or (r[9] == CAPPED and r[5] is not None and list(rules[r[0]].rule.event_kinds) == [kind])
            )
        },
        specs=specs,
        by_kind=by_kind,
        ordered_kinds=frozenset(ordered),
        item_base=item_base,
        weights=weights,
        weighted_base=weighted_base,
        decimal_denominator=Decimal(denominator) if terminates(Fraction(1, denominator)) else None,
        base_total=total(weighted_base.values()),
        unweighted=all(w == ONE for w in weights.values()),
        capped=capped,
        bounds=section_bounds(scheme),
    )


def _exact_amounts(
    rule: RuleBase, spec: PerRecordSpec, item_base: Mapping[str, Exact]
) -> dict[tuple[str, ...], Exact] | None:
    """The spec's amounts as numbers, or None when one depends on a per-record item's base."""
    out: dict[tuple[str, ...], Exact] = {}
    for key, points in spec.amounts.items():
        if isinstance(points, Decimal | Fraction):
            out[key] = normal(points)
        elif rule.item_from is None:
            out[key] = normal(points_for_item(points, rule.item, item_base))
        else:
            return None
    return out


def _held(scheme: Scheme) -> tuple[set[str], set[str]]:
    """Rules whose lines something may cut after they are made (a dedup group, a cap, an item's
    limit, their own cap), and among them those whose own cap is the only such thing."""
    own = {r.id for r in scheme.rules if r.limit() is not None}
    others: set[str] = set()
    for cap in scheme.caps:
        others.update(cap.rules)
    for group in scheme.dedup:
        if group.rules == "all":
            others.update(r.id for r in scheme.rules if r.direction == group.direction)
        else:
            others.update(group.rules)
    limited = {i.id for i in scheme.leaf_items() if i.max_deduction is not None}
    if limited:
        for r in scheme.rules:
            if r.direction == "deduction" and (r.item_from is not None or r.item in limited):
                others.add(r.id)
    return own | others, own - others


def plan_of(scheme: Scheme) -> Plan:
    """The compiled plan of ``scheme``, built on first use and kept with the scheme."""
    return _kept(scheme, fast=True)


def reference_plan(scheme: Scheme) -> Plan:
    """The plan that evaluates every rule by its kind (``compile_plan(fast=False)``), kept too."""
    return _kept(scheme, fast=False)


def _kept(scheme: Scheme, *, fast: bool) -> Plan:
    plans = scheme._plans
    if fast not in plans:
        plans[fast] = compile_plan(scheme, fast=fast)
    plan = plans[fast]
    assert isinstance(plan, Plan)
    return plan
