"""Human-readable tables: the score table (Chinese titles) and the compliance table."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .._exact import Exact, magnitude, text
from ..kinds.base import rule_kind
from .evaluation import Evaluation
from .models import ComplianceReportModel


def signed_text(value: Exact) -> str:
    """+1, −0.5 or 0: the sign a reader of a ledger expects."""
    if value == 0:
        return "0"
    return ("+" if value > 0 else "−") + text(magnitude(value))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def table(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    """Rows as aligned columns; CJK characters count as two columns wide."""
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(_pad(cell, widths[i], right[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    )


def score_table(ev: Evaluation) -> str:
    """One line per unit: cohort, rank, a column per top-level section (its Chinese title,
    with its weight where it has one), then base, inputs, bonus, deduction, adjustment,
    total, grade and flags; then the warnings."""
    scheme = ev.scheme
    has_inputs = any("score" in rule_kind(r.kind).traits.entry_kinds for r in scheme.rules)
    has_grade = scheme.grading is not None
    sections = [
        f"{sec.title} ×{text(sec.weight)}" if sec.weight is not None else sec.title for sec in scheme.items
    ]
    header = ["单位 unit", "名称 name", "类别 cohort", "排名 rank", *sections, "基本分 base"]
    header += ["评分 inputs"] if has_inputs else []
    header += ["加分 bonus", "扣分 deduction", "调整 adjustment", "总分 total"]
    header += ["等次 grade"] if has_grade else []
    header += ["flags"]
    has_consequences = bool(scheme.consequences)
    header += ["后果 consequences"] if has_consequences else []
    rows = [header]
    ordered = sorted(
        ev.outcomes.values(), key=lambda o: (o.unit.category or "", o.standing.rank or 0, o.unit.id)
    )
    for o in ordered:  # sums only: the table needs no ledger or record models
        sums = ev.unit_sums(o.unit.id)
        st = o.standing
        rank = f"{st.rank}/{st.cohort_size}" if st.rank is not None else "-"
        row = [o.unit.id, o.unit.name, o.unit.category or "-", rank]
        row += [text(score) for _, score, _, _ in ev.section_scores(o.unit.id)]
        row += [text(sums["base"])] + ([text(sums["inputs"])] if has_inputs else [])
        row += [text(sums["bonus"]), text(sums["deduction"]), signed_text(sums["adjustment"]), text(o.total)]
        row += [o.grade.grade if o.grade else "-"] if has_grade else []
        row += [",".join(st.flags)]
        row += ["、".join(c.title for c in ev.consequences(o.unit.id))] if has_consequences else []
        rows.append(row)
    right = [False, False, False] + [True] * (len(header) - 4) + [False]
    if has_consequences:
        right[-2] = False
    if has_grade:
        right[-3 if has_consequences else -2] = False
    lines = [f"{scheme.title} ({scheme.id} {scheme.version}) — {ev.period}", table(rows, right)]
    lines.extend(f"warning: {w.message}" for w in ev.warnings)
    return "\n".join(lines)


_STATUS = {"met": "已完成 met", "missed": "逾期 missed", "warned": "预警 warned", "due": "待办 due"}


def compliance_table(report: ComplianceReportModel) -> str:
    """One line per unit, obligation and instance, with the due date and the fulfilling records."""
    rows = [["单位 unit", "义务 obligation", "期次 instance", "状态 status", "时限 due", "记录 records"]]
    for r in report.rows:
        rows.append(
            [r.unit, r.obligation, r.instance, _STATUS[r.status], r.due.isoformat(), ",".join(r.records)]
        )
    counts: dict[str, int] = {}
    for r in report.rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = ", ".join(f"{k} {counts[k]}" for k in ("met", "missed", "warned", "due") if k in counts)
    lines = [f"{report.scheme} {report.scheme_version} — as of {report.as_of}: {summary or 'no obligations'}"]
    if len(rows) > 1:
        lines.append(table(rows, [False, False, False, False, False, False]))
    lines.extend(f"warning: {w.message}" for w in report.warnings)
    return "\n".join(lines)
