"""Hypothesis strategies and checks for property tests of schemes.

Scheme authors and integrators import this module in their own tests (it
needs the ``test`` extra, which brings hypothesis)::

    from hypothesis import given
    from dutyscore import load_scheme, evaluate
    from dutyscore.testing import records_for, ledger_problems

    scheme = load_scheme("jiangsu-platform-2018")

    @given(records_for(scheme, units=("u1", "u2"), year=2018))
    def test_ledger_is_sound(records):
        assert ledger_problems(evaluate(scheme, records, period=2018)) == []

Every value is drawn from what the scheme accepts (an attribute of type ``rule``
names a rule that looks at the record's kind), and every generated record is
validated exactly as a file's would be: the strategy fails loudly on one that
does not validate. :class:`RuleCoverage` says which rules a run reached.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ._exact import normal
from .kinds.base import rule_kind
from .records.model import RawRecord, Record
from .records.validate import validate_records
from .results.evaluation import Evaluation
from .scheme.model import Scheme
from .scheme.parts import Attribute

__all__ = [
    "RuleCoverage",
    "attribute_values",
    "ledger_problems",
    "monotone_deduction_kinds",
    "records_for",
]


def _rules_for(scheme: Scheme, kind: str | None) -> list[str]:
    """Rule ids a record of ``kind`` may name: those that look at it, else every rule."""
    looking = [r.id for r in scheme.rules if kind in r.event_kinds]
    return looking or [r.id for r in scheme.rules]


def _bounds(
    spec: Attribute, scheme: Scheme, kind: str | None, name: str | None
) -> tuple[Fraction | None, Fraction | None]:
    """The attribute's own min and max, narrowed by the ranges of the rules that read it."""
    lows = [Fraction(spec.min)] if spec.min is not None else []
    highs = [Fraction(spec.max)] if spec.max is not None else []
    for rule in scheme.rules:
        allowed = rule.attribute_ranges().get(name or "")
        if allowed is not None and kind in rule.event_kinds:
            lows += [Fraction(allowed.min)] if allowed.min is not None else []
            highs += [Fraction(allowed.max)] if allowed.max is not None else []
    return (max(lows) if lows else None, min(highs) if highs else None)


def attribute_values(
    spec: Attribute, scheme: Scheme, year: int, kind: str | None = None, name: str | None = None
) -> SearchStrategy[Any]:
    """Valid values of attribute ``name`` of event kind ``kind``, as a record file could hold them
    (within the ranges that the rules reading it require)."""
    one: SearchStrategy[Any]
    if spec.values is not None:
        one = st.sampled_from(list(spec.values))
    elif spec.type == "item":
        one = st.sampled_from([i.id for i in scheme.leaf_items()])
    elif spec.type == "rule":
        one = st.sampled_from(_rules_for(scheme, kind))
    elif spec.type == "integer":
        low, high = _bounds(spec, scheme, kind, name)
        lo = math.ceil(low) if low is not None else 0
        hi = math.floor(high) if high is not None else lo + 5
        one = st.integers(lo, hi)
    elif spec.type == "decimal":
        low, high = _bounds(spec, scheme, kind, name)
        lo_d = Decimal(math.ceil(low * 4)) / 4 if low is not None else Decimal(0)
        hi_d = Decimal(math.floor(high * 4)) / 4 if high is not None else lo_d + 10
        one = st.integers(0, int((hi_d - lo_d) * 4)).map(lambda n: lo_d + Decimal(n) / 4)
    elif spec.type == "boolean":
        one = st.booleans()
    elif spec.type == "date":
        one = st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31))
    else:
        one = st.text("abcdefgh", min_size=1, max_size=3)
    if spec.many:
        return st.lists(one, min_size=1, max_size=3, unique=True).map(tuple)
    return one


