"""Validated records that stay columns until somebody reads them.

The columnar path (:mod:`.columns`) proves whole columns valid at once, so a row needs no
object to be scored when its kind's one rule gives each record an amount, fixed or looked up
in a table by attribute texts (每缺一次扣1分; a level, or a rank × outcome table): an
evaluation needs only which rows each unit has and their amounts. :class:`CompactRecords`
keeps the rows of every kind without rule checks as polars frames, one per kind, and builds
a :class:`~dutyscore.Record` (attributes included) for a row only when something reads it
(a report, a ledger line, a rule that looks at the records); the rows of kinds with rule
checks are records already. To any reader it is the sequence of records, in file order, that
:func:`~dutyscore.load_records` returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple, overload

from .._collector import collector_paused
from .model import Record, new_record

#: The rows of one event kind kept as columns: a polars DataFrame with ``__row`` (the row's
#: place in the input), ``id``, ``unit``, ``__act`` and ``__entered`` (dates) and the kind's
#: attribute columns (text).
Block = Any
#: How a kind's attribute cells become a record's attributes: the columns it uses with each
#: one's conversion (None: the text is the value), its defaults, its number of attributes.
Shape = tuple[Sequence[tuple[str, Mapping[Any, Any] | None]], Mapping[str, Any], int]
#: What an evaluation scores without records, per kind (``Plan.columnar``): rule index, fixed
#: amount or None, key attributes, amounts by key text, item.
Scorable = Mapping[str, tuple[int, int | None, tuple[str, ...], Mapping[Any, int], str | None]]


class KeptGroup(NamedTuple):
    """A unit's rows of one event kind scored as columns, in record order (act date, id): their
    input rows, amounts (signed fixed point), ids in UTF-8 and act dates as day ordinals."""

    rows: list[int]
    amounts: list[int]
    ids: list[bytes]
    days: list[int]


#: Per unit and kind: its rows kept as columns.
Kept = dict[str, dict[str, KeptGroup]]

_INT64 = 2**63


class BuiltOnRead(Sequence[Record]):
    """A read-only sequence of records whose list is built on the first read of an item."""

    __slots__ = ()

    def records(self) -> list[Record]:
        """Every record, in order (built once)."""
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> list[Record]: ...
    def __getitem__(self, index: int | slice) -> Record | list[Record]:
        return self.records()[index]

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records())


class CompactRecords(BuiltOnRead):
    """A read-only sequence of validated records, built row by row only when read."""

    __slots__ = ("_at", "_blocks", "_built", "_records", "_shapes")

    def __init__(
        self, built: Mapping[int, Record], blocks: Mapping[str, Block], shapes: Mapping[str, Shape]
    ) -> None:
        self._built = dict(built)
        self._blocks = {k: b for k, b in blocks.items() if b.height}
        self._shapes = dict(shapes)
        #: Row → its record, for the rows of the blocks built so far.
        self._at: dict[int, Record] = {}
        self._records: list[Record] | None = None

    # -- the sequence ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._built) + sum(int(b.height) for b in self._blocks.values())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self.records() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Sequence[Record]) -> list[Record]:
        return [*self.records(), *other]

    def __radd__(self, other: Sequence[Record]) -> list[Record]:
        return [*other, *self.records()]

    def __repr__(self) -> str:
        kept = sum(b.height for b in self._blocks.values())
        return f"<CompactRecords: {len(self)} records, {kept} kept as columns>"

    def records(self) -> list[Record]:
        """Every record, in input order (built once)."""
        if self._records is None:
            self._build_all()
            with collector_paused():  # a million records, none in a cycle: see _collector
                merged = {**self._built, **self._at}
                self._records = [merged[row] for row in sorted(merged)]
        return self._records

    # -- what an evaluation asks without building the records -----------------------------
    def years(self) -> set[int]:
        """The years of the records' act dates."""
        found = {r.act_date.year for r in self._built.values()}
        for block in self._blocks.values():
            found.update(block["__act"].dt.year().unique().to_list())
        return found

    def split(self, scorable: Scorable, year: int) -> tuple[dict[str, list[Record]], KeptRows]:
        """The records per unit, and the rows kept as columns that an evaluation scores without
        records: the rows of ``year`` of the kinds whose amount the rule's table has (every
        other row's record is built here)."""
        import polars as pl

        by_unit: dict[str, list[Record]] = {}
        built_kinds: set[str] = set()
        for row in sorted(self._built):
            record = self._built[row]
            by_unit.setdefault(record.unit, []).append(record)
            built_kinds.add(record.kind)
        priced: dict[str, Block] = {}
        for kind, block in self._blocks.items():
            # a kind with records built too (a row the validator took) is scored as records:
            # its rule's own cap takes every line of the rule at once, in record order
            amount = None if kind in built_kinds else self._amount(pl, kind, scorable.get(kind))
            if amount is None:
                rest = block
            else:
                with_amount = block.with_columns(amount.alias("__amount"))
                keep = pl.col("__amount").is_not_null() & (pl.col("__act").dt.year() == year)
                rest = with_amount.filter(~keep)
                priced[kind] = with_amount.filter(keep).select("__row", "unit", "__act", "id", "__amount")
            for record in self._build(kind, rest):
                by_unit.setdefault(record.unit, []).append(record)
        kept = KeptRows(self, priced)
        for unit in kept.sums():
            by_unit.setdefault(unit, [])
        return by_unit, kept

    def _amount(self, pl: Any, kind: str, how: Any) -> Any:
        """The expression of each row's amount under its kind's one rule (null where the
        rule's table has none), or None when the rows cannot be scored as columns."""
        if how is None:
            return None
        _, fixed, keys, table, _ = how
        # every sum of the kind's amounts must fit polars' 64-bit integers (which would wrap)
        bound = _INT64 // max(1, self._blocks[kind].height)
        if fixed is not None:
            return pl.lit(fixed, dtype=pl.Int64) if abs(fixed) < bound else None
        used, _, _ = self._shapes.get(kind, _NO_SHAPE)
        plain = {name for name, conv in used if conv is None}
        if not keys or len(keys) > 2 or not plain.issuperset(keys):
            return None  # a key given as a converted value, or absent: the records say
        if any(abs(v) >= bound for v in table.values()):
            return None
        if len(keys) == 1:
            return pl.col(keys[0]).replace_strict(dict(table), default=None, return_dtype=pl.Int64)
        texts = {f"{a}\x1f{b}": v for (a, b), v in table.items()}
        if any(t.count("\x1f") != 1 for t in texts):
            return None
        joined = pl.concat_str([pl.col(keys[0]), pl.col(keys[1])], separator="\x1f")
        return joined.replace_strict(texts, default=None, return_dtype=pl.Int64)

    def record_at(self, row: int) -> Record:
        """The record of an input row (built with the rest of its block on first use)."""
        found = self._known(row)
        if found is None:
            self._build_all()
            found = self._at[row]
        return found

    def record_of(self, row: int, kind: str) -> Record:
        """The record of one input row of ``kind``, built alone if its block is not built yet (a
        writer's template needs one record of a kind, not the million)."""
        found = self._known(row)
        if found is not None:
            return found
        import polars as pl

        one = self._blocks[kind].filter(pl.col("__row") == row)
        return build_rows(kind, one, self._shapes.get(kind, _NO_SHAPE))[1][0]

    def _known(self, row: int) -> Record | None:
        """The record of an input row if it is built already (validated as a record, or built
        with its block), else None."""
        return self._built.get(row) or self._at.get(row)

    def _build_all(self) -> None:
        """Build the records of every block (those built before are kept)."""
        with collector_paused():  # a million records, none in a cycle: see _collector
            for kind, block in self._blocks.items():
                self._build(kind, block)

    def _build(self, kind: str, block: Block) -> list[Record]:
        """The records of ``block``'s rows, remembered by row (a row built before keeps its
        record)."""
        at = self._at
        rows = block["__row"].to_list()
        if any(row not in at for row in rows):
            for row, record in zip(*build_rows(kind, block, self._shapes.get(kind, _NO_SHAPE)), strict=True):
                at.setdefault(row, record)
        return [at[row] for row in rows]


