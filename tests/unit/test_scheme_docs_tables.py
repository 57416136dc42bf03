"""Each ``docs/schemes/<id>.md`` embeds its scheme's table as ``dutyscore show`` renders it, so the
page an author reads beside the source can never drift from the scheme."""

from __future__ import annotations

from pathlib import Path

import pytest

import dutyscore
from dutyscore.results.render import render
from dutyscore.results.rubric import rubric

DOCS = Path(__file__).resolve().parents[2] / "docs" / "schemes"


@pytest.mark.parametrize("sid", dutyscore.bundled_scheme_ids())
def test_the_embedded_table_is_the_generated_one(sid: str) -> None:
    page = (DOCS / f"{sid}.md").read_text("utf-8")
    assert "<!-- rubric:" in page, f"docs/schemes/{sid}.md embeds no table"
    embedded = page[page.index("<!-- rubric:") :].split("-->\n", 1)[1].split("\n<!-- /rubric -->", 1)[0]
    generated = render(rubric(dutyscore.load_scheme(sid)), "rubric", "md").split("\n", 2)[2].strip()
    assert embedded == generated, f"regenerate the table of docs/schemes/{sid}.md from `dutyscore show {sid}`"
