"""The ledger: one compact entry per amount that shaped a unit's total.

Entries are slotted objects holding ids and exact numbers only; the pydantic
result models are built from them when a caller asks (``Evaluation.to_model``),
so the evaluation hot path allocates one small object per contribution.
Amounts are signed (base, bonus and score inputs positive, deductions negative)
and ``weight`` is the product of the item weights up to the root, so that
Σ applied × weight over a unit's entries is its total.

:class:`Entry` and :class:`Decision` are public because a rule kind, the
package's own or a user's, returns entries; :class:`~dutyscore.LedgerEntryModel`
is the same line as systems receive it in the result JSON, with its clause and
contribution spelled out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from .._exact import Exact, magnitude, mul

EntryKind = Literal["base", "score", "bonus", "deduction", "bound", "override", "rounding", "outcome"]
DecisionKind = Literal["superseded", "capped", "not_applied", "exempt"]
ONE = Decimal(1)


@dataclass(slots=True)
class Decision:
    """Why an entry lost some or all of its amount: a dedup, a cap, a condition, an exemption."""

    kind: DecisionKind
    by: str
    lost: Exact
    detail: str = ""


@dataclass(slots=True)
class Entry:
    """One ledger line. ``records`` bear the amount; ``counted`` only fed a count."""

    unit: str
    item: str | None
    rule: str | None
    kind: EntryKind
    records: tuple[str, ...]
    raw: Exact
    applied: Exact
    detail: str = ""
    counted: tuple[str, ...] = ()
    decisions: list[Decision] = field(default_factory=list)
    order: tuple[object, ...] = ()
    weight: Exact = ONE
    label: str = ""

    @property
    def magnitude(self) -> Exact:
        return magnitude(self.applied)

    @property
    def contribution(self) -> Exact:
        """What this entry adds to the total: applied × weight."""
        return mul(self.applied, self.weight)

    def cut(self, keep: Exact, decision: Decision) -> None:
        """Reduce the applied magnitude to ``keep`` and remember why."""
        negative = self.applied < 0 or (self.applied == 0 and self.raw < 0)
        self.applied = -keep if negative else keep
        self.decisions.append(decision)
