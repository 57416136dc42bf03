"""Amounts as people read them: rounded for display to the scheme's places (two by default),
``≈`` where that is not the exact value, never a fraction, one ASCII minus; exact on request
and always in the JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from dutyscore.results.display import Display

from ..conftest import CliResult

PUYANG = Path(__file__).resolve().parents[2] / "examples" / "puyang-two-duties-2017"
RANK = [
    "rank",
    "--scheme",
    "puyang-two-duties-2017",
    "--period",
    "2017-Q3",
    "--units",
    str(PUYANG / "units.yaml"),
]


@pytest.mark.parametrize(
    ("value", "amount", "signed", "exact"),
    [
        (Decimal("83.5"), "83.5", "+83.5", "83.5"),
        (Decimal("80"), "80", "+80", "80"),
        (Decimal("-81"), "-81", "-81", "-81"),
        (Fraction(1318, 15), "≈ 87.87", "≈ +87.87", "1318/15"),
        (Fraction(-22, 3), "≈ -7.33", "≈ -7.33", "-22/3"),
        (Decimal("0.125"), "≈ 0.13", "≈ +0.13", "0.125"),  # half up; terminating but cut: marked
        (Decimal("-0.001"), "≈ 0", "≈ +0", "-0.001"),  # never "-0"
        (Decimal(0), "0", "0", "0"),
        (Decimal("85.0800000"), "85.08", "+85.08", "85.08"),  # trailing zeros are no places
    ],
)
def test_an_amount_as_shown(value: Decimal | Fraction, amount: str, signed: str, exact: str) -> None:
    assert (Display().amount(value), Display().signed(value), Display(exact=True).amount(value)) == (
        amount,
        signed,
        exact,
    )
    assert Display(mark=False).amount(value) == amount.removeprefix("≈ ")
    assert "−" not in amount + signed + exact


def test_places_follow_the_schemes_rounding() -> None:
    assert Display(places=1).amount(Fraction(256, 3)) == "≈ 85.3"
    assert Display(places=0).amount(Decimal("2.5")) == "≈ 3"


def test_the_quarterly_ranking_shows_no_fraction_unless_asked(cli: Callable[..., CliResult]) -> None:
    """``rank --period 2017-Q3`` printed 1318/15 and 4273/45: the means of nine monthly scores."""
    files = [str(PUYANG / "monthly-reviews.csv")]
    shown = cli(*RANK, *files)
    assert shown.code == 0, shown.err
    rows = {line.split()[0]: line.split() for line in shown.out.splitlines()[2:]}
    assert rows["hualong"][4:] == ["≈", "87.87", "9"] and rows["finance"][4:] == ["≈", "94.96", "9"]
    assert rows["qingfeng"][4:] == ["84", "9"]
    assert "/15" not in shown.out and "/45" not in shown.out
    exact = cli(*RANK, "--exact", *files)
    assert "1318/15" in exact.out and "4273/45" in exact.out
    as_json = json.loads(cli(*RANK, "--format", "json", *files).out)
    assert {u["unit"]: u["score"] for u in as_json["units"]}["hualong"] == "1318/15"
