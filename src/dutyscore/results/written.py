"""A unit's result JSON written as text, as its pydantic model would dump it, without the model.

A million-record result is a million ledger lines and a million record statuses; built as
entries and models and dumped, they cost some 30 µs each. Yet the lines a rule books per
record differ only in the record: their text is fixed by the rule, the record's key values
(for a rule scored from the columns, its amount) and what a cap left. So each such line is a
template, made once by dumping a real model with a placeholder record and split around it;
the record's id, quoted as JSON, fills it.
Record statuses likewise, by (kind, status, rules). Lines kept as entries (other kinds,
bounds, rounding) and the unit's head go through the models as before.

The models remain the reference: the tests compare this text with
``to_model().model_dump_json(indent=2)`` for every bundled scheme on generated records.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError, to_json

from .._problems import EvaluationError
from ..records.compact import KeptGroup
from ..records.model import Record, order_of
from ..scoring.context import book_item
from ..scoring.ledger import Entry, GivenRecords, UnitLedger
from ..scoring.outcome import UnitOutcome, line_status, record_statuses
from ..scoring.plan import Plan
from .models import RecordOutcomeModel, RecordStatus

#: Stands for the record id while a template is dumped (a private-use character, dumped as is).
_PLACE = "\ue000"
#: What JSON escapes in a string: a quote, a backslash, a control character.
_UNSAFE = re.compile(r'["\\\x00-\x1f]')
_UNSAFE_BYTES = re.compile(rb'["\\\x00-\x1f]')
#: A model at the depth of a ledger line or a record status in the result: units are in a list
#: at depth 1, their lines at depth 2 below the unit (indent 2).
_DEPTH = " " * 8


def _body(text: str) -> bytes:
    """``text`` as pydantic writes it in a JSON string, in UTF-8, without the quotes (what a
    template's quotes hold)."""
    return to_json(text)[1:-1] if _UNSAFE.search(text) else text.encode()


def _nested(model: BaseModel) -> bytes:
    """``model``'s JSON at the depth of a ledger line or a record status, in UTF-8."""
    return (_DEPTH + model.model_dump_json(indent=2).replace("\n", "\n" + _DEPTH)).encode()


def _split(text: bytes, field: str) -> tuple[bytes, bytes]:
    """``text`` before and after the placeholder inside its quotes (which the two parts keep:
    a record id fills them as :func:`_body` gives it), found as the value of ``field`` (a
    ledger line's ``records``, a status's ``record``), which no other text can hold: JSON
    strings hold no raw line break, and ``field`` is a key."""
    anchor = (
        f'"{field}": ' + ("[\n" + _DEPTH + "    " if field == "records" else "") + f'"{_PLACE}"'
    ).encode()
    before, placed, after = text.partition(anchor)
    assert placed and anchor not in after, "a template holds its record once"
    return before + anchor[: -len(_PLACE.encode()) - 1], b'"' + after


@dataclass
class UnitText:
    """Templates of one evaluation's lines, shared by its units, in UTF-8: a unit's text is
    joined from bytes (a million lines joined as text cost about ten times as much, most of
    it widening the ids to the templates' width for their Chinese)."""

    #: The model of a ledger entry (``Evaluation._entry_model``): its clause and numbers.
    entry_model: Callable[[Entry], BaseModel]
    _rows: dict[Hashable, tuple[bytes, bytes, RecordStatus | None]] = field(default_factory=dict)
    _statuses: dict[Hashable, tuple[bytes, bytes]] = field(default_factory=dict)
    _base: dict[Hashable, bytes] = field(default_factory=dict)
    #: Rule index → (amount, what its cap left) → a block row's template and status.
    _blocks: dict[int, dict[tuple[int, int | None], tuple[bytes, bytes, RecordStatus | None]]] = field(
        default_factory=dict
    )
    #: Per plan (by id: a unit scored the reference way has the reference plan), its rules whose
    #: column lines are written by group (:func:`solo_rules`).
    _solo: dict[int, frozenset[int]] = field(default_factory=dict)

    def entry(self, e: Entry) -> bytes:
        """The text of a ledger line kept as an entry (base points by item are shared)."""
        if e.kind != "base":
            return _nested(self.entry_model(e))
        key = (e.item, str(e.raw), str(e.weight))
        found = self._base.get(key)
        if found is None:
            found = self._base[key] = _nested(self.entry_model(e))
        return found

    def row(
        self, ledger: UnitLedger, index: int, rec: Record, kept: int | None
    ) -> tuple[bytes, RecordStatus | None]:
        """The text and status of a line kept in the columns: the rule's line for ``rec``."""
        plan = ledger.plan
        spec, rule = plan.specs[index], plan.rules[index].rule
        attrs = rec.attributes
        key = (
            index,
            kept,
            tuple([str(attrs.get(k)) for k in spec.keys]) if spec.keys else (),
            attrs.get(spec.quantity) if spec.quantity else None,
            book_item(rule, rec) if rule.item_from is not None else None,
            spec.exempt(rec) if spec.exempt is not None else None,
        )
        found = self._rows.get(key)
        if found is None:
            found = self._rows[key] = self._template(ledger, index, rec, kept)
        before, after, status = found
        return before + _body(rec.id) + after, status

    def _template(
        self, ledger: UnitLedger, index: int, rec: Record, kept: int | None
    ) -> tuple[bytes, bytes, RecordStatus | None]:
        """The line of ``rec`` under rule ``index`` dumped with the placeholder for its record,
        split around it, and the status it gives its record."""
        e = ledger.row_entry(index, rec, kept)
        status = line_status(e)
        e.records = (_PLACE,)
        return (*_split(_nested(self.entry_model(e)), "records"), status)

    def status(self, rid: str, kind: str, status: RecordStatus, rules: tuple[str, ...]) -> bytes:
        """The text of a record's status."""
        parts = self._status_parts(kind, status, rules)
        return parts[0] + _body(rid) + parts[1]

    def _status_parts(self, kind: str, status: RecordStatus, rules: tuple[str, ...]) -> tuple[bytes, bytes]:
        """A record status's text before and after its quoted id (made once per kind, status
        and rules)."""
        parts = self._statuses.get((kind, status, rules))
        if parts is None:
            model = RecordOutcomeModel.built(record=_PLACE, kind=kind, status=status, rules=list(rules))
            parts = self._statuses[kind, status, rules] = _split(_nested(model), "record")
        return parts

    def unit(self, o: UnitOutcome) -> tuple[list[bytes], list[bytes], dict[str, int]]:
        """The texts of a unit's ledger lines and record statuses, and its count of each status.

        Raises :class:`~dutyscore.EvaluationError` when a text of the unit's cannot be written
        in UTF-8: it holds half of a surrogate pair, which a JSON escape such as ``\\udc80`` can
        put in a record's id or attribute, and which is no character."""
        try:
            return self._unit(o)
        except (UnicodeEncodeError, PydanticSerializationError) as exc:
            what = repr(exc.object) if isinstance(exc, UnicodeEncodeError) else "a text"
            raise EvaluationError(
                f"unit {o.unit.id}: {what} in its result is not valid Unicode (half of a surrogate "
                "pair, as a JSON escape such as \\udc80 gives): it cannot be written as UTF-8"
            ) from None

    def _unit(self, o: UnitOutcome) -> tuple[list[bytes], list[bytes], dict[str, int]]:
        ledger = o.ledger
        if ledger is None or ledger.by_rule or o.rule_hits or o.veto_hits or o.decisive:
            return self._from_lines(o)
        if ledger.kept is not None:
            if ledger.record or not isinstance(o.given, GivenRecords):
                return self._from_lines(o)
            kept, unit = ledger.kept, o.unit.id
            groups: dict[int, list[tuple[str, KeptGroup]]] = {}
            for kind, group in kept.rows(unit).items():
                groups.setdefault(ledger.plan.columnar[kind][0], []).append((kind, group))
            return self._from_columns(
                o, ledger, groups, ledger.block_cut, kept.source.record_of, o.given.built
            )
        solo = self._solo.get(id(ledger.plan))
        if solo is None:
            solo = self._solo[id(ledger.plan)] = solo_rules(ledger.plan)
        if not solo.issuperset(ledger.rule):
            return self._from_lines(o)
        record = ledger.record
        scored = {r.id for r in record}
        unmatched = [r for r in o.given if r.id not in scored]
        return self._from_columns(
            o, ledger, column_groups(ledger), ledger.cut, lambda p, _: record[p], unmatched
        )

    def _from_lines(self, o: UnitOutcome) -> tuple[list[bytes], list[bytes], dict[str, int]]:
        """Any unit: its ledger line by line (column lines by template), statuses from the lines."""
        texts: list[bytes] = []
        marks: list[tuple[RecordStatus, tuple[str, ...]]] = []
        ledger = o.ledger
        for line in ledger.lines() if ledger is not None else ():
            if isinstance(line, tuple):
                assert ledger is not None
                text, status = self.row(ledger, *line)
                if status is not None:
                    marks.append((status, (line[1].id,)))
            else:
                text = self.entry(line)
                status = line_status(line)
                if status is not None:
                    marks.append((status, (*line.records, *line.counted)))
            texts.append(text)
        statuses = record_statuses(o.records, o.out_of_period, marks, o.matched, o.decisive)
        kind_of = {r.id: r.kind for group in (o.records, o.out_of_period) for r in group}
        counts: dict[str, int] = {}
        lines = []
        for rid, (status, rules) in statuses.items():
            counts[status] = counts.get(status, 0) + 1
            lines.append(self.status(rid, kind_of[rid], status, rules))
        return texts, lines, counts

    def _from_columns(
        self,
        o: UnitOutcome,
        ledger: UnitLedger,
        by_rule: Mapping[int, list[tuple[str, KeptGroup]]],
        cuts: Mapping[int, int],
        record_of: Callable[[int, str], Record],
        unmatched: Iterable[Record],
    ) -> tuple[list[bytes], list[bytes], dict[str, int]]:
        """A unit whose every line that names a record is a column line of a rule whose text
        its amount and cut fix, one line a record: each line by template, each record's status
        that of its line. ``by_rule``: per rule, its lines per event kind, each kind's in
        record order (rows kept as columns, or positions in the ledger's columns); ``cuts``:
        what the rule's cap left of a row it cut; ``record_of``: a row's record, for a
        template; ``unmatched``: the unit's other in-period records, which matched nothing."""
        plan = ledger.plan
        texts = [self.entry(e) for e in ledger.base_entries()]
        # day, id, its text in a JSON string, the status's text around it: sorted, the
        # (act date, id) order of records
        rows: list[tuple[int, bytes, bytes, tuple[bytes, bytes]]] = []
        counts: dict[str, int] = {}
        for index in sorted(by_rule):
            groups = by_rule[index]
            kind, (members, amounts, ids, days) = groups[0]
            kinds = [kind] * len(members)
            if len(groups) > 1:  # each kind's rows come in record order; merge them
                merged = sorted(
                    (d, i, r, a, k)
                    for k, g in groups
                    for d, i, r, a in zip(g.days, g.ids, g.rows, g.amounts, strict=True)
                )
                days, ids, members, amounts, kinds = (list(c) for c in zip(*merged, strict=True))
            bodies = ids if not _UNSAFE_BYTES.search(b"".join(ids)) else [_body(i.decode()) for i in ids]
            # a columnar rule's line is fixed by its amount and its cut, and so is its record's
            # status: a template each, filled row by row without a Python call
            left = list(map(cuts.get, members)) if cuts else [None] * len(members)
            keys = list(zip(amounts, left, strict=True))
            templates = self._blocks.setdefault(index, {})
            for key in set(keys).difference(templates):
                n = keys.index(key)
                templates[key] = self._template(ledger, index, record_of(members[n], kinds[n]), key[1])
            found = list(map(templates.__getitem__, keys))
            texts += [t[0] + b + t[1] for t, b in zip(found, bodies, strict=True)]
            rules = (plan.rules[index].rule.id,)
            marks = list(zip(kinds, [t[2] or "matched" for t in found], strict=True))
            for (_, status), many in Counter(marks).items():
                counts[status] = counts.get(status, 0) + many
            parts = {mark: self._status_parts(*mark, rules) for mark in set(marks)}
            rows += zip(days, ids, bodies, map(parts.__getitem__, marks), strict=True)
        texts.extend(self.entry(e) for e in ledger.extra)
        for rec in unmatched:
            counts["unmatched"] = counts.get("unmatched", 0) + 1
            parts_of = self._status_parts(rec.kind, "unmatched", ())
            rows.append((rec.act_date.toordinal(), rec.id.encode(), _body(rec.id), parts_of))
        rows.sort()  # (day, id) is unique: the rest never compares
        statuses = [pre + body + post for _, _, body, (pre, post) in rows]
        for rec in sorted(o.out_of_period, key=order_of):
            counts["out_of_period"] = counts.get("out_of_period", 0) + 1
            statuses.append(self.status(rec.id, rec.kind, "out_of_period", ()))
        return texts, statuses, counts


def solo_rules(plan: Plan) -> frozenset[int]:
    """The compiled rules whose line's text is fixed by its amount and what a cap left of it
    (no quantity, no item named by an attribute, no exemption), and whose records no other
    compiled rule reads: each such record has one line, whose status is the record's."""
    shared = {kind for kind, rules in plan.dispatch.items() if len(rules) > 1}
    return frozenset(
        index
        for index, spec in plan.specs.items()
        if spec.quantity is None
        and spec.exempt is None
        and plan.rules[index].rule.item_from is None
        and shared.isdisjoint(plan.rules[index].rule.event_kinds)
    )


def column_groups(ledger: UnitLedger) -> dict[int, list[tuple[str, KeptGroup]]]:
    """The lines in ``ledger``'s columns per rule and event kind, each kind's in record order,
    as :meth:`KeptRows.rows` lists rows kept as columns (their rows the positions in the
    columns)."""
    found: dict[tuple[int, str], list[tuple[int, bytes, int]]] = {}
    record, raw = ledger.record, ledger.raw
    for p, index in enumerate(ledger.rule):
        rec = record[p]
        found.setdefault((index, rec.kind), []).append((rec.act_date.toordinal(), rec.id.encode(), p))
    out: dict[int, list[tuple[str, KeptGroup]]] = {}
    for (index, kind), lines in found.items():
        lines.sort()  # (day, id) is unique: positions never compare
        days, ids, members = (list(c) for c in zip(*lines, strict=True))
        out.setdefault(index, []).append((kind, KeptGroup(members, [raw[p] for p in members], ids, days)))
    return out


class WrittenUnit(NamedTuple):
    """A unit's text in the result JSON, in UTF-8, and how many of its records have each
    status."""

    data: bytes
    statuses: dict[str, int]

    @property
    def text(self) -> str:
        """The unit's text in the result JSON."""
        return self.data.decode("utf-8")


_TAIL = '\n  "ledger": [],\n  "records": []\n}'


def unit_text(head: BaseModel, ledger: list[bytes], statuses: list[bytes]) -> bytes:
    """A unit's text in the result (at depth 1), in UTF-8: ``head`` is its model with no ledger
    lines and no records, which the texts then fill."""
    shell = head.model_dump_json(indent=2)
    assert shell.endswith(_TAIL), "the unit model ends with its ledger and records"
    parts = [("    " + shell[: -len(_TAIL)].replace("\n", "\n    ")).encode()]
    for key, texts, comma in ((b"ledger", ledger, b","), (b"records", statuses, b"")):
        if texts:
            parts.append(b'\n      "' + key + b'": [\n' + b",\n".join(texts) + b"\n      ]" + comma)
        else:
            parts.append(b'\n      "' + key + b'": []' + comma)
    parts.append(b"\n    }")
    return b"".join(parts)
