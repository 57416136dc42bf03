"""Dedup groups, then caps: the two places where an amount can lose to another.

Dedup (不重复扣分，以扣分最高值为准) keeps, per key, the largest raw amount;
ties go to the rule declared first. Caps (最高不超过) are filled in a stable
order (act date, record id). Every loss is written onto the losing entry as a
:class:`Decision`, so the ledger can say who lost what and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

from .._exact import ZERO, Exact, magnitude, normal, sub, text
from ..records.model import Record
from ..scheme.model import Cap, Dedup, Scheme
from .ledger import Decision, Entry


def apply_dedup(
    group: Dedup,
    entries: Sequence[Entry],
    records: Mapping[str, Record],
    rule_index: Mapping[str, int],
) -> None:
    """Keep the largest entry per key of ``group``; cut the others to zero."""
    members = None if group.rules == "all" else set(group.rules)
    buckets: dict[object, list[Entry]] = defaultdict(list)
    for e in entries:
        if e.kind != group.direction or len(e.records) != 1 or e.applied == 0:
            continue
        if members is not None and e.rule not in members:
            continue
        rid = e.records[0]
        if group.key == "record":
            key: object = rid
        else:
            rec = records.get(rid)
            value = rec.attributes.get(group.key.attribute) if rec else None
            if value is None:
                continue
            key = value
        buckets[key].append(e)
    for key, bucket in buckets.items():
        if len(bucket) < 2:
            continue
        # the largest raw amount; among equals the rule declared first, then the earliest record
        winner = min(bucket, key=lambda e: (-magnitude(e.raw), rule_index.get(e.rule or "", 0), e.order))
        for e in bucket:
            if e is winner:
                continue
            what = f"record {key}" if group.key == "record" else f"{group.key.attribute} {key}"
            e.cut(
                Decimal(0),
                Decision(
                    "superseded",
                    group.id,
                    magnitude(e.applied),
                    f"{what} also counted under rule {winner.rule} ({magnitude(winner.raw)}); "
                    "only the highest stands",
                ),
            )


def fill_cap(cap_id: str, maximum: Exact, entries: Sequence[Entry], what: str) -> None:
    """Let ``entries`` fill ``maximum`` in their stable order; cut what overflows."""
    remaining = maximum
    for e in sorted(entries, key=lambda e: e.order):
        if e.applied == 0:
            continue
        take = min(e.magnitude, remaining)
        if take < e.magnitude:
            e.cut(take, Decision("capped", cap_id, sub(e.magnitude, take), f"{what} at most {text(maximum)}"))
        remaining = sub(remaining, take)


def apply_caps(scheme: Scheme, entries: Sequence[Entry], item_base: Mapping[str, Exact]) -> None:
    """Each rule's own limit (its ``cap``, or what its kind calls one), then the scheme's caps."""
    if not entries:
        return
    by_rule: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        if e.rule is not None:
            by_rule[e.rule].append(e)
    for rule in scheme.rules:
        limit = rule.limit()
        if limit is not None and rule.id in by_rule:
            word, amount = limit
            fill_cap(f"{rule.id}.{word}", normal(amount), by_rule[rule.id], f"rule {rule.id}")
    for cap in scheme.caps:
        _apply_cap(cap, by_rule, item_base)
    _apply_item_limits(scheme, entries, item_base)


def _apply_item_limits(scheme: Scheme, entries: Sequence[Entry], item_base: Mapping[str, Exact]) -> None:
    """``max_deduction`` on an item: its deductions together never exceed it (子项目扣分不超过赋分值)."""
    limits = {
        i.id: item_base.get(i.id, ZERO) if i.max_deduction == "base" else normal(i.max_deduction)
        for i in scheme.leaf_items()
        if i.max_deduction is not None
    }
    if not limits:
        return
    per_item: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        if e.kind == "deduction" and e.item in limits:
            per_item[e.item].append(e)
    for item, group in per_item.items():
        fill_cap(f"{item}.max_deduction", limits[item], group, f"item {item} loses")


def _apply_cap(cap: Cap, by_rule: Mapping[str, list[Entry]], item_base: Mapping[str, Exact]) -> None:
    members = [e for rid in cap.rules for e in by_rule.get(rid, ())]
    if cap.per == "unit":
        assert cap.max != "base"
        fill_cap(cap.id, normal(cap.max), members, cap.title)
        return
    per_item: dict[str | None, list[Entry]] = defaultdict(list)
    for e in members:
        per_item[e.item].append(e)
    for item, group in per_item.items():
        limit = item_base.get(item or "", Decimal(0)) if cap.max == "base" else normal(cap.max)
        fill_cap(cap.id, limit, group, f"{cap.title} (item {item})")
