"""The editable workbook for the IT division: summary, departments, findings,
corrective actions and every answer (every field a department typed)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet  # no stubs: checked as Any

from .. import i18n
from ..domain.assessment import YearData
from ..domain.results import CompiledYear
from ..fileio import atomic_writer
from .common import (
    ANSWER_COLUMNS,
    COMPARISON_COLUMNS,
    answer_rows,
    comparison_rows,
    handling_mark,
    label_of,
    safe_text,
)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
WRAP = Alignment(wrap_text=True, vertical="top")


def _sheet(
    wb: Workbook,
    title: str,
    header: list[str],
    rows: Iterable[Sequence[object]],
    widths: list[int],
    mark: str,
    first: bool = False,
) -> Worksheet:
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    for row in rows:
        ws.append([safe_text(v) for v in row])
    for n, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = "A2"
    _print_setup(ws, mark)
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) > 20:
                cell.alignment = WRAP
            elif isinstance(cell.value, float):
                cell.number_format = "0.0"
    return ws


def _print_setup(ws: Worksheet, mark: str) -> None:
    """Printed from Excel as it is: A4 landscape, the header row on every page, all columns on one
    page width (as many pages down as needed), the classification at the top right of every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = "&P / &N"
    ws.oddHeader.right.text = mark


def export_xlsx(compiled: CompiledYear, data: YearData, out_path: Path | str) -> Path:
    c = compiled
    cmp = c.comparison
    wb = Workbook()
    mark = handling_mark(c.organization.classification)
    summary = [
        (i18n.t("export.classification_label", lang="ja"), mark),
        ("年度", c.fiscal_year.label_ja),
        ("点検票", f"{c.checklist.title}（版 {c.checklist.version}）"),
        ("全庁の達成率(%)", c.city.percent),
        (
            "前年度比・両年度とも提出した所属(ポイント)",
            cmp.city_same.delta if cmp and cmp.city_same else None,
        ),
        ("両年度とも提出した所属(所属)", cmp.same_departments if cmp else None),
        ("前年度比・それぞれの年度の提出所属(ポイント)", cmp.city.delta if cmp else None),
        (
            "前年度の点検票",
            f"{cmp.previous_checklist_title}（版 {cmp.previous_checklist_version}）" if cmp else "—",
        ),
        ("提出済み / 所属数", f"{c.submitted_count} / {c.total_departments}"),
        ("重要度「高」の未実施(件)", c.high_gap_total),
        ("「わからない」(件)", c.unknown_total),
        ("所見(項目)", len(c.findings)),
        ("所見に当たる回答(件)", sum(len(f.gaps) for f in c.findings)),
    ] + [(f"分野 {s.id} {s.title}(%)", c.sections[s.id].percent) for s in c.checklist.sections]
    _sheet(wb, "概要", ["項目", "値"], summary, [36, 40], mark, first=True)

    sections = c.checklist.sections
    dept_rows = []
    for d in c.departments:
        dept_rows.append(
            [
                d.department.code,
                d.department.name,
                label_of(d.state),
                d.submitted_at.date() if d.submitted_at else None,
                d.revision or None,
                d.score.percent,
                *[d.section_scores[s.id].percent for s in sections],
                d.high_gaps,
                d.unknown,
                label_of(d.trend) if cmp else "",
                d.previous_score.percent if d.previous_score else None,
                "・".join(f"{o.name}（{o.code}）" for o in cmp.department_previous.get(d.department.code, ()))
                if cmp
                else "",
            ]
        )
    _sheet(
        wb,
        "所属別",
        [
            "所属コード",
            "所属",
            "状況",
            "提出日",
            "版",
            "達成率(%)",
            *[s.id for s in sections],
            "高の未実施",
            "わからない",
            "前年度比",
            "前年度の達成率(%)",
            "前年度の所属（旧）",
        ],
        dept_rows,
        [14, 22, 10, 12, 6, 10, *[7] * len(sections), 10, 10, 10, 12, 30],
        mark,
    )

    finding_rows = []
    for f in c.findings:
        finding_rows.append(
            [
                f.rank,
                f.item.id,
                f.item.question,
                label_of(f.item.severity),
                f"{f.section.id} {f.section.title}",
                "、".join(f"{g.department.name}（{label_of(g.status)}）" for g in f.gaps),
                len(f.gaps),
                "、".join(i.name for i in f.incident_types),
                f.item.recommendation,
                label_of(f.trend),
                "\n".join(
                    f"{g.department.name}：{g.action}（{g.due.isoformat() if g.due else '期限なし'}）"
                    for g in f.gaps
                    if g.action
                ),
            ]
        )
    _sheet(
        wb,
        "所見",
        [
            "順位",
            "項目ID",
            "設問",
            "重要度",
            "分野",
            "該当所属",
            "所属数",
            "防ぐ事故",
            "推奨する対策",
            "前年度",
            "改善予定と期限",
        ],
        finding_rows,
        [6, 10, 50, 7, 22, 40, 7, 30, 50, 9, 50],
        mark,
    )

    action_rows = [
        [
            a.department.name,
            a.item.id,
            a.item.question,
            label_of(a.status),
            a.action,
            a.due,
            "期限超過" if a.overdue else "",
            c.fiscal_year.label_ja,
        ]
        for a in c.actions
    ]
    action_rows += [
        [
            a.department.name + (f"（旧：{a.previous_department.name}）" if a.previous_department else ""),
            a.item.id + (f"（旧 {a.previous_item.id}）" if a.previous_item else ""),
            a.item.question,
            label_of(a.status),
            a.action,
            a.due,
            "前年度の予定・期限超過",
            a.fiscal_year.label_ja if a.fiscal_year else "",
        ]
        for a in c.overdue_previous
    ]
    _sheet(
        wb,
        "是正計画",
        ["所属", "項目ID", "設問", "回答", "改善予定", "期限", "状態", "年度"],
        action_rows,
        [22, 10, 50, 9, 50, 12, 18, 12],
        mark,
    )

    _sheet(
        wb,
        "全回答",
        [label for _code, label in ANSWER_COLUMNS],
        answer_rows(compiled, data),
        [8, 14, 20, 22, 10, 50, 8, 14, 10, 40, 30, 40, 12, 10, 16, 18, 10, 14, 18, 12],
        mark,
    )
    if cmp is not None:
        _sheet(
            wb,
            "前年度との対応",
            [label for _code, label in COMPARISON_COLUMNS],
            comparison_rows(c),
            [28, 18, 50, 50],
            mark,
        )
    buf = io.BytesIO()
    wb.save(buf)
    target = Path(out_path)
    with atomic_writer(target) as fh:
        fh.write(buf.getvalue())
    return target
