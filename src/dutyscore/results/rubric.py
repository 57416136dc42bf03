"""A scheme rendered back as the table it encodes, so that an author can hold it beside the
published 评分细则 and check it row by row (``dutyscore show``).

The model comes first (:func:`rubric`): one row per item in document order, with its number
(序号), title, points (基本分 of a scored item, 分值 of a section), office (责任科室) and every rule
booked to it (its words, id, kind, amount and clause), then what cuts across rows: caps
(最高不超过), dedup groups (不重复扣分), the composition, rounding, grading bands, vetoes,
consequences and obligations. Renderers (:mod:`.render`) turn it into Markdown or one
self-contained HTML page; neither knows the scheme.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..kinds.base import RuleBase
from ..scheme.model import Band, RubricColumn, RubricLayout, Scheme
from ..scheme.parts import Bound, Item, OfBase, offices
from .display import Display

_SHOW = Display()


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RubricRule(_Model):
    """One rule as the table shows it: its words (扣分情形/加分情形) and where they come from."""

    id: str
    kind: str
    direction: str
    title: str
    amount: str
    clause: str
    notes: list[str]


class RubricRow(_Model):
    """One item of the table, at its depth (0 for a top-level section)."""

    id: str
    depth: int
    number: str
    title: str
    points: str
    office: str
    notes: list[str]
    rules: list[RubricRule]


class RubricPart(_Model):
    """A titled list of lines after the table (caps, grading bands, vetoes, …)."""

    title: str
    lines: list[str]


class RubricLine(_Model):
    """One line of the rendered table: its cells under the columns, and its item's depth."""

    depth: int
    section: bool
    cells: list[str]


class RubricModel(_Model):
    """A scheme's table and what follows it, ready to render: the rows as data, and the lines
    the renderers print under ``columns``."""

    scheme: str
    version: str
    title: str
    document: str
    effective: str
    columns: list[str]
    #: What each column shows (``number``, ``points``, ``standard``, … : :data:`RubricCell`).
    shows: list[str]
    rows: list[RubricRow]
    lines: list[RubricLine]
    parts: list[RubricPart]


#: The columns a scheme that declares none gets (``rubric: {columns: [...]}`` in a scheme).
DEFAULT = RubricLayout(
    columns=tuple(
        RubricColumn(show=show, title=title)
        for show, title in (
            ("number", "序号"),
            ("item", "考核项目"),
            ("points", "分值"),
            ("standard", "评分标准（扣分/加分情形）"),
            ("rule", "规则"),
            ("clause", "条款"),
            ("office", "责任科室"),
        )
    )
)
COLUMNS = [c.title for c in DEFAULT.columns]


def _standard(rule: RubricRule) -> str:
    amount = f"（{rule.amount}）" if rule.amount else ""
    return rule.title + amount + "".join(f"；{note}" for note in rule.notes)


def _cell(show: str, row: RubricRow, rule: RubricRule | None, first: bool) -> str:
    """What column ``show`` holds on the line of ``rule`` (None: the item has none) of ``row``;
    the item's own cells only on its first line."""
    if show == "number":
        return row.number if first else ""
    if show == "item":
        notes = f" （{'；'.join(row.notes)}）" if row.notes else ""
        return "　" * row.depth + row.title + notes if first else ""
    if show == "points":
        return row.points if first else ""
    if show == "office":
        return row.office if first else ""
    if rule is None:
        return ""
    if show == "standard":
        return _standard(rule)
    if show in ("deductions", "bonuses"):
        return _standard(rule) if (rule.direction == "扣分") == (show == "deductions") else ""
    return rule.id if show == "rule" else rule.clause


def _lines(rows: list[RubricRow], layout: RubricLayout) -> list[RubricLine]:
    out = []
    for row in rows:
        rules: list[RubricRule | None] = [*row.rules] or [None]
        for k, rule in enumerate(rules):
            cells = [_cell(c.show, row, rule, k == 0) for c in layout.columns]
            out.append(RubricLine(depth=row.depth, section=row.depth == 0, cells=cells))
    return out
_DIRECTION = {"deduction": "扣分", "bonus": "加分"}


def _amount(value: Any) -> str:
    if isinstance(value, Decimal | Fraction | int):
        return _SHOW.amount(Fraction(value) if isinstance(value, int) else value)
    if isinstance(value, OfBase):
        return f"基本分×{_SHOW.amount(value.of_base)}"
    if value == "base":
        return "该项基本分"
    return str(value)


def _points(value: Any) -> str:
    """Points as the table says them: ``3分``, ``该项基本分``, ``基本分×0.5``."""
    shown = _amount(value)
    return f"{shown}分" if isinstance(value, Decimal | Fraction | int) else shown


def _rule_amount(rule: RuleBase) -> str:
    """The amount a rule's own fields give (its words say it too; here it is the number)."""
    said: list[str] = []
    points = getattr(rule, "points", None)
    if points is not None:
        said.append(f"{_DIRECTION[rule.direction][0]}{_points(points)}")
    table = getattr(rule, "table", None)
    if isinstance(table, dict):
        said.append("；".join(f"{k}: {_table_text(v)}" for k, v in table.items()))
    share = getattr(rule, "fraction_of_base", None)
    if share is not None:
        said.append(f"基本分×{_amount(share)}")
    if rule.cap is not None:
        said.append(f"最高{_points(rule.cap)}")
    most = getattr(rule, "max", None)
    if most is not None and not isinstance(most, dict):
        said.append(f"最多{_points(most)}")
    return "；".join(said)


def _table_text(value: Any) -> str:
    if isinstance(value, dict):
        return "，".join(f"{k} {_table_text(v)}" for k, v in value.items())
    return _points(value)


