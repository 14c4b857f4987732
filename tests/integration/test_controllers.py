"""The GUI's controllers without Tk: a recording stand-in draws, the dialogs answer as told.

The controllers hold the workspace and the year; what they decide (cancel, refuse, submit, send
back) is asserted on what the database holds and on the files written — no window is made.
"""

from __future__ import annotations

import pytest

from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.assessment import AssessmentState
from natori_secaudit.domain.fiscal_year import FiscalYear
from tests.integration.conftest import ADMIN_PASS, DEPT_PASS, answer_all, make_department

FY = FiscalYear(2026)


class Recorder:
    """Stands in for a screen (or a label on it): records every call, answers none."""

    def __init__(self, *args, **kwargs) -> None:
        self.args, self.kwargs = args, kwargs
        self.calls: list[tuple[str, tuple]] = []

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)

        def record(*args, **_kwargs):
            self.calls.append((name, args))
            return True if name == "winfo_exists" else None

        return record

    def called(self, name: str) -> list[tuple]:
        return [args for n, args in self.calls if n == name]


class Dialogs:
    def __init__(self, monkeypatch) -> None:
        from natori_secaudit.gui import dialogs

        self.infos: list[str] = []
        self.errors: list[str] = []
        self.yes = True
        self.save_path = ""
        self.text: str | None = None
        monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: self.infos.append(text))
        monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: self.errors.append(text))
        monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_a: self.yes)
        monkeypatch.setattr(
            dialogs,
            "ask_save_file",
            lambda _p, _t, _i, patterns: dialogs.with_suffix(self.save_path, patterns),
        )
        monkeypatch.setattr(dialogs, "ask_text", lambda *_a, **_k: self.text)


class FakeApp:
    """What a controller asks of the app: its root (a parent for dialogs), the text size, show()."""

    def __init__(self, ws) -> None:
        self.root = None
        self.ws = ws
        self.font_step = 0
        self.shown: list[object] = []
        self.jobs: list[tuple] = []

    def show(self, screen) -> None:
        self.shown.append(screen)

    def set_title(self, text: str) -> None:
        self.title = text

    def lock(self) -> None:
        self.ws = None

    def run_job(self, job, title, status) -> None:
        self.jobs.append((job, title))


@pytest.fixture
def no_tk(monkeypatch):
    """The controllers must not make a Tk window: any attempt fails the test."""
    import tkinter

    def refuse(*_a, **_k):
        raise AssertionError("a controller made a Tk window")

    monkeypatch.setattr(tkinter.Tk, "__init__", refuse)
    return Dialogs(monkeypatch)


@pytest.fixture
def department(city, monkeypatch, no_tk):
    from natori_secaudit.gui.department_actions import DepartmentController
    from natori_secaudit.services.department import DepartmentWorkspace

    tmp, _admin, bundle = city
    path = make_department(tmp, bundle, "shimin")
    ws = DepartmentWorkspace.open(path, DEPT_PASS, "所属 花子")
    monkeypatch.setattr(DepartmentController, "screen_class", Recorder)
    controller = DepartmentController(FakeApp(ws), ws)
    controller.app.ws = ws
    yield controller, ws, no_tk, tmp
    ws.close()


def test_the_controller_builds_its_screen_from_the_database_and_saves_through_it(department):
    controller, ws, _dialogs, _tmp = department
    screen = controller.screen
    _parent, view, name, actions = screen.args
    assert view.fiscal_year == FY and name == "市民課"
    actions["save"](Answer("A-1", AnswerStatus.IMPLEMENTED))
    assert ws.assessment(FY).answers["A-1"].status is AnswerStatus.IMPLEMENTED
    actions["clear"]("A-1")
    assert ws.assessment(FY).answers["A-1"].status is None  # back to 未回答


def test_submit_with_items_missing_is_refused_and_shows_the_first_one(department):
    controller, ws, dialogs, tmp = department
    ws.save_answer(FY, Answer("A-1", AnswerStatus.IMPLEMENTED))
    dialogs.save_path = str(tmp / "out.natori-submission")
    controller.submit()
    assert dialogs.errors and "まだ提出できません" in dialogs.errors[-1]
    first_missing = controller.screen.called("show_follow_up")[-1][0]
    assert first_missing != "A-1" and first_missing in dialogs.errors[-1]
    assert ws.assessment(FY).state is AssessmentState.IN_PROGRESS
    assert not (tmp / "out.natori-submission").exists()


