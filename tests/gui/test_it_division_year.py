"""A new member of the IT division (AIシステム推進課) runs a whole year from the app alone — no
command line on the IT division's side — on real widgets:

1. the first-run screen makes the IT division's database;
2. 年度の準備 (File menu): the year, the checklist, the 提出期限, the bundle and the 登録コード sheet;
3. 鍵と所属 (File menu): new slips for 市民課 and 土木課;
4. the departments, with their own doors (the command line, as a department may use it), set up
   from the codes printed on the slips and hand in to one shared folder: 市民課 and 土木課 their
   answers, 図書館 only a progress report;
5. the dashboard imports the folder and sends 土木課 back with a reason (the notice is written,
   and the department's program accepts it);
6. after the deadline, the 督促一覧 (File menu) names 土木課 and 図書館;
7. the CISO report from the dashboard's button;
8. a backup to a chosen folder (File menu), opened with the passphrase.

The assertions are on what the member sees and keeps: the dialogs' text, the dashboard's rows, the
files written (read back: the bundle, the PDFs' text, the backup) and the database's rows.
"""

from __future__ import annotations

import datetime as _dt
import re

import pytest

from natori_secaudit.domain.fiscal_year import FiscalYear
from tests.gui.conftest import (
    COL,
    file_menu,
    fill_admin_wizard,
    import_folder,
    pdf_text,
    pump,
    start_year,
    tree_rows,
    wait_for_info,
)
from tests.integration.conftest import ADMIN_PASS, DEPT_PASS, answer_and_submit, cli, init_department

pytestmark = pytest.mark.gui
MEMBER = "名取 新人"  # the new member of AIシステム推進課
NAMES = {"shimin": "市民課", "doboku": "土木課", "toshokan": "図書館"}  # tests/data/small/departments.yaml
# One slip of a 登録コード sheet as its text reads: "市民課 [shimin] 登録コード 0EJGZ-ARY4K-WAMCN-WZ6PQ".
SLIP = re.compile(r"\[(\w+)\]\s*登録コード\s*([0-9A-Z]{5}(?:-[0-9A-Z]{5}){3})")
# What the member did, as the audit log names it.
MEMBERS_STEPS = {
    "database_created",
    "bundle",
    "year_stored",
    "enrolment_code",
    "import",
    "import_progress",
    "department_key_trusted",
    "state_returned",
    "report",
}
REASON = "A-1 の改善予定に担当者と期限を書いてください。"


def codes_on(pdf) -> dict[str, str]:
    """The 登録コード of each department on a sheet (what the department types in)."""
    return dict(SLIP.findall(pdf_text(pdf)))


def wareki(day: _dt.date) -> str:
    return f"令和{day.year - 2018}年{day.month}月{day.day}日"


def button(screen, label: str):
    """The dashboard's button that reads ``label``."""
    return next(b for b in screen.buttons if str(b.cget("text")) == label)


def set_up_department(capsys, monkeypatch, tmp_path, bundle, code: str, enrolment_code: str, fingerprint):
    """`init --role department` with the code from the slip; the program shows the IT division's
    fingerprint, which the department compares with the one printed on the slip."""
    db = tmp_path / "departments" / f"{code}.db"
    rc, out, err = init_department(
        capsys, monkeypatch, db, bundle, code, enrolment_code, "--name", f"{NAMES[code]} 担当"
    )
    assert rc == 0, err
    assert fingerprint in out
    return db


