"""Rules written as a table: defaults declared once, one short row per rubric row.

A rubric of a hundred rows repeats the same event kind, direction, document and
"the finding names this row" in every rule. A ``rows`` entry in ``rules`` says
them once::

    rules:
      - rows:
          defaults: {event: finding, direction: deduction, document: ql, own_id: rule}
          per_kind:
            per_occurrence: {quantity: count}
            count_threshold: {count: {ge: 1}}
          columns: [id, item, kind, points, clause, title]
          rows:
            - [q0.1-a, q0.1, per_occurrence, 0.5, 强化组织领导（一）, 未传达学习…每项扣0.5分]

Each row becomes an ordinary rule, in place, before anything is validated: the
defaults, then the row kind's ``per_kind`` defaults, then the row's cells (a row may
also be a mapping of column → value, with extra keys; an empty cell, ``~``, gives
nothing). ``clause``, ``quote`` and ``document`` fill the rule's ``source``;
``own_id: rule`` adds ``where: {rule: <row id>}``, so no row repeats its id. Problems
in an expanded rule point at the row's cell.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from .._problems import Problem
from .._yamlsrc import Located, Mark, Path
from .parts import Frozen, Id

#: Columns and defaults that fill the rule's ``source`` instead of a key of their own.
_SOURCE_KEYS = ("document", "clause", "quote")


class RuleRows(Frozen):
    """Rules as a table: defaults, per-kind defaults, the columns, and one row per rule."""

    defaults: dict[str, Any] = Field(
        default_factory=dict,
        description="keys every row's rule gets; 'document' fills source.document, "
        "'own_id: ATTR' adds where: {ATTR: <row id>}",
    )
    per_kind: dict[Id, dict[str, Any]] = Field(
        default_factory=dict, description="keys a row of that kind gets (per_occurrence: {quantity: count})"
    )
    columns: Annotated[tuple[str, ...], Field(min_length=1)] = Field(
        description="the rule key of each cell; 'clause' and 'quote' fill source"
    )
    rows: Annotated[tuple[list[Any] | dict[str, Any], ...], Field(min_length=1)]


class RowsEntry(Frozen):
    """An entry of ``rules`` that stands for one rule per row."""

    rows: RuleRows


def _merge(rule: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if key in _SOURCE_KEYS:
            rule.setdefault("source", {})[key] = value
        elif key == "where" and isinstance(value, dict):
            rule["where"] = {**rule.get("where", {}), **value}
        else:
            rule[key] = value


def _expand_block(
    block: RuleRows, at: Path, located: Located, new_marks: dict[Path, Mark], first: int
) -> tuple[list[dict[str, Any]], list[Problem]]:
    out: list[dict[str, Any]] = []
    problems: list[Problem] = []
    defaults = dict(block.defaults)
    own_id = defaults.pop("own_id", None)
    for j, row in enumerate(block.rows):
        here: Path = (*at, "rows", "rows", j)
        if isinstance(row, list):
            if len(row) != len(block.columns):
                problems.append(
                    Problem(f"the row has {len(row)} cells; the columns are {len(block.columns)}", here)
                )
                continue
            # an empty cell (~) gives nothing: the rule has no such key
            cells = {c: v for c, v in zip(block.columns, row, strict=True) if v is not None}
            cell_paths = {c: (*here, p) for p, c in enumerate(block.columns)}
        else:
            cells = dict(row)
            cell_paths = {c: (*here, c) for c in row}
        rule: dict[str, Any] = {}
        _merge(rule, defaults)
        kind = cells.get("kind", defaults.get("kind"))
        if isinstance(kind, str):
            _merge(rule, block.per_kind.get(kind, {}))
        _merge(rule, cells)
        if isinstance(own_id, str) and isinstance(rule.get("id"), str):
            rule["where"] = {**rule.get("where", {}), own_id: rule["id"]}
        target: Path = ("rules", first + len(out))
        row_mark = located.mark_for(here)
        if row_mark is not None:
            new_marks[target] = row_mark
        for key in rule:
            source = cell_paths.get(key) or (*at, "rows", "defaults", key)
            mark = located.marks.get(source) or row_mark
            if mark is not None:
                new_marks[(*target, key)] = mark
        for key in _SOURCE_KEYS:
            source = cell_paths.get(key) or (*at, "rows", "defaults", key)
            mark = located.marks.get(source)
            if mark is not None:
                new_marks[(*target, "source", key)] = mark
        out.append(rule)
    return out, problems


def expand_rule_rows(doc: dict[str, Any], located: Located) -> list[Problem]:
    """Replace each ``rows`` entry of ``doc["rules"]`` by its rules, in place, moving the marks
    so that every later problem still points at the line and column an author wrote."""
    rules = doc.get("rules")
    if not isinstance(rules, list) or not any(isinstance(r, dict) and "rows" in r for r in rules):
        return []
    problems: list[Problem] = []
    expanded: list[Any] = []
    new_marks: dict[Path, Mark] = {}
    moved: dict[int, int] = {}
    for i, entry in enumerate(rules):
        if not (isinstance(entry, dict) and "rows" in entry):
            moved[i] = len(expanded)
            expanded.append(entry)
            continue
        try:
            block = RowsEntry.model_validate(entry).rows
        except PydanticValidationError as exc:
            for err in exc.errors():
                problems.append(Problem(err["msg"], ("rules", i, *err["loc"])))
            continue
        got, more = _expand_block(block, ("rules", i), located, new_marks, len(expanded))
        expanded.extend(got)
        problems.extend(more)
    # problems of the blocks as written are located now, by the paths the author wrote
    located_problems = [located.problem_at(p.path, p.message, None) for p in problems]
    for path, mark in located.marks.items():
        if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
            if path[1] in moved:
                new_marks.setdefault(("rules", moved[path[1]], *path[2:]), mark)
        else:
            new_marks.setdefault(path, mark)
    located.marks = new_marks
    doc["rules"] = expanded
    return located_problems
