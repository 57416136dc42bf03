"""The typed result integrators receive (pydantic), built from the compact ledger.

Field names are part of the public contract: systems store this JSON. Every
amount is a ``Decimal`` and serialises as a decimal string.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_serializer

RecordStatus = Literal["contributing", "superseded", "capped", "matched", "unmatched", "out_of_period"]


def canonical(value: Decimal) -> str:
    """``Decimal`` as plain text without exponent or trailing zeros: 6, 5.5, 0.3."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class DecisionModel(_Model):
    """A dedup, cap or unmet condition that took amount away from an entry."""

    kind: Literal["superseded", "capped", "not_applied"]
    by: str
    lost: Decimal
    detail: str

    @field_serializer("lost")
    def _s(self, v: Decimal) -> str:
        return canonical(v)


class LedgerEntryModel(_Model):
    """One ledger line: which rule, which records, which clause, how much before and after."""

    kind: Literal["base", "bonus", "deduction", "override", "rounding"]
    item: str | None
    rule: str | None
    clause: str | None
    records: list[str]
    counted: list[str]
    raw: Decimal
    applied: Decimal
    detail: str
    decisions: list[DecisionModel]

    @field_serializer("raw", "applied")
    def _s(self, v: Decimal) -> str:
        return canonical(v)


class ItemScoreModel(_Model):
    """Per scored item: base + bonus − deduction = score."""

    item: str
    title: str
    section: list[str]
    base: Decimal
    bonus: Decimal
    deduction: Decimal
    score: Decimal

    @field_serializer("base", "bonus", "deduction", "score")
    def _s(self, v: Decimal) -> str:
        return canonical(v)


class RecordOutcomeModel(_Model):
    """What became of one input record."""

    record: str
    kind: str
    status: RecordStatus
    rules: list[str]


class UnitResultModel(_Model):
    unit: str
    name: str
    category: str | None
    base: Decimal
    bonus: Decimal
    deduction: Decimal
    adjustment: Decimal
    total: Decimal
    rank: int | None
    cohort_size: int
    flags: list[str]
    bottom_streak: int
    items: list[ItemScoreModel]
    ledger: list[LedgerEntryModel]
    records: list[RecordOutcomeModel]

    @field_serializer("base", "bonus", "deduction", "adjustment", "total")
    def _s(self, v: Decimal) -> str:
        return canonical(v)


class ResultModel(_Model):
    """The evaluation of one scheme over one period for a set of units."""

    scheme: str
    scheme_version: str
    period: str
    units: list[UnitResultModel]
    warnings: list[str]
