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

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Literal

from .._exact import ONE, Exact, add, magnitude, mul, sub, text
from ..records.compact import BuiltOnRead
from ..records.model import Record, order_of
from .context import book_item

if TYPE_CHECKING:
    from ..records.compact import CompactRecords, KeptRows
    from .plan import ColumnCap, Plan

#: A ledger line kept in the columns: rule index, record, and what its rule's cap left of it
#: (signed fixed point; None when uncut).
RowLine = tuple[int, Record, int | None]

#: A record's place in record order, as :func:`~dutyscore.records.model.order_of` gives it,
#: without a Python call.
_ORDER = attrgetter("act_date", "id")
_ACT = attrgetter("act_date")
_ORDINAL = dt.date.toordinal

EntryKind = Literal["base", "score", "bonus", "deduction", "bound", "override", "rounding", "outcome"]
DecisionKind = Literal["superseded", "capped", "not_applied", "exempt"]


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


def fill(ceiling: int, amounts: Sequence[int]) -> list[tuple[int, int]]:
    """A cap of ``ceiling`` filled with ``amounts`` in their order (signed fixed point): the
    place and kept amount of each one it cut (0 for each after the cap ran out)."""
    first = amounts[0] if amounts else 0
    if first and amounts.count(first) == len(amounts):  # one fixed amount (每次扣1分): arithmetic
        size = abs(first)
        if size * len(amounts) <= ceiling:
            return []
        whole, left = divmod(ceiling, size)  # rows kept whole, and what the next one keeps
        return [(whole, -left if first < 0 else left), *((n, 0) for n in range(whole + 1, len(amounts)))]
    return fill_each(ceiling, amounts)


def fill_each(ceiling: int, amounts: Sequence[int]) -> list[tuple[int, int]]:
    """:func:`fill`, amount by amount (any amounts)."""
    if sum(abs(a) for a in amounts) <= ceiling:
        return []
    remaining = ceiling
    out: list[tuple[int, int]] = []
    for n, amount in enumerate(amounts):
        size = abs(amount)
        if size == 0:
            continue
        take = min(size, remaining)
        remaining -= take
        if take < size:
            out.append((n, -take if amount < 0 else take))
    return out


