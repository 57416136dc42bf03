"""Each scheme check, on a broken copy of the bundled scheme: message, path, line."""

from __future__ import annotations

import pytest

import dutyscore
from dutyscore import Problem, iter_scheme_problems


def _problems(text: str) -> list[Problem]:
    return list(iter_scheme_problems(text, "broken.yaml"))


def _line_of(text: str, fragment: str, nth: int = 1) -> int:
    start = -1
    for _ in range(nth):
        start = text.index(fragment, start + 1)
    return text[:start].count("\n") + 1


def test_bundled_scheme_has_no_problems(jiangsu_text: str) -> None:
    assert _problems(jiangsu_text) == []


def test_unknown_key_is_reported_at_its_line(jiangsu_text: str) -> None:
    text = jiangsu_text.replace("  praise:\n", "  praise:\n    titel: x\n", 1)
    [p] = _problems(text)
    assert p.message == "unknown key 'titel'"
    assert p.path == ("event_kinds", "praise", "titel")
    assert p.line == _line_of(text, "titel")
    assert str(p).startswith(f"broken.yaml:{p.line}:5: event_kinds.praise.titel:")


def test_rule_without_citation(jiangsu_text: str) -> None:
    clause = '    source: {document: su-2018-17, clause: "评分细则 党委(党组)主体责任 第5项 扣分情形"}\n'
    text = jiangsu_text.replace(clause, "", 1)
    [p] = _problems(text)
    assert "missing required key 'source'" in p.message
    assert p.path == ("rules", 5)
    assert p.line == _line_of(text, "  - id: p5-non-cooperation")


def test_duplicate_rule_id(jiangsu_text: str) -> None:
    text = jiangsu_text.replace("  - id: s4-rectification-lagging", "  - id: s2-abuse-eradicated", 1)
    [p] = _problems(text)
    assert p.message == "duplicate rule id 's2-abuse-eradicated'"
    assert p.line == _line_of(text, "  - id: s2-abuse-eradicated", 2)


def test_duplicate_item_id(jiangsu_text: str) -> None:
    text = jiangsu_text.replace("{id: p2, number: 2", "{id: p1, number: 2", 1)
    assert any(p.message == "duplicate item id 'p1'" for p in _problems(text))


def test_reference_to_missing_item(jiangsu_text: str) -> None:
    text = jiangsu_text.replace("    item: p3\n", "    item: p33\n", 1)
    [p] = _problems(text)
    assert p.message == "item 'p33' is unknown"
    assert p.line == _line_of(text, "item: p33")


def test_rule_booked_to_a_section(jiangsu_text: str) -> None:
    text = jiangsu_text.replace("    item: p3\n", "    item: collective\n", 1)
    [p] = _problems(text)
    assert p.message == "item 'collective' is a section, not a scored item"


def test_reference_to_missing_event_kind(jiangsu_text: str) -> None:
    text = jiangsu_text.replace("    event: non_cooperation\n", "    event: noncooperation\n", 1)
    [p] = _problems(text)
    assert p.message == "unknown event kind 'noncooperation'"
    assert p.path == ("rules", 5, "event")


def test_where_on_missing_attribute(jiangsu_text: str) -> None:
    text = jiangsu_text.replace("where: {items: p7}", "where: {itemz: p7}", 1)
    [p] = _problems(text)
    assert p.message == "event kind 'passive_investigation' has no attribute 'itemz'"
    assert p.line == _line_of(text, "itemz")


def test_citation_of_unknown_document(jiangsu_text: str) -> None:
    text = jiangsu_text.replace(
        'source: {document: su-2018-17, clause: "第十二条"}',
        'source: {document: su-2018-71, clause: "第十二条"}',
    )
    [p] = _problems(text)
    assert p.message == "unknown document 'su-2018-71'"
    assert p.path == ("ranking", "source", "document")


def test_section_total_differs_from_its_items(jiangsu_text: str) -> None:
    text = jiangsu_text.replace(
        "{id: p8, number: 8, title: 改进巡视巡察工作, base: 5}",
        "{id: p8, number: 8, title: 改进巡视巡察工作, base: 4}",
    )
    problems = _problems(text)
    assert [p.message for p in problems] == [
        "section 'primary' declares 50 points but its items sum to 49",
        "section 'collective' declares 35 points but its items sum to 34",
    ]
    assert all(p.severity == "error" for p in problems)


