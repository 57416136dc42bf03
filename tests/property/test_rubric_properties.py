"""Properties of the two deduction rubrics, qinglian-jiguan and dangjian-county-2021."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import dutyscore
from dutyscore.testing import ledger_problems, monotone_deduction_kinds

from ._kit import SETTINGS, SchemeUnderTest

QINGLIAN = SchemeUnderTest(
    dutyscore.load_scheme("qinglian-jiguan"),
    [dutyscore.Unit("a", "甲"), dutyscore.Unit("b", "乙")],
    2022,
)
DANGJIAN = SchemeUnderTest(
    dutyscore.load_scheme("dangjian-county-2021"),
    [dutyscore.Unit(f"u{i}", f"单位{i}", "县(区)") for i in range(7)]
    + [dutyscore.Unit(f"s{i}", f"学校{i}", "市管学校") for i in range(4)],
    2021,
)
BOTH = st.sampled_from([QINGLIAN, DANGJIAN])


def _no_item_below_zero(sut: SchemeUnderTest, ev: dutyscore.Evaluation) -> None:
    limited = {i.id for i in sut.scheme.leaf_items() if i.max_deduction is not None}
    for uid in ev.outcomes:
        for item in ev.item_scores(uid):
            if item.item in limited:
                assert item.score >= 0, (uid, item.item, item.score)


@SETTINGS
@given(QINGLIAN.broad())
def test_qinglian_no_sub_item_below_zero(records: list[dutyscore.Record]) -> None:
    ev = QINGLIAN.evaluate(records)
    _no_item_below_zero(QINGLIAN, ev)
    assert ledger_problems(ev) == []


@SETTINGS
@given(DANGJIAN.broad())
def test_dangjian_no_indicator_below_zero(records: list[dutyscore.Record]) -> None:
    ev = DANGJIAN.evaluate(records)
    _no_item_below_zero(DANGJIAN, ev)
    assert ledger_problems(ev) == []


@SETTINGS
@given(st.data(), BOTH)
def test_adding_a_deduction_never_raises_a_score(data: st.DataObject, sut: SchemeUnderTest) -> None:
    records = data.draw(sut.records(max_size=40))
    extra = data.draw(
        sut.records(kinds=monotone_deduction_kinds(sut.scheme), min_size=1, max_size=3, id_prefix="extra")
    )
    before, after = sut.evaluate(records).totals, sut.evaluate(records + extra).totals
    for uid in sut.ids:
        assert after[uid] <= before[uid]


@SETTINGS
@given(DANGJIAN.broad())
def test_the_quota_is_never_exceeded(records: list[dutyscore.Record]) -> None:
    ev = DANGJIAN.evaluate(records)
    grading = DANGJIAN.scheme.grading
    assert grading is not None and grading.quota is not None
    for cohort in ("县(区)", "市管学校"):
        members = [o for o in ev.outcomes.values() if o.unit.category == cohort]
        good = [o for o in members if o.grade is not None and o.grade.grade == grading.quota.grade]
        assert len(good) <= math.floor(Fraction(grading.quota.share) * len(members))
        # and 好 goes by rank: among units no veto excludes, every 好 scores above every other unit
        eligible = [o for o in members if o.grade is not None and not o.grade.vetoes]
        assert all(g.total > o.total for g in good for o in eligible if o not in good)


@SETTINGS
@given(
    DANGJIAN.records(max_size=40),
    DANGJIAN.records(
        kinds=["named_criticism", "satisfaction_survey", "ineffective"],
        min_size=1,
        max_size=3,
        id_prefix="veto",
    ),
)
def test_a_veto_never_raises_a_grade(records: list[dutyscore.Record], vetoes: list[dutyscore.Record]) -> None:
    assert DANGJIAN.scheme.grading is not None
    order = {g: i for i, g in enumerate(DANGJIAN.scheme.grading.grades)}
    before = DANGJIAN.evaluate(records).outcomes
    after = DANGJIAN.evaluate(records + vetoes).outcomes
    added = {r.id for r in vetoes}
    for uid in DANGJIAN.ids:
        b, a = before[uid].grade, after[uid].grade
        assert b is not None and a is not None
        # a unit on which an added record fires a veto; a veto-kind record that fires none (a
        # survey rated 好) is no veto, and other units' vetoes may free quota places for it
        if any(added & set(f.records) for f in a.vetoes):
            assert order[a.grade] >= order[b.grade]
