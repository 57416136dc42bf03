"""Properties of the rubric constructs on the enterprise rubric: the ledger adds up with bounds,
whole-row amounts and cross-kind dedup; bounds hold; no item below zero where it may not be."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given

import dutyscore
from dutyscore.testing import ledger_problems

from ._kit import SETTINGS, SchemeUnderTest

SCHEME = dutyscore.load_scheme(
    str(Path(__file__).parents[1] / "golden" / "schemes" / "enterprise-rubric.yaml")
)
SUT = SchemeUnderTest(SCHEME, [dutyscore.Unit(u, u) for u in ("a", "b", "c")], 2024)


@SETTINGS
@given(SUT.broad())
def test_the_ledger_is_sound_and_the_bounds_hold(records: list[dutyscore.Record]) -> None:
    ev = SUT.evaluate(records)
    assert ledger_problems(ev) == []
    for uid in ev.outcomes:
        assert ev.totals[uid] <= 100  # 按百分制
        sections = {sec.id: score for sec, score, _, _ in ev.section_scores(uid)}
        assert sections["plus"] <= 5  # 加分最多不超过5分
        for item in ev.item_scores(uid):
            if item.item != "e3" and item.item != "e7":
                assert 0 <= item.score <= 20, (uid, item.item, item.score)


@SETTINGS
@given(SUT.broad())
def test_one_fact_counts_once_across_kinds(records: list[dutyscore.Record]) -> None:
    ev = SUT.evaluate(records)
    for uid in ev.outcomes:
        standing: dict[str, int] = {}
        for e in ev.entries(uid):
            superseded = any(d.kind == "superseded" for d in e.decisions)
            if e.rule in ("e2-case", "e2-minor", "e2-serious") and e.raw != 0 and not superseded:
                case = ev.records[e.records[0]].attributes["case_id"]
                standing[case] = standing.get(case, 0) + 1
        assert all(n == 1 for n in standing.values()), standing