def test_partial_scheme_makes_the_total_a_warning(jiangsu_text: str) -> None:
    text = jiangsu_text.replace("period: year\n", "period: year\npartial: true\n").replace(
        "{id: p8, number: 8, title: 改进巡视巡察工作, base: 5}",
        "{id: p8, number: 8, title: 改进巡视巡察工作, base: 4}",
    )
    problems = _problems(text)
    assert {p.severity for p in problems} == {"warning"}
    scheme, warnings = dutyscore.load_scheme_text(text)
    assert scheme.partial and len(warnings) == 2


def test_cap_and_dedup_references(jiangsu_text: str) -> None:
    text = jiangsu_text.replace("rules: [general-lateness]", "rules: [general-latenes]").replace(
        "    direction: bonus\n    rules: all\n", "    direction: bonus\n    rules: [p5-non-cooperation]\n"
    )
    messages = {p.message for p in _problems(text)}
    assert messages == {
        "unknown rule 'general-latenes'",
        "rule 'p5-non-cooperation' is a deduction rule; the group is for bonus rules",
    }


def test_every_problem_is_reported_not_just_the_first(jiangsu_text: str) -> None:
    text = (
        jiangsu_text.replace("  praise:\n", "  praise:\n    titel: x\n", 1)
        .replace("    item: p3\n", "    item: p33\n", 1)
        .replace("where: {items: p7}", "where: {itemz: p7}", 1)
    )
    problems = _problems(text)
    assert len(problems) == 3
    assert [p.line for p in problems] == sorted(p.line for p in problems)  # type: ignore[type-var]


def test_yaml_syntax_error_has_a_position() -> None:
    [p] = _problems("id: x\nitems: [\n")
    assert p.message.startswith("not valid YAML")
    assert p.line is not None


def test_duplicate_yaml_key(jiangsu_text: str) -> None:
    text = jiangsu_text.replace('version: "2018.1"\n', 'version: "2018.1"\nversion: "2"\n', 1)
    [p] = _problems(text)
    assert p.message == "duplicate key 'version'"
    assert p.line == _line_of(text, 'version: "2"')


def test_load_scheme_raises_with_all_problems(jiangsu_text: str, tmp_path: object) -> None:
    text = jiangsu_text.replace("    item: p3\n", "    item: p33\n", 1)
    with pytest.raises(dutyscore.SchemeInvalid) as info:
        dutyscore.load_scheme_text(text, "x.yaml")
    assert "x.yaml:" in str(info.value) and "p33" in str(info.value)
    assert len(info.value.problems) == 1


def test_unknown_bundled_id() -> None:
    with pytest.raises(dutyscore.SchemeInvalid, match="no such scheme"):
        dutyscore.load_scheme("no-such-scheme")


def test_published_schema_lists_every_rule_kind() -> None:
    from dutyscore.kinds import RULE_KINDS

    schema = dutyscore.scheme_json_schema()
    assert set(schema["$defs"]["rule"]["properties"]["kind"]["enum"]) == set(RULE_KINDS)


def test_a_malformed_base_does_not_cascade(jiangsu_text: str) -> None:
    text = jiangsu_text.replace(
        "{id: p2, number: 2, title: 健全工作机制, base: 3}",
        "{id: p2, number: 2, title: 健全工作机制, base: three}",
    )
    [p] = _problems(text)
    assert p.message == "'three' is not of type 'number'"
    assert p.path == ("items", 0, "children", 0, "children", 1, "base")


def test_a_misspelt_rule_kind_and_key(jiangsu_text: str) -> None:
    text = jiangsu_text.replace(
        "kind: per_occurrence\n    title: 被执法机关", "kind: per_occurence\n    title: 被执法机关", 1
    )
    [p] = _problems(text)
    assert p.path == ("rules", 5, "kind") and "'per_occurence' is not one of" in p.message
