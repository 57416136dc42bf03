"""The hostile-input corpus: every input that once crashed, hung or silently changed a score,
with the located error (or the output) it must give now. One file per case in ``cases/``:

- ``about``: what went wrong before, in a sentence;
- ``files``: name → text (or ``{text, encoding}`` for bytes in another encoding);
- ``run``: the CLI's arguments, ``{name}`` standing for the path of a file of the case;
- ``exit``: the exit code; ``stderr`` / ``stdout``: lines the output must contain, with the
  case's folder left out of paths (``records.csv:3:1: …``).
"""

from __future__ import annotations

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
def test_hostile_input(path: Path, tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    case = yaml.safe_load(path.read_text("utf-8"))
    assert set(case) <= {"about", "files", "run", "exit", "stderr", "stdout"}, path.name
    assert case["about"], "say what went wrong before"
    names: dict[str, str] = {}
    for name, spec in (case.get("files") or {}).items():
        text, encoding = (spec, "utf-8") if isinstance(spec, str) else (spec["text"], spec["encoding"])
        (tmp_path / name).write_bytes(text.encode(encoding))
        names[name] = str(tmp_path / name)
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
    assert "Traceback" not in err
