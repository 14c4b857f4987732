"""The IT division's dashboard: who has handed in, scores, the heat map, the weakest items,
and the outcome of the last import. Views only: figures come from ``compile`` through
``domain.dashboard``; actions (import, 差し戻し, reports) are the controller's.

Keys: Ctrl+1…Ctrl+8 sort the department list by that column (again: reverse),
Enter opens the chosen department's answers, Ctrl+Tab / Ctrl+Shift+Tab change tab.
"""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont
from collections.abc import Callable

import ttkbootstrap as ttk

from ..domain.answers import AnswerStatus
from ..domain.assessment import AssessmentState
from ..domain.dashboard import COLUMNS, DashboardRow, HeatMap, heat_map, sort_rows, totals
from ..domain.fiscal_year import FiscalYear
from ..domain.results import CompiledYear
from ..i18n import labels
from . import looks
from .admin_imports_tab import ImportsTab
from .admin_year_view import t as year_t
from .heatmap import HeatMapView
from .screen_keys import ScreenKeys
from .unlock_view import t

# The widest text each column usually holds: widths follow the chosen text size.
SAMPLES = {
    "department": "ありがとうホストタウン推進室",
    "status": "回答中 999/999",
    "submitted": "途中 2026-12-01 23:59",
    "revision": "99",
    "score": "100.0",
    "high_gaps": "99",
    "unknown": "99",
    "trend": "変化なし (+10.0)",
}
NUMERIC = ("revision", "score", "high_gaps", "unknown")
WEAKEST = 30


