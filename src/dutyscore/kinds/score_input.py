"""``score_input``: reviewers' scores on records become an item's score (Puyang's monthly
reviews, the three year-end methods), by mean, sum or the latest."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Literal

from pydantic import Field

from .._exact import ZERO, magnitude, normal, text
from ..records.model import Record, order_of
from ..scheme.parts import Id
from ..scoring.context import UnitContext
from ..scoring.ledger import Decision, Entry
from .base import Read, RuleBase, RuleKind, Traits, record_entry, register_rule_kind


class ScoreInput(RuleBase):
    """A score entered on records, aggregated by ``mean``, ``sum`` or ``latest``.

    With ``one_per: month`` (or ``period``) a later-recorded score for the same
    month replaces an earlier one, which stays in the ledger as superseded.
    """

    kind: Literal["score_input"]
    attribute: Id = Field(description="the decimal or integer attribute that holds the score")
    aggregate: Literal["mean", "sum", "latest"]
    one_per: Literal["month", "period"] | None = Field(
        None, description="one score per month (or per period): a later-recorded one replaces it"
    )

    def reads(self) -> Iterator[Read]:
        yield from super().reads()
        yield Read(
            ("attribute",),
            self.attribute,
            frozenset({"decimal", "integer"}),
            "score attribute",
            "a decimal or integer",
        )


def _period_key(rule: ScoreInput, rec: Record) -> object:
    if rule.one_per == "month":
        return (rec.act_date.year, rec.act_date.month)
    if rule.one_per == "period":
        return "period"
    return rec.id


def evaluate(rule: ScoreInput, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """Superseded scores as zero entries, then the standing ones.

    The mean is exact: each month's entry is its score divided by the number
    of months, so the entries add up to the mean.
    """
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
            entry = record_entry(rule, ctx, rec, rule.item, value, f"score {text(value)}", kind="score")
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
        ctx.warn("no_score", rule, f"no score recorded for item {rule.item}")
        return out
    if rule.aggregate == "latest":
        winners = [max(winners, key=lambda r: (r.record_date, r.id))]
    n = len(winners)
    for rec in sorted(winners, key=order_of):
        value = normal(rec.attributes[rule.attribute])
        if rule.aggregate == "mean" and n > 1:
            amount = normal(Fraction(value) / n)
            detail = f"score {text(value)} ÷ {n} ({'months' if rule.one_per == 'month' else 'records'}, mean)"
        else:
            amount = value
            detail = f"score {text(value)}" + (" (latest)" if rule.aggregate == "latest" else "")
        out.append(record_entry(rule, ctx, rec, rule.item, amount, detail, kind="score"))
    return out


KIND = register_rule_kind(
    RuleKind(
        "score_input", ScoreInput, evaluate, traits=Traits(cappable=False, entry_kinds=frozenset({"score"}))
    )
)
