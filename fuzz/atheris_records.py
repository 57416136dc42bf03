"""atheris target: bytes as a record file (any format) for a bundled scheme.

    pip install atheris
    python fuzz/atheris_records.py -atheris_runs=1000000

The bytes go through the same decoding as a file (UTF-8 or GB18030), then the reader of the
format the first byte picks, validation and scoring (``tests/fuzz/targets.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

with atheris.instrument_imports():
    from tests.fuzz.targets import check_records

    from dutyscore._text import decode

SUFFIXES = (".yaml", ".json", ".jsonl", ".csv")
SCHEMES = ("jiangsu-platform-2018", "puyang-two-duties-2017", "dangjian-county-2021", "qinglian-jiguan")


def one_input(data: bytes) -> None:
    if len(data) < 2:
        return
    suffix, scheme = SUFFIXES[data[0] % 4], SCHEMES[data[1] % 4]
    text, problem = decode(data[2:], "fuzzed")
    if text is None:
        assert problem is not None and problem.line is not None
        return
    check_records(scheme, suffix, text)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
