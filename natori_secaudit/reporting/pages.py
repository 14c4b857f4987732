"""The page frame shared by all reports: handling mark on every page, "n / N" page numbers."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from .fonts import FONT, FONT_BOLD
from .styles import GREY_DARK, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE


class NumberedCanvas(canvas.Canvas):
    """Buffers pages so every footer can say 'n / N' (two passes are not needed)."""

    header_left = ""
    footer_left = ""
    mark = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._page_marks: list[tuple[str, dict]] = []

    def bookmarkPage(self, key: str, **kwargs) -> None:  # noqa: N802 - ReportLab's name
        # The page object exists only when the buffered page is written (save): bookmark it then.
        self._page_marks.append((key, kwargs))

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._page_marks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_frame(total)
            for key, kwargs in self._page_marks:
                super().bookmarkPage(key, **kwargs)
            super().showPage()
        super().save()

    def _draw_frame(self, total: int) -> None:
        width, height = PAGE
        self.saveState()
        # Handling mark, boxed, top right — on every page including the cover.
        self.setFont(FONT_BOLD, 10)
        label = self.mark
        w = self.stringWidth(label, FONT_BOLD, 10) + 6 * mm
        x, y = width - MARGIN_X - w, height - 13 * mm
        self.setLineWidth(1)
        self.rect(x, y - 2 * mm, w, 7 * mm)
        self.drawCentredString(x + w / 2, y, label)
        self.setFont(FONT, 8)
        self.setFillColor(GREY_DARK)
        self.drawString(MARGIN_X, height - 12 * mm, self.header_left)
        self.drawString(MARGIN_X, 10 * mm, self.footer_left)
        self.setFont(FONT, 9)
        self.setFillColorRGB(0, 0, 0)
        self.drawCentredString(width / 2, 10 * mm, f"{self._pageNumber} / {total}")
        self.restoreState()


def make_canvas(header_left: str, footer_left: str, mark: str):
    attrs = {"header_left": header_left, "footer_left": footer_left, "mark": mark}
    return type("ReportCanvas", (NumberedCanvas,), attrs)


OUTLINE_LEVELS = {"part": 0, "h1": 0, "h2": 1}


class ReportDocument(SimpleDocTemplate):
    """Headings become PDF bookmarks (the reader's table of contents): 資料編 and h1 at the top
    level, h2 (a department, a part of a section) under them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._marks = 0
        self._top_seen = False

    def afterFlowable(self, flowable) -> None:  # noqa: N802 - ReportLab's name
        if not isinstance(flowable, Paragraph):
            return
        level = OUTLINE_LEVELS.get(flowable.style.name)
        if level is None:
            return
        if level == 0:
            self._top_seen = True
        elif not self._top_seen:
            level = 0
        self._marks += 1
        key = f"h{self._marks}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)


def document(target, *, title: str, author: str, invariant: bool) -> SimpleDocTemplate:
    return ReportDocument(
        target, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=title, author=author, subject=title, creator="natori-secaudit",
        invariant=1 if invariant else 0,
        initialFontName=FONT, initialFontSize=10,   # never fall back to the non-embedded Helvetica
    )
