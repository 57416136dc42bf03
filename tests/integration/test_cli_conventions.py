"""What a command-line user expects of any serious tool: ``--version``, ``python -m dutyscore``,
an example in every command's ``--help`` that works as written, and ``--output FILE``."""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest

from dutyscore.cli import EXAMPLES

from ..conftest import CliResult

ROOT = Path(__file__).resolve().parents[2]


def test_version_and_python_dash_m() -> None:
    for command in (["dutyscore"], [sys.executable, "-m", "dutyscore"]):
        if command == ["dutyscore"] and not Path(sys.executable).with_name("dutyscore").exists():
            continue
        exe = [str(Path(sys.executable).with_name("dutyscore"))] if command == ["dutyscore"] else command
        done = subprocess.run([*exe, "--version"], capture_output=True, text=True, check=False)
        assert (done.returncode, done.stdout) == (0, f"dutyscore {version('dutyscore')}\n")
    listed = subprocess.run(
        [sys.executable, "-m", "dutyscore", "list"], capture_output=True, text=True, check=False
    )
    assert listed.returncode == 0 and "jiangsu-platform-2018" in listed.stdout


@pytest.mark.parametrize("command", sorted(EXAMPLES))
def test_every_command_shows_examples_that_work_as_written(
    command: str, cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = cli(command, "--help")
    assert shown.code == 0
    assert "例 examples:" in shown.out
    monkeypatch.chdir(ROOT)
    for line in EXAMPLES[command]:
        assert f"  {line}" in shown.out
        args = shlex.split(line)[1:]
        if "--output" in args:  # into the test's folder, not the repository
            at = args.index("--output") + 1
            args[at] = str(tmp_path / args[at])
        ran = cli(*args)
        assert ran.code == 0, f"{line}\n{ran.err}"
        if "--output" in args:
            assert Path(args[args.index("--output") + 1]).stat().st_size > 0
        else:
            assert ran.out.strip()


def test_output_writes_what_stdout_gets_and_nothing_when_the_command_fails(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    example = ROOT / "examples" / "jiangsu-platform-2018"
    common = [
        "score",
        "--scheme",
        "jiangsu-platform-2018",
        "--period",
        "2018",
        "--units",
        str(example / "units.yaml"),
    ]
    files = [str(example / "duty-records.csv"), str(example / "findings.yaml")]
    for fmt in ("json", "csv", "table"):
        printed = cli(*common, "--format", fmt, *files)
        target = tmp_path / f"out.{fmt}"
        written = cli(*common, "--format", fmt, "--output", str(target), *files)
        assert (written.code, written.out) == (0, "")
        assert target.read_bytes().decode("utf-8") == printed.out
    target = tmp_path / "out.json"
    before = target.read_bytes()
    failed = cli(*common, "--format", "json", "--output", str(target), str(tmp_path / "missing.csv"))
    assert failed.code == 2 and "missing.csv" in failed.err
    assert target.read_bytes() == before  # the old file untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.json", "out.table"]  # no leftovers
    folder = cli(*common, "--output", str(tmp_path), *files)
    assert folder.code == 2 and "is a folder; name a file" in folder.err
