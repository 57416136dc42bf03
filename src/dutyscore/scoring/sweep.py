"""One pass over a unit's records: match and score the compiled per-record rules.

This is the loop every record goes through, so it is written for the
interpreter: the records are first grouped by event kind (the only loop that
touches each one), then each kind's lines are booked at once. A kind whose rule
books a fixed amount costs three list extensions and one multiplication, however
many records it has; a table rule costs one lookup per record. Records of the
kinds that other rules read are handed over grouped by kind (those rules get
them in record order afterwards). The columns' line order is free: every reader
of the ledger puts each rule's lines in record order (``UnitLedger.lines``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import repeat

from ..records.model import Record
from .ledger import UnitLedger
from .plan import CAPPED, HELD, FastRule

Swept = tuple[dict[str, list[Record]], list[tuple[int, Record]], dict[int, list[int]]]


def sweep(ledger: UnitLedger, records: Iterable[Record], year: int, outside: list[Record]) -> Swept | None:
    """Score the records of ``year`` into the columns of ``ledger``; the others go to ``outside``.

    Returns the records of the kinds other rules read, by kind; the (rule index,
    record) pairs of held rules, whose lines are built as entries later; and the
    column rows of each capped rule, for its cap to be filled. None when a record
    has no amount in its rule's table, for the caller to score the unit the
    reference way (which warns of it in rule order).
    """
    groups: defaultdict[str, list[Record]] = defaultdict(list)
    for rec in records:
        if rec.act_date.year != year:
            outside.append(rec)
        else:
            groups[rec.kind].append(rec)
    plan = ledger.plan
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
    record the table has no amount for. The table's keys are text: a text value is its own key,
    others are spelled (``str``), which only the rare value that is not a text needs."""
    get = table.get
    out: list[int] = []
    append = out.append
    if key is not None:
        for rec in recs:
            value = rec.attributes.get(key)
            found = get(value)
            if found is None:
                found = get(str(value))
                if found is None:
                    return None
            append(found)
    elif len(keys) == 2:
        first_key, second_key = keys
        for rec in recs:
            attrs = rec.attributes
            first, second = attrs.get(first_key), attrs.get(second_key)
            found = get((first, second))
            if found is None:
                found = get((str(first), str(second)))
                if found is None:
                    return None
            append(found)
    else:
        for rec in recs:
            found = get(tuple([str(rec.attributes.get(k)) for k in keys]))
            if found is None:
                return None
            append(found)
    return out
