"""The command line, end to end, through an in-process runner (and once as a real process)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, CliResult

Run = Callable[..., CliResult]
EXAMPLE_ARGS = (
    "--units",
    str(EXAMPLE / "units.yaml"),
    "--period",
    "2018",
    str(EXAMPLE / "duty-records.csv"),
    str(EXAMPLE / "findings.yaml"),
)
SCORE = ("score", "--scheme", "jiangsu-platform-2018", *EXAMPLE_ARGS)


def test_list(cli: Run) -> None:
    r = cli("list")
    assert r.code == 0
    rows = [line.split() for line in r.out.splitlines()[1:]]
    assert ["jiangsu-platform-2018", "2018.1", "履责记实信息平台运用监督管理考核评分细则"] in rows
    assert ["puyang-two-duties-2017", "2017.1", "濮阳市落实全面从严治党两个责任督查考核"] in rows


def test_validate_bundled_and_broken(cli: Run, tmp_path: Path) -> None:
    assert cli("validate", "jiangsu-platform-2018").code == 0
    text = (ROOT / "schemes" / "jiangsu-platform-2018.yaml").read_text("utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("    item: p3\n", "    item: p33\n", 1), "utf-8")
    r = cli("validate", str(broken))
    line = text[: text.index("    item: p3\n")].count("\n") + 1
    assert r.code == 2
    assert f"{broken}:{line}:5: rules[2].item: item 'p33' is unknown" in r.err
    assert r.err.strip().endswith("1 error")


def test_schema(cli: Run) -> None:
    r = cli("schema")
    schema = json.loads(r.out)
    assert r.code == 0 and schema["title"] == "dutyscore scheme"


def test_score_table(cli: Run) -> None:
    r = cli(*SCORE)
    assert r.code == 0
    header = r.out.splitlines()[1]
    assert "党委(党组)主体责任" in header and "纪委(纪检监察组)监督责任" in header
    rows = {
        line.split()[0]: line.split()
        for line in r.out.splitlines()[2:]
        if line and not line.startswith("warning")
    }
    # nanjing: sections 50.5 (p1 bonus 0.5), 30, general 11; base 80, bonus 11.5, total 91.5
    assert rows["nanjing"][3:12] == ["1/5", "50.5", "30", "11", "80", "11.5", "0", "0", "91.5"]
    assert rows["changzhou"][10:12] == ["-81", "0"]  # ASCII minus: a pasted table stays numbers
    assert "warning: unit suzhou" in r.out


def test_score_csv_is_the_table_for_a_spreadsheet(cli: Run) -> None:
    import csv
    import io

    r = cli(*SCORE, "--format", "csv")
    assert r.code == 0
    assert r.out.startswith("\ufeff")  # the CLI's stdout here is UTF-8: Excel needs the mark
    rows = list(csv.reader(io.StringIO(r.out.removeprefix("\ufeff"))))
    header = rows[0]
    assert header[:5] == ["单位 unit", "名称 name", "类别 cohort", "排名 rank", "人数 cohort size"]
    by_unit = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    nanjing = by_unit["nanjing"]
    assert (nanjing["名称 name"], nanjing["排名 rank"], nanjing["人数 cohort size"]) == ("南京市", "1", "5")
    assert (nanjing["总分 total"], nanjing["加分 bonus"]) == ("91.5", "11.5")
    assert by_unit["changzhou"]["调整 adjustment"] == "-81"  # a number
    assert "warning: unit suzhou" in r.err and "warning" not in r.out


def test_score_json_has_decimal_strings(cli: Run) -> None:
    r = cli(*SCORE, "--format", "json", "--previous", str(EXAMPLE / "previous-2017.json"))
    data = json.loads(r.out)
    totals = {u["unit"]: u["total"] for u in data["units"]}
    assert totals == {
        "nanjing": "91.5",
        "wuxi": "75",
        "xuzhou": "67.5",
        "changzhou": "0",
        "suzhou": "81",
        "ujs": "77",
        "yzu": "83.5",
    }
    xz = next(u for u in data["units"] if u["unit"] == "xuzhou")
    assert xz["flags"] == ["close_supervision", "summons"] and xz["bottom_streak"] == 2
    assert sum(Decimal(e["applied"]) for e in xz["ledger"]) == Decimal(xz["total"])


def test_json_result_feeds_next_year(cli: Run, tmp_path: Path) -> None:
    result = json.loads(cli(*SCORE, "--format", "json").out)
    prev = tmp_path / "2017.json"
    prev.write_text(json.dumps({**result, "period": "2017"}), "utf-8")  # as if it were last year's
    r = cli(*SCORE, "--format", "json", "--previous", str(prev))
    flags = {u["unit"]: u["flags"] for u in json.loads(r.out)["units"]}
    assert flags["wuxi"] == ["close_supervision", "summons"]
    # a result is not last year's for the same year, nor for another scheme
    prev.write_text(json.dumps(result), "utf-8")
    r = cli(*SCORE, "--format", "json", "--previous", str(prev))
    assert (r.code, r.err.replace(f"{tmp_path}/", "")) == (
        2,
        "2017.json: period: the result of 2018, not of 2017\n1 error\n",
    )
    prev.write_text(json.dumps({**result, "period": "2017", "scheme": "puyang-two-duties-2017"}), "utf-8")
    r = cli(*SCORE, "--format", "json", "--previous", str(prev))
    assert r.code == 2 and "scheme: a result of scheme 'puyang-two-duties-2017', not of 'jiangsu" in r.err


def test_explain(cli: Run) -> None:
    r = cli("explain", "--scheme", "jiangsu-platform-2018", "--unit", "wuxi", "--lang", "en", *EXAMPLE_ARGS)
    assert r.code == 0
    assert (
        "superseded by highest-deduction: -1 (record wx-case-1 also counted under rule "
        "p4-passive-investigation" in r.out
    )
    assert (
        "recorded 5 working days after the act (≥ 5 and ≤ 10; obligation record-promptly: "
        "within 4 working days): 1/2 of base 6"
    ) in r.out
    assert r.out.splitlines()[-3] == "total: 80 + 0 - 5 = 75"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("score",), 2, "the following arguments are required"),
        (("frobnicate",), 2, "invalid choice"),
        (("score", "--scheme", "nope", "x.yaml"), 2, "no such scheme file or bundled scheme 'nope'"),
        (
            (
                "score",
                "--scheme",
                "jiangsu-platform-2018",
                str(EXAMPLE / "duty-records.csv"),
                str(EXAMPLE / "findings.yaml"),
            ),
            1,
            "records span the years 2017, 2018",
        ),
        (
            (
                "explain",
                "--scheme",
                "jiangsu-platform-2018",
                "--period",
                "2018",
                "--unit",
                "nobody",
                str(EXAMPLE / "findings.yaml"),
            ),
            2,
            "no unit 'nobody'",
        ),
    ],
)
def test_exit_codes(cli: Run, args: tuple[str, ...], code: int, message: str) -> None:
    r = cli(*args)
    assert r.code == code
    assert message in r.err


def test_bad_records_exit_2_naming_record_and_field(cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "z1", "unit": "nanjing", "kind": "praise", "act_date": "2018-05-02", '
        '"record_date": "2018-05-01", "attributes": {"level": "city"}}\n',
        "utf-8",
    )
    r = cli("score", "--scheme", "jiangsu-platform-2018", str(bad))
    assert r.code == 2
    assert f"{bad}:1:1: record 'z1' field 'record_date': is before act_date" in r.err
    assert "record 'z1' field 'attributes.level': 'city' is not one of: central, provincial" in r.err
    assert r.err.strip().endswith("2 errors")


def test_records_of_a_unit_missing_from_the_units_file(cli: Run, tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text("id,name,category\nnanjing,南京市,设区市\n", "utf-8")
    r = cli(
        "score",
        "--scheme",
        "jiangsu-platform-2018",
        "--units",
        str(units),
        "--period",
        "2018",
        str(EXAMPLE / "findings.yaml"),
    )
    assert r.code == 2 and "record 'wx-study-1' field 'unit': unit 'wuxi' is not in the units file" in r.err


def test_units_with_an_unknown_cohort(cli: Run, tmp_path: Path) -> None:
    units = tmp_path / "units.yaml"
    units.write_text("- {id: a, name: A, category: 县(区)}\n", "utf-8")
    r = cli(
        "score", "--scheme", "jiangsu-platform-2018", "--units", str(units), str(EXAMPLE / "findings.yaml")
    )
    assert r.code == 2 and "category '县(区)' is not one of" in r.err


@pytest.mark.slow
def test_console_script_runs() -> None:
    exe = shutil.which("dutyscore")
    if exe is None:
        pytest.skip("dutyscore is not installed as a command")
    done = subprocess.run([exe, *SCORE], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "91.5" in done.stdout


def test_local_calendar_changes_a_lateness_result(cli: Run, tmp_path: Path) -> None:
    # wx-d09: act Thu 2018-02-22, recorded Wed 02-28 = 5 working days → half of p1's 6 (wuxi 75).
    # A local holiday on Fri 02-23 makes it 4 working days: on time, so wuxi keeps the 3 points.
    cal = tmp_path / "local.yaml"
    cal.write_text("holidays: [2018-02-23]\n", "utf-8")
    r = cli(*SCORE, "--format", "json", "--calendar", str(cal))
    totals = {u["unit"]: u["total"] for u in json.loads(r.out)["units"]}
    assert r.code == 0 and totals["wuxi"] == "78"
    bad = tmp_path / "bad.yaml"
    bad.write_text("holiday: [2018-02-23]\n", "utf-8")
    r = cli(*SCORE, "--calendar", str(bad))
    assert r.code == 2 and "bad.yaml:1:1: holiday: unknown key 'holiday'" in r.err


def test_a_folder_named_like_a_scheme_id_does_not_hide_the_bundled_scheme(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from examples/, whose folders are named like the bundled schemes: `list`, `validate`
    and --scheme took the folder for the scheme file ("Is a directory")."""
    (tmp_path / "jiangsu-platform-2018").mkdir()
    monkeypatch.chdir(tmp_path)
    listed = cli("list")
    assert listed.code == 0 and "jiangsu-platform-2018" in listed.out and "directory" not in listed.err
    assert cli("validate", "jiangsu-platform-2018").code == 0
    r = cli(*SCORE)
    assert r.code == 0 and "nanjing" in r.out
