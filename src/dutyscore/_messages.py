"""The lines people read, by a stable code, in Chinese and in English.

A human format asks for a line by its code and the language (:func:`say`); the words of the
paper forms (``../shared/PEOPLE.md``) are the Chinese ones. Chinese is the default for people
(``--lang``, ``DUTYSCORE_LANG``); a test checks that every code has both languages and the same
fields in each. Codes are part of the contract: a line's words may change, its code does not.
"""

from __future__ import annotations

import os
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

#: code → (Chinese, English), each a ``str.format`` template with the same fields.
CATALOGUE: dict[str, tuple[str, str]] = {
    # explain
    "explain.head": (
        "{name}（{unit}，{cohort}）— 方案 {scheme} {version}，考核期 {period}",
        "{unit} {name} ({cohort}) — {scheme} {version}, period {period}",
    ),
    "explain.no_cohort": ("未分类", "no cohort"),
    "explain.base": ("基本分：{base}", "base points: {base}"),
    "explain.line": ("{amount} {kind} [{where}] 规则 {rule}", "{amount} {kind} [{where}] rule {rule}"),
    "explain.total_item": ("总分", "total"),
    "explain.clause": ("（{clause}）", " ({clause})"),
    "explain.rule_title": ("    {title}", "    {title}"),
    "explain.detail": ("    计算：{detail}", "    {detail}"),
    "explain.records": ("    记录：{records}", "    records: {records}"),
    "explain.counted": ("    计入：{records}", "    counted: {records}"),
    "explain.more": ("等{n}条", " … (+{n})"),
    "explain.raw": ("    原分值 {raw}，计分 {applied}", "    raw {raw} → applied {applied}"),
    "explain.decision": ("    {what}（{by}）：{lost}（{detail}）", "    {what} by {by}: {lost} ({detail})"),
    "explain.section": (
        "{title}：{score} × {weight} = {contribution}",
        "{title}: {score} × {weight} = {contribution}",
    ),
    "explain.section_plain": ("{title}：{contribution}", "{title}: {contribution}"),
    "explain.adjustment": ("{amount}（调整）", "{amount} (adjustment)"),
    "explain.total_weighted": ("总分：{parts} = {total}", "total: {parts} = {total}"),
    "explain.total": (
        "总分：基本分 {base} + 加分 {bonus} - 扣分 {deduction}{adjustment} = {total}",
        "total: {base} + {bonus} - {deduction}{adjustment} = {total}",
    ),
    "explain.total_adjustment": (" {sign} 调整 {amount}", " {sign} {amount} (adjustment)"),
    "explain.grade": ("等次：{grade}", "grade: {grade}"),
    "explain.grade_by_score": ("（按分数为{grade}）", " (by score {grade})"),
    "explain.veto": (
        "    一票否决 {veto}：{title}— 记录 {records}；最高评为{at_most}（{clause}）",
        "    veto {veto}: {title} — records {records}; at most {at_most} ({clause})",
    ),
    "explain.consequence": (
        "结果运用：{title}（{clause}）— {because}",
        "consequence: {title} ({clause}) — {because}",
    ),
    "explain.rank": ("排名：{cohort}第{rank}名（共{size}个）", "rank {rank} of {size} in {cohort}"),
    "explain.flags": ("；处理：{flags}", "; flags: {flags}"),
    "explain.statuses": ("记录：{counts}", "records: {counts}"),
    "explain.none": ("无", "none"),
    "explain.record_left": ("    {record}（{kind}）：{status}", "    {record} ({kind}): {status}"),
    "explain.warning": ("注意：{message}", "warning: {message}"),
    # what a ledger line is
    "kind.base": ("基本分", "base"),
    "kind.score": ("评分", "score"),
    "kind.bonus": ("加分", "bonus"),
    "kind.deduction": ("扣分", "deduction"),
    "kind.bound": ("上下限", "bound"),
    "kind.override": ("调整", "override"),
    "kind.rounding": ("取舍", "rounding"),
    "kind.outcome": ("结果", "outcome"),
    # what cut an amount
    "decision.capped": ("超出上限，按上限计", "capped"),
    "decision.superseded": ("同一事项不重复计分，按最高分值计", "superseded"),
    "decision.not_applied": ("未达到计分条件", "not applied"),
    "decision.exempt": ("免予扣分", "exempt"),
    # what became of a record
    "status.contributing": ("计分", "contributing"),
    "status.superseded": ("不重复计分", "superseded"),
    "status.capped": ("超出上限", "capped"),
    "status.exempt": ("免予扣分", "exempt"),
    "status.matched": ("已匹配未计分", "matched"),
    "status.unmatched": ("未使用", "unmatched"),
    "status.out_of_period": ("不在考核期内", "out of period"),
    # due
    "due.head": (
        "{scheme} {version} — 截至 {as_of}：{summary}",
        "{scheme} {version} — as of {as_of}: {summary}",
    ),
    "due.none": ("无时限要求", "no obligations"),
    "due.count": ("{status} {n}", "{status} {n}"),
    "due.met": ("已完成", "met"),
    "due.missed": ("未完成", "missed"),
    "due.warned": ("预警", "warned"),
    "due.due": ("待办", "due"),
    "due.columns": ("单位|义务|期次|状态|时限|记录", "unit|obligation|instance|status|due|records"),
}


def language(explicit: str | None = None) -> Lang:
    """The language of the human formats: ``explicit`` (``--lang``), else ``DUTYSCORE_LANG``,
    else Chinese."""
    chosen = explicit or os.environ.get("DUTYSCORE_LANG", "") or "zh"
    return "en" if chosen.lower().startswith("en") else "zh"


def say(code: str, lang: Lang, **fields: object) -> str:
    """The line ``code`` in ``lang`` with ``fields`` filled in."""
    zh, en = CATALOGUE[code]
    return (zh if lang == "zh" else en).format(**fields)
