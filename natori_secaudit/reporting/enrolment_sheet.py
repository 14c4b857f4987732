"""The 登録コード sheet: one slip per department, cut apart and handed over on paper.

Each slip names the department, its code, the 登録コード, the IT division's key fingerprint
(the department checks it at set-up), the 提出期限 and what to do, in plain words.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table

from .. import i18n
from ..domain.checklist import DEFAULT_CLASSIFICATION
from ..domain.fiscal_year import FiscalYear
from .common import wareki_date, write_pdf
from .fonts import register_fonts
from .styles import GREY_FAINT, grid_style, para, widths


def t(key: str, **params) -> str:
    return i18n.t(f"admin_year.{key}", lang="ja", **params)


@dataclass(frozen=True)
class Slip:
    department_code: str
    department_name: str
    head: str
    code_text: str  # the 登録コード as printed
    replaces_key: str = ""  # fingerprint of the key this code replaces ("" for a first enrolment)


def build_enrolment_sheet(
    slips: Sequence[Slip],
    out_path: Path | str,
    *,
    organization: str,
    classification: str = DEFAULT_CLASSIFICATION,
    year: FiscalYear,
    fingerprint: str,
    deadline: _dt.date | None,
    invariant: bool = False,
    generated_on: _dt.date | None = None,
    font_path=None,
) -> Path:
    register_fonts(font_path)
    texts: list[str] = []
    day = generated_on or _dt.date.today()
    title = t("sheet_title", year=year.label_ja)
    story: list = [para(title, "h1", texts), para(t("sheet_intro"), "small", texts), Spacer(1, 3 * mm)]
    due = wareki_date(deadline) if deadline else t("sheet_no_deadline")
    for slip in slips:
        story.append(_slip(slip, organization, year, fingerprint, due, texts))
        story.append(para(t("sheet_cut"), "note", texts))
        story.append(Spacer(1, 2 * mm))
    header = f"{organization}　{title}"
    footer = f"{organization}　{wareki_date(day)}"
    return write_pdf(
        out_path,
        story,
        texts,
        title=title,
        header=header,
        footer=footer,
        classification=classification,
        invariant=invariant,
    )


def _slip(
    slip: Slip, organization: str, year: FiscalYear, fingerprint: str, due: str, texts: list[str]
) -> KeepTogether:
    name = slip.department_name + (f"（{slip.head}）" if slip.head else "")
    rows = [
        [para(t("slip_heading", organization=organization, year=year.label_ja), "cell_bold", texts), ""],
        [
            para(t("slip_department"), "cell", texts),
            para(f"{name}　[{slip.department_code}]", "cell_bold", texts),
        ],
        [para(t("slip_code"), "cell", texts), para(slip.code_text, "figure", texts)],
        [para(t("slip_fingerprint"), "cell", texts), para(fingerprint, "cell_bold", texts)],
        [para(t("slip_deadline"), "cell", texts), para(due, "cell_bold", texts)],
        [
            para(t("slip_steps_label"), "cell", texts),
            para(t("slip_steps_again" if slip.replaces_key else "slip_steps"), "cell", texts),
        ],
    ]
    table = Table(
        rows,
        colWidths=widths(1, 4),
        style=grid_style(
            0,
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), GREY_FAINT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ],
        ),
    )
    return KeepTogether([table])
