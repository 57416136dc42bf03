"""Seeded record generators for the benchmarks: the issue-10 workload and every bundled scheme.

The workload (``workload.yaml``): 1 k units, records of 12 event kinds, some entered late,
and cases of one person counted under several kinds (a duplicate across items). Rows are
the plain dicts a platform exports (id, unit, kind, act_date, record_date, attributes), so
that every stage from reading to scoring can be timed on them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORKLOAD = HERE / "workload.yaml"
YEAR = 2025

RANKS = ["county", "township", "section", "staff"]
OUTCOMES = ["warning", "serious_warning", "demotion", "expulsion"]
LEVELS = ["national", "provincial", "municipal"]
FIXED = [
    "meeting_missed",
    "report_late",
    "study_missed",
    "inspection_gap",
    "petition_overdue",
    "style_violation",
    "duty_talk_missed",
    "ledger_missing",
    "push_unsigned",
    "feedback_missing",
]


def workload_rows(records: int, units: int, seed: int = 10, extra: int = 0) -> list[dict[str, Any]]:
    """``records`` raw rows over ``units`` units: 30 % cases, 5 % commendations, the rest spread
    over the ten fixed kinds (and the ``extra`` kinds of :func:`wide_scheme_text`); 10 % entered
    more than a week late; every 50th case is also booked as a style violation of the same person."""
    rnd = random.Random(seed)
    fixed = FIXED + [f"extra_{k:03d}" for k in range(extra)]
    start = dt.date(YEAR, 1, 1)
    out: list[dict[str, Any]] = []
    for i in range(records):
        roll = rnd.random()
        attributes: dict[str, Any] = {}
        if roll < 0.30:
            kind = "case"
            attributes = {"rank": rnd.choice(RANKS), "outcome": rnd.choice(OUTCOMES)}
        elif roll < 0.35:
            kind = "commendation"
            attributes = {"level": rnd.choice(LEVELS)}
        else:
            kind = fixed[rnd.randrange(len(fixed))]
        if kind == "case" and i % 50 == 0:
            kind = "style_violation"  # the same case seen again under another item
            attributes = {}
        act = start + dt.timedelta(days=rnd.randrange(350))
        delay = rnd.randrange(8, 30) if rnd.random() < 0.1 else rnd.randrange(0, 5)
        out.append(
            {
                "id": f"r{i:07d}",
                "unit": unit_id(i % units),
                "kind": kind,
                "act_date": act.isoformat(),
                "record_date": (act + dt.timedelta(days=delay)).isoformat(),
                "attributes": attributes,
            }
        )
    return out


def unit_id(n: int) -> str:
    """The id of the workload's ``n``-th unit (from 0)."""
    return f"u{n:05d}"


def unit_ids(units: int) -> list[str]:
    """The ids of the workload's first ``units`` units, which its rows spread over in turn."""
    return [unit_id(n) for n in range(units)]


def units_rows(units: int) -> list[dict[str, str]]:
    return [{"id": unit_id(i), "name": f"单位{i:05d}"} for i in range(units)]


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row with its attributes as columns, as a CSV export has them."""
    out = {k: v for k, v in row.items() if k != "attributes"}
    out.update(row["attributes"])
    return out


def write_csv(rows: list[dict[str, Any]], path: Path) -> Path:
    """The rows as one CSV (attributes as columns, empty where a kind has none)."""
    columns = ["id", "unit", "kind", "act_date", "record_date", "rank", "outcome", "level"]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, columns, restval="")
        w.writeheader()
        for row in rows:
            w.writerow(flat(row))
    return path


def write_jsonl(rows: list[dict[str, Any]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False))
            f.write("\n")
    return path


def write_units(units: int, path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["id", "name"])
        w.writeheader()
        w.writerows(units_rows(units))
    return path


def wide_scheme_text(extra: int) -> str:
    """The workload scheme with ``extra`` more fixed-point kinds and rules (``extra_000``…), one
    point each under the duties item: how cost grows with the number of rules."""
    text = WORKLOAD.read_text("utf-8").replace("id: bench-workload", f"id: bench-workload-{12 + extra}")
    kinds = "".join(f"  extra_{k:03d}:\n    title: 附加事项{k:03d}\n" for k in range(extra))
    rules = "".join(
        f"  - id: extra_{k:03d}\n    kind: per_occurrence\n    title: 附加事项{k:03d}，每次扣0.1分\n"
        f"    item: duties\n    direction: deduction\n    event: extra_{k:03d}\n    points: 0.1\n"
        f"    source: {{document: bench, clause: 附{k}}}\n"
        for k in range(extra)
    )
    text = text.replace("rules:\n", kinds + "rules:\n", 1)
    return text.rstrip("\n") + "\n" + rules
