"""The body of the CISO report: scores, heat map, findings, actions, method, appendix."""

from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from ..domain.assessment import ProgressNote
from ..domain.results import CompiledYear, Finding
from .charts import distribution_bars, score_bars
from .ciso_summary import state_label
from .common import delta_text, due_text, label_of, pct, status_breakdown, t, trend_label
from .department_sections import department_page
from .fonts import FONT_BOLD
from .glyphs import printable
from .kinsoku import KinsokuParagraph
from .long_table import LongGrid
from .styles import GREY_FAINT, PLAIN_CELLS, STYLES, Grid, band, bands, fit, grid_style, para, widths

DETAILED_FINDINGS = 10
FINDING_PAGES = 4  # the top findings, one page each, in the 本編
CHART_DEPARTMENTS_MAX = 40
APPENDIX_PAGES_MAX = 40  # above this many departments, the appendix is one table


def scores(c: CompiledYear, texts: list[str], progress: Mapping[str, ProgressNote] | None = None) -> list:
    """The section and department charts; under them the departments not counted, each with its
    state as the 要点 page says it (``progress``: 回答中 for one that has sent a progress report)."""
    cmp = c.comparison
    story: list = [para(t("scores_heading"), "h1", texts)]
    chart_heading = para(t("sections_chart_heading"), "h2", texts)
    labels = [s.title for s in c.checklist.sections]
    texts.extend(labels)
    prev = [_previous_percent(cmp, s.id) for s in c.checklist.sections] if cmp else None
    legend = (c.fiscal_year.label_ja, cmp.previous_year.label_ja if cmp else "")
    story.append(
        KeepTogether(
            [
                chart_heading,
                score_bars(
                    labels,
                    [c.sections[s.id].percent for s in c.checklist.sections],
                    prev,
                    legend=legend,
                    label_width=62 * mm,
                ),
            ]
        )
    )
    included = [d for d in c.departments if d.included]
    heading = para(t("departments_chart_heading"), "h2", texts)
    if len(included) <= CHART_DEPARTMENTS_MAX:
        names = [printable(d.department.name) for d in included]
        texts.extend(names)
        prev_d = [d.previous_score.percent if d.previous_score else None for d in included] if cmp else None
        story.append(
            KeepTogether(
                [
                    heading,
                    score_bars(
                        names, [d.score.percent for d in included], prev_d, legend=legend, label_width=52 * mm
                    ),
                ]
            )
        )
    else:
        table = bands()
        counts = [0] * len(table)
        for d in included:
            p = d.score.percent or 0.0
            counts[next(i for i, b in enumerate(table) if p >= b[0])] += 1
        story.append(
            KeepTogether([heading, distribution_bars([b[3] for b in table], counts, t("distribution_label"))])
        )
    not_in = [d for d in c.departments if not d.included]
    if not_in:
        story.append(
            para(
                t(
                    "not_submitted",
                    names="、".join(
                        f"{d.department.name}（{state_label(d, progress or {})}）" for d in not_in
                    ),
                ),
                "note",
                texts,
            )
        )
    story.append(PageBreak())
    return story


