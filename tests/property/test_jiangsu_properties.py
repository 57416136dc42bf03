"""Properties of the bundled Jiangsu 2018 scheme over generated records."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

import dutyscore
from dutyscore.testing import ledger_problems, monotone_deduction_kinds

from ._kit import SETTINGS, SchemeUnderTest

SUT = SchemeUnderTest(
    dutyscore.load_scheme("jiangsu-platform-2018"),
    [
        dutyscore.Unit("u1", "一", "设区市"),
        dutyscore.Unit("u2", "二", "设区市"),
        dutyscore.Unit("u3", "三", "省属高校"),
    ],
    2018,
)
SCHEME, IDS = SUT.scheme, SUT.ids
RECORDS = SUT.broad()
_eval = SUT.evaluate


@SETTINGS
@given(RECORDS)
def test_ledger_invariants_hold(records: list[dutyscore.Record]) -> None:
    """No cap is exceeded, each dedup key keeps exactly the largest, the ledger sums to the total."""
    ev = _eval(records)
    assert ledger_problems(ev) == []
    for o in ev.outcomes.values():
        praise = [e for e in o.entries if e.rule == "general-central-praise"]
        assert sum(e.applied for e in praise) <= 6
        provincial = [e for e in o.entries if e.rule == "general-provincial-praise"]
        assert sum(e.applied for e in provincial) <= 3


@SETTINGS
@given(RECORDS, st.randoms(use_true_random=False))
def test_result_does_not_depend_on_record_order(records: list[dutyscore.Record], rnd: random.Random) -> None:
    SUT.assert_order_independent(records, rnd)


@SETTINGS
@given(RECORDS)
def test_evaluation_is_deterministic(records: list[dutyscore.Record]) -> None:
    first = _eval(records).to_model().model_dump_json()
    assert _eval(records).to_model().model_dump_json() == first


@SETTINGS
@given(
    RECORDS,
    SUT.records(kinds=monotone_deduction_kinds(SCHEME), min_size=1, max_size=3, id_prefix="extra"),
)
def test_adding_a_deduction_event_never_raises_a_score(
    records: list[dutyscore.Record], extra: list[dutyscore.Record]
) -> None:
    before = _eval(records).totals
    after = _eval(records + extra).totals
    for uid in IDS:
        assert after[uid] <= before[uid]


@SETTINGS
@given(RECORDS)
def test_every_record_is_accounted_for(records: list[dutyscore.Record]) -> None:
    ev = _eval(records)
    statuses = {rid: st for o in ev.outcomes.values() for rid, (st, _) in o.statuses.items()}
    assert set(statuses) == {r.id for r in records}


def test_the_deduction_kinds_are_the_expected_ones() -> None:
    kinds = monotone_deduction_kinds(SCHEME)
    assert "push_not_signed" in kinds and "rectification_urged" in kinds
    # duty records feed the cohort bonus; studies lower a deduction; fabrication sets the total
    assert not {"duty_record", "committee_study", "fabrication_found", "praise"} & set(kinds)
