"""One passphrase rule, kept by the services; the CLI and the wizard show the services' words."""

from __future__ import annotations

import pytest

from natori_secaudit import i18n
from natori_secaudit.cli import main
from natori_secaudit.errors import InvalidInput
from natori_secaudit.services import keeping, setup

from .conftest import ADMIN_PASS

SHORT = "a" * (setup.MIN_PASSPHRASE_LENGTH - 1)
RULE = i18n.t("safekeeping.passphrase_too_short", lang="ja", min=setup.MIN_PASSPHRASE_LENGTH)


def test_the_rule_is_eight_characters_counted_as_typed():
    assert setup.MIN_PASSPHRASE_LENGTH == 8
    for short in ("", "a", SHORT, "名取市の合言葉"):  # 7 Japanese characters
        with pytest.raises(InvalidInput) as err:
            setup.check_new_passphrase(short)
        assert err.value.message == RULE
    for fine in ("a" * 8, "名取市の合言葉だ", "ｶﾞｯｺｳﾉｱｲｺﾄﾊﾞ"):
        setup.check_new_passphrase(fine)
    assert setup.passphrase_strength(SHORT)[0] == 0 and setup.passphrase_strength("a" * 8)[0] >= 1


def test_create_admin_db_refuses_a_short_passphrase_and_creates_nothing(tmp_path):
    folder = tmp_path / "admin"
    for short in ("a", SHORT):
        with pytest.raises(InvalidInput) as err:
            setup.create_admin_db(folder / "admin.db", short)
        assert err.value.message == RULE
    assert not folder.exists()


def test_create_department_db_refuses_a_short_passphrase_and_creates_nothing(city):
    tmp, _admin, bundle = city
    with pytest.raises(InvalidInput) as err:
        setup.create_department_db(tmp / "depts" / "doboku.db", "a", bundle, "doboku", enrollment_code="")
    assert err.value.message == RULE
    assert not (tmp / "depts").exists()


def test_change_passphrase_refuses_a_short_one_and_the_old_one_still_opens(city):
    _tmp, admin, _bundle = city
    with pytest.raises(InvalidInput) as err:
        keeping.change_passphrase_at(admin, ADMIN_PASS, SHORT)
    assert err.value.message == RULE
    assert setup.admin_fingerprint(admin, ADMIN_PASS)


def test_the_cli_shows_the_services_rule(tmp_path, capsys, monkeypatch):
    db = tmp_path / "admin.db"
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", SHORT)
    assert main(["init", "--db", str(db), "--role", "admin"]) == 2
    assert capsys.readouterr().err.strip() == RULE
    assert not db.exists()
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", "long enough passphrase")
    assert main(["init", "--db", str(db), "--role", "admin"]) == 0
    monkeypatch.setenv("NATORI_SECAUDIT_NEW_PASSPHRASE", "a")
    capsys.readouterr()
    assert main(["passwd", "--db", str(db)]) == 2
    assert capsys.readouterr().err.strip() == RULE
    monkeypatch.setenv("NATORI_SECAUDIT_NEW_PASSPHRASE", "another long passphrase")
    assert main(["passwd", "--db", str(db)]) == 0
    assert "以前のパスフレーズのまま" in capsys.readouterr().out  # backups keep the old one


def test_the_cli_prompt_checks_the_rule_before_asking_again(monkeypatch):
    from natori_secaudit.cli import passphrase

    monkeypatch.delenv("NATORI_SECAUDIT_PASSPHRASE", raising=False)
    asked = []
    monkeypatch.setattr(passphrase, "_prompt", lambda label: asked.append(label) or "short")
    with pytest.raises(InvalidInput) as err:
        passphrase.ask_new()
    assert err.value.message == RULE and len(asked) == 1


@pytest.fixture
def wizard(city, tmp_path, monkeypatch, session_root):
    monkeypatch.setenv("TTKBOOTSTRAP_STRICT", "1")
    from natori_secaudit.gui.wizard_view import WizardView

    _tmp, admin, bundle = city
    from .conftest import enrol

    code = enrol(admin, "doboku")
    created = []
    view = WizardView(session_root, tmp_path / "wizard" / "doboku.db", lambda *a: created.append(a))
    view.bundle_path.insert(0, str(bundle))
    assert view.load_bundle()
    view.department.current(1)
    view.code.insert(0, code)
    try:
        yield view, created
    finally:
        view.destroy()
        for ws, _name in created:
            ws.close()


def test_the_wizard_shows_the_services_rule_and_creates_nothing(wizard):
    view, created = wizard
    assert view.strength.cget("text") == setup.passphrase_rule()
    for entry in (view.pass1, view.pass2):
        entry.insert(0, SHORT)
    view.passphrase.update_gauge()
    assert view.strength.cget("text").startswith(setup.passphrase_rule())
    view.create()
    assert view.message.cget("text") == RULE
    assert created == [] and not view.db_path.exists()
    for entry in (view.pass1, view.pass2):
        entry.insert("end", "b")  # now eight characters: the same rule lets it through
    view.passphrase.update_gauge()
    view.create()
    assert created and view.db_path.exists()
