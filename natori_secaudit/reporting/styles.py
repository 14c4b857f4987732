"""Page geometry, paragraph and table styles for every report, in one place.

Designed for black-and-white printing: meaning never rests on colour alone
(grey levels are far apart, and every shaded cell also prints its number).
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import LongTable, Paragraph, TableStyle

from .fonts import FONT, FONT_BOLD
from .glyphs import printable
from .kinsoku import KinsokuParagraph

PAGE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
# The frame pads 6 pt on each side: content must fit inside that.
FRAME_WIDTH = PAGE[0] - 2 * MARGIN_X - 12
FRAME_HEIGHT = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM - 12

INK = colors.black
GREY_DARK = colors.Color(0.25, 0.25, 0.25)
GREY_MID = colors.Color(0.55, 0.55, 0.55)
GREY_LIGHT = colors.Color(0.86, 0.86, 0.86)
GREY_FAINT = colors.Color(0.95, 0.95, 0.95)
RULE = colors.Color(0.6, 0.6, 0.6)


def _style(
    name: str, size: float, leading: float | None = None, *, bold: bool = False, **kw
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=FONT_BOLD if bold else FONT,
        fontSize=size,
        leading=leading or size * 1.55,
        wordWrap="CJK",
        **kw,
    )


STYLES = {
    "cover_year": _style("cover_year", 20, 30, bold=True, alignment=1, spaceAfter=2 * mm),
    "cover_title": _style("cover_title", 22, 34, bold=True, alignment=1, spaceAfter=8 * mm),
    "cover_sub": _style("cover_sub", 13, 20, alignment=1, spaceAfter=3 * mm),
    "cover_meta": _style("cover_meta", 10.5, 17, alignment=1),
    "h1": _style("h1", 16, 24, bold=True, spaceBefore=2 * mm, spaceAfter=4 * mm),
    "h1_plain": _style("h1_plain", 16, 24, bold=True, spaceBefore=2 * mm, spaceAfter=6 * mm),
    "h2": _style("h2", 12.5, 19, bold=True, spaceBefore=4 * mm, spaceAfter=2 * mm),
    "h3": _style("h3", 11, 16, bold=True, spaceBefore=2 * mm, spaceAfter=1 * mm),
    "body": _style("body", 10, 16, spaceAfter=2 * mm),
    "small": _style("small", 8.5, 13),
    "cell": _style("cell", 8.5, 12),
    "cell_bold": _style("cell_bold", 8.5, 12, bold=True),
    "cell_right": _style("cell_right", 8.5, 12, alignment=2),
    "cell_center": _style("cell_center", 8.5, 12, alignment=1),
    "cell_center_inverse": _style(
        "cell_center_inverse", 8.5, 12, bold=True, alignment=1, textColor=colors.white
    ),
    "head": _style("head", 8.5, 12, bold=True, alignment=1),
    "figure": _style("figure", 20, 26, bold=True, alignment=1),
    "figure_small": _style("figure_small", 13, 26, bold=True, alignment=1),
    "figure_label": _style("figure_label", 9, 13, alignment=1),
    "action": _style("action", 10.5, 17, leftIndent=6 * mm, firstLineIndent=-6 * mm, spaceAfter=2 * mm),
    "note": _style("note", 8.5, 13, textColor=GREY_DARK),
    "part": _style("part", 22, 34, bold=True, alignment=1, spaceBefore=80 * mm),
    "letter": _style("letter", 10.5, 18, spaceAfter=2 * mm),
    "letter_right": _style("letter_right", 10.5, 18, alignment=2),
    "letter_center": _style("letter_center", 10.5, 18, alignment=1, spaceBefore=2 * mm, spaceAfter=2 * mm),
    "letter_subject": _style("letter_subject", 12, 19, bold=True, alignment=1),
}


def para(text: object, style: str = "cell", collector: list[str] | None = None) -> Paragraph:
    """A paragraph with the text escaped (comments may contain & < >), line breaks kept, characters
    the font lacks shown as 〓 (see glyphs.py) and no line wider than its column (see kinsoku.py)."""
    s = printable("" if text is None else str(text))
    if collector is not None:
        collector.append(s)
    return KinsokuParagraph(escape(s).replace("\n", "<br/>"), STYLES[style])


def fit(text: object, width: float, style: str = "cell", collector: list[str] | None = None):
    """A plain string when it fits on one line of the column (a table draws it without a Paragraph,
    which is most of the cost of a long table), else a wrapping paragraph."""
    s = printable("" if text is None else str(text))
    st = STYLES[style]
    if "\n" not in s and pdfmetrics.stringWidth(s, st.fontName, st.fontSize) <= width - 7:
        if collector is not None:
            collector.append(s)
        return s
    return para(s, style, collector)


# Plain-string cells: the table's own font, size and alignment (header rows keep paragraphs).
PLAIN_CELLS = [("FONTSIZE", (0, 0), (-1, -1), 8.5), ("LEADING", (0, 0), (-1, -1), 12)]


_CELL_PADDING = 6.5  # LEFTPADDING + RIGHTPADDING of grid_style, and a little air


class Grid(LongTable):
    """A table whose rows may split across pages: a department's 800-character plan is one cell
    taller than a page, and must flow on rather than stop the report (LayoutError).

    Column headings are words, never broken (「重要/度」): a column too narrow for its heading
    on one line is widened, the width taken from the widest column.
    """

    def __init__(self, data, *args, **kwargs) -> None:
        kwargs.setdefault("splitInRow", 1)
        col_widths = kwargs.get("colWidths")
        # Only the table as built by a report: ReportLab's split copies (normalizedData) carry the
        # widths already fitted, and their style arrives later, so their spans are not yet known.
        if isinstance(col_widths, list) and data and not kwargs.get("normalizedData"):
            kwargs["colWidths"] = fit_headings(
                data, col_widths, kwargs.get("repeatRows", 0), kwargs.get("style")
            )
        super().__init__(data, *args, **kwargs)

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        """Split between rows; inside a row only when that row could not fit on any page.

        Otherwise the rest of a table split at the foot of a page would be split again in the
        little space left: its repeated headings printed mid-page above a sliver of one row."""
        if None in (self._rowHeights or [None]):  # split before any wrap (platypus wraps first)
            self._calc(availWidth, availHeight)
        if self._row_must_split(availHeight):
            return super().split(availWidth, availHeight)
        keep, self.splitInRow = self.splitInRow, 0
        try:
            return super().split(availWidth, availHeight)
        finally:
            self.splitInRow = keep

    def _row_must_split(self, avail_height: float) -> bool:
        """Whether the row at the foot of ``avail_height`` is taller than a page under its headings."""
        repeat = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows or ())
        heights = list(self._rowHeights)
        headings = sum(heights[:repeat])
        used = 0.0
        for n, height in enumerate(heights):
            used += height
            if used > avail_height:
                return n >= repeat and headings + height > FRAME_HEIGHT
        return False


def _spanned_rows(style: Any) -> set[int]:
    rows: set[int] = set()
    for cmd in getattr(style, "getCommands", lambda: [])():
        if cmd[0] == "SPAN" and cmd[1][0] != cmd[2][0]:
            rows.update(range(cmd[1][1], cmd[2][1] + 1))
    return rows


def fit_headings(data: list, col_widths: list[float], header_rows: Any, style: Any = None) -> list[float]:
    """``col_widths`` with each column at least as wide as its one-line heading (the header rows
    not spanning columns); the total is kept, the width coming from the widest column."""
    n_rows = header_rows if isinstance(header_rows, int) else len(header_rows or ())
    spanned = _spanned_rows(style)
    need = [0.0] * len(col_widths)
    for r in range(min(n_rows, len(data))):
        if r in spanned:
            continue
        for c, cell in enumerate(data[r][: len(col_widths)]):
            if isinstance(cell, Paragraph) and "<br" not in cell.text:
                st = cell.style
                need[c] = max(need[c], pdfmetrics.stringWidth(cell.getPlainText(), st.fontName, st.fontSize))
    out = list(col_widths)
    for c, want in enumerate(need):
        short = want + _CELL_PADDING - out[c]
        if want and short > 0:
            donor = max(range(len(out)), key=lambda i: out[i] - need[i])
            if donor != c and out[donor] - short >= need[donor] + _CELL_PADDING:
                out[donor] -= short
                out[c] += short
    return out


def grid_style(header_rows: int = 1, extra: list | None = None) -> TableStyle:
    cmds = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows > 0:
        cmds.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), GREY_LIGHT))
    return TableStyle(cmds + (extra or []))


def widths(*fractions: float) -> list[float]:
    """Column widths as fractions of the frame: a table can never be wider than the page."""
    total = sum(fractions)
    return [FRAME_WIDTH * f / total for f in fractions]


# Score bands for the heat map: far-apart grey levels + the number printed in the cell.
def bands() -> tuple[tuple[float, Any, Any, str], ...]:
    """(floor, fill, ink, label) high to low: the floors are the domain's (BAND_FLOORS), the labels
    the catalogue's, so the screen's heat map and the paper cannot disagree."""
    from ..domain.dashboard import BAND_FLOORS
    from ..i18n import labels

    floors = (*BAND_FLOORS, 0.0)
    looks = ((colors.white, INK), (GREY_FAINT, INK), (GREY_LIGHT, INK), (GREY_MID, colors.white))
    return tuple(
        (floor, fill, ink, labels.band(n))
        for floor, (fill, ink), n in zip(floors, looks, (4, 3, 2, 1), strict=True)
    )


def band(percent: float | None):
    if percent is None:
        return colors.white, INK
    table = bands()
    for floor, fill, text, _label in table:
        if percent >= floor:
            return fill, text
    return table[-1][1], table[-1][2]
