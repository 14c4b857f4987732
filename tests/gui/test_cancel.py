"""Every Cancel cancels: a cancelled save dialog submits nothing, locks nothing, writes nothing."""

from __future__ import annotations

import pytest

from natori_secaudit.domain.assessment import AssessmentState
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.gui.dialogs import with_suffix
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import DEPT_PASS, press, unlock

pytestmark = pytest.mark.gui
FY = FiscalYear(2026)


def written_files(root):
    return sorted(p for p in root.rglob("*.natori-submission"))


def test_cancelling_the_submit_dialog_submits_nothing(dept_db, make_app, fake_dialogs, tmp_path):
    app = make_app(dept_db)
    unlock(app)
    screen = app.assessment
    for item_id in ("A-1", "A-2", "B-1", "B-2", "B-3"):
        screen.select_item(item_id)
        press(app, screen.items, "1")
    fake_dialogs.save_path = ""  # the user presses Cancel in the save dialog
    app.department.submit()
    assert "提出済み" not in screen.banner.cget("text")
    fake_dialogs.save_path = ""
    app.department.send_progress()
    app.quit()
    with DepartmentWorkspace.open(dept_db, DEPT_PASS) as ws:
        assert ws.assessment(FY).state is AssessmentState.IN_PROGRESS
    assert written_files(tmp_path) == []  # nothing in a hidden app-data folder either
    assert not any("作成しました" in s for s in fake_dialogs.infos)


def test_a_name_typed_without_its_suffix_gets_it():
    pdf = [("PDF", "*.pdf")]
    assert with_suffix("/tmp/report", pdf) == "/tmp/report.pdf"
    assert with_suffix("/tmp/report.PDF", pdf) == "/tmp/report.PDF"
    assert with_suffix("/tmp/令和8年度.報告", pdf) == "/tmp/令和8年度.報告.pdf"
    assert with_suffix("", pdf) == ""
    assert with_suffix("/tmp/x", [("表", "*.csv *.xlsx")]) == "/tmp/x.csv"
