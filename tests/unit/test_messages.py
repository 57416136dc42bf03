"""The message catalogue: every code in Chinese and English with the same fields, and what
``explain`` says comes from it (Chinese by default, English on request)."""

from __future__ import annotations

import string
from collections.abc import Callable
from pathlib import Path

import pytest

from dutyscore._messages import CATALOGUE, language, say

from ..conftest import CliResult

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jiangsu-platform-2018"
EXPLAIN = [
    "explain", "--scheme", "jiangsu-platform-2018", "--unit", "wuxi", "--units", str(EXAMPLE / "units.yaml"),
    "--period", "2018", str(EXAMPLE / "duty-records.csv"), str(EXAMPLE / "findings.yaml"),
]  # fmt: skip


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_both_languages_with_the_same_fields(code: str) -> None:
    zh, en = CATALOGUE[code]
    assert zh.strip() and en.strip(), code
    assert _fields(zh) == _fields(en), code


def test_the_language_is_chinese_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUTYSCORE_LANG", raising=False)
    assert language() == "zh" and language("en") == "en"
    monkeypatch.setenv("DUTYSCORE_LANG", "en")
    assert language() == "en" and language("zh") == "zh"
    assert say("status.out_of_period", "zh") == "不在考核期内"


def test_explain_speaks_chinese_by_default(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DUTYSCORE_LANG", raising=False)
    zh = cli(*EXPLAIN)
    assert zh.code == 0
    lines = zh.out.splitlines()
    assert lines[:2] == [
        "无锡市（wuxi，设区市）— 方案 jiangsu-platform-2018 2018.1，考核期 2018",
        "基本分：80",
    ]
    assert "总分：基本分 80 + 加分 0 - 扣分 5 = 75" in lines
    assert "排名：设区市第3名（共5个）；处理：重点督导" in lines
    assert "    同一事项不重复计分，按最高分值计（highest-deduction）：-1（" in zh.out
    # the engine's own account of a computation (计算, and a decision's reason) stays as it is
    ours = [line.split("）：")[0] for line in lines if not line.startswith("    计算：")]
    for word in ("rule ", "records:", "total:", "base points", "grade:", "rank "):
        assert not any(word in line for line in ours), word
    monkeypatch.setenv("DUTYSCORE_LANG", "en")
    en = cli(*EXPLAIN)
    assert en.out.splitlines()[1] == "base points: 80" and "total: 80 + 0 - 5 = 75" in en.out
