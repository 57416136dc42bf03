"""One pass over a unit's records: match and score the compiled per-record rules.

This is the loop every record goes through, so it is written for the
interpreter. A unit of many records has them grouped by event kind first (the
only loop that touches each one), then each kind's lines are booked at once: a
kind whose rule books a fixed amount costs three list extensions and one
multiplication, however many records it has; a table rule, one lookup per
record. A small unit, a record or two per kind, goes one record at a time
instead (:data:`GROUPED`). Either way, records of the kinds that other rules read
are handed over grouped by kind (those rules get them in record order
afterwards). The columns' line order is free: every reader of the ledger puts
each rule's lines in record order (``UnitLedger.lines``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any

from ..records.model import Record
from .ledger import UnitLedger
from .plan import CAPPED, HELD, FastRule

#: Records per scored kind from which grouping a unit's records by kind pays: below, each kind
#: has a record or two and its group costs more than it saves (measured on the benchmark
#: workload: the two ways are even at about 30 records over its 12 kinds).
GROUPED = 3

_ATTRIBUTES = attrgetter("attributes")

Swept = tuple[dict[str, list[Record]], list[tuple[int, Record]], dict[int, list[int]]]


def sweep(ledger: UnitLedger, records: Sequence[Record], year: int, outside: list[Record]) -> Swept | None:
    """Score the records of ``year`` into the columns of ``ledger``; the others go to ``outside``.

    Returns the records of the kinds other rules read, by kind; the (rule index,
    record) pairs of held rules, whose lines are built as entries later; and the
    column rows of each capped rule, for its cap to be filled. None when a record
    has no amount in its rule's table, for the caller to score the unit the
    reference way (which warns of it in rule order).
    """
    plan = ledger.plan
    if len(records) < GROUPED * len(plan.dispatch):
        return _each(ledger, records, year, outside)
    groups: defaultdict[str, list[Record]] = defaultdict(list)
    for rec in records:
        if rec.act_date.year != year:
            outside.append(rec)
        else:
            groups[rec.kind].append(rec)
    ordered, simple, dispatch = plan.ordered_kinds, plan.simple, plan.dispatch
    by_kind: dict[str, list[Record]] = {}
    held: list[tuple[int, Record]] = []
    capped: dict[int, list[int]] = {}
    rule_col, record_col, raw_col, sums = ledger.rule, ledger.record, ledger.raw, ledger.sums
    for kind, recs in groups.items():
        if kind in ordered:
            by_kind[kind] = recs
        one = simple.get(kind)
        if one is not None:  # one rule, a fixed amount, nothing to check or cut
            index, amount, item = one
            size = len(recs)
            rule_col.extend(repeat(index, size))
            record_col.extend(recs)
            raw_col.extend(repeat(amount, size))
            sums[item] = sums.get(item, 0) + amount * size
            continue
        for rule in dispatch.get(kind, ()):
            if not _book(rule, recs, ledger, held, capped):
                return None
    return by_kind, held, capped


def _each(ledger: UnitLedger, records: Iterable[Record], year: int, outside: list[Record]) -> Swept | None:
    """:func:`sweep` one record at a time: for a small unit, whose kinds have a record or two
    each, grouping them first would cost more than it saves."""
    plan = ledger.plan
    dispatch = plan.dispatch
    ordered = plan.ordered_kinds
    by_kind: dict[str, list[Record]] = defaultdict(list)
    held: list[tuple[int, Record]] = []
    capped: dict[int, list[int]] = {}
    simple = plan.simple
    rule_col, record_col, raw_col, sums = ledger.rule, ledger.record, ledger.raw, ledger.sums
    for rec in records:
        if rec.act_date.year != year:
            outside.append(rec)
            continue
        kind = rec.kind
        if kind in ordered:
            by_kind[kind].append(rec)
        one = simple.get(kind)
        if one is not None:  # one rule, a fixed amount, nothing to check or cut
            index, amount, item = one
            rule_col.append(index)
            record_col.append(rec)
            raw_col.append(amount)
            sums[item] = sums.get(item, 0) + amount
            continue
        rules = dispatch.get(kind)
        if rules is None:
            continue
        attrs = rec.attributes
        for index, where, key, keys, table, fixed, quantity, item, item_from, how in rules:
            if where is not None and not where(rec):
                continue
            if fixed is not None:
                amount = fixed
            else:
                found = _amount(attrs, key, keys, table)
                if found is None:
                    return None
                amount = found
            if how:
                if how == HELD:
                    held.append((index, rec))
                    continue
                capped.setdefault(index, []).append(len(raw_col))
            if quantity is not None:
                amount *= int(attrs.get(quantity, 1))
            if item_from is not None:
                value = attrs.get(item_from)
                item = str(value) if value is not None else None
            rule_col.append(index)
            record_col.append(rec)
            raw_col.append(amount)
            sums[item] = sums.get(item, 0) + amount
    return by_kind, held, capped


def _book(
    rule: FastRule,
    recs: list[Record],
    ledger: UnitLedger,
    held: list[tuple[int, Record]],
    capped: dict[int, list[int]],
) -> bool:
    """Book the lines of one compiled rule for the records of one kind; False when a record has
    no amount in the rule's table."""
    index, where, key, keys, table, fixed, quantity, item, item_from, how = rule
    if where is not None:
        recs = [r for r in recs if where(r)]
    if not recs:
        return True
    if fixed is not None:
        amounts: list[int] = [fixed] * len(recs)
    else:
        found = _amounts(recs, key, keys, table)
        if found is None:
            return False
        amounts = found
    if how == HELD:
        held.extend(zip(repeat(index), recs))
        return True
    rule_col, raw_col, sums = ledger.rule, ledger.raw, ledger.sums
    if how == CAPPED:
        start = len(raw_col)
        capped.setdefault(index, []).extend(range(start, start + len(recs)))
    if quantity is not None:
        amounts = [a * int(r.attributes.get(quantity, 1)) for a, r in zip(amounts, recs, strict=True)]
    rule_col.extend(repeat(index, len(recs)))
    ledger.record.extend(recs)
    raw_col.extend(amounts)
    if item_from is None:
        sums[item] = sums.get(item, 0) + sum(amounts)
    else:
        for rec, amount in zip(recs, amounts, strict=True):
            value = rec.attributes.get(item_from)
            named = str(value) if value is not None else None
            sums[named] = sums.get(named, 0) + amount
    return True