class KeptRows:
    """The rows of one evaluation scored as columns, without records (a kind's one rule gives
    each an amount: ``Plan.columnar``): per unit and kind, the sum of their
    amounts, which a unit's total needs, is summed by polars at once; the rows themselves, in
    record order, with each one's amount, which only a reader of the ledger's lines needs,
    are listed for every unit on the first such read."""

    __slots__ = ("_priced", "_rows", "_sums", "source")

    def __init__(self, source: CompactRecords, priced: Mapping[str, Block]) -> None:
        self.source = source
        #: Event kind → its scored rows: ``__row``, ``unit``, ``__act``, ``id``, ``__amount``.
        self._priced = {k: b for k, b in priced.items() if b.height}
        self._sums: dict[str, dict[str, int]] | None = None
        self._rows: Kept | None = None

    def sums(self) -> dict[str, dict[str, int]]:
        """Unit → event kind → Σ the amounts of its rows (signed fixed point)."""
        if self._sums is None:
            import polars as pl

            found: dict[str, dict[str, int]] = {}
            for kind, block in self._priced.items():
                for unit, amount in block.group_by("unit").agg(pl.col("__amount").sum()).iter_rows():
                    found.setdefault(unit, {})[kind] = amount
            self._sums = found
        return self._sums

    def rows(self, unit: str) -> Mapping[str, KeptGroup]:
        """Event kind → the unit's rows of the kind (:class:`KeptGroup`)."""
        if self._rows is None:
            import polars as pl

            found: Kept = {}
            order = ("__act", "id")
            columns = (
                pl.col("__row"),
                pl.col("__amount"),
                pl.col("id").cast(pl.Binary),
                pl.col("__act").to_physical() + _EPOCH,  # days since 1970-01-01, as ordinals
            )
            with collector_paused():  # lists per unit and kind, none in a cycle: see _collector
                for kind, block in self._priced.items():
                    # sorted within each unit's group: twice as fast as sorting the block first
                    grouped = block.group_by("unit", maintain_order=True).agg(
                        c.sort_by(*order) for c in columns
                    )
                    for name, *lists in grouped.iter_rows():
                        found.setdefault(name, {})[kind] = KeptGroup(*lists)
            self._rows = found
        return self._rows.get(unit, {})


