"""The IT division runs the year from the app: 年度の準備 (bundle, deadline, 登録コード sheet),
keys and people, deadlines and the 督促一覧, backup and passphrase — real widgets, real databases;
the assertions are on what the database and the written files hold."""

from __future__ import annotations

import datetime as _dt

import pytest

from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.reporting.common import wareki_date
from tests.gui.conftest import pdf_text, pump, start_year, unlock
from tests.integration.conftest import SMALL

pytestmark = pytest.mark.gui
ADMIN = "admin passphrase 1"
# A fresh database starts on this fiscal year (whatever year the tests run in).
FY = FiscalYear.current()
DEADLINE = _dt.date(FY.start_year, 7, 31)


@pytest.fixture
def fresh_admin(tmp_path, make_app, fake_dialogs, user_checklist):
    from natori_secaudit.services import setup

    db = setup.create_admin_db(tmp_path / "admin.db", ADMIN)
    app = make_app(db)
    unlock(app, ADMIN, "情報 太郎")
    assert app.admin is not None, fake_dialogs.errors
    return app


def read_db(path, fn):
    from natori_secaudit import storage

    with storage.Database.open(path, ADMIN) as db:
        return fn(db)


def test_a_fresh_database_opens_on_an_empty_year_with_the_way_to_start_it(fresh_admin):
    screen = fresh_admin.admin.screen
    assert "年度の準備" in screen.summary.cget("text")
    fingerprint = fresh_admin.ws.keys.fingerprint()
    assert fingerprint in screen.info.cget("text")
    assert "準備中" in screen.year_choice.get()


def test_starting_a_year_stores_the_deadline_writes_the_bundle_and_the_code_sheet(
    fresh_admin, fake_dialogs, saves, tmp_path
):
    from natori_secaudit import storage
    from natori_secaudit.services import setup

    app = fresh_admin
    window = start_year(app, fake_dialogs, saves, tmp_path, deadline=DEADLINE.isoformat(), fy=FY)
    assert fake_dialogs.errors == []
    bundle = setup.read_bundle(tmp_path / "out" / f"{FY.start_year}.natori-bundle")
    assert bundle.fiscal_year == FY.start_year and bundle.checklist.id == "small"
    assert storage.get_year(app.ws.db, FY.start_year).deadline == DEADLINE
    codes = {c: storage.open_enrolments(app.ws.db, c) for c in ("shimin", "doboku", "toshokan")}
    assert all(len(v) == 1 for v in codes.values())
    text = pdf_text(tmp_path / "out" / "codes.pdf")
    for name in ("市民課", "土木課", "図書館"):
        assert name in text
    assert app.ws.keys.fingerprint() in text and wareki_date(DEADLINE) in text and "取扱注意" in text
    # the dashboard now shows the new year, named after the organisation of the list, with its state
    screen = app.admin.screen
    assert screen.fy == FY
    assert screen.year_choice.get() == f"{FY.label_ja}（提出 0/3）"
    assert "テスト市" in screen.title.cget("text") and "テスト市" in app.root.title()
    assert "名取市" not in app.root.title()
    assert f"提出期限: {DEADLINE.isoformat()}" in screen.info.cget("text")
    window.destroy()


def test_cancel_at_the_save_dialog_stores_nothing(fresh_admin, fake_dialogs, saves, tmp_path):
    from natori_secaudit import storage

    window = fresh_admin.admin.year.open_setup()
    fake_dialogs.open_path = str(SMALL / "departments.yaml")
    window.other.invoke()
    window.checklist.current(
        next(n for n, c in enumerate(window.choices) if c.valid and c.checklist.id == "small")
    )
    saves[:] = [""]
    window.make_button.invoke()
    pump(fresh_admin)
    assert storage.list_years(fresh_admin.ws.db) == []
    assert not (tmp_path / "out").exists()


