"""Evaluate a scheme over one period: partition, match, contribute, settle, compose, rank.

Everything except cohort rules and ranking is a function of one unit's records.
Cohort rules need the mean of a count over the cohort: :func:`cohort_metrics`
computes those counts, and a distributed engine can compute them per
partition, add them up, and pass them to each partition's :func:`evaluate`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from fractions import Fraction
from functools import cached_property

from ._calendar import WorkingCalendar
from ._exact import ZERO, Exact, mul, normal, sub, text, total
from ._grade import Candidate, GradeOutcome, grade_cohort
from ._ledger import ONE, Decision, Entry
from ._match import Predicate, compile_where
from ._problems import DutyscoreError, EvaluationError, Problem, RecordsInvalid
from ._rank import Standing, rank
from ._records import Record
from ._result import (
    DecisionModel,
    ItemScoreModel,
    LedgerEntryModel,
    RecordOutcomeModel,
    RecordStatus,
    ResultModel,
    UnitResultModel,
    VetoModel,
)
from ._scheme_model import Grading, Item, Rule, Scheme
from ._settle import apply_caps, apply_dedup
from ._units import Unit
from .rules import RULE_KINDS, RuleContext

_ROUNDING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}
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
class _CompiledRule:
    rule: Rule
    kinds: frozenset[str]
    where: Predicate


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
    _statuses: dict[str, tuple[RecordStatus, tuple[str, ...]]] | None = None

    #: Grade vetoes that matched records: (veto id, record ids).
    veto_hits: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

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
            self._statuses = _statuses(
                self.records, self.out_of_period, self.entries, self.matched, self.decisive
            )
        return self._statuses


def _compile(scheme: Scheme) -> list[_CompiledRule]:
    return [_CompiledRule(r, frozenset(r.event_kinds), compile_where(r.where)) for r in scheme.rules]


def _period_of(records: Sequence[Record], period: int | None) -> int:
    if period is not None:
        return period
    years = {r.act_date.year for r in records}
    if len(years) == 1:
        return years.pop()
    if not years:
        raise EvaluationError("no records and no period given: say which year to score")
    raise EvaluationError(
        f"records span the years {', '.join(map(str, sorted(years)))}: say which year to score (--period)"
    )


def cohort_metrics(scheme: Scheme, records: Iterable[Record], period: int) -> dict[str, dict[str, int]]:
    """Per cohort rule and unit, the count of in-period records the rule matches.

    Counts from disjoint partitions add up, so a distributed engine can sum them.
    """
    rules = [c for c in _compile(scheme) if c.rule.kind == "cohort_step"]
    out: dict[str, dict[str, int]] = {c.rule.id: defaultdict(int) for c in rules}
    for rec in records:
        if rec.act_date.year != period:
            continue
        for c in rules:
            if rec.kind in c.kinds and c.where(rec):
                out[c.rule.id][rec.unit] += 1
    return {k: dict(v) for k, v in out.items()}


class UnknownUnit(DutyscoreError, KeyError):
    """A unit id that the evaluation does not contain."""

    def __str__(self) -> str:
        return str(self.args[0])


class Evaluation:
    """The outcome of :func:`evaluate`: compact per-unit ledgers, models on request."""

    def __init__(
        self,
        scheme: Scheme,
        period: int,
        outcomes: dict[str, UnitOutcome],
        warnings: list[str],
        records: Mapping[str, Record],
    ) -> None:
        self.scheme = scheme
        self.period = period
        self.outcomes = outcomes
        self.warnings = warnings
        self.records = records

    @cached_property
    def _weights(self) -> dict[str, Exact]:
        return item_weights(self.scheme)

    @cached_property
    def _leaves(self) -> list[tuple[list[str], Item]]:
        return _leaves_with_path(self.scheme)

    @cached_property
    def _rules(self) -> dict[str, Rule]:
        return {r.id: r for r in self.scheme.rules}

    def unit(self, unit_id: str) -> UnitOutcome:
        try:
            return self.outcomes[unit_id]
        except KeyError:
            raise UnknownUnit(
                f"no unit {unit_id!r} in this evaluation (units: {', '.join(sorted(self.outcomes))})"
            ) from None

    @property
    def totals(self) -> dict[str, Exact]:
        return {u: o.total for u, o in self.outcomes.items()}

    def item_scores(self, unit_id: str) -> list[ItemScoreModel]:
        """base + inputs + bonus − deduction = score of each scored item; × weight = contribution."""
        outcome = self.unit(unit_id)
        sums: dict[str, dict[str, list[Exact]]] = defaultdict(lambda: defaultdict(list))
        for e in outcome.entries:
            if e.item is not None and e.kind in ("base", "score", "bonus", "deduction"):
                sums[e.item][e.kind].append(e.applied)
        weights = self._weights
        out = []
        for path, item in self._leaves:
            s = sums[item.id]
            base, inputs, bonus = total(s["base"]), total(s["score"]), total(s["bonus"])
            deduction = -total(s["deduction"])
            score = sub(total([base, inputs, bonus]), deduction)
            out.append(
                ItemScoreModel.model_construct(
                    item=item.id,
                    title=item.title,
                    section=path,
                    base=base,
                    inputs=inputs,
                    bonus=bonus,
                    deduction=deduction,
                    score=score,
                    weight=weights[item.id],
                    contribution=mul(score, weights[item.id]),
                )
            )
        return out

    def section_scores(self, unit_id: str) -> list[tuple[Item, Exact, Exact, Exact]]:
        """Per top-level section: (section, its score, its weight, its contribution to the total)."""
        contributions: dict[str, list[Exact]] = defaultdict(list)
        for e in self.unit(unit_id).entries:
            if e.item is not None:
                contributions[e.item].append(e.contribution)
        out = []
        for sec in self.scheme.items:
            c = total(x for leaf in sec.walk() if leaf.is_leaf for x in contributions.get(leaf.id, ()))
            w = normal(sec.weight) if sec.weight is not None else ONE
            out.append((sec, normal(Fraction(c) / Fraction(w)), w, c))
        return out

    def unit_sums(self, unit_id: str) -> dict[str, Exact]:
        """A unit's base, inputs, bonus, deduction (positive) and adjustment: contributions by kind."""
        by_kind: dict[str, list[Exact]] = defaultdict(list)
        for e in self.unit(unit_id).entries:
            by_kind[e.kind].append(e.contribution)
        return {
            "base": total(by_kind["base"]),
            "inputs": total(by_kind["score"]),
            "bonus": total(by_kind["bonus"]),
            "deduction": -total(by_kind["deduction"]),
            "adjustment": total(by_kind["override"] + by_kind["rounding"]),
        }

    def unit_model(self, unit_id: str) -> UnitResultModel:
        o = self.unit(unit_id)
        statuses = [
            RecordOutcomeModel.model_construct(
                record=rid, kind=self.records[rid].kind, status=status, rules=list(rules)
            )
            for rid, (status, rules) in o.statuses.items()
        ]
        vetoes = []
        if o.grade is not None and self.scheme.grading is not None:
            by_id = {v.id: v for v in self.scheme.grading.vetoes}
            vetoes = [
                VetoModel(
                    veto=f.veto,
                    title=by_id[f.veto].title,
                    clause=self.scheme.cite(by_id[f.veto].source),
                    records=list(f.records),
                    at_most=f.at_most,
                )
                for f in o.grade.vetoes
            ]
        return UnitResultModel(
            unit=o.unit.id,
            name=o.unit.name,
            category=o.unit.category,
            **self.unit_sums(unit_id),
            total=o.total,
            grade=o.grade.grade if o.grade else None,
            grade_by_score=o.grade.by_score if o.grade else None,
            grade_reasons=list(o.grade.reasons) if o.grade else [],
            vetoes=vetoes,
            rank=o.standing.rank,
            cohort_size=o.standing.cohort_size,
            flags=list(o.standing.flags),
            bottom_streak=o.standing.bottom_streak,
            items=self.item_scores(unit_id),
            ledger=[self._entry_model(e) for e in o.entries],
            records=statuses,
        )

    def _entry_model(self, e: Entry) -> LedgerEntryModel:
        clause = None
        if e.rule is not None:
            clause = self.scheme.cite(self._rules[e.rule].source)
        elif e.kind == "base" and e.item is not None:
            src = self.scheme.item(e.item).source
            clause = self.scheme.cite(src) if src else None
        elif e.kind == "rounding" and self.scheme.rounding and self.scheme.rounding.source:
            clause = self.scheme.cite(self.scheme.rounding.source)
        # built from the engine's own exact values: construct without re-validating
        return LedgerEntryModel.model_construct(
            kind=e.kind,
            item=e.item,
            rule=e.rule,
            clause=clause,
            records=list(e.records),
            counted=list(e.counted),
            raw=e.raw,
            applied=e.applied,
            weight=e.weight,
            contribution=e.contribution,
            detail=e.detail,
            label=e.label,
            decisions=[
                DecisionModel.model_construct(kind=d.kind, by=d.by, lost=d.lost, detail=d.detail)
                for d in e.decisions
            ],
        )

    def to_model(self) -> ResultModel:
        """The full typed result (pydantic), ledger and record statuses included."""
        return ResultModel(
            scheme=self.scheme.id,
            scheme_version=self.scheme.version,
            period=str(self.period),
            units=[self.unit_model(u) for u in self.outcomes],
            warnings=list(self.warnings),
        )


