"""Properties of the compliance report."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

import dutyscore

from ._kit import SETTINGS, SchemeUnderTest

PUYANG = SchemeUnderTest(dutyscore.load_scheme("puyang-two-duties-2017"), [dutyscore.Unit("u", "u")], 2018)
JIANGSU_2015 = SchemeUnderTest(
    dutyscore.load_scheme("jiangsu-two-duties-2015"), [dutyscore.Unit("u", "u")], 2016
)
KINDS = [
    "duty_record",
    "appointment_decision",
    "pre_appointment_talk",
    "cadre_transfer",
    "integrity_registration_form",
    "duty_summons_talk",
    "semiannual_report",
    "monthly_written_notice",
    "appraisal_feedback",
    "rectification_report",
]
DATES = st.tuples(st.dates(dt.date(2018, 1, 1), dt.date(2018, 12, 31)), st.integers(0, 200))


@SETTINGS
@given(st.sampled_from([PUYANG, JIANGSU_2015]), st.data())
def test_a_later_report_never_turns_missed_into_met_without_a_new_record(
    sut: SchemeUnderTest, data: st.DataObject
) -> None:
    kinds = KINDS if sut is PUYANG else sorted(sut.scheme.event_kinds)
    records = data.draw(sut.records(kinds=kinds, max_size=30, max_delay=20))
    first = data.draw(st.dates(dt.date(sut.year, 1, 1), dt.date(sut.year, 12, 31)))
    later = data.draw(st.dates(first, dt.date(sut.year, 12, 31)))
    known = [r for r in records if r.record_date <= first]  # no record arrives in between
    early = dutyscore.compliance(sut.scheme, known, first, units=sut.units)
    late = dutyscore.compliance(sut.scheme, known, later, units=sut.units)
    after = {(r.unit, r.obligation, r.instance): r for r in late.rows}
    for row in early.rows:
        if row.status == "missed":
            assert after[(row.unit, row.obligation, row.instance)].status == "missed"
        if row.status == "met":
            assert after[(row.unit, row.obligation, row.instance)].status == "met"
