"""A modal window asking for a few lines of text (the 差し戻し message).

Ctrl+Enter confirms, Escape cancels; plain Enter makes a new line (and
completes Japanese input-method conversion, which must never send the form).
"""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from .modal import ModalDialog
from .unlock_view import t


class TextDialog(ModalDialog):
    def __init__(self, parent, title: str, prompt: str) -> None:
        super().__init__(title=title, transient=parent, minsize=(520, 300))
        self.result: str | None = None
        body = ttk.Frame(self, padding=16)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=prompt, wraplength=560, justify="left").pack(anchor="w", pady=(0, 8))
        self.text = tk.Text(body, height=8, width=60, wrap="word", font="TkTextFont", undo=True)
        self.text.pack(fill="both", expand=True)
        self.problem = ttk.Label(body, text="", bootstyle="danger")
        self.problem.pack(anchor="w", pady=4)
        buttons = ttk.Frame(body)
        buttons.pack(fill="x", pady=(8, 0))
        row = ttk.Frame(buttons)  # right-aligned; created in reading order (Tab: やめる, then OK)
        row.pack(side="right")
        ttk.Button(row, text=t("cancel"), bootstyle="secondary-outline", command=self.cancel).pack(
            side="left"
        )
        self.ok_button = ttk.Button(row, text=t("ok_send"), bootstyle="primary", command=self.ok)
        self.ok_button.pack(side="left", padx=4)
        self.text.bind("<Control-Return>", lambda _e: (self.ok(), "break")[1])
        self.bind("<Escape>", lambda _e: self.cancel())
        self.protocol("WM_DELETE_WINDOW", self.cancel)
        self.text.focus_set()

    def ok(self) -> None:
        value = self.text.get("1.0", "end").strip()
        if not value:
            self.problem.configure(text=t("text_required"))
            self.text.focus_set()
            return
        self.result = value
        self.destroy()
