"""What the department's buttons and menu do: submit, progress report, import a table,
read a 差し戻し notice, the department report (built in a worker through ``App.run_job``)."""

from __future__ import annotations

from ..domain.fiscal_year import FiscalYear
from ..errors import AppError
from ..services import reports, submission
from ..services.department import DepartmentWorkspace
from . import dialogs
from .assessment_view import AssessmentScreen
from .unlock_view import t


class DepartmentController:
    def __init__(self, app, ws: DepartmentWorkspace) -> None:
        self.app = app
        self.root = app.root
        self.ws = ws
        fy = ws.current_year()
        if ws.can_carry_over(fy) and dialogs.ask_yes_no(
            self.root, t("carry_title"), t("carry_question", year=fy.previous().label_ja)
        ):
            ws.carry_over(fy)
        self.screen = AssessmentScreen(
            self.root,
            ws,
            fy,
            {"submit": self.submit, "report": self.report, "import": self.import_answers, "lock": app.lock},
        )

    def active(self) -> bool:
        """False once the app was locked (this controller's database is closed)."""
        return self.app.ws is self.ws and self.screen.winfo_exists()

    def _fy(self) -> FiscalYear:
        return self.screen.fy

    def submit(self) -> None:
        if not self.active():
            return
        self.screen.panel.flush()
        missing = self.screen.missing()
        if missing:
            lines = "\n".join(f"・{item.id} {item.question[:40]}" for item, _r in missing[:15])
            more = t("more", n=len(missing) - 15) if len(missing) > 15 else ""
            dialogs.show_error(
                self.root, t("submit_title"), t("submit_refused", count=len(missing), items=lines + more)
            )
            self.screen.filter.set("follow_up")
            self.screen.refresh_lists()
            self.screen.select_item(missing[0][0].id)
            return
        if not dialogs.ask_yes_no(self.root, t("submit_title"), t("submit_confirm")):
            return
        target = dialogs.ask_save_file(
            self.root, t("submit_title"), "", [(t("submission_files"), "*.natori-submission")]
        )
        try:
            out = submission.submit(self.ws, self._fy(), target or None)
        except AppError as exc:
            dialogs.show_error(self.root, t("submit_title"), exc.message)
            return
        self.screen.reload()
        dialogs.show_info(self.root, t("submit_title"), t("submit_done", path=str(out)))

    def send_progress(self) -> None:
        """A progress report for the IT division (回答中, how many answered); nothing is locked."""
        if not self.active():
            return
        self.screen.panel.flush()
        target = dialogs.ask_save_file(
            self.root, t("menu_progress"), "", [(t("submission_files"), "*.natori-submission")]
        )
        try:
            out = submission.send_progress(self.ws, self._fy(), target or None)
        except AppError as exc:
            dialogs.show_error(self.root, t("menu_progress"), exc.message)
            return
        dialogs.show_info(self.root, t("menu_progress"), t("progress_done", path=str(out)))

    def import_answers(self) -> None:
        if not self.active():
            return
        path = dialogs.ask_open_file(
            self.root, t("menu_import"), [(t("table_files"), "*.csv *.xlsx"), ("*", "*")]
        )
        if not path:
            return
        try:
            n = self.ws.import_answers(self._fy(), path)
        except AppError as exc:
            problems = "\n".join(str(p) for p in getattr(exc, "problems", [])[:30])
            dialogs.show_error(
                self.root, t("menu_import"), exc.message + ("\n\n" + problems if problems else "")
            )
            return
        self.screen.reload()
        dialogs.show_info(self.root, t("menu_import"), t("import_done", count=n))

    def apply_return(self) -> None:
        if not self.active():
            return
        path = dialogs.ask_open_file(
            self.root, t("menu_return"), [(t("return_files"), "*.natori-return"), ("*", "*")]
        )
        if not path:
            return
        try:
            notice = submission.apply_return_notice(self.ws, path)
        except AppError as exc:
            dialogs.show_error(self.root, t("menu_return"), exc.message)
            return
        self.screen.reload()
        dialogs.show_info(self.root, t("menu_return"), t("return_applied", message=notice.message))

    def report(self) -> None:
        if not self.active():
            return
        try:
            job = reports.department_report_job(self.ws, self._fy())
        except AppError as exc:
            dialogs.show_error(self.root, t("menu_report"), exc.message)
            return
        self.app.run_job(job, t("menu_report"), self.screen.saved)
