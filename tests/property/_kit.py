"""What the property modules share: a scheme with its test units, and the common checks."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import HealthCheck, settings
from hypothesis.strategies import SearchStrategy

import dutyscore
from dutyscore.testing import RuleCoverage, records_for

#: The smallest list a broad draw makes: with 50 examples this reaches ≥ 90 % of every bundled
#: scheme's rules (measured: 95–100 %).
BROAD_MIN = 20
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

    def broad(self) -> SearchStrategy[list[dutyscore.Record]]:
        """Lists long enough that a run of the suite reaches at least 90 % of the scheme's rules
        (``test_rule_coverage.py`` asserts the figure)."""
        return self.records(min_size=BROAD_MIN, max_size=60)

    def evaluate_covering(
        self, records: list[dutyscore.Record], coverage: RuleCoverage
    ) -> dutyscore.Evaluation:
        return coverage.add(self.evaluate(records))

    def evaluate(self, records: list[dutyscore.Record]) -> dutyscore.Evaluation:
        return dutyscore.evaluate(self.scheme, records, units=self.units, period=self.year)

    def assert_order_independent(self, records: list[dutyscore.Record], rnd: random.Random) -> None:
        shuffled = list(records)
        rnd.shuffle(shuffled)
        assert self.evaluate(records).to_model() == self.evaluate(shuffled).to_model()
