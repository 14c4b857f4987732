"""所属一覧の編集: a window that draws the list (code, name, 所属長, tags, last year's codes) and
small forms for one operation each. They only draw and raise events; the controller
(gui/department_list_actions.py) holds the list, applies the operations and saves.

Keyboard: ↑↓ (Shift for several) in the list, Insert 追加, F2 名称変更, Delete 廃止, Enter 所属長・区分,
Ctrl+S 保存, Escape キャンセル; Tab reaches every button. Forms: Enter OK, Escape キャンセル.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable, Sequence

import ttkbootstrap as ttk

from .. import i18n
from ..domain.checklist import Department, Organization

COLUMNS = ("code", "name", "division", "head", "tags", "formerly")
WIDTHS = (120, 180, 120, 90, 420, 110)  # the tags take the room: a department may have five
BUTTONS = ("add", "rename", "merge", "split", "retire", "edit")


class DepartmentListWindow(tk.Toplevel):
    """Raises ``on_action(name)`` for each button (add, rename, merge, split, retire, edit, save, cancel)."""

    def __init__(self, parent, intro: str, on_action: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.title(i18n.t("department_list.title"))
        self.geometry("1200x640")
        self.on_action = on_action
        body = ttk.Frame(self, padding=12)
        body.pack(fill="both", expand=True)
        self.intro = ttk.Label(body, text=intro, wraplength=1150, justify="left")
        self.intro.pack(anchor="w", fill="x", pady=(0, 6))
        self.intro.bind("<Configure>", lambda e: self.intro.configure(wraplength=max(e.width - 8, 300)))
        ttk.Label(body, text=i18n.t("department_list.keys_hint"), bootstyle="secondary").pack(anchor="w")
        holder = ttk.Frame(body)
        holder.pack(fill="both", expand=True, pady=(6, 0))
        self.tree = ttk.Treeview(holder, columns=COLUMNS, show="headings", height=14, selectmode="extended")
        scroll = ttk.Scrollbar(holder, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")  # first: the list takes what is left, never the scrollbar's room
        self.tree.pack(side="left", fill="both", expand=True)
        for col, width in zip(COLUMNS, WIDTHS, strict=True):
            self.tree.heading(col, text=i18n.t(f"department_list.col_{col}"))
            # Every column gives way when the window is narrower (1366×768 less a taskbar).
            self.tree.column(col, width=width, minwidth=60, stretch=True)
        # The selected department in full: a long name or five tags do not fit their columns.
        self.detail = ttk.Label(body, text="", justify="left", wraplength=1150)
        self.detail.pack(anchor="w", fill="x", pady=(6, 0))
        self.detail.bind("<Configure>", lambda e: self.detail.configure(wraplength=max(e.width - 8, 300)))
        self.tree.bind("<<TreeviewSelect>>", lambda _e: self._show_detail())
        self._org: Organization | None = None
        self.message = tk.Text(body, height=6, wrap="word", relief="flat")
        row = ttk.Frame(body)
        row.pack(fill="x", pady=(10, 0))
        self.buttons: dict[str, ttk.Button] = {}
        for name in BUTTONS:
            self.buttons[name] = ttk.Button(
                row,
                text=i18n.t(f"department_list.{name}"),
                bootstyle="secondary-outline",
                command=lambda n=name: self.on_action(n),
            )
            self.buttons[name].pack(side="left", padx=(0, 6))
        self.cancel_button = ttk.Button(
            row,
            text=i18n.t("department_list.cancel"),
            bootstyle="secondary-outline",
            command=lambda: self.on_action("cancel"),
        )
        self.cancel_button.pack(side="right")
        self.save_button = ttk.Button(
            row,
            text=i18n.t("department_list.save"),
            bootstyle="success",
            command=lambda: self.on_action("save"),
        )
        self.save_button.pack(side="right", padx=8)
        self.protocol("WM_DELETE_WINDOW", lambda: self.on_action("cancel"))
        for key, action in (
            ("<Insert>", "add"),
            ("<F2>", "rename"),
            ("<Delete>", "retire"),
            ("<Control-s>", "save"),
            ("<Escape>", "cancel"),
        ):
            self.bind(key, lambda _e, a=action: self.on_action(a))
        self.tree.bind("<Return>", lambda _e: self.on_action("edit"))
        self.tree.focus_set()

    def show(self, org: Organization, changed: bool, select: Sequence[str] = ()) -> None:
        """Draw the list; ``select`` the given codes (else keep the selection where it can be kept)."""
        self._org = org
        keep = list(select) or [c for c in self.tree.selection() if org.has(c)]
        self.tree.delete(*self.tree.get_children())
        for d in org.departments:
            self.tree.insert("", "end", iid=d.code, values=_row(d))
        keep = [c for c in keep if self.tree.exists(c)]
        if not keep and org.departments:
            keep = [org.departments[0].code]
        if keep:
            self.tree.selection_set(keep)
            self.tree.focus(keep[0])
            self.tree.see(keep[0])
        key = "department_list.title_changed" if changed else "department_list.title"
        self.title(i18n.t(key))
        self._show_detail()

    def _show_detail(self) -> None:
        chosen = self.selected()
        if self._org is None or not chosen or not self._org.has(chosen[0]):
            self.detail.configure(text="")
            return
        code, name, division, head, tags, formerly = _row(self._org.department(chosen[0]))
        self.detail.configure(
            text=i18n.t(
                "department_list.detail",
                code=code,
                name=name,
                division=division,
                head=head,
                tags=tags,
                formerly=formerly,
            )
        )

    def selected(self) -> list[str]:
        return [c for c in self.tree.get_children() if c in set(self.tree.selection())]

    def show_problems(self, text: str) -> None:
        """The loader's problems under the list (empty text: hide them)."""
        self.message.configure(state="normal")
        self.message.delete("1.0", "end")
        if not text:
            self.message.pack_forget()
            return
        self.message.insert("1.0", text)
        self.message.configure(state="disabled")
        self.message.pack(fill="x", after=self.tree.master, pady=(6, 0))


