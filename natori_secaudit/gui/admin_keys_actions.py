"""Keys and people: the 鍵と所属 window's actions, receipts, and acting on a rejected file
from the import results (a department not enrolled, or with another key, gets a code)."""

from __future__ import annotations

from pathlib import Path

from ..errors import AppError
from ..services import follow_up, history
from . import dialogs
from .admin_keys_view import KeysWindow, ReceiptsWindow
from .admin_year_view import t


class KeysActions:
    def __init__(self, admin) -> None:
        self.admin = admin
        self.window: KeysWindow | None = None
        self.receipt_windows: list[ReceiptsWindow] = []

    @property
    def ws(self):
        return self.admin.ws

    def open_keys(self) -> KeysWindow:
        if self.window is not None and self.window.winfo_exists():
            self.window.show(follow_up.key_rows(self.ws))
            self.window.lift()
            return self.window
        self.window = KeysWindow(
            self.admin.root,
            self.ws.keys.fingerprint(),
            follow_up.key_rows(self.ws),
            {"issue": self.issue, "history": self.history, "receipts": self.receipts},
        )
        return self.window

    def _name(self, code: str) -> str:
        org = self.ws.organization()
        return org.department(code).name if org.has(code) else code

    def issue(self, code: str) -> None:
        parent = self.window if self.window is not None and self.window.winfo_exists() else self.admin.root
        row = next((r for r in follow_up.key_rows(self.ws) if r.code == code), None)
        text = t("issue_confirm", department=self._name(code))
        if row is not None and row.key is not None:
            text += t("issue_replaces", fingerprint=row.key.fingerprint)
        if not dialogs.ask_yes_no(parent, t("issue_code"), text):
            return
        if (
            self.admin.year.issue([code], parent=parent)
            and self.window is not None
            and self.window.winfo_exists()
        ):
            self.window.show(follow_up.key_rows(self.ws))

    def history(self, code: str) -> None:
        parent = self.window or self.admin.root
        target = dialogs.ask_save_file(
            parent, t("write_history"), f"{code}.natori-history", [(t("history_files"), "*.natori-history")]
        )
        if not target:
            return
        try:
            out, years = history.write_history(self.ws, code, target)
        except AppError as exc:
            dialogs.show_error(parent, t("write_history"), exc.message)
            return
        dialogs.show_info(
            parent,
            t("write_history"),
            t("history_done", department=self._name(code), years=years, path=str(out)),
        )

    def receipts(self, code: str | None = None) -> ReceiptsWindow | None:
        code = code or self.admin.screen.selected_code()
        if code is None:
            dialogs.show_error(self.admin.root, t("receipts"), self.admin.choose_text())
            return None
        fy = self.admin.fy
        window = ReceiptsWindow(
            self.admin.root, self._name(code), fy.label_ja, follow_up.receipts(self.ws, fy, code)
        )
        self.receipt_windows = [w for w in self.receipt_windows if w.winfo_exists()] + [window]
        return window

    def act_on_import(self, path: Path | None, reason: str) -> None:
        """A rejected file chosen in the import results: when its key is the problem, offer a code."""
        title = t("imports_act")
        if path is None:
            dialogs.show_error(self.admin.root, title, t("choose_rejected"))
            return
        try:
            found = follow_up.key_refusal(self.ws, path)
        except AppError as exc:
            dialogs.show_error(self.admin.root, title, exc.message)
            return
        if found is None:
            dialogs.show_info(self.admin.root, title, t("rejected_not_key", reason=reason))
            return
        code, why = found
        if dialogs.ask_yes_no(
            self.admin.root, title, t("offer_enrol", department=self._name(code), code=code, reason=why)
        ):
            self.admin.year.issue([code])

    def close(self) -> None:
        for w in [self.window, *self.receipt_windows]:
            if w is not None and w.winfo_exists():
                w.destroy()
