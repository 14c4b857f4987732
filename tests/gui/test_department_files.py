"""The department's files from the menu: the submission written again, earlier answers loaded."""

from __future__ import annotations

import pytest

from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.services import admin, enrolment, history, setup, submission
from natori_secaudit.services.department import DepartmentWorkspace
from tests.integration.conftest import SMALL, answer_all

from .conftest import DEPT_PASS, unlock

pytestmark = pytest.mark.gui
FY = FiscalYear(2026)
ADMIN = "admin passphrase 1"


def test_the_submission_file_can_be_saved_again_with_the_same_bytes(
    dept_db, make_app, fake_dialogs, tmp_path
):
    with DepartmentWorkspace.open(dept_db, DEPT_PASS) as ws:
        answer_all(ws, FY)
        first = submission.submit(ws, FY, tmp_path / "shared")
    original = first.read_bytes()
    first.unlink()  # deleted from the shared folder by mistake
    app = make_app(dept_db)
    unlock(app)
    fake_dialogs.save_path = ""
    app.department.write_again()  # Cancel: nothing written
    assert not first.exists()
    fake_dialogs.save_path = str(first)
    app.department.write_again()
    assert first.read_bytes() == original
    assert "同じ提出ファイル" in fake_dialogs.infos[-1]


def test_a_re_enrolled_database_loads_its_earlier_answers_from_the_menu(tmp_path, make_app, fake_dialogs):
    admin_db = setup.create_admin_db(tmp_path / "admin.db", ADMIN)
    b1 = setup.make_bundle(
        admin_db, ADMIN, 2025, "small", tmp_path / "2025.natori-bundle", checklist_dirs=[SMALL]
    )
    b2 = setup.make_bundle(
        admin_db, ADMIN, 2026, "small", tmp_path / "2026.natori-bundle", checklist_dirs=[SMALL]
    )
    with admin.AdminWorkspace.open(admin_db, ADMIN) as ws:
        code = enrolment.issue_code(ws, "shimin").text
    lost = setup.create_department_db(tmp_path / "lost.db", DEPT_PASS, b1, "shimin", enrollment_code=code)
    with DepartmentWorkspace.open(lost, DEPT_PASS) as ws:
        answer_all(ws, FiscalYear(2025))
        sent = submission.submit(ws, FiscalYear(2025), tmp_path / "shared")
    with admin.AdminWorkspace.open(admin_db, ADMIN) as ws:
        assert ws.import_file(sent).outcome == "imported"
        new_code = enrolment.issue_code(ws, "shimin").text
        file, _years = history.write_history(ws, "shimin", tmp_path / "shimin.natori-history")
    new = setup.create_department_db(tmp_path / "new.db", DEPT_PASS, b2, "shimin", enrollment_code=new_code)
    app = make_app(new)
    unlock(app)
    assert [fy.start_year for fy, _label in app.assessment.years] == [2026]
    fake_dialogs.open_path = str(file)
    app.department.accept_history()
    assert "令和7年度" in fake_dialogs.infos[-2] or "令和7年度" in fake_dialogs.infos[-1]
    assert [fy.start_year for fy, _label in app.assessment.years] == [2026, 2025]
    assert any(a.carried_over for a in app.department.ws.assessment(FY).answers.values())
