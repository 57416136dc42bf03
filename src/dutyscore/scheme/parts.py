"""The building blocks every part of a scheme shares: amounts, ids, citations, selectors.

A scheme's models are the one description of the format: the engine reads them,
and :mod:`dutyscore.scheme.schema` generates the published JSON Schema from
them. Where JSON cannot say what a Python type says (an exact amount, a
``where`` condition), the annotation carries its JSON Schema with it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .._exact import total as exact_total
from .._limits import number_problem

Amount = Decimal | Fraction
Direction = Literal["deduction", "bonus"]

#: Ids of items, rules, event kinds, attributes and documents: ASCII, no spaces.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def parse_amount(value: Any) -> Amount:
    """``2``, ``0.5`` or ``"1/2"`` as an exact number (Fraction only when needed), within the
    bounds that keep every sum exact (below 10^15, at most 10 decimal places)."""
    if isinstance(value, Fraction):
        parts: tuple[Decimal | int, ...] = (value.numerator, value.denominator)
        out: Amount = value
    elif isinstance(value, int | Decimal):
        out = Decimal(value)
        parts = (out,)
    else:
        text = str(value).strip()
        try:
            if "/" in text:
                numerator, _, denominator = text.partition("/")
                top, bottom = Decimal(numerator), Decimal(denominator)
                parts = (top, bottom)
                if any(p != p.to_integral_value() for p in parts if p.is_finite()):
                    raise ValueError(f"{text!r}: a fraction is two whole numbers, like 1/3")
            else:
                out = Decimal(text)
                parts = (out,)
        except InvalidOperation:
            raise ValueError(f"{text!r} is not a number") from None
    for part in parts:
        why = number_problem(part)
        if why is not None:
            raise ValueError(why)
    if len(parts) == 2 and not isinstance(value, Fraction):
        if parts[1] == 0:
            raise ValueError(f"{str(value).strip()!r} divides by zero")
        frac = Fraction(int(parts[0]), int(parts[1]))
        out = Decimal(frac.numerator) if frac.denominator == 1 else frac
    return out


def shared_def(name: str) -> dict[str, str]:
    """A placeholder the schema generator turns into ``{"$ref": "#/$defs/<name>"}``."""
    return {"x-dutyscore-def": name}


#: An exact amount in a scheme: ``2``, ``0.5`` or ``"1/2"``; never negative.
SchemeAmount = Annotated[Amount, BeforeValidator(parse_amount), WithJsonSchema(shared_def("amount"))]
#: An id (``^[A-Za-z0-9][A-Za-z0-9_.-]*$``).
Id = Annotated[str, Field(pattern=ID_PATTERN)]
#: Text that may not be empty (titles, reasons).
Text = Annotated[str, Field(min_length=1)]
#: Conditions on record attributes: ``{level: provincial}`` or ``{count: {ge: 3}}``.
Where = Annotated[dict[str, Any], WithJsonSchema(shared_def("where"))]
CountOp = Literal["eq", "ne", "ge", "gt", "le", "lt"]
#: A condition on a whole number: ``{ge: 3}`` (以上), ``{lt: 2}`` (不足), both bounds together.
CountCondition = Annotated[dict[CountOp, Annotated[int, Field(ge=0)]], Field(min_length=1)]
#: The office (牵头部门) responsible for an item or rule: one name or several.
Office = str | Annotated[tuple[str, ...], Field(min_length=1)]


def offices(office: str | tuple[str, ...] | None) -> list[str]:
    """An item's or rule's office as a list (one name, several, or none)."""
    if office is None:
        return []
    return [office] if isinstance(office, str) else list(office)

#: The JSON Schema of the shared definitions named by :func:`shared_def`.
SHARED_DEFS: dict[str, Any] = {
    "amount": {
        "description": "An exact amount: 2, 0.5 or '1/2' (a fraction in quotes). Never negative.",
        "oneOf": [
            {"type": "number", "minimum": 0},
            {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?(/[1-9][0-9]*)?$"},
        ],
    },
    "points": {
        "description": "An amount; 'base': the booked item's whole base (本项不得分); or "
        "{of_base: '1/2'}: that fraction of it (扣该项分值的一半).",
        "oneOf": [
            {"$ref": "#/$defs/amount"},
            {"const": "base"},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["of_base"],
                "properties": {"of_base": {"$ref": "#/$defs/amount"}},
            },
        ],
    },
    "where": {
        "description": "Conditions on record attributes (all must hold): a plain value means equal "
        "(or contains, for a list attribute); operators eq ne in contains ge gt le lt. "
        "以上 ge, 超过 gt, 以下/以内 le, 不足/少于 lt.",
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {
            "oneOf": [
                {"type": ["string", "number", "boolean"]},
                {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": False,
                    "properties": {op: {} for op in ("eq", "ne", "in", "contains", "ge", "gt", "le", "lt")},
                },
            ]
        },
    },
}

#: A selector names its event kinds with ``event`` or ``events``, never both.
EVENT_OR_EVENTS: dict[str, Any] = {"oneOf": [{"required": ["event"]}, {"required": ["events"]}]}


def parse_points(value: Any) -> Amount | Literal["base"] | OfBase:
    """An amount, ``base`` or ``{of_base: …}`` as written in a scheme (see :data:`Points`)."""
    return _points(value)  # type: ignore[no-any-return]


def _points(value: Any) -> Any:
    if value == "base" or isinstance(value, OfBase):
        return value
    if isinstance(value, dict):
        return OfBase.model_validate(value)
    return parse_amount(value)


class Frozen(BaseModel):
    """Scheme parts are immutable and refuse keys they do not know."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class Selecting(Frozen):
    """Something that may look at records: event kind(s) and a ``where`` on their attributes."""

    event: Id | None = Field(None, description="the event kind it looks at (or 'events')")
    events: Annotated[tuple[Id, ...], Field(min_length=1)] | None = Field(
        None, description="the event kinds it looks at (or 'event')"
    )
    where: Where = Field(default_factory=dict, description="conditions on the records' attributes")

    @property
    def event_kinds(self) -> tuple[str, ...]:
        return self.events or ((self.event,) if self.event else ())


