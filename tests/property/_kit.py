"""What the property modules share: a scheme with its test units, and the common checks."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


def raw_row(rec: dutyscore.Record) -> dict[str, Any]:
    """A record as a platform exports it: plain JSON values."""

    def plain(v: Any) -> Any:
        if isinstance(v, tuple):
            return [plain(x) for x in v]
        if isinstance(v, dt.date):
            return v.isoformat()
        return v if isinstance(v, str | bool | int) else str(v)

    return {
        "id": rec.id,
        "unit": rec.unit,
        "kind": rec.kind,
        "act_date": rec.act_date.isoformat(),
        "record_date": rec.record_date.isoformat(),
        "attributes": {k: plain(v) for k, v in rec.attributes.items()},
    }


def broken_row(row: dict[str, Any], how: int, scheme: dutyscore.Scheme) -> dict[str, Any]:
    """``row`` broken in way ``how`` (0–9) as exports break rows; other values leave it whole."""
    row = {**row, "attributes": dict(row["attributes"])}
    kind = scheme.event_kinds[row["kind"]]
    attrs = list(kind.attributes)
    if how == 0:
        del row["unit"]
    elif how == 1:
        row["kind"] = kind.title
    elif how == 2 and attrs and kind.attributes[attrs[0]].title and attrs[0] in row["attributes"]:
        row["attributes"][kind.attributes[attrs[0]].title] = row["attributes"].pop(attrs[0])
    elif how == 3:
        row["id"] = 7
    elif how == 4:
        row["act_date"] = row["act_date"].replace("-", "/")
    elif how == 5 and attrs:
        row["attributes"][attrs[0]] = "no such value"
    elif how == 6:
        row["record_date"] = "2000-01-01"
    elif how == 7:
        row["attributes"]["not_an_attribute"] = 1
    elif how == 8:
        row["extra_field"] = 1
    elif how == 9:
        row["unit"] = ""
    return row


def written(ev: dutyscore.Evaluation) -> str:
    """The result JSON as ``write_json`` writes it (unit by unit, from templates)."""
    import io

    out = io.StringIO()
    ev.write_json(out)
    return out.getvalue()
