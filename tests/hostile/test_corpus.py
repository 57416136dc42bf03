"""The hostile-input corpus: every input that once crashed, hung or silently changed a score,
with the located error (or the output) it must give now. One file per case in ``cases/``:

- ``about``: what went wrong before, in a sentence;
- ``files``: name → text (or ``{text, encoding}`` for bytes in another encoding; ``{repeat: N,
  text}`` for a text written N times); a name may hold folders (``sub/overlay.yaml``);
- ``links``: name → the path a symbolic link of that name points to; ``fifos``: names of FIFOs;
- ``cwd``: where the command runs: ``case`` (the case's folder) or ``elsewhere`` (an empty folder
  beside it); the repository root otherwise;
- ``stdin``: the text standard input holds;
- ``run``: the CLI's arguments, ``{name}`` standing for the path of a file of the case (``{.}``
  for the case's folder);
- ``exit``: the exit code; ``stderr`` / ``stdout``: lines the output must contain, with the
  case's folder left out of paths (``records.csv:3:1: …``).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..conftest import CliResult

CASES = Path(__file__).parent / "cases"


def _cases() -> list[Any]:
    return [pytest.param(p, id=p.stem) for p in sorted(CASES.glob("*.yaml"))]


@pytest.mark.parametrize("path", _cases())
def test_hostile_input(
    path: Path, tmp_path: Path, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = yaml.safe_load(path.read_text("utf-8"))
    keys = {"about", "files", "links", "fifos", "cwd", "stdin", "run", "exit", "stderr", "stdout"}
    keys |= {"not_stderr", "not_stdout"}
    assert set(case) <= keys, path.name
    assert case["about"], "say what went wrong before"
    names: dict[str, str] = {".": str(tmp_path)}
    for name, spec in (case.get("files") or {}).items():
        if isinstance(spec, str):
            data = spec.encode("utf-8")
        elif "repeat" in spec:
            data = spec["text"].encode("utf-8") * spec["repeat"]
        else:
            data = spec["text"].encode(spec["encoding"])
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
        names[name] = str(tmp_path / name)
    for name, target in (case.get("links") or {}).items():
        (tmp_path / name).symlink_to(target)
        names[name] = str(tmp_path / name)
    for name in case.get("fifos") or []:
        os.mkfifo(tmp_path / name)
        names[name] = str(tmp_path / name)
    if "stdin" in case:
        monkeypatch.setattr("sys.stdin", io.StringIO(case["stdin"]))
    if case.get("cwd") == "case":
        monkeypatch.chdir(tmp_path)
    elif case.get("cwd") == "elsewhere":
        (tmp_path / "elsewhere").mkdir()
        monkeypatch.chdir(tmp_path / "elsewhere")
    args = [str(a) for a in case["run"]]
    for name, where in names.items():
        args = [a.replace(f"{{{name}}}", where) for a in args]
    got = cli(*args)
    out, err = (s.replace(f"{tmp_path}/", "") for s in (got.out, got.err))
    assert got.code == case["exit"], f"exit {got.code}\nstdout:\n{out}\nstderr:\n{err}"
    for line in case.get("stderr") or []:
        assert line in err, f"missing from stderr: {line}\nstderr:\n{err}"
    for line in case.get("stdout") or []:
        assert line in out, f"missing from stdout: {line}\nstdout:\n{out}"
    for line in case.get("not_stderr") or []:  # what must not be said: a leaked value, say
        assert line not in err, f"said on stderr: {line}\nstderr:\n{err}"
    for line in case.get("not_stdout") or []:  # what must not be written: markup from an input
        assert line not in out, f"written on stdout: {line}\nstdout:\n{out}"
    assert "Traceback" not in err
