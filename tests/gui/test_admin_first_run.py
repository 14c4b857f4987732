"""The IT division's first run from the app (no ``init --role admin``): the first-run screen makes
its database and opens the dashboard; next time the app opens on it; a PC holding both roles'
databases offers the other one at the unlock screen. Real widgets; the assertions are on the
database written (its role and key), the screen shown and the dialogs' text."""

from __future__ import annotations

import pytest

from tests.gui.conftest import fill_admin_wizard, pump, unlock

pytestmark = pytest.mark.gui
ADMIN = "admin passphrase 1"


def test_the_first_run_screen_makes_the_it_divisions_database_and_opens_the_dashboard(make_app, fake_dialogs):
    from natori_secaudit import storage
    from natori_secaudit.gui.admin_screen import AdminScreen
    from natori_secaudit.gui.admin_wizard_view import AdminWizardView
    from natori_secaudit.gui.unlock_view import UnlockView
    from natori_secaudit.gui.wizard_view import WizardView
    from natori_secaudit.services import paths, setup

    app = make_app(None)  # started without --db, as the desktop shortcut does
    assert isinstance(app.screen, WizardView)
    app.screen.admin_button.invoke()
    pump(app)
    view = app.screen
    assert isinstance(view, AdminWizardView)
    assert str(paths.default_admin_db()) in view.intro.cget("text")  # where it is made, said before
    fill_admin_wizard(view, "情報 太郎", ADMIN, ADMIN)
    view.create_button.invoke()
    pump(app)
    assert fake_dialogs.errors == []
    assert isinstance(app.screen, AdminScreen) and app.admin is not None
    assert not paths.default_department_db().exists()
    app.lock()  # locking comes back to the database just made
    pump(app)
    assert isinstance(app.screen, UnlockView) and app.screen.db_path == paths.default_admin_db()
    fingerprint = setup.admin_fingerprint(paths.default_admin_db(), ADMIN)
    assert fingerprint in fake_dialogs.infos[-1] and "年度の準備" in fake_dialogs.infos[-1]
    with storage.Database.open(paths.default_admin_db(), ADMIN) as db:
        assert db.role == "admin"
    app = make_app(None)  # the next start opens on it, not on the department's first run
    assert isinstance(app.screen, UnlockView) and app.screen.db_path == paths.default_admin_db()
    unlock(app, ADMIN, "情報 太郎")
    assert app.admin is not None, fake_dialogs.errors


def test_a_mismatch_or_a_short_passphrase_is_refused_and_back_writes_nothing(make_app, fake_dialogs):
    from natori_secaudit.gui.wizard_view import WizardView
    from natori_secaudit.services import paths

    app = make_app(None)
    app.screen.admin_button.invoke()
    pump(app)
    view = app.screen
    fill_admin_wizard(view, "情報 太郎", ADMIN, ADMIN + "x")
    view.create_button.invoke()
    pump(app)
    assert "一致しません" in view.message.cget("text")
    view.pass1.delete(0, "end")
    view.pass2.delete(0, "end")
    view.pass1.insert(0, "short")
    view.pass2.insert(0, "short")
    view.create_button.invoke()
    pump(app)
    assert "8文字以上" in view.message.cget("text")
    assert not paths.default_admin_db().exists()
    view.back_button.invoke()
    pump(app)
    assert isinstance(app.screen, WizardView)
    assert not paths.default_admin_db().exists() and not paths.default_department_db().exists()


def test_a_pc_with_both_databases_offers_the_other_one_at_unlock(make_app, fake_dialogs, dept_db):
    import shutil

    from natori_secaudit.services import paths, setup

    paths.default_department_db().parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(dept_db, paths.default_department_db())
    setup.create_admin_db(paths.default_admin_db(), ADMIN)
    app = make_app(None)
    assert app.screen.db_path == paths.default_department_db()  # the department's first
    assert str(paths.default_admin_db()) in app.screen.other_button.cget("text")
    app.screen.other_button.invoke()
    pump(app)
    assert app.screen.db_path == paths.default_admin_db()
    unlock(app, ADMIN, "情報 太郎")
    assert app.admin is not None, fake_dialogs.errors


@pytest.mark.parametrize("step", [0, 99])  # the default and the largest text size
def test_the_first_run_screens_fit_1366x768_at_every_text_size(make_app, tmp_path, step):
    """1366×768 less the taskbar leaves about 728 pixels: every button of the first-run screen —
    restoring a backup and the IT division's database included — is on the screen."""
    app = make_app(tmp_path / "new" / "department.db")
    app.root.geometry("1366x728+0+0")
    app.set_font(step)
    pump(app, 0.2)
    bottom = app.root.winfo_rooty() + app.root.winfo_height()
    for button in (app.screen.create_button, app.screen.restore_button, app.screen.admin_button):
        assert button.winfo_ismapped()
        assert button.winfo_rooty() + button.winfo_height() <= bottom, (step, button.cget("text"))
    app.screen.admin_button.invoke()
    pump(app, 0.2)
    for button in (app.screen.create_button, app.screen.back_button):
        assert button.winfo_rooty() + button.winfo_height() <= bottom, (step, button.cget("text"))