_NO_SHAPE: Shape = ((), {}, 0)
_EPOCH = dt.date(1970, 1, 1).toordinal()


def build_rows(kind: str, block: Block, shape: Shape) -> tuple[list[int], list[Record]]:
    """The input rows of ``block`` (rows of ``kind``) and their records."""
    used, defaults, size = shape
    core = zip(*(block[c].to_list() for c in ("id", "unit", "__act", "__entered")), strict=True)
    if used or defaults:
        attributes = row_attributes(block, used, defaults, size)
        records = [
            new_record(rid, unit, kind, act, on, attrs)
            for (rid, unit, act, on), attrs in zip(core, attributes, strict=True)
        ]
    else:  # most kinds of a platform: nothing but the core fields
        records = [new_record(rid, unit, kind, act, on, {}) for rid, unit, act, on in core]
    return block["__row"].to_list(), records


def row_attributes(
    frame: Block, used: Sequence[tuple[str, Mapping[Any, Any] | None]], defaults: Mapping[str, Any], size: int
) -> list[dict[str, Any]]:
    """Each row's attributes, in the order the row-by-row validator gives them: the row's own
    in column order, then the defaults of those it left empty, in the kind's order."""
    columns = [(name, frame[name].to_list(), conv) for name, conv in used]
    missing = list(defaults.items())
    out: list[dict[str, Any]] = []
    for n in range(frame.height):
        attrs: dict[str, Any] = {}
        for name, cells, conv in columns:
            value = cells[n]
            if value is not None:
                attrs[name] = value if conv is None else conv[value]
        if missing and len(attrs) < size:
            for key, value in missing:
                if key not in attrs:
                    attrs[key] = value
        out.append(attrs)
    return out
