"""What the IT division's year menu does: 年度の準備 (bundle, 登録コード sheet), the deadline,
the 督促一覧, and issuing codes. Holds the workspace through the dashboard's controller;
windows (gui/admin_year_view.py) only draw and raise events."""

from __future__ import annotations

from pathlib import Path

from .. import i18n
from ..domain.fiscal_year import FiscalYear
from ..errors import AppError
from ..services import department_list, follow_up, paths, reports, year_setup
from . import dialogs
from .admin_year_view import YearSetupWindow, t
from .department_list_actions import DepartmentListActions


class YearActions:
    def __init__(self, admin) -> None:
        self.admin = admin  # the AdminController: workspace, root, dashboard
        self.window: YearSetupWindow | None = None
        self.departments_path: Path | None = None
        self.organization = None
        self.editor: DepartmentListActions | None = None

    @property
    def ws(self):
        return self.admin.ws

    @property
    def root(self):
        return self.admin.root

    # -- 年度の準備 ---------------------------------------------------------------------------------
    def open_setup(self) -> YearSetupWindow:
        if self.window is not None and self.window.winfo_exists():
            self.window.lift()
            return self.window
        years, nxt = department_list.years_to_offer(self.ws)
        choices = year_setup.checklist_choices()
        self.window = YearSetupWindow(
            self.root,
            years,
            nxt,
            choices,
            self.make,
            self.other_departments,
            self.edit_departments,
            on_other_checklist=self.other_checklist,
        )
        if not choices:
            self.window.show_no_checklists(", ".join(str(d) for d in paths.checklist_dirs()))
        self.load_departments(self.departments_path or year_setup.find_departments())
        return self.window

    def close(self) -> None:
        if self.editor is not None:
            self.editor.close()
            self.editor = None
        if self.window is not None and self.window.winfo_exists():
            self.window.destroy()

    # -- 所属一覧を編集 ------------------------------------------------------------------------------
    def edit_departments(self) -> DepartmentListActions | None:
        """The editor on the list 年度の準備 uses (the one chosen there, else the one found)."""
        if self.editor is not None and self.editor.window.winfo_exists():
            self.editor.window.lift()
            return self.editor
        setup_open = self.window is not None and self.window.winfo_exists()
        parent = self.window if setup_open else self.root
        path = self.departments_path or department_list.default_path()
        if path is None:
            dialogs.show_error(parent, i18n.t("department_list.title"), i18n.t("department_list.no_file"))
            return None
        try:
            org = department_list.open_list(path)
        except AppError as exc:
            dialogs.show_error(parent, i18n.t("department_list.title"), _with_problems(exc))
            return None
        fy = self.window.chosen_year() if setup_open else department_list.year_to_prepare(self.ws)
        previous = department_list.last_year(self.ws, fy)
        self.editor = DepartmentListActions(parent, Path(path), org, fy, previous, self._departments_saved)
        return self.editor

    def _departments_saved(self, path: Path) -> None:
        """年度の準備 goes on with the saved list (now, and when opened again)."""
        self.departments_path = path
        if self.window is not None and self.window.winfo_exists():
            self.load_departments(path)

    def load_departments(self, path: Path | None) -> None:
        self.departments_path, self.organization = path, None
        if path is not None:
            try:
                self.organization = year_setup.load_departments(path)
            except AppError as exc:
                self.departments_path = None
                dialogs.show_error(self.window, t("setup_title"), _with_problems(exc))
        assert self.window is not None
        self.window.show_departments(str(path or ""), self.organization)

    def other_checklist(self) -> None:
        """A checklist file from elsewhere (a USB stick, another folder): validated and offered."""
        chosen = dialogs.ask_open_file(
            self.window,
            t("setup_checklist_files"),
            [(t("setup_checklist_files"), "*.yaml *.yml"), ("*", "*")],
        )
        if not chosen:
            return
        try:
            choice = year_setup.checklist_choice(chosen)
        except AppError as exc:
            dialogs.show_error(self.window, t("setup_title"), exc.message)
            return
        assert self.window is not None
        self.window.add_choice(choice)

    def other_departments(self) -> None:
        chosen = dialogs.ask_open_file(
            self.window,
            t("setup_departments_files"),
            [(t("setup_departments_files"), "*.yaml *.yml"), ("*", "*")],
        )
        if chosen:
            self.load_departments(Path(chosen))

    def make(self, fy: FiscalYear, choice, deadline_text: str) -> None:
        title = t("setup_title")
        parent = self.window
        if choice is None or choice.checklist is None:
            dialogs.show_error(parent, title, t("setup_need_checklist"))
            return
        if self.departments_path is None:
            dialogs.show_error(parent, title, t("setup_need_departments"))
            return
        try:
            deadline = year_setup.parse_deadline(deadline_text, fy)
            plan = year_setup.plan_year(self.ws, fy.start_year, choice.path, self.departments_path, deadline)
        except AppError as exc:
            dialogs.show_error(parent, title, _with_problems(exc))
            return
        target = dialogs.ask_save_file(
            parent, title, f"{fy.start_year}.natori-bundle", [(t("bundle_files"), "*.natori-bundle")]
        )
        if not target:  # Cancel cancels: nothing stored, nothing written
            return
        try:
            made = year_setup.make_year_bundle(self.ws, plan, target)
        except AppError as exc:
            dialogs.show_error(parent, title, exc.message)
            return
        text = t("bundle_made", year=fy.label_ja, path=str(made.path), fingerprint=self.ws.keys.fingerprint())
        if made.warnings:
            text += t("bundle_notes", notes="\n".join(w.format() for w in made.warnings))
        dialogs.show_info(parent, title, text)
        self.admin.show_year(fy)
        self.offer_codes(fy, parent)

    def offer_codes(self, fy: FiscalYear, parent=None) -> None:
        """Codes for every department not enrolled (and without an open code), and their sheet."""
        title = t("setup_title")
        codes = year_setup.not_enrolled(self.ws)
        if not codes:
            dialogs.show_info(parent or self.root, title, t("codes_none"))
            return
        if dialogs.ask_yes_no(parent or self.root, title, t("codes_offer", count=len(codes))):
            self.issue(codes, fy, parent)

    def issue(self, codes: list[str], fy: FiscalYear | None = None, parent=None) -> bool:
        """Ask where the sheet goes, then issue the codes and write it (Cancel: no code issued)."""
        title = t("setup_title")
        fy = fy or self.admin.fy
        name = (
            f"{fy.start_year}-enrolment-codes.pdf"
            if len(codes) > 1
            else f"{fy.start_year}-{codes[0]}-code.pdf"
        )
        target = dialogs.ask_save_file(parent or self.root, title, name, [("PDF", "*.pdf")])
        if not target:
            return False
        try:
            issued = year_setup.issue_codes(self.ws, codes)
            out = year_setup.write_sheet(self.ws, issued, target, fy)
        except AppError as exc:
            dialogs.show_error(parent or self.root, title, exc.message)
            return False
        dialogs.show_info(parent or self.root, title, t("sheet_done", count=len(issued), path=str(out)))
        return True

    # -- deadline and reminders ----------------------------------------------------------------------
    def change_deadline(self) -> None:
        title, fy = t("menu_deadline"), self.admin.fy
        current = year_setup.deadline(self.ws, fy)
        text = dialogs.ask_text(
            self.root,
            title,
            t("deadline_prompt", year=fy.label_ja) + (f"\n（{current.isoformat()}）" if current else ""),
        )
        if text is None:
            return
        try:
            day = year_setup.parse_deadline(text, fy)
            year_setup.set_deadline(self.ws, fy, day)
        except AppError as exc:
            dialogs.show_error(self.root, title, exc.message)
            return
        self.admin.reload()
        dialogs.show_info(
            self.root, title, t("deadline_done", year=fy.label_ja, deadline=day.isoformat() if day else "—")
        )

    def reminders(self) -> None:
        title, fy = t("menu_reminders"), self.admin.fy
        default = reports.default_report_path("ciso", fy).with_name(f"{fy.start_year}-reminders.pdf")
        target = dialogs.ask_save_file(self.root, title, default.name, [("PDF", "*.pdf")])
        if not target:
            return
        try:
            out, count = follow_up.write_reminders(self.ws, fy, target)
        except AppError as exc:
            dialogs.show_error(self.root, title, exc.message)
            return
        dialogs.show_info(self.root, title, t("reminder_done", count=count, path=str(out)))


def _with_problems(exc: AppError) -> str:
    """The message and, for a file with problems, every located problem (file:line:col)."""
    problems = getattr(exc, "problems", None) or []
    return "\n".join([exc.message, *(p.format() for p in problems[:30])])