class Selector(Selecting):
    """Something that looks at records: exactly one of ``event`` and ``events``."""

    model_config = ConfigDict(json_schema_extra=EVENT_OR_EVENTS)

    @model_validator(mode="after")
    def _one_of_event_events(self) -> Selector:
        if (self.event is None) == (self.events is None):
            raise ValueError("give 'event' or 'events' (exactly one)")
        return self


class Range(Frozen):
    """An amount's allowed range, both ends included (每例扣1-2分: ``{min: 1, max: 2}``)."""

    min: SchemeAmount | None = None
    max: SchemeAmount | None = None

    @model_validator(mode="after")
    def _one_end(self) -> Range:
        if self.min is None and self.max is None:
            raise ValueError("give 'min', 'max' or both")
        return self

    def holds(self, value: Amount) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def __str__(self) -> str:
        low = "" if self.min is None else str(self.min)
        high = "" if self.max is None else str(self.max)
        return (
            f"{low}–{high}"
            if self.min is not None and self.max is not None
            else (f"at least {low}" if self.max is None else f"at most {high}")
        )


class OfBase(Frozen):
    """A fraction of the booked item's base points (扣该项分值的一半: ``{of_base: "1/2"}``)."""

    of_base: SchemeAmount


#: An amount, ``base`` (the whole row: 本项不得分) or ``{of_base: "1/2"}`` of the booked item's base.
Points = Annotated[
    Amount | Literal["base"] | OfBase, BeforeValidator(_points), WithJsonSchema(shared_def("points"))
]


class Source(Frozen):
    """Where a rule comes from: a document key of the scheme and its clause (出处)."""

    document: Id = Field(description="a key of the scheme's 'documents'")
    clause: Text = Field(description="the clause, as the document numbers it (第十二条, 评分细则 一、1)")
    quote: str | None = Field(None, description="the clause's words, for readers of the scheme")


class Document(Frozen):
    """A cited document (文件); ``date`` is empty where the source text carries none."""

    number: str = Field(description="文号, e.g. 苏纪办发〔2018〕17号")
    date: Annotated[dt.date | None, WithJsonSchema({"type": ["string", "null"], "format": "date"})] = None
    title: str | None = None
    issuer: str | None = None
    note: str | None = None


class Effective(Frozen):
    """The dates a scheme applies to (施行日期); scoring a period outside them warns."""

    from_: dt.date = Field(alias="from")
    until: Annotated[dt.date | None, WithJsonSchema({"type": ["string", "null"], "format": "date"})] = None


