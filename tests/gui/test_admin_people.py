"""Keys and people from the import results, receipts, restore onto this PC, the command line's
`bundle` fingerprint and `enroll --all --sheet`, and the new windows built without a database."""

from __future__ import annotations

import datetime as _dt
import time

import pytest
from pypdf import PdfReader

from natori_secaudit.domain.fiscal_year import FiscalYear
from tests.gui.conftest import pdf_text, pump, unlock
from tests.integration.conftest import DEPT_PASS, SMALL

pytestmark = pytest.mark.gui
ADMIN = "admin passphrase 1"
FY = FiscalYear(2026)


@pytest.fixture
def two_databases(tmp_path, bundle):
    """shimin's progress report from its enrolled database, and one from a second database made
    with the same (already used) 登録コード: its key is not the one the IT division trusts."""
    from natori_secaudit.services import admin, enrolment, setup, submission
    from natori_secaudit.services.department import DepartmentWorkspace

    with admin.AdminWorkspace.open(tmp_path / "admin.db", ADMIN) as ws:
        code = enrolment.issue_code(ws, "shimin").text
    files = []
    for n in (1, 2):
        db = setup.create_department_db(
            tmp_path / f"shimin{n}.db", DEPT_PASS, bundle, "shimin", enrollment_code=code
        )
        with DepartmentWorkspace.open(db, DEPT_PASS) as ws:
            files.append(
                submission.send_progress(ws, FY, tmp_path / f"shared{n}" / f"progress{n}.natori-submission")
            )
    return files


def import_all(app, files):
    app.admin.start_import(list(files))
    end = time.monotonic() + 20
    while app.admin.importing and time.monotonic() < end:
        pump(app, 0.05)
    pump(app)


def test_a_file_from_another_key_is_offered_a_new_code_from_the_import_results(
    make_app, fake_dialogs, saves, tmp_path, two_databases
):
    from natori_secaudit import storage

    app = make_app(tmp_path / "admin.db")
    unlock(app, ADMIN, "情報 太郎")
    import_all(app, two_databases)
    tab = app.admin.screen
    rows = tab.imports.get_children()
    rejected = [iid for iid in rows if "rejected" in tab.imports.item(iid, "tags")]
    assert len(rejected) == 1
    tab.act_button.invoke()  # nothing chosen: says what to choose
    assert "選んでください" in fake_dialogs.errors[-1]
    tab.imports.selection_set(rejected[0])
    fake_dialogs.answer_yes = True
    saves[:] = [str(tmp_path / "shimin-code.pdf")]
    tab.act_button.invoke()
    pump(app)
    assert len(storage.open_enrolments(app.ws.db, "shimin")) == 1
    assert "市民課" in PdfReader(str(tmp_path / "shimin-code.pdf")).pages[0].extract_text()
    keys = app.admin.keys.open_keys()
    assert keys.tree.item("shimin", "values")[1] == "登録済み"
    assert keys.tree.item("shimin", "values")[4] == 1 or keys.tree.item("shimin", "values")[4] == "1"


def test_receipts_list_every_file_received_with_revision_and_use(make_app, fake_dialogs, tmp_path, bundle):
    from natori_secaudit import storage

    app = make_app(tmp_path / "admin.db")
    unlock(app, ADMIN, "情報 太郎")
    when = _dt.datetime(2026, 6, 1, 9, 30).astimezone()
    for revision, _status in ((1, "superseded"), (2, "current")):
        storage.record_submission(
            app.ws.db,
            department_code="doboku",
            fiscal_year=2026,
            checklist_sha256="x",
            revision=revision,
            chain_head="h",
            file_sha256=f"{revision}" * 64,
            payload=b"{}",
            received_at=when,
            chain_seq=revision,
        )
    app.admin.screen.departments.selection_set("doboku")
    window = app.admin.keys.receipts()
    rows = [window.tree.item(iid, "values") for iid in window.tree.get_children()]
    assert [(str(r[0]), r[2]) for r in rows] == [("1", "新しい版に置き換え"), ("2", "集計に使用中")]
    assert rows[0][1] == "2026-06-01 09:30"


