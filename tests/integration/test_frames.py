"""Records from data frames (optional libraries: the test runs where pandas, polars or pyarrow is
installed) give the same result as the example's files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import dutyscore

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jiangsu-platform-2018"
SCHEME = dutyscore.load_scheme("jiangsu-platform-2018")
UNITS = dutyscore.load_units(EXAMPLE / "units.yaml", SCHEME)


def _expected() -> str:
    records = dutyscore.load_records([EXAMPLE / "duty-records.csv", EXAMPLE / "findings.yaml"], SCHEME)
    return dutyscore.evaluate(SCHEME, records, units=UNITS, period=2018).to_model().model_dump_json()


def _findings() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load((EXAMPLE / "findings.yaml").read_text("utf-8"))["records"]
    return rows


def _score(records: list[dutyscore.Record]) -> str:
    return dutyscore.evaluate(SCHEME, records, units=UNITS, period=2018).to_model().model_dump_json()


def test_a_pandas_frame() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(EXAMPLE / "duty-records.csv", parse_dates=["act_date", "record_date"])
    records = dutyscore.records_from_frame(frame, SCHEME) + dutyscore.records_from_rows(_findings(), SCHEME)
    assert _score(records) == _expected()


def test_a_polars_frame() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.read_csv(EXAMPLE / "duty-records.csv", try_parse_dates=True)
    records = dutyscore.records_from_frame(frame, SCHEME) + dutyscore.records_from_rows(_findings(), SCHEME)
    assert _score(records) == _expected()


def test_a_pyarrow_table_and_a_bad_row() -> None:
    pa = pytest.importorskip("pyarrow")
    flat = [
        {**{k: v for k, v in r.items() if k != "attributes"}, **(r.get("attributes") or {})}
        for r in _findings()
    ]
    columns = list(dict.fromkeys(k for r in flat for k in r))
    table = pa.table(
        {c: [r.get(c) for r in flat] for c in columns}
    )  # a column per attribute, empty where none
    records = dutyscore.records_from_frame(table, SCHEME)
    assert records == dutyscore.records_from_rows(_findings(), SCHEME)
    bad = pa.table(
        {
            c: [None if c == "unit" else flat[0].get(c)]
            for c in ("id", "unit", "kind", "act_date", "record_date")
        }
    )
    with pytest.raises(dutyscore.RecordsInvalid, match=r"<frame>:1:1: record '.*' field 'unit'"):
        dutyscore.records_from_frame(bad, SCHEME)


def test_anything_else_is_refused() -> None:
    with pytest.raises(TypeError, match="expected a pandas or polars DataFrame or a pyarrow Table"):
        dutyscore.records_from_frame([{"id": "x"}], SCHEME)
