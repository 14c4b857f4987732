"""The 機密性 marking: every page of every report the city prints, and the exports, carry the
classification the department list names (機密性2 when it names none); a wrong value is refused
with its line (issue 15)."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.loading import load_departments_file
from natori_secaudit.loading.departments_file import parse_departments
from natori_secaudit.services import follow_up, reports, setup, submission, year_setup
from natori_secaudit.services.admin import AdminWorkspace
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import ADMIN_PASS, DEPT_PASS, ROOT, SMALL, answer_all, make_department

FY = FiscalYear(2026)


def pages_of(pdf) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(str(pdf)).pages]


def _city(tmp_path, classification_line: str):
    lists = tmp_path / "lists"
    lists.mkdir()
    shutil.copy(SMALL / "small-checklist.yaml", lists)
    source = (SMALL / "departments.yaml").read_text(encoding="utf-8")
    (lists / "departments.yaml").write_text(
        source.replace("organization: テスト市\n", "organization: テスト市\n" + classification_line),
        encoding="utf-8",
    )
    admin = setup.create_admin_db(tmp_path / "admin.db", ADMIN_PASS)
    bundle = setup.make_bundle(
        admin, ADMIN_PASS, 2026, "small", tmp_path / "b.natori-bundle", checklist_dirs=[lists]
    )
    dept = make_department(tmp_path, bundle, "shimin")
    with DepartmentWorkspace.open(dept, DEPT_PASS) as ws:
        answer_all(ws, FY)
        sent = submission.submit(ws, FY, tmp_path / "out")
        own = reports.department_report(ws, FY, tmp_path / "own.pdf")  # printed in the department
    return admin, sent, own


@pytest.mark.parametrize(
    ("line", "mark"),
    [("", "機密性2・取扱注意"), ("report_classification: 機密性3A\n", "機密性3A・取扱注意")],
    ids=["default", "set-in-the-list"],
)
def test_every_page_and_every_export_carries_the_lists_classification(tmp_path, line, mark):
    admin, sent, own = _city(tmp_path, line)
    other = "機密性3A・取扱注意" if mark.startswith("機密性2") else "機密性2・取扱注意"
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert ws.import_file(sent).outcome == "imported"
        year_setup.set_deadline(ws, FY, dt.date(2026, 4, 2))  # long past: 土木課 and 図書館 are late
        pdfs = {
            "ciso": reports.ciso_report(ws, FY, tmp_path / "ciso.pdf"),
            "department": reports.admin_department_report(ws, FY, "shimin", tmp_path / "shimin.pdf"),
            "reminders": follow_up.write_reminders(ws, FY, tmp_path / "late.pdf", today=dt.date(2026, 5, 1))[
                0
            ],
            "sheet": year_setup.write_sheet(
                ws, year_setup.issue_codes(ws, ["doboku", "toshokan"]), tmp_path / "codes.pdf", FY
            ),
        }
        xlsx = reports.export(ws, FY, "xlsx", tmp_path / "all.xlsx")
        csv_file = reports.export(ws, FY, "csv", tmp_path / "all.csv")
    pdfs["own"] = own
    for kind, pdf in pdfs.items():
        pages = pages_of(pdf)
        assert pages, kind
        for n, text in enumerate(pages, 1):
            assert mark in text, (kind, n)
            assert other not in text, (kind, n)
    cover = pages_of(pdfs["ciso"])[0]
    assert f"{mark}の文書として管理し" in cover  # the cover letter says how to keep it

    wb = load_workbook(xlsx)
    for sheet in wb.worksheets:
        assert sheet.oddHeader.right.text == mark, sheet.title  # printed at the top right of every page
    assert dict(wb["概要"].iter_rows(min_row=2, values_only=True))["取扱区分"] == mark

    rows = list(csv.DictReader(csv_file.read_text(encoding="utf-8-sig").splitlines()))
    assert rows and {r["classification"] for r in rows} == {mark.split("・")[0]}


def test_the_shipped_list_says_confidentiality_2():
    org = load_departments_file(ROOT / "checklists" / "departments.yaml")
    assert org.report_classification == "機密性2" and org.classification == "機密性2"


@pytest.mark.parametrize("value", ["機密性1", "極秘", "機密性２"])
def test_a_class_the_reports_cannot_carry_is_refused_at_its_line(value):
    source = (SMALL / "departments.yaml").read_text(encoding="utf-8")
    text = source.replace(
        "organization: テスト市\n", f"organization: テスト市\nreport_classification: {value}\n"
    )
    org, problems = parse_departments(text.encode("utf-8"), "departments.yaml")
    assert org is None
    [problem] = problems
    assert (problem.path, problem.line) == ("departments.yaml", 2)
    shown = problem.message("ja")
    assert f"report_classification「{value}」は使えません" in shown and "機密性2" in shown, shown