def test_a_new_it_division_member_runs_the_whole_year_from_the_app(
    make_app, fake_dialogs, saves, user_checklist, tmp_path, capsys, monkeypatch
):
    from natori_secaudit import storage
    from natori_secaudit.domain.assessment import AssessmentState
    from natori_secaudit.errors import WrongPassphrase
    from natori_secaudit.gui.admin_screen import AdminScreen
    from natori_secaudit.gui.admin_wizard_view import AdminWizardView
    from natori_secaudit.gui.wizard_view import WizardView
    from natori_secaudit.services import paths, setup

    fy = FiscalYear.current()
    deadline = _dt.date.today() - _dt.timedelta(days=1)  # the year compressed: passed by step 6
    if deadline < fy.start:
        pytest.skip("on the first day of a fiscal year no day of it has passed yet")
    out = tmp_path / "out"  # where 年度の準備 saves the bundle and the sheet (start_year)
    inbox = tmp_path / "共有フォルダー" / "提出"  # the one folder the departments hand in to

    # 1. The first-run screen: the IT division's database, then the dashboard.
    app = make_app(None)  # started as the desktop shortcut starts it, on a PC with no database
    assert isinstance(app.screen, WizardView)
    app.screen.admin_button.invoke()
    pump(app)
    assert isinstance(app.screen, AdminWizardView)
    fill_admin_wizard(app.screen, MEMBER, ADMIN_PASS, ADMIN_PASS)
    app.screen.create_button.invoke()
    pump(app)
    assert fake_dialogs.errors == []
    assert isinstance(app.screen, AdminScreen) and app.admin is not None
    admin_db = paths.default_admin_db()
    assert app.ws.path == admin_db and app.ws.db.role == "admin"
    fingerprint = app.ws.keys.fingerprint()
    assert fingerprint in fake_dialogs.infos[-1] and "年度の準備" in fake_dialogs.infos[-1]

    # 2. 年度の準備: the year, the small checklist, the department list, the deadline; bundle and sheet.
    window = start_year(app, fake_dialogs, saves, tmp_path, deadline=deadline.isoformat(), fy=fy)
    assert fake_dialogs.errors == []
    bundle = out / f"{fy.start_year}.natori-bundle"
    made = setup.read_bundle(bundle)
    assert (made.fiscal_year, made.checklist.id, made.fingerprint) == (fy.start_year, "small", fingerprint)
    assert any(str(bundle) in m and fingerprint in m for m in fake_dialogs.infos)
    assert "3 所属の登録コード表を作りました" in fake_dialogs.infos[-1]
    assert storage.get_year(app.ws.db, fy.start_year).deadline == deadline
    sheet = codes_on(out / "codes.pdf")
    assert sorted(sheet) == sorted(NAMES)
    text = pdf_text(out / "codes.pdf")
    assert all(name in text for name in NAMES.values())
    assert fingerprint in text and wareki(deadline) in text and "テスト市" in text
    screen = app.admin.screen
    assert screen.year_choice.get() == f"{fy.label_ja}（提出 0/3）"
    assert f"提出期限: {deadline.isoformat()}" in screen.info.cget("text")
    window.close_button.invoke()
    pump(app)

    # 3. 鍵と所属: a new slip each for 市民課 and 土木課 (say the first ones went astray).
    file_menu(app, "鍵と所属…")
    keys = app.admin.keys.window
    assert keys is not None and fingerprint in keys.fingerprint.cget("text")
    slips = {}
    for code in ("shimin", "doboku"):
        assert keys.tree.item(code, "values")[1] == "未登録"
        keys.tree.selection_set(code)
        saves[:] = [str(out / f"{code}-code.pdf")]
        keys.buttons["issue"].invoke()
        pump(app)
        assert fake_dialogs.errors == []
        assert "1 所属の登録コード表を作りました" in fake_dialogs.infos[-1]
        slip = codes_on(out / f"{code}-code.pdf")
        assert list(slip) == [code] and slip[code] != sheet[code]
        slips[code] = slip[code]
        assert keys.tree.item(code, "values")[4] == "1"  # this one: the new slip cancels the sheet's code
    assert keys.tree.item("toshokan", "values")[4] == "1"
    assert {c: len(storage.open_enrolments(app.ws.db, c)) for c in NAMES} == {
        "shimin": 1,
        "doboku": 1,
        "toshokan": 1,
    }

    # 4. The departments: set up from their slips, answer and hand in to the shared folder.
    dbs = {
        code: set_up_department(capsys, monkeypatch, tmp_path, bundle, code, enrolment, fingerprint)
        for code, enrolment in (*slips.items(), ("toshokan", sheet["toshokan"]))
    }
    statuses = {"shimin": {"B-1": "partial"}, "doboku": {"A-1": "not_implemented", "B-3": "unknown"}}
    for code in ("shimin", "doboku"):
        answer_and_submit(
            capsys,
            monkeypatch,
            tmp_path,
            dbs[code],
            fy.start_year,
            lambda item, s=statuses[code]: s.get(item, "implemented"),
            inbox,
        )
    table = tmp_path / "toshokan-answers.csv"  # 図書館 has answered one item so far
    table.write_text("item_id,status,comment,evidence,action,due\nA-1,実施,,貸出規程 第5条,,\n", "utf-8")
    rc, _, err = cli(
        capsys, monkeypatch, "answers", "import", "--db", dbs["toshokan"], "--year", fy.start_year, table
    )
    assert rc == 0, err
    rc, _, err = cli(
        capsys,
        monkeypatch,
        "submit",
        "--db",
        dbs["toshokan"],
        "--year",
        fy.start_year,
        "--out",
        inbox,
        "--progress",
    )
    assert rc == 0, err
    assert len(list(inbox.iterdir())) == 3

    # 5. The dashboard imports the folder, then sends 土木課 back with a reason.
    import_folder(app, fake_dialogs, inbox, start=button(screen, "フォルダーから取り込む…").invoke)
    imported = tree_rows(screen.imports)
    assert len(imported) == 3 and all(r[1] == "新規" for r in imported.values()), imported
    rows = tree_rows(screen.departments)
    assert {c: (r[COL["status"]], r[COL["revision"]]) for c, r in rows.items()} == {
        "shimin": ("提出済", "1"),
        "doboku": ("提出済", "1"),
        "toshokan": ("回答中 1/4", "—"),  # A-1 of its four items (A-2 is for personal_data)
    }
    assert rows["doboku"][COL["high_gaps"]] == "1" and rows["doboku"][COL["unknown"]] == "1"
    assert "提出 2 / 3 所属" in screen.summary.cget("text")
    file_menu(app, "鍵と所属…")  # each department's key, trusted through the code it typed in
    for code in NAMES:
        row = keys.tree.item(code, "values")
        assert (row[1], row[2]) == ("登録済み", storage.current_key(app.ws.db, code).fingerprint)
    notice = inbox / "差し戻し" / f"{fy.start_year}_doboku_r1.natori-return"
    screen.departments.selection_set("doboku")
    fake_dialogs.text_answer = REASON
    saves[:] = [str(notice)]
    button(screen, "差し戻し…").invoke()
    pump(app)
    assert fake_dialogs.errors == []
    assert "土木課" in fake_dialogs.infos[-1] and str(notice) in fake_dialogs.infos[-1]
    assert notice.is_file()
    assert tree_rows(screen.departments)["doboku"][COL["status"]] == "差し戻し"
    assert storage.get_assessment(app.ws.db, fy.start_year, "doboku").state is AssessmentState.RETURNED
    rc, said, err = cli(capsys, monkeypatch, "accept-return", "--db", dbs["doboku"], notice)
    assert rc == 0 and REASON in said, err  # the department's program reads the notice

    # 6. After the deadline: the late departments in red, and the 督促一覧 from the File menu.
    assert "過ぎました" in screen.info.cget("text")
    late = {c for c in screen.departments.get_children() if "overdue" in screen.departments.item(c, "tags")}
    assert late == {"doboku", "toshokan"}
    saves[:] = [str(out / "reminders.pdf")]
    file_menu(app, "督促一覧（PDF）…")
    assert fake_dialogs.errors == []
    assert "督促一覧（2 所属）" in fake_dialogs.infos[-1]
    text = re.sub(
        r"\s+", "", pdf_text(out / "reminders.pdf")
    )  # one line a department: 所属 所属長 状況 最後の…
    assert "督促一覧" in text and "テスト市" in text and f"提出期限{wareki(deadline)}" in text
    assert "土木課—差し戻し第1版" in text and "図書館—回答中途中経過1/4" in text
    assert "市民課" not in text

    # 7. The CISO report from the dashboard's button.
    saves[:] = [str(out / "ciso.pdf")]
    button(screen, "CISO報告書…").invoke()
    wait_for_info(app, fake_dialogs, str(out / "ciso.pdf"))
    text = pdf_text(out / "ciso.pdf").replace("\n", "")
    assert "テスト市最高情報セキュリティ責任者（CISO） 様" in text and fy.label_ja in text
    assert "対象：3所属（提出1所属）" in text and "市民課（市民生活部）" in text  # the appendix
    assert "土木課（差し戻し）" in text and "図書館（回答中・途中経過 1/4項目）" in text
    assert "図書館（未着手）" not in text  # 図書館 has sent its progress: nowhere called not started

    # 8. A backup to a chosen folder (USB memory), from the File menu.
    usb = tmp_path / "usb"
    usb.mkdir()
    fake_dialogs.directory = str(usb)
    file_menu(app, "バックアップを書き出す…")
    assert fake_dialogs.errors == []
    copies = list(usb.glob("*.db"))
    assert len(copies) == 1, fake_dialogs.infos
    copy = copies[0]
    assert str(copy) in fake_dialogs.infos[-1]

    # What the member keeps: the database (and its backup) holds the year as the dashboard showed it.
    file_menu(app, "ロック")
    assert app.ws is None
    for path in (admin_db, copy):
        with storage.Database.open(path, ADMIN_PASS) as db:
            assert db.role == "admin"
            assert storage.get_year(db, fy.start_year).deadline == deadline
            states = {r.department_code: r.state for r in storage.list_assessments(db, fy.start_year)}
            assert states == {"shimin": AssessmentState.SUBMITTED, "doboku": AssessmentState.RETURNED}
            assert all(storage.current_key(db, c) is not None for c in NAMES)  # enrolled by their files
            assert {n.department_code for n in storage.progress_notes(db, fy.start_year)} == {"toshokan"}
            steps = [e for e in storage.audit_entries(db) if e.event in MEMBERS_STEPS]
            assert {e.event for e in steps} == MEMBERS_STEPS  # each step is in the log,
            assert {e.actor for e in steps} == {MEMBER}  # under the name typed at the first run
            printed = {e.subject for e in steps if e.event == "report"}
            assert {f"{fy.start_year}/ciso", f"{fy.start_year}/reminders"} <= printed  # 督促一覧 too
    with pytest.raises(WrongPassphrase):  # and with it only
        storage.Database.open(copy, DEPT_PASS)
