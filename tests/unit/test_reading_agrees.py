"""Every way in reads the same text the same: padded blanks stripped as the CSV reader strips a
cell, and ids that would look like another (a zero-width space, a BOM, a bidi control) refused
in the same words, whether the records come from rows, frames, files or columns."""

from __future__ import annotations

from pathlib import Path

import pytest

import dutyscore

ROW = {"kind": "duty_record", "act_date": "2018-05-07", "record_date": "2018-05-08", "item": "p1"}


@pytest.fixture(scope="module")
def scheme() -> dutyscore.Scheme:
    return dutyscore.load_scheme("jiangsu-platform-2018")


def test_padded_rows_are_one_unit_as_in_a_csv(scheme: dutyscore.Scheme, tmp_path: Path) -> None:
    rows = [
        {**ROW, "id": " r1 ", "unit": "nanjing   ", "qualifying": True},
        {**ROW, "id": "r2", "unit": "nanjing", "kind": "duty_record  ", "qualifying": True},
    ]
    records = dutyscore.records_from_rows(rows, scheme)
    assert [(r.id, r.unit, r.kind) for r in records] == [
        ("r1", "nanjing", "duty_record"),
        ("r2", "nanjing", "duty_record"),
    ]
    csv = tmp_path / "r.csv"
    csv.write_text(
        "id,unit,kind,act_date,record_date,item,qualifying\n"
        " r1 ,nanjing   ,duty_record,2018-05-07,2018-05-08,p1,true\n"
        "r2,nanjing,duty_record  ,2018-05-07,2018-05-08,p1,true\n",
        "utf-8",
    )
    assert dutyscore.load_records(csv, scheme) == records
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text(
        '{"id": " r1 ", "unit": "nanjing   ", "kind": "duty_record", "act_date": "2018-05-07", '
        '"record_date": "2018-05-08", "attributes": {"item": "p1", "qualifying": true}}\n'
        '{"id": "r2", "unit": "nanjing", "kind": "duty_record  ", "act_date": "2018-05-07", '
        '"record_date": "2018-05-08", "attributes": {"item": "p1", "qualifying": true}}\n',
        "utf-8",
    )
    assert dutyscore.load_records(jsonl, scheme) == records
    ev = dutyscore.evaluate(scheme, records, period=2018)
    assert list(ev.totals) == ["nanjing"]


@pytest.mark.parametrize(
    ("unit", "said"),
    [
        ("nanjing\u200b", "U+200B (ZERO WIDTH SPACE) at position 8"),
        ("\ufeffnanjing", "U+FEFF (ZERO WIDTH NO-BREAK SPACE) at position 1"),
        ("nan\u202ejing", "U+202E (RIGHT-TO-LEFT OVERRIDE) at position 4"),
    ],
)
def test_a_unit_id_that_looks_like_another_is_refused_on_every_way_in(
    unit: str, said: str, scheme: dutyscore.Scheme, tmp_path: Path
) -> None:
    rows = [
        {**ROW, "id": "r1", "unit": "nanjing", "qualifying": True},
        {**ROW, "id": "r2", "unit": unit, "qualifying": True},
    ]
    expected = f"the unit id '{unit.encode('unicode_escape').decode()}' holds an invisible character {said}"
    with pytest.raises(dutyscore.RecordsInvalid) as from_rows:
        dutyscore.records_from_rows(rows, scheme)
    [problem] = from_rows.value.problems
    assert (problem.line, problem.record_id, problem.field) == (2, "r2", "unit")
    assert problem.message.startswith(expected)
    csv = tmp_path / "r.csv"
    csv.write_text(
        "id,unit,kind,act_date,record_date,item,qualifying\n"
        + "".join(f"{r['id']},{r['unit']},duty_record,2018-05-07,2018-05-08,p1,true\n" for r in rows),
        "utf-8",
    )
    loads = [dutyscore.load_records]
    if dutyscore.columnar_available():
        loads.append(dutyscore.load_records_columnar)  # type: ignore[arg-type]
    for load in loads:
        with pytest.raises(dutyscore.RecordsInvalid) as from_file:
            load(csv, scheme)
        [problem] = from_file.value.problems
        assert (problem.line, problem.record_id, problem.field) == (3, "r2", "unit")
        assert problem.message.startswith(expected)
    with pytest.raises(dutyscore.UnitsInvalid, match="holds an invisible character"):
        dutyscore.units_from_rows([{"id": unit, "name": "南京市", "category": "设区市"}], scheme)


