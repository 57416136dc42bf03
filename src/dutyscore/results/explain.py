"""One unit's ledger explained line by line, from the base points to the total and grade.

An auditor must be able to explain any unit's score from this alone: every line
names its rule, clause, records, raw and applied amount, and each decision
(dedup, cap, condition, exemption) that shaped it.
"""

from __future__ import annotations

from .._exact import magnitude
from .display import Display
from .evaluation import Evaluation


def explain(ev: Evaluation, unit_id: str, *, exact: bool = False) -> str:
    """The ledger of one unit as lines, from the base to the total; amounts rounded for display
    (:class:`~dutyscore.results.display.Display`), or exact."""
    show = Display.of(ev.scheme, exact=exact)
    text, signed_text = show.amount, show.signed
    m = ev.unit_model(unit_id)
    titles = {i.id: i.title for i in ev.scheme.all_items()}
    out = [
        f"{m.unit} {m.name} ({m.category or 'no cohort'}) — {ev.scheme.id} {ev.scheme.version}, "
        f"period {ev.period}"
    ]
    out.append(f"base points: {text(m.base)}")
    last = ("bound", "override", "rounding")
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
            out.append(f"    {d.kind} by {d.by}: {signed_text(-d.lost)} ({d.detail})")
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
            f"total: {text(m.base)} + {text(m.bonus)} - {text(m.deduction)}"
            + (
                f" {'+' if m.adjustment >= 0 else '-'} {text(magnitude(m.adjustment))} (adjustment)"
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
    for c in m.consequences:
        out.append(f"consequence: {c.title} ({c.clause}) — {c.because}")
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
    out.extend(f"warning: {w.message}" for w in ev.unit_warnings(unit_id))
    return "\n".join(out)
