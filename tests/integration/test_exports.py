"""Files as people export them give the same result as the example's own files: a GBK CSV as
Excel on a Chinese Windows saves it, a UTF-8 CSV with a BOM, Chinese attribute titles as column
headers, dates typed as 2018/5/7, a GBK units file (tests/data/exports, made from the example)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangsu-platform-2018"
EXPORTS = ROOT / "tests" / "data" / "exports"
COMMON = ["score", "--scheme", "jiangsu-platform-2018", "--period", "2018", "--format", "json"]


def _same_as_original(cli: Callable[..., object], units: Path, records: Path) -> None:
    """Scoring ``records`` (with the example's findings) prints exactly what the example's files do."""
    findings = str(EXAMPLE / "findings.yaml")
    original = cli(
        *COMMON, "--units", str(EXAMPLE / "units.yaml"), str(EXAMPLE / "duty-records.csv"), findings
    )
    exported = cli(*COMMON, "--units", str(units), str(records), findings)
    assert exported.code == 0, exported.err  # type: ignore[attr-defined]
    assert exported.out == original.out  # type: ignore[attr-defined]


@pytest.mark.parametrize("export", ["duty-records-gbk.csv", "duty-records-bom.csv"])
def test_an_export_scores_as_the_original(export: str, cli: Callable[..., object]) -> None:
    _same_as_original(cli, EXPORTS / "units-gbk.yaml", EXPORTS / export)


def test_a_wrongly_declared_encoding_names_the_byte(cli: Callable[..., object]) -> None:
    result = cli(*COMMON, "--encoding", "utf-8", str(EXPORTS / "duty-records-gbk.csv"))
    assert result.code == 2  # type: ignore[attr-defined]
    assert "duty-records-gbk.csv:1:35: <root>: cannot be read as utf-8: byte 0xbc" in result.err  # type: ignore[attr-defined]
    declared = cli(*COMMON, "--encoding", "gbk", str(EXPORTS / "duty-records-gbk.csv"))
    assert declared.code == 0, declared.err  # type: ignore[attr-defined]


def test_a_workbook_scores_as_the_original(cli: Callable[..., object]) -> None:
    pytest.importorskip("python_calamine")
    _same_as_original(cli, EXAMPLE / "units.yaml", EXPORTS / "duty-records.xlsx")
