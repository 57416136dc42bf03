"""Records and units from memory give the same result as the files; score and explain take the
same input options."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import dutyscore

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jiangsu-platform-2018"


def test_rows_in_memory_give_the_files_result() -> None:
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    from_files = dutyscore.evaluate(
        scheme,
        dutyscore.load_records([EXAMPLE / "duty-records.csv", EXAMPLE / "findings.yaml"], scheme),
        units=dutyscore.load_units(EXAMPLE / "units.yaml", scheme),
        period=2018,
    )
    with (EXAMPLE / "duty-records.csv").open(encoding="utf-8") as f:  # rows as a database returns them
        rows = [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]
    rows += yaml.safe_load((EXAMPLE / "findings.yaml").read_text("utf-8"))["records"]
    units = yaml.safe_load((EXAMPLE / "units.yaml").read_text("utf-8"))
    units = units["units"] if isinstance(units, dict) else units
    from_rows = dutyscore.evaluate(
        scheme,
        dutyscore.records_from_rows(rows, scheme),
        units=dutyscore.units_from_rows(units, scheme),
        period=2018,
    )
    assert from_rows.to_model().model_dump_json() == from_files.to_model().model_dump_json()


def test_a_bad_row_is_named_by_its_number_and_field() -> None:
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    good = {
        "id": "a",
        "unit": "nanjing",
        "kind": "committee_study",
        "act_date": "2018-03-01",
        "record_date": "2018-03-02",
    }
    bad = {**good, "id": "b", "kind": "praise", "level": "galactic"}
    with pytest.raises(dutyscore.RecordsInvalid) as caught:
        dutyscore.records_from_rows([good, bad], scheme, source="query")
    assert [str(p) for p in caught.value.problems] == [
        "query:2:1: record 'b' field 'attributes.level': 'galactic' is not one of: central, provincial"
    ]
    with pytest.raises(dutyscore.UnitsInvalid, match=r"units\[1\]: duplicate unit id 'x'"):
        dutyscore.units_from_rows([{"id": "x", "name": "甲"}, {"id": "x", "name": "乙"}])


def test_explain_takes_previous_like_score(cli: Callable[..., object]) -> None:
    common = ["--scheme", "jiangsu-platform-2018", "--units", str(EXAMPLE / "units.yaml"), "--period", "2018"]
    common += ["--previous", str(EXAMPLE / "previous-2017.json")]
    files = [str(EXAMPLE / "duty-records.csv"), str(EXAMPLE / "findings.yaml")]
    score = cli("score", *common, "--format", "json", *files)
    units = json.loads(score.out)["units"]  # type: ignore[attr-defined]
    flagged = {u["unit"]: u["flags"] for u in units if u["flags"]}
    unit, flags = next((u, f) for u, f in flagged.items() if "summons" in f)
    explained = cli("explain", *common, "--unit", unit, "--lang", "en", *files)
    assert explained.code == 0, explained.err  # type: ignore[attr-defined]
    assert f"flags: {', '.join(flags)}" in explained.out  # type: ignore[attr-defined]


def test_records_from_standard_input(cli: Callable[..., object], monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "\n".join(
        json.dumps(r, ensure_ascii=False, default=str)  # dates as 2018-03-12
        for r in yaml.safe_load((EXAMPLE / "findings.yaml").read_text("utf-8"))["records"]
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    common = ["--scheme", "jiangsu-platform-2018", "--units", str(EXAMPLE / "units.yaml"), "--period", "2018"]
    piped = cli("score", *common, "--format", "json", str(EXAMPLE / "duty-records.csv"), "-")
    files = cli(
        "score",
        *common,
        "--format",
        "json",
        str(EXAMPLE / "duty-records.csv"),
        str(EXAMPLE / "findings.yaml"),
    )
    assert piped.code == 0, piped.err  # type: ignore[attr-defined]
    assert piped.out == files.out  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", ["score", "explain", "rank", "due"])
def test_every_evaluating_command_takes_the_same_inputs(command: str, cli: Callable[..., object]) -> None:
    shared = ["--scheme", "--scheme-dir", "--as-of", "--units", "--calendar", "--encoding", "--stdin-format"]
    usage = cli(command, "--help")
    assert usage.code == 0  # type: ignore[attr-defined]
    assert all(flag in usage.out for flag in shared), usage.out  # type: ignore[attr-defined]
