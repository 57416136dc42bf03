"""What the semantic checks may ask of a scheme, built tolerantly from its document.

A scheme whose JSON Schema check failed is still checked for everything else, so
the references here come from the parts that did validate: ``event_kinds`` maps
every declared name to its typed kind, or to None when that kind is malformed
(its attributes are then not checked, rather than reported missing). Checks
never read the raw document, so a bug in one surfaces as an exception instead
of vanishing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .._problems import Problem, Severity
from .obligations import ObligationModel
from .parts import Attribute, EventKind, Selecting

if TYPE_CHECKING:
    from ..kinds.base import RuleBase

Path = tuple[str | int, ...]


@dataclass(slots=True)
class SchemeRefs:
    """The ids a scheme declares, and the typed parts that validated."""

    documents: set[str] = field(default_factory=set)
    event_kinds: dict[str, EventKind | None] = field(default_factory=dict)
    #: Every item id declared (section or scored), and which of them are scored items.
    item_ids: set[str] = field(default_factory=set)
    leaves: set[str] = field(default_factory=set)
    #: Whether every item validated, so that a reference to an undeclared one is an error.
    items_complete: bool = True
    rule_ids: set[str] = field(default_factory=set)
    rules: dict[str, RuleBase] = field(default_factory=dict)
    obligation_ids: set[str] = field(default_factory=set)
    obligations: dict[str, ObligationModel] = field(default_factory=dict)
    cohorts: tuple[str, ...] = ()
    partial: bool = False

    def attributes(self, kinds: Sequence[str], attr: str) -> list[Attribute]:
        """The declarations of ``attr`` on those of ``kinds`` that validated and have it."""
        out = []
        for name in kinds:
            kind = self.event_kinds.get(name)
            if kind is not None and attr in kind.attributes:
                out.append(kind.attributes[attr])
        return out


@dataclass(frozen=True, slots=True)
class Checks:
    """Problem helpers for one part of a scheme, its path bound (``rules[3]``)."""

    refs: SchemeRefs
    here: Path

    def problem(self, path: Path, message: str, severity: Severity = "error") -> Problem:
        """A problem at ``path`` below this part."""
        return Problem(message, (*self.here, *path), severity=severity)

    def attributes(self, kinds: Sequence[str], attr: str) -> list[Attribute]:
        return self.refs.attributes(kinds, attr)

    def event_kinds(self, names: Sequence[str], path: Path) -> Iterator[Problem]:
        """Each name that is not a declared event kind."""
        for name in names:
            if name not in self.refs.event_kinds:
                yield self.problem(path, f"unknown event kind {name!r}")

    def require_attribute(
        self,
        kinds: Sequence[str],
        attr: str,
        path: Path,
        types: frozenset[str] | None = None,
        what: str = "attribute",
        must_be: str = "",
    ) -> Iterator[Problem]:
        """``attr`` exists on every one of ``kinds`` (that validated), with a type in ``types``."""
        for name in kinds:
            kind = self.refs.event_kinds.get(name)
            if kind is None:
                continue  # undeclared (reported once, on the event names) or malformed
            spec = kind.attributes.get(attr)
            if spec is None:
                yield self.problem(path, f"event kind {name!r} has no attribute {attr!r}")
            elif types is not None and spec.type not in types:
                yield self.problem(path, f"{what} {attr!r} must be {must_be}")

    def selector(self, part: Selecting, path: Path) -> Iterator[Problem]:
        """A selector's event kinds are declared and its ``where`` names their attributes."""
        names = part.event_kinds
        yield from self.event_kinds(names, (*path, "events" if part.events is not None else "event"))
        for attr in part.where:
            yield from self.require_attribute(names, attr, (*path, "where", attr))

    def source(self, document: str, path: Path) -> Iterator[Problem]:
        """A citation names a declared document."""
        if document not in self.refs.documents:
            yield self.problem((*path, "document"), f"unknown document {document!r}")


#: The helpers a rule kind's ``check`` receives (paths relative to the rule).
RuleChecks = Checks
