"""A record built by the readers' fast constructor is an ordinary record: equal to one built by
``Record(...)``, of the same class, as frozen, and usable with ``dataclasses.replace``."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from dutyscore import Record
from dutyscore.records.model import Unsealed, new_record

DAY = dt.date(2025, 3, 1)


def test_a_record_built_fast_is_an_ordinary_record() -> None:
    fast = new_record("r1", "u1", "case", DAY, DAY, {"rank": "county"})
    slow = Record("r1", "u1", "case", DAY, DAY, {"rank": "county"})
    assert type(fast) is Record
    assert fast == slow
    assert repr(fast) == repr(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.id = "r2"  # type: ignore[misc]
    assert dataclasses.replace(fast, id="r2") == Record("r2", "u1", "case", DAY, DAY, {"rank": "county"})


def test_the_unsealed_twin_has_the_records_slots() -> None:
    # setting the class is allowed only between classes of one layout: the same slots, in order
    assert Unsealed.__slots__ == Record.__slots__ == tuple(f.name for f in dataclasses.fields(Record))
