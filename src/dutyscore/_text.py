"""Text files as people have them: UTF-8 with or without a BOM, or GBK/GB18030 as Excel on a
Chinese Windows saves a CSV; or the encoding the user declares. An undecodable byte is a
problem with its line and column, never a traceback."""

from __future__ import annotations

from pathlib import Path

from ._limits import size_problem
from ._problems import Problem

#: What is tried, in order, when no encoding is declared. GB18030 is a superset of GBK and GB2312.
DETECTED = ("utf-8-sig", "gb18030")


def _where(data: bytes, start: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, start) + 1
    return line, start - (data.rfind(b"\n", 0, start) + 1) + 1


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str | None, Problem | None]:
    """The text of ``data``, or the problem that says where it cannot be read."""
    tries = (encoding,) if encoding else DETECTED
    first: UnicodeDecodeError | None = None
    for codec in tries:
        try:
            return data.decode(codec), None
        except LookupError:
            return None, Problem(f"unknown encoding {codec!r}", file=name)
        except UnicodeDecodeError as exc:
            first = first or exc
    assert first is not None
    line, column = _where(data, first.start)
    said = f"as {encoding}" if encoding else "as UTF-8 or GBK/GB18030"
    byte = data[first.start : first.start + 1].hex()
    return None, Problem(
        f"cannot be read {said}: byte 0x{byte} (declare the file's encoding)", (), name, line, column
    )


def read_text(
    path: str | Path, encoding: str | None = None, what: str = "file"
) -> tuple[str | None, Problem | None]:
    """A file's text (see :func:`decode`), or the problem: unreadable, or undecodable at a line."""
    p = Path(path)
    try:
        why = size_problem(p.stat().st_size, what)
        if why is not None:
            return None, Problem(why, file=str(p))
        data = p.read_bytes()
    except OSError as exc:
        return None, Problem(f"cannot read {what}: {exc.strerror}", file=str(p))
    return decode(data, str(p), encoding)
