"""What the format reference tells a user to do works as written."""

from __future__ import annotations

import re
from pathlib import Path

import dutyscore

from .test_user_rule_kind import SCHEME

DOC = Path(__file__).resolve().parents[2] / "docs" / "scheme-format.md"


def test_the_adding_a_kind_example_runs() -> None:
    section = DOC.read_text("utf-8").split("## Adding a rule kind", 1)[1].split("\n## ", 1)[0]
    code = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(code) == 1
    namespace: dict[str, object] = {"__name__": "doc_example"}
    try:
        exec(
            compile(code[0], str(DOC), "exec", dont_inherit=True), namespace
        )  # the documented snippet, as written
        scheme, _ = dutyscore.load_scheme_text(SCHEME)
        days = [f"2024-{m:02d}-05" for m in range(1, 13)]
        raws = [
            dutyscore.RawRecord(
                {"id": f"s{i}", "unit": "u1", "kind": "study_session", "act_date": d, "record_date": d}
            )
            for i, d in enumerate(days)
        ]
        records, problems = dutyscore.validate_records(raws, scheme)
        assert problems == []
        assert dutyscore.evaluate(scheme, records, period=2024).totals["u1"] == 5  # 10 months × 0.5
    finally:
        dutyscore.unregister_rule_kind("monthly_presence")
