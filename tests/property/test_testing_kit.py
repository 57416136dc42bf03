"""dutyscore.testing draws only what a scheme accepts, and says so loudly when it cannot."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dutyscore
from dutyscore.testing import RuleCoverage, records_for

from ._kit import SETTINGS

SCHEMES = {sid: dutyscore.load_scheme(sid) for sid in dutyscore.bundled_scheme_ids()}


@SETTINGS
@given(st.sampled_from(sorted(SCHEMES)), st.data())
def test_drawn_records_carry_values_the_scheme_accepts(sid: str, data: st.DataObject) -> None:
    scheme = SCHEMES[sid]
    records = data.draw(records_for(scheme, units=("u1", "u2"), max_size=20))
    leaves = {i.id for i in scheme.leaf_items()}
    assert len({r.id for r in records}) == len(records)
    for rec in records:
        kind = scheme.event_kinds[rec.kind]
        for name, value in rec.attributes.items():
            spec = kind.attributes[name]
            if spec.type == "rule":  # a rule that looks at this kind of record
                assert rec.kind in scheme.rule(value).event_kinds
            elif spec.type == "item":
                assert set(value if spec.many else (value,)) <= leaves
            if spec.values is not None:
                assert set(value if spec.many else (value,)) <= set(spec.values)
        assert all(n in rec.attributes for n, a in kind.attributes.items() if a.required)


def test_a_record_the_scheme_refuses_fails_the_draw() -> None:
    text = """\
format: dutyscore/1
id: odd
version: "1"
title: 值表与类型不符
source: {document: doc}
documents: {doc: {number: 测试〔2024〕2号}}
effective: {from: 2024-01-01}
items: [{id: a, title: 甲, base: 10}]
event_kinds:
  meeting: {title: 会议, attributes: {size: {type: integer, values: [big, small]}}}
"""
    scheme, _ = dutyscore.load_scheme_text(text)

    @settings(SETTINGS, max_examples=5)
    @given(records_for(scheme, min_size=1, max_size=1))
    def draw(records: list[dutyscore.Record]) -> None:
        raise AssertionError("unreachable: every drawn record is refused")

    with pytest.raises(AssertionError, match=r"generated records the scheme refuses.*size"):
        draw()


def test_coverage_counts_the_rules_that_matched() -> None:
    scheme = SCHEMES["jiangsu-platform-2018"]
    coverage = RuleCoverage(scheme)
    day = dt.date(2018, 3, 1)
    records = [dutyscore.Record("s1", "u1", "committee_study", day, day)]
    coverage.add(dutyscore.evaluate(scheme, records, period=2018))
    reached = {r.id for r in scheme.rules if "committee_study" in r.event_kinds}
    assert coverage.reached == reached and reached
    assert coverage.share == Fraction(len(reached), len(scheme.rules))
    assert coverage.missing == [r.id for r in scheme.rules if r.id not in reached]


def test_ledger_problems_finds_none_in_any_bundled_example() -> None:
    """``ledger_problems`` once raised a TypeError (Decimal + Fraction) on the Puyang example."""
    from pathlib import Path

    from dutyscore.testing import ledger_problems

    root = Path(__file__).resolve().parents[2] / "examples"
    checked = 0
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        scheme = dutyscore.load_scheme(folder.name)
        if not scheme.items:
            continue
        files = [
            p
            for p in sorted(folder.iterdir())
            if p.suffix in (".yaml", ".csv") and p.stem not in ("units", "complete-index")
        ]
        units = dutyscore.load_units(folder / "units.yaml", scheme)
        records = dutyscore.load_records(files, scheme)
        years = sorted({r.act_date.year for r in records})
        ev = dutyscore.evaluate(
            scheme,
            records,
            units=units,
            period=years[-1] if folder.name != "puyang-two-duties-2017" else 2017,
        )
        assert ledger_problems(ev) == [], folder.name
        checked += 1
    assert checked == 4