def _leaves_with_path(scheme: Scheme) -> list[tuple[list[str], Item]]:
    """Scored items in document order, each with the titles of the sections above it."""
    out: list[tuple[list[str], Item]] = []

    def walk(items: Iterable[Item], path: list[str]) -> None:
        for item in items:
            if item.children:
                walk(item.children, [*path, item.title])
            else:
                out.append((path, item))

    walk(scheme.items, [])
    return out


def item_weights(scheme: Scheme) -> dict[str, Exact]:
    """Per scored item, the product of the weights on its path (1 where none is declared)."""
    out: dict[str, Exact] = {}

    def walk(items: Iterable[Item], above: Exact) -> None:
        for item in items:
            w = mul(above, normal(item.weight)) if item.weight is not None else above
            if item.children:
                walk(item.children, w)
            else:
                out[item.id] = w

    walk(scheme.items, ONE)
    return out


def evaluate(
    scheme: Scheme,
    records: Sequence[Record],
    *,
    units: Sequence[Unit] | None = None,
    period: int | None = None,
    calendar: WorkingCalendar | None = None,
    previous_streaks: Mapping[str, int] | None = None,
    metrics: Mapping[str, Mapping[str, int]] | None = None,
) -> Evaluation:
    """Score every unit; ``units`` gives names and cohorts, ``metrics`` precomputed cohort counts."""
    if not scheme.items:
        raise DutyscoreError(
            f"scheme {scheme.id} has no items to score (it declares obligations only: use dutyscore due)"
        )
    year = _period_of(records, period)
    cal = calendar or WorkingCalendar()
    warnings: list[str] = []
    if units is None:
        unit_list = [Unit(u, u) for u in sorted({r.unit for r in records})]
    else:
        unit_list = list(units)
        known = {u.id for u in unit_list}
        strays = [r for r in records if r.unit not in known]
        if strays:
            raise RecordsInvalid(
                [
                    Problem(f"unit {r.unit!r} is not in the units file", record_id=r.id, field="unit")
                    for r in strays
                ]
            )
    _check_effective(scheme, year, warnings)

    by_unit: dict[str, list[Record]] = defaultdict(list)
    out_of_period: dict[str, list[Record]] = defaultdict(list)
    for rec in records:
        (by_unit if rec.act_date.year == year else out_of_period)[rec.unit].append(rec)

    compiled = _compile(scheme)
    counts = metrics if metrics is not None else cohort_metrics(scheme, records, year)
    means = _cohort_means(counts, unit_list)
    item_base = {i.id: normal(i.base) for i in scheme.leaf_items() if i.base is not None}
    weights = item_weights(scheme)
    rule_index = {r.id: i for i, r in enumerate(scheme.rules)}
    records_by_id = {r.id: r for r in records}

    outcomes: dict[str, UnitOutcome] = {}
    for unit in unit_list:
        outcomes[unit.id] = _evaluate_unit(
            scheme,
            unit,
            by_unit.get(unit.id, []),
            out_of_period.get(unit.id, []),
            compiled,
            cal,
            item_base,
            weights,
            rule_index,
            records_by_id,
            means,
            warnings,
        )
    standings = rank(
        {u: o.total for u, o in outcomes.items()},
        {u.id: u.category for u in unit_list},
        scheme.ranking,
        previous_streaks,
    )
    for uid, standing in standings.items():
        outcomes[uid].standing = standing
        for label in (e.label for e in outcomes[uid].entries if e.kind == "outcome" and e.label):
            if label not in standing.flags:
                standing.flags.append(label)
    if scheme.grading is not None:
        _grade_all(scheme.grading, outcomes)
    unknown = cal.unknown_years(cal.queried_years)
    if unknown:
        warnings.append(
            "the working-day calendar does not know the official holiday schedule of "
            f"{', '.join(map(str, unknown))}; working days there follow weekends and fixed "
            "festivals only (add a local calendar file with --calendar)"
        )
    return Evaluation(scheme, year, outcomes, warnings, records_by_id)


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


