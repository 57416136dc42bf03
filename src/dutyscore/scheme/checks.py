"""The semantic checks of a scheme that no JSON Schema can express.

Duplicate ids; references to missing items, event kinds, attributes, rules,
documents and obligations; section totals against their items; weights that do
not sum to 1; grading references; and each rule kind's own checks. They run on
the typed parts that passed the JSON Schema (:func:`typed_parts`), so a malformed
part is reported once, by the schema, and every other part is still checked.
No exception is caught here: a check that breaks is a bug to see.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from .._problems import Problem
from ..kinds.base import RuleBase, rule_kind, validate_rule
from .model import Cap, Composition, Consequence, Dedup, Grading, Ranking, Rounding, SchemeSource
from .obligations import Obligation, ObligationModel, Within
from .parts import Bound, Effective, EventKind, Item
from .refs import Checks, Path, SchemeRefs

M = TypeVar("M")
_OBLIGATION: TypeAdapter[ObligationModel] = TypeAdapter(Obligation)


@dataclass(slots=True)
class TypedParts:
    """The parts of a scheme document that passed the JSON Schema, as models, with their paths."""

    refs: SchemeRefs
    problems: list[Problem] = field(default_factory=list)
    source: SchemeSource | None = None
    effective: Effective | None = None
    items: list[tuple[Path, Item]] = field(default_factory=list)
    event_kinds: dict[str, EventKind] = field(default_factory=dict)
    rules: list[tuple[Path, RuleBase]] = field(default_factory=list)
    obligations: list[tuple[Path, ObligationModel]] = field(default_factory=list)
    caps: list[tuple[Path, Cap]] = field(default_factory=list)
    dedup: list[tuple[Path, Dedup]] = field(default_factory=list)
    composition: Composition | None = None
    ranking: Ranking | None = None
    rounding: Rounding | None = None
    grading: Grading | None = None
    weighted: bool = False
    consequences: list[tuple[Path, Consequence]] = field(default_factory=list)
    raw_ids: dict[str, list[tuple[Path, str]]] = field(default_factory=dict)


class _Builder:
    def __init__(self, doc: Mapping[str, Any], bad: Iterable[Path]) -> None:
        self.doc = doc
        self.bad = [tuple(p) for p in bad]
        self.parts = TypedParts(SchemeRefs())

    def clean(self, path: Path) -> bool:
        """No schema error lies at or below ``path``."""
        n = len(path)
        return not any(p[:n] == path for p in self.bad)

    def build(self, path: Path, value: Any, make: Callable[[Any], M]) -> M | None:
        """The model of a clean part; a part the schema passed but the model refuses is reported."""
        if not self.clean(path):
            return None
        try:
            return make(value)
        except PydanticValidationError as exc:
            for err in exc.errors():
                self.parts.problems.append(Problem(err["msg"], (*path, *err["loc"])))
            return None

    def listed(self, key: str) -> list[tuple[Path, Any]]:
        value = self.doc.get(key)
        return [((key, i), v) for i, v in enumerate(value)] if isinstance(value, list) else []

    def ids(self, key: str) -> list[tuple[Path, str]]:
        """The ids of a list's entries as written, for duplicate and reference checks."""
        return [
            (p, v["id"]) for p, v in self.listed(key) if isinstance(v, dict) and isinstance(v.get("id"), str)
        ]

    def run(self) -> TypedParts:
        d, parts, refs = self.doc, self.parts, self.parts.refs
        docs = d.get("documents")
        refs.documents = set(docs) if isinstance(docs, dict) else set()
        refs.partial = d.get("partial") is True
        cohorts = d.get("cohorts")
        refs.cohorts = tuple(str(c) for c in cohorts) if isinstance(cohorts, list) else ()
        declared = d.get("consequences")
        refs.consequence_ids = {str(k) for k in declared} if isinstance(declared, dict) else set()
        parts.consequences = [
            (("consequences", str(k)), c)
            for k, v in (declared.items() if isinstance(declared, dict) else ())
            if (c := self.build(("consequences", str(k)), v, Consequence.model_validate)) is not None
        ]
        comp = d.get("composition")
        parts.weighted = isinstance(comp, dict) and comp.get("kind") == "weighted"
        kinds = d.get("event_kinds")
        for name, raw in kinds.items() if isinstance(kinds, dict) else ():
            kind = self.build(("event_kinds", name), raw, EventKind.model_validate)
            refs.event_kinds[str(name)] = kind
            if kind is not None:
                parts.event_kinds[str(name)] = kind
        for path, raw in self.listed("items"):
            _walk_raw_items(raw, refs)
            item = self.build(path, raw, Item.model_validate)
            if item is None:
                refs.items_complete = False
            else:
                parts.items.append((path, item))
        for key in ("rules", "obligations", "caps", "dedup"):
            parts.raw_ids[key] = self.ids(key)
        refs.rule_ids = {rid for _, rid in parts.raw_ids["rules"]}
        refs.obligation_ids = {oid for _, oid in parts.raw_ids["obligations"]}
        for path, raw in self.listed("rules"):
            rule = self.build(path, raw, validate_rule)
            if rule is not None:
                parts.rules.append((path, rule))
                refs.rules.setdefault(rule.id, rule)
        for path, raw in self.listed("obligations"):
            ob = self.build(path, raw, _OBLIGATION.validate_python)
            if ob is not None:
                parts.obligations.append((path, ob))
                refs.obligations.setdefault(ob.id, ob)
        parts.caps = self.each("caps", Cap)
        parts.dedup = self.each("dedup", Dedup)
        parts.source = self.part("source", SchemeSource)
        parts.effective = self.part("effective", Effective)
        parts.composition = self.part("composition", Composition)
        parts.ranking = self.part("ranking", Ranking)
        parts.rounding = self.part("rounding", Rounding)
        parts.grading = self.part("grading", Grading)
        return parts

    def each(self, key: str, model: type[BaseModel]) -> list[tuple[Path, Any]]:
        out = []
        for path, raw in self.listed(key):
            built = self.build(path, raw, model.model_validate)
            if built is not None:
                out.append((path, built))
        return out

    def part(self, key: str, model: type[M]) -> M | None:
        if key not in self.doc:
            return None
        validate: Callable[[Any], M] = model.model_validate  # type: ignore[attr-defined]
        return self.build((key,), self.doc[key], validate)