def test_a_bad_checklist_shows_its_problems_with_file_and_line(fresh_admin, fake_dialogs, saves, tmp_path):
    from natori_secaudit import storage
    from natori_secaudit.services import paths

    user = paths.user_checklists_dir()
    user.mkdir(parents=True, exist_ok=True)
    (user / "broken.yaml").write_text(
        "id: broken\ntitle: 壊れた点検票\nversion: '1'\nsections:\n  - id: A\n", encoding="utf-8"
    )
    window = fresh_admin.admin.year.open_setup()
    broken = next(n for n, c in enumerate(window.choices) if not c.valid)
    window.checklist.current(broken)
    window.checklist.event_generate("<<ComboboxSelected>>")
    pump(fresh_admin)
    shown = window.problems.get("1.0", "end")
    assert "broken.yaml:" in shown and "問題があります" in window.checklist_info.cget("text")
    window.make_button.invoke()
    assert fake_dialogs.errors and "選んでください" in fake_dialogs.errors[-1]
    assert storage.list_years(fresh_admin.ws.db) == []


def test_a_bad_deadline_is_refused_and_nothing_is_written(fresh_admin, fake_dialogs, saves, tmp_path):
    from natori_secaudit import storage

    start_year(fresh_admin, fake_dialogs, saves, tmp_path, deadline="7月末", fy=FY)
    assert "7月末" in fake_dialogs.errors[-1] and "年-月-日" in fake_dialogs.errors[-1]
    assert storage.list_years(fresh_admin.ws.db) == []


def test_keys_window_issues_a_code_with_its_slip_and_lists_the_state(
    fresh_admin, fake_dialogs, saves, tmp_path
):
    from natori_secaudit import storage

    app = fresh_admin
    start_year(app, fake_dialogs, saves, tmp_path, deadline=DEADLINE.isoformat(), sheet=False, fy=FY)
    window = app.admin.keys.open_keys()
    pump(app)
    assert app.ws.keys.fingerprint() in window.fingerprint.cget("text")
    row = window.tree.item("doboku", "values")
    assert row[1] == "未登録" and row[4] in ("—", "0")
    window.tree.selection_set("doboku")
    fake_dialogs.answer_yes = True
    saves[:] = [str(tmp_path / "doboku.pdf")]
    window.buttons["issue"].invoke()
    pump(app)
    assert len(storage.open_enrolments(app.ws.db, "doboku")) == 1
    assert "土木課" in pdf_text(tmp_path / "doboku.pdf")
    assert window.tree.item("doboku", "values")[4] == "1"


def test_deadline_passed_highlights_late_departments_and_the_reminder_list(
    fresh_admin, fake_dialogs, saves, tmp_path
):
    from natori_secaudit.services import year_setup

    app = fresh_admin
    start_year(app, fake_dialogs, saves, tmp_path, deadline=DEADLINE.isoformat(), sheet=False, fy=FY)
    if _dt.date.today() <= FY.start:
        pytest.skip("on 1 April no earlier day of the fiscal year exists")
    year_setup.set_deadline(app.ws, FY, FY.start)  # past
    app.admin.reload()
    pump(app)
    tree = app.admin.screen.departments
    assert all("overdue" in tree.item(iid, "tags") for iid in tree.get_children())
    assert "過ぎました" in app.admin.screen.info.cget("text")
    saves[:] = [str(tmp_path / "reminders.pdf")]
    app.admin.year.reminders()
    text = pdf_text(tmp_path / "reminders.pdf")
    assert "督促一覧" in text and "市民課" in text and "未着手" in text and "テスト市" in text


