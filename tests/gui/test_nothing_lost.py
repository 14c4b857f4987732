"""Nothing a department types is lost or misfiled: bad dates, hidden items, clearing, submitted years."""

from __future__ import annotations

import datetime as dt

import pytest

from natori_secaudit import storage
from natori_secaudit.domain.answers import AnswerStatus
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.services import submission
from natori_secaudit.services.department import DepartmentWorkspace
from tests.integration.conftest import answer_all

from .conftest import DEPT_PASS, press, pump, unlock

pytestmark = pytest.mark.gui
FY = FiscalYear(2026)


def held(app, item_id):
    return app.department.ws.assessment(FY).answers.get(item_id)


def type_into(app, widget, text):
    widget.focus_force()
    if hasattr(widget, "delete") and widget.winfo_class() == "Text":
        widget.delete("1.0", "end")
        widget.insert("1.0", text)
    else:
        widget.delete(0, "end")
        widget.insert(0, text)
    pump(app)


def test_a_due_date_that_is_not_a_date_keeps_everything_else_and_is_kept_itself(
    dept_db, make_app, fake_dialogs
):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    screen.select_item("B-1")
    screen.panel.buttons[AnswerStatus.PARTIAL].invoke()
    panel = screen.panel
    type_into(app, panel.comment, "台帳の見直しが途中")
    type_into(app, panel.action, "台帳を全面的に見直す")
    type_into(app, panel.due, "来年の3月")
    panel.flush()
    saved = held(app, "B-1")
    assert saved.comment == "台帳の見直しが途中" and saved.action == "台帳を全面的に見直す"  # saved
    assert saved.due is None
    assert "来年の3月" in panel.due_hint.cget("text") and "読めない" in panel.due_hint.cget("text")

    fake_dialogs.answer_yes = False  # "stay": nothing moves, the text is still there
    screen.select_item("B-3")
    assert panel.item.id == "B-1" and panel.due.get() == "来年の3月"
    fake_dialogs.answer_yes = True  # "move on": the text stays with B-1
    screen.select_item("B-3")
    assert panel.item.id == "B-3"
    screen.select_item("B-1")
    assert panel.due.get() == "来年の3月" and "読めない" in panel.due_hint.cget("text")
    type_into(app, panel.due, "令和9年3月31日")  # as people write it
    panel.flush()
    assert held(app, "B-1").due == dt.date(2027, 3, 31)
    assert panel.due_hint.cget("text") == ""


@pytest.mark.parametrize("typed", ["2027/3/31", "２０２７年３月３１日", "R9.3.31", "令和9年3月31日"])
def test_dates_are_read_as_people_type_them(dept_db, make_app, typed):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    screen.select_item("B-1")
    screen.panel.buttons[AnswerStatus.NOT_IMPLEMENTED].invoke()
    type_into(app, screen.panel.due, typed)
    screen.panel.flush()
    assert held(app, "B-1").due == dt.date(2027, 3, 31)


def test_after_a_search_keys_answer_only_the_item_the_list_shows(dept_db, make_app):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    screen.select_item("A-1")  # 重要度「高」
    screen.search.set("画面")  # only B-3 matches
    pump(app)
    assert screen.visible_ids() == ["B-3"] and screen.panel.item.id == "B-3"
    press(app, screen.items, "3")
    assert held(app, "A-1") is None
    assert held(app, "B-3").status is AnswerStatus.NOT_IMPLEMENTED
    screen.search.set("どの項目にもない言葉")
    pump(app)
    assert screen.visible_ids() == [] and screen.panel.item is None
    press(app, screen.items, "1")
    assert held(app, "A-1") is None and held(app, "B-3").status is AnswerStatus.NOT_IMPLEMENTED


def test_an_answer_can_be_cleared_back_to_unanswered_and_the_audit_log_says_so(dept_db, make_app):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    screen.select_item("A-2")
    screen.panel.buttons[AnswerStatus.IMPLEMENTED].invoke()
    type_into(app, screen.panel.evidence, "台帳 2026年版")
    screen.panel.flush()
    screen.panel.clear_button.invoke()
    pump(app)
    answer = held(app, "A-2")
    assert answer.status is None and answer.evidence == "台帳 2026年版"  # the typed text stays
    assert "未回答" in screen.items.set("A-2", "status")
    events = [e.event for e in storage.audit_entries(app.department.ws.db)]
    assert "answer_cleared" in events


def test_moving_through_a_submitted_year_shows_no_error(dept_db, make_app, tmp_path):
    with DepartmentWorkspace.open(dept_db, DEPT_PASS) as ws:
        answer_all(ws, FY)
        submission.submit(ws, FY, tmp_path / "out")
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    for item_id in ("A-1", "B-1", "B-3", "A-2"):
        screen.select_item(item_id)
        pump(app)
    assert "変更できません" not in screen.saved.cget("text")
