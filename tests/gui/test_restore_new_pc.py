"""A new PC: the first-run screen restores a backup made on the old one (「バックアップから復元…」),
then asks for the passphrase as usual — real widgets, real databases; the assertions are on the
answers in the restored database and on the screen."""

from __future__ import annotations

import pytest

from natori_secaudit.domain.fiscal_year import FiscalYear
from tests.gui.conftest import pump, unlock
from tests.integration.conftest import DEPT_PASS

pytestmark = pytest.mark.gui


def test_a_new_pc_restores_a_backup_from_the_first_run_screen(make_app, fake_dialogs, dept_db, tmp_path):
    from natori_secaudit.domain.answers import Answer, AnswerStatus
    from natori_secaudit.gui.unlock_view import UnlockView
    from natori_secaudit.gui.wizard_view import WizardView
    from natori_secaudit.services import keeping
    from natori_secaudit.services.department import DepartmentWorkspace

    fy = FiscalYear(2026)
    usb = tmp_path / "usb"
    usb.mkdir()
    with DepartmentWorkspace.open(dept_db, DEPT_PASS) as ws:
        ws.save_answer(fy, Answer("A-1", AnswerStatus.IMPLEMENTED, comment="鍵のかかる書庫"))
        copy, _same_disk = keeping.backup_to(ws, usb)  # what ファイル → バックアップを書き出す… does
    new_pc = tmp_path / "new-pc" / "data" / "department.db"
    app = make_app(new_pc)
    assert isinstance(app.screen, WizardView)
    fake_dialogs.open_path = str(copy)
    app.screen.restore_button.invoke()
    pump(app)
    window = app.keeping.window
    window.entries["new"].insert(0, DEPT_PASS)
    window.ok.invoke()
    pump(app)
    assert fake_dialogs.errors == []
    assert "バックアップから復元しました" in fake_dialogs.infos[-1] and "shimin" in fake_dialogs.infos[-1]
    assert isinstance(app.screen, UnlockView) and new_pc.exists()
    unlock(app)
    assert app.assessment is not None
    assert app.ws.assessment(fy).answers["A-1"].comment == "鍵のかかる書庫"
    assert app.assessment.items.item("A-1", "values")[0] == "✓ 実施"  # what the list shows


def test_a_wrong_passphrase_on_the_new_pc_says_so_and_creates_nothing(
    make_app, fake_dialogs, dept_db, tmp_path
):
    from natori_secaudit.gui.wizard_view import WizardView
    from natori_secaudit.services import keeping

    copy = keeping.backup(dept_db, DEPT_PASS, out=tmp_path / "usb")
    new_pc = tmp_path / "new-pc" / "department.db"
    app = make_app(new_pc)
    fake_dialogs.open_path = str(copy)
    app.screen.restore_button.invoke()
    app.keeping.window.entries["new"].insert(0, "まちがい のパスフレーズ")
    app.keeping.window.ok.invoke()
    pump(app)
    assert len(fake_dialogs.errors) == 1 and "パスフレーズ" in fake_dialogs.errors[0]
    assert not new_pc.exists()
    assert isinstance(app.screen, WizardView)
