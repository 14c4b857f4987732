"""What the year-over-year figures compare: the checklist revision and the organisation change.

A reader of paper cannot ask which of last year's items a "前年度比" refers
to, so every report that compares says it: the versions of both checklists,
the items compared with other (replaced) items, the items and departments that
could not be compared, and the former names of renamed or merged departments.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from ..domain.checklist import Department, applies
from ..domain.results import CompiledYear
from .common import t
from .styles import GREY_FAINT, Grid, grid_style, para, widths


def _short(text: str, n: int = 44) -> str:
    text = text.rstrip("。？?")
    return text if len(text) <= n else text[: n - 1] + "…"


def former_list(c: CompiledYear, code: str) -> str:
    """「土木課」「公園課・緑地課」: last year's names of a renamed or merged department, else ""."""
    olds = c.comparison.department_previous.get(code, ()) if c.comparison else ()
    return "・".join(d.name for d in olds)


def former_names(c: CompiledYear, code: str) -> str:
    """「（旧：土木課）」 for a renamed or merged department, else ""."""
    names = former_list(c, code)
    return t("former_names", names=names) if names else ""


def department_label(c: CompiledYear, department: Department) -> str:
    """「道路課（建設部、旧：土木課）」: the name, the division and last year's names where known."""
    inside = [department.division] if department.division else []
    names = former_list(c, department.code)
    if names:
        inside.append(t("former_short", names=names))
    return department.name + (f"（{'、'.join(inside)}）" if inside else "")


def basis_sentence(c: CompiledYear) -> str:
    cmp = c.comparison
    if cmp is None:
        return t("no_previous_year")
    return t(
        "cmp_basis",
        year=cmp.previous_year.label_ja,
        prev_title=cmp.previous_checklist_title,
        prev_version=cmp.previous_checklist_version,
        title=c.checklist.title,
        version=cmp.checklist_version or c.checklist.version,
    )


def _rows(c: CompiledYear, department: Department | None) -> list[tuple[str, str, str]]:
    """(kind, what, detail) for everything the comparison could not simply match by id and code."""
    cmp = c.comparison
    assert cmp is not None
    mine = (
        (lambda item_id: applies(c.checklist.item(item_id), department)) if department else (lambda _i: True)
    )
    rows: list[tuple[str, str, str]] = []
    for item_id, olds in cmp.item_previous.items():
        if mine(item_id):
            rows.append(
                (
                    t("cmp_kind_replaced"),
                    f"{item_id} {_short(c.checklist.item(item_id).question)}",
                    t("cmp_replaced_detail", olds="・".join(olds)),
                )
            )
    for item_id in cmp.not_comparable:
        if mine(item_id):
            rows.append(
                (
                    t("cmp_kind_new_item"),
                    f"{item_id} {_short(c.checklist.item(item_id).question)}",
                    t("cmp_new_item_detail"),
                )
            )
    for item in cmp.retired_items:
        rows.append((t("cmp_kind_retired"), f"{item.id} {_short(item.question)}", t("cmp_retired_detail")))
    codes = [department.code] if department else [d.department.code for d in c.departments]
    for code in codes:
        predecessors = cmp.department_previous.get(code)
        if predecessors:
            rows.append(
                (
                    t("cmp_kind_changed_dept"),
                    c.organization.department(code).name,
                    t("cmp_changed_detail", names="・".join(f"{d.name}（{d.code}）" for d in predecessors)),
                )
            )
    for code in cmp.new_departments:
        if code in codes:
            rows.append(
                (t("cmp_kind_new_dept"), c.organization.department(code).name, t("cmp_new_dept_detail"))
            )
    if department is None:
        for d in cmp.vanished_departments:
            rows.append((t("cmp_kind_vanished"), f"{d.name}（{d.code}）", t("cmp_vanished_detail")))
    return rows


def comparison_block(
    c: CompiledYear, texts: list[str], department: Department | None = None, heading_style: str = "h1"
) -> list:
    """The heading, the basis sentence and one table row per unmatched item or department."""
    story: list = [para(t("cmp_heading"), heading_style, texts), para(basis_sentence(c), "body", texts)]
    if c.comparison is None:
        return story
    rows = _rows(c, department)
    if not rows:
        return story + [para(t("cmp_nothing"), "body", texts)]
    table = [[para(h, "head") for h in (t("cmp_col_kind"), t("cmp_col_what"), t("cmp_col_detail"))]]
    table += [
        [para(kind, "cell", texts), para(what, "cell", texts), para(detail, "cell", texts)]
        for kind, what, detail in rows
    ]
    story.append(
        Grid(
            table,
            colWidths=widths(1.8, 3.1, 3),
            repeatRows=1,
            style=grid_style(1, [("BACKGROUND", (0, 1), (0, -1), GREY_FAINT)]),
        )
    )
    story.append(Spacer(1, 3 * mm))
    return story
