"""Compliance: what is due by when, and whether it was met, as of a date."""
