"""How the command ends when its reader goes away, the user presses Ctrl-C, the console cannot
show a sign, or a bug surfaces: quietly, with the conventional exit codes, never a traceback
unless ``--debug`` asks for one."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from dutyscore import _commands
from dutyscore.cli import main

from ..conftest import EXAMPLE, CliResult

ARGS = ["--period", "2018", "--units", str(EXAMPLE / "units.yaml")]
ARGS += [str(EXAMPLE / "duty-records.csv"), str(EXAMPLE / "findings.yaml")]


def _dutyscore(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "dutyscore.cli", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_a_closed_pipe_ends_quietly_with_141() -> None:
    done = subprocess.run(
        f"'{sys.executable}' -m dutyscore.cli score --scheme jiangsu-platform-2018 --format json "
        + " ".join(f"'{a}'" for a in ARGS)
        + " | head -c 10 >/dev/null; echo ${PIPESTATUS[0]}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "141"
    assert done.stderr == ""


def test_ctrl_c_ends_with_one_line_and_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(_commands, "dispatch", interrupted)
    out, err = io.StringIO(), io.StringIO()
    assert main(["list"], out=out, err=err) == 130
    assert (out.getvalue(), err.getvalue()) == ("", "dutyscore: interrupted\n")


def test_a_gbk_console_gets_every_result_with_its_minus_signs() -> None:
    done = _dutyscore(
        "explain",
        "--scheme",
        "jiangsu-platform-2018",
        "--unit",
        "wuxi",
        *ARGS,
        env={"PYTHONIOENCODING": "gbk"},
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("gbk")
    assert "总分：基本分 80 + 加分 0 - 扣分 5 = 75" in text  # Chinese by default; an ASCII minus
    assert "无锡市" in text


def test_the_json_written_to_a_pipe_is_the_models_dump_in_the_pipes_encoding(
    cli: Callable[..., CliResult],
) -> None:
    """The result JSON goes to a pipe's bytes (faster than its text layer), in the pipe's
    encoding: UTF-8 or GBK, the same text the models dump."""
    args = ("score", "--scheme", "jiangsu-platform-2018", "--format", "json", *ARGS)
    reference = cli(*args)  # in memory: the text layer
    assert reference.code == 0
    for encoding in ("utf-8", "gbk"):
        done = _dutyscore(*args, env={"PYTHONIOENCODING": encoding})
        assert done.returncode == 0, done.stderr
        assert done.stdout.decode(encoding) == reference.out
    assert "无锡市" in reference.out


def test_an_id_that_is_half_a_surrogate_pair_fails_the_json_with_its_unit_named(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """A JSON escape of half a surrogate pair (``\\udc80``) gives a text that is no character:
    the result JSON cannot hold it in UTF-8. The command fails with exit 1 and names the unit
    and the text, instead of a traceback or bytes that are not UTF-8."""
    path = tmp_path / "records.jsonl"
    path.write_text(
        '{"id": "x\\udc80y", "unit": "nanjing", "kind": "duty_record", "act_date": "2018-05-07", '
        '"record_date": "2018-05-08", "attributes": {"item": "p1", "qualifying": "true"}}\n',
        "utf-8",
    )
    done = cli(
        "score", "--scheme", "jiangsu-platform-2018", "--format", "json", "--period", "2018", str(path)
    )
    assert done.code == 1
    assert "unit nanjing: 'x\\udc80y' in its result is not valid Unicode" in done.err
    assert "Traceback" not in done.err
    table = cli("score", "--scheme", "jiangsu-platform-2018", "--period", "2018", str(path))
    assert table.code == 0 and "nanjing" in table.out


def test_debug_shows_the_traceback_of_an_error(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: dutyscore/1\n", "utf-8")
    plain = _dutyscore("score", "--scheme", str(bad), *ARGS)
    assert plain.returncode == 2 and b"Traceback" not in plain.stderr
    debug = _dutyscore("--debug", "score", "--scheme", str(bad), *ARGS)
    assert debug.returncode == 1 and b"Traceback" in debug.stderr and b"SchemeInvalid" in debug.stderr


def test_running_out_of_memory_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(*args: object) -> int:
        raise MemoryError

    monkeypatch.setattr(_commands, "dispatch", exhausted)
    err = io.StringIO()
    assert main(["list"], io.StringIO(), err) == 1
    assert err.getvalue().startswith("dutyscore: out of memory") and "score --stream" in err.getvalue()
    assert "Traceback" not in err.getvalue()


def test_under_an_address_space_limit_auto_reads_row_by_row() -> None:
    """polars aborts the process when an allocation fails; Python raises MemoryError, which the
    command reports: under ``ulimit -v`` the default reader is the row-by-row one."""
    code = (
        "import resource; from dutyscore.records.columns import memory_limited\n"
        "print(memory_limited())\n"
        "resource.setrlimit(resource.RLIMIT_AS, (8 * 2**30, resource.RLIM_INFINITY))\n"
        "print(memory_limited())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = done.stdout.split()
    assert after == "True"
    assert before == str(os.popen("ulimit -v").read().strip() != "unlimited")
