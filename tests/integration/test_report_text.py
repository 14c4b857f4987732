"""Any text a department can type prints and exports: an 800-character plan, an emoji, a
right-to-left override and a vertical tab from Word, all in the same city."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from natori_secaudit.demo.generator import generate_year
from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.compile import compile_year
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.domain.text import clean_text
from natori_secaudit.exports import export_csv, export_oscal, export_xlsx
from natori_secaudit.loading import load_checklist_file, load_departments_file
from natori_secaudit.loading.answers_table import parse_answers_file
from natori_secaudit.reporting import build_ciso_report, build_department_report

pytestmark = pytest.mark.slow  # whole demo cities and long PDFs: CI runs them, not the quick loop

ROOT = Path(__file__).resolve().parents[2]
LONG_PLAN = (
    "庁内の全職員を対象に、外部へのメール送信時に宛先と添付を再確認する手順を定め、"
    "一斉送信は必ずBCCで行う仕組みを導入する。"
) * 16  # about 800 characters


@pytest.fixture(scope="module")
def city():
    cl = load_checklist_file(ROOT / "checklists" / "natori-standard.yaml")
    org = load_departments_file(ROOT / "checklists" / "departments.yaml")
    y1 = generate_year(cl, org, FiscalYear(2025), 21)
    y2 = generate_year(cl, org, FiscalYear(2026), 22, previous=y1)
    shimin = y2.assessments["shimin"]
    answers = dict(shimin.answers)
    answers["HUM-04"] = Answer(
        "HUM-04",
        AnswerStatus.NOT_IMPLEMENTED,
        comment="確認中です😀よろしく",
        action=LONG_PLAN,
        due=dt.date(2027, 2, 28),
    )
    answers["AST-03"] = Answer(
        "AST-03",
        AnswerStatus.PARTIAL,
        comment="一部のみ\u202e実施\u202c済み",
        action="棚卸しを行う\x0b（第2四半期）",
        due=dt.date(2027, 3, 31),
    )
    y2.assessments["shimin"] = replace(shimin, answers=answers)  # type: ignore[index]
    return compile_year(y2, y1, today=dt.date(2026, 11, 24)), y2


def _flat(pdf: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(pdf)).pages))


def test_an_800_character_plan_flows_across_pages(city, tmp_path):
    compiled, data = city
    assert len(LONG_PLAN) >= 800
    flat = _flat(
        build_department_report(
            compiled, "shimin", data.assessments["shimin"].answers, tmp_path / "shimin.pdf"
        )
    )
    assert LONG_PLAN[:40] in flat and LONG_PLAN[-40:] in flat
    ciso = _flat(build_ciso_report(compiled, tmp_path / "ciso.pdf"))
    assert LONG_PLAN[-40:] in ciso


def test_emoji_and_rtl_override_print_as_a_mark_and_are_listed(city, tmp_path):
    compiled, data = city
    flat = _flat(build_ciso_report(compiled, tmp_path / "ciso.pdf"))
    assert "確認中です〓よろしく" in flat
    assert "一部のみ〓実施〓済み" in flat
    assert "フォントにない文字の一覧" in flat
    annex = flat[flat.rindex("フォントにない文字の一覧") :]
    assert "市民課" in annex and "HUM-04" in annex and "U+1F600" in annex
    assert "AST-03" in annex and "U+202E" in annex
    dept = _flat(
        build_department_report(
            compiled, "shimin", data.assessments["shimin"].answers, tmp_path / "shimin.pdf"
        )
    )
    assert "確認中です〓よろしく" in dept and "U+1F600" in dept


def test_every_report_and_export_is_produced_from_the_same_city(city, tmp_path):
    compiled, data = city
    assert build_ciso_report(compiled, tmp_path / "ciso.pdf").stat().st_size > 0
    for code, a in data.assessments.items():
        assert build_department_report(compiled, code, a.answers, tmp_path / f"{code}.pdf").stat().st_size > 0
    export_xlsx(compiled, data, tmp_path / "x.xlsx")
    export_csv(compiled, data, tmp_path / "x.csv")
    export_oscal(compiled, data, tmp_path / "x.json")
    wb = load_workbook(tmp_path / "x.xlsx")
    actions = [
        row for row in wb["全回答"].iter_rows(values_only=True) if row[4] == "AST-03" and row[1] == "shimin"
    ]
    assert actions and actions[0][11] == "棚卸しを行う\n（第2四半期）"  # the vertical tab is a line break
    assert LONG_PLAN in (tmp_path / "x.csv").read_text(encoding="utf-8-sig")


def test_the_workbook_prints_on_a4_with_titles_repeated_and_fit_to_width(city, tmp_path):
    compiled, data = city
    wb = load_workbook(export_xlsx(compiled, data, tmp_path / "x.xlsx"))
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.print_title_rows == "$1:$1"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1


def test_clean_text_normalises_what_word_pastes():
    assert clean_text("a\x0bb\x0cc\r\nd\re\u2028f") == "a\nb\nc\nd\ne\nf"
    assert clean_text("x\x00y\x1b\x7fz\tw") == "xyz w"
    assert clean_text("髙﨑 神\U00020bb7") == "髙﨑 神\U00020bb7"  # no normalisation of kanji


def test_an_answers_file_with_a_vertical_tab_is_cleaned_on_import(city, tmp_path):
    compiled, data = city
    path = tmp_path / "answers.csv"
    path.write_text(
        "item_id,status,comment,evidence,action,due\n"
        "HUM-04,未実施,担当者が\x0b不在,,仕組みを\x0b導入,2027-02-28\n",
        encoding="utf-8",
    )
    shimin = compiled.organization.department("shimin")
    [answer] = parse_answers_file(path, compiled.checklist, shimin)
    assert answer.comment == "担当者が\n不在" and answer.action == "仕組みを\n導入"