def test_backup_to_a_folder_and_passphrase_change(fresh_admin, fake_dialogs, tmp_path):
    from natori_secaudit import storage

    app = fresh_admin
    usb = tmp_path / "usb"
    usb.mkdir()
    fake_dialogs.directory = str(usb)
    app.keeping.backup()
    copies = list(usb.glob("*.db"))
    assert len(copies) == 1 and fake_dialogs.infos
    window = app.keeping.change_passphrase()
    window.entries["old"].insert(0, "wrong one")
    window.entries["new"].insert(0, "new passphrase 2")
    window.entries["repeat"].insert(0, "new passphrase 2")
    window.ok.invoke()
    assert "違います" in window.message.cget("text")
    window.entries["old"].delete(0, "end")
    window.entries["old"].insert(0, ADMIN)
    window.entries["repeat"].delete(0, "end")
    window.entries["repeat"].insert(0, "short")
    window.ok.invoke()
    assert "一致しません" in window.message.cget("text")
    window.entries["repeat"].delete(0, "end")
    window.entries["repeat"].insert(0, "new passphrase 2")
    window.ok.invoke()
    pump(app)
    assert not window.winfo_exists()
    path = app.ws.path
    app.lock()
    with storage.Database.open(path, "new passphrase 2") as db:
        assert db.role == "admin"
    with storage.Database.open(copies[0], ADMIN) as db:  # the copy keeps the old passphrase
        assert db.role == "admin"


def test_a_checklist_from_another_folder_is_checked_offered_and_bundled(
    tmp_path, make_app, fake_dialogs, saves
):
    """「別の点検票…」: a city's own checklist on a USB stick is validated where it lies, offered,
    and bundled — without copying it into the checklist folder by hand; a broken one shows its
    problems with file and line and cannot be bundled."""
    import shutil

    from natori_secaudit import storage
    from natori_secaudit.services import setup

    stick = tmp_path / "usb"
    stick.mkdir()
    shutil.copy(SMALL / "small-checklist.yaml", stick / "市の点検票.yaml")
    (stick / "壊れた.yaml").write_text(
        "id: broken\ntitle: 壊れた\nversion: '1'\nsections:\n  - id: A\n", "utf-8"
    )
    db = setup.create_admin_db(tmp_path / "admin.db", ADMIN)
    app = make_app(db)
    unlock(app, ADMIN, "情報 太郎")
    window = app.admin.year.open_setup()
    assert not any(c.valid and c.checklist.id == "small" for c in window.choices)  # not in the folders

    fake_dialogs.open_path = str(stick / "壊れた.yaml")
    window.other_checklist.invoke()
    pump(app)
    assert window.chosen().path == stick / "壊れた.yaml" and "壊れた.yaml:" in window.problems.get(
        "1.0", "end"
    )
    window.make_button.invoke()
    assert "選んでください" in fake_dialogs.errors[-1] and storage.list_years(app.ws.db) == []

    fake_dialogs.open_path = str(stick / "市の点検票.yaml")
    window.other_checklist.invoke()
    pump(app)
    assert window.chosen().checklist.id == "small" and "市の点検票.yaml" in window.checklist.get()
    fake_dialogs.open_path = str(SMALL / "departments.yaml")
    window.other.invoke()
    window.year.set(FY.label_ja)
    saves[:] = [str(tmp_path / "out" / f"{FY.start_year}.natori-bundle")]
    fake_dialogs.answer_yes = False  # no code sheet now
    window.make_button.invoke()
    pump(app)
    assert setup.read_bundle(tmp_path / "out" / f"{FY.start_year}.natori-bundle").checklist.id == "small"
    assert storage.get_year(app.ws.db, FY.start_year) is not None
    assert sorted(p.name for p in stick.iterdir()) == ["壊れた.yaml", "市の点検票.yaml"]  # read, not moved


def test_a_department_list_chosen_as_a_checklist_is_refused_in_japanese(tmp_path, make_app, fake_dialogs):
    from natori_secaudit.services import setup

    app = make_app(setup.create_admin_db(tmp_path / "admin.db", ADMIN))
    unlock(app, ADMIN, "情報 太郎")
    window = app.admin.year.open_setup()
    before = list(window.choices)
    fake_dialogs.open_path = str(SMALL / "departments.yaml")
    window.other_checklist.invoke()
    pump(app)
    assert "点検票ではありません" in fake_dialogs.errors[-1] and window.choices == before
