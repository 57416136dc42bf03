"""Rule kinds: one small function per kind, registered in :data:`RULE_KINDS`.

A kind function receives the rule, the unit's records that the rule matches
(already filtered by event kind and ``where``) and a :class:`RuleContext`, and
returns ledger entries with ``raw == applied``; dedup and caps come later, in
one place for every kind. Adding a kind means adding a function here and its
branch in the JSON Schema; the engine never looks at a scheme's id.
"""

from __future__ import annotations

from . import _aggregate, _inputs, _per_record  # noqa: F401  (register the kinds)
from ._context import RULE_KINDS, RuleContext, RuleFn, register, signed

__all__ = ["RULE_KINDS", "RuleContext", "RuleFn", "register", "signed"]
