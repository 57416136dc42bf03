"""The typed result integrators receive (pydantic), built from the compact ledger.

Field names are part of the public contract: systems store this JSON. Every
amount is exact (``Decimal``, or ``Fraction`` where no finite decimal exists)
and serialises to JSON as a string: ``"5.5"``, ``"256/3"``. Warnings are
objects (code, message, and the unit, rule and record they concern).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator

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
    model_config = ConfigDict(frozen=True, json_schema_serialization_defaults_required=True)

    @classmethod
    def built(cls, **values: Any) -> Self:
        """The model from the engine's own values, every field given: what ``model_construct``
        does without its per-field pass over defaults, which a million ledger lines feel."""
        model = cls.__new__(cls)
        _set(model, "__dict__", values)
        _set(model, "__pydantic_fields_set__", set(values))
        _set(model, "__pydantic_extra__", None)
        _set(model, "__pydantic_private__", None)
        return model


_set = object.__setattr__


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
    item_number: str | None = Field(None, description="the item's row number in the document (序号)")
    item_title: str | None = Field(None, description="the item's title (考核内容)")
    office: list[str] = Field(
        default_factory=list,
        description="the office responsible (责任科室): the rule's, else the item's or its section's",
    )
    rule: str | None
    rule_title: str | None = Field(None, description="the rule's text in the document (扣分情形/加分情形)")
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
    number: str | None = Field(None, description="the row number as the document prints it (序号)")
    office: list[str] = Field(
        default_factory=list, description="the office responsible (责任科室), the item's or its section's"
    )
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


#: How many ids of a unit's skipped records its result lists.
FIRST_SKIPPED = 10


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
    flag_titles: list[str] = Field(
        default_factory=list, description="what people read for each flag, in the same order (重点督导)"
    )
    consequences: list[ConsequenceModel]
    bottom_streak: int
    partial: bool = Field(
        False,
        description="records of this unit were left out as invalid (--skip-invalid): its total, rank "
        "and grade are provisional",
    )
    skipped: int = Field(0, description="how many of its records were left out")
    skipped_records: list[str] = Field(
        default_factory=list, description=f"the first {FIRST_SKIPPED} of their ids, in input order"
    )
    items: list[ItemScoreModel]
    ledger: list[LedgerEntryModel]
    records: list[RecordOutcomeModel]


#: The version of the result contract; it changes when a field changes meaning or goes away.
RESULT_FORMAT: Literal["dutyscore-result/1"] = "dutyscore-result/1"


class InvalidRecordModel(_Model):
    """A problem of a record left out by ``--skip-invalid`` (``Skipped``): where, which field, why."""

    record: str | None
    file: str | None
    line: int | None
    field: str | None
    message: str


class AccountingModel(_Model):
    """Where every record went: ``records_in`` = ``invalid`` + the records of each status.

    A record has one status in its unit (the strongest part it played); ``invalid`` counts
    the records left out because they did not validate (listed under ``invalid``)."""

    records_in: int
    invalid: int
    contributing: int
    superseded: int
    capped: int
    exempt: int
    matched: int
    unmatched: int
    out_of_period: int


STATUSES: tuple[RecordStatus, ...] = (
    "contributing",
    "superseded",
    "capped",
    "exempt",
    "matched",
    "unmatched",
    "out_of_period",
)


def accounting(statuses: dict[str, int], invalid: int) -> AccountingModel:
    """The accounting of status counts and invalid records."""
    return AccountingModel(
        records_in=sum(statuses.values()) + invalid,
        invalid=invalid,
        **{s: statuses.get(s, 0) for s in STATUSES},
    )


class ResultModel(_Model):
    """The evaluation of one scheme over one period for a set of units.

    Order, stable across runs: units as the units were given (else by id); each unit's items in
    the scheme's document order; its ledger as the engine wrote it (base points by item, then
    each rule's entries in rule order, then bounds, an override and rounding); its records by
    act date, then id, out-of-period records last; warnings in the order they arose.
    """

    format: Literal["dutyscore-result/1"] = RESULT_FORMAT
    scheme: str
    scheme_version: str
    scheme_files: list[str] = Field(
        default_factory=list,
        description="the file the scheme was read from, then each file its extends: chain read "
        "(<bundled>/… for a bundled one); empty for a scheme given as text",
    )
    period: str
    units: list[UnitResultModel]
    warnings: list[WarningModel]
    accounting: AccountingModel
    invalid: list[InvalidRecordModel]


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


class InterimRowModel(_Model):
    """One unit's interim (quarterly) standing: its score on the interim items, rank, months."""

    unit: str
    name: str
    category: str | None
    score: ExactNumber
    rank: int | None
    cohort_size: int
    months: int


class InterimRankingModel(_Model):
    """The interim ranking through a quarter (``dutyscore rank``), by cohort then rank."""

    format: Literal["dutyscore-interim/1"] = "dutyscore-interim/1"
    scheme: str
    scheme_version: str
    period: str
    units: list[InterimRowModel]


class ComplianceReportModel(_Model):
    """Every obligation instance of every unit as of a date (``dutyscore due``), unit by unit."""

    format: Literal["dutyscore-compliance/1"] = "dutyscore-compliance/1"
    scheme: str
    scheme_version: str
    as_of: dt.date
    rows: list[ComplianceRowModel]
    warnings: list[WarningModel]


#: The JSON output of each command, for ``dutyscore schema --result``.
RESULT_MODELS: dict[str, type[BaseModel]] = {
    "score": ResultModel,
    "rank": InterimRankingModel,
    "due": ComplianceReportModel,
}


def result_schema(command: str = "score") -> dict[str, Any]:
    """The JSON Schema of a command's JSON output (amounts are strings: "5.5", "256/3")."""
    schema: dict[str, Any] = RESULT_MODELS[command].model_json_schema(mode="serialization")
    return schema


def result_schema_text(command: str = "score") -> str:
    return json.dumps(result_schema(command), ensure_ascii=False, indent=2) + "\n"
