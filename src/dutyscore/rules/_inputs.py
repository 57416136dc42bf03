"""Kinds that carry a number from the records rather than a fixed amount.

``score_input``: reviewers' scores (Puyang's monthly reviews, the three
year-end methods) become an item's score. ``vote_share``: the share of one
kind of vote decides an outcome (述责述廉 一般票 over 1/3 → criticism).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from .._exact import ZERO, magnitude, normal, text
from .._ledger import Decision, Entry
from .._match import count_holds, describe_condition
from .._records import Record
from .._scheme_model import Rule
from ._context import RuleContext, record_entry, register


def _period_key(rule: Rule, rec: Record) -> object:
    if rule.one_per == "month":
        return (rec.act_date.year, rec.act_date.month)
    if rule.one_per == "period":
        return "period"
    return rec.id


@register("score_input")
def score_input(rule: Rule, matches: Sequence[Record], ctx: RuleContext) -> list[Entry]:
    """A score entered on records, aggregated by ``mean``, ``sum`` or ``latest``.

    With ``one_per: month`` (or ``period``) a later-recorded score for the same
    month replaces an earlier one, which stays in the ledger as superseded.
    The mean is exact: each month's entry is its score divided by the number
    of months, so the entries add up to the mean.
    """
    assert rule.attribute is not None
    groups: dict[object, list[Record]] = {}
    for rec in matches:
        groups.setdefault(_period_key(rule, rec), []).append(rec)
    out: list[Entry] = []
    winners: list[Record] = []
    for key in sorted(groups, key=str):
        ordered = sorted(groups[key], key=lambda r: (r.record_date, r.id))
        winner = ordered[-1]
        winners.append(winner)
        for rec in ordered[:-1]:
            value = normal(rec.attributes[rule.attribute])
            entry = record_entry(rule, ctx, rec, rule.item, value, f"score {text(value)}")
            entry.kind = "score"
            entry.cut(
                ZERO,
                Decision(
                    "superseded",
                    rule.id,
                    magnitude(value),
                    f"record {winner.id} entered later for the same {rule.one_per}",
                ),
            )
            out.append(entry)
    if not winners:
        ctx.warnings.append(f"unit {ctx.unit}: rule {rule.id}: no score recorded for item {rule.item}")
        return out
    if rule.aggregate == "latest":
        winners = [max(winners, key=lambda r: (r.record_date, r.id))]
    n = len(winners)
    for rec in sorted(winners, key=lambda r: (r.act_date, r.id)):
        value = normal(rec.attributes[rule.attribute])
        if rule.aggregate == "mean" and n > 1:
            amount = normal(Fraction(value) / n)
            detail = f"score {text(value)} ÷ {n} ({'months' if rule.one_per == 'month' else 'records'}, mean)"
        else:
            amount = value
            detail = f"score {text(value)}" + (" (latest)" if rule.aggregate == "latest" else "")
        entry = record_entry(rule, ctx, rec, rule.item, amount, detail)
        entry.kind = "score"
        out.append(entry)
    return out


def ratio(value: Fraction) -> str:
    """A share as people write it in these documents: 1/3, 1/2, 2/5."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


@register("vote_share")
def vote_share(rule: Rule, matches: Sequence[Record], ctx: RuleContext) -> list[Entry]:
    """The share of ``share.of`` among ``share.among`` votes decides an outcome (no points)."""
    assert rule.share is not None
    out = []
    for rec in matches:
        votes = [int(rec.attributes.get(a, 0)) for a in rule.share.among]
        cast = sum(votes)
        if cast == 0:
            ctx.warnings.append(f"unit {ctx.unit}: rule {rule.id}: record {rec.id} has no votes")
            continue
        counted = int(rec.attributes.get(rule.share.of, 0))
        share = Fraction(counted, cast)
        hit = next((o for o in rule.outcomes if count_holds(o.when, share)), None)
        detail = f"{rule.share.of} {counted} of {cast} votes = {ratio(share)}"
        if hit is not None:
            detail += (
                f" ({describe_condition({k: ratio(Fraction(v)) for k, v in hit.when.items()})}): {hit.title}"
            )
        else:
            detail += ": no consequence"
        entry = record_entry(rule, ctx, rec, rule.item, ZERO, detail)
        entry.kind = "outcome"
        entry.label = hit.outcome if hit is not None else ""
        out.append(entry)
    return out
