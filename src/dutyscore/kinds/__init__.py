"""Rule kinds: one module each (model, checks, evaluation, traits), registered by name.

Importing this package registers the built-in kinds. A user adds a kind with
:func:`dutyscore.register_rule_kind`; see ``docs/scheme-format.md``.
"""

from __future__ import annotations

from . import (  # noqa: F401  (each module registers its kind)
    cohort_step,
    count_threshold,
    discretionary,
    lateness,
    override,
    per_occurrence,
    percentage_step,
    score_input,
    table,
    vote_share,
)
from .base import RULE_KINDS, RuleBase, RuleKind, Traits, register_rule_kind, rule_kind

__all__ = ["RULE_KINDS", "RuleBase", "RuleKind", "Traits", "register_rule_kind", "rule_kind"]
