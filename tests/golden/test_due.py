"""One parametrized runner for the compliance scenarios in ``due/``.

A case names a scheme and records, and lists checks: a report date and the rows
expected in the report (unit, obligation, instance, status, and optionally the due
date and the fulfilling records). Each expected value is explained in the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

import dutyscore
from dutyscore import RawRecord, validate_records

CASES = sorted((Path(__file__).parent / "due").glob("*.yaml"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_due(path: Path) -> None:
    case: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    scheme = dutyscore.load_scheme(case["scheme"])
    records, problems = validate_records([RawRecord(r, "inline") for r in case["records"]], scheme)
    assert not problems, [str(p) for p in problems]
    units = [dutyscore.Unit(u, u) for u in case["units"]] if "units" in case else None
    for check in case["checks"]:
        as_of = (
            check["as_of"] if isinstance(check["as_of"], dt.date) else dt.date.fromisoformat(check["as_of"])
        )
        report = dutyscore.compliance(scheme, records, as_of, units=units).to_model()
        rows = {(r.unit, r.obligation, r.instance): r for r in report.rows}
        for want in check["rows"]:
            key = (want["unit"], want["obligation"], str(want["instance"]))
            assert key in rows, f"as of {as_of}: no row {key}; rows: {sorted(rows)}"
            got = rows[key]
            assert got.status == want["status"], f"as of {as_of}: {key} status"
            if "due" in want:
                assert got.due == want["due"], f"as of {as_of}: {key} due"
            if "records" in want:
                assert got.records == want["records"], f"as of {as_of}: {key} records"
        for key in check.get("absent", []):
            assert tuple(str(k) for k in key) not in rows, f"as of {as_of}: row {key} should not be listed"
