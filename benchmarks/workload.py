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


def workload_rows(records: int, units: int, seed: int = 10) -> list[dict[str, Any]]:
    """``records`` raw rows over ``units`` units: 30 % cases, 5 % commendations, the rest spread
    over the ten fixed kinds; 10 % entered more than a week late; every 50th case is also
    booked as a style violation of the same person."""
    rnd = random.Random(seed)
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
            kind = FIXED[rnd.randrange(len(FIXED))]
        if kind == "case" and i % 50 == 0:
            kind = "style_violation"  # the same case seen again under another item
            attributes = {}
        act = start + dt.timedelta(days=rnd.randrange(350))
        delay = rnd.randrange(8, 30) if rnd.random() < 0.1 else rnd.randrange(0, 5)
        out.append(
            {
                "id": f"r{i:07d}",
                "unit": f"u{i % units:05d}",
                "kind": kind,
                "act_date": act.isoformat(),
                "record_date": (act + dt.timedelta(days=delay)).isoformat(),
                "attributes": attributes,
            }
        )
    return out


def units_rows(units: int) -> list[dict[str, str]]:
    return [{"id": f"u{i:05d}", "name": f"单位{i:05d}"} for i in range(units)]


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
