"""The benchmark suite (run by hand, never in CI): dutyscore and its peers on the same records.

    pip install -e '.[bench]'
    python benchmarks/bench.py [--records 1000000] [--units 1000] [--runs 3] [--docs]

Generates the issue-10 workload (``workload.py``), then times each stage as the median
of ``--runs`` runs: reading a CSV and a JSONL file (beside a bare ``csv``/``json.loads``
loop over the same file), validation, ``evaluate()`` with the full ledger, the columnar
path (on the workload's CSV, ``\r\n`` line ends; the same with ``\n``; and with polars held to
one thread, in a fresh process, beside bare polars reading the file on one thread: the floor
under the 2.5 M/s target), the result models, and the CLI end to end (table and JSON,
with its peak memory). ``--growth`` adds 100 k units scored with no records: the floor under
the target for many small units. The peers score
the same records with the same point table: a hand-written Decimal loop, GoRules
zen-engine (one decision-table evaluation per record) and rule-engine (rules indexed
by event kind); each must give dutyscore's exact totals before any ratio is printed.
``--docs`` also writes the tables into ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import io
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workload import (  # noqa: E402
    WORKLOAD,
    YEAR,
    unit_ids,
    wide_scheme_text,
    workload_rows,
    write_csv,
    write_jsonl,
    write_units,
)

import dutyscore  # noqa: E402
from dutyscore import RawRecord, validate_records  # noqa: E402
from dutyscore.records.read import read_raw  # noqa: E402

Totals = dict[str, Decimal]


def median_time(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    """The median wall time of ``runs`` calls, and the last call's result. The result of one
    call is freed before the next is timed: freeing a million records is not the next
    call's work (it had counted in every run but the first)."""
    times: list[float] = []
    result = None
    for _ in range(runs):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# --- the peers: the same point table, written as each engine wants it -------------------------


def point_table(
    scheme: dutyscore.Scheme,
) -> tuple[dict[tuple[str, ...], Decimal], dict[str, Decimal], dict[str, str]]:
    """(kind, key values…) → signed points; rule caps by kind; the item of each kind."""
    points: dict[tuple[str, ...], Decimal] = {}
    caps: dict[str, Decimal] = {}
    items: dict[str, str] = {}
    for rule in scheme.rules:
        model = rule.model_dump()
        kind = rule.event_kinds[0]
        sign = Decimal(-1) if rule.direction == "deduction" else Decimal(1)
        items[kind] = model["item"]
        if model.get("cap") is not None:
            caps[kind] = Decimal(str(model["cap"]))
        if "table" in model:
            for spec_key, amount in rule.spec.amounts.items():  # type: ignore[attr-defined]
                points[(kind, *spec_key)] = sign * Decimal(amount)
        else:
            points[(kind,)] = sign * Decimal(model["points"])
    return points, caps, items


def finish_totals(
    per_unit: dict[str, dict[str, list[tuple[Any, Decimal]]]],
    caps: dict[str, Decimal],
    base: Decimal,
    units: list[str],
) -> Totals:
    """Σ points per unit, each capped kind filled in (act date, id) order."""
    out: Totals = {}
    for uid in units:
        total = base
        for kind, pts in per_unit.get(uid, {}).items():
            if kind in caps:
                room = caps[kind]
                for _, p in sorted(pts, key=lambda x: x[0]):
                    take = min(abs(p), room)
                    room -= take
                    total -= take if p < 0 else -take
            else:
                total += sum((p for _, p in pts), Decimal(0))
        out[uid] = total
    return out