def heatmap(c: CompiledYear, texts: list[str]) -> list:
    sections = c.checklist.sections
    head = (
        [para(t("col_department"), "head")]
        + [para(s.id, "head") for s in sections]
        + [para(t("col_total"), "head")]
    )
    rows = [head]
    col = widths(3.2, *[1] * len(sections), 1.2)
    base = PLAIN_CELLS + [("ALIGN", (1, 1), (-2, -1), "CENTER"), ("ALIGN", (-1, 1), (-1, -1), "RIGHT")]
    cell_cmds: dict[int, list] = {}
    included = [d for d in c.departments if d.included]
    for r, d in enumerate(included, start=1):
        row = [fit(d.department.name, col[0], "cell", texts)]
        cmds = cell_cmds[r] = []
        for k, s in enumerate(sections, start=1):
            sc = d.section_scores[s.id]
            fill, ink = band(sc.percent)
            row.append(pct(sc))
            if fill != colors.white:
                cmds.append(("BACKGROUND", (k, r), (k, r), fill))
            if ink == colors.white:
                cmds.append(("TEXTCOLOR", (k, r), (k, r), ink))
                cmds.append(("FONTNAME", (k, r), (k, r), FONT_BOLD))
        row.append(pct(d.score))
        rows.append(row)
    table = LongGrid(rows, col, base=base, cell_cmds=cell_cmds)
    key_bands = bands()
    legend = Grid(
        [[para(t("legend"), "cell_bold")] + [para(b[3], "cell_center") for b in key_bands]],
        colWidths=widths(2, 1, 1, 1, 1),
        style=grid_style(
            0,
            [("BACKGROUND", (i + 1, 0), (i + 1, 0), b[1]) for i, b in enumerate(key_bands)]
            + [("TEXTCOLOR", (4, 0), (4, 0), key_bands[-1][2])],
        ),
    )
    key = "　".join(f"{s.id} {s.title}" for s in sections)
    return [
        para(t("heatmap_heading"), "h1", texts),
        para(t("heatmap_intro"), "body", texts),
        legend,
        Spacer(1, 3 * mm),
        table,
        para(key, "note", texts),
        PageBreak(),
    ]


def _department_list(gaps, limit: int, with_status: bool = True) -> str:
    """Names of the departments concerned; past ``limit`` a count by answer instead of a wall of names."""
    shown = gaps[:limit]
    text = "、".join(
        f"{g.department.name}（{label_of(g.status)}）" if with_status else g.department.name for g in shown
    )
    if len(gaps) > limit:
        from collections import Counter

        counts = Counter(g.status for g in gaps)
        detail = "・".join(f"{label_of(s)} {n}" for s, n in counts.most_common())
        text += t("more_departments", n=len(gaps) - limit, total=len(gaps), detail=detail)
    return text


def _finding_block(f: Finding, texts: list[str], c: CompiledYear | None = None) -> KeepTogether:
    depts = _department_list(f.gaps, 40)
    incidents = (
        "<br/>".join(escape(printable(f"・{i.name}：{i.description}")) for i in f.incident_types) or "—"
    )
    texts.extend(i.name + i.description for i in f.incident_types)
    dues = [g.due for g in f.gaps if g.due is not None]
    rows = [
        [para(t("f_item"), "cell_bold"), para(f"{f.item.id}　{f.item.question}", "cell", texts)],
        [
            para(t("f_severity"), "cell_bold"),
            para(
                t(
                    "f_severity_value",
                    sev=label_of(f.item.severity),
                    section=f.section.title,
                    score=pct(f.score),
                ),
                "cell",
                texts,
            ),
        ],
        [
            para(t("f_departments", n=len(f.gaps)), "cell_bold"),
            para(status_breakdown([g.status for g in f.gaps]) + "：" + depts, "cell", texts),
        ],
        [para(t("f_incidents"), "cell_bold"), para("", "cell")],
        [para(t("f_reference"), "cell_bold"), para(f.item.reference or "—", "cell", texts)],
        [para(t("f_last_year"), "cell_bold"), para(_movement(f, c), "cell", texts)],
        [para(t("f_recommendation"), "cell_bold"), para(f.item.recommendation, "cell", texts)],
        [para(t("f_owner"), "cell_bold"), para(t("owner_departments"), "cell", texts)],
        [
            para(t("f_due"), "cell_bold"),
            para(t("due_by_plans", due=due_text(max(dues))) if dues else t("due_next_check"), "cell", texts),
        ],
    ]
    rows[3][1] = KinsokuParagraph(incidents, STYLES["cell"])
    title = para(
        t(
            "f_title",
            rank=f.rank,
            problem=_problem(f),
            sev=label_of(f.item.severity),
            who=status_breakdown([g.status for g in f.gaps]),
        ),
        "h3",
        texts,
    )
    table = Grid(
        rows, colWidths=widths(1.2, 5), style=grid_style(0, [("BACKGROUND", (0, 0), (0, -1), GREY_FAINT)])
    )
    return KeepTogether([title, table, Spacer(1, 4 * mm)])


