"""What validating a row costs at least with today's types: the loops that only build a
``Record`` per row, only add the ids to a set, or only look up a row's six fields, over the
benchmark's workload (medians are not needed: the best of three, the collector paused).

    python benchmarks/floors.py [--records N]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import workload_rows

from dutyscore import Record
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


def _timed(loop: Callable[[], object]) -> float:
    start = time.perf_counter()
    loop()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