def _raw_record(
    scheme: Scheme, kind: str, unit: str, year: int, max_delay: int
) -> SearchStrategy[dict[str, Any]]:
    spec = scheme.event_kinds[kind]
    values = {n: attribute_values(a, scheme, year, kind, n) for n, a in spec.attributes.items()}
    required = {n: v for n, v in values.items() if spec.attributes[n].required}
    optional = {n: v for n, v in values.items() if not spec.attributes[n].required}
    attrs = st.fixed_dictionaries(required, optional=optional)
    act = st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31))
    delay = st.integers(0, max_delay)
    return st.tuples(act, delay, attrs).map(
        lambda t: {
            "unit": unit,
            "kind": kind,
            "act_date": t[0],
            "record_date": t[0] + dt.timedelta(days=t[1]),
            "attributes": t[2],
        }
    )


def _weighted_kinds(scheme: Scheme, names: Sequence[str]) -> list[str]:
    """Each event kind once, plus once per rule that looks at it, so that a kind many rules
    read (a 'finding' naming one of a hundred clauses) gets records in proportion."""
    out = list(names)
    for rule in scheme.rules:
        out.extend(k for k in rule.event_kinds if k in names)
    return out


def _validated(scheme: Scheme, rows: list[dict[str, Any]], id_prefix: str) -> list[Record]:
    raws = [RawRecord({"id": f"{id_prefix}{i}", **row}, "<generated>") for i, row in enumerate(rows)]
    records, problems = validate_records(raws, scheme)
    wrong = [p for p in problems if p.rule is None]
    if wrong:
        raise AssertionError(
            "dutyscore.testing generated records the scheme refuses: " + "; ".join(map(str, wrong[:5]))
        )
    return records  # without those a rule refuses (a rate without the average it is measured by)


def records_for(
    scheme: Scheme,
    *,
    units: Sequence[str] = ("u1",),
    year: int = 2018,
    kinds: Sequence[str] | None = None,
    min_size: int = 0,
    max_size: int = 30,
    max_delay: int = 25,
    id_prefix: str = "r",
) -> SearchStrategy[list[Record]]:
    """Lists of valid records of ``scheme`` for ``units`` in ``year``, with unique ids.

    ``kinds`` limits the event kinds; ``max_delay`` bounds the calendar days
    between act and record (lateness rules see the whole range). Optional
    attributes are sometimes absent. Each list is validated by
    :func:`~dutyscore.validate_records`: a record it refuses fails the test, except one that a
    rule of the scheme refuses (``Problem.rule``), which is left out of the list.
    """
    names = _weighted_kinds(scheme, sorted(kinds if kinds is not None else scheme.event_kinds))
    one = st.sampled_from(list(units)).flatmap(
        lambda u: st.sampled_from(names).flatmap(lambda k: _raw_record(scheme, k, u, year, max_delay))
    )
    return st.lists(one, min_size=min_size, max_size=max_size).map(
        lambda rows: _validated(scheme, rows, id_prefix)
    )


def monotone_deduction_kinds(scheme: Scheme) -> list[str]:
    """Event kinds whose records can only lower a score.

    A kind qualifies when every rule that looks at it (or counts it) is a
    deduction whose kind is ``monotone`` (its :class:`~dutyscore.Traits`); kinds
    seen by count thresholds, cohort steps or overrides do not, since one more
    record there can raise a score.
    """
    verdict: dict[str, bool] = {}
    for rule in scheme.rules:
        seen = list(rule.event_kinds)
        for selector in rule.counted_selectors():
            seen += list(selector.event_kinds)
        ok = rule.direction == "deduction" and rule_kind(rule.kind).traits.monotone
        for k in seen:
            verdict[k] = verdict.get(k, True) and ok
    return sorted(k for k, ok in verdict.items() if ok)


class RuleCoverage:
    """Which rules of a scheme the evaluations of a property run reached (matched a record)."""

    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme
        self.reached: set[str] = set()

    def add(self, ev: Evaluation) -> Evaluation:
        """Count the rules that matched a record in ``ev``; returns ``ev`` for chaining."""
        for outcome in ev.outcomes.values():
            self.reached.update(rule_id for rule_id, _ in outcome.hits)
        return ev

    @property
    def missing(self) -> list[str]:
        """The rules no evaluation reached, in scheme order."""
        return [r.id for r in self.scheme.rules if r.id not in self.reached]

    @property
    def share(self) -> Fraction:
        """The share of the scheme's rules reached (1 for a scheme without rules)."""
        n = len(self.scheme.rules)
        return Fraction(n - len(self.missing), n) if n else Fraction(1)