def _problem(f: Finding) -> str:
    """The finding's title names the problem: 「…が実施されていない」."""
    return t("f_problem", question=f.item.question.rstrip("。？?か"))


def _movement(f: Finding, c: CompiledYear | None) -> str:
    stat = c.item_stats.get(f.item.id) if c is not None else None
    if stat is None or stat.previous_gaps is None:
        return trend_label(f.trend)
    return t("f_movement", trend=trend_label(f.trend), before=stat.previous_gaps, now=len(stat.gaps))


def findings(c: CompiledYear, texts: list[str]) -> list:
    story: list = [para(t("findings_heading"), "h1", texts), para(t("findings_intro"), "body", texts)]
    if not c.findings:
        return story + [para(t("no_findings"), "body", texts), PageBreak()]
    for n, f in enumerate(c.findings[:FINDING_PAGES]):
        if n:
            story.append(PageBreak())
        story.append(_finding_block(f, texts, c))
    story.append(PageBreak())
    return story


def other_findings(c: CompiledYear, texts: list[str]) -> list:
    """The findings after the top ones, as one table (資料編)."""
    rest = c.findings[FINDING_PAGES:]
    story: list = []
    if rest:
        story.append(para(t("findings_rest_heading", n=len(rest)), "h1", texts))
        rows = [
            [
                para(h, "head")
                for h in (
                    t("col_rank"),
                    t("col_item"),
                    t("col_severity"),
                    t("col_departments"),
                    t("col_recommendation"),
                    t("col_last_year"),
                )
            ]
        ]
        for f in rest:
            names = status_breakdown([g.status for g in f.gaps])
            rows.append(
                [
                    para(str(f.rank), "cell_right"),
                    para(f"{f.item.id} {f.item.question}", "cell", texts),
                    para(label_of(f.item.severity), "cell_center", texts),
                    para(names, "cell", texts),
                    para(f.item.recommendation or "—", "cell", texts),
                    para(trend_label(f.trend), "cell", texts),
                ]
            )
        story.append(
            Grid(rows, colWidths=widths(0.5, 2.8, 0.6, 1.6, 3.2, 0.8), repeatRows=1, style=grid_style())
        )
        story.append(PageBreak())
    return story


def actions(c: CompiledYear, texts: list[str]) -> list:
    """The overdue plans: every row for a small city; for a large one, a count per department (the
    full list is in the workbook), so that the 資料編 grows with departments, not with plans."""
    story: list = [para(t("actions_heading"), "h1", texts), para(t("actions_intro"), "body", texts)]
    included = {d.department.code for d in c.departments if d.included}
    now = [a for a in c.actions if a.overdue and a.department.code in included]
    if len(included) > APPENDIX_PAGES_MAX:
        return story + _overdue_counts(c, now, texts) + [PageBreak()]
    story.append(para(t("actions_overdue_now_heading", n=len(now)), "h2", texts))
    if not now:
        story.append(para(t("no_actions"), "body", texts))
    else:
        rows = [
            [
                para(h, "head")
                for h in (t("col_department"), t("col_item"), t("col_answer"), t("col_action"), t("col_due"))
            ]
        ]
        rows += [
            [
                para(a.department.name, "cell", texts),
                para(f"{a.item.id} {a.item.question}", "cell", texts),
                para(label_of(a.status), "cell_center", texts),
                para(a.action or "—", "cell", texts),
                para(due_text(a.due) + t("overdue_mark"), "cell", texts),
            ]
            for a in now
        ]
        story.append(Grid(rows, colWidths=widths(1.4, 2.6, 0.8, 3.2, 1.1), repeatRows=1, style=grid_style()))
    story.append(para(t("overdue_heading", n=len(c.overdue_previous)), "h2", texts))
    if not c.overdue_previous:
        story.append(para(t("no_overdue") if c.comparison else t("no_previous_year"), "body", texts))
    else:
        rows = [
            [
                para(h, "head")
                for h in (t("col_department"), t("col_item"), t("col_action_last_year"), t("col_due"))
            ]
        ]
        for a in c.overdue_previous:
            who = a.department.name + (
                t("former_names", names=a.previous_department.name) if a.previous_department else ""
            )
            what = f"{a.item.id} {a.item.question}" + (
                t("item_formerly", ids=a.previous_item.id) if a.previous_item else ""
            )
            rows.append(
                [
                    para(who, "cell", texts),
                    para(what, "cell", texts),
                    para(a.action or "—", "cell", texts),
                    para(due_text(a.due), "cell", texts),
                ]
            )
        story.append(Grid(rows, colWidths=widths(1.4, 2.8, 3.6, 1.1), repeatRows=1, style=grid_style()))
    story.append(PageBreak())
    return story


