"""Characters no one sees: a unit id ``nanjing`` and one with a zero-width space after it look
alike in every table and print as one, yet would score as two units. Every way in (files,
rows, frames, columns) refuses them in record and unit ids, in the same words."""

from __future__ import annotations

import re
import unicodedata

#: Zero-width characters, bidi controls, the BOM and other format characters that show nothing.
CHARACTERS = (
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
#: The same as a regular expression's character class (Python's ``re`` and polars' alike).
PATTERN = f"[{CHARACTERS}]"
_FIND = re.compile(PATTERN)
#: What ``str.strip`` strips (Python's whitespace, the separators U+001C–U+001F among it), for
#: polars' ``strip_chars``, whose own whitespace differs.
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def invisible_problem(text: str, what: str) -> str | None:
    """Why ``text`` cannot be ``what`` (a record id, a unit id), or None."""
    found = _FIND.search(text)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char, "a format character")
    return (
        f"the {what} '{shown(text)}' holds an invisible character "
        f"U+{ord(char):04X} ({name}) at position {found.start() + 1}: it would look like another id"
    )


def shown(text: str) -> str:
    """``text`` with each invisible character written as its escape (``nanjing\\u200b``)."""
    return _FIND.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def holds_invisible(texts: str) -> bool:
    """Whether any of the texts (joined) holds an invisible character: one scan at C speed."""
    return _FIND.search(texts) is not None
