"""Structured mutations of the inputs dutyscore reads: the bundled schemes and the example
record files, broken the ways people and hostile users break them. Shared by the short fuzz
tests of the regular suite and by ``fuzz/run.py``, which runs them for a million inputs."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

ROOT = Path(__file__).resolve().parents[2]
SCHEMES = sorted((ROOT / "schemes").glob("*.yaml"))
#: (scheme id, file) of every example record file; an example's folder is named by its scheme.
RECORD_FILES = sorted(
    (p.parent.name, p)
    for p in (ROOT / "examples").glob("*/*")
    if p.suffix in (".yaml", ".csv") and p.stem not in ("units", "complete-index")
)

#: Values that once broke something, or that sit on a limit.
HOSTILE = [
    "",
    "0",
    "-1",
    "1e999999999",
    "1E+999999",
    "2.0000000000000000000000000001",
    "99999999999999999999999999999999",
    "1/0",
    "[]",
    "{}",
    "&a [*a]",
    "*nope",
    "!!python/object/apply:os.system ['true']",
    '"\\a"',
    "\t",
    "2018-02-30",
    "2018-02-29",
    "9999-12-31",
    "0001-01-01",
    "20180301",
    "2018-W09-4",
    "0123",
    "0x1F",
    "1:30",
    "1_000",
    "null",
    "~",
    "true",
    ".nan",
    "-.inf",
    "=cmd|' /C calc'!A0",
    '"' + "长" * 300 + '"',
    "[" * 120 + "]" * 120,
    "<<: {a: 1}",
    "'unterminated",
    '"unterminated',
    "−5",
]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


@st.composite
def mutated(draw: st.DrawFn, texts: list[str]) -> str:
    """One of ``texts`` with one to four line-level mutations: a line deleted, doubled,
    swapped with another, cut short, or its value replaced by a hostile one."""
    lines = _lines(draw(st.sampled_from(texts)))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.integers(0, 5))
        line = lines[i]
        if op == 0 and len(lines) > 1:
            del lines[i]
        elif op == 1:
            lines.insert(i, line)
        elif op == 2:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines[i] = line[: draw(st.integers(0, len(line)))]
        elif op == 4:
            value = draw(st.sampled_from(HOSTILE))
            for sep in (": ", ",", "="):
                if sep in line:
                    head, _, _ = line.rpartition(sep)
                    lines[i] = f"{head}{sep}{value}\n"
                    break
            else:
                lines[i] = value + "\n"
        else:
            char = draw(st.sampled_from(["\x00", "\x07", "\ufeff", '"', "'", "{", "[", ",", "\t", "\r"]))
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + char + line[at:]
    return "".join(lines)


def scheme_texts() -> SearchStrategy[str]:
    """A bundled scheme's text, mutated."""
    return mutated([p.read_text("utf-8") for p in SCHEMES])


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value if isinstance(value, str | int | bool) or value is None else str(value)


def record_texts() -> dict[tuple[str, str], list[str]]:
    """(scheme id, suffix) → texts: each example file, and each also as JSON and JSONL."""
    from dutyscore.records.read import read_raw

    out: dict[tuple[str, str], list[str]] = {}
    for scheme, path in RECORD_FILES:
        out.setdefault((scheme, path.suffix), []).append(path.read_text("utf-8"))
        rows = [_plain(r.data) for r in read_raw(path)[0]]
        out.setdefault((scheme, ".json"), []).append(
            json.dumps({"records": rows}, ensure_ascii=False, indent=1)
        )
        out.setdefault((scheme, ".jsonl"), []).append(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        )
    return out


def record_files() -> SearchStrategy[tuple[str, str, str]]:
    """(scheme id, suffix, text) of an example record file in one of the four formats, mutated."""
    texts = record_texts()
    return st.sampled_from(sorted(texts)).flatmap(
        lambda key: st.tuples(st.just(key[0]), st.just(key[1]), mutated(texts[key]))
    )


#: A local calendar as people write one.
CALENDAR = "# 本地调整\nholidays: [2027-03-02, 2027-10-08]\nworking_days: [2027-03-06]\nknown_years: [2027]\n"


def side_files() -> SearchStrategy[tuple[str, str, str]]:
    """(what, suffix, text): a units file (YAML or CSV), a calendar or last year's result,
    mutated — the other files a command reads."""
    units = [(p.parent.name, p.read_text("utf-8")) for p in sorted((ROOT / "examples").glob("*/units.yaml"))]
    csv_units = ["id,name,category\nnanjing,南京市,设区市\nujs,江苏大学,省属高校\n"]
    previous = [(ROOT / "examples" / "jiangsu-platform-2018" / "previous-2017.json").read_text("utf-8")]
    return st.one_of(
        mutated([t for _, t in units]).map(lambda t: ("units", ".yaml", t)),
        mutated(csv_units).map(lambda t: ("units", ".csv", t)),
        mutated([CALENDAR]).map(lambda t: ("calendar", ".yaml", t)),
        mutated(previous).map(lambda t: ("previous", ".json", t)),
    )


# -- overlays ----------------------------------------------------------------------------
#: What an overlay's ``extends`` may name: ids, versions, paths beside it, below it, above it,
#: absolute, to things that are no scheme file, and names no file can have.
EXTENDS = [
    "jiangsu-platform-2018",
    "qinglian-jiguan",
    "qinglian-jiguan@2022.1",
    "qinglian-jiguan@9",
    "no-such-scheme",
    "base.yaml",
    "./base.yaml",
    "sub/../base.yaml",
    "sub/inner.yaml",
    "../secret/secret.yaml",
    "../secret/missing.yaml",
    "/etc/passwd",
    "/dev/zero",
    "zero.yaml",
    "fifo.yaml",
    "notes.yaml",
    "loop.yaml",
    "base\0.yaml",
    "x" * 300 + ".yaml",
    "sub/" * 1100 + "a.yaml",
    "",
]

