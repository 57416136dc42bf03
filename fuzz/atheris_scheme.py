"""atheris target: bytes as a scheme file.

pip install atheris
python fuzz/atheris_scheme.py -atheris_runs=100000 fuzz/corpus/scheme
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

with atheris.instrument_imports():
    from tests.fuzz.targets import check_scheme

    from dutyscore._text import decode


def one_input(data: bytes) -> None:
    text, problem = decode(data, "fuzzed.yaml")
    if text is None:
        assert problem is not None
        return
    check_scheme(text)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
