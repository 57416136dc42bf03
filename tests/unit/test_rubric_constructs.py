"""Misuse of the rubric constructs is a located error (ranges, whole-row amounts, beyond-N,
one fact across kinds); an entered amount outside its range refuses the record."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import dutyscore

ROOT = Path(__file__).resolve().parents[2]
SCHEME_PATH = ROOT / "tests" / "golden" / "schemes" / "enterprise-rubric.yaml"
TEXT = SCHEME_PATH.read_text("utf-8")


def _messages(old: str, new: str) -> list[str]:
    assert old in TEXT, old
    return [f"{p.path_text}: {p.message}" for p in dutyscore.iter_scheme_problems(TEXT.replace(old, new))]


def test_the_scheme_warns_only_about_the_gaps_it_grades() -> None:
    graded = "fall in no band; graded by 'gaps: lower'"
    assert [f"{p.severity}: {p.path_text}: {p.message}" for p in dutyscore.iter_scheme_problems(TEXT)] == [
        f"warning: grading.bands[1].max: scores above 89 and below 90 {graded}",
        f"warning: grading.bands[2].max: scores above 75 and below 76 {graded}",
    ]


def test_a_score_in_a_gap_says_how_it_was_graded() -> None:
    scheme = dutyscore.load_scheme(str(SCHEME_PATH))
    # 100 − 1.5 − 1 (一、1) − 8 (五、1) = 89.5: above 达标's 89, below 优秀's 90
    raws = [
        _raw("x1", "duty_lapse", "1.5"),
        _raw("x2", "duty_lapse", "1"),
        _raw("y1", "rectification_shortfall", "8"),
    ]
    records, problems = dutyscore.validate_records(raws, scheme)
    assert problems == []
    unit = dutyscore.evaluate(scheme, records, period=2024).unit_model("a")
    assert (unit.total, unit.grade, unit.grade_by_score) == (Decimal("89.5"), "达标", "达标")
    assert unit.grade_reasons == [
        "score 89.5 falls between the bands of 优秀 and 达标: graded 达标 (gaps: lower)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "per_case: {min: 4, max: 8}",
            "per_case: {min: 8, max: 4}",
            "rules[6].per_case: 'min' 8 is above 'max' 4",
        ),
        (
            "per_case: {min: 4, max: 8}",
            "per_case: {}",
            "rules[6].per_case: Value error, give 'min', 'max' or both",
        ),
        (
            "count: {ge: 4}",
            "count: {le: 4}",
            "rules[4].each_beyond: 'each_beyond' needs a threshold: count 'ge' or 'gt'",
        ),
        (
            'points: {of_base: "1/2"}',
            'points: {of_base: "1/2", of_total: 1}',
            "rules[7].points.of_total: unknown key 'of_total'",
        ),
        (
            "  serious_violation:\n    title: 情节严重的违纪违法问题\n    attributes:\n"
            "      case_id: {type: string, title: 案件编号}\n",
            "  serious_violation:\n    title: 情节严重的违纪违法问题\n",
            "dedup[0].key.attribute: event kind 'serious_violation' has no attribute 'case_id'",
        ),
        (
            "      - {id: e7, title: 受到上级表彰, base: 0}",
            "      - {id: e7, title: 受到上级表彰, base: 0,"
            " ceiling: {value: 3, source: {document: table, clause: 七}}}",
            "items[1].children[0].ceiling: a ceiling belongs to a section or to the composition",
        ),
        (
            "  ceiling: {value: 100, source: {document: table, clause: 说明, quote: 考核按百分制计分}}",
            "  ceiling: {value: 100, source: {document: table, clause: 说明}}\n"
            "  floor: {value: 120, source: {document: tabel, clause: 说明}}",
            "composition.floor: the floor 120 is above the ceiling 100",
        ),
        (
            "  gaps: lower\n",
            "",
            "grading.bands[1].max: scores above 89 and below 90 fall in no band (优秀 / 达标): say how they "
            "are graded with 'gaps: lower' or 'gaps: higher'",
        ),
        (
            "{grade: 达标, min: 76, max: 89}",
            "{grade: 达标, min: 76, max: 90}",
            "grading.bands[1].max: bands 优秀 and 达标 overlap at 90",
        ),
        (  # 不足90 meets 90(含)以上; 超过76 and 不足76 leave 76 itself
            "{grade: 达标, min: 76, max: 89}\n    - {grade: 不达标, max: 75}",
            "{grade: 达标, above: 76, below: 90}\n    - {grade: 不达标, below: 76}",
            "grading.bands[2].below: a score of exactly 76 would fall in no band; graded by 'gaps: lower'",
        ),
        (
            "{grade: 不达标, max: 75}",
            "{grade: 不达标, max: 75, below: 76}",
            "grading.bands[2].below: give 'max' or 'below', not both",
        ),
        (
            "  ceiling: {value: 100, source: {document: table, clause: 说明, quote: 考核按百分制计分}}",
            "  ceiling: {value: 100, source: {document: tabel, clause: 说明}}",
            "composition.ceiling.source.document: unknown document 'tabel'",
        ),
    ],
)
def test_misuse_is_located(old: str, new: str, expected: str) -> None:
    assert expected in _messages(old, new)


def _raw(rid: str, kind: str, amount: str) -> dutyscore.RawRecord:
    data = {"id": rid, "unit": "a", "kind": kind, "act_date": "2024-03-01", "record_date": "2024-03-01"}
    return dutyscore.RawRecord({**data, "attributes": {"amount": amount}}, "r.yaml", 7)


@pytest.mark.parametrize(
    ("kind", "amount", "expected"),
    [
        ("rectification_shortfall", "9", "9 is outside the range of rule 'e5-shortfall': 4–8 per case"),
        ("rectification_shortfall", "3.5", "3.5 is outside the range of rule 'e5-shortfall': 4–8 per case"),
        ("duty_lapse", "3", "3 is outside the range of rule 'e1-lapse': 1–2 per case"),
    ],
)
def test_an_entered_amount_outside_its_range_refuses_the_record(
    kind: str, amount: str, expected: str
) -> None:
    scheme = dutyscore.load_scheme(str(SCHEME_PATH))
    records, problems = dutyscore.validate_records([_raw("x1", kind, amount)], scheme)
    assert records == []
    assert [str(p) for p in problems] == [f"r.yaml:7:1: record 'x1' field 'attributes.amount': {expected}"]


def test_the_cli_refuses_an_amount_outside_its_range(cli: Callable[..., object], tmp_path: Path) -> None:
    records = tmp_path / "records.yaml"
    records.write_text(
        "- {id: r1, unit: a, kind: rectification_shortfall, act_date: 2024-09-01, record_date: 2024-09-01,"
        " attributes: {amount: 9}}\n",
        "utf-8",
    )
    result = cli("score", "--scheme", str(SCHEME_PATH), "--period", "2024", str(records))
    assert result.code == 2  # type: ignore[attr-defined]
    assert "record 'r1' field 'attributes.amount': 9 is outside the range of rule 'e5-shortfall'" in (
        result.err  # type: ignore[attr-defined]
    )


def _bundled_with(sid: str, old: str, new: str, consequences: str) -> str:
    """A bundled scheme's text with one replacement and a ``consequences`` block before ``ranking``."""
    text = (ROOT / "schemes" / f"{sid}.yaml").read_text("utf-8")
    assert old in text and "\nranking:" in text
    return text.replace(old, new).replace("\nranking:", f"\nconsequences:\n{consequences}ranking:")


