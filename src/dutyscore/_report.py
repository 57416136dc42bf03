"""Human-readable output: the score table (Chinese titles) and a unit's explained ledger."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from ._evaluate import Evaluation
from ._result import canonical


def signed_text(value: Decimal) -> str:
    """+1, −0.5 or 0: the sign a reader of a ledger expects."""
    if value == 0:
        return "0"
    return ("+" if value > 0 else "−") + canonical(abs(value))


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
    """One line per unit: cohort, rank, a column per top-level section (its Chinese title),
    base, bonus, deduction, adjustment, total and flags; then the warnings."""
    sections = list(ev.scheme.items)
    leaves_of = {sec.id: {i.id for i in sec.walk() if i.is_leaf} for sec in sections}
    header = [
        "单位 unit",
        "名称 name",
        "类别 cohort",
        "排名 rank",
        *(sec.title for sec in sections),
        "基本分 base",
        "加分 bonus",
        "扣分 deduction",
        "调整 adjustment",
        "总分 total",
        "flags",
    ]
    rows = [header]
    ordered = sorted(
        ev.outcomes.values(), key=lambda o: (o.unit.category or "", o.standing.rank or 0, o.unit.id)
    )
    for o in ordered:
        m = ev.unit_model(o.unit.id)
        rank = f"{m.rank}/{m.cohort_size}" if m.rank is not None else "-"
        section_scores = [
            canonical(sum((i.score for i in m.items if i.item in leaves_of[sec.id]), Decimal(0)))
            for sec in sections
        ]
        rows.append(
            [
                m.unit,
                m.name,
                m.category or "-",
                rank,
                *section_scores,
                canonical(m.base),
                canonical(m.bonus),
                canonical(m.deduction),
                signed_text(m.adjustment),
                canonical(m.total),
                ",".join(m.flags),
            ]
        )
    right = [False, False, False] + [True] * (len(sections) + 6) + [False]
    lines = [f"{ev.scheme.title} ({ev.scheme.id} {ev.scheme.version}) — {ev.period}", table(rows, right)]
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
    out.append(f"base points: {canonical(m.base)}")
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
            out.append(f"    raw {canonical(e.raw)} → applied {canonical(e.applied)}")
        for d in e.decisions:
            out.append(f"    {d.kind} by {d.by}: −{canonical(d.lost)} ({d.detail})")
    out.append(
        f"total: {canonical(m.base)} + {canonical(m.bonus)} − {canonical(m.deduction)}"
        + (
            f" {'+' if m.adjustment >= 0 else '−'} {canonical(abs(m.adjustment))} (adjustment)"
            if m.adjustment
            else ""
        )
        + f" = {canonical(m.total)}"
    )
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
