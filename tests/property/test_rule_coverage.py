"""The property suites reach the rules: a run of each suite's broad strategy, with the suites'
settings (derandomized, so that the figure is stable), matches records to at least 90 % of the
rules of every bundled scheme that has rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

import dutyscore
from dutyscore.testing import RuleCoverage

from ._kit import SETTINGS, SchemeUnderTest
from .test_jiangsu_properties import SUT as JIANGSU
from .test_puyang_properties import SUT as PUYANG
from .test_rubric_properties import DANGJIAN, QINGLIAN

SUITES = {s.scheme.id: s for s in (JIANGSU, PUYANG, QINGLIAN, DANGJIAN)}


def test_every_bundled_scheme_with_rules_has_a_suite() -> None:
    with_rules = [sid for sid in dutyscore.bundled_scheme_ids() if dutyscore.load_scheme(sid).rules]
    assert sorted(SUITES) == with_rules


@pytest.mark.parametrize("sid", sorted(SUITES))
def test_a_suite_run_reaches_nine_tenths_of_the_rules(sid: str) -> None:
    sut: SchemeUnderTest = SUITES[sid]
    coverage = RuleCoverage(sut.scheme)

    @settings(SETTINGS, derandomize=True)
    @given(sut.broad())
    def run(records: list[dutyscore.Record]) -> None:
        sut.evaluate_covering(records, coverage)

    run()
    assert coverage.share >= 0.9, f"{float(coverage.share):.0%} reached; never: {coverage.missing}"
    assert len(coverage.reached) == len(sut.scheme.rules) - len(coverage.missing)