def _amounts(
    recs: list[Record], key: str | None, keys: tuple[str, ...], table: dict[object, int]
) -> list[int] | None:
    """Each record's amount in the rule's table, by its key attributes' texts; None at the first
    record the table has no amount for. The table's keys are text: when every record gives its
    key attributes as texts, the amounts are looked up without a Python call per record;
    otherwise record by record, the values spelled (``str``)."""
    get = table.get
    try:
        found: list[int | None] | None = list(map(get, map(itemgetter(*keys), map(_ATTRIBUTES, recs))))
    except (KeyError, TypeError):  # a key attribute missing; a value that cannot be a key
        found = None
    if found is not None and None not in found:
        return found  # type: ignore[return-value]
    out: list[int] = []
    for rec in recs:
        amount = _amount(rec.attributes, key, keys, table)
        if amount is None:
            return None
        out.append(amount)
    return out


def _amount(
    attrs: Mapping[str, Any], key: str | None, keys: tuple[str, ...], table: dict[Any, int]
) -> int | None:
    """One record's amount in a rule's table (keyed by the one key's text, or by a tuple of the
    keys' texts), or None. The table's keys are text: a text value is its own key, any other is
    spelled (``str``)."""
    if key is not None:
        value = attrs.get(key)
        return table.get(value if type(value) is str else str(value))
    if len(keys) == 2:
        first, second = attrs.get(keys[0]), attrs.get(keys[1])
        return table.get(
            (first if type(first) is str else str(first), second if type(second) is str else str(second))
        )
    return table.get(tuple([v if type(v) is str else str(v) for v in map(attrs.get, keys)]))
