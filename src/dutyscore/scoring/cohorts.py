"""The cohort pre-pass: per rule whose kind needs it, each unit's count and the cohort's mean.

Everything else is a function of one unit's records. Counts from disjoint
partitions add up, so a distributed engine can compute :func:`cohort_metrics`
per partition, sum them, and pass the sum to each partition's ``evaluate``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from ..records.model import Record
from ..records.units import Unit
from ..scheme.model import Scheme
from .match import compile_rules


def cohort_metrics(scheme: Scheme, records: Iterable[Record], period: int) -> dict[str, dict[str, int]]:
    """Per cohort rule and unit, the count of in-period records the rule matches."""
    rules = [c for c in compile_rules(scheme.rules) if c.kind.traits.cohort]
    out: dict[str, dict[str, int]] = {c.rule.id: defaultdict(int) for c in rules}
    if not rules:
        return {}
    for rec in records:
        if rec.act_date.year != period:
            continue
        for c in rules:
            if rec.kind in c.kinds and c.where(rec):
                out[c.rule.id][rec.unit] += 1
    return {k: dict(v) for k, v in out.items()}


def cohort_means(
    counts: Mapping[str, Mapping[str, int]], units: Sequence[Unit]
) -> dict[str, dict[str, Fraction]]:
    """Per rule and cohort, the mean count over the cohort's units (a unit without records counts 0)."""
    members: dict[str, list[str]] = defaultdict(list)
    for u in units:
        if u.category is not None:
            members[u.category].append(u.id)
    out: dict[str, dict[str, Fraction]] = {}
    for rule_id, per_unit in counts.items():
        out[rule_id] = {
            cat: Fraction(sum(per_unit.get(u, 0) for u in ids), len(ids)) for cat, ids in members.items()
        }
    return out
