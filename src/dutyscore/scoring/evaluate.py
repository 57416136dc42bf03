"""Evaluate a scheme over one period: partition, match, contribute, settle, compose, grade, rank.

Each stage is a function that returns what it produces; what they share travels
in an explicit :class:`~dutyscore.scoring.context.EvaluationContext`, built once
per call, with its own calendar use (so one calendar serves many evaluations).
Everything except the cohort pre-pass, ranking and grading is a function of one
unit's records.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from .._calendar import CalendarUse, WorkingCalendar
from .._collector import collector_paused
from .._exact import ONE
from .._limits import year_problem
from .._problems import DutyscoreError, EvaluationError, Problem, RecordsInvalid, UsageError
from ..records.compact import CompactRecords, KeptRows
from ..records.model import Record, order_of
from ..records.units import Unit
from ..records.validate import Skipped
from ..results.evaluation import Evaluation, RecordIndex
from ..scheme.model import Grading, Scheme
from .cohorts import cohort_means, cohort_metrics
from .compose import compose
from .context import EvaluationContext, UnitContext
from .grade import Candidate, grade_cohort
from .ledger import GivenRecords, UnitLedger
from .outcome import UnitOutcome
from .plan import plan_of, reference_plan
from .rank import rank
from .settle import apply_caps, apply_dedup
from .sweep import sweep


def evaluate(
    scheme: Scheme,
    records: Sequence[Record],
    *,
    units: Sequence[Unit] | None = None,
    period: int | None = None,
    calendar: WorkingCalendar | None = None,
    previous_streaks: Mapping[str, int] | None = None,
    metrics: Mapping[str, Mapping[str, int]] | None = None,
    compiled: bool = True,
    skipped: Skipped | None = None,
) -> Evaluation:
    """Score every unit.

    ``units`` gives names and cohorts (default: every unit the records name);
    ``period`` the year (default: the records' only year); ``calendar`` a local
    working-day calendar; ``previous_streaks`` last year's bottom streaks
    (:func:`~dutyscore.load_previous_streaks`); ``metrics`` precomputed cohort
    counts (:func:`~dutyscore.cohort_metrics`), for partitioned evaluation.
    ``compiled=False`` scores every rule by its kind's own ``evaluate`` instead of the
    compiled plan: the reference the plan is tested against (same results, slower).
    ``skipped`` lists records left out because they did not validate: the result shows them
    and counts them in its accounting.
    """
    if not scheme.items:
        raise DutyscoreError(
            f"scheme {scheme.id} has no items to score (it declares obligations only: use dutyscore due)"
        )
    compact = records if isinstance(records, CompactRecords) else None
    year = period_of(records, period)
    with collector_paused():  # every object built from here on is acyclic: see _collector
        by_unit: dict[str, list[Record]] = defaultdict(list)
        kept: KeptRows | None = None
        sums: dict[str, dict[str, int]] = {}
        if compact is not None:  # the rows kept as columns stay so where the plan allows
            plan = plan_of(scheme) if compiled else reference_plan(scheme)
            found, kept = compact.split(plan.columnar, year)
            by_unit.update(found)
            sums = kept.sums()
        else:
            for rec in records:
                by_unit[rec.unit].append(rec)
        unit_list = _units(records, by_unit, units)
        counts = metrics if metrics is not None else cohort_metrics(scheme, records, year)
        ctx = context(scheme, year, unit_list, calendar, counts, compiled=compiled)
        warn_unread(ctx, unread(scheme, records))
        outcomes = {
            u.id: evaluate_unit(ctx, u, by_unit.get(u.id, []), sums.get(u.id), kept) for u in unit_list
        }
        rank_and_grade(ctx, outcomes, unit_list, previous_streaks)
        finish(ctx)
        result = Evaluation(scheme, year, outcomes, ctx.warnings, RecordIndex(records), skipped)
    if os.environ.get("DUTYSCORE_CHECK_BALANCE"):
        check_balance(result)
    return result


def check_balance(result: Evaluation) -> None:
    """Σ applied × weight over every unit's ledger is its total, or :class:`EvaluationError`.

    Run after every evaluation when ``DUTYSCORE_CHECK_BALANCE`` is set (the test suite sets
    it): it builds every ledger line, so it is off by default."""
    for uid, o in result.outcomes.items():
        found = o.ledger_sum()
        if found != o.total:
            raise EvaluationError(f"unit {uid}: the ledger adds up to {found}, not to its total {o.total}")


def context(
    scheme: Scheme,
    year: int,
    units: Sequence[Unit],
    calendar: WorkingCalendar | None,
    counts: Mapping[str, Mapping[str, int]],
    *,
    compiled: bool = True,
) -> EvaluationContext:
    """The context of one evaluation; warns when the period is outside the scheme's dates."""
    ctx = EvaluationContext(
        scheme=scheme,
        period=year,
        calendar=CalendarUse(calendar or WorkingCalendar()),
        plan=plan_of(scheme) if compiled else reference_plan(scheme),
        cohort_means=cohort_means(counts, units),
    )
    _check_effective(ctx)
    return ctx


def rank_and_grade(
    ctx: EvaluationContext,
    outcomes: Mapping[str, UnitOutcome],
    units: Sequence[Unit],
    previous_streaks: Mapping[str, int] | None,
) -> None:
    """Standings within cohorts, then grades per cohort: the steps that need every unit's total.
    Outcome labels (a vote share's criticism) join the flags."""
    standings = rank(
        {u: o.total for u, o in outcomes.items()},
        {u.id: u.category for u in units},
        ctx.scheme.ranking,
        previous_streaks,
    )
    for uid, standing in standings.items():
        outcomes[uid].standing = standing
        for label in outcomes[uid].labels:
            if label not in standing.flags:
                standing.flags.append(label)
    if ctx.scheme.grading is not None:
        _grade_all(ctx.scheme.grading, outcomes)


def finish(ctx: EvaluationContext) -> None:
    """The warnings only the whole evaluation can give: calendar years it did not know."""
    unknown = ctx.calendar.unknown_years()
    if unknown:
        ctx.warn(
            "calendar_unknown_year",
            "the working-day calendar does not know the official holiday schedule of "
            f"{', '.join(map(str, unknown))}; working days there follow weekends and fixed "
            "festivals only (add a local calendar file with --calendar)",
        )


def period_of(records: Sequence[Record], period: int | None) -> int:
    """The year to score: the one given, or the records' only year."""
    if period is not None:
        why = year_problem(period) if type(period) is int else f"{period!r} is not a year"
        if why is not None:
            raise UsageError(f"period: {why}")
        return period
    years = records.years() if isinstance(records, CompactRecords) else {r.act_date.year for r in records}
    if len(years) == 1:
        return years.pop()
    if not years:
        raise EvaluationError("no records and no period given: say which year to score")
    raise EvaluationError(
        f"records span the years {', '.join(map(str, sorted(years)))}: say which year to score (--period)"
    )


def _units(
    records: Sequence[Record], by_unit: Mapping[str, list[Record]], units: Sequence[Unit] | None
) -> list[Unit]:
    """The units to score; every record must belong to one of them."""
    if units is None:
        return [Unit(u, u) for u in sorted(by_unit)]
    known = {u.id for u in units}
    if not known.issuperset(by_unit):
        strays = [r for r in records if r.unit not in known]
        raise RecordsInvalid(
            [
                Problem(f"unit {r.unit!r} is not in the units file", record_id=r.id, field="unit")
                for r in strays
            ]
        )
    return list(units)


def _check_effective(ctx: EvaluationContext) -> None:
    start, until = ctx.scheme.effective.from_, ctx.scheme.effective.until
    year = ctx.period
    if dt.date(year, 12, 31) < start or (until is not None and dt.date(year, 1, 1) > until):
        ctx.warn(
            "outside_effective_dates",
            f"period {year} is outside the scheme's effective dates ({start} – {until or 'open'})",
        )


def unread(scheme: Scheme, records: Iterable[Record]) -> dict[str, list[Record]]:
    """The records of kinds that no rule, veto or obligation of the scheme looks at, by kind."""
    kinds = set(scheme.event_kinds) - scheme.read_kinds()
    found: dict[str, list[Record]] = defaultdict(list)
    if not kinds:
        return found
    for rec in records:
        if rec.kind in kinds:
            found[rec.kind].append(rec)
    return found


def warn_unread(ctx: EvaluationContext, found: Mapping[str, Sequence[Record]]) -> None:
    """Records of a kind that no rule, veto or obligation looks at can never count: say so."""
    for kind, recs in sorted(found.items()):
        first = min(recs, key=order_of)
        ctx.warn(
            "unread_records",
            f"{len(recs)} record(s) of kind {kind!r} (first: {first.id}): no rule, veto or obligation "
            f"of {ctx.scheme.id} looks at them",
            record=first.id,
        )


def evaluate_unit(
    ctx: EvaluationContext,
    unit: Unit,
    records: list[Record],
    sums: Mapping[str, int] | None = None,
    kept: KeptRows | None = None,
) -> UnitOutcome:
    """One unit: one pass for the compiled rules, each other rule by its kind, then settle
    dedup and caps and compose (a unit with a record its table has no amount for is scored
    the reference way, which warns of it). Records outside the period are kept aside.
    ``sums``: per event kind, the sum of the amounts of the unit's rows ``kept`` scores as
    columns, each row a line of its kind's one rule (their records are built
    only when read)."""
    ledger = UnitLedger(unit.id, ctx.plan)
    given: Sequence[Record] = records
    if sums and kept is not None:
        ledger.add_block(sums, kept)
        given = GivenRecords(records, ledger)
    outside: list[Record] = []
    swept = sweep(ledger, records, ctx.period, outside)
    if swept is None:
        records = list(given)
        given = records
        ledger, outside = UnitLedger(unit.id, reference_plan(ctx.scheme)), []
        swept = sweep(ledger, records, ctx.period, outside)
        assert swept is not None, "a plan without compiled rules scores nothing in the pass"
    if outside:
        if isinstance(given, GivenRecords):  # rows kept as columns are of the period (split)
            given = GivenRecords([r for r in given.built if r.act_date.year == ctx.period], ledger)
        else:
            given = [r for r in given if r.act_date.year == ctx.period]
    by_kind, held, capped = swept
    if capped:
        ledger.fill_caps(capped)
    plan = ledger.plan
    hits: dict[int, list[Record]] = {}
    if len(held) > 1:
        held.sort(key=lambda pair: (pair[0], order_of(pair[1])))
    for index, rec in held:
        ledger.by_rule.setdefault(index, []).append(plan.line(index, unit.id, rec))
        hits.setdefault(index, []).append(rec)
    if plan.by_kind:
        for recs in by_kind.values():
            recs.sort(key=order_of)
        unit_ctx = UnitContext(unit.id, unit.category, by_kind, ctx)
        for index in plan.by_kind:
            c = plan.rules[index]
            matches = c.hits(by_kind)
            if matches:
                hits[index] = matches
            lines = c.kind.evaluate(c.rule, matches, unit_ctx)
            if lines:
                ledger.by_rule[index] = lines
    if ledger.by_rule:
        settle(ctx, ledger, given)
    total = compose(ctx.scheme, ledger, ctx.rule_index, ctx.bounds)
    return UnitOutcome(unit, ledger, total, given, outside, hits, ledger.labels())


def settle(ctx: EvaluationContext, ledger: UnitLedger, records: Sequence[Record]) -> None:
    """Dedup groups and caps over the lines kept as entries, then their item weights."""
    rich = ledger.rich()
    scheme = ctx.scheme
    if scheme.dedup:
        by_id = {r.id: r for r in records} if any(g.key != "record" for g in scheme.dedup) else {}
        for group in scheme.dedup:
            apply_dedup(group, rich, by_id, ctx.rule_index)
    apply_caps(scheme, rich, ctx.item_base)
    weights = ctx.plan.weights
    for e in rich:
        if e.item is not None:
            e.weight = weights.get(e.item, ONE)


def _grade_all(grading: Grading, outcomes: Mapping[str, UnitOutcome]) -> None:
    """Grade each cohort; vetoes and the last-place rule mark the records that decided it."""
    cohorts: dict[str | None, list[Candidate]] = defaultdict(list)
    for uid, o in outcomes.items():
        cohorts[o.unit.category].append(Candidate(uid, o.total, o.records))
    for members in cohorts.values():
        for uid, result in grade_cohort(grading, members).items():
            o = outcomes[uid]
            o.grade = result
            o.veto_hits.extend((fired.veto, fired.records) for fired in result.vetoes)
            o.decisive.update(result.decisive)
