"""The CISO report: what the deputy mayor and the committee hold in their hands.

本編: the cover letter (鑑), the 要点 page, the scores, the findings one per page for the top ones,
the review lists. 資料編: the department appendix, the action plan, the method, the comparison notes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak

from ..domain.assessment import ProgressNote
from ..domain.results import CompiledYear, YearPoint, year_point
from . import ciso_sections as sections
from . import ciso_summary, glyphs, reviews
from .common import compiled_title, delta_text, pct, t, wareki_date, write_pdf
from .comparison_notes import comparison_block
from .fonts import register_fonts
from .pages import TocSlot
from .styles import FRAME_HEIGHT, PLAIN_CELLS, Grid, grid_style, para, widths


def build_ciso_report(
    compiled: CompiledYear,
    out_path: Path | str,
    *,
    organization_name: str | None = None,
    generated_on: _dt.date | None = None,
    invariant: bool = False,
    font_path=None,
    history: Sequence[YearPoint] = (),
    progress: Mapping[str, ProgressNote] | None = None,
) -> Path:
    """``history``: the city's score in earlier years (the trend, up to five years); ``progress``: the
    latest progress report (途中経過) of departments that have not submitted."""
    register_fonts(font_path)
    texts: list[str] = []
    org = organization_name or compiled.organization.name
    day = generated_on or compiled.compiled_on
    title = compiled_title(compiled)
    story: list = []
    story += ciso_summary.cover_letter(compiled, org, day, texts)
    story += [para(t("toc_heading"), "h1_plain", texts), TocSlot(FRAME_HEIGHT - 20 * mm), PageBreak()]
    story += ciso_summary.summary(compiled, texts, progress or {})
    story += section_table(compiled, texts) + trend_table(compiled, history, texts) + [PageBreak()]
    story += sections.scores(compiled, texts, progress or {})
    story += sections.findings(compiled, texts)
    story += reviews.review_lists(compiled, texts)
    story += [para(t("annex_part"), "part", texts), PageBreak()]
    story += sections.heatmap(compiled, texts)
    story += sections.other_findings(compiled, texts)
    story += reviews.annex_lists(compiled, texts)
    story += sections.appendix(compiled, texts)
    story += [PageBreak()] + sections.actions(compiled, texts)
    if compiled.comparison is not None:
        story += comparison_block(compiled, texts) + [PageBreak()]
    story += sections.method(texts)
    story += glyphs.annex(glyphs.scan(compiled), texts)
    header = f"{org}　{title}"
    footer = f"{t('author', org=org)}　{wareki_date(day)}"
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


def section_table(c: CompiledYear, texts: list[str]) -> list:
    """By section: the score, its change, the findings (項目) and the answers needing action (件)."""
    cmp = c.comparison
    story: list = [para(t("summary_sections_heading"), "h1", texts)]
    rows = [
        [
            para(t(k), "head")
            for k in ("col_section", "col_score", "col_change", "col_finding_items", "col_gap_answers")
        ]
    ]
    findings_by_section: dict[str, int] = {}
    for f in c.findings:
        findings_by_section[f.section.id] = findings_by_section.get(f.section.id, 0) + 1
    for s in c.checklist.sections:
        ucmp = cmp.sections.get(s.id) if cmp else None
        gaps = sum(len(c.item_stats[i.id].gaps) for i in s.items)
        rows.append(
            [
                para(s.title, "cell", texts),
                para(pct(c.sections[s.id]), "cell_right"),
                para(delta_text(ucmp.delta if ucmp else None), "cell_right", texts),
                para(str(findings_by_section.get(s.id, 0)), "cell_right"),
                para(str(gaps), "cell_right"),
            ]
        )
    rows.append(
        [
            para(t("col_total"), "cell_bold"),
            para(pct(c.city), "cell_right"),
            para(delta_text(cmp.city.delta if cmp else None), "cell_right", texts),
            para(str(len(c.findings)), "cell_right"),
            para(str(sum(len(f.gaps) for f in c.findings)), "cell_right"),
        ]
    )
    story.append(Grid(rows, colWidths=widths(3.2, 1, 1.3, 1, 1.2), repeatRows=1, style=grid_style()))
    story.append(para(t("summary_note"), "note", texts))
    return story


def trend_table(c: CompiledYear, history: Sequence[YearPoint], texts: list[str]) -> list:
    """The city's score over up to five years (this year last); a checklist revision is marked."""
    earlier = [p for p in history if p.fiscal_year < c.fiscal_year]
    cmp = c.comparison
    if not earlier and cmp is not None and cmp.city.previous is not None:  # last year, from the comparison
        earlier = [
            YearPoint(
                cmp.previous_year,
                cmp.city.previous,
                cmp.previous_counted,
                cmp.previous_counted,
                cmp.previous_checklist_version,
            )
        ]
    points = earlier[-4:] + [year_point(c)]
    story: list = [para(t("trend_heading", n=len(points)), "h2", texts)]
    if len(points) == 1:
        return story + [para(t("trend_one_year"), "body", texts)]
    rows = [
        [
            para(t(k), "head")
            for k in ("col_year", "col_checklist_version", "col_submitted", "col_score", "col_change")
        ]
    ]
    before = None
    for p in points:
        change = (
            delta_text(round(p.city.percent - before.city.percent, 1))
            if (before is not None and before.city.percent is not None and p.city.percent is not None)
            else "—"
        )
        revised = before is not None and before.checklist_version != p.checklist_version
        rows.append(
            [
                p.fiscal_year.label_ja,
                p.checklist_version + (t("trend_revised") if revised else ""),
                f"{p.submitted}/{p.total}",
                pct(p.city),
                change,
            ]
        )
        before = p
    story.append(
        Grid(
            rows,
            colWidths=widths(1.4, 1.8, 1.2, 1, 1.4),
            repeatRows=1,
            style=grid_style(1, PLAIN_CELLS + [("ALIGN", (2, 1), (-1, -1), "RIGHT")]),
        )
    )
    story.append(para(t("trend_note"), "note", texts))
    return story
