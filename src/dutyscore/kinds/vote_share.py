"""``vote_share``: the share of one kind of vote decides an outcome, not points
(述责述廉 一般票 over 1/3 → criticism)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import Field

from .._exact import ZERO
from .._problems import Problem
from ..records.model import Record
from ..scheme.parts import CountOp, Frozen, Id, SchemeAmount
from ..scheme.refs import RuleChecks
from ..scoring.context import UnitContext
from ..scoring.ledger import Entry
from ..scoring.match import count_holds, describe_condition
from .base import Read, RuleBase, RuleKind, Traits, record_entry, register_rule_kind

_INTEGER = frozenset({"integer"})


class Share(Frozen):
    """Whose share: ``of`` among the votes ``among`` (which must include it)."""

    of: Id
    among: Annotated[tuple[Id, ...], Field(min_length=1)]


class ShareOutcome(Frozen):
    """When the share meets ``when`` (e.g. ``{gt: "1/3"}``), the unit gets ``outcome``."""

    when: Annotated[dict[CountOp, SchemeAmount], Field(min_length=1)]
    outcome: Id
    title: str
    consequences: tuple[Id, ...] = ()


class VoteShare(RuleBase):
    """The share of ``share.of`` votes among ``share.among`` decides an outcome flag; no points."""

    kind: Literal["vote_share"]
    share: Share
    outcomes: Annotated[tuple[ShareOutcome, ...], Field(min_length=1)]

    def consequences_of(self, label: str) -> tuple[str, ...]:
        return next((o.consequences for o in self.outcomes if o.outcome == label), ())

    def consequence_refs(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        for i, o in enumerate(self.outcomes):
            for j, c in enumerate(o.consequences):
                yield ("outcomes", i, "consequences", j), c

    def reads(self) -> Iterator[Read]:
        yield from super().reads()
        yield Read(("share", "of"), self.share.of, _INTEGER, "vote attribute", "an integer")
        for j, attr in enumerate(self.share.among):
            yield Read(("share", "among", j), attr, _INTEGER, "vote attribute", "an integer")


def check(rule: VoteShare, checks: RuleChecks) -> Iterable[Problem]:
    if rule.share.of not in rule.share.among:
        yield checks.problem(("share", "of"), f"{rule.share.of!r} must be one of 'among'")


def ratio(value: Fraction) -> str:
    """A share as people write it in these documents: 1/3, 1/2, 2/5."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def evaluate(rule: VoteShare, matches: Sequence[Record], ctx: UnitContext) -> list[Entry]:
    """One zero-point ``outcome`` entry per record, labelled with the outcome that holds."""
    out = []
    for rec in matches:
        votes = [int(rec.attributes.get(a, 0)) for a in rule.share.among]
        cast = sum(votes)
        if cast == 0:
            ctx.warn("no_votes", rule, f"record {rec.id} has no votes", rec.id)
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
        entry = record_entry(rule, ctx, rec, rule.item, ZERO, detail, kind="outcome")
        entry.label = hit.outcome if hit is not None else ""
        out.append(entry)
    return out


KIND = register_rule_kind(
    RuleKind(
        "vote_share",
        VoteShare,
        evaluate,
        check,
        Traits(books_to_item=False, cappable=False, entry_kinds=frozenset({"outcome"})),
    )
)
