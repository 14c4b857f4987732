"""One department's results, as the CISO report's appendix and the department report print them:
its state, its score beside the city's by section, and its own gaps (high severity first, the full
question, the plan and its due date, 期限超過 marked), from its own answers whatever its state."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from ..domain.assessment import AssessmentState
from ..domain.results import CompiledYear, DepartmentResult
from .common import count_line, delta_text, due_text, label_of, pct, status_label, t
from .comparison_notes import department_label
from .styles import GREY_FAINT, Grid, grid_style, para, widths


def state_line(d: DepartmentResult) -> str:
    text = t("dept_state", state=label_of(d.state))
    if d.state is AssessmentState.RETURNED:
        text += t("dept_state_returned")
    elif not d.included:
        text += t("dept_state_not_counted")
    return text


def department_page(c: CompiledYear, d: DepartmentResult, texts: list[str], *, heading: bool = True) -> list:
    cmp = c.comparison.departments.get(d.department.code) if c.comparison else None
    submitted = due_text(d.submitted_at.date()) if d.submitted_at else "—"
    story: list = [para(department_label(c, d.department), "h2", texts)] if heading else []
    story += [
        para(state_line(d), "body", texts),
        para(
            t(
                "dept_line",
                score=pct(d.score),
                change=delta_text(cmp.delta if cmp else None),
                submitted=submitted,
                revision=d.revision,
                inspector=d.inspector or "—",
            ),
            "body",
            texts,
        ),
        para(t("dept_counts", counts=count_line(d.counts)), "small", texts),
        Spacer(1, 2 * mm),
        section_table(c, d, texts),
    ]
    story += gap_table(d, texts)
    return story


def section_table(c: CompiledYear, d: DepartmentResult, texts: list[str]) -> Grid:
    rows = [[para(t(k), "head") for k in ("col_section", "col_dept_score", "col_city_score")]]
    for s in c.checklist.sections:
        rows.append(
            [
                para(s.title, "cell", texts),
                para(pct(d.section_scores[s.id]), "cell_right"),
                para(pct(c.sections[s.id]), "cell_right"),
            ]
        )
    rows.append(
        [para(t("col_total"), "cell_bold"), para(pct(d.score), "cell_right"), para(pct(c.city), "cell_right")]
    )
    return Grid(rows, colWidths=widths(4, 1.2, 1.2), repeatRows=1, style=grid_style())


def gap_table(d: DepartmentResult, texts: list[str]) -> list:
    name = d.department.name
    caption = t("dept_gaps_caption", name=name, n=len(d.gaps))
    if not d.gaps:
        return [para(caption, "h3", texts), para(t("dept_no_gaps"), "body", texts)]
    rows = [
        [para(caption, "cell_bold"), "", "", "", "", ""],
        [
            para(h, "head")
            for h in (
                t("col_severity"),
                t("col_item"),
                t("col_answer"),
                t("col_comment"),
                t("col_action"),
                t("col_due"),
            )
        ],
    ]
    for g in d.gaps:
        due = due_text(g.due) + (t("overdue_mark") if g.overdue else "")
        rows.append(
            [
                para(label_of(g.item.severity), "cell_center", texts),
                para(f"{g.item.id} {g.item.question}", "cell", texts),
                para(status_label(g.status), "cell_center", texts),
                para(g.comment or "—", "cell", texts),
                para(g.action or "—", "cell", texts),
                para(due, "cell", texts),
            ]
        )
    # The caption row repeats on every page the table runs onto: a continuation page says whose it is.
    return [
        Spacer(1, 3 * mm),
        Grid(
            rows,
            colWidths=widths(0.6, 2.8, 0.9, 2, 2, 1.1),
            repeatRows=2,
            style=grid_style(2, [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), GREY_FAINT)]),
        ),
    ]
