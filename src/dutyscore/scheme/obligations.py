"""Obligation models: what is due by when (the ``obligations`` of a scheme).

Four kinds, one model each, told apart by ``kind``: ``within`` N days or months of
a trigger, ``at_least`` N records per period, ``by_date`` (yearly dates, a day of
every month, or once), ``around_festival`` (a window around festival nodes).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, WithJsonSchema, model_validator

from .._calendar import Span
from .parts import Frozen, Id, Office, Selector, Source, Text, shared_def

DEADLINE_PATTERN = r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]|end)$"
ONCE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]|end)$"
Festival = Literal["new_year", "spring_festival", "qingming", "dragon_boat", "mid_autumn", "national_day"]


class _ObligationBase(Frozen):
    id: Id
    title: Text
    source: Source
    note: str | None = None
    office: Office | None = None
    warn_days: int = Field(0, ge=0, le=3660, description="预警: warn this many days before the deadline")


class WithinTrigger(Selector):
    """The records that start the clock of a ``within`` obligation."""


class Fulfilment(Selector):
    """The records that fulfil a ``within`` obligation; ``link`` attributes must equal the trigger's."""

    link: Annotated[tuple[Id, ...], Field(min_length=1)] = ()


def _one_of(*groups: tuple[str, ...]) -> dict[str, Any]:
    return {"oneOf": [{"required": list(g)} for g in groups]}


class Within(_ObligationBase):
    """Within N working or calendar days, or N months, of a triggering record."""

    model_config = ConfigDict(json_schema_extra=_one_of(("days", "day_kind"), ("months",)))

    kind: Literal["within"]
    trigger: WithinTrigger
    fulfilled_by: Literal["self"] | Fulfilment = Field(
        description="'self': the trigger's own record_date; or the records that fulfil it"
    )
    days: int | None = Field(None, ge=1, le=3660)
    months: int | None = Field(None, ge=1, le=120)
    day_kind: Literal["working", "calendar"] = "calendar"

    @model_validator(mode="after")
    def _days_or_months(self) -> Within:
        if (self.days is None) == (self.months is None):
            raise ValueError("give 'days' (with 'day_kind') or 'months'")
        return self

    @property
    def working(self) -> bool:
        return self.day_kind == "working"

    @property
    def within(self) -> Span:
        """The span the calendar counts."""
        return Span(self.days, self.months, self.working)

    @property
    def span(self) -> str:
        """``15 working days`` or ``3 months``, as the detail texts say it."""
        if self.months is not None:
            return f"{self.months} months"
        return f"{self.days} {'working ' if self.working else ''}days"


class AtLeast(_ObligationBase, Selector):
    """At least ``count`` records per year, half year, quarter or month."""

    kind: Literal["at_least"]
    count: int = Field(ge=1)
    per: Literal["year", "half_year", "quarter", "month"]


class ByDate(_ObligationBase, Selector):
    """A record by yearly dates (``06-30``, ``02-end``), by a day of every month, or once."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [{"required": ["event"]}, {"required": ["events"]}],
            "allOf": [_one_of(("deadlines",), ("monthly",), ("once",))],
        }
    )

    kind: Literal["by_date"]
    deadlines: Annotated[
        tuple[Annotated[str, Field(pattern=DEADLINE_PATTERN)], ...], Field(min_length=1)
    ] = ()
    monthly: int | None = Field(None, ge=1, le=28)
    once: Annotated[str, Field(pattern=ONCE_PATTERN)] | None = None


class FestivalNode(Frozen):
    id: Id
    title: str
    festivals: Annotated[tuple[Festival, ...], Field(min_length=1)]


class Window(Frozen):
    before: int = Field(ge=0, le=366)
    after: int = Field(ge=0, le=366)


class AroundFestival(_ObligationBase, Selector):
    """A record within a window around festival nodes (节点), dates from ``holidays.China``."""

    kind: Literal["around_festival"]
    nodes: Annotated[tuple[FestivalNode, ...], Field(min_length=1)]
    window: Window


ObligationModel = Within | AtLeast | ByDate | AroundFestival
#: An obligation, told apart by ``kind``.
Obligation = Annotated[ObligationModel, Field(discriminator="kind"), WithJsonSchema(shared_def("obligation"))]
OBLIGATION_MODELS: tuple[type[Frozen], ...] = (Within, AtLeast, ByDate, AroundFestival)
