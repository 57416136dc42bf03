"""What the property modules share: a scheme with its test units, and the common checks."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import HealthCheck, settings
from hypothesis.strategies import SearchStrategy

import dutyscore
from dutyscore.testing import records_for

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class SchemeUnderTest:
    """A bundled scheme, the units its generated records belong to, and the year scored."""

    scheme: dutyscore.Scheme
    units: Sequence[dutyscore.Unit]
    year: int

    @property
    def ids(self) -> list[str]:
        return [u.id for u in self.units]

    def records(self, **kwargs: object) -> SearchStrategy[list[dutyscore.Record]]:
        return records_for(self.scheme, units=self.ids, year=self.year, **kwargs)  # type: ignore[arg-type]

    def evaluate(self, records: list[dutyscore.Record]) -> dutyscore.Evaluation:
        return dutyscore.evaluate(self.scheme, records, units=self.units, period=self.year)

    def assert_order_independent(self, records: list[dutyscore.Record], rnd: random.Random) -> None:
        shuffled = list(records)
        rnd.shuffle(shuffled)
        assert self.evaluate(records).to_model() == self.evaluate(shuffled).to_model()
