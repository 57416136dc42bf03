"""What a printed 评分表 needs is in the result: each item's 序号 and 责任科室, and on every ledger
line the item's number, title and office and the rule's own words (扣分情形) beside its clause;
the published result schema names them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..conftest import CliResult

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "qinglian-jiguan"
SCORE = ["score", "--scheme", "qinglian-jiguan", "--format", "json", "--units", str(EXAMPLE / "units.yaml")]


def test_items_and_ledger_lines_carry_what_a_form_prints(cli: Callable[..., CliResult]) -> None:
    result = cli(*SCORE, str(EXAMPLE / "records.yaml"))
    assert result.code == 0, result.err
    unit = next(u for u in json.loads(result.out)["units"] if u["unit"] == "c")
    item = next(i for i in unit["items"] if i["item"] == "q0.1")
    assert (item["number"], item["office"], item["title"]) == (
        "1",
        ["机关纪委"],
        "传达学习、专题研究部署、调度推进清廉机关建设",
    )
    line = next(e for e in unit["ledger"] if e["rule"] == "q0.1-a")
    assert {k: line[k] for k in ("item_number", "item_title", "office", "rule_title", "clause")} == {
        "item_number": "1",
        "item_title": "传达学习、专题研究部署、调度推进清廉机关建设",
        "office": ["机关纪委"],  # the section 强化组织领导's office: the sub-item names none
        "rule_title": "未传达学习、专题研究和调度的，每项扣0.5分",
        "clause": "清廉机关建设任务分工（附件2） 强化组织领导 1",
    }
    several = next(i for i in unit["items"] if i["item"] == "q2.1")
    assert several["office"] == ["机关党委", "各科室(单位)"]
    base = next(e for e in unit["ledger"] if e["kind"] == "base" and e["item"] == "q0.1")
    assert (base["rule"], base["rule_title"], base["item_number"]) == (None, None, "1")


def test_the_published_schema_names_the_form_fields(cli: Callable[..., CliResult]) -> None:
    schema = json.loads(cli("schema", "--result").out)
    defs = schema["$defs"]
    assert {"item_number", "item_title", "office", "rule_title"} <= set(
        defs["LedgerEntryModel"]["properties"]
    )
    assert {"number", "office"} <= set(defs["ItemScoreModel"]["properties"])
    assert {"partial", "skipped", "skipped_records"} <= set(defs["UnitResultModel"]["properties"])
    assert "scheme_files" in schema["properties"]


def test_flags_carry_the_titles_people_read(cli: Callable[..., CliResult]) -> None:
    """``close_supervision`` is 重点督导 on the paper forms; a vote outcome's title is the scheme's."""
    jiangsu = ROOT / "examples" / "jiangsu-platform-2018"
    args = ["--scheme", "jiangsu-platform-2018", "--units", str(jiangsu / "units.yaml"), "--period", "2018"]
    files = [str(jiangsu / "duty-records.csv"), str(jiangsu / "findings.yaml")]
    units = json.loads(cli("score", *args, "--format", "json", *files).out)["units"]
    flagged = [u for u in units if "close_supervision" in u["flags"]]
    assert flagged and all(
        u["flag_titles"][u["flags"].index("close_supervision")] == "重点督导" for u in flagged
    )
    table = cli("score", *args, *files).out
    assert "重点督导(close_supervision)" in table and "处理 flags" in table
    puyang = ROOT / "examples" / "puyang-two-duties-2017"
    common = ["--scheme", "puyang-two-duties-2017", "--units", str(puyang / "units.yaml"), "--period", "2017"]
    files = [str(puyang / f) for f in ("findings.yaml", "monthly-reviews.csv", "year-end-scores.csv")]
    result = cli("score", *common, "--format", "json", *files)
    assert result.code == 0, result.err
    hualong = next(u for u in json.loads(result.out)["units"] if u["unit"] == "hualong")
    assert (hualong["flags"], hualong["flag_titles"]) == (["criticism"], ["批评教育，提出整改要求"])
