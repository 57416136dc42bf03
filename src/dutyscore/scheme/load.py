"""Load a scheme file and report every problem in it, each with file:line:column.

Two layers: the JSON Schema generated from the models (shape, types, unknown
keys) and the semantic checks no JSON Schema can express (duplicate ids,
references to missing items, event kinds, attributes or documents, section
totals, each rule kind's own checks). ``iter_scheme_problems`` yields all of
them; ``load_scheme`` raises :class:`SchemeInvalid` with the list, or returns the
typed :class:`Scheme`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from .._problems import Problem, SchemeInvalid, errors_only
from .._yamlsrc import Located, YamlSyntaxError, load_yaml
from .checks import check, typed_parts
from .model import Scheme
from .rows import expand_rule_rows
from .schema import iter_schema_errors, schema_message


def _jsonable(value: Any) -> Any:
    """Dates as ISO text so that the JSON Schema sees what a JSON file would hold."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def iter_scheme_problems(text: str, file: str | None = None) -> Iterator[Problem]:
    """Every problem of a scheme's text, errors and warnings, each located."""
    yield from _check_text(text, file)[1]


def _locate(located: Located | None, problem: Problem, file: str | None) -> Problem:
    mark = located.mark_for(problem.path) if located and problem.line is None else None
    return Problem(
        problem.message,
        problem.path,
        file=file,
        line=mark.line if mark else problem.line,
        column=mark.column if mark else problem.column,
        severity=problem.severity,
    )


def _check_text(text: str, file: str | None) -> tuple[Scheme | None, list[Problem]]:
    try:
        located = load_yaml(text)
    except YamlSyntaxError as exc:
        line, col = (exc.mark.line, exc.mark.column) if exc.mark else (None, None)
        return None, [Problem(f"not valid YAML: {exc}", (), file, line, col)]
    raw: list[Problem] = [
        Problem(msg, path, line=m.line, column=m.column) for m, path, msg in located.problems
    ]
    doc = located.value
    if not isinstance(doc, dict):
        raw.append(Problem("a scheme is a mapping (key: value) at the top level"))
        return None, [_locate(located, p, file) for p in raw]
    raw.extend(expand_rule_rows(doc, located))
    errors = iter_schema_errors(_jsonable(doc))
    for error in errors:
        path, message = schema_message(error)
        raw.append(Problem(message, path))
    raw.extend(check(typed_parts(doc, (tuple(e.absolute_path) for e in errors))))
    problems = sorted((_locate(located, p, file) for p in raw), key=lambda p: (p.line or 0, p.column or 0))
    if errors_only(problems):
        return None, problems
    try:
        scheme = Scheme.model_validate({**doc, "path": file})
    except PydanticValidationError as exc:  # the JSON Schema and the checks should have caught it
        for err in exc.errors():
            problems.append(_locate(located, Problem(err["msg"], tuple(err["loc"])), file))
        return None, problems
    return scheme, problems


def bundled_scheme_ids() -> list[str]:
    """Ids of the schemes shipped inside the package."""
    folder = resources.files("dutyscore.schemes")
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def read_scheme_text(ref: str) -> tuple[str, str]:
    """The text and display name of a scheme given as a bundled id or a file path."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists():
        try:
            return path.read_text("utf-8"), str(path)
        except OSError as exc:
            raise SchemeInvalid([Problem(f"cannot read scheme: {exc.strerror}", file=str(path))]) from None
    if ref in bundled_scheme_ids():
        res = resources.files("dutyscore.schemes").joinpath(f"{ref}.yaml")
        return res.read_text("utf-8"), f"<bundled>/{ref}.yaml"
    known = ", ".join(bundled_scheme_ids()) or "none"
    raise SchemeInvalid([Problem(f"no such scheme file or bundled scheme {ref!r} (bundled: {known})")])


def load_scheme_text(text: str, file: str | None = None) -> tuple[Scheme, list[Problem]]:
    """Parse and validate a scheme's text; returns it with its warnings."""
    scheme, problems = _check_text(text, file)
    if scheme is None:
        raise SchemeInvalid(problems)
    return scheme, problems


def load_scheme(ref: str) -> Scheme:
    """Load a bundled scheme by id, or a scheme file by path; raises :class:`SchemeInvalid`."""
    text, name = read_scheme_text(ref)
    return load_scheme_text(text, name)[0]
