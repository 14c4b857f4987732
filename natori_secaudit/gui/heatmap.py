"""The heat map: departments × sections, one cell per section score.

A Canvas: colour bands as in the printed report, the number printed in each
cell (never colour alone), a keyboard cursor (arrows, Home/End, Enter opens the
department's answers) and the mouse (click selects, double-click opens).
"""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont
from collections.abc import Callable

import ttkbootstrap as ttk

from ..domain.dashboard import HeatMap, heat_band
from ..i18n import labels
from .unlock_view import t

# Light to dark blue, readable by people with red–green colour blindness; band 0 = no figure.
FILLS = {0: "#f2f2f2", 1: "#08306b", 2: "#2b6cb0", 3: "#9ecae1", 4: "#f7fbff"}
CURSOR = ("#000000", "#ffffff")  # the keyboard cursor's two outlines
INKS = {0: "#666666", 1: "#ffffff", 2: "#ffffff", 3: "#000000", 4: "#000000"}


class HeatMapView(ttk.Frame):
    def __init__(self, parent, on_open: Callable[[str, str | None], None]) -> None:
        super().__init__(parent)
        self.on_open = on_open
        self.data: HeatMap | None = None
        self._metrics = (0, 0, 0, 0)
        self.cursor = (0, 0)  # (row, column)
        legend = ttk.Frame(self, padding=(4, 4))
        legend.pack(fill="x")
        ttk.Label(legend, text=t("heat_legend")).pack(side="left")
        for band in (4, 3, 2, 1, 0):  # the printed report's bands and words
            label = labels.band(band)
            tk.Label(legend, text=f" {label} ", bg=FILLS[band], fg=INKS[band], relief="solid", bd=1).pack(
                side="left", padx=2
            )
        self.hint = ttk.Label(legend, text=t("heat_hint"), bootstyle="secondary")
        self.hint.pack(side="left", padx=12)
        holder = ttk.Frame(self)
        holder.pack(fill="both", expand=True)
        self.canvas = tk.Canvas(holder, highlightthickness=2, takefocus=True, background="white")
        ys = ttk.Scrollbar(holder, orient="vertical", command=self.canvas.yview)
        xs = ttk.Scrollbar(holder, orient="horizontal", command=self.canvas.xview)
        self.canvas.configure(yscrollcommand=ys.set, xscrollcommand=xs.set)
        self.canvas.grid(row=0, column=0, sticky="nsew")
        ys.grid(row=0, column=1, sticky="ns")
        xs.grid(row=1, column=0, sticky="ew")
        holder.rowconfigure(0, weight=1)
        holder.columnconfigure(0, weight=1)
        self.section_line = ttk.Label(self, text="", padding=(4, 4), wraplength=1200, justify="left")
        self.section_line.pack(fill="x")
        c = self.canvas
        for key, step in (
            ("<Left>", (0, -1)),
            ("<Right>", (0, 1)),
            ("<Up>", (-1, 0)),
            ("<Down>", (1, 0)),
            ("<Prior>", (-10, 0)),
            ("<Next>", (10, 0)),
        ):
            c.bind(key, lambda _e, s=step: self.move(*s))
        c.bind("<Home>", lambda _e: self.set_cursor(self.cursor[0], 0))
        c.bind(
            "<End>",
            lambda _e: self.set_cursor(self.cursor[0], len(self.data.sections) - 1 if self.data else 0),
        )
        c.bind("<Return>", lambda _e: self.open_cursor())
        c.bind("<Button-1>", self._click)
        c.bind("<Double-Button-1>", lambda e: (self._click(e), self.open_cursor()))
        c.bind("<FocusIn>", lambda _e: self._draw_cursor())

    # -- drawing -----------------------------------------------------------------------------
    def show(self, data: HeatMap) -> None:
        self.data = data
        self.cursor = (0, 0)
        self.redraw()

    def _measure(self) -> tuple[int, int, int, int]:
        """Label column, cell width, cell height, header height: measured once per redraw."""
        font = tkfont.nametofont("TkDefaultFont")
        line = font.metrics("linespace")
        names = [row.name for row, _cells in self.data.rows] if self.data else []
        label_w = max([font.measure(n) for n in names] + [font.measure(t("col_department"))]) + 16
        cell_w = max(
            font.measure("100.0") + 14,
            max((font.measure(s.id) + 12 for s in self.data.sections), default=0) if self.data else 0,
        )
        return label_w, cell_w, line + 10, line + 14

    def redraw(self) -> None:
        c = self.canvas
        c.delete("all")
        if self.data is None:
            return
        if not self.data.rows:
            c.create_text(16, 16, text=t("heat_empty"), anchor="nw", font="TkDefaultFont")
            c.configure(scrollregion=(0, 0, 400, 40))
            return
        self._metrics = self._measure()
        label_w, cell_w, cell_h, head_h = self._metrics
        for j, section in enumerate(self.data.sections):
            x = label_w + j * cell_w
            c.create_text(x + cell_w / 2, head_h / 2, text=section.id, font="TkHeadingFont")
        for i, (row, cells) in enumerate(self.data.rows):
            y = head_h + i * cell_h
            c.create_text(8, y + cell_h / 2, text=row.name, anchor="w", font="TkDefaultFont")
            for j, score in enumerate(cells):
                band = heat_band(score)
                x = label_w + j * cell_w
                c.create_rectangle(
                    x, y, x + cell_w, y + cell_h, fill=FILLS[band], outline="#bbbbbb", tags=(f"cell-{i}-{j}",)
                )
                c.create_text(
                    x + cell_w / 2,
                    y + cell_h / 2,
                    text=score.format() if score else "—",
                    fill=INKS[band],
                    font="TkDefaultFont",
                )
        key_x = label_w + len(self.data.sections) * cell_w + 24  # which section is which, beside the grid
        for j, section in enumerate(self.data.sections):
            c.create_text(
                key_x,
                head_h + j * cell_h + cell_h / 2,
                text=f"{section.id}  {section.title}",
                anchor="w",
                font="TkDefaultFont",
                tags=("key",),
            )
        key_w = max(
            (tkfont.nametofont("TkDefaultFont").measure(f"{s.id}  {s.title}") for s in self.data.sections),
            default=0,
        )
        width = key_x + key_w + 8
        height = head_h + max(len(self.data.rows), len(self.data.sections)) * cell_h + 4
        c.configure(scrollregion=(0, 0, width, height))
        self._draw_cursor()

    def _draw_cursor(self) -> None:
        c = self.canvas
        c.delete("cursor")
        if not self.data or not self.data.rows:
            return
        label_w, cell_w, cell_h, head_h = self._metrics
        i, j = self.cursor
        x, y = label_w + j * cell_w, head_h + i * cell_h
        # Black around white: one of the two stands out (3:1 and more) against every band's fill.
        c.create_rectangle(
            x + 1, y + 1, x + cell_w - 1, y + cell_h - 1, outline=CURSOR[0], width=3, tags=("cursor",)
        )
        c.create_rectangle(
            x + 4, y + 4, x + cell_w - 4, y + cell_h - 4, outline=CURSOR[1], width=2, tags=("cursor",)
        )
        row, cells = self.data.rows[i]
        section = self.data.sections[j]
        score = cells[j]
        self.section_line.configure(
            text=t(
                "heat_cell",
                department=row.name,
                section=f"{section.id} {section.title}",
                score=score.format() if score else "—",
            )
        )
        self._scroll_into_view(x, y, cell_w, cell_h, label_w, head_h)

    def _scroll_into_view(self, x, y, w, h, label_w, head_h) -> None:
        c = self.canvas
        region = [float(v) for v in str(c.cget("scrollregion")).split()] or [0, 0, 1, 1]
        total_w, total_h = max(region[2], 1), max(region[3], 1)
        view_w, view_h = max(c.winfo_width(), 1), max(c.winfo_height(), 1)
        left, top = c.canvasx(0), c.canvasy(0)
        if y < top + head_h or y + h > top + view_h:
            c.yview_moveto(max(0.0, (y - head_h) / total_h))
        if x < left + label_w or x + w > left + view_w:
            c.xview_moveto(max(0.0, (x - label_w) / total_w))

    # -- cursor ------------------------------------------------------------------------------
    def set_cursor(self, row: int, column: int) -> None:
        if not self.data or not self.data.rows:
            return
        row = max(0, min(len(self.data.rows) - 1, row))
        column = max(0, min(len(self.data.sections) - 1, column))
        self.cursor = (row, column)
        self._draw_cursor()

    def move(self, d_row: int, d_column: int) -> str:
        self.set_cursor(self.cursor[0] + d_row, self.cursor[1] + d_column)
        return "break"

    def _click(self, event) -> None:
        self.canvas.focus_set()
        if not self.data or not self.data.rows:
            return
        label_w, cell_w, cell_h, head_h = self._metrics
        x, y = self.canvas.canvasx(event.x), self.canvas.canvasy(event.y)
        if x < label_w or y < head_h:
            return
        self.set_cursor(int((y - head_h) // cell_h), int((x - label_w) // cell_w))

    def cursor_cell(self) -> tuple[str, str] | None:
        if not self.data or not self.data.rows:
            return None
        i, j = self.cursor
        return self.data.rows[i][0].code, self.data.sections[j].id

    def open_cursor(self) -> str:
        cell = self.cursor_cell()
        if cell is not None:
            self.on_open(*cell)
        return "break"