#: A value the fuzzers may find quoted in an error if ``extends`` leaked what it read.
SECRET = "SECRET-8c1d2f-NEVER-SHOWN"


@st.composite
def overlays(draw: st.DrawFn) -> tuple[str, str, str]:
    """(overlay text, base text, extends): an overlay naming one of :data:`EXTENDS`, adding,
    replacing and removing parts of a small bundled base by id (some ids the base has, some it
    has not), then mutated line by line like every other input; and the base, possibly mutated."""
    ref = draw(st.sampled_from(EXTENDS))
    base = (ROOT / "schemes" / "qinglian-jiguan.yaml").read_text("utf-8")
    if draw(st.booleans()):
        base = draw(mutated([base]))
    rule_ids = ["q0.1-a", "q1.1-a", "q5.3-b", "no-such-rule", "q0.1-a"]
    item_ids = ["q0.1", "q5.3", "no-such-item", "q0"]
    ops: list[str] = []
    if draw(st.booleans()):
        ops.append(f"remove:\n  rules: [{draw(st.sampled_from(rule_ids))}]\n")
    if draw(st.booleans()):
        ops.append(f"  items: [{draw(st.sampled_from(item_ids))}]\n" if ops else "")
    if draw(st.booleans()):
        under = draw(st.sampled_from(item_ids))
        ops.append(
            "add:\n  rules:\n"
            f"    - {{id: {draw(st.sampled_from(rule_ids))}-x, kind: per_occurrence, title: 新增, item: "
            f"{draw(st.sampled_from(item_ids))}, direction: deduction, event: finding, points: 0.5,\n"
            "       source: {document: ql, clause: 新增}}\n"
            f"  items: [{{under: {under}, item: {{id: new-item, title: 新增项, base: 1}}}}]\n"
        )
    if draw(st.booleans()):
        ops.append(f"replace:\n  rules: [{{id: {draw(st.sampled_from(rule_ids))}}}]\n")
    text = (
        "format: dutyscore/1\n"
        f"extends: {json.dumps(ref, ensure_ascii=False)}\n"
        "id: city-overlay\n"
        'version: "2024.1"\n'
        "title: 市级调整\n" + "".join(ops)
    )
    if draw(st.booleans()):
        text = draw(mutated([text]))
    return text, base, ref


# -- workbooks ----------------------------------------------------------------------------
#: Cells a workbook may hold where a record's value should be: error values, formulas with and
#: without a calculated value, serial numbers out of every range, text that is no value.
CELLS: list[object] = [
    ("#", "#DIV/0!"),
    ("#", "#N/A"),
    ("=", "1+1", None),
    ("=", "DATE(2018,5,7)", 43227),
    1e300,
    -5,
    0,
    1e10,
    3_000_000,
    43227,
    43227.75,
    True,
    False,
    "",
    " ",
    "2018/5/7",
    "2018年5月7日",
    "=cmd|' /C calc'!A0",
    "nanjing\u200b",
    "\ufeffnanjing",
    "p1 ",
    "长" * 200,
    10**30,
]


def _example_sheet() -> list[list[object]]:
    import csv

    with (ROOT / "examples" / "jiangsu-platform-2018" / "duty-records.csv").open(encoding="utf-8") as f:
        return [list(row) for row in csv.reader(f)]


@st.composite
def workbooks(draw: st.DrawFn) -> tuple[list[list[list[object]]], dict[str, object]]:
    """(sheets' rows, how the workbook is made): the Jiangsu example's duty records split over
    one to three sheets, their dates as text or as serial numbers, a few cells replaced by
    :data:`CELLS`, a column named twice, a hidden sheet, a 1904 date system, a far cell, a
    declared extent, padding that inflates, and the bytes themselves cut or flipped."""
    rows = _example_sheet()
    header, body = rows[0], rows[1 : 1 + draw(st.integers(0, len(rows) - 1))]
    serial = draw(st.booleans())
    if serial:
        import datetime as dt

        epoch = dt.date(1899, 12, 30)
        body = [
            [*r[:3], *((dt.date.fromisoformat(str(r[i])) - epoch).days for i in (3, 4)), *r[5:]] for r in body
        ]
    body = [list(r) for r in body]
    for _ in range(draw(st.integers(0, 3))):
        if body:
            r = draw(st.integers(0, len(body) - 1))
            c = draw(st.integers(0, len(header) - 1))
            body[r][c] = draw(st.sampled_from(CELLS))
    if draw(st.integers(0, 9)) == 0:
        header = [*header, draw(st.sampled_from(["unit", "attributes.item", "item", "id"]))]
    cut = sorted(draw(st.lists(st.integers(0, len(body)), max_size=2)))
    parts = [body[a:b] for a, b in zip([0, *cut], [*cut, len(body)], strict=True)]
    sheets = [[header, *part] for part in parts]
    how: dict[str, object] = {
        "serial": serial,
        "hidden": draw(st.sampled_from([None, *range(len(sheets))])),
        "names": [
            draw(st.sampled_from(["duty_record", "履责记实", "Sheet1", "duty_record "])) for _ in sheets
        ],
        "far": draw(st.sampled_from([None, None, None, "XFD1048576", "A1048576", "Z2000"])),
        "dimension": draw(st.sampled_from([None, None, None, "A1:XFD1048576", "A1:G62", "garbage"])),
        "padding": draw(st.sampled_from([0] * 9 + [2 * 1024**2])),  # 2 MiB of blanks: 200:1 and more
        "damage": draw(st.sampled_from([None, None, None, None, "cut", "flip", "empty"])),
        "at": draw(st.integers(0, 10**6)),
    }
    return sheets, how
