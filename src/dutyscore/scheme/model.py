"""The typed, immutable view of a validated scheme: what the engine reads.

Built once per load, so pydantic's cost does not matter here; the models give
integrators typed access to items, rules and citations, and the JSON Schema of
the format is generated from them (:mod:`dutyscore.scheme.schema`). Rules are
an open union: each is validated by the model of its registered kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, PrivateAttr, WithJsonSchema, field_validator
from pydantic.json_schema import SkipJsonSchema

from .._problems import NotFound
from ..kinds.base import RuleBase, validate_rule
from .obligations import Obligation, ObligationModel, Within
from .parts import (
    Amount,
    AmountOrBase,
    Bound,
    Direction,
    Document,
    Effective,
    EventKind,
    Frozen,
    Id,
    Item,
    SchemeAmount,
    Selecting,
    Selector,
    Source,
    Text,
    shared_def,
)

#: A rule: validated by the model of the kind its ``kind`` names (see ``dutyscore.register_rule_kind``).
Rule = Annotated[RuleBase, PlainValidator(validate_rule), WithJsonSchema(shared_def("rule_entry"))]


class Cap(Frozen):
    """最高不超过: several rules together give or take at most ``max`` per unit (or per item)."""

    id: Id
    title: str
    rules: Annotated[tuple[Id, ...], Field(min_length=1)]
    per: Literal["unit", "item"] = "unit"
    max: AmountOrBase
    source: Source


class DedupKey(Frozen):
    attribute: Id


class Dedup(Frozen):
    """不重复扣分，以扣分最高值为准: per key, only the largest amount of these rules stands."""

    id: Id
    title: str
    direction: Direction
    rules: Literal["all"] | Annotated[tuple[Id, ...], Field(min_length=1)]
    key: Literal["record"] | DedupKey
    source: Source


class Composition(Frozen):
    """How item scores make the total: base + bonus − deduction, or weighted sections;
    optionally bounded (按百分制: ``ceiling: {value: 100, source: …}``)."""

    kind: Literal["base_plus_bonus_minus_deduction", "weighted"] = "base_plus_bonus_minus_deduction"
    source: Source | None = None
    ceiling: Bound | None = None
    floor: Bound | None = None


class Interim(Frozen):
    """Items whose weighted scores, renormalised, give the interim (quarterly) ranking."""

    items: Annotated[tuple[Id, ...], Field(min_length=1)]
    title: str | None = None


class Ranking(Frozen):
    """Ranking within cohorts, the bottom-N flag and its streak across years."""

    within: Literal["cohort", "all"] = "cohort"
    interim: Interim | None = None
    bottom: int | None = Field(None, ge=1)
    bottom_flag: str = "close_supervision"
    bottom_flag_title: str | None = Field(None, description="what people read for the flag (重点督导)")
    streak_years: int | None = Field(None, ge=2)
    streak_flag: str = "summons"
    streak_flag_title: str | None = Field(None, description="what people read for the flag (约谈)")
    bottom_consequences: tuple[Id, ...] = Field((), description="consequences of the bottom-N flag")
    streak_consequences: tuple[Id, ...] = Field((), description="consequences of the streak flag")
    source: Source | None = None


class Band(Frozen):
    """A score band. ``min`` (以上, included) or ``above`` (超过, excluded) is its lower end,
    ``max`` (以下, included) or ``below`` (不足, excluded) its upper end; bands written with
    only ``min`` reach up to the band before them."""

    grade: str
    min: SchemeAmount | None = None
    above: SchemeAmount | None = None
    max: SchemeAmount | None = None
    below: SchemeAmount | None = None

    def lower(self) -> tuple[Amount, bool] | None:
        """(bound, included) of the lower end, or None."""
        if self.min is not None:
            return self.min, True
        return (self.above, False) if self.above is not None else None

    def upper(self) -> tuple[Amount, bool] | None:
        """(bound, included) of the upper end, or None."""
        if self.max is not None:
            return self.max, True
        return (self.below, False) if self.below is not None else None

    def contains(self, total: Amount) -> bool:
        low, high = self.lower(), self.upper()
        return (low is None or total > low[0] or (low[1] and total == low[0])) and (
            high is None or total < high[0] or (high[1] and total == high[0])
        )


class Veto(Selector):
    """A fact that caps the grade whatever the score (不得评为…); its consequences apply
    whenever it fires (一票否决 that also removes 评先评优 eligibility)."""

    id: Id
    title: str
    at_most: str
    source: Source
    consequences: tuple[Id, ...] = Field((), description="consequences (scheme 'consequences' ids) it brings")


class Quota(Frozen):
    """At most ``share`` of a cohort may get ``grade``, by rank (好 不超过30%)."""

    grade: str
    share: SchemeAmount
    source: Source


class LastPlace(Selecting):
    """The last of a cohort gets ``grade`` when it also has a matching record (末位且存在重大问题)."""

    grade: str
    title: str | None = None
    source: Source


class Grading(Frozen):
    """Grades best first, score bands (first band whose ``min`` the total reaches), a quota,
    vetoes, and the last-place rule."""

    gaps: Literal["lower", "higher"] | None = Field(
        None, description="a score between two written bands gets the lower (or higher) band's grade"
    )
    grades: Annotated[
        tuple[Annotated[str, Field(min_length=1)], ...],
        Field(min_length=2, json_schema_extra={"uniqueItems": True}),
    ]
    bands: Annotated[tuple[Band, ...], Field(min_length=1)]
    quota: Quota | None = None
    last_place: LastPlace | None = None
    vetoes: tuple[Veto, ...] = ()
    consequences: dict[str, tuple[Id, ...]] = Field(
        default_factory=dict, description="grade → the consequences it brings (达到优秀的予以通报表扬)"
    )
    note: str | None = None
    source: Source | None = None

    @field_validator("grades")
    @classmethod
    def _unique(cls, grades: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(grades)) != len(grades):
            raise ValueError("grades must be distinct")
        return grades


class Rounding(Frozen):
    places: int = Field(ge=0, le=10)
    mode: Literal["half_up", "half_even", "down", "up"] = "half_up"
    source: Source | None = None


class Consequence(Frozen):
    """What follows from a grade, a veto, a vote outcome or a ranking position (通报表扬, 约谈)."""

    title: Text
    source: Source
    note: str | None = None


#: What a column of the rubric's table shows (``dutyscore show``).
RubricCell = Literal[
    "number", "item", "points", "standard", "deductions", "bonuses", "rule", "clause", "office"
]


class RubricColumn(Frozen):
    """One column of the rubric as the source document prints it: what it shows, under what head."""

    show: RubricCell
    title: str


class RubricLayout(Frozen):
    """The columns of the source document's table, for ``dutyscore show`` (Jiangsu 2018: 项目,
    序号, 基本分值, 扣分情形, 加分情形)."""

    columns: Annotated[tuple[RubricColumn, ...], Field(min_length=1)]


class SchemeSource(Frozen):
    document: Id


class Scheme(Frozen):
    """A versioned scoring scheme: items with base points, event kinds, rules with citations,
    caps, dedup groups, composition, ranking, grading and obligations."""

    format: Literal["dutyscore/1"]
    id: Id
    version: Text
    title: Text
    title_en: str | None = None
    description: str | None = None
    source: SchemeSource
    documents: Annotated[dict[str, Document], Field(min_length=1)]
    effective: Effective
    partial: bool = Field(False, description="the source is only partly available: totals warn, not fail")
    period: Literal["year"] = "year"
    cohorts: Annotated[
        tuple[Annotated[str, Field(min_length=1)], ...], Field(json_schema_extra={"uniqueItems": True})
    ] = Field((), description="同类: the categories units are ranked and graded within")
    items: tuple[Item, ...] = ()
    event_kinds: Annotated[dict[Id, EventKind], Field(min_length=1)]
    rules: tuple[Rule, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    caps: tuple[Cap, ...] = ()
    dedup: tuple[Dedup, ...] = ()
    composition: Composition = Composition()
    ranking: Ranking = Ranking()
    rounding: Rounding | None = None
    grading: Grading | None = None
    consequences: dict[Id, Consequence] = Field(default_factory=dict)
    rubric: RubricLayout | None = Field(None, description="the columns `dutyscore show` gives the table")
    #: Where the scheme was read from, for messages (not a key of the file).
    path: SkipJsonSchema[str | None] = None
    #: The files its ``extends:`` chain was read from, nearest first (not a key of the file).
    bases: SkipJsonSchema[tuple[str, ...]] = ()

    @property
    def files(self) -> tuple[str, ...]:
        """The file it was read from and those of its bases: what a result names it by."""
        return (*((self.path,) if self.path else ()), *self.bases)

    #: The compiled evaluation plans, built on first evaluation (``scoring.plan.plan_of``).
    _plans: dict[bool, Any] = PrivateAttr(default_factory=dict)

    #: Lookups derived from the (frozen) scheme, built on first use: item and rule by id.
    _index: dict[str, Any] = PrivateAttr(default_factory=dict)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Scheme:
        """A copy (``update`` replacing fields) with caches of its own: a copy with other rules
        must not evaluate by the original's compiled plan (an interim ranking scores a copy)."""
        copy = super().model_copy(update=update, deep=deep)
        copy._plans = {}
        copy._index = {}
        return copy

    def _tree(self) -> tuple[list[Item], dict[str, Item], dict[str, RuleBase]]:
        found = self._index.get("tree")
        if found is None:
            nodes: list[Item] = []
            for item in self.items:
                nodes.extend(item.walk())
            found = self._index["tree"] = (nodes, {i.id: i for i in nodes}, {r.id: r for r in self.rules})
        return found

    def all_items(self) -> list[Item]:
        """Every node of the item tree, depth first."""
        return list(self._tree()[0])

    def leaf_items(self) -> list[Item]:
        return [i for i in self._tree()[0] if i.is_leaf]

    def item(self, item_id: str) -> Item:
        """The item (section or scored item) with this id; :class:`NotFound` otherwise."""
        found = self._tree()[1].get(item_id)
        if found is None:
            raise NotFound(f"scheme {self.id} has no item {item_id!r}")
        return found

    def obligation(self, obligation_id: str) -> ObligationModel:
        """The obligation with this id; :class:`NotFound` otherwise."""
        for o in self.obligations:
            if o.id == obligation_id:
                return o
        raise NotFound(f"scheme {self.id} has no obligation {obligation_id!r}")

    def rule(self, rule_id: str) -> RuleBase:
        """The rule with this id (typed by its kind); :class:`NotFound` otherwise."""
        found = self._tree()[2].get(rule_id)
        if found is None:
            raise NotFound(f"scheme {self.id} has no rule {rule_id!r}")
        return found

    def read_kinds(self) -> set[str]:
        """The event kinds some rule, veto, last-place rule or obligation looks at."""
        selectors: list[Selecting] = []
        for rule in self.rules:
            selectors += [rule, *rule.counted_selectors()]
        if self.grading is not None:
            selectors += list(self.grading.vetoes)
            if self.grading.last_place is not None:
                selectors.append(self.grading.last_place)
        for ob in self.obligations:
            if isinstance(ob, Within):
                selectors.append(ob.trigger)
                if ob.fulfilled_by != "self":
                    selectors.append(ob.fulfilled_by)
            else:
                selectors.append(ob)
        return {k for s in selectors for k in s.event_kinds}

    def cite(self, source: Source) -> str:
        """``苏纪办发〔2018〕17号 评分细则 …`` for a rule's source."""
        doc = self.documents.get(source.document)
        number = doc.number if doc else source.document
        return f"{number} {source.clause}"
