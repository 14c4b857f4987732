"""The department report: its own answers, score, gaps with recommendations,
and the signature box (所属長 確認欄) — what a department files and discusses."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from ..domain.answers import Answer, AnswerStatus
from ..domain.checklist import applies
from ..domain.results import CompiledYear
from . import glyphs
from .common import delta_text, due_text, label_of, pct, status_label, t, wareki_date, write_pdf
from .comparison_notes import comparison_block, former_names
from .department_sections import department_page
from .fonts import register_fonts
from .styles import GREY_FAINT, Grid, grid_style, para, widths

RETURN_DAYS = 14  # the signed copy comes back within two weeks


def build_department_report(
    compiled: CompiledYear,
    department_code: str,
    answers: Mapping[str, Answer],
    out_path: Path | str,
    *,
    invariant: bool = False,
    generated_on: _dt.date | None = None,
    font_path=None,
) -> Path:
    register_fonts(font_path)
    texts: list[str] = []
    d = compiled.department(department_code)
    dept = d.department
    day = generated_on or compiled.compiled_on
    title = t("dept_title", year=compiled.fiscal_year.label_ja, name=dept.name)
    org = compiled.organization.name
    story: list = [
        para(wareki_date(day), "letter_right", texts),
        para(t("dept_to", name=dept.name, head=dept.head or t("dept_head_default")), "letter", texts),
        para(
            t("letter_from", org=org, sender=compiled.organization.it_division or t("default_sender")),
            "letter_right",
            texts,
        ),
        para(title, "h1", texts),
    ]
    if former_names(compiled, dept.code):
        story.append(
            para(t("dept_former", name=dept.name, former=former_names(compiled, dept.code)), "body", texts)
        )
    story += department_page(compiled, d, texts, heading=False)
    story += _last_year_plans(compiled, dept.code, texts)
    story.append(Spacer(1, 4 * mm))
    story.append(_signature_box(texts, day))
    story.append(PageBreak())
    story += comparison_block(compiled, texts, dept, heading_style="h2")
    story.append(para(t("dept_answers_heading"), "h1", texts))
    for section in compiled.checklist.sections:
        rows = [[para(h, "head") for h in (t("col_item"), t("col_answer"), t("col_details"))]]
        for item in section.items:
            if not applies(item, dept):
                continue
            a = answers.get(item.id) or Answer(item.id)
            details = []
            if a.comment:
                details.append(
                    t("label_reason" if a.status is AnswerStatus.NOT_APPLICABLE else "label_comment")
                    + a.comment
                )
            if a.evidence:
                details.append(t("label_evidence") + a.evidence)
            if a.action:
                details.append(t("label_action") + a.action + t("label_due", due=due_text(a.due)))
            if a.status is not None and a.status.is_gap and item.recommendation:
                details.append(t("label_recommendation") + item.recommendation)
            rows.append(
                [
                    para(f"{item.id}［{label_of(item.severity)}］{item.question}", "cell", texts),
                    para(
                        status_label(a.status) + (t("carried_over_mark") if a.carried_over else ""),
                        "cell_center",
                        texts,
                    ),
                    para("\n".join(details) or "—", "cell", texts),
                ]
            )
        story.append(para(section.title, "h2", texts))
        story.append(Grid(rows, colWidths=widths(3.4, 0.9, 3.6), repeatRows=1, style=grid_style()))
    story += glyphs.annex(glyphs.scan(compiled, {dept.code: answers}), texts)
    header = f"{compiled.organization.name}　{title}"
    footer = f"{dept.name}　{wareki_date(day)}"
    return write_pdf(
        out_path,
        story,
        texts,
        title=title,
        header=header,
        footer=footer,
        classification=compiled.organization.classification,
        invariant=invariant,
    )


def _last_year_plans(c: CompiledYear, code: str, texts: list[str]) -> list:
    """Last year's plans of this department whose due date passed while the gap remains."""
    rows = [a for a in c.overdue_previous if a.department.code == code]
    if not rows:
        return []
    table = [[para(h, "head") for h in (t("col_item"), t("col_action_last_year"), t("col_due"))]]
    table += [
        [
            para(f"{a.item.id} {a.item.question}", "cell", texts),
            para(a.action or "—", "cell", texts),
            para(due_text(a.due) + t("overdue_mark"), "cell", texts),
        ]
        for a in rows
    ]
    return [
        para(t("dept_last_year_heading", n=len(rows)), "h3", texts),
        Grid(table, colWidths=widths(3, 3.6, 1.3), repeatRows=1, style=grid_style()),
    ]


def _signature_box(texts: list[str], day: _dt.date) -> KeepTogether:
    rows = [
        [para(t("sign_heading"), "cell_bold"), "", "", ""],
        [para(t("sign_date"), "cell"), para(t("sign_date_blank"), "cell"), para(t("sign_title"), "cell"), ""],
        [para(t("sign_name"), "cell"), "", para(t("sign_seal"), "cell"), ""],
        [para(t("sign_comment"), "cell"), "", "", ""],
    ]
    texts.extend(
        t(k) for k in ("sign_heading", "sign_date", "sign_title", "sign_name", "sign_seal", "sign_comment")
    )
    table = Grid(
        rows,
        colWidths=widths(1, 2.2, 1, 2.2),
        rowHeights=[8 * mm, 12 * mm, 12 * mm, 24 * mm],
        style=grid_style(
            0,
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("SPAN", (1, 3), (-1, 3)),
                ("BACKGROUND", (0, 0), (-1, 0), GREY_FAINT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ],
        ),
    )
    back = due_text(day + _dt.timedelta(days=RETURN_DAYS))
    return KeepTogether([para(t("sign_intro", due=back), "small", texts), Spacer(1, 2 * mm), table])


__all__ = ["build_department_report", "delta_text", "pct"]
