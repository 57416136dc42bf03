"""Text files as people have them: UTF-8 with or without a BOM, or GBK/GB18030 as Excel on a
Chinese Windows saves a CSV; or the encoding the user declares. An undecodable byte is a
problem with its line and column, never a traceback."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ._limits import FILE_LIMITS, size_problem
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


def read_bytes(
    path: str | Path, what: str = "file", regular_only: bool = False
) -> tuple[bytes | None, Problem | None]:
    """A file's bytes, read at most one past the limit for ``what`` (``stat`` is no bound: a link
    to ``/dev/zero`` or a pipe reports size 0 and never ends). ``regular_only`` refuses anything
    but a regular file before it is opened (a FIFO would block the open itself)."""
    p = Path(path)
    limit = FILE_LIMITS.get(what)
    try:
        info = os.stat(p)
        if regular_only and not stat.S_ISREG(info.st_mode):
            return None, Problem(f"cannot read {what}: not a regular file", file=str(p))
        too_large = size_problem(info.st_size, what)
        if too_large is not None:  # said with the file's size, before anything is read
            return None, Problem(too_large, file=str(p))
        with p.open("rb") as handle:
            data = handle.read() if limit is None else handle.read(limit + 1)
    except OSError as exc:
        return None, Problem(f"cannot read {what}: {exc.strerror or exc}", file=str(p))
    except ValueError:  # a NUL byte in the path
        return None, Problem(f"cannot read {what}: the name holds a NUL byte", file=str(p))
    if limit is not None and len(data) > limit:
        said = f"the {what} file holds more than {limit:,} bytes; dutyscore reads at most {limit:,} at once"
        return None, Problem(said, file=str(p))
    return data, None


def read_text(
    path: str | Path, encoding: str | None = None, what: str = "file", regular_only: bool = False
) -> tuple[str | None, Problem | None]:
    """A file's text (see :func:`decode`), or the problem: unreadable, too large (see
    :func:`read_bytes`), or undecodable at a line."""
    data, problem = read_bytes(path, what, regular_only)
    if data is None:
        return None, problem
    return decode(data, str(path), encoding)
