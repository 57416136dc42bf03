"""Run a structured fuzzer for many inputs (by hand, never in CI) and report the rate.

    python fuzz/run.py records --inputs 1000000
    python fuzz/run.py scheme --inputs 20000
    python fuzz/run.py files --inputs 100000    # units, calendar and previous-result files
    python fuzz/run.py overlays --inputs 100000 # extends: and add/replace/remove, files beside it
    python fuzz/run.py workbooks --inputs 100000  # .xlsx made and broken byte by byte
    python fuzz/run.py scheme --inputs 500000 --seed 2 &   # shards on more cores: one seed each

The fuzzers are those of ``tests/fuzz`` (hypothesis strategies that mutate the bundled schemes
and the example record files); each input must load and score with a sound ledger or be
refused with a located, typed error. A failing input is printed, shrunk, for the hostile-input
corpus (``tests/hostile/cases``). ``docs/robustness.md`` records the runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzz import _mutate  # noqa: E402
from tests.fuzz.targets import (  # noqa: E402
    check_overlay,
    check_records,
    check_scheme,
    check_side_file,
    check_workbook,
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("target", choices=("records", "scheme", "files", "overlays", "workbooks"))
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--every", type=int, default=10_000, help="print progress every N inputs")
    ap.add_argument(
        "--seed", type=int, help="hypothesis' seed: a run that can be repeated, or a shard of a longer one"
    )
    args = ap.parse_args()
    count = [0]
    begun = time.perf_counter()

    def tick() -> None:
        count[0] += 1
        if count[0] % args.every == 0:
            took = time.perf_counter() - begun
            print(f"{args.target}: {count[0]:,} inputs, {count[0] / took:,.0f}/s", flush=True)

    fuzz = settings(
        max_examples=args.inputs,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    if args.target == "records":

        @fuzz
        @given(_mutate.record_files())
        def run(case: tuple[str, str, str]) -> None:
            tick()
            check_records(*case)

    elif args.target == "files":
        folder = Path(tempfile.mkdtemp(prefix="dutyscore-fuzz-"))

        @fuzz
        @given(_mutate.side_files())
        def run(case: tuple[str, str, str]) -> None:  # type: ignore[misc]
            tick()
            check_side_file(*case, folder)

    elif args.target in ("overlays", "workbooks"):
        folder = Path(tempfile.mkdtemp(prefix="dutyscore-fuzz-"))
        strategy = _mutate.overlays() if args.target == "overlays" else _mutate.workbooks()
        check = check_overlay if args.target == "overlays" else check_workbook

        @fuzz
        @given(strategy)
        def run(case: tuple[object, ...]) -> None:  # type: ignore[misc]
            tick()
            check(*case, folder)  # type: ignore[operator]

    else:

        @fuzz
        @given(_mutate.scheme_texts())
        def run(text: str) -> None:  # type: ignore[misc]
            tick()
            check_scheme(text)

    if args.seed is not None:
        run = seed(args.seed)(run)
    start = time.perf_counter()
    finding = "none"
    try:
        run()
    except Exception as exc:  # a finding: report it, shrunk
        finding = f"{type(exc).__name__}: {exc}"
    took = time.perf_counter() - start
    print(
        f"{args.target}: {count[0]:,} inputs in {took:,.0f} s ({count[0] / took:,.0f}/s); findings: {finding}"
    )


if __name__ == "__main__":
    main()
