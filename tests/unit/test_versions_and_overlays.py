"""Versions side by side, picked by version or date; overlays that add, replace and remove by id."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import dutyscore

ROOT = Path(__file__).resolve().parents[2]
JIANGSU = (ROOT / "schemes" / "jiangsu-platform-2018.yaml").read_text("utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A user's folder holding a 2020 revision of the bundled Jiangsu scheme."""
    text = JIANGSU.replace('version: "2018.1"', 'version: "2020.1"').replace(
        "effective: {from: 2018-04-04, until: null}", "effective: {from: 2020-01-01, until: null}"
    )
    assert text != JIANGSU
    (tmp_path / "jiangsu-platform-2018@2020.yaml").write_text(text, "utf-8")
    return tmp_path


def test_a_version_is_picked_by_name_date_or_recency(folder: Path) -> None:
    load = dutyscore.load_scheme
    assert load("jiangsu-platform-2018").version == "2018.1"  # no folder: the bundled one
    assert load("jiangsu-platform-2018", folders=[folder]).version == "2020.1"  # the latest in force
    assert load("jiangsu-platform-2018", folders=[folder], as_of=dt.date(2019, 6, 1)).version == "2018.1"
    assert load("jiangsu-platform-2018", folders=[folder], as_of=dt.date(2020, 6, 1)).version == "2020.1"
    assert load("jiangsu-platform-2018@2018.1", folders=[folder]).version == "2018.1"
    with pytest.raises(dutyscore.SchemeInvalid, match=r"no version '2019\.1' \(versions: 2018\.1, 2020\.1\)"):
        load("jiangsu-platform-2018", version="2019.1", folders=[folder])
    with pytest.raises(
        dutyscore.SchemeInvalid, match="no version of scheme 'jiangsu-platform-2018' is in force"
    ):
        load("jiangsu-platform-2018", as_of=dt.date(2017, 1, 1))


def test_the_cli_takes_id_at_version_and_as_of(cli: object, folder: Path) -> None:
    example = ROOT / "examples" / "jiangsu-platform-2018"
    files = [str(example / "duty-records.csv"), str(example / "findings.yaml")]
    common = ["--units", str(example / "units.yaml"), "--period", "2018", "--scheme-dir", str(folder)]
    for pick, version in (
        (["--scheme", "jiangsu-platform-2018@2020.1"], "2020.1"),
        (["--scheme", "jiangsu-platform-2018", "--as-of", "2018-12-31"], "2018.1"),
    ):
        result = cli("score", *pick, *common, *files)  # type: ignore[operator]
        assert result.code == 0, result.err
        assert f"(jiangsu-platform-2018 {version})" in result.out.splitlines()[0]


OVERLAY = """\
format: dutyscore/1
extends: jiangsu-platform-2018
id: jiangsu-city
version: "2024.1"
title: 某市履责记实考核（在省方案基础上调整）
add:
  rules:
    - {id: city-bonus, kind: per_occurrence, title: 市委表扬每项加1分, item: general-bonus, direction: bonus,
       event: praise, where: {level: provincial}, points: 1, source: {document: su-2018-17, clause: 市补充}}
remove:
  rules: [general-case-exposure]
  caps: [lateness-item-base]
"""


def test_an_overlay_adds_and_removes_by_id() -> None:
    scheme, problems = dutyscore.load_scheme_text(OVERLAY, "city.yaml")
    base = dutyscore.load_scheme("jiangsu-platform-2018")
    assert problems == []
    assert (scheme.id, scheme.version, scheme.effective) == ("jiangsu-city", "2024.1", base.effective)
    ids = [r.id for r in scheme.rules]
    assert ids == [r.id for r in base.rules if r.id != "general-case-exposure"] + ["city-bonus"]
    assert scheme.event_kinds == base.event_kinds
    assert [c.id for c in scheme.caps] == [c.id for c in base.caps if c.id != "lateness-item-base"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  rules: [general-case-exposure]",
            "  rules: [no-such-rule]",
            "city.yaml:11:11: remove.rules[0]: the base has no rule 'no-such-rule'",
        ),
        (
            "extends: jiangsu-platform-2018",
            "extends: no-such-scheme",
            "city.yaml:2:1: extends: cannot extend 'no-such-scheme'",
        ),
        (
            "  caps: [lateness-item-base]",
            "  grades: [x]",
            "city.yaml:12:3: remove.grades: unknown part 'grades'",
        ),
    ],
)
def test_a_misused_overlay_is_located(old: str, new: str, expected: str) -> None:
    assert old in OVERLAY
    problems = [str(p) for p in dutyscore.iter_scheme_problems(OVERLAY.replace(old, new), "city.yaml")]
    assert any(p.startswith(expected) for p in problems), problems


