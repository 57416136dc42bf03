"""What a rule kind is: a typed model, its checks, its evaluation and its traits, declared once.

A kind is a :class:`RuleKind` registered under its name. Its model (a subclass of
:class:`RuleBase` with ``kind: Literal["<name>"]`` and only its own fields) is what
the JSON Schema of the scheme format is generated from and what the engine reads;
its ``check`` yields located problems no JSON Schema can express; its
``evaluate`` turns all of one unit's matching records into ledger entries at
once (so a kind can later offer a batched or compiled path); its
:class:`Traits` tell the rest of the engine what it needs to know about the kind
without naming it. Nothing outside a kind's module tests for a kind by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Generic, TypeVar, get_args

from pydantic import Field

from .._exact import ZERO, Exact, magnitude, normal, text
from ..records.model import Record, order_of
from ..scheme.parts import (
    Amount,
    Direction,
    Id,
    Office,
    Points,
    Range,
    SchemeAmount,
    Selecting,
    Selector,
    Source,
    Text,
)
from ..scoring.context import UnitContext, book_item
from ..scoring.ledger import Decision, Entry, EntryKind

if TYPE_CHECKING:
    from .._problems import Problem
    from ..scheme.refs import RuleChecks


class RuleBase(Selector):
    """What every rule has: id, title, the records it looks at, where it books, its citation.

    A kind's model subclasses this with ``kind: Literal["<name>"]`` and its own fields.
    """

    id: Id
    kind: str
    title: Text
    source: Source = Field(description="the clause this rule encodes (every rule cites one)")
    direction: Direction = Field("deduction", description="deduction (扣分) or bonus (加分)")
    note: str | None = None
    item: Id | None = Field(None, description="the scored item its amounts are booked to")
    item_from: Id | None = Field(None, description="an attribute of type item that names the item per record")
    cap: SchemeAmount | None = Field(None, description="最高…分: the most this rule gives or takes per unit")
    office: Office | None = None

    def limit(self) -> tuple[str, Amount] | None:
        """The rule's own cap as (the word for it, the amount), filled in record order."""
        return ("cap", self.cap) if self.cap is not None else None

    def reads(self) -> Iterator[Read]:
        """The record attributes this rule reads, with the types they must have."""
        if self.item_from is not None:
            yield Read(("item_from",), self.item_from, frozenset({"item"}), "attribute", "of type item")

    def attribute_ranges(self) -> dict[str, Range]:
        """Ranges the rule requires of attributes of the records it matches (what
        :meth:`record_problems` enforces), so that generated records can respect them."""
        return {}

    def record_problems(self, record: Record) -> Iterator[tuple[str, str]]:
        """(field, message) for a record this rule matches but must refuse (an amount an
        assessor entered outside the rule's range); checked when records are validated."""
        return iter(())

    def consequences_of(self, label: str) -> tuple[str, ...]:
        """The consequence ids an outcome entry labelled ``label`` brings (a vote's outcome)."""
        return ()

    def consequence_refs(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """(path, consequence id) of every consequence the rule names, for the checks."""
        return iter(())

    def counted_selectors(self) -> tuple[Selecting, ...]:
        """Records the rule counts besides its own matches (a discretionary rule's trigger)."""
        return ()

    def total_set(self) -> Amount | None:
        """The total this rule sets when it fires (an override), or None."""
        return None


@dataclass(frozen=True, slots=True)
class Read:
    """One attribute a rule reads: where the rule names it, and the types it must have."""

    path: tuple[str | int, ...]
    attribute: str
    types: frozenset[str]
    what: str
    must_be: str


@dataclass(frozen=True, slots=True)
class Traits:
    """What the engine needs to know about a kind without naming it.

    ``books_to_item``: its amounts go to an item (``item`` or ``item_from`` required).
    ``cappable``: a ``cap`` on the rule applies. ``monotone``: one more matching
    record can only move the total in the rule's direction (property tests rely on
    it). ``cohort``: it needs the cohort pre-pass (per unit, the count of records
    it matches, averaged over the cohort). ``entry_kinds``: what its ledger lines are.
    """

    books_to_item: bool = True
    cappable: bool = True
    monotone: bool = False
    cohort: bool = False
    entry_kinds: frozenset[EntryKind] = frozenset({"deduction", "bonus"})


R = TypeVar("R", bound=RuleBase)

Evaluate = Callable[[R, Sequence[Record], UnitContext], list[Entry]]
Check = Callable[[R, "RuleChecks"], Iterable["Problem"]]


@dataclass(frozen=True, slots=True)
class PerRecordSpec:
    """How a kind that books one entry per matching record finds each record's amount.

    A kind that declares it (``RuleKind.per_record``) lets the compiled plan score its
    records with a table lookup instead of a call per unit: ``amounts`` maps the
    record's values of ``keys`` (as text; ``()`` for a fixed amount) to the amount,
    which is multiplied by the integer attribute ``quantity`` when there is one.
    ``what`` is how a ledger line names the amount (``per record``, ``by table (level)``).
    """

    keys: tuple[str, ...]
    amounts: Mapping[tuple[str, ...], Points]
    quantity: str | None
    what: str
    #: Records that match but score zero (单位主动上报的不扣分), and why.
    exempt: Callable[[Record], bool] | None = None
    exempt_reason: str = ""

    def lookup(self, attributes: Mapping[str, Any]) -> Points | None:
        """The amount for a record's attributes, or None when the table has none."""
        return self.amounts.get(tuple([str(attributes.get(k)) for k in self.keys]))

    def entry(self, rule: RuleBase, unit: str, rec: Record, item_base: Mapping[str, Exact]) -> Entry | None:
        """The one ledger line of ``rec`` under ``rule``: amount × quantity, or zero when exempt;
        None when the table has no amount for it. The compiled plan builds its lines here too."""
        found = self.lookup(rec.attributes)
        if found is None:
            return None
        item = book_item(rule, rec)
        base = points_for_item(found, item, item_base)
        qty = int(rec.attributes.get(self.quantity, 1)) if self.quantity else 1
        amount = signed(rule, base * qty if isinstance(base, Decimal) else Fraction(base) * qty)
        detail = f"{qty} × {text(normal(base))}" if self.quantity else f"{text(normal(base))} {self.what}"
        line = Entry(
            unit, item, rule.id, rule.direction, (rec.id,), amount, amount, detail, order=order_of(rec)
        )
        if self.exempt is not None and self.exempt(rec):
            line.cut(ZERO, Decision("exempt", rule.id, magnitude(amount), self.exempt_reason))
        return line


def no_checks(rule: Any, checks: RuleChecks) -> Iterable[Problem]:
    """For a kind whose model and the shared checks say everything."""
    return ()


@dataclass(frozen=True, slots=True)
class RuleKind(Generic[R]):
    """A rule kind's declaration: its name, model, evaluation, checks and traits."""

    name: str
    model: type[R]
    evaluate: Evaluate[R]
    check: Check[R] = no_checks
    traits: Traits = field(default_factory=Traits)
    #: For a kind that books one entry per record: its amounts as a table the plan compiles.
    per_record: Callable[[R], PerRecordSpec] | None = None

    @property
    def summary(self) -> str:
        """The first line of the model's docstring: what the kind computes."""
        return (self.model.__doc__ or self.name).strip().splitlines()[0]


#: kind name → its declaration, in registration order. Populated by :func:`register_rule_kind`.
RULE_KINDS: dict[str, RuleKind[Any]] = {}


def register_rule_kind(kind: RuleKind[R], *, replace: bool = False) -> RuleKind[R]:
    """Add a rule kind; schemes may use it from then on, and the JSON Schema includes it.

    The model must declare ``kind: Literal["<name>"]``. Registering a name twice is an
    error unless ``replace`` is true (a test that redefines its own kind).
    """
    field_info = kind.model.model_fields.get("kind")
    if field_info is None or get_args(field_info.annotation) != (kind.name,):
        raise TypeError(f"the model of rule kind {kind.name!r} must declare kind: Literal[{kind.name!r}]")
    if kind.name in RULE_KINDS and not replace and RULE_KINDS[kind.name] is not kind:
        raise ValueError(f"rule kind {kind.name!r} is already registered")
    RULE_KINDS[kind.name] = kind
    return kind


def unregister_rule_kind(name: str) -> RuleKind[Any]:
    """Remove a kind a test registered; returns its declaration."""
    return RULE_KINDS.pop(name)


def rule_kind(name: str) -> RuleKind[Any]:
    """The declaration of a registered kind; ``KeyError`` names the known ones."""
    try:
        return RULE_KINDS[name]
    except KeyError:
        raise KeyError(f"unknown rule kind {name!r} (known: {', '.join(sorted(RULE_KINDS))})") from None


def validate_rule(value: Any) -> RuleBase:
    """A rule's mapping as the model of its kind (the kind's own build step)."""
    if isinstance(value, RuleBase):
        return value
    if not isinstance(value, dict):
        raise ValueError("a rule is a mapping")
    name = value.get("kind")
    if not isinstance(name, str) or name not in RULE_KINDS:
        raise ValueError(f"unknown rule kind {name!r} (known: {', '.join(sorted(RULE_KINDS))})")
    rule: RuleBase = RULE_KINDS[name].model.model_validate(value)
    return rule


def resolve_points(points: Points, item: str | None, ctx: UnitContext) -> Amount:
    """An amount as written, or the booked item's base (or a fraction of it)."""
    return points_for_item(points, item, ctx.item_base)


def points_for_item(points: Points, item: str | None, item_base: Mapping[str, Exact]) -> Amount:
    """:func:`resolve_points` given the item bases rather than a unit's context."""
    if isinstance(points, Decimal | Fraction):
        return points
    base = item_base.get(item or "", Decimal(0))
    if points == "base":
        return base
    return normal(Fraction(points.of_base) * Fraction(base))


def points_text(points: Points) -> str:
    """``2``, ``base`` or ``1/2 of base``: how a detail line names the amount it applied."""
    if isinstance(points, Decimal | Fraction):
        return text(normal(points))
    return "base" if points == "base" else f"{text(normal(points.of_base))} of base"


def signed(rule: RuleBase, magnitude: Amount) -> Exact:
    """The ledger amount: negative for a deduction, positive for a bonus."""
    value = normal(magnitude)
    return -value if rule.direction == "deduction" else value


def record_entry(
    rule: RuleBase,
    ctx: UnitContext,
    record: Record,
    item: str | None,
    amount: Exact,
    detail: str,
    counted: tuple[str, ...] = (),
    kind: EntryKind | None = None,
) -> Entry:
    """The ledger entry of one record's contribution under ``rule`` (raw = applied, for now)."""
    return Entry(
        ctx.unit,
        item,
        rule.id,
        kind or rule.direction,
        (record.id,),
        amount,
        amount,
        detail,
        counted=counted,
        order=order_of(record),
    )


def aggregate_entry(
    rule: RuleBase, ctx: UnitContext, amount: Exact, detail: str, counted: tuple[str, ...]
) -> Entry:
    """The ledger entry of a rule that looks at a count, not at one record."""
    return Entry(ctx.unit, rule.item, rule.id, rule.direction, (), amount, amount, detail, counted=counted)


def ids_in_order(records: Sequence[Record]) -> tuple[str, ...]:
    """Record ids in the stable order of :func:`order_of`."""
    return tuple(r.id for r in sorted(records, key=order_of))