def plain_loop(records: list[dutyscore.Record], scheme: dutyscore.Scheme, units: list[str]) -> Totals:
    points, caps, _ = point_table(scheme)
    keys = {"case": ("rank", "outcome"), "commendation": ("level",)}
    per_unit: dict[str, dict[str, list[tuple[Any, Decimal]]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        ks = keys.get(r.kind, ())
        p = points[(r.kind, *(r.attributes[k] for k in ks))]
        per_unit[r.unit][r.kind].append(((r.act_date, r.id), p))
    return finish_totals(per_unit, caps, Decimal(100), units)


def zen_decision(scheme: dutyscore.Scheme) -> Any:
    import zen

    points, _, _ = point_table(scheme)
    rules = []
    for n, (key, amount) in enumerate(points.items()):
        kind, *rest = key
        row = {
            "_id": f"r{n}",
            "kind": json.dumps(kind),
            "rank": "",
            "outcome": "",
            "level": "",
            "points": json.dumps(str(amount)),
        }
        if kind == "case":
            row["rank"], row["outcome"] = json.dumps(rest[0]), json.dumps(rest[1])
        elif kind == "commendation":
            row["level"] = json.dumps(rest[0])
        rules.append(row)
    inputs = [
        {"id": f, "type": "expression", "field": f, "name": f} for f in ("kind", "rank", "outcome", "level")
    ]
    content = {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {"id": "in", "type": "inputNode", "position": {"x": 0, "y": 0}, "name": "Request"},
            {
                "id": "dt",
                "type": "decisionTableNode",
                "position": {"x": 1, "y": 0},
                "name": "Points",
                "content": {
                    "hitPolicy": "first",
                    "inputs": inputs,
                    "outputs": [{"id": "points", "type": "expression", "field": "points", "name": "points"}],
                    "rules": rules,
                },
            },
            {"id": "out", "type": "outputNode", "position": {"x": 2, "y": 0}, "name": "Response"},
        ],
        "edges": [
            {"id": "e1", "sourceId": "in", "targetId": "dt", "type": "edge"},
            {"id": "e2", "sourceId": "dt", "targetId": "out", "type": "edge"},
        ],
    }
    return zen.ZenEngine().create_decision(json.dumps(content))


def zen_engine(
    records: list[dutyscore.Record], scheme: dutyscore.Scheme, units: list[str], decision: Any
) -> Totals:
    _, caps, _ = point_table(scheme)
    per_unit: dict[str, dict[str, list[tuple[Any, Decimal]]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        out = decision.evaluate({"kind": r.kind, **r.attributes})
        per_unit[r.unit][r.kind].append(((r.act_date, r.id), Decimal(out["result"]["points"])))
    return finish_totals(per_unit, caps, Decimal(100), units)


def rule_engine_peer(records: list[dutyscore.Record], scheme: dutyscore.Scheme, units: list[str]) -> Totals:
    import rule_engine

    points, caps, _ = point_table(scheme)
    by_kind: dict[str, list[tuple[Any, Decimal]]] = defaultdict(list)
    for (kind, *rest), amount in points.items():
        cond = " and ".join(
            f'{k} == "{v}"'
            for k, v in zip(("rank", "outcome") if kind == "case" else ("level",), rest, strict=False)
        )
        by_kind[kind].append((rule_engine.Rule(cond or "true"), amount))
    per_unit: dict[str, dict[str, list[tuple[Any, Decimal]]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        for rule, amount in by_kind[r.kind]:
            if rule.matches(r.attributes):
                per_unit[r.unit][r.kind].append(((r.act_date, r.id), amount))
                break
    return finish_totals(per_unit, caps, Decimal(100), units)


# --- stages ---------------------------------------------------------------------------------


def bare_csv(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.DictReader(f))


class Discard(io.TextIOBase):
    """A text stream that forgets what it is given: the writer's cost without the disk's."""

    def write(self, text: str) -> int:
        return len(text)


def bare_jsonl(path: Path) -> int:
    with path.open(encoding="utf-8") as f:
        return sum(1 for line in f if json.loads(line))


def cli(args: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (MB) of one CLI run in a fresh process, its output discarded.

    The peak is the child's own ``VmHWM``: ``ru_maxrss`` survives fork and exec on Linux, so
    a child of this process (which holds the records) would report this process's peak."""
    code = (
        "import sys; sys.argv = ['dutyscore'] + sys.argv[1:]\n"
        "from dutyscore.cli import main\n"
        "main()\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0].split()[1]\n"
        "sys.stderr.write('RSS %s' % hwm)"
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    rss = int(done.stderr.rsplit("RSS ", 1)[1]) // 1024
    return wall, rss


#: Run in a fresh process with polars held to one thread (its pool is sized when it is imported):
#: ``{setup}``, then ``{timed}`` once untimed (the stages in this process run warm) and as many
#: times again as the last argument says; prints the median seconds of those.
_TIMED = """
import gc, statistics, sys, time
{setup}
times = []
for _ in range(int(sys.argv[-1]) + 1):
    gc.collect()
    start = time.perf_counter()
    {timed}
    times.append(time.perf_counter() - start)
print(statistics.median(times[1:]))
"""

#: The columnar path from CSV to scored (argv: the scheme, the records, the units, the runs).
_ONE_THREAD = _TIMED.format(
    setup="import dutyscore\n"
    "scheme = dutyscore.load_scheme(sys.argv[1])\n"
    "units = dutyscore.load_units(sys.argv[3], scheme)",
    timed="dutyscore.evaluate(scheme, dutyscore.load_records_columnar(sys.argv[2], scheme), "
    f"units=units, period={YEAR})",
)

#: The floor under it (argv: the records, the runs): polars alone reads the CSV, parses its two
#: date columns and counts the rows per unit and kind; nothing is checked, nothing scored.
_BARE_POLARS = _TIMED.format(
    setup="import polars as pl",
    timed="pl.read_csv(sys.argv[1], infer_schema=False).with_columns("
    'pl.col(c).str.to_date("%Y-%m-%d") for c in ("act_date", "record_date")'
    ').group_by("unit", "kind").len()',
)


def one_thread(code: str, *argv: object) -> float:
    """Median seconds that ``code`` (:data:`_ONE_THREAD`, :data:`_BARE_POLARS`) prints, run
    with ``argv`` in a fresh process with polars on one thread (``POLARS_MAX_THREADS=1``): the
    issue's targets are for one core."""
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, argv)],
        env={**os.environ, "POLARS_MAX_THREADS": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.split()[-1])


def ledger_bytes(
    scheme: dutyscore.Scheme, records: list[dutyscore.Record], units: list[dutyscore.Unit]
) -> float:
    """Bytes per ledger line held by the evaluation (records themselves excluded)."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    ev = dutyscore.evaluate(scheme, records, units=units, period=YEAR)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    lines = sum(
        len(o.ledger.raw) + sum(len(v) for v in o.ledger.by_rule.values())
        for o in ev.outcomes.values()
        if o.ledger
    )
    return (after - before) / max(lines, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--peers", default="plain,zen,rule-engine", help="comma-separated: plain, zen, rule-engine"
    )
    ap.add_argument("--docs", action="store_true", help="write docs/performance.md")
    ap.add_argument(
        "--growth",
        action="store_true",
        help="also time evaluate() at 10 k / 100 k / 1 M records, 10 / 1 k / 100 k units, 12 / 200 rules",
    )
    args = ap.parse_args()
    n, runs = args.records, args.runs
    scheme = dutyscore.load_scheme(str(WORKLOAD))
    rows = workload_rows(n, args.units)
    ids = unit_ids(args.units)
    units = [dutyscore.Unit(u, u) for u in ids]
    tmp = Path(tempfile.mkdtemp(prefix="dutyscore-bench-"))
    csv_path, jsonl_path = write_csv(rows, tmp / "records.csv"), write_jsonl(rows, tmp / "records.jsonl")
    units_path = write_units(args.units, tmp / "units.csv")
    table: list[tuple[str, float, str]] = []

    def stage(name: str, fn: Callable[[], object], note: str = "", times: int | None = None) -> object:
        t, result = median_time(fn, times or runs)
        table.append((name, n / t, note))
        print(f"{name:<56} {n / t:>12,.0f} records/s  {t:7.2f} s  {note}", flush=True)
        return result

    stage("bare csv.DictReader loop", lambda: bare_csv(csv_path))
    stage("bare json.loads loop (JSONL)", lambda: bare_jsonl(jsonl_path))
    stage("read CSV (read_raw)", lambda: read_raw(csv_path))
    stage("read JSONL (read_raw)", lambda: read_raw(jsonl_path))
    raws = [RawRecord(r, "memory") for r in rows]
    records = stage("validate dicts (validate_records)", lambda: validate_records(raws, scheme))[0]  # type: ignore[index]
    stage("load + validate CSV (load_records)", lambda: dutyscore.load_records(csv_path, scheme))
    stage("load + validate JSONL (load_records)", lambda: dutyscore.load_records(jsonl_path, scheme))
    ev = stage(
        "evaluate() with the full ledger",
        lambda: dutyscore.evaluate(scheme, records, units=units, period=YEAR),
    )
    stage(
        "dicts → validated → evaluated",
        lambda: dutyscore.evaluate(scheme, validate_records(raws, scheme)[0], units=units, period=YEAR),
    )
    assert isinstance(ev, dutyscore.Evaluation)
    if dutyscore.columnar_available():
        import polars as pl

        got = stage(
            "load + validate CSV, columnar (load_records_columnar)",
            lambda: dutyscore.load_records_columnar(csv_path, scheme),
            "polars, the columnar extra",
        )
        assert got == records, "the columnar path gave other records"
        stage(
            "CSV → validated → evaluated, columnar",
            lambda: dutyscore.evaluate(
                scheme, dutyscore.load_records_columnar(csv_path, scheme), units=units, period=YEAR
            ),
            "the full ledger",
        )
        for name, code, argv, note in (
            (
                "CSV → validated → evaluated, columnar, one thread",
                _ONE_THREAD,
                (WORKLOAD, csv_path, units_path),
                "in a fresh process, POLARS_MAX_THREADS=1",
            ),
            (
                "bare polars, one thread: read_csv, two dates, count per unit and kind",
                _BARE_POLARS,
                (csv_path,),
                "the floor under the row above: nothing checked, nothing scored",
            ),
        ):
            t = one_thread(code, *argv, runs)
            table.append((name, n / t, note))
            print(f"{name:<56} {n / t:>12,.0f} records/s  {t:7.2f} s", flush=True)
        lf_path = tmp / "records-lf.csv"
        lf_path.write_bytes(csv_path.read_bytes().replace(b"\r\n", b"\n"))
        stage(
            "CSV with LF line ends → validated → evaluated, columnar",
            lambda: dutyscore.evaluate(
                scheme, dutyscore.load_records_columnar(lf_path, scheme), units=units, period=YEAR
            ),
            "`\\n`, as pandas and databases write it (the workload's CSV has `\\r\\n`)",
        )
        got = stage(
            "load + validate JSONL, columnar (load_records_columnar)",
            lambda: dutyscore.load_records_columnar(jsonl_path, scheme),
            "polars, the columnar extra",
        )
        assert isinstance(got, dutyscore.CompactRecords) and got == records, (
            "JSONL as columns gave other records"
        )
        stage(
            "JSONL → validated → evaluated, columnar",
            lambda: dutyscore.evaluate(
                scheme, dutyscore.load_records_columnar(jsonl_path, scheme), units=units, period=YEAR
            ),
            "the full ledger",
        )
        frame = pl.read_csv(csv_path, infer_schema=False)
        got = stage(
            "polars DataFrame → records (records_from_frame)",
            lambda: dutyscore.records_from_frame(frame, scheme),
            "text columns, validated as columns",
        )
        assert got == records, "records_from_frame gave other records"
    stage("result models (to_model)", ev.to_model, "every ledger line as a pydantic model; one run", 1)
    stage(
        "result JSON written (write_json)",
        lambda: ev.write_json(Discard()),
        "from templates, output discarded",
    )
    if dutyscore.columnar_available():
        kept = dutyscore.evaluate(
            scheme, dutyscore.load_records_columnar(csv_path, scheme), units=units, period=YEAR
        )
        stage(
            "result JSON written, rows kept as columns",
            lambda: kept.write_json(Discard()),
            "from the columns, output discarded",
        )
    totals = {
        u: Decimal(ev.totals[u]) if not isinstance(ev.totals[u], Decimal) else ev.totals[u] for u in ids
    }

    peers: dict[str, Callable[[], Totals]] = {}
    wanted = set(args.peers.split(","))
    if "plain" in wanted:
        peers["hand-written loop, Decimal"] = lambda: plain_loop(records, scheme, ids)
    if "zen" in wanted:
        try:
            decision = zen_decision(scheme)
            peers["GoRules zen-engine (decision table per record)"] = lambda: zen_engine(
                records, scheme, ids, decision
            )
        except ImportError:
            print("zen-engine not installed: pip install -e '.[bench]'")
    if "rule-engine" in wanted:
        try:
            import rule_engine  # noqa: F401

            peers["rule-engine, rules indexed by kind"] = lambda: rule_engine_peer(records, scheme, ids)
        except ImportError:
            print("rule-engine not installed: pip install -e '.[bench]'")
    ours = next(r for name, r, _ in table if name.startswith("evaluate()"))
    peer_rows: list[tuple[str, float, str]] = []
    for name, fn in peers.items():
        t, got = median_time(fn, 1 if "zen" in name or "rule-engine" in name else runs)
        assert got == totals, f"{name} gave other totals than dutyscore"
        note = f"same totals; dutyscore evaluate() is {ours / (n / t):.1f}× this"
        if "zen" in name:  # create_decision().evaluate starts an async runtime per call (issue 25)
            note += " (withdrawn: zen's slow path, create_decision().evaluate per record; see below)"
        peer_rows.append((name, n / t, note))
        print(f"{name:<56} {n / t:>12,.0f} records/s  same totals, ratio {ours / (n / t):.2f}", flush=True)

    sample = min(n, 200_000)
    lb = ledger_bytes(scheme, records[:sample], units)
    print(f"ledger: {lb:.0f} bytes per line ({sample:,} records)")
    cli_rows = []
    readers = ("python", "columnar") if dutyscore.columnar_available() else ("python",)
    runs_of_cli = [
        ("CSV", csv_path, fmt, reader) for fmt, reader in itertools.product(("table", "json"), readers)
    ]
    runs_of_cli += [("JSONL", jsonl_path, "table", reader) for reader in readers]
    for what, path, fmt, reader in runs_of_cli:
        wall, rss = cli(
            [
                "score",
                "--scheme",
                str(WORKLOAD),
                "--units",
                str(units_path),
                "--period",
                str(YEAR),
                "--format",
                fmt,
                "--reader",
                reader,
                str(path),
            ]
        )
        cli_rows.append((f"--format {fmt} --reader {reader}` on the {what}", wall, rss))
        print(f"dutyscore score --format {fmt} --reader {reader} ({what}): {wall:.1f} s, peak {rss} MB")
    grown = growth(runs) if args.growth else None
    if args.docs:
        write_docs(args, table, peer_rows, lb, cli_rows, grown)


Growth = list[tuple[str, int, int, int, float]]

#: The units of the growth table's largest row: scored with no records at all, they show what
#: the units alone cost, whatever their records.
MANY_UNITS = 100_000


def growth(runs: int) -> tuple[Growth, float]:
    """evaluate() with the full ledger as records, units and rules grow (the others held at
    1 M records, 1 k units, 12 rules): (what, records, units, rules, records/s); and the
    seconds of evaluate() over :data:`MANY_UNITS` units with no records."""
    plan = [("records", r, 1000, 12) for r in (10_000, 100_000, 1_000_000)]
    plan += [("units", 1_000_000, u, 12) for u in (10, MANY_UNITS)]
    plan += [("rules", 1_000_000, 1000, 200)]
    out: Growth = []
    for what, n, n_units, n_rules in plan:
        scheme, _ = dutyscore.load_scheme_text(wide_scheme_text(n_rules - 12))
        raws = [RawRecord(r, "memory") for r in workload_rows(n, n_units, extra=n_rules - 12)]
        records, problems = validate_records(raws, scheme)
        assert not problems
        del raws
        units = [dutyscore.Unit(u, u) for u in unit_ids(n_units)]
        t, _ = median_time(
            lambda s=scheme, r=records, u=units: dutyscore.evaluate(s, r, units=u, period=YEAR), runs
        )
        out.append((what, n, n_units, n_rules, n / t))
        print(
            f"growth: {n:>9,} records {n_units:>7,} units {n_rules:>3} rules  {n / t:>12,.0f} records/s",
            flush=True,
        )
    scheme = dutyscore.load_scheme(str(WORKLOAD))
    units = [dutyscore.Unit(u, u) for u in unit_ids(MANY_UNITS)]
    empty, _ = median_time(lambda: dutyscore.evaluate(scheme, [], units=units, period=YEAR), runs)
    print(f"growth: no records, {MANY_UNITS:,} units: {empty:.2f} s", flush=True)
    return out, empty


def write_docs(
    args: argparse.Namespace,
    table: list[tuple[str, float, str]],
    peers: list[tuple[str, float, str]],
    lb: float,
    cli_rows: list[tuple[str, float, int]],
    grown: tuple[Growth, float] | None,
) -> None:
    lines = [
        "# Performance",
        "",
        f"Measured {dt.date.today()} by `python benchmarks/bench.py --records {args.records} "
        f"--units {args.units} --runs {args.runs}{' --growth' if args.growth else ''} --docs` on "
        f"{platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores (one used; polars, in the columnar stages, uses them all), "
        f"Python {platform.python_version()}: "
        f"medians of {args.runs} runs. The workload is `benchmarks/workload.yaml` (12 event kinds, "
        "a case table by rank × outcome, a commendation table, ten fixed-point kinds, two of them "
        "capped per unit).",
        "",
        "| stage | records/s | note |",
        "| --- | ---: | --- |",
        *(f"| {name} | {rate:,.0f} | {note} |" for name, rate, note in table),
        *(f"| {name} | {rate:,.0f} | {note} |" for name, rate, note in peers),
        "",
        f"Ledger: {lb:.0f} bytes per line in memory (tracemalloc over an evaluation of "
        f"{min(args.records, 200_000):,} records).",
        "",
        *(f"`dutyscore score {how}: {wall:.1f} s, peak RSS {rss} MB." for how, wall, rss in cli_rows),
        "",
    ]
    if grown is not None:
        rows, empty = grown
        lines += [
            "How `evaluate()` (full ledger) grows, one thing changed at a time from 1 M records, 1 k "
            "units and 12 rules (the 200-rule scheme adds 188 one-point kinds, `wide_scheme_text`):",
            "",
            "| grows | records | units | rules | records/s |",
            "| --- | ---: | ---: | ---: | ---: |",
            *(f"| {what} | {n:,} | {u:,} | {r} | {rate:,.0f} |" for what, n, u, r, rate in rows),
            "",
            f"The same {MANY_UNITS:,} units with no records at all: {empty:.2f} s "
            f"({empty / MANY_UNITS * 1e6:.1f} µs a unit).",
            "",
        ]
    path = HERE.parent / "docs" / "performance.md"
    old = path.read_text("utf-8") if path.exists() else ""
    marker = "<!-- bench -->"
    tail = old.split(marker, 1)[1] if marker in old else ""
    path.write_text("\n".join(lines) + marker + tail, "utf-8")


if __name__ == "__main__":
    main()
