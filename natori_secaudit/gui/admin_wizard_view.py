"""First run for the IT division (AIシステム推進課): make its database — the key pair every
bundle is signed with — from the app, without the command line (``init --role admin``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ttkbootstrap as ttk

from ..errors import AppError
from ..services import setup
from ..services.admin import AdminWorkspace
from .passphrase_fields import NewPassphrase
from .unlock_view import t


class AdminWizardView(ttk.Frame):
    """Calls ``on_created(workspace, name)`` with the new database open, ``on_back()`` to return
    to the department's first-run screen; nothing is written until 作成 succeeds."""

    def __init__(
        self,
        parent,
        db_path: Path,
        on_created: Callable[[AdminWorkspace, str], None],
        on_back: Callable[[], object],
    ) -> None:
        super().__init__(parent, padding=32)
        self.db_path = db_path
        self.on_created = on_created
        ttk.Label(self, text=t("admin_wizard_title"), font="TkHeadingFont").grid(
            row=0, column=0, columnspan=2, sticky="w"
        )
        self.intro = ttk.Label(
            self, text=t("admin_wizard_intro", path=str(db_path)), wraplength=720, justify="left"
        )
        self.intro.grid(row=1, column=0, columnspan=2, sticky="w", pady=(6, 14))
        ttk.Label(self, text=t("unlock_name")).grid(row=2, column=0, sticky="w")
        self.name = ttk.Entry(self, width=32)
        self.name.grid(row=2, column=1, sticky="w", padx=8, pady=4)
        self.passphrase = NewPassphrase(self, 3, t("unlock_passphrase"))
        self.pass1, self.pass2 = self.passphrase.first, self.passphrase.second
        buttons = ttk.Frame(self)
        buttons.grid(row=6, column=1, sticky="w", padx=8, pady=16)
        self.create_button = ttk.Button(
            buttons, text=t("admin_wizard_create"), bootstyle="primary", command=self.create
        )
        self.create_button.pack(side="left")
        self.back_button = ttk.Button(
            buttons, text=t("admin_wizard_back"), bootstyle="secondary-outline", command=on_back
        )
        self.back_button.pack(side="left", padx=8)
        self.message = ttk.Label(self, text="", wraplength=720, justify="left", bootstyle="danger")
        self.message.grid(row=7, column=0, columnspan=2, sticky="w")
        self.pass2.bind("<Return>", lambda _e: self.create())
        self.bind("<Escape>", lambda _e: on_back())
        self.after_idle(self.name.focus_set)

    def create(self) -> None:
        problem = self.passphrase.problem()
        if problem:
            self.message.configure(text=problem)
            return
        try:
            ws = setup.create_admin_workspace(self.db_path, self.passphrase.get(), self.name.get().strip())
        except AppError as exc:
            self.message.configure(text=exc.message)
            return
        self.on_created(ws, self.name.get().strip())
