"""The department app, driven like a person would: each test checks what the database holds."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from natori_secaudit.domain.answers import AnswerStatus
from natori_secaudit.domain.assessment import AssessmentState
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import DEPT_PASS, focus, press, pump, unlock

pytestmark = pytest.mark.gui
FY = FiscalYear(2026)


def stored(db_path):
    with DepartmentWorkspace.open(db_path, DEPT_PASS) as ws:
        view = ws.assessment(FY)
        return view.state, view.answers


def test_first_run_wizard_creates_the_department_database(tmp_path, bundle, make_app):
    db = tmp_path / "new.db"
    app = make_app(db)
    w = app.screen
    w.bundle_path.insert(0, str(bundle))
    assert w.load_bundle()
    assert w.bundle.fingerprint in w.bundle_info.cget("text")  # to compare with the announcement
    assert "市民課（shimin）" in w.department.cget("values")
    w.department.current(0)
    from tests.integration.conftest import enrol

    w.code.insert(0, enrol(bundle.parent / "admin.db", "shimin", "admin passphrase 1").lower())  # as typed
    w.name.insert(0, "髙橋 美穂")
    w.pass1.insert(0, DEPT_PASS)
    w.pass2.insert(0, DEPT_PASS + "x")
    w.create_button.invoke()
    assert "一致しません" in w.message.cget("text") and not db.exists()
    w.pass2.delete(0, "end")
    w.pass2.insert(0, DEPT_PASS)
    from natori_secaudit.storage import driver

    keyed_by_passphrase = []  # each one derives the key again (a second or so with the real KDF)
    real_connect = driver.connect

    def connect(path, key, *, mode, kdf_iter):
        if isinstance(key, str) and Path(path) == db:
            keyed_by_passphrase.append(mode)
        return real_connect(path, key, mode=mode, kdf_iter=kdf_iter)

    driver.connect = connect
    try:
        w.create_button.invoke()
        pump(app)
    finally:
        driver.connect = real_connect
    assert app.assessment is not None and "市民課" in app.assessment.title.cget("text")
    assert keyed_by_passphrase == []  # the wizard's new database is opened once, by its own key
    app.quit()
    state, answers = stored(db)
    assert state is AssessmentState.NOT_STARTED and answers == {}


def test_wrong_passphrase_is_calm_and_leaves_the_file_untouched(dept_db, make_app):
    before = hashlib.sha256(dept_db.read_bytes()).hexdigest()
    app = make_app(dept_db)
    unlock(app, passphrase="まちがい")
    assert app.assessment is None
    assert "パスフレーズが違います" in app.screen.message.cget("text")
    assert app.screen.passphrase.get() == ""
    assert hashlib.sha256(dept_db.read_bytes()).hexdigest() == before
    unlock(app)
    assert app.assessment is not None


def test_answers_by_mouse_and_by_keys_1_to_5_are_saved_at_once(dept_db, make_app):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    screen.select_item("A-1")
    screen.panel.buttons[AnswerStatus.IMPLEMENTED].invoke()  # by mouse
    pump(app)
    assert stored_while_open(app)["A-1"].status is AnswerStatus.IMPLEMENTED
    assert "保存済み" in screen.saved.cget("text")
    screen.select_item("B-3")
    press(app, screen.items, "4")  # by key: わからない
    assert stored_while_open(app)["B-3"].status is AnswerStatus.UNKNOWN
    press(app, screen.items, "Up")  # arrows move between items
    assert screen.items.selection() == ("B-2",)
    assert screen.panel.item.id == "B-2"
    app.quit()
    _state, answers = stored(dept_db)
    assert answers["A-1"].status is AnswerStatus.IMPLEMENTED and answers["B-3"].status is AnswerStatus.UNKNOWN


def stored_while_open(app):
    return app.ws.assessment(FY).answers


def test_japanese_comment_action_and_due_are_saved(dept_db, make_app):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    screen.select_item("B-1")
    press(app, screen.items, "2")  # 一部実施
    panel = screen.panel
    assert panel.comment.winfo_ismapped() and panel.action.winfo_ismapped()
    panel.comment.insert("1.0", "髙橋係長が確認中 〜 﨑の出先機関は未対応")
    panel.action.insert(0, "登録制にして台帳で管理する")
    panel.due.insert(0, "2027-03-31")
    panel.flush()  # what leaving the field does
    app.quit()
    _state, answers = stored(dept_db)
    a = answers["B-1"]
    assert a.status is AnswerStatus.PARTIAL
    assert a.comment == "髙橋係長が確認中 〜 﨑の出先機関は未対応"
    assert a.action == "登録制にして台帳で管理する" and a.due == dt.date(2027, 3, 31)


def test_digit_typed_in_a_text_field_is_text_not_an_answer(dept_db, make_app):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    screen.select_item("B-1")
    press(app, screen.items, "3")
    before = stored_while_open(app)["B-1"].status
    focus(app, screen.panel.comment)
    screen.panel.comment.event_generate("<KeyPress-1>")
    screen.panel.comment.event_generate("<Return>")  # as when an IME conversion is confirmed
    pump(app)
    assert stored_while_open(app)["B-1"].status is before is AnswerStatus.NOT_IMPLEMENTED


def test_filters_show_what_they_say(dept_db, make_app):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    screen.select_item("A-1")
    press(app, screen.items, "1")
    screen.filter.set("unanswered")
    screen.refresh_lists()
    assert "A-1" not in screen.visible_ids() and "B-1" in screen.visible_ids()
    screen.filter.set("high")
    screen.refresh_lists()
    assert set(screen.visible_ids()) == {"A-1", "B-1", "B-2"}
    screen.filter.set("all")
    screen.search.set("USB")
    assert screen.visible_ids() == ["B-1"]


def test_idle_lock_closes_the_database_and_keeps_typed_text(dept_db, make_app):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    screen.select_item("B-1")
    press(app, screen.items, "3")
    screen.panel.comment.insert("1.0", "ロック前に入力した文")  # typed, not yet saved
    app.idle_ms = 150
    app._touch()
    wait_until(app, lambda: app.ws is None)  # polls; no fixed sleep
    assert app.ws is None and app.assessment is None
    assert "一定時間操作がなかったため" in app.screen.message.cget("text")
    unlock(app)
    pump(app)
    assert app.assessment.panel.comment.get("1.0", "end-1c") == "ロック前に入力した文"
    assert stored_while_open(app)["B-1"].comment == "ロック前に入力した文"


def wait_until(app, condition, seconds: float = 10.0) -> None:
    import time

    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        pump(app, 0.02)
    assert condition(), "condition not reached in time"


def test_locking_by_hand_says_so_and_not_that_time_passed(dept_db, make_app):
    app = make_app(dept_db)
    unlock(app)
    app.lock()
    assert "ロックしました" in app.screen.message.cget("text")
    assert "一定時間" not in app.screen.message.cget("text")


def test_keys_typed_in_tks_own_file_dialog_are_left_alone(dept_db, make_app):
    """Tk's own file dialog (its widgets are unknown to Python): 3, Down and Ctrl+F typed there
    neither answer the item nor raise the 'unexpected error' dialog."""
    app = make_app(dept_db)
    unlock(app)
    app.assessment.select_item("A-1")
    entry = ".__tk_filedialog.contents.f2.ent"
    seen: list[str] = []

    def type_then_cancel() -> None:
        app.root.tk.eval(f"focus -force {entry}; update")
        for key in ("<KeyPress-3>", "<KeyPress-Down>", "<Control-KeyPress-f>"):
            app.root.tk.eval(f"event generate {entry} {key}")
        seen.append(app.root.tk.eval(f"{entry} get"))
        app.root.after(50, lambda: app.root.tk.eval(".__tk_filedialog.contents.f2.cancel invoke"))

    app.root.after(300, type_then_cancel)
    assert app.root.tk.call("tk_getOpenFile", "-parent", ".") in ("", ())
    pump(app)
    assert seen == ["3"]  # the key went to the dialog's own field
    assert stored_while_open(app) == {}
    assert app.assessment.panel.item.id == "A-1"


def test_submit_is_refused_then_accepted_and_the_year_is_read_only(dept_db, make_app, fake_dialogs, tmp_path):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    screen.select_item("A-1")
    press(app, screen.items, "1")
    app.department.submit()
    assert fake_dialogs.errors and "まだ提出できません" in fake_dialogs.errors[-1]
    assert "A-2" in fake_dialogs.errors[-1]
    assert stored_while_open(app) and app.ws.assessment(FY).state is AssessmentState.IN_PROGRESS
    for item_id in ("A-2", "B-1", "B-2", "B-3"):
        screen.filter.set("all")
        screen.refresh_lists()
        screen.select_item(item_id)
        press(app, screen.items, "1")
    fake_dialogs.save_path = str(tmp_path / "out" / "shimin.natori-submission")
    (tmp_path / "out").mkdir()
    app.department.submit()
    assert (tmp_path / "out" / "shimin.natori-submission").exists()
    assert "共有フォルダー" in fake_dialogs.infos[-1]
    assert "提出済み" in screen.banner.cget("text")
    assert str(screen.panel.buttons[AnswerStatus.PARTIAL].cget("state")) == "disabled"
    press(app, screen.items, "3")  # keys do nothing now
    app.quit()
    state, answers = stored(dept_db)
    assert state is AssessmentState.SUBMITTED
    assert all(a.status is AnswerStatus.IMPLEMENTED for a in answers.values())


def test_font_size_and_theme_are_remembered(dept_db, make_app):
    app = make_app(dept_db)
    unlock(app)
    app.set_font(2)
    app.set_theme("contrast")
    app.quit()
    with DepartmentWorkspace.open(dept_db, DEPT_PASS) as ws:
        assert ws.setting("font_step") == 2 and ws.setting("theme") == "contrast"


def test_page_down_moves_ten_items_or_to_the_last(dept_db, make_app):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    screen.select_item("A-1")
    press(app, screen.items, "Next")
    assert screen.items.selection() == ("B-3",)  # five items here: PageDown stops at the last
    press(app, screen.items, "Prior")
    assert screen.items.selection() == ("A-1",)


def test_damaged_database_can_be_restored_from_the_unlock_screen(dept_db, make_app, fake_dialogs):
    from natori_secaudit.services import keeping

    with DepartmentWorkspace.open(dept_db, DEPT_PASS) as ws:  # opening makes the day's backup
        from natori_secaudit.domain.answers import Answer

        ws.save_answer(FY, Answer("A-1", AnswerStatus.IMPLEMENTED))
    newest = keeping.backup(dept_db, DEPT_PASS)  # and one with the answer in it
    data = bytearray(dept_db.read_bytes())
    data[4096 * 3 + 200] ^= 0xFF
    dept_db.write_bytes(bytes(data))
    app = make_app(dept_db)
    unlock(app)
    assert app.assessment is None
    assert "パスフレーズの誤りではありません" in app.screen.message.cget("text")
    assert app.screen.restore_button.winfo_ismapped()
    fake_dialogs.open_path = ""  # Cancel at the file dialog: nothing is restored
    app.screen.restore_button.invoke()
    pump(app)
    assert fake_dialogs.infos == [] and dept_db.read_bytes() == bytes(data)
    unlock(app)  # still damaged: the button is offered again
    fake_dialogs.open_path = str(newest)  # the dialog opens on this database's backups
    app.screen.restore_button.invoke()
    pump(app)
    assert "バックアップから戻しました" in fake_dialogs.infos[-1] and "shimin" in fake_dialogs.infos[-1]
    unlock(app)
    assert app.assessment is not None
    assert stored_while_open(app)["A-1"].status is AnswerStatus.IMPLEMENTED


def test_progress_report_from_the_menu_keeps_answers_editable(make_app, dept_db, fake_dialogs, tmp_path):
    from tests.gui.conftest import unlock

    app = make_app(dept_db)
    unlock(app)
    app.assessment.key_answer(1)
    fake_dialogs.save_path = str(tmp_path / "shared" / "progress.natori-submission")
    app.department.send_progress()
    assert (tmp_path / "shared" / "progress.natori-submission").exists()
    assert "途中経過のファイルを作成しました" in fake_dialogs.infos[-1]
    assert not app.assessment.snapshot.locked


@pytest.mark.parametrize("step", [0, 3])
def test_list_columns_fit_at_the_standard_and_the_largest_text_size(dept_db, make_app, step):
    """Status, severity and answer counts are never cut off; section titles are whole at the standard size."""
    import tkinter.font as tkfont

    app = make_app(dept_db)
    app.root.geometry("1366x768")
    unlock(app)
    app.set_font(step)
    pump(app, 0.3)
    screen = app.assessment
    for tree in (screen.sections, screen.items):
        total = sum(int(tree.column(c, "width")) for c in ("#0", *tree["columns"]))
        assert total <= tree.winfo_width(), (tree, total, tree.winfo_width())
    if step == 0:
        font = tkfont.nametofont("TkDefaultFont")
        width = int(screen.sections.column("#0", "width"))
        for section in screen.snapshot.checklist.sections:
            assert font.measure(f"{section.id} {section.title}") + 20 <= width, section.title


def test_two_jobs_at_once_each_get_their_own_result(dept_db, make_app, fake_dialogs):
    """A slow report, then a fast export: each done-callback and message gets its own file."""
    import threading

    app = make_app(dept_db)
    unlock(app)
    release = threading.Event()
    got: list[tuple[str, str]] = []

    def slow():
        release.wait(5)
        return "slow.pdf"

    app.run_job((slow, lambda path: got.append(("slow", path))), "report", app.assessment.saved)
    app.run_job((lambda: "fast.csv", lambda path: got.append(("fast", path))), "export", app.assessment.saved)
    wait_until(app, lambda: len(got) == 1)
    release.set()
    wait_until(app, lambda: len(got) == 2)
    assert sorted(got) == [("fast", "fast.csv"), ("slow", "slow.pdf")]
    assert any("fast.csv" in m for m in fake_dialogs.infos) and any(
        "slow.pdf" in m for m in fake_dialogs.infos
    )


@pytest.mark.parametrize("step", [0, 1, 2, 3])
def test_every_text_size_fits_a_1366x768_screen_and_the_question_stays_readable(dept_db, make_app, step):
    """1366×768 less the Windows taskbar leaves about 728 pixels: the window fits, the lists keep the
    question text (not just the ids) and the item panel scrolls rather than cutting anything off."""
    import tkinter.font as tkfont

    app = make_app(dept_db)
    unlock(app)
    app.root.geometry("1366x728+0+0")
    app.set_font(step)
    pump(app, 0.2)
    screen = app.assessment
    assert app.root.winfo_height() <= 728
    body = tkfont.nametofont("TkDefaultFont")
    assert int(screen.items.column("#0", "width")) >= body.measure("B-1  " + "あ" * 8)
    screen.select_item("B-1")
    screen.panel.buttons[AnswerStatus.PARTIAL].invoke()
    pump(app, 0.1)
    panel_bottom = screen.panel.winfo_rooty() + screen.panel.winfo_height()
    view_bottom = screen.panel_holder.container.winfo_rooty() + screen.panel_holder.container.winfo_height()
    if panel_bottom > view_bottom:  # taller than the view: it scrolls
        first, last = screen.panel_holder.yview()
        assert last < 1.0


def test_tab_follows_reading_order_and_reaches_the_comment_box_quickly(dept_db, make_app):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    screen.select_item("B-1")
    screen.panel.buttons[AnswerStatus.PARTIAL].invoke()
    pump(app)
    order = []
    widget = screen.buttons["lock"]
    for _ in range(4):
        order.append(widget)
        widget = widget.tk_focusNext()
    assert order == [screen.buttons[k] for k in ("lock", "import", "report", "submit")]  # left to right
    widget, presses = screen.items, 0
    while widget is not screen.panel.comment and presses < 30:
        widget = widget.tk_focusNext()
        presses += 1
    assert widget is screen.panel.comment and presses <= 7
