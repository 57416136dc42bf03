"""Text from inputs as a terminal may show it: a record id or a scheme title holding an escape
sequence (``\\x1b]0;…\\x07`` retitles a window, ``\\x1b[2J`` clears it) or a bidi override (which
reorders what follows on the line) is shown as the escape, never acted on.

Applied to every human format (tables, ``explain``, problems and warnings on stderr); the JSON
escapes such characters itself and keeps them exact.
"""

from __future__ import annotations

from typing import Any, TextIO

#: Each control character but the line feed (C0, DEL, C1), the bidi controls and the line and
#: paragraph separators → the escape a reader can see.
_ESCAPES = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (
        *(c for c in range(0x20) if c != 0x0A),
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def terminal_safe(text: str) -> str:
    """``text`` with every character of :data:`_ESCAPES` written as its escape."""
    return text.translate(_ESCAPES)


class SafeText:
    """A text stream that writes :func:`terminal_safe` text to the stream it wraps."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.translate(_ESCAPES))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
