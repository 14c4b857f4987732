"""The first pages of the CISO report: the cover letter (鑑) and the 要点 page read in two minutes.

Every figure says what it counts, in one unit: 所属 (departments), 項目 (checklist items) or 件
(answers or plans); a status breakdown names each answer as given (未実施 is never said of 一部実施).
The change since last year is like for like: the departments counted in both years.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from ..domain.answers import AnswerStatus
from ..domain.assessment import AssessmentState, ProgressNote
from ..domain.checklist import Severity
from ..domain.comparison import Trend
from ..domain.results import CompiledYear
from .common import delta_text, due_text, label_of, pct, status_breakdown, t, wareki_date
from .styles import GREY_FAINT, Grid, grid_style, para, widths

TOP_ACTIONS = 3  # the departments' actions; the IT division's own follow


def guideline_text(c: CompiledYear) -> str:
    edition = c.checklist.guideline
    return t("guideline_line", guideline=edition) if edition else ""


def cover_letter(c: CompiledYear, org: str, day: _dt.date, texts: list[str]) -> list:
    cl = c.checklist
    year = c.fiscal_year.label_ja
    story: list = [
        para(t("letter_number"), "letter_right", texts),
        para(wareki_date(day), "letter_right", texts),
        Spacer(1, 6 * mm),
        para(t("letter_to", org=org, ciso=c.organization.ciso_title or t("default_ciso")), "letter", texts),
        Spacer(1, 4 * mm),
        para(
            t("letter_from", org=org, sender=c.organization.it_division or t("default_sender")),
            "letter_right",
            texts,
        ),
        Spacer(1, 10 * mm),
        para(t("letter_subject", year=year), "letter_subject", texts),
        Spacer(1, 4 * mm),
        para(t("letter_body", org=org, year=year), "letter", texts),
        para(t("letter_ki"), "letter_center", texts),
    ]
    lines = [
        t("letter_item_checklist", title=cl.title, version=cl.version, sha=cl.sha256[:16]),
        t("letter_item_scope", total=c.total_departments, submitted=c.submitted_count, items=len(cl.items)),
        t("letter_item_result", score=pct(c.city)),
        t("letter_item_attached"),
    ]
    guideline = guideline_text(c)
    if guideline:
        lines.insert(1, guideline)
    for n, line in enumerate(lines, start=1):
        story.append(para(f"{n}　{line}", "action", texts))
    story += [
        Spacer(1, 8 * mm),
        circulation_box(texts),
        Spacer(1, 6 * mm),
        para(t("cover_handling", classification=c.organization.classification), "note", texts),
        PageBreak(),
    ]
    return story


def circulation_box(texts: list[str]) -> Grid:
    """供覧・確認欄: who read the report, with room for a seal or signature and the date."""
    roles = [t(k) for k in ("circ_ciso", "circ_chief", "circ_manager", "circ_staff")]
    texts.extend(roles)
    rows = [
        [para(t("circ_heading"), "cell_bold")] + [para(r, "head") for r in roles],
        [para(t("circ_seal"), "cell")] + [""] * len(roles),
        [para(t("circ_date"), "cell")] + [para(t("circ_date_blank"), "cell_center")] * len(roles),
    ]
    return Grid(
        rows,
        colWidths=widths(1.2, 1, 1, 1, 1),
        rowHeights=[8 * mm, 20 * mm, 8 * mm],
        style=grid_style(
            0, [("BACKGROUND", (0, 0), (0, -1), GREY_FAINT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        ),
    )


def change_sentence(c: CompiledYear) -> str:
    cmp = c.comparison
    if cmp is None or cmp.city.previous is None:
        return t("change_none")
    year = cmp.previous_year.label_ja
    same = cmp.city_same
    if same is None or same.delta is None:
        return t("change_all_only", year=year, delta=delta_text(cmp.city.delta))
    if cmp.same_departments == c.submitted_count == cmp.previous_counted:
        return t("change_same_all", year=year, n=cmp.same_departments, delta=delta_text(same.delta))
    return t(
        "change_like_for_like",
        year=year,
        n=cmp.same_departments,
        delta=delta_text(same.delta),
        now=c.submitted_count,
        then=cmp.previous_counted,
        all_delta=delta_text(cmp.city.delta),
    )


def _figure(value: str, label: str, texts: list[str]) -> list:
    # 「1000/1000」 at the large size would break mid-number in its column: a smaller size instead.
    return [
        para(value, "figure" if len(value) <= 6 else "figure_small", texts),
        para(label, "figure_label", texts),
    ]


def _answers(c: CompiledYear, status: AnswerStatus, high_only: bool = False) -> int:
    return sum(
        1
        for d in c.departments
        if d.included
        for g in d.gaps
        if g.status is status and (not high_only or g.item.severity is Severity.HIGH)
    )


def figures(c: CompiledYear, texts: list[str]) -> Grid:
    cmp = c.comparison
    same = cmp.city_same if cmp else None
    change = f"{same.delta:+.1f}" if same and same.delta is not None else "—"
    label = t("fig_change_same", n=cmp.same_departments) if cmp is not None and same else t("fig_change_none")
    cells = [
        _figure(pct(c.city) + "%", t("fig_city_score"), texts),
        _figure(change, label, texts),
        _figure(f"{c.submitted_count}/{c.total_departments}", t("fig_submitted"), texts),
        _figure(str(_answers(c, AnswerStatus.NOT_IMPLEMENTED, high_only=True)), t("fig_high_gaps"), texts),
        _figure(str(_answers(c, AnswerStatus.UNKNOWN)), t("fig_unknown"), texts),
    ]
    return Grid(
        [cells],
        colWidths=widths(1, 1.2, 1, 1, 1),
        style=grid_style(
            0,
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ],
        ),
    )


def findings_sentence(c: CompiledYear) -> str:
    high = [f for f in c.findings if f.item.severity is Severity.HIGH]
    answers = sum(len(f.gaps) for f in c.findings)
    return t("findings_sentence", items=len(c.findings), high=len(high), answers=answers)


def _latest_due(gaps) -> _dt.date | None:
    dues = [g.due for g in gaps if g.due is not None]
    return max(dues) if dues else None


def top_actions(c: CompiledYear) -> list[tuple[str, str, str]]:
    """(what, 担当, 期限): the top findings for the departments, then the IT division's own actions."""
    own = _it_actions(c)
    out: list[tuple[str, str, str]] = []
    for f in c.findings[: max(TOP_ACTIONS - 1, 5 - len(own))]:
        who = status_breakdown([g.status for g in f.gaps])
        due = _latest_due(f.gaps)
        out.append(
            (
                t(
                    "action_finding",
                    item=f.item.id,
                    question=f.item.question.rstrip("。？?"),
                    who=who,
                    rank=f.rank,
                ),
                t("owner_departments"),
                t("due_by_plans", due=due_text(due)) if due else t("due_next_check"),
            )
        )
    return out + own


