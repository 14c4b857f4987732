"""年度の準備 (start a year): a window that draws the checklists to choose from (a broken file
shows its located problems), the department list for review and the deadline field.
It raises events only: ``on_other_departments()``, ``on_other_checklist()`` and
``on_make(year, choice, deadline_text)``;
the controller (gui/admin_year_actions.py) validates, asks where to save and writes."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable, Sequence

import ttkbootstrap as ttk

from .. import i18n
from ..domain.checklist import Organization
from ..domain.fiscal_year import FiscalYear
from ..services.year_setup import ChecklistChoice


def t(key: str, **kw) -> str:
    return i18n.t(f"admin_year.{key}", **kw)


DEPARTMENT_COLUMNS = ("code", "name", "head", "tags", "formerly")


class YearSetupWindow(tk.Toplevel):
    def __init__(
        self,
        parent,
        years: Sequence[FiscalYear],
        year: FiscalYear,
        choices: Sequence[ChecklistChoice],
        on_make: Callable[[FiscalYear, ChecklistChoice | None, str], None],
        on_other_departments: Callable[[], None],
        on_edit_departments: Callable[[], None] | None = None,
        deadline: str = "",
        on_other_checklist: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.title(t("setup_title"))
        self.geometry("1100x680")
        self.years = list(years)
        self.choices = list(choices)
        self.on_make = on_make
        body = ttk.Frame(self, padding=12)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=t("setup_intro"), wraplength=1040, justify="left").pack(anchor="w", pady=(0, 8))
        row = ttk.Frame(body)
        row.pack(fill="x")
        ttk.Label(row, text=t("setup_year")).pack(side="left")
        self.year = ttk.Combobox(row, state="readonly", width=14, values=[y.label_ja for y in self.years])
        self.year.set(year.label_ja)
        self.year.pack(side="left", padx=(6, 24))
        ttk.Label(row, text=t("setup_checklist")).pack(side="left")
        self.checklist = ttk.Combobox(
            row, state="readonly", width=60, values=[self._label(c) for c in self.choices]
        )
        self.checklist.pack(side="left", padx=6, fill="x", expand=True)
        self.other_checklist = ttk.Button(
            row,
            text=t("setup_checklist_other"),
            bootstyle="secondary-outline",
            command=on_other_checklist or (lambda: None),
        )
        self.other_checklist.pack(side="left")
        self.checklist.bind("<<ComboboxSelected>>", lambda _e: self._checklist_chosen())
        self.checklist_info = ttk.Label(body, text="", wraplength=1040, justify="left")
        self.checklist_info.pack(anchor="w", pady=(6, 0))
        self.problems = tk.Text(body, height=5, wrap="word", relief="flat")
        head = ttk.Frame(body)
        head.pack(fill="x", pady=(10, 2))
        self.departments_label = ttk.Label(head, text="", font="TkHeadingFont")
        self.departments_label.pack(side="left")
        self.other = ttk.Button(
            head,
            text=t("setup_departments_other"),
            bootstyle="secondary-outline",
            command=on_other_departments,
        )
        self.other.pack(side="right")
        self.edit_departments = ttk.Button(
            head,
            text=i18n.t("department_list.menu_edit"),
            bootstyle="secondary-outline",
            command=on_edit_departments or (lambda: None),
        )
        self.edit_departments.pack(side="right", padx=8)
        holder = ttk.Frame(body)
        holder.pack(fill="both", expand=True)
        self.departments = ttk.Treeview(holder, columns=DEPARTMENT_COLUMNS, show="headings", height=10)
        scroll = ttk.Scrollbar(holder, orient="vertical", command=self.departments.yview)
        self.departments.configure(yscrollcommand=scroll.set)
        self.departments.pack(side="left", fill="both", expand=True)
        scroll.pack(side="left", fill="y")
        for col, width in zip(DEPARTMENT_COLUMNS, (130, 230, 110, 440, 110), strict=True):
            self.departments.heading(col, text=t(f"col_{col}"))
            self.departments.column(col, width=width, stretch=col == "name")
        row = ttk.Frame(body)
        row.pack(fill="x", pady=(10, 0))
        ttk.Label(row, text=t("setup_deadline")).pack(side="left")
        self.deadline = ttk.Entry(row, width=14)
        self.deadline.insert(0, deadline)
        self.deadline.pack(side="left", padx=6)
        self.close_button = ttk.Button(
            row, text=t("setup_cancel"), bootstyle="secondary-outline", command=self.destroy
        )
        self.close_button.pack(side="right")
        self.make_button = ttk.Button(row, text=t("setup_make"), bootstyle="success", command=self._make)
        self.make_button.pack(side="right", padx=8)
        first = next((n for n, c in enumerate(self.choices) if c.valid), None)
        if first is not None:
            self.checklist.current(first)
        self._checklist_chosen()

    @staticmethod
    def _label(choice: ChecklistChoice) -> str:
        if choice.checklist is None:
            return t("setup_checklist_invalid_label", name=choice.path.name)
        return f"{choice.checklist.title}（{choice.checklist.version}）— {choice.path.name}"

    def add_choice(self, choice: ChecklistChoice) -> None:
        """A checklist file chosen from elsewhere: listed (once) and selected, its problems shown."""
        known = [c.path for c in self.choices]
        if choice.path in known:
            self.choices[known.index(choice.path)] = choice
        else:
            self.choices.append(choice)
        self.checklist.configure(values=[self._label(c) for c in self.choices])
        self.checklist.current(self.choices.index(choice))
        self._checklist_chosen()

    def chosen(self) -> ChecklistChoice | None:
        n = self.checklist.current()
        return self.choices[n] if 0 <= n < len(self.choices) else None

    def _checklist_chosen(self) -> None:
        choice = self.chosen()
        self.problems.pack_forget()
        if choice is None:
            self.checklist_info.configure(text="", bootstyle="default")
        elif choice.checklist is not None:
            c = choice.checklist
            self.checklist_info.configure(
                text=t(
                    "setup_checklist_ok",
                    title=c.title,
                    version=c.version,
                    items=len(c.items),
                    path=str(choice.path),
                ),
                bootstyle="default",
            )
        else:
            self.checklist_info.configure(
                text=t("setup_checklist_bad", count=len(choice.problems)), bootstyle="danger"
            )
            self.problems.configure(state="normal")
            self.problems.delete("1.0", "end")
            self.problems.insert("1.0", "\n".join(p.format() for p in choice.problems))
            self.problems.configure(state="disabled")
            self.problems.pack(fill="x", after=self.checklist_info, pady=(2, 0))

    def show_no_checklists(self, dirs: str) -> None:
        self.checklist_info.configure(text=t("setup_checklist_none", dirs=dirs), bootstyle="danger")

    def show_departments(self, path: str, org: Organization | None) -> None:
        tree = self.departments
        tree.delete(*tree.get_children())
        if org is None:
            self.departments_label.configure(text=t("setup_departments_missing"), bootstyle="danger")
            return
        self.departments_label.configure(
            text=t("setup_departments", count=len(org.departments), path=path), bootstyle="default"
        )
        for d in org.departments:
            tree.insert(
                "",
                "end",
                iid=d.code,
                values=(
                    d.code,
                    d.name,
                    d.head or "—",
                    "、".join(d.tags) or "—",
                    "、".join(d.formerly) or "—",
                ),
            )

    def chosen_year(self) -> FiscalYear:
        label = self.year.get()
        return next((y for y in self.years if y.label_ja == label), self.years[-1])

    def _make(self) -> None:
        self.on_make(self.chosen_year(), self.chosen(), self.deadline.get())
