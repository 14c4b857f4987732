"""Carry over last year: copied, marked 前年度から, counted only once a person confirms."""

from __future__ import annotations

from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.services import setup, submission, years
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import ADMIN_PASS, DEPT_PASS, SMALL, answer_all, make_department

FY1, FY2 = FiscalYear(2025), FiscalYear(2026)


def test_last_years_answers_are_offered_and_need_confirming(tmp_path):
    admin = setup.create_admin_db(tmp_path / "admin.db", ADMIN_PASS)
    b1 = setup.make_bundle(
        admin, ADMIN_PASS, 2025, "small", tmp_path / "2025.natori-bundle", checklist_dirs=[SMALL]
    )
    b2 = setup.make_bundle(
        admin, ADMIN_PASS, 2026, "small", tmp_path / "2026.natori-bundle", checklist_dirs=[SMALL]
    )
    path = make_department(tmp_path, b1, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        assert not ws.can_carry_over(FY1)
        answer_all(ws, FY1, {"B-1": AnswerStatus.PARTIAL})
        submission.submit(ws, FY1, tmp_path / "out")
        assert years.accept_bundle(ws, b2).added
        assert ws.current_year() == FY2
        assert ws.can_carry_over(FY2)
        copied = len(ws.carry_over(FY2).answers)
        view = ws.assessment(FY2)
        assert copied == len(view.items)
        assert all(a.carried_over for a in view.answers.values())
        assert view.answers["B-1"].action == "来年度までに対応"
        assert ws.progress(FY2).answered == 0 and ws.progress(FY2).carried_over == copied
        assert {r for _i, reasons in ws.missing(FY2) for r in reasons} == {"confirm"}
        ws.save_answer(FY2, Answer("A-1", AnswerStatus.IMPLEMENTED))  # a person confirms one
        assert ws.progress(FY2).answered == 1
        assert not ws.can_carry_over(FY2)  # offered only once
