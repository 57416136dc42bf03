"""Nothing is lost: every record that comes in is invalid or has exactly one status in its unit,
per unit and in total, for every bundled scheme, whatever the records (valid, broken the ways
exports break them, of another year)."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dutyscore
from dutyscore import RawRecord, Skipped, validate_records
from dutyscore.testing import records_for

from ._kit import SETTINGS, broken_row, raw_row

SCORED = [s for s in (dutyscore.load_scheme(sid) for sid in dutyscore.bundled_scheme_ids()) if s.items]


def _units(scheme: dutyscore.Scheme) -> list[dutyscore.Unit]:
    cohorts = list(scheme.cohorts) or [None]
    return [dutyscore.Unit(f"u{i}", f"u{i}", cohorts[i % len(cohorts)]) for i in range(3)]


@pytest.mark.parametrize("scheme", SCORED, ids=[s.id for s in SCORED])
def test_every_record_is_accounted_for(scheme: dutyscore.Scheme) -> None:
    units = _units(scheme)
    ids = [u.id for u in units]
    year = scheme.effective.from_.year

    @SETTINGS
    @given(records_for(scheme, units=ids, year=year, max_size=25), st.data())
    def run(records: list[dutyscore.Record], data: st.DataObject) -> None:
        rows = [raw_row(r) for r in records]
        hows = data.draw(st.lists(st.integers(0, 16), min_size=len(rows), max_size=len(rows)))
        rows = [broken_row(row, how, scheme) for row, how in zip(rows, hows, strict=True)]
        for row, how in zip(rows, hows, strict=True):
            if how == 15 and "-02-29" not in row["act_date"] + row["record_date"]:  # another year
                row["act_date"] = str(year + 1) + row["act_date"][4:]
                row["record_date"] = str(year + 1) + row["record_date"][4:]
            elif how == 16:
                row["unit"] = "not-a-unit"
        raws = [RawRecord(row, "rows.json", n) for n, row in enumerate(rows, start=1)]
        valid, problems = validate_records(raws, scheme, units=ids)
        skipped = Skipped.of(raws, valid, problems)
        ev = dutyscore.evaluate(scheme, valid, units=units, period=year, skipped=skipped)

        acc = ev.accounting()
        statuses = acc.model_dump()
        assert acc.records_in == len(raws)
        assert acc.invalid == len(raws) - len(valid) == skipped.records
        assert len({p.line for p in problems}) == skipped.records  # each left-out row says why
        assert sum(v for k, v in statuses.items() if k != "records_in") == len(raws)
        for unit in ids:  # per unit: each of its valid records has one status there
            mine = sorted(r.id for r in valid if r.unit == unit)
            assert sorted(ev.unit(unit).statuses) == mine
        out = io.StringIO()
        ev.write_json(out)
        written = json.loads(out.getvalue())
        assert written["accounting"] == statuses
        assert len(written["invalid"]) == len(problems)
        assert {p["record"] for p in written["invalid"]} == {p.record_id for p in problems}

    run()