def test_an_overlay_beside_its_base_adds_rules_as_rows(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(
        (ROOT / "schemes" / "qinglian-jiguan.yaml").read_text("utf-8"), "utf-8"
    )
    overlay = tmp_path / "city.yaml"
    overlay.write_text(
        """\
format: dutyscore/1
extends: base.yaml
id: ql-city
version: "2023"
title: 市清廉机关（调整）
add:
  rules:
    - rows:
        defaults: {event: finding, direction: deduction, document: ql, own_id: rule}
        columns: [id, item, kind, points, clause, title, quantity]
        rows:
          - [q0.1-x, q0.1, per_occurrence, 0.2, 强化组织领导 1, 新增：每项扣0.2分, count]
remove:
  rules: [q0.1-a]
""",
        "utf-8",
    )
    scheme = dutyscore.load_scheme(str(overlay))
    base = dutyscore.load_scheme("qinglian-jiguan")
    assert [r.id for r in scheme.rules] == [r.id for r in base.rules if r.id != "q0.1-a"] + ["q0.1-x"]
    added = scheme.rule("q0.1-x").model_dump()
    assert (added["where"], added["quantity"], added["points"]) == (
        {"rule": "q0.1-x"},
        "count",
        Decimal("0.2"),
    )


def test_a_scheme_given_as_text_reads_no_file_unless_given_folders(tmp_path: Path) -> None:
    """What a web service receives as an upload: its extends may name a bundled id, and a file
    only in the folders the caller names; a path that leaves them is refused in the same words
    whether the file exists or not."""
    (tmp_path / "base.yaml").write_text(
        (ROOT / "schemes" / "qinglian-jiguan.yaml").read_text("utf-8"), "utf-8"
    )
    upload = 'format: dutyscore/1\nextends: {ref}\nid: up\nversion: "1"\n'
    messages = []
    for ref in (str(tmp_path / "base.yaml"), str(tmp_path / "missing.yaml"), "base.yaml"):
        with pytest.raises(dutyscore.SchemeInvalid) as info:
            dutyscore.load_scheme_text(upload.format(ref=ref))
        [problem] = info.value.problems
        messages.append(problem.message.replace(ref, "REF"))
    assert (
        messages
        == [
            "cannot extend 'REF': 'REF': a scheme given as text reads no file; name a bundled id, or give "
            "the folders it may read (folders=)"
        ]
        * 3
    )
    scheme, _ = dutyscore.load_scheme_text(upload.format(ref="base.yaml"), folders=[tmp_path])
    assert scheme.bases == (str(tmp_path / "base.yaml"),)
    assert len(scheme.rules) == len(dutyscore.load_scheme("qinglian-jiguan").rules)
    with pytest.raises(dutyscore.SchemeInvalid, match="outside the folders this scheme may read"):
        dutyscore.load_scheme_text(upload.format(ref="../x.yaml"), folders=[tmp_path])
    scheme, _ = dutyscore.load_scheme_text(upload.format(ref="qinglian-jiguan"))
    assert scheme.bases == ("<bundled>/qinglian-jiguan.yaml",)


@pytest.mark.parametrize("ref", ["a\0b", "x" * 256, "d/" * 2100])
def test_a_name_no_file_can_have_is_a_scheme_error(ref: str) -> None:
    with pytest.raises(dutyscore.SchemeInvalid, match="scheme name"):
        dutyscore.load_scheme(ref)
