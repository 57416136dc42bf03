"""Short runs of the structured fuzzers (``fuzz/run.py`` runs them for a million inputs): a
mutated scheme or record file gives a result or a located, typed error, never an untyped
exception, a hang or an unbalanced ledger."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

import dutyscore
from dutyscore.testing import ledger_problems

from . import _mutate
from .targets import check_records, check_scheme, check_side_file

FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(_mutate.scheme_texts())
def test_a_mutated_scheme_loads_or_is_refused(text: str) -> None:
    check_scheme(text)


@FUZZ
@given(_mutate.record_files())
def test_a_mutated_record_file_scores_or_is_refused(case: tuple[str, str, str]) -> None:
    check_records(*case)


def test_the_targets_score_an_unmutated_example() -> None:
    ev = check_records(
        "jiangsu-platform-2018",
        ".csv",
        (_mutate.ROOT / "examples" / "jiangsu-platform-2018" / "duty-records.csv").read_text("utf-8"),
    )
    assert isinstance(ev, dutyscore.Evaluation) and ledger_problems(ev) == []
    assert len(ev.outcomes) == 7


@FUZZ
@given(_mutate.side_files())
def test_a_mutated_units_calendar_or_previous_file_reads_or_is_refused(case: tuple[str, str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check_side_file(*case, Path(folder))
