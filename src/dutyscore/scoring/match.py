"""Which records a rule looks at: event kinds plus a ``where`` on attributes.

Conditions are compiled once per rule into plain predicates so that matching a
record is a dictionary lookup and a few comparisons. The operators carry the
Chinese counting words: 以上 ``ge``, 以下/以内 ``le``, 超过 ``gt``, 不足/少于 ``lt``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..kinds.base import RuleBase, RuleKind, rule_kind
from ..records.model import Record, order_of
from ..scheme.parts import CountOp

Predicate = Callable[[Record], bool]

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "ge": operator.ge,
    "gt": operator.gt,
    "le": operator.le,
    "lt": operator.lt,
}


def count_holds(condition: Mapping[CountOp, Any], count: Any) -> bool:
    """Whether ``count`` satisfies every operator of ``condition`` (``{"ge": 3}``, ``{"gt": 1/3}``)."""
    for op, bound in condition.items():  # noqa: SIM110 (a plain loop: this runs once per record)
        if not _COMPARE[op](count, bound):
            return False
    return True


def describe_condition(condition: Mapping[CountOp, Any]) -> str:
    """``ge 5, le 10`` as ``≥ 5 and ≤ 10`` for people."""
    signs = {"eq": "=", "ne": "≠", "ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
    return " and ".join(f"{signs.get(op, op)} {v}" for op, v in condition.items())


def _test(op: str, expected: Any) -> Callable[[Any], bool]:
    if op == "in":
        allowed = tuple(expected) if isinstance(expected, list | tuple) else (expected,)
        return lambda v: any(x in allowed for x in v) if isinstance(v, tuple) else v in allowed
    if op == "contains":
        return lambda v: isinstance(v, tuple) and expected in v
    cmp = _COMPARE[op]

    def test(v: Any) -> bool:
        try:
            return bool(cmp(v, expected))
        except TypeError:
            return False

    return test


_MISSING = object()


def compile_where(where: Mapping[str, Any]) -> Predicate:
    """A predicate for a rule's ``where``; a plain value on a list attribute means contains.

    Built once per rule and called once per record, so it avoids generators: one
    attribute lookup and one comparison per condition.
    """
    checks: list[tuple[str, Callable[[Any], bool]]] = []
    for attr, cond in where.items():
        if isinstance(cond, Mapping):
            for op, expected in cond.items():
                checks.append((attr, _test(op, expected)))
        else:
            expected = cond

            def plain(v: Any, expected: Any = expected) -> bool:
                return expected in v if type(v) is tuple else bool(v == expected)

            checks.append((attr, plain))
    if not checks:
        return lambda record: True
    if len(checks) == 1:
        attr, test = checks[0]

        def single(record: Record) -> bool:
            value = record.attributes.get(attr, _MISSING)
            return value is not _MISSING and test(value)

        return single

    def predicate(record: Record) -> bool:
        attrs = record.attributes
        for attr, test in checks:
            value = attrs.get(attr, _MISSING)
            if value is _MISSING or not test(value):
                return False
        return True

    return predicate


def select(kinds: Iterable[str], where: Mapping[str, Any], records: Iterable[Record]) -> list[Record]:
    """The records of the given event kinds whose ``where`` holds (a veto's, an obligation's)."""
    wanted, pred = frozenset(kinds), compile_where(where)
    return [r for r in records if r.kind in wanted and pred(r)]


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule with its event kinds as a set and its ``where`` compiled, built once per evaluation."""

    rule: RuleBase
    kind: RuleKind[Any]
    kinds: frozenset[str]
    where: Predicate

    def hits(self, by_kind: Mapping[str, Sequence[Record]]) -> list[Record]:
        """The unit's records this rule looks at, in record order (``by_kind``: one unit's
        records by event kind, each list in record order)."""
        where = self.where
        found = [r for k in self.kinds for r in by_kind.get(k, ()) if where(r)]
        if len(self.kinds) > 1:
            found.sort(key=order_of)  # not grouped by kind: a set's order may change between runs
        return found


def compile_rules(rules: Iterable[RuleBase]) -> list[CompiledRule]:
    """Rules in scheme order, each with its kind's declaration and compiled predicate."""
    return [
        CompiledRule(r, rule_kind(r.kind), frozenset(r.event_kinds), compile_where(r.where)) for r in rules
    ]
