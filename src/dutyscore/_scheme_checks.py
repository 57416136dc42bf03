"""The semantic checks of a scheme that no JSON Schema can express.

Duplicate ids; references to missing items, event kinds, attributes, rules,
documents and obligations; section totals against their items; weights that do
not sum to 1; tables that miss a combination; grading references. Each check
tolerates a malformed part (the JSON Schema already reported it) so that every
other problem is still found.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._problems import Problem
from ._scheme_model import parse_amount


class Checker:
    """Collects semantic problems of a scheme that passed the JSON Schema."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path: tuple[str | int, ...], message: str, severity: str = "error") -> None:
        self.problems.append(Problem(message, path, severity=severity))  # type: ignore[arg-type]

    def _guard(self, step: Callable[..., None], *args: Any) -> None:
        """Run one check; a part too malformed to check was already reported by the schema."""
        with contextlib.suppress(KeyError, TypeError, AttributeError, ValueError, ArithmeticError):
            step(*args)

    def run(self) -> list[Problem]:
        d = self.doc
        docs = d.get("documents")
        self.documents = set(docs) if isinstance(docs, dict) else set()
        kinds = d.get("event_kinds")
        self.kinds: dict[str, Any] = kinds if isinstance(kinds, dict) else {}
        self.items: dict[str, dict[str, Any]] = {}
        self.leaves: set[str] = set()
        self._guard(self._check_items, d.get("items", []), ("items",))
        self._guard(self._check_scheme_source)
        self._guard(self._check_effective)
        self._guard(self._check_event_kinds)
        raw_rules = d.get("rules")
        rules: list[dict[str, Any]] = (
            [r for r in raw_rules if isinstance(r, dict)] if isinstance(raw_rules, list) else []
        )
        self.rule_dirs = {str(r.get("id")): r.get("direction", "deduction") for r in rules}
        self._guard(self._duplicates, [str(r.get("id")) for r in rules], "rules", "rule")
        for i, rule in enumerate(raw_rules if isinstance(raw_rules, list) else []):
            self._guard(self._check_rule, rule, ("rules", i))
        self._guard(self._check_caps)
        self._guard(self._check_dedup)
        self._guard(self._check_weights, d.get("items", []), ("items",))
        self._guard(self._check_grading)
        self._guard(self._check_interim)
        self._guard(self._check_obligations)
        for key in ("composition", "ranking", "rounding"):
            if isinstance(d.get(key), dict) and "source" in d[key]:
                self._guard(self._check_source, d[key]["source"], (key, "source"))
        return self.problems

    def _check_scheme_source(self) -> None:
        if self.doc["source"]["document"] not in self.documents:
            self.add(("source", "document"), f"unknown document {self.doc['source']['document']!r}")

    # -- items -------------------------------------------------------------
    def _check_items(self, items: list[dict[str, Any]], path: tuple[str | int, ...]) -> None:
        for i, item in enumerate(items):
            here = (*path, i)
            if item["id"] in self.items:
                self.add((*here, "id"), f"duplicate item id {item['id']!r}")
            self.items[item["id"]] = item
            if "source" in item:
                self._check_source(item["source"], (*here, "source"))
            children = item.get("children")
            if children:
                self._check_items(children, (*here, "children"))
                if "total" in item:
                    self._guard(self._check_total, item, here)
            else:
                self.leaves.add(item["id"])
                if "base" not in item:
                    self.add(here, f"item {item['id']!r} has neither 'base' nor 'children'")
                if "total" in item:
                    self.add((*here, "total"), "'total' belongs to sections; a leaf has 'base'")

    def _leaf_sum(self, item: dict[str, Any]) -> Decimal | Fraction:
        if not item.get("children"):
            return parse_amount(item.get("base", 0))
        total: Decimal | Fraction = Decimal(0)
        for child in item["children"]:
            s = self._leaf_sum(child)
            total = (
                total + s
                if isinstance(total, Decimal) and isinstance(s, Decimal)
                else Fraction(total) + Fraction(s)
            )
        return total

    def _check_total(self, item: dict[str, Any], here: tuple[str | int, ...]) -> None:
        declared = parse_amount(item["total"])
        present = self._leaf_sum(item)
        if Fraction(declared) != Fraction(present):
            partial = bool(self.doc.get("partial"))
            self.add(
                (*here, "total"),
                f"section {item['id']!r} declares {declared} points but its items sum to {present}"
                + (" (the scheme is marked partial)" if partial else ""),
                "warning" if partial else "error",
            )

    def _check_effective(self) -> None:
        eff = self.doc["effective"]
        start, until = eff.get("from"), eff.get("until")
        if isinstance(start, dt.date) and isinstance(until, dt.date) and until < start:
            self.add(("effective", "until"), f"'until' {until} is before 'from' {start}")

    def _check_event_kinds(self) -> None:
        for name, kind in self.kinds.items():
            for attr_name, attr in kind.get("attributes", {}).items():
                here = ("event_kinds", name, "attributes", attr_name)
                if attr["type"] == "item":
                    for j, v in enumerate(attr.get("values", ())):
                        if v not in self.leaves:
                            self.add((*here, "values", j), f"unknown item {v!r}")
                if attr["type"] == "rule":
                    rule_ids = {r.get("id") for r in self.doc.get("rules", []) if isinstance(r, dict)}
                    for j, v in enumerate(attr.get("values", ())):
                        if v not in rule_ids:
                            self.add((*here, "values", j), f"unknown rule {v!r}")
                if attr.get("required", True) and "default" in attr:
                    self.add((*here, "default"), "a required attribute cannot have a default")

    # -- rules ---------------------------------------------------------------
    def _check_source(self, source: dict[str, Any], path: tuple[str | int, ...]) -> None:
        if source["document"] not in self.documents:
            self.add((*path, "document"), f"unknown document {source['document']!r}")

    def _kind_refs(self, names: list[str], path: tuple[str | int, ...]) -> list[dict[str, Any]]:
        out = []
        for name in names:
            if name not in self.kinds:
                self.add(path, f"unknown event kind {name!r}")
            else:
                out.append(self.kinds[name])
        return out

    def _attr(
        self, kinds: list[dict[str, Any]], names: list[str], attr: str, path: tuple[str | int, ...]
    ) -> list[dict[str, Any]]:
        found = []
        for kind, name in zip(kinds, names, strict=False):
            spec = kind.get("attributes", {}).get(attr)
            if spec is None:
                self.add(path, f"event kind {name!r} has no attribute {attr!r}")
            else:
                found.append(spec)
        return found

    def _check_rule(self, rule: dict[str, Any], here: tuple[str | int, ...]) -> None:
        if isinstance(rule.get("source"), dict):
            self._guard(self._check_source, rule["source"], (*here, "source"))
        names = list(rule.get("events") or [rule["event"]])
        ev_path = (*here, "events" if "events" in rule else "event")
        kinds = self._kind_refs(names, ev_path)
        found = [n for n in names if n in self.kinds]
        for attr in rule.get("where", {}):
            self._attr(kinds, found, attr, (*here, "where", attr))
        kind = rule["kind"]
        if "item" in rule and "item_from" in rule:
            self.add(here, "give 'item' or 'item_from', not both")
        elif "item" in rule:
            if rule["item"] not in self.leaves:
                what = "a section, not a scored item" if rule["item"] in self.items else "unknown"
                self.add((*here, "item"), f"item {rule['item']!r} is {what}")
        elif "item_from" in rule:
            for spec in self._attr(kinds, found, rule["item_from"], (*here, "item_from")):
                if spec["type"] != "item":
                    self.add((*here, "item_from"), f"attribute {rule['item_from']!r} is not of type item")
        elif kind not in ("override", "vote_share"):
            self.add(here, "a rule needs 'item' (or 'item_from') to book its points to")
        if "quantity" in rule:
            for spec in self._attr(kinds, found, rule["quantity"], (*here, "quantity")):
                if spec["type"] != "integer":
                    self.add(
                        (*here, "quantity"), f"quantity attribute {rule['quantity']!r} must be an integer"
                    )
        if "amount_attribute" in rule:
            for spec in self._attr(kinds, found, rule["amount_attribute"], (*here, "amount_attribute")):
                if spec["type"] not in ("decimal", "integer"):
                    self.add((*here, "amount_attribute"), "the amount attribute must be a decimal or integer")
        if kind == "discretionary":
            trig = rule["trigger"]
            tnames = list(trig.get("events") or [trig["event"]])
            tkinds = self._kind_refs(tnames, (*here, "trigger"))
            for attr in trig.get("where", {}):
                self._attr(
                    tkinds, [n for n in tnames if n in self.kinds], attr, (*here, "trigger", "where", attr)
                )
        if kind == "cohort_step" and not self.doc.get("cohorts"):
            self.add(here, "a cohort_step rule needs the scheme's 'cohorts'")
        if kind == "lateness" and "item" not in rule and "item_from" not in rule:
            self.add(here, "a lateness rule needs 'item' or 'item_from'")
        if "exempt" in rule:
            for attr in rule["exempt"].get("where", {}):
                self._attr(kinds, found, attr, (*here, "exempt", "where", attr))
        if kind == "table":
            self._check_table(rule, kinds, found, here)
        if kind == "percentage_step":
            if ("target" in rule) == ("target_attribute" in rule):
                self.add(here, "give 'target' or 'target_attribute' (exactly one)")
            for key in ("value", "target_attribute"):
                if key in rule:
                    for spec in self._attr(kinds, found, rule[key], (*here, key)):
                        if spec["type"] not in ("decimal", "integer"):
                            self.add((*here, key), f"attribute {rule[key]!r} must be a decimal or integer")
        if kind == "score_input":
            for spec in self._attr(kinds, found, rule["attribute"], (*here, "attribute")):
                if spec["type"] not in ("decimal", "integer"):
                    self.add((*here, "attribute"), "a score attribute must be a decimal or integer")
        if kind == "vote_share":
            share = rule["share"]
            for j, attr in enumerate([share["of"], *share["among"]]):
                where = (*here, "share", "of") if j == 0 else (*here, "share", "among", j - 1)
                for spec in self._attr(kinds, found, attr, where):
                    if spec["type"] != "integer":
                        self.add(where, f"vote attribute {attr!r} must be an integer")
            if share["of"] not in share["among"]:
                self.add((*here, "share", "of"), f"{share['of']!r} must be one of 'among'")

    def _check_table(
        self, rule: dict[str, Any], kinds: list[dict[str, Any]], found: list[str], here: tuple[str | int, ...]
    ) -> None:
        """Every combination of the key attributes' values has an amount, and nothing else."""
        value_lists: list[list[str]] = []
        for j, key in enumerate(rule["keys"]):
            specs = self._attr(kinds, found, key, (*here, "keys", j))
            values: list[list[Any]] = [spec["values"] for spec in specs if spec.get("values") is not None]
            if not values or len(values) != len(specs):
                self.add((*here, "keys", j), f"table key {key!r} must be an attribute with 'values'")
                return
            value_lists.append([str(v) for v in values[0]])

        def walk(node: Any, depth: int, path: tuple[str | int, ...]) -> None:
            allowed = value_lists[depth]
            if not isinstance(node, dict):
                self.add(path, f"expected a mapping by {rule['keys'][depth]!r}")
                return
            for k in node:
                if str(k) not in allowed:
                    self.add((*path, k), f"{k!r} is not a value of {rule['keys'][depth]!r}")
            for v in allowed:
                if v not in {str(k) for k in node}:
                    self.add(path, f"no amount for {rule['keys'][depth]}={v!r}")
                elif depth + 1 < len(value_lists):
                    walk(node[v], depth + 1, (*path, v))
                else:
                    try:
                        parse_amount(node[v])
                    except (ValueError, ArithmeticError):
                        self.add((*path, v), f"{node[v]!r} is not an amount")

        walk(rule["table"], 0, (*here, "table"))

    def _check_weights(self, items: list[dict[str, Any]], path: tuple[str | int, ...]) -> None:
        """Weights belong to weighted schemes; among siblings that declare one they sum to 1."""
        weighted = self.doc.get("composition", {}).get("kind") == "weighted"
        declared = [(i, item) for i, item in enumerate(items) if "weight" in item]
        if declared and not weighted:
            for i, _ in declared:
                self.add((*path, i, "weight"), "item weights need 'composition: {kind: weighted}'")
        elif declared:
            total = sum((Fraction(parse_amount(item["weight"])) for _, item in declared), Fraction(0))
            if total != 1:
                self.add(
                    (*path, declared[0][0], "weight"),
                    f"the weights of {', '.join(repr(item['id']) for _, item in declared)} sum to "
                    f"{total}, not 1",
                )
        for i, item in enumerate(items):
            if item.get("children"):
                self._check_weights(item["children"], (*path, i, "children"))

    def _check_grading(self) -> None:
        grading = self.doc.get("grading")
        if not isinstance(grading, dict):
            return
        grades = grading["grades"]
        last = None
        for i, band in enumerate(grading["bands"]):
            if band["grade"] not in grades:
                self.add(("grading", "bands", i, "grade"), f"unknown grade {band['grade']!r}")
            if "min" in band:
                low = Fraction(parse_amount(band["min"]))
                if last is not None and low >= last:
                    self.add(("grading", "bands", i, "min"), "band minimums must fall from the first band")
                last = low
        if grading["bands"] and "min" in grading["bands"][-1]:
            self.add(("grading", "bands"), "the last band needs no 'min' (it takes every lower score)")
        for key in ("quota", "last_place"):
            part = grading.get(key)
            if not isinstance(part, dict):
                continue
            self._check_source(part["source"], ("grading", key, "source"))
            if part["grade"] not in grades:
                self.add(("grading", key, "grade"), f"unknown grade {part['grade']!r}")
            elif key == "quota" and part["grade"] == grades[-1]:
                self.add(("grading", key, "grade"), "the quota grade cannot be the worst grade")
            if key == "last_place" and ("event" in part or "events" in part):
                names = list(part.get("events") or [part["event"]])
                kinds = self._kind_refs(names, ("grading", key))
                for attr in part.get("where", {}):
                    self._attr(
                        kinds, [n for n in names if n in self.kinds], attr, ("grading", key, "where", attr)
                    )
        for i, veto in enumerate(grading.get("vetoes", [])):
            here = ("grading", "vetoes", i)
            self._check_source(veto["source"], (*here, "source"))
            if veto["at_most"] not in grades:
                self.add((*here, "at_most"), f"unknown grade {veto['at_most']!r}")
            names = list(veto.get("events") or [veto["event"]])
            kinds = self._kind_refs(names, (*here, "events" if "events" in veto else "event"))
            for attr in veto.get("where", {}):
                self._attr(kinds, [n for n in names if n in self.kinds], attr, (*here, "where", attr))

    def _check_selector(self, part: dict[str, Any], path: tuple[str | int, ...]) -> list[str]:
        """Event kinds and ``where`` of a part that selects records; returns the known kind names."""
        names = list(part.get("events") or [part["event"]])
        kinds = self._kind_refs(names, (*path, "events" if "events" in part else "event"))
        known = [n for n in names if n in self.kinds]
        for attr in part.get("where", {}):
            self._attr(kinds, known, attr, (*path, "where", attr))
        return known

    def _check_obligations(self) -> None:
        obligations = self.doc.get("obligations", [])
        self._duplicates([o.get("id") for o in obligations], "obligations", "obligation")
        for i, ob in enumerate(obligations):
            here: tuple[str | int, ...] = ("obligations", i)
            self._check_source(ob["source"], (*here, "source"))
            if ob["kind"] != "within":
                self._check_selector(ob, here)
                continue
            trigger = self._check_selector(ob["trigger"], (*here, "trigger"))
            fulfil = ob["fulfilled_by"]
            if fulfil == "self":
                continue
            fulfilled = self._check_selector(fulfil, (*here, "fulfilled_by"))
            for j, attr in enumerate(fulfil.get("link", [])):
                both = [self.kinds[k] for k in trigger] + [self.kinds[k] for k in fulfilled]
                self._attr(both, trigger + fulfilled, attr, (*here, "fulfilled_by", "link", j))
        by_id = {o.get("id"): o for o in obligations}
        for i, rule in enumerate(self.doc.get("rules", [])):
            if not isinstance(rule, dict) or "obligation" not in rule:
                continue
            ob = by_id.get(rule["obligation"])
            if ob is None:
                self.add(("rules", i, "obligation"), f"unknown obligation {rule['obligation']!r}")
            elif ob["kind"] != "within" or ob.get("fulfilled_by") != "self" or "days" not in ob:
                self.add(
                    ("rules", i, "obligation"),
                    "a lateness rule reads a 'within' obligation in days, fulfilled by the record itself",
                )
            else:
                rule_kinds = set(rule.get("events") or [rule.get("event")])
                ob_kinds = set(ob["trigger"].get("events") or [ob["trigger"].get("event")])
                if rule_kinds != ob_kinds:
                    self.add(
                        ("rules", i, "obligation"),
                        "the rule and its obligation look at different event kinds",
                    )

    def _check_interim(self) -> None:
        interim = self.doc.get("ranking", {}).get("interim")
        if isinstance(interim, dict):
            for j, item in enumerate(interim["items"]):
                if item not in self.leaves:
                    self.add(("ranking", "interim", "items", j), f"item {item!r} is not a scored item")

    def _duplicates(self, ids: list[str], section: str, what: str) -> None:
        for value, n in Counter(ids).items():
            if n > 1:
                positions = [i for i, x in enumerate(ids) if x == value]
                self.add((section, positions[1], "id"), f"duplicate {what} id {value!r}")

    def _check_caps(self) -> None:
        caps = self.doc.get("caps", [])
        self._duplicates([c["id"] for c in caps], "caps", "cap")
        for i, cap in enumerate(caps):
            self._check_source(cap["source"], ("caps", i, "source"))
            for j, rid in enumerate(cap["rules"]):
                if rid not in self.rule_dirs:
                    self.add(("caps", i, "rules", j), f"unknown rule {rid!r}")
            if cap["max"] == "base" and cap.get("per", "unit") != "item":
                self.add(("caps", i, "max"), "'max: base' needs 'per: item'")

    def _check_dedup(self) -> None:
        groups = self.doc.get("dedup", [])
        self._duplicates([g["id"] for g in groups], "dedup", "dedup group")
        for i, group in enumerate(groups):
            self._check_source(group["source"], ("dedup", i, "source"))
            if group["rules"] == "all":
                continue
            for j, rid in enumerate(group["rules"]):
                if rid not in self.rule_dirs:
                    self.add(("dedup", i, "rules", j), f"unknown rule {rid!r}")
                elif self.rule_dirs[rid] != group["direction"]:
                    self.add(
                        ("dedup", i, "rules", j),
                        f"rule {rid!r} is a {self.rule_dirs[rid]} rule; "
                        f"the group is for {group['direction']} rules",
                    )
