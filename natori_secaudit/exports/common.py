"""Shared pieces of the exports: one row per answer, the formula-injection guard."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from enum import Enum

from .. import i18n
from ..domain.answers import Answer
from ..domain.assessment import YearData
from ..domain.checklist import Department, Item, applies
from ..domain.results import CompiledYear
from ..domain.text import clean_text
from ..i18n import labels

#: The exports are Japanese files (headers, sheet names), whatever language the GUI shows.
LANG = "ja"


def label_of(member: Enum) -> str:
    """The catalogue's word for an answer, state, severity or trend, in the exports' language."""
    return labels.label(member, LANG)


# A spreadsheet treats a cell starting with one of these as a formula: a
# comment like "=HYPERLINK(...)" typed by someone must stay text (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> object:
    """Text a spreadsheet keeps as typed: control characters normalised (a vertical tab pasted from
    Word is a line break; openpyxl refuses it), and a formula-like start quoted."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def handling_mark(classification: str) -> str:
    """「機密性2・取扱注意」: the class from the department list, the handling words of the catalogue."""
    return i18n.t("export.print_handling_mark", lang="ja", classification=classification)


ANSWER_COLUMNS = (
    ("fiscal_year", "年度"),
    ("department_code", "所属コード"),
    ("department", "所属"),
    ("section", "分野"),
    ("item_id", "項目ID"),
    ("question", "設問"),
    ("severity", "重要度"),
    ("status", "回答コード"),
    ("status_label", "回答"),
    ("comment", "状況・理由"),
    ("evidence", "根拠"),
    ("action", "改善予定"),
    ("due", "期限"),
    ("carried_over", "前年度から(未確認)"),
    ("answered_by", "回答者"),
    ("updated_at", "更新日時"),
    ("department_score", "所属の達成率(%)"),
    ("previous_item_ids", "前年度の対応項目"),
    ("previous_department_codes", "前年度の所属コード"),
    ("previous_department_score", "前年度の所属の達成率(%)"),
)
COMPARISON_COLUMNS = (
    ("kind", "区分"),
    ("id", "項目ID・所属コード"),
    ("name", "設問・所属名"),
    ("previous", "前年度との対応"),
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
            yield _row(compiled, dept, item, a, result.score.percent) + _previous(
                compiled, dept.code, item.id
            )


def _previous(compiled: CompiledYear, code: str, item_id: str) -> list[object]:
    """Last year's counterparts along the mappings (replaces / formerly) and the department's score then."""
    cmp = compiled.comparison
    if cmp is None:
        return ["", "", None]
    items = cmp.item_previous.get(item_id, () if item_id in cmp.not_comparable else (item_id,))
    depts = cmp.department_previous.get(code)
    codes = [d.code for d in depts] if depts else ([] if code in cmp.new_departments else [code])
    unit = cmp.departments.get(code)
    return [" ".join(items), " ".join(codes), unit.previous.percent if unit and unit.previous else None]


def comparison_rows(compiled: CompiledYear) -> list[list[object]]:
    """What the comparison could not match by the same id or code, one row each (COMPARISON_COLUMNS)."""
    cmp = compiled.comparison
    if cmp is None:
        return []
    cl, org = compiled.checklist, compiled.organization
    rows: list[list[object]] = [
        ["改訂で置き換えた項目", i, cl.item(i).question, "前年度の " + "・".join(olds) + " と比較"]
        for i, olds in cmp.item_previous.items()
    ]
    rows += [
        ["新しい項目（比較不可）", i, cl.item(i).question, "前年度の点検票にない"] for i in cmp.not_comparable
    ]
    rows += [["廃止した項目", i.id, i.question, "前年度のみ"] for i in cmp.retired_items]
    rows += [
        [
            "改称・統合した所属",
            code,
            org.department(code).name,
            "旧：" + "・".join(f"{d.name}（{d.code}）" for d in olds) + " と比較",
        ]
        for code, olds in cmp.department_previous.items()
    ]
    rows += [
        ["新設の所属（比較なし）", code, org.department(code).name, "前年度の所属がない"]
        for code in cmp.new_departments
    ]
    rows += [
        ["引き継ぐ所属のない前年度の所属", d.code, d.name, "今年度の所属一覧にない"]
        for d in cmp.vanished_departments
    ]
    return rows


def _row(
    compiled: CompiledYear, dept: Department, item: Item, a: Answer, score: float | None
) -> list[object]:
    section = compiled.checklist.section(item.section_id)
    return [
        compiled.fiscal_year.start_year,
        dept.code,
        dept.name,
        f"{section.id} {section.title}",
        item.id,
        item.question,
        item.severity.value,
        a.status.value if a.status else "",
        labels.status(a.status, LANG),
        a.comment,
        a.evidence,
        a.action,
        a.due if a.due else None,
        "yes" if a.carried_over else "",
        a.answered_by,
        a.updated_at.replace(tzinfo=None) if isinstance(a.updated_at, _dt.datetime) else None,
        score,
    ]