def _it_actions(c: CompiledYear) -> list[tuple[str, str, str]]:
    """What the IT division itself does next: named as its own, with a date a month ahead."""
    out: list[tuple[str, str, str]] = []
    soon = c.compiled_on + _dt.timedelta(days=30)
    unknown = _answers(c, AnswerStatus.UNKNOWN)
    if unknown:
        out.append((t("action_unknown", n=unknown), t("owner_it"), due_text(soon)))
    pending = [d for d in c.departments if not d.included]
    if pending:
        out.append((t("action_pending", n=len(pending)), t("owner_it"), due_text(soon)))
    overdue = len(c.overdue_previous) + sum(
        1 for a in c.actions if a.overdue and _counted(c, a.department.code)
    )
    if overdue:
        out.append((t("action_overdue", n=overdue), t("owner_it"), due_text(soon)))
    return out


def _counted(c: CompiledYear, code: str) -> bool:
    return c.department(code).included


def state_label(d, progress: Mapping[str, ProgressNote]) -> str:
    """「未着手」, or 「回答中（30/61項目）」 when a progress report (途中経過) says it is answering."""
    note = progress.get(d.department.code)
    if note is not None and d.state is AssessmentState.NOT_STARTED:
        return t("state_progress", answered=note.answered, total=note.total)
    return label_of(d.state)


def summary(c: CompiledYear, texts: list[str], progress: Mapping[str, ProgressNote] | None = None) -> list:
    progress = progress or {}
    cmp = c.comparison
    story: list = [
        para(t("summary_heading"), "h1", texts),
        figures(c, texts),
        Spacer(1, 3 * mm),
        para(t("position_sentence", score=pct(c.city)) + change_sentence(c), "body", texts),
        para(findings_sentence(c), "body", texts),
    ]
    pending = [d for d in c.departments if not d.included]
    if pending:
        names = "、".join(f"{d.department.name}（{state_label(d, progress)}）" for d in pending[:30])
        more = t("and_more_departments", n=len(pending) - 30) if len(pending) > 30 else ""
        story.append(para(t("pending_sentence", n=len(pending), names=names + more), "body", texts))
    overdue_now = sum(1 for a in c.actions if a.overdue and _counted(c, a.department.code))
    if cmp is not None or overdue_now:
        story.append(
            para(t("overdue_sentence", previous=len(c.overdue_previous), now=overdue_now), "body", texts)
        )
    if cmp is not None:
        worse = [i for i, tr in cmp.items.items() if tr in (Trend.REGRESSED, Trend.NEW)]
        resolved = [i for i, tr in cmp.items.items() if tr is Trend.RESOLVED]
        story.append(
            para(
                t(
                    "items_moved",
                    worse=len(worse),
                    resolved=len(resolved),
                    worse_ids="・".join(worse[:8]) + ("ほか" if len(worse) > 8 else "") or "—",
                    resolved_ids="・".join(resolved[:8]) + ("ほか" if len(resolved) > 8 else "") or "—",
                ),
                "body",
                texts,
            )
        )
    story.append(para(t("urgent_heading"), "h2", texts))
    actions = top_actions(c)
    if not actions:
        story.append(para(t("no_findings"), "body", texts))
    else:
        rows = [[para(h, "head") for h in (t("col_no"), t("col_todo"), t("col_owner"), t("col_due"))]]
        rows += [
            [
                para(str(n), "cell_center"),
                para(what, "cell", texts),
                para(owner, "cell", texts),
                para(due, "cell", texts),
            ]
            for n, (what, owner, due) in enumerate(actions, start=1)
        ]
        story.append(Grid(rows, colWidths=widths(0.5, 5.0, 1.4, 1.7), repeatRows=1, style=grid_style()))
    story.append(Spacer(1, 3 * mm))
    story.append(
        Grid(
            [[para(t("decisions_heading"), "cell_bold")]],
            colWidths=widths(1),
            rowHeights=[30 * mm],
            style=grid_style(0, [("VALIGN", (0, 0), (-1, -1), "TOP")]),
        )
    )
    texts.append(t("decisions_heading"))
    story.append(PageBreak())
    return story
