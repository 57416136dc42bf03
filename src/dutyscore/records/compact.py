"""Validated records of which most stay columns until somebody reads them.

The columnar path (:mod:`.columns`) proves whole columns valid at once, so the rows of an
event kind with nothing but the core fields (most of a platform's records: 未按时召开…,
每缺一次…) need no object to be scored: a rule that books a fixed amount per record needs
only how many there are per unit and which rows they are. :class:`CompactRecords` keeps
those rows as a polars frame and builds a :class:`~dutyscore.Record` for a row only when
something reads it (a report, a ledger line, a rule that looks at the records); every
other row is a record already. To any reader it is the sequence of records, in file order,
that :func:`~dutyscore.load_records` returns.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, overload

from .model import Record, new_record

#: The rows kept as columns: a polars DataFrame with ``__row`` (the row's place in the
#: input), ``id``, ``unit``, ``kind``, ``__act`` and ``__entered`` (dates).
Block = Any


class CompactRecords(Sequence[Record]):
    """A read-only sequence of validated records, built row by row only when read."""

    __slots__ = ("_at", "_block", "_built", "_records")

    def __init__(self, built: Mapping[int, Record], block: Block | None) -> None:
        self._built = dict(built)
        self._block = block if block is not None and block.height else None
        #: Row → its record, for the rows of the block built so far.
        self._at: dict[int, Record] = {}
        self._records: list[Record] | None = None

    # -- the sequence ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._built) + (self._block.height if self._block is not None else 0)

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> list[Record]: ...
    def __getitem__(self, index: int | slice) -> Record | list[Record]:
        return self.records()[index]

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records())

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
        kept = self._block.height if self._block is not None else 0
        return f"<CompactRecords: {len(self)} records, {kept} kept as columns>"

    def records(self) -> list[Record]:
        """Every record, in input order (built once)."""
        if self._records is None:
            if self._block is not None:
                self._build(self._block)
            merged = {**self._built, **self._at}
            self._records = [merged[row] for row in sorted(merged)]
        return self._records

    # -- what an evaluation asks without building the records -----------------------------
    def years(self) -> set[int]:
        """The years of the records' act dates."""
        found = {r.act_date.year for r in self._built.values()}
        if self._block is not None:
            found.update(self._block["__act"].dt.year().unique().to_list())
        return found

    def unit_ids(self) -> set[str]:
        """The units the records belong to."""
        found = {r.unit for r in self._built.values()}
        if self._block is not None:
            found.update(self._block["unit"].unique().to_list())
        return found

    def split(
        self, kinds: Collection[str], year: int
    ) -> tuple[dict[str, list[Record]], dict[str, dict[str, list[int]]]]:
        """The records per unit, and per unit and kind the rows kept as columns: the rows of
        ``kinds`` acted in ``year``, which an evaluation scores without their records (the
        records of every other row are built here)."""
        import polars as pl

        by_unit: dict[str, list[Record]] = {}
        for row in sorted(self._built):
            record = self._built[row]
            by_unit.setdefault(record.unit, []).append(record)
        rows: dict[str, dict[str, list[int]]] = {}
        block = self._block
        if block is None:
            return by_unit, rows
        kept = pl.col("kind").is_in(list(kinds)) & (pl.col("__act").dt.year() == year)
        built = self._build(block.filter(~kept))
        for record in built:
            by_unit.setdefault(record.unit, []).append(record)
        grouped = block.filter(kept).group_by("unit", "kind").agg(pl.col("__row"))
        for unit, kind, members in grouped.iter_rows():
            rows.setdefault(unit, {})[kind] = members
            by_unit.setdefault(unit, [])
        return by_unit, rows

    def record_at(self, row: int) -> Record:
        """The record of an input row (built with the rest of the block on first use)."""
        found = self._built.get(row) or self._at.get(row)
        if found is None:
            assert self._block is not None, "a row not in the block is built"
            self._build(self._block)
            found = self._at[row]
        return found

    def _build(self, block: Block) -> list[Record]:
        """The records of ``block``'s rows (those not built yet), remembered by row."""
        at = self._at
        out: list[Record] = []
        columns = (block[c].to_list() for c in ("__row", "id", "unit", "kind", "__act", "__entered"))
        for row, rid, unit, kind, act, entered in zip(*columns, strict=True):
            record = at.get(row)
            if record is None:
                record = at[row] = new_record(rid, unit, kind, act, entered, {})
            out.append(record)
        return out