def _row(d: Department) -> tuple[str, ...]:
    return (
        d.code,
        d.name,
        d.division or "—",
        d.head or "—",
        "、".join(d.tags) or "—",
        "、".join(d.formerly) or "—",
    )


class DepartmentForm(tk.Toplevel):
    """One department's fields (those in ``fields``); raises ``on_ok(values)``, shows the answer in place."""

    LABELS = {
        "code": "department_list.form_code",
        "name": "department_list.form_name",
        "division": "department_list.form_division",
        "tags": "department_list.form_tags",
        "head": "department_list.form_head",
    }

    def __init__(
        self,
        parent,
        title: str,
        fields: Sequence[str],
        values: dict[str, str],
        on_ok: Callable[[dict[str, str]], None],
    ) -> None:
        super().__init__(parent)
        self.title(title)
        self.transient(parent)
        self.on_ok = on_ok
        body = ttk.Frame(self, padding=16)
        body.pack(fill="both", expand=True)
        self.entries: dict[str, ttk.Entry] = {}
        for name in fields:
            ttk.Label(body, text=i18n.t(self.LABELS[name])).pack(anchor="w")
            entry = ttk.Entry(body, width=56)
            entry.insert(0, values.get(name, ""))
            entry.pack(fill="x", pady=(0, 8))
            self.entries[name] = entry
        self.message = ttk.Label(body, text="", bootstyle="danger", wraplength=480, justify="left")
        self.message.pack(anchor="w", pady=4)
        self.ok, self.cancel = _ok_cancel(self, body, self._ok)
        first = next(iter(self.entries.values()))
        first.focus_set()
        first.select_range(0, "end")
        self.bind("<Return>", lambda _e: self._ok())

    def values(self) -> dict[str, str]:
        return {name: entry.get() for name, entry in self.entries.items()}

    def _ok(self) -> None:
        self.on_ok(self.values())


class SplitForm(tk.Toplevel):
    """The parts of a split, one ``code name`` per line; raises ``on_ok(text)``."""

    def __init__(self, parent, title: str, text: str, on_ok: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.title(title)
        self.transient(parent)
        self.on_ok = on_ok
        body = ttk.Frame(self, padding=16)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=i18n.t("department_list.form_parts"), wraplength=480, justify="left").pack(
            anchor="w"
        )
        self.parts = tk.Text(body, height=6, width=56, wrap="none")
        self.parts.insert("1.0", text)
        self.parts.pack(fill="both", expand=True, pady=(0, 8))
        self.message = ttk.Label(body, text="", bootstyle="danger", wraplength=480, justify="left")
        self.message.pack(anchor="w", pady=4)
        self.ok, self.cancel = _ok_cancel(self, body, self._ok)
        self.parts.focus_set()
        # Enter makes a new line here; Ctrl+Enter is OK, Tab leaves the text for the buttons.
        self.parts.bind("<Control-Return>", lambda _e: (self._ok(), "break")[1])
        self.parts.bind("<Tab>", lambda _e: (self.ok.focus_set(), "break")[1])

    def text(self) -> str:
        return self.parts.get("1.0", "end-1c")

    def _ok(self) -> None:
        self.on_ok(self.text())


def _ok_cancel(window: tk.Toplevel, body, on_ok: Callable[[], None]) -> tuple[ttk.Button, ttk.Button]:
    row = ttk.Frame(body)
    row.pack(fill="x")
    cancel = ttk.Button(
        row, text=i18n.t("department_list.form_cancel"), bootstyle="secondary-outline", command=window.destroy
    )
    cancel.pack(side="right")
    ok = ttk.Button(row, text=i18n.t("department_list.form_ok"), bootstyle="primary", command=on_ok)
    ok.pack(side="right", padx=8)
    window.bind("<Escape>", lambda _e: window.destroy())
    return ok, cancel
