"""Assessed units: id, name and cohort (the category a unit is ranked in)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._jsonsrc import DuplicateKey, loads
from .._problems import Problem, UnitsInvalid
from .._text import read_text
from .._yamlsrc import YamlSyntaxError, load_yaml
from ..scheme.model import Scheme
from .csv_table import header_twice
from .invisible import invisible_problem


@dataclass(frozen=True, slots=True)
class Unit:
    """An assessed unit (被考核单位) and the cohort (同类) it is compared within."""

    id: str
    name: str
    category: str | None = None


def _rows(path: Path, encoding: str | None) -> list[Any]:
    text, problem = read_text(path, encoding, "units")
    if text is None:
        raise UnitsInvalid([problem] if problem is not None else [])
    name = str(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(text, name)
    if suffix == ".json":
        try:
            value = loads(text)
        except DuplicateKey as exc:
            raise UnitsInvalid([Problem(f"not valid JSON: {exc}", file=name)]) from None
        except json.JSONDecodeError as exc:
            problem = Problem(f"not valid JSON: {exc.msg}", file=name, line=exc.lineno, column=exc.colno)
            raise UnitsInvalid([problem]) from None
    else:
        located = load_yaml(text)
        if located.problems:
            raise UnitsInvalid(located.problems_in(name))
        value = located.value
    if isinstance(value, dict) and "units" in value:
        value = value["units"]
    if not isinstance(value, list):
        raise UnitsInvalid([Problem("expected a list of units or {units: [...]}", file=name)])
    return value


def _csv_rows(text: str, name: str) -> list[dict[str, str]]:
    """The rows of a units CSV, read strictly (an open quote or a column named twice is refused)."""
    rows = list(csv.reader(io.StringIO(text), strict=True))
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    twice = header_twice(header)
    if twice is not None:
        raise UnitsInvalid([Problem(twice, file=name, line=1, column=1)])
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not "".join(row).strip():
            continue
        if len(row) != len(header):
            raise UnitsInvalid(
                [
                    Problem(
                        f"row has {len(row)} cells, the header has {len(header)}", file=name, line=n, column=1
                    )
                ]
            )
        out.append(dict(zip(header, row, strict=True)))
    return out


def load_units(path: str | Path, scheme: Scheme | None = None, *, encoding: str | None = None) -> list[Unit]:
    """Units from a YAML, JSON or CSV file; categories checked against the scheme's cohorts."""
    p = Path(path)
    try:
        rows = _rows(p, encoding)
    except (OSError, json.JSONDecodeError, YamlSyntaxError, csv.Error) as exc:
        raise UnitsInvalid([Problem(f"cannot read units: {exc}", file=str(p))]) from None
    return units_from_rows(rows, scheme, source=str(p))


def units_from_frame(frame: Any, scheme: Scheme | None = None, *, source: str = "<frame>") -> list[Unit]:
    """Units from a pandas or polars DataFrame or a pyarrow Table (columns id, name, category)."""
    from .read import frame_rows  # the same row reading as records from a frame

    return units_from_rows(frame_rows(frame), scheme, source=source)


def units_from_rows(
    rows: Iterable[Any], scheme: Scheme | None = None, *, source: str = "<rows>"
) -> list[Unit]:
    """Units from mappings held in memory (id, name, category), checked as a units file is;
    problems name the row by its index (``units[3]``). Raises :class:`UnitsInvalid`."""
    problems: list[Problem] = []
    units: list[Unit] = []
    seen: set[str] = set()
    cohorts = set(scheme.cohorts) if scheme is not None and scheme.cohorts else None
    for i, row in enumerate(rows):
        where: tuple[str | int, ...] = ("units", i)
        if not isinstance(row, dict):
            problems.append(Problem("a unit is a mapping with id, name, category", where, source))
            continue
        unknown = set(row) - {"id", "name", "category"}
        if unknown:
            problems.append(Problem(f"unknown key(s): {', '.join(sorted(map(str, unknown)))}", where, source))
        uid = str(row.get("id") or "").strip()
        if not uid:
            problems.append(Problem("missing unit id", where, source))
            continue
        unseen = invisible_problem(uid, "unit id")
        if unseen is not None:
            problems.append(Problem(unseen, where, source))
            continue
        if uid in seen:
            problems.append(Problem(f"duplicate unit id {uid!r}", where, source))
        seen.add(uid)
        category = row.get("category") or None
        if cohorts is not None and category not in cohorts:
            allowed = ", ".join(sorted(cohorts))
            problems.append(
                Problem(
                    f"unit {uid!r}: category {category!r} is not one of: {allowed}",
                    (*where, "category"),
                    source,
                )
            )
        units.append(Unit(uid, str(row.get("name") or uid), None if category is None else str(category)))
    if problems:
        raise UnitsInvalid(problems)
    return units
