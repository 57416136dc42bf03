"""One unit's ledger explained line by line, from the base points to the total and grade.

An auditor must be able to explain any unit's score from this alone: every line
names its rule, clause, records, raw and applied amount, and each decision
(dedup, cap, condition, exemption) that shaped it. Every line comes from the message
catalogue (:mod:`dutyscore._messages`), in Chinese unless English is asked for; the engine's
own account of a computation (the ``detail`` of a ledger line) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._exact import magnitude
from .._messages import Lang, say
from .display import Display
from .evaluation import Evaluation


def _listed(ids: Sequence[str], lang: Lang, most: int = 10) -> str:
    shown = ("、" if lang == "zh" else ", ").join(ids[:most])
    return shown + (say("explain.more", lang, n=len(ids)) if len(ids) > most else "")


def explain(ev: Evaluation, unit_id: str, *, exact: bool = False, lang: Lang = "zh") -> str:
    """The ledger of one unit as lines, from the base to the total; amounts rounded for display
    (:class:`~dutyscore.results.display.Display`), or exact."""
    show = Display.of(ev.scheme, exact=exact)
    text, signed_text = show.amount, show.signed
    m = ev.unit_model(unit_id)
    titles = {i.id: i.title for i in ev.scheme.all_items()}
    cohort = m.category or say("explain.no_cohort", lang)
    out = [
        say(
            "explain.head",
            lang,
            unit=m.unit,
            name=m.name,
            cohort=cohort,
            scheme=ev.scheme.id,
            version=ev.scheme.version,
            period=ev.period,
        )
    ]
    out.append(say("explain.base", lang, base=text(m.base)))
    last = ("bound", "override", "rounding")
    ordered = [e for e in m.ledger if e.kind not in last] + [e for e in m.ledger if e.kind in last]
    for e in ordered:
        if e.kind == "base":
            continue
        where = f"{e.item} {titles.get(e.item, '')}" if e.item else say("explain.total_item", lang)
        kind = say(f"kind.{e.kind}", lang)
        line = say(
            "explain.line", lang, amount=signed_text(e.applied), kind=kind, where=where, rule=e.rule or "-"
        )
        if e.clause:
            line += say("explain.clause", lang, clause=e.clause)
        out.append(line)
        if lang == "zh" and e.rule_title:
            out.append(say("explain.rule_title", lang, title=e.rule_title))
        out.append(say("explain.detail", lang, detail=e.detail))
        if e.records:
            out.append(say("explain.records", lang, records=_listed(e.records, lang, 1000)))
        if e.counted:
            out.append(say("explain.counted", lang, records=_listed(e.counted, lang)))
        if e.raw != e.applied:
            out.append(say("explain.raw", lang, raw=text(e.raw), applied=text(e.applied)))
        for d in e.decisions:
            what = say(f"decision.{d.kind}", lang)
            out.append(
                say("explain.decision", lang, what=what, by=d.by, lost=signed_text(-d.lost), detail=d.detail)
            )
    if ev.scheme.composition.kind == "weighted":
        parts = []
        for sec, score, weight, contribution in ev.section_scores(unit_id):
            if sec.weight is not None:
                out.append(
                    say(
                        "explain.section",
                        lang,
                        title=sec.title,
                        score=text(score),
                        weight=text(weight),
                        contribution=text(contribution),
                    )
                )
            else:
                out.append(
                    say("explain.section_plain", lang, title=sec.title, contribution=text(contribution))
                )
            parts.append(text(contribution))
        if m.adjustment:
            parts.append(say("explain.adjustment", lang, amount=signed_text(m.adjustment)))
        out.append(say("explain.total_weighted", lang, parts=" + ".join(parts), total=text(m.total)))
    else:
        adjustment = (
            say(
                "explain.total_adjustment",
                lang,
                sign="+" if m.adjustment >= 0 else "-",
                amount=text(magnitude(m.adjustment)),
            )
            if m.adjustment
            else ""
        )
        out.append(
            say(
                "explain.total",
                lang,
                base=text(m.base),
                bonus=text(m.bonus),
                deduction=text(m.deduction),
                adjustment=adjustment,
                total=text(m.total),
            )
        )
    if m.grade is not None:
        line = say("explain.grade", lang, grade=m.grade)
        if m.grade != m.grade_by_score:
            line += say("explain.grade_by_score", lang, grade=m.grade_by_score)
        out.append(line)
        out.extend(f"    {reason}" for reason in m.grade_reasons)
        for v in m.vetoes:
            out.append(
                say(
                    "explain.veto",
                    lang,
                    veto=v.veto,
                    title=v.title,
                    records=_listed(v.records, lang, 1000),
                    at_most=v.at_most,
                    clause=v.clause,
                )
            )
    for c in m.consequences:
        out.append(say("explain.consequence", lang, title=c.title, clause=c.clause, because=c.because))
    if m.rank is not None:
        flags = m.flag_titles if lang == "zh" else m.flags
        out.append(
            say("explain.rank", lang, rank=m.rank, size=m.cohort_size, cohort=m.category)
            + (
                say("explain.flags", lang, flags=("、" if lang == "zh" else ", ").join(flags))
                if flags
                else ""
            )
        )
    counts: dict[str, int] = {}
    for r in m.records:
        counts[r.status] = counts.get(r.status, 0) + 1
    said = ("、" if lang == "zh" else ", ").join(
        f"{say(f'status.{k}', lang)} {v}" for k, v in sorted(counts.items())
    )
    out.append(say("explain.statuses", lang, counts=said or say("explain.none", lang)))
    for r in m.records:
        if r.status in ("unmatched", "out_of_period"):
            out.append(
                say(
                    "explain.record_left",
                    lang,
                    record=r.record,
                    kind=r.kind,
                    status=say(f"status.{r.status}", lang),
                )
            )
    out.extend(say("explain.warning", lang, message=w.message) for w in ev.unit_warnings(unit_id))
    return "\n".join(out)
