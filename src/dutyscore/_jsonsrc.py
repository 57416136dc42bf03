"""JSON as dutyscore reads it: decimals stay exact, a key written twice is an error.

Python's ``json`` keeps the last of two equal keys, so ``{"records": [...], "records": [...]}``
loses the first block without a word; here it is refused, naming the key. One decoder
serves every call (``json.loads`` with options builds a new one each time, which cost
more than the parsing of a short JSONL line).
"""

from __future__ import annotations

import json
import json.scanner
import re
import sys
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
#: The same without the hook (its Python call per object cost more than the parsing of a line),
#: its scanner called directly: ``raw_decode`` is a Python frame around it that only turns its
#: ``StopIteration`` into a ``JSONDecodeError`` (measured: 6 % of parsing a JSONL line).
_SCAN = json.scanner.make_scanner(json.JSONDecoder(parse_float=Decimal))  # type: ignore[arg-type]


#: Python's limit on the digits of an integer read from text, and a run of more digits.
_DIGITS = sys.get_int_max_str_digits() or 4300
_LONG = re.compile(rf"\d{{{_DIGITS + 1},}}")


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
    except (json.JSONDecodeError, DuplicateKey):
        raise
    except ValueError:  # int() refuses more than sys.get_int_max_str_digits() digits
        found = _LONG.search(text)
        raise json.JSONDecodeError(
            f"a number has more than {_DIGITS:,} digits", text, found.start() if found else 0
        ) from None
    return value


def loads_record(text: str) -> Any:
    """:func:`loads` for one record's text (a JSONL line), at the C parser's speed when the text
    proves it has no key twice: each key of an object is followed by a colon, so when the text's
    colons are as many as the keys of the record and of its ``attributes``, no key was dropped
    (and no text holds a colon, nor is any other object nested). Any other text is parsed by
    :func:`loads`, which says what is wrong."""
    try:
        value, end = _SCAN(text, 0)
    except (StopIteration, ValueError, RecursionError):  # loads says what is wrong
        return loads(text)
    if type(value) is dict and (end == len(text) or text[end:].isspace()):
        attributes = value.get("attributes")
        keys = len(value) + (len(attributes) if type(attributes) is dict else 0)
        if text.count(":") == keys:
            return value
    return loads(text)
