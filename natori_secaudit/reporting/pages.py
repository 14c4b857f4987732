"""The page frame shared by all reports: handling mark on every page, "n / N" page numbers, PDF
bookmarks and a 目次 (table of contents) written in the same single pass.

The canvas keeps every page until the end (for "n / N"), so the headings' pages are known before
any page is written: the 目次 page reserves its space (``TocSlot``) and the entries are drawn into
it when the pages are written. No second build of the document.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

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
        self.toc_entries: list[tuple[int, str, int, str]] = []  # (level, title, page, bookmark key)
        self.toc_slot: tuple[int, float, float, float] | None = None  # (page, x, top, width)

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
            if self.toc_slot is not None and self.toc_slot[0] == self._pageNumber:
                self._draw_toc()
            for key, kwargs in self._page_marks:
                super().bookmarkPage(key, **kwargs)
            super().showPage()
        super().save()

    def _draw_toc(self) -> None:
        assert self.toc_slot is not None
        _page, x, top, width = self.toc_slot
        y = top
        for level, title, page, key in self.toc_entries:
            if y < MARGIN_BOTTOM + 10 * mm:
                break
            size = 10.5 if level == 0 else 9
            indent = 0 if level == 0 else 6 * mm
            self.setFont(FONT_BOLD if level == 0 else FONT, size)
            self.drawString(x + indent, y, title)
            self.drawRightString(x + width, y, str(page))
            self.linkRect("", key, (x, y - 2, x + width, y + size), relative=0)
            y -= size * 1.9
        self.setFont(FONT, 9)

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
TOC_STYLES = ("part", "h1")  # the 目次 lists the parts and sections, not every department


class TocSlot(Flowable):
    """The space of the 目次: the entries are drawn into it when the pages are written."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self._height = height

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, min(self._height, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        x, top = self.canv.absolutePosition(0, self.height)
        self.canv.toc_slot = (self.canv.getPageNumber(), x, top - 12, self.width)


class ReportDocument(SimpleDocTemplate):
    """Headings become PDF bookmarks (the reader's table of contents): 資料編 and h1 at the top
    level, h2 (a department, a part of a section) under them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._marks = 0
        self._top_seen = False
        self._in_part = False

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
        title = flowable.getPlainText()
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        if flowable.style.name == "part":
            self._in_part = True
        if flowable.style.name in TOC_STYLES and hasattr(self.canv, "toc_entries"):
            indent = 1 if flowable.style.name == "h1" and self._in_part else 0
            self.canv.toc_entries.append((indent, title, self.page, key))


def document(target, *, title: str, author: str, invariant: bool) -> SimpleDocTemplate:
    return ReportDocument(
        target,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        subject=title,
        creator="natori-secaudit",
        invariant=1 if invariant else 0,
        initialFontName=FONT,
        initialFontSize=10,  # never fall back to the non-embedded Helvetica
    )
