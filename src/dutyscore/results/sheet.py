"""The per-unit 评分表 an assessment team fills in and both sides sign (``dutyscore sheet``).

Built from an evaluation (:func:`sheets`): per unit, a row per item in the scheme's order (序号,
考核内容, 分值, 评分标准: the rules' own words, 扣分/加分原因: each ledger line said in Chinese
with its records and their dates, and what a cap or "counted once" cut, 得分), section
subtotals, the total as 基本分 + 加分 − 扣分, the rank in its cohort, the grade, vetoes and
consequences; then a ranking per cohort. Renderers (:mod:`.render`) make Markdown or one HTML
file that prints a unit a page on A4. Amounts are shown as :class:`~.display.Display` shows
them; the JSON keeps them exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from pydantic import BaseModel, ConfigDict

from .._exact import ZERO, Exact, mul, total
from .._messages import say
from ..scheme.parts import Item
from .display import Display
from .evaluation import Evaluation
from .models import LedgerEntryModel

_WORD = {
    "deduction": "扣",
    "bonus": "加",
    "score": "评分",
    "bound": "调整",
    "override": "调整",
    "rounding": "取舍",
}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SheetRow(_Model):
    depth: int
    number: str
    title: str
    points: str
    standard: list[str]
    reasons: list[str]
    score: str
    section: bool


class RankRow(_Model):
    rank: str
    unit: str
    name: str
    total: str
    grade: str
    consequences: str
    bar: int


class UnitSheet(_Model):
    """One unit's 评分表."""

    unit: str
    name: str
    category: str
    rows: list[SheetRow]
    total_line: str
    total: str
    rank: str
    grade: str
    vetoes: list[str]
    consequences: list[str]
    partial: str


class CohortRanking(_Model):
    cohort: str
    rows: list[RankRow]


class SheetsModel(_Model):
    """Every unit's 评分表 of one evaluation and the ranking of each cohort."""

    title: str
    scheme: str
    version: str
    document: str
    period: str
    units: list[UnitSheet]
    rankings: list[CohortRanking]


def _dated(ev: Evaluation, records: Sequence[str]) -> str:
    shown = []
    for rid in records[:12]:
        record = ev.records.get(rid)
        shown.append(f"{rid}（{record.act_date.isoformat()}）" if record is not None else rid)
    more = f"等{len(records)}条" if len(records) > 12 else ""
    return "、".join(shown) + more


def _reason(ev: Evaluation, line: LedgerEntryModel, show: Display) -> str:
    """A ledger line as the sheet says it: 扣0.5分：<the rule's words>（记录 …）；<what cut it>."""
    amount = line.applied if line.kind != "deduction" else -line.applied
    word = _WORD.get(line.kind, line.kind)
    if line.kind in ("deduction", "bonus") and not line.applied:
        unmet = any(d.kind == "not_applied" for d in line.decisions)
        first = line.decisions[0].kind if line.decisions else ""
        cut = "not_applied" if unmet else first
        reason = say(f"decision.{cut}", "zh") if cut else ""
        return f"未{word}分：{line.rule_title or line.detail}" + (f"（{reason}）" if reason else "")
    if line.kind == "outcome":  # a vote's outcome: no points, a consequence
        head = "结果"
    elif line.kind in ("deduction", "bonus"):
        head = f"{word}{show.amount(amount)}分"
    else:
        head = f"{word} {show.signed(amount)}分"
    said = f"{head}：{line.rule_title or line.label or line.detail}"
    if line.records:
        said += f"（记录 {_dated(ev, line.records)}）"
    for d in line.decisions:
        said += f"；{say(f'decision.{d.kind}', 'zh')}（{d.by}，少计{show.amount(d.lost)}分）"
    return said