def _overdue_counts(c: CompiledYear, now, texts: list[str]) -> list:
    from collections import Counter

    this_year = Counter(a.department.code for a in now)
    last_year = Counter(a.department.code for a in c.overdue_previous)
    codes = [
        d.department.code
        for d in c.departments
        if this_year[d.department.code] or last_year[d.department.code]
    ]
    story: list = [
        para(
            t(
                "actions_counts",
                n=len(c.departments),
                now=len(now),
                previous=len(c.overdue_previous),
                depts=len(codes),
            ),
            "body",
            texts,
        )
    ]
    if codes:
        rows = [[para(t(k), "head") for k in ("col_department", "col_overdue_now", "col_overdue_previous")]]
        rows += [
            [printable(c.department(code).department.name), str(this_year[code]), str(last_year[code])]
            for code in codes
        ]
        story.append(
            LongGrid(rows, widths(4, 1.5, 1.5), base=PLAIN_CELLS + [("ALIGN", (1, 1), (-1, -1), "RIGHT")])
        )
    return story


def method(texts: list[str]) -> list:
    story: list = [para(t("method_heading"), "h1", texts)]
    for key in (
        "method_formula",
        "method_values",
        "method_weights",
        "method_na",
        "method_unknown",
        "method_city",
        "method_findings",
        "method_trend",
    ):
        story.append(para(t(key), "body", texts))
    story.append(PageBreak())
    return story


def appendix(c: CompiledYear, texts: list[str]) -> list:
    included = [d for d in c.departments if d.included]
    story: list = [para(t("appendix_heading"), "h1", texts)]
    if len(included) > APPENDIX_PAGES_MAX:
        col = widths(2.4, 0.8, 1, 0.8, 0.8, 1.4)
        rows = [
            [
                para(h, "head")
                for h in (
                    t("col_department"),
                    t("col_score"),
                    t("col_change"),
                    t("col_high_gaps"),
                    t("col_unknown"),
                    t("col_inspector"),
                )
            ]
        ]
        for d in included:
            change = delta_text(c.comparison.departments[d.department.code].delta) if c.comparison else "—"
            rows.append(
                [
                    fit(d.department.name, col[0], "cell", texts),
                    pct(d.score),
                    change,
                    str(d.high_gaps),
                    str(d.unknown),
                    fit(d.inspector, col[5], "cell", texts),
                ]
            )
        story.append(para(t("appendix_compact", n=len(included)), "note", texts))
        story.append(LongGrid(rows, col, base=PLAIN_CELLS + [("ALIGN", (1, 1), (4, -1), "RIGHT")]))
        return story
    first = True
    for d in included:
        if not first:
            story.append(PageBreak())
        first = False
        story += department_page(c, d, texts)
    return story


def _previous_percent(cmp, section_id: str) -> float | None:
    previous = cmp.sections[section_id].previous if cmp else None
    return previous.percent if previous is not None else None
