"""Shared fixtures: the bundled scheme, and a CLI runner that captures output."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import dutyscore
from dutyscore.cli import main

#: Every evaluation in the suite checks that its ledger adds up to each total (off by default).
os.environ.setdefault("DUTYSCORE_CHECK_BALANCE", "1")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "jiangsu-platform-2018"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture(scope="session")
def jiangsu() -> dutyscore.Scheme:
    return dutyscore.load_scheme("jiangsu-platform-2018")


@pytest.fixture(scope="session")
def jiangsu_text() -> str:
    return (ROOT / "schemes" / "jiangsu-platform-2018.yaml").read_text("utf-8")


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    """Run ``dutyscore ARGS…`` in-process; returns exit code, stdout and stderr."""

    def run(*args: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(args), out=out, err=err)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run
