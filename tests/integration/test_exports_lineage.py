"""xlsx and csv exports carry last year's figures along the mappings and list what was not compared."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from natori_secaudit.domain.assessment import YearData
from natori_secaudit.exports import export_csv, export_xlsx

from ..unit.test_compile_revision import NEW_ORG, compiled, v2


def _data(c) -> YearData:
    return YearData(c.fiscal_year, v2(), NEW_ORG, {})


def _listing(rows) -> set[tuple]:
    return {tuple(r) for r in rows}


EXPECTED = {
    ("改訂で置き換えた項目", "A-10", "情報資産の台帳を毎年見直していますか。", "前年度の A-2 と比較"),
    ("改訂で置き換えた項目", "B-12", "媒体と端末を管理していますか。", "前年度の B-1・B-2 と比較"),
    ("新しい項目（比較不可）", "B-4", "新しい項目ですか。", "前年度の点検票にない"),
    ("廃止した項目", "B-3", "画面ロックしていますか。", "前年度のみ"),
    ("改称・統合した所属", "doro", "道路課", "旧：土木課（doboku） と比較"),
    ("改称・統合した所属", "midori", "みどり公園課", "旧：公園課（kouen）・緑地課（ryokuchi） と比較"),
    ("新設の所属（比較なし）", "kikaku", "企画課", "前年度の所属がない"),
    ("引き継ぐ所属のない前年度の所属", "kaikei", "会計課", "今年度の所属一覧にない"),
}


def test_xlsx_previous_figures_follow_the_mapping(tmp_path):
    c = compiled()
    wb = load_workbook(export_xlsx(c, _data(c), tmp_path / "x.xlsx"))
    rows = list(wb["所属別"].iter_rows(values_only=True))
    head = rows[0]
    by_code = {r[0]: dict(zip(head, r, strict=False)) for r in rows[1:]}
    assert by_code["midori"]["前年度の達成率(%)"] == 63.9
    assert by_code["midori"]["前年度の所属（旧）"] == "公園課（kouen）・緑地課（ryokuchi）"
    assert by_code["doro"]["前年度の達成率(%)"] == 72.2 and by_code["kikaku"]["前年度の達成率(%)"] is None
    assert _listing(wb["前年度との対応"].iter_rows(min_row=2, values_only=True)) == EXPECTED
    overdue = [
        r for r in wb["是正計画"].iter_rows(min_row=2, values_only=True) if r[6] == "前年度の予定・期限超過"
    ]
    assert ("みどり公園課（旧：公園課）", "A-10（旧 A-2）") in {(r[0], r[1]) for r in overdue}


def test_csv_rows_carry_last_years_counterparts_and_a_listing_file(tmp_path):
    c = compiled()
    from dataclasses import replace

    from natori_secaudit.domain.answers import Answer
    from natori_secaudit.domain.assessment import AssessmentState, DepartmentAssessment

    midori = DepartmentAssessment(
        NEW_ORG.department("midori"), AssessmentState.SUBMITTED, {"B-12": Answer("B-12")}
    )
    data = replace(_data(c), assessments={"midori": midori})
    out = export_csv(c, data, tmp_path / "answers.csv")
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    b12 = next(r for r in rows if r["item_id"] == "B-12")
    assert (b12["previous_item_ids"], b12["previous_department_codes"], b12["previous_department_score"]) == (
        "B-1 B-2",
        "kouen ryokuchi",
        "63.9",
    )
    b4 = next(r for r in rows if r["item_id"] == "B-4")
    assert b4["previous_item_ids"] == ""
    listing = tmp_path / "answers-前年度との対応.csv"
    raw = listing.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    got = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert got[0] == ["kind", "id", "name", "previous", "classification"]
    assert {r[-1] for r in got[1:]} == {"機密性2"}  # the default: this organisation does not set one
    assert _listing(r[:-1] for r in got[1:]) == EXPECTED
