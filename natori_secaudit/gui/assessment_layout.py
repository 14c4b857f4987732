"""The assessment screen's layout: the title and year switcher, progress, buttons in reading
order, filters and search, the section and item lists, the scrolling item panel.

Only widgets are made here; what they do is in gui/assessment_view.py (``AssessmentScreen``
mixes this in)."""

from __future__ import annotations

import tkinter.font as tkfont

import ttkbootstrap as ttk

from . import looks
from .item_panel import ItemPanel
from .unlock_view import t

FILTERS = ("all", "unanswered", "follow_up", "high")


class AssessmentLayout:
    def _build(self) -> None:
        top = ttk.Frame(self, padding=(12, 8))
        top.pack(fill="x")
        self.title = ttk.Label(
            top,
            text=t("screen_title", year=self.fy.label_ja, department=self.department_name),
            font="TkHeadingFont",
        )
        self.title.pack(side="left")
        ttk.Label(top, text=t("year_label")).pack(side="left", padx=(24, 4))
        labels = [label for _fy, label in self.years]
        wide = max(tkfont.nametofont("TkDefaultFont").measure(x) for x in labels)
        self.year_box = ttk.Combobox(
            top,
            state="readonly",
            values=labels,
            width=wide // max(1, tkfont.nametofont("TkDefaultFont").measure("0")) + 4,
        )
        self.year_box.current([fy for fy, _l in self.years].index(self.fy))
        self.year_box.pack(side="left")
        self.year_box.bind("<<ComboboxSelected>>", lambda _e: self._year_chosen())
        self.saved = ttk.Label(top, text="", bootstyle="success")
        self.saved.pack(side="right")
        self.banner = ttk.Label(self, text="", padding=(12, 6), wraplength=1200, justify="left")
        self.banner.pack(fill="x")
        bar = ttk.Frame(self, padding=(12, 4))
        bar.pack(fill="x")
        self.progress = ttk.Progressbar(bar, length=260, maximum=100)
        self.progress.pack(side="left")
        self.progress_label = ttk.Label(bar, text="")
        self.progress_label.pack(side="left", padx=10)
        self.score_label = ttk.Label(bar, text="", font="TkHeadingFont")
        self.score_label.pack(side="left", padx=10)
        self.buttons = {}
        actions = ttk.Frame(bar)  # right-aligned, created in reading order so Tab goes left to right
        actions.pack(side="right")
        for key in ("lock", "import", "report", "submit"):
            self.buttons[key] = ttk.Button(
                actions,
                text=t(f"button_{key}"),
                command=self.actions[key],
                bootstyle="primary" if key == "submit" else "secondary-outline",
            )
            self.buttons[key].pack(side="left", padx=3)
            if key in ("submit", "import") and self.snapshot.past:
                self.buttons[key].configure(state="disabled")
        filters = ttk.Frame(self, padding=(12, 2))
        filters.pack(fill="x")
        for name in FILTERS:
            ttk.Radiobutton(
                filters,
                text=t(f"filter_{name}"),
                value=name,
                variable=self.filter,
                command=self.refresh_lists,
                bootstyle="primary-outline-toolbutton",
            ).pack(side="left", padx=2)
        ttk.Label(filters, text=t("search")).pack(side="left", padx=(16, 4))
        self.search_entry = ttk.Entry(filters, textvariable=self.search, width=28)
        self.search_entry.pack(side="left")
        self.search.trace_add("write", lambda *_: self.refresh_lists())
        body = ttk.Panedwindow(self, orient="horizontal")
        body.pack(fill="both", expand=True, padx=8, pady=8)
        # At the large text sizes the section list stands above the item list, so that the questions keep
        # the width to stay readable on a 1366×768 screen.
        lists = ttk.Panedwindow(body, orient="vertical") if self.stacked else body
        self.sections = ttk.Treeview(
            lists,
            columns=("progress",),
            show="tree headings",
            selectmode="browse",
            height=4 if self.stacked else 12,
        )
        self.sections.heading("#0", text=t("col_section"))
        self.sections.heading("progress", text=t("col_progress"))
        self.sections.column("#0", width=120, minwidth=80, stretch=True)
        self.sections.column("progress", anchor="e", stretch=False)
        self.items = looks.item_list(lists, width=160, minwidth=100)
        self.fit_columns()
        for tree in (self.sections, self.items):
            looks.first_column_takes_the_rest(tree)
        # The panel scrolls when the text is large: nothing of an item is ever cut off at 1366×768.
        self.panel_holder = ttk.ScrolledFrame(body, height=200, width=640)
        self.panel = ItemPanel(self.panel_holder, self.save, self.clear_answer)
        self.panel.pack(fill="both", expand=True)
        self.panel.bind_all_focus(self._show_focused)
        if self.stacked:
            lists.add(self.sections, weight=1)
            lists.add(self.items, weight=3)
            body.add(lists, weight=3)
        else:
            body.add(self.sections, weight=1)
            body.add(self.items, weight=2)
        body.add(self.panel_holder.container, weight=3)
        self.sections.bind("<<TreeviewSelect>>", self._section_chosen)
        self.items.bind("<<TreeviewSelect>>", lambda _e: self._item_chosen())
