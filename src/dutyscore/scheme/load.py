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
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from .._problems import Problem, SchemeInvalid, errors_only
from .._yamlsrc import Located, YamlSyntaxError, load_yaml
from .checks import check, typed_parts
from .model import Scheme
from .overlay import resolve_extends
from .resolve import BUNDLED, SchemeFiles
from .rows import expand_rule_rows
from .schema import iter_schema_errors, schema_message
from .verified import bundle_is_verified


def _jsonable(value: Any) -> Any:
    """Dates as ISO text so that the JSON Schema sees what a JSON file would hold."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def iter_scheme_problems(
    text: str, file: str | None = None, *, folders: Sequence[str | Path] = ()
) -> Iterator[Problem]:
    """Every problem of a scheme's text, errors and warnings, each located (``folders`` as for
    :func:`load_scheme_text`)."""
    yield from _check_text(text, file, SchemeFiles.of(folders, roots=folders))[1]


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


def _check_text(
    text: str, file: str | None, files: SchemeFiles, verified: bool = False
) -> tuple[Scheme | None, list[Problem]]:
    """Parse and check a scheme, its ``extends:`` found through ``files``; ``verified`` skips the
    JSON Schema pass (a bundled text the test suite checked, see :mod:`.verified`)."""
    try:
        located = load_yaml(text)
    except YamlSyntaxError as exc:
        return None, [exc.problem(file)]
    raw = located.problems_in(file)
    doc = located.value
    if not isinstance(doc, dict):
        raw.append(Problem("a scheme is a mapping (key: value) at the top level"))
        return None, [_locate(located, p, file) for p in raw]
    sources: list[str] = []
    base_problems = resolve_extends(doc, file, files, sources)
    if any(p.path == ("extends",) for p in base_problems):  # no base: nothing else can be checked
        return None, [_locate(located, p, file) for p in base_problems]
    raw.extend(base_problems)
    raw.extend(expand_rule_rows(doc, located))
    errors = [] if verified else iter_schema_errors(_jsonable(doc))
    for error in errors:
        path, message = schema_message(error)
        raw.append(Problem(message, path))
    raw.extend(check(typed_parts(doc, (tuple(e.absolute_path) for e in errors))))
    problems = sorted((_locate(located, p, file) for p in raw), key=lambda p: (p.line or 0, p.column or 0))
    if errors_only(problems):
        return None, problems
    try:
        scheme = Scheme.model_validate({**doc, "path": file, "bases": tuple(sources)})
    except PydanticValidationError as exc:  # the JSON Schema and the checks should have caught it
        for err in exc.errors():
            problems.append(_locate(located, Problem(err["msg"], tuple(err["loc"])), file))
        return None, problems
    return scheme, problems


def find_scheme_text(
    ref: str,
    *,
    version: str | None = None,
    as_of: dt.date | None = None,
    folders: Sequence[str | Path] = (),
) -> tuple[str, str]:
    """The text and display name of a scheme: a file path, or an id (``id@version`` too) whose
    files are looked for in ``folders`` (each must exist) and then among the bundled schemes. Of
    several versions, ``version`` names one, ``as_of`` picks the one in force on that date, and
    otherwise the one that took effect last is used (:mod:`.resolve`)."""
    return SchemeFiles.of(folders).find(ref, version=version, as_of=as_of)


def read_scheme_text(ref: str) -> tuple[str, str]:
    """The text and display name of a scheme given as a bundled id (``id@version``) or a file path."""
    return find_scheme_text(ref)


def load_scheme_text(
    text: str, file: str | None = None, *, folders: Sequence[str | Path] = ()
) -> tuple[Scheme, list[Problem]]:
    """Parse and validate a scheme's text (an upload, say); returns it with its warnings.

    ``file`` only names the text in messages. An ``extends:`` in it may name a bundled id, or an
    id or a file in ``folders``; with no folders, no file is read at all, and a path that leaves
    them is refused without a word on whether it exists."""
    scheme, problems = _check_text(text, file, SchemeFiles.of(folders, roots=folders))
    if scheme is None:
        raise SchemeInvalid(problems)
    return scheme, problems


def load_scheme(
    ref: str,
    *,
    version: str | None = None,
    as_of: dt.date | None = None,
    folders: Sequence[str | Path] = (),
) -> Scheme:
    """Load a scheme by id (``id@version``; bundled, or from ``folders``) or by path.

    With several versions of one id, ``version`` names one and ``as_of`` picks the one in
    force on that date; without either, the one that took effect last. Raises
    :class:`SchemeInvalid` with every problem.
    """
    scheme, problems = check_scheme(ref, version=version, as_of=as_of, folders=folders)
    if scheme is None:
        raise SchemeInvalid(problems)
    return scheme


def check_scheme(
    ref: str,
    *,
    version: str | None = None,
    as_of: dt.date | None = None,
    folders: Sequence[str | Path] = (),
) -> tuple[Scheme | None, list[Problem]]:
    """The scheme a reference names (see :func:`load_scheme`) and its problems, the scheme None
    when one is an error. Its ``extends:`` may read files beside it and in ``folders``."""
    files = SchemeFiles.of(folders)
    text, name = files.find(ref, version=version, as_of=as_of)
    verified = name.startswith(BUNDLED) and bundle_is_verified()
    return _check_text(text, name, files.inside(name), verified)