def _example(sid: str, scheme: dutyscore.Scheme, files: list[str], year: int) -> dutyscore.ResultModel:
    example = ROOT / "examples" / sid
    records = dutyscore.load_records([example / f for f in files], scheme)
    units = dutyscore.load_units(example / "units.yaml", scheme)
    return dutyscore.evaluate(scheme, records, units=units, period=year).to_model()


def test_vote_outcomes_carry_consequences() -> None:
    puyang = _bundled_with(
        "puyang-two-duties-2017",
        "outcome: criticism, title: 批评教育，提出整改要求}",
        "outcome: criticism, title: 批评教育，提出整改要求, consequences: [talk]}",
        "  talk: {title: 约谈, source: {document: py-report, clause: 第七条（三）}}\n",
    )
    scheme, _ = dutyscore.load_scheme_text(puyang)
    files = ["findings.yaml", "monthly-reviews.csv", "year-end-scores.csv"]
    hualong = {u.unit: u for u in _example("puyang-two-duties-2017", scheme, files, 2017).units}["hualong"]
    assert hualong.flags == ["criticism"]
    assert [(c.consequence, c.title, c.because) for c in hualong.consequences] == [
        ("talk", "约谈", "rule duty-report-appraisal: criticism")
    ]
    unknown = puyang.replace("consequences: [talk]}", "consequences: [talks]}")
    assert [p.message for p in dutyscore.iter_scheme_problems(unknown)] == ["unknown consequence 'talks'"]


