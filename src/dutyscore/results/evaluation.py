"""The outcome of an evaluation: compact per-unit ledgers, typed models on request.

:class:`Evaluation` is what :func:`dutyscore.evaluate` returns. Totals and sums
are read straight from the compact ledger; the pydantic result models (the JSON
contract systems store) are built only when asked for, one unit at a time.
"""

from __future__ import annotations

import codecs
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, TextIO

from .._collector import collector_paused
from .._exact import ONE, ZERO, Exact, mul, normal, sub, total
from .._problems import NotFound, WarningModel
from ..kinds.base import RuleBase
from ..records.model import Record
from ..records.validate import Skipped
from ..scheme.model import Scheme
from ..scheme.parts import Item, offices
from ..scoring.compose import item_weights
from ..scoring.ledger import Entry
from .models import (
    FIRST_SKIPPED,
    RESULT_FORMAT,
    AccountingModel,
    ConsequenceModel,
    DecisionModel,
    InvalidRecordModel,
    ItemScoreModel,
    LedgerEntryModel,
    RecordOutcomeModel,
    ResultModel,
    UnitResultModel,
    VetoModel,
    accounting,
)
from .written import UnitText, WrittenUnit, unit_text

if TYPE_CHECKING:
    from ..scoring.outcome import UnitOutcome


class RecordIndex(Mapping[str, Record]):
    """Records by id, indexed on first lookup: scoring never needs the index, reports do."""

    def __init__(self, records: Iterable[Record]) -> None:
        self._records = records
        self._index: dict[str, Record] | None = None

    @property
    def _by_id(self) -> dict[str, Record]:
        if self._index is None:
            self._index = {r.id: r for r in self._records}
        return self._index

    def __getitem__(self, key: str) -> Record:
        return self._by_id[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)