def _bounds(what: str, ceiling: Bound | None, floor: Bound | None) -> list[str]:
    """本部分最高…分 / 总分最低…分: a section's or the total's bounds as the table says them."""
    said = [(ceiling, "最高"), (floor, "最低")]
    return [f"{what}{word}{_amount(bound.value)}分" for bound, word in said if bound is not None]


def _band(band: Band) -> str:
    low, high = band.lower(), band.upper()
    parts = []
    if low is not None:
        parts.append(f"{_amount(low[0])}分{'以上' if low[1] else '（不含）以上'}")
    if high is not None:
        parts.append(f"{_amount(high[0])}分{'以下' if high[1] else '（不含）以下'}")
    return f"{band.grade}：{'、'.join(parts) or '其余'}"


def rubric(scheme: Scheme) -> RubricModel:
    """The scheme's table (see the module's docstring)."""
    by_item: dict[str, list[RuleBase]] = {}
    named: list[RuleBase] = []
    for rule in scheme.rules:
        if rule.item is not None:
            by_item.setdefault(rule.item, []).append(rule)
        else:
            named.append(rule)
    notes = _cross_notes(scheme)
    rows: list[RubricRow] = []

    def row_rule(rule: RuleBase) -> RubricRule:
        return RubricRule(
            id=rule.id,
            kind=rule.kind,
            direction=_DIRECTION[rule.direction],
            title=rule.title,
            amount=_rule_amount(rule),
            clause=scheme.cite(rule.source),
            notes=notes.get(rule.id, []),
        )

    def walk(items: tuple[Item, ...], depth: int) -> None:
        for item in items:
            points = item.base if item.base is not None else item.total
            item_notes = []
            if item.max_deduction is not None:
                item_notes.append(f"扣分不超过{_points(item.max_deduction)}（扣完为止）")
            if item.weight is not None:
                item_notes.append(f"权重 {_amount(item.weight)}")
            item_notes.extend(_bounds("本部分", item.ceiling, item.floor))
            rows.append(
                RubricRow(
                    id=item.id,
                    depth=depth,
                    number="" if item.number is None else str(item.number),
                    title=item.title,
                    points="" if points is None else _amount(points),
                    office="、".join(offices(item.office)),
                    notes=item_notes + ([item.note] if item.note else []),
                    rules=[row_rule(r) for r in by_item.get(item.id, [])],
                )
            )
            walk(item.children, depth + 1)

    walk(scheme.items, 0)
    if named:
        rows.append(
            RubricRow(
                id="-",
                depth=0,
                number="",
                title="按记录所属项目计分的规则",
                points="",
                office="",
                notes=[],
                rules=[row_rule(r) for r in named],
            )
        )
    doc = scheme.documents.get(scheme.source.document)
    until = scheme.effective.until
    effective = f"{scheme.effective.from_} 起" + (f"，至 {until}" if until else "")
    return RubricModel(
        scheme=scheme.id,
        version=scheme.version,
        title=scheme.title,
        document=" ".join(x for x in ((doc.number if doc else ""), (doc.title or "") if doc else "") if x),
        effective=effective,
        columns=[c.title for c in (scheme.rubric or DEFAULT).columns],
        shows=[c.show for c in (scheme.rubric or DEFAULT).columns],
        rows=rows,
        lines=_lines(rows, scheme.rubric or DEFAULT),
        parts=_parts(scheme),
    )


def _cross_notes(scheme: Scheme) -> dict[str, list[str]]:
    """Rule id → the caps and dedup groups that bind it with others (counted once, at most)."""
    out: dict[str, list[str]] = {}
    for cap in scheme.caps:
        for rid in cap.rules:
            out.setdefault(rid, []).append(f"{cap.title}（{cap.id}，最多{_points(cap.max)}）")
    for group in scheme.dedup:
        if group.rules == "all":  # said once, after the table
            continue
        for rid in group.rules:
            out.setdefault(rid, []).append(f"{group.title}（{group.id}）")
    return out


def _parts(scheme: Scheme) -> list[RubricPart]:
    parts: list[RubricPart] = []

    def add(title: str, lines: list[str]) -> None:
        if lines:
            parts.append(RubricPart(title=title, lines=lines))

    cite = scheme.cite
    caps = [f"{c.title}：{'、'.join(c.rules)}，最多{_points(c.max)}（{cite(c.source)}）" for c in scheme.caps]
    add("最高不超过（上限）", caps)
    add(
        "不重复计分",
        [
            f"{d.title}：{'所有规则' if d.rules == 'all' else '、'.join(d.rules)}（{scheme.cite(d.source)}）"
            for d in scheme.dedup
        ],
    )
    comp = scheme.composition
    how = "加权合成各部分得分" if comp.kind == "weighted" else "基本分 + 加分 - 扣分"
    lines = [how + (f"（{scheme.cite(comp.source)}）" if comp.source else "")]
    lines.extend(_bounds("总分", comp.ceiling, comp.floor))
    if scheme.rounding is not None:
        lines.append(f"按{scheme.rounding.places}位小数取舍（{scheme.rounding.mode}）")
    add("总分", lines)
    grading = scheme.grading
    if grading is not None:
        bands = [_band(b) for b in grading.bands]
        if grading.quota is not None:
            quota = grading.quota
            bands.append(f"{quota.grade}不超过{_amount(quota.share * 100)}%（{scheme.cite(quota.source)}）")
        add("等次", bands)
        vetoes = [f"{v.title}：最高评为{v.at_most}（{scheme.cite(v.source)}）" for v in grading.vetoes]
        add("一票否决", vetoes)
    add("结果运用", [f"{c.title}（{scheme.cite(c.source)}）" for c in scheme.consequences.values()])
    add("时限要求", [f"{o.title}（{scheme.cite(o.source)}）" for o in scheme.obligations])
    return parts
