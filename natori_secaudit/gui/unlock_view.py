"""The unlock screen: which database, who is inspecting, the passphrase (no echo)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ttkbootstrap as ttk

from .. import i18n
from ..errors import AppError, DamagedFile


def t(key: str, **kw) -> str:
    return i18n.t(f"gui.{key}", **kw)


class UnlockView(ttk.Frame):
    """Calls ``on_open(path, passphrase, name)``; shows its AppError in place, calmly."""

    def __init__(
        self,
        parent,
        db_path: Path,
        on_open: Callable[[Path, str, str], None],
        name: str = "",
        message: str = "",
        on_restore: Callable[[str], None] | None = None,
        other: Path | None = None,
        on_other: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__(parent, padding=40)
        self.db_path = db_path
        self.on_open = on_open
        self.on_restore = on_restore
        self._secret_for_restore = ""
        ttk.Label(self, text=t("app_title"), font="TkHeadingFont").pack(anchor="w")
        ttk.Label(self, text=t("unlock_intro"), wraplength=640, justify="left").pack(anchor="w", pady=(8, 16))
        ttk.Label(self, text=t("unlock_database", path=str(db_path)), wraplength=640).pack(
            anchor="w", pady=(0, 12)
        )
        form = ttk.Frame(self)
        form.pack(anchor="w", fill="x")
        ttk.Label(form, text=t("unlock_name")).grid(row=0, column=0, sticky="w", pady=4)
        self.name = ttk.Entry(form, width=32)
        self.name.insert(0, name)
        self.name.grid(row=0, column=1, sticky="w", padx=8)
        ttk.Label(form, text=t("unlock_passphrase")).grid(row=1, column=0, sticky="w", pady=4)
        self.passphrase = ttk.Entry(form, width=32, show="•")
        self.passphrase.grid(row=1, column=1, sticky="w", padx=8)
        self.open_button = ttk.Button(self, text=t("unlock_open"), bootstyle="primary", command=self.submit)
        self.open_button.pack(anchor="w", pady=16)
        self.message = ttk.Label(self, text=message, wraplength=640, justify="left", bootstyle="danger")
        self.message.pack(anchor="w")
        self.restore_button = ttk.Button(
            self, text=t("restore_button"), bootstyle="warning", command=self._restore
        )
        if other is not None and on_other is not None:
            # One PC may hold both roles' databases (AIシステム推進課 answers its own checklist too).
            self.other_button = ttk.Button(
                self,
                text=t("unlock_other", path=str(other)),
                bootstyle="secondary-outline",
                command=lambda: on_other(other),
            )
            self.other_button.pack(anchor="w", pady=(4, 0))
        self.passphrase.bind("<Return>", lambda _e: self.submit())  # a password field has no IME conversion
        self.after_idle(self.focus_first)

    def focus_first(self) -> None:
        (self.passphrase if self.name.get() else self.name).focus_set()

    def submit(self) -> None:
        secret = self.passphrase.get()
        if not secret:
            self.show_problem(t("unlock_empty"))
            return
        self.message.configure(text=t("unlock_opening"), bootstyle="secondary")
        self.configure(cursor="watch")
        self.update_idletasks()
        try:
            self.on_open(self.db_path, secret, self.name.get().strip())
        except AppError as exc:
            self.passphrase.delete(0, "end")
            damaged = isinstance(exc, DamagedFile)
            if damaged and self.on_restore is not None:
                self._secret_for_restore = secret  # in memory only, for the restore the user may ask for
                self.restore_button.pack(anchor="w", pady=8)
            self.show_problem(exc.message + ("\n" + t("restore_hint") if damaged else ""))
        finally:
            if self.winfo_exists():
                self.configure(cursor="")

    def _restore(self) -> None:
        if self.on_restore is not None:
            secret, self._secret_for_restore = self._secret_for_restore, ""
            self.on_restore(secret)

    def show_problem(self, text: str) -> None:
        self.message.configure(text=text, bootstyle="danger")
        self.passphrase.focus_set()
