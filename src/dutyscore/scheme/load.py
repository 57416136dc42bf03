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
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from .._problems import Problem, SchemeInvalid, errors_only
from .._text import read_text
from .._yamlsrc import Located, YamlSyntaxError, load_yaml
from .checks import check, typed_parts
from .model import Scheme
from .overlay import resolve_extends
from .rows import expand_rule_rows
from .schema import iter_schema_errors, schema_message
from .verified import bundle_is_verified

#: How the display name of a bundled scheme file begins.
BUNDLED = "<bundled>/"


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


def _check_text(text: str, file: str | None, verified: bool = False) -> tuple[Scheme | None, list[Problem]]:
    """Parse and check a scheme; ``verified`` skips the JSON Schema pass (a bundled text the
    test suite checked, see :mod:`.verified`)."""
    try:
        located = load_yaml(text)
    except YamlSyntaxError as exc:
        return None, [exc.problem(file)]
    raw = located.problems_in(file)
    doc = located.value
    if not isinstance(doc, dict):
        raw.append(Problem("a scheme is a mapping (key: value) at the top level"))
        return None, [_locate(located, p, file) for p in raw]
    raw.extend(resolve_extends(doc, file, read_scheme_text))
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
        scheme = Scheme.model_validate({**doc, "path": file})
    except PydanticValidationError as exc:  # the JSON Schema and the checks should have caught it
        for err in exc.errors():
            problems.append(_locate(located, Problem(err["msg"], tuple(err["loc"])), file))
        return None, problems
    return scheme, problems


def _bundled_files() -> list[tuple[str, str]]:
    """(file stem, display name) of each bundled scheme file: ``<id>.yaml``, ``<id>@<version>.yaml``."""
    folder = resources.files("dutyscore.schemes")
    return sorted(
        (p.name.removesuffix(".yaml"), f"{BUNDLED}{p.name}")
        for p in folder.iterdir()
        if p.name.endswith(".yaml")
    )


def bundled_scheme_ids() -> list[str]:
    """Ids of the schemes shipped inside the package (each once, whatever its versions)."""
    return sorted({stem.split("@", 1)[0] for stem, _ in _bundled_files()})


def _versions(scheme_id: str, folders: Sequence[str | Path]) -> list[tuple[str, str]]:
    """(text, name) of every file of ``scheme_id``: in ``folders`` first, then bundled."""
    out: list[tuple[str, str]] = []
    for folder in folders:
        for path in sorted(Path(folder).glob("*.y*ml")):
            if path.stem == scheme_id or path.stem.startswith(f"{scheme_id}@"):
                text, problem = read_text(path, what="scheme")
                if text is None:
                    raise SchemeInvalid([problem] if problem is not None else [])
                out.append((text, str(path)))
    bundled = resources.files("dutyscore.schemes")
    for stem, name in _bundled_files():
        if stem == scheme_id or stem.startswith(f"{scheme_id}@"):
            out.append((bundled.joinpath(f"{stem}.yaml").read_text("utf-8"), name))
    return out


def _facts(text: str) -> tuple[str, dt.date | None, dt.date | None]:
    """A candidate file's version and effective dates, read without checking the rest."""
    try:
        doc = load_yaml(text).value
    except YamlSyntaxError:
        return "", None, None
    doc = doc if isinstance(doc, dict) else {}
    eff = doc.get("effective")
    eff = eff if isinstance(eff, dict) else {}
    start, until = eff.get("from"), eff.get("until")
    return (
        str(doc.get("version", "")),
        start if isinstance(start, dt.date) else None,
        until if isinstance(until, dt.date) else None,
    )


def find_scheme_text(
    ref: str,
    *,
    version: str | None = None,
    as_of: dt.date | None = None,
    folders: Sequence[str | Path] = (),
) -> tuple[str, str]:
    """The text and display name of a scheme: a file path, or an id (``id@version`` too) whose
    files are looked for in ``folders`` and then among the bundled schemes. Of several versions,
    ``version`` names one, ``as_of`` picks the one in force on that date, and otherwise the one
    that took effect last is used."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.is_file():  # a folder named like an id is no scheme
        text, problem = read_text(path, what="scheme")
        if text is None:
            raise SchemeInvalid([problem] if problem is not None else [])
        return text.removeprefix("\ufeff"), str(path)
    scheme_id, _, at = ref.partition("@")
    version = version or at or None
    files = _versions(scheme_id, folders)
    if not files:
        known = ", ".join(bundled_scheme_ids()) or "none"
        raise SchemeInvalid([Problem(f"no such scheme file or bundled scheme {ref!r} (bundled: {known})")])
    if len(files) == 1 and version is None and as_of is None:
        return files[0]  # nothing to choose between: no need to read its version and dates
    facts = [(text, name, *_facts(text)) for text, name in files]
    if version is not None:
        chosen = [f for f in facts if f[2] == version]
        if not chosen:
            have = ", ".join(sorted({f[2] for f in facts}))
            raise SchemeInvalid(
                [Problem(f"scheme {scheme_id!r} has no version {version!r} (versions: {have})")]
            )
    elif as_of is not None:
        chosen = [f for f in facts if f[3] is not None and f[3] <= as_of and (f[4] is None or as_of <= f[4])]
        if not chosen:
            raise SchemeInvalid([Problem(f"no version of scheme {scheme_id!r} is in force on {as_of}")])
    else:
        chosen = facts
    best = max(chosen, key=lambda f: (f[3] or dt.date.min, f[2]))
    return best[0], best[1]


def read_scheme_text(ref: str) -> tuple[str, str]:
    """The text and display name of a scheme given as a bundled id (``id@version``) or a file path."""
    return find_scheme_text(ref)


def load_scheme_text(text: str, file: str | None = None) -> tuple[Scheme, list[Problem]]:
    """Parse and validate a scheme's text; returns it with its warnings."""
    scheme, problems = _check_text(text, file)
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
    text, name = find_scheme_text(ref, version=version, as_of=as_of, folders=folders)
    verified = name.startswith(BUNDLED) and bundle_is_verified()
    scheme, problems = _check_text(text, name, verified)
    if scheme is None:
        raise SchemeInvalid(problems)
    return scheme