class Evaluation:
    """The outcome of :func:`evaluate`: compact per-unit ledgers, models on request."""

    def __init__(
        self,
        scheme: Scheme,
        period: int,
        outcomes: dict[str, UnitOutcome],
        warnings: list[WarningModel],
        records: Mapping[str, Record],
        skipped: Skipped | None = None,
    ) -> None:
        self.scheme = scheme
        self.period = period
        self.outcomes = outcomes
        self.warnings = warnings
        self.records = records
        #: Records left out because they did not validate (``--skip-invalid``), if any.
        self.skipped = skipped or Skipped(0)
        self._texts: UnitText | None = None

    def accounting(self) -> AccountingModel:
        """Where every record went: ``records_in`` = invalid + each status's count (see
        :class:`~dutyscore.AccountingModel`)."""
        counts: dict[str, int] = {}
        for o in self.outcomes.values():
            for status, _ in o.statuses.values():
                counts[status] = counts.get(status, 0) + 1
        return accounting(counts, self.skipped.records)

    @cached_property
    def _weights(self) -> dict[str, Exact]:
        return item_weights(self.scheme)

    @cached_property
    def _leaves(self) -> list[tuple[list[str], Item]]:
        return _leaves_with_path(self.scheme)

    @cached_property
    def _clauses(self) -> dict[str, str]:
        """Rule id → the clause its lines cite (a ledger cites one rule a million times)."""
        return {r.id: self.scheme.cite(r.source) for r in self.scheme.rules}

    @cached_property
    def _rules(self) -> dict[str, RuleBase]:
        return {r.id: r for r in self.scheme.rules}

    @cached_property
    def _flag_titles(self) -> dict[str, str]:
        """Flag → what people read for it: the scheme's titles (its ranking's, its vote outcomes'),
        else the words of the paper forms (:data:`FLAG_TITLES`)."""
        out = dict(FLAG_TITLES)
        ranking = self.scheme.ranking
        named = [
            (ranking.bottom_flag, ranking.bottom_flag_title),
            (ranking.streak_flag, ranking.streak_flag_title),
        ]
        out.update({flag: title for flag, title in named if title})
        for rule in self.scheme.rules:
            for outcome in getattr(rule, "outcomes", ()):
                out[outcome.outcome] = outcome.title
        return out

    def flag_title(self, flag: str) -> str:
        """What people read for a flag (``close_supervision`` → 重点督导); the id where none is known."""
        return self._flag_titles.get(flag, flag)

    @cached_property
    def _item_facts(self) -> dict[str, tuple[str | None, str, list[str]]]:
        """Item id → its number (序号), title and office (its own, else its nearest section's):
        what a form prints beside each line."""
        out: dict[str, tuple[str | None, str, list[str]]] = {}

        def walk(items: Sequence[Item], office: list[str]) -> None:
            for item in items:
                own = offices(item.office) or office
                out[item.id] = (None if item.number is None else str(item.number), item.title, own)
                walk(item.children, own)

        walk(self.scheme.items, [])
        return out

    def unit(self, unit_id: str) -> UnitOutcome:
        """One unit's outcome; :class:`~dutyscore.NotFound` names the units there are."""
        try:
            return self.outcomes[unit_id]
        except KeyError:
            raise NotFound(
                f"no unit {unit_id!r} in this evaluation (units: {', '.join(sorted(self.outcomes))})"
            ) from None

    @property
    def totals(self) -> dict[str, Exact]:
        """Unit id → total, in the order units were given."""
        return {u: o.total for u, o in self.outcomes.items()}

    def item_scores(self, unit_id: str) -> list[ItemScoreModel]:
        """base + inputs + bonus − deduction = score of each scored item; × weight = contribution."""
        tally = self.unit(unit_id).tally()  # Σ applied × weight: the lines are never built
        weights = self._weights
        out = []
        for path, item in self._leaves:
            weight = weights[item.id]

            def applied(kind: str, item_id: str = item.id, weight: Exact = weight) -> Exact:
                found = tally.get((kind, item_id), ZERO)
                return found if weight == ONE else normal(Fraction(found) / Fraction(weight))

            base, inputs, bonus = applied("base"), applied("score"), applied("bonus")
            deduction = -applied("deduction")
            score = sub(total([base, inputs, bonus]), deduction)
            out.append(
                ItemScoreModel.model_construct(
                    item=item.id,
                    title=item.title,
                    number=self._item_facts[item.id][0],
                    office=list(self._item_facts[item.id][2]),
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
        """Per top-level section: (section, its score, its weight, its contribution to the total);
        a section's ceiling or floor is part of its score."""
        contributions: dict[str, list[Exact]] = defaultdict(list)
        for (_, item), amount in self.unit(unit_id).tally().items():
            if item is not None:
                contributions[item].append(amount)
        out = []
        for sec in self.scheme.items:
            c = total(x for node in sec.walk() for x in contributions.get(node.id, ()))
            w = normal(sec.weight) if sec.weight is not None else ONE
            out.append((sec, normal(Fraction(c) / Fraction(w)), w, c))
        return out

    def unit_sums(self, unit_id: str) -> dict[str, Exact]:
        """A unit's base, inputs, bonus, deduction (positive) and adjustment: contributions by kind."""
        by_kind: dict[str, list[Exact]] = defaultdict(list)
        for (kind, _), amount in self.unit(unit_id).tally().items():
            by_kind[kind].append(amount)
        return {
            "base": total(by_kind["base"]),
            "inputs": total(by_kind["score"]),
            "bonus": total(by_kind["bonus"]),
            "deduction": -total(by_kind["deduction"]),
            "adjustment": total(by_kind["bound"] + by_kind["override"] + by_kind["rounding"]),
        }

    def entries(self, unit_id: str) -> list[Entry]:
        """A unit's ledger in its compact form (what :func:`dutyscore.testing.ledger_problems` reads)."""
        return self.unit(unit_id).entries

    def unit_warnings(self, unit_id: str) -> list[WarningModel]:
        """The warnings about this unit, and those about the whole evaluation."""
        return [w for w in self.warnings if w.unit in (None, unit_id)]

    def consequences(self, unit_id: str) -> list[ConsequenceModel]:
        """What a unit's grade, vetoes, vote outcomes and ranking flags bring, in that order."""
        o = self.unit(unit_id)
        scheme = self.scheme
        found: list[tuple[str, str]] = []
        if o.grade is not None and scheme.grading is not None:
            found += [
                (c, f"grade {o.grade.grade}") for c in scheme.grading.consequences.get(o.grade.grade, ())
            ]
            vetoes = {v.id: v for v in scheme.grading.vetoes}
            for fired in o.grade.vetoes:
                found += [(c, f"veto {fired.veto}") for c in vetoes[fired.veto].consequences]
        for e in o.kept_entries():  # outcome lines are never column lines
            if e.kind == "outcome" and e.label and e.rule is not None:
                found += [
                    (c, f"rule {e.rule}: {e.label}") for c in self._rules[e.rule].consequences_of(e.label)
                ]
        ranking = scheme.ranking
        if ranking.bottom_flag in o.standing.flags:
            found += [(c, ranking.bottom_flag) for c in ranking.bottom_consequences]
        if ranking.streak_flag in o.standing.flags:
            found += [(c, ranking.streak_flag) for c in ranking.streak_consequences]
        out: list[ConsequenceModel] = []
        for cid, because in found:
            if any(m.consequence == cid for m in out):
                continue  # one consequence once, with the first thing that brought it
            c = scheme.consequences[cid]
            out.append(
                ConsequenceModel(
                    consequence=cid, title=c.title, clause=scheme.cite(c.source), because=because
                )
            )
        return out

    def unit_model(self, unit_id: str) -> UnitResultModel:
        """One unit's full typed result: items, ledger, record statuses, grade and standing."""
        o = self.unit(unit_id)
        statuses = [
            RecordOutcomeModel.built(
                record=rid, kind=self.records[rid].kind, status=status, rules=list(rules)
            )
            for rid, (status, rules) in o.statuses.items()
        ]
        return self._unit_model(unit_id, [self._entry_model(e) for e in o.entries], statuses)

    def unit_text(self, unit_id: str) -> WrittenUnit:
        """One unit as the result JSON holds it (what :meth:`unit_model` dumps, indented as a
        unit of the result), written from the compact ledger with templates
        (:mod:`.written`): the ledger's entries and models are never built."""
        o = self.unit(unit_id)
        if self._texts is None:
            self._texts = UnitText(self._entry_model)
        ledger, statuses, counts = self._texts.unit(o)
        return WrittenUnit(unit_text(self._unit_model(unit_id, [], []), ledger, statuses), counts)

    def _unit_model(
        self, unit_id: str, ledger: list[LedgerEntryModel], statuses: list[RecordOutcomeModel]
    ) -> UnitResultModel:
        o = self.unit(unit_id)
        skipped = self.skipped.of_unit(unit_id)
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
            flag_titles=[self.flag_title(f) for f in o.standing.flags],
            consequences=self.consequences(unit_id),
            bottom_streak=o.standing.bottom_streak,
            partial=bool(skipped),
            skipped=len(skipped),
            skipped_records=list(skipped[:FIRST_SKIPPED]),
            items=self.item_scores(unit_id),
            ledger=ledger,
            records=statuses,
        )

    def _entry_model(self, e: Entry) -> LedgerEntryModel:
        clause = None
        if e.rule is not None:
            clause = self._clauses[e.rule]
        elif e.kind == "base" and e.item is not None:
            src = self.scheme.item(e.item).source
            clause = self.scheme.cite(src) if src else None
        elif e.kind == "rounding" and self.scheme.rounding and self.scheme.rounding.source:
            clause = self.scheme.cite(self.scheme.rounding.source)
        elif e.kind == "bound":
            holder = self.scheme.item(e.item) if e.item is not None else self.scheme.composition
            bound = holder.ceiling if e.label == "ceiling" else holder.floor
            clause = self.scheme.cite(bound.source) if bound is not None else None
        facts = self._item_facts.get(e.item) if e.item is not None else None
        number, item_title, office = facts if facts is not None else (None, None, [])
        rule = self._rules.get(e.rule) if e.rule is not None else None
        if rule is not None and rule.office:
            office = offices(rule.office)
        # built from the engine's own exact values: construct without re-validating
        return LedgerEntryModel.built(
            kind=e.kind,
            item=e.item,
            item_number=number,
            item_title=item_title,
            office=list(office),
            rule=e.rule,
            rule_title=rule.title if rule is not None else None,
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
                DecisionModel.built(kind=d.kind, by=d.by, lost=d.lost, detail=d.detail) for d in e.decisions
            ],
        )

    def write_json(self, out: TextIO) -> None:
        """The result JSON (and a newline), as ``to_model().model_dump_json(indent=2)`` gives it, built and
        written one unit at a time: memory is bounded by the largest unit, not by the result."""
        head = ResultHead.of(self.scheme, self.period)
        with collector_paused():  # lines and statuses of a million records, none in a cycle
            write_result_json(out, head, self._unit_texts(), self.warnings, self.skipped)

    def _unit_texts(self) -> Iterator[WrittenUnit]:
        for uid, outcome in self.outcomes.items():
            yield self.unit_text(uid)
            outcome.release()

    def to_model(self) -> ResultModel:
        """The full typed result (pydantic), ledger and record statuses included."""
        return ResultModel(
            scheme=self.scheme.id,
            scheme_version=self.scheme.version,
            scheme_files=list(self.scheme.files),
            period=str(self.period),
            units=[self.unit_model(u) for u in self.outcomes],
            warnings=list(self.warnings),
            accounting=self.accounting(),
            invalid=invalid_models(self.skipped),
        )