def ledger_problems(ev: Evaluation) -> list[str]:
    """Broken invariants of an evaluation; an empty list when the ledger is sound.

    Checks: entries add up to each total; each item's base, inputs, bonus and
    deduction are the sums of its lines; every rule's own limit and every scheme
    cap holds; each dedup key keeps exactly one entry, the largest; every
    in-period record has exactly one status.
    """
    out: list[str] = []
    scheme = ev.scheme
    base = {i.id: normal(i.base) for i in scheme.leaf_items() if i.base is not None}
    for uid, o in ev.outcomes.items():
        if o.ledger_sum() != o.total:
            out.append(f"{uid}: ledger does not add up to the total {o.total}")
        out.extend(_item_problems(ev, uid))
        by_rule: dict[str, list[Any]] = {}
        for e in o.entries:
            if e.rule is not None:
                by_rule.setdefault(e.rule, []).append(e)
        for rule in scheme.rules:
            limit = rule.limit()
            got = sum((abs(Fraction(e.applied)) for e in by_rule.get(rule.id, [])), Fraction(0))
            if limit is not None and got > limit[1]:
                out.append(f"{uid}: rule {rule.id} gives {normal(got)}, more than its {limit[0]} {limit[1]}")
        for cap in scheme.caps:
            groups: dict[str | None, Fraction] = {}
            for rid in cap.rules:
                for e in by_rule.get(rid, []):
                    key = e.item if cap.per == "item" else None
                    groups[key] = groups.get(key, Fraction(0)) + abs(Fraction(e.applied))
            for key, held in groups.items():
                limit_d = base.get(key or "", Decimal(0)) if cap.max == "base" else normal(cap.max)
                if held > limit_d:
                    out.append(f"{uid}: cap {cap.id} ({key}) holds {normal(held)} > {limit_d}")
        out.extend(_dedup_problems(ev, uid))
    seen: set[str] = set()
    for o in ev.outcomes.values():
        seen.update(o.statuses)
    missing = set(ev.records) - seen
    if missing:
        out.append(f"records without a status: {sorted(missing)[:5]}")
    return out


def _item_problems(ev: Evaluation, uid: str) -> Iterable[str]:
    """Each item's scores are the sums of its lines' applied amounts, by the kind of line."""
    sums: dict[tuple[str, str], Fraction] = {}
    for e in ev.entries(uid):
        if e.item is not None:
            sums[e.item, e.kind] = sums.get((e.item, e.kind), Fraction(0)) + Fraction(e.applied)
    for score in ev.item_scores(uid):
        for kind, field in (
            ("base", "base"),
            ("score", "inputs"),
            ("bonus", "bonus"),
            ("deduction", "deduction"),
        ):
            want = sums.get((score.item, kind), Fraction(0)) * (-1 if kind == "deduction" else 1)
            got = getattr(score, field)
            if Fraction(got) != want:
                yield f"{uid}: item {score.item} has {field} {got}, its lines {normal(want)}"


def _dedup_problems(ev: Evaluation, uid: str) -> Iterable[str]:
    """Each dedup key of one unit keeps exactly one entry, the largest."""
    for group in ev.scheme.dedup:
        members = None if group.rules == "all" else set(group.rules)
        keyed: dict[object, list[Any]] = {}
        for e in ev.entries(uid):
            if e.kind != group.direction or len(e.records) != 1 or e.raw == 0:
                continue
            if any(d.kind in ("not_applied", "exempt") for d in e.decisions):
                continue  # never took part in dedup: zero before it ran
            if members is not None and e.rule not in members:
                continue
            rec = ev.records[e.records[0]]
            key = e.records[0] if group.key == "record" else rec.attributes.get(group.key.attribute)
            if key is not None:
                keyed.setdefault(key, []).append(e)
        for key, entries in keyed.items():
            standing = [e for e in entries if not any(d.kind == "superseded" for d in e.decisions)]
            largest = max(abs(e.raw) for e in entries)
            if len(standing) != 1 or abs(standing[0].raw) != largest:
                yield (
                    f"{uid}: dedup {group.id} key {key} keeps {len(standing)} entries, "
                    f"not exactly the largest ({largest})"
                )
