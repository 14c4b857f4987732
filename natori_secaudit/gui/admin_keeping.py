"""Safe keeping from the menu, for both roles: a backup to a chosen folder, the passphrase change
(a small window with hidden entries, the services' rule shown), and restoring a backup onto this PC
(the database is closed first; the unlock screen follows), also from the first-run screen of a
new PC, where no database exists yet."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from pathlib import Path

import ttkbootstrap as ttk

from .. import i18n
from ..errors import AppError
from ..services import keeping, setup
from . import dialogs
from .admin_year_view import t


class PassphraseWindow(tk.Toplevel):
    """Raises ``on_change(old, new, repeat)``; shows the controller's answer in place."""

    def __init__(
        self,
        parent,
        on_change: Callable[[str, str, str], None],
        *,
        ask_old: bool = True,
        title: str | None = None,
        prompt: str = "",
    ) -> None:
        super().__init__(parent)
        self.title(title or t("passphrase_title"))
        self.on_change = on_change
        body = ttk.Frame(self, padding=16)
        body.pack(fill="both", expand=True)
        if prompt:
            ttk.Label(body, text=prompt, wraplength=460, justify="left").pack(anchor="w", pady=(0, 8))
        self.entries: dict[str, ttk.Entry] = {}
        names = ("old", "new", "repeat") if ask_old else ("new",)
        for name in names:
            ttk.Label(body, text=t(f"passphrase_{name}")).pack(anchor="w")
            entry = ttk.Entry(body, show="●", width=40)
            entry.pack(fill="x", pady=(0, 8))
            self.entries[name] = entry
        if ask_old:
            ttk.Label(body, text=setup.passphrase_rule(), bootstyle="secondary", wraplength=460).pack(
                anchor="w"
            )
        self.message = ttk.Label(body, text="", bootstyle="danger", wraplength=460, justify="left")
        self.message.pack(anchor="w", pady=4)
        row = ttk.Frame(body)
        row.pack(fill="x")
        ttk.Button(row, text=t("setup_cancel"), bootstyle="secondary-outline", command=self.destroy).pack(
            side="right"
        )
        self.ok = ttk.Button(
            row,
            text=t("passphrase_change") if ask_old else i18n.t("gui.ok"),
            bootstyle="primary",
            command=self._ok,
        )
        self.ok.pack(side="right", padx=8)
        next(iter(self.entries.values())).focus_set()
        self.bind("<Return>", lambda _e: self._ok())

    def value(self, name: str) -> str:
        return self.entries[name].get() if name in self.entries else ""

    def _ok(self) -> None:
        self.on_change(self.value("old"), self.value("new"), self.value("repeat"))


class KeepingActions:
    def __init__(self, app) -> None:
        self.app = app
        self.window: PassphraseWindow | None = None

    def backup(self) -> None:
        title = t("menu_backup")
        folder = dialogs.ask_directory(self.app.root, t("backup_folder"))
        if not folder or self.app.ws is None:
            return
        try:
            out, same_disk = keeping.backup_to(self.app.ws, folder)
        except AppError as exc:
            dialogs.show_error(self.app.root, title, exc.message)
            return
        text = i18n.t("safekeeping.backup_out_done", path=str(out))
        if same_disk:
            text += "\n\n" + i18n.t("safekeeping.backup_same_disk")
        dialogs.show_info(self.app.root, title, text)

    def change_passphrase(self) -> PassphraseWindow:
        if self.window is not None and self.window.winfo_exists():
            self.window.destroy()
        self.window = PassphraseWindow(self.app.root, self._change)
        return self.window

    def _change(self, old: str, new: str, repeat: str) -> None:
        assert self.window is not None
        if self.app.ws is None:
            self.window.destroy()
            return
        try:
            keeping.change_passphrase(self.app.ws, old, new, repeat)
        except AppError as exc:
            self.window.message.configure(text=exc.message)
            return
        self.window.destroy()
        dialogs.show_info(
            self.app.root,
            t("passphrase_title"),
            t("passphrase_done") + "\n\n" + i18n.t("safekeeping.passwd_old_backups"),
        )

    def restore(self, passphrase: str | None = None) -> PassphraseWindow | None:
        """The one restore of the app — the File menu, the first-run screen of a new PC, and the
        unlock screen of a damaged database (which passes the passphrase just typed): choose a
        backup (the dialog opens on this database's backups), confirm when a file is replaced,
        type the backup's passphrase; the database is closed, replaced and unlocked anew.
        Cancel at any step changes nothing."""
        title = t("menu_restore")
        backups = keeping.list_backups(self.app.db_path) if self.app.db_path.exists() else []
        chosen = dialogs.ask_open_file(
            self.app.root,
            t("restore_pick"),
            [(i18n.t("gui.restore_files"), "*.db"), ("*", "*")],
            initial_dir=str(backups[0].path.parent) if backups else "",
        )
        if not chosen:
            return None
        # On a new PC (no database yet) nothing is replaced, so there is nothing to confirm.
        if self.app.db_path.exists() and not dialogs.ask_yes_no(
            self.app.root, title, t("restore_confirm", path=chosen)
        ):
            return None
        if passphrase is not None:
            self._restore(Path(chosen), passphrase)
            return None
        self.window = PassphraseWindow(
            self.app.root,
            lambda _o, new, _r: self._restore(Path(chosen), new),
            ask_old=False,
            title=title,
            prompt=t("restore_prompt", path=chosen),
        )
        return self.window

    def _restore(self, backup: Path, passphrase: str) -> None:
        db_path = self.app.db_path
        self.app.lock()  # closes the database (and the dashboard's windows)
        try:
            restored, aside = keeping.restore_closed(backup, db_path, passphrase)
        except AppError as exc:
            dialogs.show_error(self.app.root, t("menu_restore"), exc.message)
            return
        finally:
            if self.window is not None and self.window.winfo_exists():
                self.window.destroy()
        self.app.show_unlock()
        done = (
            t("restore_done", restored=restored, aside=str(aside))
            if aside is not None
            else t("restore_done_new", restored=restored)
        )
        dialogs.show_info(self.app.root, t("menu_restore"), done)
