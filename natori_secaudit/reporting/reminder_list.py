"""The 督促一覧: the departments that have not handed in (or were sent back) after the 提出期限,
with their 所属長 and the last file received — printed for the phone round or the CISO."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Table

from .. import i18n
from ..domain.assessment import AssessmentState
from ..domain.checklist import DEFAULT_CLASSIFICATION
from ..domain.fiscal_year import FiscalYear
from .common import label_of, wareki_date, write_pdf
from .fonts import register_fonts
from .styles import grid_style, para, widths


def t(key: str, **params) -> str:
    return i18n.t(f"admin_year.{key}", lang="ja", **params)


@dataclass(frozen=True)
class ReminderLine:
    department: str
    head: str
    state: AssessmentState
    last_revision: int  # 0: no final file received
    last_received: _dt.datetime | None
    progress: tuple[int, int, _dt.datetime] | None = None  # (answered, total, sent) of a progress report


def build_reminder_list(
    lines: Sequence[ReminderLine],
    out_path: Path | str,
    *,
    organization: str,
    classification: str = DEFAULT_CLASSIFICATION,
    year: FiscalYear,
    deadline: _dt.date | None,
    today: _dt.date,
    invariant: bool = False,
    font_path=None,
) -> Path:
    register_fonts(font_path)
    texts: list[str] = []
    title = t("reminder_title", year=year.label_ja)
    due = wareki_date(deadline) if deadline else t("deadline_none")
    story: list = [
        para(title, "h1", texts),
        para(t("reminder_intro", deadline=due, day=wareki_date(today)), "body", texts),
    ]
    if not lines:
        story.append(para(t("reminder_nobody"), "body", texts))
    else:
        rows = [
            [para(t(k), "head", texts) for k in ("mcol_department", "mcol_head", "mcol_state", "mcol_last")]
        ]
        for line in lines:
            rows.append(
                [
                    para(line.department, "cell", texts),
                    para(line.head or "—", "cell", texts),
                    para(label_of(line.state), "cell_center", texts),
                    para(_last(line), "cell", texts),
                ]
            )
        story.append(Table(rows, colWidths=widths(2.2, 1.6, 1, 2.4), repeatRows=1, style=grid_style()))
    header = f"{organization}　{title}"
    footer = f"{organization}　{wareki_date(today)}"
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


def _last(line: ReminderLine) -> str:
    parts = []
    if line.last_revision and line.last_received is not None:
        parts.append(
            t(
                "last_file",
                revision=line.last_revision,
                received=line.last_received.strftime("%Y-%m-%d %H:%M"),
            )
        )
    if line.progress is not None:
        answered, total, sent = line.progress
        parts.append(
            t("last_progress", answered=answered, total=total, received=sent.strftime("%Y-%m-%d %H:%M"))
        )
    return "\n".join(parts) or t("last_none")
