"""The Puyang scheme through the CLI: score with grades, and the quarterly ranking."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.conftest import ROOT, CliResult

Run = Callable[..., CliResult]
EXAMPLE = ROOT / "examples" / "puyang-two-duties-2017"
FILES = (
    str(EXAMPLE / "monthly-reviews.csv"),
    str(EXAMPLE / "year-end-scores.csv"),
    str(EXAMPLE / "findings.yaml"),
)
COMMON = ("--scheme", "puyang-two-duties-2017", "--units", str(EXAMPLE / "units.yaml"))


def test_score_json_carries_grades_and_vetoes(cli: Run) -> None:
    r = cli("score", *COMMON, "--period", "2017", "--format", "json", *FILES)
    assert r.code == 0
    units = {u["unit"]: u for u in json.loads(r.out)["units"]}
    assert units["finance"]["total"] == "92.58"
    assert (units["finance"]["grade"], units["finance"]["grade_by_score"]) == ("一般", "优秀")
    assert units["finance"]["vetoes"][0]["records"] == ["f-v1"]
    hualong_items = {i["item"]: i for i in units["hualong"]["items"]}
    assert hualong_items["primary-appraisal"]["weight"] == "0.06"  # 0.6 × 0.3 × 1/3
    assert hualong_items["primary-ongoing"]["contribution"] == "37.8"  # 90 × 0.42


def test_quarterly_ranking(cli: Run) -> None:
    r = cli("rank", *COMMON, "--period", "2017-Q1", "--format", "json", *FILES)
    assert r.code == 0
    rows = {u["unit"]: (u["score"], u["rank"], u["months"]) for u in json.loads(r.out)["units"]}
    # Q1 months only: hualong 0.6 × (88 + 92 + 88)/3 + 0.4 × 85 = 53.6 + 34 = 87.6;
    # finance 0.6 × 95 + 0.4 × (94 + 96 + 94)/3 = 57 + 568/15 = 1423/15
    assert rows == {
        "hualong": ("87.6", 1, 3),
        "qingfeng": ("84", 2, 3),
        "finance": ("1423/15", 1, 3),
        "education": ("72", 2, 3),
    }


def test_quarterly_table(cli: Run) -> None:
    r = cli("rank", *COMMON, "--period", "2017-Q4", *FILES)
    assert r.code == 0
    assert r.out.splitlines()[0] == "日常考核季度排名（截至季末的月度得分） — puyang-two-duties-2017 2017-Q4"
    assert r.out.splitlines()[2].split() == ["hualong", "华龙区", "县(区)", "1/2", "88", "12"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "2017-Q5"), "is not a quarter like 2017-Q3"),
        (("--period", "2017"), "is not a quarter like 2017-Q3"),
    ],
)
def test_rank_bad_period(cli: Run, args: tuple[str, ...], message: str) -> None:
    r = cli("rank", *COMMON, *args, *FILES)
    assert r.code == 2 and message in r.err


def test_rank_without_interim_declared(cli: Run) -> None:
    r = cli(
        "rank",
        "--scheme",
        "jiangsu-platform-2018",
        "--period",
        "2018-Q1",
        str(ROOT / "examples" / "jiangsu-platform-2018" / "findings.yaml"),
    )
    assert r.code == 2 and "declares no interim ranking" in r.err


def test_explain_shows_composition_and_veto(cli: Run) -> None:
    zh = cli("explain", *COMMON, "--period", "2017", "--unit", "hualong", *FILES)
    assert zh.code == 0
    assert "主体责任：88.6 × 0.6 = 53.16" in zh.out and "总分：53.16 + 34.6 + 5 = 92.76" in zh.out
    assert "等次：良好（按分数为优秀）" in zh.out
    r = cli("explain", *COMMON, "--period", "2017", "--unit", "hualong", "--lang", "en", *FILES)
    assert r.code == 0
    assert "主体责任: 88.6 × 0.6 = 53.16" in r.out
    assert "total: 53.16 + 34.6 + 5 = 92.76" in r.out
    assert "grade: 良好 (by score 优秀)" in r.out
    assert "exempt by case-deduction" in r.out
    assert "votes_fair 15 of 30 votes = 1/2 (> 1/3 and ≤ 1/2): 批评教育，提出整改要求" in r.out
