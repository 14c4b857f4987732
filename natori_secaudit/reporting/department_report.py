"""The department report: its own answers, score, gaps with recommendations,
and the signature box (所属長 確認欄) — what a department files and discusses."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table

from ..domain.answers import Answer
from ..domain.checklist import applies
from ..domain.results import CompiledYear
from . import ciso_sections
from .comparison_notes import comparison_block, former_names
from .common import delta_text, due_text, pct, status_label, t, wareki_date, write_pdf
from .fonts import register_fonts
from .styles import GREY_FAINT, grid_style, para, widths


def build_department_report(compiled: CompiledYear, department_code: str, answers: Mapping[str, Answer],
                            out_path: Path | str, *, invariant: bool = False, generated_on: _dt.date | None = None,
                            font_path=None) -> Path:
    register_fonts(font_path)
    texts: list[str] = []
    d = compiled.department(department_code)
    dept = d.department
    day = generated_on or compiled.compiled_on
    title = t("dept_title", year=compiled.fiscal_year.label_ja, name=dept.name)
    story: list = [para(title, "h1", texts)]
    if former_names(compiled, dept.code):
        story.append(para(t("dept_former", name=dept.name, former=former_names(compiled, dept.code)), "body", texts))
    story += ciso_sections.department_page(compiled, d, texts)[1:]
    story.append(Spacer(1, 4 * mm))
    story.append(_signature_box(texts))
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
                details.append(t("label_reason" if a.status and a.status.value == "not_applicable"
                                 else "label_comment") + a.comment)
            if a.evidence:
                details.append(t("label_evidence") + a.evidence)
            if a.action:
                details.append(t("label_action") + a.action + t("label_due") + due_text(a.due))
            if a.status is not None and a.status.is_gap and item.recommendation:
                details.append(t("label_recommendation") + item.recommendation)
            rows.append([para(f"{item.id}［{item.severity.label_ja}］{item.question}", "cell", texts),
                         para(status_label(a.status) + ("（前年度から）" if a.carried_over else ""),
                              "cell_center", texts),
                         para("\n".join(details) or "—", "cell", texts)])
        story.append(para(f"{section.id} {section.title}", "h2", texts))
        story.append(Table(rows, colWidths=widths(3.4, 0.9, 3.6), repeatRows=1, style=grid_style()))
    header = f"{compiled.organization.name}　{title}"
    footer = f"{dept.name}　{wareki_date(day)}"
    return write_pdf(out_path, story, texts, title=title, header=header, footer=footer, invariant=invariant)


def _signature_box(texts: list[str]) -> KeepTogether:
    rows = [
        [para(t("sign_heading"), "cell_bold"), "", "", ""],
        [para(t("sign_date"), "cell"), para("　　年　　月　　日", "cell"), para(t("sign_title"), "cell"), ""],
        [para(t("sign_name"), "cell"), "", para(t("sign_seal"), "cell"), ""],
        [para(t("sign_comment"), "cell"), "", "", ""],
    ]
    texts.extend(t(k) for k in ("sign_heading", "sign_date", "sign_title", "sign_name", "sign_seal", "sign_comment"))
    table = Table(rows, colWidths=widths(1, 2.2, 1, 2.2), rowHeights=[8 * mm, 12 * mm, 12 * mm, 24 * mm],
                  style=grid_style(0, [("SPAN", (0, 0), (-1, 0)), ("SPAN", (1, 3), (-1, 3)),
                                       ("BACKGROUND", (0, 0), (-1, 0), GREY_FAINT),
                                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return KeepTogether([para(t("sign_intro"), "small", texts), Spacer(1, 2 * mm), table])


__all__ = ["build_department_report", "delta_text", "pct"]
