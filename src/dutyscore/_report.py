"""Human-readable output: the score table (Chinese titles) and a unit's explained ledger."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ._evaluate import Evaluation
from ._exact import Exact, magnitude, text
from ._result import ComplianceReportModel


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
    has_inputs = any(r.kind == "score_input" for r in scheme.rules)
    has_grade = scheme.grading is not None
    sections = [
        f"{sec.title} ×{text(sec.weight)}" if sec.weight is not None else sec.title for sec in scheme.items
    ]
    header = ["单位 unit", "名称 name", "类别 cohort", "排名 rank", *sections, "基本分 base"]
    header += ["评分 inputs"] if has_inputs else []
    header += ["加分 bonus", "扣分 deduction", "调整 adjustment", "总分 total"]
    header += ["等次 grade"] if has_grade else []
    header += ["flags"]
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
        rows.append(row)
    right = [False, False, False] + [True] * (len(header) - 4) + [False]
    if has_grade:
        right[-2] = False
    lines = [f"{scheme.title} ({scheme.id} {scheme.version}) — {ev.period}", table(rows, right)]
    lines.extend(f"warning: {w}" for w in ev.warnings)
    return "\n".join(lines)


def explain(ev: Evaluation, unit_id: str) -> str:
    """The ledger of one unit as lines, from the base to the total."""
    m = ev.unit_model(unit_id)
    titles = {i.id: i.title for i in ev.scheme.all_items()}
    out = [
        f"{m.unit} {m.name} ({m.category or 'no cohort'}) — {ev.scheme.id} {ev.scheme.version}, "
        f"period {ev.period}"
    ]
    out.append(f"base points: {text(m.base)}")
    last = ("override", "rounding")
    ordered = [e for e in m.ledger if e.kind not in last] + [e for e in m.ledger if e.kind in last]
    for e in ordered:
        if e.kind == "base":
            continue
        where = f"[{e.item} {titles.get(e.item, '')}]" if e.item else "[total]"
        line = f"{signed_text(e.applied)} {e.kind} {where} rule {e.rule or '-'}"
        if e.clause:
            line += f" ({e.clause})"
        out.append(line)
        out.append(f"    {e.detail}")
        if e.records:
            out.append(f"    records: {', '.join(e.records)}")
        if e.counted:
            shown = ", ".join(e.counted[:10]) + (
                f" … (+{len(e.counted) - 10})" if len(e.counted) > 10 else ""
            )
            out.append(f"    counted: {shown}")
        if e.raw != e.applied:
            out.append(f"    raw {text(e.raw)} → applied {text(e.applied)}")
        for d in e.decisions:
            out.append(f"    {d.kind} by {d.by}: −{text(d.lost)} ({d.detail})")
    if ev.scheme.composition.kind == "weighted":
        parts = []
        for sec, score, weight, contribution in ev.section_scores(unit_id):
            if sec.weight is not None:
                out.append(f"{sec.title}: {text(score)} × {text(weight)} = {text(contribution)}")
            else:
                out.append(f"{sec.title}: {text(contribution)}")
            parts.append(text(contribution))
        if m.adjustment:
            parts.append(f"{signed_text(m.adjustment)} (adjustment)")
        out.append(f"total: {' + '.join(parts)} = {text(m.total)}")
    else:
        out.append(
            f"total: {text(m.base)} + {text(m.bonus)} − {text(m.deduction)}"
            + (
                f" {'+' if m.adjustment >= 0 else '−'} {text(magnitude(m.adjustment))} (adjustment)"
                if m.adjustment
                else ""
            )
            + f" = {text(m.total)}"
        )
    if m.grade is not None:
        line = f"grade: {m.grade}"
        if m.grade != m.grade_by_score:
            line += f" (by score {m.grade_by_score})"
        out.append(line)
        out.extend(f"    {reason}" for reason in m.grade_reasons)
        for v in m.vetoes:
            records = ", ".join(v.records)
            out.append(f"    veto {v.veto}: {v.title} — records {records}; at most {v.at_most} ({v.clause})")
    if m.rank is not None:
        out.append(
            f"rank {m.rank} of {m.cohort_size} in {m.category}"
            + (f"; flags: {', '.join(m.flags)}" if m.flags else "")
        )
    counts: dict[str, int] = {}
    for r in m.records:
        counts[r.status] = counts.get(r.status, 0) + 1
    out.append("records: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"))
    for r in m.records:
        if r.status in ("unmatched", "out_of_period"):
            out.append(f"    {r.record} ({r.kind}): {r.status.replace('_', ' ')}")
    out.extend(f"warning: {w}" for w in ev.warnings if f"unit {unit_id}:" in w or not w.startswith("unit "))
    return "\n".join(out)


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
    lines.extend(f"warning: {w}" for w in report.warnings)
    return "\n".join(lines)