def _check_effective(scheme: Scheme, year: int, warnings: list[str]) -> None:
    start, until = scheme.effective.from_, scheme.effective.until
    if dt.date(year, 12, 31) < start or (until is not None and dt.date(year, 1, 1) > until):
        warnings.append(
            f"period {year} is outside the scheme's effective dates ({start} – {until or 'open'})"
        )


def _cohort_means(
    counts: Mapping[str, Mapping[str, int]], units: Sequence[Unit]
) -> dict[str, dict[str, Fraction]]:
    members: dict[str, list[str]] = defaultdict(list)
    for u in units:
        if u.category is not None:
            members[u.category].append(u.id)
    out: dict[str, dict[str, Fraction]] = {}
    for rule_id, per_unit in counts.items():
        out[rule_id] = {
            cat: Fraction(sum(per_unit.get(u, 0) for u in ids), len(ids)) for cat, ids in members.items()
        }
    return out


def _evaluate_unit(
    scheme: Scheme,
    unit: Unit,
    records: list[Record],
    out_of_period: list[Record],
    compiled: list[_CompiledRule],
    cal: WorkingCalendar,
    item_base: Mapping[str, Exact],
    weights: Mapping[str, Exact],
    rule_index: Mapping[str, int],
    records_by_id: Mapping[str, Record],
    means: Mapping[str, Mapping[str, Fraction]],
    warnings: list[str],
) -> UnitOutcome:
    records = sorted(records, key=lambda r: (r.act_date, r.id))
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for rec in records:
        by_kind[rec.kind].append(rec)

    def cohort_mean(rule_id: str) -> Fraction | None:
        if unit.category is None:
            return None
        return means.get(rule_id, {}).get(unit.category)

    ctx = RuleContext(unit.id, scheme, cal, item_base, by_kind, cohort_mean, warnings)
    entries = [
        Entry(unit.id, iid, None, "base", (), base, base, "base points") for iid, base in item_base.items()
    ]
    hits_by_rule: list[tuple[str, list[Record]]] = []
    for c in compiled:
        where = c.where
        hits = [r for k in c.kinds for r in by_kind.get(k, ()) if where(r)]
        if hits:
            hits_by_rule.append((c.rule.id, hits))
        entries.extend(RULE_KINDS[c.rule.kind](c.rule, hits, ctx))
    for group in scheme.dedup:
        apply_dedup(group, entries, records_by_id, rule_index)
    apply_caps(scheme, entries, item_base)
    for e in entries:
        if e.item is not None:
            e.weight = weights.get(e.item, ONE)
    unit_total = _compose(scheme, entries, rule_index)
    outcome = UnitOutcome(unit, entries, unit_total, records, out_of_period, hits_by_rule)
    return outcome