def _walk_raw_items(raw: Any, refs: SchemeRefs) -> None:
    """Item ids as written, even in a malformed tree, so that references to them are not flagged."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        return
    refs.item_ids.add(raw["id"])
    children = raw.get("children")
    if isinstance(children, list) and children:
        for child in children:
            _walk_raw_items(child, refs)
    else:
        refs.leaves.add(raw["id"])


def typed_parts(doc: Mapping[str, Any], schema_error_paths: Iterable[Path]) -> TypedParts:
    """The typed parts of ``doc`` that have no schema error at or below them."""
    return _Builder(doc, schema_error_paths).run()


def check(parts: TypedParts) -> list[Problem]:
    """Every semantic problem of the typed parts (the builder's own problems first)."""
    refs = parts.refs
    top = Checks(refs, ())
    out = list(parts.problems)
    if parts.source is not None and parts.source.document not in refs.documents:
        out.append(top.problem(("source", "document"), f"unknown document {parts.source.document!r}"))
    eff = parts.effective
    if eff is not None and eff.until is not None and eff.until < eff.from_:
        out.append(top.problem(("effective", "until"), f"'until' {eff.until} is before 'from' {eff.from_}"))
    for path, consequence in parts.consequences:
        out.extend(top.source(consequence.source.document, (*path, "source")))
    out.extend(_items(parts))
    out.extend(_event_kinds(parts))
    out.extend(_rules(parts))
    out.extend(_each_part(parts, "caps", "cap", parts.caps, _cap))
    out.extend(_each_part(parts, "dedup", "dedup group", parts.dedup, _dedup))
    out.extend(_grading(parts))
    out.extend(_ranking(parts))
    out.extend(_each_part(parts, "obligations", "obligation", parts.obligations, _obligation))
    for key, part in (("composition", parts.composition), ("rounding", parts.rounding)):
        if part is not None and part.source is not None:
            out.extend(top.source(part.source.document, (key, "source")))
    if parts.composition is not None:
        out.extend(_bounds(top, parts.composition.ceiling, parts.composition.floor, ("composition",)))
    return out


# -- items -------------------------------------------------------------------
def _items(parts: TypedParts) -> Iterator[Problem]:
    top = Checks(parts.refs, ())
    seen: set[str] = set()

    def walk(item: Item, here: Path) -> Iterator[Problem]:
        if item.id in seen:
            yield top.problem((*here, "id"), f"duplicate item id {item.id!r}")
        seen.add(item.id)
        if item.source is not None:
            yield from top.source(item.source.document, (*here, "source"))
        yield from _bounds(top, item.ceiling, item.floor, here)
        if item.children:
            for i, child in enumerate(item.children):
                yield from walk(child, (*here, "children", i))
            if item.total is not None:
                present = item.leaf_base()
                if Fraction(item.total) != Fraction(present):
                    partial = parts.refs.partial
                    yield top.problem(
                        (*here, "total"),
                        f"section {item.id!r} declares {item.total} points but its items sum to {present}"
                        + (" (the scheme is marked partial)" if partial else ""),
                        "warning" if partial else "error",
                    )
        else:
            for word in ("ceiling", "floor"):
                if getattr(item, word) is not None:
                    yield top.problem((*here, word), f"a {word} belongs to a section or to the composition")
            if item.base is None:
                yield top.problem(here, f"item {item.id!r} has neither 'base' nor 'children'")
            if item.total is not None:
                yield top.problem((*here, "total"), "'total' belongs to sections; a leaf has 'base'")

    for path, item in parts.items:
        yield from walk(item, path)
    yield from _weights([(p, i) for p, i in parts.items], parts.weighted, top)


def _bounds(top: Checks, ceiling: Bound | None, floor: Bound | None, here: Path) -> Iterator[Problem]:
    """A bound cites its clause, and a floor is not above its ceiling."""
    for word, bound in (("ceiling", ceiling), ("floor", floor)):
        if bound is not None:
            yield from top.source(bound.source.document, (*here, word, "source"))
    if ceiling is not None and floor is not None and floor.value > ceiling.value:
        yield top.problem((*here, "floor"), f"the floor {floor.value} is above the ceiling {ceiling.value}")


def _weights(items: list[tuple[Path, Item]], weighted: bool, top: Checks) -> Iterator[Problem]:
    """Weights belong to weighted schemes; among siblings that declare one they sum to 1."""
    declared = [(p, item) for p, item in items if item.weight is not None]
    if declared and not weighted:
        for p, _ in declared:
            yield top.problem((*p, "weight"), "item weights need 'composition: {kind: weighted}'")
    elif declared:
        total = sum((Fraction(item.weight) for _, item in declared if item.weight is not None), Fraction(0))
        if total != 1:
            yield top.problem(
                (*declared[0][0], "weight"),
                f"the weights of {', '.join(repr(item.id) for _, item in declared)} sum to {total}, not 1",
            )
    for p, item in items:
        if item.children:
            yield from _weights(
                [((*p, "children", i), c) for i, c in enumerate(item.children)], weighted, top
            )


def _event_kinds(parts: TypedParts) -> Iterator[Problem]:
    refs = parts.refs
    top = Checks(refs, ())
    for name, kind in parts.event_kinds.items():
        for attr_name, attr in kind.attributes.items():
            here: Path = ("event_kinds", name, "attributes", attr_name)
            if attr.type in ("item", "rule"):
                known = refs.leaves if attr.type == "item" else refs.rule_ids
                for j, v in enumerate(attr.values or ()):
                    if not isinstance(v, str):
                        said = f"an {attr.type} attribute lists {attr.type} ids (text)"
                        yield top.problem((*here, "values", j), said)
                    elif v not in known and (attr.type == "rule" or refs.items_complete):
                        yield top.problem((*here, "values", j), f"unknown {attr.type} {v!r}")
            if attr.required and "default" in attr.model_fields_set:
                yield top.problem((*here, "default"), "a required attribute cannot have a default")


# -- rules -------------------------------------------------------------------
def _rules(parts: TypedParts) -> Iterator[Problem]:
    refs = parts.refs
    yield from _first_duplicates(parts.raw_ids["rules"], "rule")
    for path, rule in parts.rules:
        yield from check_rule(rule, Checks(refs, path))


def _first_duplicates(ids: list[tuple[Path, str]], what: str) -> Iterator[Problem]:
    """The second occurrence of each repeated id, once."""
    seen: set[str] = set()
    done: set[str] = set()
    for path, value in ids:
        if value in seen and value not in done:
            done.add(value)
            yield Problem(f"duplicate {what} id {value!r}", (*path, "id"))
        seen.add(value)


def check_rule(rule: RuleBase, checks: Checks) -> Iterator[Problem]:
    """The checks every rule gets, then its kind's own."""
    refs = checks.refs
    kind = rule_kind(rule.kind)
    yield from checks.source(rule.source.document, ("source",))
    yield from checks.selector(rule, ())
    yield from _names_another_rule(rule, checks)
    if rule.item is not None and rule.item_from is not None:
        yield checks.problem((), "give 'item' or 'item_from', not both")
    elif rule.item is not None:
        if rule.item not in refs.leaves and (refs.items_complete or rule.item in refs.item_ids):
            what = "a section, not a scored item" if rule.item in refs.item_ids else "unknown"
            yield checks.problem(("item",), f"item {rule.item!r} is {what}")
    elif rule.item_from is None and kind.traits.books_to_item:
        yield checks.problem((), "a rule needs 'item' (or 'item_from') to book its points to")
    if rule.cap is not None and not kind.traits.cappable:
        yield checks.problem(("cap",), f"a {rule.kind} rule takes no 'cap'")
    for read in rule.reads():
        yield from checks.require_attribute(
            rule.event_kinds, read.attribute, read.path, read.types, read.what, read.must_be
        )
    for path, cid in rule.consequence_refs():
        if cid not in refs.consequence_ids:
            yield checks.problem(path, f"unknown consequence {cid!r}")
    yield from kind.check(rule, checks)


def _names_another_rule(rule: RuleBase, checks: Checks) -> Iterator[Problem]:
    """``where: {rule: X}`` on a finding selects the records an assessor filed under clause X;
    a rule that selects another rule's clause scores those records twice (often a typo)."""
    for attr, cond in rule.where.items():
        other = checks.refs.rules.get(cond) if isinstance(cond, str) and cond != rule.id else None
        shared = other is not None and set(other.event_kinds) & set(rule.event_kinds)
        if shared and any(s.type == "rule" for s in checks.attributes(rule.event_kinds, attr)):
            yield checks.problem(
                ("where", attr),
                f"rule {rule.id!r} selects records filed under rule {cond!r}, not its own id",
                "warning",
            )


P = TypeVar("P", Cap, Dedup, ObligationModel)


def _each_part(
    parts: TypedParts,
    key: str,
    what: str,
    entries: list[tuple[Path, P]],
    more: Callable[[Checks, P], Iterable[Problem]],
) -> Iterator[Problem]:
    """The checks a listed part with an id and a citation gets, then its own (``more``)."""
    yield from _first_duplicates(parts.raw_ids[key], what)
    for path, part in entries:
        c = Checks(parts.refs, path)
        yield from c.source(part.source.document, ("source",))
        yield from more(c, part)


def _unknown_rules(c: Checks, rules: Iterable[str]) -> Iterator[Problem]:
    for j, rid in enumerate(rules):
        if rid not in c.refs.rule_ids:
            yield c.problem(("rules", j), f"unknown rule {rid!r}")


def _cap(c: Checks, cap: Cap) -> Iterator[Problem]:
    yield from _unknown_rules(c, cap.rules)
    if cap.max == "base" and cap.per != "item":
        yield c.problem(("max",), "'max: base' needs 'per: item'")


def _dedup(c: Checks, group: Dedup) -> Iterator[Problem]:
    if group.rules == "all":
        return
    yield from _unknown_rules(c, group.rules)
    if not isinstance(group.key, str):  # one fact across kinds: every kind must carry the key
        rules = [c.refs.rules[rid] for rid in group.rules if rid in c.refs.rules]
        kinds = sorted({k for rule in rules for k in rule.event_kinds})
        yield from c.require_attribute(kinds, group.key.attribute, ("key", "attribute"))
    for j, rid in enumerate(group.rules):
        rule = c.refs.rules.get(rid)
        if rule is not None and rule.direction != group.direction:
            yield c.problem(
                ("rules", j),
                f"rule {rid!r} is a {rule.direction} rule; the group is for {group.direction} rules",
            )


def _grading(parts: TypedParts) -> Iterator[Problem]:
    grading = parts.grading
    if grading is None:
        return
    c = Checks(parts.refs, ("grading",))
    grades = grading.grades
    if grading.source is not None:
        yield from c.source(grading.source.document, ("source",))
    yield from _bands(c, grading)
    if grading.quota is not None:
        yield from c.source(grading.quota.source.document, ("quota", "source"))
        if grading.quota.grade not in grades:
            yield c.problem(("quota", "grade"), f"unknown grade {grading.quota.grade!r}")
        elif grading.quota.grade == grades[-1]:
            yield c.problem(("quota", "grade"), "the quota grade cannot be the worst grade")
    if grading.last_place is not None:
        lp = grading.last_place
        yield from c.source(lp.source.document, ("last_place", "source"))
        if lp.grade not in grades:
            yield c.problem(("last_place", "grade"), f"unknown grade {lp.grade!r}")
        yield from c.selector(lp, ("last_place",))
    for grade, ids in grading.consequences.items():
        if grade not in grades:
            yield c.problem(("consequences", grade), f"unknown grade {grade!r}")
        yield from c.consequences(ids, ("consequences", grade))
    for i, veto in enumerate(grading.vetoes):
        yield from c.consequences(veto.consequences, ("vetoes", i, "consequences"))
        yield from c.source(veto.source.document, ("vetoes", i, "source"))
        if veto.at_most not in grades:
            yield c.problem(("vetoes", i, "at_most"), f"unknown grade {veto.at_most!r}")
        yield from c.selector(veto, ("vetoes", i))


def _bands(c: Checks, grading: Grading) -> Iterator[Problem]:
    """Bands fall from the best; written with both ends, they neither overlap nor leave a gap
    the scheme does not say how to grade (90分(含)以上 / 76-89 / 75分(含)以下 leaves two)."""
    last: Fraction | None = None
    for i, band in enumerate(grading.bands):
        if band.grade not in grading.grades:
            yield c.problem(("bands", i, "grade"), f"unknown grade {band.grade!r}")
        for a, b in (("min", "above"), ("max", "below")):
            if getattr(band, a) is not None and getattr(band, b) is not None:
                yield c.problem(("bands", i, b), f"give '{a}' or '{b}', not both")
        low = band.lower()
        if low is not None:
            if last is not None and Fraction(low[0]) >= last:
                yield c.problem(("bands", i, "min"), "band minimums must fall from the first band")
            last = Fraction(low[0])
    if grading.bands[-1].lower() is not None:
        yield c.problem(("bands",), "the last band needs no 'min' (it takes every lower score)")
    for i, (better, worse) in enumerate(itertools.pairwise(grading.bands)):
        low, high = better.lower(), worse.upper()
        if low is None or high is None:
            continue  # a band written with only a lower end reaches up to the band before it
        here: Path = ("bands", i + 1, "max" if worse.max is not None else "below")
        if high[0] > low[0] or (high[0] == low[0] and high[1] and low[1]):
            yield c.problem(here, f"bands {better.grade} and {worse.grade} overlap at {min(high[0], low[0])}")
            continue
        if high[0] == low[0] and (high[1] or low[1]):
            continue  # 以下 and 超过, or 不足 and 以上: they meet
        lower_word = "above" if high[1] else "from"
        upper_word = "below" if low[1] else "up to"
        between = (
            f"scores {lower_word} {high[0]} and {upper_word} {low[0]}"
            if high[0] < low[0]
            else f"a score of exactly {low[0]} would"
        )
        if grading.gaps is None:
            yield c.problem(
                here,
                f"{between} fall in no band ({better.grade} / {worse.grade}): say how they are graded "
                "with 'gaps: lower' or 'gaps: higher'",
            )
        else:
            yield c.problem(here, f"{between} fall in no band; graded by 'gaps: {grading.gaps}'", "warning")


def _ranking(parts: TypedParts) -> Iterator[Problem]:
    ranking = parts.ranking
    if ranking is None:
        return
    c = Checks(parts.refs, ("ranking",))
    yield from c.consequences(ranking.bottom_consequences, ("bottom_consequences",))
    yield from c.consequences(ranking.streak_consequences, ("streak_consequences",))
    if ranking.source is not None:
        yield from c.source(ranking.source.document, ("source",))
    if ranking.interim is not None:
        for j, item in enumerate(ranking.interim.items):
            if item not in parts.refs.leaves:
                yield c.problem(("interim", "items", j), f"item {item!r} is not a scored item")


def _obligation(c: Checks, ob: ObligationModel) -> Iterator[Problem]:
    if not isinstance(ob, Within):
        yield from c.selector(ob, ())
        return
    yield from c.selector(ob.trigger, ("trigger",))
    if ob.fulfilled_by == "self":
        return
    yield from c.selector(ob.fulfilled_by, ("fulfilled_by",))
    both = (*ob.trigger.event_kinds, *ob.fulfilled_by.event_kinds)
    for j, attr in enumerate(ob.fulfilled_by.link):
        yield from c.require_attribute(both, attr, ("fulfilled_by", "link", j))
