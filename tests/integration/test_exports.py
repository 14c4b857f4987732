"""Exports read back: every field a department typed appears; OSCAL validates."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from natori_secaudit.demo.generator import generate_year
from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.compile import compile_year
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.exports import export_csv, export_oscal, export_xlsx
from natori_secaudit.loading import load_checklist_file, load_departments_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def year():
    cl = load_checklist_file(ROOT / "checklists" / "natori-standard.yaml")
    org = load_departments_file(ROOT / "checklists" / "departments.yaml")
    y1 = generate_year(cl, org, FiscalYear(2025), 3)
    y2 = generate_year(cl, org, FiscalYear(2026), 4, previous=y1)
    shimin = y2.assessments["shimin"]
    answers = dict(shimin.answers)
    answers["HUM-04"] = Answer(
        "HUM-04",
        AnswerStatus.NOT_IMPLEMENTED,
        comment='=HYPERLINK("http://x")',
        evidence="+根拠",
        action="-一斉送信の仕組みを導入",
        due=dt.date(2027, 2, 28),
    )
    y2.assessments["shimin"] = replace(shimin, answers=answers)  # type: ignore[index]
    return compile_year(y2, y1, today=dt.date(2026, 11, 24)), y2


def _typed_texts(data):
    for code, a in data.assessments.items():
        for ans in a.answers.values():
            for text in (ans.comment, ans.evidence, ans.action):
                if text:
                    yield code, ans.item_id, text


def test_xlsx_has_every_typed_field_and_findings_in_order(year, tmp_path):
    compiled, data = year
    out = export_xlsx(compiled, data, tmp_path / "x.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["概要", "所属別", "所見", "是正計画", "全回答", "前年度との対応"]
    cells = {str(v) for row in wb["全回答"].iter_rows(values_only=True) for v in row if v is not None}
    for _code, _item, text in _typed_texts(data):
        assert text in cells or ("'" + text) in cells, text
    ranks = [row[1] for row in wb["所見"].iter_rows(min_row=2, values_only=True)]
    assert ranks == [f.item.id for f in compiled.findings]
    assert '\'=HYPERLINK("http://x")' in cells  # formula injection stays text
    summary = dict(wb["概要"].iter_rows(min_row=2, values_only=True))
    assert summary["全庁の達成率(%)"] == compiled.city.percent


def test_csv_opens_in_excel_and_keeps_every_field(year, tmp_path):
    compiled, data = year
    out = export_csv(compiled, data, tmp_path / "x.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    texts = {v for r in rows for v in r.values()}
    for _code, _item, text in _typed_texts(data):
        assert text in texts or ("'" + text) in texts, text
    assert "'-一斉送信の仕組みを導入" in texts


def test_oscal_is_valid_for_an_independent_implementation(year, tmp_path):
    compiled, data = year
    out = export_oscal(compiled, data, tmp_path / "ar.json")
    from trestle.oscal.assessment_results import AssessmentResults

    model = AssessmentResults.oscal_read(out)
    result = model.results[0]
    assert len(result.findings) == len(compiled.findings)
    assert {f.target.target_id for f in result.findings} == {f.item.id for f in compiled.findings}
    again = export_oscal(compiled, data, tmp_path / "ar2.json")
    assert json.loads(out.read_text("utf-8")) == json.loads(again.read_text("utf-8"))  # deterministic