class AdminScreen(ImportsTab, ttk.Frame):
    """Draws the dashboard from domain data (:meth:`show`); raises events through ``actions``.

    The controller (gui/admin_actions.py) holds the workspace and the year, compiles, and calls
    :meth:`show` again after every change; ``actions["year"](fy)`` asks for another year and
    ``actions["reload"]()`` for fresh figures after an import. ``show`` also takes the labels of
    the year switcher (each year's state), the departments late after the 提出期限 (drawn in
    red), the IT division's key fingerprint and the deadline line."""

    def __init__(
        self, parent, fy: FiscalYear, years: list[FiscalYear], actions: dict[str, Callable[..., None]]
    ) -> None:
        super().__init__(parent)
        self.fy = fy
        self.actions = actions
        self.years = list(years)
        self.compiled: CompiledYear | None = None
        self.rows: list[DashboardRow] = []
        self.sort_column = "department"
        self.sort_descending = False
        self.overdue: set[str] = set()
        self._build()
        self.keys = ScreenKeys(self)
        self.keys.bind("<Control-o>", lambda: self.actions["import_files"](), in_text=True)

    def destroy(self) -> None:
        self.keys.release()
        super().destroy()

    def focus_first(self) -> None:
        self.departments.focus_set()

    def text_size_changed(self) -> None:
        self.fit_columns()
        self.heat.redraw()

    # -- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        top = ttk.Frame(self, padding=(12, 8))
        top.pack(fill="x")
        self.title = ttk.Label(top, text="", font="TkHeadingFont")
        self.title.pack(side="left")
        self.year_choice = ttk.Combobox(
            top, state="readonly", width=16, values=[fy.label_ja for fy in self.years] or [self.fy.label_ja]
        )
        self.year_choice.set(self.fy.label_ja)
        self.year_choice.pack(side="right")
        self.year_choice.bind("<<ComboboxSelected>>", lambda _e: self._year_chosen())
        ttk.Label(top, text=t("admin_year")).pack(side="right", padx=6)
        self.status = ttk.Label(top, text="", bootstyle="success")
        self.status.pack(side="right", padx=16)
        self.info = ttk.Label(self, text="", padding=(12, 0))
        self.info.pack(fill="x")
        summary = ttk.Frame(self, padding=(12, 2))
        summary.pack(fill="x")
        self.summary = ttk.Label(summary, text="", font="TkHeadingFont", justify="left")
        self.summary.pack(fill="x")
        bar = ttk.Frame(self)
        bar.pack(fill="x", padx=12, pady=6)
        buttons = []
        for key, style in (
            ("import_files", "primary"),
            ("import_folder", "primary-outline"),
            ("open_answers", "secondary-outline"),
            ("send_back", "secondary-outline"),
            ("department_report", "secondary-outline"),
            ("ciso_report", "success"),
        ):
            buttons.append(
                ttk.Button(
                    bar, text=t(f"admin_{key}"), bootstyle=style, command=lambda k=key: self.actions[k]()
                )
            )
        export = ttk.Menubutton(bar, text=t("admin_export"), bootstyle="secondary-outline")
        menu = tk.Menu(export, tearoff=False)
        for fmt in ("xlsx", "csv", "oscal"):
            menu.add_command(label=t(f"export_{fmt}"), command=lambda f=fmt: self.actions["export"](f))
        export.configure(menu=menu)
        buttons.append(export)
        buttons.append(
            ttk.Button(
                bar, text=t("button_lock"), bootstyle="secondary-outline", command=self.actions["lock"]
            )
        )
        self.buttons = buttons
        bar.bind("<Configure>", lambda e: self._flow(bar, e.width))
        self._flow(bar, 1300)
        self.summary.bind("<Configure>", lambda e: self.summary.configure(wraplength=max(e.width - 8, 200)))
        self.progress_row = ttk.Frame(self, padding=(12, 2))
        self.progress = ttk.Progressbar(self.progress_row, length=400, maximum=100, bootstyle="info-striped")
        self.progress.pack(side="left")
        self.progress_label = ttk.Label(self.progress_row, text="")
        self.progress_label.pack(side="left", padx=10)
        self.tabs = ttk.Notebook(self)
        self.tabs.pack(fill="both", expand=True, padx=8, pady=8)
        self.tabs.enable_traversal()
        self._build_departments()
        self.heat = HeatMapView(
            self.tabs, on_open=lambda code, section: self.actions["open_answers"](code, section)
        )
        self.tabs.add(self.heat, text=t("tab_heatmap"))
        self._build_weakest()
        self._build_imports()

    def _flow(self, bar, width: int) -> None:
        """Lay the buttons out in rows that fit the window (large text sizes wrap, nothing is cut off)."""
        x = y = 0
        height = max(b.winfo_reqheight() for b in self.buttons) + 4
        for button in self.buttons:
            need = button.winfo_reqwidth() + 6
            if x and x + need > width - 24:
                x, y = 0, y + height
            button.place(x=x, y=y)
            x += need
        if int(str(bar.cget("height") or 0)) != y + height:
            bar.configure(height=y + height)

    def _tree(self, parent, columns: tuple[str, ...], height: int = 18) -> ttk.Treeview:
        holder = ttk.Frame(parent)
        holder.pack(fill="both", expand=True)
        tree = ttk.Treeview(holder, columns=columns, show="headings", selectmode="browse", height=height)
        scroll = ttk.Scrollbar(holder, orient="vertical", command=tree.yview)
        across = ttk.Scrollbar(holder, orient="horizontal", command=tree.xview)
        tree.configure(yscrollcommand=scroll.set, xscrollcommand=across.set)
        tree.grid(row=0, column=0, sticky="nsew")
        scroll.grid(row=0, column=1, sticky="ns")
        across.grid(row=1, column=0, sticky="ew")  # at the largest text size columns may overflow
        holder.rowconfigure(0, weight=1)
        holder.columnconfigure(0, weight=1)
        return tree

    def _build_departments(self) -> None:
        frame = ttk.Frame(self.tabs, padding=4)
        self.tabs.add(frame, text=t("tab_departments"))
        ttk.Label(frame, text=t("departments_hint"), bootstyle="secondary").pack(anchor="w", pady=(0, 4))
        self.departments = self._tree(frame, COLUMNS)
        for col in COLUMNS:
            self.departments.heading(col, text=t(f"dcol_{col}"), command=lambda c=col: self.sort_by(c))
            self.departments.column(col, anchor="e" if col in NUMERIC else "w", stretch=col == "department")
        self.fit_columns()
        looks.color_rows(self.departments)
        self.departments.bind("<Return>", lambda _e: self.actions["open_answers"]())
        self.departments.bind("<Double-Button-1>", lambda _e: self.actions["open_answers"]())
        for n, col in enumerate(COLUMNS, start=1):
            self.departments.bind(f"<Control-Key-{n}>", lambda _e, c=col: (self.sort_by(c), "break")[1])

    def fit_columns(self) -> None:
        """Column widths from the current fonts, so a larger text size clips nothing."""
        body, head = tkfont.nametofont("TkDefaultFont"), tkfont.nametofont("TkHeadingFont")
        for col in COLUMNS:
            width = max(body.measure(SAMPLES[col]), head.measure(t(f"dcol_{col}") + " ▼")) + 20
            self.departments.column(col, width=width, minwidth=width)

    def _build_weakest(self) -> None:
        frame = ttk.Frame(self.tabs, padding=4)
        self.tabs.add(frame, text=t("tab_weakest"))
        ttk.Label(frame, text=t("weakest_hint"), bootstyle="secondary").pack(anchor="w", pady=(0, 4))
        cols = ("rank", "item", "severity", "score", "gaps", "unknown", "trend")
        self.weakest = self._tree(frame, cols, height=12)
        widths = {
            "rank": 50,
            "item": 520,
            "severity": 70,
            "score": 70,
            "gaps": 110,
            "unknown": 90,
            "trend": 90,
        }
        for col in cols:
            self.weakest.heading(col, text=t(f"wcol_{col}"))
            self.weakest.column(
                col,
                width=widths[col],
                stretch=col == "item",
                anchor="e" if col in ("rank", "score", "gaps", "unknown") else "w",
            )
        self.weakest_detail = ttk.Label(frame, text="", wraplength=1200, justify="left", padding=(4, 6))
        self.weakest_detail.pack(fill="x")
        self.weakest.bind("<<TreeviewSelect>>", lambda _e: self._weakest_chosen())

    # -- data -----------------------------------------------------------------------------------
    def _year_chosen(self) -> None:
        n = self.year_choice.current()
        if 0 <= n < len(self.years) and self.years[n] != self.fy:
            self.actions["year"](self.years[n])

    def _head(
        self, fy: FiscalYear, years: list[FiscalYear], organization: str, year_labels, info: str
    ) -> None:
        self.fy = fy
        self.years = list(years) or [fy]
        labels_ = year_labels or {}
        self.year_choice.configure(values=[labels_.get(y, y.label_ja) for y in self.years], width=22)
        self.year_choice.current(self.years.index(fy) if fy in self.years else 0)
        self.title.configure(text=t("admin_title", year=fy.label_ja, organization=organization))
        self.info.configure(text=info, bootstyle="danger" if self.overdue else "secondary")

    def show_empty(
        self, fy: FiscalYear, years: list[FiscalYear], organization: str, *, year_labels=None, info: str = ""
    ) -> None:
        """A year nobody has prepared yet: no figures, the way to 年度の準備 instead."""
        self.overdue = set()
        self._head(fy, years, organization, year_labels, info)
        self.compiled, self.rows = None, []
        self.summary.configure(text=year_t("no_year", year=fy.label_ja))
        self.departments.delete(*self.departments.get_children())
        self.weakest.delete(*self.weakest.get_children())
        self.heat.show(HeatMap((), ()))

    def show(
        self,
        fy: FiscalYear,
        years: list[FiscalYear],
        compiled: CompiledYear,
        rows: list[DashboardRow],
        *,
        year_labels=None,
        overdue=(),
        info: str = "",
    ) -> None:
        """Redraw every tab with a year's compiled figures and its rows (``dashboard_rows``)."""
        self.overdue = set(overdue)
        self._head(fy, years, compiled.organization.name, year_labels, info)
        self.compiled = compiled
        self.rows = list(rows)
        tot = totals(self.compiled, self.rows)
        self.summary.configure(
            text=t(
                "admin_summary",
                submitted=tot.submitted,
                total=tot.departments,
                returned=tot.returned,
                missing=tot.not_started,
                in_progress=tot.in_progress,
                score=tot.city.format(),
                high=tot.high_gaps,
                unknown=tot.unknown,
            )
        )
        self.refresh_departments()
        self.heat.show(heat_map(self.compiled, sort_rows(self.rows, "department")))
        self.refresh_weakest()

    def refresh_departments(self) -> None:
        tree = self.departments
        chosen = tree.selection()
        tree.delete(*tree.get_children())
        for row in sort_rows(self.rows, self.sort_column, self.sort_descending):
            tags = (
                ("returned",)
                if row.state is AssessmentState.RETURNED
                else (() if row.has_data else ("missing",))
            )
            tags = ("overdue",) if row.code in self.overdue else tags
            tree.insert("", "end", iid=row.code, values=self.cells(row), tags=tags)
        for col in COLUMNS:
            mark = (" ▼" if self.sort_descending else " ▲") if col == self.sort_column else ""
            tree.heading(col, text=t(f"dcol_{col}") + mark)
        target = chosen[0] if chosen and tree.exists(chosen[0]) else next(iter(tree.get_children()), None)
        if target:
            tree.selection_set(target)
            tree.focus(target)
            tree.see(target)

    @staticmethod
    def cells(row: DashboardRow) -> tuple[str, ...]:
        def figure(value) -> str:
            return str(value) if row.has_data else "—"

        if row.delta is not None:
            trend = f"{labels.label(row.trend)} ({row.delta:+.1f})"
        else:
            trend = labels.label(row.trend) if row.has_data else "—"
        status, when = labels.label(row.state), row.submitted_at
        if row.progress is not None:
            status = t("status_progress", answered=row.progress.answered, total=row.progress.total)
            when = row.progress.sent_at
        return (
            row.name,
            status,
            (t("progress_sent") if row.progress else "") + when.strftime("%Y-%m-%d %H:%M") if when else "—",
            str(row.revision) if row.revision else "—",
            row.score.format() if row.has_data else "—",
            figure(row.high_gaps),
            figure(row.unknown),
            trend,
        )

    def sort_by(self, column: str) -> None:
        if column == self.sort_column:
            self.sort_descending = not self.sort_descending
        else:
            self.sort_column, self.sort_descending = column, column in ("high_gaps", "unknown")
        self.refresh_departments()

    def selected_code(self) -> str | None:
        if self.tabs.index("current") == 1:
            cell = self.heat.cursor_cell()
            return cell[0] if cell else None
        sel = self.departments.selection()
        return sel[0] if sel else None

    def refresh_weakest(self) -> None:
        tree = self.weakest
        tree.delete(*tree.get_children())
        assert self.compiled is not None
        for rank, stat in enumerate(self.compiled.weakest_items(WEAKEST), start=1):
            counts = stat.counts
            gaps = sum(n for s, n in counts.items() if s is not None and s.needs_action)
            unknown = counts.get(AnswerStatus.UNKNOWN, 0)
            tree.insert(
                "",
                "end",
                iid=stat.item.id,
                values=(
                    rank,
                    f"{stat.item.id}  {stat.item.question}",
                    labels.label(stat.item.severity),
                    stat.score.format(),
                    gaps,
                    unknown,
                    labels.label(stat.trend),
                ),
            )
        self.weakest_detail.configure(text="")

    def _weakest_chosen(self) -> None:
        sel = self.weakest.selection()
        if not sel or self.compiled is None:
            return
        stat = self.compiled.item_stats[sel[0]]
        names = [
            f"{g.department.name}（{labels.status(g.status)}{'・' + g.action if g.action else ''}"
            f"{'・期限 ' + g.due.isoformat() if g.due else ''}）"
            for g in stat.gaps
        ]
        self.weakest_detail.configure(
            text=t("weakest_departments", item=stat.item.id, departments="、".join(names) or "—")
        )
