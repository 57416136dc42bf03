"""``table``: an amount looked up by the record's key attributes (级别 × 处理结果), × a quantity.

The scheme's table is a nested mapping, one level per key, as the source
document prints it (e.g. 受到表彰: 国家级 3, 省级 2, 市级 1). Every combination of the
keys' allowed values must have an amount, and nothing else may be there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import InvalidOperation
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field

from .._problems import Problem
from ..records.model import Record
from ..scheme.parts import Direction, Id, Points, parse_amount, parse_points
from ..scheme.refs import RuleChecks
from ..scoring.context import UnitContext
from ..scoring.ledger import Entry
from .base import PerRecordSpec, RuleKind, register_rule_kind
from .per_record import PerRecordRule, check_exempt, per_record_entries, spec_for


class Table(PerRecordRule):
    """An amount looked up by the values of the record's key attributes (a points table)."""

    kind: Literal["table"]
    direction: Direction
    keys: Annotated[tuple[Id, ...], Field(min_length=1, max_length=3)] = Field(
        description="the attributes the table is keyed by, outermost first"
    )
    table: Annotated[dict[str, Any], Field(min_length=1)] = Field(
        description="amounts nested by the keys' values; an amount may be 'base' or {of_base: '1/2'}"
    )

    @cached_property
    def amounts(self) -> dict[tuple[str, ...], Points]:
        """The table flattened once: key values → exact amount (or the item's base, or a share)."""
        out: dict[tuple[str, ...], Points] = {}

        def walk(node: Any, path: tuple[str, ...]) -> None:
            if len(path) == len(self.keys):
                if node is not None and (not isinstance(node, dict) or "of_base" in node):
                    out[path] = parse_points(node)
                return
            if isinstance(node, dict):
                for key, value in node.items():
                    walk(value, (*path, str(key)))

        walk(self.table, ())
        return out

    @cached_property
    def spec(self) -> PerRecordSpec:
        """The flattened table as the plan and :func:`evaluate` read it."""
        return spec_for(self, self.keys, self.amounts, f"by table ({', '.join(self.keys)})")


def evaluate(rule: Table, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """The looked-up amount (an item's base resolved for the record's item) × quantity per record."""
    return per_record_entries(rule, rule.spec, matches, ctx)


def check(rule: Table, checks: RuleChecks) -> Iterable[Problem]:
    """Every combination of the key attributes' values has an amount, and nothing else."""
    yield from check_exempt(rule, checks)
    value_lists: list[list[str]] = []
    for j, key in enumerate(rule.keys):
        missing = list(checks.require_attribute(rule.event_kinds, key, ("keys", j)))
        if missing:
            yield from missing
            return
        specs = checks.attributes(rule.event_kinds, key)
        values = [spec.values for spec in specs if spec.values is not None]
        if not specs or len(values) != len(specs):
            yield checks.problem(("keys", j), f"table key {key!r} must be an attribute with 'values'")
            return
        value_lists.append([str(v) for v in values[0]])
    yield from _walk(rule, checks, value_lists, rule.table, 0, ("table",))


def _walk(
    rule: Table,
    checks: RuleChecks,
    value_lists: list[list[str]],
    node: Any,
    depth: int,
    path: tuple[str | int, ...],
) -> Iterator[Problem]:
    allowed = value_lists[depth]
    if not isinstance(node, dict):
        yield checks.problem(path, f"expected a mapping by {rule.keys[depth]!r}")
        return
    present = {str(k): v for k, v in node.items()}
    for k in node:
        if str(k) not in allowed:
            yield checks.problem((*path, k), f"{k!r} is not a value of {rule.keys[depth]!r}")
    for v in allowed:
        if v not in present:
            yield checks.problem(path, f"no amount for {rule.keys[depth]}={v!r}")
        elif depth + 1 < len(value_lists):
            yield from _walk(rule, checks, value_lists, present[v], depth + 1, (*path, v))
        elif not _is_amount(present[v]):
            yield checks.problem(
                (*path, v),
                f"{present[v]!r} is not an amount "
                "(a number ≥ 0, a fraction in quotes, base or {of_base: …})",
            )


def _is_amount(value: Any) -> bool:
    if value == "base":
        return True
    if isinstance(value, dict):
        return set(value) == {"of_base"} and value["of_base"] != "base" and _is_amount(value["of_base"])
    if isinstance(value, bool | list):
        return False
    try:
        parsed = parse_amount(value)
    except (ValueError, ZeroDivisionError, InvalidOperation):
        return False
    return parsed >= 0


KIND = register_rule_kind(RuleKind("table", Table, evaluate, check, per_record=lambda rule: rule.spec))