def round_exact(value: Exact, places: int, mode: str) -> Decimal:
    """``value`` rounded to ``places`` decimals, exactly, Fractions included."""
    if isinstance(value, Decimal):
        return value.quantize(Decimal(1).scaleb(-places), rounding=_ROUNDING[mode])
    scaled = value * 10**places
    sign = -1 if scaled < 0 else 1
    n, d = abs(scaled.numerator), scaled.denominator
    q, r = divmod(n, d)
    if (
        (mode == "half_up" and 2 * r >= d)
        or (mode == "half_even" and (2 * r > d or (2 * r == d and q % 2)))
        or (mode == "up" and r)
    ):
        q += 1
    return Decimal(sign * q).scaleb(-places)


def _compose(scheme: Scheme, entries: list[Entry], rule_index: Mapping[str, int]) -> Exact:
    """total = Σ applied × weight over the entries, then an override, then rounding."""
    unit_total = total(e.contribution for e in entries if e.kind != "override")
    overrides = sorted((e for e in entries if e.kind == "override"), key=lambda e: rule_index[e.rule or ""])
    for i, e in enumerate(overrides):
        if i == 0:
            target = normal(scheme.rule(e.rule or "").total or ZERO)
            e.raw = e.applied = sub(target, unit_total)
            unit_total = target
        else:
            e.decisions.append(
                Decision(
                    "not_applied", overrides[0].rule or "", ZERO, "another override already set the total"
                )
            )
    if scheme.rounding is not None:
        rounded = round_exact(unit_total, scheme.rounding.places, scheme.rounding.mode)
        if rounded != unit_total:
            unit = entries[0].unit if entries else ""
            diff = sub(rounded, unit_total)
            entries.append(
                Entry(
                    unit,
                    None,
                    None,
                    "rounding",
                    (),
                    diff,
                    diff,
                    f"{text(unit_total)} rounded to {scheme.rounding.places} place(s)",
                )
            )
            unit_total = rounded
    return unit_total


def _statuses(
    records: Sequence[Record],
    out_of_period: Sequence[Record],
    entries: Sequence[Entry],
    matched: Mapping[str, list[str]],
    decisive: set[str],
) -> dict[str, tuple[RecordStatus, tuple[str, ...]]]:
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
    for rec in sorted(records, key=lambda r: (r.act_date, r.id)):
        st = status.get(rec.id, "matched" if rec.id in matched else "unmatched")
        out[rec.id] = (st, tuple(matched.get(rec.id, ())))
    for rec in sorted(out_of_period, key=lambda r: (r.act_date, r.id)):
        out[rec.id] = ("out_of_period", ())
    return out
