"""Problems found in schemes, records and units, and the errors that carry them.

Every check yields :class:`Problem` values (like ``jsonschema.iter_errors``) so
that a user sees all of them at once; the ``*Invalid`` exceptions carry the full
list and put the most important one in their message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

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


class DutyscoreError(Exception):
    """Base class of every error dutyscore raises on purpose."""


class _ProblemsError(DutyscoreError):
    kind = "input"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        errors = errors_only(self.problems)
        first = errors[0] if errors else (self.problems[0] if self.problems else None)
        more = len(errors) - 1
        text = str(first) if first else f"invalid {self.kind}"
        if more > 0:
            text += f" (and {more} more error{'s' if more > 1 else ''})"
        super().__init__(text)


class SchemeInvalid(_ProblemsError):
    """A scheme file failed to load; ``problems`` lists every finding."""

    kind = "scheme"


class RecordsInvalid(_ProblemsError):
    """Some records are invalid; each problem names the record id and field."""

    kind = "records"


class UnitsInvalid(_ProblemsError):
    """The units file is invalid."""

    kind = "units"


class EvaluationError(DutyscoreError):
    """Evaluation could not be completed (e.g. no period could be determined)."""
