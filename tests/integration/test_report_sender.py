"""Any municipality: the department list names who sends the reports and to whom."""

from __future__ import annotations

import re

from pypdf import PdfReader

from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.services import reports, setup, submission
from natori_secaudit.services.admin import AdminWorkspace
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import ADMIN_PASS, DEPT_PASS, answer_all, make_department, other_city_lists

FY = FiscalYear(2026)


def text_of(pdf) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(pdf)).pages))


def test_the_sender_and_the_addressee_come_from_the_department_list(tmp_path):
    lists = other_city_lists(tmp_path / "lists")
    admin = setup.create_admin_db(tmp_path / "admin.db", ADMIN_PASS)
    bundle = setup.make_bundle(
        admin, ADMIN_PASS, 2026, "small", tmp_path / "b.natori-bundle", checklist_dirs=[lists]
    )
    dept = make_department(tmp_path, bundle, "shimin")
    with DepartmentWorkspace.open(dept, DEPT_PASS) as ws:
        answer_all(ws, FY)
        sent = submission.submit(ws, FY, tmp_path / "out")
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert ws.import_file(sent).outcome == "imported"
        ciso = text_of(reports.ciso_report(ws, FY, tmp_path / "ciso.pdf"))
        dept_pdf = text_of(reports.admin_department_report(ws, FY, "shimin", tmp_path / "shimin.pdf"))
    assert "みやぎ架空市最高情報セキュリティ責任者（副町長）様" in ciso
    assert "みやぎ架空市情報政策課長" in ciso and "みやぎ架空市情報政策課長" in dept_pdf
    assert "名取" not in ciso and "名取" not in dept_pdf
