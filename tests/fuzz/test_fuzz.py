"""Short runs of the structured fuzzers (``fuzz/run.py`` runs them for a million inputs): a
mutated scheme or record file gives a result or a located, typed error, never an untyped
exception, a hang or an unbalanced ledger."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema.exceptions import ValidationError

import dutyscore
from dutyscore._yamlsrc import YamlSyntaxError, load_yaml
from dutyscore.scheme import schema
from dutyscore.scheme.load import _jsonable
from dutyscore.scheme.schema import _cached, iter_schema_errors, schema_message
from dutyscore.testing import ledger_problems

from . import _mutate
from .targets import check_overlay, check_records, check_scheme, check_side_file, check_workbook

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


@FUZZ
@given(_mutate.overlays())
def test_a_mutated_overlay_loads_or_is_refused_and_reads_nothing_outside(case: tuple[str, str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check_overlay(*case, Path(folder))


@FUZZ
@given(_mutate.workbooks())
def test_a_broken_workbook_reads_or_is_refused_and_1904_reads_as_1900(
    case: tuple[list[list[list[object]]], dict[str, object]],
) -> None:
    pytest.importorskip("python_calamine")
    with tempfile.TemporaryDirectory() as folder:
        check_workbook(*case, Path(folder))


def _summary(errors: list[ValidationError]) -> list[tuple[object, ...]]:
    return [(tuple(e.absolute_path), e.validator, e.message, schema_message(e)) for e in errors]


@FUZZ
@given(_mutate.scheme_texts(), st.booleans())
def test_checking_list_entries_one_by_one_finds_what_the_whole_check_finds(text: str, cold: bool) -> None:
    """The JSON Schema pass checks each entry of ``rules``, ``items``… alone and remembers the
    valid ones: on a mutated scheme it reports exactly what one pass over the document reports,
    whether the entries were seen before or not."""
    try:
        doc = _jsonable(load_yaml(text).value)
    except YamlSyntaxError:
        return
    whole = sorted(_cached()[1].iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    if cold:
        schema._VALID_ENTRIES.clear()
    assert _summary(iter_schema_errors(doc)) == _summary(whole)
    assert _summary(iter_schema_errors(doc)) == _summary(whole)  # now from what it remembered
