"""The bundled examples that score: (scheme id, period, record files of its example folder)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORED = [
    ("jiangsu-platform-2018", "2018", ["duty-records.csv", "findings.yaml"]),
    ("qinglian-jiguan", "2022", ["records.yaml"]),
    ("puyang-two-duties-2017", "2017", ["findings.yaml", "monthly-reviews.csv", "year-end-scores.csv"]),
    ("dangjian-county-2021", "2021", ["records.yaml"]),
]
IDS = [scheme for scheme, _, _ in SCORED]
