"""Scoring one unit at a time gives what scoring everything at once gives: the same totals and the
same unit results on a generated 100 k-record input (cohort rules, caps, dedup and ranking
included), with records re-read from their source for each pass."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence

import pytest

import dutyscore

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


def test_records_must_be_grouped_by_unit() -> None:
    units = [dutyscore.Unit("u0", "u0", "设区市"), dutyscore.Unit("u1", "u1", "设区市")]
    records = _records(40, 2)
    u0 = [r for r in records if r.unit == "u0"]
    u1 = [r for r in records if r.unit == "u1"]
    mixed = [("u0", u0[:10]), ("u1", u1), ("u0", u0[10:])]
    with pytest.raises(dutyscore.RecordsInvalid, match="appears twice: records must be grouped by unit"):
        dutyscore.evaluate_stream(SCHEME, lambda: mixed, units=units, period=2018)
