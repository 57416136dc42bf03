"""Properties of the bundled Puyang 2017 scheme over generated records."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import dutyscore
from dutyscore.scheme.parts import Item
from dutyscore.scoring.compose import item_weights
from dutyscore.testing import ledger_problems

from ._kit import SETTINGS, SchemeUnderTest

SUT = SchemeUnderTest(
    dutyscore.load_scheme("puyang-two-duties-2017"),
    [
        dutyscore.Unit("a", "甲", "县(区)"),
        dutyscore.Unit("b", "乙", "县(区)"),
        dutyscore.Unit("c", "丙", "市直单位"),
    ],
    2017,
)
SCHEME, UNITS, IDS = SUT.scheme, SUT.units, SUT.ids
RECORDS = SUT.broad()
GRADE_ORDER = {g: i for i, g in enumerate(SCHEME.grading.grades)} if SCHEME.grading else {}
_eval = SUT.evaluate


def _sections(items: tuple[Item, ...]) -> list[tuple[Item, ...]]:
    out = [items]
    for item in items:
        if item.children:
            out.extend(_sections(item.children))
    return out


def test_weights_of_every_composition_sum_to_one() -> None:
    for scheme_id in dutyscore.bundled_scheme_ids():
        scheme = dutyscore.load_scheme(scheme_id)
        for siblings in _sections(scheme.items):
            declared = [Fraction(i.weight) for i in siblings if i.weight is not None]
            assert not declared or sum(declared) == 1, (scheme_id, [i.id for i in siblings])
    # and so the scored items of the two duties carry weights that add up to 1
    weights = item_weights(SCHEME)
    assert sum(Fraction(w) for k, w in weights.items() if k not in ("bonus", "deduction")) == 1


@SETTINGS
@given(st.integers(0, 400).map(lambda n: Decimal(n) / 4))
def test_equal_inputs_compose_to_the_same_score(score: Decimal) -> None:
    """Weights summing to 1: if every month and method scores X, the total is X."""
    recs = []
    for duty in ("primary", "supervisory"):
        for month in (1, 5, 9):
            recs.append(
                dutyscore.Record(
                    f"{duty}-m{month}",
                    "a",
                    "monthly_review",
                    dt.date(2017, month, 28),
                    dt.date(2017, month, 28),
                    {"duty": duty, "score": score},
                )
            )
        for method in ("democratic_appraisal", "questionnaire", "theory_test"):
            recs.append(
                dutyscore.Record(
                    f"{duty}-{method}",
                    "a",
                    "year_end_score",
                    dt.date(2017, 12, 20),
                    dt.date(2017, 12, 20),
                    {"duty": duty, "method": method, "score": score},
                )
            )
    ev = dutyscore.evaluate(SCHEME, recs, units=UNITS[:1], period=2017)
    assert ev.totals["a"] == score


@SETTINGS
@given(RECORDS)
def test_ledger_invariants_hold(records: list[dutyscore.Record]) -> None:
    assert ledger_problems(_eval(records)) == []


@SETTINGS
@given(RECORDS, st.randoms(use_true_random=False))
def test_result_does_not_depend_on_record_order(records: list[dutyscore.Record], rnd: random.Random) -> None:
    SUT.assert_order_independent(records, rnd)


@SETTINGS
@given(
    RECORDS,
    SUT.records(kinds=["sanction"], min_size=1, max_size=3, id_prefix="veto"),
)
def test_a_veto_never_raises_a_grade(records: list[dutyscore.Record], vetoes: list[dutyscore.Record]) -> None:
    before = {u: o.grade for u, o in _eval(records).outcomes.items()}
    after = {u: o.grade for u, o in _eval(records + vetoes).outcomes.items()}
    for uid in IDS:
        b, a = before[uid], after[uid]
        assert b is not None and a is not None
        assert GRADE_ORDER[a.grade] >= GRADE_ORDER[b.grade]  # later in the list = worse
        assert a.by_score == b.by_score  # sanctions do not move the score


AWARDS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),
        st.sampled_from(["national", "provincial", "municipal"]),
        st.sampled_from(["项目一", "项目二", "项目三"]),
    ),
    min_size=1,
    max_size=8,
)


@SETTINGS
@given(AWARDS)
def test_the_same_award_never_counts_twice(awards: list[tuple[str, str, str]]) -> None:
    records = [
        dutyscore.Record(
            f"aw{i}",
            unit,
            "award",
            dt.date(2017, 3, 1 + i),
            dt.date(2017, 3, 1 + i),
            {"level": level, "project": project},
        )
        for i, (unit, level, project) in enumerate(awards)
    ]
    ev = _eval(records)
    points = {"national": 5, "provincial": 3, "municipal": 1}
    for uid in ("a", "b"):
        expected = sum(
            max(points[lv] for u, lv, p in awards if u == uid and p == project)
            for project in {p for u, _, p in awards if u == uid}
        )
        got = sum(e.applied for e in ev.outcomes[uid].entries if e.rule == "award-bonus")
        assert got == expected
