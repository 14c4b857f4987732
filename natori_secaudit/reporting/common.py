"""Helpers shared by the CISO and department reports."""

from __future__ import annotations

import datetime as _dt
import io
from enum import Enum
from pathlib import Path

from .. import i18n
from ..domain.answers import ANSWER_ORDER, AnswerStatus
from ..domain.comparison import Trend
from ..domain.results import CompiledYear
from ..domain.scoring import Score
from ..fileio import atomic_writer
from ..i18n import labels
from .glyphs import printable
from .pages import document, make_canvas

#: The reports are written in Japanese (公用文), whatever language the GUI shows.
LANG = "ja"


def t(key: str, **params) -> str:
    return i18n.t(f"report.{key}", lang=LANG, **params)


def label_of(member: Enum) -> str:
    """The catalogue's word for an answer, state, severity or trend, in the report's language."""
    return labels.label(member, LANG)


def pct(score: Score | None) -> str:
    if score is None or score.percent is None:
        return "—"
    return f"{score.percent:.1f}"


def delta_text(delta: float | None) -> str:
    if delta is None:
        return t("no_previous")
    return f"{delta:+.1f}" + t("points")


def trend_label(trend: Trend) -> str:
    return label_of(trend)


def wareki_date(day: _dt.date) -> str:
    from ..domain.fiscal_year import FiscalYear

    era = FiscalYear(day.year).era_label  # calendar year label: same era arithmetic
    return f"{era}{day.month}月{day.day}日"


def due_text(due: _dt.date | None) -> str:
    """和暦: 公用文 dates in the body (ISO dates only in the exports, for machines)."""
    return wareki_date(due) if due else "—"


def status_breakdown(statuses, unit: str | None = None) -> str:
    """「6所属（未実施1・一部実施5）」: one unit for the total, each answer named as it was given."""
    from collections import Counter

    counts = Counter(statuses)
    total = sum(counts.values())
    order = (AnswerStatus.NOT_IMPLEMENTED, AnswerStatus.PARTIAL, AnswerStatus.UNKNOWN) + ANSWER_ORDER
    detail = "・".join(f"{label_of(s)}{counts[s]}" for s in dict.fromkeys(order) if counts.get(s))
    return f"{total}{unit or t('unit_departments')}" + (f"（{detail}）" if detail else "")


def status_label(status: AnswerStatus | None) -> str:
    return labels.status(status, LANG)


def count_line(counts: dict) -> str:
    parts = [f"{label_of(s)} {counts.get(s, 0)}" for s in ANSWER_ORDER]
    parts.append(f"{t('unanswered')} {counts.get(None, 0)}")
    return "　".join(parts)


def write_pdf(
    out_path: Path | str,
    story: list,
    texts: list[str],
    *,
    title: str,
    header: str,
    footer: str,
    classification: str,
    invariant: bool,
) -> Path:
    """Build in memory, write atomically (temp file, then rename). ``classification`` (機密性2 …)
    is boxed at the top right of every page with the handling words. Characters the font lacks were
    replaced by 〓 where the text was laid out (styles.para); the page frame's texts are replaced here."""
    title, header, footer = printable(title), printable(header), printable(footer)
    buf = io.BytesIO()
    doc = document(buf, title=title, author=t("author"), invariant=invariant)
    doc.build(story, canvasmaker=make_canvas(header, footer, handling_mark(classification)))
    target = Path(out_path)
    with atomic_writer(target) as fh:
        fh.write(buf.getvalue())
    return target


def handling_mark(classification: str) -> str:
    """「機密性2・取扱注意」: the class from the department list, the handling words of the catalogue."""
    return printable(t("handling_mark", classification=classification))


def compiled_title(compiled: CompiledYear) -> str:
    return t("ciso_title", year=compiled.fiscal_year.label_ja)