def test_restore_a_backup_onto_this_pc_from_the_menu(make_app, fake_dialogs, tmp_path, bundle):
    from natori_secaudit import storage
    from natori_secaudit.services import keeping

    usb = tmp_path / "usb"
    usb.mkdir()
    copy = keeping.backup(tmp_path / "admin.db", ADMIN, out=usb)
    app = make_app(tmp_path / "admin.db")
    unlock(app, ADMIN, "情報 太郎")
    storage.set_setting(app.ws.db, "marker", "after the backup")
    fake_dialogs.open_path = str(copy)
    fake_dialogs.answer_yes = True
    window = app.keeping.restore()
    window.entries["new"].insert(0, ADMIN)
    window.ok.invoke()
    pump(app)
    assert app.ws is None and "AIシステム推進課のデータベース" in fake_dialogs.infos[-1]
    with storage.Database.open(tmp_path / "admin.db", ADMIN) as db:
        assert storage.get_setting(db, "marker", None) is None


def test_cli_bundle_prints_the_fingerprint_and_enroll_all_writes_the_sheet(tmp_path, capsys, monkeypatch):
    from natori_secaudit.cli import main
    from natori_secaudit.services import setup

    admin = setup.create_admin_db(tmp_path / "admin.db", ADMIN)
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", ADMIN)
    fingerprint = setup.admin_fingerprint(admin, ADMIN)
    assert (
        main(
            [
                "--checklists",
                str(SMALL),
                "bundle",
                "--db",
                str(admin),
                "--year",
                "2026",
                "--checklist",
                "small",
                "--out",
                str(tmp_path / "b.natori-bundle"),
            ]
        )
        == 0
    )
    assert fingerprint in capsys.readouterr().out
    assert main(["enroll", "--db", str(admin), "--all", "--sheet", str(tmp_path / "codes.pdf")]) == 0
    out = capsys.readouterr()
    lines = out.out.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == ["shimin", "doboku", "toshokan"]
    text = pdf_text(tmp_path / "codes.pdf")
    assert all(line.split("\t")[1] in text for line in lines)
    assert main(["enroll", "--db", str(admin), "--all"]) == 0  # nobody left: says so, issues nothing
    assert "すべての所属" in capsys.readouterr().out


# -- the windows from domain objects, no database ----------------------------------------------------
@pytest.fixture
def root(blank_root):
    return blank_root


def test_year_setup_window_draws_choices_and_raises_make(root):
    from natori_secaudit.gui.admin_year_view import YearSetupWindow
    from natori_secaudit.loading import load_departments_file
    from natori_secaudit.services.year_setup import checklist_choices

    made = []
    window = YearSetupWindow(
        root,
        [FY, FY.next()],
        FY,
        checklist_choices([SMALL]),
        lambda fy, choice, text: made.append((fy, choice.checklist.id, text)),
        lambda: None,
    )
    window.show_departments("departments.yaml", load_departments_file(SMALL / "departments.yaml"))
    root.update()
    assert window.departments.item("shimin", "values")[1] == "市民課"
    window.deadline.insert(0, "2026-07-31")
    window.make_button.invoke()
    assert made == [(FY, "small", "2026-07-31")]


def test_keys_window_draws_key_rows(root):
    from natori_secaudit import storage
    from natori_secaudit.gui.admin_keys_view import KeysWindow
    from natori_secaudit.services.follow_up import KeyRow

    key = storage.KeyRecord(1, "shimin", b"k", "AAAA-BBBB", "enrolled", 1, "2026-05-01T10:00:00", None)
    asked = []
    window = KeysWindow(
        root,
        "1234-5678",
        [KeyRow("shimin", "市民課", key, 0, 1), KeyRow("doboku", "土木課", None, 1, 0)],
        {"issue": asked.append, "history": asked.append, "receipts": asked.append},
    )
    root.update()
    assert window.tree.item("shimin", "values")[1:4] == ("登録済み", "AAAA-BBBB", "2026-05-01")
    assert "missing" in window.tree.item("doboku", "tags")
    window.tree.selection_set("doboku")
    window.buttons["issue"].invoke()
    assert asked == ["doboku"]
