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