def unit_sheet(ev: Evaluation, unit_id: str, *, exact: bool = False) -> UnitSheet:
    """The 评分表 of one unit."""
    show = Display.of(ev.scheme, exact=exact)
    m = ev.unit_model(unit_id)
    scores = {i.item: i.score for i in m.items}
    lines: dict[str | None, list[LedgerEntryModel]] = {}
    for line in m.ledger:
        if line.kind != "base":
            lines.setdefault(line.item, []).append(line)
    rules_by_item: dict[str, list[str]] = {}
    for rule in ev.scheme.rules:
        if rule.item is not None:
            rules_by_item.setdefault(rule.item, []).append(rule.title)
    rows: list[SheetRow] = []

    def walk(items: Sequence[Item], depth: int) -> Exact:
        subtotal: Exact = ZERO
        for item in items:
            points = item.base if item.base is not None else item.total
            at = len(rows)
            rows.append(
                SheetRow(
                    depth=depth,
                    number="" if item.number is None else str(item.number),
                    title=item.title,
                    points="" if points is None else show.amount(points),
                    standard=rules_by_item.get(item.id, []),
                    reasons=[_reason(ev, line, show) for line in lines.get(item.id, [])],
                    score="",
                    section=bool(item.children),
                )
            )
            score = walk(item.children, depth + 1) if item.children else scores.get(item.id, ZERO)
            rows[at] = rows[at].model_copy(update={"score": show.amount(score)})
            subtotal = total([subtotal, mul(score, item.weight) if item.weight is not None else score])
        return subtotal

    walk(ev.scheme.items, 0)
    whole = [_reason(ev, line, show) for line in lines.get(None, [])]
    if whole:
        adjust = SheetRow(
            depth=0, number="", title="总分调整", points="", standard=[], reasons=whole, score="",
            section=True,
        )
        rows.append(adjust)
    total_line = (
        f"基本分 {show.amount(m.base)} + 加分 {show.amount(m.bonus)} - 扣分 {show.amount(m.deduction)}"
        + (f" + 评分 {show.amount(m.inputs)}" if m.inputs else "")
        + (f" {show.signed(m.adjustment)}（调整）" if m.adjustment else "")
        + f" = {show.amount(m.total)}"
    )
    rank = f"{m.category or '全体'}第{m.rank}名（共{m.cohort_size}个）" if m.rank is not None else "—"
    grade = m.grade or "—"
    if m.grade is not None and m.grade != m.grade_by_score:
        grade += f"（按分数为{m.grade_by_score}）"
    skipped = "、".join(m.skipped_records)
    partial = f"有{m.skipped}条记录因无效未计入（{skipped}），得分和等次为暂定" if m.partial else ""
    return UnitSheet(
        unit=m.unit,
        name=m.name,
        category=m.category or "—",
        rows=rows,
        total_line=total_line,
        total=show.amount(m.total),
        rank=rank,
        grade=grade + ("（暂定）" if m.partial and m.grade else ""),
        vetoes=[f"一票否决：{v.title}，最高评为{v.at_most}（{v.clause}）" for v in m.vetoes],
        consequences=[*m.flag_titles, *(f"{c.title}（{c.clause}）" for c in m.consequences)],
        partial=partial,
    )


def _handling(ev: Evaluation, unit_id: str, flags: Sequence[str]) -> list[str]:
    """处理: a unit's flags and consequences, as people read them."""
    return [*(ev.flag_title(f) for f in flags), *(c.title for c in ev.consequences(unit_id))]


def sheets(ev: Evaluation, units: Sequence[str] | None = None, *, exact: bool = False) -> SheetsModel:
    """The 评分表 of ``units`` (all, in the result's order, by default) and the cohort rankings."""
    show = Display.of(ev.scheme, exact=exact)
    chosen = list(ev.outcomes) if units is None else list(units)
    doc = ev.scheme.documents.get(ev.scheme.source.document)
    cohorts: dict[str, list[RankRow]] = {}
    best = Fraction(max((o.total for o in ev.outcomes.values()), default=ZERO)) or Fraction(1)
    for o in sorted(ev.outcomes.values(), key=lambda o: (o.standing.rank or 0, o.unit.id)):
        cohorts.setdefault(o.unit.category or "全体", []).append(
            RankRow(
                rank="—" if o.standing.rank is None else str(o.standing.rank),
                unit=o.unit.id,
                name=o.unit.name,
                total=show.amount(o.total),
                grade=o.grade.grade if o.grade else "—",
                consequences="、".join(_handling(ev, o.unit.id, o.standing.flags)) or "—",
                bar=max(0, min(100, int(Fraction(o.total) * 100 / best))),
            )
        )
    return SheetsModel(
        title=ev.scheme.title,
        scheme=ev.scheme.id,
        version=ev.scheme.version,
        document=doc.number if doc else ev.scheme.source.document,
        period=str(ev.period),
        units=[unit_sheet(ev, uid, exact=exact) for uid in chosen],
        rankings=[CohortRanking(cohort=c, rows=rows) for c, rows in cohorts.items()],
    )
