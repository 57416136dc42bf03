"""Strict reading: what a lenient parser would lose or guess at is a located problem."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import dutyscore
from dutyscore._collector import collector_paused

HEADER = "id,unit,kind,act_date,record_date,item,qualifying\n"
ROW = "nj-d{n:02},nanjing,duty_record,2018-05-07,2018-05-08,p1,true\n"


def _problems(path: Path, scheme: dutyscore.Scheme) -> list[dutyscore.Problem]:
    with pytest.raises(dutyscore.RecordsInvalid) as info:
        dutyscore.load_records(path, scheme)
    return info.value.problems


def test_an_open_quote_does_not_swallow_the_rows_after_it(jiangsu: dutyscore.Scheme, tmp_path: Path) -> None:
    rows = [ROW.format(n=n) for n in range(1, 5)]
    rows[1] = rows[1].replace(",p1,", ',"p1 opened and never closed,')
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "".join(rows), "utf-8")
    [problem] = _problems(path, jiangsu)
    assert problem.line == 3  # the row where the quote opens
    assert problem.message.startswith("not valid CSV: unexpected end of data")
    assert "rows from here on are not read" in problem.message


def test_a_column_named_twice_is_refused(jiangsu: dutyscore.Scheme, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "id,unit,kind,act_date,record_date,unit\nx,nanjing,duty_record,2018-05-07,2018-05-08,wuxi\n"
    )
    [problem] = _problems(path, jiangsu)
    assert (problem.line, problem.message) == (1, "CSV header names column(s) twice: 'unit'")


def test_a_record_over_several_lines_is_located_where_it_starts(
    jiangsu: dutyscore.Scheme, tmp_path: Path
) -> None:
    text = (
        HEADER
        + ROW.format(n=1)
        + 'nj-d02,nanjing,duty_record,2018-05-07,2018-05-08,"p1\nsecond line",maybe\n'
    )
    path = tmp_path / "r.csv"
    path.write_text(text, "utf-8")
    problems = _problems(path, jiangsu)
    assert [(p.record_id, p.line, p.field) for p in problems] == [
        ("nj-d02", 3, "attributes.item"),
        ("nj-d02", 3, "attributes.qualifying"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            "r.json",
            '{"records": [{"id": "a", "unit": "nanjing", "kind": "duty_record", "act_date": "2018-05-07",'
            ' "record_date": "2018-05-08", "attributes": {"item": "p1"}}], "records": []}',
            None,
        ),
        (
            "r.jsonl",
            '{"id": "a", "unit": "nanjing", "kind": "duty_record", "act_date": "2018-05-07",'
            ' "record_date": "2018-05-08", "attributes": {"item": "p1"}}\n'
            '{"id": "b", "unit": "nanjing", "unit": "wuxi", "kind": "duty_record", "act_date": "2018-05-07",'
            ' "record_date": "2018-05-08", "attributes": {"item": "p1"}}\n',
            2,
        ),
    ],
)
def test_a_json_key_written_twice_is_refused(
    jiangsu: dutyscore.Scheme, tmp_path: Path, name: str, text: str, line: int | None
) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    [problem] = _problems(path, jiangsu)
    assert problem.line == line
    assert "is written twice in one object" in problem.message


def test_units_files_refuse_keys_and_columns_written_twice(jiangsu: dutyscore.Scheme, tmp_path: Path) -> None:
    cases = {
        "u.yaml": (
            "units:\n  - {id: nanjing, name: 南京市, category: 设区市}\nunits: []\n",
            "duplicate key 'units'",
        ),
        "u.json": ('{"units": [{"id": "nanjing", "id": "wuxi", "name": "x"}]}', "'id' is written twice"),
        "u.csv": ("id,name,id\nnanjing,南京市,wuxi\n", "column(s) twice: 'id'"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text, "utf-8")
        with pytest.raises(dutyscore.UnitsInvalid) as info:
            dutyscore.load_units(path, jiangsu)
        assert message in info.value.problems[0].message, name
    (tmp_path / "u.yaml").write_text("units:\n  - {id: nanjing, name: 南京市, category: 设区市}\n", "utf-8")
    assert [u.id for u in dutyscore.load_units(tmp_path / "u.yaml", jiangsu)] == ["nanjing"]


def test_the_collector_resumes_only_where_it_was_paused() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner use did not resume what it did not pause
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller's own choice stands
    finally:
        gc.enable()


def test_what_the_paused_loop_made_is_not_walked_young_and_a_callers_freeze_stands() -> None:
    gc.collect()
    with collector_paused():
        made = [[n] for n in range(200_000)]
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(made[0]) in oldest and id(made[-1]) in oldest  # not left to the next young pass
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a server freezes what it has before it forks
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            more = [[n] for n in range(200_000)]
        assert gc.get_freeze_count() == frozen  # left frozen, not thawed
    finally:
        gc.unfreeze()
    gc.collect()
    with collector_paused():
        few = [[n] for n in range(1_000)]  # a small loop: the collector goes on as it would
    assert id(few[0]) not in {id(o) for o in gc.get_objects(generation=2)}
    assert len(made) + len(more) + len(few) == 401_000


def test_a_file_beyond_its_size_limit_is_refused_before_it_is_read(
    jiangsu: dutyscore.Scheme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dutyscore import _limits

    path = tmp_path / "r.csv"
    path.write_text(HEADER + ROW.format(n=1), "utf-8")
    monkeypatch.setitem(_limits.FILE_LIMITS, "records", 1024**2)
    assert len(dutyscore.load_records(path, jiangsu)) == 1
    monkeypatch.setitem(_limits.FILE_LIMITS, "records", 40)
    [problem] = _problems(path, jiangsu)
    size = path.stat().st_size
    assert problem.message == f"the records file has {size} bytes; dutyscore reads at most 40 at once"


def test_a_gbk_scheme_file_loads_through_the_api_and_bad_bytes_are_a_scheme_error(tmp_path: Path) -> None:
    """A scheme saved in GBK raised UnicodeDecodeError from load_scheme; it is read as GBK now,
    and bytes neither UTF-8 nor GBK are a located SchemeInvalid."""
    source = Path(__file__).resolve().parents[2] / "schemes" / "jiangsu-two-duties-2015.yaml"
    text = source.read_text("utf-8")
    gbk = tmp_path / "jiangsu-gbk.yaml"
    gbk.write_bytes(text.encode("gbk"))
    assert dutyscore.load_scheme(str(gbk)).obligations == dutyscore.load_scheme(str(source)).obligations
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(text.encode("utf-8")[:200] + b"\xff\xff\xff\n")
    with pytest.raises(dutyscore.SchemeInvalid) as caught:
        dutyscore.load_scheme(str(broken))
    assert caught.value.problems[0].file == str(broken) and caught.value.problems[0].line is not None
