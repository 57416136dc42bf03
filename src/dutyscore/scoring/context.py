"""What an evaluation knows, passed explicitly instead of in long argument lists.

:class:`EvaluationContext` is built once per :func:`~dutyscore.evaluate` call: the
scheme, its compiled plan, the calendar use of this evaluation, cohort means,
and the warnings the stages write. :class:`UnitContext` is the part a rule kind
sees while it evaluates one unit's matches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from .._calendar import CalendarUse
from .._exact import Exact
from .._problems import WarningModel
from ..records.model import Record

if TYPE_CHECKING:
    from ..kinds.base import RuleBase
    from ..scheme.model import Scheme
    from .compose import BoundSpec
    from .plan import Plan


@dataclass(slots=True)
class EvaluationContext:
    """One evaluation: the scheme, its period, and what every unit's stages share."""

    scheme: Scheme
    period: int
    calendar: CalendarUse
    #: The scheme compiled for the per-unit pass (its rules, item bases and weights).
    plan: Plan
    #: rule id → cohort → mean count, for rules whose kind needs the cohort pre-pass.
    cohort_means: Mapping[str, Mapping[str, Fraction]]
    warnings: list[WarningModel] = field(default_factory=list)

    @property
    def item_base(self) -> Mapping[str, Exact]:
        return self.plan.item_base

    @property
    def rule_index(self) -> Mapping[str, int]:
        return self.plan.rule_index

    @property
    def bounds(self) -> Sequence[BoundSpec]:
        """Ceilings and floors of sections and of the total, in the order they apply."""
        return self.plan.bounds

    def warn(
        self,
        code: str,
        message: str,
        *,
        unit: str | None = None,
        rule: str | None = None,
        record: str | None = None,
    ) -> None:
        """Record a warning for the result; the CLI prints ``message``."""
        self.warnings.append(WarningModel(code=code, message=message, unit=unit, rule=rule, record=record))


@dataclass(slots=True)
class UnitContext:
    """What a rule kind may ask while it evaluates one unit's matches."""

    unit: str
    category: str | None
    records_by_kind: Mapping[str, Sequence[Record]]
    evaluation: EvaluationContext

    @property
    def scheme(self) -> Scheme:
        return self.evaluation.scheme

    @property
    def calendar(self) -> CalendarUse:
        return self.evaluation.calendar

    @property
    def item_base(self) -> Mapping[str, Exact]:
        return self.evaluation.item_base

    def cohort_mean(self, rule_id: str) -> Fraction | None:
        """The mean count of the unit's cohort for a cohort rule; None without a cohort."""
        if self.category is None:
            return None
        return self.evaluation.cohort_means.get(rule_id, {}).get(self.category)

    def book_item(self, rule: RuleBase, record: Record | None) -> str | None:
        """The item a contribution is booked to: fixed, or named by the record."""
        return book_item(rule, record)

    def warn(self, code: str, rule: RuleBase, message: str, record: str | None = None) -> None:
        """A warning about this unit and ``rule``; the message reads ``unit U: rule R: …``."""
        self.evaluation.warn(
            code, f"unit {self.unit}: rule {rule.id}: {message}", unit=self.unit, rule=rule.id, record=record
        )


def book_item(rule: RuleBase, record: Record | None) -> str | None:
    """The item a contribution is booked to: the rule's, or the one its record names."""
    if rule.item_from is not None and record is not None:
        value = record.attributes.get(rule.item_from)
        return str(value) if value is not None else None
    return rule.item
