"""Validation's quick path for plainly valid records gives what the full validation gives:
the same records and the same problems, on valid records and on records broken in the ways
exports break them (a missing field, a kind or attribute by its title, a number for an id,
another date form, a wrong value, a duplicate id)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dutyscore
from dutyscore import RawRecord, validate_records
from dutyscore.records import validate as validate_module
from dutyscore.testing import records_for

from ._kit import SETTINGS, broken_row, raw_row

SCHEMES = [dutyscore.load_scheme(sid) for sid in dutyscore.bundled_scheme_ids()]


@pytest.mark.parametrize("scheme", SCHEMES, ids=[s.id for s in SCHEMES])
def test_quick_and_full_validation_agree(scheme: dutyscore.Scheme, monkeypatch: pytest.MonkeyPatch) -> None:
    year = scheme.effective.from_.year

    @SETTINGS
    @given(records_for(scheme, units=["u1", "u2"], year=year, max_size=25), st.data())
    def run(records: list[dutyscore.Record], data: st.DataObject) -> None:
        rows = [raw_row(r) for r in records]
        hows = data.draw(st.lists(st.integers(0, 12), min_size=len(rows), max_size=len(rows)))
        rows = [broken_row(row, how, scheme) for row, how in zip(rows, hows, strict=True)]
        if rows and data.draw(st.booleans()):
            rows.append(dict(rows[0]))  # a duplicate id
        raws = [RawRecord(row, "rows.json", n) for n, row in enumerate(rows, start=1)]
        quick = validate_records(raws, scheme)
        with monkeypatch.context() as m:
            m.setattr(validate_module._Quick, "record", lambda self, data, seen: None)
            full = validate_records(raws, scheme)
        assert quick == full
        assert [r.id for r in quick[0]] == [r.id for r in full[0]]

    run()


def test_quick_path_takes_plain_records() -> None:
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    checks = validate_module._rule_checks(scheme)
    quick = validate_module._Quick(scheme, validate_module._AttrCoercer(scheme), checks)
    row = {
        "id": "a",
        "unit": "nanjing",
        "kind": "praise",
        "act_date": "2018-03-01",
        "record_date": "2018-03-02",
        "attributes": {"level": "central"},
    }
    rec = quick.record(row, {})
    assert rec is not None and rec.attributes == {"level": "central"}
    assert quick.record({**row, "act_date": "2018-3-1"}, {}) is None  # the full path says why
    assert quick.record(row, {"a": RawRecord(row)}) is None  # a duplicate id
