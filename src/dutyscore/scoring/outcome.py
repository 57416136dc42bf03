"""One unit's outcome: its ledger, total, standing and grade, and what became of each record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .._exact import Exact
from ..records.model import Record, order_of
from ..records.units import Unit
from ..results.models import RecordStatus
from .grade import GradeOutcome
from .ledger import Entry
from .rank import Standing

_PRECEDENCE: dict[RecordStatus, int] = {
    "contributing": 5,
    "superseded": 4,
    "capped": 3,
    "exempt": 2,
    "matched": 1,
    "unmatched": 0,
    "out_of_period": 0,
}


@dataclass(slots=True)
class UnitOutcome:
    """One unit's evaluation: its ledger entries, total and standing.

    Record statuses are derived from the entries when first asked for, so that
    an integrator who only needs totals does not pay for them.
    """

    unit: Unit
    entries: list[Entry]
    total: Exact
    records: list[Record]
    out_of_period: list[Record]
    #: (rule id, the records it matched), in rule order; statuses are derived from it on demand.
    hits: list[tuple[str, list[Record]]]
    standing: Standing = field(default_factory=Standing)
    grade: GradeOutcome | None = None
    #: Records outside the ledger that decided something (a veto that lowered the grade).
    decisive: set[str] = field(default_factory=set)
    #: Grade vetoes that matched records: (veto id, record ids).
    veto_hits: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    _statuses: dict[str, tuple[RecordStatus, tuple[str, ...]]] | None = None

    @property
    def matched(self) -> dict[str, list[str]]:
        """Record id → ids of the rules and vetoes that matched it."""
        out: dict[str, list[str]] = defaultdict(list)
        for rule_id, records in self.hits:
            for r in records:
                out[r.id].append(rule_id)
        for veto_id, rids in self.veto_hits:
            for rid in rids:
                out[rid].append(veto_id)
        return out

    @property
    def statuses(self) -> dict[str, tuple[RecordStatus, tuple[str, ...]]]:
        """Record id → (status, ids of the rules that matched it), every record of the unit."""
        if self._statuses is None:
            self._statuses = record_statuses(
                self.records, self.out_of_period, self.entries, self.matched, self.decisive
            )
        return self._statuses


def record_statuses(
    records: Sequence[Record],
    out_of_period: Sequence[Record],
    entries: Sequence[Entry],
    matched: Mapping[str, list[str]],
    decisive: set[str],
) -> dict[str, tuple[RecordStatus, tuple[str, ...]]]:
    """Each record's one status: the strongest part it played in any entry, else matched or unmatched."""
    status: dict[str, RecordStatus] = {rid: "contributing" for rid in decisive}
    for e in entries:
        if e.kind == "base":
            continue
        if e.applied != 0:
            here: RecordStatus = "contributing"
        elif any(d.kind == "superseded" for d in e.decisions):
            here = "superseded"
        elif any(d.kind == "capped" for d in e.decisions):
            here = "capped"
        elif any(d.kind == "exempt" for d in e.decisions):
            here = "exempt"
        else:
            here = "matched"
        for rid in (*e.records, *e.counted):
            if _PRECEDENCE[here] > _PRECEDENCE[status.get(rid, "unmatched")]:
                status[rid] = here
    out: dict[str, tuple[RecordStatus, tuple[str, ...]]] = {}
    for rec in sorted(records, key=order_of):
        st = status.get(rec.id, "matched" if rec.id in matched else "unmatched")
        out[rec.id] = (st, tuple(matched.get(rec.id, ())))
    for rec in sorted(out_of_period, key=order_of):
        out[rec.id] = ("out_of_period", ())
    return out
