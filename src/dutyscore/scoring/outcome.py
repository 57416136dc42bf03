"""One unit's outcome: its ledger, total, standing and grade, and what became of each record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .._exact import Exact
from ..records.model import Record, order_of
from ..records.units import Unit
from ..results.models import RecordStatus
from .grade import GradeOutcome
from .ledger import Entry, UnitLedger
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
    """One unit's evaluation: its compact ledger, total and standing.

    The ledger's lines as entries, the records in order and their statuses are
    built when first asked for, so that an integrator who only needs totals does
    not pay for them.
    """

    unit: Unit
    #: None in the slim outcome a streamed evaluation keeps for ranking.
    ledger: UnitLedger | None
    total: Exact
    #: The unit's in-period records as given (:attr:`records` puts them in order).
    given: Sequence[Record]
    out_of_period: list[Record]
    #: Rule index → the records it matched, for rules outside the ledger's columns.
    rule_hits: dict[int, list[Record]]
    #: Labels of outcome lines (a vote share's criticism): they join the flags.
    labels: list[str] = field(default_factory=list)
    standing: Standing = field(default_factory=Standing)
    grade: GradeOutcome | None = None
    #: Records outside the ledger that decided something (a veto that lowered the grade).
    decisive: set[str] = field(default_factory=set)
    #: Grade vetoes that matched records: (veto id, record ids).
    veto_hits: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    _statuses: dict[str, tuple[RecordStatus, tuple[str, ...]]] | None = None
    _records: list[Record] | None = None
    _tally: dict[tuple[str, str | None], Exact] | None = None

    @property
    def entries(self) -> list[Entry]:
        """The full ledger: base, each rule's lines in scheme order, bounds and rounding."""
        return self.ledger.entries() if self.ledger is not None else []

    def ledger_sum(self) -> Fraction:
        """Σ applied × weight over the whole ledger: the total, when the ledger is sound."""
        return sum((Fraction(e.contribution) for e in self.entries), Fraction(0))

    def tally(self) -> dict[tuple[str, str | None], Exact]:
        """Σ contribution per (entry kind, item), without building the entries; counted once
        (a table reads it for the unit's sums and again for its sections)."""
        if self._tally is None:
            self._tally = self.ledger.tally() if self.ledger is not None else {}
        return self._tally

    def kept_entries(self) -> list[Entry]:
        """The lines kept as entries (rules evaluated by their kind, held rules), in rule order."""
        return self.ledger.rich() if self.ledger is not None else []

    @property
    def records(self) -> list[Record]:
        """The unit's in-period records in the stable order (act date, id)."""
        if self._records is None:
            self._records = sorted(self.given, key=order_of)
        return self._records

    @property
    def hits(self) -> list[tuple[str, list[Record]]]:
        """(rule id, the records it matched) for every rule that matched, in rule order."""
        if self.ledger is None:
            return []
        found = {**self.ledger.hits(), **self.rule_hits}
        rules = self.ledger.plan.rules
        return [(rules[i].rule.id, found[i]) for i in sorted(found)]

    def release(self) -> None:
        """Drop what was built on request (ledger lines, statuses): it is built again if asked."""
        if self.ledger is not None:
            self.ledger.release()
        self._statuses = self._records = None

    def slim(self, keep: Callable[[Sequence[Record]], list[Record]]) -> UnitOutcome:
        """What ranking and grading need: total, labels and the records ``keep`` selects."""
        return UnitOutcome(self.unit, None, self.total, keep(self.records), [], {}, self.labels)

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
                self.records, self.out_of_period, entry_marks(self.entries), self.matched, self.decisive
            )
        return self._statuses


def line_status(e: Entry) -> RecordStatus | None:
    """The part a ledger line's records played in it (None for base points, which have none)."""
    if e.kind == "base":
        return None
    if e.applied != 0:
        return "contributing"
    for kind in ("superseded", "capped", "exempt"):
        if any(d.kind == kind for d in e.decisions):
            return kind
    return "matched"


def entry_marks(entries: Iterable[Entry]) -> Iterator[tuple[RecordStatus, Sequence[str]]]:
    """(status, record ids) of each line of a ledger that has records."""
    for e in entries:
        here = line_status(e)
        if here is not None:
            yield here, (*e.records, *e.counted)


def record_statuses(
    records: Sequence[Record],
    out_of_period: Sequence[Record],
    marks: Iterable[tuple[RecordStatus, Sequence[str]]],
    matched: Mapping[str, list[str]],
    decisive: set[str],
) -> dict[str, tuple[RecordStatus, tuple[str, ...]]]:
    """Each record's one status: the strongest part it played in any ledger line (``marks``:
    each line's status and records, :func:`entry_marks`), else matched or unmatched."""
    status: dict[str, RecordStatus] = {rid: "contributing" for rid in decisive}
    for here, rids in marks:
        for rid in rids:
            if _PRECEDENCE[here] > _PRECEDENCE[status.get(rid, "unmatched")]:
                status[rid] = here
    out: dict[str, tuple[RecordStatus, tuple[str, ...]]] = {}
    for rec in sorted(records, key=order_of):
        st = status.get(rec.id, "matched" if rec.id in matched else "unmatched")
        out[rec.id] = (st, tuple(matched.get(rec.id, ())))
    for rec in sorted(out_of_period, key=order_of):
        out[rec.id] = ("out_of_period", ())
    return out