#: The words the paper forms use for the engine's standard flags (``../shared/PEOPLE.md``).
FLAG_TITLES = {
    "close_supervision": "重点督导",
    "summons": "约谈",
    "accountability": "问责",
    "criticism": "批评教育",
}


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


@dataclass(frozen=True)
class ResultHead:
    """What the result JSON says before its units."""

    scheme: str
    scheme_version: str
    period: str
    scheme_files: tuple[str, ...] = ()

    @classmethod
    def of(cls, scheme: Scheme, period: object) -> ResultHead:
        return cls(scheme.id, scheme.version, str(period), scheme.files)


def invalid_models(skipped: Skipped) -> list[InvalidRecordModel]:
    """The problems of skipped records as the result lists them."""
    return [
        InvalidRecordModel(record=p.record_id, file=p.file, line=p.line, field=p.field, message=p.message)
        for p in skipped.problems
    ]


def write_result_json(
    out: TextIO,
    head: ResultHead,
    units: Iterable[WrittenUnit],
    warnings: Sequence[WarningModel],
    skipped: Skipped | None = None,
) -> None:
    """Write a result as :class:`ResultModel` would serialise it (indent 2), unit by unit; the
    accounting is counted from the units as they pass."""
    skipped = skipped or Skipped(0)
    counts: dict[str, int] = {}
    write, write_data = _writers(out)
    fields = {
        "format": RESULT_FORMAT,
        "scheme": head.scheme,
        "scheme_version": head.scheme_version,
        "scheme_files": list(head.scheme_files),
    }
    write("{\n" + "".join(f'  "{k}": {_indented(v)},\n' for k, v in fields.items()))
    write(f'  "period": {json.dumps(head.period, ensure_ascii=False)},\n  "units": [')
    n = -1
    for n, unit in enumerate(units):
        for status, count in unit.statuses.items():
            counts[status] = counts.get(status, 0) + count
        write_data((b",\n" if n else b"\n") + unit.data)
    tail = {
        "warnings": [w.model_dump(mode="json") for w in warnings],
        "accounting": accounting(counts, skipped.records).model_dump(mode="json"),
        "invalid": [m.model_dump(mode="json") for m in invalid_models(skipped)],
    }
    write("\n  ]" if n >= 0 else "]")
    for key, value in tail.items():
        write(f',\n  "{key}": {_indented(value)}')
    write("\n}\n")


