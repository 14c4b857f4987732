"""The CISO report: what the deputy mayor and the committee hold in their hands."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table

from ..domain.results import CompiledYear
from . import ciso_sections as sections
from .comparison_notes import comparison_block
from .common import compiled_title, delta_text, pct, t, wareki_date, write_pdf
from .fonts import register_fonts
from .styles import grid_style, para, widths


def build_ciso_report(compiled: CompiledYear, out_path: Path | str, *, organization_name: str | None = None,
                      generated_on: _dt.date | None = None, invariant: bool = False,
                      font_path=None) -> Path:
    register_fonts(font_path)
    texts: list[str] = []
    org = organization_name or compiled.organization.name
    day = generated_on or compiled.compiled_on
    title = compiled_title(compiled)
    story: list = []
    story += _cover(compiled, org, day, texts)
    story += _summary(compiled, texts)
    if compiled.comparison is not None:
        story += comparison_block(compiled, texts) + [PageBreak()]
    story += sections.scores(compiled, texts)
    story += sections.findings(compiled, texts)
    story += sections.actions(compiled, texts)
    story += sections.method(texts)
    story += sections.appendix(compiled, texts)
    header = f"{org}　{title}"
    footer = f"{t('author')}　{wareki_date(day)}"
    return write_pdf(out_path, story, texts, title=title, header=header, footer=footer, invariant=invariant)


def _cover(c: CompiledYear, org: str, day: _dt.date, texts: list[str]) -> list:
    cl = c.checklist
    return [
        Spacer(1, 45 * mm),
        para(c.fiscal_year.label_ja, "cover_year", texts),
        para(t("ciso_title_plain"), "cover_title", texts),
        para(org, "cover_sub", texts),
        Spacer(1, 25 * mm),
        para(t("cover_to"), "cover_meta", texts),
        para(t("cover_from"), "cover_meta", texts),
        para(wareki_date(day) + f"（{day.isoformat()}）", "cover_meta", texts),
        Spacer(1, 20 * mm),
        para(t("cover_checklist", title=cl.title, version=cl.version, sha=cl.sha256[:16]), "cover_meta", texts),
        para(t("cover_scope", submitted=c.submitted_count, total=c.total_departments,
               items=len(cl.items)), "cover_meta", texts),
        Spacer(1, 30 * mm),
        para(t("cover_handling"), "note", texts),
        PageBreak(),
    ]


def _figure(value: str, label: str, texts: list[str]) -> list:
    return [para(value, "figure", texts), para(label, "figure_label", texts)]


def _summary(c: CompiledYear, texts: list[str]) -> list:
    cmp = c.comparison
    delta = cmp.city.delta if cmp else None
    figures = Table(
        [[_figure(pct(c.city) + "%", t("fig_city_score"), texts),
          _figure(f"{delta:+.1f}" if delta is not None else "—",
                  t("fig_change", year=cmp.previous_year.label_ja if cmp else "前年度"), texts),
          _figure(f"{c.submitted_count}/{c.total_departments}", t("fig_submitted"), texts),
          _figure(str(c.high_gap_total), t("fig_high_gaps"), texts),
          _figure(str(c.unknown_total), t("fig_unknown"), texts)]],
        colWidths=widths(1, 1.2, 1, 1, 1),
        style=grid_style(0, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]),
    )
    story: list = [para(t("summary_heading"), "h1", texts), figures, Spacer(1, 5 * mm)]
    story.append(para(sections.overall_sentence(c), "body", texts))
    story.append(para(t("urgent_heading"), "h2", texts))
    urgent = sections.urgent_actions(c, 3)
    if not urgent:
        story.append(para(t("no_findings"), "body", texts))
    for n, sentence in enumerate(urgent, start=1):
        story.append(para(f"{n}．{sentence}", "action", texts))
    story.append(para(t("summary_sections_heading"), "h2", texts))
    rows = [[para(t("col_section"), "head"), para(t("col_score"), "head"), para(t("col_change"), "head"),
             para(t("col_gaps"), "head")]]
    for s in c.checklist.sections:
        ucmp = cmp.sections.get(s.id) if cmp else None
        gaps = sum(len(c.item_stats[i.id].gaps) for i in s.items)
        rows.append([para(f"{s.id} {s.title}", "cell", texts), para(pct(c.sections[s.id]), "cell_right"),
                     para(delta_text(ucmp.delta if ucmp else None), "cell_right", texts),
                     para(str(gaps), "cell_right")])
    story.append(KeepTogether(Table(rows, colWidths=widths(3.2, 1, 1.3, 1), repeatRows=1, style=grid_style())))
    story.append(para(t("summary_note"), "note", texts))
    story.append(PageBreak())
    return story
