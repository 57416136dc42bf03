"""Scoring: match records to rules, compute contributions, settle dedup and caps, compose,
grade and rank. :func:`dutyscore.scoring.evaluate.evaluate` runs the stages in that order."""
