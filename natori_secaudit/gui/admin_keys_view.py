"""Keys and people (鍵と所属): each department enrolled or not, its key fingerprint, since when,
open codes; and one department's receipts (files received). Windows draw domain data handed
to them and raise events (issue a code, write the history file, show receipts)."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable, Sequence

import ttkbootstrap as ttk

from ..services.follow_up import KeyRow, Receipt
from .admin_year_view import t

KEY_COLUMNS = ("department", "enrolled", "fingerprint", "since", "open")
RECEIPT_COLUMNS = ("revision", "received", "outcome", "file")


def _tree(parent, columns, widths, prefix: str, height: int = 14) -> ttk.Treeview:
    holder = ttk.Frame(parent)
    holder.pack(fill="both", expand=True)
    tree = ttk.Treeview(holder, columns=columns, show="headings", selectmode="browse", height=height)
    scroll = ttk.Scrollbar(holder, orient="vertical", command=tree.yview)
    tree.configure(yscrollcommand=scroll.set)
    tree.pack(side="left", fill="both", expand=True)
    scroll.pack(side="left", fill="y")
    for col, width in zip(columns, widths, strict=True):
        tree.heading(col, text=t(f"{prefix}_{col}"))
        tree.column(col, width=width, stretch=col in ("department", "file"))
    return tree


class KeysWindow(tk.Toplevel):
    """``actions``: issue(code), history(code), receipts(code)."""

    def __init__(
        self, parent, fingerprint: str, rows: Sequence[KeyRow], actions: dict[str, Callable[[str], None]]
    ) -> None:
        super().__init__(parent)
        self.title(t("keys_title"))
        self.geometry("1100x600")
        self.actions = actions
        body = ttk.Frame(self, padding=12)
        body.pack(fill="both", expand=True)
        self.fingerprint = ttk.Label(
            body, text=t("fingerprint_line", fingerprint=fingerprint), font="TkHeadingFont"
        )
        self.fingerprint.pack(anchor="w")
        ttk.Label(body, text=t("keys_intro"), wraplength=1040, justify="left").pack(anchor="w", pady=(4, 8))
        self.tree = _tree(body, KEY_COLUMNS, (260, 200, 260, 160, 110), "kcol")
        self.tree.tag_configure("missing", foreground="#b00020")
        bar = ttk.Frame(body)
        bar.pack(fill="x", pady=(8, 0))
        self.buttons = {}
        for key, style in (
            ("issue_code", "primary"),
            ("write_history", "secondary-outline"),
            ("receipts", "secondary-outline"),
        ):
            action = {"issue_code": "issue", "write_history": "history", "receipts": "receipts"}[key]
            self.buttons[action] = ttk.Button(
                bar, text=t(key), bootstyle=style, command=lambda a=action: self._act(a)
            )
            self.buttons[action].pack(side="left", padx=(0, 8))
        ttk.Button(bar, text=t("setup_cancel"), bootstyle="secondary-outline", command=self.destroy).pack(
            side="right"
        )
        self.show(rows)

    def show(self, rows: Sequence[KeyRow]) -> None:
        tree = self.tree
        chosen = tree.selection()
        tree.delete(*tree.get_children())
        for r in rows:
            if r.key is None:
                enrolled = t("enrolled_no")
            else:
                enrolled = t("how_lineage") if r.key.how == "lineage" else t("enrolled_yes")
            tree.insert(
                "",
                "end",
                iid=r.code,
                tags=() if r.key else ("missing",),
                values=(
                    f"{r.name}（{r.code}）",
                    enrolled,
                    r.key.fingerprint if r.key else "—",
                    r.key.trusted_at[:10] if r.key else "—",
                    r.open_codes or "—",
                ),
            )
        target = chosen[0] if chosen and tree.exists(chosen[0]) else next(iter(tree.get_children()), None)
        if target:
            tree.selection_set(target)
            tree.focus(target)

    def selected(self) -> str | None:
        sel = self.tree.selection()
        return sel[0] if sel else None

    def _act(self, action: str) -> None:
        code = self.selected()
        if code is not None:
            self.actions[action](code)


class ReceiptsWindow(tk.Toplevel):
    def __init__(self, parent, department: str, year: str, receipts: Sequence[Receipt]) -> None:
        super().__init__(parent)
        self.title(t("receipts_title", department=department))
        self.geometry("820x380")
        body = ttk.Frame(self, padding=12)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=t("receipts_title", department=department), font="TkHeadingFont").pack(
            anchor="w"
        )
        ttk.Label(body, text=t("receipts_intro", year=year), wraplength=760, justify="left").pack(
            anchor="w", pady=(4, 8)
        )
        self.tree = _tree(body, RECEIPT_COLUMNS, (60, 180, 240, 260), "rcol", height=8)
        for n, r in enumerate(receipts):
            self.tree.insert(
                "",
                "end",
                iid=str(n),
                values=(
                    r.revision,
                    r.received_at.strftime("%Y-%m-%d %H:%M"),
                    t(f"receipt_{r.status}"),
                    r.file_sha256[:16],
                ),
            )
        self.empty = ttk.Label(body, text="" if receipts else t("receipts_none"), bootstyle="secondary")
        self.empty.pack(anchor="w")
        ttk.Button(body, text=t("setup_cancel"), bootstyle="secondary-outline", command=self.destroy).pack(
            anchor="e", pady=(8, 0)
        )
