"""First run: open the bundle, choose the department, enter its 登録コード, set a passphrase twice;
or, on a new PC, restore a backup made on the old one (「バックアップから復元…」: ``on_restore``);
or, for the IT division, make its own database (``on_admin``: admin_wizard_view.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ttkbootstrap as ttk

from ..errors import AppError
from ..services import setup
from ..services.department import DepartmentWorkspace
from . import dialogs
from .passphrase_fields import NewPassphrase
from .unlock_view import t


class WizardView(ttk.Frame):
    """Calls ``on_created(workspace, name)`` with the new database open, ``on_restore()``
    when the user would rather restore a backup."""

    def __init__(
        self,
        parent,
        db_path: Path,
        on_created: Callable[[DepartmentWorkspace, str], None],
        on_restore: Callable[[], object] | None = None,
        on_admin: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent, padding=(32, 16))
        self.db_path = db_path
        self.on_created = on_created
        self.bundle = None
        ttk.Label(self, text=t("wizard_title"), font="TkHeadingFont").grid(
            row=0, column=0, columnspan=3, sticky="w"
        )
        self.intro = ttk.Label(self, text=t("wizard_intro"), wraplength=720, justify="left")
        self.intro.grid(row=1, column=0, columnspan=3, sticky="w", pady=(6, 14))
        ttk.Label(self, text=t("wizard_step1")).grid(row=2, column=0, sticky="w")
        self.bundle_path = ttk.Entry(self, width=48)
        self.bundle_path.grid(row=2, column=1, sticky="we", padx=8)
        ttk.Button(self, text=t("wizard_choose"), command=self.choose_bundle).grid(
            row=2, column=2, sticky="w"
        )
        self.bundle_info = ttk.Label(self, text="", wraplength=720, justify="left")
        self.bundle_info.grid(row=3, column=0, columnspan=3, sticky="w", pady=(2, 4))
        ttk.Label(self, text=t("wizard_step2")).grid(row=4, column=0, sticky="w")
        self.department = ttk.Combobox(self, state="readonly", width=40)
        self.department.grid(row=4, column=1, sticky="w", padx=8, pady=4)
        ttk.Label(self, text=t("wizard_code")).grid(row=5, column=0, sticky="w")
        self.code = ttk.Entry(self, width=32)
        self.code.grid(row=5, column=1, sticky="w", padx=8, pady=4)
        self.code_hint = ttk.Label(
            self, text=t("wizard_code_hint"), wraplength=720, justify="left", bootstyle="secondary"
        )
        self.code_hint.grid(row=6, column=0, columnspan=3, sticky="w")
        ttk.Label(self, text=t("unlock_name")).grid(row=7, column=0, sticky="w")
        self.name = ttk.Entry(self, width=32)
        self.name.grid(row=7, column=1, sticky="w", padx=8, pady=4)
        self.passphrase = NewPassphrase(self, 8, t("wizard_step3"))
        self.pass1, self.pass2 = self.passphrase.first, self.passphrase.second
        self.strength = self.passphrase.strength
        self.create_button = ttk.Button(
            self, text=t("wizard_create"), bootstyle="primary", command=self.create
        )
        self.create_button.grid(row=11, column=1, sticky="w", padx=8, pady=10)
        self.message = ttk.Label(self, text="", wraplength=720, justify="left", bootstyle="danger")
        self.message.grid(row=12, column=0, columnspan=3, sticky="w")
        if on_restore is not None or on_admin is not None:
            # The other ways to start, in one row: at the largest text size on a 1366×768 screen
            # the whole form, these buttons included, still fits without scrolling.
            ttk.Separator(self).grid(row=13, column=0, columnspan=3, sticky="we", pady=(12, 6))
            self.others_hint = ttk.Label(self, text=t("wizard_others"), justify="left", bootstyle="secondary")
            self.others_hint.grid(row=14, column=0, columnspan=3, sticky="w")
            row = ttk.Frame(self)
            row.grid(row=15, column=0, columnspan=3, sticky="w", pady=(6, 0))
            if on_restore is not None:
                self.restore_button = ttk.Button(
                    row, text=t("wizard_restore"), bootstyle="secondary-outline", command=on_restore
                )
                self.restore_button.pack(side="left", padx=(0, 8))
            if on_admin is not None:
                self.admin_button = ttk.Button(
                    row, text=t("wizard_admin"), bootstyle="secondary-outline", command=on_admin
                )
                self.admin_button.pack(side="left")
        self.bind("<Configure>", self._rewrap)
        self.bundle_path.bind("<FocusOut>", lambda _e: self.load_bundle())
        self.columnconfigure(1, weight=1)

    def _rewrap(self, event) -> None:
        """Long lines wrap at the form's width, not a fixed one: fewer lines at large text sizes."""
        width = max(event.width - 64, 400)
        for label in (self.intro, self.bundle_info, self.code_hint, self.message):
            label.configure(wraplength=width)
        if hasattr(self, "others_hint"):
            self.others_hint.configure(wraplength=width)

    def choose_bundle(self) -> None:
        path = dialogs.ask_open_file(
            self, t("wizard_choose"), [(t("wizard_bundle_files"), "*.natori-bundle"), ("*", "*")]
        )
        if path:
            self.bundle_path.delete(0, "end")
            self.bundle_path.insert(0, path)
            self.load_bundle()

    def load_bundle(self) -> bool:
        text = self.bundle_path.get().strip()
        if not text:
            return False
        try:
            self.bundle = setup.read_bundle(text)
        except AppError as exc:
            self.bundle = None
            self.message.configure(text=exc.message)
            return False
        b = self.bundle
        self.bundle_info.configure(
            text=t(
                "wizard_bundle_info",
                title=b.checklist.title,
                version=b.checklist.version,
                year=_year(b.fiscal_year),
                fingerprint=b.fingerprint,
            )
        )
        self.department.configure(values=[f"{d.name}（{d.code}）" for d in b.organization.departments])
        self.message.configure(text="")
        return True

    def create(self) -> None:
        if self.bundle is None and not self.load_bundle():
            self.message.configure(text=t("wizard_need_bundle"))
            return
        index = self.department.current()
        if index < 0:
            self.message.configure(text=t("wizard_need_department"))
            return
        problem = self.passphrase.problem()  # the services' rule, the services' words
        if problem:
            self.message.configure(text=problem)
            return
        code = self.bundle.organization.departments[index].code
        try:
            # The new database comes back open: the key is derived once, not again to open it.
            ws = setup.create_department_workspace(
                self.db_path,
                self.passphrase.get(),
                self.bundle_path.get().strip(),
                code,
                self.name.get().strip(),
                enrollment_code=self.code.get(),
            )
        except AppError as exc:
            self.message.configure(text=exc.message)
            return
        self.on_created(ws, self.name.get().strip())


def _year(year: int) -> str:
    from ..domain.fiscal_year import FiscalYear

    return FiscalYear(year).label_ja
