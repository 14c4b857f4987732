"""A new passphrase typed twice, with the services' rule and a strength gauge under it: the
department's and the IT division's first-run screens draw the same rows and refuse alike."""

from __future__ import annotations

import ttkbootstrap as ttk

from .. import i18n
from ..errors import AppError
from ..services import setup
from .unlock_view import t


class NewPassphrase:
    """The rows ``row`` (passphrase), ``row + 1`` (again) and ``row + 2`` (rule and gauge) of a
    grid ``parent`` whose labels are in column 0 and fields in column 1."""

    def __init__(self, parent, row: int, label: str) -> None:
        ttk.Label(parent, text=label).grid(row=row, column=0, sticky="w")
        self.first = ttk.Entry(parent, width=32, show="•")
        self.first.grid(row=row, column=1, sticky="w", padx=8, pady=4)
        ttk.Label(parent, text=t("wizard_repeat")).grid(row=row + 1, column=0, sticky="w")
        self.second = ttk.Entry(parent, width=32, show="•")
        self.second.grid(row=row + 1, column=1, sticky="w", padx=8, pady=4)
        self.strength = ttk.Label(parent, text=setup.passphrase_rule())
        self.strength.grid(row=row + 2, column=1, sticky="w", padx=8)
        self.first.bind("<KeyRelease>", lambda _e: self.update_gauge())

    def update_gauge(self) -> None:
        """The rule and the strength of what is typed (on every key released in the first field)."""
        level, key = setup.passphrase_strength(self.first.get())
        text = i18n.t(key, min=setup.MIN_PASSPHRASE_LENGTH)
        self.strength.configure(text=text + "  " + "●" * level + "○" * (4 - level))

    def problem(self) -> str:
        """What is wrong with the passphrase typed ("" when it may be used): the two differ, or
        the services' rule refuses it, in the services' words."""
        if self.first.get() != self.second.get():
            return t("wizard_mismatch")
        try:
            setup.check_new_passphrase(self.first.get())
        except AppError as exc:
            return exc.message
        return ""

    def get(self) -> str:
        return self.first.get()
