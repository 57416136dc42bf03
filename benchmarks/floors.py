"""What validating a row costs at least with today's types: the loops that only build a
``Record`` per row, only add the ids to a set, or only look up a row's six fields, over the
benchmark's workload (medians are not needed: the best of three, the collector paused).
And what many small units cost at least: the loop that only puts each record in its unit's
list, which any per-unit ledger of records needs, over 1 k units and over 100 k (the records
the same in number, ten a unit in the second), beside ``evaluate()`` over the first.

    python benchmarks/floors.py [--records N]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import WORKLOAD, YEAR, unit_ids, workload_rows

from dutyscore import RawRecord, Record, Unit, evaluate, load_scheme, validate_records
from dutyscore.records.model import new_record


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    rows = workload_rows(ap.parse_args().records, 1000)

    def records() -> list[Record]:
        return [new_record(r["id"], r["unit"], r["kind"], r["act_date"], r["record_date"], {}) for r in rows]

    def ids() -> set[str]:
        seen: set[str] = set()
        add = seen.add
        for r in rows:
            add(r["id"])
        return seen

    def fields() -> None:
        for r in rows:
            (r["id"], r["unit"], r["kind"], r["act_date"], r["record_date"], r["attributes"])

    loops: dict[str, Callable[[], object]] = {
        "a Record per row (new_record)": records,
        "each id into a set": ids,
        "six lookups per row": fields,
    }
    gc.disable()
    for name, loop in loops.items():
        best = min(_timed(loop) for _ in range(3))
        print(f"{name:36} {best / len(rows) * 1e6:.2f} µs a row")
    gc.enable()
    by_unit(len(rows))


def by_unit(n: int) -> None:
    """Each record into its unit's list, over 1 k units and over 100 k; and ``evaluate()``
    over the 1 k, which the 100 k would have to match per record (issue 10)."""
    scheme = load_scheme(WORKLOAD)
    for units in (1000, 100_000):
        records, problems = validate_records(
            [RawRecord(r, "memory") for r in workload_rows(n, units)], scheme
        )
        assert not problems

        def group(records: list[Record] = records) -> dict[str, list[Record]]:
            found: defaultdict[str, list[Record]] = defaultdict(list)
            for r in records:
                found[r.unit].append(r)
            return found

        gc.disable()
        best = min(_timed(group) for _ in range(3))
        gc.enable()
        print(f"{'each record into its unit’s list':36} {best:.3f} s over {units:,} units")
        if units == 1000:
            every = [Unit(u, u) for u in unit_ids(units)]
            whole = min(
                _timed(lambda r=records, u=every: evaluate(scheme, r, units=u, period=YEAR)) for _ in range(3)
            )
            print(f"{'evaluate(), the full ledger':36} {whole:.3f} s over {units:,} units")


def _timed(loop: Callable[[], object]) -> float:
    start = time.perf_counter()
    loop()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
