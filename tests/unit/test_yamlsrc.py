"""The safe YAML loader: decimals, marks, duplicate keys, alias bombs, no code."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dutyscore._yamlsrc import NODE_BUDGET, YamlSyntaxError, load_yaml


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
    with pytest.raises(YamlSyntaxError, match=str(NODE_BUDGET)):
        load_yaml("\n".join(lines))


def test_python_tag_on_a_scalar_is_refused() -> None:
    with pytest.raises(YamlSyntaxError, match="python/name"):
        load_yaml("a: !!python/name:os.system\n")
