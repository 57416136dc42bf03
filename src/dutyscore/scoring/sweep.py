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
from .plan import HELD

Swept = tuple[dict[str, list[Record]], list[tuple[int, Record]], dict[int, list[int]]]


def sweep(ledger: UnitLedger, records: Iterable[Record], year: int, outside: list[Record]) -> Swept | None:
    """Score the records of ``year`` into the columns of ``ledger``; the others go to ``outside``.

    Returns the records of the kinds other rules read, by kind; the (rule index,
    record) pairs of held rules, whose lines are built as entries later; and the
    column rows of each capped rule, for its cap to be filled. None when a record
    has no amount in its rule's table, for the caller to score the unit the
    reference way (which warns of it in rule order).
    """
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
                if key is not None:
                    value = attrs.get(key)
                    # the table's keys are text: a text value is its own key, others are spelled
                    found = table.get(value) if type(value) is str else table.get(str(value))
                elif len(keys) == 2:
                    first, second = attrs.get(keys[0]), attrs.get(keys[1])
                    found = table.get(
                        (
                            first if type(first) is str else str(first),
                            second if type(second) is str else str(second),
                        )
                    )
                else:
                    found = table.get(tuple([str(attrs.get(k)) for k in keys]))
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
