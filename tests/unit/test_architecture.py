"""The shape of the package: one declaration per rule kind, a generated schema, typed errors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import dutyscore
from dutyscore import Problem, Record, RuleChecks
from dutyscore.kinds import RULE_KINDS
from dutyscore.scheme import load
from dutyscore.scheme.schema import schema_text
from dutyscore.scheme.verified import verified_text

from .test_user_rule_kind import SCHEME

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "dutyscore"


def test_the_committed_schema_is_the_generated_one() -> None:
    committed = (ROOT / "schemes" / "scheme.schema.json").read_text("utf-8")
    assert committed == schema_text(), "regenerate it: dutyscore schema > schemes/scheme.schema.json"
    Draft202012Validator.check_schema(dutyscore.scheme_json_schema())


def test_the_recorded_verdict_on_the_bundled_schemes_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    """``schemes/verified.json`` lets a bundled scheme skip the JSON Schema pass: it must be the
    digest of the bundle as committed, every bundled scheme must pass that check in full, and
    only bundled schemes may skip it."""
    recorded = (ROOT / "schemes" / "verified.json").read_text("utf-8")
    assert recorded == verified_text(), (
        "regenerate it: python -c 'from dutyscore.scheme.verified import verified_text; "
        'print(verified_text(), end="")\' > schemes/verified.json'
    )
    calls: list[object] = []
    real = load.iter_schema_errors

    def counted(doc: object) -> list[object]:
        calls.append(doc)
        return real(doc)  # type: ignore[return-value]

    monkeypatch.setattr(load, "iter_schema_errors", counted)
    for sid in dutyscore.bundled_scheme_ids():
        text, _ = load.read_scheme_text(sid)
        assert not [p for p in dutyscore.iter_scheme_problems(text) if p.severity == "error"], sid
    assert len(calls) == len(dutyscore.bundled_scheme_ids())  # the full check ran on each
    calls.clear()
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    assert calls == []  # the recorded verdict stood in for it
    copy = ROOT / "schemes" / "jiangsu-platform-2018.yaml"
    checked = dutyscore.load_scheme(str(copy))
    assert (checked.rules, checked.items, checked.grading) == (scheme.rules, scheme.items, scheme.grading)
    assert len(calls) == 1  # a file elsewhere is checked in full


def test_every_rule_kind_has_a_branch_in_the_schema() -> None:
    schema = dutyscore.scheme_json_schema()
    rule = schema["$defs"]["rule"]
    assert rule["properties"]["kind"]["enum"] == sorted(RULE_KINDS)
    for branch in rule["allOf"]:
        name = branch["if"]["properties"]["kind"]["const"]
        target = schema["$defs"][branch["then"]["$ref"].removeprefix("#/$defs/")]
        assert target["properties"]["kind"] == {"const": name, "type": "string"}
        assert target["additionalProperties"] is False


#: Words that name a rule kind and also something else: the CLI's ``--format table``, and the
#: ledger's ``override`` entries (which any kind's entries could be).
_ALSO_OTHER_WORDS = {"table", "override"}


def test_no_module_outside_a_kind_names_a_kind() -> None:
    names = "|".join(re.escape(k) for k in RULE_KINDS if k not in _ALSO_OTHER_WORDS)
    literal = re.compile(rf"[\"']({names})[\"']")
    compared = re.compile(r"\brules?\.kind\s*(==|!=|in\b|not in\b)")
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.parent.name == "kinds" and path.stem in RULE_KINDS:
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if literal.search(line) or compared.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert offenders == []


def test_one_calendar_serves_two_evaluations_without_leaking() -> None:
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    calendar = dutyscore.WorkingCalendar()
    late = Record("c1", "u1", "duty_record", dt.date(2041, 3, 4), dt.date(2041, 3, 11), {"item": "p1"})
    first = dutyscore.evaluate(scheme, [late], period=2041, calendar=calendar)
    assert [w.message for w in first.warnings if w.code == "calendar_unknown_year"] == [
        "the working-day calendar does not know the official holiday schedule of 2041; working days "
        "there follow weekends and fixed festivals only (add a local calendar file with --calendar)"
    ]
    on_time = Record("c2", "u1", "duty_record", dt.date(2018, 3, 5), dt.date(2018, 3, 12), {"item": "p1"})
    second = dutyscore.evaluate(scheme, [on_time], period=2018, calendar=calendar)
    assert all(w.code != "calendar_unknown_year" for w in second.warnings), second.warnings
    assert "2041" not in " ".join(w.message for w in second.warnings)


def test_lookups_raise_a_typed_error() -> None:
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    for lookup in (scheme.item, scheme.rule, scheme.obligation):
        with pytest.raises(dutyscore.NotFound, match=r"no (item|rule|obligation) 'nope'"):
            lookup("nope")
    with pytest.raises(KeyError):  # NotFound is a KeyError too, for code that expects one
        scheme.rule("nope")
    ev = dutyscore.evaluate(scheme, [], units=[dutyscore.Unit("u1", "一", "设区市")], period=2018)
    with pytest.raises(dutyscore.NotFound, match="no unit 'u9'"):
        ev.unit("u9")


def test_errors_carry_their_exit_codes() -> None:
    assert dutyscore.SchemeInvalid([]).exit_code == 2
    assert dutyscore.RecordsInvalid([]).exit_code == 2
    assert dutyscore.CalendarError("x").exit_code == 2
    assert dutyscore.NotFound("x").exit_code == 2
    assert dutyscore.EvaluationError("x").exit_code == 1


def test_a_failing_check_is_not_swallowed() -> None:
    from typing import Literal

    from dutyscore import Entry, UnitContext

    class BrokenCheck(dutyscore.RuleBase):
        """A kind whose semantic check has a bug."""

        kind: Literal["broken_check"]

    def evaluate(rule: BrokenCheck, matches: object, ctx: UnitContext) -> list[Entry]:
        return []

    def check(rule: BrokenCheck, checks: RuleChecks) -> Iterable[Problem]:
        raise RuntimeError("a bug in a check")

    dutyscore.register_rule_kind(dutyscore.RuleKind("broken_check", BrokenCheck, evaluate, check))
    try:
        text = SCHEME.replace("kind: monthly_presence", "kind: broken_check")
        text = text.replace("    points: 0.5\n    months: 10\n", "")
        with pytest.raises(RuntimeError, match="a bug in a check"):
            list(dutyscore.iter_scheme_problems(text))
    finally:
        dutyscore.unregister_rule_kind("broken_check")
