"""A modal window to choose one of a few options (which department to continue as after a split).

Up/Down choose, Enter confirms, Escape cancels.
"""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from .modal import ModalDialog
from .unlock_view import t


class ChoiceDialog(ModalDialog):
    def __init__(self, parent, title: str, prompt: str, choices: list[str]) -> None:
        super().__init__(title=title, transient=parent, minsize=(520, 280))
        self.result: int | None = None
        body = ttk.Frame(self, padding=16)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=prompt, wraplength=560, justify="left").pack(anchor="w", pady=(0, 8))
        self.list = tk.Listbox(
            body,
            height=min(8, max(3, len(choices))),
            exportselection=False,
            font="TkDefaultFont",
            activestyle="dotbox",
        )
        for choice in choices:
            self.list.insert("end", choice)
        self.list.selection_set(0)
        self.list.activate(0)
        self.list.pack(fill="both", expand=True)
        buttons = ttk.Frame(body)
        buttons.pack(fill="x", pady=(8, 0))
        row = ttk.Frame(buttons)  # right-aligned; created in reading order (Tab: やめる, then OK)
        row.pack(side="right")
        ttk.Button(row, text=t("cancel"), bootstyle="secondary-outline", command=self.cancel).pack(
            side="left"
        )
        ttk.Button(row, text=t("ok"), bootstyle="primary", command=self.ok).pack(side="left", padx=4)
        self.list.bind("<Return>", lambda _e: (self.ok(), "break")[1])
        self.list.bind("<Double-Button-1>", lambda _e: self.ok())
        self.bind("<Escape>", lambda _e: self.cancel())
        self.protocol("WM_DELETE_WINDOW", self.cancel)
        self.list.focus_set()

    def ok(self) -> None:
        chosen = self.list.curselection()
        self.result = int(chosen[0]) if chosen else None
        self.destroy()