def _limit(value: Any) -> Any:
    return value if value is None or value == "base" else parse_amount(value)


#: An amount, or ``base``: the item's own base points.
AmountOrBase = Annotated[
    Amount | Literal["base"],
    BeforeValidator(_limit),
    WithJsonSchema({"oneOf": [shared_def("amount"), {"const": "base"}]}),
]


class Bound(Frozen):
    """按百分制 / 最高不超过: the most (``ceiling``) or least (``floor``) a section or the total
    may score, with the clause that says so; the ledger shows the cut as an entry."""

    value: SchemeAmount
    source: Source


class Item(Frozen):
    """A section (with ``children``) or a scored item (with ``base``) of the scoring table."""

    model_config = ConfigDict(json_schema_extra={"not": {"required": ["base", "children"]}})

    id: Id
    title: Text
    title_en: str | None = None
    number: str | int | None = Field(None, description="the row number as the document prints it")
    base: SchemeAmount | None = Field(None, description="基本分: the points a scored item starts with")
    total: SchemeAmount | None = Field(
        None, description="a section's declared points, checked against its items"
    )
    weight: SchemeAmount | None = Field(
        None, description="权重 in a weighted composition (siblings sum to 1)"
    )
    max_deduction: AmountOrBase | None = Field(
        None, description="扣完为止: its deductions together never exceed this (or its base)"
    )
    office: Office | None = None
    note: str | None = None
    source: Source | None = None
    ceiling: Bound | None = Field(None, description="a section's score is at most this (加分后最高不超过)")
    floor: Bound | None = Field(None, description="a section's score is at least this")
    children: Annotated[tuple[Item, ...], Field(min_length=1)] = ()

    @field_validator("weight")
    @classmethod
    def _weight_above_zero(cls, weight: Amount | None) -> Amount | None:
        """A node weighted 0 adds nothing, and its own score (its contribution ÷ its weight) is
        undefined: leave the node out instead."""
        if weight is not None and weight == 0:
            raise ValueError("a weight must be more than 0")
        return weight

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> list[Item]:
        """This item and every descendant, depth first, in document order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def leaf_base(self) -> Amount:
        """Sum of the base points of the scored items under this node."""
        if self.is_leaf:
            return self.base if self.base is not None else Decimal(0)
        return exact_total(child.leaf_base() for child in self.children)


class Attribute(Frozen):
    """One attribute of an event kind, with its type and what values it allows."""

    type: Literal["string", "integer", "decimal", "boolean", "date", "item", "rule"]
    title: str | None = Field(None, description="the column title people use (中文)")
    required: bool = True
    many: bool = Field(False, description="a list of values (';' between them in CSV)")
    values: Annotated[tuple[Any, ...], Field(min_length=1)] | None = Field(None, description="allowed values")
    min: Annotated[Decimal | None, WithJsonSchema({"type": "number"})] = None
    max: Annotated[Decimal | None, WithJsonSchema({"type": "number"})] = None
    default: Any = None

    @model_validator(mode="after")
    def _default_is_allowed(self) -> Attribute:
        """A default the attribute itself refuses would refuse every record that leaves it out."""
        value = self.default
        if value is None or self.many:
            return self
        fits = {
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "decimal": isinstance(value, int | Decimal) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
            "date": isinstance(value, dt.date) and not isinstance(value, dt.datetime),
        }.get(self.type, isinstance(value, str))
        if not fits:
            raise ValueError(f"the default {value!r} is not of the attribute's type {self.type}")
        if self.values is not None and value not in self.values:
            raise ValueError(f"the default {value!r} is not one of the attribute's values")
        if (
            self.type in ("integer", "decimal")
            and isinstance(value, int | Decimal)
            and not isinstance(value, bool)
        ):
            if self.min is not None and value < self.min:
                raise ValueError(f"the default {value} is below the attribute's minimum {self.min}")
            if self.max is not None and value > self.max:
                raise ValueError(f"the default {value} is above the attribute's maximum {self.max}")
        return self


class EventKind(Frozen):
    """A kind of record (纪实类型) and the attributes its records carry."""

    title: str
    note: str | None = None
    attributes: dict[Id, Attribute] = Field(default_factory=dict)
