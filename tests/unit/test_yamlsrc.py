"""The safe YAML loader: decimals, marks, duplicate keys, alias bombs, no code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from dutyscore import _yamlsrc
from dutyscore._yamlsrc import ALIAS_BUDGET, MAX_DEPTH, YamlSyntaxError, load_yaml


def test_floats_are_exact_decimals() -> None:
    doc = load_yaml("a: 0.1\nb: 0.2\n").value
    assert doc["a"] + doc["b"] == Decimal("0.3")
    assert isinstance(doc["a"], Decimal)


def test_marks_are_one_based() -> None:
    located = load_yaml("a:\n  b: [1, 2]\n")
    assert located.mark_for(("a", "b", 1)).line == 2  # type: ignore[union-attr]
    assert located.mark_for(("a", "b", 1)).column == 10  # type: ignore[union-attr]
    assert located.mark_for(("a", "missing")).line == 1  # type: ignore[union-attr]


def test_duplicate_keys_are_reported() -> None:
    located = load_yaml("a: 1\na: 2\n")
    assert located.value == {"a": 1}
    assert [(m.line, msg) for m, _, msg in located.problems] == [(2, "duplicate key 'a'")]


def test_python_tags_cannot_run_code() -> None:
    with pytest.raises(YamlSyntaxError):
        load_yaml("a: !!python/object/apply:os.system ['true']\n")


def test_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(YamlSyntaxError, match=str(ALIAS_BUDGET)):
        load_yaml("\n".join(lines))


def test_only_nodes_aliases_add_count_towards_the_alias_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large plain file is no bomb (a 26 MB records file was refused as one after 91 s): with
    the budget at 100, 5,000 written nodes load, and one anchor repeated 101 times does not."""
    monkeypatch.setattr(_yamlsrc, "ALIAS_BUDGET", 100)
    assert len(load_yaml("[" + ", ".join(["1"] * 5000) + "]").value) == 5000
    repeated = "a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    with pytest.raises(YamlSyntaxError, match="more than 100 nodes"):
        load_yaml(repeated)
    assert len(load_yaml("a: &a x\nb: [" + ", ".join(["*a"] * 100) + "]\n").value["b"]) == 100


def test_python_tag_on_a_scalar_is_refused() -> None:
    with pytest.raises(YamlSyntaxError, match="python/name"):
        load_yaml("a: !!python/name:os.system\n")


@pytest.fixture(params=["libyaml", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both parsers PyYAML may have: its libyaml binding (when built with it) and its own."""
    if request.param == "python":
        monkeypatch.setattr(_yamlsrc, "_LOADER", yaml.SafeLoader)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML without libyaml")
    return str(request.param)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: &a [*a]\n", "alias *a refers to a node that contains it", 1),
        ("a: *b\n", "alias *b names no anchor before it", 1),
        ("a: 1\nb: \x07\n", "the character U+0007 is not allowed in YAML", 2),
        ("x: " + "[" * 100_000 + "]" * 100_000 + "\n", f"nesting deeper than {MAX_DEPTH} levels", 1),
    ],
)
def test_hostile_documents_are_located_errors(loader: str, text: str, message: str, line: int) -> None:
    with pytest.raises(YamlSyntaxError) as info:
        load_yaml(text)
    assert str(info.value).startswith(message)
    assert info.value.mark is not None and info.value.mark.line == line


def test_codes_keep_their_text_and_impossible_dates_stay_text(loader: str) -> None:
    doc = load_yaml("a: 0123\nb: 0x1F\nc: 1:30\nd: 1_000\ne: 12\nf: -3\ng: 2018-02-30\nh: 2018-02-28\n").value
    assert doc == {
        "a": "0123",
        "b": "0x1F",
        "c": "1:30",
        "d": "1_000",
        "e": 12,
        "f": -3,
        "g": "2018-02-30",
        "h": dt.date(2018, 2, 28),
    }


def test_both_parsers_build_the_same_values_and_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (Path(__file__).parents[2] / "schemes" / "jiangsu-platform-2018.yaml").read_text("utf-8")
    fast = load_yaml(text)
    monkeypatch.setattr(_yamlsrc, "_LOADER", yaml.SafeLoader)
    plain = load_yaml(text)
    assert fast.value == plain.value
    assert fast.marks == plain.marks


def test_a_mapping_or_list_as_a_key_is_refused(loader: str) -> None:
    located = load_yaml("a: 1\n? [x, y]\n: 2\n{b: 1}: 3\n")
    assert located.value == {"a": 1}
    assert [(m.line, msg) for m, _, msg in located.problems] == [
        (2, "a key must be text or a number, not a mapping or list"),
        (4, "a key must be text or a number, not a mapping or list"),
    ]
    nested = "{a: '1'}"
    for _ in range(40):  # as text, these keys once grew as 2^40 (escaping doubles each level)
        nested = "{? " + nested + ": 1}"
    assert {msg for _, _, msg in load_yaml(f"x: {nested}\n").problems} == {
        "a key must be text or a number, not a mapping or list"
    }
