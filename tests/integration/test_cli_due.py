"""dutyscore due: the compliance report through the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT, CliResult

Run = Callable[..., CliResult]
PUYANG = ROOT / "examples" / "puyang-two-duties-2017"


def _records(tmp_path: Path) -> Path:
    path = tmp_path / "talks.yaml"
    path.write_text(
        "- {id: d1, unit: u, kind: appointment_decision, act_date: 2017-06-01, record_date: 2017-06-01,"
        " attributes: {person: 甲}}\n"
        "- {id: s1, unit: u, kind: duty_summons_talk, act_date: 2017-03-01, record_date: 2017-03-02}\n",
        "utf-8",
    )
    return path


def _due(cli: Run, tmp_path: Path, as_of: str, *options: str) -> CliResult:
    """dutyscore due on the Puyang scheme and the two records above."""
    return cli(
        "due", "--scheme", "puyang-two-duties-2017", "--as-of", as_of, *options, str(_records(tmp_path))
    )


def test_due_json(cli: Run, tmp_path: Path) -> None:
    r = _due(cli, tmp_path, "2017-06-11", "--format", "json")
    assert r.code == 0
    rows = {(row["obligation"], row["instance"]): row for row in json.loads(r.out)["rows"]}
    talk = rows[("pre-appointment-talk-15-days", "d1")]
    assert (talk["status"], talk["due"]) == ("warned", "2017-06-16")
    assert talk["clause"] == "濮阳市落实全面从严治党两个责任谈话制度(试行) 第八条"
    summons = rows[("duty-summons-half-yearly", "2017-H1")]
    assert (summons["status"], summons["records"]) == ("met", ["s1"])


def test_due_table_with_status_filter(cli: Run, tmp_path: Path) -> None:
    r = _due(cli, tmp_path, "2017-07-01", "--status", "missed", "--lang", "en")
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[0].startswith("puyang-two-duties-2017 2017.1 — as of 2017-07-01:")
    body = [line.split() for line in lines[2:]]
    assert ["u", "pre-appointment-talk-15-days", "d1", "missed", "2017-06-16"] in body
    assert all("missed" in row for row in body)
    zh = _due(cli, tmp_path, "2017-07-01", "--status", "missed")
    lines = zh.out.splitlines()
    assert lines[0].startswith("puyang-two-duties-2017 2017.1 — 截至 2017-07-01：未完成 ")
    assert lines[1].split() == ["单位", "义务", "名称", "期次", "状态", "时限", "记录"]
    assert all("未完成" in line for line in lines[2:])
    assert "党委(党组)决定干部任职后15日内进行任前廉政谈话" in zh.out  # the obligation's title beside its id


def test_due_usage_errors(cli: Run, tmp_path: Path) -> None:
    r = _due(cli, tmp_path, "2017-13-01")
    assert r.code == 2 and "is not a date" in r.err
    r = cli(
        "due",
        "--scheme",
        "qinglian-jiguan",
        "--as-of",
        "2022-01-01",
        str(ROOT / "examples" / "qinglian-jiguan" / "records.yaml"),
    )
    assert r.code == 2 and "declares no obligations" in r.err


def test_score_refuses_an_obligations_only_scheme(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "lists.yaml"
    path.write_text(
        "- {id: l1, unit: a, kind: responsibility_list, act_date: 2016-02-29, record_date: 2016-02-29}\n",
        "utf-8",
    )
    r = cli("score", "--scheme", "jiangsu-two-duties-2015", str(path))
    assert r.code == 2 and "declares obligations only: use dutyscore due" in r.err
