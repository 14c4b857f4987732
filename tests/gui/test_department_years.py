"""The department's second year in the app: a new bundle, carry-over, the year switcher,
past years read-only, the comparison with last year. Each test checks the database."""

from __future__ import annotations

import pytest

from natori_secaudit.domain.answers import AnswerStatus
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.services import setup, submission
from natori_secaudit.services.department import DepartmentWorkspace
from tests.integration.conftest import DATA, SMALL, answer_all, enrol

from .conftest import DEPT_PASS, press, pump, unlock

pytestmark = pytest.mark.gui
FY1, FY2 = FiscalYear(2025), FiscalYear(2026)
ADMIN = "admin passphrase 1"


@pytest.fixture
def two_bundles(tmp_path):
    """A department that submitted 令和7年度, and the IT division's revised 令和8年度 bundle."""
    admin = setup.create_admin_db(tmp_path / "admin.db", ADMIN)
    b1 = setup.make_bundle(
        admin, ADMIN, 2025, "small", tmp_path / "2025.natori-bundle", checklist_dirs=[SMALL]
    )
    b2 = setup.make_bundle(
        admin, ADMIN, 2026, "small", tmp_path / "2026.natori-bundle", checklist_dirs=[DATA / "years" / "y2"]
    )
    db = setup.create_department_db(
        tmp_path / "shimin.db", DEPT_PASS, b1, "shimin", enrollment_code=enrol(admin, "shimin", ADMIN)
    )
    with DepartmentWorkspace.open(db, DEPT_PASS) as ws:
        answer_all(ws, FY1, {"B-1": AnswerStatus.PARTIAL, "B-3": AnswerStatus.NOT_IMPLEMENTED})
        submission.submit(ws, FY1, tmp_path / "out")
    return db, b2


def years_held(db):
    with DepartmentWorkspace.open(db, DEPT_PASS) as ws:
        return [fy.start_year for fy in ws.years()], ws.assessment(ws.current_year()).answers


def test_opened_with_a_new_bundle_the_app_offers_it_and_carries_last_year_over(
    two_bundles, make_app, fake_dialogs
):
    db, b2 = two_bundles
    app = make_app(db)
    app.pending_bundle = b2  # natori-secaudit gui --db shimin.db 2026.natori-bundle
    unlock(app)
    pump(app)
    assert app.assessment.fy == FY2
    assert any("令和8年度の配布パッケージを読み込みました" in s for s in fake_dialogs.infos)
    assert any("引き継ぎました" in s for s in fake_dialogs.infos)
    assert "令和8年度" in app.assessment.year_box.get()
    app.quit()
    years, answers = years_held(db)
    assert years == [2025, 2026]
    assert (
        answers["B-10"].carried_over and answers["B-10"].status is AnswerStatus.PARTIAL
    )  # B-10 replaces B-1
    assert "B-4" not in answers  # new: nothing to carry


def test_declining_the_offer_or_cancelling_the_file_dialog_loads_nothing(two_bundles, make_app, fake_dialogs):
    db, b2 = two_bundles
    fake_dialogs.answer_yes = False
    app = make_app(db)
    app.pending_bundle = b2
    unlock(app)
    assert app.assessment.fy == FY1
    fake_dialogs.open_path = ""  # ファイル → 新しい年度の配布パッケージを開く… → Cancel
    app.department.open_bundle()
    fake_dialogs.open_path = str(b2)  # chosen, then "No" at the confirmation
    app.department.open_bundle()
    app.quit()
    assert years_held(db)[0] == [2025]


def test_past_years_are_read_only_and_the_comparison_follows_the_revision(
    two_bundles, make_app, fake_dialogs
):
    db, b2 = two_bundles
    app = make_app(db)
    unlock(app)
    fake_dialogs.open_path = str(b2)
    app.department.open_bundle()
    pump(app)
    screen = app.assessment
    assert screen.fy == FY2
    screen.select_item("B-10")
    screen.panel.buttons[AnswerStatus.IMPLEMENTED].invoke()  # confirms: 一部実施 -> 実施 (improved)
    screen.select_item("A-1")
    screen.panel.buttons[AnswerStatus.IMPLEMENTED].invoke()  # confirms: unchanged
    pump(app)

    box = screen.year_box
    box.current(1)  # 令和7年度（提出済）
    box.event_generate("<<ComboboxSelected>>")
    pump(app)
    past = app.assessment
    assert past.fy == FY1 and "過去の年度" in past.banner.cget("text")
    assert str(past.buttons["submit"].cget("state")) == "disabled"
    past.select_item("A-1")
    press(app, past.items, "3")  # a key cannot change a past year
    assert app.department.ws.assessment(FY1).answers["A-1"].status is AnswerStatus.IMPLEMENTED

    past.year_box.current(0)
    past.year_box.event_generate("<<ComboboxSelected>>")
    pump(app)
    assert app.assessment.fy == FY2
    app.department.show_changes()
    pump(app)
    window = app.department.changes
    assert window.group_items("improved") == ["B-10"]
    assert window.group_items("new_item") == ["B-4"]
    assert window.group_items("retired") == ["B-3"]
    assert "A-1" in window.group_items("unchanged")
    assert "B-1" in window.tree.item("B-10", "text")  # says which item it continues
    window.destroy()


def test_a_bundle_from_another_it_division_is_refused_with_both_fingerprints(
    two_bundles, tmp_path, make_app, fake_dialogs
):
    db, _b2 = two_bundles
    other = setup.create_admin_db(tmp_path / "other.db", ADMIN)
    forged = setup.make_bundle(
        other, ADMIN, 2026, "small", tmp_path / "forged.natori-bundle", checklist_dirs=[SMALL]
    )
    app = make_app(db)
    unlock(app)
    fake_dialogs.open_path = str(forged)
    app.department.open_bundle()
    assert fake_dialogs.errors and setup.admin_fingerprint(other, ADMIN) in fake_dialogs.errors[-1]
    assert setup.admin_fingerprint(tmp_path / "admin.db", ADMIN) in fake_dialogs.errors[-1]
    app.quit()
    assert years_held(db)[0] == [2025]


def test_a_year_not_handed_in_stays_answerable_after_next_years_bundle(tmp_path, make_app, fake_dialogs):
    """Loading next year's bundle never takes away the chance to finish and submit the year before."""
    admin = setup.create_admin_db(tmp_path / "admin.db", ADMIN)
    b1 = setup.make_bundle(
        admin, ADMIN, 2025, "small", tmp_path / "2025.natori-bundle", checklist_dirs=[SMALL]
    )
    b2 = setup.make_bundle(
        admin, ADMIN, 2026, "small", tmp_path / "2026.natori-bundle", checklist_dirs=[SMALL]
    )
    db = setup.create_department_db(
        tmp_path / "shimin.db", DEPT_PASS, b1, "shimin", enrollment_code=enrol(admin, "shimin", ADMIN)
    )
    app = make_app(db)
    unlock(app)
    fake_dialogs.open_path = str(b2)
    app.department.open_bundle()
    app.department.show_year(FY1)
    pump(app)
    screen = app.assessment
    assert screen.fy == FY1 and "まだ提出していません" in screen.banner.cget("text")
    assert str(screen.buttons["submit"].cget("state")) != "disabled"
    screen.select_item("A-1")
    press(app, screen.items, "1")
    assert app.department.ws.assessment(FY1).answers["A-1"].status is AnswerStatus.IMPLEMENTED
