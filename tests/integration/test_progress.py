"""Progress reports (途中経過): a department says 回答中 and how far it is; nothing locks or counts."""

from __future__ import annotations

import itertools
import shutil

import pytest

from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.assessment import AssessmentState
from natori_secaudit.domain.dashboard import dashboard_rows, totals
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.errors import Refused
from natori_secaudit.services import submission
from natori_secaudit.services.admin import AdminWorkspace
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import ADMIN_PASS, DEPT_PASS, answer_all, make_department

FY = FiscalYear(2026)


@pytest.fixture
def files(city):
    """shimin: a progress report at 2 of 5, a later one at 4 of 5, then the final submission."""
    tmp, admin, bundle = city
    path = make_department(tmp, bundle, "shimin")
    out = tmp / "out"
    with DepartmentWorkspace.open(path, DEPT_PASS, "所属 花子") as ws:
        ws.save_answer(FY, Answer("A-1", AnswerStatus.IMPLEMENTED))
        ws.save_answer(FY, Answer("B-3", AnswerStatus.IMPLEMENTED))
        first = submission.send_progress(ws, FY, out / "p1.natori-submission")
        assert ws.assessment(FY).state is not AssessmentState.SUBMITTED  # nothing locked
        ws.save_answer(FY, Answer("A-2", AnswerStatus.IMPLEMENTED))
        ws.save_answer(FY, Answer("B-1", AnswerStatus.IMPLEMENTED))
        second = submission.send_progress(ws, FY, out)
        answer_all(ws, FY)
        final = submission.submit(ws, FY, out)
        with pytest.raises(Refused, match="提出済み"):
            submission.send_progress(ws, FY, out)
    assert second.name == "2026_shimin_progress.natori-submission"
    return admin, first, second, final


def test_a_progress_report_shows_in_progress_with_its_count_and_counts_nothing(files):
    admin, first, second, _final = files
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert ws.import_file(first).outcome == "imported"
        assert ws.import_file(first).outcome == "unchanged"
        note = ws.progress(FY)["shimin"]
        assert (note.answered, note.total) == (2, 5)
        compiled = ws.compile(FY)
        assert "shimin" not in ws.year_data(FY).assessments  # no answers are kept from a progress report
        assert compiled.submitted_count == 0 and compiled.city.percent is None
        (row,) = [r for r in dashboard_rows(compiled, ws.progress(FY)) if r.code == "shimin"]
        assert row.state is AssessmentState.IN_PROGRESS and (row.progress.answered, row.progress.total) == (
            2,
            5,
        )
        assert totals(compiled, dashboard_rows(compiled, ws.progress(FY))).in_progress == 1
        assert ws.import_file(second).outcome == "replaced"
        assert (ws.progress(FY)["shimin"].answered, ws.progress(FY)["shimin"].total) == (4, 5)
        older = ws.import_file(first)
        assert older.outcome == "rejected" and "前のもの" in older.reason
        assert ws.progress(FY)["shimin"].answered == 4


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_any_order_ends_submitted_with_the_final_answers(files, order, tmp_path):
    admin, *paths = files
    copy = tmp_path / "admin-copy.db"
    shutil.copy(admin, copy)
    for side in admin.parent.glob(admin.name + ".*"):
        shutil.copy(side, tmp_path / (copy.name + side.name[len(admin.name) :]))
    with AdminWorkspace.open(copy, ADMIN_PASS) as ws:
        for i in order:
            ws.import_file(paths[i])
        compiled = ws.compile(FY)
    shimin = compiled.department("shimin")
    assert shimin.state is AssessmentState.SUBMITTED and shimin.revision == 1
    assert shimin.score.percent == 100.0 and compiled.submitted_count == 1
