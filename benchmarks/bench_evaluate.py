"""Throughput of evaluation on the bundled Jiangsu scheme (run by hand, never in CI).

    python benchmarks/bench_evaluate.py [--records 200000] [--units 1000]

Prints records per second for: validation of raw records, evaluation with the
compact ledger, and building the pydantic result models from it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

import dutyscore
from dutyscore import RawRecord, validate_records

KINDS = [
    ("duty_record", lambda r: {"item": r.choice(["p1", "p4", "s2", "i3"]), "qualifying": r.random() < 0.9}),
    ("committee_study", lambda r: {}),
    ("praise", lambda r: {"level": r.choice(["central", "provincial"])}),
    ("passive_investigation", lambda r: {"items": ["p4", "s5"]}),
    ("push_not_signed", lambda r: {}),
    ("flawed_promotion", lambda r: {"persons": r.randint(1, 3)}),
]


def make_raw(n: int, units: int, seed: int = 7) -> list[RawRecord]:
    rnd = random.Random(seed)
    out = []
    start = dt.date(2018, 1, 1)
    for i in range(n):
        kind, attrs = KINDS[0] if rnd.random() < 0.8 else rnd.choice(KINDS[1:])
        act = start + dt.timedelta(days=rnd.randint(0, 350))
        rec = act + dt.timedelta(days=rnd.randint(0, 14))
        out.append(
            RawRecord(
                {
                    "id": f"r{i}",
                    "unit": f"u{i % units}",
                    "kind": kind,
                    "act_date": act.isoformat(),
                    "record_date": rec.isoformat(),
                    "attributes": attrs(rnd),
                }
            )
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--units", type=int, default=1000)
    args = ap.parse_args()
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    cohorts = list(scheme.cohorts)
    units = [dutyscore.Unit(f"u{i}", f"u{i}", cohorts[i % len(cohorts)]) for i in range(args.units)]
    raws = make_raw(args.records, args.units)

    t0 = time.perf_counter()
    records, problems = validate_records(raws, scheme)
    t1 = time.perf_counter()
    assert not problems
    ev = dutyscore.evaluate(scheme, records, units=units, period=2018)
    t2 = time.perf_counter()
    model = ev.to_model()
    t3 = time.perf_counter()
    n = len(records)
    entries = sum(len(o.entries) for o in ev.outcomes.values())
    print(f"{n} records, {args.units} units, {entries} ledger entries, {len(model.units)} unit models")
    print(f"validate        {t1 - t0:7.2f} s  {n / (t1 - t0):>10,.0f} records/s")
    print(f"evaluate        {t2 - t1:7.2f} s  {n / (t2 - t1):>10,.0f} records/s")
    print(f"result models   {t3 - t2:7.2f} s  {n / (t3 - t2):>10,.0f} records/s")


if __name__ == "__main__":
    main()