def test_cancel_in_the_save_dialog_of_submit_submits_nothing(department):
    controller, ws, dialogs, tmp = department
    answer_all(ws, FY)
    dialogs.save_path = ""  # Cancel
    controller.submit()
    assert ws.assessment(FY).state is AssessmentState.IN_PROGRESS
    assert dialogs.infos == [] and dialogs.errors == []
    assert list(tmp.glob("**/*.natori-submission")) == []


def test_submit_locks_the_year_and_writes_the_file_where_asked(department):
    controller, ws, dialogs, tmp = department
    answer_all(ws, FY)
    dialogs.save_path = str(tmp / "shared" / "shimin")  # typed without its suffix
    (tmp / "shared").mkdir()
    controller.submit()
    assert ws.assessment(FY).state is AssessmentState.SUBMITTED
    written = tmp / "shared" / "shimin.natori-submission"
    assert written.exists() and str(written) in dialogs.infos[-1]
    assert controller.screen.called("load")  # the screen was told to draw the locked year


def test_after_the_app_is_locked_the_controller_does_nothing(department):
    controller, ws, dialogs, tmp = department
    answer_all(ws, FY)
    controller.app.lock()
    dialogs.save_path = str(tmp / "late.natori-submission")
    controller.submit()
    assert ws.assessment(FY).state is AssessmentState.IN_PROGRESS
    assert not (tmp / "late.natori-submission").exists()


def test_a_text_size_that_stacks_the_lists_rebuilds_with_the_typed_text_kept(department):
    controller, _ws, _dialogs, _tmp = department
    first = controller.screen
    first.take_typed_text = lambda: ("A-1", {"comment": "書きかけ", "due": "2027/13/1"})
    controller.text_size_changed(0, 1)
    assert controller.screen is first  # the same layout: no new screen
    controller.text_size_changed(1, 2)
    assert controller.screen is not first and controller.app.shown[-1] is controller.screen
    assert controller.screen.called("put_back_typed_text") == [
        (("A-1", {"comment": "書きかけ", "due": "2027/13/1"}),)
    ]


@pytest.fixture
def admin(city, monkeypatch, no_tk):
    from natori_secaudit.gui.admin_actions import AdminController
    from natori_secaudit.services.admin import AdminWorkspace
    from natori_secaudit.services.department import DepartmentWorkspace

    tmp, admin_path, bundle = city
    dept = make_department(tmp, bundle, "shimin")
    with DepartmentWorkspace.open(dept, DEPT_PASS, "所属 花子") as d:
        answer_all(d, FY)
        from natori_secaudit.services import submission

        sent = submission.submit(d, FY, tmp / "shimin.natori-submission")
    ws = AdminWorkspace.open(admin_path, ADMIN_PASS, "情報 太郎")
    ws.import_file(sent)
    monkeypatch.setattr(AdminController, "screen_class", Recorder)
    app = FakeApp(ws)
    controller = AdminController(app, ws)
    yield controller, ws, no_tk, tmp
    ws.close()


def test_the_dashboard_controller_holds_the_compiled_year_and_hands_rows_to_the_screen(admin):
    controller, _ws, _dialogs, _tmp = admin
    assert controller.compiled is not None and controller.compiled.submitted_count == 1
    fy, _years, compiled, rows = controller.screen.called("show")[-1][:4]
    assert fy == FY and compiled is controller.compiled and rows == controller.rows
    assert {r.code: r.state for r in rows}["shimin"] is AssessmentState.SUBMITTED


def test_send_back_cancelled_at_the_save_dialog_sends_nothing_back(admin):
    controller, ws, dialogs, tmp = admin
    controller.screen.selected_code = lambda: "shimin"
    dialogs.text = "B-1 の根拠を書いてください"
    dialogs.save_path = ""  # Cancel
    controller.send_back()
    assert ws.compile(FY).submitted_count == 1
    assert list(tmp.glob("**/*.natori-return")) == []
    dialogs.save_path = str(tmp / "back")
    controller.send_back()
    assert (tmp / "back.natori-return").exists()
    assert {r.code: r.state for r in controller.rows}["shimin"] is AssessmentState.RETURNED


def test_send_back_of_a_department_that_has_not_submitted_is_refused_in_words(admin):
    controller, _ws, dialogs, _tmp = admin
    controller.screen.selected_code = lambda: "doboku"
    controller.send_back()
    assert dialogs.errors and "土木課" in dialogs.errors[-1]