class UnitLedger:
    """One unit's ledger, kept compact until somebody reads its lines.

    The lines of per-record rules that nothing can cut are three parallel columns
    (rule index, record, signed fixed-point amount) and a running sum per item;
    every other line is an :class:`Entry`, kept per rule. Base points are not
    stored at all: they are the plan's. :meth:`entries` builds the full ledger,
    in the order the engine has always given (base, then each rule in scheme
    order with its lines in record order, then bounds and rounding).
    """

    __slots__ = (
        "_block_rows",
        "_entries",
        "block_sum",
        "by_rule",
        "cut",
        "extra",
        "kept",
        "plan",
        "raw",
        "record",
        "rule",
        "sums",
        "unit",
    )

    def __init__(self, unit: str, plan: Plan) -> None:
        self.unit = unit
        self.plan = plan
        self.rule: list[int] = []
        self.record: list[Record] = []
        self.raw: list[int] = []
        #: Row → what its rule's cap left of it (signed fixed point), for the rows it cut.
        self.cut: dict[int, int] = {}
        #: item → Σ raw of its column lines (fixed point, unweighted).
        self.sums: dict[str | None, int] = {}
        #: rule index → its entries (rules evaluated by their kind, and held per-record rules).
        self.by_rule: dict[int, list[Entry]] = {}
        #: Lines composition adds: section and total bounds, rounding.
        self.extra: list[Entry] = []
        self._entries: list[Entry] | None = None
        #: Rule index → what its rows kept as columns (:class:`CompactRecords`) keep, summed
        #: after its own cap (signed fixed point).
        self.block_sum: dict[int, int] = {}
        #: Those rows, listed on first read (:meth:`_blocks`).
        self.kept: KeptRows | None = None
        self._block_rows: tuple[dict[int, list[int]], dict[int, int]] | None = None

    def add_block(self, sums: Mapping[str, int], kept: KeptRows) -> None:
        """Book the rows kept as columns: per event kind (one the plan scores without records,
        ``Plan.columnar``), the sum of their amounts; the rows themselves are
        listed from ``kept`` when a reader asks for the lines. A rule's own cap takes what is
        over it from the sum: its rows all book one fixed amount (``Plan.columnar``), so the
        cap keeps min(rows × amount, cap), whichever rows it cuts."""
        self.kept = kept
        columnar, totals, caps = self.plan.columnar, self.sums, self.plan.capped
        for kind, amount in sums.items():
            index, fixed, _, _, item = columnar[kind]
            applied = amount
            if index in caps:
                assert fixed is not None, "a capped rule kept as columns books one fixed amount"
                applied = max(amount, -caps[index].fixed) if fixed < 0 else min(amount, caps[index].fixed)
            self.block_sum[index] = self.block_sum.get(index, 0) + applied
            totals[item] = totals.get(item, 0) + applied

    @property
    def source(self) -> CompactRecords | None:
        """The records whose rows this ledger keeps as columns, if any."""
        return None if self.kept is None else self.kept.source

    @property
    def block(self) -> dict[int, list[int]]:
        """Rule index → the input rows of its lines kept as columns, in record order per kind."""
        return self._blocks()[0]

    @property
    def block_cut(self) -> dict[int, int]:
        """Block row → what its rule's cap left of it, for the rows the cap cut."""
        return self._blocks()[1]

    def _blocks(self) -> tuple[dict[int, list[int]], dict[int, int]]:
        """The rows kept as columns by rule and the cap's cuts, listed once: the cap filled in
        record order, as :meth:`fill_caps` fills it with column rows."""
        if self._block_rows is None:
            block: dict[int, list[int]] = {}
            cuts: dict[int, int] = {}
            if self.kept is not None:
                columnar, caps = self.plan.columnar, self.plan.capped
                for kind, (members, values, _, _) in self.kept.rows(self.unit).items():
                    index = columnar[kind][0]
                    block.setdefault(index, []).extend(members)
                    if index in caps:  # one kind: its rows come in record order (KeptRows.rows)
                        for n, kept in fill(caps[index].fixed, values):
                            cuts[members[n]] = kept
            self._block_rows = block, cuts
        return self._block_rows

    def block_records(self) -> list[Record]:
        """The records of the rows kept as columns (built now, if not yet)."""
        if self.kept is None:
            return []
        at = self.kept.source.record_at
        return [at(row) for rows in self.block.values() for row in rows]

    def fill_caps(self, rows: dict[int, list[int]]) -> None:
        """Fill each capped rule's cap with its rows in record order, as ``settle.fill_cap`` does
        with entries; the sums lose what the caps cut. Written for a cap that cuts most of a
        unit's lines (每次扣1分，最高扣5分 over sixty records): when every row has the same
        amount, only the rows the cap keeps need finding in record order, not all sorted."""
        caps, raw, record, cut = self.plan.capped, self.raw, self.record, self.cut
        for index, positions in rows.items():
            cap = caps[index]
            amounts = list(map(raw.__getitem__, positions))
            if sum(map(abs, amounts)) <= cap.fixed:
                continue
            rule = self.plan.rules[index].rule
            first = amounts[0]
            if first and amounts.count(first) == len(amounts) and rule.item_from is None:
                # fill()'s one-amount arithmetic, applied to the rows at once: calling fill() and
                # booking each cut row in a loop made this 50 % slower (0.06 → 0.09 s on 1 M records)
                whole, left = divmod(cap.fixed, abs(first))  # rows kept whole, and what the next keeps
                lead = self._first(positions, whole + 1)
                cuts = dict.fromkeys(positions, 0)
                for p in lead[:whole]:
                    del cuts[p]
                cuts[lead[whole]] = -left if first < 0 else left
                cut.update(cuts)
                self.sums[rule.item] += sum(cuts.values()) - first * len(cuts)
                continue
            positions = [p for _, p in sorted(self._ordered(positions))]
            for n, kept in fill(cap.fixed, [raw[p] for p in positions]):
                p = positions[n]
                cut[p] = kept
                self.sums[book_item(rule, record[p])] += kept - raw[p]

    def _ordered(self, positions: list[int]) -> Iterator[tuple[tuple[object, str], int]]:
        """(record order, position) of each column row: ids are unique, so positions are never
        compared."""
        return zip(map(_ORDER, map(self.record.__getitem__, positions)), positions, strict=True)

    def _first(self, positions: list[int], count: int) -> list[int]:
        """The first ``count`` of ``positions`` in record order, those before the last in any
        order: the rows of an earlier day, then the last day's rows by id. Days are compared as
        integers, found without a Python call per row."""
        records = list(map(self.record.__getitem__, positions))
        days = list(map(_ORDINAL, map(_ACT, records)))
        last = sorted(days)[count - 1]
        before = [p for p, day in zip(positions, days, strict=True) if day < last]
        on_last = sorted((r.id, p) for r, p, day in zip(records, positions, days, strict=True) if day == last)
        return [*before, *(p for _, p in on_last)][:count]

    def rich(self) -> list[Entry]:
        """The entries kept as objects, in rule order (what dedup and caps settle)."""
        return [e for i in sorted(self.by_rule) for e in self.by_rule[i]]

    def contributions(self) -> dict[str | None, Exact]:
        """Item → Σ applied × weight of its lines, overrides left out (they set the total)."""
        plan, weights = self.plan, self.plan.weights
        out: dict[str | None, Exact] = {}
        out.update(plan.weighted_base)
        for item, fixed in self.sums.items():
            amount = plan.fraction(fixed)
            weight = weights.get(item, ONE) if item is not None and weights else ONE
            if weight != ONE:
                amount = mul(amount, weight)
            out[item] = add(out[item], amount) if item in out else amount
        for group in (*self.by_rule.values(), self.extra):
            for e in group:
                if e.kind != "override":
                    out[e.item] = add(out[e.item], e.contribution) if e.item in out else e.contribution
        return out

    def tally(self) -> dict[tuple[str, str | None], Exact]:
        """Σ contribution (applied × weight) per (entry kind, item) over every line, overrides
        included: what a table and the section scores need, without building the entries."""
        plan, weights = self.plan, self.plan.weights
        out: dict[tuple[str, str | None], Exact] = {("base", i): b for i, b in plan.weighted_base.items()}
        fixed: dict[tuple[str, str | None], int] = {}
        rules, record, raw = plan.rules, self.record, self.raw
        per_rule: dict[int, int] = {}
        for index, amount in zip(self.rule, raw, strict=True):  # a rule books to one item, mostly
            per_rule[index] = per_rule.get(index, 0) + amount
        for p, left in self.cut.items():
            per_rule[self.rule[p]] += left - raw[p]
        for index, applied in self.block_sum.items():
            per_rule[index] = per_rule.get(index, 0) + applied
        for index, amount in per_rule.items():
            rule = rules[index].rule
            if rule.item_from is None:
                line: tuple[str, str | None] = (rule.direction, rule.item)
                fixed[line] = fixed.get(line, 0) + amount
        if any(rules[i].rule.item_from is not None for i in per_rule):
            cut = self.cut
            for p, index in enumerate(self.rule):
                rule = rules[index].rule
                if rule.item_from is not None:
                    line = (rule.direction, book_item(rule, record[p]))
                    fixed[line] = fixed.get(line, 0) + cut.get(p, raw[p])
        for key, amount in fixed.items():
            value = plan.fraction(amount)
            if key[1] is not None:
                value = mul(value, weights.get(key[1], ONE))
            out[key] = add(out[key], value) if key in out else value
        for group in (*self.by_rule.values(), self.extra):
            for e in group:
                kept: tuple[str, str | None] = (e.kind, e.item)
                out[kept] = add(out[kept], e.contribution) if kept in out else e.contribution
        return out

    def labels(self) -> list[str]:
        """The labels of outcome lines (a vote share's criticism), which become flags."""
        if not self.by_rule:
            return []
        return [e.label for group in self.by_rule.values() for e in group if e.kind == "outcome" and e.label]

    def hits(self) -> dict[int, list[Record]]:
        """Rule index → the records of its column lines, in record order."""
        record = self.record
        out = {i: [record[p] for p in rows] for i, rows in self._rows().items()}
        if self.block:
            at = self.source.record_at  # type: ignore[union-attr]
            for index, members in self.block.items():
                out[index] = sorted([*out.get(index, ()), *map(at, members)], key=order_of)
        return out

    def _rows(self) -> dict[int, list[int]]:
        """Rule index → its column rows, in record order."""
        out: dict[int, list[int]] = {}
        for p, i in enumerate(self.rule):
            out.setdefault(i, []).append(p)
        record = self.record
        for rows in out.values():
            rows.sort(key=lambda p: order_of(record[p]))
        return out

    def entries(self) -> list[Entry]:
        """The full ledger as entries, built once on first request."""
        if self._entries is None:
            self._entries = self._build()
        return self._entries

    def release(self) -> None:
        """Forget the built entries (a writer done with this unit); the columns stay.

        Only a ledger of columns alone can be rebuilt: entries kept as objects (held rules,
        other kinds, bounds) are the ledger itself, so they stay too."""
        self._entries = None

    def _build(self) -> list[Entry]:
        return [self.row_entry(*line) if isinstance(line, tuple) else line for line in self.lines()]

    def lines(self) -> Iterator[Entry | RowLine]:
        """The full ledger in order, each line an entry or, for a line kept in the columns, its
        rule, record and what a cap left of it (:meth:`row_entry` makes it an entry): a writer
        that knows the line's text by its rule and amount need not build the entry."""
        plan = self.plan
        yield from self.base_entries()
        columns = self._rows()
        block, cut, block_cut = self.block, self.cut, self.block_cut
        for index in range(len(plan.rules)):
            if index in columns or index in block:
                # (record, its column position or its input row): a line from either place
                lines: list[tuple[Record, int | None, int | None]] = [
                    (self.record[p], p, None) for p in columns.get(index, ())
                ]
                if index in block:
                    at = self.source.record_at  # type: ignore[union-attr]
                    lines = sorted(
                        [*lines, *((at(row), None, row) for row in block[index])],
                        key=lambda x: order_of(x[0]),
                    )
                for rec, p, row in lines:
                    if p is not None:
                        yield index, rec, cut.get(p)
                    else:
                        yield index, rec, block_cut.get(row)  # type: ignore[arg-type]
            yield from self.by_rule.get(index, ())
        yield from self.extra

    def base_entries(self) -> list[Entry]:
        """The base points of each item: the plan's, one line per item."""
        weights = self.plan.weights
        return [
            Entry(self.unit, i, None, "base", (), b, b, "base points", weight=weights.get(i, ONE))
            for i, b in self.plan.item_base.items()
        ]

    def row_entry(self, index: int, rec: Record, kept: int | None) -> Entry:
        """The entry of a line kept in the columns (see :meth:`lines`)."""
        e = self.plan.line(index, self.unit, rec)
        if kept is not None:
            self._cut(e, self.plan.capped[index], kept)
        if e.item is not None:
            e.weight = self.plan.weights.get(e.item, ONE)
        return e

    def _cut(self, e: Entry, cap: ColumnCap, kept: int) -> None:
        keep = magnitude(self.plan.fraction(kept))
        lost = sub(e.magnitude, keep)
        e.cut(keep, Decision("capped", cap.id, lost, f"{cap.what} at most {text(cap.maximum)}"))


class GivenRecords(BuiltOnRead):
    """A unit's in-period records: those built, and those its ledger keeps as rows of the
    input, built on first read (a report, a grade's veto, a dedup by person)."""

    __slots__ = ("_ledger", "_records", "built")

    def __init__(self, built: list[Record], ledger: UnitLedger) -> None:
        #: The records built before: none of them a row of the ledger's blocks.
        self.built = built
        self._ledger = ledger
        self._records: list[Record] | None = None

    def records(self) -> list[Record]:
        if self._records is None:
            self._records = [*self.built, *self._ledger.block_records()]
        return self._records

    def __len__(self) -> int:
        return len(self.built) + sum(len(rows) for rows in self._ledger.block.values())
