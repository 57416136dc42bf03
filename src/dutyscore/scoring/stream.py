"""Evaluation one unit at a time, for inputs larger than memory.

Records arrive grouped by unit from a source that can be read again (a function that
opens the file anew). The first pass keeps of each unit only its total, its outcome
labels and the records a veto or the last-place rule could select, enough to rank and
grade; the second pass scores each unit again and yields its full result. Memory is
bounded by the largest unit, not by the file; the results are those of
:func:`~dutyscore.evaluate` on the same records (a test compares them on 100 k records).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .._calendar import WorkingCalendar
from .._exact import Exact
from .._problems import EvaluationError, Problem, RecordsInvalid, WarningModel
from ..records.model import Record
from ..records.units import Unit
from ..results.evaluation import Evaluation, RecordIndex
from ..results.models import UnitResultModel
from ..results.written import WrittenUnit
from ..scheme.model import Scheme
from ..scheme.parts import Selecting
from .cohorts import cohort_metrics
from .context import EvaluationContext
from .evaluate import context, evaluate_unit, finish, rank_and_grade, unread, warn_unread
from .outcome import UnitOutcome

#: A source of records grouped by unit: called once per pass, it yields (unit id, its records).
Groups = Callable[[], Iterable[tuple[str, Sequence[Record]]]]


@dataclass
class StreamedEvaluation:
    """Totals, standings and warnings of every unit; full results unit by unit on request."""

    scheme: Scheme
    period: int
    totals: dict[str, Exact]
    warnings: list[WarningModel]
    _slim: dict[str, UnitOutcome]
    _groups: Groups
    _context: EvaluationContext

    def units(self) -> Iterator[UnitResultModel]:
        """Each unit's full result (ledger, items, records), reading the source once more: in
        the source's order, then the units without records."""
        for uid, one in self._evaluations():
            yield one.unit_model(uid)

    def written_units(self) -> Iterator[WrittenUnit]:
        """What :meth:`units` gives, as each unit's text in the result JSON (and its status
        counts), written without building its models: what ``dutyscore score --stream``
        writes."""
        for uid, one in self._evaluations():
            yield one.unit_text(uid)

    def _evaluations(self) -> Iterator[tuple[str, Evaluation]]:
        """Each unit and its evaluation, reading the source once more: in the source's order,
        then the units without records."""
        done: set[str] = set()
        for uid, records in _checked(self._groups(), self._slim):
            done.add(uid)
            yield uid, self._one(uid, records)
        for uid in self._slim:
            if uid not in done:
                yield uid, self._one(uid, [])

    def _one(self, uid: str, records: Sequence[Record]) -> Evaluation:
        """The evaluation of one unit, scored again with the standing and grade of the first pass."""
        slim = self._slim[uid]
        ctx = dataclasses.replace(self._context, warnings=[])  # said once, in the first pass
        outcome = evaluate_unit(ctx, slim.unit, list(records))
        outcome.standing, outcome.grade = slim.standing, slim.grade
        outcome.veto_hits, outcome.decisive = slim.veto_hits, slim.decisive
        return Evaluation(self.scheme, self.period, {uid: outcome}, self.warnings, RecordIndex(records))


def _checked(
    groups: Iterable[tuple[str, Sequence[Record]]], known: Mapping[str, object]
) -> Iterator[tuple[str, Sequence[Record]]]:
    """Groups of known units, each once: records not grouped by unit are an input error."""
    seen: set[str] = set()
    for uid, records in groups:
        if uid in seen:
            raise RecordsInvalid([Problem(f"unit {uid!r} appears twice: records must be grouped by unit")])
        if uid not in known:
            raise RecordsInvalid([Problem(f"unit {uid!r} is not in the units given")])
        strays = [r for r in records if r.unit != uid]
        if strays:
            raise RecordsInvalid([Problem(f"in the group of {uid!r}", record_id=strays[0].id, field="unit")])
        seen.add(uid)
        yield uid, records


def _selected(scheme: Scheme) -> Callable[[Sequence[Record]], list[Record]]:
    """The records a grade veto or the last-place rule could look at (all a grade needs)."""
    selectors: list[Selecting] = []
    if scheme.grading is not None:
        selectors += list(scheme.grading.vetoes)
        if scheme.grading.last_place is not None:
            selectors.append(scheme.grading.last_place)
    kinds = {k for s in selectors for k in s.event_kinds}
    return lambda records: [r for r in records if r.kind in kinds]


def evaluate_stream(
    scheme: Scheme,
    groups: Groups,
    *,
    units: Sequence[Unit],
    period: int,
    calendar: WorkingCalendar | None = None,
    previous_streaks: Mapping[str, int] | None = None,
    metrics: Mapping[str, Mapping[str, int]] | None = None,
) -> StreamedEvaluation:
    """Score units one at a time from ``groups`` (called again for each pass; see the module)."""
    if not units:
        raise EvaluationError("streamed evaluation needs the units (--units)")
    known = {u.id: u for u in units}
    if metrics is None:  # a pass for the cohort counts, only when a rule needs them
        # a key per cohort rule, as cohort_metrics gives even where no record matches
        counts: dict[str, dict[str, int]] = {
            rule: defaultdict(int) for rule in cohort_metrics(scheme, [], period)
        }
        if counts:
            for _, records in _checked(groups(), known):
                for rule, per_unit in cohort_metrics(scheme, records, period).items():
                    for uid, n in per_unit.items():
                        counts[rule][uid] += n
        metrics = {k: dict(v) for k, v in counts.items()}
    base = context(scheme, period, list(units), calendar, metrics)
    keep = _selected(scheme)
    slim: dict[str, UnitOutcome] = {}
    unread_found: dict[str, list[Record]] = defaultdict(list)
    for uid, records in _checked(groups(), known):
        for kind, found in unread(scheme, records).items():
            unread_found[kind] += found
        slim[uid] = evaluate_unit(base, known[uid], list(records)).slim(keep)
    for u in units:  # a unit without records still has its base points
        if u.id not in slim:
            slim[u.id] = evaluate_unit(base, u, []).slim(keep)
    warn_unread(base, unread_found)
    ordered = {u.id: slim[u.id] for u in units}
    rank_and_grade(base, ordered, list(units), previous_streaks)
    finish(base)
    totals = {uid: o.total for uid, o in ordered.items()}
    return StreamedEvaluation(scheme, period, totals, base.warnings, ordered, groups, base)
