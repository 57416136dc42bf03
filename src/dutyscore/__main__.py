"""``python -m dutyscore``: the same command as ``dutyscore``."""

from .cli import run

run()
