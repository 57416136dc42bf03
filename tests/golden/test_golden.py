"""One parametrized runner for the golden scenario files in ``cases/``.

A case names a scheme, its records (inline or files), optional units, period
and previous result, and the expected result: per unit the total, item
scores, rank and flags, the status of records, and warnings. Every expected
number is explained from its clause in a comment in the case file.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

import dutyscore
from dutyscore import RawRecord, Unit, validate_records
from dutyscore.records.read import read_raw


def _number(value: object) -> Fraction:
    """An expected number from a case file: 5, 0.5, "256/3"."""
    text = str(value)
    return Fraction(text) if "/" in text else Fraction(Decimal(text))


CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


def _records(case: dict[str, Any], base: Path, scheme: dutyscore.Scheme) -> list[dutyscore.Record]:
    raws: list[RawRecord] = [RawRecord(r, "inline") for r in case.get("records", [])]
    for name in case.get("record_files", []):
        got, problems = read_raw(base / name)
        assert not problems, problems
        raws.extend(got)
    records, problems = validate_records(raws, scheme)
    assert not problems, [str(p) for p in problems]
    return records


def _units(case: dict[str, Any], base: Path, scheme: dutyscore.Scheme) -> list[Unit] | None:
    if "units_file" in case:
        return dutyscore.load_units(base / case["units_file"], scheme)
    if "units" in case:
        return [Unit(u["id"], u.get("name", u["id"]), u.get("category")) for u in case["units"]]
    return None


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path) -> None:
    case = yaml.safe_load(path.read_text("utf-8"))
    base = path.parent
    local = base / case["scheme"]
    scheme = dutyscore.load_scheme(str(local) if local.suffix == ".yaml" else case["scheme"])
    calendar = None
    if "calendar" in case:
        calendar = dutyscore.WorkingCalendar(
            case["calendar"].get("holidays", ()),
            case["calendar"].get("working_days", ()),
            case["calendar"].get("known_years", ()),
        )
    previous = dutyscore.load_previous_streaks(base / case["previous"]) if "previous" in case else None
    ev = dutyscore.evaluate(
        scheme,
        _records(case, base, scheme),
        units=_units(case, base, scheme),
        period=case.get("period"),
        calendar=calendar,
        previous_streaks=previous,
    )
    result = ev.to_model()
    by_unit = {u.unit: u for u in result.units}
    expect = case["expect"]
    assert set(by_unit) == set(expect["units"]), "every unit of the result has an expectation"
    for uid, want in expect["units"].items():
        got = by_unit[uid]
        assert got.total == _number(want["total"]), f"{uid} total"
        assert sum(Fraction(e.contribution) for e in got.ledger) == got.total, f"{uid} ledger sums to total"
        for key in ("base", "inputs", "bonus", "deduction", "adjustment"):
            if key in want:
                assert getattr(got, key) == _number(want[key]), f"{uid} {key}"
        for key in ("grade", "grade_by_score"):
            if key in want:
                assert getattr(got, key) == want[key], f"{uid} {key}"
        if "vetoes" in want:
            assert [v.veto for v in got.vetoes] == want["vetoes"], f"{uid} vetoes"
        if "consequences" in want:
            assert [c.consequence for c in got.consequences] == want["consequences"], f"{uid} consequences"
        if "rank" in want:
            assert got.rank == want["rank"], f"{uid} rank"
        if "flags" in want:
            assert got.flags == want["flags"], f"{uid} flags"
        items = {i.item: i for i in got.items}
        for item_id, fields in want.get("items", {}).items():
            for key, value in fields.items():
                assert getattr(items[item_id], key) == _number(value), f"{uid} {item_id} {key}"
        statuses = {r.record: r.status for r in got.records}
        for rid, status in want.get("records", {}).items():
            assert statuses[rid] == status, f"{uid} record {rid}"
    for fragment in expect.get("warnings_contain", []):
        assert any(fragment in w.message for w in result.warnings), f"a warning mentions {fragment!r}"
    if expect.get("no_warnings"):
        assert result.warnings == []
