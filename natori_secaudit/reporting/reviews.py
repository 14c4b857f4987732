"""Review lists for the IT division: answers to question before they are taken as given.

A high-severity item answered 該当なし removes the item from the department's score, and わからない
means nobody in the department knows: both are checked with the department (要確認).
"""

from __future__ import annotations

from reportlab.platypus import PageBreak

from ..domain.answers import AnswerStatus
from ..domain.results import CompiledYear
from .common import label_of, t
from .styles import Grid, grid_style, para, widths

MAIN_MAX = 15  # rows in the 本編 (the rest in the 資料編)
LIST_MAX = 200  # rows per list in the 資料編; the workbook has them all


def _high_na(c: CompiledYear):
    return [(d.department, g) for d in c.departments if d.included for g in d.high_not_applicable]


def _unknown(c: CompiledYear):
    rows = [
        (d.department, g)
        for d in c.departments
        if d.included
        for g in d.gaps
        if g.status is AnswerStatus.UNKNOWN
    ]
    rows.sort(key=lambda r: -r[1].item.weight)
    return rows


def review_lists(c: CompiledYear, texts: list[str], *, unknown_in_annex: bool = True) -> list:
    """本編: the high-severity 該当なし; the わからない list here too, or a pointer to the 資料編."""
    story: list = [para(t("review_heading"), "h1", texts), para(t("review_intro"), "body", texts)]
    na = _high_na(c)
    story += _list(t("review_na_heading", n=len(na)), na, texts, limit=MAIN_MAX)
    if len(na) > MAIN_MAX:
        story.append(para(t("review_more_annex", n=len(na) - MAIN_MAX), "note", texts))
    unknown = _unknown(c)
    if unknown_in_annex:
        story.append(para(t("review_unknown_heading", n=len(unknown)), "h2", texts))
        story.append(para(t("review_unknown_annex") if unknown else t("review_none"), "body", texts))
    else:
        story += _list(t("review_unknown_heading", n=len(unknown)), unknown, texts)
    story.append(PageBreak())
    return story


def annex_lists(c: CompiledYear, texts: list[str]) -> list:
    """資料編: the high-severity 該当なし beyond the 本編's rows, and every わからない answer."""
    story: list = []
    na = _high_na(c)
    if len(na) > MAIN_MAX:
        story += _list(t("review_na_heading", n=len(na)), na, texts, style="h1") + [PageBreak()]
    unknown = _unknown(c)
    if unknown:
        story += _list(t("review_unknown_heading", n=len(unknown)), unknown, texts, style="h1") + [
            PageBreak()
        ]
    return story


def _list(heading: str, rows, texts: list[str], style: str = "h2", limit: int = LIST_MAX) -> list:
    story: list = [para(heading, style, texts)]
    if not rows:
        return story + [para(t("review_none"), "body", texts)]
    table = [
        [para(h, "head") for h in (t("col_department"), t("col_item"), t("col_severity"), t("col_comment"))]
    ]
    for dept, g in rows[:limit]:
        table.append(
            [
                para(dept.name, "cell", texts),
                para(f"{g.item.id} {g.item.question}", "cell", texts),
                para(label_of(g.item.severity), "cell_center", texts),
                para(g.comment or "—", "cell", texts),
            ]
        )
    story.append(Grid(table, colWidths=widths(1.6, 3.6, 0.6, 2.6), repeatRows=1, style=grid_style()))
    if len(rows) > limit == LIST_MAX:
        story.append(para(t("review_more", n=len(rows) - limit), "note", texts))
    return story
