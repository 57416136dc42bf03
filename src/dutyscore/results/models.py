"""The typed result integrators receive (pydantic), built from the compact ledger.

Field names are part of the public contract: systems store this JSON. Every
amount is exact (``Decimal``, or ``Fraction`` where no finite decimal exists)
and serialises to JSON as a string: ``"5.5"``, ``"256/3"``. Warnings are
objects (code, message, and the unit, rule and record they concern).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator

from .._exact import normal, text
from .._problems import WarningModel

RecordStatus = Literal[
    "contributing", "superseded", "capped", "exempt", "matched", "unmatched", "out_of_period"
]


def _exact(value: Any) -> Decimal | Fraction:
    if isinstance(value, Decimal | Fraction | int) and not isinstance(value, bool):
        return normal(value)
    if isinstance(value, str):
        try:
            return normal(Fraction(value)) if "/" in value else Decimal(value)
        except (ValueError, InvalidOperation):
            pass
    raise ValueError(f"not an exact number: {value!r}")


#: An exact amount; JSON carries it as a string ("0.3", "256/3").
ExactNumber = Annotated[
    Decimal | Fraction, PlainValidator(_exact), PlainSerializer(text, return_type=str, when_used="json")
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class DecisionModel(_Model):
    """A dedup, cap, unmet condition or exemption that took amount away from an entry."""

    kind: Literal["superseded", "capped", "not_applied", "exempt"]
    by: str
    lost: ExactNumber
    detail: str


class LedgerEntryModel(_Model):
    """One ledger line: which rule, which records, which clause, how much before and after.

    ``contribution`` = ``applied`` × ``weight`` (the product of the item weights up to the
    root; 1 in schemes without weights); the contributions add up to the total.
    """

    kind: Literal["base", "score", "bonus", "deduction", "bound", "override", "rounding", "outcome"]
    item: str | None
    rule: str | None
    clause: str | None
    records: list[str]
    counted: list[str]
    raw: ExactNumber
    applied: ExactNumber
    weight: ExactNumber
    contribution: ExactNumber
    detail: str
    label: str
    decisions: list[DecisionModel]


class ItemScoreModel(_Model):
    """Per scored item: base + inputs + bonus − deduction = score; score × weight = contribution."""

    item: str
    title: str
    section: list[str]
    base: ExactNumber
    inputs: ExactNumber
    bonus: ExactNumber
    deduction: ExactNumber
    score: ExactNumber
    weight: ExactNumber
    contribution: ExactNumber


class RecordOutcomeModel(_Model):
    """What became of one input record."""

    record: str
    kind: str
    status: RecordStatus
    rules: list[str]


class VetoModel(_Model):
    """A grade veto that fired: which records, and the best grade it leaves."""

    veto: str
    title: str
    clause: str
    records: list[str]
    at_most: str


class ConsequenceModel(_Model):
    """A consequence a unit incurs (通报表扬, 取消评先评优资格), with its clause and what brought it."""

    consequence: str
    title: str
    clause: str
    because: str


class UnitResultModel(_Model):
    unit: str
    name: str
    category: str | None
    base: ExactNumber
    inputs: ExactNumber
    bonus: ExactNumber
    deduction: ExactNumber
    adjustment: ExactNumber
    total: ExactNumber
    grade: str | None
    grade_by_score: str | None
    grade_reasons: list[str]
    vetoes: list[VetoModel]
    rank: int | None
    cohort_size: int
    flags: list[str]
    consequences: list[ConsequenceModel]
    bottom_streak: int
    items: list[ItemScoreModel]
    ledger: list[LedgerEntryModel]
    records: list[RecordOutcomeModel]


class ResultModel(_Model):
    """The evaluation of one scheme over one period for a set of units."""

    scheme: str
    scheme_version: str
    period: str
    units: list[UnitResultModel]
    warnings: list[WarningModel]


class ComplianceRowModel(_Model):
    """One obligation instance of one unit: met (by which records), missed, warned or due."""

    unit: str
    obligation: str
    title: str
    clause: str
    instance: str
    status: Literal["met", "missed", "warned", "due"]
    due: dt.date
    records: list[str]
    detail: str


class ComplianceReportModel(_Model):
    scheme: str
    scheme_version: str
    as_of: dt.date
    rows: list[ComplianceRowModel]
    warnings: list[WarningModel]
