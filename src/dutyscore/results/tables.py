"""Human-readable tables: the score table (Chinese titles) and the compliance table."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence

from .._exact import text
from .._messages import Lang, say
from .._shown import terminal_safe
from ..kinds.base import rule_kind
from ..records.invisible import CHARACTERS
from .display import Display
from .evaluation import Evaluation
from .models import FIRST_SKIPPED, ComplianceReportModel


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def table(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    """Rows as aligned columns; CJK characters count as two columns wide; a control character of
    an input shown as its escape (:func:`terminal_safe`), measured as it is shown."""
    rows = [[terminal_safe(cell) for cell in row] for row in rows]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(_pad(cell, widths[i], right[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    )


#: A cell: its text, and whether it is a number dutyscore wrote (else text from an input).
Cell = tuple[str, bool]


#: What a grade (and, as ``*``, a total) is marked with when records of its unit were skipped.
PROVISIONAL = "（暂定 provisional）"


def _score_rows(ev: Evaluation, *, rank_split: bool, show: Display) -> tuple[list[str], list[list[Cell]]]:
    """The score table's header and one row per unit (by cohort, then rank): cohort, rank, a
    column per top-level section (its Chinese title, with its weight where it has one), then
    base, inputs, bonus, deduction, adjustment, total, grade, flags and consequences.
    ``rank_split`` gives rank and cohort size two columns (a spreadsheet reads 3/7 as a date);
    amounts as ``show`` shows them."""
    scheme = ev.scheme
    has_inputs = any("score" in rule_kind(r.kind).traits.entry_kinds for r in scheme.rules)
    has_grade = scheme.grading is not None
    has_consequences = bool(scheme.consequences)
    sections = [
        f"{sec.title} ×{text(sec.weight)}" if sec.weight is not None else sec.title for sec in scheme.items
    ]
    header = ["单位 unit", "名称 name", "类别 cohort"]
    header += ["排名 rank", "人数 cohort size"] if rank_split else ["排名 rank"]
    header += [*sections, "基本分 base"]
    header += ["评分 inputs"] if has_inputs else []
    header += ["加分 bonus", "扣分 deduction", "调整 adjustment", "总分 total"]
    header += ["等次 grade"] if has_grade else []
    header += ["处理 flags"]
    header += ["后果 consequences"] if has_consequences else []
    has_skipped = bool(ev.skipped.by_unit)
    header += ["跳过 skipped"] if has_skipped else []
    rows: list[list[Cell]] = []
    ordered = sorted(
        ev.outcomes.values(), key=lambda o: (o.unit.category or "", o.standing.rank or 0, o.unit.id)
    )
    for o in ordered:  # sums only: the table needs no ledger or record models
        sums = ev.unit_sums(o.unit.id)
        st = o.standing
        row: list[Cell] = [(o.unit.id, False), (o.unit.name, False), (o.unit.category or "-", False)]
        if rank_split:
            row += (
                [(str(st.rank), True), (str(st.cohort_size), True)]
                if st.rank is not None
                else [("-", False)] * 2
            )
        else:
            row += [(f"{st.rank}/{st.cohort_size}" if st.rank is not None else "-", False)]
        row += [(show.amount(score), True) for _, score, _, _ in ev.section_scores(o.unit.id)]
        amounts = [sums["base"], *([sums["inputs"]] if has_inputs else []), sums["bonus"], sums["deduction"]]
        row += [(show.amount(a), True) for a in amounts]
        adjustment = sums["adjustment"]
        skipped = len(ev.skipped.of_unit(o.unit.id))
        mark = PROVISIONAL if skipped else ""
        row += [(show.amount(adjustment) if rank_split else show.signed(adjustment), True)]
        row += [(show.amount(o.total) + ("" if rank_split else mark and "*"), True)]
        row += [((o.grade.grade if o.grade else "-") + mark, False)] if has_grade else []
        titled = (f"{ev.flag_title(f)}({f})" if ev.flag_title(f) != f else f for f in st.flags)
        row += [(",".join(titled), False)]
        if has_consequences:
            row += [("、".join(c.title for c in ev.consequences(o.unit.id)), False)]
        row += [(str(skipped), True)] if has_skipped else []
        rows.append(row)
    return header, rows


def score_table(ev: Evaluation, *, exact: bool = False) -> str:
    """One aligned line per unit (see :func:`_score_rows`), then the warnings; amounts rounded
    for display (:class:`Display`), or exact."""
    scheme = ev.scheme
    header, rows = _score_rows(ev, rank_split=False, show=Display.of(scheme, exact=exact))
    left = {"等次 grade", "处理 flags", "后果 consequences"}
    right = [i > 2 and h not in left for i, h in enumerate(header)]
    lines = [
        f"{scheme.title} ({scheme.id} {scheme.version}) — {ev.period}",
        table([header, *([cell for cell, _ in row] for row in rows)], right),
    ]
    for unit, ids in ev.skipped.by_unit.items():
        shown = ", ".join(ids[:FIRST_SKIPPED]) + (" …" if len(ids) > FIRST_SKIPPED else "")
        said = (
            "总分、排名和等次为暂定 total, rank and grade provisional"
            if unit in ev.outcomes
            else "该单位未计分 the unit is not scored"
        )
        lines.append(f"* {unit}: {len(ids)} 条无效记录已跳过 invalid record(s) skipped ({shown}); {said}")
    lines.extend(f"warning: {w.message}" for w in ev.warnings)
    return "\n".join(lines)


#: What a spreadsheet takes for the start of a formula, with the full-width forms a Chinese
#: input method types: a cell of input text that starts so gets a leading apostrophe, which
#: the spreadsheet shows as text (``=cmd|' /C calc'!A0`` as an id runs nothing).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


#: What may stand before a formula's first character unseen, or be trimmed by a spreadsheet:
#: blanks (U+3000 too), control characters, zero-width and bidi characters, the BOM.
_LEAD = "".join(chr(c) for c in range(0x21)) + "\u00a0\u3000\u2000\u2001\u2002\u2003\u2009\u202f" + CHARACTERS


def spreadsheet_text(cell: str) -> str:
    """``cell`` as a spreadsheet must receive text from an input: never as a formula, even
    behind leading blanks or invisible characters (``  =1+1``, ``\u200b=cmd|…``)."""
    formula = cell.startswith(FORMULA_STARTS) or cell.lstrip(_LEAD).startswith(FORMULA_STARTS)
    return "'" + cell if formula else cell


def score_csv(ev: Evaluation, *, exact: bool = False) -> str:
    """The score table as CSV for a spreadsheet: one row per unit, rank and cohort size apart,
    amounts as numbers rounded for display (unmarked, so that they stay numbers; ``exact``: as
    they are, fractions too), every cell of input text kept from being read as a formula. Save
    it as ``utf-8-sig`` (Excel on a Chinese Windows reads UTF-8 only after a byte order mark) or
    as GBK."""
    header, rows = _score_rows(ev, rank_split=True, show=Display.of(ev.scheme, exact=exact, mark=False))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([spreadsheet_text(h) for h in header])
    for row in rows:
        writer.writerow([cell if number else spreadsheet_text(cell) for cell, number in row])
    return out.getvalue()


def compliance_table(report: ComplianceReportModel, lang: Lang = "zh") -> str:
    """One line per unit, obligation and instance, with the due date and the fulfilling records;
    in Chinese the obligation's title beside its id."""
    header = say("due.columns", lang).split("|")
    if lang == "zh":
        header.insert(2, "名称")
    rows = [header]
    for r in report.rows:
        row = [
            r.unit,
            r.obligation,
            r.instance,
            say(f"due.{r.status}", lang),
            r.due.isoformat(),
            ",".join(r.records),
        ]
        if lang == "zh":
            row.insert(2, r.title)
        rows.append(row)
    counts: dict[str, int] = {}
    for r in report.rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = ("、" if lang == "zh" else ", ").join(
        say("due.count", lang, status=say(f"due.{k}", lang), n=counts[k])
        for k in ("met", "missed", "warned", "due")
        if k in counts
    )
    head = say(
        "due.head",
        lang,
        scheme=report.scheme,
        version=report.scheme_version,
        as_of=report.as_of,
        summary=summary or say("due.none", lang),
    )
    lines = [head]
    if len(rows) > 1:
        lines.append(table(rows, [False] * len(header)))
    lines.extend(say("explain.warning", lang, message=w.message) for w in report.warnings)
    return "\n".join(lines)
