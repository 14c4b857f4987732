"""A long table split once: cost grows with its rows, not with rows × pages.

ReportLab splits a ``Table`` at each page by building a new table of every remaining row and
copying every style command of them, so a 1,000-row heat map costs rows × pages. Here the row
heights are measured once; each page gets a table of only its own rows and commands, with those
heights given, and the rest is the same rows from a later start (nothing is copied).
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from .styles import Grid, grid_style


class LongGrid(Flowable):
    def __init__(
        self,
        rows: list[list],
        col_widths: list[float],
        *,
        header_rows: int = 1,
        base: list | None = None,
        cell_cmds: dict[int, list] | None = None,
        _heights: list[float] | None = None,
        _start: int | None = None,
    ) -> None:
        """``rows`` include the header rows; ``base`` are commands for every cell ((0, 0)–(-1, -1)
        ranges only); ``cell_cmds`` maps a body row's index in ``rows`` to its commands, written for
        any row (they are re-indexed for the page the row lands on)."""
        super().__init__()
        self.rows = rows
        self.col_widths = col_widths
        self.header_rows = header_rows
        self.base = base or []
        self.cell_cmds = cell_cmds or {}
        self._heights = _heights
        self._start = header_rows if _start is None else _start

    def _measure(self) -> list[float]:
        if self._heights is None:
            probe = Grid(self.rows, colWidths=self.col_widths, style=grid_style(self.header_rows, self.base))
            probe.wrap(sum(self.col_widths), 1e9)
            self._heights = list(probe._rowHeights)
        return self._heights

    def wrap(self, avail_width, avail_height):
        heights = self._measure()
        self.width = sum(self.col_widths)
        self.height = sum(heights[: self.header_rows]) + sum(heights[self._start :])
        return self.width, self.height

    def _table(self, start: int, stop: int) -> Grid:
        h = self.header_rows
        heights = self._measure()
        cmds = list(self.base)
        for n, r in enumerate(range(start, stop), start=h):
            for cmd in self.cell_cmds.get(r, ()):
                (c0, _r0), (c1, _r1) = cmd[1], cmd[2]
                cmds.append((cmd[0], (c0, n), (c1, n), *cmd[3:]))
        return Grid(
            self.rows[:h] + self.rows[start:stop],
            colWidths=self.col_widths,
            rowHeights=heights[:h] + heights[start:stop],
            repeatRows=h,
            style=grid_style(h, cmds),
        )

    def split(self, avail_width, avail_height):
        heights = self._measure()
        h, start, end = self.header_rows, self._start, len(self.rows)
        used = sum(heights[:h])
        stop = start
        while stop < end and used + heights[stop] <= avail_height:
            used += heights[stop]
            stop += 1
        if stop == start:
            if avail_height > 0.5 * 800:  # one row taller than a page: split inside it
                return self._table(start, end).split(avail_width, avail_height)
            return []
        if stop == end:
            return [self._table(start, stop)]
        rest = LongGrid(
            self.rows,
            self.col_widths,
            header_rows=h,
            base=self.base,
            cell_cmds=self.cell_cmds,
            _heights=heights,
            _start=stop,
        )
        return [self._table(start, stop), rest]

    def draw(self) -> None:
        table = self._table(self._start, len(self.rows))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)
