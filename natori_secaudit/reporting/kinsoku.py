"""Line breaking that keeps every character inside its column (禁則処理 by 追い出し).

ReportLab's CJK wrap keeps a character that may not start a line (。、）」ー・ …) on the line
before, hanging past the right edge (ぶら下げ). In a narrow table cell that glyph is printed over
the cell border or into the next column. Here such a character is passed on to the next line
together with the one before it, so no line is wider than the width it was given. An opening
bracket or quote (（「『【〈《 …), which may not end a line, is passed on to the line it opens.

How: ReportLab breaks the paragraph with a width per line. Where a line came out too wide (a
hanging character) or the next line starts with a character that may not start one, that line's
width is narrowed just enough to push its last character on, and the paragraph is broken again;
lines before it stay as they were. Each line keeps its true width for alignment (centre, right).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.textsplit import ALL_CANNOT_START, CANNOT_END_LINE
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

_TOLERANCE = 0.01  # points: rounding of glyph widths, far below anything visible
_NARROWER = 0.01  # how far below a line's width the new limit is, to push its last character on
_CANNOT_END = CANNOT_END_LINE[0]  # opening brackets and quotes (the currency signs may end a line)


class KinsokuParagraph(Paragraph):
    """A Paragraph whose CJK lines never run over the width given (see the module docstring)."""

    def breakLinesCJK(self, maxWidths):  # noqa: N802 - ReportLab's name
        if getattr(self, "_splitpara", 0):  # the second half of a split paragraph: already broken
            return super().breakLinesCJK(maxWidths)
        given = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        limits = list(given)
        blpara = super().breakLinesCJK(list(limits))
        lines = _lines(blpara)
        for _attempt in range(4 * sum(len(line.text) for line in lines) + 4):  # each pass moves a character
            fix = _first_fault(lines, limits, given)
            if fix is None:
                break
            n, limit = fix
            while len(limits) <= n:
                limits.append(limits[-1])
            limits[n] = limit
            if len(limits) == n + 1:
                limits.append(given[min(n + 1, len(given) - 1)])
            blpara = super().breakLinesCJK(list(limits))
            lines = _lines(blpara)
        _restore_extra_space(blpara, limits, given)
        return blpara


def _width_at(widths: list[float], n: int) -> float:
    return widths[n] if n < len(widths) else widths[-1]


class _Line:
    """What the fault check needs of one broken line, whichever kind ReportLab made: its text,
    the width left over (negative: it runs over), whether it ends at an explicit break, and the
    font of its last character (measured only for a line that has to be broken again)."""

    __slots__ = ("text", "extra", "forced", "last_font")

    def __init__(self, text: str, extra: float, forced: bool, last_font: tuple[str, float]) -> None:
        self.text = text
        self.extra = extra
        self.forced = forced
        self.last_font = last_font

    def last_width(self) -> float:
        return stringWidth(self.text[-1], *self.last_font)


def _lines(blpara: Any) -> list[_Line]:
    out = []
    if blpara.kind == 0:
        font = (blpara.fontName, blpara.fontSize)
        for extra, words in blpara.lines:
            out.append(_Line("".join(words), extra, False, font))
    else:
        for line in blpara.lines:
            texts, font = [], ("", 0.0)
            for frag in line.words:
                text = getattr(frag, "text", "")
                if text:
                    texts.append(text)
                    font = (frag.fontName, frag.fontSize)
            out.append(_Line("".join(texts), line.extraSpace, bool(getattr(line, "lineBreak", False)), font))
    return out


def _first_fault(lines: list[_Line], limits: list[float], given: list[float]) -> tuple[int, float] | None:
    """(line number, narrower limit) of the first line to break again, or None when all are right."""
    for n, line in enumerate(lines):
        if len(line.text) < 2:  # one character wider than the column: nothing to pass on
            continue
        used = _width_at(limits, n) - line.extra
        too_wide = used > _width_at(given, n) + _TOLERANCE
        next_starts_wrong = (
            n + 1 < len(lines)
            and not line.forced
            and bool(lines[n + 1].text)
            and lines[n + 1].text[0] in ALL_CANNOT_START
        )
        ends_wrong = n + 1 < len(lines) and not line.forced and line.text[-1] in _CANNOT_END
        if too_wide or next_starts_wrong or ends_wrong:
            # Narrow the line so that its last character no longer fits: ReportLab then moves it on
            # (or, if it may not start a line either, keeps it and we come back for the one before).
            return n, used - line.last_width() - _NARROWER
    return None


def _restore_extra_space(blpara: Any, limits: list[float], given: list[float]) -> None:
    """The leftover space against the true width, so centred and right-aligned lines sit where
    ReportLab would put them."""
    if blpara.kind == 0:
        blpara.lines = [
            (extra + _width_at(given, n) - _width_at(limits, n), words)
            for n, (extra, words) in enumerate(blpara.lines)
        ]
    else:
        for n, line in enumerate(blpara.lines):
            line.extraSpace += _width_at(given, n) - _width_at(limits, n)
