"""Shared pieces of the exports: one row per answer, the formula-injection guard."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from ..domain.answers import Answer
from ..domain.assessment import YearData
from ..domain.checklist import Item, applies
from ..domain.results import CompiledYear

# A spreadsheet treats a cell starting with one of these as a formula: a
# comment like "=HYPERLINK(...)" typed by someone must stay text (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


ANSWER_COLUMNS = (
    ("fiscal_year", "年度"), ("department_code", "所属コード"), ("department", "所属"), ("section", "分野"),
    ("item_id", "項目ID"), ("question", "設問"), ("severity", "重要度"), ("status", "回答コード"),
    ("status_label", "回答"), ("comment", "状況・理由"), ("evidence", "根拠"), ("action", "改善予定"),
    ("due", "期限"), ("carried_over", "前年度から(未確認)"), ("answered_by", "回答者"), ("updated_at", "更新日時"),
    ("department_score", "所属の達成率(%)"),
)


def answer_rows(compiled: CompiledYear, data: YearData) -> Iterator[list[object]]:
    """Every applicable item of every department that has an assessment, with every field typed."""
    for result in compiled.departments:
        dept = result.department
        assessment = data.assessments.get(dept.code)
        if assessment is None:
            continue
        for item in data.checklist.items:
            if not applies(item, dept):
                continue
            a: Answer = assessment.answers.get(item.id) or Answer(item.id)
            yield _row(compiled, dept, item, a, result.score.percent)


def _row(compiled: CompiledYear, dept, item: Item, a: Answer, score: float | None) -> list[object]:
    section = compiled.checklist.section(item.section_id)
    return [
        compiled.fiscal_year.start_year, dept.code, dept.name, f"{section.id} {section.title}", item.id,
        item.question, item.severity.value, a.status.value if a.status else "",
        a.status.label_ja if a.status else "未回答", a.comment, a.evidence, a.action,
        a.due if a.due else None, "yes" if a.carried_over else "", a.answered_by,
        a.updated_at.replace(tzinfo=None) if isinstance(a.updated_at, _dt.datetime) else None, score,
    ]
