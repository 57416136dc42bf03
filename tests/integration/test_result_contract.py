"""The result contract: every JSON the commands write for the bundled examples validates against
the published schema (``dutyscore schema --result``) and carries its format version."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import dutyscore

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples"


def _files(sid: str, *names: str) -> list[str]:
    return [str(EX / sid / n) for n in names]


RUNS = {
    "score jiangsu": [
        "score",
        "--scheme",
        "jiangsu-platform-2018",
        "--units",
        *_files("jiangsu-platform-2018", "units.yaml"),
        "--period",
        "2018",
        *_files("jiangsu-platform-2018", "duty-records.csv", "findings.yaml"),
    ],
    "score puyang": [
        "score",
        "--scheme",
        "puyang-two-duties-2017",
        "--units",
        *_files("puyang-two-duties-2017", "units.yaml"),
        "--period",
        "2017",
        *_files("puyang-two-duties-2017", "findings.yaml", "monthly-reviews.csv", "year-end-scores.csv"),
    ],
    "score qinglian": [
        "score",
        "--scheme",
        "qinglian-jiguan",
        "--units",
        *_files("qinglian-jiguan", "units.yaml"),
        *_files("qinglian-jiguan", "records.yaml"),
    ],
    "score dangjian": [
        "score",
        "--scheme",
        "dangjian-county-2021",
        "--units",
        *_files("dangjian-county-2021", "units.yaml"),
        *_files("dangjian-county-2021", "records.yaml"),
    ],
    "rank puyang": [
        "rank",
        "--scheme",
        "puyang-two-duties-2017",
        "--units",
        *_files("puyang-two-duties-2017", "units.yaml"),
        "--period",
        "2017-Q3",
        *_files("puyang-two-duties-2017", "findings.yaml", "monthly-reviews.csv", "year-end-scores.csv"),
    ],
    "due jiangsu-2015": [
        "due",
        "--scheme",
        "jiangsu-two-duties-2015",
        "--as-of",
        "2016-10-20",
        "--units",
        *_files("jiangsu-two-duties-2015", "units.yaml"),
        *_files("jiangsu-two-duties-2015", "records.yaml"),
    ],
}
FORMATS = {"score": "dutyscore-result/1", "rank": "dutyscore-interim/1", "due": "dutyscore-compliance/1"}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_the_output_validates_against_the_published_schema(name: str, cli: Callable[..., object]) -> None:
    args = RUNS[name]
    command = args[0]
    schema_run = cli("schema", "--result", command)
    assert schema_run.code == 0  # type: ignore[attr-defined]
    schema = json.loads(schema_run.out)  # type: ignore[attr-defined]
    Draft202012Validator.check_schema(schema)
    assert "format" in schema["required"]
    run = cli(*args, "--format", "json")
    assert run.code == 0, run.err  # type: ignore[attr-defined]
    data = json.loads(run.out)  # type: ignore[attr-defined]
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(data)]
    assert errors == []
    assert data["format"] == FORMATS[command]
    assert data["units" if command != "due" else "rows"]


def test_written_unit_by_unit_is_the_model_dumped_whole() -> None:
    import io

    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    base = Path(__file__).resolve().parents[2] / "examples" / "jiangsu-platform-2018"
    records = dutyscore.load_records([base / "duty-records.csv", base / "findings.yaml"], scheme)
    units = dutyscore.load_units(base / "units.yaml", scheme)
    ev = dutyscore.evaluate(scheme, records, units=units, period=2018)
    out = io.StringIO()
    ev.write_json(out)
    assert out.getvalue() == ev.to_model().model_dump_json(indent=2) + "\n"
    empty = dutyscore.evaluate(scheme, [], units=[], period=2018)
    out = io.StringIO()
    empty.write_json(out)
    assert out.getvalue() == empty.to_model().model_dump_json(indent=2) + "\n"


def test_models_built_from_the_engine_are_the_validated_models() -> None:
    """Ledger lines, decisions and record statuses are built without validation
    (``_Model.built``): each must be the model pydantic validates from its own dump, every field
    set, for every bundled example."""
    checked = 0
    for sid, files in {
        "jiangsu-platform-2018": ["duty-records.csv", "findings.yaml"],
        "puyang-two-duties-2017": ["findings.yaml", "monthly-reviews.csv", "year-end-scores.csv"],
    }.items():
        scheme = dutyscore.load_scheme(sid)
        records = dutyscore.load_records([EX / sid / f for f in files], scheme)
        units = dutyscore.load_units(EX / sid / "units.yaml", scheme)
        period = min(r.act_date.year for r in records)
        model = dutyscore.evaluate(scheme, records, units=units, period=period).to_model()
        for unit in model.units:
            for built in [*unit.ledger, *unit.records, *(d for e in unit.ledger for d in e.decisions)]:
                again = type(built).model_validate(built.model_dump())
                assert again == built
                assert built.model_fields_set == set(type(built).model_fields)
                checked += 1
    assert checked > 100


def test_record_ids_json_must_escape_are_written_as_the_models_write_them() -> None:
    """The written JSON quotes record ids itself; ids with quotes, backslashes, control
    characters, Chinese text, a formula and the templates' own placeholder come out as the
    models' dump has them."""
    import dataclasses
    import io

    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    base = Path(__file__).resolve().parents[2] / "examples" / "jiangsu-platform-2018"
    records = dutyscore.load_records([base / "duty-records.csv", base / "findings.yaml"], scheme)
    odd = ['a"b', "c\\d", "e\x01\x1f", "问责\u2028", "=cmd|' /C calc'!A0", "\ue000", "tab\there", "\x7f"]
    renamed = [
        dataclasses.replace(r, id=odd[n] + str(n)) if n < len(odd) else r for n, r in enumerate(records)
    ]
    ev = dutyscore.evaluate(
        scheme, renamed, units=dutyscore.load_units(base / "units.yaml", scheme), period=2018
    )
    out = io.StringIO()
    ev.write_json(out)
    assert out.getvalue() == ev.to_model().model_dump_json(indent=2) + "\n"
    assert '"a\\"b0"' in out.getvalue() and '"e\\u0001\\u001f2"' in out.getvalue()
