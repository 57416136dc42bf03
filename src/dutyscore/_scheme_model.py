"""Typed, immutable view of a validated scheme.

The JSON Schema decides what a scheme file may say; these models are what the
engine reads. They are built once per load, so pydantic's cost does not matter
here, and they give integrators typed access to items, rules and citations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

Amount = Decimal | Fraction
Direction = Literal["deduction", "bonus"]


def parse_amount(value: Any) -> Amount:
    """``2``, ``0.5`` or ``"1/2"`` as an exact number (Fraction only when needed)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | Decimal):
        return Decimal(value)
    text = str(value).strip()
    if "/" in text:
        frac = Fraction(text)
        return Decimal(frac.numerator) if frac.denominator == 1 else frac
    return Decimal(text)


#: An exact amount in a scheme: ``2``, ``0.5`` or ``"1/2"``.
SchemeAmount = Annotated[Amount, BeforeValidator(parse_amount)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class _Matching(_Frozen):
    """Something that looks at records: event kind(s) and a ``where`` on attributes."""

    event: str | None = None
    events: tuple[str, ...] | None = None
    where: dict[str, Any] = Field(default_factory=dict)

    @property
    def event_kinds(self) -> tuple[str, ...]:
        return self.events or ((self.event,) if self.event else ())


class Source(_Frozen):
    """Where a rule comes from: a document key of the scheme and its clause."""

    document: str
    clause: str
    quote: str | None = None


class Document(_Frozen):
    """A cited document; ``date`` is None where the source text carries none."""

    number: str
    date: dt.date | None = None
    title: str | None = None
    issuer: str | None = None
    note: str | None = None


class Effective(_Frozen):
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None


class Item(_Frozen):
    """A section (with ``children``) or a scored item (with ``base``)."""

    id: str
    title: str
    title_en: str | None = None
    number: str | int | None = None
    base: Amount | None = None
    total: Amount | None = None
    weight: Amount | None = None
    max_deduction: Amount | Literal["base"] | None = None
    office: str | tuple[str, ...] | None = None
    note: str | None = None
    source: Source | None = None
    children: tuple[Item, ...] = ()

    @field_validator("max_deduction", mode="before")
    @classmethod
    def _limit(cls, v: Any) -> Amount | str | None:
        return v if v is None or v == "base" else parse_amount(v)

    @field_validator("base", "total", "weight", mode="before")
    @classmethod
    def _amount(cls, v: Any) -> Amount | None:
        return None if v is None else parse_amount(v)

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
        total: Amount = Decimal(0)
        for child in self.children:
            total = _add(total, child.leaf_base())
        return total


def _add(a: Amount, b: Amount) -> Amount:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a + b
    return Fraction(a) + Fraction(b)


class Attribute(_Frozen):
    type: Literal["string", "integer", "decimal", "boolean", "date", "item", "rule"]
    title: str | None = None
    required: bool = True
    many: bool = False
    values: tuple[Any, ...] | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    default: Any = None


class EventKind(_Frozen):
    title: str
    note: str | None = None
    attributes: dict[str, Attribute] = Field(default_factory=dict)


class Trigger(_Matching):
    count: dict[str, int]


class Tier(_Frozen):
    when: dict[str, int]
    fraction_of_base: SchemeAmount


class Exempt(_Frozen):
    """Records a rule matches but must not score, and why (e.g. 单位主动上报)."""

    where: dict[str, Any]
    reason: str


class Share(_Frozen):
    of: str
    among: tuple[str, ...]


class ShareOutcome(_Frozen):
    when: dict[str, Amount]
    outcome: str
    title: str

    @field_validator("when", mode="before")
    @classmethod
    def _bounds(cls, v: Any) -> dict[str, Amount]:
        return {op: parse_amount(x) for op, x in dict(v).items()}


class Rule(_Matching):
    """One scoring rule. Which fields matter depends on ``kind``."""

    id: str
    kind: str
    title: str
    source: Source
    direction: Direction = "deduction"
    note: str | None = None
    item: str | None = None
    item_from: str | None = None
    points: SchemeAmount | None = None
    quantity: str | None = None
    cap: SchemeAmount | None = None
    count: dict[str, int] | None = None
    days: Literal["working", "calendar"] | None = None
    tiers: tuple[Tier, ...] = ()
    trigger: Trigger | None = None
    amount_attribute: str | None = None
    max: SchemeAmount | None = None
    total: SchemeAmount | None = None
    step: SchemeAmount | None = None
    keys: tuple[str, ...] = ()
    table: dict[str, Any] | None = None
    exempt: Exempt | None = None
    attribute: str | None = None
    aggregate: Literal["mean", "sum", "latest"] | None = None
    one_per: Literal["month", "period"] | None = None
    share: Share | None = None
    outcomes: tuple[ShareOutcome, ...] = ()
    value: str | None = None
    target: SchemeAmount | None = None
    target_attribute: str | None = None
    relative: bool = False
    office: str | tuple[str, ...] | None = None
    obligation: str | None = None

    def table_amount(self, attributes: Mapping[str, Any]) -> Amount | None:
        """The amount the ``table`` gives for a record's key attributes, or None."""
        node: Any = self.table
        for key in self.keys:
            if not isinstance(node, dict):
                return None
            node = node.get(str(attributes.get(key)))
        return None if node is None or isinstance(node, dict) else parse_amount(node)


class Fulfilment(_Matching):
    """The records that fulfil a ``within`` obligation; ``link`` attributes must equal the trigger's."""

    link: tuple[str, ...] = ()


class FestivalNode(_Frozen):
    id: str
    title: str
    festivals: tuple[str, ...]


class Window(_Frozen):
    before: int
    after: int


class Obligation(_Matching):
    """Something due: within N days of a trigger, at least N per period, by dates, around festivals."""

    id: str
    kind: Literal["within", "at_least", "by_date", "around_festival"]
    title: str
    source: Source
    note: str | None = None
    office: str | tuple[str, ...] | None = None
    warn_days: int = 0
    trigger: _Matching | None = None
    fulfilled_by: Literal["self"] | Fulfilment | None = None
    days: int | None = None
    months: int | None = None
    day_kind: Literal["working", "calendar"] = "calendar"
    count: int = 1
    per: Literal["year", "half_year", "quarter", "month"] = "year"
    deadlines: tuple[str, ...] = ()
    monthly: int | None = None
    once: str | None = None
    nodes: tuple[FestivalNode, ...] = ()
    window: Window | None = None


class Cap(_Frozen):
    id: str
    title: str
    rules: tuple[str, ...]
    per: Literal["unit", "item"] = "unit"
    max: Amount | Literal["base"]
    source: Source

    @field_validator("max", mode="before")
    @classmethod
    def _amount(cls, v: Any) -> Amount | str:
        return v if v == "base" else parse_amount(v)


class DedupKey(_Frozen):
    attribute: str


class Dedup(_Frozen):
    id: str
    title: str
    direction: Direction
    rules: Literal["all"] | tuple[str, ...]
    key: Literal["record"] | DedupKey
    source: Source


class Composition(_Frozen):
    kind: Literal["base_plus_bonus_minus_deduction", "weighted"] = "base_plus_bonus_minus_deduction"
    source: Source | None = None


class Interim(_Frozen):
    """Items whose weighted scores, renormalised, give the interim (quarterly) ranking."""

    items: tuple[str, ...]
    title: str | None = None


class Ranking(_Frozen):
    within: Literal["cohort", "all"] = "cohort"
    interim: Interim | None = None
    bottom: int | None = None
    bottom_flag: str = "close_supervision"
    streak_years: int | None = None
    streak_flag: str = "summons"
    source: Source | None = None


class Band(_Frozen):
    grade: str
    min: SchemeAmount | None = None


class Veto(_Matching):
    """A fact that caps the grade whatever the score (不得评为…)."""

    id: str
    title: str
    at_most: str
    source: Source


class Quota(_Frozen):
    """At most ``share`` of a cohort may get ``grade``, by rank (好 不超过30%)."""

    grade: str
    share: SchemeAmount
    source: Source


class LastPlace(_Matching):
    """The last of a cohort gets ``grade`` when it also has a matching record (末位且存在重大问题)."""

    grade: str
    title: str | None = None
    source: Source


class Grading(_Frozen):
    """Grades best first, score bands (first band whose ``min`` the total reaches), a quota,
    vetoes, and the last-place rule."""

    grades: tuple[str, ...]
    bands: tuple[Band, ...]
    quota: Quota | None = None
    last_place: LastPlace | None = None
    vetoes: tuple[Veto, ...] = ()
    note: str | None = None
    source: Source | None = None


class Rounding(_Frozen):
    places: int
    mode: Literal["half_up", "half_even", "down", "up"] = "half_up"
    source: Source | None = None


class SchemeSource(_Frozen):
    document: str


class Scheme(_Frozen):
    """A loaded scheme. ``path`` is where it was read from, for messages."""

    format: str
    id: str
    version: str
    title: str
    title_en: str | None = None
    description: str | None = None
    source: SchemeSource
    documents: dict[str, Document]
    effective: Effective
    partial: bool = False
    period: Literal["year"] = "year"
    cohorts: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    event_kinds: dict[str, EventKind]
    rules: tuple[Rule, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    caps: tuple[Cap, ...] = ()
    dedup: tuple[Dedup, ...] = ()
    composition: Composition = Composition()
    ranking: Ranking = Ranking()
    rounding: Rounding | None = None
    grading: Grading | None = None
    path: str | None = None

    def all_items(self) -> list[Item]:
        """Every node of the item tree, depth first."""
        out: list[Item] = []
        for item in self.items:
            out.extend(item.walk())
        return out

    def leaf_items(self) -> list[Item]:
        return [i for i in self.all_items() if i.is_leaf]

    def item(self, item_id: str) -> Item:
        for it in self.all_items():
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def obligation(self, obligation_id: str) -> Obligation:
        for o in self.obligations:
            if o.id == obligation_id:
                return o
        raise KeyError(obligation_id)

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def cite(self, source: Source) -> str:
        """``苏纪办发〔2018〕17号 评分细则 …`` for a rule's source."""
        doc = self.documents.get(source.document)
        number = doc.number if doc else source.document
        return f"{number} {source.clause}"
