"""What the IT division's buttons do: import (files or a folder, with progress),
open a department's answers, 差し戻し, the CISO and department reports, exports.

Database work stays on the Tk thread (SQLCipher connections belong to their
thread); a folder import takes one file per event-loop turn so the window keeps
drawing and the progress bar moves (each step waits for the redraw, see ``_next_turn``). PDF and workbook building runs in a worker
through the app's ``run_job``.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.assessment import AssessmentState
from ..domain.compile import CompiledYear
from ..domain.dashboard import DashboardRow, dashboard_rows
from ..errors import AppError, Refused
from ..i18n import labels
from ..services import follow_up, reports
from ..services.admin import (
    SUBMISSION_SUFFIX,
    AdminWorkspace,
    ImportOutcome,
    ImportResult,
    expand_submission_paths,
)
from . import dialogs
from .admin_keys_actions import KeysActions
from .admin_screen import AdminScreen
from .admin_year_actions import YearActions
from .admin_year_view import t as year_t
from .answers_window import AnswersWindow
from .unlock_view import t

EXPORT_SUFFIX = {"xlsx": ".xlsx", "csv": ".csv", "oscal": ".json"}


class AdminController:
    """Holds the IT division's workspace, the year shown and its compiled figures; the dashboard
    (``screen_class``) only draws them and raises events (a stand-in in tests without Tk)."""

    screen_class: type = AdminScreen

    def __init__(self, app, ws: AdminWorkspace) -> None:
        self.app = app
        self.root = app.root
        self.ws = ws
        self.fy = ws.working_year()
        self.compiled: CompiledYear | None = None  # the year shown, as compiled: the controller's state
        self.rows: list[DashboardRow] = []
        self.importing = False
        self.windows: list[AnswersWindow] = []
        self.year = YearActions(self)
        self.keys = KeysActions(self)
        self.screen = self.screen_class(
            self.root,
            self.fy,
            ws.years(),
            {
                "import_files": self.import_files,
                "import_folder": self.import_folder,
                "open_answers": self.open_answers,
                "send_back": self.send_back,
                "department_report": self.department_report,
                "ciso_report": self.ciso_report,
                "export": self.export,
                "lock": app.lock,
                "year": self.show_year,
                "reload": self.reload,
                "act_on_import": lambda path, reason: self.keys.act_on_import(path, reason),
            },
        )
        self.reload()

    def reload(self) -> None:
        """Compile the year again (after an import or a 差し戻し) and let the screen redraw:
        the year switcher with each year's state, late departments after the deadline, the
        IT division's fingerprint, and the organisation's name in the window's title."""
        if not self.screen.winfo_exists():
            return
        states = follow_up.year_states(self.ws)
        labels_ = {
            s.fiscal_year: year_t(
                "year_state", year=s.fiscal_year.label_ja, submitted=s.submitted, total=s.total
            )
            for s in states
        }
        years = [s.fiscal_year for s in states]
        if self.fy not in years:
            labels_[self.fy] = year_t("year_state_empty", year=self.fy.label_ja)
            years = sorted([*years, self.fy], key=lambda fy: fy.start_year)
        organization = self.ws.organization(self.fy).name
        self.app.set_title(year_t("window_title", organization=organization))
        overdue = follow_up.overdue_codes(self.ws, self.fy)
        info = self._info_line(overdue)
        self.compiled, self.rows = None, []
        if not follow_up.is_bundled(self.ws, self.fy):
            self.screen.show_empty(self.fy, years, organization, year_labels=labels_, info=info)
            return
        try:
            compiled = self.ws.compile(self.fy)
        except Refused as exc:
            self.screen.show_empty(self.fy, years, organization, year_labels=labels_, info=info)
            self.screen.summary.configure(text=exc.message)
            return
        self.compiled = compiled
        self.rows = dashboard_rows(compiled, self.ws.progress(self.fy))
        self.screen.show(
            self.fy,
            years,
            compiled,
            self.rows,
            year_labels=labels_,
            overdue=overdue,
            info=info,
        )

    def _info_line(self, overdue: set[str]) -> str:
        from ..services import year_setup

        parts = [year_t("fingerprint_line", fingerprint=self.ws.keys.fingerprint())]
        due = year_setup.deadline(self.ws, self.fy)
        parts.append(year_t("deadline_line", deadline=due.isoformat()) if due else year_t("deadline_none"))
        if overdue and due:
            parts.append(year_t("deadline_passed", deadline=due.isoformat()))
        return "　｜　".join(parts)

    def choose_text(self) -> str:
        return t("choose_department")

    def show_year(self, fy) -> None:
        self.fy = fy
        self.reload()

    # -- import ---------------------------------------------------------------------------------
    def import_files(self) -> None:
        chosen = dialogs.ask_open_files(
            self.root, t("admin_import_files"), [(t("submission_files"), f"*{SUBMISSION_SUFFIX}"), ("*", "*")]
        )
        if chosen:
            self.start_import([Path(p) for p in chosen])

    def import_folder(self) -> None:
        folder = dialogs.ask_directory(self.root, t("admin_import_folder"))
        if not folder:
            return
        # Every file of the folder and its subfolders gets a line: submissions by content, the rest
        # listed as skipped with the reason (an empty folder gets a line of its own).
        self.start_import(expand_submission_paths([folder]))

    def start_import(self, files: list[Path]) -> None:
        if self.importing:
            return
        self.importing = True
        try:
            self.screen.start_progress(len(files))
            self.root.configure(cursor="watch")
            self._next_turn(lambda: self._import_next(files, 0, []))
        except BaseException:
            self._end_import()
            raise

    def _import_next(self, files: list[Path], index: int, results: list[ImportResult]) -> None:
        if not self.screen.winfo_exists() or self.app.ws is not self.ws:
            self._end_import()  # locked or closed meanwhile: stop quietly, nothing half-done
            return
        try:
            if index < len(files):
                results.append(self._import_one(files[index]))  # all or nothing per file
                self.screen.step_progress(index + 1, len(files), results[-1])
                self._next_turn(lambda: self._import_next(files, index + 1, results))
                return
        except BaseException:
            # Whatever went wrong, the import ends here: the flag is cleared so the next import works.
            self._end_import()
            raise
        self._end_import()
        self.screen.finish_progress(results)

    def _import_one(self, path: Path) -> ImportResult:
        try:
            return self.ws.import_file(path)
        except AppError as exc:  # import_file gives every file an outcome; this is a last guard
            return ImportResult(path, ImportOutcome.REJECTED, exc.message)

    def _end_import(self) -> None:
        self.importing = False
        if self.root.winfo_exists():
            self.root.configure(cursor="")

    def _next_turn(self, step) -> None:
        """After a short pause (keys and clicks get in) and once the window has redrawn."""
        self.root.after(10, lambda: self.root.after_idle(step))

    # -- one department ---------------------------------------------------------------------------
    def _chosen(self, title: str) -> str | None:
        code = self.screen.selected_code()
        if code is None:
            dialogs.show_error(self.root, title, t("choose_department"))
        return code

    def open_answers(self, code: str | None = None, section_id: str | None = None) -> None:
        code = code or self._chosen(t("admin_open_answers"))
        if code is None:
            return
        assessment = self.ws.department_assessment(self.fy, code)
        if assessment is None:
            name = next((r.name for r in self.rows if r.code == code), code)
            dialogs.show_info(
                self.root, t("admin_open_answers"), t("answers_none", department=name, year=self.fy.label_ja)
            )
            return
        self.windows = [w for w in self.windows if w.winfo_exists()]
        checklist = self.compiled.checklist if self.compiled else self.ws.checklist_for(self.fy)
        self.windows.append(AnswersWindow(self.root, checklist, assessment, section_id))

    def send_back(self) -> None:
        title = t("admin_send_back")
        code = self._chosen(title)
        if code is None:
            return
        row = next(r for r in self.rows if r.code == code)
        if row.state is not AssessmentState.SUBMITTED:
            dialogs.show_error(
                self.root,
                title,
                t("send_back_not_submitted", department=row.name, state=labels.label(row.state)),
            )
            return
        message = dialogs.ask_text(
            self.root, title, t("send_back_prompt", department=row.name, revision=row.revision)
        )
        if not message:
            return
        default = f"{self.fy.start_year}_{code}_r{row.revision}.natori-return"
        target = dialogs.ask_save_file(self.root, title, default, [(t("return_files"), "*.natori-return")])
        if not target:  # Cancel cancels: nothing is sent back, nothing written
            return
        try:
            out = self.ws.send_back(self.fy, code, message, target)
        except AppError as exc:
            dialogs.show_error(self.root, title, exc.message)
            return
        self.reload()
        dialogs.show_info(self.root, title, t("send_back_done", department=row.name, path=str(out)))

    # -- reports and exports ------------------------------------------------------------------------
    def ciso_report(self) -> None:
        title = t("admin_ciso_report")
        default = reports.default_report_path("ciso", self.fy)
        target = dialogs.ask_save_file(self.root, title, default.name, [("PDF", "*.pdf")])
        if not target:
            return
        self._job(title, lambda: reports.ciso_report_job(self.ws, self.fy, target))

    def department_report(self) -> None:
        title = t("admin_department_report")
        code = self._chosen(title)
        if code is None:
            return
        default = reports.default_report_path("department", self.fy, code)
        target = dialogs.ask_save_file(self.root, title, default.name, [("PDF", "*.pdf")])
        if not target:
            return
        self._job(title, lambda: reports.admin_department_report_job(self.ws, self.fy, code, target))

    def export(self, fmt: str) -> None:
        title = t(f"export_{fmt}")
        default = reports.default_report_path("ciso", self.fy).with_name(
            f"{self.fy.start_year}-results{EXPORT_SUFFIX[fmt]}"
        )
        target = dialogs.ask_save_file(
            self.root, title, default.name, [(fmt.upper(), f"*{EXPORT_SUFFIX[fmt]}")]
        )
        if not target:
            return
        self._job(title, lambda: reports.export_job(self.ws, self.fy, fmt, target))

    def _job(self, title: str, make_job) -> None:
        try:
            job = make_job()  # reads the database here, on the Tk thread
        except AppError as exc:
            dialogs.show_error(self.root, title, exc.message)
            return
        self.app.run_job(job, title, self.screen.status)

    def close_windows(self) -> None:
        self.keys.close()
        self.year.close()
        for w in self.windows:
            if w.winfo_exists():
                w.destroy()
        self.windows = []
