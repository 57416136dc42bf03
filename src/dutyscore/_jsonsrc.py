"""JSON as dutyscore reads it: decimals stay exact, a key written twice is an error.

Python's ``json`` keeps the last of two equal keys, so ``{"records": [...], "records": [...]}``
loses the first block without a word; here it is refused, naming the key. One decoder
serves every call (``json.loads`` with options builds a new one each time, which cost
more than the parsing of a short JSONL line).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


class DuplicateKey(ValueError):
    """An object names the same key twice."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the key {key!r} is written twice in one object")
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return out


_DECODER = json.JSONDecoder(parse_float=Decimal, object_pairs_hook=_pairs)
_raw_decode = _DECODER.raw_decode


def loads(text: str) -> Any:
    """The value of ``text``; raises :class:`json.JSONDecodeError` (with line and column) or
    :class:`DuplicateKey`."""
    try:
        try:
            value, end = _raw_decode(text)
        except json.JSONDecodeError:
            return _DECODER.decode(text)  # leading blanks, or the error with its position
        if end != len(text) and not text[end:].isspace():
            return _DECODER.decode(text)  # "Extra data", located
    except RecursionError:  # the C scanner recurses once per level of nesting
        raise json.JSONDecodeError("nesting too deep to read", text, 0) from None
    return value