def test_a_record_id_with_an_invisible_character_is_refused_on_the_quick_path(
    scheme: dutyscore.Scheme, tmp_path: Path
) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(
        "".join(
            f'{{"id": "{rid}", "unit": "nanjing", "kind": "duty_record", "act_date": "2018-05-07", '
            '"record_date": "2018-05-08", "attributes": {"item": "p1", "qualifying": true}}\n'
            for rid in ("r1", "r1\\u200b")
        ),
        "utf-8",
    )
    with pytest.raises(dutyscore.RecordsInvalid) as info:
        dutyscore.load_records(path, scheme)
    [problem] = info.value.problems
    assert (problem.line, problem.record_id, problem.field) == (2, "r1\\u200b", "id")
    assert "the record id 'r1\\u200b' holds an invisible character U+200B" in problem.message


def test_a_parquet_file_naming_an_attribute_twice_is_refused_both_ways(
    scheme: dutyscore.Scheme, tmp_path: Path
) -> None:
    """``item`` beside ``attributes.item`` collapsed to the last column in a Parquet file."""
    pl = pytest.importorskip("polars")
    path = tmp_path / "r.parquet"
    pl.DataFrame(
        {**{k: [v] for k, v in ROW.items()}, "id": ["r1"], "unit": ["nanjing"], "attributes.item": ["p2"]}
    ).write_parquet(path)
    for load in (dutyscore.load_records, dutyscore.load_records_columnar):
        with pytest.raises(dutyscore.RecordsInvalid) as info:
            load(path, scheme)
        assert [str(p) for p in info.value.problems] == [
            f"{path}: <root>: the Parquet file names column(s) twice: 'item' as 'attributes.item'"
        ]


CHINESE = "编号,单位,类型,发生日期,记实日期,item,qualifying\n"


def test_base_fields_headed_in_chinese_read_as_in_english(scheme: dutyscore.Scheme, tmp_path: Path) -> None:
    """An export or a clerk's workbook heads the five base fields 编号, 单位, 类型, 发生日期, 记实日期."""
    body = (
        "r1,nanjing,duty_record,2018-05-07,2018-05-08,p1,true\n"
        "r2,wuxi,duty_record,2018/5/9,2018/5/10,p2,true\n"
    )
    english = tmp_path / "en.csv"
    english.write_text("id,unit,kind,act_date,record_date,item,qualifying\n" + body, "utf-8")
    chinese = tmp_path / "zh.csv"
    chinese.write_text(CHINESE + body, "utf-8")
    expected = dutyscore.load_records(english, scheme)
    assert len(expected) == 2
    assert dutyscore.load_records(chinese, scheme) == expected
    if dutyscore.columnar_available():
        assert list(dutyscore.load_records_columnar(chinese, scheme)) == expected
    rows = [
        {
            "编号": "r1",
            "单位": "nanjing",
            "类型": "duty_record",
            "发生日期": "2018-05-07",
            "记实日期": "2018-05-08",
            "item": "p1",
            "qualifying": "true",
        },
        {
            "编号": "r2",
            "单位": "wuxi",
            "类型": "duty_record",
            "发生日期": "2018/5/9",
            "记实日期": "2018/5/10",
            "item": "p2",
            "qualifying": "true",
        },
    ]
    assert dutyscore.records_from_rows(rows, scheme) == expected
    twice = tmp_path / "twice.csv"
    twice.write_text("id,unit,单位,kind,act_date,record_date\n", "utf-8")
    with pytest.raises(dutyscore.RecordsInvalid, match="CSV header names column\\(s\\) twice: 'unit'"):
        dutyscore.load_records(twice, scheme)
