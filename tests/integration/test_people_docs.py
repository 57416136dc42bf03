"""``docs/for-people.md`` shows each command with its output: every command of the page runs as
written from the repository's root, and every line shown under it is in what it prints."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import CliResult

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "for-people.md").read_text("utf-8")
PAIRS = re.findall(r"```sh\n(dutyscore [^\n]+)\n```\n\n```text\n(.*?)```", PAGE, re.S)


def test_the_page_shows_commands_with_output() -> None:
    assert len(PAIRS) == 4


@pytest.mark.parametrize(("command", "shown"), PAIRS, ids=[shlex.split(c)[1] for c, _ in PAIRS])
def test_each_command_prints_what_the_page_shows(
    command: str, shown: str, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    ran = cli(*shlex.split(command)[1:])
    assert ran.code == 0, ran.err
    for line in shown.splitlines():
        assert line in ran.out, line