def _indented(value: object) -> str:
    """``value`` as JSON indented 2 and shifted 2 to sit under the top-level object, as pydantic
    writes it: indented at the line feeds ``json`` writes and nowhere else (``textwrap.indent``
    also breaks lines at U+2028, U+2029 and U+0085, which a text may hold raw)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")


def _writers(out: TextIO) -> tuple[Callable[[str], object], Callable[[bytes], object]]:
    """Writers of text, and of UTF-8 text (a unit's, :class:`~dutyscore.WrittenUnit`), to
    ``out``. For a file or pipe where text needs no newline translation they write its bytes:
    a text layer writes a large string of Chinese about 4× slower than ``str.encode`` and a
    binary write (655 MB of result: 5.8 s against 1.4 s), with the same encoding and error
    handler; UTF-8 text goes to a UTF-8 stream as it is. Elsewhere both go through ``out``'s
    text layer."""
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None)
    if buffer is None or not isinstance(encoding, str) or os.linesep != "\n":
        return out.write, lambda data: out.write(data.decode("utf-8"))
    errors = getattr(out, "errors", None) or "strict"
    out.flush()

    def write(text: str) -> object:
        return buffer.write(text.encode(encoding, errors))

    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    return write, buffer.write if utf8 else lambda data: write(data.decode("utf-8"))
