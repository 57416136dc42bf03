"""Problems, warnings and the errors that carry them: findings as data.

Every check yields :class:`Problem` values (like ``jsonschema.iter_errors``) so
that a user sees all of them at once; the ``*Invalid`` exceptions carry the full
list and put the most important one in their message. Each error class says
which exit code the command line gives it (as click's exceptions do), so the
CLI needs no chain of ``except`` clauses on private classes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from ._exits import EXIT_FAILED, EXIT_USAGE

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: where it is (file, line, column, path) and what is wrong."""

    message: str
    path: tuple[str | int, ...] = ()
    file: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"
    record_id: str | None = None
    field: str | None = None
    #: The rule that refused the record (a value outside its range, a target it needs), if one did.
    rule: str | None = None

    @property
    def path_text(self) -> str:
        """The path as ``rules[3].where.level``."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out or "<root>"

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        label = "" if self.severity == "error" else "warning: "
        if self.record_id is not None:
            subject = f"record {self.record_id!r}" + (f" field {self.field!r}" if self.field else "")
            return f"{where}: {label}{subject}: {self.message}"
        return f"{where}: {label}{self.path_text}: {self.message}"


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that block use; warnings are reported but do not stop work."""
    return [p for p in problems if p.severity == "error"]


class WarningModel(BaseModel):
    """Something an evaluation or report could do but wants a person to know.

    ``code`` is stable for systems to filter on; ``unit``, ``rule`` and ``record``
    say what it is about where it is about one; ``message`` is the sentence the
    command line prints.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    unit: str | None = None
    rule: str | None = None
    record: str | None = None

    def __str__(self) -> str:
        return self.message


class DutyscoreError(Exception):
    """Base class of every error dutyscore raises on purpose.

    ``exit_code`` is what the command line exits with; ``problems`` lists every
    located finding behind the error (empty when the message says it all).
    """

    exit_code: ClassVar[int] = EXIT_USAGE
    problems: list[Problem]

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.problems = []


class _ProblemsError(DutyscoreError):
    kind = "input"

    def __init__(self, problems: Sequence[Problem] | str) -> None:
        if isinstance(problems, str):  # one unlocated message
            problems = [Problem(problems)]
        errors = errors_only(problems)
        first = errors[0] if errors else (problems[0] if problems else None)
        more = len(errors) - 1
        text = str(first) if first else f"invalid {self.kind}"
        if more > 0:
            text += f" (and {more} more error{'s' if more > 1 else ''})"
        super().__init__(text)
        self.problems = list(problems)


class SchemeInvalid(_ProblemsError):
    """A scheme file failed to load; ``problems`` lists every finding."""

    kind = "scheme"


class RecordsInvalid(_ProblemsError):
    """Some records are invalid; each problem names the record id and field."""

    kind = "records"


class UnitsInvalid(_ProblemsError):
    """The units file is invalid."""

    kind = "units"


class PreviousInvalid(_ProblemsError):
    """Last year's result (``--previous``) is not a dutyscore result of the scheme being scored."""

    kind = "previous result"


class CalendarError(_ProblemsError):
    """A local calendar file is unreadable or malformed, or the calendar lacks a festival."""

    kind = "calendar"


class NotFound(DutyscoreError, KeyError):
    """An id that the scheme or the evaluation does not contain (an item, rule, obligation, unit)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UsageError(DutyscoreError, ValueError):
    """dutyscore was called with an argument it cannot use (a period outside the years it scores)."""


class EvaluationError(DutyscoreError):
    """Evaluation could not be completed (e.g. no period could be determined)."""

    exit_code = EXIT_FAILED
