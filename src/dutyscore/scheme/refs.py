"""What the semantic checks may ask of a scheme, built tolerantly from its document.

A scheme whose JSON Schema check failed is still checked for everything else, so
the references here come from the parts that did validate: ``event_kinds`` maps
every declared name to its typed kind, or to None when that kind is malformed
(its attributes are then not checked, rather than reported missing). Checks
never read the raw document, so a bug in one surfaces as an exception instead
of vanishing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
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
    consequence_ids: set[str] = field(default_factory=set)
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
        """A selector's event kinds are declared, its ``where`` names their attributes, and
        the values it compares with are values those attributes can take."""
        names = part.event_kinds
        yield from self.event_kinds(names, (*path, "events" if part.events is not None else "event"))
        for attr, cond in part.where.items():
            here = (*path, "where", attr)
            missing = list(self.require_attribute(names, attr, here))
            yield from missing
            if not missing:
                yield from self.where_values(names, attr, cond, here)

    def where_values(self, kinds: Sequence[str], attr: str, cond: object, path: Path) -> Iterator[Problem]:
        """Values compared for equality (plain, ``eq``, ``ne``, ``in``, ``contains``) are allowed
        values of the attribute; a ``rule`` value names a rule that looks at these kinds."""
        wanted: list[object] = []
        if isinstance(cond, Mapping):
            for op in ("eq", "ne", "in", "contains"):
                if op in cond:
                    value = cond[op]
                    wanted.extend(value if op == "in" and isinstance(value, list | tuple) else [value])
        else:
            wanted.append(cond)
        for name in kinds:
            kind = self.refs.event_kinds.get(name)
            spec = kind.attributes.get(attr) if kind is not None else None
            if spec is None:
                continue
            for value in wanted:
                if spec.values is not None and value not in spec.values:
                    allowed = ", ".join(map(str, spec.values))
                    yield self.problem(path, f"{value!r} is not a value of {attr!r} of {name!r} ({allowed})")
                elif spec.type == "rule":
                    yield from self._names_a_reader(str(value), name, path)
                elif spec.type == "item" and self.refs.items_complete and value not in self.refs.leaves:
                    yield self.problem(path, f"{value!r} is not a scored item")

    def _names_a_reader(self, rule_id: str, kind: str, path: Path) -> Iterator[Problem]:
        if rule_id not in self.refs.rule_ids:
            yield self.problem(path, f"unknown rule {rule_id!r}")
            return
        rule = self.refs.rules.get(rule_id)
        if rule is not None and kind not in rule.event_kinds:
            yield self.problem(path, f"rule {rule_id!r} does not look at {kind!r} records")

    def consequences(self, ids: Sequence[str], path: Path) -> Iterator[Problem]:
        """Each id names a consequence the scheme declares."""
        for j, cid in enumerate(ids):
            if cid not in self.refs.consequence_ids:
                yield self.problem((*path, j), f"unknown consequence {cid!r}")

    def source(self, document: str, path: Path) -> Iterator[Problem]:
        """A citation names a declared document."""
        if document not in self.refs.documents:
            yield self.problem((*path, "document"), f"unknown document {document!r}")


#: The helpers a rule kind's ``check`` receives (paths relative to the rule).
RuleChecks = Checks
