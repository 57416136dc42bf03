"""Files whose shape once cost time or memory out of all proportion: a header of 80,000 columns
(its duplicate check was quadratic: 92 s), a line of 256 MB and ten million blank lines (the
columnar reader held them in 3.2 GB and 2.5 GB, the row reader in 0.8 GB and 72 MB). Their
cost is measured in docs/robustness.md; here, that each gives what the row reader gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dutyscore.records.column_files import LONG_LINE, lines_fit_columns

from ..conftest import CliResult

HEADER = "id,unit,kind,act_date,record_date,item,qualifying\n"
ROW = "r{n},nanjing,duty_record,2018-05-07,2018-05-08,p1,true\n"
SCORE = ["score", "--scheme", "jiangsu-platform-2018", "--period", "2018", "--format", "json"]


def test_a_wide_header_names_its_one_column_twice(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    names = [f"c{i}" for i in range(80_000)]
    path = tmp_path / "wide.csv"
    path.write_text(
        ",".join(["id", "unit", "kind", "act_date", "record_date", *names, "c79999"]) + "\n", "utf-8"
    )
    result = cli(*SCORE, "--reader", "python", str(path))
    assert result.code == 2
    assert "wide.csv:1:1: <root>: CSV header names column(s) twice: 'c79999'" in result.err


def test_lines_of_odd_shapes_go_the_row_way() -> None:
    rows = HEADER + "".join(ROW.format(n=n) for n in range(2000))
    data = rows.encode()
    assert lines_fit_columns(data)
    assert not lines_fit_columns(data + b"x" * (LONG_LINE * 3 // 2) + b"\n" + data)  # one long line
    assert not lines_fit_columns(data[:-1] + b"y" * (LONG_LINE * 3 // 2))  # the last line long
    assert not lines_fit_columns(data + b"\n" * (len(data) // 4))  # blank lines
    assert lines_fit_columns(data + b"\n" * 100)


@pytest.mark.parametrize(
    "tail",
    [
        "\n" * 200_000,
        "r-long,nanjing,duty_record,2018-05-07,2018-05-08,p1," + "t" * (LONG_LINE * 2) + "\n",
    ],
    ids=["blank-lines", "long-line"],
)
def test_both_readers_give_the_same_on_odd_shapes(
    tail: str, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    pytest.importorskip("polars")
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "".join(ROW.format(n=n) for n in range(50)) + tail, "utf-8")
    by_rows, by_columns = (cli(*SCORE, "--reader", r, str(path)) for r in ("python", "columnar"))
    assert (by_rows.code, by_rows.out, by_rows.err) == (by_columns.code, by_columns.out, by_columns.err)
    assert by_rows.code == (0 if tail.startswith("\n") else 2)
