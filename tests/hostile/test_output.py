"""Output that cannot change what it carries: the result JSON indents only at its own line ends,
so a text holding U+2028, U+2029 or U+0085 (which ``textwrap.indent`` took for line ends) comes
back exactly; the written JSON is what the model dumps."""

from __future__ import annotations

import io
import json

import pytest

import dutyscore
from dutyscore.records.read import RawRecord

ODD = ["a\u2028b", "c\u2029d", "e\u0085f"]


@pytest.mark.parametrize("odd", ODD)
def test_line_separators_in_invalid_and_warning_texts_come_back_exactly(odd: str) -> None:
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    raws = [
        RawRecord(
            {
                "id": "ok",
                "unit": "nanjing",
                "kind": "duty_record",
                "act_date": "2018-05-07",
                "record_date": "2018-05-08",
                "attributes": {"item": "p1", "qualifying": True},
            },
            "rows",
            1,
        ),
        RawRecord(
            {
                "id": odd,
                "unit": "nanjing",
                "kind": odd,
                "act_date": "2018-05-07",
                "record_date": "2018-05-08",
            },
            f"rows{odd}",
            2,
        ),
    ]
    records, problems = dutyscore.validate_records(raws, scheme)
    skipped = dutyscore.Skipped.of(raws, records, problems)
    ev = dutyscore.evaluate(scheme, records, period=2018, skipped=skipped)
    out = io.StringIO()
    ev.write_json(out)
    assert out.getvalue() == ev.to_model().model_dump_json(indent=2) + "\n"
    result = json.loads(out.getvalue())
    assert [(i["record"], i["file"]) for i in result["invalid"]] == [(odd, f"rows{odd}")]
    assert result["units"][0]["skipped_records"] == [odd]
