"""The README's snippets work as written, from the repository root: its Python blocks run in
order in one namespace and the values its comments promise hold; its example command runs."""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text("utf-8")


@pytest.fixture
def at_root() -> Iterator[None]:
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


def test_the_python_snippets_run_from_the_repository_root(at_root: None) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert len(blocks) >= 2
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec", dont_inherit=True), namespace)  # the snippet as written
    ev = namespace["ev"]
    assert ev.totals["nanjing"] == Decimal("91.5")  # type: ignore[attr-defined]
    rows = [(r.unit, r.obligation, r.instance, r.status) for r in namespace["report"].rows]  # type: ignore[attr-defined]
    assert ("nanjing", "committee-study-twice", "2018", "met") in rows


def test_the_example_command_runs_as_written(at_root: None, cli: Callable[..., object]) -> None:
    line = next(x for x in README.splitlines() if x.startswith("pip install . && dutyscore score"))
    args = shlex.split(line.split("&& dutyscore ", 1)[1])
    result = cli(*args)
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    nanjing = next(x for x in result.out.splitlines() if x.startswith("nanjing"))  # type: ignore[attr-defined]
    assert "91.5" in nanjing.split()
