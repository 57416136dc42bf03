"""Reading records in four formats and reporting every invalid one by id and field."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dutyscore
from dutyscore import RawRecord, validate_records
from dutyscore._jsonsrc import DuplicateKey, loads, loads_record
from dutyscore.records.read import _json_lines, _lines, iter_raw, parse_raw, raws_of

GOOD = {
    "id": "a1",
    "unit": "u1",
    "kind": "praise",
    "act_date": "2018-05-02",
    "record_date": "2018-05-03",
    "attributes": {"level": "central"},
}


def _check(scheme: dutyscore.Scheme, **changes: object) -> list[tuple[str | None, str | None, str]]:
    data = {**GOOD, **changes}
    data = {k: v for k, v in data.items() if v is not ...}
    records, problems = validate_records([RawRecord(data, "f.json", 3)], scheme)
    assert records == [] or not problems
    return [(p.record_id, p.field, p.message) for p in problems]


def test_a_valid_record_is_typed(jiangsu: dutyscore.Scheme) -> None:
    records, problems = validate_records([RawRecord(GOOD)], jiangsu)
    assert problems == []
    assert records[0].act_date == dt.date(2018, 5, 2) and records[0].attributes == {"level": "central"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"id": ...}, ("#1", "id", "missing or invalid record id")),
        ({"unit": ""}, ("a1", "unit", "missing or invalid unit")),
        ({"kind": "praised"}, ("a1", "kind", "unknown event kind 'praised'")),
        ({"act_date": "2018-13-01"}, ("a1", "act_date", "'2018-13-01' is not a day of the calendar")),
        ({"act_date": "2018-02-29"}, ("a1", "act_date", "'2018-02-29' is not a day of the calendar")),
        (
            {"act_date": "20180301"},
            (
                "a1",
                "act_date",
                "expected a date (2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日), got '20180301'",
            ),
        ),
        ({"record_date": ...}, ("a1", "record_date", "missing")),
        ({"record_date": "2018-05-01"}, ("a1", "record_date", "is before act_date")),
        ({"colour": "red"}, ("a1", "colour", "unknown field (attributes go under 'attributes')")),
        ({"attributes": {}}, ("a1", "attributes.level", "missing required attribute")),
        (
            {"attributes": {"level": "city"}},
            ("a1", "attributes.level", "'city' is not one of: central, provincial"),
        ),
        (
            {"attributes": {"level": "central", "x": 1}},
            ("a1", "attributes.x", "unknown attribute of 'praise'"),
        ),
        ({"attributes": "central"}, ("a1", "attributes", "must be a mapping")),
    ],
)
def test_each_bad_field_is_named(
    jiangsu: dutyscore.Scheme, changes: dict[str, object], expected: tuple[str, str, str]
) -> None:
    got = _check(jiangsu, **changes)
    assert expected in [
        (r, f, m if not m.startswith("unknown event kind") else m.split(" (")[0]) for r, f, m in got
    ]


def test_attribute_types(jiangsu: dutyscore.Scheme) -> None:
    base = {**GOOD, "kind": "flawed_promotion"}
    for value, message in [
        ("two", "expected a whole number, got 'two'"),
        (0, "0 is below the minimum 1"),
        (True, "expected a whole number, got True"),
    ]:
        _, problems = validate_records([RawRecord({**base, "attributes": {"persons": value}})], jiangsu)
        assert [(p.field, p.message) for p in problems] == [("attributes.persons", message)]
    dr = {**GOOD, "kind": "duty_record"}
    _, problems = validate_records([RawRecord({**dr, "attributes": {"item": "primary"}})], jiangsu)
    assert problems[0].message == "'primary' is not an item of the scheme"
    _, problems = validate_records(
        [RawRecord({**dr, "attributes": {"item": "p1", "qualifying": "maybe"}})], jiangsu
    )
    assert problems[0].message == "expected true or false, got 'maybe'"


def test_optional_attribute_takes_its_default(jiangsu: dutyscore.Scheme) -> None:
    records, _ = validate_records(
        [RawRecord({**GOOD, "kind": "duty_record", "attributes": {"item": "p1"}})], jiangsu
    )
    assert records[0].attributes == {"item": "p1", "qualifying": True}


def test_duplicate_ids_are_an_error_naming_the_first(jiangsu: dutyscore.Scheme) -> None:
    records, problems = validate_records(
        [RawRecord(GOOD, "a.yaml", 2), RawRecord(GOOD, "b.yaml", 7)], jiangsu
    )
    assert len(records) == 1
    assert [(p.record_id, p.field, p.message, p.line) for p in problems] == [
        ("a1", "id", "duplicate record id (first at a.yaml:2)", 7)
    ]


def test_every_invalid_record_is_reported(jiangsu: dutyscore.Scheme) -> None:
    raws = [RawRecord({**GOOD, "id": f"x{i}", "kind": "nope"}) for i in range(5)]
    records, problems = validate_records(raws, jiangsu)
    assert records == [] and [p.record_id for p in problems] == [f"x{i}" for i in range(5)]


def test_problem_text_names_file_line_record_and_field(jiangsu: dutyscore.Scheme) -> None:
    _, problems = validate_records([RawRecord({**GOOD, "act_date": "soon"}, "ev.jsonl", 4)], jiangsu)
    assert (
        str(problems[0]) == "ev.jsonl:4:1: record 'a1' field 'act_date': expected a date "
        "(2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日), got 'soon'"
    )


def test_four_formats_read_the_same(jiangsu: dutyscore.Scheme, tmp_path: Path) -> None:
    texts = {
        "e.yaml": "records:\n  - {id: a1, unit: u1, kind: assessor_amount, act_date: 2018-05-02, "
        "record_date: 2018-05-03, attributes: {rule: general-urged-rectification, amount: 0.1}}\n",
        "e.json": '[{"id": "a1", "unit": "u1", "kind": "assessor_amount", "act_date": "2018-05-02", '
        '"record_date": "2018-05-03", "attributes": {"rule": "general-urged-rectification", "amount": 0.1}}]',
        "e.jsonl": '{"id": "a1", "unit": "u1", "kind": "assessor_amount", "act_date": "2018-05-02", '
        '"record_date": "2018-05-03", '
        '"attributes": {"rule": "general-urged-rectification", "amount": 0.1}}\n',
        "e.csv": "id,unit,kind,act_date,record_date,rule,amount\n"
        "a1,u1,assessor_amount,2018-05-02,2018-05-03,general-urged-rectification,0.1\n",
    }
    seen = []
    for name, text in texts.items():
        (tmp_path / name).write_text(text, "utf-8")
        [rec] = dutyscore.load_records(tmp_path / name, jiangsu)  # one path, not a list
        assert rec.attributes["amount"] == Decimal("0.1")
        assert isinstance(rec.attributes["amount"], Decimal)
        seen.append(rec)
    assert all(r == seen[0] for r in seen)


def test_csv_list_attribute_and_line_numbers(jiangsu: dutyscore.Scheme) -> None:
    text = (
        "id,unit,kind,act_date,record_date,items\n"
        "c1,u1,passive_investigation,2018-05-02,2018-05-02,p4;s5\n"
        "c2,u1,passive_investigation,2018-05-02,2018-05-02,p1\n"
    )
    raws, problems = parse_raw(text, "c.csv", ".csv")
    records, problems = validate_records(raws, jiangsu)
    assert records[0].attributes["items"] == ("p4", "s5")
    assert [(p.record_id, p.line, p.field) for p in problems] == [("c2", 3, "attributes.items")]


def test_jsonl_lines_end_at_line_feeds_as_when_streamed(tmp_path: Path) -> None:
    """A JSON text may hold U+2028 and U+0085 raw; they do not end a JSONL line, and the lines
    after them keep their numbers, read whole or streamed."""
    text = '{"id": "a\u2028b", "unit": "nanjing"}\n' + '{"id": "c\x85", "unit": "x"}\n' + '{"id": 5,}\n'
    raws, problems = parse_raw(text, "r.jsonl", ".jsonl")
    assert [(r.data["id"], r.line) for r in raws] == [("a\u2028b", 1), ("c\x85", 2)]
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(3, "not valid JSON")]
    path = tmp_path / "r.jsonl"
    path.write_text(text, "utf-8")
    streamed = list(iter_raw(path))
    assert [(r.data["id"], r.line) for r in streamed if isinstance(r, RawRecord)] == [
        (r.data["id"], r.line) for r in raws
    ]


def test_files_are_read_as_their_records_are_taken(tmp_path: Path) -> None:
    """raws_of gives a CSV or JSONL file's rows one at a time (load_records validates them as
    they come) and collects the problems of reading, in file order, as it goes."""
    good = tmp_path / "r.csv"
    good.write_text(
        "id,unit,kind,act_date,record_date\na,u,k,2018-01-02,2018-01-02\nb,u,k,2018-01-03,2018-01-03\n"
    )
    broken = tmp_path / "s.jsonl"
    broken.write_text('{"id": "c"}\n{"id": \n')
    problems: list[dutyscore.Problem] = []
    rows = raws_of([good, broken, tmp_path / "missing.csv"], None, problems)
    first = next(rows)
    assert (first.data["id"], first.line, problems) == ("a", 2, [])
    assert [(r.data["id"], r.file, r.line) for r in rows] == [("b", str(good), 3), ("c", str(broken), 1)]
    assert [(p.file, p.line) for p in problems] == [(str(broken), 2), (str(tmp_path / "missing.csv"), None)]


def test_unreadable_inputs_are_problems_not_crashes(jiangsu: dutyscore.Scheme, tmp_path: Path) -> None:
    for name, text, message in [
        ("bad.json", "[{", "not valid JSON"),
        ("bad.yaml", "- [", "not valid YAML"),
        ("bad.txt", "x", "unknown records format"),
        ("bad.csv", "id,unit\n", "CSV header lacks column(s): kind, act_date, record_date"),
    ]:
        (tmp_path / name).write_text(text, "utf-8")
        with pytest.raises(dutyscore.RecordsInvalid) as info:
            dutyscore.load_records([tmp_path / name], jiangsu)
        assert message in info.value.problems[0].message
    with pytest.raises(dutyscore.RecordsInvalid, match="cannot read records"):
        dutyscore.load_records([tmp_path / "missing.yaml"], jiangsu)


@pytest.mark.parametrize("written", ["2018-03-05", "2018/3/5", "2018.3.5", "2018年3月5日", "2018/03/05"])
def test_dates_as_people_write_them(written: str) -> None:
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    raw = {"id": "s", "unit": "u", "kind": "committee_study", "act_date": written, "record_date": written}
    records, problems = validate_records([RawRecord(raw, "x.csv", 2)], scheme)
    assert problems == []
    assert records[0].act_date == records[0].record_date == dt.date(2018, 3, 5)


def test_workbook_cells_read_as_the_other_readers_give_them() -> None:
    from dutyscore.records.workbook import EPOCH_1900
    from dutyscore.records.workbook import cell as _cell0

    def _cell(key: str, value: object) -> object:
        return _cell0(key, value, EPOCH_1900)

    assert _cell("act_date", 43227) == dt.date(2018, 5, 7)  # an unformatted date column: Excel's serial
    assert _cell("act_date", dt.datetime(2018, 5, 7)) == dt.date(2018, 5, 7)
    assert _cell("persons", 3.0) == 3 and _cell("amount", 0.1) == Decimal("0.1")


def test_without_polars_parquet_and_the_columnar_path_say_which_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "polars", None)  # import polars now raises ImportError
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    path = tmp_path / "records.parquet"
    path.write_bytes(b"PAR1")
    with pytest.raises(dutyscore.RecordsInvalid, match=r"needs the columnar extra"):
        dutyscore.load_records(path, scheme)
    assert not dutyscore.columnar_available()
    with pytest.raises(dutyscore.UsageError, match=r"pip install 'dutyscore\[columnar\]'"):
        dutyscore.load_records_columnar(path, scheme)


def test_a_streamed_file_says_what_it_found_before_a_byte_stopped_it(tmp_path: Path) -> None:
    """iter_raw gives the problems of a file in file order, records between them, and those found
    before an undecodable byte ended the reading are not lost."""
    path = tmp_path / "r.csv"
    path.write_bytes(
        b"id,unit,kind,act_date,record_date\n"
        b"a,u,k,2018-01-02,2018-01-02\n"
        b"b,u\n"  # a short row: a problem, then the reading goes on
        b"c,u,k,2018-01-03,2018-01-03\n"
        b"d,u,k,2018-01-04,2018-01-04,x\n"  # a long row
        b"e,\xff,k,2018-01-05,2018-01-05\n"
    )
    got = [(type(i).__name__, i.data["id"] if isinstance(i, RawRecord) else i.line) for i in iter_raw(path)]
    assert got == [("RawRecord", "a"), ("Problem", 3), ("RawRecord", "c"), ("Problem", 5), ("Problem", 6)]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"id": "a", "id": "b", "attributes": {}}', "the key 'id' is written twice"),
        ('{"id": "a", "attributes": {"x": "1", "x": "2"}}', "the key 'x' is written twice"),
        ('{"id": "a", "attributes": {"x": "1"}, "attributes": {}}', "the key 'attributes' is written twice"),
        ('{"id": "a", "attributes": {"x": {"y": 1, "y": 2}}}', "the key 'y' is written twice"),
        ('{"id": "a", "attributes": [{"y": 1, "y": 2}]}', "the key 'y' is written twice"),
        # an escaped colon hides nothing: the colons are counted in the text, not in the values
        ('{"id": "a\\u003a", "id": "b", "attributes": {}}', "the key 'id' is written twice"),
    ],
)
def test_a_record_line_with_a_key_twice_is_refused(text: str, why: str) -> None:
    with pytest.raises(DuplicateKey, match=why):
        loads_record(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"id": "a", "unit": "u", "attributes": {"x": "1"}}\n',
        '{"id": "a:b", "unit": "u", "attributes": {"x": "1:2"}}',  # colons in texts: read the careful way
        '{"id": "a\\u003a", "attributes": {"n": 1.50}}',
        '  {"id": "a"}  ',
        '{"id": "a", "attributes": null}',
        '["not", "an", "object"]',
    ],
)
def test_a_record_line_reads_as_the_careful_reader_reads_it(text: str) -> None:
    got = loads_record(text)
    assert got == loads(text)
    assert repr(got) == repr(loads(text))  # decimals stay exact: 1.50, not 1.5


@pytest.mark.parametrize("text", ['{"id": "a",}', '{"id": "a"} x', "", "   \n"])
def test_a_record_line_that_is_not_json_is_located(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        loads_record(text)


@given(st.text(alphabet="ab\n\r \u2028", max_size=40), st.integers(0, 8))
def test_lines_split_in_chunks_are_the_lines(text: str, size: int) -> None:
    """A CSV or JSONL text read whole is split a chunk at a time; its lines are those the
    streamed reader sees (a JSONL line without its line feed), wherever the chunks end, and
    end at line feeds only."""
    pieces = text.split("\n")
    with_feeds = [f"{line}\n" for line in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    assert list(_lines(text, size)) == with_feeds  # what the CSV reader is given
    assert list(_json_lines(text, size)) == [line.removesuffix("\n") for line in with_feeds]