def test_a_ranking_position_carries_its_consequences() -> None:
    text = _bundled_with(
        "jiangsu-platform-2018",
        "  bottom_flag: close_supervision\n",
        "  bottom_flag: close_supervision\n  bottom_consequences: [supervise]\n",
        "  supervise: {title: 重点督导, source: {document: su-2018-17, clause: 第十二条}}\n",
    )
    scheme, _ = dutyscore.load_scheme_text(text)
    result = _example("jiangsu-platform-2018", scheme, ["duty-records.csv", "findings.yaml"], 2018)
    flagged = {u.unit: [c.title for c in u.consequences] for u in result.units if u.flags}
    assert flagged and all(titles == ["重点督导"] for titles in flagged.values())
    assert all(u.consequences == [] for u in result.units if not u.flags)


def test_a_table_amount_may_be_the_items_base_or_a_share_of_it() -> None:
    text = TEXT.replace(
        "  late_petition:\n    title: 信访件未按期办结\n",
        "  late_petition:\n    title: 信访件未按期办结\n"
        "    attributes: {severity: {type: string, values: [minor, serious]}}\n",
    ).replace(
        "    kind: per_occurrence\n    title: 信访件未按期办结的，每件扣该项分值的一半\n    item: e6\n"
        '    direction: deduction\n    event: late_petition\n    points: {of_base: "1/2"}\n',
        "    kind: table\n    title: 信访件未按期办结的，一般扣一半，严重的本项不得分\n    item: e6\n"
        "    direction: deduction\n    event: late_petition\n    keys: [severity]\n"
        '    table: {minor: {of_base: "1/2"}, serious: base}\n',
    )
    scheme, _ = dutyscore.load_scheme_text(text)
    assert scheme.rule("e6-late").kind == "table"
    day = {"act_date": "2024-03-01", "record_date": "2024-03-01"}
    raws = [
        dutyscore.RawRecord(
            {"id": "m", "unit": "a", "kind": "late_petition", **day, "attributes": {"severity": "minor"}}
        ),
        dutyscore.RawRecord(
            {"id": "s", "unit": "b", "kind": "late_petition", **day, "attributes": {"severity": "serious"}}
        ),
    ]
    records, problems = dutyscore.validate_records(raws, scheme)
    assert problems == []
    scores = {
        u.unit: {i.item: i.score for i in u.items}["e6"]
        for u in dutyscore.evaluate(scheme, records, period=2024).to_model().units
    }
    assert scores == {"a": 5, "b": 0}  # 10 − 10 × 1/2; 10 − 10
    bad = text.replace("serious: base}", "serious: {of_base: base}}")
    assert any("is not an amount" in p.message for p in dutyscore.iter_scheme_problems(bad))
