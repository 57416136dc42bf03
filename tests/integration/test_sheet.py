"""``dutyscore sheet``: the 评分表 each unit signs. Every bundled example renders, each unit's
sheet shows the total the evaluation gives, its rank, its grade and a signature block; the
reasons name the records with their dates; text from the inputs is escaped in the HTML, and
the HTML prints a unit a page in a real browser where one is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import dutyscore
from dutyscore.results.display import Display

from .._examples import SCORED
from ..conftest import CliResult

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = SCORED


def _args(scheme: str, period: str, files: list[str]) -> list[str]:
    example = ROOT / "examples" / scheme
    return [
        "--scheme", scheme, "--units", str(example / "units.yaml"), "--period", period,
        *(str(example / f) for f in files),
    ]  # fmt: skip


@pytest.mark.parametrize(("scheme", "period", "files"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_every_unit_has_its_sheet_with_its_total(
    scheme: str, period: str, files: list[str], cli: Callable[..., CliResult]
) -> None:
    args = _args(scheme, period, files)
    shown = cli("sheet", *args)
    assert shown.code == 0, shown.err
    loaded = dutyscore.load_scheme(scheme)
    example = ROOT / "examples" / scheme
    units = dutyscore.load_units(example / "units.yaml", loaded)
    ev = dutyscore.evaluate(
        loaded, dutyscore.load_records([example / f for f in files], loaded), units=units, period=int(period)
    )
    pages = shown.out.split("考核组成员（签字）")
    assert len(pages) == len(units) + 1
    show = Display.of(loaded)
    for page, unit in zip(pages, units, strict=False):
        assert f"被考核单位：{unit.name}（{unit.id}）" in page
        assert f"| {show.amount(ev.totals[unit.id])} |\n" in page.split("| 合计 |")[1]
    sheets_part = shown.out.split("年度考核排名")[0]  # the ranking pages' last column is 处理
    scores = [line.split("|")[-2].strip() for line in sheets_part.splitlines() if line[:2] == "| "]
    plain = r"(≈ )?-?\d+(\.\d+)?|得分|---|"  # no fraction
    assert all(re.fullmatch(plain, score) for score in scores), scores
    assert "−" not in shown.out


def test_reasons_name_records_with_their_dates(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    args = _args("jiangsu-platform-2018", "2018", ["duty-records.csv", "findings.yaml"])
    md = cli("sheet", *args, "--unit", "wuxi")
    assert md.code == 0
    assert "扣1分：因上级督办、媒体曝光等被查处问题的，1起扣1分（记录 wx-case-1（2018-07-18））" in md.out
    assert "未扣分：年内未开展党性党风党纪教育的，扣0.5分（未达到计分条件）" in md.out
    assert md.out.count("考核组成员（签字）") == 1


def test_the_html_prints_a_unit_a_page_in_chromium(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        pytest.skip("no Chromium here (.ci/run installs Debian's chromium and fonts-noto-cjk)")
    target = tmp_path / "sheets.html"
    args = _args("jiangsu-platform-2018", "2018", ["duty-records.csv", "findings.yaml"])
    made = cli("sheet", *args, "--format", "html", "--output", str(target))
    assert made.code == 0, made.err
    pdf = tmp_path / "sheets.pdf"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer"]  # fmt: skip
    subprocess.run(
        [browser, *flags, f"--print-to-pdf={pdf}", target.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    units, cohorts = 7, 2  # the example's seven units in two cohorts
    assert pages >= units + cohorts  # a unit (and a ranking) to a page at least
    size = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", data)
    assert size is not None
    width, height = sorted(float(x) for x in size.groups())
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    if shutil.which("pdftotext") is None:
        return  # the pages' text is checked where poppler-utils is installed (.ci/run installs it)
    starts, texts = [], []
    for page in range(1, pages + 1):
        done = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, check=True
        )
        text = done.stdout.decode("utf-8")
        starts.append(text.split("\n", 3)[:3])
        texts.append(text)
    units = dutyscore.load_units(
        ROOT / "examples" / "jiangsu-platform-2018" / "units.yaml",
        dutyscore.load_scheme("jiangsu-platform-2018"),
    )
    for unit in units:  # each unit's sheet begins a page: its title, then the unit
        assert [
            "2018年度履责记实信息平台运用监督管理考核评分细则评分表",
            "",
            f"被考核单位：{unit.name}（{unit.id}）",
        ] in starts
    assert sum("2018年度考核排名：" in text for text in texts) == cohorts  # a ranking to a page
