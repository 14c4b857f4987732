"""What the department's buttons and menu do: submit, progress report, import a table,
read a 差し戻し notice, the department report (built in a worker through ``App.run_job``),
switch years, load a new year's bundle, compare with last year."""

from __future__ import annotations

from pathlib import Path

from .. import i18n
from ..domain.fiscal_year import FiscalYear
from ..errors import AppError
from ..i18n import labels
from ..services import reports, submission, years
from ..services.department import DepartmentWorkspace, missing_of
from . import dialogs
from .assessment_view import AssessmentScreen
from .unlock_view import t

STACK_FROM_STEP = 2  # from this text size on, the section list stands above the item list


class DepartmentController:
    """Holds the department's workspace and the year shown; the screen only draws and raises events.

    ``screen_class`` is what draws (tests/integration/test_controllers.py gives a recording stand-in,
    so the controller is tested without Tk)."""

    screen_class: type = AssessmentScreen

    def __init__(self, app, ws: DepartmentWorkspace, fy: FiscalYear | None = None) -> None:
        self.app = app
        self.root = app.root
        self.ws = ws
        self.fy = fy or ws.current_year()  # the year shown: the controller's state, not the screen's
        self._offer_carry_over(self.fy)
        self.screen = self._screen(self.fy)

    def _screen(self, fy: FiscalYear) -> AssessmentScreen:
        self.fy = fy
        return self.screen_class(
            self.root,
            self.ws.assessment(fy),
            self.ws.department_for(fy).name,
            {
                "submit": self.submit,
                "report": self.report,
                "import": self.import_answers,
                "lock": self.app.lock,
                "year": self.show_year,
                "save": lambda answer: self.ws.save_answer(fy, answer),
                "clear": lambda item_id: self.ws.clear_answer(fy, item_id),
            },
            years=self.year_choices(),
            stacked=self.app.font_step >= STACK_FROM_STEP,
        )

    def reload(self) -> None:
        """Read the shown year again (after submit, a table import, a return notice)."""
        self.screen.load(self.ws.assessment(self.fy))

    def rebuild(self) -> None:
        """Draw the screen again (a text size that changes the layout), on the same year and item."""
        if not self.active():
            return
        kept = self.screen.take_typed_text()  # as typed, a date not valid yet included
        self.screen = self._screen(self.fy)
        self.app.show(self.screen)
        if kept is not None:
            self.screen.put_back_typed_text(kept)

    def text_size_changed(self, before: int, after: int) -> None:
        """A new text size: the screen is drawn again when the lists change places (stacked)."""
        if not self.active():
            return
        if (before >= STACK_FROM_STEP) != (after >= STACK_FROM_STEP):
            self.rebuild()
        self.screen.text_size_changed(after)

    def year_choices(self) -> list[tuple[FiscalYear, str]]:
        """Every year the database holds, newest first, with its state (for the year switcher)."""
        out = []
        newest = self.ws.current_year()
        for fy in sorted(self.ws.years(), reverse=True):
            state = t("year_current") if fy == newest else labels.label(self.ws.assessment(fy).state)
            out.append((fy, t("year_state", year=fy.label_ja, state=state)))
        return out

    def _offer_carry_over(self, fy: FiscalYear) -> None:
        if not self.ws.can_carry_over(fy):
            return
        plan = self.ws.carry_over_plan(fy)
        assert plan is not None
        if dialogs.ask_yes_no(self.root, t("carry_title"), t("carry_question", year=plan.source.label_ja)):
            done = self.ws.carry_over(fy)
            dialogs.show_info(
                self.root,
                t("carry_title"),
                t("carry_done", count=len(done.answers))
                + (t("carry_new", count=len(done.new_items)) if done.new_items else ""),
            )

    def show_year(self, fy: FiscalYear) -> None:
        """Open another year the database holds (past years read-only)."""
        if not self.active() or fy == self.fy:
            return
        self.screen.flush()
        self.screen = self._screen(fy)
        self.app.show(self.screen)
        self.screen.focus_list()

    def open_bundle(self, path: str | Path | None = None) -> None:
        """ファイル → 新しい年度の配布パッケージを開く…: verify, confirm, load, open the new year."""
        if not self.active():
            return
        title = t("bundle_title")
        if path is None:
            path = dialogs.ask_open_file(
                self.root, title, [(t("bundle_files"), "*.natori-bundle"), ("*", "*")]
            )
            if not path:
                return
        self.screen.flush()
        try:
            info = years.inspect_bundle(self.ws, path)
        except AppError as exc:
            dialogs.show_error(self.root, title, exc.message)
            return
        if info.held:
            dialogs.show_info(self.root, title, t("bundle_already", year=info.fiscal_year.label_ja))
            self.show_year(info.fiscal_year)
            return
        if not dialogs.ask_yes_no(
            self.root,
            title,
            t(
                "bundle_confirm",
                year=info.fiscal_year.label_ja,
                title=info.checklist_title,
                version=info.checklist_version,
                issuer=info.issuer,
                fingerprint=info.fingerprint,
            ),
        ):
            return
        code = None
        if len(info.codes) > 1:
            names = [f"{name}（{c}）" for c, name in zip(info.codes, info.names, strict=True)]
            chosen = dialogs.ask_choice(
                self.root, title, t("bundle_choose", department=self.ws.department.name), names
            )
            if chosen is None:
                return
            code = info.codes[chosen]
        try:
            done = years.accept_bundle(self.ws, path, code)
        except AppError as exc:
            dialogs.show_error(self.root, title, exc.message)
            return
        text = t("bundle_done", year=done.fiscal_year.label_ja, version=done.checklist_version)
        if done.renamed:
            text += t("bundle_renamed", old_name=done.previous_name, new_name=done.department_name)
        dialogs.show_info(self.root, title, text)
        self._offer_carry_over(done.fiscal_year)
        self.screen.flush()
        self.screen = self._screen(done.fiscal_year)
        self.app.show(self.screen)

    def show_changes(self) -> None:
        """ファイル → 前年度との比較…: this year's answers against the last submitted year, item by item."""
        if not self.active():
            return
        self.screen.flush()
        fy = self.fy
        found = self.ws.year_over_year(fy)
        if found is None:
            dialogs.show_info(self.root, t("menu_changes"), t("changes_none", year=fy.label_ja))
            return
        from .changes_window import ChangesWindow

        previous, yoy = found
        self.changes = ChangesWindow(self.root, self.ws.department_for(fy).name, previous, fy, yoy)

    def active(self) -> bool:
        """False once the app was locked (this controller's database is closed)."""
        return self.app.ws is self.ws and self.screen.winfo_exists()

    def submit(self) -> None:
        if not self.active():
            return
        self.screen.flush()
        missing = missing_of(self.ws.assessment(self.fy))  # what the database holds, just saved
        if missing:
            lines = "\n".join(f"・{item.id} {item.question[:40]}" for item, _r in missing[:15])
            more = t("more", n=len(missing) - 15) if len(missing) > 15 else ""
            dialogs.show_error(
                self.root, t("submit_title"), t("submit_refused", count=len(missing), items=lines + more)
            )
            self.screen.show_follow_up(missing[0][0].id)
            return
        if not dialogs.ask_yes_no(self.root, t("submit_title"), t("submit_confirm")):
            return
        target = dialogs.ask_save_file(
            self.root, t("submit_title"), "", [(t("submission_files"), "*.natori-submission")]
        )
        if not target:  # Cancel cancels: nothing is locked, nothing written
            return
        try:
            out = submission.submit(self.ws, self.fy, target)
        except AppError as exc:
            dialogs.show_error(self.root, t("submit_title"), exc.message)
            return
        self.reload()
        dialogs.show_info(self.root, t("submit_title"), t("submit_done", path=str(out)))

    def write_again(self) -> None:
        """ファイル → 提出ファイルをもう一度保存…: the same signed bytes as submitted (a lost or unwritten file)."""
        if not self.active():
            return
        title = t("menu_write_again")
        target = dialogs.ask_save_file(self.root, title, "", [(t("submission_files"), "*.natori-submission")])
        if not target:
            return
        try:
            out = submission.write_submission_again(self.ws, self.fy, target)
        except AppError as exc:
            dialogs.show_error(self.root, title, exc.message)
            return
        dialogs.show_info(self.root, title, t("write_again_done", path=str(out)))

    def accept_history(self) -> None:
        """ファイル → これまでの回答を読み込む…: a re-enrolled database gets its accepted answers back."""
        if not self.active():
            return
        title = t("menu_history")
        path = dialogs.ask_open_file(self.root, title, [(t("history_files"), "*.natori-history"), ("*", "*")])
        if not path:
            return
        from ..services import history

        self.screen.flush()
        try:
            done = history.accept_history(self.ws, path)
        except AppError as exc:
            dialogs.show_error(self.root, title, exc.message)
            return
        added = ", ".join(fy.label_ja for fy in done.added)
        text = (
            i18n.t("enrolment.history_accepted", added=added)
            if done.added
            else i18n.t("enrolment.history_none_added")
        )
        if done.kept:
            text += "\n" + i18n.t("enrolment.history_kept", kept=", ".join(fy.label_ja for fy in done.kept))
        dialogs.show_info(self.root, title, text)
        fy = self.fy
        self._offer_carry_over(fy)
        self.screen = self._screen(fy)
        self.app.show(self.screen)

    def send_progress(self) -> None:
        """A progress report for the IT division (回答中, how many answered); nothing is locked."""
        if not self.active():
            return
        self.screen.flush()
        target = dialogs.ask_save_file(
            self.root, t("menu_progress"), "", [(t("submission_files"), "*.natori-submission")]
        )
        if not target:
            return
        try:
            out = submission.send_progress(self.ws, self.fy, target)
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
            n = self.ws.import_answers(self.fy, path)
        except AppError as exc:
            problems = "\n".join(str(p) for p in getattr(exc, "problems", [])[:30])
            dialogs.show_error(
                self.root, t("menu_import"), exc.message + ("\n\n" + problems if problems else "")
            )
            return
        self.reload()
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
        self.reload()
        dialogs.show_info(self.root, t("menu_return"), t("return_applied", message=notice.message))

    def report(self) -> None:
        if not self.active():
            return
        try:
            job = reports.department_report_job(self.ws, self.fy)
        except AppError as exc:
            dialogs.show_error(self.root, t("menu_report"), exc.message)
            return
        self.app.run_job(job, t("menu_report"), self.screen.saved)
