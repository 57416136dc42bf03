"""The ledger: one compact entry per amount that shaped a unit's total.

Entries are slotted objects holding ids and Decimals only; the pydantic result
models are built from them when a caller asks (``Evaluation.to_model``), so the
evaluation hot path allocates one small object per contribution. Amounts are
signed: base and bonus positive, deduction negative, so that the applied
amounts of a unit's entries add up to its total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

EntryKind = Literal["base", "bonus", "deduction", "override", "rounding"]
DecisionKind = Literal["superseded", "capped", "not_applied"]


@dataclass(slots=True)
class Decision:
    """Why an entry lost some or all of its amount: a dedup, a cap, a condition."""

    kind: DecisionKind
    by: str
    lost: Decimal
    detail: str = ""


@dataclass(slots=True)
class Entry:
    """One ledger line. ``records`` bear the amount; ``counted`` only fed a count."""

    unit: str
    item: str | None
    rule: str | None
    kind: EntryKind
    records: tuple[str, ...]
    raw: Decimal
    applied: Decimal
    detail: str = ""
    counted: tuple[str, ...] = ()
    decisions: list[Decision] = field(default_factory=list)
    order: tuple[object, ...] = ()

    @property
    def magnitude(self) -> Decimal:
        return abs(self.applied)

    def cut(self, keep: Decimal, decision: Decision) -> None:
        """Reduce the applied magnitude to ``keep`` and remember why."""
        sign = -1 if self.applied < 0 or (self.applied == 0 and self.raw < 0) else 1
        self.applied = keep * sign
        self.decisions.append(decision)
