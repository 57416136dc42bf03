"""One pass over a unit's records: match and score the compiled per-record rules.

This is the loop every record goes through, so it is written for the
interpreter: the plan's rule tuples are unpacked in the ``for`` statement,
amounts are integers looked up by the record's key values, and a scored line is
three list appends and one sum. Records of the kinds that other rules read are
grouped by kind on the way (those rules get them in record order afterwards).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..records.model import Record
from .ledger import UnitLedger


def sweep(
    ledger: UnitLedger, records: Iterable[Record]
) -> tuple[dict[str, list[Record]], list[tuple[int, Record]]] | None:
    """Score ``records`` into the columns of ``ledger``.

    Returns the records of the kinds other rules read, by kind, and the (rule
    index, record) pairs of held rules, whose lines are built as entries later;
    or None when a record has no amount in its rule's table, for the caller to
    score the unit the reference way (which warns of it in rule order).
    """
    plan = ledger.plan
    dispatch = plan.dispatch
    ordered = plan.ordered_kinds
    by_kind: dict[str, list[Record]] = defaultdict(list)
    held: list[tuple[int, Record]] = []
    rule_col, record_col, raw_col, sums = ledger.rule, ledger.record, ledger.raw, ledger.sums
    for rec in records:
        kind = rec.kind
        if kind in ordered:
            by_kind[kind].append(rec)
        rules = dispatch.get(kind)
        if rules is None:
            continue
        attrs = rec.attributes
        for index, where, key, keys, table, fixed, quantity, item, item_from, is_held in rules:
            if where is not None and not where(rec):
                continue
            if fixed is not None:
                amount = fixed
            else:
                found = (
                    table.get(str(attrs.get(key)))
                    if key is not None
                    else table.get(tuple([str(attrs.get(k)) for k in keys]))
                )
                if found is None:
                    return None
                amount = found
            if is_held:
                held.append((index, rec))
                continue
            if quantity is not None:
                amount *= int(attrs.get(quantity, 1))
            if item_from is not None:
                value = attrs.get(item_from)
                item = str(value) if value is not None else None
            rule_col.append(index)
            record_col.append(rec)
            raw_col.append(amount)
            sums[item] = sums.get(item, 0) + amount
    return by_kind, held
