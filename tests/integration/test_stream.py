"""Scoring one unit at a time gives what scoring everything at once gives: the same totals and the
same unit results on a generated 100 k-record input (cohort rules, caps, dedup and ranking
included), with records re-read from their source for each pass."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import pytest

import dutyscore
from dutyscore.cli import main

SCHEME = dutyscore.load_scheme("jiangsu-platform-2018")
KINDS = [
    ("duty_record", lambda r: {"item": r.choice(["p1", "p4", "s2", "i3"]), "qualifying": r.random() < 0.9}),
    ("committee_study", lambda r: {}),
    ("praise", lambda r: {"level": r.choice(["central", "provincial"])}),
    ("push_not_signed", lambda r: {}),
    ("flawed_promotion", lambda r: {"persons": r.randint(1, 3)}),
]


def _records(n: int, units: int) -> list[dutyscore.Record]:
    rnd = random.Random(11)
    raws = []
    for i in range(n):
        kind, attrs = KINDS[0] if rnd.random() < 0.8 else rnd.choice(KINDS[1:])
        act = dt.date(2018, 1, 1) + dt.timedelta(days=rnd.randint(0, 350))
        rec = act + dt.timedelta(days=rnd.randint(0, 14))
        raws.append(
            dutyscore.RawRecord(
                {
                    "id": f"r{i}",
                    "unit": f"u{i % units}",
                    "kind": kind,
                    "act_date": act,
                    "record_date": rec,
                    "attributes": attrs(rnd),
                }
            )
        )
    records, problems = dutyscore.validate_records(raws, SCHEME)
    assert problems == []
    return records


@pytest.mark.slow
def test_streaming_gives_the_in_memory_result() -> None:
    cohorts = list(SCHEME.cohorts)
    units = [dutyscore.Unit(f"u{i}", f"单位{i}", cohorts[i % len(cohorts)]) for i in range(1000)]
    records = _records(100_000, 990)  # ten units without any record
    by_unit: dict[str, list[dutyscore.Record]] = {}
    for r in records:
        by_unit.setdefault(r.unit, []).append(r)
    passes = []

    def groups() -> Iterator[tuple[str, Sequence[dutyscore.Record]]]:
        passes.append(1)
        yield from by_unit.items()

    whole = dutyscore.evaluate(SCHEME, records, units=units, period=2018)
    streamed = dutyscore.evaluate_stream(SCHEME, groups, units=units, period=2018)
    assert streamed.totals == whole.totals
    assert len(passes) == 2  # cohort counts, then totals; units() reads a third time
    models = {m.unit: m for m in streamed.units()}
    assert len(passes) == 3 and len(models) == 1000
    for uid in ("u0", "u7", "u995"):
        assert models[uid] == whole.unit_model(uid)
    assert [m.rank for m in models.values()] == [whole.unit(u).standing.rank for u in models]
    written = list(streamed.written_units())  # what --stream writes: the texts of the models
    assert len(passes) == 4 and len(written) == 1000
    for uid, unit in zip(models, written, strict=True):
        if uid in ("u0", "u7", "u995"):
            assert unit == whole.unit_text(uid)
            assert unit.text == "    " + models[uid].model_dump_json(indent=2).replace("\n", "\n    ")


def test_records_must_be_grouped_by_unit() -> None:
    units = [dutyscore.Unit("u0", "u0", "设区市"), dutyscore.Unit("u1", "u1", "设区市")]
    records = _records(40, 2)
    u0 = [r for r in records if r.unit == "u0"]
    u1 = [r for r in records if r.unit == "u1"]
    mixed = [("u0", u0[:10]), ("u1", u1), ("u0", u0[10:])]
    with pytest.raises(dutyscore.RecordsInvalid, match="appears twice: records must be grouped by unit"):
        dutyscore.evaluate_stream(SCHEME, lambda: mixed, units=units, period=2018)


def test_the_command_streams_a_grouped_file(cli: object, tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "jiangsu-platform-2018"
    records = dutyscore.load_records([example / "duty-records.csv", example / "findings.yaml"], SCHEME)
    grouped = _grouped_file(tmp_path / "grouped.jsonl", records)
    args = [
        "score",
        "--scheme",
        "jiangsu-platform-2018",
        "--units",
        str(example / "units.yaml"),
        "--period",
        "2018",
        "--previous",
        str(example / "previous-2017.json"),
        "--format",
        "json",
    ]
    whole = cli(*args, str(grouped))  # type: ignore[operator]
    streamed = cli(*args, "--stream", str(grouped))  # type: ignore[operator]
    assert streamed.code == 0, streamed.err
    a, b = json.loads(whole.out), json.loads(streamed.out)
    assert {u["unit"]: u for u in a["units"]} == {u["unit"]: u for u in b["units"]}
    assert sorted(map(str, a["warnings"])) == sorted(map(str, b["warnings"]))
    assert {k: v for k, v in a.items() if k not in ("units", "warnings")} == {
        k: v for k, v in b.items() if k not in ("units", "warnings")
    }
    refused = cli("score", "--scheme", "jiangsu-platform-2018", "--stream", str(grouped))  # type: ignore[operator]
    assert refused.code == 2 and "--stream needs --units, --period and --format json" in refused.err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _stream_args(
    tmp_path: Path, units: Sequence[dutyscore.Unit], records: Sequence[dutyscore.Record]
) -> list[str]:
    """``score --stream`` of ``records`` as a grouped JSONL file, with ``units`` as a units file."""
    unit_file = tmp_path / "units.json"
    unit_file.write_text(
        json.dumps([{"id": u.id, "name": u.name, "category": u.category} for u in units]), "utf-8"
    )
    grouped = _grouped_file(tmp_path / "records.jsonl", records)
    return [
        "score",
        "--scheme",
        "jiangsu-platform-2018",
        "--units",
        str(unit_file),
        "--period",
        "2018",
        "--format",
        "json",
        "--stream",
        str(grouped),
    ]


def _grouped_file(path: Path, records: Sequence[dutyscore.Record]) -> Path:
    """Records as a system exports them: one JSON line each, ordered by unit."""
    lines = (
        json.dumps(
            {
                "id": r.id,
                "unit": r.unit,
                "kind": r.kind,
                "act_date": str(r.act_date),
                "record_date": str(r.record_date),
                "attributes": dict(r.attributes),
            },
            ensure_ascii=False,
            default=str,  # decimal attributes as their text
        )
        for r in sorted(records, key=lambda r: (r.unit, r.id))
    )
    path.write_text("\n".join(lines), "utf-8")
    return path


@pytest.mark.slow
def test_a_100k_record_file_streams_to_the_in_memory_totals(tmp_path: Path) -> None:
    cohorts = list(SCHEME.cohorts)
    units = [dutyscore.Unit(f"u{i}", f"单位{i}", cohorts[i % len(cohorts)]) for i in range(1000)]
    records = _records(100_000, 1000)
    args = _stream_args(tmp_path, units, records)
    whole = dutyscore.evaluate(SCHEME, records, units=units, period=2018)
    out, err = io.StringIO(), io.StringIO()
    assert main(args, out=out, err=err) == 0, err.getvalue()
    streamed = {u["unit"]: Decimal(u["total"]) for u in json.loads(out.getvalue())["units"]}
    assert streamed == whole.totals
    assert err.getvalue() == ""  # not a terminal: no progress bar


def test_a_terminal_gets_a_progress_bar(tmp_path: Path) -> None:
    pytest.importorskip("tqdm")
    units = [dutyscore.Unit(f"u{i}", f"单位{i}", "设区市") for i in range(3)]
    args = _stream_args(tmp_path, units, _records(30, 3))
    out, err = io.StringIO(), _Terminal()
    assert main(args, out=out, err=err) == 0
    assert "/3 [" in err.getvalue() and "unit" in err.getvalue()  # tqdm drew its bar on stderr


def test_a_cohort_rule_that_matches_nothing_streams_as_in_memory() -> None:
    # no duty records at all: the cohort rules count 0 everywhere, and the mean of 0 is still a mean
    units = [dutyscore.Unit("u0", "u0", "设区市"), dutyscore.Unit("u1", "u1", "设区市")]
    day = dt.date(2018, 3, 1)
    records = [dutyscore.Record(f"s{i}", f"u{i % 2}", "committee_study", day, day) for i in range(4)]
    grouped = [(u.id, [r for r in records if r.unit == u.id]) for u in units]
    whole = dutyscore.evaluate(SCHEME, records, units=units, period=2018)
    streamed = dutyscore.evaluate_stream(SCHEME, lambda: grouped, units=units, period=2018)
    assert streamed.totals == whole.totals
    assert sorted(w.message for w in streamed.warnings) == sorted(w.message for w in whole.warnings)
