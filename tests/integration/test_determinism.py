"""The same input gives the same bytes: across runs and hash seeds, whatever the order of the
records and of the files, and from eight threads sharing one loaded scheme."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dutyscore

ROOT = Path(__file__).resolve().parents[2]
PUYANG = ROOT / "examples" / "puyang-two-duties-2017"
FILES = [PUYANG / "findings.yaml", PUYANG / "monthly-reviews.csv", PUYANG / "year-end-scores.csv"]
ARGS = ["score", "--scheme", "puyang-two-duties-2017", "--units", str(PUYANG / "units.yaml")]
ARGS += ["--period", "2017", "--format", "json"]


def _cli(files: list[Path], seed: str) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "dutyscore.cli", *ARGS, *map(str, files)],
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
        check=True,
    )
    return done.stdout


def test_bytes_do_not_depend_on_hash_seed_or_file_order() -> None:
    first = _cli(FILES, "0")
    assert json.loads(first)["accounting"]["records_in"] > 20
    for seed, files in (("1", FILES), ("12345", FILES[::-1]), ("random", [FILES[1], FILES[0], FILES[2]])):
        assert _cli(files, seed) == first, (seed, files)


def _json(ev: dutyscore.Evaluation) -> str:
    out = io.StringIO()
    ev.write_json(out)
    return out.getvalue()


def test_record_order_and_threads_do_not_change_the_result() -> None:
    scheme = dutyscore.load_scheme("puyang-two-duties-2017")
    units = dutyscore.load_units(PUYANG / "units.yaml", scheme)
    records = dutyscore.load_records(FILES, scheme)

    def run(order: list[dutyscore.Record]) -> str:
        return _json(dutyscore.evaluate(scheme, order, units=units, period=2017))

    serial = run(records)
    rnd = random.Random(7)
    orders = []
    for _ in range(16):
        shuffled = list(records)
        rnd.shuffle(shuffled)
        orders.append(shuffled)
    assert all(run(order) == serial for order in orders[:4])
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(run, orders)) == [serial] * len(orders)
